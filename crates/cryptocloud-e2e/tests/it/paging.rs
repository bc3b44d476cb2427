//! Property-style: paging through any range returns each invoice of the range exactly once, and
//! the sums per status equal the statistics for that range.

use std::collections::{BTreeMap, HashSet};

use cryptocloud::{Date, DateRange, Invoice, InvoiceStatus, Money, PageSize};
use cryptocloud_mock::{MockConfig, MockServer};
use futures_util::TryStreamExt;

fn day(offset: i64) -> Date {
    let first = time::Date::from_calendar_date(2026, time::Month::January, 1).unwrap();
    Date::try_from(first + time::Duration::days(offset)).unwrap()
}

#[tokio::test]
async fn any_range_pages_to_each_invoice_once_and_agrees_with_statistics() {
    let server = crate::serve(
        3_000,
        MockConfig {
            days: 60,
            seed: 11,
            ..MockConfig::default()
        },
    )
    .await;
    let client = crate::client_for(&server).build().unwrap();
    let all = crate::invoices(&server);
    let mut rng = fastrand::Rng::with_seed(2026);

    for case in 0..25 {
        let (a, b) = (rng.i64(-3..63), rng.i64(-3..63));
        let range = DateRange::new(day(a.min(b)), day(a.max(b))).unwrap();
        let size = PageSize::new(rng.u64(1..=100)).unwrap();
        let prefetch = rng.usize(1..=4);

        let paged: Vec<Invoice> = client
            .invoices(range)
            .page_size(size)
            .prefetch(prefetch)
            .try_collect()
            .await
            .unwrap();

        let expected: Vec<&Invoice> = all
            .iter()
            .filter(|invoice| {
                range.contains(Date::try_from(invoice.created.unwrap().primitive().date()).unwrap())
            })
            .collect();
        let ids: HashSet<_> = paged.iter().map(|invoice| invoice.uuid.clone()).collect();
        assert_eq!(
            ids.len(),
            paged.len(),
            "case {case}: an invoice came twice ({range:?}, {size:?})"
        );
        assert_eq!(
            paged.len(),
            expected.len(),
            "case {case}: {range:?} page size {size:?}"
        );
        assert!(
            expected.iter().all(|invoice| ids.contains(&invoice.uuid)),
            "case {case}: an invoice is missing"
        );

        let statistics = client.statistics(range).await.unwrap();
        let mut sums: BTreeMap<String, Money> = BTreeMap::new();
        for invoice in &paged {
            let sum = sums.entry(invoice.status.to_string()).or_default();
            *sum = Money::checked_sum([*sum, invoice.amount_usd.unwrap()]).unwrap();
        }
        let total =
            Money::checked_sum(paged.iter().map(|invoice| invoice.amount_usd.unwrap())).unwrap();
        assert_eq!(
            statistics.count.all,
            Some(paged.len() as u64),
            "case {case}"
        );
        assert_eq!(statistics.amount.all, Some(total), "case {case}");
        let per_status = [
            (InvoiceStatus::Paid, statistics.amount.paid),
            (InvoiceStatus::Created, statistics.amount.created),
            (InvoiceStatus::Canceled, statistics.amount.canceled),
            (InvoiceStatus::Partial, statistics.amount.partial),
            (InvoiceStatus::Overpaid, statistics.amount.overpaid),
        ];
        for (status, stated) in per_status {
            let summed = sums.get(status.as_str()).copied().unwrap_or_default();
            assert_eq!(stated, Some(summed), "case {case}: {status}");
        }
    }
}

#[tokio::test]
async fn limit_is_an_end_position_capped_at_a_hundred_records() {
    let server = crate::serve(500, MockConfig::default()).await;
    let key = server.api_key();
    let key = key.expose_secret();
    let list = |offset: u64, limit: u64| {
        let server = &server;
        async move {
            let body = format!(
                r#"{{"start":"01.01.2026","end":"31.03.2026","offset":{offset},"limit":{limit}}}"#
            );
            let (status, answer) =
                crate::raw_post(server, "/v2/invoice/merchant/list", Some(key), &body).await;
            assert_eq!(status, 200, "{answer}");
            let value: serde_json::Value = serde_json::from_str(&answer).unwrap();
            value["result"]
                .as_array()
                .unwrap()
                .iter()
                .map(|invoice| invoice["uuid"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    let ids: Vec<String> = crate::invoices(&server)
        .iter()
        .map(|invoice| invoice.uuid.to_string())
        .collect();
    assert_eq!(list(50, 75).await, ids[50..75]);
    assert_eq!(
        list(0, 500).await.len(),
        100,
        "at most 100 records per request"
    );
    assert_eq!(list(20, 10).await.len(), 0, "limit before offset is empty");
    let (_, default) = crate::raw_post(
        &server,
        "/v2/invoice/merchant/list",
        Some(key),
        r#"{"start":"01.01.2026","end":"31.03.2026"}"#,
    )
    .await;
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&default).unwrap()["result"]
            .as_array()
            .unwrap()
            .len(),
        10
    );
}

#[tokio::test]
async fn the_same_seed_serves_the_same_invoices() {
    let config = || MockConfig {
        invoices: 200,
        seed: 5,
        ..MockConfig::default()
    };
    // Payment links name each server's own port; everything else must be the same.
    let invoices = |server: MockServer| {
        let base = server.base_url();
        serde_json::to_string(&server.invoices())
            .unwrap()
            .replace(&base, "BASE")
    };
    let first = invoices(MockServer::start(config()).await.unwrap());
    let second = invoices(MockServer::start(config()).await.unwrap());
    assert_eq!(first, second);
    let other = invoices(
        MockServer::start(MockConfig {
            seed: 6,
            ..config()
        })
        .await
        .unwrap(),
    );
    assert_ne!(first, other);
}
