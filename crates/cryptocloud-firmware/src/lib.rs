//! What a device does with `cryptocloud-types`, as checks that report what they saw: build a
//! statistics request, decode a statistics answer and a list page, verify a genuine postback and
//! refuse forged ones, with the time read from the device's clock, and drive the call core's
//! retry and pacing decisions with a fake clock.
//!
//! The Cortex-M firmware (`src/main.rs`, run under QEMU by `cargo xtask embedded`) and the WASM
//! module (`crates/cryptocloud-wasm`, run by Node.js) run these same checks. The bodies are the
//! repository's fixtures, compiled in.
#![no_std]

extern crate alloc;

use alloc::string::String;

#[cfg(feature = "call")]
pub mod call;
#[cfg(feature = "decode")]
pub mod decode;
#[cfg(feature = "postback")]
pub mod postback;

/// The device clock's reading for the run, in seconds since 1970: the fixtures' reference time
/// (2026-09-21 14:13:20 UTC), at which the fixture postbacks' tokens have five minutes to live.
pub const RTC_UNIX_SECONDS: i64 = 1_790_000_000;

/// One check: its name, and what it saw (`Ok`) or what was wrong (`Err`).
#[derive(Clone, Copy, Debug)]
pub struct Check {
    /// Short name, printed before the result.
    pub name: &'static str,
    /// Runs the check.
    pub run: fn() -> Result<String, String>,
}

/// Every check this build has, in the order they run.
pub fn checks() -> impl Iterator<Item = &'static Check> {
    let decode: &[Check] = {
        #[cfg(feature = "decode")]
        {
            decode::CHECKS
        }
        #[cfg(not(feature = "decode"))]
        {
            &[]
        }
    };
    let postback: &[Check] = {
        #[cfg(feature = "postback")]
        {
            postback::CHECKS
        }
        #[cfg(not(feature = "postback"))]
        {
            &[]
        }
    };
    let call: &[Check] = {
        #[cfg(feature = "call")]
        {
            call::CHECKS
        }
        #[cfg(not(feature = "call"))]
        {
            &[]
        }
    };
    decode.iter().chain(postback).chain(call)
}
