//! Every API call as plain data: its route and policy, its exact JSON body, the complete request
//! with the key, and the type it answers with. A transport sends [`Operation::request`] and hands
//! the answer to [`crate::decode_response`].

mod auth;
mod cancel_invoice;
mod create_invoice;
mod create_static_wallet;
mod create_withdrawal;
mod get_balance;
mod get_invoices;
mod get_statistics;
mod invalid;
mod invoice_fields;
mod list_invoices;
mod page_walk;
mod paging;
mod request;
mod route;
mod seen;

use alloc::borrow::Cow;
use alloc::vec::Vec;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};

pub use auth::{AUTHORIZATION_HEADER, Credentials, token_from_authorization};
pub use cancel_invoice::CancelInvoice;
pub use create_invoice::{CreateInvoice, Locale, ReminderPeriod};
pub use create_static_wallet::CreateStaticWallet;
pub use create_withdrawal::CreateWithdrawal;
pub use get_balance::GetBalance;
pub use get_invoices::GetInvoices;
pub use get_statistics::GetStatistics;
pub use invalid::InvalidRequest;
pub use invoice_fields::{AvailableCurrencies, Email, OrderId, TimeToPay};
pub use list_invoices::{InvoicePage, ListInvoices};
pub use page_walk::{PageWalk, PagingError};
pub use paging::{PageSize, Window};
pub use request::{Header, Request};
pub use route::{Credential, Policy, Route};

/// What the envelope carried besides its payload.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ResponseMeta {
    /// Total number of records, when the server sends a top-level `all_count`.
    pub all_count: Option<u64>,
}

/// Builds an operation's output from its decoded payload and the rest of the envelope.
pub trait FromPayload<P>: Sized {
    /// The output for `payload`.
    fn from_payload(payload: P, meta: ResponseMeta) -> Self;
}

/// Most operations answer with their payload as it is.
impl<P> FromPayload<P> for P {
    fn from_payload(payload: P, _: ResponseMeta) -> P {
        payload
    }
}

/// One API call, described as data. Every call is a `POST` with a JSON body.
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::{CancelInvoice, Credential, Operation};
///
/// let cancel = CancelInvoice::new("89UX09KA".parse()?);
/// assert_eq!(cancel.path_and_query(), "/v2/invoice/merchant/canceled");
/// assert_eq!(cancel.body()?, br#"{"uuid":"INV-89UX09KA"}"#);
/// assert!(CancelInvoice::ROUTE.is_safe_to_retry());
/// assert_eq!(CancelInvoice::ROUTE.credential(), Credential::ApiKey);
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
pub trait Operation: Serialize {
    /// The endpoint: path, retry safety and which key it takes.
    const ROUTE: Route;

    /// The shape of the success envelope's `result`.
    type Payload: DeserializeOwned;

    /// What the caller gets back: the payload itself, unless the envelope adds to it.
    type Output: FromPayload<Self::Payload>;

    /// Reads the payload from the envelope's `result`, knowing the whole answer's length (a list
    /// reserves its room from it once instead of growing entry by entry). The default reads
    /// [`Payload`](Self::Payload) as serde does.
    fn read_payload<'de, D: Deserializer<'de>>(
        deserializer: D,
        body_len: usize,
    ) -> Result<Self::Payload, D::Error> {
        let _ = body_len;
        Self::Payload::deserialize(deserializer)
    }

    /// The payment-page language this request asks for, on [localized](Policy::localized)
    /// endpoints.
    fn locale(&self) -> Option<Locale> {
        None
    }

    /// Path and query to send to, relative to the base URL.
    fn path_and_query(&self) -> Cow<'static, str> {
        path_and_query(Self::ROUTE, self.locale())
    }

    /// The exact JSON body.
    fn body(&self) -> Result<Vec<u8>, InvalidRequest> {
        serde_json::to_vec(self).map_err(InvalidRequest::Encode)
    }

    /// The complete request: the route's path (with this request's language, or else
    /// `default_locale`, on localized endpoints), the body, and the `Authorization` header with
    /// the key the route takes from `credentials`.
    fn request(
        &self,
        credentials: &Credentials,
        default_locale: Option<Locale>,
    ) -> Result<Request, InvalidRequest> {
        let authorization = credentials.authorization(Self::ROUTE.credential())?;
        let locale = self.locale().or(default_locale);
        Ok(Request::post(
            path_and_query(Self::ROUTE, locale),
            authorization,
            self.body()?,
        ))
    }
}

/// The route's path, with `?locale=` when the route takes one and a language is given.
fn path_and_query(route: Route, locale: Option<Locale>) -> Cow<'static, str> {
    match locale {
        Some(locale) if route.policy().localized => Cow::Owned(alloc::format!(
            "{}?locale={}",
            route.path(),
            locale.as_str()
        )),
        _ => Cow::Borrowed(route.path()),
    }
}
