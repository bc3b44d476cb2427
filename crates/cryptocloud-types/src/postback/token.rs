//! The postback token: an HS256 JWT over `{"id": <invoice>, "exp": <unix seconds>}`, signed with
//! the project's secret key. Verification pins HS256 and compares the MAC in constant time; what
//! the claims mean (expiry, binding) is the verifier's business.

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
use time::OffsetDateTime;

use super::{PostbackError, PostbackSecret};
use crate::wire::shorten;

/// The longest token accepted; real ones are about 150 bytes.
pub const MAX_TOKEN_LEN: usize = 4096;

/// base64url as JWTs use it: no padding, though padding is tolerated.
pub(super) const BASE64URL: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

type HmacSha256 = Hmac<Sha256>;

/// What a token with a valid signature says.
#[derive(Debug)]
pub(super) struct SignedClaims {
    pub(super) id: IdClaim,
    pub(super) expires_at: OffsetDateTime,
}

/// The `id` claim, whose form is unverified: the docs' sample holds a number.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum IdClaim {
    Text(String),
    Number(u64),
}

/// Checks the token's form, algorithm and signature (made with any of `secrets`), and reads its
/// claims.
pub(super) fn verify<'a>(
    token: &str,
    secrets: impl IntoIterator<Item = &'a PostbackSecret>,
) -> Result<SignedClaims, PostbackError> {
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
    // `verify_slice` compares in constant time; which secret matched is not worth hiding.
    let signed = secrets.into_iter().any(|secret| {
        mac(secret, signing_input).is_some_and(|mac| mac.verify_slice(&signature).is_ok())
    });
    if !signed {
        return Err(PostbackError::BadSignature);
    }

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
    Ok(SignedClaims {
        id: claims.id,
        expires_at,
    })
}

/// The MAC of `signing_input` under `secret`. HMAC takes keys of any length, so `None` does not
/// happen; if it ever did, verification refuses and signing leaves the signature empty (a token
/// that never verifies) rather than falling back to some other key.
pub(super) fn mac(secret: &PostbackSecret, signing_input: &str) -> Option<HmacSha256> {
    mac_with_key(secret.as_bytes(), signing_input)
}

/// [`mac`] with the key as bytes.
pub(super) fn mac_with_key(key: &[u8], signing_input: &str) -> Option<HmacSha256> {
    let mut mac = <HmacSha256 as KeyInit>::new_from_slice(key).ok()?;
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
    id: IdClaim,
    #[serde(deserialize_with = "unix_seconds")]
    exp: i64,
}

/// The `id` claim: an invoice id as text, or a whole number as in the docs' sample.
fn text_or_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<IdClaim, D::Error> {
    struct TextOrNumber;

    impl Visitor<'_> for TextOrNumber {
        type Value = IdClaim;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an invoice id or a whole number")
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<IdClaim, E> {
            Ok(IdClaim::Text(String::from(value)))
        }

        fn visit_u64<E: de::Error>(self, value: u64) -> Result<IdClaim, E> {
            Ok(IdClaim::Number(value))
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

    /// An HS256 token over `claims`, built here so the test does not lean on the crate's signer.
    fn token(claims: &str, key: &PostbackSecret) -> String {
        let input = alloc::format!(
            "{}.{}",
            BASE64URL.encode(r#"{"alg":"HS256","typ":"JWT"}"#),
            BASE64URL.encode(claims)
        );
        let signature = BASE64URL.encode(mac(key, &input).unwrap().finalize().into_bytes());
        alloc::format!("{input}.{signature}")
    }

    #[test]
    fn any_of_the_secrets_may_have_signed() {
        let old = PostbackSecret::new("old-s3cret").unwrap();
        let other = PostbackSecret::new("other").unwrap();
        let token = token(r#"{"id":"ABCD1234","exp":1000}"#, &old);
        let claims = verify(&token, [&secret(), &old]).unwrap();
        assert_eq!(claims.id, IdClaim::Text("ABCD1234".into()));
        assert_eq!(claims.expires_at.unix_timestamp(), 1000);
        assert!(matches!(
            verify(&token, [&secret(), &other]),
            Err(PostbackError::BadSignature)
        ));
        assert!(matches!(
            verify(&token, []),
            Err(PostbackError::BadSignature)
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
        assert_eq!(
            (claims.id, claims.exp),
            (IdClaim::Number(13), 1_631_786_426)
        );
        for id in ["-13", "13.5", "null", "[]"] {
            let json = alloc::format!(r#"{{"id":{id},"exp":1}}"#);
            assert!(serde_json::from_str::<Claims>(&json).is_err(), "{id}");
        }
        assert!(serde_json::from_str::<Claims>(r#"{"id":"x","exp":1e300}"#).is_err());
        assert!(serde_json::from_str::<Claims>(r#"{"id":"x"}"#).is_err());
    }
}
