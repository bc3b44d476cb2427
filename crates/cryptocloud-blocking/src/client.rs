//! The blocking client: settings, keys, pacing gates and one ureq agent, shared by its clones.

use std::fmt;
use std::sync::Arc;

use cryptocloud_types::call::{Call, CallSettings};
use cryptocloud_types::{ApiKey, Credentials, Locale, Operation, PageSize};

use crate::pacing::{Clock, Pacing, Turn};
use crate::{ClientBuilder, Error, driver};

/// A blocking CryptoCloud API client. Cheap to clone (one connection pool, one set of pacing
/// gates) and safe to share across threads.
///
/// ```no_run
/// # mod cryptocloud { pub mod blocking { pub use cryptocloud_blocking::*; } pub use cryptocloud_types::*; }
/// use cryptocloud::blocking::Client;
/// use cryptocloud::ApiKey;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let client = Client::builder(ApiKey::new(std::env::var("CRYPTOCLOUD_API_KEY")?)?).build()?;
/// for balance in client.balance()? {
///     println!("{:?}: {:?}", balance.currency.code, balance.balance_usd);
/// }
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) settings: Settings,
    credentials: Credentials,
    pacing: Pacing,
    clock: Clock,
    base_url: String,
    agent: ureq::Agent,
}

/// What a client keeps of its builder.
#[derive(Clone, Debug)]
pub(crate) struct Settings {
    pub(crate) call: CallSettings,
    pub(crate) max_body_size: usize,
    pub(crate) locale: Option<Locale>,
    pub(crate) page_size: PageSize,
}

impl Client {
    /// Starts configuring a client for the project whose API key this is.
    pub fn builder(api_key: ApiKey) -> ClientBuilder {
        ClientBuilder::new(api_key)
    }

    pub(crate) fn from_parts(
        settings: Settings,
        credentials: Credentials,
        pacing: Pacing,
        base_url: String,
        agent: ureq::Agent,
    ) -> Client {
        Client {
            inner: Arc::new(Inner {
                settings,
                credentials,
                pacing,
                clock: Clock::start(),
                base_url,
                agent,
            }),
        }
    }

    /// Sends any operation and decodes its answer, as the call core decides: the route's key and
    /// default language, its pacing (calls of a paced endpoint go one at a time, across threads),
    /// its retries (never of a call that may have been executed and is not safe to repeat) and
    /// the deadline.
    pub fn send<O: Operation>(&self, operation: &O) -> Result<O::Output, Error> {
        let name = O::ROUTE.name();
        let inner = &self.inner;
        let call = Call::new(
            operation,
            &inner.credentials,
            inner.settings.locale,
            inner.settings.call,
            fastrand::u64(..),
        )
        .map_err(|error| Error::invalid(error).during(name, 0))?;
        let outgoing = driver::outgoing(&inner.base_url, call.request()).map_err(|error| {
            Error::invalid_because(String::from("the request cannot be sent"), error)
                .during(name, 0)
        })?;
        let turn = inner.pacing.turn(O::ROUTE, inner.clock);
        let call = call.not_before(turn.as_ref().and_then(Turn::opens_at));
        let cap = inner.settings.max_body_size;
        let result = driver::drive(&inner.agent, &outgoing, cap, inner.clock, call);
        drop(turn);
        result.map_err(|error| Error::from_call(error, name))
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("settings", &self.inner.settings)
            .finish_non_exhaustive()
    }
}
