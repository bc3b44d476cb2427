//! Fiat and crypto currency codes, as open enums: both lists drift over time.

use crate::open_enum::open_enum;

open_enum! {
    /// A fiat currency an invoice can be priced in (`currency` of create, `fiat_currency` of an
    /// invoice).
    ///
    /// ```
    /// # use cryptocloud_types as cryptocloud;
    /// use cryptocloud::FiatCurrency;
    /// assert_eq!(FiatCurrency::from_wire("EUR"), FiatCurrency::Eur);
    /// assert_eq!(FiatCurrency::from_wire("XYZ"), FiatCurrency::Other("XYZ".into()));
    /// ```
    pub enum FiatCurrency {
        /// US dollar.
        Usd = "USD",
        /// Uzbekistani som.
        Uzs = "UZS",
        /// Kyrgyzstani som.
        Kgs = "KGS",
        /// Kazakhstani tenge.
        Kzt = "KZT",
        /// Armenian dram.
        Amd = "AMD",
        /// Azerbaijani manat.
        Azn = "AZN",
        /// Belarusian ruble.
        Byn = "BYN",
        /// Australian dollar.
        Aud = "AUD",
        /// Turkish lira.
        Try = "TRY",
        /// UAE dirham.
        Aed = "AED",
        /// Canadian dollar.
        Cad = "CAD",
        /// Chinese yuan.
        Cny = "CNY",
        /// Hong Kong dollar.
        Hkd = "HKD",
        /// Indonesian rupiah.
        Idr = "IDR",
        /// Indian rupee.
        Inr = "INR",
        /// Japanese yen.
        Jpy = "JPY",
        /// Philippine peso.
        Php = "PHP",
        /// Singapore dollar.
        Sgd = "SGD",
        /// Thai baht.
        Thb = "THB",
        /// Vietnamese dong.
        Vnd = "VND",
        /// Malaysian ringgit.
        Myr = "MYR",
        /// Russian ruble.
        Rub = "RUB",
        /// Ukrainian hryvnia.
        Uah = "UAH",
        /// Euro.
        Eur = "EUR",
        /// Pound sterling.
        Gbp = "GBP",
    }
}

open_enum! {
    /// A cryptocurrency on a given network, by its full code (`USDT_TRC20`); the code alone names
    /// the coin for native coins (`BTC`, `ETH`).
    ///
    /// ```
    /// # use cryptocloud_types as cryptocloud;
    /// use cryptocloud::CryptoCurrency;
    /// assert_eq!("USDT_TRC20".parse::<CryptoCurrency>()?, CryptoCurrency::UsdtTrc20);
    /// assert_eq!(CryptoCurrency::UsdtTrc20.as_str(), "USDT_TRC20");
    /// assert!(!CryptoCurrency::from_wire("NEWCOIN_CHAIN").is_known());
    /// # Ok::<(), core::convert::Infallible>(())
    /// ```
    pub enum CryptoCurrency {
        /// Bitcoin.
        Btc = "BTC",
        /// Litecoin.
        Ltc = "LTC",
        /// Tron.
        Trx = "TRX",
        /// Solana.
        Sol = "SOL",
        /// Toncoin.
        Ton = "TON",
        /// BNB (BNB Smart Chain).
        Bnb = "BNB",
        /// Ether (Ethereum mainnet).
        Eth = "ETH",
        /// Ether on Arbitrum.
        EthArb = "ETH_ARB",
        /// Ether on Base.
        EthBase = "ETH_BASE",
        /// Ether on Optimism.
        EthOpt = "ETH_OPT",
        /// Tether on Arbitrum.
        UsdtArb = "USDT_ARB",
        /// Tether on BNB Smart Chain.
        UsdtBsc = "USDT_BSC",
        /// Tether on Ethereum.
        UsdtErc20 = "USDT_ERC20",
        /// Tether on Optimism.
        UsdtOpt = "USDT_OPT",
        /// Tether on Solana.
        UsdtSol = "USDT_SOL",
        /// Tether on TON.
        UsdtTon = "USDT_TON",
        /// Tether on Tron.
        UsdtTrc20 = "USDT_TRC20",
        /// USD Coin on Arbitrum.
        UsdcArb = "USDC_ARB",
        /// USD Coin on Base.
        UsdcBase = "USDC_BASE",
        /// USD Coin on BNB Smart Chain.
        UsdcBsc = "USDC_BSC",
        /// USD Coin on Ethereum.
        UsdcErc20 = "USDC_ERC20",
        /// USD Coin on Optimism.
        UsdcOpt = "USDC_OPT",
        /// USD Coin on Solana.
        UsdcSol = "USDC_SOL",
        /// Dai on Arbitrum.
        DaiArb = "DAI_ARB",
        /// Dai on Base.
        DaiBase = "DAI_BASE",
        /// Dai on BNB Smart Chain.
        DaiBsc = "DAI_BSC",
        /// Dai on Ethereum.
        DaiErc20 = "DAI_ERC20",
        /// Dai on Optimism.
        DaiOpt = "DAI_OPT",
        /// USDD on Tron.
        UsddTrc20 = "USDD_TRC20",
        /// PayPal USD on Ethereum.
        PyusdErc20 = "PYUSD_ERC20",
        /// PayPal USD on Solana.
        PyusdSol = "PYUSD_SOL",
        /// Tether Gold on Ethereum.
        XautErc20 = "XAUT_ERC20",
        /// Tether Gold on TON.
        XautTon = "XAUT_TON",
        /// Arbitrum on Arbitrum.
        ArbArb = "ARB_ARB",
        /// Optimism on Optimism.
        OpOpt = "OP_OPT",
        /// Pepe on BNB Smart Chain.
        PepeBsc = "PEPE_BSC",
        /// Pepe on Ethereum.
        PepeErc20 = "PEPE_ERC20",
        /// Shiba Inu on BNB Smart Chain.
        ShibBsc = "SHIB_BSC",
        /// Shiba Inu on Ethereum.
        ShibErc20 = "SHIB_ERC20",
        /// Official Trump on Solana.
        TrumpSol = "TRUMP_SOL",
    }
}
