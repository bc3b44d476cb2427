//! Genuine and forged postback bodies, to test a webhook handler without a server (feature
//! `test-util`).

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use base64::Engine;
use hmac::Mac;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Map, Value};
use time::{Duration, OffsetDateTime};

use super::PostbackSecret;
use super::token::{BASE64URL, mac_with_key};
use crate::{CryptoCurrency, Invoice, InvoiceId, Money};

/// Signs a postback token for `invoice` as CryptoCloud does (HS256 over
/// `{"id": "<bare id>", "exp": <unix seconds>}`).
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::postback::{PostbackSecret, sign_token};
/// use time::OffsetDateTime;
///
/// let secret = PostbackSecret::new("project-secret-key")?;
/// let token = sign_token(&"89UX09KA".parse()?, OffsetDateTime::from_unix_timestamp(1_790_000_300)?, &secret);
/// assert!(token.starts_with("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."));
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
pub fn sign_token(
    invoice: &InvoiceId,
    expires_at: OffsetDateTime,
    secret: &PostbackSecret,
) -> String {
    let id = Value::String(invoice.bare().into());
    sign_claims(&id, expires_at, secret.as_bytes())
}

/// How a postback body is encoded (chosen per project in CryptoCloud's settings).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BodyFormat {
    /// `application/json`, `invoice_info` an object.
    Json,
    /// `application/x-www-form-urlencoded`, `invoice_info` a JSON string.
    Form,
}

/// A postback body to feed your webhook handler in a test: [`genuine`](Self::genuine) is signed
/// with your secret as CryptoCloud signs, [`forged`](Self::forged) with another key.
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::postback::{BodyFormat, Postback, PostbackSecret, TestPostback};
/// use time::{Duration, OffsetDateTime};
///
/// let secret = PostbackSecret::new("project-secret-key")?;
/// let now = OffsetDateTime::from_unix_timestamp(1_790_000_000)?;
/// let paid = TestPostback::new("89UX09KA".parse()?)
///     .order_id("order-42")
///     .amount_crypto("103.3".parse()?);
///
/// let body = paid.genuine(&secret, now, BodyFormat::Json);
/// let verified = Postback::parse(body.as_bytes())?.verify(&secret, now)?;
/// assert_eq!(verified.unverified_claims().order_id.as_deref(), Some("order-42"));
///
/// let forged = paid.forged(&secret, now, BodyFormat::Form);
/// assert!(Postback::parse(forged.as_bytes())?.verify(&secret, now).unwrap_err().is_forged());
///
/// // Signed ten minutes ago: expired now, as a late retry is.
/// let late = paid.genuine(&secret, now - Duration::minutes(10), BodyFormat::Form);
/// assert!(Postback::parse(late.as_bytes())?.verify(&secret, now).unwrap_err().is_expired());
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct TestPostback {
    invoice_id: InvoiceId,
    numeric_token_id: Option<u64>,
    amount_crypto: Option<Money>,
    currency: Option<CryptoCurrency>,
    order_id: Option<String>,
    invoice_info: Option<Invoice>,
}

impl TestPostback {
    /// How long CryptoCloud's tokens are valid.
    pub const LIFETIME: Duration = Duration::minutes(5);

    /// A `success` postback about `invoice_id`, with no other field.
    pub fn new(invoice_id: InvoiceId) -> TestPostback {
        TestPostback {
            invoice_id,
            numeric_token_id: None,
            amount_crypto: None,
            currency: None,
            order_id: None,
            invoice_info: None,
        }
    }

    /// Sets `amount_crypto`.
    pub fn amount_crypto(mut self, amount: Money) -> TestPostback {
        self.amount_crypto = Some(amount);
        self
    }

    /// Sets `currency`.
    pub fn currency(mut self, currency: CryptoCurrency) -> TestPostback {
        self.currency = Some(currency);
        self
    }

    /// Sets `order_id`.
    pub fn order_id(mut self, order_id: impl Into<String>) -> TestPostback {
        self.order_id = Some(order_id.into());
        self
    }

    /// Sets `invoice_info`.
    pub fn invoice_info(mut self, invoice: Invoice) -> TestPostback {
        self.invoice_info = Some(invoice);
        self
    }

    /// Signs a number as the token's `id`, as the docs' sample token does: the postback verifies
    /// as [`Binding::Unbound`](super::Binding::Unbound).
    pub fn numeric_token_id(mut self, id: u64) -> TestPostback {
        self.numeric_token_id = Some(id);
        self
    }

    /// The body CryptoCloud would send at `issued_at`: its token, signed with `secret`, expires
    /// [`LIFETIME`](Self::LIFETIME) later.
    pub fn genuine(
        &self,
        secret: &PostbackSecret,
        issued_at: OffsetDateTime,
        format: BodyFormat,
    ) -> String {
        self.body(secret.as_bytes(), issued_at, format)
    }

    /// The same body with its token signed by a key that is not `secret`: it must be refused as
    /// forged.
    pub fn forged(
        &self,
        secret: &PostbackSecret,
        issued_at: OffsetDateTime,
        format: BodyFormat,
    ) -> String {
        let mut other_key = Vec::from(secret.as_bytes());
        other_key.extend_from_slice(b"-forged");
        self.body(&other_key, issued_at, format)
    }

    fn body(&self, key: &[u8], issued_at: OffsetDateTime, format: BodyFormat) -> String {
        let id = match self.numeric_token_id {
            Some(number) => Value::from(number),
            None => Value::String(self.invoice_id.bare().into()),
        };
        let token = sign_claims(&id, issued_at.saturating_add(Self::LIFETIME), key);
        let invoice_info = self
            .invoice_info
            .as_ref()
            .and_then(|invoice| serde_json::to_value(invoice).ok());
        let amount = self.amount_crypto.map(|amount| match format {
            BodyFormat::Json => serde_json::to_value(amount).unwrap_or(Value::Null),
            BodyFormat::Form => Value::String(amount.to_string()),
        });
        let fields = [
            ("status", Some(Value::from("success"))),
            ("invoice_id", Some(Value::from(self.invoice_id.bare()))),
            ("amount_crypto", amount),
            (
                "currency",
                self.currency.as_ref().map(|c| c.as_str().into()),
            ),
            ("order_id", self.order_id.as_deref().map(Value::from)),
            ("token", Some(Value::String(token))),
            ("invoice_info", invoice_info),
        ];
        let present = fields
            .into_iter()
            .filter_map(|(name, value)| Some((name, value?)));
        match format {
            BodyFormat::Json => {
                let object: Map<String, Value> =
                    present.map(|(name, value)| (name.into(), value)).collect();
                Value::Object(object).to_string()
            }
            BodyFormat::Form => {
                let pairs: Vec<String> = present
                    .map(|(name, value)| {
                        let text = match value {
                            Value::String(text) => text,
                            other => other.to_string(),
                        };
                        alloc::format!("{name}={}", utf8_percent_encode(&text, NON_ALPHANUMERIC))
                    })
                    .collect();
                pairs.join("&")
            }
        }
    }
}

/// A compact HS256 JWT over `{"id": <id>, "exp": <expires_at>}`.
fn sign_claims(id: &Value, expires_at: OffsetDateTime, key: &[u8]) -> String {
    let header = BASE64URL.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let claims = alloc::format!(r#"{{"id":{id},"exp":{}}}"#, expires_at.unix_timestamp());
    let mut token = alloc::format!("{header}.{}", BASE64URL.encode(claims));
    let signature = mac_with_key(key, &token)
        .map(|mac| BASE64URL.encode(mac.finalize().into_bytes()))
        .unwrap_or_default();
    token.push('.');
    token.push_str(&signature);
    token
}
