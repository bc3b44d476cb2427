//! A field whose value repeats across the objects of a list (an invoice's `currency`, one of a
//! few coins, and its `project`, the same shop): its raw text is compared with the last few
//! values read, and the same text is cloned instead of read again. Reading is a function of the
//! text alone, so the result is the same.

use alloc::vec::Vec;
use core::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer};

use super::{Read, WireValue};
use crate::wire::raw::RawText;
use crate::{RawFieldKind, RawFields};

/// The distinct values read for one field, with their raw text: the last [`Repeat::MAX`].
pub(crate) struct Repeat<'de, T> {
    seen: Vec<(RawText<'de>, T)>,
    /// Where the next value goes once `seen` is full.
    next: usize,
}

impl<'de, T> Repeat<'de, T> {
    /// How many distinct values are kept: enough for the coins of one page, few enough that a
    /// value seen once costs little more than its reading.
    const MAX: usize = 8;

    fn find(&self, raw: &str) -> Option<&T> {
        self.seen
            .iter()
            .find(|(seen, _)| seen.as_str() == raw)
            .map(|(_, value)| value)
    }

    fn remember(&mut self, raw: RawText<'de>, value: T) {
        if self.seen.len() < Self::MAX {
            self.seen.push((raw, value));
        } else if let Some(slot) = self.seen.get_mut(self.next) {
            *slot = (raw, value);
        }
        self.next = (self.next + 1) % Self::MAX;
    }
}

impl<T> Default for Repeat<'_, T> {
    fn default() -> Self {
        Repeat {
            seen: Vec::new(),
            next: 0,
        }
    }
}

impl<T> fmt::Debug for Repeat<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.seen.iter().map(|(raw, _)| raw.as_str()))
            .finish()
    }
}

/// Reads one field's value into its slot, as [`Slot`](super::Slot) does, through the field's
/// [`Repeat`].
pub(crate) struct RepeatSlot<'a, 'de, T> {
    pub(crate) name: &'static str,
    pub(crate) value: &'a mut Option<T>,
    pub(crate) unread: &'a mut RawFields,
    pub(crate) last: &'a mut Repeat<'de, T>,
}

impl<'de, T: WireValue + Clone> DeserializeSeed<'de> for RepeatSlot<'_, 'de, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        let raw = RawText::deserialize(deserializer)?;
        if self.value.is_some() {
            self.unread
                .keep(self.name, RawFieldKind::Repeated, raw.as_str());
            return Ok(());
        }
        if let Some(value) = self.last.find(raw.as_str()) {
            *self.value = Some(value.clone());
            return Ok(());
        }
        let read = T::read(&mut serde_json::Deserializer::from_str(raw.as_str()))
            .map_err(de::Error::custom)?;
        match read {
            Read::Value(value) => {
                self.last.remember(raw, value.clone());
                *self.value = Some(value);
            }
            Read::Absent => {}
            Read::Unexpected(kept) => {
                self.unread
                    .keep(self.name, RawFieldKind::Unexpected, kept.as_str());
            }
        }
        Ok(())
    }
}
