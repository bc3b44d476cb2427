//! Classification: every way an attempt fails becomes an [`Error`], with whether the request may
//! have reached the server.

use std::error::Error as StdError;

use cryptocloud_types::call::{CallError, Cause as CallCause, Failure};
use cryptocloud_types::{BodySnippet, InvoiceId, PagingError, ResponseError, UnreadableInvoice};

use super::{Error, ErrorKind};
use crate::body::BodyError;
use crate::tunnel::ProxyAuthRequired;

impl Error {
    /// A failure to get response headers. Only a failure of the connector (TCP, the proxy's
    /// tunnel, the TLS handshake) is certainly not sent: once the connection is up, any failure,
    /// TLS included, may come after request bytes were written.
    pub(crate) fn from_send(error: hyper_util::client::legacy::Error) -> Error {
        if !error.is_connect() {
            return Error::new(ErrorKind::Transport)
                .with_source(error)
                .sent(true);
        }
        let kind = if let Some(refused) = find_in_chain::<ProxyAuthRequired>(&error) {
            ErrorKind::ProxyAuthRequired {
                proxy: refused.proxy.to_string(),
            }
        } else if find_in_chain::<rustls::Error>(&error).is_some() {
            ErrorKind::Tls
        } else {
            ErrorKind::Connect
        };
        Error::new(kind).with_source(error).sent(false)
    }

    /// A failure to read the body within the cap of `limit` bytes.
    pub(crate) fn from_body(error: BodyError, limit: usize) -> Error {
        match error {
            BodyError::TooLarge => Error::new(ErrorKind::BodyTooLarge { limit }).sent(true),
            BodyError::Broken(error) => Error::new(ErrorKind::Transport)
                .with_source(error)
                .sent(true),
        }
    }

    /// The answer about `id` did not include it.
    pub(crate) fn not_found(id: InvoiceId) -> Error {
        Error::new(ErrorKind::InvoiceNotFound(id))
            .sent(true)
            .during("invoice_info", 1)
    }

    /// The answer held an entry for the invoice asked for, but it could not be read.
    pub(crate) fn unreadable(entry: UnreadableInvoice) -> Error {
        Error::new(ErrorKind::Decode {
            status: 200,
            body: BodySnippet::new(entry.raw.text().as_bytes()),
        })
        .with_source(entry.reason)
        .sent(true)
        .during("invoice_info", 1)
    }

    /// A list walk stopped by a page that cannot be right.
    pub(crate) fn paging(error: PagingError) -> Error {
        Error::new(ErrorKind::Paging(error))
            .sent(true)
            .during("list_invoices", 1)
    }

    /// An attempt that ran out of time.
    pub(crate) fn timed_out(elapsed: tokio::time::error::Elapsed) -> Error {
        Error::new(ErrorKind::Timeout)
            .with_source(elapsed)
            .sent(true)
    }

    /// What the call core gave up with, as the client's error: the last attempt's own error, or
    /// the answer; whether it may have been sent is the core's judgment over every attempt.
    pub(crate) fn from_call(error: CallError<Error>, operation: &'static str) -> Error {
        let mut classified = match error.cause {
            CallCause::Failed(_, failed) => failed,
            CallCause::Answer(ResponseError::Api(api)) => Error::new(ErrorKind::Api(api)),
            CallCause::Answer(ResponseError::Decode {
                status,
                source,
                body,
            }) => Error::new(ErrorKind::Decode { status, body }).with_source(source),
            CallCause::Answer(ResponseError::Drifted(answer)) => {
                Error::new(ErrorKind::Drifted(answer))
            }
            CallCause::Answer(other) => Error::new(ErrorKind::Transport).with_source(other),
        };
        classified.inner.retry_after = error.retry_after;
        classified
            .sent(error.may_have_been_sent)
            .during(operation, error.attempts)
    }

    /// The class of a failed attempt, for the call core.
    pub(crate) fn failure(&self) -> Failure {
        match self.inner.kind {
            ErrorKind::Connect => Failure::Unreachable,
            ErrorKind::Timeout => Failure::TimedOut,
            ErrorKind::BodyTooLarge { .. } => Failure::TooLarge,
            // A certificate or handshake refusal, or a proxy that wants other credentials:
            // nothing was written, and another try will not change it.
            ErrorKind::Tls | ErrorKind::ProxyAuthRequired { .. } => Failure::Refused,
            _ if !self.may_have_been_sent() => Failure::Refused,
            _ => Failure::Broken,
        }
    }
}

/// The first error of type `T` in the chain. `io::Error::source()` skips the error it wraps, so
/// wrapped errors are followed through `get_ref()` instead.
fn find_in_chain<'a, T: StdError + 'static>(error: &'a (dyn StdError + 'static)) -> Option<&'a T> {
    let mut current = Some(error);
    while let Some(error) = current {
        if let Some(found) = error.downcast_ref::<T>() {
            return Some(found);
        }
        current = match error
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref)
        {
            Some(wrapped) => Some(wrapped as &(dyn StdError + 'static)),
            None => error.source(),
        };
    }
    None
}
