//! A bounded memory of the tokens a receiver has taken, so that a replayed postback is answered
//! before its handler runs, and before it costs an API call.
//!
//! A token signs the invoice id and its expiry and nothing else, so that is the key: a replay
//! with the unsigned body rewritten is still the same postback. A token whose `id` is a number
//! names no invoice ([`Binding::Unbound`]); such a number may be shared by every postback of a
//! project, so its key also holds the invoice the body names, or two invoices paid in the same
//! second would be one postback. A genuine token can only be replayed until the verifier
//! refuses it as expired, so the memory needs to outlive no token; when it is full, the token
//! expiring soonest (an expired one first) makes room.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use cryptocloud_types::postback::{Binding, VerifiedPostback};
use time::OffsetDateTime;

use cryptocloud_types::InvoiceId;

type Key = (Binding, OffsetDateTime, Option<InvoiceId>);

/// The tokens taken, shared by every clone of the receiver.
#[derive(Clone, Debug)]
pub(crate) struct ReplayCache {
    capacity: usize,
    taken: Arc<Mutex<HashSet<Key>>>,
}

impl ReplayCache {
    pub(crate) fn new(capacity: usize) -> ReplayCache {
        ReplayCache {
            capacity,
            taken: Arc::default(),
        }
    }

    /// Takes `postback`'s token; `false` when it was taken before (a replay).
    pub(crate) fn take(&self, postback: &VerifiedPostback) -> bool {
        if self.capacity == 0 {
            return true;
        }
        let key = key(postback);
        let mut taken = self.taken();
        if taken.contains(&key) {
            return false;
        }
        if taken.len() >= self.capacity {
            let soonest = taken
                .iter()
                .min_by_key(|(_, expires_at, _)| *expires_at)
                .cloned();
            if let Some(soonest) = soonest {
                taken.remove(&soonest);
            }
        }
        taken.insert(key);
        true
    }

    /// Lets `postback`'s token be taken again.
    pub(crate) fn forget(&self, postback: &VerifiedPostback) {
        self.taken().remove(&key(postback));
    }

    pub(crate) fn capacity(&self) -> usize {
        self.capacity
    }

    fn taken(&self) -> MutexGuard<'_, HashSet<Key>> {
        // A set of keys cannot be left half-changed by a panic elsewhere.
        self.taken.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// What the token signs, and for a token that names no invoice, the invoice the body names.
fn key(postback: &VerifiedPostback) -> Key {
    let unbound = match postback.binding() {
        Binding::Invoice(_) => None,
        Binding::Unbound(_) => Some(postback.invoice_to_confirm().clone()),
    };
    (postback.binding().clone(), postback.expires_at(), unbound)
}
