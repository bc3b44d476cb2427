//! Fetching invoices by id: at most [`GetInvoices::MAX_IDS`] ids per request, each id once, the
//! answers merged in the order asked.

use alloc::boxed::Box;
use alloc::collections::{BTreeMap, BTreeSet};
use alloc::vec::Vec;

use crate::{GetInvoices, InvalidRequest, Invoice, InvoiceId, InvoiceList, UnreadableInvoice};

/// The requests for a set of ids, and how their answers come together.
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::call::InfoBatches;
/// use cryptocloud::{InvoiceId, InvoiceList, decode_response, GetInvoices};
///
/// let ids: Vec<InvoiceId> = (0..250).map(|n| format!("INV-{n:08}").parse().unwrap()).collect();
/// let batches = InfoBatches::new(ids.iter().cloned().chain(ids.iter().cloned()));
/// let requests = batches.requests()?;
/// assert_eq!(requests.iter().map(|batch| batch.ids().len()).collect::<Vec<_>>(), [100, 100, 50]);
///
/// let answer = decode_response::<GetInvoices>(200, br#"{"status":"success","result":[
///     {"uuid":"INV-00000001","status":"paid"},{"uuid":"INV-00000000","status":"paid"}]}"#)?;
/// let merged = batches.merge([answer, InvoiceList::default(), InvoiceList::default()]);
/// assert_eq!(merged.invoices[0].uuid.to_string(), "INV-00000000", "in the order asked");
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct InfoBatches {
    ids: Vec<InvoiceId>,
}

impl InfoBatches {
    /// The distinct ids of `ids`, in their first order.
    pub fn new(ids: impl IntoIterator<Item = InvoiceId>) -> InfoBatches {
        let mut seen = BTreeSet::new();
        let ids = ids
            .into_iter()
            .filter(|id| seen.insert(id.clone()))
            .collect();
        InfoBatches { ids }
    }

    /// The ids, each once, in order.
    pub fn ids(&self) -> &[InvoiceId] {
        &self.ids
    }

    /// One request per [`GetInvoices::MAX_IDS`] ids (none for no ids).
    pub fn requests(&self) -> Result<Vec<GetInvoices>, InvalidRequest> {
        self.ids
            .chunks(GetInvoices::MAX_IDS)
            .map(|batch| GetInvoices::new(batch.iter().cloned()))
            .collect()
    }

    /// The answers to [`requests`](Self::requests) as one list: the invoices in the order asked
    /// (ids the API did not answer are left out), the unreadable entries of every answer kept
    /// (their positions count within their own answer).
    pub fn merge(&self, answers: impl IntoIterator<Item = InvoiceList>) -> InvoiceList {
        let mut merged = InvoiceList::default();
        let mut by_id = BTreeMap::new();
        for answer in answers {
            let invoices = answer.invoices.into_iter();
            by_id.extend(invoices.map(|invoice| (invoice.uuid.clone(), invoice)));
            merged.unreadable.extend(answer.unreadable);
        }
        merged.invoices = self.ids.iter().filter_map(|id| by_id.remove(id)).collect();
        merged
    }
}

/// One invoice looked for in an info answer.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Lookup {
    /// It is there.
    Found(Box<Invoice>),
    /// It is not among the readable entries, but the answer had one that could not be read: most
    /// likely it.
    Unreadable(UnreadableInvoice),
    /// The API does not know it.
    Missing,
}

impl Lookup {
    /// `id` in `answer`.
    pub fn in_answer(mut answer: InvoiceList, id: &InvoiceId) -> Lookup {
        if let Some(index) = answer
            .invoices
            .iter()
            .position(|invoice| invoice.uuid == *id)
        {
            return Lookup::Found(Box::new(answer.invoices.swap_remove(index)));
        }
        match answer.unreadable.into_iter().next() {
            Some(entry) => Lookup::Unreadable(entry),
            None => Lookup::Missing,
        }
    }
}
