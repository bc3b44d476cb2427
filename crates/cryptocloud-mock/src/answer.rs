//! An answer a handler gives, before the server applies faults and writes it.

use crate::json::Json;

#[derive(Debug)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) body: Vec<u8>,
    pub(crate) content_type: &'static str,
}

impl Answer {
    /// A JSON answer, written compactly as Django REST Framework renders it.
    pub(crate) fn json(status: u16, body: &Json) -> Answer {
        Answer {
            status,
            body: body.compact().into_bytes(),
            content_type: "application/json",
        }
    }

    /// An HTML page (what proxies and Django send for some errors).
    pub(crate) fn html(status: u16, page: &'static str) -> Answer {
        Answer {
            status,
            body: page.as_bytes().to_vec(),
            content_type: "text/html",
        }
    }
}
