//! The device checks and a postback verifier, exported to JavaScript through a plain C ABI.
//!
//! JavaScript copies bytes in with [`cc_alloc`], calls a function, reads its text answer from
//! [`cc_output_ptr`]/[`cc_output_len`], and frees with [`cc_free`]; `js/cryptocloud.mjs` is that
//! glue. No wasm-bindgen: the module needs nothing but a WebAssembly runtime.
#![allow(unsafe_code)] // The exports take raw pointers from JavaScript; each use says why it holds.

use std::fmt::Write;
use std::sync::Mutex;

#[cfg(feature = "postback")]
use cryptocloud_firmware::postback::Binding;

/// The text answer of the last call, for JavaScript to read.
static OUTPUT: Mutex<String> = Mutex::new(String::new());

fn set_output(text: String) {
    if let Ok(mut output) = OUTPUT.lock() {
        *output = text;
    }
}

/// Allocates `len` bytes for JavaScript to write into; free them with [`cc_free`].
#[unsafe(no_mangle)]
pub extern "C" fn cc_alloc(len: usize) -> *mut u8 {
    Box::into_raw(vec![0_u8; len].into_boxed_slice()).cast()
}

/// Frees what [`cc_alloc`] returned.
///
/// # Safety
/// `ptr` and `len` are a pointer [`cc_alloc`] returned and the length it was given, not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cc_free(ptr: *mut u8, len: usize) {
    // SAFETY: the caller passes back a `Box<[u8]>` of `len` bytes made by `cc_alloc`.
    drop(unsafe { Box::from_raw(std::ptr::slice_from_raw_parts_mut(ptr, len)) });
}

/// Where the text answer of the last call starts.
#[unsafe(no_mangle)]
pub extern "C" fn cc_output_ptr() -> *const u8 {
    OUTPUT
        .lock()
        .map_or(std::ptr::null(), |output| output.as_ptr())
}

/// The length in bytes of the text answer of the last call.
#[unsafe(no_mangle)]
pub extern "C" fn cc_output_len() -> usize {
    OUTPUT.lock().map_or(0, |output| output.len())
}

/// Runs every device check this build has; the answer is the report, one line per check. Returns
/// how many failed.
#[unsafe(no_mangle)]
pub extern "C" fn cc_run_checks() -> u32 {
    let (mut report, mut passed, mut failed) = (String::new(), 0_u32, 0_u32);
    for check in cryptocloud_firmware::checks() {
        let _ = match (check.run)() {
            Ok(seen) => {
                passed += 1;
                writeln!(report, "ok {}: {seen}", check.name)
            }
            Err(wrong) => {
                failed += 1;
                writeln!(report, "FAIL {}: {wrong}", check.name)
            }
        };
    }
    let _ = writeln!(report, "done: {passed} checks passed, {failed} failed");
    set_output(report);
    failed
}

/// Verifies a postback body with the project's secret at `now_unix` (seconds since 1970, from the
/// caller's clock). Returns 0 if it is genuine and its token signs the invoice (the answer is that
/// invoice id); 2 if it is genuine but its token's `id` is a number, which binds no invoice (the
/// answer is the body's unsigned `invoice_id`, to confirm through the API before acting); 1 if it
/// is refused (the answer is `<reason>: <explanation>`, the reason being the error variant's name).
///
/// # Safety
/// `body` and `secret` point to `body_len` and `secret_len` readable bytes (from [`cc_alloc`]).
#[cfg(feature = "postback")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cc_verify_postback(
    body: *const u8,
    body_len: usize,
    secret: *const u8,
    secret_len: usize,
    now_unix: i64,
) -> u32 {
    // SAFETY: the caller guarantees both regions are readable for their lengths.
    let (body, secret) = unsafe {
        (
            std::slice::from_raw_parts(body, body_len),
            std::slice::from_raw_parts(secret, secret_len),
        )
    };
    let Ok(secret) = std::str::from_utf8(secret) else {
        set_output(String::from("Secret: the secret is not UTF-8"));
        return 1;
    };
    match cryptocloud_firmware::postback::verify(body, secret, now_unix) {
        Ok(postback) => {
            set_output(postback.invoice_to_confirm().to_string());
            match postback.binding() {
                Binding::Invoice(_) => 0,
                Binding::Unbound(_) => 2,
            }
        }
        Err(refusal) => {
            set_output(format!("{}: {refusal}", refusal.reason()));
            1
        }
    }
}
