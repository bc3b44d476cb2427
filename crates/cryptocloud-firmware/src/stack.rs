//! Stack use of one check: [`measure`] paints what lies below the stack pointer with a fixed word
//! (as cortex-m-rt's `paint-stack` feature does at reset), runs the check, and finds the deepest
//! word no longer holding it.
#![allow(unsafe_code)]

unsafe extern "C" {
    /// The lowest address the stack may reach: the end of static RAM.
    static _stack_end: u32;
}

/// The word cortex-m-rt paints the stack with.
const PAINT: u32 = 0xCCCC_CCCC;

/// Runs `work` and says how many bytes of stack it used below the caller's frame.
pub(crate) fn measure<T>(work: impl FnOnce() -> T) -> (T, usize) {
    let here = cortex_m::register::msp::read() as usize & !3;
    let bottom = &raw const _stack_end as usize;
    let mut word = bottom;
    while word < here {
        // SAFETY: the words below the stack pointer belong to the stack and hold nothing live
        // (ARM has no red zone, and no interrupt is enabled); this loop calls nothing, so it
        // writes none of its own frame.
        unsafe { core::ptr::write_volatile(word as *mut u32, PAINT) };
        word += 4;
    }
    let result = work();
    (result, here - deepest_used(here))
}

/// The lowest word below `top` that no longer holds the paint (`top` if none does).
fn deepest_used(top: usize) -> usize {
    let mut word = &raw const _stack_end as usize;
    // SAFETY: every word from `_stack_end` to `top` is RAM the stack owns; reading it is reading
    // memory painted before or written by the stack since.
    while word < top && unsafe { core::ptr::read_volatile(word as *const u32) } == PAINT {
        word += 4;
    }
    word
}
