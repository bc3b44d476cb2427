//! The create recovery of the README and of `Client::find_by_order_id`'s docs, rehearsed with
//! one-shot faults: after a create that may have been sent, look for the order over today and
//! yesterday and create only if nothing is there. Either way the order ends with one invoice.

use std::time::Duration;

use cryptocloud::{
    Client, CreateInvoice, Date, DateRange, Invoice, InvoiceId, OrderId, RetryPolicy,
};
use cryptocloud_mock::{MockConfig, MockServer, OneShotFault, Operation};

/// The recipe, as the docs write it (the wait is left out: the local server finishes a create
/// before it drops the connection).
async fn create_once(client: &Client, create: CreateInvoice, order: &OrderId) -> Invoice {
    match client.create_invoice(create.clone()).await {
        Ok(invoice) => invoice,
        Err(error) if error.may_have_been_sent() => {
            let today = Date::try_from(time::OffsetDateTime::now_utc().date()).unwrap();
            let range = DateRange::last_days(today, 2);
            match client
                .find_by_order_id(order, range)
                .await
                .unwrap()
                .into_iter()
                .next()
            {
                Some(already) => already,
                None => client.create_invoice(create).await.unwrap(),
            }
        }
        Err(error) => panic!("not sent, so create again: {error}"),
    }
}

/// The server's own records of `order`'s invoices.
fn invoices_of(server: &MockServer, order: &str) -> Vec<InvoiceId> {
    server
        .invoices()
        .into_iter()
        .filter(|invoice| invoice["order_id"] == order)
        .map(|invoice| invoice["uuid"].as_str().unwrap().parse().unwrap())
        .collect()
}

async fn rehearse(fault: OneShotFault) -> (MockServer, Invoice) {
    let server = crate::serve(50, MockConfig::default()).await;
    let client = server
        .client_builder()
        .retry(RetryPolicy {
            base_delay: Duration::from_millis(5),
            ..RetryPolicy::default()
        })
        .build()
        .unwrap();
    server.fail_next(Operation::CreateInvoice, fault).unwrap();
    let order: OrderId = "order-1042".parse().unwrap();
    let create = CreateInvoice::new(server.shop_id(), "25".parse().unwrap())
        .unwrap()
        .order_id(order.clone());
    let invoice = create_once(&client, create, &order).await;
    (server, invoice)
}

#[tokio::test]
async fn a_create_whose_answer_was_lost_is_found_not_made_twice() {
    let (server, invoice) = rehearse(OneShotFault::LoseAnswer).await;
    assert_eq!(invoices_of(&server, "order-1042"), [invoice.uuid]);
    assert_eq!(
        server.stats().calls("create_invoice"),
        1,
        "never sent again"
    );
    assert!(
        server.stats().calls("list_invoices") >= 1,
        "it was looked for"
    );
}

#[tokio::test]
async fn a_create_dropped_before_it_was_served_is_made_once_afterwards() {
    let (server, invoice) = rehearse(OneShotFault::Reset).await;
    assert_eq!(invoices_of(&server, "order-1042"), [invoice.uuid]);
    assert_eq!(
        server.stats().calls("create_invoice"),
        2,
        "looked for, then made"
    );
}
