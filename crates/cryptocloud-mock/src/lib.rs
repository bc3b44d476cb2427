//! A faithful local CryptoCloud API server, for tests and demos: what stripe-mock is to Stripe.
//!
//! It serves every API operation on 127.0.0.1 with the real API's wire, written from the
//! reference's captured answers and not from any client's models: the create answer's exact keys
//! and order, the wide invoice shape of info and the list, the two currency shapes, Python's
//! number printing, DRF's JSON-or-form request bodies and its refusals, the list's end-position
//! `limit` paging, and a deterministic data set from a seed whose statistics agree exactly with
//! the list for any date range. Created invoices appear in the list and info, cancel changes the
//! status, balances follow payments. A control path pays invoices and sends postbacks signed as
//! CryptoCloud signs them (HS256 over `id` and `exp`, by the `jsonwebtoken` crate); another lets
//! them expire; a third takes payments into static wallets, each making a paid invoice whose
//! `order_id` is the wallet's `identify`, with its postback ([`MockServer::pay_static_wallet`],
//! and a page per wallet, `/wallet/{uuid}`, with a button for it). Every invoice's `link` is `http://127.0.0.1:<port>/pay/<ID>`, a checkout page this
//! server serves (amount, coin, address and its QR code, a countdown) whose buttons pay or expire
//! the invoice through those control paths and then go on to the project's success or fail URL
//! ([`MockConfig::success_url`], [`MockConfig::fail_url`]). Faults
//! (latency, 429, 5xx, resets, truncated or slow bodies) and quirks (the other shapes the real
//! API sends) can be switched on, and one-shot faults aimed at the next request of one operation
//! ([`MockServer::fail_next`]). It answers only to loopback names with its own port and refuses
//! requests from other origins, so a web page cannot reach it through DNS rebinding.
//!
//! ```
//! use cryptocloud_mock::{MockConfig, MockServer};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let server = MockServer::start(MockConfig { invoices: 100, ..MockConfig::default() }).await?;
//! println!("CryptoCloud on {}", server.base_url());
//! assert_eq!(server.invoices().len(), 100);
//! server.shutdown().await;
//! # Ok(()) }
//! ```

#![deny(missing_docs)]

mod address;
mod answer;
mod api;
mod catalog;
mod checkout;
mod config;
mod control;
mod counters;
mod dataset;
mod dates;
mod delivery;
mod fault;
mod json;
mod operation;
mod origin;
mod payment;
mod postback;
mod quirks;
mod record;
mod request;
mod send_page;
mod server;
mod state;
mod store;
mod transfer;
mod wallet_page;
mod wire;

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use cryptocloud_types::postback::PostbackSecret;
use cryptocloud_types::{ApiKey, Decimal, InvoiceId, SecretError, ShopId, StaticWalletId};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use config::{
    DEFAULT_API_KEY, DEFAULT_POSTBACK_SECRET, DEFAULT_SHOP_ID, DEFAULT_WITHDRAWAL_KEY, Faults,
    MockConfig, Quirks,
};
pub use counters::MockStats;
pub use fault::{FaultError, OneShotFault};
pub use operation::Operation;
pub use payment::{ExpiryError, Payment, PaymentError, PaymentReport};
pub use postback::PostbackFormat;

use state::State;

/// Why a mock server could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StartError {
    /// The port could not be bound.
    #[error("cannot listen on 127.0.0.1:{port}")]
    Bind {
        /// The port asked for.
        port: u16,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A key, secret or shop id in the configuration is not usable.
    #[error("the mock configuration is invalid: {0}")]
    Config(String),
}

/// A running mock server. Dropping it or calling [`shutdown`](Self::shutdown) stops it.
#[derive(Debug)]
pub struct MockServer {
    address: SocketAddr,
    api_key: ApiKey,
    withdrawal_key: ApiKey,
    postback_secret: PostbackSecret,
    shop_id: ShopId,
    state: Arc<State>,
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
}

impl MockServer {
    /// Generates the data set and starts serving on 127.0.0.1.
    pub async fn start(config: MockConfig) -> Result<MockServer, StartError> {
        let api_key =
            ApiKey::new(config.api_key.clone()).map_err(|error| invalid("api_key", &error))?;
        let withdrawal_key = ApiKey::new(config.withdrawal_key.clone())
            .map_err(|error| invalid("withdrawal_key", &error))?;
        let postback_secret = PostbackSecret::new(config.postback_secret.clone())
            .map_err(|error| invalid("postback_secret", &error))?;
        let shop_id = ShopId::parse(&config.shop_id)
            .map_err(|error| StartError::Config(format!("shop_id: {error}")))?;
        web_page("success_url", &config.success_url)?;
        web_page("fail_url", &config.fail_url)?;

        let port = config.port;
        let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port)))
            .await
            .map_err(|source| StartError::Bind { port, source })?;
        let address = listener
            .local_addr()
            .map_err(|source| StartError::Bind { port, source })?;
        let state = Arc::new(State::new(config, address));
        let (stop, stopped) = watch::channel(false);
        let task = tokio::spawn(server::accept(listener, Arc::clone(&state), stopped));
        Ok(MockServer {
            address,
            api_key,
            withdrawal_key,
            postback_secret,
            shop_id,
            state,
            stop,
            task: Some(task),
        })
    }

    /// `http://127.0.0.1:<port>`, for [`ClientBuilder::base_url`] (with `allow_http_loopback`).
    ///
    /// [`ClientBuilder::base_url`]: https://docs.rs/cryptocloud-http
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The address served.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The project API key the server accepts.
    pub fn api_key(&self) -> ApiKey {
        self.api_key.clone()
    }

    /// The withdrawal key the server accepts.
    pub fn withdrawal_key(&self) -> ApiKey {
        self.withdrawal_key.clone()
    }

    /// The secret postbacks are signed with.
    pub fn postback_secret(&self) -> PostbackSecret {
        self.postback_secret.clone()
    }

    /// The shop id the server accepts.
    pub fn shop_id(&self) -> ShopId {
        self.shop_id.clone()
    }

    /// Every invoice the server holds now, oldest first, as `merchant/info` and the list send
    /// them (without quirks). Decode them with the model you test, e.g. with
    /// `serde_json::from_value`.
    pub fn invoices(&self) -> Vec<serde_json::Value> {
        let store = self.state.store();
        store
            .all()
            .iter()
            .map(|invoice| wire::invoice(invoice, &self.state.project).to_value())
            .collect()
    }

    /// What the server has seen so far.
    pub fn stats(&self) -> MockStats {
        self.state.counters.snapshot()
    }

    /// Pays an invoice and sends its postback to the configured URL, as `POST
    /// /_mock/invoices/{id}/pay` does (and as the checkout page's buttons do).
    pub async fn pay(
        &self,
        invoice: &InvoiceId,
        payment: Payment,
        format: PostbackFormat,
    ) -> Result<PaymentReport, PaymentError> {
        payment::pay(&self.state, invoice.bare(), payment, format).await
    }

    /// Takes a payment of `amount` (in the wallet's coin, in no more places than the coin has)
    /// into a static wallet, as a customer's transfer to its address would, and as `POST
    /// /_mock/wallets/{uuid}/pay` and the wallet's page (`/wallet/{uuid}`) do. Like CryptoCloud,
    /// the server makes an invoice for the payment, paid, whose `order_id` is the wallet's
    /// `identify`, and sends its postback (`order_id` the same). The server keeps money in USD
    /// cents, so the amount credited is the payment's worth to the cent, less the service fee.
    ///
    /// ```
    /// use cryptocloud_mock::{MockConfig, MockServer, PostbackFormat};
    /// use cryptocloud_types::{Decimal, StaticWalletId};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let server = MockServer::start(MockConfig::default()).await?;
    /// // Only a wallet made with `create_static_wallet` can be paid into (the README's
    /// // "Static wallets" section has the whole top-up).
    /// let unknown: StaticWalletId = "1K0NFXT9E1X3VOY07VY1LRV8XGMLQNQX".parse()?;
    /// let amount = Decimal::new(125, 4); // 0.0125
    /// let refused = server.pay_static_wallet(&unknown, amount, PostbackFormat::Json).await;
    /// assert!(refused.is_err());
    /// # Ok(()) }
    /// ```
    pub async fn pay_static_wallet(
        &self,
        wallet: &StaticWalletId,
        amount: Decimal,
        format: PostbackFormat,
    ) -> Result<PaymentReport, PaymentError> {
        payment::top_up(&self.state, wallet.as_str(), amount, format).await
    }

    /// Sends `amount` to `address`, as a customer's wallet does when a shop shows the payment on
    /// a page of its own, and as `POST /_mock/transfers` and the test wallet's page (`/send`) do:
    /// the open invoice with that deposit address is paid when `amount` is exactly what it waits
    /// for (anything else is refused, saying what is due); a static wallet's address takes any
    /// amount, as [`pay_static_wallet`](Self::pay_static_wallet) does. The postback follows.
    pub async fn transfer(
        &self,
        address: &str,
        amount: Decimal,
        format: PostbackFormat,
    ) -> Result<PaymentReport, PaymentError> {
        transfer::transfer(&self.state, address, amount, format).await
    }

    /// Lets an unpaid invoice expire now, as `POST /_mock/invoices/{id}/expire` does: it is
    /// canceled, and no postback is sent. The invoice afterwards, as `merchant/info` sends it.
    pub fn expire(&self, invoice: &InvoiceId) -> Result<serde_json::Value, ExpiryError> {
        payment::expire(&self.state, invoice.bare())
    }

    /// Queues `fault` for the next request to `operation`'s path: one request meets it, then
    /// the operation is served as before. Faults for one operation come in the order queued;
    /// `POST /_mock/faults` does the same over HTTP.
    ///
    /// ```
    /// use cryptocloud_mock::{MockConfig, MockServer, OneShotFault, Operation};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let server = MockServer::start(MockConfig::default()).await?;
    /// // The next create makes its invoice, and its caller never hears of it.
    /// server.fail_next(Operation::CreateInvoice, OneShotFault::LoseAnswer)?;
    /// // The next withdrawal is made, and a gateway answers 524.
    /// server.fail_next(Operation::CreateWithdrawal, OneShotFault::AnswerAfterServing(524))?;
    /// # Ok(()) }
    /// ```
    pub fn fail_next(&self, operation: Operation, fault: OneShotFault) -> Result<(), FaultError> {
        self.state.one_shot.push(operation, fault)
    }

    /// A client builder for this server: its keys, its base URL over plain http (loopback
    /// only), no proxy. Set what your test needs, then `build()`. With the `client` feature.
    ///
    /// ```
    /// use cryptocloud_mock::{MockConfig, MockServer};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let server = MockServer::start(MockConfig { invoices: 3, ..MockConfig::default() }).await?;
    /// let client = server.client_builder().timeout(std::time::Duration::from_secs(5)).build()?;
    /// assert!(!client.balance().await?.is_empty());
    /// # Ok(()) }
    /// ```
    #[cfg(feature = "client")]
    pub fn client_builder(&self) -> cryptocloud_http::ClientBuilder {
        cryptocloud_http::Client::builder(self.api_key())
            .withdrawal_key(self.withdrawal_key())
            .base_url(self.base_url())
            .allow_http_loopback(true)
            .no_proxy()
    }

    /// A client for this server with the default settings: [`client_builder`](Self::client_builder),
    /// built. With the `client` feature.
    #[cfg(feature = "client")]
    pub fn client(&self) -> Result<cryptocloud_http::Client, cryptocloud_http::Error> {
        self.client_builder().build()
    }

    /// Stops accepting, lets open requests finish (up to a second), and returns.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

/// The checkout page sends customers to `url`: a `javascript:` or `data:` URL there would run in
/// the page's origin, so only absolute http(s) URLs are taken.
fn web_page(field: &str, url: &str) -> Result<(), StartError> {
    let uri = url.parse::<http::Uri>().ok();
    let web = uri.as_ref().is_some_and(|uri| {
        let http = uri.scheme_str().is_some_and(|scheme| {
            scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")
        });
        http && uri.host().is_some_and(|host| !host.is_empty())
    });
    if web {
        Ok(())
    } else {
        Err(StartError::Config(format!(
            "{field} must be an absolute http:// or https:// URL"
        )))
    }
}

fn invalid(field: &str, error: &SecretError) -> StartError {
    StartError::Config(format!("{field}: {error}"))
}
