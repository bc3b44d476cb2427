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
        let key = global.api_key.as_deref().ok_or_else(|| {
            Failure::new("no API key").hint(
                "set CRYPTOCLOUD_API_KEY (or pass --api-key), or try --mock to use a local server",
            )
        })?;
        let mut builder = Client::builder(ApiKey::new(key)?)
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
