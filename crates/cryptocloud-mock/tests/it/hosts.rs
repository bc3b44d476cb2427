//! DNS rebinding: a web page whose name resolves to 127.0.0.1 must not reach the server. Only
//! loopback names with the server's port are served, on every path; a request from a foreign
//! origin is refused; the pages the checkout sends a customer to are http(s) only.

use cryptocloud_mock::{DEFAULT_API_KEY, MockConfig, MockServer, StartError};
use http::Method;

use crate::support::{Reply, send, serve};

async fn unpaid(server: &MockServer) -> String {
    let invoice = server
        .invoices()
        .into_iter()
        .find(|invoice| invoice["status"] == "created")
        .unwrap();
    invoice["uuid"].as_str().unwrap().to_owned()
}

/// One request to each kind of path (API, control, checkout page), with `headers`.
async fn every_path(server: &MockServer, invoice: &str, headers: &[(&str, &str)]) -> Vec<Reply> {
    let token = format!("Token {DEFAULT_API_KEY}");
    let json = [("content-type", "application/json")];
    let api = [headers, &json, &[("authorization", token.as_str())]].concat();
    let control = [headers, &json].concat();
    let info = format!(r#"{{"uuids":["{invoice}"]}}"#).into_bytes();
    vec![
        send(
            server,
            Method::POST,
            "/v2/invoice/merchant/info",
            &api,
            info,
        )
        .await,
        send(server, Method::GET, "/_mock/stats", headers, Vec::new()).await,
        send(
            server,
            Method::GET,
            &format!("/pay/{invoice}"),
            headers,
            Vec::new(),
        )
        .await,
        send(
            server,
            Method::POST,
            &format!("/_mock/invoices/{invoice}/pay"),
            &control,
            br#"{"status":"paid"}"#.to_vec(),
        )
        .await,
    ]
}

#[tokio::test]
async fn every_path_refuses_a_host_that_is_not_loopback_with_this_port() {
    let server = serve(20, MockConfig::default()).await;
    let invoice = unpaid(&server).await;
    let port = server.address().port();
    let other_port = port.wrapping_add(1).max(1);
    for host in [
        format!("rebound.example:{port}"),
        format!("127.0.0.1.rebound.example:{port}"),
        format!("127.0.0.1:{other_port}"),
        String::from("localhost"),
        format!("localhost:{port}@rebound.example"),
        String::new(),
    ] {
        for reply in every_path(&server, &invoice, &[("host", &host)]).await {
            assert_eq!(reply.status, 400, "Host {host:?}: {}", reply.body);
            assert!(reply.body.contains("Host"), "{}", reply.body);
        }
    }
    let still = server
        .invoices()
        .into_iter()
        .find(|candidate| candidate["uuid"] == invoice.as_str())
        .unwrap();
    assert_eq!(still["status"], "created", "nothing was paid");
}

#[tokio::test]
async fn loopback_names_with_the_port_are_served() {
    let server = serve(20, MockConfig::default()).await;
    let port = server.address().port();
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let reply = send(
            &server,
            Method::GET,
            "/_mock/stats",
            &[("host", &host)],
            vec![],
        )
        .await;
        assert_eq!(reply.status, 200, "Host {host:?}: {}", reply.body);
    }
}

#[tokio::test]
async fn a_request_from_a_foreign_origin_is_refused() {
    let server = serve(20, MockConfig::default()).await;
    let invoice = unpaid(&server).await;
    let port = server.address().port();
    for origin in [
        String::from("http://rebound.example"),
        format!("http://rebound.example:{port}"),
        format!("https://127.0.0.1:{port}"),
        format!("http://127.0.0.1:{}", port.wrapping_add(1).max(1)),
        String::from("null"),
    ] {
        for reply in every_path(&server, &invoice, &[("origin", &origin)]).await {
            assert_eq!(reply.status, 403, "Origin {origin:?}: {}", reply.body);
            assert!(reply.body.contains("Origin"), "{}", reply.body);
        }
    }
    // The checkout page's own buttons: same origin, under either loopback name.
    for (host, origin) in [
        (
            format!("localhost:{port}"),
            format!("http://localhost:{port}"),
        ),
        (
            format!("127.0.0.1:{port}"),
            format!("http://127.0.0.1:{port}"),
        ),
    ] {
        let invoice = unpaid(&server).await;
        let headers = [("host", host.as_str()), ("origin", origin.as_str())];
        let replies = every_path(&server, &invoice, &headers).await;
        assert!(
            replies.iter().all(|reply| reply.status == 200),
            "{replies:?}"
        );
    }
}

#[tokio::test]
async fn the_checkout_sends_customers_only_to_http_pages() {
    for (field, url) in [
        ("success_url", "javascript:alert(document.domain)"),
        ("success_url", "JavaScript:alert(1)"),
        ("fail_url", "data:text/html,<script>alert(1)</script>"),
        ("fail_url", " javascript:alert(1)"),
        ("success_url", "//rebound.example/thanks"),
        ("fail_url", "http://"),
    ] {
        let config = if field == "success_url" {
            MockConfig {
                success_url: url.to_owned(),
                ..MockConfig::default()
            }
        } else {
            MockConfig {
                fail_url: url.to_owned(),
                ..MockConfig::default()
            }
        };
        match MockServer::start(config).await {
            Err(error @ StartError::Config(_)) => {
                let message = error.to_string();
                assert!(message.contains(field), "{message}");
                assert!(message.contains("http"), "{message}");
            }
            other => panic!("{field} = {url:?} was accepted: {other:?}"),
        }
    }
    let fine = MockConfig {
        success_url: String::from("https://shop.test/thanks?order=1"),
        fail_url: String::from("http://127.0.0.1:3000/fail"),
        ..MockConfig::default()
    };
    MockServer::start(fine).await.unwrap().shutdown().await;
}
