//! The single source of truth for endpoints: their paths, and every rule a transport follows when
//! it calls one (the [`Policy`]).

use core::time::Duration;

/// Which key an endpoint takes in its `Authorization: Token …` header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Credential {
    /// The project's API key.
    ApiKey,
    /// The separate withdrawal key from the account's security settings.
    WithdrawalKey,
}

impl Credential {
    /// What the key is called.
    pub const fn name(self) -> &'static str {
        match self {
            Credential::ApiKey => "project API key",
            Credential::WithdrawalKey => "withdrawal key (from the account's security settings)",
        }
    }

    /// Which calls take it, for messages.
    pub(crate) const fn endpoints(self) -> &'static str {
        match self {
            Credential::ApiKey => "every invoice call",
            Credential::WithdrawalKey => "a withdrawal",
        }
    }
}

/// What an endpoint allows and needs, as data: a transport reads it for every call instead of
/// knowing endpoints by name.
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use core::time::Duration;
/// use cryptocloud::{Credential, Route};
///
/// let withdrawal = Route::CreateWithdrawal.policy();
/// assert!(!withdrawal.safe_to_retry);
/// assert!(withdrawal.rate_limit_means_not_executed);
/// assert_eq!(withdrawal.min_interval, Some(Duration::from_secs(12)));
/// assert_eq!(withdrawal.credential, Credential::WithdrawalKey);
/// assert!(Route::CreateInvoice.policy().localized);
/// assert_eq!(Route::InvoiceInfo.policy().max_ids, Some(100));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Policy {
    /// Whether sending the call twice has the same effect as once. Calls that create something
    /// (an invoice, a static wallet, a withdrawal) are not: a retry after the request may have
    /// reached the server could create it twice.
    pub safe_to_retry: bool,
    /// Whether a `rate_limit` answer means the call was refused before doing anything, so that it
    /// may be waited out and sent again even when the call is not safe to retry. The withdrawal
    /// endpoint answers so when called within its minimum interval.
    pub rate_limit_means_not_executed: bool,
    /// The least time the API wants between two calls of this endpoint.
    pub min_interval: Option<Duration>,
    /// Which key goes in the `Authorization` header.
    pub credential: Credential,
    /// Whether the endpoint takes the payment-page language (`?locale=en|ru`), so that a
    /// client's default language applies to it.
    pub localized: bool,
    /// The most ids one request may name.
    pub max_ids: Option<usize>,
}

impl Policy {
    /// A read: safe to retry, with the project key, nothing else.
    const READ: Policy = Policy {
        safe_to_retry: true,
        rate_limit_means_not_executed: false,
        min_interval: None,
        credential: Credential::ApiKey,
        localized: false,
        max_ids: None,
    };

    /// A call that creates something: a repeat could create it twice.
    const CREATE: Policy = Policy {
        safe_to_retry: false,
        ..Policy::READ
    };
}

/// An API endpoint.
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::Route;
/// assert_eq!(Route::from_path("/v2/invoice/merchant/list"), Some(Route::ListInvoices));
/// assert!(!Route::CreateInvoice.is_safe_to_retry());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Route {
    /// Create an invoice.
    CreateInvoice,
    /// Cancel an invoice.
    CancelInvoice,
    /// Fetch invoices by id.
    InvoiceInfo,
    /// List invoices in a date range.
    ListInvoices,
    /// Invoice statistics for a date range.
    Statistics,
    /// The merchant's balances.
    Balance,
    /// Create a static wallet.
    CreateStaticWallet,
    /// Withdraw funds.
    CreateWithdrawal,
}

impl Route {
    /// Every endpoint.
    pub const ALL: [Route; 8] = [
        Route::CreateInvoice,
        Route::CancelInvoice,
        Route::InvoiceInfo,
        Route::ListInvoices,
        Route::Statistics,
        Route::Balance,
        Route::CreateStaticWallet,
        Route::CreateWithdrawal,
    ];

    /// The path, relative to the base URL.
    pub const fn path(self) -> &'static str {
        match self {
            Route::CreateInvoice => "/v2/invoice/create",
            Route::CancelInvoice => "/v2/invoice/merchant/canceled",
            Route::InvoiceInfo => "/v2/invoice/merchant/info",
            Route::ListInvoices => "/v2/invoice/merchant/list",
            Route::Statistics => "/v2/invoice/merchant/statistics",
            Route::Balance => "/v2/merchant/wallet/balance/all",
            Route::CreateStaticWallet => "/v2/invoice/static/create",
            Route::CreateWithdrawal => "/v2/invoice/api/out/create",
        }
    }

    /// A short name for logs and metrics.
    pub const fn name(self) -> &'static str {
        match self {
            Route::CreateInvoice => "create_invoice",
            Route::CancelInvoice => "cancel_invoice",
            Route::InvoiceInfo => "invoice_info",
            Route::ListInvoices => "list_invoices",
            Route::Statistics => "statistics",
            Route::Balance => "balance",
            Route::CreateStaticWallet => "create_static_wallet",
            Route::CreateWithdrawal => "create_withdrawal",
        }
    }

    /// The rules for calling this endpoint.
    pub const fn policy(self) -> Policy {
        match self {
            Route::CreateInvoice => Policy {
                localized: true,
                ..Policy::CREATE
            },
            Route::CreateStaticWallet => Policy::CREATE,
            Route::CreateWithdrawal => Policy {
                rate_limit_means_not_executed: true,
                min_interval: Some(Duration::from_secs(12)),
                credential: Credential::WithdrawalKey,
                ..Policy::CREATE
            },
            Route::InvoiceInfo => Policy {
                max_ids: Some(100),
                ..Policy::READ
            },
            Route::CancelInvoice | Route::ListInvoices | Route::Statistics | Route::Balance => {
                Policy::READ
            }
        }
    }

    /// Whether sending the call twice has the same effect as once (see [`Policy::safe_to_retry`]).
    pub const fn is_safe_to_retry(self) -> bool {
        self.policy().safe_to_retry
    }

    /// Which key the endpoint takes.
    pub const fn credential(self) -> Credential {
        self.policy().credential
    }

    /// The endpoint at `path` (without query), if any.
    pub fn from_path(path: &str) -> Option<Route> {
        Route::ALL.into_iter().find(|route| route.path() == path)
    }
}
