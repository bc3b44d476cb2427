# workerd's configuration for the postback worker: `workerd serve config.capnp` next to worker.mjs
# and cryptocloud_worker.wasm (`cargo xtask worker` puts them together under target/worker/site).
# The key, the postback secret and the API's address come from the environment, so that none of
# them is written in a file; the socket's address is set with `--socket-addr http=HOST:PORT`.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "postbacks", worker = .postbackWorker),
    # What the worker's fetch may reach. On Cloudflare, the public API; here `cargo xtask worker`
    # sets CRYPTOCLOUD_BASE_URL to the local server, and loopback is all this network allows.
    (name = "loopback", network = (allow = ["local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:8787", http = (), service = "postbacks")],
);

const postbackWorker :Workerd.Worker = (
  modules = [
    (name = "worker.mjs", esModule = embed "worker.mjs"),
    (name = "cryptocloud_worker.wasm", wasm = embed "cryptocloud_worker.wasm"),
  ],
  compatibilityDate = "2025-09-01",
  bindings = [
    (name = "CRYPTOCLOUD_API_KEY", fromEnvironment = "CRYPTOCLOUD_API_KEY"),
    (name = "CRYPTOCLOUD_POSTBACK_SECRET", fromEnvironment = "CRYPTOCLOUD_POSTBACK_SECRET"),
    (name = "CRYPTOCLOUD_BASE_URL", fromEnvironment = "CRYPTOCLOUD_BASE_URL"),
  ],
  globalOutbound = "loopback",
);
