//! Pins the exact path and JSON body of every operation.

use cryptocloud_types::*;

fn request(operation: &impl Operation) -> String {
    let body = operation.body().unwrap();
    format!(
        "POST {}\n{}",
        operation.path_and_query(),
        String::from_utf8(body).unwrap()
    )
}

fn january() -> DateRange {
    DateRange::new("01.01.2026".parse().unwrap(), "31.01.2026".parse().unwrap()).unwrap()
}

fn shop() -> ShopId {
    "7UvDDjkmPGSh2vcY".parse().unwrap()
}

#[test]
fn create_invoice_minimal() {
    let create = CreateInvoice::new(shop(), "100".parse().unwrap()).unwrap();
    insta::assert_snapshot!(request(&create));
}

#[test]
fn create_invoice_with_every_field() {
    let create = CreateInvoice::new(shop(), "1234.56".parse().unwrap())
        .unwrap()
        .currency(FiatCurrency::Rub)
        .order_id("order-1042".parse().unwrap())
        .email("buyer@example.com".parse().unwrap())
        .time_to_pay(TimeToPay::new(24, 0).unwrap())
        .available_currencies(
            AvailableCurrencies::new([
                CryptoCurrency::Btc,
                CryptoCurrency::UsdtTrc20,
                CryptoCurrency::from_wire("NEWCOIN_CHAIN"),
            ])
            .unwrap(),
        )
        .cryptocurrency(CryptoCurrency::UsdtTrc20)
        .send_to(
            "buyer@example.com".parse().unwrap(),
            Some(ReminderPeriod::Week),
        )
        .locale(Locale::En);
    insta::assert_snapshot!(request(&create));
}

#[test]
fn create_invoice_amount_beyond_a_double_goes_as_an_exact_string() {
    let create = CreateInvoice::new(shop(), "12345678901234567.89".parse().unwrap()).unwrap();
    insta::assert_snapshot!(request(&create));
}

#[test]
fn cancel_invoice() {
    insta::assert_snapshot!(request(&CancelInvoice::new("89UX09KA".parse().unwrap())));
}

#[test]
fn invoice_info() {
    let ids =
        ["INV-89UX09KA", "AAAAAAAA", "inv-ZZZZ9999"].map(|id| id.parse::<InvoiceId>().unwrap());
    insta::assert_snapshot!(request(&GetInvoices::new(ids).unwrap()));
}

#[test]
fn list_invoices_default_window() {
    insta::assert_snapshot!(request(&ListInvoices::new(january())));
}

#[test]
fn list_invoices_third_page_of_25() {
    let third = ListInvoices::page(january(), PageSize::new(25).unwrap(), 3).unwrap();
    insta::assert_snapshot!(request(&third));
}

#[test]
fn statistics() {
    insta::assert_snapshot!(request(&GetStatistics::new(january())));
}

#[test]
fn balance() {
    insta::assert_snapshot!(request(&GetBalance::new()));
}

#[test]
fn static_wallet() {
    let wallet = CreateStaticWallet::new(shop(), CryptoCurrency::Eth, "customer-17").unwrap();
    insta::assert_snapshot!(request(&wallet));
}

#[test]
fn withdrawal() {
    let withdrawal = CreateWithdrawal::new(
        CryptoCurrency::UsdtTrc20,
        "TJ8bqh2xQ6GkbHiEY8n1t3BY1Fxd1Q2RJE",
        "25.5".parse().unwrap(),
    )
    .unwrap();
    insta::assert_snapshot!(request(&withdrawal));
}

#[test]
fn constructors_refuse_requests_the_api_would_reject() {
    let id = || "89UX09KA".parse::<InvoiceId>().unwrap();
    assert!(matches!(
        GetInvoices::new(std::iter::repeat_with(id).take(101)),
        Err(InvalidRequest::IdCount { count: 101, .. })
    ));
    assert!(GetInvoices::new(std::iter::repeat_with(id).take(100)).is_ok());
    assert!(matches!(
        CreateInvoice::new(shop(), "-1".parse().unwrap()),
        Err(InvalidRequest::NotPositive { .. })
    ));
    assert!(matches!(
        OrderId::new("  "),
        Err(InvalidRequest::Empty { field: "order_id" })
    ));
    assert!(matches!(
        "not-an-address".parse::<Email>(),
        Err(InvalidRequest::Invalid { field: "email", .. })
    ));
    assert!(matches!(
        TimeToPay::new(0, 0),
        Err(InvalidRequest::TimeToPay { .. })
    ));
    assert!(matches!(
        TimeToPay::new(1, 60),
        Err(InvalidRequest::TimeToPay { .. })
    ));
    assert!(matches!(
        AvailableCurrencies::new([]),
        Err(InvalidRequest::Empty {
            field: "available_currencies"
        })
    ));
    assert!(matches!(
        CreateStaticWallet::new(shop(), CryptoCurrency::Btc, ""),
        Err(InvalidRequest::Empty { field: "identify" })
    ));
    assert!(matches!(
        CreateWithdrawal::new(CryptoCurrency::Btc, "bc1q abc", "1".parse().unwrap()),
        Err(InvalidRequest::Invalid {
            field: "to_address",
            ..
        })
    ));
    assert!(matches!(
        PageSize::new(101),
        Err(InvalidRequest::PageSize { size: 101, .. })
    ));
    assert!(matches!(
        Window::new(0, 101),
        Err(InvalidRequest::Window { .. })
    ));
}

#[test]
fn routes_declare_retry_safety_and_credentials() {
    let table: Vec<String> = Route::ALL
        .iter()
        .map(|route| {
            format!(
                "{:<22} {:<34} retry={:<5} {:?}",
                route.name(),
                route.path(),
                route.is_safe_to_retry(),
                route.credential()
            )
        })
        .collect();
    insta::assert_snapshot!(table.join("\n"));
}
