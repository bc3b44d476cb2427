//! The firmware: runs the device checks on a Cortex-M4F (QEMU's `mps2-an386`), reports each result
//! and what it cost through semihosting, and exits with the run's status.
//!
//! Output lines: `ok <check>: <what it saw>` or `FAIL <check>: <what was wrong>`, then
//! `measure <name> <bytes>` lines that `cargo xtask footprint` reads, then `done: …`.
#![no_std]
#![no_main]

extern crate alloc;

mod heap;
mod stack;

use core::panic::PanicInfo;

use cortex_m_rt::entry;
use cortex_m_semihosting::{debug, hprintln};
use cryptocloud_firmware::{RTC_UNIX_SECONDS, checks};

#[global_allocator]
static HEAP: heap::CountingHeap = heap::CountingHeap::new();

/// The heap a postback verification must fit in.
#[cfg(feature = "postback")]
const POSTBACK_HEAP_BUDGET: usize = 16 * 1024;

#[entry]
fn main() -> ! {
    HEAP.init();
    let passed = run();
    debug::exit(if passed {
        debug::EXIT_SUCCESS
    } else {
        debug::EXIT_FAILURE
    });
    halt()
}

/// Runs every check; true if all passed.
fn run() -> bool {
    // Formatted on the heap, so that even the build without checks links the allocator.
    let banner = alloc::format!(
        "cryptocloud-firmware: Cortex-M4F, {} KiB heap arena, RTC reads {RTC_UNIX_SECONDS}",
        heap::ARENA_SIZE / 1024
    );
    hprintln!("{banner}");
    drop(banner);

    let (mut passed, mut failed) = (0_usize, 0_usize);
    for check in checks() {
        if HEAP.live() != 0 {
            hprintln!(
                "FAIL {}: {} bytes still allocated before it",
                check.name,
                HEAP.live()
            );
            failed += 1;
            continue;
        }
        let ((result, usage), stack) = stack::measure(|| HEAP.measure(check.run));
        match result {
            Ok(seen) => {
                passed += 1;
                hprintln!("ok {}: {seen}", check.name);
            }
            Err(wrong) => {
                failed += 1;
                hprintln!("FAIL {}: {wrong}", check.name);
            }
        }
        hprintln!("measure heap-peak-live.{} {}", check.name, usage.peak_live);
        hprintln!("measure heap-extent.{} {}", check.name, usage.extent);
        hprintln!("measure stack-peak.{} {}", check.name, stack);
    }
    #[cfg(feature = "postback")]
    if !largest_postbacks() {
        failed += 1;
    }
    hprintln!("done: {passed} checks passed, {failed} failed");
    failed == 0 && HEAP.live() == 0
}

/// The largest genuine bodies whose verification fits in [`POSTBACK_HEAP_BUDGET`], for each way of
/// making a body larger; false if not even the unpadded body fits.
#[cfg(feature = "postback")]
fn largest_postbacks() -> bool {
    use cryptocloud_firmware::postback::{Padding, SECRET, padded_postback, verify};

    let Some(buffer) = padded_body_buffer() else {
        hprintln!("FAIL largest-postback: its buffer was taken");
        return false;
    };
    let mut all_fit = true;
    for (padding, name) in [(Padding::TxHashes, "tx-hashes"), (Padding::Zeros, "zeros")] {
        // The length of the body padded `count` times, if it verifies within the budget.
        let mut fits = |count: usize| {
            let len = padded_postback(padding, count, buffer)?;
            let body = buffer.get(..len)?;
            let (verified, usage) = HEAP.measure(|| verify(body, SECRET, RTC_UNIX_SECONDS).is_ok());
            (verified && usage.extent <= POSTBACK_HEAP_BUDGET).then_some(len)
        };
        let Some(mut largest) = fits(0) else {
            hprintln!("FAIL largest-postback.{name}: not even the unpadded body fits");
            all_fit = false;
            continue;
        };
        // The heap needed grows with the padding: double until it no longer fits (well inside the
        // arena, so the search never runs out of heap), then bisect.
        let (mut low, mut high) = (0_usize, 1_usize);
        while let Some(len) = fits(high) {
            (low, largest, high) = (high, len, high * 2);
        }
        while high - low > 1 {
            let middle = low + (high - low) / 2;
            match fits(middle) {
                Some(len) => (low, largest) = (middle, len),
                None => high = middle,
            }
        }
        hprintln!("measure largest-postback.{name} {largest}");
    }
    all_fit
}

/// The buffer the padded bodies are written into: a static in `.bss` (reported apart from static
/// RAM, as the heap arena is), not 32 KiB on the stack that would hide what the checks use.
#[cfg(feature = "postback")]
#[allow(unsafe_code)]
fn padded_body_buffer() -> Option<&'static mut [u8]> {
    use core::sync::atomic::{AtomicBool, Ordering};

    static mut PADDED_BODY: [u8; 32 * 1024] = [0; 32 * 1024];
    static TAKEN: AtomicBool = AtomicBool::new(false);
    if TAKEN.swap(true, Ordering::Relaxed) {
        return None;
    }
    // SAFETY: `TAKEN` hands the buffer out once, so this is its only reference.
    unsafe { (&raw mut PADDED_BODY).as_mut() }.map(|buffer| buffer.as_mut_slice())
}

#[panic_handler]
fn panic(info: &PanicInfo<'_>) -> ! {
    hprintln!("FAIL panic: {info}");
    debug::exit(debug::EXIT_FAILURE);
    halt()
}

/// Where execution ends if a debugger lets `exit` return.
fn halt() -> ! {
    loop {
        cortex_m::asm::wfi();
    }
}
