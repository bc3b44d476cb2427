//! Output formats: aligned tables for people; JSON, NDJSON and CSV (through the csv crate) for
//! programs. Invoices are written one at a time, so exports stream. Text from the API reaches a
//! terminal escaped ([`shown`]); in JSON it is exact, with what a terminal acts on written as
//! `\uXXXX`; in CSV, a cell a spreadsheet would run as a formula starts with `'` ([`csv_cell`]).

use std::io::Write;

use cryptocloud::{BalanceEntry, Invoice, StaticWallet, Statistics, Withdrawal};
use serde::Serialize;

use crate::args::Format;
use crate::failure::Failure;
use crate::shown::{VALUE, json_text, shown};

/// Something shown as rows under a header.
pub(crate) trait Tabular: Serialize {
    /// Column names.
    fn header(&self) -> Vec<&'static str>;
    /// One row per line, in header order.
    fn rows(&self) -> Vec<Vec<String>>;
}

/// Writes `value` to `out` in `format`.
pub(crate) fn write(
    out: &mut impl Write,
    format: Format,
    value: &impl Tabular,
) -> Result<(), Failure> {
    match format {
        Format::Table => {
            let header = value.header();
            let rows: Vec<Vec<String>> = value
                .rows()
                .iter()
                .map(|row| row.iter().map(|cell| shown(cell, VALUE)).collect())
                .collect();
            let widths: Vec<usize> = (0..header.len())
                .map(|column| {
                    rows.iter()
                        .filter_map(|row| row.get(column))
                        .map(|cell| cell.chars().count())
                        .chain([header.get(column).map_or(0, |name| name.len())])
                        .max()
                        .unwrap_or(0)
                })
                .collect();
            let header: Vec<String> = header.iter().map(|name| (*name).to_owned()).collect();
            for row in std::iter::once(&header).chain(&rows) {
                let cells: Vec<String> = row
                    .iter()
                    .zip(&widths)
                    .map(|(cell, width)| format!("{cell:<width$}"))
                    .collect();
                writeln!(out, "{}", cells.join("  ").trim_end())?;
            }
        }
        Format::Json => writeln!(out, "{}", json_text(value, true)?)?,
        Format::Ndjson => writeln!(out, "{}", json_text(value, false)?)?,
        Format::Csv => {
            let mut csv = csv::Writer::from_writer(&mut *out);
            csv.write_record(value.header())?;
            for row in value.rows() {
                csv.write_record(row.into_iter().map(csv_cell))?;
            }
            csv.flush()?;
        }
    }
    Ok(())
}

/// Writes invoices one at a time in any format.
pub(crate) struct InvoiceSink<W: Write> {
    format: Format,
    target: Target<W>,
    written: u64,
}

enum Target<W: Write> {
    Text(W),
    Csv(Box<csv::Writer<W>>),
}

impl<W: Write> InvoiceSink<W> {
    /// A sink; a CSV sink writes its header at once, so an empty export is still valid CSV.
    pub(crate) fn start(format: Format, out: W) -> Result<InvoiceSink<W>, Failure> {
        let target = if format == Format::Csv {
            let mut csv = csv::Writer::from_writer(out);
            csv.write_record(INVOICE_COLUMNS)?;
            Target::Csv(Box::new(csv))
        } else {
            Target::Text(out)
        };
        Ok(InvoiceSink {
            format,
            target,
            written: 0,
        })
    }

    pub(crate) fn write(&mut self, invoice: &Invoice) -> Result<(), Failure> {
        match &mut self.target {
            Target::Csv(csv) => {
                csv.write_record(invoice_cells(invoice).into_iter().map(csv_cell))?
            }
            Target::Text(out) => match self.format {
                Format::Json => {
                    write!(out, "{}", if self.written == 0 { "[\n" } else { ",\n" })?;
                    write!(out, "{}", json_text(invoice, false)?)?;
                }
                Format::Ndjson => writeln!(out, "{}", json_text(invoice, false)?)?,
                _ => {
                    if self.written == 0 {
                        writeln!(out, "{}", table_line(&INVOICE_COLUMNS.map(String::from)))?;
                    }
                    writeln!(out, "{}", table_line(&invoice_cells(invoice)))?;
                }
            },
        }
        self.written += 1;
        Ok(())
    }

    /// Ends the output (closes a JSON array, flushes); how many invoices were written.
    pub(crate) fn finish(self) -> Result<u64, Failure> {
        match self.target {
            Target::Csv(mut csv) => csv.flush()?,
            Target::Text(mut out) => {
                if self.format == Format::Json {
                    write!(out, "{}", if self.written == 0 { "[]\n" } else { "\n]\n" })?;
                }
                out.flush()?;
            }
        }
        Ok(self.written)
    }
}

/// The invoice columns of tables and CSV; amounts are exact decimals.
pub(crate) const INVOICE_COLUMNS: [&str; 11] = [
    "invoice",
    "created",
    "status",
    "amount_usd",
    "amount",
    "currency",
    "fiat_currency",
    "amount_paid_usd",
    "received_usd",
    "order_id",
    "date_finished",
];

/// Column widths of the streamed invoice table (ids and timestamps have fixed widths).
const TABLE_WIDTHS: [usize; 11] = [12, 26, 9, 10, 14, 11, 13, 15, 12, 12, 26];

fn table_line(cells: &[String]) -> String {
    let line: Vec<String> = cells
        .iter()
        .zip(TABLE_WIDTHS)
        .map(|(cell, width)| format!("{:<width$}", shown(cell, VALUE)))
        .collect();
    line.join("  ").trim_end().to_owned()
}

/// A CSV cell as a spreadsheet will not run it: a cell starting with `=`, `+`, `-`, `@`, a tab
/// or a carriage return is a formula to Excel, LibreOffice and Google Sheets, so it gets a
/// leading `'` (OWASP's advice), except a plain decimal number such as `-12.50`, which every
/// spreadsheet reads as a number and never as a formula: money columns stay numbers.
pub(crate) fn csv_cell(cell: String) -> String {
    let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if formula && !is_plain_number(&cell) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// `-?digits(.digits)?`, nothing else.
fn is_plain_number(cell: &str) -> bool {
    let unsigned = cell.strip_prefix('-').unwrap_or(cell);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, "0"));
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && digits(fraction)
}

fn text<T: ToString>(value: Option<T>) -> String {
    value.map(|value| value.to_string()).unwrap_or_default()
}

pub(crate) fn invoice_cells(invoice: &Invoice) -> Vec<String> {
    vec![
        invoice.uuid.to_string(),
        text(invoice.created),
        invoice.status.to_string(),
        text(invoice.amount_usd),
        text(invoice.amount),
        text(
            invoice
                .currency
                .as_ref()
                .and_then(|currency| currency.fullcode.as_ref()),
        ),
        text(invoice.fiat_currency.as_ref()),
        text(invoice.amount_paid_usd),
        text(invoice.received_usd),
        text(invoice.order_id.as_ref()),
        text(invoice.date_finished),
    ]
}

/// A list of invoices (info, list, a created invoice).
#[derive(Serialize)]
#[serde(transparent)]
pub(crate) struct Invoices(pub(crate) Vec<Invoice>);

impl Tabular for Invoices {
    fn header(&self) -> Vec<&'static str> {
        INVOICE_COLUMNS.to_vec()
    }

    fn rows(&self) -> Vec<Vec<String>> {
        self.0.iter().map(invoice_cells).collect()
    }
}

impl Tabular for Statistics {
    fn header(&self) -> Vec<&'static str> {
        vec!["status", "count", "amount_usd"]
    }

    fn rows(&self) -> Vec<Vec<String>> {
        let (count, amount) = (&self.count, &self.amount);
        [
            ("created", count.created, amount.created),
            ("paid", count.paid, amount.paid),
            ("partial", count.partial, amount.partial),
            ("overpaid", count.overpaid, amount.overpaid),
            ("canceled", count.canceled, amount.canceled),
            ("all", count.all, amount.all),
        ]
        .into_iter()
        .map(|(status, count, amount)| vec![status.to_owned(), text(count), text(amount)])
        .collect()
    }
}

/// The balance lines.
#[derive(Serialize)]
#[serde(transparent)]
pub(crate) struct Balances(pub(crate) Vec<BalanceEntry>);

impl Tabular for Balances {
    fn header(&self) -> Vec<&'static str> {
        vec![
            "currency",
            "balance",
            "balance_usd",
            "available",
            "available_usd",
        ]
    }

    fn rows(&self) -> Vec<Vec<String>> {
        self.0
            .iter()
            .map(|entry| {
                vec![
                    text(entry.currency.code.as_ref()),
                    text(entry.balance_crypto),
                    text(entry.balance_usd),
                    text(entry.available_balance),
                    text(entry.available_balance_usd),
                ]
            })
            .collect()
    }
}

impl Tabular for StaticWallet {
    fn header(&self) -> Vec<&'static str> {
        vec!["currency", "address", "wallet"]
    }

    fn rows(&self) -> Vec<Vec<String>> {
        vec![vec![
            text(self.currency.code.as_ref()),
            text(self.address.as_ref()),
            self.uuid.to_string(),
        ]]
    }
}

impl Tabular for Withdrawal {
    fn header(&self) -> Vec<&'static str> {
        vec!["withdrawal", "status", "currency", "amount"]
    }

    fn rows(&self) -> Vec<Vec<String>> {
        vec![vec![
            self.invoice_id.to_string(),
            text(self.status.as_ref()),
            text(self.currency.as_ref()),
            text(self.amount),
        ]]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_that_start_a_formula_are_neutralised_but_numbers_stay_numbers() {
        for (cell, written) in [
            ("=1+1", "'=1+1"),
            ("+1", "'+1"),
            ("-1+1", "'-1+1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("-", "'-"),
            ("-.5", "'-.5"),
            ("-5.", "'-5."),
            ("-12.50", "-12.50"),
            ("-3", "-3"),
            ("12.50", "12.50"),
            ("order-1", "order-1"),
            ("", ""),
        ] {
            assert_eq!(csv_cell(cell.to_owned()), written, "{cell:?}");
        }
    }
}
