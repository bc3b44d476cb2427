// The postback worker on workerd, Cloudflare's runtime, against the local server:
//   node test.mjs <cryptocloud-mock binary> <folder npm installed workerd in> <site folder with config.capnp>
// The local server pays invoices and delivers their postbacks to the worker; other bodies are
// rewritten or signed here (node:crypto). Prints scenario → expected → seen, then `N passed, M failed`.
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { join } from "node:path";
import { closedPort, signToken, startFront, startMock, startWorkerd, stopAll } from "./harness.mjs";

const [mockBinary, npmFolder, site] = process.argv.slice(2);
// The npm package names its platform's binary; running that one directly, the test stops it directly.
const workerd = createRequire(join(npmFolder, "package.json"))("workerd");
const workerdBinary = workerd.default;
const INFO = "/v2/invoice/merchant/info";
/** The whole test's limit: a hang fails it instead of the CI run. */
const TEST_TIMEOUT_MS = 90_000;

// The API's keys are JWTs, and the local server reads them as such.
const apiKey = signToken({ project: "worker-test" }, randomBytes(16).toString("hex"));
const postbackSecret = `worker-test-secret-${randomBytes(8).toString("hex")}`;
const config = join(site, "config.capnp");

const rows = [];
function record(scenario, expected, seen, ok) {
  rows.push({ scenario, expected, seen, ok });
}

/** POSTs `body` to `url`; the status and the JSON answer. */
async function post(url, body, headers = { "content-type": "application/json" }) {
  const response = await fetch(url, { method: "POST", headers, body });
  const text = await response.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: response.status, json, text };
}

/** Checks a worker answer: the status, and where given, the outcome and attempts it reports. */
function expect(scenario, answer, status, { outcome, attempts, mismatched } = {}) {
  const parts = [`${status}`];
  if (outcome) parts.push(outcome);
  if (mismatched) parts.push(`[${mismatched}]`);
  if (attempts) parts.push(`${attempts} attempts`);
  const seenParts = [`${answer.status}`];
  if (outcome) seenParts.push(answer.json?.outcome);
  if (mismatched) seenParts.push(`[${answer.json?.mismatched}]`);
  if (attempts) seenParts.push(`${answer.json?.attempts} attempts`);
  const expected = parts.join(" ");
  const seen = seenParts.join(" ");
  const detail = expected === seen ? "" : ` (${answer.text.slice(0, 200)})`;
  record(scenario, expected, seen + detail, expected === seen);
}

let front;

async function run() {
  front = await startFront();
  const shop = await startWorkerd(workerdBinary, config, {
    CRYPTOCLOUD_API_KEY: apiKey,
    CRYPTOCLOUD_POSTBACK_SECRET: postbackSecret,
    CRYPTOCLOUD_BASE_URL: front.url,
  });
  const cut = await startWorkerd(workerdBinary, config, {
    CRYPTOCLOUD_API_KEY: apiKey,
    CRYPTOCLOUD_POSTBACK_SECRET: postbackSecret,
    CRYPTOCLOUD_BASE_URL: `http://127.0.0.1:${await closedPort()}`,
  });
  const mock = await startMock(mockBinary, { apiKey, postbackSecret, postbackUrl: `${shop}/` });
  front.target = mock;
  console.log(`workerd ${workerd.version}: local server ${mock}, API front ${front.url}, worker ${shop}, worker without API ${cut}`);

  const api = { authorization: `Token ${apiKey}`, "content-type": "application/json" };
  let orders = 0;
  const create = async () => {
    orders += 1;
    const body = JSON.stringify({ shop_id: "MockShop0001", amount: 100, order_id: `worker-${orders}` });
    const created = await post(`${mock}/v2/invoice/create`, body, api);
    if (created.status !== 200) throw new Error(`create answered ${created.status}: ${created.text}`);
    return created.json.result.uuid.replace(/^INV-/, "");
  };
  // The local server pays, signs the postback and delivers it to the worker.
  const pay = async (id, payment) => {
    const paid = await post(`${mock}/_mock/invoices/${id}/pay`, JSON.stringify(payment));
    if (paid.status !== 200) throw new Error(`pay answered ${paid.status}: ${paid.text}`);
    return paid.json;
  };
  const delivered = (scenario, report, status) =>
    record(scenario, `${status}`, `${report.delivered}`, report.delivered === status);

  const full = await create();
  const fullReport = await pay(full, { status: "paid" });
  delivered("genuine full payment, delivered by the local server", fullReport, 200);
  const genuine = fullReport.postback;
  const resent = await post(shop, genuine);
  expect("the same postback again (CryptoCloud resends)", resent, 200, { outcome: "paid_in_full", attempts: 1 });
  const key = resent.json?.fulfilment_key;
  record("  ... it names the invoice to fulfil once on", `INV-${full}`, `${key}`, key === `INV-${full}`);

  delivered("overpaid, form-encoded postback", await pay(await create(), { status: "overpaid", format: "form" }), 200);
  const partialReport = await pay(await create(), { status: "partial" });
  delivered("partial payment, delivered", partialReport, 402);
  // One isolate serves both at once: each keeps its own call between the module's steps.
  const both = await Promise.all([post(shop, genuine), post(shop, partialReport.postback)]);
  const seenBoth = both.map((answer) => `${answer.status} ${answer.json?.outcome}`).join(", ");
  const expectedBoth = "200 paid_in_full, 402 partial";
  record("two postbacks at once", expectedBoth, seenBoth, seenBoth === expectedBoth);

  const rewritten = (change) => {
    const body = JSON.parse(genuine);
    change(body);
    return JSON.stringify(body);
  };
  const orderRewritten = rewritten((body) => (body.order_id = "someone-elses-order"));
  expect("body rewritten after signing: order_id", await post(shop, orderRewritten), 422, { outcome: "mismatch", mismatched: "order_id" });
  const amountRewritten = rewritten((body) => (body.amount_crypto = body.amount_crypto * 10));
  expect("body rewritten after signing: amount_crypto", await post(shop, amountRewritten), 422, { outcome: "mismatch", mismatched: "amount_crypto" });

  const unpaid = await create();
  const now = Math.floor(Date.now() / 1000);
  const claimUnpaid = rewritten((body) => {
    body.invoice_id = unpaid;
    body.token = signToken({ id: unpaid, exp: now + 300 }, postbackSecret);
    delete body.invoice_info;
  });
  expect("genuine token for an unpaid invoice", await post(shop, claimUnpaid), 409, { outcome: "not_paid" });

  // The local server makes no test invoices: the API's answer is made one's on its way.
  front.rewriteNext(INFO, (text) => text.replace(/"test_mode":\s*false/g, '"test_mode": true'));
  expect("full payment of a test invoice", await post(shop, genuine), 409, { outcome: "test_payment" });

  const before = front.count(INFO);
  const forged = rewritten((body) => (body.token = signToken({ id: full, exp: now + 300 }, "a-guessed-secret")));
  expect("token signed with another secret (forged)", await post(shop, forged), 401);
  const expired = rewritten((body) => (body.token = signToken({ id: full, exp: now - 600 }, postbackSecret)));
  expect("genuine token, expired ten minutes ago", await post(shop, expired), 410);
  expect("malformed body", await post(shop, "this is not a postback", { "content-type": "text/plain" }), 400);
  expect("truncated JSON body", await post(shop, genuine.slice(0, 40)), 400);
  const asked = front.count(INFO) - before;
  record("refused postbacks never reach the API", "0 requests", `${asked} requests`, asked === 0);

  expect("API unreachable (a closed port)", await post(cut, genuine), 503, { attempts: 3 });

  front.failNext(INFO);
  const beforeRetry = front.count(INFO);
  expect("API answers 502 once, then 200", await post(shop, genuine), 200, { outcome: "paid_in_full", attempts: 2 });
  const sent = front.count(INFO) - beforeRetry;
  record("  ... the info request was sent twice", "2 requests", `${sent} requests`, sent === 2);
}

function table() {
  const headers = { scenario: "scenario", expected: "expected", seen: "seen", ok: "" };
  const width = (key) => Math.max(headers[key].length, ...rows.map((row) => String(row[key]).length));
  const line = (row) =>
    `${String(row.scenario).padEnd(width("scenario"))}  ${String(row.expected).padEnd(width("expected"))}  ${String(row.seen).padEnd(width("seen"))}  ${row.ok}`;
  console.log(line(headers));
  for (const row of rows) console.log(line({ ...row, ok: row.ok ? "ok" : "FAIL" }));
}

const guard = setTimeout(() => {
  console.log(`FAIL: the test did not finish within ${TEST_TIMEOUT_MS} ms`);
  stopAll();
  process.exit(1);
}, TEST_TIMEOUT_MS);
try {
  await run();
} catch (error) {
  record("the test ran to its end", "no error", String(error?.stack ?? error), false);
} finally {
  clearTimeout(guard);
  stopAll();
  await front?.close();
}
table();
const passed = rows.filter((row) => row.ok).length;
console.log(`${passed} passed, ${rows.length - passed} failed`);
process.exitCode = passed === rows.length ? 0 : 1;
