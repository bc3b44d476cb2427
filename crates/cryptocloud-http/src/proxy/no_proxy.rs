//! `NO_PROXY` in the forms people write it, turned into the forms hyper-util's matcher reads.

use http::Uri;

/// The port a connection to `base` goes to.
pub(super) fn effective_port(base: &Uri) -> u16 {
    base.port_u16()
        .unwrap_or(if base.scheme_str() == Some("http") {
            80
        } else {
            443
        })
}

/// `NO_PROXY` in the forms hyper-util reads, for a connection on `port`: `*.example.com` is
/// `.example.com` (the domain's subdomains), `[::1]` is `::1`, and an entry with a port
/// (`host:8443`, `[::1]:8443`) counts only for that port.
pub(super) fn no_proxy_for_port(list: &str, port: u16) -> String {
    let entries = list.split(',').map(str::trim).filter_map(|entry| {
        let entry = entry
            .strip_prefix('*')
            .filter(|rest| rest.starts_with('.'))
            .unwrap_or(entry);
        match split_port(entry) {
            Some((host, for_port)) => (for_port == port).then_some(host),
            None => Some(entry.trim_start_matches('[').trim_end_matches(']')),
        }
    });
    entries.collect::<Vec<_>>().join(",")
}

/// `host:port` or `[address]:port` taken apart; `None` for an entry without a port (a bare IPv6
/// address has more than one colon).
fn split_port(entry: &str) -> Option<(&str, u16)> {
    let (host, port) = match entry.strip_prefix('[') {
        Some(bracketed) => bracketed.split_once("]:")?,
        None if entry.matches(':').count() == 1 => entry.split_once(':')?,
        None => return None,
    };
    Some((host, port.parse().ok()?))
}
