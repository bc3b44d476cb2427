// A Cloudflare Worker that receives CryptoCloud postbacks. The WASM module decides everything
// (is the postback genuine, which request confirms it, whether to retry, what to answer); this
// glue only moves bytes: it copies the body in, runs `fetch` and `setTimeout` when the module
// asks, and answers with the status and JSON body the module gives (see src/answer.rs).
//
// Bindings (workerd: config.capnp; Cloudflare: `wrangler secret put`):
//   CRYPTOCLOUD_API_KEY          the project's API key (secret)
//   CRYPTOCLOUD_POSTBACK_SECRET  the project's secret key that signs postbacks (secret)
//   CRYPTOCLOUD_BASE_URL         optional; https://api.cryptocloud.plus unless set
import module from "./cryptocloud_worker.wasm";

const SEND = 1;
const WAIT = 2;
/** The largest postback body read: real ones are a few kilobytes. */
const MAX_POSTBACK_BYTES = 64 * 1024;
/** The largest API answer read: one invoice is a few kilobytes. */
const MAX_ANSWER_BYTES = 1024 * 1024;
/** How `fetch` failed, as the module's `cw_failed` takes it. */
const TIMED_OUT = 0;
const FETCH_REJECTED = 1;
const TOO_LARGE = 2;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

let exports;
function wasm() {
  exports ??= new WebAssembly.Instance(module, {}).exports;
  return exports;
}

const output = () =>
  decoder.decode(new Uint8Array(wasm().memory.buffer, wasm().cw_output_ptr(), wasm().cw_output_len()));

// Runs `call` with each of `parts` copied into the module's memory as (pointer, length), then frees them.
function withBytes(parts, call) {
  const regions = parts.map((bytes) => {
    const ptr = wasm().cw_alloc(bytes.length);
    new Uint8Array(wasm().memory.buffer, ptr, bytes.length).set(bytes);
    return [ptr, bytes.length];
  });
  try {
    return call(...regions.flat());
  } finally {
    for (const [ptr, len] of regions) wasm().cw_free(ptr, len);
  }
}

function randomU64() {
  return crypto.getRandomValues(new BigUint64Array(1))[0];
}

/** `Retry-After` in milliseconds (seconds or an HTTP date), or -1 when absent or unreadable. */
function retryAfterMs(value) {
  if (value === null) return -1;
  if (/^\s*\d+\s*$/.test(value)) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? -1 : Math.max(0, date - Date.now());
}

/** Sends one request the module described; reports the answer or the failure. */
async function attempt(step, baseUrl) {
  const url = baseUrl.replace(/\/+$/, "") + step.path;
  let answer;
  try {
    const response = await fetch(url, {
      method: step.method,
      headers: step.headers,
      body: step.body,
      signal: AbortSignal.timeout(step.timeout_ms),
    });
    const body = new Uint8Array(await response.arrayBuffer());
    if (body.length > MAX_ANSWER_BYTES) {
      return failed(step.exchange, TOO_LARGE, `the answer has ${body.length} bytes`);
    }
    answer = { status: response.status, retryAfter: retryAfterMs(response.headers.get("retry-after")), body };
  } catch (error) {
    const kind = error?.name === "TimeoutError" ? TIMED_OUT : FETCH_REJECTED;
    return failed(step.exchange, kind, String(error?.message ?? error));
  }
  return withBytes([answer.body], (ptr, len) =>
    wasm().cw_answered(step.exchange, Date.now(), answer.status, answer.retryAfter, ptr, len),
  );
}

/** Waits until the moment the module named; tells it the time then (woken early, it waits again). */
async function wait(step) {
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, step.until_ms - Date.now())));
  return wasm().cw_resume(step.exchange, Date.now());
}

function failed(exchange, kind, message) {
  return withBytes([encoder.encode(message)], (ptr, len) => wasm().cw_failed(exchange, Date.now(), kind, ptr, len));
}

const json = (status, body) =>
  new Response(typeof body === "string" ? body : JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json" },
  });

/** Verifies and confirms one postback: the module's steps, driven to its answer. */
async function confirm(body, env) {
  const baseUrl = env.CRYPTOCLOUD_BASE_URL || "https://api.cryptocloud.plus";
  const secrets = [env.CRYPTOCLOUD_POSTBACK_SECRET ?? "", env.CRYPTOCLOUD_API_KEY ?? ""].map((text) => encoder.encode(text));
  let code = withBytes([body, ...secrets], (...regions) => wasm().cw_receive(...regions, Date.now(), randomU64()));
  let exchange = 0;
  try {
    for (;;) {
      if (code === SEND) {
        const step = JSON.parse(output());
        exchange = step.exchange;
        code = await attempt(step, baseUrl);
      } else if (code === WAIT) {
        const step = JSON.parse(output());
        exchange = step.exchange;
        code = await wait(step);
      } else {
        exchange = 0;
        return json(code, output());
      }
    }
  } finally {
    if (exchange !== 0) wasm().cw_drop(exchange);
  }
}

export default {
  async fetch(request, env) {
    if (request.method !== "POST") return json(405, { error: "postbacks are POSTed" });
    const tooLarge = json(413, { error: `a postback has at most ${MAX_POSTBACK_BYTES} bytes` });
    if (Number(request.headers.get("content-length") ?? 0) > MAX_POSTBACK_BYTES) return tooLarge;
    const body = new Uint8Array(await request.arrayBuffer());
    if (body.length > MAX_POSTBACK_BYTES) return tooLarge;
    // A paid-in-full answer (200) is where the shop fulfils the order, once per
    // (invoice, status): CryptoCloud repeats postbacks.
    return confirm(body, env);
  },
};
