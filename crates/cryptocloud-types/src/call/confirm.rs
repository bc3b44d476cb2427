//! Confirming a verified postback: the invoice re-fetched from the API is the truth, the body's
//! unsigned claims are checked against it. The driver fetches
//! [`VerifiedPostback::invoice_to_confirm`](crate::postback::VerifiedPostback::invoice_to_confirm)
//! and hands the answer to [`Confirmation::judge`].

use alloc::vec::Vec;
use core::fmt;

use super::{ExpectedOrder, FulfilmentKey, OrderMismatch};
use crate::postback::{PostbackStatus, UnverifiedClaims};
use crate::{Invoice, InvoiceId, InvoiceStatus};

/// What the API confirms about a postback's invoice: the re-fetched invoice, the outcome, and
/// what could not be checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Confirmation {
    invoice: Invoice,
    outcome: PostbackOutcome,
    unchecked: Vec<ClaimField>,
}

/// What to do about a postback, decided by the re-fetched invoice.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PostbackOutcome {
    /// The API says `paid` or `overpaid`, and the body agrees with it: fulfil (once, on
    /// [`Confirmation::fulfilment_key`]).
    PaidInFull,
    /// As [`PaidInFull`](Self::PaidInFull), but the invoice is a test invoice (`test_mode:
    /// true`): no money moved. Nothing to fulfil, unless the shop is a test setup that opts in
    /// with [`Confirmation::accepting_test_payments`].
    TestPayment,
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
/// body leaves out is not compared (the invoice decides alone); one the API's answer gives
/// nothing to compare with is listed in [`Confirmation::unchecked`]; `invoice_info` is never
/// compared: the re-fetched invoice replaces it.
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
    /// **Repeats.** CryptoCloud resends postbacks, a genuine token can be replayed during its
    /// lifetime, and reconcile finds the same payments again. Fulfil once per
    /// [`fulfilment_key`](Self::fulfilment_key), the paid invoice: the same key reconcile gets
    /// from [`FulfilmentKey::for_paid`], and the same for `paid` and a later `overpaid`. Never
    /// key on the token text (every resend carries a new token) nor on the body's claims (anyone
    /// can rewrite them). Before recording it, [`check_order`](Self::check_order) against your
    /// own record of the order.
    ///
    /// **Test invoices** (`test_mode: true`) come out [`PostbackOutcome::TestPayment`], not
    /// `PaidInFull`.
    ///
    /// **Static wallets.** A payment to a static wallet creates an invoice like any other; its
    /// postback's `order_id` is the wallet's `identify` (your customer id), and so is that
    /// invoice's `order_id`: look the customer up by `confirmation.invoice().order_id`, not by the
    /// body's claim.
    ///
    /// ```
    /// # use cryptocloud_types as cryptocloud;
    /// use cryptocloud::call::{Confirmation, PostbackOutcome};
    /// use cryptocloud::{Invoice, Postback};
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
                } else if invoice.test_mode == Some(true) {
                    PostbackOutcome::TestPayment
                } else {
                    PostbackOutcome::PaidInFull
                }
            }
            _ => PostbackOutcome::NotPaid,
        };
        let unchecked = unchecked(&invoice, claims);
        Confirmation {
            invoice,
            outcome,
            unchecked,
        }
    }

    /// This confirmation with a test invoice's payment taken as real, for a shop that runs
    /// against test invoices: [`PostbackOutcome::TestPayment`] becomes `PaidInFull`, any other
    /// outcome stays.
    #[must_use]
    pub fn accepting_test_payments(mut self) -> Confirmation {
        if self.outcome == PostbackOutcome::TestPayment {
            self.outcome = PostbackOutcome::PaidInFull;
        }
        self
    }

    /// Whether the API says this is a test invoice (`test_mode: true`), whose payments move no
    /// money.
    pub fn is_test(&self) -> bool {
        self.invoice.test_mode == Some(true)
    }

    /// The body fields that were not compared because the API's answer left out what they are
    /// compared with: `amount_crypto` when the invoice has neither `amount_paid` nor `received`,
    /// `currency` when it has no coin code. The outcome stands on the API's status; these say
    /// what the cross-check could not see (log them).
    pub fn unchecked(&self) -> &[ClaimField] {
        &self.unchecked
    }

    /// What to fulfil the order on, once: the paid invoice, when the outcome is
    /// [`PaidInFull`](PostbackOutcome::PaidInFull) (else `None`). Reconcile's
    /// [`FulfilmentKey::for_paid`] gives the same key for the same invoice.
    pub fn fulfilment_key(&self) -> Option<FulfilmentKey> {
        self.is_paid_in_full()
            .then(|| FulfilmentKey::new(self.invoice.uuid.clone()))
    }

    /// Whether the invoice pays `order` as the merchant recorded it (its id, amount and fiat
    /// currency): [`ExpectedOrder::check`] on [`invoice`](Self::invoice).
    pub fn check_order(&self, order: &ExpectedOrder) -> Result<(), OrderMismatch> {
        order.check(&self.invoice)
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

    /// Which notice this is: the invoice id and the status the API confirmed (a `partial` then
    /// a `paid` notice differ). For logs and for telling notices apart; fulfil on
    /// [`fulfilment_key`](Self::fulfilment_key).
    pub fn dedup_key(&self) -> (&InvoiceId, &InvoiceStatus) {
        (&self.invoice.uuid, &self.invoice.status)
    }
}

/// The body fields the invoice gives nothing to compare with.
fn unchecked(invoice: &Invoice, claims: &UnverifiedClaims) -> Vec<ClaimField> {
    let amount = claims.amount_crypto.is_some()
        && invoice.amount_paid.is_none()
        && invoice.received.is_none();
    let codes = invoice
        .currency
        .as_ref()
        .is_some_and(|currency| currency.fullcode.is_some() || currency.code.is_some());
    let currency = claims.currency.is_some() && !codes;
    [
        (amount, ClaimField::AmountCrypto),
        (currency, ClaimField::Currency),
    ]
    .into_iter()
    .filter_map(|(unchecked, field)| unchecked.then_some(field))
    .collect()
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
    fn a_test_invoice_is_not_paid_in_full_unless_accepted() {
        let mut test = paid_invoice();
        test.test_mode = Some(true);
        let judged = Confirmation::judge(test, &claims(BODY));
        assert!(judged.is_test());
        assert_eq!(judged.outcome(), &PostbackOutcome::TestPayment);
        assert_eq!(judged.fulfilment_key(), None);
        let accepted = judged.accepting_test_payments();
        assert!(accepted.is_paid_in_full());
        assert!(accepted.fulfilment_key().is_some());
    }

    #[test]
    fn what_the_api_left_out_is_listed_not_passed_silently() {
        let bare: Invoice =
            serde_json::from_str(r#"{"uuid":"INV-89UX09KA","status":"paid","order_id":"order-7"}"#)
                .unwrap();
        let judged = Confirmation::judge(bare, &claims(BODY));
        assert!(judged.is_paid_in_full());
        assert_eq!(
            judged.unchecked(),
            [ClaimField::AmountCrypto, ClaimField::Currency]
        );
        assert!(
            Confirmation::judge(paid_invoice(), &claims(BODY))
                .unchecked()
                .is_empty()
        );
    }

    #[test]
    fn the_fulfilment_key_is_reconciles_and_stays_across_paid_and_overpaid() {
        let paid = Confirmation::judge(paid_invoice(), &claims(BODY));
        let mut later = paid_invoice();
        later.status = InvoiceStatus::Overpaid;
        let overpaid = Confirmation::judge(later.clone(), &claims(BODY));
        let key = paid.fulfilment_key().unwrap();
        assert_eq!(overpaid.fulfilment_key(), Some(key.clone()));
        assert_eq!(FulfilmentKey::for_paid(&later), Some(key));
        assert_ne!(paid.dedup_key(), overpaid.dedup_key(), "two notices");
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
