// Checks a sample of the local server's deposit addresses (a JSON object: network group → list of
// addresses, written by the mock's `a_sample_of_every_networks_addresses` test) with each
// ecosystem's own library, none of them ours. Prints one line per group and exits 1 if any
// address fails.
//
//   BTC, LTC  bitcoinjs-lib address.toOutputScript: bech32 checksum, human-readable part,
//             witness version 0 with a 20-byte program (P2WPKH)
//   EVM       ethers getAddress: 20 bytes, and the mixed case is the EIP-55 checksum
//   TRON      bs58check: Base58Check checksum, 21 bytes, version byte 0x41
//   TON       @ton/core Address.parseFriendly: 48 characters, CRC16, base workchain
//   SOL       @solana/web3.js PublicKey and PublicKey.isOnCurve: 32 bytes that are an ed25519
//             point, so a wallet can hold its key and token accounts can be derived for it

import { readFileSync } from "node:fs";
import { address as bitcoinAddress, networks } from "bitcoinjs-lib";
import bs58check from "bs58check";
import { getAddress } from "ethers";
import { Address } from "@ton/core";
import { PublicKey } from "@solana/web3.js";

const litecoin = { ...networks.bitcoin, bech32: "ltc" };

function segwitV0(network) {
  return (text) => {
    const script = bitcoinAddress.toOutputScript(text, network);
    // OP_0, push 20: a P2WPKH output.
    if (script.length !== 22 || script[0] !== 0x00 || script[1] !== 0x14) {
      throw new Error("not a P2WPKH address");
    }
  };
}

const checks = {
  BTC: segwitV0(networks.bitcoin),
  LTC: segwitV0(litecoin),
  EVM: (text) => {
    if (getAddress(text) !== text) throw new Error("not in EIP-55 checksum case");
  },
  TRON: (text) => {
    const payload = bs58check.decode(text);
    if (payload.length !== 21 || payload[0] !== 0x41) throw new Error("not 0x41 + 20 bytes");
  },
  TON: (text) => {
    const parsed = Address.parseFriendly(text);
    if (parsed.address.workChain !== 0) throw new Error("not on the base workchain");
    if (parsed.isTestOnly) throw new Error("a testnet-only address");
  },
  SOL: (text) => {
    const key = new PublicKey(text);
    if (key.toBase58() !== text) throw new Error("does not round-trip");
    if (!PublicKey.isOnCurve(key.toBytes())) throw new Error("off the ed25519 curve");
  },
};

const started = performance.now();
const sample = JSON.parse(readFileSync(process.argv[2], "utf8"));
let failed = 0;
for (const [group, check] of Object.entries(checks)) {
  const addresses = sample[group] ?? [];
  const failures = [];
  for (const text of addresses) {
    try {
      check(text);
    } catch (error) {
      failures.push(`${text}: ${error.message}`);
    }
  }
  if (addresses.length === 0) failures.push("no addresses in the sample");
  failed += failures.length;
  const passed = addresses.length - failures.length;
  console.log(`${group.padEnd(5)} ${passed}/${addresses.length} pass`);
  for (const failure of failures.slice(0, 3)) console.log(`      ${failure}`);
  if (failures.length > 3) console.log(`      … and ${failures.length - 3} more`);
}
console.log(`checked in ${Math.round(performance.now() - started)} ms`);
process.exit(failed === 0 ? 0 : 1);
