//! The checkout page an invoice's `link` opens, and the control paths its buttons call.

use cryptocloud_mock::{MockConfig, MockServer, PostbackFormat};

use crate::support::{self, Node, api, create, get, post, serve};

const SUCCESS: &str = "http://shop.test/thanks";
const FAIL: &str = "http://shop.test/sorry";

async fn shop() -> MockServer {
    serve(
        5,
        MockConfig {
            success_url: String::from(SUCCESS),
            fail_url: String::from(FAIL),
            ..MockConfig::default()
        },
    )
    .await
}

async fn info(server: &MockServer, uuid: &str) -> Node {
    let body = format!(r#"{{"uuids":["{uuid}"]}}"#);
    let result = api(server, "/v2/invoice/merchant/info", &body)
        .await
        .result();
    result.array()[0].clone()
}

async fn control(server: &MockServer, uuid: &str, action: &str, body: &str) -> (u16, String) {
    support::control(server, &format!("/_mock/invoices/{uuid}/{action}"), body).await
}

fn number(node: &Node) -> f64 {
    match node {
        Node::Float(value) => *value,
        Node::Int(value) => i32::try_from(*value).map(f64::from).unwrap(),
        other => panic!("not a number: {other:?}"),
    }
}

/// The amount the page asks for.
fn shown_amount(html: &str) -> f64 {
    let (_, rest) = html.split_once(r#"<span id="amount">"#).unwrap();
    rest.split_once("</span>").unwrap().0.parse().unwrap()
}

#[tokio::test]
async fn the_link_opens_a_page_served_here_with_nothing_from_elsewhere() {
    let server = shop().await;
    let created = create(
        &server,
        r#"{"shop_id":"MockShop0001","amount":25,"add_fields":{"cryptocurrency":"USDT_TRC20"}}"#,
    )
    .await;
    let uuid = created.at("uuid").str();
    let bare = uuid.trim_start_matches("INV-");
    let link = created.at("link").str();
    assert_eq!(link, format!("{}/pay/{bare}", server.base_url()));
    assert_eq!(info(&server, uuid).await.at("pay_url").str(), link);
    assert_eq!(created.at("project").at("success").str(), SUCCESS);
    assert_eq!(created.at("project").at("fail").str(), FAIL);

    let page = get(&server, &format!("/pay/{bare}")).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(page.content_type, "text/html; charset=utf-8");
    let policy = page.headers["content-security-policy"].to_str().unwrap();
    assert!(policy.starts_with("default-src 'none'"), "{policy}");
    let html = &page.body;
    let address = created.at("address").str();
    assert!(!address.is_empty());
    for shown in [
        uuid,
        address,
        "USDT",
        "<svg",
        r#"data-payment="paid""#,
        r#"data-payment="partial""#,
        r#"data-payment="overpaid""#,
        r#"id="expire""#,
        r#"id="countdown""#,
    ] {
        assert!(html.contains(shown), "{shown} missing from the page");
    }
    // What the customer is asked for: the amount plus the service fee, in the coin (USDT = 1 USD).
    let due = number(info(&server, uuid).await.at("amount_to_pay"));
    assert_eq!(shown_amount(html), due);
    // No address of another host but the shop's own two and the SVG namespace (never fetched).
    let foreign = html
        .replace(SUCCESS, "")
        .replace(FAIL, "")
        .replace("http://www.w3.org/2000/svg", "");
    assert!(!foreign.contains("http:") && !foreign.contains("https:"));
    assert!(!foreign.contains("src="), "no external scripts or images");
}

#[tokio::test]
async fn opening_the_page_gives_a_coinless_invoice_its_address() {
    let server = shop().await;
    let created = create(&server, r#"{"shop_id":"MockShop0001","amount":10}"#).await;
    let uuid = created.at("uuid").str();
    assert_eq!(created.at("address").str(), "");
    let page = get(&server, &format!("/pay/{}", &uuid[4..])).await;
    assert_eq!(page.status, 200);
    let address = info(&server, uuid).await.at("address").str().to_owned();
    assert!(!address.is_empty());
    assert!(page.body.contains(&address));
}

#[tokio::test]
async fn a_page_for_what_is_not_there_or_not_a_get_is_refused() {
    let server = shop().await;
    assert_eq!(get(&server, "/pay/NOSUCH00").await.status, 404);
    let created = create(&server, r#"{"shop_id":"MockShop0001","amount":10}"#).await;
    let path = format!("/pay/{}", &created.at("uuid").str()[4..]);
    let posted = post(&server, &path, None, Some("application/json"), Vec::new()).await;
    assert_eq!(posted.status, 405);
}

#[tokio::test]
async fn expiry_cancels_an_unpaid_invoice_once_and_closes_its_page() {
    let server = shop().await;
    let created = create(&server, r#"{"shop_id":"MockShop0001","amount":10}"#).await;
    let uuid = created.at("uuid").str();
    let (status, body) = control(&server, uuid, "expire", "").await;
    assert_eq!(status, 200, "{body}");
    let invoice = info(&server, uuid).await;
    assert_eq!(invoice.at("status").str(), "canceled");
    assert!(
        invoice.at("expiry_date").str() < created.at("expiry_date").str(),
        "the expiry comes forward to now"
    );
    assert_eq!(control(&server, uuid, "expire", "{}").await.0, 409);
    assert_eq!(
        control(&server, uuid, "pay", r#"{"status":"paid"}"#)
            .await
            .0,
        409,
        "an expired invoice cannot be paid"
    );
    let (status, body) = control(&server, uuid, "expire", r#"{"when":"now"}"#).await;
    assert_eq!(status, 400, "unknown fields are refused: {body}");
    let page = get(&server, &format!("/pay/{}", &uuid[4..])).await;
    assert!(page.body.contains("has expired"));
    assert!(page.body.contains(&format!(r#"href="{FAIL}""#)));
    assert!(!page.body.contains("data-payment"), "no buttons left");

    let paid = create(&server, r#"{"shop_id":"MockShop0001","amount":10}"#).await;
    let paid = paid.at("uuid").str();
    assert_eq!(control(&server, paid, "pay", "").await.0, 200);
    assert_eq!(
        control(&server, paid, "expire", "").await.0,
        409,
        "a paid invoice does not expire"
    );
    let page = get(&server, &format!("/pay/{}", &paid[4..])).await;
    assert!(page.body.contains("This invoice is paid"));
}

#[tokio::test]
async fn a_pay_request_without_a_format_uses_the_configured_one() {
    let server = serve(
        5,
        MockConfig {
            postback_format: PostbackFormat::Form,
            ..MockConfig::default()
        },
    )
    .await;
    let created = create(&server, r#"{"shop_id":"MockShop0001","amount":10}"#).await;
    let uuid = created.at("uuid").str();
    let (status, body) = control(&server, uuid, "pay", r#"{"status":"partial"}"#).await;
    assert_eq!(status, 200, "{body}");
    let report: serde_json::Value = serde_json::from_str(&body).unwrap();
    let postback = report["postback"].as_str().unwrap();
    assert!(postback.starts_with("status=success&"), "{postback}");
    // A partly paid invoice's page asks for the rest and cannot expire.
    let page = get(&server, &format!("/pay/{}", &uuid[4..])).await;
    let rest = number(info(&server, uuid).await.at("to_surcharge"));
    assert!(rest > 0.0);
    assert_eq!(shown_amount(&page.body), rest);
    assert!(!page.body.contains(r#"id="expire""#));
}

#[tokio::test]
async fn a_paid_invoice_can_be_overpaid_later_and_nothing_else() {
    let server = shop().await;
    let created = create(&server, r#"{"shop_id":"MockShop0001","amount":10}"#).await;
    let uuid = created.at("uuid").str();
    assert_eq!(control(&server, uuid, "pay", "").await.0, 200);
    for status in ["paid", "partial"] {
        let body = format!(r#"{{"status":"{status}"}}"#);
        assert_eq!(
            control(&server, uuid, "pay", &body).await.0,
            409,
            "{status}"
        );
    }
    let (status, body) = control(&server, uuid, "pay", r#"{"status":"overpaid"}"#).await;
    assert_eq!(status, 200, "{body}");
    let invoice = info(&server, uuid).await;
    assert_eq!(invoice.at("status").str(), "overpaid");
    assert!(number(invoice.at("amount_paid_usd")) > 10.0);
    assert_eq!(invoice.at("tx_list").array().len(), 2, "a second transfer");
    let again = control(&server, uuid, "pay", r#"{"status":"overpaid"}"#).await;
    assert_eq!(again.0, 409, "overpaid is final");
}

#[tokio::test]
async fn a_closed_invoices_page_shows_its_state_and_nothing_to_pay_to() {
    let server = shop().await;
    let fields = r#"{"shop_id":"MockShop0001","amount":10,"add_fields":{"cryptocurrency":"BTC"}}"#;
    for (action, body, state) in [
        ("pay", "", "This invoice is paid"),
        (
            "pay",
            r#"{"status":"overpaid"}"#,
            "This invoice is overpaid",
        ),
        ("expire", "", "This invoice has expired"),
    ] {
        let created = create(&server, fields).await;
        let uuid = created.at("uuid").str();
        assert_eq!(control(&server, uuid, action, body).await.0, 200);
        let page = get(&server, &format!("/pay/{}", &uuid[4..])).await;
        let html = &page.body;
        assert!(html.contains(state), "{state} missing: {html}");
        let address = info(&server, uuid).await.at("address").str().to_owned();
        for hidden in [
            address.as_str(),
            "<svg",
            "Send exactly",
            r#"id="countdown""#,
            r#"id="amount""#,
        ] {
            assert!(!html.contains(hidden), "{state}: {hidden} still shown");
        }
    }
}
