//! `POST /v2/invoice/merchant/info`: invoices by id, at most 100 per request, in no guaranteed
//! order.

use alloc::vec::Vec;

use serde::{Deserializer, Serialize};

use super::{InvalidRequest, Operation, Route};
use crate::{InvoiceId, InvoiceList};

/// Fetches 1 to 100 invoices by id.
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::{GetInvoices, InvoiceId, Operation};
/// let ids: Vec<InvoiceId> = vec!["INV-89UX09KA".parse()?, "AAAAAAAA".parse()?];
/// let info = GetInvoices::new(ids)?;
/// assert_eq!(info.body()?, br#"{"uuids":["INV-89UX09KA","INV-AAAAAAAA"]}"#);
/// assert!(GetInvoices::new(Vec::new()).is_err());
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
#[derive(Clone, Debug, Serialize)]
pub struct GetInvoices {
    uuids: Vec<InvoiceId>,
}

impl GetInvoices {
    /// The most ids one request takes (the route's [`Policy::max_ids`](crate::Policy::max_ids)).
    pub const MAX_IDS: usize = match Route::InvoiceInfo.policy().max_ids {
        Some(max) => max,
        None => usize::MAX,
    };

    /// Asks for `ids` (1 to [`MAX_IDS`](Self::MAX_IDS)).
    pub fn new(ids: impl IntoIterator<Item = InvoiceId>) -> Result<GetInvoices, InvalidRequest> {
        let uuids: Vec<InvoiceId> = ids.into_iter().collect();
        if uuids.is_empty() || uuids.len() > Self::MAX_IDS {
            return Err(InvalidRequest::IdCount {
                count: uuids.len(),
                max: Self::MAX_IDS,
            });
        }
        Ok(GetInvoices { uuids })
    }

    /// The ids asked for.
    pub fn ids(&self) -> &[InvoiceId] {
        &self.uuids
    }
}

impl Operation for GetInvoices {
    const ROUTE: Route = Route::InvoiceInfo;
    type Payload = InvoiceList;
    type Output = InvoiceList;

    fn read_payload<'de, D: Deserializer<'de>>(
        deserializer: D,
        body_len: usize,
    ) -> Result<InvoiceList, D::Error> {
        InvoiceList::read_sized(deserializer, body_len)
    }
}
