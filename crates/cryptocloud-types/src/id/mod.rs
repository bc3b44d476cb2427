//! Identifiers. Each kind is its own type, so an invoice id cannot be passed where a static-wallet
//! id or a shop id belongs.

use alloc::string::String;
use core::fmt;
use core::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

mod text;

use text::IdText;

use crate::escaped::Escaped;
use crate::wire::shorten;

/// Longest id accepted; real ids are 8 (invoices) or 32 (static wallets) characters.
const MAX_ID_LEN: usize = 64;

/// Why a text is not an id of the expected kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IdError {
    /// Empty, or nothing left after the `INV-` prefix.
    #[error("{kind} is empty")]
    Empty {
        /// Which kind of id.
        kind: &'static str,
    },
    /// A character other than an ASCII letter or digit, or too long.
    #[error("`{}` is not a valid {kind} (expected {expected})", Escaped(.input))]
    Invalid {
        /// Which kind of id.
        kind: &'static str,
        /// The offending text, shortened to 40 characters (shown escaped).
        input: String,
        /// What the id should look like.
        expected: &'static str,
    },
}

/// An invoice id. Responses write it `INV-XXXXXXXX`; postbacks and payment links use the bare
/// `XXXXXXXX`. Both forms parse; ids are equal when their bare forms are.
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::InvoiceId;
///
/// let id: InvoiceId = "INV-89UX09KA".parse()?;
/// assert_eq!(id, "89UX09KA".parse()?);
/// assert_eq!(id.to_string(), "INV-89UX09KA");
/// assert_eq!(id.bare(), "89UX09KA");
/// assert_eq!(id.payment_link(), "https://pay.cryptocloud.plus/89UX09KA");
/// assert!("INV-89UX 09KA".parse::<InvoiceId>().is_err());
/// # Ok::<(), cryptocloud_types::IdError>(())
/// ```
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct InvoiceId(IdText);

impl InvoiceId {
    const KIND: &'static str = "invoice id";
    const EXPECTED: &'static str =
        "`INV-` and letters and digits, such as `INV-89UX09KA`, or the bare `89UX09KA`";

    /// Parses either form.
    pub fn parse(input: &str) -> Result<InvoiceId, IdError> {
        let bare = input
            .get(..4)
            .filter(|prefix| prefix.eq_ignore_ascii_case("INV-"))
            .map_or(input, |_| input.get(4..).unwrap_or(""));
        alphanumeric(bare, input, Self::KIND, Self::EXPECTED).map(InvoiceId)
    }

    /// The id without the `INV-` prefix, as postbacks and payment links write it.
    pub fn bare(&self) -> &str {
        self.0.as_str()
    }

    /// The page where the customer pays this invoice on the live service:
    /// `https://pay.cryptocloud.plus/` and the bare id, whatever server the invoice came from.
    /// Send customers to the invoice answer's `link` instead (`Invoice::link`): that is the
    /// page of the server that made the invoice (the local server's links open its own
    /// checkout page), and it stays right if the service moves its pages.
    pub fn payment_link(&self) -> String {
        alloc::format!("https://pay.cryptocloud.plus/{}", self.0.as_str())
    }
}

/// A static wallet's id: 32 letters and digits (`1K0NFXT9E1X3VOY07VY1LRV8XGMLQNQX`), neither an
/// RFC 4122 UUID nor an invoice id.
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::StaticWalletId;
/// let id: StaticWalletId = "1K0NFXT9E1X3VOY07VY1LRV8XGMLQNQX".parse()?;
/// assert_eq!(id.as_str(), "1K0NFXT9E1X3VOY07VY1LRV8XGMLQNQX");
/// # Ok::<(), cryptocloud_types::IdError>(())
/// ```
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StaticWalletId(IdText);

impl StaticWalletId {
    /// Parses a static-wallet id.
    pub fn parse(input: &str) -> Result<StaticWalletId, IdError> {
        alphanumeric(
            input,
            input,
            "static wallet id",
            "letters and digits, such as `1K0NFXT9E1X3VOY07VY1LRV8XGMLQNQX`",
        )
        .map(StaticWalletId)
    }

    /// The id as the API writes it.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

/// The id of a shop (a CryptoCloud "project"), from the project settings.
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::ShopId;
/// let shop: ShopId = "7UvDDjkmPGSh2vcY".parse()?;
/// assert_eq!(shop.as_str(), "7UvDDjkmPGSh2vcY");
/// assert!("".parse::<ShopId>().is_err());
/// # Ok::<(), cryptocloud_types::IdError>(())
/// ```
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ShopId(IdText);

impl ShopId {
    /// Parses a shop id: visible ASCII, no spaces.
    pub fn parse(input: &str) -> Result<ShopId, IdError> {
        const KIND: &str = "shop id";
        if input.is_empty() {
            return Err(IdError::Empty { kind: KIND });
        }
        if input.len() > MAX_ID_LEN || !input.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(IdError::Invalid {
                kind: KIND,
                input: shorten(input),
                expected: "the shop id from the project settings: visible ASCII without spaces",
            });
        }
        Ok(ShopId(IdText::new(input)))
    }

    /// The id as the API takes it.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

/// `bare` as an id if it is 1 to 64 ASCII letters and digits.
fn alphanumeric(
    bare: &str,
    input: &str,
    kind: &'static str,
    expected: &'static str,
) -> Result<IdText, IdError> {
    if bare.is_empty() {
        return Err(IdError::Empty { kind });
    }
    if bare.len() > MAX_ID_LEN || !bare.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(IdError::Invalid {
            kind,
            input: shorten(input),
            expected,
        });
    }
    Ok(IdText::new(bare))
}

/// Display, Debug, FromStr and serde for an id type; `$wire` gives the text the API uses.
macro_rules! id_traits {
    ($name:ident, $wire:expr) => {
        impl FromStr for $name {
            type Err = IdError;

            fn from_str(input: &str) -> Result<Self, Self::Err> {
                $name::parse(input)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let wire: fn(&$name, &mut fmt::Formatter<'_>) -> fmt::Result = $wire;
                wire(self, f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "({})"), self)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer
                    .deserialize_str(crate::wire::WireVisitor($name::parse))
                    .and_then(|parsed| parsed.map_err(serde::de::Error::custom))
            }
        }
    };
}

id_traits!(InvoiceId, |id, f| f
    .pad(&alloc::format!("INV-{}", id.bare())));
id_traits!(StaticWalletId, |id, f| f.pad(id.as_str()));
id_traits!(ShopId, |id, f| f.pad(id.as_str()));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invoice_ids_in_both_forms() {
        let prefixed: InvoiceId = "INV-89UX09KA".parse().unwrap();
        let bare: InvoiceId = "89UX09KA".parse().unwrap();
        let lower_prefix: InvoiceId = "inv-89UX09KA".parse().unwrap();
        assert_eq!(prefixed, bare);
        assert_eq!(prefixed, lower_prefix);
        assert_eq!(serde_json::to_string(&bare).unwrap(), "\"INV-89UX09KA\"");
        assert_eq!(format!("{bare:?}"), "InvoiceId(INV-89UX09KA)");
        assert_eq!(format!("[{bare:<14}]"), "[INV-89UX09KA  ]");
    }

    #[test]
    fn invoice_ids_reject_junk() {
        for input in [
            "",
            "INV-",
            "INV-89UX 09KA",
            "INV-89UX-09KA",
            "89UX09KA\n",
            "ИНВ12345",
            &"A".repeat(65),
        ] {
            assert!(input.parse::<InvoiceId>().is_err(), "{input:?}");
        }
        assert_eq!(
            "INV-".parse::<InvoiceId>(),
            Err(IdError::Empty { kind: "invoice id" })
        );
    }

    #[test]
    fn a_refused_id_cannot_draw_on_a_terminal() {
        use alloc::string::ToString;

        // A line break, a terminal escape that erases the line, and a right-to-left override.
        let error = "ab\r\n\u{1b}[2K\u{202e}cd".parse::<ShopId>().unwrap_err();
        let shown = error.to_string();
        assert!(
            shown.starts_with("`ab\\u{d}\\u{a}\\u{1b}[2K\\u{202e}cd` is not a valid shop id"),
            "{shown}"
        );
        // The input itself is kept as it was, shortened only.
        assert!(
            matches!(error, IdError::Invalid { input, .. } if input == "ab\r\n\u{1b}[2K\u{202e}cd")
        );
    }

    #[test]
    fn static_wallet_and_shop_ids() {
        assert!(
            "1K0NFXT9E1X3VOY07VY1LRV8XGMLQNQX"
                .parse::<StaticWalletId>()
                .is_ok()
        );
        assert!("1K0NFXT9-E1X3".parse::<StaticWalletId>().is_err());
        assert!("shop id".parse::<ShopId>().is_err());
        assert!("shop\u{7f}".parse::<ShopId>().is_err());
    }
}
