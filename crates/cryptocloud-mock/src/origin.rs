//! DNS rebinding: a web page whose name resolves to 127.0.0.1 reaches this server with its own
//! name in `Host`, and its scripts send its own origin in `Origin`. Only this machine's loopback
//! names with the server's port are served, on every path, and a request from any other origin
//! is refused, so such a page can neither pay invoices (firing signed postbacks) nor call the
//! API. Neither refusal repeats what the request said: it is attacker text.

use http::HeaderMap;
use http::header::{HOST, ORIGIN};
use http::uri::Authority;

use crate::answer::Answer;
use crate::request::detail;

/// The names this server answers to (compared without regard to case).
const LOOPBACK_NAMES: [&str; 3] = ["127.0.0.1", "localhost", "[::1]"];

/// The refusal for a request that did not come from this machine's own names, if it did not.
/// `authority` is the request line's (HTTP/2 carries the host there instead of in `Host`).
pub(crate) fn refusal(
    headers: &HeaderMap,
    authority: Option<&Authority>,
    port: u16,
) -> Option<Answer> {
    let host = match headers.get(HOST) {
        Some(host) => host.to_str().ok(),
        None => authority.map(Authority::as_str),
    };
    if !host.is_some_and(|host| is_loopback(host, port)) {
        let message = format!(
            "Invalid Host header: this server answers only to 127.0.0.1, localhost or [::1] on port {port}"
        );
        return Some(detail(400, &message));
    }
    let foreign = headers.get_all(ORIGIN).iter().any(|origin| {
        !origin
            .to_str()
            .ok()
            .and_then(|origin| origin.strip_prefix("http://"))
            .is_some_and(|host| is_loopback(host, port))
    });
    foreign.then(|| {
        detail(
            403,
            "Origin refused: only pages this server serves may send it requests",
        )
    })
}

/// Whether `authority` is a loopback name with `port` (80 when none is written).
fn is_loopback(authority: &str, port: u16) -> bool {
    let (name, written_port) = match authority.rsplit_once(':') {
        Some((name, digits)) if !authority.ends_with(']') => (name, Some(digits)),
        _ => (authority, None),
    };
    let port_matches = match written_port {
        None => port == 80,
        Some(digits) => {
            !digits.is_empty()
                && digits.bytes().all(|byte| byte.is_ascii_digit())
                && digits.parse::<u16>() == Ok(port)
        }
    };
    port_matches
        && LOOPBACK_NAMES
            .iter()
            .any(|loopback| loopback.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::is_loopback;

    #[test]
    fn only_loopback_names_with_the_port_match() {
        for yes in ["127.0.0.1:8080", "LOCALHOST:8080", "[::1]:8080"] {
            assert!(is_loopback(yes, 8080), "{yes}");
        }
        assert!(is_loopback("localhost", 80));
        for no in [
            "localhost",
            "localhost:",
            "localhost:+8080",
            "localhost:08080x",
            "127.0.0.2:8080",
            "evil.localhost:8080",
            "[::1]",
            "[::2]:8080",
            "localhost:8080:8080",
        ] {
            assert!(!is_loopback(no, 8080), "{no}");
        }
    }
}
