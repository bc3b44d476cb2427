//! `invoices export`: every invoice of a range, streamed page by page to stdout or a file, with a
//! progress bar on stderr when stderr is a terminal: towards the range's count from the
//! statistics endpoint, with an ETA, or a spinner if that count is not to be had. Memory does
//! not grow with the invoices. A file is replaced in one step, and only when the export
//! succeeded ([`crate::replace`]).

use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::time::Duration;

use cryptocloud::{Client, DateRange, PageSize, Statistics};
use futures_util::TryStreamExt;
use indicatif::{ProgressBar, ProgressStyle};

use crate::args::Format;
use crate::failure::Failure;
use crate::output::InvoiceSink;
use crate::replace::{Destination, Stopping};
use crate::shown::{VALUE, shown};

pub(crate) struct Options {
    pub(crate) range: DateRange,
    pub(crate) page_size: PageSize,
    pub(crate) prefetch: usize,
    pub(crate) strict: bool,
    pub(crate) output: Option<PathBuf>,
    pub(crate) format: Option<Format>,
}

pub(crate) async fn run(client: &Client, options: Options) -> Result<(), Failure> {
    let format = options
        .format
        .or_else(|| options.output.as_deref().and_then(format_of))
        .unwrap_or(Format::Table);
    // Listened for before the temporary file exists, so that no signal can leave it behind.
    let mut stopping = match options.output {
        Some(_) => Some(Stopping::listen()?),
        None => None,
    };
    let destination = options
        .output
        .as_deref()
        .map(Destination::open)
        .transpose()?;
    let out: Box<dyn Write + '_> = match &destination {
        Some(destination) => destination.writer(),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut sink = InvoiceSink::start(format, BufWriter::new(out))?;
    let progress = progress_bar(client, options.range).await;
    let mut invoices = client
        .invoices(options.range)
        .page_size(options.page_size)
        .prefetch(options.prefetch);
    loop {
        let next = match &mut stopping {
            Some(stopping) => tokio::select! {
                next = invoices.try_next() => next?,
                failure = stopping.signalled() => {
                    // Returning drops the sink, then the temporary file, which removes it.
                    progress.finish_and_clear();
                    return Err(failure.hint(
                        "the export did not finish: its temporary file is removed, and a file it would have replaced is untouched",
                    ));
                }
            },
            None => invoices.try_next().await?,
        };
        let Some(invoice) = next else { break };
        sink.write(&invoice)?;
        progress.inc(1);
        let per_second = progress.per_sec().round();
        progress.set_message(format!(
            "{} pages, {per_second:.0}/s",
            invoices.pages_fetched()
        ));
    }
    let skipped = invoices.unreadable();
    if options.strict && !skipped.is_empty() {
        // The temporary file is dropped unpersisted: no partial export under the target name.
        progress.finish_and_clear();
        return Err(Failure::new(format!(
            "{} entries of the answers could not be read (--strict); {}",
            skipped.len(),
            first_skipped(skipped)
        ))
        .hint("without --strict the export skips them, says how many, and goes on"));
    }
    let written = sink.finish()?;
    progress.finish_and_clear();
    if !skipped.is_empty() {
        eprintln!(
            "warning: {} entries could not be read and were skipped ({}); --strict makes this an error",
            skipped.len(),
            first_skipped(skipped)
        );
    }
    if let Some(destination) = destination {
        destination.commit()?;
    }
    if let Some(path) = &options.output {
        eprintln!(
            "{written} invoices written to {} ({} pages)",
            path.display(),
            invoices.pages_fetched()
        );
    }
    Ok(())
}

/// The first skipped entry, for messages: its reason and the start of its raw text, escaped.
pub(crate) fn first_skipped(skipped: &[cryptocloud::UnreadableInvoice]) -> String {
    skipped.first().map_or_else(String::new, |entry| {
        format!(
            "first: {}: {}",
            shown(&entry.reason.to_string(), VALUE),
            shown(entry.raw.text(), VALUE)
        )
    })
}

/// Progress on stderr, drawn only when it is a terminal (the count is only asked for then).
async fn progress_bar(client: &Client, range: DateRange) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let (bar, template) = match gauge(client.statistics(range).await) {
        Gauge::Bar(count) => (
            ProgressBar::new(count),
            "{bar:30} {pos}/{len} invoices, {msg} [{elapsed}, ETA {eta}]",
        ),
        Gauge::Spinner => (
            ProgressBar::new_spinner(),
            "{spinner} {pos} invoices, {msg} [{elapsed}]",
        ),
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

/// How progress is drawn.
#[derive(Debug, PartialEq, Eq)]
enum Gauge {
    /// A bar towards this many invoices, with an ETA.
    Bar(u64),
    /// A spinner: the total is unknown.
    Spinner,
}

/// A bar when the statistics of the range say how many invoices it holds; a spinner when they
/// could not be had or their `all` count is missing or unreadable.
fn gauge<E>(statistics: Result<Statistics, E>) -> Gauge {
    match statistics.ok().and_then(|statistics| statistics.count.all) {
        Some(count) => Gauge::Bar(count),
        None => Gauge::Spinner,
    }
}

/// The format a file name's extension asks for.
fn format_of(path: &std::path::Path) -> Option<Format> {
    match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "csv" => Some(Format::Csv),
        "json" => Some(Format::Json),
        "ndjson" | "jsonl" => Some(Format::Ndjson),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statistics(json: &str) -> Result<Statistics, &'static str> {
        Ok(serde_json::from_str(json).unwrap())
    }

    #[test]
    fn a_known_count_draws_a_bar_and_anything_else_a_spinner() {
        let counted = statistics(r#"{"count":{"all":"250"},"amount":{}}"#);
        assert_eq!(gauge(counted), Gauge::Bar(250));
        assert_eq!(gauge(statistics(r#"{"count":{"all":0}}"#)), Gauge::Bar(0));
        let unreadable = statistics(r#"{"count":{"all":"N/A","paid":3},"amount":{}}"#);
        assert_eq!(gauge(unreadable), Gauge::Spinner);
        assert_eq!(gauge(statistics(r#"{"count":null}"#)), Gauge::Spinner);
        assert_eq!(gauge(Err::<Statistics, _>("timed out")), Gauge::Spinner);
    }
}
