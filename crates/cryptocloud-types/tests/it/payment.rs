//! Payment details and wallet links: what a checkout page of your own shows, or why it cannot.
//! Addresses come from published test vectors (BIP 173/350, EIP-55) and the fixtures; the URIs
//! are parsed by each ecosystem's own library in `cargo xtask wallet-links`.

use cryptocloud_types::payment::{CoinAmountError, LinkScheme, PaymentDetailsError};
use cryptocloud_types::{
    CreateInvoice, CryptoCurrency, Invoice, InvoiceStatus, Timestamp, decode_response,
};
use serde_json::json;

fn now() -> Timestamp {
    "2026-09-21 14:05:00.000000".parse().unwrap()
}

fn invoice(coin: &str, address: &str, amount: &str) -> Invoice {
    serde_json::from_value(json!({
        "uuid": "INV-C8R4YP6D", "status": "created", "address": address, "amount": amount,
        "expiry_date": "2026-09-21 16:00:00.000000", "currency": {"fullcode": coin},
    }))
    .unwrap()
}

#[test]
fn the_create_answer_with_a_chosen_coin_gives_every_detail() {
    let body = std::fs::read("../../fixtures/create/with_cryptocurrency.json").unwrap();
    let invoice = decode_response::<CreateInvoice>(200, &body).unwrap();
    let details = invoice.payment_details(now()).unwrap();
    assert_eq!(details.address, "TJ8bqh2xQ6GkbHiEY8n1t3BY1Fxd1Q2RJE");
    assert_eq!(
        (details.amount.to_string(), details.amount.base_units()),
        ("103.3".into(), 103_300_000)
    );
    assert_eq!(details.coin, CryptoCurrency::UsdtTrc20);
    assert_eq!(
        (details.coin_code.as_str(), details.network_code.as_str()),
        ("USDT", "TRC20")
    );
    assert_eq!(details.network_name, "Tron");
    assert_eq!(
        details.expires_at.unwrap().to_string(),
        "2026-09-21 16:00:00.000000"
    );
    // TRON has no payment URI standard: the link is the address, once its checksum holds.
    let link = details.wallet_link().unwrap();
    assert_eq!(link.uri, "TJ8bqh2xQ6GkbHiEY8n1t3BY1Fxd1Q2RJE");
    // The same address with its last checksum character changed (npm bs58check agrees).
    let mut broken = invoice.clone();
    broken.address = Some("TJ8bqh2xQ6GkbHiEY8n1t3BY1Fxd1Q2RJF".into());
    let error = broken
        .payment_details(now())
        .unwrap()
        .wallet_link()
        .unwrap_err();
    assert!(error.to_string().contains("checksum"), "{error}");
}

#[test]
fn an_invoice_without_a_coin_an_address_or_time_left_says_why() {
    let body = std::fs::read("../../fixtures/create/live_capture_keys.json").unwrap();
    let unchosen = decode_response::<CreateInvoice>(200, &body).unwrap();
    let before_expiry = "2024-03-15 09:00:00.000000".parse().unwrap();
    let error = unchosen.payment_details(before_expiry).unwrap_err();
    assert!(
        matches!(error, PaymentDetailsError::NoAddress { .. }),
        "{error}"
    );

    let mut no_coin = invoice("BTC", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "0.1");
    no_coin.currency = None;
    let error = no_coin.payment_details(now()).unwrap_err();
    assert!(
        error.to_string().contains("add_fields.cryptocurrency"),
        "{error}"
    );

    let open = invoice("BTC", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "0.1");
    let at_expiry = "2026-09-21 16:00:00.000000".parse().unwrap();
    let error = open.payment_details(at_expiry).unwrap_err();
    assert!(
        matches!(error, PaymentDetailsError::Expired { .. }),
        "{error}"
    );
    assert!(
        error.to_string().contains("expired at 2026-09-21 16:00:00"),
        "{error}"
    );

    for (status, paid) in [
        (InvoiceStatus::Paid, true),
        (InvoiceStatus::Overpaid, true),
        (InvoiceStatus::Canceled, false),
    ] {
        let mut closed = open.clone();
        closed.status = status;
        let error = closed.payment_details(now()).unwrap_err();
        assert_eq!(
            matches!(error, PaymentDetailsError::AlreadyPaid { .. }),
            paid,
            "{error}"
        );
    }
}

#[test]
fn a_partly_paid_invoice_asks_for_what_is_left() {
    let mut partial = invoice("LTC", "LXe3Svj68fs7XTJ9KytCJZTCHDNo5XbRHB", "2.25");
    partial.status = InvoiceStatus::Partial;
    partial.to_surcharge = Some("0.75".parse().unwrap());
    let details = partial.payment_details(now()).unwrap();
    assert_eq!(details.amount.base_units(), 75_000_000);
    assert_eq!(
        details.wallet_link().unwrap().uri,
        "litecoin:LXe3Svj68fs7XTJ9KytCJZTCHDNo5XbRHB?amount=0.75"
    );
}

#[test]
fn an_amount_finer_than_the_coin_is_refused_never_rounded() {
    // Tether Gold has 6 decimals on Ethereum; an amount with 8 cannot be sent exactly.
    let finer = invoice(
        "XAUT_ERC20",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0.03456789",
    );
    let error = finer.payment_details(now()).unwrap_err();
    let PaymentDetailsError::Amount { source, .. } = &error else {
        panic!("{error}")
    };
    assert!(
        matches!(source, CoinAmountError::TooPrecise { decimals: 6, .. }),
        "{source}"
    );
    assert!(std::error::Error::source(&error).is_some());
    let unknown = invoice("NEW_COIN", "whatever", "1")
        .payment_details(now())
        .unwrap_err();
    assert!(
        unknown.to_string().contains("cannot be paid exactly"),
        "{unknown}"
    );
    let zero = invoice("BTC", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "0").payment_details(now());
    assert!(zero.is_err());
}

#[test]
fn each_network_refuses_an_address_that_is_not_its_own() {
    let refused = [
        // BIP 173 invalid vectors: bad checksum; v0 program of 16 bytes.
        ("BTC", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5"),
        ("BTC", "BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P"),
        // BIP 350: a v1 program with a bech32 (not bech32m) checksum.
        (
            "BTC",
            "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpqy5z54",
        ),
        ("BTC", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb"),
        ("BTC", "ltc1q4vxeckqcwqp43rz3vjs9v64d6qrn6624d8tz8k"),
        ("LTC", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"),
        // EIP-55's own example with one letter's case flipped.
        ("ETH", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"),
        ("USDT_BSC", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeA"),
        ("USDT_TRC20", "TJ8bqh2xQ6GkbHiEY8n1t3BY1Fxd3jvBYC"),
        ("USDT_TRC20", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"),
        ("TON", "EQD9zmXZ8jqyWYEkRA7EeWSfDzD_35r5NnbaA_oYVEgYQzJ8"),
        ("SOL", "FNyBUju1wZjJhtdACG7z7sLRWg83oXapVCaK4CJFH1"),
        // 32 bytes, but off the ed25519 curve (the last character of a wallet's key changed):
        // no wallet holds the key, so no token account can be derived for it.
        ("SOL", "FNyBUju1wZjJhtdACG7z7sLRWg83oXapVCaK4CJFH131"),
        ("USDC_SOL", "FNyBUju1wZjJhtdACG7z7sLRWg83oXapVCaK4CJFH13B"),
    ];
    for (coin, address) in refused {
        let details = invoice(coin, address, "1").payment_details(now()).unwrap();
        let error = details.wallet_link().unwrap_err();
        assert!(
            error.to_string().contains(address),
            "{coin} {address}: {error}"
        );
    }
}

#[test]
fn each_network_gets_its_standard_link() {
    let cases = [
        (
            "BTC",
            "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
            "0.5",
            "bitcoin:BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4?amount=0.5",
        ),
        (
            "ETH",
            "0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359",
            "0.01",
            "ethereum:0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359@1?value=10000000000000000",
        ),
        (
            "USDC_BASE",
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "1.5",
            "ethereum:0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913@8453/transfer?address=0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed&uint256=1500000",
        ),
        (
            "TON",
            "EQD9zmXZ8jqyWYEkRA7EeWSfDzD_35r5NnbaA_oYVEgYQzJ7",
            "1.5",
            "ton://transfer/EQD9zmXZ8jqyWYEkRA7EeWSfDzD_35r5NnbaA_oYVEgYQzJ7?amount=1500000000",
        ),
        (
            "USDC_SOL",
            "FNyBUju1wZjJhtdACG7z7sLRWg83oXapVCaK4CJFH13K",
            "2.50",
            "solana:FNyBUju1wZjJhtdACG7z7sLRWg83oXapVCaK4CJFH13K?amount=2.5&spl-token=EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v",
        ),
    ];
    for (coin, address, amount, uri) in cases {
        let link = invoice(coin, address, amount)
            .payment_details(now())
            .unwrap()
            .wallet_link()
            .unwrap();
        assert_eq!(link.uri, uri, "{coin}");
        assert_ne!(link.scheme, LinkScheme::Address, "{coin}");
    }
}
