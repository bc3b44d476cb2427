//! A postback receiver for a Cloudflare Worker, as a WASM module driven by `js/worker.mjs`.
//!
//! The module decides; JavaScript moves bytes. [`cw_receive`] takes a postback body, verifies
//! it, and starts the confirmation call of the call core (`cryptocloud_types::call`): re-fetching
//! the invoice the token signs. Each export returns what JavaScript does next:
//!
//! | returned | output text | JavaScript then |
//! |---|---|---|
//! | [`SEND`] | `{"exchange", "method", "path", "headers", "body", "timeout_ms"}` | `fetch`es it under the base URL and calls [`cw_answered`], or [`cw_failed`] if no answer came |
//! | [`WAIT`] | `{"exchange", "until_ms"}` | waits until then (`setTimeout`) and calls [`cw_resume`] |
//! | an HTTP status (100–599) | the JSON body to answer the postback with | answers it |
//!
//! Between calls the module holds the call's state under its exchange number, so postbacks in
//! flight at once in one isolate do not meet. Time comes in as `Date.now()` in milliseconds: the
//! token is checked against it, and it is the call core's clock. The answers, 200 only for a
//! payment confirmed in full, are listed in `src/answer.rs`.
//!
//! Bytes go in through [`cw_alloc`]/[`cw_free`]; text comes out through
//! [`cw_output_ptr`]/[`cw_output_len`]. No wasm-bindgen: the module imports nothing.
#![allow(unsafe_code)] // The exports take raw pointers from JavaScript; each use says why it holds.

mod answer;
mod exchange;

use std::sync::Mutex;

use exchange::{Next, Now};

/// Returned when JavaScript must send a request.
pub const SEND: u32 = 1;
/// Returned when JavaScript must wait.
pub const WAIT: u32 = 2;

/// The text answer of the last call, for JavaScript to read.
static OUTPUT: Mutex<String> = Mutex::new(String::new());

/// Replaces the output; the old one is overwritten first (a request's text holds the API key).
fn set_output(text: String) {
    if let Ok(mut output) = OUTPUT.lock() {
        zeroize::Zeroize::zeroize(&mut *output);
        *output = text;
    }
}

/// Writes `next`'s text to the output; what to return to JavaScript.
fn hand_over(next: Next) -> u32 {
    let (code, text) = next.into_code_and_text();
    set_output(text);
    code
}

/// Allocates `len` bytes for JavaScript to write into; free them with [`cw_free`].
#[unsafe(no_mangle)]
pub extern "C" fn cw_alloc(len: usize) -> *mut u8 {
    Box::into_raw(vec![0_u8; len].into_boxed_slice()).cast()
}

/// Frees what [`cw_alloc`] returned.
///
/// # Safety
/// `ptr` and `len` are a pointer [`cw_alloc`] returned and the length it was given, not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cw_free(ptr: *mut u8, len: usize) {
    // SAFETY: the caller passes back a `Box<[u8]>` of `len` bytes made by `cw_alloc`.
    drop(unsafe { Box::from_raw(std::ptr::slice_from_raw_parts_mut(ptr, len)) });
}

/// Where the text answer of the last call starts.
#[unsafe(no_mangle)]
pub extern "C" fn cw_output_ptr() -> *const u8 {
    OUTPUT
        .lock()
        .map_or(std::ptr::null(), |output| output.as_ptr())
}

/// The length in bytes of the text answer of the last call.
#[unsafe(no_mangle)]
pub extern "C" fn cw_output_len() -> usize {
    OUTPUT.lock().map_or(0, |output| output.len())
}

/// Reads `len` bytes at `ptr`.
///
/// # Safety
/// `ptr` points to `len` readable bytes (from [`cw_alloc`]).
unsafe fn bytes<'a>(ptr: *const u8, len: usize) -> &'a [u8] {
    // SAFETY: guaranteed by the caller.
    unsafe { std::slice::from_raw_parts(ptr, len) }
}

/// A postback arrived at `now_ms` (`Date.now()`): verifies `body` with the project's postback
/// `secret` and starts confirming it with the API `key`. `entropy` (random) spreads retries.
///
/// # Safety
/// Each pointer points to its length in readable bytes (from [`cw_alloc`]).
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)] // pointer and length pairs: the C ABI has no slices
pub unsafe extern "C" fn cw_receive(
    body: *const u8,
    body_len: usize,
    secret: *const u8,
    secret_len: usize,
    key: *const u8,
    key_len: usize,
    now_ms: f64,
    entropy: u64,
) -> u32 {
    // SAFETY: the caller guarantees the three regions are readable for their lengths.
    let (body, secret, key) = unsafe {
        (
            bytes(body, body_len),
            bytes(secret, secret_len),
            bytes(key, key_len),
        )
    };
    hand_over(exchange::receive(
        body,
        secret,
        key,
        Now::from_millis(now_ms),
        entropy,
    ))
}

/// The request of `exchange` was answered at `now_ms`: its `status`, the `Retry-After` it asked
/// for in milliseconds (negative when it asked for none) and its body.
///
/// # Safety
/// `body` points to `body_len` readable bytes (from [`cw_alloc`]).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cw_answered(
    exchange: u32,
    now_ms: f64,
    status: u32,
    retry_after_ms: f64,
    body: *const u8,
    body_len: usize,
) -> u32 {
    // SAFETY: the caller guarantees the region is readable for its length.
    let body = unsafe { bytes(body, body_len) };
    let retry_after = (retry_after_ms >= 0.0).then(|| Now::duration(retry_after_ms));
    hand_over(exchange::answered(
        exchange,
        Now::from_millis(now_ms),
        status,
        retry_after,
        body,
    ))
}

/// The request of `exchange` got no usable answer by `now_ms`: `kind` is what JavaScript saw (0
/// no answer in time, 1 the fetch failed, 2 the answer was too large) and `message` its error
/// message.
///
/// # Safety
/// `message` points to `message_len` readable bytes (from [`cw_alloc`]).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cw_failed(
    exchange: u32,
    now_ms: f64,
    kind: u32,
    message: *const u8,
    message_len: usize,
) -> u32 {
    // SAFETY: the caller guarantees the region is readable for its length.
    let message = String::from_utf8_lossy(unsafe { bytes(message, message_len) }).into_owned();
    hand_over(exchange::failed(
        exchange,
        Now::from_millis(now_ms),
        kind,
        message,
    ))
}

/// The wait of `exchange` is over at `now_ms`.
#[unsafe(no_mangle)]
pub extern "C" fn cw_resume(exchange: u32, now_ms: f64) -> u32 {
    hand_over(exchange::resume(exchange, Now::from_millis(now_ms)))
}

/// Forgets `exchange` (JavaScript gave up on it); nothing if it is over already.
#[unsafe(no_mangle)]
pub extern "C" fn cw_drop(exchange: u32) {
    exchange::forget(exchange);
}
