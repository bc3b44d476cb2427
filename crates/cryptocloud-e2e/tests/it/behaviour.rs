//! State changes: created invoices are listed, cancel and payment change them, balances follow.

use std::time::Duration;

use cryptocloud::{
    CreateInvoice, CreateStaticWallet, CreateWithdrawal, CryptoCurrency, DateRange, ErrorKind,
    InvoiceStatus, Money,
};
use cryptocloud_mock::{MockConfig, Payment, PostbackFormat};
use futures_util::TryStreamExt;

#[tokio::test]
async fn created_invoices_are_listed_canceled_and_paid() {
    let server = crate::serve(20, MockConfig::default()).await;
    let client = crate::client_for(&server).build().unwrap();
    let create = CreateInvoice::new(server.shop_id(), "49.99".parse().unwrap())
        .unwrap()
        .order_id("order-7".parse().unwrap());
    let invoice = client.create_invoice(create).await.unwrap();
    assert_eq!(invoice.status, InvoiceStatus::Created);
    assert_eq!(invoice.amount_usd, Some("49.99".parse().unwrap()));
    // The create answer has no `order_id` (the captured key list); info shows it.
    assert_eq!(invoice.order_id, None);

    let today = cryptocloud::Date::try_from(time::OffsetDateTime::now_utc().date()).unwrap();
    let listed: Vec<_> = client
        .invoices(DateRange::day(today))
        .try_collect()
        .await
        .unwrap();
    assert!(
        listed.iter().any(|listed| listed.uuid == invoice.uuid),
        "a new invoice is listed under today"
    );
    let info = client.invoice_info([invoice.uuid.clone()]).await.unwrap();
    assert_eq!(info.invoices[0].uuid, invoice.uuid);
    assert_eq!(info.invoices[0].order_id.as_deref(), Some("order-7"));

    let before = usdt_balance(&client).await;
    let report = server
        .pay(&invoice.uuid, Payment::Paid, PostbackFormat::Json)
        .await
        .unwrap();
    let paid: cryptocloud::Invoice = serde_json::from_value(report.invoice).unwrap();
    assert_eq!(paid.status, InvoiceStatus::Paid);
    let after = usdt_balance(&client).await;
    let received = paid.received.unwrap();
    assert_eq!(
        Money::checked_sum([before, received]).unwrap(),
        after,
        "the balance grows by what the invoice brought in"
    );
    assert!(
        server
            .pay(&invoice.uuid, Payment::Paid, PostbackFormat::Json)
            .await
            .is_err(),
        "paid once"
    );

    let second = client
        .create_invoice(CreateInvoice::new(server.shop_id(), "5".parse().unwrap()).unwrap())
        .await
        .unwrap();
    client.cancel_invoice(second.uuid.clone()).await.unwrap();
    assert_eq!(
        client.invoice_info([second.uuid]).await.unwrap().invoices[0].status,
        InvoiceStatus::Canceled
    );
}

async fn usdt_balance(client: &cryptocloud::Client) -> Money {
    let balances = client.balance().await.unwrap();
    balances
        .iter()
        .find(|entry| entry.currency.code == Some(CryptoCurrency::UsdtTrc20))
        .unwrap()
        .balance_crypto
        .unwrap()
}

#[tokio::test]
async fn static_wallets_are_stable_per_customer_and_withdrawals_are_gated() {
    let server = crate::serve(
        500,
        MockConfig {
            withdrawal_interval: Duration::from_secs(1),
            ..MockConfig::default()
        },
    )
    .await;
    let client = crate::client_for(&server)
        .withdrawal_interval(Duration::ZERO)
        .build()
        .unwrap();
    let wallet = |customer: &str| {
        CreateStaticWallet::new(server.shop_id(), CryptoCurrency::Btc, customer).unwrap()
    };
    let first = client
        .create_static_wallet(wallet("customer-1"))
        .await
        .unwrap();
    assert_eq!(
        client
            .create_static_wallet(wallet("customer-1"))
            .await
            .unwrap(),
        first
    );
    assert_ne!(
        client
            .create_static_wallet(wallet("customer-2"))
            .await
            .unwrap()
            .address,
        first.address
    );

    let withdrawal = || {
        CreateWithdrawal::new(
            CryptoCurrency::UsdtTrc20,
            "TJ8bqh2xQ6GkbHiEY8n1t3BY1Fxd1Q2RJE",
            "1".parse().unwrap(),
        )
        .unwrap()
    };
    client.withdraw(withdrawal()).await.unwrap();
    let error = client.withdraw(withdrawal()).await.unwrap_err();
    assert!(
        error.is_rate_limited(),
        "the server's 12 s rule, scaled down: {error:?}"
    );
    assert!(matches!(error.kind(), ErrorKind::Api(_)));
    assert!(
        !error.may_have_been_sent(),
        "a rate-limited withdrawal was not executed"
    );

    let gated = crate::client_for(&server)
        .withdrawal_interval(Duration::from_millis(1100))
        .build()
        .unwrap();
    tokio::time::sleep(Duration::from_millis(1100)).await;
    gated.withdraw(withdrawal()).await.unwrap();
    gated.withdraw(withdrawal()).await.unwrap();
    let too_much = CreateWithdrawal::new(
        CryptoCurrency::UsdtTrc20,
        "T",
        "1000000000".parse().unwrap(),
    )
    .unwrap();
    let error = gated.withdraw(too_much).await.unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Api(_)), "{error:?}");
}

#[tokio::test]
async fn one_connection_serves_sequential_calls_and_shutdown_closes_the_port() {
    let server = crate::serve(10, MockConfig::default()).await;
    let client = crate::client_for(&server).build().unwrap();
    for _ in 0..100 {
        client.balance().await.unwrap();
    }
    let stats = server.stats();
    assert_eq!((stats.connections, stats.by_route["balance"]), (1, 100));
    let address = server.address();
    server.shutdown().await;
    assert!(
        tokio::net::TcpStream::connect(address).await.is_err(),
        "nothing listens after shutdown"
    );
}
