//! Raw HTTP to a mock server, and JSON read with its key order kept.

use std::fmt;

use bytes::Bytes;
use cryptocloud_mock::{DEFAULT_API_KEY, MockConfig, MockServer};
use http_body_util::{BodyExt, Full};
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// A server with `invoices` invoices and otherwise `config`.
pub(crate) async fn serve(invoices: usize, config: MockConfig) -> MockServer {
    MockServer::start(MockConfig { invoices, ..config })
        .await
        .unwrap()
}

/// An answer: status, content type, body, and every header.
#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) content_type: String,
    pub(crate) body: String,
    pub(crate) headers: http::HeaderMap,
}

impl Reply {
    /// The body as JSON, key order kept.
    pub(crate) fn json(&self) -> Node {
        serde_json::from_str(&self.body).unwrap_or_else(|error| panic!("{error}: {}", self.body))
    }

    /// `result` of a success envelope.
    pub(crate) fn result(&self) -> Node {
        assert_eq!(self.status, 200, "{}", self.body);
        self.json().get("result").cloned().unwrap()
    }
}

/// POSTs `body` with the project key and `Content-Type: application/json`.
pub(crate) async fn api(server: &MockServer, path: &str, body: &str) -> Reply {
    post(
        server,
        path,
        Some(DEFAULT_API_KEY),
        Some("application/json"),
        body.as_bytes().to_vec(),
    )
    .await
}

/// POSTs `body` to `path` with the key and content type given.
pub(crate) async fn post(
    server: &MockServer,
    path: &str,
    key: Option<&str>,
    content_type: Option<&str>,
    body: Vec<u8>,
) -> Reply {
    let mut headers = vec![];
    let authorization = key.map(|key| format!("Token {key}"));
    if let Some(authorization) = &authorization {
        headers.push(("authorization", authorization.as_str()));
    }
    if let Some(content_type) = content_type {
        headers.push(("content-type", content_type));
    }
    send(server, http::Method::POST, path, &headers, body).await
}

/// GETs `path`, as a browser opening a link does.
pub(crate) async fn get(server: &MockServer, path: &str) -> Reply {
    send(server, http::Method::GET, path, &[], Vec::new()).await
}

/// Sends a request with these headers; `Host` is the server's address unless one is given.
pub(crate) async fn send(
    server: &MockServer,
    method: http::Method,
    path: &str,
    headers: &[(&str, &str)],
    body: Vec<u8>,
) -> Reply {
    try_send(server, method, path, headers, body).await.unwrap()
}

/// [`send`], or the error of a connection that ended without an answer.
pub(crate) async fn try_send(
    server: &MockServer,
    method: http::Method,
    path: &str,
    headers: &[(&str, &str)],
    body: Vec<u8>,
) -> Result<Reply, hyper_util::client::legacy::Error> {
    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build_http();
    let mut request = http::Request::new(Full::new(Bytes::from(body)));
    *request.method_mut() = method;
    *request.uri_mut() = format!("{}{path}", server.base_url()).parse().unwrap();
    for (name, value) in headers {
        request.headers_mut().append(
            http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
            value.parse().unwrap(),
        );
    }
    let response = client.request(request).await?;
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    Ok(Reply {
        status,
        content_type,
        headers,
        body: String::from_utf8(body.to_vec()).unwrap(),
    })
}

/// POSTs a JSON `body` to a control path (`/_mock/…`): the status and the body.
pub(crate) async fn control(server: &MockServer, path: &str, body: &str) -> (u16, String) {
    let json = Some("application/json");
    let reply = post(server, path, None, json, body.as_bytes().to_vec()).await;
    (reply.status, reply.body)
}

/// Creates an invoice from a JSON body; its `result`.
pub(crate) async fn create(server: &MockServer, fields: &str) -> Node {
    api(server, "/v2/invoice/create", fields).await.result()
}

/// A form body's fields, decoded, in order.
pub(crate) fn form_fields(body: &str) -> Vec<(String, String)> {
    let decode = |part: &str| {
        percent_encoding::percent_decode_str(&part.replace('+', " "))
            .decode_utf8()
            .unwrap()
            .into_owned()
    };
    body.split('&')
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(key), decode(value))
        })
        .collect()
}

/// JSON with object keys in the order they were written.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Node {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Array(Vec<Node>),
    Object(Vec<(String, Node)>),
}

impl Node {
    pub(crate) fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Object(fields) => fields.iter().find(|(name, _)| name == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The value at a dotted path (`currency.network.icon`); panics when absent.
    pub(crate) fn at(&self, path: &str) -> &Node {
        path.split('.')
            .try_fold(self, |node, key| node.get(key))
            .unwrap_or_else(|| panic!("no {path} in {self:?}"))
    }

    pub(crate) fn str(&self) -> &str {
        match self {
            Node::Str(text) => text,
            other => panic!("not a string: {other:?}"),
        }
    }

    pub(crate) fn array(&self) -> &[Node] {
        match self {
            Node::Array(items) => items,
            other => panic!("not an array: {other:?}"),
        }
    }

    pub(crate) fn keys(&self) -> Vec<&str> {
        match self {
            Node::Object(fields) => fields.iter().map(|(key, _)| key.as_str()).collect(),
            _ => Vec::new(),
        }
    }

    /// The JSON kind; the API writes `0` and `0.0` alike, so numbers are one kind.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Node::Null => "null",
            Node::Bool(_) => "bool",
            Node::Int(_) | Node::Float(_) => "number",
            Node::Str(_) => "string",
            Node::Array(_) => "array",
            Node::Object(_) => "object",
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JSON")
    }
    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_bool<E>(self, value: bool) -> Result<Node, E> {
        Ok(Node::Bool(value))
    }
    fn visit_i64<E>(self, value: i64) -> Result<Node, E> {
        Ok(Node::Int(value.into()))
    }
    fn visit_u64<E>(self, value: u64) -> Result<Node, E> {
        Ok(Node::Int(value.into()))
    }
    fn visit_f64<E>(self, value: f64) -> Result<Node, E> {
        Ok(Node::Float(value))
    }
    fn visit_str<E>(self, value: &str) -> Result<Node, E> {
        Ok(Node::Str(value.to_owned()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut fields = Vec::new();
        while let Some((key, value)) = map.next_entry::<String, Node>()? {
            fields.push((key, value));
        }
        Ok(Node::Object(fields))
    }
}
