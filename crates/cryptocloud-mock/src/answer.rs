//! An answer a handler gives, before the server applies faults and writes it.

/// An answer before faults are applied.
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) body: Vec<u8>,
}

impl Answer {
    pub(crate) fn raw(status: u16, body: String) -> Answer {
        Answer {
            status,
            body: body.into_bytes(),
        }
    }

    pub(crate) fn json(status: u16, body: serde_json::Value) -> Answer {
        Answer {
            status,
            body: body.to_string().into_bytes(),
        }
    }
}
