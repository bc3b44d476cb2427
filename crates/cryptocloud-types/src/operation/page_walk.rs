//! Walking the invoice list page by page without trusting the server: which window to ask for
//! next, and the stop rule, as a pure state machine that any transport drives.
//!
//! The rule: a page shorter than its window (or empty) is the last; `all_count` never ends a
//! walk (a server that puts the page's count there would truncate it); a page with more records
//! than asked for, or with exactly the ids of the page before, is an error, not an over-read or
//! an endless loop. Invoices created while the walk goes on shift the windows, so a record can
//! come twice: each `uuid` is handed out once.

use alloc::collections::BTreeSet;
use alloc::vec::Vec;

use super::{PageSize, Window};
use crate::{Invoice, InvoiceId};

/// Why a walk cannot go on: the server answered a page in a way that cannot be right.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PagingError {
    /// More records than the window holds.
    #[error(
        "the server answered records {}..={} with {received} records, more than the {} asked for",
        .window.offset() + 1, .window.limit(), .window.len()
    )]
    Oversized {
        /// The window asked for.
        window: Window,
        /// Records received.
        received: u64,
    },
    /// The same ids as the page before: following it would never end.
    #[error(
        "the server answered records {}..={} with the same {records} invoices as the page before",
        .window.offset() + 1, .window.limit()
    )]
    Repeated {
        /// The window asked for.
        window: Window,
        /// Records on the repeated page.
        records: usize,
    },
}

/// The state of a walk over every page of a range.
///
/// ```
/// use cryptocloud_types::{PageSize, PageWalk, decode_response, ListInvoices};
///
/// let mut walk = PageWalk::new(PageSize::new(2)?);
/// let first = walk.next_window().unwrap();
/// assert_eq!((first.offset(), first.limit()), (0, 2));
/// let body = br#"{"status":"success","result":[{"uuid":"INV-AAAAAAAA","status":"paid"},{"uuid":"INV-BBBBBBBB","status":"paid"}]}"#;
/// let mut page = decode_response::<ListInvoices>(200, body)?.invoices;
/// let received = page.len() as u64;
/// assert!(!walk.accept(first, received, &mut page)?, "a full page: go on");
/// assert_eq!(page.len(), 2);
///
/// let second = walk.next_window().unwrap();
/// let body = br#"{"status":"success","result":[{"uuid":"INV-BBBBBBBB","status":"paid"}]}"#;
/// let mut page = decode_response::<ListInvoices>(200, body)?.invoices;
/// assert!(walk.accept(second, 1, &mut page)?, "a short page is the last");
/// assert!(page.is_empty(), "INV-BBBBBBBB was handed out already");
/// assert_eq!(walk.next_window(), None);
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct PageWalk {
    size: PageSize,
    next: Option<Window>,
    seen: SeenIds,
    previous: Vec<InvoiceId>,
}

impl PageWalk {
    /// A walk from the first record, `size` records per request.
    pub fn new(size: PageSize) -> PageWalk {
        PageWalk {
            size,
            next: Some(Window::first(size)),
            seen: SeenIds::default(),
            previous: Vec::new(),
        }
    }

    /// The window to ask for next, or `None` once the last page is known. Windows may be asked
    /// for ahead of their answers (prefetch); answers must be accepted in window order.
    pub fn next_window(&mut self) -> Option<Window> {
        let window = self.next?;
        self.next = window.next(self.size);
        Some(window)
    }

    /// Takes in the answer for `window`: `received` records in all (those that could not be
    /// read included, as they hold a position), of which `invoices` are the readable ones. Drops
    /// from `invoices` the ones handed out before, and says whether this page was the last.
    pub fn accept(
        &mut self,
        window: Window,
        received: u64,
        invoices: &mut Vec<Invoice>,
    ) -> Result<bool, PagingError> {
        if received > window.len() {
            return Err(PagingError::Oversized { window, received });
        }
        let mut ids: Vec<InvoiceId> = invoices
            .iter()
            .map(|invoice| invoice.uuid.clone())
            .collect();
        ids.sort_unstable();
        if !ids.is_empty() && ids == self.previous {
            return Err(PagingError::Repeated {
                window,
                records: ids.len(),
            });
        }
        self.previous = ids;
        invoices.retain(|invoice| self.seen.insert(&invoice.uuid));
        let last = received < window.len();
        if last {
            self.next = None;
        }
        Ok(last)
    }

    /// Distinct invoices handed out so far.
    pub fn distinct(&self) -> usize {
        self.seen.len()
    }
}

/// The ids handed out so far, compact: an id of the documented form (8 characters of `0-9A-Z`) is
/// kept as its base-36 value in 8 bytes; any other id as its text. The two sets cannot collide.
#[derive(Clone, Debug, Default)]
struct SeenIds {
    packed: BTreeSet<u64>,
    other: BTreeSet<InvoiceId>,
}

impl SeenIds {
    /// Adds `id`; whether it was new.
    fn insert(&mut self, id: &InvoiceId) -> bool {
        match pack(id.bare()) {
            Some(value) => self.packed.insert(value),
            None => self.other.insert(id.clone()),
        }
    }

    fn len(&self) -> usize {
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

#[cfg(test)]
mod tests {
    use alloc::format;

    use super::*;

    fn page(ids: &[u32]) -> Vec<Invoice> {
        ids.iter()
            .map(|id| {
                let body = format!(r#"{{"uuid":"INV-{id:08}","status":"paid"}}"#);
                serde_json::from_str(&body).unwrap()
            })
            .collect()
    }

    fn size(records: u64) -> PageSize {
        PageSize::new(records).unwrap()
    }

    #[test]
    fn a_short_or_empty_page_ends_the_walk() {
        let mut walk = PageWalk::new(size(3));
        let first = walk.next_window().unwrap();
        assert_eq!(walk.accept(first, 3, &mut page(&[1, 2, 3])), Ok(false));
        let second = walk.next_window().unwrap();
        assert_eq!(walk.accept(second, 0, &mut page(&[])), Ok(true));
        assert_eq!(walk.next_window(), None);
    }

    #[test]
    fn an_unreadable_record_still_holds_its_position() {
        let mut walk = PageWalk::new(size(3));
        let first = walk.next_window().unwrap();
        let mut readable = page(&[1, 2]);
        assert_eq!(
            walk.accept(first, 3, &mut readable),
            Ok(false),
            "3 records, 1 unreadable"
        );
        assert_eq!(readable.len(), 2);
    }

    #[test]
    fn more_records_than_asked_is_an_error() {
        let mut walk = PageWalk::new(size(2));
        let first = walk.next_window().unwrap();
        assert_eq!(
            walk.accept(first, 3, &mut page(&[1, 2, 3])),
            Err(PagingError::Oversized {
                window: first,
                received: 3
            })
        );
    }

    #[test]
    fn the_same_page_twice_is_an_error_not_a_loop() {
        let mut walk = PageWalk::new(size(2));
        let first = walk.next_window().unwrap();
        assert_eq!(walk.accept(first, 2, &mut page(&[1, 2])), Ok(false));
        let second = walk.next_window().unwrap();
        assert_eq!(
            walk.accept(second, 2, &mut page(&[2, 1])),
            Err(PagingError::Repeated {
                window: second,
                records: 2
            })
        );
    }

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
    fn shifted_windows_hand_out_each_invoice_once() {
        // An invoice created during the walk pushes record 2 into the second window.
        let mut walk = PageWalk::new(size(2));
        let first = walk.next_window().unwrap();
        let mut records = page(&[1, 2]);
        assert_eq!(walk.accept(first, 2, &mut records), Ok(false));
        let second = walk.next_window().unwrap();
        let mut records = page(&[2, 3]);
        assert_eq!(walk.accept(second, 2, &mut records), Ok(false));
        assert_eq!(records, page(&[3]));
        assert_eq!(walk.distinct(), 3);
    }
}
