//! What the SDK knows of each coin CryptoCloud takes: its chain, its decimals and, for a token, its
//! contract (EVM), mint (Solana) or jetton master (TON).
//!
//! Sources of the decimals: native coins by their protocol's smallest unit (Bitcoin Core's
//! `COIN = 100000000` satoshi; Litecoin's litoshi, the same; Ethereum's Yellow Paper wei, 10¹⁸, as
//! on every EVM chain, BNB included; TRON's sun, 10⁶; TON's nanoton, 10⁹, docs.ton.org; Solana's
//! `LAMPORTS_PER_SOL`, 10⁹). Tokens by their contract's own `decimals()` (ERC-20) or mint's
//! `decimals` field (SPL) or jetton metadata, as the chain's explorers show them; note that
//! Tether and USD Coin on BNB Smart Chain have 18 decimals, not 6. EIP 681 and TON links carry
//! base units (wei, nanotons), so no wallet is asked to take 18 decimal places; BIP 21 and Solana
//! Pay carry the coin's unit, at most 8 and 9 places. Contracts and mints are the
//! issuers' published ones (tether.to, circle.com, paxos.com and the projects' own pages).

use crate::CryptoCurrency;

/// The chain a coin lives on, which decides the address form and the wallet link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Chain {
    /// Bitcoin mainnet.
    Bitcoin,
    /// Litecoin mainnet.
    Litecoin,
    /// An EVM chain, by its EIP-155 chain id (1 Ethereum, 56 BNB Smart Chain, 10 Optimism,
    /// 42161 Arbitrum One, 8453 Base).
    Evm {
        /// The EIP-155 chain id.
        chain_id: u64,
    },
    /// TRON mainnet.
    Tron,
    /// TON mainnet (basechain).
    Ton,
    /// Solana mainnet.
    Solana,
}

/// One coin on one network, as the SDK knows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CoinSpec {
    /// The chain.
    pub chain: Chain,
    /// Decimal places of the coin's smallest unit on this chain.
    pub decimals: u32,
    /// The token's contract (EVM, TRON), mint (Solana) or jetton master (TON); `None` for the
    /// chain's native coin.
    pub token: Option<&'static str>,
    /// The network code CryptoCloud gives when the invoice does not (`TRC20`, `ERC20`, …).
    pub network_code: &'static str,
    /// The network's name.
    pub network_name: &'static str,
}

const ETHEREUM: Chain = Chain::Evm { chain_id: 1 };
const BSC: Chain = Chain::Evm { chain_id: 56 };
const OPTIMISM: Chain = Chain::Evm { chain_id: 10 };
const ARBITRUM: Chain = Chain::Evm { chain_id: 42161 };
const BASE: Chain = Chain::Evm { chain_id: 8453 };

const fn native(chain: Chain, decimals: u32, code: &'static str, name: &'static str) -> CoinSpec {
    CoinSpec {
        chain,
        decimals,
        token: None,
        network_code: code,
        network_name: name,
    }
}

const fn token(
    chain: Chain,
    decimals: u32,
    contract: &'static str,
    code: &'static str,
    name: &'static str,
) -> CoinSpec {
    CoinSpec {
        chain,
        decimals,
        token: Some(contract),
        network_code: code,
        network_name: name,
    }
}

impl CoinSpec {
    /// What the SDK knows of `coin`; `None` for a coin this version does not know.
    ///
    /// ```
    /// # use cryptocloud_types as cryptocloud;
    /// use cryptocloud::CryptoCurrency;
    /// use cryptocloud::payment::{Chain, CoinSpec};
    ///
    /// let usdt = CoinSpec::of(&CryptoCurrency::UsdtBsc).unwrap();
    /// assert_eq!((usdt.chain, usdt.decimals), (Chain::Evm { chain_id: 56 }, 18));
    /// assert!(CoinSpec::of(&CryptoCurrency::from_wire("NEW_COIN")).is_none());
    /// ```
    pub fn of(coin: &CryptoCurrency) -> Option<CoinSpec> {
        use CryptoCurrency as C;
        let (eth, bsc, opt, arb, base) = (
            ("ERC20", "Ethereum"),
            ("BSC", "BNB Smart Chain"),
            ("OPT", "Optimism"),
            ("ARB", "Arbitrum"),
            ("BASE", "Base"),
        );
        let spec = match coin {
            C::Btc => native(Chain::Bitcoin, 8, "BTC", "Bitcoin"),
            C::Ltc => native(Chain::Litecoin, 8, "LTC", "Litecoin"),
            C::Trx => native(Chain::Tron, 6, "TRC20", "Tron"),
            C::Sol => native(Chain::Solana, 9, "SOL", "Solana"),
            C::Ton => native(Chain::Ton, 9, "TON", "TON"),
            C::Bnb => native(BSC, 18, bsc.0, bsc.1),
            C::Eth => native(ETHEREUM, 18, eth.0, eth.1),
            C::EthArb => native(ARBITRUM, 18, arb.0, arb.1),
            C::EthBase => native(BASE, 18, base.0, base.1),
            C::EthOpt => native(OPTIMISM, 18, opt.0, opt.1),
            C::UsdtErc20 => token(
                ETHEREUM,
                6,
                "0xdAC17F958D2ee523a2206206994597C13D831ec7",
                eth.0,
                eth.1,
            ),
            C::UsdtBsc => token(
                BSC,
                18,
                "0x55d398326f99059fF775485246999027B3197955",
                bsc.0,
                bsc.1,
            ),
            C::UsdtArb => token(
                ARBITRUM,
                6,
                "0xFd086bC7CD5C481DCC9C85ebE478A1C0b69FCbb9",
                arb.0,
                arb.1,
            ),
            C::UsdtOpt => token(
                OPTIMISM,
                6,
                "0x94b008aA00579c1307B0EF2c499aD98a8ce58e58",
                opt.0,
                opt.1,
            ),
            C::UsdcErc20 => token(
                ETHEREUM,
                6,
                "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48",
                eth.0,
                eth.1,
            ),
            C::UsdcBsc => token(
                BSC,
                18,
                "0x8AC76a51cc950d9822D68b83fE1Ad97B32Cd580d",
                bsc.0,
                bsc.1,
            ),
            C::UsdcArb => token(
                ARBITRUM,
                6,
                "0xaf88d065e77c8cC2239327C5EDb3A432268e5831",
                arb.0,
                arb.1,
            ),
            C::UsdcOpt => token(
                OPTIMISM,
                6,
                "0x0b2C639c533813f4Aa9D7837CAf62653d097Ff85",
                opt.0,
                opt.1,
            ),
            C::UsdcBase => token(
                BASE,
                6,
                "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913",
                base.0,
                base.1,
            ),
            C::DaiErc20 => token(
                ETHEREUM,
                18,
                "0x6B175474E89094C44Da98b954EedeAC495271d0F",
                eth.0,
                eth.1,
            ),
            C::DaiBsc => token(
                BSC,
                18,
                "0x1AF3F329e8BE154074D8769D1FFa4eE058B1DBc3",
                bsc.0,
                bsc.1,
            ),
            C::DaiArb => token(
                ARBITRUM,
                18,
                "0xDA10009cBd5D07dd0CeCc66161FC93D7c9000da1",
                arb.0,
                arb.1,
            ),
            C::DaiOpt => token(
                OPTIMISM,
                18,
                "0xDA10009cBd5D07dd0CeCc66161FC93D7c9000da1",
                opt.0,
                opt.1,
            ),
            C::DaiBase => token(
                BASE,
                18,
                "0x50c5725949A6F0c72E6C4a641F24049A917DB0Cb",
                base.0,
                base.1,
            ),
            C::PyusdErc20 => token(
                ETHEREUM,
                6,
                "0x6c3ea9036406852006290770BEdFcAbA0e23A0e8",
                eth.0,
                eth.1,
            ),
            C::XautErc20 => token(
                ETHEREUM,
                6,
                "0x68749665FF8D2d112Fa859AA293F07A622782F38",
                eth.0,
                eth.1,
            ),
            C::PepeErc20 => token(
                ETHEREUM,
                18,
                "0x6982508145454Ce325dDbE47a25d4ec3d2311933",
                eth.0,
                eth.1,
            ),
            C::PepeBsc => token(
                BSC,
                18,
                "0x25d887Ce7a35172C62FeBFD67a1856F20FaEbB00",
                bsc.0,
                bsc.1,
            ),
            C::ShibErc20 => token(
                ETHEREUM,
                18,
                "0x95aD61b0a150d79219dCF64E1E6Cc01f0B64C4cE",
                eth.0,
                eth.1,
            ),
            C::ShibBsc => token(
                BSC,
                18,
                "0x2859e4544C4bB03966803b044A93563Bd2D0DD4D",
                bsc.0,
                bsc.1,
            ),
            C::ArbArb => token(
                ARBITRUM,
                18,
                "0x912CE59144191C1204E64559FE8253a0e49E6548",
                arb.0,
                arb.1,
            ),
            C::OpOpt => token(
                OPTIMISM,
                18,
                "0x4200000000000000000000000000000000000042",
                opt.0,
                opt.1,
            ),
            C::UsdtTrc20 => token(
                Chain::Tron,
                6,
                "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
                "TRC20",
                "Tron",
            ),
            C::UsddTrc20 => token(
                Chain::Tron,
                18,
                "TXDk8mbtRbXeYuMNS83CfKPaYYT8XWv9Hz",
                "TRC20",
                "Tron",
            ),
            C::UsdtSol => token(
                Chain::Solana,
                6,
                "Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB",
                "SOL",
                "Solana",
            ),
            C::UsdcSol => token(
                Chain::Solana,
                6,
                "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v",
                "SOL",
                "Solana",
            ),
            C::PyusdSol => token(
                Chain::Solana,
                6,
                "2b1kV6DkPAnxd5ixfnxCpjxmKwqjjaYmCZfHsFu24GXo",
                "SOL",
                "Solana",
            ),
            C::TrumpSol => token(
                Chain::Solana,
                6,
                "6p6xgHyF7AeE6TZkSmFsko444wqoP15icUSqi2jfGiPN",
                "SOL",
                "Solana",
            ),
            C::UsdtTon => token(
                Chain::Ton,
                6,
                "EQCxE6mUtQJKFnGfaROTKOt1lZbDiiX1kCixRv7Nw2Id_sDs",
                "TON",
                "TON",
            ),
            // Tether Gold on TON has 6 decimals like its ERC-20; its jetton master is not pinned
            // here, so its link is the bare address.
            C::XautTon => CoinSpec {
                token: None,
                ..native(Chain::Ton, 6, "TON", "TON")
            },
            C::Other(_) => return None,
        };
        Some(spec)
    }

    /// Whether this is a token whose wallet link needs its contract, mint or jetton master but
    /// the SDK does not know it (Tether Gold on TON).
    #[cfg(feature = "wallet-links")]
    pub(crate) fn is_unpinned_token(&self, coin: &CryptoCurrency) -> bool {
        self.token.is_none() && matches!(coin, CryptoCurrency::XautTon)
    }
}
