//! Payments and expiry as the control paths, the test wallet and `MockServer` make them: the
//! store changes, then the postback CryptoCloud would send, signed as it signs them.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::dataset;
use crate::delivery::DeliveryError;
use crate::postback::{self, PostbackFormat};
use crate::record::{InvoiceRecord, Status};
use crate::state::State;

/// How an invoice gets paid.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Payment {
    /// In full.
    #[default]
    Paid,
    /// In part (50–90 %).
    Partial,
    /// More than asked (105–120 %); also a paid invoice, as when more money arrives late.
    Overpaid,
}

impl Payment {
    fn status(self) -> Status {
        match self {
            Payment::Paid => Status::Paid,
            Payment::Partial => Status::Partial,
            Payment::Overpaid => Status::Overpaid,
        }
    }
}

/// What paying an invoice did.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct PaymentReport {
    /// The invoice after payment, as `merchant/info` now sends it (decode it with your model).
    pub invoice: serde_json::Value,
    /// The postback body sent, or that would have been sent without a postback URL.
    pub postback: String,
    /// The HTTP status the postback URL answered, if one was configured and answered.
    pub delivered: Option<u16>,
}

/// Why an invoice could not be paid.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PaymentError {
    /// No such invoice, or it cannot be paid in its state.
    #[error("cannot pay {invoice}: {reason}")]
    Refused {
        /// The invoice id asked for.
        invoice: String,
        /// Why.
        reason: &'static str,
    },
    /// The postback token could not be signed.
    #[error("the postback token could not be signed")]
    Signing(#[source] jsonwebtoken::errors::Error),
    /// The postback could not be sent to the configured URL.
    #[error("the postback to {url} could not be delivered")]
    Delivery {
        /// The postback URL.
        url: String,
        /// What failed.
        #[source]
        source: DeliveryError,
    },
}

/// Why an invoice could not expire: no such invoice, or it is not unpaid.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
#[error("cannot expire {invoice}: {reason}")]
pub struct ExpiryError {
    /// The invoice id asked for.
    pub invoice: String,
    /// Why.
    pub reason: &'static str,
}

/// Lets `invoice` expire now: it is canceled and no postback is sent (CryptoCloud sends them
/// for payments only). The invoice afterwards, as `merchant/info` sends it.
pub(crate) fn expire(state: &State, invoice: &str) -> Result<serde_json::Value, ExpiryError> {
    let mut store = state.store();
    let expired = store
        .expire(invoice, dataset::now())
        .map_err(|reason| ExpiryError {
            invoice: invoice.to_owned(),
            reason,
        })?;
    Ok(crate::wire::invoice(expired, &state.project).to_value())
}

/// Pays `invoice` now and sends its postback, signed as CryptoCloud signs them.
pub(crate) async fn pay(
    state: &State,
    invoice: &str,
    payment: Payment,
    format: PostbackFormat,
) -> Result<PaymentReport, PaymentError> {
    let paid = state
        .store()
        .pay(invoice, payment.status(), dataset::now())
        .map_err(|reason| refused(invoice.to_owned(), reason))?
        .clone();
    notify(state, &paid, format).await
}

/// Takes a payment of `amount` into the static wallet `wallet` now: the invoice it makes, paid,
/// and its postback (`order_id` the wallet's `identify`), sent as for any payment.
pub(crate) async fn top_up(
    state: &State,
    wallet: &str,
    amount: Decimal,
    format: PostbackFormat,
) -> Result<PaymentReport, PaymentError> {
    let paid = state
        .store()
        .top_up(wallet, amount, dataset::now())
        .map_err(|reason| refused(format!("static wallet {wallet}"), reason))?
        .clone();
    notify(state, &paid, format).await
}

fn refused(invoice: String, reason: &'static str) -> PaymentError {
    PaymentError::Refused { invoice, reason }
}

/// Sends the postback of the payment `paid` has just had, signed as CryptoCloud signs them.
async fn notify(
    state: &State,
    paid: &InvoiceRecord,
    format: PostbackFormat,
) -> Result<PaymentReport, PaymentError> {
    let now = OffsetDateTime::now_utc();
    let info = state.invoice_json(paid);
    let report_invoice = crate::wire::invoice(paid, &state.project).to_value();
    let token = postback::token(&paid.id, &state.config.postback_secret, now)
        .map_err(PaymentError::Signing)?;
    let coin = state.dice.coin(&paid.id, paid.coin.code);
    let (content_type, body) = postback::body(paid, coin, info, token, format);
    let postback = String::from_utf8_lossy(&body).into_owned();
    let delivered = match &state.config.postback_url {
        None => None,
        Some(url) => Some(
            state
                .postbacks
                .send(url, content_type, body)
                .await
                .map_err(|source| PaymentError::Delivery {
                    url: url.clone(),
                    source,
                })?,
        ),
    };
    Ok(PaymentReport {
        invoice: report_invoice,
        postback,
        delivered,
    })
}
