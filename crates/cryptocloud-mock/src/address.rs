//! Deposit addresses in their network's form: well-formed, checksummed, made from random bytes of
//! the seeded generator (so the same seed gives the same addresses). Solana's are real ed25519
//! public keys (of a secret key drawn from the seed, then forgotten), since a Solana address is a
//! public key and one off the curve is no wallet's; the others are hashes, which any bytes are.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha3::{Digest, Keccak256};

use crate::catalog::{AddressKind, Network};

/// A fresh address on `network`.
pub(crate) fn generate(network: &Network, rng: &mut fastrand::Rng) -> String {
    match network.address {
        AddressKind::Tron => {
            let mut payload = vec![0x41];
            payload.extend(bytes::<20>(rng));
            bs58::encode(payload).with_check().into_string()
        }
        AddressKind::Evm => eip55(&bytes::<20>(rng)),
        AddressKind::Bech32(hrp) => bech32::Hrp::parse(hrp)
            .ok()
            .and_then(|hrp| bech32::segwit::encode_v0(hrp, &bytes::<20>(rng)).ok())
            .unwrap_or_default(),
        AddressKind::Solana => bs58::encode(ed25519_public_key(rng)).into_string(),
        AddressKind::Ton => ton_user_friendly(&bytes::<32>(rng)),
    }
}

fn bytes<const N: usize>(rng: &mut fastrand::Rng) -> [u8; N] {
    let mut out = [0u8; N];
    rng.fill(&mut out);
    out
}

/// The public key of a secret key drawn from `rng`: a point on the ed25519 curve.
fn ed25519_public_key(rng: &mut fastrand::Rng) -> [u8; 32] {
    ed25519_dalek::SigningKey::from_bytes(&bytes::<32>(rng))
        .verifying_key()
        .to_bytes()
}

/// `0x` + hex, each letter upper-case where the Keccak-256 of the lower-case hex has a nibble ≥ 8.
fn eip55(address: &[u8; 20]) -> String {
    let lower: String = address.iter().map(|byte| format!("{byte:02x}")).collect();
    let hash = Keccak256::digest(lower.as_bytes());
    let checked: String = lower
        .chars()
        .enumerate()
        .map(|(position, digit)| {
            let byte = hash[position / 2];
            let nibble = if position % 2 == 0 {
                byte >> 4
            } else {
                byte & 0x0f
            };
            if nibble >= 8 {
                digit.to_ascii_uppercase()
            } else {
                digit
            }
        })
        .collect();
    format!("0x{checked}")
}

/// A non-bounceable (`UQ…`) address on the base workchain: 48 characters.
fn ton_user_friendly(hash: &[u8; 32]) -> String {
    const CRC16_XMODEM: crc::Crc<u16> = crc::Crc::<u16>::new(&crc::CRC_16_XMODEM);
    let mut raw = vec![0x51, 0x00];
    raw.extend_from_slice(hash);
    raw.extend_from_slice(&CRC16_XMODEM.checksum(&raw).to_be_bytes());
    URL_SAFE_NO_PAD.encode(raw)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::NETWORKS;

    fn on(code: &str) -> String {
        let network = NETWORKS
            .iter()
            .find(|network| network.code == code)
            .unwrap();
        generate(network, &mut fastrand::Rng::with_seed(7))
    }

    #[test]
    fn addresses_have_their_networks_form() {
        let tron = on("TRC20");
        assert!(tron.starts_with('T') && tron.len() == 34, "{tron}");
        assert!(
            bs58::decode(&tron)
                .with_check(Some(0x41))
                .into_vec()
                .is_ok()
        );
        let evm = on("ERC20");
        assert_eq!(evm.len(), 42);
        assert!(evm.starts_with("0x") && evm[2..].chars().all(|c| c.is_ascii_hexdigit()));
        assert!(on("BTC").starts_with("bc1q") && on("BTC").len() == 42);
        assert!(on("LTC").starts_with("ltc1q"));
        let solana = bs58::decode(on("SOL")).into_vec().unwrap();
        assert_eq!(solana.len(), 32);
        let ton = on("TON");
        assert!(ton.starts_with("UQ") && ton.len() == 48, "{ton}");
        assert_eq!(on("ERC20"), on("ERC20"), "the same seed, the same address");
    }

    #[test]
    fn solana_addresses_are_points_of_the_ed25519_curve() {
        // Random 32 bytes are a point half the time: 16 in a row are not luck.
        // (`cargo xtask addresses` checks with Solana's own library.)
        let solana = NETWORKS
            .iter()
            .find(|network| network.code == "SOL")
            .unwrap();
        let mut rng = fastrand::Rng::with_seed(7);
        for _ in 0..16 {
            let key: [u8; 32] = bs58::decode(generate(solana, &mut rng))
                .into_vec()
                .unwrap()
                .try_into()
                .unwrap();
            assert!(ed25519_dalek::VerifyingKey::from_bytes(&key).is_ok());
        }
    }

    #[test]
    fn eip55_matches_the_eips_own_example() {
        // From EIP-55's test vectors.
        let bytes: Vec<u8> = (0..20)
            .map(|i| {
                u8::from_str_radix(
                    &"5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"[i * 2..i * 2 + 2],
                    16,
                )
                .unwrap()
            })
            .collect();
        let bytes: [u8; 20] = bytes.try_into().unwrap();
        assert_eq!(eip55(&bytes), "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
    }
}
