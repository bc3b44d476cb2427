//! The client to work with: CryptoCloud with the user's key, or a local mock server.

use cryptocloud::{ApiKey, Client, ShopId};
use cryptocloud_mock::{MockConfig, MockServer};

use crate::args::Global;
use crate::failure::Failure;

/// A client, and the mock server behind it when --mock is on (kept alive with it).
pub(crate) struct Session {
    pub(crate) client: Client,
    mock: Option<MockServer>,
}

impl Session {
    /// Connects as `global` says; `withdrawal_key` is added when given.
    pub(crate) async fn open(
        global: &Global,
        withdrawal_key: Option<&str>,
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
        let key = project_key(global)?;
        let mut builder = Client::builder(key)
            .base_url(&global.base_url)
            .allow_http_loopback(true);
        if let Some(key) = withdrawal_key {
            builder = builder.withdrawal_key(ApiKey::new(key)?);
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
/// $CRYPTOCLOUD_API_KEY. A key typed on the command line is visible to every user in the
/// process list, so it draws a warning.
fn project_key(global: &Global) -> Result<ApiKey, Failure> {
    if let Some(path) = &global.api_key_file {
        let text = if path.as_os_str() == "-" {
            std::io::read_to_string(std::io::stdin())
        } else {
            std::fs::read_to_string(path)
        }
        .map_err(|error| {
            Failure::new(format!(
                "cannot read the API key from {}: {error}",
                path.display()
            ))
            .caused_by(error)
        })?;
        return Ok(ApiKey::new(text.trim_end_matches(['\r', '\n']))?);
    }
    let key = global.api_key.as_deref().ok_or_else(|| {
        Failure::new("no API key").hint(
            "set CRYPTOCLOUD_API_KEY (or pass --api-key-file), or try --mock to use a local server",
        )
    })?;
    if std::env::args().any(|arg| arg == "--api-key" || arg.starts_with("--api-key=")) {
        eprintln!(
            "warning: a key given with --api-key is visible in the process list; use $CRYPTOCLOUD_API_KEY or --api-key-file"
        );
    }
    Ok(ApiKey::new(key)?)
}
