//! One-shot faults: what the next request to one operation meets, queued from the library
//! ([`MockServer::fail_next`](crate::MockServer::fail_next)) or `POST /_mock/faults`. They
//! rehearse what per-mille rates cannot aim at: "lose the answer of the next create", "answer
//! the next withdrawal 524".

use std::collections::{BTreeMap, VecDeque};
use std::sync::Mutex;

use http::StatusCode;
use serde::Deserialize;

use crate::answer::Answer;
use crate::operation::Operation;

/// What the next request to one operation meets, once.
///
/// ```
/// use cryptocloud_mock::OneShotFault;
/// // A gateway that gave up waiting: the withdrawal was made, the caller hears 524.
/// let fault = OneShotFault::AnswerAfterServing(524);
/// assert!(fault.is_served());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum OneShotFault {
    /// The connection is dropped before the request is served: nothing happened.
    Reset,
    /// The request is served (the invoice created, the withdrawal made), then the connection is
    /// dropped without an answer.
    LoseAnswer,
    /// A gateway answers this status (400 to 599) with its HTML page; the request is not served.
    /// A 429 carries `Retry-After: 1`.
    Answer(u16),
    /// The request is served, then a gateway answers this status (400 to 599) with its HTML
    /// page, as one that gave up waiting for the server does (502, 504, Cloudflare's 524).
    AnswerAfterServing(u16),
}

impl OneShotFault {
    /// Whether the request is served (the operation takes effect) before the fault.
    pub fn is_served(self) -> bool {
        matches!(
            self,
            OneShotFault::LoseAnswer | OneShotFault::AnswerAfterServing(_)
        )
    }

    fn status(self) -> Option<u16> {
        match self {
            OneShotFault::Answer(status) | OneShotFault::AnswerAfterServing(status) => Some(status),
            OneShotFault::Reset | OneShotFault::LoseAnswer => None,
        }
    }
}

/// A one-shot fault whose status is not an error status.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a one-shot fault answers an error status, 400 to 599, not {status}")]
pub struct FaultError {
    /// The status asked for.
    pub status: u16,
}

/// The faults waiting, per operation, in the order they were asked for.
#[derive(Debug, Default)]
pub(crate) struct PendingFaults(Mutex<BTreeMap<Operation, VecDeque<OneShotFault>>>);

impl PendingFaults {
    pub(crate) fn push(&self, operation: Operation, fault: OneShotFault) -> Result<(), FaultError> {
        if let Some(status) = fault.status()
            && !(400..=599).contains(&status)
        {
            return Err(FaultError { status });
        }
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .entry(operation)
            .or_default()
            .push_back(fault);
        Ok(())
    }

    /// The fault the request now arriving for `operation` meets, if one is waiting.
    pub(crate) fn take(&self, operation: Operation) -> Option<OneShotFault> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .get_mut(&operation)?
            .pop_front()
    }
}

/// A `POST /_mock/faults` body: `{"operation": "create_invoice", "fault": "lose_answer"}`, or
/// `"fault": "answer"` with `"status": 524` and optionally `"served": true`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FaultRequest {
    operation: Operation,
    fault: FaultKind,
    status: Option<u16>,
    #[serde(default)]
    served: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum FaultKind {
    Reset,
    LoseAnswer,
    Answer,
}

/// What a `POST /_mock/faults` body asks for.
pub(crate) const FAULT_REQUEST: &str = "{\"operation\": \"create_invoice|create_withdrawal|…\", \"fault\": \"reset|lose_answer|answer\", \"status\": 524, \"served\": true}";

impl FaultRequest {
    /// The operation and its fault, or why the request does not make one.
    pub(crate) fn fault(&self) -> Result<(Operation, OneShotFault), &'static str> {
        let fault = match (&self.fault, self.status, self.served) {
            (FaultKind::Reset, None, false) => OneShotFault::Reset,
            (FaultKind::LoseAnswer, None, _) => OneShotFault::LoseAnswer,
            (FaultKind::Answer, Some(status), false) => OneShotFault::Answer(status),
            (FaultKind::Answer, Some(status), true) => OneShotFault::AnswerAfterServing(status),
            (FaultKind::Answer, None, _) => return Err("\"fault\": \"answer\" needs a \"status\""),
            _ => {
                return Err(
                    "only \"fault\": \"answer\" takes a \"status\", and only it or \"lose_answer\" is served",
                );
            }
        };
        Ok((self.operation, fault))
    }
}

/// A gateway's error page with `status`.
pub(crate) fn gateway_page(status: u16) -> Answer {
    let reason = match status {
        524 => "A timeout occurred",
        _ => StatusCode::from_u16(status)
            .ok()
            .and_then(|status| status.canonical_reason())
            .unwrap_or("Error"),
    };
    let page = format!(
        "<html><head><title>{status} {reason}</title></head><body><center><h1>{status} {reason}</h1></center></body></html>"
    );
    Answer {
        status,
        body: page.into_bytes(),
        content_type: "text/html",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_come_once_each_in_order_per_operation() {
        let pending = PendingFaults::default();
        pending
            .push(Operation::CreateInvoice, OneShotFault::LoseAnswer)
            .unwrap();
        pending
            .push(Operation::CreateInvoice, OneShotFault::Answer(503))
            .unwrap();
        assert_eq!(pending.take(Operation::Balance), None);
        assert_eq!(
            pending.take(Operation::CreateInvoice),
            Some(OneShotFault::LoseAnswer)
        );
        assert_eq!(
            pending.take(Operation::CreateInvoice),
            Some(OneShotFault::Answer(503))
        );
        assert_eq!(pending.take(Operation::CreateInvoice), None);
        assert_eq!(
            pending.push(Operation::Balance, OneShotFault::Answer(200)),
            Err(FaultError { status: 200 })
        );
    }
}
