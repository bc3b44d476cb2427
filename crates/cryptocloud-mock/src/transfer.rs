//! A transfer to an address, as a customer's wallet makes it: `POST /_mock/transfers` (and the
//! test wallet's page, `/send`). A checkout page of the shop's own shows an address and an
//! amount and never links here; the transfer finds what that address belongs to. An open
//! invoice is paid when exactly the amount it waits for arrives (what a wrong amount would do on
//! chain, partial or too much, the invoice's `/pay` path does on purpose); a static wallet takes
//! any amount, as its top-up.

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::answer::Answer;
use crate::payment::{self, Payment, PaymentError, PaymentReport};
use crate::postback::PostbackFormat;
use crate::request::detail;
use crate::state::State;
use crate::store::Payee;

/// Where transfers are made.
pub(crate) const PATH: &str = "/_mock/transfers";

const REQUEST: &str = "{\"to\": \"<address>\", \"amount\": \"0.0125\", \"format\": \"json|form\"}";

/// A transfer's request body.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TransferRequest {
    to: String,
    /// Text, as a wallet's amount field holds it: never a float.
    amount: String,
    format: Option<PostbackFormat>,
}

/// A transfer, as asked for, its amount read.
pub(crate) struct Transfer {
    to: String,
    amount: Decimal,
    format: Option<PostbackFormat>,
}

/// The transfer a `POST /_mock/transfers` body asks for, or the answer refusing it.
pub(crate) fn read(body: &[u8]) -> Result<Transfer, Answer> {
    let refuse = |why: &dyn core::fmt::Display| detail(400, &format!("expected {REQUEST}: {why}"));
    let request: TransferRequest = serde_json::from_slice(body).map_err(|error| refuse(&error))?;
    let amount = request
        .amount
        .trim()
        .parse::<Decimal>()
        .map_err(|error| refuse(&format!("the amount is not a decimal number ({error})")))?;
    Ok(Transfer {
        to: request.to,
        amount,
        format: request.format,
    })
}

impl Transfer {
    /// Makes the transfer, in the configured postback format unless the request named one.
    pub(crate) async fn make(&self, state: &State) -> Result<PaymentReport, PaymentError> {
        let format = self.format.unwrap_or(state.config.postback_format);
        transfer(state, self.to.trim(), self.amount, format).await
    }
}

/// Sends `amount` to `address`: pays the open invoice or tops up the static wallet it belongs to.
pub(crate) async fn transfer(
    state: &State,
    address: &str,
    amount: Decimal,
    format: PostbackFormat,
) -> Result<PaymentReport, PaymentError> {
    let payee = state.store().payee(address);
    match payee {
        None => Err(PaymentError::Refused {
            invoice: format!("a transfer to {address:?}"),
            reason: "no open invoice or static wallet of this server has that address",
        }),
        Some(Payee::Wallet(uuid)) => payment::top_up(state, &uuid, amount, format).await,
        Some(Payee::Invoice { id, due, .. }) if amount == due => {
            payment::pay(state, &id, Payment::Paid, format).await
        }
        Some(Payee::Invoice { id, due, coin }) => Err(PaymentError::Refused {
            invoice: format!("INV-{id} with {amount} {} ({due} due)", coin.short),
            reason: "a transfer must be the exact amount the invoice waits for (to pay in part \
                     or too much, use POST /_mock/invoices/{id}/pay)",
        }),
    }
}
