//! Whether a host is this machine: where plain http may go, and where no proxy can reach.

use std::net::IpAddr;

/// Whether `host` (a name, an address, or an IPv6 address in brackets) is this machine.
pub(crate) fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.eq_ignore_ascii_case("localhost")
        || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}
