//! Every response decoder, through the one decode function: the first byte picks the operation
//! and the HTTP status, the rest is the body. Decoding may fail; it must never panic.
#![no_main]

use cryptocloud_types::*;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else { return };
    let status = [200, 201, 400, 401, 403, 404, 429, 502][usize::from(selector >> 5)];
    match selector & 0b111 {
        0 => drop(decode_response::<CreateInvoice>(status, body)),
        1 => drop(decode_response::<CancelInvoice>(status, body)),
        2 => drop(decode_response::<GetInvoices>(status, body)),
        3 => drop(decode_response::<ListInvoices>(status, body)),
        4 => drop(decode_response::<GetStatistics>(status, body)),
        5 => drop(decode_response::<GetBalance>(status, body)),
        6 => drop(decode_response::<CreateStaticWallet>(status, body)),
        _ => drop(decode_response::<CreateWithdrawal>(status, body)),
    }
});
