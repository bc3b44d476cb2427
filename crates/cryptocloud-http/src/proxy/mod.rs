//! Reaching the API through an HTTP proxy, as corporate networks require: which proxy, chosen
//! once in `build()` from the builder or else the environment (`HTTPS_PROXY`, `NO_PROXY`). The
//! tunnel itself is `tunnel.rs`; what a proxy URL may be is `address.rs`.

use std::ffi::OsString;
use std::fmt;

use http::Uri;
use hyper_util::client::proxy::matcher::{Intercept, Matcher};

use crate::Error;

mod address;
mod no_proxy;

use address::{agreed, check, redact};
use no_proxy::{effective_port, no_proxy_for_port};

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
        let (matcher, url, origin) = match self {
            ProxySetting::Off => return Ok(None),
            ProxySetting::Url(url) => {
                check(url, "proxy()")?;
                (
                    Matcher::builder().all(url.as_str()).build(),
                    url.as_str(),
                    "proxy()",
                )
            }
            ProxySetting::Environment => {
                // Like Go's net/http: a proxy elsewhere cannot reach this machine's loopback,
                // so the environment never sends the local server through one.
                if base.host().is_some_and(crate::loopback::is_loopback) {
                    return Ok(None);
                }
                let Some((name, url)) = first_set(&var, ["HTTPS_PROXY", "https_proxy"])? else {
                    return Ok(None);
                };
                check(&url, name)?;
                let no_proxy = first_set(&var, ["NO_PROXY", "no_proxy"])?.unwrap_or_default();
                let no_proxy = no_proxy_for_port(&no_proxy.1, effective_port(&base));
                let matcher = Matcher::builder().https(url.as_str()).no(no_proxy).build();
                return match matcher.intercept(&base) {
                    Some(proxy) => agreed(proxy, &url, name).map(Some),
                    None => Ok(None),
                };
            }
        };
        matcher
            .intercept(&base)
            .map(|proxy| agreed(proxy, url, origin))
            .transpose()
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

impl fmt::Debug for ProxySetting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProxySetting::Environment => f.write_str("Environment"),
            ProxySetting::Url(url) => f.debug_tuple("Url").field(&redact(url)).finish(),
            ProxySetting::Off => f.write_str("Off"),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use std::error::Error as StdError;

    use hyper_util::client::legacy::connect::HttpConnector;

    use super::*;
    use crate::tunnel::Connector;

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
        let encoded = ProxySetting::Url(String::from("http://alice:s%23%2F%3F%40t@proxy.corp:1"));
        let proxy = encoded.resolve(API, |_| None).unwrap().unwrap();
        // base64("alice:s#/?@t")
        assert_eq!(proxy.basic_auth().unwrap(), "Basic YWxpY2U6cyMvP0B0");
    }

    #[test]
    fn an_environment_value_is_never_quoted_with_its_credentials() {
        for value in [
            "alice:pa#ss@proxy.corp:3128",
            "ftp://alice:pass@proxy.corp:1",
            "http://proxy.corp:3128/?token=pa#ss",
        ] {
            let error = chain(&resolve_err(API, &[("HTTPS_PROXY", value)]));
            assert!(error.contains("HTTPS_PROXY"), "{error}");
            assert!(
                !error.contains("alice") && !error.contains("pa#ss"),
                "{error}"
            );
            assert!(!error.contains(":pass@"), "{error}");
        }
    }

    fn resolve_err(base: &str, vars: &[(&str, &str)]) -> Error {
        resolve(base, vars).unwrap_err()
    }

    #[test]
    fn no_proxy_entries_with_a_port_or_a_wildcard() {
        let via = ("HTTPS_PROXY", "http://proxy.corp:3128");
        for (base, no_proxy, bypassed) in [
            (API, "api.cryptocloud.plus:443", true),
            (API, "api.cryptocloud.plus:8443", false),
            (API, "*.cryptocloud.plus", true),
            (API, "*.example.com, *", true),
            (API, "*.example.com", false),
            ("https://10.1.2.3:8443", "10.1.2.3:8443", true),
            ("https://10.1.2.3:8443", "10.1.2.3:443", false),
            ("https://[fd00::1]:8443", "[fd00::1]:8443", true),
            ("https://[fd00::1]:8443", "[fd00::1]", true),
            ("https://[fd00::1]:8443", "fd00::/8", true),
            ("https://[fd00::1]:8443", "[fd00::1]:1", false),
        ] {
            let proxy = resolve(base, &[via, ("NO_PROXY", no_proxy)]).unwrap();
            assert_eq!(proxy.is_none(), bypassed, "{base} with NO_PROXY={no_proxy}");
        }
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
    fn passwords_with_url_delimiters_are_refused_with_a_hint() {
        for url in [
            "http://alice:pa#ss@proxy.corp:3128",
            "http://alice:pa/ss@proxy.corp:3128",
            "http://alice:pa?ss@proxy.corp:3128",
            "http://alice:pa@ss@proxy.corp:3128",
            "alice:pa#ss@proxy.corp:3128",
            "http://proxy.corp:3128/path",
        ] {
            let error = chain(
                &ProxySetting::Url(String::from(url))
                    .resolve(API, |_| None)
                    .unwrap_err(),
            );
            assert!(error.contains("percent-encode"), "{url}: {error}");
            assert!(
                !error.contains("pa#ss") && !error.contains("alice"),
                "{error}"
            );
        }
    }
}
