//! A sample of the server's deposit addresses per network, taken through the API (static wallets
//! and invoices with a coin chosen), for validators that are not ours: `cargo xtask addresses`
//! sets `ADDRESS_SAMPLE` to a file and checks what is written there with each ecosystem's own
//! library (xtask/address-check/).

use cryptocloud_mock::{DEFAULT_SHOP_ID as SHOP, MockConfig};
use serde_json::{Map, Value};

use crate::support::{api, create, serve};

/// Addresses taken per network: enough that a form right by luck (half of random 32-byte strings
/// are ed25519 points) fails at once.
const PER_NETWORK: usize = 24;

/// The validator's group for each network, and a coin on it.
const NETWORKS: [(&str, &str); 10] = [
    ("TRON", "USDT_TRC20"),
    ("EVM", "ETH"),
    ("EVM", "USDT_BSC"),
    ("EVM", "ETH_ARB"),
    ("EVM", "ETH_BASE"),
    ("EVM", "OP_OPT"),
    ("BTC", "BTC"),
    ("LTC", "LTC"),
    ("SOL", "SOL"),
    ("TON", "TON"),
];

#[tokio::test]
async fn a_sample_of_every_networks_addresses() {
    let server = serve(0, MockConfig::default()).await;
    let mut sample: Map<String, Value> = Map::new();
    for (group, coin) in NETWORKS {
        for customer in 0..PER_NETWORK {
            let address = if customer % 2 == 0 {
                let body = format!(
                    r#"{{"shop_id":"{SHOP}","currency":"{coin}","identify":"c-{customer}"}}"#
                );
                let wallet = api(&server, "/v2/invoice/static/create", &body).await;
                wallet.result().at("address").str().to_owned()
            } else {
                let body = format!(
                    r#"{{"shop_id":"{SHOP}","amount":5,"add_fields":{{"cryptocurrency":"{coin}"}}}}"#
                );
                create(&server, &body).await.at("address").str().to_owned()
            };
            assert!(!address.is_empty(), "{coin}");
            let addresses = sample
                .entry(group)
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(addresses) = addresses {
                addresses.push(Value::String(address));
            }
        }
    }
    assert_eq!(sample.len(), 6);
    if let Some(path) = std::env::var_os("ADDRESS_SAMPLE") {
        let text = serde_json::to_string_pretty(&Value::Object(sample)).unwrap();
        std::fs::write(&path, text).unwrap();
    }
}
