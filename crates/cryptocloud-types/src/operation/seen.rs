//! What a page walk has handed out, kept compact: the ids of the invoices, and the entries that
//! could not be read (each once, by its text), so that a page adding nothing is recognised
//! whatever it holds.

use alloc::collections::BTreeSet;
use alloc::vec::Vec;

use crate::{InvoiceId, UnreadableInvoice};

/// The ids handed out so far, compact: an id of the documented form (8 characters of `0-9A-Z`) is
/// kept as its base-36 value in 8 bytes; any other id as its text. The two sets cannot collide.
#[derive(Clone, Debug, Default)]
pub(super) struct SeenIds {
    packed: BTreeSet<u64>,
    other: BTreeSet<InvoiceId>,
}

impl SeenIds {
    /// Adds `id`; whether it was new.
    pub(super) fn insert(&mut self, id: &InvoiceId) -> bool {
        match pack(id.bare()) {
            Some(value) => self.packed.insert(value),
            None => self.other.insert(id.clone()),
        }
    }

    pub(super) fn len(&self) -> usize {
        self.packed.len() + self.other.len()
    }
}

/// The base-36 value of an 8-character id of digits and upper-case letters.
fn pack(bare: &str) -> Option<u64> {
    if bare.len() != 8 {
        return None;
    }
    bare.bytes().try_fold(0u64, |value, byte| {
        let digit = match byte {
            b'0'..=b'9' => byte - b'0',
            b'A'..=b'Z' => byte - b'A' + 10,
            _ => return None,
        };
        Some(value * 36 + u64::from(digit))
    })
}

/// The unreadable entries handed out so far, in the order they came, each text once. A
/// fingerprint of the text finds the entries that may be the same; the text decides.
#[derive(Clone, Debug, Default)]
pub(super) struct SeenUnreadable {
    entries: Vec<UnreadableInvoice>,
    /// (fingerprint of the text, index in `entries`).
    index: BTreeSet<(u64, usize)>,
}

impl SeenUnreadable {
    /// Whether an entry with the same text was kept before.
    pub(super) fn contains(&self, entry: &UnreadableInvoice) -> bool {
        let print = fingerprint(entry.raw.text());
        self.index
            .range((print, 0)..=(print, usize::MAX))
            .any(|&(_, at)| {
                self.entries
                    .get(at)
                    .is_some_and(|kept| kept.raw.text() == entry.raw.text())
            })
    }

    /// Keeps `entry`, which [`contains`](Self::contains) said is new.
    pub(super) fn push(&mut self, entry: UnreadableInvoice) {
        self.index
            .insert((fingerprint(entry.raw.text()), self.entries.len()));
        self.entries.push(entry);
    }

    pub(super) fn as_slice(&self) -> &[UnreadableInvoice] {
        &self.entries
    }
}

/// FNV-1a over the text: cheap, and only a first sieve (equal texts are compared in full).
fn fingerprint(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_pack_one_to_one_and_odd_ones_are_kept_as_text() {
        assert_eq!(pack("00000000"), Some(0));
        assert_eq!(pack("0000000Z"), Some(35));
        assert_eq!(pack("00000010"), Some(36));
        assert_eq!(pack("ZZZZZZZZ"), Some(36u64.pow(8) - 1));
        assert_eq!(
            pack("89ux09ka"),
            None,
            "lower case is not the documented form"
        );
        assert_eq!(pack("89UX09K"), None);
        let mut seen = SeenIds::default();
        let ids = [
            "INV-89UX09KA",
            "INV-89UX09KB",
            "INV-LONGER12ID",
            "INV-89UX09KA",
            "INV-LONGER12ID",
        ];
        let fresh: Vec<bool> = ids
            .iter()
            .map(|id| seen.insert(&id.parse().unwrap()))
            .collect();
        assert_eq!(fresh, [true, true, true, false, false]);
        assert_eq!(seen.len(), 3);
    }

    #[test]
    fn unreadable_entries_are_told_apart_by_their_whole_text() {
        let body = br#"{"status":"success","result":[{"status":"paid","n":1},{"status":"paid","n":2},{"status":"paid","n":1}]}"#;
        let list = crate::decode_response::<crate::GetInvoices>(200, body).unwrap();
        let mut seen = SeenUnreadable::default();
        let mut fresh = Vec::new();
        for entry in list.unreadable {
            let new = !seen.contains(&entry);
            if new {
                seen.push(entry);
            }
            fresh.push(new);
        }
        assert_eq!(fresh, [true, true, false]);
        assert_eq!(seen.as_slice().len(), 2);
        assert_eq!(seen.as_slice()[1].raw.text(), r#"{"n":2,"status":"paid"}"#);
    }
}
