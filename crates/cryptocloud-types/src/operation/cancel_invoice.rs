//! `POST /v2/invoice/merchant/canceled`: cancels an unpaid invoice. Safe to retry: a second call
//! answers `validate_error: Invoice is not created` and changes nothing.

use serde::Serialize;

use super::{Operation, Route};
use crate::{Cancelled, InvoiceId};

/// Cancels an invoice that is still `created`.
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::{CancelInvoice, Operation};
/// let cancel = CancelInvoice::new("INV-89UX09KA".parse()?);
/// assert_eq!(cancel.body()?, br#"{"uuid":"INV-89UX09KA"}"#);
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
#[derive(Clone, Debug, Serialize)]
pub struct CancelInvoice {
    uuid: InvoiceId,
}

impl CancelInvoice {
    /// Cancels `invoice`.
    pub const fn new(invoice: InvoiceId) -> CancelInvoice {
        CancelInvoice { uuid: invoice }
    }
}

impl Operation for CancelInvoice {
    const ROUTE: Route = Route::CancelInvoice;
    type Payload = Cancelled;
    type Output = Cancelled;
}
