//! Payment URIs ("wallet links"): what a phone wallet reads from a QR code or a tap to pre-fill a
//! transfer. One per network where its ecosystem has a standard:
//!
//! - Bitcoin, Litecoin: BIP 21, `bitcoin:<address>?amount=<BTC>` (and `litecoin:`, which Litecoin
//!   wallets read by the same rule), the amount in the coin's unit with a decimal point.
//! - EVM chains: EIP 681 (with EIP 155 chain ids): `ethereum:<address>@<chain id>?value=<wei>`
//!   for the native coin; `ethereum:<token contract>@<chain id>/transfer?address=<recipient>&
//!   uint256=<base units>` for ERC-20 / BEP-20 tokens.
//! - TON: `ton://transfer/<address>?amount=<nanotons>` (docs.ton.org, "Deeplinks"); for a jetton,
//!   `ton://transfer/<address>?jetton=<jetton master>&amount=<base units>`: no TEP defines it, but
//!   it is what TON wallets' own link generators write (Tonkeeper's, MyTonWallet's), beside the
//!   plain transfer links of github.com/tonkeeper/wallet-api.
//! - Solana: Solana Pay transfer requests (docs.solanapay.com, "Specification"):
//!   `solana:<recipient>?amount=<SOL or tokens>` and `&spl-token=<mint>` for SPL tokens.
//! - TRON has no payment URI standard: the link is the bare address.

use alloc::format;
use alloc::string::String;

use super::address::{self, AddressError};
use super::{Chain, CoinSpec, PaymentDetails};

/// Which standard a [`WalletLink`] follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LinkScheme {
    /// BIP 21 (`bitcoin:`, `litecoin:`).
    Bip21,
    /// EIP 681 (`ethereum:`), native coin or token transfer.
    Eip681,
    /// TON transfer link (`ton://transfer/`).
    TonTransfer,
    /// Solana Pay transfer request (`solana:`).
    SolanaPay,
    /// The bare address: the network has no payment URI standard (TRON), or the SDK does not
    /// know the token's contract.
    Address,
}

/// A payment URI for a QR code or a link, with the standard it follows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WalletLink {
    /// The standard.
    pub scheme: LinkScheme,
    /// The URI (or, for [`LinkScheme::Address`], the address).
    pub uri: String,
}

impl PaymentDetails {
    /// The payment URI that pre-fills this transfer in a wallet, after checking the address for
    /// its network's form (see the module docs for each standard).
    ///
    /// ```
    /// # use cryptocloud_types as cryptocloud;
    /// use cryptocloud::payment::LinkScheme;
    /// use cryptocloud::{Invoice, Timestamp};
    ///
    /// let invoice: Invoice = serde_json::from_str(r#"{
    ///     "uuid": "INV-C8R4YP6D", "status": "created", "amount": 0.0012,
    ///     "address": "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "currency": {"fullcode": "BTC"}
    /// }"#)?;
    /// let now: Timestamp = "2026-01-01 00:00:00.000000".parse()?;
    /// let link = invoice.payment_details(now)?.wallet_link()?;
    /// assert_eq!(link.scheme, LinkScheme::Bip21);
    /// assert_eq!(link.uri, "bitcoin:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq?amount=0.0012");
    /// # Ok::<(), Box<dyn core::error::Error>>(())
    /// ```
    pub fn wallet_link(&self) -> Result<WalletLink, AddressError> {
        let Some(spec) = CoinSpec::of(&self.coin) else {
            // PaymentDetails only exist for known coins; an unknown one gets its bare address.
            return Ok(bare(&self.address));
        };
        let address = address::checked(spec.chain, &self.address)?;
        let amount = &self.amount;
        let units = amount.base_units();
        let (scheme, uri) = match (spec.chain, spec.token) {
            (_, None) if spec.is_unpinned_token(&self.coin) => return Ok(bare(&address)),
            (Chain::Bitcoin, _) => (
                LinkScheme::Bip21,
                format!("bitcoin:{address}?amount={amount}"),
            ),
            (Chain::Litecoin, _) => (
                LinkScheme::Bip21,
                format!("litecoin:{address}?amount={amount}"),
            ),
            (Chain::Evm { chain_id }, None) => (
                LinkScheme::Eip681,
                format!("ethereum:{address}@{chain_id}?value={units}"),
            ),
            (Chain::Evm { chain_id }, Some(contract)) => (
                LinkScheme::Eip681,
                format!(
                    "ethereum:{contract}@{chain_id}/transfer?address={address}&uint256={units}"
                ),
            ),
            (Chain::Ton, token) => {
                // A base64 (not base64url) address may hold `/`, which would end the URI's path.
                let address = address.replace('+', "-").replace('/', "_");
                let jetton = token
                    .map(|master| format!("jetton={master}&"))
                    .unwrap_or_default();
                (
                    LinkScheme::TonTransfer,
                    format!("ton://transfer/{address}?{jetton}amount={units}"),
                )
            }
            (Chain::Solana, token) => {
                let mint = token
                    .map(|mint| format!("&spl-token={mint}"))
                    .unwrap_or_default();
                (
                    LinkScheme::SolanaPay,
                    format!("solana:{address}?amount={amount}{mint}"),
                )
            }
            (Chain::Tron, _) => return Ok(bare(&address)),
        };
        Ok(WalletLink { scheme, uri })
    }
}

fn bare(address: &str) -> WalletLink {
    WalletLink {
        scheme: LinkScheme::Address,
        uri: String::from(address),
    }
}
