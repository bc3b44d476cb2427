//! Stack use: cortex-m-rt paints the stack with a fixed word before `main` (its `paint-stack`
//! feature); the deepest word no longer holding it is as far as the stack has grown.
#![allow(unsafe_code)]

unsafe extern "C" {
    /// The stack's top (it grows down), from cortex-m-rt's linker script.
    static _stack_start: u32;
    /// The lowest address the stack may reach: the end of static RAM.
    static _stack_end: u32;
}

/// The word cortex-m-rt paints the stack with.
const PAINT: u32 = 0xCCCC_CCCC;

/// The most stack used since reset, in bytes.
pub(crate) fn peak() -> usize {
    let top = &raw const _stack_start as usize;
    let bottom = &raw const _stack_end as usize;
    let mut word = bottom;
    // SAFETY: every word from `_stack_end` to `_stack_start` is RAM the stack owns; reading it is
    // reading memory painted at reset or written by the stack since.
    while word < top && unsafe { core::ptr::read_volatile(word as *const u32) } == PAINT {
        word += 4;
    }
    top - word
}
