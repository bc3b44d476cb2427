//! What a proxy URL may be: `[http://][user[:password]@]host:port`, read the same way by every
//! parser that sees it, and shown only without its credentials.

use hyper_util::client::proxy::matcher::Intercept;

use crate::Error;

/// The proxy as hyper-util read `url`, if it read the host and port that `check` did: two
/// parsers that disagree about a URL must not pick the proxy between them.
pub(super) fn agreed(proxy: Intercept, url: &str, origin: &str) -> Result<Intercept, Error> {
    let expected = host_and_port(url);
    let read = proxy.uri().authority().map(|authority| authority.as_str());
    if read == Some(expected) {
        return Ok(proxy);
    }
    Err(Error::invalid(format!(
        "the proxy URL `{}` from {origin} is read as proxy {}: {ENCODE_HINT}",
        redact(url),
        read.unwrap_or("(none)")
    )))
}

/// What a proxy URL says after its scheme and credentials: `host:port`.
fn host_and_port(url: &str) -> &str {
    let rest = &url[scheme_end(url)..];
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    rest.rsplit_once('@').map_or(rest, |(_, host)| host)
}

/// How to write a user name or password that holds a URL delimiter.
const ENCODE_HINT: &str = "write it as http://user:password@host:port, and percent-encode `@`, \
    `#`, `/`, `?` and `:` in the user name or password (%40, %23, %2F, %3F, %3A)";

/// Refuses a proxy URL the tunnel cannot use, naming where it came from; the error shows the URL
/// without its credentials. A URL must be `[http://][user[:password]@]host:port[/]` and nothing
/// more: a `#`, `/`, `?` or second `@` in a password would move where the host seems to start.
pub(super) fn check(url: &str, origin: &str) -> Result<(), Error> {
    let shown = redact(url);
    let rest = &url[scheme_end(url)..];
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    if rest.contains(['/', '?', '#']) || rest.matches('@').count() > 1 {
        return Err(Error::invalid(format!(
            "the proxy URL `{shown}` from {origin} is more than a proxy's address: {ENCODE_HINT}"
        )));
    }
    let uri: http::Uri = url.parse().map_err(|error| {
        Error::invalid_because(
            format!("the proxy URL `{shown}` from {origin} is not a URL ({ENCODE_HINT})"),
            error,
        )
    })?;
    match uri.scheme_str() {
        None | Some("http") => {}
        Some("https") => {
            return Err(Error::invalid(format!(
                "the proxy URL `{shown}` from {origin} is https://: give the proxy as http:// \
                 (the connection to CryptoCloud is TLS inside the tunnel either way)"
            )));
        }
        Some(_) => {
            return Err(Error::invalid(format!(
                "the proxy URL `{shown}` from {origin} must be http://host:port"
            )));
        }
    }
    if uri.host().is_none_or(str::is_empty) {
        return Err(Error::invalid(format!(
            "the proxy URL `{shown}` from {origin} has no host"
        )));
    }
    if uri.authority().map(|authority| authority.as_str()) != Some(rest) {
        return Err(Error::invalid(format!(
            "the proxy URL `{shown}` from {origin} does not read as one address: {ENCODE_HINT}"
        )));
    }
    Ok(())
}

/// Where a URL's authority starts: after `scheme://`, if it has a scheme.
fn scheme_end(url: &str) -> usize {
    match url.split_once("://") {
        Some((scheme, _))
            if !scheme.is_empty()
                && scheme
                    .bytes()
                    .all(|byte| byte.is_ascii_alphanumeric() || b"+-.".contains(&byte)) =>
        {
            scheme.len() + 3
        }
        _ => 0,
    }
}

/// `url` as it may be shown: everything between its scheme and its last `@` (any credentials,
/// however they are written) replaced by `***`, and anything after the host and port (a path or
/// query that could hold a token) cut to `…`.
pub(super) fn redact(url: &str) -> String {
    let start = scheme_end(url);
    let (hidden, rest) = match url[start..].rfind('@') {
        Some(at) => ("***", &url[start + at..]),
        None => ("", &url[start..]),
    };
    let (address, cut) = match rest.find(['/', '?', '#']) {
        Some(end) if end + 1 < rest.len() || rest.ends_with(['?', '#']) => (&rest[..end], "…"),
        _ => (rest, ""),
    };
    format!("{}{hidden}{address}{cut}", &url[..start])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_hides_credentials_and_whatever_follows_the_address() {
        assert_eq!(redact("http://u:p@h:1/x@y"), "http://***@y");
        assert_eq!(redact("u:p@h:1"), "***@h:1");
        assert_eq!(redact("http://h:1"), "http://h:1");
        assert_eq!(redact("http://h:1/"), "http://h:1/");
        assert_eq!(redact("http://h:1/?token=SECRET"), "http://h:1…");
        assert_eq!(redact("http://u:p@h:1#SECRET"), "http://***@h:1…");
        assert_eq!(redact("http://u:p@a@h:1"), "http://***@h:1");
        assert_eq!(
            redact("http://alice:pa#ss@proxy:3128"),
            "http://***@proxy:3128"
        );
        assert_eq!(redact("alice:pa/ss@proxy:3128"), "***@proxy:3128");
        assert_eq!(redact("alice:pa?x://ss@proxy:3128"), "***@proxy:3128");
    }
}
