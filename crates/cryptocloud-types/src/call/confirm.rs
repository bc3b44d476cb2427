//! Confirming a verified postback: the invoice re-fetched from the API is the truth, the body's
//! unsigned claims are checked against it. The driver fetches
//! [`VerifiedPostback::invoice_to_confirm`](crate::postback::VerifiedPostback::invoice_to_confirm)
//! and hands the answer to [`Confirmation::judge`].

use alloc::vec::Vec;
use core::fmt;

use crate::postback::{PostbackStatus, UnverifiedClaims};
use crate::{Invoice, InvoiceId, InvoiceStatus};

/// What the API confirms about a postback's invoice: the re-fetched invoice and the outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Confirmation {
    invoice: Invoice,
    outcome: PostbackOutcome,
}

/// What to do about a postback, decided by the re-fetched invoice.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PostbackOutcome {
    /// The API says `paid` or `overpaid`, and the body agrees with it: fulfil (once).
    PaidInFull,
    /// The API says `partial`, and the body agrees with it: `to_surcharge` is still owed.
    Partial,
    /// The API says nothing has been paid (`created`, `canceled`, or a status this crate does not
    /// know), whatever the body claims: nothing to fulfil.
    NotPaid,
    /// The API says money arrived (`paid`, `overpaid` or `partial`), but the body claims
    /// something else in these fields. Don't fulfil on it: the body was rewritten, or it is
    /// stale (a later payment changed the invoice; that payment's own postback will confirm).
    Mismatch {
        /// The body fields that disagree with the API, in the order below.
        fields: Vec<ClaimField>,
    },
}

/// A postback body field that [`Confirmation::judge`] compares with the invoice. A field the
/// body leaves out is not compared (the invoice decides alone); `invoice_info` is never compared:
/// the re-fetched invoice replaces it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ClaimField {
    /// `status`: `success` claims a payment, so it must meet `paid`, `overpaid` or `partial`;
    /// any other value must meet none of them.
    Status,
    /// `amount_crypto`: must equal the invoice's `amount_paid` or its `received` (exactly, as
    /// decimals), where the invoice has either.
    AmountCrypto,
    /// `currency`: must be the invoice's `currency.fullcode` (`USDT_TRC20`) or its
    /// `currency.code` (`USDT`), where the invoice has a currency.
    Currency,
    /// `order_id`: must be the invoice's `order_id` (for a static wallet, its `identify`).
    OrderId,
}

impl ClaimField {
    /// The body field's name.
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimField::Status => "status",
            ClaimField::AmountCrypto => "amount_crypto",
            ClaimField::Currency => "currency",
            ClaimField::OrderId => "order_id",
        }
    }
}

impl fmt::Display for ClaimField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Confirmation {
    /// Judges `claims` (a verified postback's
    /// [`unverified_claims`](crate::postback::VerifiedPostback::unverified_claims)) against
    /// `invoice`, the API's answer about the invoice the postback is about.
    ///
    /// **Only the returned [`invoice`](Self::invoice) is authoritative**; the body's `status`,
    /// `amount_crypto`, `currency` and `order_id` are compared with it (see
    /// [`PostbackOutcome::Mismatch`] for each comparison) and never used otherwise.
    ///
    /// **Repeats.** CryptoCloud resends postbacks, and a genuine token can be replayed during its
    /// lifetime. Fulfil once per [`dedup_key`](Self::dedup_key): the invoice id and the status
    /// the API confirmed, never the token text (every resend carries a new token) nor the body's
    /// claims (anyone can rewrite them).
    ///
    /// **Static wallets.** A payment to a static wallet creates an invoice like any other; its
    /// postback's `order_id` is the wallet's `identify` (your customer id), and so is that
    /// invoice's `order_id`: look the customer up by `confirmation.invoice().order_id`, not by the
    /// body's claim.
    ///
    /// ```
    /// use cryptocloud_types::call::{Confirmation, PostbackOutcome};
    /// use cryptocloud_types::{Invoice, Postback};
    ///
    /// let body = br#"{"status":"success","invoice_id":"89UX09KA","amount_crypto":102,"token":"t"}"#;
    /// let postback = Postback::parse(body)?;
    /// let api: Invoice = serde_json::from_str(r#"{"uuid":"INV-89UX09KA","status":"paid","amount_paid":102}"#)?;
    /// let confirmation = Confirmation::judge(api, postback.unverified_claims());
    /// assert_eq!(confirmation.outcome(), &PostbackOutcome::PaidInFull);
    /// # Ok::<(), Box<dyn core::error::Error>>(())
    /// ```
    pub fn judge(invoice: Invoice, claims: &UnverifiedClaims) -> Confirmation {
        let outcome = match invoice.status {
            InvoiceStatus::Paid | InvoiceStatus::Overpaid | InvoiceStatus::Partial => {
                let fields = disagreements(&invoice, claims);
                if !fields.is_empty() {
                    PostbackOutcome::Mismatch { fields }
                } else if invoice.status == InvoiceStatus::Partial {
                    PostbackOutcome::Partial
                } else {
                    PostbackOutcome::PaidInFull
                }
            }
            _ => PostbackOutcome::NotPaid,
        };
        Confirmation { invoice, outcome }
    }

    /// The invoice as the API answers it now: the only authoritative account of the payment.
    pub fn invoice(&self) -> &Invoice {
        &self.invoice
    }

    /// The invoice, by value.
    pub fn into_invoice(self) -> Invoice {
        self.invoice
    }

    /// What to do.
    pub fn outcome(&self) -> &PostbackOutcome {
        &self.outcome
    }

    /// Whether the API says paid or overpaid and the body agrees: the one case to fulfil on.
    pub fn is_paid_in_full(&self) -> bool {
        self.outcome == PostbackOutcome::PaidInFull
    }

    /// What to de-duplicate fulfilment on: the invoice id and the status the API confirmed.
    pub fn dedup_key(&self) -> (&InvoiceId, &InvoiceStatus) {
        (&self.invoice.uuid, &self.invoice.status)
    }
}

/// The body fields that disagree with the invoice, each compared only when the body has it.
fn disagreements(invoice: &Invoice, claims: &UnverifiedClaims) -> Vec<ClaimField> {
    let money_arrived = matches!(
        invoice.status,
        InvoiceStatus::Paid | InvoiceStatus::Overpaid | InvoiceStatus::Partial
    );
    let status = claims
        .status
        .as_ref()
        .is_some_and(|status| (*status == PostbackStatus::Success) != money_arrived);
    let amount = claims.amount_crypto.is_some_and(|claimed| {
        let known = [invoice.amount_paid, invoice.received];
        known.iter().any(Option::is_some) && !known.contains(&Some(claimed))
    });
    let currency = match (&claims.currency, &invoice.currency) {
        (Some(claimed), Some(actual)) => {
            actual.fullcode.as_ref() != Some(claimed)
                && actual.code.as_deref() != Some(claimed.as_str())
        }
        _ => false,
    };
    let order = claims
        .order_id
        .as_ref()
        .is_some_and(|claimed| invoice.order_id.as_ref() != Some(claimed));
    [
        (status, ClaimField::Status),
        (amount, ClaimField::AmountCrypto),
        (currency, ClaimField::Currency),
        (order, ClaimField::OrderId),
    ]
    .into_iter()
    .filter_map(|(disagrees, field)| disagrees.then_some(field))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Postback;

    fn claims(body: &str) -> UnverifiedClaims {
        Postback::parse(body.as_bytes())
            .unwrap()
            .unverified_claims()
            .clone()
    }

    fn paid_invoice() -> Invoice {
        serde_json::from_str(
            r#"{"uuid":"INV-89UX09KA","status":"paid","amount_paid":102.0,"received":99.7952,
                "order_id":"order-7","currency":{"code":"USDT","fullcode":"USDT_TRC20"}}"#,
        )
        .unwrap()
    }

    const BODY: &str = r#"{"status":"success","invoice_id":"89UX09KA","amount_crypto":102,
        "currency":"USDT_TRC20","order_id":"order-7","token":"t"}"#;

    #[test]
    fn an_agreeing_body_follows_the_api_status() {
        let judged = Confirmation::judge(paid_invoice(), &claims(BODY));
        assert_eq!(judged.outcome(), &PostbackOutcome::PaidInFull);
        let mut partial = paid_invoice();
        partial.status = InvoiceStatus::Partial;
        let judged = Confirmation::judge(partial, &claims(BODY));
        assert_eq!(judged.outcome(), &PostbackOutcome::Partial);
        assert_eq!(judged.dedup_key().1, &InvoiceStatus::Partial);
    }

    #[test]
    fn an_unpaid_invoice_is_not_paid_whatever_the_body_claims() {
        for status in [InvoiceStatus::Created, InvoiceStatus::Canceled] {
            let mut invoice = paid_invoice();
            invoice.status = status;
            let judged = Confirmation::judge(invoice, &claims(BODY));
            assert_eq!(judged.outcome(), &PostbackOutcome::NotPaid);
        }
    }

    #[test]
    fn each_rewritten_field_is_named() {
        for (from, to, field) in [
            (r#""success""#, r#""paid""#, ClaimField::Status),
            ("102,", "1000000,", ClaimField::AmountCrypto),
            ("USDT_TRC20", "BTC", ClaimField::Currency),
            ("order-7", "order-9999", ClaimField::OrderId),
        ] {
            let judged = Confirmation::judge(paid_invoice(), &claims(&BODY.replace(from, to)));
            let fields = alloc::vec![field];
            assert_eq!(judged.outcome(), &PostbackOutcome::Mismatch { fields });
        }
    }

    #[test]
    fn received_and_the_bare_coin_code_also_agree_and_absent_fields_are_not_compared() {
        let body = BODY
            .replace("102,", "99.7952,")
            .replace("USDT_TRC20", "USDT");
        let judged = Confirmation::judge(paid_invoice(), &claims(&body));
        assert_eq!(judged.outcome(), &PostbackOutcome::PaidInFull);
        let bare = r#"{"invoice_id":"89UX09KA","token":"t"}"#;
        let judged = Confirmation::judge(paid_invoice(), &claims(bare));
        assert!(judged.is_paid_in_full());
    }
}
