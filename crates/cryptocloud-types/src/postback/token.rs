//! The postback token: an HS256 JWT over `{"id": <invoice>, "exp": <unix seconds>}`, signed with
//! the project's secret key. Verification pins HS256 and compares the MAC in constant time; what
//! the claims mean (expiry, binding) is the verifier's business.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use base64::Engine;
use base64::alphabet::URL_SAFE;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use time::OffsetDateTime;

use super::json::{Members, Value};
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
    let mut segments = token.split('.');
    let (Some(header), Some(payload), Some(signature), None) = (
        segments.next(),
        segments.next(),
        segments.next(),
        segments.next(),
    ) else {
        return Err(PostbackError::TokenMalformed {
            segments: token.split('.').count(),
        });
    };

    let alg = algorithm(&decode_segment(header, "header")?)?;
    if alg.eq_ignore_ascii_case("none") {
        return Err(PostbackError::UnsignedToken);
    }
    if alg != "HS256" {
        return Err(PostbackError::UnsupportedAlgorithm { alg: shorten(&alg) });
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

    let (id, exp) = claims(&decode_segment(payload, "payload")?)
        .map_err(|reason| PostbackError::TokenClaims { reason })?;
    let expires_at =
        OffsetDateTime::from_unix_timestamp(exp).map_err(|_| PostbackError::TokenClaims {
            reason: alloc::format!("exp {exp} is not a representable time"),
        })?;
    Ok(SignedClaims { id, expires_at })
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

/// The header's `alg`, the one member it must have.
fn algorithm(header: &[u8]) -> Result<String, PostbackError> {
    let refuse = |reason: String| PostbackError::TokenHeader { reason };
    let [alg] = members(header, ["alg"]).map_err(refuse)?;
    match alg {
        Some(Value::Text(alg)) => Ok(alg.into_owned()),
        Some(_) => Err(refuse(String::from("`alg` is not a string"))),
        None => Err(refuse(String::from("it has no `alg`"))),
    }
}

/// The payload's `id` (an invoice id as text, or a whole number as in the docs' sample) and `exp`.
fn claims(payload: &[u8]) -> Result<(IdClaim, i64), String> {
    let [id, exp] = members(payload, ["id", "exp"])?;
    let id = match id {
        Some(Value::Text(id)) => IdClaim::Text(id.into_owned()),
        Some(Value::Json(number)) => number
            .parse()
            .map(IdClaim::Number)
            .map_err(|_| String::from("`id` is neither an invoice id nor a whole number"))?,
        None => return Err(String::from("missing field `id`")),
    };
    let exp = match exp {
        Some(Value::Json(number)) => unix_seconds(number)?,
        Some(Value::Text(_)) => return Err(String::from("`exp` is not a number")),
        None => return Err(String::from("missing field `exp`")),
    };
    Ok((id, exp))
}

/// The values of `names` in the JSON object `segment` holds; other members are ignored, a name
/// given twice is refused.
fn members<'a, const N: usize>(
    segment: &'a [u8],
    names: [&str; N],
) -> Result<[Option<Value<'a>>; N], String> {
    let text = core::str::from_utf8(segment).map_err(|_| String::from("it is not UTF-8 text"))?;
    let mut found = [const { None }; N];
    let mut members = Members::new(text);
    while let Some((key, value)) = members.next().map_err(|error| error.to_string())? {
        let slot = names
            .iter()
            .position(|name| *name == key)
            .and_then(|index| found.get_mut(index));
        if let Some(slot) = slot {
            if slot.is_some() {
                return Err(alloc::format!("duplicate field `{}`", shorten(&key)));
            }
            *slot = Some(value);
        }
    }
    Ok(found)
}

/// A JWT NumericDate: seconds since the epoch, possibly with a fraction (dropped), read from the
/// number's digits.
fn unix_seconds(number: &str) -> Result<i64, String> {
    let out_of_range = || String::from("exp out of range");
    if !number.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
        return Err(String::from("`exp` is not a number"));
    }
    if !number.contains(['.', 'e', 'E']) {
        return number.parse().map_err(|_| out_of_range());
    }
    // A fraction or an exponent: the whole seconds, when fewer than 10^15.
    let (mantissa, exponent) = number
        .split_once(['e', 'E'])
        .map_or((number, "0"), |(mantissa, exponent)| (mantissa, exponent));
    let exponent: i64 = exponent
        .strip_prefix('+')
        .unwrap_or(exponent)
        .parse()
        .map_err(|_| out_of_range())?;
    let (negative, mantissa) = match mantissa.strip_prefix('-') {
        Some(magnitude) => (true, magnitude),
        None => (false, mantissa),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = whole.bytes().chain(fraction.bytes());
    let point = i64::try_from(whole.len())
        .map_err(|_| out_of_range())?
        .saturating_add(exponent);
    let mut seconds: i64 = 0;
    for (index, digit) in (0..).zip(digits.chain(core::iter::repeat(b'0'))) {
        if index >= point {
            break;
        }
        seconds = seconds * 10 + i64::from(digit - b'0');
        if seconds >= 1_000_000_000_000_000 {
            return Err(out_of_range());
        }
    }
    Ok(if negative { -seconds } else { seconds })
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
        let read = |json: &str| claims(json.as_bytes());
        assert_eq!(
            read(r#"{"id":13,"exp":1631786426.7}"#),
            Ok((IdClaim::Number(13), 1_631_786_426))
        );
        assert_eq!(
            read(r#"{"exp":16317864267e-1,"id":"A1","x":[]}"#),
            Ok((IdClaim::Text("A1".into()), 1_631_786_426))
        );
        assert_eq!(read(r#"{"id":1,"exp":-0.5}"#), Ok((IdClaim::Number(1), 0)));
        assert_eq!(
            read(r#"{"id":1,"exp":1e-300}"#),
            Ok((IdClaim::Number(1), 0))
        );
        for id in ["-13", "13.5", "null", "[]"] {
            let json = alloc::format!(r#"{{"id":{id},"exp":1}}"#);
            assert!(read(&json).is_err(), "{id}");
        }
        for bad in [
            r#"{"id":"x","exp":1e300}"#,
            r#"{"id":"x","exp":1e99999999999999999999}"#,
            r#"{"id":"x","exp":"1"}"#,
            r#"{"id":"x","exp":true}"#,
            r#"{"id":"x"}"#,
            r#"{"id":"x","exp":1,"id":"y"}"#,
        ] {
            assert!(read(bad).is_err(), "{bad}");
        }
    }
}
