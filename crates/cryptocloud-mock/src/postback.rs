//! Postback bodies as CryptoCloud sends them, in JSON (Python's `json.dumps` spacing) or as a
//! form (`invoice_info` a JSON string), with a token signed by an ecosystem JWT crate
//! (`jsonwebtoken`), not by the SDK's verifier code, so that the verifier meets an independent
//! signer.

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::json::{Json, python_repr, to_double};
use crate::record::InvoiceRecord;

/// How a postback body is encoded (chosen per project in CryptoCloud's settings).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PostbackFormat {
    /// `application/json`, `invoice_info` an object.
    #[default]
    Json,
    /// `application/x-www-form-urlencoded`, `invoice_info` a JSON string.
    Form,
}

/// The token's claims: the reference's `id` (the bare invoice id here; the live form is
/// unverified) and `exp`, five minutes on.
#[derive(Serialize)]
struct Claims<'a> {
    id: &'a str,
    exp: i64,
}

/// An HS256 token over `{"id", "exp"}` with the project's secret as UTF-8 bytes.
pub(crate) fn token(
    invoice: &str,
    secret: &str,
    now: OffsetDateTime,
) -> Result<String, jsonwebtoken::errors::Error> {
    let claims = Claims {
        id: invoice,
        exp: now.unix_timestamp() + 300,
    };
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
}

/// The body for a paid invoice and its content type; `coin` and `info` are the invoice's coin
/// code and the invoice as info shows them (quirks included, so the two agree).
pub(crate) fn body(
    invoice: &InvoiceRecord,
    coin: &str,
    info: Json,
    token: String,
    format: PostbackFormat,
) -> (&'static str, Vec<u8>) {
    let amount_crypto = invoice.coin.usd_in_coin(invoice.paid_usd);
    match format {
        PostbackFormat::Json => {
            let body = Json::object([
                ("status", Json::str("success")),
                ("invoice_id", Json::str(invoice.id.as_str())),
                ("amount_crypto", Json::money(amount_crypto)),
                ("currency", Json::str(coin)),
                ("order_id", Json::opt_str(invoice.order_id.as_deref())),
                ("token", Json::Str(token)),
                ("invoice_info", info),
            ]);
            ("application/json", body.python().into_bytes())
        }
        PostbackFormat::Form => {
            // Python's requests drops fields whose value is None, and writes the rest with
            // `urlencode` (spaces as `+`).
            let mut fields = vec![
                ("status", String::from("success")),
                ("invoice_id", invoice.id.clone()),
                ("amount_crypto", python_repr(to_double(amount_crypto))),
                ("currency", String::from(coin)),
            ];
            if let Some(order) = &invoice.order_id {
                fields.push(("order_id", order.clone()));
            }
            fields.push(("token", token));
            fields.push(("invoice_info", info.python()));
            let body: Vec<String> = fields
                .iter()
                .map(|(key, value)| format!("{key}={}", quote_plus(value)))
                .collect();
            (
                "application/x-www-form-urlencoded",
                body.join("&").into_bytes(),
            )
        }
    }
}

/// Python's `urllib.parse.quote_plus`: letters, digits and `_.-~` stay, spaces become `+`.
fn quote_plus(value: &str) -> String {
    const KEPT: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'_')
        .remove(b'.')
        .remove(b'-')
        .remove(b'~');
    utf8_percent_encode(value, KEPT)
        .to_string()
        .replace("%20", "+")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_plus_matches_python() {
        assert_eq!(
            quote_plus("ORD 1001 gift/card~é"),
            "ORD+1001+gift%2Fcard~%C3%A9"
        );
    }

    #[test]
    fn the_token_is_hs256_over_id_and_exp() {
        use base64::Engine;
        let now = OffsetDateTime::from_unix_timestamp(1_790_000_000).unwrap();
        let token = token("89UX09KA", "fixture-postback-secret", now).unwrap();
        let parts: Vec<&str> = token.split('.').collect();
        let decode = |part: &str| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(part)
                .unwrap()
        };
        assert_eq!(decode(parts[1]), br#"{"id":"89UX09KA","exp":1790000300}"#);
        let header: serde_json::Value = serde_json::from_slice(&decode(parts[0])).unwrap();
        assert_eq!(header["alg"], "HS256");
    }
}
