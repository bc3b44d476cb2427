//! What the tool prints when something fails: one line saying what and why, a hint saying what
//! to do, and with --verbose the chain of causes. Messages and causes quote servers and files,
//! so they are printed escaped and cut ([`Shown`]).

use std::error::Error as StdError;
use std::fmt;
use std::process::ExitCode;

use cryptocloud::{ApiErrorKind, ErrorKind};

use crate::shown::{LINE, Shown};

/// A failure of the tool.
#[derive(Debug)]
pub(crate) struct Failure {
    message: String,
    /// The reader of our output went away (`cryptocloud … | head`): not worth a message.
    broken_pipe: bool,
    hint: Option<&'static str>,
    source: Option<Box<dyn StdError + Send + Sync>>,
    /// The exit status: 1, or 128 + the number of the signal that stopped the run.
    code: u8,
}

impl Failure {
    pub(crate) fn new(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            broken_pipe: false,
            hint: None,
            source: None,
            code: 1,
        }
    }

    /// The failure of a run stopped by a signal: exit status 128 + its number, as a shell sets.
    pub(crate) fn stopped_by(signal: &'static str, number: u8) -> Failure {
        Failure {
            code: 128 + number,
            ..Failure::new(format!("stopped by {signal}"))
        }
    }

    /// The exit status to end with.
    pub(crate) fn exit_code(&self) -> ExitCode {
        ExitCode::from(self.code)
    }

    pub(crate) fn hint(mut self, hint: &'static str) -> Failure {
        self.hint = Some(hint);
        self
    }

    pub(crate) fn caused_by(
        mut self,
        source: impl Into<Box<dyn StdError + Send + Sync>>,
    ) -> Failure {
        self.source = Some(source.into());
        self
    }

    /// Whether the output's reader closed it early (not an error worth reporting).
    pub(crate) fn is_broken_pipe(&self) -> bool {
        self.broken_pipe
    }

    fn output_failure(kind: Option<std::io::ErrorKind>, failure: Failure) -> Failure {
        Failure {
            broken_pipe: kind == Some(std::io::ErrorKind::BrokenPipe),
            ..failure
        }
    }

    /// Writes the failure to stderr: one line, a hint, and the causes when `verbose`.
    pub(crate) fn report(&self, verbose: bool) {
        eprintln!("error: {}", shown(&self.message));
        if let Some(hint) = self.hint {
            eprintln!("  hint: {hint}");
        }
        let mut cause = self
            .source
            .as_deref()
            .map(|source| source as &(dyn StdError + 'static));
        if verbose {
            while let Some(inner) = cause {
                eprintln!("  caused by: {}", shown(&inner.to_string()));
                cause = inner.source();
            }
        } else if cause.is_some() {
            eprintln!("  (--verbose shows the causes)");
        }
    }
}

fn shown(text: &str) -> Shown<'_> {
    Shown { text, max: LINE }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<cryptocloud::Error> for Failure {
    fn from(error: cryptocloud::Error) -> Failure {
        // No answer arrived (a timeout, a broken connection), or a gateway answered for the API
        // (its 502, 504 or 524 page), so a call that is not safe to repeat may have gone
        // through: say how to check, never "try again", which could pay twice. The API's own
        // error answer means it did not; a drifted success answer means it did.
        let uncertain = error.may_have_been_sent()
            && (matches!(
                error.kind(),
                ErrorKind::Timeout | ErrorKind::Transport | ErrorKind::BodyTooLarge { .. }
            ) || from_a_gateway(&error));
        let hint = match error.kind() {
            _ if error.went_through() => Some(
                "the call went through: do not repeat it; look it up by the id in the message (or by order id)",
            ),
            _ if uncertain && error.operation() == Some("create_invoice") => Some(
                "the invoice may have been created: wait a minute, then look for it by its order id (cryptocloud invoices find --order-id …) before creating it again",
            ),
            _ if uncertain && error.operation() == Some("create_withdrawal") => Some(
                "the withdrawal may have been made: check the balance (cryptocloud balance) and the dashboard before sending it again; no call lists withdrawals",
            ),
            _ if uncertain && error.operation() == Some("create_static_wallet") => Some(
                "the wallet may have been created: check the dashboard before creating another for this customer",
            ),
            _ if error.is_unauthorized() => Some(
                "check CRYPTOCLOUD_API_KEY: the project's API key (withdrawals take CRYPTOCLOUD_WITHDRAWAL_KEY)",
            ),
            _ if error.is_rate_limited() => Some("too many calls; wait a little and try again"),
            ErrorKind::Connect => {
                Some("check the network and --base-url; CryptoCloud could not be reached")
            }
            ErrorKind::Timeout => Some("CryptoCloud did not answer in time; try again later"),
            ErrorKind::Tls => Some("the server's certificate is not trusted; check --base-url"),
            ErrorKind::InvalidRequest => Some("see the cause with --verbose"),
            _ => None,
        };
        Failure {
            hint,
            ..Failure::new(error.to_string()).caused_by(error)
        }
    }
}

/// Whether a 5xx answer came from something between the tool and the API (a proxy, a load
/// balancer, Cloudflare): its body is not one of the API's error envelopes, so the request may
/// have been passed on, and carried out, before the gateway gave up.
fn from_a_gateway(error: &cryptocloud::Error) -> bool {
    error.api_error().is_some_and(|answer| {
        answer.status() >= 500
            && matches!(
                answer.kind(),
                ApiErrorKind::NotJson | ApiErrorKind::Unrecognized
            )
    })
}

impl From<cryptocloud::InvalidRequest> for Failure {
    fn from(error: cryptocloud::InvalidRequest) -> Failure {
        Failure::new(error.to_string())
    }
}

impl From<cryptocloud::IdError> for Failure {
    fn from(error: cryptocloud::IdError) -> Failure {
        Failure::new(error.to_string())
    }
}

impl From<cryptocloud::SecretError> for Failure {
    fn from(error: cryptocloud::SecretError) -> Failure {
        Failure::new(error.to_string())
    }
}

impl From<std::io::Error> for Failure {
    fn from(error: std::io::Error) -> Failure {
        let kind = Some(error.kind());
        Failure::output_failure(
            kind,
            Failure::new(format!("cannot write the output: {error}")).caused_by(error),
        )
    }
}

impl From<csv::Error> for Failure {
    fn from(error: csv::Error) -> Failure {
        let kind = match error.kind() {
            csv::ErrorKind::Io(io) => Some(io.kind()),
            _ => None,
        };
        Failure::output_failure(
            kind,
            Failure::new(format!("cannot write CSV: {error}")).caused_by(error),
        )
    }
}

impl From<serde_json::Error> for Failure {
    fn from(error: serde_json::Error) -> Failure {
        let kind = error.io_error_kind();
        Failure::output_failure(
            kind,
            Failure::new(format!("cannot write JSON: {error}")).caused_by(error),
        )
    }
}
