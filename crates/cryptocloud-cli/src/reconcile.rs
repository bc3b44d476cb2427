//! `reconcile`: the paid and overpaid invoices of a range, with their order ids, streamed in any
//! format, so that a job can fulfil what missed postbacks did not; and the default range of
//! `invoices find`.

use std::io::Write;

use cryptocloud::{Client, Date, DateRange};
use futures_util::TryStreamExt;

use crate::args::Format;
use crate::export::first_skipped;
use crate::failure::Failure;
use crate::output::InvoiceSink;

pub(crate) async fn run(
    client: &Client,
    range: DateRange,
    strict: bool,
    format: Format,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let mut sink = InvoiceSink::start(format, out)?;
    let mut paid = client.paid_invoices(range);
    while let Some(invoice) = paid.try_next().await? {
        sink.write(&invoice)?;
    }
    let written = sink.finish()?;
    let skipped = paid.unreadable();
    if !skipped.is_empty() {
        let message = format!(
            "{} entries of the answers could not be read, and any may be a paid invoice ({})",
            skipped.len(),
            first_skipped(skipped)
        );
        if strict {
            return Err(Failure::new(message)
                .hint("look them up on the dashboard; without --strict they are only counted"));
        }
        eprintln!("warning: {message}");
    }
    eprintln!(
        "{written} paid or overpaid invoices created {} to {}",
        range.start(),
        range.end()
    );
    Ok(())
}

/// Yesterday and today (UTC): where an invoice created just now may be, near midnight too.
pub(crate) fn today_and_yesterday() -> Result<DateRange, Failure> {
    let today = Date::try_from(time::OffsetDateTime::now_utc().date())
        .map_err(|error| Failure::new(format!("the clock's date is out of range: {error}")))?;
    Ok(DateRange::last_days(today, 2))
}
