//! Reconciliation against the local server: `paid_invoices` lists exactly the paid and
//! overpaid invoices of a range, and `find_by_order_id` finds every invoice of an order.

use std::collections::BTreeSet;

use cryptocloud::{CreateInvoice, Date, DateRange, Invoice, InvoiceId, InvoiceStatus, OrderId};
use cryptocloud_mock::{MockConfig, MockServer, Payment, PostbackFormat};
use futures_util::TryStreamExt;

fn today() -> Date {
    Date::try_from(time::OffsetDateTime::now_utc().date()).unwrap()
}

/// From the first seeded day to today: the seeded invoices and the ones created by the test.
fn everything() -> DateRange {
    DateRange::new("01.01.2026".parse().unwrap(), today()).unwrap()
}

async fn create(server: &MockServer, client: &cryptocloud::Client, order: &str) -> InvoiceId {
    let create = CreateInvoice::new(server.shop_id(), "25".parse().unwrap())
        .unwrap()
        .order_id(order.parse().unwrap());
    client.create_invoice(create).await.unwrap().uuid
}

/// The server's own record of the paid and overpaid invoices created in `range`, as ids and
/// statuses (its wire has the documented quirks on, so whole structs are not compared).
fn paid_on_server(server: &MockServer, range: DateRange) -> BTreeSet<(InvoiceId, InvoiceStatus)> {
    crate::invoices(server)
        .into_iter()
        .filter(|invoice| {
            range.contains(Date::try_from(invoice.created.unwrap().primitive().date()).unwrap())
        })
        .filter(|invoice| {
            matches!(
                invoice.status,
                InvoiceStatus::Paid | InvoiceStatus::Overpaid
            )
        })
        .map(|invoice| (invoice.uuid, invoice.status))
        .collect()
}

fn ids_and_statuses(invoices: &[Invoice]) -> BTreeSet<(InvoiceId, InvoiceStatus)> {
    invoices
        .iter()
        .map(|invoice| (invoice.uuid.clone(), invoice.status.clone()))
        .collect()
}

#[tokio::test]
async fn paid_invoices_are_exactly_the_paid_and_overpaid_ones_of_the_range() {
    let server = crate::serve(600, MockConfig::default()).await;
    let client = crate::client_for(&server).build().unwrap();
    let mut paid_today = BTreeSet::new();
    for (order, payment) in [
        ("paid", Some(Payment::Paid)),
        ("overpaid", Some(Payment::Overpaid)),
        ("partial", Some(Payment::Partial)),
        ("unpaid", None),
    ] {
        let id = create(&server, &client, order).await;
        if let Some(payment) = payment {
            server
                .pay(&id, payment, PostbackFormat::Json)
                .await
                .unwrap();
            if payment != Payment::Partial {
                paid_today.insert(id);
            }
        }
    }

    for range in [
        DateRange::month(2026, 1).unwrap(),
        DateRange::last_days(today(), 2),
        everything(),
    ] {
        let paid: Vec<Invoice> = client.paid_invoices(range).try_collect().await.unwrap();
        let listed = ids_and_statuses(&paid);
        assert_eq!(listed.len(), paid.len(), "{range:?}: an invoice came twice");
        assert_eq!(listed, paid_on_server(&server, range), "{range:?}");
    }
    let recent: Vec<Invoice> = client
        .paid_invoices(DateRange::last_days(today(), 2))
        .try_collect()
        .await
        .unwrap();
    let recent: BTreeSet<InvoiceId> = recent.into_iter().map(|invoice| invoice.uuid).collect();
    assert_eq!(recent, paid_today);
    assert!(
        !paid_on_server(&server, DateRange::month(2026, 1).unwrap()).is_empty(),
        "the seeded month has paid invoices to find"
    );
}

#[tokio::test]
async fn find_by_order_id_returns_every_invoice_of_the_order_and_none_of_others() {
    let server = crate::serve(300, MockConfig::default()).await;
    let client = crate::client_for(&server).build().unwrap();
    let first = create(&server, &client, "order-twice").await;
    let other = create(&server, &client, "order-other").await;
    let second = create(&server, &client, "order-twice").await;

    let twice: OrderId = "order-twice".parse().unwrap();
    for range in [DateRange::last_days(today(), 2), everything()] {
        let found = client.find_by_order_id(&twice, range).await.unwrap();
        let ids: Vec<InvoiceId> = found.into_iter().map(|invoice| invoice.uuid).collect();
        assert_eq!(
            ids.iter().collect::<BTreeSet<_>>(),
            BTreeSet::from([&first, &second]),
            "{range:?}"
        );
        assert!(!ids.contains(&other));
    }
    let unknown: OrderId = "order-never-created".parse().unwrap();
    let none = client
        .find_by_order_id(&unknown, everything())
        .await
        .unwrap();
    assert!(none.is_empty());
    let seeded_month = DateRange::month(2026, 1).unwrap();
    let before = client.find_by_order_id(&twice, seeded_month).await.unwrap();
    assert!(before.is_empty(), "the range bounds the search");
}
