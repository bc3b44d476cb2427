// Parses every payment URI and address the SDK wrote (links.json, from
// `cargo run -p cryptocloud --features qr --example wallet_links`) with its ecosystem's own
// libraries, compares each field with the invoice it came from, checks that each ecosystem's
// validator and the SDK agree on a one-character-mutated address, and decodes every QR code SVG
// (rasterised by resvg) with jsQR. Prints one line per failure and a closing
// `N passed, N failed` line.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as bitcoin from 'bitcoinjs-lib';
import bs58check from 'bs58check';
import * as ecc from '@bitcoinerlab/secp256k1';
import { Address } from '@ton/core';
import { parseURL } from '@solana/pay';
import { isAddress as isSolanaAddress, isOffCurveAddress } from '@solana/addresses';
import { getAddress, isAddress, parseUnits } from 'viem';
import { Resvg } from '@resvg/resvg-js';
import jsQR from 'jsqr';
import BigNumber from 'bignumber.js';

const require = createRequire(import.meta.url);
// Taproot (bech32m, segwit v1) outputs need an elliptic-curve library to check the key.
bitcoin.initEccLib(ecc);
const bip21 = require('bip21');
const ethUrl = require('eth-url-parser');

// Litecoin's mainnet parameters (chainparams.cpp of litecoin-project/litecoin).
const litecoin = { messagePrefix: '\x19Litecoin Signed Message:\n', bech32: 'ltc',
  bip32: { public: 0x019da462, private: 0x019d9cfe }, pubKeyHash: 0x30, scriptHash: 0x32, wif: 0xb0 };
const accepts = (check) => { try { return check() !== false; } catch { return false; } };
const tron = (address) => { const bytes = bs58check.decode(address); return bytes.length === 21 && bytes[0] === 0x41; };
const ton = (address) => Address.isFriendly(address) && !Address.parseFriendly(address).isTestOnly;

// Per scheme: the ecosystem's address validator and a parser returning
// { address, baseUnits, chainId?, token? } from the URI.
const schemes = {
  Bip21: (link) => {
    const coin = link.uri.split(':')[0];
    const network = coin === 'litecoin' ? litecoin : bitcoin.networks.bitcoin;
    const { address, options } = bip21.decode(link.uri, coin);
    return {
      valid: (a) => accepts(() => bitcoin.address.toOutputScript(a, network)),
      address, baseUnits: parseUnits(new BigNumber(options.amount).toFixed(), 8),
    };
  },
  Eip681: (link) => {
    const parsed = ethUrl.parse(link.uri);
    const token = parsed.function_name === 'transfer';
    const units = token ? parsed.parameters.uint256 : parsed.parameters.value;
    return {
      valid: (a) => isAddress(a, { strict: true }),
      address: token ? parsed.parameters.address : parsed.target_address,
      token: token ? parsed.target_address : undefined,
      tokenValid: (a) => isAddress(a, { strict: true }) && getAddress(a) === a,
      chainId: Number(parsed.chain_id), baseUnits: BigInt(new BigNumber(units).toFixed()),
    };
  },
  TonTransfer: (link) => {
    const url = new URL(link.uri);
    if (url.protocol !== 'ton:' || url.host !== 'transfer') throw new Error('not ton://transfer/');
    const jetton = url.searchParams.get('jetton') ?? undefined;
    return {
      valid: (a) => accepts(() => ton(a)), tokenValid: (a) => accepts(() => ton(a)),
      address: url.pathname.slice(1), token: jetton, baseUnits: BigInt(url.searchParams.get('amount')),
    };
  },
  SolanaPay: (link) => {
    const parsed = parseURL(link.uri);
    return {
      // A recipient is a wallet: an ed25519 public key, on the curve.
      valid: (a) => isSolanaAddress(a) && !isOffCurveAddress(a), tokenValid: (a) => isSolanaAddress(a),
      address: String(parsed.recipient), token: parsed.splToken ? String(parsed.splToken) : undefined,
      baseUnits: parseUnits(new BigNumber(parsed.amount).toFixed(), link.input.decimals),
    };
  },
  Address: (link) => ({
    valid: (a) => accepts(() => (link.input.address.startsWith('T') ? tron(a) : ton(a))),
    address: link.uri,
  }),
};

const sameAddress = (a, b) => (a.startsWith('0x') ? a.toLowerCase() === b.toLowerCase() : a === b);
const [links] = [JSON.parse(readFileSync(process.argv[2], 'utf8'))];
let passed = 0, failed = 0;
const check = (ok, what) => { if (ok) passed++; else { failed++; console.log(`FAIL ${what}`); } };
const tally = {};
for (const link of links) {
  const name = `${link.input.coin} ${link.uri}`;
  tally[link.scheme] = (tally[link.scheme] ?? 0) + 1;
  let parsed;
  try { parsed = schemes[link.scheme](link); } catch (error) { check(false, `${name}: ${error.message}`); continue; }
  check(parsed.valid(parsed.address), `${name}: the ecosystem refuses the address ${parsed.address}`);
  check(sameAddress(parsed.address, link.input.address), `${name}: address ${parsed.address} is not the invoice's`);
  if (link.scheme === 'Eip681') check(getAddress(parsed.address) === parsed.address, `${name}: not EIP-55 form`);
  if (parsed.baseUnits !== undefined) {
    const expected = parseUnits(link.input.amount, link.input.decimals);
    check(parsed.baseUnits === expected, `${name}: amount ${parsed.baseUnits} base units, expected ${expected}`);
  }
  if (link.input.chain_id !== null) check(parsed.chainId === link.input.chain_id, `${name}: chain ${parsed.chainId}`);
  if (parsed.token !== undefined) check(parsed.tokenValid(parsed.token), `${name}: token ${parsed.token} refused`);
  const ecosystem = parsed.valid(link.mutated_address);
  check(ecosystem === (link.sdk_refused_mutated === null),
    `${name}: on ${link.mutated_address} the ecosystem says ${ecosystem ? 'valid' : 'invalid'}, the SDK ${link.sdk_refused_mutated ?? 'valid'}`);
  const image = new Resvg(readFileSync(link.svg, 'utf8'), { background: 'white' }).render();
  const code = jsQR(new Uint8ClampedArray(image.pixels), image.width, image.height);
  check(code?.data === link.uri, `${name}: the QR code reads ${code?.data}`);
}
console.log(`schemes: ${Object.entries(tally).map(([k, v]) => `${k} ${v}`).join(', ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
