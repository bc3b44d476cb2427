//! The rules that make a call safe, as a sans-I/O core: no clock, no sleep, no socket.
//!
//! A transport (the async client on hyper, the blocking client, an edge worker's `fetch`, a
//! microcontroller's modem) drives a [`Call`]: it asks what to do next and gets a [`Step`] —
//! send the request, wait until a [`Moment`], or finish with the result — and it feeds back what
//! happened (an answer, or a [`Failure`]) with the time it happened. Every decision lives here,
//! table-tested once for every driver:
//!
//! - **retries** by the route's [`Policy`](crate::Policy): a call that creates something is never
//!   sent again once it may have reached the server; `Retry-After` is honoured up to a bound; the
//!   whole call keeps to its deadline ([`decide`], [`RetryPolicy`]);
//! - **pacing** as data: a [`Gate`] per paced route says when its next call may start, and the
//!   driver holds it for the call and shares it between calls;
//! - **batching**: [`InfoBatches`] splits ids into requests of at most 100 and merges the answers
//!   in the order asked;
//! - **paging**: [`PageWalk`](crate::PageWalk) decides which window comes next and when a walk
//!   ends;
//! - **catching up**: [`is_paid_in_full`] and [`OrderSearch`] filter the list for reconcile and
//!   for "did my create go through?";
//! - **fulfilling once**: one [`FulfilmentKey`] for every path that finds a payment, and
//!   [`ExpectedOrder`] to check the paid invoice against the merchant's own order;
//! - **confirmation** of a verified postback against the re-fetched invoice (`Confirmation`,
//!   with the `postback` feature).
//!
//! ```
//! # use cryptocloud_types as cryptocloud;
//! use core::time::Duration;
//! use cryptocloud::call::{Call, CallSettings, Failure, Moment, Step};
//! use cryptocloud::{ApiKey, Credentials, GetBalance};
//!
//! let credentials = Credentials::new(ApiKey::new("project-key")?);
//! let call = Call::<GetBalance, &str>::new(&GetBalance::new(), &credentials, None, CallSettings::default(), 7)?;
//! assert_eq!(call.request().path_and_query(), "/v2/merchant/wallet/balance/all");
//!
//! // The first attempt: the connection is refused, so nothing was sent and it is tried again.
//! let Step::Send(attempt) = call.start(Moment::ZERO) else { unreachable!() };
//! let Step::Wait(waiting) = attempt.failed(Moment::ZERO, Failure::Unreachable, "refused") else { unreachable!() };
//! assert!(waiting.until() <= Moment::ZERO + Duration::from_millis(200));
//!
//! // The second attempt gets an answer.
//! let until = waiting.until();
//! let Step::Send(attempt) = waiting.resume(until) else { unreachable!() };
//! let body = br#"{"status":"success","result":[]}"#;
//! let Step::Done(Ok(balances)) = attempt.answered(waiting_done(), 200, None, body) else { unreachable!() };
//! assert!(balances.is_empty());
//! # fn waiting_done() -> Moment { Moment::ZERO + Duration::from_millis(300) }
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```

mod batch;
#[cfg(feature = "postback")]
mod confirm;
mod failure;
mod fulfil;
mod machine;
mod moment;
mod pacing;
mod reconcile;
mod retry;

pub use batch::{InfoBatches, Lookup};
#[cfg(feature = "postback")]
pub use confirm::{ClaimField, Confirmation, PostbackOutcome};
pub use failure::{CallError, Cause, Failure};
pub use fulfil::{ExpectedOrder, FulfilmentKey, OrderField, OrderMismatch};
pub use machine::{Call, CallSettings, Sending, Step, Waiting};
pub use moment::Moment;
pub use pacing::Gate;
pub use reconcile::{OrderSearch, is_paid_in_full};
pub use retry::{Outcome, RetryPolicy, decide};
