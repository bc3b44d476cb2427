// The WASM module as an edge worker calls it: `node test.mjs <module.wasm>`.
// Verifies a genuine postback and refuses a forged one, then runs the device checks.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { load } from "./cryptocloud.mjs";

const fixtures = new URL("../../../fixtures/postbacks/", import.meta.url);
const body = async (name) => new Uint8Array(await readFile(new URL(name, fixtures)));

// The fixtures' secret and reference clock (fixtures/README.md): tokens expire 300 s later.
const SECRET = "fixture-postback-secret";
const NOW = 1790000000;

const module = await load(process.argv[2]);
let passed = 0;
let failed = 0;
const test = async (name, run) => {
  try {
    await run();
    passed += 1;
    console.log(`ok js ${name}`);
  } catch (error) {
    failed += 1;
    console.log(`FAIL js ${name}: ${error.message}`);
  }
};

await test("genuine JSON postback verifies", async () => {
  const answer = module.verifyPostback(await body("valid_json.json"), SECRET, NOW);
  assert.deepEqual(answer, { genuine: true, binding: "invoice", invoiceId: "INV-89UX09KA" });
});

await test("genuine form postback verifies", async () => {
  const answer = module.verifyPostback(await body("valid_form.form"), SECRET, NOW);
  assert.deepEqual(answer, { genuine: true, binding: "invoice", invoiceId: "INV-89UX09KA" });
});

await test("a numeric token id is genuine but unbound, with the invoice to confirm", async () => {
  const answer = module.verifyPostback(await body("valid_numeric_id.json"), SECRET, NOW);
  assert.deepEqual(answer, {
    genuine: true,
    binding: "unbound",
    invoiceToConfirm: "INV-89UX09KA",
  });
});

await test("postback signed with another secret is refused: BadSignature", async () => {
  const answer = module.verifyPostback(await body("forged_wrong_secret.json"), SECRET, NOW);
  assert.equal(answer.genuine, false);
  assert.equal(answer.reason, "BadSignature", answer.message);
});

await test("genuine postback an hour late is refused: Expired", async () => {
  const answer = module.verifyPostback(await body("valid_json.json"), SECRET, NOW + 3600);
  assert.equal(answer.genuine, false);
  assert.equal(answer.reason, "Expired", answer.message);
});

await test("the device checks pass", async () => {
  const { failed: failures, report } = module.runChecks();
  process.stdout.write(report);
  assert.equal(failures, 0);
});

console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
