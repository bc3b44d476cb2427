// What the worker's test runs beside it, all on 127.0.0.1: the local server (cryptocloud-mock),
// workerd serving the worker, a front that passes API calls to the local server and can answer one
// of them 502, and a JWT signer of its own (node:crypto), independent of the code under test.
import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { createServer } from "node:http";

const HOST = "127.0.0.1";
/** How long a child process may take to say it is listening. */
const START_TIMEOUT_MS = 10_000;

/** Every child started, to stop them all at the end (each by its own handle). */
const children = new Set();

export function stopAll() {
  for (const child of children) child.kill();
  children.clear();
}

/** Starts `command`; resolves with `found(text)`'s first non-null result over what `stream` says. */
function startChild(command, args, options, stream, found) {
  const child = spawn(command, args, options);
  children.add(child);
  child.on("exit", () => children.delete(child));
  return new Promise((resolve, reject) => {
    let said = "";
    const timer = setTimeout(() => reject(new Error(`${command} did not start within ${START_TIMEOUT_MS} ms: ${said}`)), START_TIMEOUT_MS);
    child.on("error", (error) => reject(new Error(`${command} could not start: ${error.message}`)));
    child.on("exit", (code) => reject(new Error(`${command} exited (${code}) before it was ready: ${said}`)));
    stream(child).on("data", (chunk) => {
      said += chunk;
      const value = found(said);
      if (value != null) {
        clearTimeout(timer);
        resolve(value);
      }
    });
  });
}

/** The local server on a free port, sending postbacks to `postbackUrl`; its base URL. */
export function startMock(binary, { apiKey, postbackSecret, postbackUrl }) {
  const env = { ...process.env, CRYPTOCLOUD_MOCK_API_KEY: apiKey, CRYPTOCLOUD_MOCK_POSTBACK_SECRET: postbackSecret };
  const args = ["--port", "0", "--invoices", "20", "--postback-url", postbackUrl];
  const options = { env, stdio: ["ignore", "pipe", "inherit"] };
  return startChild(binary, args, options, (child) => child.stdout, (text) => text.match(/ on (http:\/\/127\.0\.0\.1:\d+)/)?.[1]);
}

/** workerd serving `config` on a free port, with the worker's bindings in its environment; its URL. */
export function startWorkerd(binary, config, bindings) {
  const env = { ...process.env, ...bindings };
  const args = ["serve", config, "--socket-addr", `http=${HOST}:0`, "--control-fd", "3"];
  const options = { env, stdio: ["ignore", "inherit", "inherit", "pipe"] };
  const listening = (text) => {
    for (const line of text.split("\n")) {
      if (!line.startsWith("{")) continue;
      const event = JSON.parse(line);
      if (event.event === "listen" && event.socket === "http") return `http://${HOST}:${event.port}`;
    }
    return null;
  };
  return startChild(binary, args, options, (child) => child.stdio[3], listening);
}

/** A port nothing listens on: bound, then released. */
export async function closedPort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, HOST, resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * The API as the worker reaches it: each request passed to `front.target` (the local server),
 * counted by path; `front.failNext(path)` answers the next request to `path` 502 with an HTML page,
 * as a proxy in front of the API does; `front.rewriteNext(path, change)` passes the next answer's
 * text through `change`.
 */
export async function startFront() {
  const front = { target: null, seen: new Map(), failing: new Set(), rewrites: new Map() };
  front.count = (path) => front.seen.get(path) ?? 0;
  front.failNext = (path) => front.failing.add(path);
  front.rewriteNext = (path, change) => front.rewrites.set(path, change);
  const server = createServer(async (request, response) => {
    const chunks = [];
    for await (const chunk of request) chunks.push(chunk);
    const path = request.url;
    front.seen.set(path, front.count(path) + 1);
    if (front.failing.delete(path)) {
      response.writeHead(502, { "content-type": "text/html" });
      response.end("<html><body><h1>502 Bad Gateway</h1></body></html>");
      return;
    }
    const headers = { ...request.headers };
    delete headers.host;
    delete headers["content-length"];
    const answer = await fetch(front.target + path, { method: request.method, headers, body: Buffer.concat(chunks) });
    const passed = {};
    for (const name of ["content-type", "retry-after"]) {
      const value = answer.headers.get(name);
      if (value !== null) passed[name] = value;
    }
    const change = front.rewrites.get(path) ?? ((text) => text);
    front.rewrites.delete(path);
    response.writeHead(answer.status, passed);
    response.end(change(await answer.text()));
  });
  await new Promise((resolve) => server.listen(0, HOST, resolve));
  front.url = `http://${HOST}:${server.address().port}`;
  front.close = () => new Promise((resolve) => server.close(resolve));
  return front;
}

/** An HS256 JWT over `claims`, signed with `secret` (what CryptoCloud signs postback tokens with). */
export function signToken(claims, secret) {
  const part = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const signed = `${part({ alg: "HS256", typ: "JWT" })}.${part(claims)}`;
  return `${signed}.${createHmac("sha256", secret).update(signed).digest("base64url")}`;
}
