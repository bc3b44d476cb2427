//! The postback token: an HS256 JWT over `{"id": <invoice>, "exp": <unix seconds>}`, signed with
//! the project's secret key. Verification pins HS256 and compares the MAC in constant time.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use base64::Engine;
use base64::alphabet::URL_SAFE;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use hmac::{Hmac, KeyInit, Mac};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer};
use sha2::Sha256;
use time::{Duration, OffsetDateTime};

use super::{PostbackError, PostbackSecret};
use crate::InvoiceId;
use crate::wire::shorten;

/// The longest token accepted; real ones are about 150 bytes.
pub const MAX_TOKEN_LEN: usize = 4096;

/// base64url as JWTs use it: no padding, though padding is tolerated.
const BASE64URL: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

type HmacSha256 = Hmac<Sha256>;

/// What a verified token says.
pub(super) struct VerifiedClaims {
    pub(super) id: String,
    pub(super) expires_at: OffsetDateTime,
}

/// Checks the token's algorithm, signature and expiry.
pub(super) fn verify(
    token: &str,
    secret: &PostbackSecret,
    now: OffsetDateTime,
    leeway: Duration,
) -> Result<VerifiedClaims, PostbackError> {
    if token.len() > MAX_TOKEN_LEN {
        return Err(PostbackError::TokenTooLong {
            len: token.len(),
            max: MAX_TOKEN_LEN,
        });
    }
    let token = strip_bytes_repr(token.trim());
    let segments: Vec<&str> = token.split('.').collect();
    let [header, payload, signature] = segments.as_slice() else {
        return Err(PostbackError::TokenMalformed {
            segments: segments.len(),
        });
    };

    let header_json = decode_segment(header, "header")?;
    let header: Header =
        serde_json::from_slice(&header_json).map_err(|error| PostbackError::TokenHeader {
            reason: alloc::string::ToString::to_string(&error),
        })?;
    if header.alg.eq_ignore_ascii_case("none") {
        return Err(PostbackError::UnsignedToken);
    }
    if header.alg != "HS256" {
        return Err(PostbackError::UnsupportedAlgorithm {
            alg: shorten(&header.alg),
        });
    }

    let signature = decode_segment(signature, "signature")?;
    let signing_input_len = token.len() - signature_len(token);
    let signing_input = token.get(..signing_input_len).unwrap_or("");
    mac(secret, signing_input)
        .ok_or(PostbackError::BadSignature)?
        .verify_slice(&signature)
        .map_err(|_| PostbackError::BadSignature)?;

    let claims: Claims =
        serde_json::from_slice(&decode_segment(payload, "payload")?).map_err(|error| {
            PostbackError::TokenClaims {
                reason: alloc::string::ToString::to_string(&error),
            }
        })?;
    let expires_at = OffsetDateTime::from_unix_timestamp(claims.exp).map_err(|_| {
        PostbackError::TokenClaims {
            reason: alloc::format!("exp {} is not a representable time", claims.exp),
        }
    })?;
    let leeway = if leeway.is_negative() {
        Duration::ZERO
    } else {
        leeway
    };
    if now > expires_at.saturating_add(leeway) {
        return Err(PostbackError::Expired {
            expired_at: expires_at,
            now,
        });
    }
    Ok(VerifiedClaims {
        id: claims.id,
        expires_at,
    })
}

/// Signs a postback token for `invoice` exactly as CryptoCloud does (HS256 over
/// `{"id": "<bare id>", "exp": <unix seconds>}`); for local servers and handler tests.
///
/// ```
/// use cryptocloud_types::postback::{PostbackSecret, sign_token};
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
    let header = BASE64URL.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let claims = alloc::format!(
        r#"{{"id":"{}","exp":{}}}"#,
        invoice.bare(),
        expires_at.unix_timestamp()
    );
    let mut token = alloc::format!("{header}.{}", BASE64URL.encode(claims));
    let signature = mac(secret, &token)
        .map(|mac| BASE64URL.encode(mac.finalize().into_bytes()))
        .unwrap_or_default();
    token.push('.');
    token.push_str(&signature);
    token
}

/// The MAC of `signing_input` under `secret`. HMAC takes keys of any length, so `None` does not
/// happen; if it ever did, verification refuses and signing leaves the signature empty (a token
/// that never verifies) rather than falling back to some other key.
fn mac(secret: &PostbackSecret, signing_input: &str) -> Option<HmacSha256> {
    let mut mac = <HmacSha256 as KeyInit>::new_from_slice(secret.as_bytes()).ok()?;
    mac.update(signing_input.as_bytes());
    Some(mac)
}

/// Length of the signature part plus its dot.
fn signature_len(token: &str) -> usize {
    token.rfind('.').map_or(0, |dot| token.len() - dot)
}

/// The docs once showed the token as a Python bytes literal: `b'…'` or `b"…"`.
fn strip_bytes_repr(token: &str) -> &str {
    for quote in ['\'', '"'] {
        if let Some(inner) = token
            .strip_prefix('b')
            .and_then(|rest| rest.strip_prefix(quote))
            && let Some(inner) = inner.strip_suffix(quote)
        {
            return inner;
        }
    }
    token
}

fn decode_segment(segment: &str, name: &'static str) -> Result<Vec<u8>, PostbackError> {
    BASE64URL
        .decode(segment)
        .map_err(|reason| PostbackError::TokenEncoding {
            segment: name,
            reason,
        })
}

#[derive(Deserialize)]
struct Header {
    alg: String,
}

#[derive(Deserialize)]
struct Claims {
    #[serde(deserialize_with = "text_or_number")]
    id: String,
    #[serde(deserialize_with = "unix_seconds")]
    exp: i64,
}

/// The `id` claim, whose exact form is unverified: a string, or a number as seen in the docs.
fn text_or_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    struct TextOrNumber;

    impl Visitor<'_> for TextOrNumber {
        type Value = String;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an invoice id")
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<String, E> {
            Ok(String::from(value))
        }

        fn visit_u64<E: de::Error>(self, value: u64) -> Result<String, E> {
            Ok(alloc::format!("{value}"))
        }

        fn visit_i64<E: de::Error>(self, value: i64) -> Result<String, E> {
            Ok(alloc::format!("{value}"))
        }
    }

    deserializer.deserialize_any(TextOrNumber)
}

/// A JWT NumericDate: seconds since the epoch, possibly with a fraction (dropped).
fn unix_seconds<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    struct UnixSeconds;

    impl Visitor<'_> for UnixSeconds {
        type Value = i64;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("seconds since 1970")
        }

        fn visit_i64<E: de::Error>(self, value: i64) -> Result<i64, E> {
            Ok(value)
        }

        fn visit_u64<E: de::Error>(self, value: u64) -> Result<i64, E> {
            i64::try_from(value).map_err(E::custom)
        }

        #[allow(clippy::float_arithmetic, clippy::cast_possible_truncation)]
        fn visit_f64<E: de::Error>(self, value: f64) -> Result<i64, E> {
            // `as` drops the fraction, saturates and maps NaN to 0; the range check keeps the last two
            // from passing silently.
            let in_range = value.is_finite() && value.abs() < 1e15;
            if in_range {
                Ok(value as i64)
            } else {
                Err(E::custom("exp out of range"))
            }
        }
    }

    deserializer.deserialize_any(UnixSeconds)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret() -> PostbackSecret {
        PostbackSecret::new("s3cret").unwrap()
    }

    fn at(seconds: i64) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(seconds).unwrap()
    }

    #[test]
    fn a_signed_token_verifies_until_it_expires() {
        let token = sign_token(&"ABCD1234".parse().unwrap(), at(1000), &secret());
        let claims = verify(&token, &secret(), at(1000), Duration::ZERO).unwrap();
        assert_eq!(claims.id, "ABCD1234");
        assert!(verify(&token, &secret(), at(1030), Duration::seconds(30)).is_ok());
        assert!(matches!(
            verify(&token, &secret(), at(1031), Duration::seconds(30)),
            Err(PostbackError::Expired { .. })
        ));
        assert!(matches!(
            verify(&token, &secret(), at(1001), Duration::seconds(-5)),
            Err(PostbackError::Expired { .. })
        ));
    }

    #[test]
    fn python_bytes_wrappers_are_tolerated() {
        assert_eq!(strip_bytes_repr("b'abc'"), "abc");
        assert_eq!(strip_bytes_repr("b\"abc\""), "abc");
        assert_eq!(strip_bytes_repr("b'abc"), "b'abc");
        assert_eq!(strip_bytes_repr("abc"), "abc");
    }

    #[test]
    fn numeric_and_fractional_claims() {
        let claims: Claims = serde_json::from_str(r#"{"id":13,"exp":1631786426.7}"#).unwrap();
        assert_eq!((claims.id.as_str(), claims.exp), ("13", 1_631_786_426));
        assert!(serde_json::from_str::<Claims>(r#"{"id":"x","exp":1e300}"#).is_err());
        assert!(serde_json::from_str::<Claims>(r#"{"id":"x"}"#).is_err());
    }
}
