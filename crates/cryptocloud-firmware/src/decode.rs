//! Requests and answers: a statistics request body, a statistics answer, a list page.

use alloc::format;
use alloc::string::{String, ToString};

use cryptocloud_types::{
    DateRange, GetStatistics, ListInvoices, Money, Operation, decode_response,
};

use crate::Check;

/// The decoding checks.
pub const CHECKS: &[Check] = &[
    Check {
        name: "statistics-request",
        run: statistics_request,
    },
    Check {
        name: "statistics-answer",
        run: statistics_answer,
    },
    Check {
        name: "list-page",
        run: list_page,
    },
];

/// The statistics answer of the API reference's seed page.
pub const STATISTICS_ANSWER: &[u8] =
    include_bytes!("../../../fixtures/statistics/seed_example.json");
/// A list page of 7 invoices, with the server's total count (57).
pub const LIST_PAGE: &[u8] = include_bytes!("../../../fixtures/list/with_all_count.json");

/// The body of a statistics request for September 2026.
fn statistics_request() -> Result<String, String> {
    let range = DateRange::new(
        "01.09.2026".parse().map_err(|error| format!("{error}"))?,
        "30.09.2026".parse().map_err(|error| format!("{error}"))?,
    )
    .map_err(|error| format!("{error}"))?;
    let body = GetStatistics::new(range)
        .body()
        .map_err(|error| format!("{error}"))?;
    String::from_utf8(body).map_err(|error| format!("the body is not UTF-8: {error}"))
}

/// Decodes the statistics answer, and checks on the device, in exact decimals, that `all` is the
/// sum of the amounts per status.
fn statistics_answer() -> Result<String, String> {
    let statistics = decode_response::<GetStatistics>(200, STATISTICS_ANSWER)
        .map_err(|error| format!("{error}"))?;
    let amount = &statistics.amount;
    let missing = |what: &str| format!("the answer has no readable {what}");
    let buckets = [
        amount.created,
        amount.paid,
        amount.overpaid,
        amount.partial,
        amount.canceled,
    ];
    let per_status =
        Money::checked_sum(buckets.into_iter().flatten()).map_err(|error| format!("{error}"))?;
    let all = amount.all.ok_or_else(|| missing("amount.all"))?;
    if buckets.iter().any(Option::is_none) {
        return Err(missing("amount of every status"));
    }
    if per_status != all {
        return Err(format!(
            "amount.all is {all} but the statuses add up to {per_status}"
        ));
    }
    let count = &statistics.count;
    let invoices = count.all.ok_or_else(|| missing("count.all"))?;
    let paid = count.paid.ok_or_else(|| missing("count.paid"))?;
    Ok(format!(
        "{invoices} invoices, {all} USD in all (= the sum per status), {paid} paid"
    ))
}

/// Decodes a list page and adds up its USD amounts exactly.
fn list_page() -> Result<String, String> {
    let page =
        decode_response::<ListInvoices>(200, LIST_PAGE).map_err(|error| format!("{error}"))?;
    let total = Money::checked_sum(
        page.invoices
            .iter()
            .filter_map(|invoice| invoice.amount_usd),
    )
    .map_err(|error| format!("{error}"))?;
    let first = page
        .invoices
        .first()
        .map_or_else(|| String::from("none"), |invoice| invoice.uuid.to_string());
    let all_count = page
        .all_count
        .map_or_else(|| String::from("?"), |count| count.to_string());
    Ok(format!(
        "{} invoices of {all_count}, first {first}, {total} USD in all",
        page.invoices.len()
    ))
}
