//! The own-HTTP-client example (`cryptocloud/examples/own_http_client.rs`, included here as it is) against the
//! local server: its calls over ureq give what the server holds and what the async client gets,
//! API errors come back decoded rather than as transport errors, and its local server starts
//! and stops on a thread of its own.

use cryptocloud::{
    ApiKey, Credentials, DateRange, GetBalance, ListInvoices, PageSize, ResponseError, Window,
};
use cryptocloud_mock::MockConfig;

#[allow(dead_code, unreachable_pub)]
#[path = "../../../cryptocloud/examples/own_http_client.rs"]
mod example;

use example::{BlockingApi, LocalServer};

/// Runs `call` on a thread where blocking is allowed.
async fn blocking<T: Send + 'static>(call: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(call).await.unwrap()
}

fn january() -> DateRange {
    DateRange::new("01.01.2026".parse().unwrap(), "31.01.2026".parse().unwrap()).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_blocking_client_gets_what_the_server_holds() {
    let server = crate::serve(60, MockConfig::default()).await;
    let api = BlockingApi::new(&server.base_url(), Credentials::new(server.api_key()));
    assert!(!format!("{api:?}").contains(server.api_key().expose_secret()));
    let page_of = |number| ListInvoices::page(january(), PageSize::new(10).unwrap(), number);
    let (balance, first, second) = blocking(move || {
        let balance = api.call(&GetBalance::new()).unwrap();
        let first = api.call(&page_of(1).unwrap()).unwrap();
        let second = api.call(&page_of(2).unwrap()).unwrap();
        (balance, first, second)
    })
    .await;

    let client = crate::client_for(&server).build().unwrap();
    assert!(!balance.is_empty());
    assert_eq!(balance, client.balance().await.unwrap());
    let window = |number| Window::page(PageSize::new(10).unwrap(), number).unwrap();
    assert_eq!(
        first,
        client.list_invoices(january(), window(1)).await.unwrap()
    );
    assert_eq!(
        second,
        client.list_invoices(january(), window(2)).await.unwrap()
    );

    let held = crate::invoices(&server);
    assert_eq!(first.invoices.len(), 10);
    for invoice in first.invoices.iter().chain(&second.invoices) {
        // The server's records, without the quirks of its wire: the same invoice and status.
        assert!(
            held.iter()
                .any(|own| own.uuid == invoice.uuid && own.status == invoice.status),
            "{} is the server's",
            invoice.uuid
        );
    }
    assert!(
        first
            .invoices
            .iter()
            .all(|invoice| !second.invoices.contains(invoice)),
        "two pages, two sets of invoices"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_error_answer_is_decoded_not_a_transport_error() {
    let server = crate::serve(0, MockConfig::default()).await;
    let wrong = ApiKey::new("not-the-key-of-this-server").unwrap();
    let api = BlockingApi::new(&server.base_url(), Credentials::new(wrong));
    let error = blocking(move || api.call(&GetBalance::new()).unwrap_err()).await;
    match error.downcast_ref::<ResponseError>() {
        Some(ResponseError::Api(api_error)) => {
            assert!(api_error.is_unauthorized(), "{api_error:?}");
        }
        _ => panic!("not an API error: {error:?}"),
    }
}

#[test]
fn the_examples_local_server_answers_until_dropped() {
    let server = LocalServer::start().unwrap();
    let base_url = server.base_url.clone();
    let api = BlockingApi::new(&base_url, Credentials::new(server.api_key.clone()));
    let page = api
        .call(&ListInvoices::page(january(), PageSize::new(5).unwrap(), 1).unwrap())
        .unwrap();
    assert_eq!(page.invoices.len(), 5);
    drop(server);
    let error = api.call(&GetBalance::new()).unwrap_err();
    assert!(
        error.downcast_ref::<ureq::Error>().is_some(),
        "the server is gone: {error:?}"
    );
}
