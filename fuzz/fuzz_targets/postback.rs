//! The postback parser and verifier (JSON and form bodies): refusing is fine, panicking is not,
//! and nothing but a correctly signed token may verify.
#![no_main]

use cryptocloud_types::postback::{Postback, PostbackSecret};
use libfuzzer_sys::fuzz_target;
use time::OffsetDateTime;

fuzz_target!(|data: &[u8]| {
    let Ok(postback) = Postback::parse(data) else { return };
    let (Ok(secret), Ok(now)) = (PostbackSecret::new("fuzz-secret"), OffsetDateTime::from_unix_timestamp(1_790_000_000)) else {
        return;
    };
    if let Ok(verified) = postback.verify(&secret, now) {
        // A fuzzer finding an HS256 MAC for the secret would be a break of HMAC-SHA256.
        panic!("a fuzzed postback verified: {:?}", verified.binding());
    }
});
