//! Paging arithmetic for the invoice list, whose `limit` is the number of the last record wanted
//! (inclusive), not a count: a request returns records `offset+1 ..= limit`.

use super::InvalidRequest;

/// Records per page: 1 to 100 (the API's cap per request).
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::PageSize;
/// assert_eq!(PageSize::new(25)?.get(), 25);
/// assert!(PageSize::new(0).is_err() && PageSize::new(101).is_err());
/// assert_eq!(PageSize::default(), PageSize::MAX);
/// # Ok::<(), cryptocloud_types::InvalidRequest>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PageSize(u8);

impl PageSize {
    /// The largest page the API returns: 100 records.
    pub const MAX: PageSize = PageSize(100);

    /// A page size of `size` records (1 to 100).
    pub fn new(size: u64) -> Result<PageSize, InvalidRequest> {
        match u8::try_from(size) {
            Ok(small @ 1..=100) => Ok(PageSize(small)),
            _ => Err(InvalidRequest::PageSize {
                size,
                max: u64::from(Self::MAX.0),
            }),
        }
    }

    /// The number of records.
    pub const fn get(self) -> u64 {
        self.0 as u64
    }
}

impl Default for PageSize {
    fn default() -> Self {
        PageSize::MAX
    }
}

/// Which records one list request asks for: `offset` records skipped, `limit` the number of the
/// last record wanted, so the request returns records `offset+1 ..= limit`.
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::{PageSize, Window};
///
/// let third = Window::page(PageSize::new(25)?, 3)?;
/// assert_eq!((third.offset(), third.limit()), (50, 75));
/// assert_eq!(third.next(PageSize::new(25)?), Some(Window::new(75, 100)?));
/// assert!(Window::new(10, 10).is_err());
/// # Ok::<(), cryptocloud_types::InvalidRequest>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Window {
    offset: u64,
    limit: u64,
}

impl Window {
    /// Records `offset+1 ..= limit`: at least one, at most 100.
    pub fn new(offset: u64, limit: u64) -> Result<Window, InvalidRequest> {
        let max = PageSize::MAX.get();
        match limit.checked_sub(offset) {
            Some(1..) if limit - offset <= max => Ok(Window { offset, limit }),
            _ => Err(InvalidRequest::Window { offset, limit, max }),
        }
    }

    /// The first `size` records.
    pub const fn first(size: PageSize) -> Window {
        Window {
            offset: 0,
            limit: size.get(),
        }
    }

    /// Page `number` (counting from 1) of `size` records: `offset = (number-1)·size`,
    /// `limit = number·size`.
    pub fn page(size: PageSize, number: u64) -> Result<Window, InvalidRequest> {
        let index = number.checked_sub(1).ok_or(InvalidRequest::PageZero)?;
        let offset = index.checked_mul(size.get());
        let limit = offset.and_then(|offset| offset.checked_add(size.get()));
        match (offset, limit) {
            (Some(offset), Some(limit)) => Ok(Window { offset, limit }),
            _ => Err(InvalidRequest::Window {
                offset: u64::MAX,
                limit: u64::MAX,
                max: PageSize::MAX.get(),
            }),
        }
    }

    /// The `size` records after this window, or `None` past the last representable record.
    pub fn next(self, size: PageSize) -> Option<Window> {
        let limit = self.limit.checked_add(size.get())?;
        Some(Window {
            offset: self.limit,
            limit,
        })
    }

    /// Records skipped before this window.
    pub const fn offset(self) -> u64 {
        self.offset
    }

    /// Number of the last record in this window (inclusive).
    pub const fn limit(self) -> u64 {
        self.limit
    }

    /// How many records a full window holds.
    pub const fn len(self) -> u64 {
        self.limit - self.offset
    }

    /// Always false: a window holds at least one record.
    pub const fn is_empty(self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_tile_the_records_without_gaps_or_overlaps() {
        for size in [1, 7, 25, 100] {
            let size = PageSize::new(size).unwrap();
            let mut expected_offset = 0;
            let mut window = Window::first(size);
            for number in 1..=50 {
                assert_eq!(Window::page(size, number).unwrap(), window);
                assert_eq!(window.offset(), expected_offset);
                assert_eq!(window.len(), size.get());
                expected_offset = window.limit();
                window = window.next(size).unwrap();
            }
        }
    }

    #[test]
    fn the_documented_example() {
        let window = Window::page(PageSize::new(25).unwrap(), 3).unwrap();
        assert_eq!((window.offset(), window.limit()), (50, 75));
        assert!(matches!(
            Window::page(PageSize::MAX, 0),
            Err(InvalidRequest::PageZero)
        ));
    }

    #[test]
    fn windows_are_one_to_a_hundred_records() {
        assert!(Window::new(0, 100).is_ok());
        assert!(Window::new(0, 101).is_err());
        assert!(Window::new(20, 10).is_err());
        assert!(Window::new(u64::MAX - 1, u64::MAX).is_ok());
        assert!(Window::page(PageSize::MAX, u64::MAX).is_err());
        assert_eq!(
            Window::new(u64::MAX - 1, u64::MAX)
                .unwrap()
                .next(PageSize::MAX),
            None
        );
    }
}
