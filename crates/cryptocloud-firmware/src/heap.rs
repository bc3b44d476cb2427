//! The global allocator: embedded-alloc's linked-list first-fit heap over a static arena, counting
//! what is asked of it so a run can say how much heap each check needs.
#![allow(unsafe_code)]

use core::alloc::{GlobalAlloc, Layout};
use core::mem::MaybeUninit;
use core::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use embedded_alloc::LlffHeap;

/// The arena's size; the largest-body search needs more than the 16 KiB target.
pub(crate) const ARENA_SIZE: usize = 64 * 1024;

/// The memory the heap hands out (its size is subtracted from static RAM in the footprint).
static mut HEAP_ARENA: [MaybeUninit<u8>; ARENA_SIZE] = [MaybeUninit::uninit(); ARENA_SIZE];

/// [`LlffHeap`] plus counters: bytes live, their peak, and the peak extent, the highest byte of the
/// arena in use, which is the arena a first-fit heap needs to serve the same requests.
pub(crate) struct CountingHeap {
    heap: LlffHeap,
    arena_start: AtomicUsize,
    live: AtomicUsize,
    peak_live: AtomicUsize,
    peak_extent: AtomicUsize,
}

/// What a stretch of code needed: peak bytes live, and the arena it used.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Usage {
    pub(crate) peak_live: usize,
    pub(crate) extent: usize,
}

impl CountingHeap {
    pub(crate) const fn new() -> CountingHeap {
        CountingHeap {
            heap: LlffHeap::empty(),
            arena_start: AtomicUsize::new(0),
            live: AtomicUsize::new(0),
            peak_live: AtomicUsize::new(0),
            peak_extent: AtomicUsize::new(0),
        }
    }

    /// Hands the arena to the heap. Called once, first thing in `main`.
    pub(crate) fn init(&self) {
        let start = &raw mut HEAP_ARENA as usize;
        self.arena_start.store(start, Relaxed);
        // SAFETY: called once, before any allocation; the arena is a static used by nothing else.
        unsafe { self.heap.init(start, ARENA_SIZE) }
    }

    /// Bytes allocated and not yet freed.
    pub(crate) fn live(&self) -> usize {
        self.live.load(Relaxed)
    }

    /// Runs `work` and says how much heap it needed. Exact when nothing is live at the start (the
    /// caller checks), since first-fit then places its allocations from the arena's start.
    pub(crate) fn measure<T>(&self, work: impl FnOnce() -> T) -> (T, Usage) {
        let before = self.live();
        self.peak_live.store(before, Relaxed);
        self.peak_extent.store(0, Relaxed);
        let result = work();
        let usage = Usage {
            peak_live: self.peak_live.load(Relaxed) - before,
            extent: self.peak_extent.load(Relaxed),
        };
        (result, usage)
    }
}

// SAFETY: every call is passed on unchanged to `LlffHeap`, a GlobalAlloc; the counters only watch.
unsafe impl GlobalAlloc for CountingHeap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller upholds `alloc`'s contract, which is the inner heap's.
        let block = unsafe { self.heap.alloc(layout) };
        if !block.is_null() {
            let live = self.live.fetch_add(layout.size(), Relaxed) + layout.size();
            self.peak_live.fetch_max(live, Relaxed);
            // The heap hands out blocks in multiples of 8 bytes.
            let end = (block as usize + layout.size()).next_multiple_of(8);
            self.peak_extent
                .fetch_max(end - self.arena_start.load(Relaxed), Relaxed);
        }
        block
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        // SAFETY: as for `alloc`.
        unsafe { self.heap.dealloc(block, layout) };
        self.live.fetch_sub(layout.size(), Relaxed);
    }
}
