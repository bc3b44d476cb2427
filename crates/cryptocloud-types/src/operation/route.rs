//! The single source of truth for endpoints: path, retry safety and credential.

/// Which key an endpoint takes in its `Authorization: Token …` header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Credential {
    /// The project's API key.
    ApiKey,
    /// The separate withdrawal key from the account's security settings.
    WithdrawalKey,
}

/// An API endpoint.
///
/// ```
/// use cryptocloud_types::Route;
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

    /// Whether sending the call twice has the same effect as once. Calls that create something
    /// (an invoice, a static wallet, a withdrawal) are not: a retry after the request may have
    /// reached the server could create it twice.
    pub const fn is_safe_to_retry(self) -> bool {
        !matches!(
            self,
            Route::CreateInvoice | Route::CreateStaticWallet | Route::CreateWithdrawal
        )
    }

    /// Which key the endpoint takes.
    pub const fn credential(self) -> Credential {
        match self {
            Route::CreateWithdrawal => Credential::WithdrawalKey,
            _ => Credential::ApiKey,
        }
    }

    /// The endpoint at `path` (without query), if any.
    pub fn from_path(path: &str) -> Option<Route> {
        Route::ALL.into_iter().find(|route| route.path() == path)
    }
}
