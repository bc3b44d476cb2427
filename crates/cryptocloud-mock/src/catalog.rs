//! What the mock account offers: every coin of the reference's newest list with its network, and
//! every documented fiat currency, each at a fixed USD rate (stated in the README) so that amounts
//! are the same on every run.

use rust_decimal::Decimal;

/// A blockchain network, as the API names it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Network {
    /// `TRC20`, `ERC20`, …
    pub(crate) code: &'static str,
    pub(crate) id: i64,
    /// The network's own name (`Tron`), not its coin's.
    pub(crate) fullname: &'static str,
    /// The ticker of the network's native coin, for its icon.
    pub(crate) icon: &'static str,
    pub(crate) address: AddressKind,
}

/// How addresses on a network look.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AddressKind {
    /// Base58Check of `0x41` + 20 bytes: `T…`, 34 characters.
    Tron,
    /// `0x` + 40 hex digits in EIP-55 checksum case.
    Evm,
    /// Bech32 P2WPKH with this human-readable part: `bc1q…`, `ltc1q…`.
    Bech32(&'static str),
    /// Base58 of a 32-byte ed25519 public key.
    Solana,
    /// TON's user-friendly form: base64url of flags, workchain, hash and CRC16.
    Ton,
}

pub(crate) const NETWORKS: [Network; 10] = [
    network("TRC20", 4, "Tron", "TRX", AddressKind::Tron),
    network("ERC20", 3, "Ethereum", "ETH", AddressKind::Evm),
    network("BSC", 8, "BNB Smart Chain", "BNB", AddressKind::Evm),
    network("BTC", 1, "Bitcoin", "BTC", AddressKind::Bech32("bc")),
    network("LTC", 2, "Litecoin", "LTC", AddressKind::Bech32("ltc")),
    network("SOL", 11, "Solana", "SOL", AddressKind::Solana),
    network("TON", 10, "The Open Network", "TON", AddressKind::Ton),
    network("ARB", 12, "Arbitrum", "ARB", AddressKind::Evm),
    network("BASE", 13, "Base", "ETH", AddressKind::Evm),
    network("OPT", 14, "Optimism", "OP", AddressKind::Evm),
];

const fn network(
    code: &'static str,
    id: i64,
    fullname: &'static str,
    icon: &'static str,
    address: AddressKind,
) -> Network {
    Network {
        code,
        id,
        fullname,
        icon,
        address,
    }
}

/// A coin on a network: `USDT_TRC20` is USDT on TRC20.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Coin {
    /// The code the API takes and sends as `fullcode` (`USDT_TRC20`, `ETH`).
    pub(crate) code: &'static str,
    /// The coin alone (`USDT`).
    pub(crate) short: &'static str,
    pub(crate) name: &'static str,
    pub(crate) network: &'static str,
    pub(crate) id: i64,
    /// Position in the payment page's list.
    pub(crate) order: i64,
    /// USD per coin, as a decimal literal.
    pub(crate) usd_rate: &'static str,
    pub(crate) stablecoin: bool,
    /// The token's decimals on its chain: no amount of it can have more places.
    pub(crate) decimals: u32,
}

const fn coin(
    code: &'static str,
    short: &'static str,
    name: &'static str,
    network: &'static str,
    id: i64,
    order: i64,
    usd_rate: &'static str,
) -> Coin {
    let stablecoin = matches!(
        short.as_bytes(),
        b"USDT" | b"USDC" | b"DAI" | b"USDD" | b"PYUSD"
    );
    Coin {
        code,
        short,
        name,
        network,
        id,
        order,
        usd_rate,
        stablecoin,
        decimals: 18,
    }
}

impl Coin {
    /// This coin with `decimals` places on its chain.
    const fn with_decimals(self, decimals: u32) -> Coin {
        Coin { decimals, ..self }
    }
}

/// The reference's newest list, in its order; the first is the default coin of an invoice.
pub(crate) const COINS: [Coin; 40] = [
    coin("USDT_TRC20", "USDT", "Tether", "TRC20", 4, 1, "1").with_decimals(6),
    coin("BTC", "BTC", "Bitcoin", "BTC", 1, 2, "60000").with_decimals(8),
    coin("LTC", "LTC", "Litecoin", "LTC", 2, 3, "80").with_decimals(8),
    coin("TRX", "TRX", "Tron", "TRC20", 5, 4, "0.25").with_decimals(6),
    coin("SOL", "SOL", "Solana", "SOL", 6, 5, "150").with_decimals(9),
    coin("TON", "TON", "Toncoin", "TON", 7, 6, "5").with_decimals(9),
    coin("BNB", "BNB", "BNB", "BSC", 8, 7, "600").with_decimals(18),
    coin("ETH", "ETH", "Ethereum", "ERC20", 3, 9, "3000").with_decimals(18),
    coin("ETH_ARB", "ETH", "Ethereum", "ARB", 10, 10, "3000").with_decimals(18),
    coin("ETH_BASE", "ETH", "Ethereum", "BASE", 11, 11, "3000").with_decimals(18),
    coin("ETH_OPT", "ETH", "Ethereum", "OPT", 12, 12, "3000").with_decimals(18),
    coin("USDT_ARB", "USDT", "Tether", "ARB", 13, 13, "1").with_decimals(6),
    coin("USDT_BSC", "USDT", "Tether", "BSC", 14, 14, "1").with_decimals(18),
    coin("USDT_ERC20", "USDT", "Tether", "ERC20", 15, 15, "1").with_decimals(6),
    coin("USDT_OPT", "USDT", "Tether", "OPT", 16, 16, "1").with_decimals(6),
    coin("USDT_SOL", "USDT", "Tether", "SOL", 17, 17, "1").with_decimals(6),
    coin("USDT_TON", "USDT", "Tether", "TON", 18, 18, "1").with_decimals(6),
    coin("USDC_ARB", "USDC", "USD Coin", "ARB", 19, 19, "1").with_decimals(6),
    coin("USDC_BASE", "USDC", "USD Coin", "BASE", 20, 20, "1").with_decimals(6),
    coin("USDC_BSC", "USDC", "USD Coin", "BSC", 21, 21, "1").with_decimals(18),
    coin("USDC_ERC20", "USDC", "USD Coin", "ERC20", 22, 22, "1").with_decimals(6),
    coin("USDC_OPT", "USDC", "USD Coin", "OPT", 23, 23, "1").with_decimals(6),
    coin("USDC_SOL", "USDC", "USD Coin", "SOL", 24, 24, "1").with_decimals(6),
    coin("DAI_ARB", "DAI", "Dai", "ARB", 25, 25, "1").with_decimals(18),
    coin("DAI_BASE", "DAI", "Dai", "BASE", 26, 26, "1").with_decimals(18),
    coin("DAI_BSC", "DAI", "Dai", "BSC", 27, 27, "1").with_decimals(18),
    coin("DAI_ERC20", "DAI", "Dai", "ERC20", 28, 28, "1").with_decimals(18),
    coin("DAI_OPT", "DAI", "Dai", "OPT", 29, 29, "1").with_decimals(18),
    coin("USDD_TRC20", "USDD", "USDD", "TRC20", 30, 30, "1").with_decimals(18),
    coin("PYUSD_ERC20", "PYUSD", "PayPal USD", "ERC20", 31, 31, "1").with_decimals(6),
    coin("PYUSD_SOL", "PYUSD", "PayPal USD", "SOL", 32, 32, "1").with_decimals(6),
    coin("XAUT_ERC20", "XAUT", "Tether Gold", "ERC20", 33, 33, "2400").with_decimals(6),
    coin("XAUT_TON", "XAUT", "Tether Gold", "TON", 34, 34, "2400").with_decimals(6),
    coin("ARB_ARB", "ARB", "Arbitrum", "ARB", 35, 35, "0.8").with_decimals(18),
    coin("OP_OPT", "OP", "Optimism", "OPT", 36, 36, "1.8").with_decimals(18),
    coin("PEPE_BSC", "PEPE", "Pepe", "BSC", 37, 37, "0.00001").with_decimals(18),
    coin("PEPE_ERC20", "PEPE", "Pepe", "ERC20", 38, 38, "0.00001").with_decimals(18),
    coin("SHIB_BSC", "SHIB", "Shiba Inu", "BSC", 39, 39, "0.00002").with_decimals(18),
    coin(
        "SHIB_ERC20",
        "SHIB",
        "Shiba Inu",
        "ERC20",
        40,
        40,
        "0.00002",
    )
    .with_decimals(18),
    coin("TRUMP_SOL", "TRUMP", "Official Trump", "SOL", 41, 41, "10").with_decimals(6),
];

impl Coin {
    /// The coin with this code (as the API spells it, any case).
    pub(crate) fn find(code: &str) -> Option<&'static Coin> {
        COINS
            .iter()
            .find(|coin| coin.code.eq_ignore_ascii_case(code.trim()))
    }

    /// The coins invoices of the data set are paid in, with their weight per mille.
    pub(crate) fn popular() -> [(&'static Coin, u32); 6] {
        let pick = |code| Coin::find(code).unwrap_or(&COINS[0]);
        [
            (pick("USDT_TRC20"), 400),
            (pick("BTC"), 200),
            (pick("ETH"), 150),
            (pick("LTC"), 100),
            (pick("TON"), 100),
            (pick("USDT_ERC20"), 50),
        ]
    }

    pub(crate) fn network(&self) -> &'static Network {
        NETWORKS
            .iter()
            .find(|network| network.code == self.network)
            .unwrap_or(&NETWORKS[0])
    }

    /// Whether this coin is its network's own (BTC on BTC, ETH on ERC20), not a token on it.
    pub(crate) fn is_native(&self) -> bool {
        self.network().icon == self.short && !self.code.contains('_')
    }

    /// USD per coin.
    pub(crate) fn rate(&self) -> Decimal {
        self.usd_rate.parse().unwrap_or(Decimal::ONE)
    }

    /// The places amounts of this coin are written to: its decimals, at most 8 (as the API
    /// writes amounts). XAUT has 6: an amount with 8 could not be sent on chain.
    pub(crate) fn places(&self) -> u32 {
        self.decimals.min(8)
    }

    /// `usd` in this coin, to [`places`](Self::places).
    pub(crate) fn usd_in_coin(&self, usd: Decimal) -> Decimal {
        usd.checked_div(self.rate())
            .unwrap_or_default()
            .round_dp(self.places())
            .normalize()
    }

    /// `amount` of this coin in USD, to the cent.
    pub(crate) fn to_usd(&self, amount: Decimal) -> Decimal {
        amount
            .checked_mul(self.rate())
            .unwrap_or_default()
            .round_dp(2)
    }
}

/// Fiat currencies the mock account accepts, with USD per unit (the README states this table).
pub(crate) const FIAT_RATES: [(&str, &str); 25] = [
    ("USD", "1"),
    ("EUR", "1.08"),
    ("GBP", "1.27"),
    ("RUB", "0.011"),
    ("UAH", "0.024"),
    ("KZT", "0.002"),
    ("UZS", "0.00008"),
    ("KGS", "0.0115"),
    ("AMD", "0.0026"),
    ("AZN", "0.59"),
    ("BYN", "0.31"),
    ("AUD", "0.66"),
    ("TRY", "0.031"),
    ("AED", "0.27"),
    ("CAD", "0.74"),
    ("CNY", "0.14"),
    ("HKD", "0.128"),
    ("IDR", "0.000064"),
    ("INR", "0.012"),
    ("JPY", "0.0067"),
    ("PHP", "0.018"),
    ("SGD", "0.74"),
    ("THB", "0.028"),
    ("VND", "0.00004"),
    ("MYR", "0.21"),
];

/// The fiat code as the table spells it and its USD rate, for a code in any case.
pub(crate) fn fiat(code: &str) -> Option<(&'static str, Decimal)> {
    FIAT_RATES
        .iter()
        .find(|(known, _)| known.eq_ignore_ascii_case(code.trim()))
        .and_then(|(known, rate)| Some((*known, rate.parse().ok()?)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_coin_has_its_network_and_a_rate() {
        for coin in &COINS {
            assert_eq!(coin.network().code, coin.network, "{}", coin.code);
            assert!(coin.rate() > Decimal::ZERO, "{}", coin.code);
        }
        assert!(FIAT_RATES.iter().all(|(code, _)| fiat(code).is_some()));
        assert!(Coin::find("eth").is_some_and(Coin::is_native));
        assert!(!Coin::find("USDT_ERC20").is_some_and(Coin::is_native));
    }
}
