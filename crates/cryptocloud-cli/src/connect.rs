//! The client to work with: CryptoCloud with the user's key, or a local mock server.

use cryptocloud::{ApiKey, Client, ShopId};
use cryptocloud_mock::{MockConfig, MockServer};

use crate::args::{Global, Withdraw};
use crate::failure::Failure;
use crate::secret::Sources;

/// A client, and the mock server behind it when --mock is on (kept alive with it).
pub(crate) struct Session {
    pub(crate) client: Client,
    mock: Option<MockServer>,
}

impl Session {
    /// Connects as `global` says; `withdrawal_key` is added when given.
    pub(crate) async fn open(
        global: &Global,
        withdrawal_key: Option<ApiKey>,
    ) -> Result<Session, Failure> {
        if global.mock {
            let server = MockServer::start(MockConfig::default())
                .await
                .map_err(|error| {
                    Failure::new("cannot start the local mock server").caused_by(error)
                })?;
            let client = Client::builder(server.api_key())
                .withdrawal_key(server.withdrawal_key())
                .base_url(server.base_url())
                .allow_http_loopback(true)
                .build()?;
            return Ok(Session {
                client,
                mock: Some(server),
            });
        }
        check_base_url(&global.base_url, global.allow_http)?;
        let mut builder = Client::builder(project_key(global)?)
            .base_url(&global.base_url)
            .allow_http_loopback(global.allow_http);
        if let Some(key) = withdrawal_key {
            builder = builder.withdrawal_key(key);
        }
        Ok(Session {
            client: builder.build()?,
            mock: None,
        })
    }

    /// The shop id given, or the mock's.
    pub(crate) fn shop_id(&self, given: Option<&str>) -> Result<ShopId, Failure> {
        match (given, &self.mock) {
            (Some(shop), _) => Ok(shop.parse()?),
            (None, Some(mock)) => Ok(mock.shop_id()),
            (None, None) => {
                Err(Failure::new("no shop id").hint("set CRYPTOCLOUD_SHOP_ID or pass --shop-id"))
            }
        }
    }

    /// Stops the mock server, if any.
    pub(crate) async fn close(self) {
        if let Some(mock) = self.mock {
            mock.shutdown().await;
        }
    }
}

/// The project key: from --api-key-file (a file, or `-` for stdin), else --api-key or
/// $CRYPTOCLOUD_API_KEY.
fn project_key(global: &Global) -> Result<ApiKey, Failure> {
    let sources = Sources {
        what: "the API key",
        file: global.api_key_file.as_deref(),
        value: global.api_key.as_ref(),
        flag: "--api-key",
    };
    let key = sources.read()?.ok_or_else(|| {
        Failure::new("no API key").hint(
            "set CRYPTOCLOUD_API_KEY (or pass --api-key-file), or try --mock to use a local server",
        )
    })?;
    Ok(ApiKey::new(key.as_str())?)
}

/// The withdrawal key, checked before anything is asked or sent; `None` with --mock, which
/// brings its own.
pub(crate) fn withdrawal_key(
    global: &Global,
    withdraw: &Withdraw,
) -> Result<Option<ApiKey>, Failure> {
    if global.mock {
        return Ok(None);
    }
    let sources = Sources {
        what: "the withdrawal key",
        file: withdraw.withdrawal_key_file.as_deref(),
        value: withdraw.withdrawal_key.as_ref(),
        flag: "--withdrawal-key",
    };
    let key = sources.read()?.ok_or_else(|| {
        Failure::new("no withdrawal key").hint(
            "set CRYPTOCLOUD_WITHDRAWAL_KEY (or pass --withdrawal-key-file): the account's withdrawal key, not the project's API key",
        )
    })?;
    Ok(Some(ApiKey::new(key.as_str())?))
}

/// Refuses a base URL that would leak: credentials or a fragment in it (they would be printed
/// in errors and mean a mistake), or plain http without --allow-http (a stale
/// CRYPTOCLOUD_BASE_URL would send the real key unencrypted). The URL itself is never quoted.
fn check_base_url(url: &str, allow_http: bool) -> Result<(), Failure> {
    let Some((scheme, rest)) = url.split_once("://") else {
        return Err(Failure::new("the base URL does not start with https://")
            .hint("check --base-url and CRYPTOCLOUD_BASE_URL"));
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Err(Failure::new(
            "the base URL holds a user name or password (before `@`); it is not printed",
        )
        .hint("remove it from --base-url or CRYPTOCLOUD_BASE_URL: the API key goes in a header"));
    }
    if url.contains('#') {
        return Err(
            Failure::new("the base URL holds a `#` fragment; it is not printed")
                .hint("check --base-url and CRYPTOCLOUD_BASE_URL"),
        );
    }
    if scheme.eq_ignore_ascii_case("http") && !allow_http {
        return Err(Failure::new(
            "the base URL is plain http: the API key would travel unencrypted",
        )
        .hint("use https; for a test server on this machine pass --allow-http (or use --mock)"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_that_leak_are_refused() {
        for url in [
            "https://user:pw@api.cryptocloud.plus",
            "https://user@api.cryptocloud.plus/v2",
            "https://api.cryptocloud.plus/#x",
            "http://127.0.0.1:8080",
            "api.cryptocloud.plus",
        ] {
            assert!(check_base_url(url, false).is_err(), "{url}");
        }
        assert!(check_base_url("https://api.cryptocloud.plus", false).is_ok());
        assert!(check_base_url("https://api.cryptocloud.plus/path?q=a@b", false).is_ok());
        assert!(check_base_url("HTTP://127.0.0.1:8080", true).is_ok());
    }
}
