//! Postbacks: a genuine one verifies at the clock's time; forged ones are refused, each for its
//! own reason.

use alloc::format;
use alloc::string::String;
use core::fmt;

pub use cryptocloud_types::postback::Binding;
use cryptocloud_types::{Postback, PostbackError, PostbackSecret, SecretError, VerifiedPostback};
use time::OffsetDateTime;

use crate::{Check, RTC_UNIX_SECONDS};

/// The postback checks.
pub const CHECKS: &[Check] = &[
    Check {
        name: "postback-genuine",
        run: genuine,
    },
    Check {
        name: "postback-forged-signature",
        run: forged_signature,
    },
    Check {
        name: "postback-forged-alg-none",
        run: forged_alg_none,
    },
    Check {
        name: "postback-expired",
        run: expired,
    },
    Check {
        name: "postback-genuine-an-hour-late",
        run: genuine_an_hour_late,
    },
];

/// The fixture project's secret key.
pub const SECRET: &str = "fixture-postback-secret";
/// A genuine postback: the docs' JSON shape, `invoice_info` included, token signed with
/// [`SECRET`], expiring 5 minutes after [`RTC_UNIX_SECONDS`].
pub const GENUINE: &[u8] = include_bytes!("../../../fixtures/postbacks/valid_json.json");
/// The same postback with its token signed with another key.
pub const FORGED_SIGNATURE: &[u8] =
    include_bytes!("../../../fixtures/postbacks/forged_wrong_secret.json");
/// The same postback with an unsigned (`alg: none`) token.
pub const FORGED_ALG_NONE: &[u8] =
    include_bytes!("../../../fixtures/postbacks/forged_alg_none.json");
/// A correctly signed token that expired an hour before [`RTC_UNIX_SECONDS`].
pub const EXPIRED: &[u8] = include_bytes!("../../../fixtures/postbacks/forged_expired.json");

/// Why [`verify`] refused a body.
#[derive(Debug)]
pub enum Refusal {
    /// The secret key is not one (not visible ASCII).
    Secret(SecretError),
    /// The clock reading is not a representable time.
    Clock(i64),
    /// The postback is malformed or not genuine.
    Postback(PostbackError),
}

impl Refusal {
    /// The reason in one word: the error variant's name (`BadSignature`, `Expired`, …). Matched
    /// rather than cut from `Debug`, which would bring every field's `Debug` into the flash.
    pub fn reason(&self) -> &'static str {
        let error = match self {
            Refusal::Secret(_) => return "Secret",
            Refusal::Clock(_) => return "Clock",
            Refusal::Postback(error) => error,
        };
        match error {
            PostbackError::EmptyBody => "EmptyBody",
            PostbackError::BodyTooLarge { .. } => "BodyTooLarge",
            PostbackError::Json { .. } => "Json",
            PostbackError::NotUtf8 { .. } => "NotUtf8",
            PostbackError::DuplicateField { .. } => "DuplicateField",
            PostbackError::TooManyFields { .. } => "TooManyFields",
            PostbackError::MissingField { .. } => "MissingField",
            PostbackError::TokenTooLong { .. } => "TokenTooLong",
            PostbackError::TokenMalformed { .. } => "TokenMalformed",
            PostbackError::TokenEncoding { .. } => "TokenEncoding",
            PostbackError::TokenHeader { .. } => "TokenHeader",
            PostbackError::UnsignedToken => "UnsignedToken",
            PostbackError::UnsupportedAlgorithm { .. } => "UnsupportedAlgorithm",
            PostbackError::BadSignature => "BadSignature",
            PostbackError::TokenClaims { .. } => "TokenClaims",
            PostbackError::Expired { .. } => "Expired",
            PostbackError::LifetimeTooLong { .. } => "LifetimeTooLong",
            PostbackError::InvoiceMismatch { .. } => "InvoiceMismatch",
            PostbackError::InvoiceInfoMismatch { .. } => "InvoiceInfoMismatch",
            _ => "Refused",
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Secret(error) => write!(f, "{error}"),
            Refusal::Clock(seconds) => write!(f, "the clock reads {seconds}, not a valid time"),
            Refusal::Postback(error) => write!(f, "{error}"),
        }
    }
}

/// Verifies `body` as a handler on a device does: with the project's secret and the time its
/// clock reads. The only call into the postback API, so a change there is made here.
pub fn verify(body: &[u8], secret: &str, now_unix: i64) -> Result<VerifiedPostback, Refusal> {
    let secret = PostbackSecret::new(secret).map_err(Refusal::Secret)?;
    let now =
        OffsetDateTime::from_unix_timestamp(now_unix).map_err(|_| Refusal::Clock(now_unix))?;
    Postback::parse(body)
        .and_then(|postback| postback.verify(&secret, now))
        .map_err(Refusal::Postback)
}

fn genuine() -> Result<String, String> {
    let postback = verify(GENUINE, SECRET, RTC_UNIX_SECONDS).map_err(|error| format!("{error}"))?;
    let expected = "89UX09KA";
    let Some(signed) = postback.invoice_id() else {
        return Err(String::from("verified, but the token binds no invoice"));
    };
    if signed.bare() != expected {
        return Err(format!("verified, but for {signed} instead of {expected}"));
    }
    // Only the id and the expiry are signed; the amount and coin are the body's claims.
    let claims = postback.unverified_claims();
    Ok(format!(
        "verified {signed} (token expires at {}); unverified claims: {} {}",
        postback.expires_at().unix_timestamp(),
        claims
            .amount_crypto
            .map_or_else(|| String::from("?"), |amount| format!("{amount}")),
        claims
            .currency
            .as_ref()
            .map_or_else(|| String::from("?"), |currency| format!("{currency}")),
    ))
}

fn forged_signature() -> Result<String, String> {
    expect_refusal(
        FORGED_SIGNATURE,
        RTC_UNIX_SECONDS,
        "BadSignature",
        |error| matches!(error, PostbackError::BadSignature),
    )
}

fn forged_alg_none() -> Result<String, String> {
    expect_refusal(
        FORGED_ALG_NONE,
        RTC_UNIX_SECONDS,
        "UnsignedToken",
        |error| matches!(error, PostbackError::UnsignedToken),
    )
}

fn expired() -> Result<String, String> {
    expect_refusal(EXPIRED, RTC_UNIX_SECONDS, "Expired", |error| {
        matches!(error, PostbackError::Expired { .. })
    })
}

/// The genuine body, with the clock an hour on: the time passed in is the one checked.
fn genuine_an_hour_late() -> Result<String, String> {
    expect_refusal(GENUINE, RTC_UNIX_SECONDS + 3600, "Expired", |error| {
        matches!(error, PostbackError::Expired { .. })
    })
}

/// Passes only if `body` is refused for the reason `expected` names.
fn expect_refusal(
    body: &[u8],
    now_unix: i64,
    expected: &str,
    is_expected: fn(&PostbackError) -> bool,
) -> Result<String, String> {
    match verify(body, SECRET, now_unix) {
        Ok(postback) => Err(format!(
            "ACCEPTED a postback for {} that must be refused ({expected})",
            postback.invoice_to_confirm()
        )),
        Err(Refusal::Postback(error)) if is_expected(&error) => {
            Ok(format!("refused, {expected}: {error}"))
        }
        Err(other) => Err(format!(
            "refused for the wrong reason (expected {expected}): {other}"
        )),
    }
}

/// How [`padded_postback`] makes the genuine body larger without touching what the token signs
/// (`id` and `exp`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Padding {
    /// More transaction hashes in `invoice_info.tx_list`: a long payment history.
    TxHashes,
    /// An unknown top-level key holding an array of zeros: the most JSON values per byte, so the
    /// worst shape for a parser that builds a tree of the body.
    Zeros,
}

/// The genuine body with `count` units of `padding`, written into `out`; its length, or `None`
/// if `out` is too small.
pub fn padded_postback(padding: Padding, count: usize, out: &mut [u8]) -> Option<usize> {
    let (marker, prefix, unit, suffix): (&[u8], &[u8], &[u8], &[u8]) = match padding {
        Padding::TxHashes => (
            b"\"tx_list\": [",
            b"",
            b"\"0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9\", ",
            b"",
        ),
        Padding::Zeros => (b"{", b"\"padding\": [", b"0,", b"0], "),
    };
    let at = GENUINE
        .windows(marker.len())
        .position(|window| window == marker)?
        + marker.len();
    let (head, tail) = GENUINE.split_at_checked(at)?;
    let mut writer = Writer { out, len: 0 };
    writer.put(head)?;
    writer.put(prefix)?;
    for _ in 0..count {
        writer.put(unit)?;
    }
    writer.put(suffix)?;
    writer.put(tail)?;
    Some(writer.len)
}

struct Writer<'a> {
    out: &'a mut [u8],
    len: usize,
}

impl Writer<'_> {
    fn put(&mut self, bytes: &[u8]) -> Option<()> {
        let end = self.len.checked_add(bytes.len())?;
        self.out.get_mut(self.len..end)?.copy_from_slice(bytes);
        self.len = end;
        Some(())
    }
}
