//! `reconcile`: the paid and overpaid invoices of a range, with their order ids, streamed in any
//! format, so that a job can fulfil what missed postbacks did not; and the default range of
//! `invoices find`. It runs from cron, where only the exit status is read: an entry it cannot
//! judge (unreadable, or a status it does not know, which may be a paid invoice) ends the run
//! with [`INCOMPLETE`], after everything it could judge has been written.

use std::io::Write;
use std::process::ExitCode;

use cryptocloud::{Client, Date, DateRange, Invoice, InvoiceStatus};
use futures_util::TryStreamExt;

use crate::args::{Format, Reconcile};
use crate::export::first_skipped;
use crate::failure::Failure;
use crate::output::InvoiceSink;
use crate::shown::{VALUE, shown};

/// The exit status of a run that listed what it could judge and left entries for a person.
pub(crate) const INCOMPLETE: u8 = 3;

/// How many invoices with an unknown status a message names.
const NAMED: usize = 5;

pub(crate) async fn run(
    client: &Client,
    options: &Reconcile,
    range: DateRange,
    format: Format,
    out: &mut impl Write,
) -> Result<ExitCode, Failure> {
    let mut sink = InvoiceSink::start(format, out)?;
    // The whole list, not `paid_invoices`: that one drops every status it does not know.
    let mut invoices = client.invoices(range);
    let mut unknown = Unknown::default();
    while let Some(invoice) = invoices.try_next().await? {
        match invoice.status {
            InvoiceStatus::Paid | InvoiceStatus::Overpaid => sink.write(&invoice)?,
            InvoiceStatus::Created | InvoiceStatus::Partial | InvoiceStatus::Canceled => {}
            _ => unknown.add(&invoice),
        }
    }
    let written = sink.finish()?;
    eprintln!(
        "{written} paid or overpaid invoices created {} to {}",
        range.start(),
        range.end()
    );
    let skipped = invoices.unreadable();
    let mut problems = Vec::new();
    if !skipped.is_empty() {
        problems.push(format!(
            "{} entries of the answers could not be read, and any may be a paid invoice ({})",
            skipped.len(),
            first_skipped(skipped)
        ));
    }
    if unknown.count > 0 {
        problems.push(format!(
            "{} invoices have a status this tool does not know, and any may be paid: {}",
            unknown.count,
            unknown.named.join(", ")
        ));
    }
    if problems.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    if options.strict {
        return Err(Failure::new(problems.join("; "))
            .hint("look them up on the dashboard; without --strict the run exits with status 3"));
    }
    for problem in problems {
        eprintln!("warning: {problem}");
    }
    eprintln!(
        "exit status {INCOMPLETE}: the invoices listed are paid, but the entries above need a look on the dashboard"
    );
    Ok(ExitCode::from(INCOMPLETE))
}

/// The invoices whose status is none of the five documented ones.
#[derive(Default)]
struct Unknown {
    count: u64,
    /// The first few, as `INV-… (status)`.
    named: Vec<String>,
}

impl Unknown {
    fn add(&mut self, invoice: &Invoice) {
        self.count += 1;
        if self.named.len() < NAMED {
            let status = shown(invoice.status.as_str(), VALUE);
            self.named.push(format!("{} ({status})", invoice.uuid));
        } else if self.named.len() == NAMED {
            self.named.push(String::from("…"));
        }
    }
}

/// Yesterday and today (UTC): where an invoice created just now may be, near midnight too.
pub(crate) fn today_and_yesterday() -> Result<DateRange, Failure> {
    let today = Date::try_from(time::OffsetDateTime::now_utc().date())
        .map_err(|error| Failure::new(format!("the clock's date is out of range: {error}")))?;
    Ok(DateRange::last_days(today, 2))
}
