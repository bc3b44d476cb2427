//! Reaching the API through an HTTP proxy, as corporate networks require: a CONNECT tunnel to the
//! API's host, chosen once in `build()` from the builder or else the environment. TLS runs inside
//! the tunnel, so the proxy sees the host name and port, never the traffic.

use std::error::Error as StdError;
use std::ffi::OsString;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use http::Uri;
use http::uri::Scheme;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::connect::proxy::Tunnel;
use hyper_util::client::proxy::matcher::{Intercept, Matcher};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;
use tower_service::Service;

use crate::Error;

/// Where a client's proxy comes from.
#[derive(Clone, Default)]
pub(crate) enum ProxySetting {
    /// `HTTPS_PROXY` / `https_proxy`, less the hosts of `NO_PROXY` / `no_proxy`.
    #[default]
    Environment,
    /// Set in the builder: every connection goes through it.
    Url(String),
    /// Set in the builder: no connection goes through a proxy.
    Off,
}

impl ProxySetting {
    /// The proxy for connections to `base_url`, if any. `var` reads an environment variable; it
    /// is passed in so that tests need not change the process environment.
    pub(crate) fn resolve(
        &self,
        base_url: &str,
        var: impl Fn(&str) -> Option<OsString>,
    ) -> Result<Option<Intercept>, Error> {
        let base: Uri = base_url.parse().map_err(|error| {
            Error::invalid_because(format!("the base URL `{base_url}` is not a URL"), error)
        })?;
        let matcher = match self {
            ProxySetting::Off => return Ok(None),
            ProxySetting::Url(url) => {
                check(url, "proxy()")?;
                Matcher::builder().all(url.as_str()).build()
            }
            ProxySetting::Environment => {
                // Like Go's net/http: a proxy elsewhere cannot reach this machine's loopback,
                // so the environment never sends the local server through one.
                if base.host().is_some_and(crate::config::is_loopback) {
                    return Ok(None);
                }
                let Some((name, url)) = first_set(&var, ["HTTPS_PROXY", "https_proxy"])? else {
                    return Ok(None);
                };
                check(&url, name)?;
                let no_proxy = first_set(&var, ["NO_PROXY", "no_proxy"])?.unwrap_or_default();
                Matcher::builder().https(url).no(no_proxy.1).build()
            }
        };
        Ok(matcher.intercept(&base))
    }
}

/// The first of `names` that is set and not empty, with its name.
fn first_set<const N: usize>(
    var: impl Fn(&str) -> Option<OsString>,
    names: [&'static str; N],
) -> Result<Option<(&'static str, String)>, Error> {
    for name in names {
        let Some(value) = var(name).filter(|value| !value.is_empty()) else {
            continue;
        };
        let value = value
            .into_string()
            .map_err(|_| Error::invalid(format!("the environment variable {name} is not UTF-8")))?;
        return Ok(Some((name, value)));
    }
    Ok(None)
}

/// Refuses a proxy URL the tunnel cannot use, naming where it came from; the error shows the URL
/// without its credentials.
fn check(url: &str, origin: &str) -> Result<(), Error> {
    let shown = redact(url);
    let uri: Uri = url.parse().map_err(|error| {
        Error::invalid_because(
            format!("the proxy URL `{shown}` from {origin} is not a URL"),
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
    Ok(())
}

/// `url` with any `user:password@` replaced by `***@`.
pub(crate) fn redact(url: &str) -> String {
    let start = url.find("://").map_or(0, |at| at + 3);
    let authority_end = url[start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |at| start + at);
    match url[start..authority_end].rfind('@') {
        Some(at) => format!("{}***{}", &url[..start], &url[start + at..]),
        None => url.to_owned(),
    }
}

impl fmt::Debug for ProxySetting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProxySetting::Environment => f.write_str("Environment"),
            ProxySetting::Url(url) => f.debug_tuple("Url").field(&redact(url)).finish(),
            ProxySetting::Off => f.write_str("Off"),
        }
    }
}

/// Opens the TCP connection under TLS: straight to the host, or through the proxy's tunnel.
#[derive(Clone, Debug)]
pub(crate) enum Connector {
    Direct(HttpConnector),
    Tunnel(Tunnel<HttpConnector>),
}

impl Connector {
    /// Connects with `tcp`, through `proxy` if there is one.
    pub(crate) fn new(tcp: HttpConnector, proxy: Option<&Intercept>) -> Connector {
        let Some(proxy) = proxy else {
            return Connector::Direct(tcp);
        };
        let tunnel = Tunnel::new(proxy.uri().clone(), tcp);
        match proxy.basic_auth() {
            Some(auth) => Connector::Tunnel(tunnel.with_auth(auth.clone())),
            None => Connector::Tunnel(tunnel),
        }
    }
}

type BoxError = Box<dyn StdError + Send + Sync>;
type Connecting = Pin<Box<dyn Future<Output = Result<TokioIo<TcpStream>, BoxError>> + Send>>;

impl Service<Uri> for Connector {
    type Response = TokioIo<TcpStream>;
    type Error = BoxError;
    type Future = Connecting;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        match self {
            Connector::Direct(tcp) => tcp.poll_ready(cx).map_err(Into::into),
            Connector::Tunnel(tunnel) => tunnel.poll_ready(cx).map_err(Into::into),
        }
    }

    fn call(&mut self, destination: Uri) -> Connecting {
        match self {
            Connector::Direct(tcp) => {
                let connecting = tcp.call(destination);
                Box::pin(async move { connecting.await.map_err(Into::into) })
            }
            Connector::Tunnel(tunnel) => {
                let connecting = tunnel.call(with_port(destination));
                Box::pin(async move { connecting.await.map_err(Into::into) })
            }
        }
    }
}

/// The tunnel asks for port 443 when the URI names none, which is wrong for a plain http base URL.
fn with_port(destination: Uri) -> Uri {
    if destination.port().is_some() || destination.scheme() != Some(&Scheme::HTTP) {
        return destination;
    }
    let Some(host) = destination.host() else {
        return destination;
    };
    let authority = format!("{host}:80");
    Uri::builder()
        .scheme(Scheme::HTTP)
        .authority(authority)
        .path_and_query("/")
        .build()
        .unwrap_or(destination)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    /// The error and its causes, as a log line would show them.
    fn chain(error: &Error) -> String {
        let mut shown = error.to_string();
        let mut cause = StdError::source(error);
        while let Some(error) = cause {
            shown = format!("{shown}: {error}");
            cause = error.source();
        }
        shown
    }

    fn resolve(base: &str, vars: &[(&str, &str)]) -> Result<Option<String>, Error> {
        let vars: HashMap<&str, &str> = vars.iter().copied().collect();
        let proxy =
            ProxySetting::Environment.resolve(base, |name| vars.get(name).map(OsString::from))?;
        Ok(proxy.map(|proxy| proxy.uri().to_string()))
    }

    const API: &str = "https://api.cryptocloud.plus";

    #[test]
    fn https_proxy_from_the_environment() {
        let proxy = Some(String::from("http://proxy.corp:3128/"));
        assert_eq!(
            resolve(API, &[("HTTPS_PROXY", "http://proxy.corp:3128")]).unwrap(),
            proxy
        );
        assert_eq!(
            resolve(API, &[("https_proxy", "proxy.corp:3128")]).unwrap(),
            proxy
        );
        // The upper-case name wins; an empty value counts as unset.
        let both = [
            ("HTTPS_PROXY", "proxy.corp:3128"),
            ("https_proxy", "other:1"),
        ];
        assert_eq!(resolve(API, &both).unwrap(), proxy);
        let empty = [("HTTPS_PROXY", ""), ("https_proxy", "proxy.corp:3128")];
        assert_eq!(resolve(API, &empty).unwrap(), proxy);
        assert_eq!(resolve(API, &[]).unwrap(), None);
        // Only HTTPS_PROXY names the proxy for the https API.
        let others = [
            ("HTTP_PROXY", "proxy.corp:3128"),
            ("ALL_PROXY", "proxy.corp:1"),
        ];
        assert_eq!(resolve(API, &others).unwrap(), None);
    }

    #[test]
    fn no_proxy_bypasses_matching_hosts() {
        let via = ("HTTPS_PROXY", "http://proxy.corp:3128");
        for no_proxy in [
            "api.cryptocloud.plus",
            ".cryptocloud.plus",
            "cryptocloud.plus",
            "*",
        ] {
            assert_eq!(
                resolve(API, &[via, ("NO_PROXY", no_proxy)]).unwrap(),
                None,
                "{no_proxy}"
            );
            assert_eq!(
                resolve(API, &[via, ("no_proxy", no_proxy)]).unwrap(),
                None,
                "{no_proxy}"
            );
        }
        let unrelated = [via, ("NO_PROXY", "example.com, 10.0.0.0/8")];
        assert!(resolve(API, &unrelated).unwrap().is_some());
        let network = [via, ("NO_PROXY", "example.com, 10.0.0.0/8")];
        assert_eq!(resolve("https://10.1.2.3:8443", &network).unwrap(), None);
    }

    #[test]
    fn the_environment_never_proxies_loopback() {
        let via = [("HTTPS_PROXY", "http://proxy.corp:3128")];
        for base in [
            "http://127.0.0.1:8080",
            "https://localhost:8443",
            "https://[::1]:8443",
        ] {
            assert_eq!(resolve(base, &via).unwrap(), None, "{base}");
        }
    }

    #[test]
    fn the_builder_overrides_the_environment() {
        let vars = |name: &str| (name == "HTTPS_PROXY").then(|| OsString::from("env:1"));
        let explicit = ProxySetting::Url(String::from("http://chosen:8080"));
        let proxy = explicit
            .resolve("http://127.0.0.1:9", vars)
            .unwrap()
            .unwrap();
        assert_eq!(proxy.uri(), "http://chosen:8080/");
        assert!(ProxySetting::Off.resolve(API, vars).unwrap().is_none());
    }

    #[test]
    fn credentials_become_basic_auth_and_are_never_shown() {
        let setting = ProxySetting::Url(String::from("http://alice:s3cret@proxy.corp:3128"));
        assert_eq!(
            format!("{setting:?}"),
            r#"Url("http://***@proxy.corp:3128")"#
        );
        let proxy = setting.resolve(API, |_| None).unwrap().unwrap();
        assert_eq!(proxy.uri(), "http://proxy.corp:3128/");
        // base64("alice:s3cret")
        assert_eq!(proxy.basic_auth().unwrap(), "Basic YWxpY2U6czNjcmV0");
        let connector = Connector::new(HttpConnector::new(), Some(&proxy));
        assert!(!format!("{proxy:?}{connector:?}").contains("s3cret"));
        assert!(!format!("{connector:?}").contains("YWxpY2U6czNjcmV0"));
    }

    #[test]
    fn unusable_proxy_urls_are_refused_without_their_credentials() {
        let refused = [
            ("https://alice:s3cret@proxy.corp:3128", "is https://"),
            (
                "socks5://alice:s3cret@proxy.corp:1080",
                "must be http://host:port",
            ),
            ("http://alice:s3cret@proxy corp", "is not a URL"),
            ("http://alice:s3cret@/", "is not a URL"),
        ];
        for (url, expected) in refused {
            let setting = ProxySetting::Url(String::from(url));
            let error = chain(&setting.resolve(API, |_| None).unwrap_err());
            assert!(error.contains(expected), "{url}: {error}");
            assert!(error.contains("***@"), "{url}: {error}");
            assert!(!error.contains("s3cret"), "{url}: {error}");
        }
        let from_env = |name: &str| (name == "https_proxy").then(|| OsString::from("ftp://p:1"));
        let error = chain(
            &ProxySetting::Environment
                .resolve(API, from_env)
                .unwrap_err(),
        );
        assert!(error.contains("from https_proxy"), "{error}");
    }

    #[test]
    fn redaction() {
        assert_eq!(redact("http://u:p@h:1/x@y"), "http://***@h:1/x@y");
        assert_eq!(redact("u:p@h:1"), "***@h:1");
        assert_eq!(redact("http://h:1"), "http://h:1");
        assert_eq!(redact("http://u:p@a@h:1"), "http://***@h:1");
    }

    #[test]
    fn plain_http_destinations_tunnel_to_port_80() {
        let uri = |s: &str| s.parse::<Uri>().unwrap();
        assert_eq!(
            with_port(uri("http://localhost/")),
            uri("http://localhost:80/")
        );
        assert_eq!(with_port(uri("http://[::1]/")), uri("http://[::1]:80/"));
        assert_eq!(
            with_port(uri("https://localhost/")),
            uri("https://localhost/")
        );
        assert_eq!(
            with_port(uri("http://localhost:8080/")),
            uri("http://localhost:8080/")
        );
    }
}
