// Glue for the cryptocloud-wasm module: copies bytes in, calls an export, reads its text answer.
import { readFile } from "node:fs/promises";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Instantiates the module at `path` (it imports nothing). */
export async function load(path) {
  const { instance } = await WebAssembly.instantiate(await readFile(path));
  const wasm = instance.exports;

  const output = () =>
    decoder.decode(new Uint8Array(wasm.memory.buffer, wasm.cc_output_ptr(), wasm.cc_output_len()));

  // Runs `call` with `bytes` copied into the module's memory, then frees them.
  const withBytes = (bytes, call) => {
    const ptr = wasm.cc_alloc(bytes.length);
    try {
      new Uint8Array(wasm.memory.buffer, ptr, bytes.length).set(bytes);
      return call(ptr, bytes.length);
    } finally {
      wasm.cc_free(ptr, bytes.length);
    }
  };

  return {
    /** Every device check: `{ failed, report }`. */
    runChecks() {
      const failed = wasm.cc_run_checks();
      return { failed, report: output() };
    },

    /**
     * Verifies a postback body (bytes) with the project's secret at `nowUnix` (seconds, from the
     * caller's clock): `{ genuine: true, binding: "invoice", invoiceId }` when the token signs the
     * invoice; `{ genuine: true, binding: "unbound", invoiceToConfirm }` when its `id` is a number
     * that binds none (the body's unsigned invoice id: confirm it through the API before acting);
     * or `{ genuine: false, reason, message }`.
     */
    verifyPostback(body, secret, nowUnix) {
      const status = withBytes(body, (bodyPtr, bodyLen) =>
        withBytes(encoder.encode(secret), (secretPtr, secretLen) =>
          wasm.cc_verify_postback(bodyPtr, bodyLen, secretPtr, secretLen, BigInt(nowUnix)),
        ),
      );
      const answer = output();
      if (status === 0) return { genuine: true, binding: "invoice", invoiceId: answer };
      if (status === 2) return { genuine: true, binding: "unbound", invoiceToConfirm: answer };
      const colon = answer.indexOf(": ");
      return { genuine: false, reason: answer.slice(0, colon), message: answer.slice(colon + 2) };
    },
  };
}
