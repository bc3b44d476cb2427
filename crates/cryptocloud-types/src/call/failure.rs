//! What an attempt can end with besides an answer, and what a call that gave up reports.

use core::time::Duration;

use crate::ResponseError;

/// How an attempt failed before a whole answer arrived, as the driver classifies its own
/// transport's error. The class decides two things: whether the request may have reached the
/// server, and whether trying again can help.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Failure {
    /// No connection: refused, unreachable, DNS, a TCP connect timeout. **No request byte was
    /// written.** Worth another try, whatever the route.
    Unreachable,
    /// Refused before the request was written, in a way another try will not change: an
    /// untrusted certificate, a failed TLS handshake, a proxy that wants credentials. No request
    /// byte was written.
    Refused,
    /// No complete answer in time, after the request may have been written.
    TimedOut,
    /// The connection broke after the request may have been written (a reset, a truncated body,
    /// a protocol error, TLS failing on an open connection).
    Broken,
    /// An answer came, but its body is larger than the driver's cap.
    TooLarge,
}

impl Failure {
    /// Whether the request may have reached the server: `false` only when no byte of it was
    /// written.
    pub const fn may_have_been_sent(self) -> bool {
        !matches!(self, Failure::Unreachable | Failure::Refused)
    }
}

/// Why a call gave up: the last attempt's failure (the driver's own error `E`) or the API's
/// answer, with what is known of the call.
#[derive(Debug)]
#[non_exhaustive]
pub struct CallError<E> {
    /// What the last attempt ended with.
    pub cause: Cause<E>,
    /// Attempts made, the last included.
    pub attempts: u32,
    /// Whether any attempt may have reached the server (and been executed). When this is
    /// `true` for a call that is not safe to repeat, look before sending it again.
    pub may_have_been_sent: bool,
    /// How long the server asked to wait (`Retry-After`), if it said.
    pub retry_after: Option<Duration>,
}

/// What the last attempt of a failed call ended with.
#[derive(Debug)]
pub enum Cause<E> {
    /// No usable answer: the driver's error, as it classified it.
    Failed(Failure, E),
    /// An answer that is an error, or does not decode to the operation's output.
    Answer(ResponseError),
}
