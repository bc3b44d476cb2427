//! The postback parser and verifier (JSON and form bodies): refusing is fine, panicking is not,
//! nothing but a correctly signed token may verify, and a refusal's text never carries a control
//! character or a line separator from the body (it is written to logs, terminals and answers).
#![no_main]

use cryptocloud_types::postback::{Postback, PostbackError, PostbackSecret};
use libfuzzer_sys::fuzz_target;
use time::OffsetDateTime;

fn assert_shown_safely(error: &PostbackError) {
    let shown = error.to_string();
    let raw = shown
        .chars()
        .find(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}'));
    assert!(raw.is_none(), "a refusal shows {raw:?} raw: {shown:?}");
}

fuzz_target!(|data: &[u8]| {
    let postback = match Postback::parse(data) {
        Ok(postback) => postback,
        Err(error) => return assert_shown_safely(&error),
    };
    let (Ok(secret), Ok(now)) = (PostbackSecret::new("fuzz-secret"), OffsetDateTime::from_unix_timestamp(1_790_000_000)) else {
        return;
    };
    match postback.verify(&secret, now) {
        // A fuzzer finding an HS256 MAC for the secret would be a break of HMAC-SHA256.
        Ok(verified) => panic!("a fuzzed postback verified: {:?}", verified.binding()),
        Err(error) => assert_shown_safely(&error),
    }
});
