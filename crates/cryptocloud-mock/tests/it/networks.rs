//! Coins and networks, pinned against the reference: icons are URLs, each address has its
//! network's own form (checked with each network's own codec) and follows the seed, and a
//! network's name is the network's, not the coin's.

use cryptocloud_mock::{DEFAULT_SHOP_ID as SHOP, MockConfig, MockServer};
use sha3::{Digest, Keccak256};

use crate::support::{Node, api, create, serve};

async fn wallet(server: &MockServer, coin: &str, customer: &str) -> Node {
    let body = format!(r#"{{"shop_id":"{SHOP}","currency":"{coin}","identify":"{customer}"}}"#);
    api(server, "/v2/invoice/static/create", &body)
        .await
        .result()
}

fn is_url(node: &Node) -> bool {
    node.str().starts_with("https://cdn.cryptocloud.plus/")
}

#[tokio::test]
async fn icons_are_url_strings_never_null() {
    let server = serve(50, MockConfig::default()).await;
    for coin in ["USDT_TRC20", "ETH", "BTC", "USDC_BSC", "TON", "TRUMP_SOL"] {
        let body = format!(
            r#"{{"shop_id":"{SHOP}","amount":5,"add_fields":{{"cryptocurrency":"{coin}"}}}}"#
        );
        let invoice = create(&server, &body).await;
        for path in ["icon_base", "icon_network", "icon_qr", "network.icon"] {
            assert!(is_url(invoice.at("currency").at(path)), "{coin} {path}");
        }
        let currency = wallet(&server, coin, "c").await.at("currency").clone();
        for path in ["icon_base", "icon_qr", "obj_network.icon"] {
            assert!(is_url(currency.at(path)), "{coin} {path}");
        }
        let icon_network = currency.at("icon_network");
        assert!(
            is_url(icon_network) || icon_network.str() == "None",
            "{coin}"
        );
    }
    let eth = wallet(&server, "ETH", "c").await;
    assert_eq!(
        eth.at("currency.icon_network").str(),
        "None",
        "a native coin, as in the reference"
    );
}

#[tokio::test]
async fn addresses_have_their_networks_form_and_follow_the_seed() {
    let server = serve(5, MockConfig::default()).await;
    let twin = serve(5, MockConfig::default()).await;
    for coin in [
        "USDT_TRC20",
        "ETH",
        "USDT_BSC",
        "ETH_ARB",
        "BTC",
        "LTC",
        "SOL",
        "TON",
    ] {
        let address = wallet(&server, coin, "c-1")
            .await
            .at("address")
            .str()
            .to_owned();
        assert_eq!(
            wallet(&twin, coin, "c-1").await.at("address").str(),
            address,
            "same seed, same address"
        );
        match coin {
            "USDT_TRC20" => {
                assert!(address.starts_with('T') && address.len() == 34, "{address}");
                bs58::decode(&address)
                    .with_check(Some(0x41))
                    .into_vec()
                    .unwrap();
            }
            "BTC" => assert_bech32(&address, "bc"),
            "LTC" => assert_bech32(&address, "ltc"),
            "SOL" => assert_eq!(bs58::decode(&address).into_vec().unwrap().len(), 32),
            "TON" => {
                assert_eq!(address.len(), 48, "{address}");
                assert!(
                    address.starts_with("UQ") || address.starts_with("EQ"),
                    "{address}"
                );
            }
            _ => assert_eip55(&address),
        }
    }
    let invoice = create(
        &server,
        &format!(
            r#"{{"shop_id":"{SHOP}","amount":10,"add_fields":{{"cryptocurrency":"USDC_BSC"}}}}"#
        ),
    )
    .await;
    assert_eip55(invoice.at("address").str());
}

fn assert_bech32(address: &str, hrp: &str) {
    let (decoded_hrp, version, program) = bech32::segwit::decode(address).unwrap();
    assert_eq!(decoded_hrp.as_str(), hrp);
    assert_eq!((version.to_u8(), program.len()), (0, 20), "{address}");
}

/// EIP-55, from the EIP's own description: a hex letter is upper case where the Keccak-256 of the
/// lower-case address has a nibble of 8 or more.
fn assert_eip55(address: &str) {
    let hex = address.strip_prefix("0x").unwrap();
    assert_eq!(hex.len(), 40);
    let lower = hex.to_ascii_lowercase();
    let hash = Keccak256::digest(lower.as_bytes());
    let mut letters = 0;
    for (position, character) in hex.chars().enumerate() {
        let nibble = (hash[position / 2] >> if position % 2 == 0 { 4 } else { 0 }) & 0x0f;
        if character.is_ascii_alphabetic() {
            letters += 1;
            assert_eq!(
                character.is_ascii_uppercase(),
                nibble >= 8,
                "{address} at {position}"
            );
        }
    }
    assert!(letters > 0, "{address} has letters to check");
}

#[tokio::test]
async fn network_fullname_is_the_networks_name() {
    let server = serve(5, MockConfig::default()).await;
    for (coin, network) in [
        ("USDT_TRC20", "Tron"),
        ("USDT_ERC20", "Ethereum"),
        ("USDT_BSC", "BNB Smart Chain"),
        ("ETH_ARB", "Arbitrum"),
        ("USDC_SOL", "Solana"),
    ] {
        let invoice = create(
            &server,
            &format!(
                r#"{{"shop_id":"{SHOP}","amount":10,"add_fields":{{"cryptocurrency":"{coin}"}}}}"#
            ),
        )
        .await;
        assert_eq!(
            invoice.at("currency.network.fullname").str(),
            network,
            "{coin}"
        );
        assert_ne!(
            invoice.at("currency.name").str(),
            network,
            "{coin}: the coin's name differs"
        );
    }
}

/// Places after the point of a number as the API writes it (the shortest round-trip form).
fn places(node: &Node) -> usize {
    let text = match node {
        Node::Float(value) => value.to_string(),
        Node::Int(_) => return 0,
        other => panic!("not a number: {other:?}"),
    };
    text.split_once('.')
        .map_or(0, |(_, fraction)| fraction.len())
}

#[tokio::test]
async fn coin_amounts_have_no_more_places_than_the_token_has_decimals() {
    let server = serve(5, MockConfig::default()).await;
    // Tether Gold has 6 decimals on Ethereum and on TON; Bitcoin has 8.
    for (coin, decimals) in [("XAUT_ERC20", 6), ("XAUT_TON", 6), ("BTC", 8)] {
        let invoice = create(
            &server,
            &format!(
                r#"{{"shop_id":"{SHOP}","amount":100,"add_fields":{{"cryptocurrency":"{coin}"}}}}"#
            ),
        )
        .await;
        for field in ["amount", "service_fee"] {
            let written = places(invoice.at(field));
            assert!(written <= decimals, "{coin} {field}: {written} places");
        }
        assert!(
            places(invoice.at("amount")) >= 5,
            "{coin}: not rounded to cents"
        );
    }
}
