//! An id's text, kept inline when it is short (every invoice id is 8 characters, a shop id 16),
//! so that reading an invoice allocates nothing for its id.

use alloc::boxed::Box;
use core::cmp::Ordering;
use core::hash::{Hash, Hasher};

/// The longest text kept inline: with its length, the size of a `String`.
const INLINE: usize = 22;

/// An id's text (ASCII, checked by the id's parser), compared, ordered and hashed as a `str`.
#[derive(Clone)]
pub(super) enum IdText {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(Box<str>),
}

impl IdText {
    pub(super) fn new(text: &str) -> IdText {
        let mut bytes = [0; INLINE];
        match (bytes.get_mut(..text.len()), u8::try_from(text.len())) {
            (Some(inline), Ok(len)) => {
                inline.copy_from_slice(text.as_bytes());
                IdText::Inline { len, bytes }
            }
            _ => IdText::Heap(Box::from(text)),
        }
    }

    pub(super) fn as_str(&self) -> &str {
        match self {
            IdText::Inline { len, bytes } => bytes
                .get(..usize::from(*len))
                .and_then(|text| core::str::from_utf8(text).ok())
                .unwrap_or_default(),
            IdText::Heap(text) => text,
        }
    }
}

impl PartialEq for IdText {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for IdText {}

impl PartialOrd for IdText {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for IdText {
    fn cmp(&self, other: &Self) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for IdText {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::String;
    use core::hash::BuildHasher;
    use std::collections::hash_map::RandomState;

    #[test]
    fn short_and_long_texts_read_back_and_compare_as_strings() {
        let hasher = RandomState::new();
        let texts = [
            "",
            "89UX09KA",
            &"A".repeat(INLINE),
            &"B".repeat(INLINE + 1),
            &"C".repeat(64),
        ];
        for text in texts {
            let id = IdText::new(text);
            assert_eq!(id.as_str(), text);
            assert_eq!(matches!(id, IdText::Inline { .. }), text.len() <= INLINE);
            assert_eq!(hasher.hash_one(&id), hasher.hash_one(String::from(text)));
            for other in texts {
                assert_eq!(
                    id.cmp(&IdText::new(other)),
                    text.cmp(other),
                    "{text} {other}"
                );
            }
        }
    }
}
