//! Every documented error envelope, as the client sees it and on the wire.

use cryptocloud::{
    ApiErrorKind, ApiKey, CancelInvoice, Client, CreateInvoice, DateRange, ErrorKind, InvoiceId,
};
use cryptocloud_mock::MockConfig;

use crate::raw_post;

#[tokio::test]
async fn keys_missing_malformed_or_wrong() {
    let server = crate::serve(10, MockConfig::default()).await;
    let (status, body) = raw_post(&server, "/v2/merchant/wallet/balance/all", None, "").await;
    assert_eq!(
        (status, body.as_str()),
        (
            400,
            r#"{"status":"error","result":{"authorization":"Unauthorized request."}}"#
        )
    );
    let (status, body) = raw_post(
        &server,
        "/v2/merchant/wallet/balance/all",
        Some("not-a-token"),
        "",
    )
    .await;
    assert_eq!(
        (status, body.as_str()),
        (401, r#"{"detail":"Invalid header padding"}"#)
    );

    let wrong = Client::builder(ApiKey::new("aaa.bbb.ccc").unwrap())
        .base_url(server.base_url())
        .allow_http_loopback(true)
        .build()
        .unwrap();
    let error = wrong.balance().await.unwrap_err();
    assert!(error.is_unauthorized(), "{error:?}");
    assert_eq!(error.status(), Some(403));

    // The project key does not open withdrawals.
    let (status, _) = raw_post(
        &server,
        "/v2/invoice/api/out/create",
        Some(server.api_key().expose_secret()),
        "{}",
    )
    .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn field_maps_for_missing_and_bad_fields() {
    let server = crate::serve(10, MockConfig::default()).await;
    let key = server.api_key();
    let (status, body) = raw_post(
        &server,
        "/v2/invoice/create",
        Some(key.expose_secret()),
        "{}",
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        body,
        r#"{"status":"error","result":{"amount":"amount not passed.","shop_id":"shop_id not passed."}}"#
    );

    let client = crate::client_for(&server).build().unwrap();
    let bad_currency = CreateInvoice::new(server.shop_id(), "10".parse().unwrap())
        .unwrap()
        .currency("XYZ".into());
    let error = client.create_invoice(bad_currency).await.unwrap_err();
    let Some(ApiErrorKind::InvalidFields(fields)) = error.api_error().map(|api| api.kind()) else {
        panic!("{error:?}")
    };
    assert!(
        fields["currency"].starts_with("Invalid account currency specified"),
        "{fields:?}"
    );
    let other_shop =
        CreateInvoice::new("SomeoneElse".parse().unwrap(), "10".parse().unwrap()).unwrap();
    assert!(matches!(
        client.create_invoice(other_shop).await.unwrap_err().kind(),
        ErrorKind::Api(_)
    ));
    assert_eq!(
        server.stats().by_route["create_invoice"],
        3,
        "errors are not retried"
    );

    let (status, body) = raw_post(
        &server,
        "/v2/invoice/merchant/statistics",
        Some(key.expose_secret()),
        r#"{"start":"2026-01-01","end":"31.01.2026"}"#,
    )
    .await;
    assert_eq!(
        (status, body.as_str()),
        (
            400,
            r#"{"status":"error","result":{"start":"Invalid date format. Use dd.mm.yyyy."}}"#
        )
    );
    let (status, body) = raw_post(
        &server,
        "/v2/invoice/merchant/list",
        Some(key.expose_secret()),
        "[1,2]",
    )
    .await;
    assert_eq!(status, 400, "{body}");
}

#[tokio::test]
async fn validate_errors() {
    let server = crate::serve(10, MockConfig::default()).await;
    let key = server.api_key();
    let client = crate::client_for(&server).build().unwrap();

    let created = client
        .create_invoice(CreateInvoice::new(server.shop_id(), "25".parse().unwrap()).unwrap())
        .await
        .unwrap();
    assert!(
        client
            .cancel_invoice(created.uuid.clone())
            .await
            .unwrap()
            .is_ok()
    );
    let again = client
        .send(&CancelInvoice::new(created.uuid))
        .await
        .unwrap_err();
    assert_eq!(
        again.api_error().map(|api| api.kind()),
        Some(&ApiErrorKind::Validation("Invoice is not created".into()))
    );

    let ids: Vec<String> = (0..101).map(|n| format!("\"INV-{n:08}\"")).collect();
    let (status, body) = raw_post(
        &server,
        "/v2/invoice/merchant/info",
        Some(key.expose_secret()),
        &format!(r#"{{"uuids":[{}]}}"#, ids.join(",")),
    )
    .await;
    assert_eq!(
        (status, body.as_str()),
        (
            400,
            r#"{"status":"error","result":{"validate_error":"The maximum number of uuids is 100"}}"#
        )
    );

    let (status, body) = raw_post(
        &server,
        "/v2/invoice/merchant/list",
        Some(key.expose_secret()),
        r#"{"start":"31.01.2026","end":"01.01.2026"}"#,
    )
    .await;
    assert_eq!(status, 400);
    assert!(body.contains("validate_error"), "{body}");

    let unknown: InvoiceId = "ZZZZZZZZ".parse().unwrap();
    assert!(
        client
            .invoice_info([unknown])
            .await
            .unwrap()
            .invoices
            .is_empty()
    );
    let range = DateRange::day("01.01.2026".parse().unwrap());
    assert!(client.statistics(range).await.is_ok());
}

#[tokio::test]
async fn unknown_paths_and_methods() {
    let server = crate::serve(10, MockConfig::default()).await;
    let (status, body) = raw_post(
        &server,
        "/v2/invoice/nothing",
        Some(server.api_key().expose_secret()),
        "{}",
    )
    .await;
    assert_eq!(status, 404);
    assert!(body.contains("Not Found"));
}
