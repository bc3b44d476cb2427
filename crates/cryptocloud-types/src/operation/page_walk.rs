//! Walking the invoice list page by page without trusting the server: which window to ask for
//! next, and the stop rule, as a pure state machine that any transport drives.
//!
//! The rule: a page shorter than its window (or empty) is the last; `all_count` never ends a
//! walk (a server that puts the page's count there would truncate it); a page with more records
//! than asked for is an error, not an over-read; a full page that adds no entry the walk has not
//! handed out (readable or not) is an error, not an endless loop, whatever page it repeats; and
//! the entries that cannot be read are kept up to [`PageWalk::MAX_UNREADABLE`], past which the
//! walk stops. Invoices created while the walk goes on shift the windows, so a record can come
//! twice: each `uuid` (each unreadable entry, by its text) is handed out once.

use super::seen::{SeenIds, SeenUnreadable};
use super::{InvoicePage, PageSize, Window};
use crate::UnreadableInvoice;

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
    /// A full page of entries that were all handed out before (the page before again, or any
    /// earlier one): following it could never end.
    #[error(
        "the server answered records {}..={} with {records} entries that were all handed out before",
        .window.offset() + 1, .window.limit()
    )]
    Repeated {
        /// The window asked for.
        window: Window,
        /// Entries on the page, readable or not.
        records: usize,
    },
    /// More entries that could not be read than a walk keeps.
    #[error(
        "more than {kept} entries of the list could not be read; the walk stopped rather than keep more"
    )]
    TooManyUnreadable {
        /// The entries kept, [`PageWalk::MAX_UNREADABLE`].
        kept: usize,
    },
}

/// The state of a walk over every page of a range.
///
/// Memory: the ids handed out (about 20 bytes per invoice of the documented id form, 2 MB for
/// 100,000; an id of another form is kept as its text) and the unreadable entries, at most
/// [`MAX_UNREADABLE`](Self::MAX_UNREADABLE) of at most [`RawJson::MAX`](crate::RawJson::MAX)
/// bytes of text each (4 MiB at worst).
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::{PageSize, PageWalk, decode_response, ListInvoices};
///
/// let mut walk = PageWalk::new(PageSize::new(2)?);
/// let first = walk.next_window().unwrap();
/// assert_eq!((first.offset(), first.limit()), (0, 2));
/// let body = br#"{"status":"success","result":[{"uuid":"INV-AAAAAAAA","status":"paid"},{"uuid":"INV-BBBBBBBB","status":"paid"}]}"#;
/// let mut page = decode_response::<ListInvoices>(200, body)?;
/// assert!(!walk.accept(first, &mut page)?, "a full page: go on");
/// assert_eq!(page.invoices.len(), 2);
///
/// let second = walk.next_window().unwrap();
/// let body = br#"{"status":"success","result":[{"uuid":"INV-BBBBBBBB","status":"paid"},{"status":"paid"}]}"#;
/// let mut page = decode_response::<ListInvoices>(200, body)?;
/// assert!(!walk.accept(second, &mut page)?, "full again: one new entry, the unreadable one");
/// assert!(page.invoices.is_empty(), "INV-BBBBBBBB was handed out already");
/// assert_eq!(walk.unreadable()[0].raw.text(), r#"{"status":"paid"}"#);
///
/// let third = walk.next_window().unwrap();
/// let mut page = decode_response::<ListInvoices>(200, body)?;
/// assert!(walk.accept(third, &mut page).is_err(), "nothing new on a full page: a loop");
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct PageWalk {
    size: PageSize,
    next: Option<Window>,
    seen: SeenIds,
    unreadable: SeenUnreadable,
}

impl PageWalk {
    /// The most unreadable entries a walk keeps; one more ends it with
    /// [`PagingError::TooManyUnreadable`] (a list of which so much cannot be read is not one this
    /// crate can export or search).
    pub const MAX_UNREADABLE: usize = 1000;

    /// A walk from the first record, `size` records per request.
    pub fn new(size: PageSize) -> PageWalk {
        PageWalk {
            size,
            next: Some(Window::first(size)),
            seen: SeenIds::default(),
            unreadable: SeenUnreadable::default(),
        }
    }

    /// The window to ask for next, or `None` once the last page is known. Windows may be asked
    /// for ahead of their answers (prefetch); answers must be accepted in window order.
    pub fn next_window(&mut self) -> Option<Window> {
        let window = self.next?;
        self.next = window.next(self.size);
        Some(window)
    }

    /// Takes in the answer for `window`: drops from `page.invoices` the ones handed out before,
    /// moves the page's unreadable entries into [`unreadable`](Self::unreadable) (those not kept
    /// before), and says whether this page was the last.
    pub fn accept(&mut self, window: Window, page: &mut InvoicePage) -> Result<bool, PagingError> {
        let records = page.entries();
        let received = records as u64;
        if received > window.len() {
            return Err(PagingError::Oversized { window, received });
        }
        page.invoices
            .retain(|invoice| self.seen.insert(&invoice.uuid));
        let mut added = page.invoices.len();
        for entry in page.unreadable.drain(..) {
            if self.unreadable.contains(&entry) {
                continue;
            }
            if self.unreadable.as_slice().len() == Self::MAX_UNREADABLE {
                return Err(PagingError::TooManyUnreadable {
                    kept: Self::MAX_UNREADABLE,
                });
            }
            self.unreadable.push(entry);
            added += 1;
        }
        let last = received < window.len();
        if !last && added == 0 {
            return Err(PagingError::Repeated { window, records });
        }
        if last {
            self.next = None;
        }
        Ok(last)
    }

    /// Distinct invoices handed out so far.
    pub fn distinct(&self) -> usize {
        self.seen.len()
    }

    /// The entries that could not be read as invoices, so far, each once, in the order they came
    /// (at most [`MAX_UNREADABLE`](Self::MAX_UNREADABLE)).
    pub fn unreadable(&self) -> &[UnreadableInvoice] {
        self.unreadable.as_slice()
    }
}

#[cfg(test)]
mod tests {
    use alloc::format;
    use alloc::string::String;
    use alloc::vec::Vec;

    use super::*;
    use crate::{ListInvoices, decode_response};

    /// A page of `entries`: `7` is the readable invoice `INV-00000007`, `-7` an entry without a
    /// `uuid` (unreadable) whose text tells it apart.
    fn page(entries: &[i32]) -> InvoicePage {
        let entries: Vec<String> = entries
            .iter()
            .map(|&n| match n {
                0.. => format!(r#"{{"uuid":"INV-{n:08}","status":"paid"}}"#),
                _ => format!(r#"{{"status":"paid","n":{n}}}"#),
            })
            .collect();
        let body = format!(r#"{{"status":"success","result":[{}]}}"#, entries.join(","));
        decode_response::<ListInvoices>(200, body.as_bytes()).unwrap()
    }

    fn ids(page: &InvoicePage) -> Vec<String> {
        page.invoices
            .iter()
            .map(|invoice| String::from(invoice.uuid.bare()))
            .collect()
    }

    fn size(records: u64) -> PageSize {
        PageSize::new(records).unwrap()
    }

    /// Accepts each page in turn; the outcome of each.
    fn walk_through(walk: &mut PageWalk, pages: &[&[i32]]) -> Vec<Result<bool, PagingError>> {
        pages
            .iter()
            .map(|entries| {
                let window = walk.next_window().unwrap();
                walk.accept(window, &mut page(entries))
            })
            .collect()
    }

    #[test]
    fn a_short_or_empty_page_ends_the_walk() {
        let mut walk = PageWalk::new(size(3));
        assert_eq!(
            walk_through(&mut walk, &[&[1, 2, 3], &[]]),
            [Ok(false), Ok(true)]
        );
        assert_eq!(walk.next_window(), None);
    }

    #[test]
    fn an_unreadable_record_still_holds_its_position_and_is_kept() {
        let mut walk = PageWalk::new(size(3));
        let first = walk.next_window().unwrap();
        let mut records = page(&[1, -1, 2]);
        assert_eq!(walk.accept(first, &mut records), Ok(false), "3 records");
        assert_eq!(ids(&records), ["00000001", "00000002"]);
        assert!(records.unreadable.is_empty(), "moved into the walk");
        assert_eq!(walk.unreadable().len(), 1);
        assert_eq!(
            walk.unreadable()[0].raw.text(),
            r#"{"n":-1,"status":"paid"}"#
        );
    }

    #[test]
    fn more_records_than_asked_is_an_error() {
        let mut walk = PageWalk::new(size(2));
        let first = walk.next_window().unwrap();
        assert_eq!(
            walk.accept(first, &mut page(&[1, 2, -3])),
            Err(PagingError::Oversized {
                window: first,
                received: 3
            })
        );
    }

    #[test]
    fn the_same_page_twice_is_an_error_not_a_loop() {
        let mut walk = PageWalk::new(size(2));
        let outcomes = walk_through(&mut walk, &[&[1, 2], &[2, 1]]);
        assert_eq!(
            outcomes[1],
            Err(PagingError::Repeated {
                window: Window::new(2, 4).unwrap(),
                records: 2
            })
        );
    }

    #[test]
    fn alternating_pages_end_on_the_first_that_adds_nothing() {
        let mut walk = PageWalk::new(size(2));
        let outcomes = walk_through(&mut walk, &[&[1, 2], &[3, 4], &[1, 2]]);
        assert_eq!(outcomes[..2], [Ok(false), Ok(false)]);
        assert!(
            matches!(outcomes[2], Err(PagingError::Repeated { records: 2, .. })),
            "{outcomes:?}"
        );
    }

    #[test]
    fn full_pages_of_unreadable_entries_that_repeat_end_the_walk() {
        let mut walk = PageWalk::new(size(2));
        let outcomes = walk_through(&mut walk, &[&[-1, -2], &[-3, -4], &[-1, -2]]);
        assert_eq!(outcomes[..2], [Ok(false), Ok(false)]);
        assert!(matches!(outcomes[2], Err(PagingError::Repeated { .. })));
        assert_eq!(walk.unreadable().len(), 4, "each entry kept once");
    }

    #[test]
    fn a_page_with_one_new_entry_of_either_kind_goes_on() {
        let mut walk = PageWalk::new(size(3));
        let outcomes = walk_through(&mut walk, &[&[1, 2, -1], &[1, 2, -2], &[1, 3, -2]]);
        assert_eq!(outcomes, [Ok(false), Ok(false), Ok(false)]);
        assert_eq!((walk.distinct(), walk.unreadable().len()), (3, 2));
    }

    #[test]
    fn unreadable_entries_are_kept_up_to_the_cap_then_the_walk_stops() {
        let mut walk = PageWalk::new(PageSize::MAX);
        let pages = PageWalk::MAX_UNREADABLE / 100;
        for number in 0..pages {
            let entries: Vec<i32> = (0..100).map(|n| -1 - (number * 100 + n) as i32).collect();
            let window = walk.next_window().unwrap();
            assert_eq!(walk.accept(window, &mut page(&entries)), Ok(false));
        }
        assert_eq!(walk.unreadable().len(), PageWalk::MAX_UNREADABLE);
        let window = walk.next_window().unwrap();
        assert_eq!(
            walk.accept(window, &mut page(&[5, -100_000])),
            Err(PagingError::TooManyUnreadable {
                kept: PageWalk::MAX_UNREADABLE
            })
        );
        assert_eq!(walk.unreadable().len(), PageWalk::MAX_UNREADABLE);
    }

    #[test]
    fn shifted_windows_hand_out_each_invoice_once() {
        // An invoice created during the walk pushes record 2 into the second window.
        let mut walk = PageWalk::new(size(2));
        let first = walk.next_window().unwrap();
        assert_eq!(walk.accept(first, &mut page(&[1, 2])), Ok(false));
        let second = walk.next_window().unwrap();
        let mut records = page(&[2, 3]);
        assert_eq!(walk.accept(second, &mut records), Ok(false));
        assert_eq!(ids(&records), ["00000003"]);
        assert_eq!(walk.distinct(), 3);
    }
}
