//! A postback whose token verified, and what that token binds.

use time::OffsetDateTime;

use super::UnverifiedClaims;
use crate::InvoiceId;

/// A postback whose token verified.
///
/// **What that proves, and nothing more:** someone holding the project's secret key (CryptoCloud,
/// or whoever else has that key) signed a token whose `exp` is [`expires_at`](Self::expires_at)
/// (not past by more than the verifier's leeway, nor more than its maximum lifetime ahead) and
/// whose `id` is what [`binding`](Self::binding) says. The token signs `id` and `exp` only: the body's `status`,
/// `amount_crypto`, `currency`, `order_id` and `invoice_info` are not signed and are reachable only
/// through [`unverified_claims`](Self::unverified_claims). A genuine token can be replayed inside its
/// lifetime with any of them rewritten, so before fulfilling an order re-fetch the invoice through
/// the API and act on its answer; postbacks repeat, so fulfil each (invoice, confirmed status) once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedPostback {
    pub(super) binding: Binding,
    pub(super) expires_at: OffsetDateTime,
    pub(super) claims: UnverifiedClaims,
}

/// What a verified token's `id` claim binds the postback to.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Binding {
    /// The token's `id` is this invoice (bare or `INV-`), the same the body names: the invoice id
    /// is signed.
    Invoice(InvoiceId),
    /// The token's `id` is a number (as in the documentation's sample token), which names no
    /// invoice id. The token is genuine and fresh, but the body's `invoice_id` is only a claim:
    /// confirm the invoice through the API before acting on it.
    Unbound(u64),
}

impl VerifiedPostback {
    /// What the signed `id` claim binds.
    pub fn binding(&self) -> &Binding {
        &self.binding
    }

    /// The invoice the token signs, or `None` when its `id` binds no invoice
    /// ([`Binding::Unbound`]).
    pub fn invoice_id(&self) -> Option<&InvoiceId> {
        match &self.binding {
            Binding::Invoice(id) => Some(id),
            Binding::Unbound(_) => None,
        }
    }

    /// The invoice to re-fetch through the API: the signed id, or for an unbound token the
    /// body's claimed `invoice_id`. Either way, what the API answers about it is the truth.
    pub fn invoice_to_confirm(&self) -> &InvoiceId {
        self.invoice_id().unwrap_or(&self.claims.invoice_id)
    }

    /// When the token stops being valid (its signed `exp`).
    pub fn expires_at(&self) -> OffsetDateTime {
        self.expires_at
    }

    /// What the body says besides the token: **not signed**.
    pub fn unverified_claims(&self) -> &UnverifiedClaims {
        &self.claims
    }

    /// The unsigned claims, by value.
    pub fn into_unverified_claims(self) -> UnverifiedClaims {
        self.claims
    }
}
