//! Each network's own address form, checked before a wallet link is built: a mistyped or
//! truncated address fails its checksum here instead of losing the customer's money.
//!
//! - Bitcoin and Litecoin: Base58Check (version byte, double SHA-256 checksum; Bitcoin wiki
//!   "Base58Check encoding") for legacy and P2SH addresses, and BIP 173 bech32 / BIP 350 bech32m
//!   for segwit v0 / v1+ (`bc1…`, `ltc1…`), by the `bech32` crate's segwit decoder.
//! - EVM chains: `0x` and 40 hex digits; mixed case must match the EIP-55 checksum (Keccak-256);
//!   the link always carries the EIP-55 form.
//! - TRON: Base58Check with version byte `0x41` (`T…`, 34 characters).
//! - TON: the user-friendly form (docs.ton.org, "Smart contract addresses"): 48 characters of
//!   base64 or base64url, 36 bytes: a flags byte (bounceable `0x11` or not `0x51`, mainnet), the
//!   workchain (`0` or `-1`), the 32-byte account id and a CRC16-XMODEM of the first 34 bytes.
//! - Solana: base58 of exactly 32 bytes that decompress to a point on ed25519, as a wallet's
//!   public key does (`curve25519-dalek`). Solana Pay's reference code derives the recipient's
//!   token account with `getAssociatedTokenAddress`, which refuses an owner off the curve, and
//!   half of all 32-byte strings are off it: base58 has no checksum, so this is the check that
//!   catches a corrupted address.

use alloc::string::String;
use alloc::vec::Vec;

use base64::Engine;
use sha2::Digest;

use super::Chain;

/// Why an address is not a valid address of its network.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{address}` is not a {network} address: {reason}")]
pub struct AddressError {
    /// The address, shortened to 100 characters.
    pub address: String,
    /// The network.
    pub network: &'static str,
    /// What is wrong with it.
    pub reason: &'static str,
}

/// The address in the form a wallet link carries (EIP-55 for EVM, as given for the others), or
/// why it is not one of `chain`'s.
pub(crate) fn checked(chain: Chain, address: &str) -> Result<String, AddressError> {
    let (network, result) = match chain {
        Chain::Bitcoin => ("Bitcoin", utxo(address, "bc", &[0x00, 0x05])),
        Chain::Litecoin => ("Litecoin", utxo(address, "ltc", &[0x30, 0x32, 0x05])),
        Chain::Evm { .. } => ("EVM", eip55(address)),
        Chain::Tron => (
            "TRON",
            base58check(address, &[0x41]).map(|()| address.into()),
        ),
        Chain::Ton => ("TON", ton(address).map(|()| address.into())),
        Chain::Solana => ("Solana", solana(address).map(|()| address.into())),
    };
    result.map_err(|reason| AddressError {
        address: address.chars().take(100).collect(),
        network,
        reason,
    })
}

type Check<T> = Result<T, &'static str>;

fn utxo(address: &str, hrp: &str, versions: &[u8]) -> Check<String> {
    let prefix_len = hrp.len() + 1;
    let segwit = address
        .get(..prefix_len)
        .is_some_and(|prefix| prefix.eq_ignore_ascii_case(&alloc::format!("{hrp}1")));
    if segwit {
        let (found, _version, _program) = bech32::segwit::decode(address)
            .map_err(|_| "not a valid bech32/bech32m segwit address (BIP 173, BIP 350)")?;
        if found.to_lowercase() != hrp {
            return Err("a segwit address of another network");
        }
    } else {
        base58check(address, versions)?;
    }
    Ok(address.into())
}

fn base58check(address: &str, versions: &[u8]) -> Check<()> {
    let bytes = bs58::decode(address)
        .into_vec()
        .map_err(|_| "not base58 (Base58Check expected)")?;
    let [version, .., _] = bytes.as_slice() else {
        return Err("empty");
    };
    if bytes.len() != 25 {
        return Err("not 25 bytes of Base58Check (version, 20-byte hash, checksum)");
    }
    if !versions.contains(version) {
        return Err("its version byte is not one of this network's");
    }
    let (payload, checksum) = bytes.split_at(21);
    let digest = sha2::Sha256::digest(sha2::Sha256::digest(payload));
    if digest.get(..4) != Some(checksum) {
        return Err("its Base58Check checksum does not match");
    }
    Ok(())
}

fn eip55(address: &str) -> Check<String> {
    let hex = address
        .strip_prefix("0x")
        .filter(|hex| hex.len() == 40 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
        .ok_or("not `0x` and 40 hex digits")?;
    let lower = hex.to_ascii_lowercase();
    let hash = sha3::Keccak256::digest(lower.as_bytes());
    let checksummed: String = lower
        .bytes()
        .enumerate()
        .map(|(i, b)| {
            let nibble = hash
                .get(i / 2)
                .map_or(0, |byte| byte >> (4 * (1 - i % 2)) & 0xf);
            let upper = b.is_ascii_alphabetic() && nibble >= 8;
            char::from(if upper { b.to_ascii_uppercase() } else { b })
        })
        .collect();
    let mixed =
        hex.bytes().any(|b| b.is_ascii_lowercase()) && hex.bytes().any(|b| b.is_ascii_uppercase());
    if mixed && hex != checksummed {
        return Err("its mixed case does not match the EIP-55 checksum");
    }
    Ok(alloc::format!("0x{checksummed}"))
}

fn ton(address: &str) -> Check<()> {
    if address.len() != 48 {
        return Err("not 48 characters (the user-friendly form)");
    }
    let url_safe = address.contains(['-', '_']);
    let engine = if url_safe {
        base64::engine::general_purpose::URL_SAFE
    } else {
        base64::engine::general_purpose::STANDARD
    };
    let bytes: Vec<u8> = engine
        .decode(address)
        .map_err(|_| "not base64 or base64url")?;
    let [flags, workchain, ..] = bytes.as_slice() else {
        return Err("too short");
    };
    if bytes.len() != 36 {
        return Err("not 36 bytes");
    }
    if *flags & 0x80 != 0 {
        return Err("a testnet address");
    }
    if !matches!(flags, 0x11 | 0x51) {
        return Err("its flags byte is neither bounceable (0x11) nor non-bounceable (0x51)");
    }
    if !matches!(workchain, 0x00 | 0xff) {
        return Err("its workchain is neither 0 nor -1");
    }
    let (body, crc) = bytes.split_at(34);
    let expected = crc::Crc::<u16>::new(&crc::CRC_16_XMODEM).checksum(body);
    if crc != expected.to_be_bytes() {
        return Err("its CRC16 checksum does not match");
    }
    Ok(())
}

fn solana(address: &str) -> Check<()> {
    let bytes = bs58::decode(address).into_vec().map_err(|_| "not base58")?;
    let bytes: [u8; 32] = bytes.try_into().map_err(|_| "not 32 bytes of base58")?;
    curve25519_dalek::edwards::CompressedEdwardsY(bytes)
        .decompress()
        .map(drop)
        .ok_or("not a point on ed25519, so not a wallet's public key")
}
