//! Instruction counts under callgrind: figures that other builds on the machine do not move.
//!
//! Each workload of `crates/cryptocloud-e2e/benches/instructions.rs` runs in a valgrind process
//! of its own; callgrind collects only inside that binary's `measured` function
//! (`--toggle-collect`), so set-up and a warm-up call are not counted. The export's server runs
//! natively in another process and is not counted either.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

use super::local_server::LocalServer;
use crate::cargo;

/// Every workload, in the order they are reported, with what it counts.
pub(super) const WORKLOADS: [(&str, &str); 7] = [
    (
        "decode-typed",
        "`decode_response::<ListInvoices>` of the 100-invoice page of `benches/decode.rs`",
    ),
    (
        "decode-floor",
        "`serde_json::from_slice::<IgnoredAny>` of the same page (validation only, the floor)",
    ),
    (
        "postback-verify",
        "`Postback::parse` then `verify` of the genuine JSON postback fixture",
    ),
    (
        "postback-floor",
        "`serde_json::from_slice::<IgnoredAny>` of the same bytes (the floor)",
    ),
    (
        "export",
        "`Client::invoices` reading 1,000 invoices, 10 pages of 100 one at a time, each invoice taken and dropped, from the local server in another process: the client's thread only (current-thread runtime: requests, connection task, decode), the server not counted; the client is made before the warm-up, so the counted call reuses its connection, as in the two exports below",
    ),
    (
        "export-hyper-floor",
        "the same requests and typed decode over a plain pooled hyper client, each page counted and dropped (the floor of `benches/export.rs`), counted likewise",
    ),
    (
        "export-reqwest",
        "the same export as a reqwest + serde user writes it (a derived `{status, result: Vec<Invoice>}` envelope, as in `benches/export.rs`), counted likewise",
    ),
];

/// Runs of each workload. The in-process workloads count the same in every run; the export
/// moves by a few hundredths of a percent with how the server's answers arrive, and rarely by up
/// to 2 % lower, so the lowest of three is kept and the spread shown.
const RUNS: usize = 3;

/// One workload's count (the lowest of its runs), its spread, and its input's fingerprint.
pub(super) struct Count {
    pub(super) name: &'static str,
    pub(super) instructions: u64,
    pub(super) highest: u64,
    pub(super) input: Option<String>,
}

/// Counts every workload [`RUNS`] times, with the bench binary built (in release) first.
pub(super) fn count_all(target: &Path) -> Result<Vec<Count>, String> {
    ensure_valgrind()?;
    let binary = build()?;
    let folder = target.join("callgrind");
    std::fs::create_dir_all(&folder)
        .map_err(|error| format!("cannot create {}: {error}", folder.display()))?;
    // Downloaded afresh (natively) each time, so a change of the local server's data shows.
    let page = folder.join("page.json");
    write_page(&binary, &page)?;
    let page = page.to_string_lossy();
    let mut counts = Vec::new();
    for (name, _) in WORKLOADS {
        println!("==> instructions of {name} (callgrind, {RUNS} runs)");
        let out = folder.join(format!("callgrind.{name}.out"));
        let mut runs = Vec::new();
        let mut input = None;
        for _ in 0..RUNS {
            let (instructions, seen) = match name {
                "export" | "export-hyper-floor" | "export-reqwest" => {
                    let mut serve = Command::new(&binary);
                    serve.arg("serve");
                    let server = LocalServer::start(serve)?;
                    callgrind(&binary, &[name, &server.url], &out)?
                }
                "decode-typed" | "decode-floor" => callgrind(&binary, &[name, &page], &out)?,
                _ => callgrind(&binary, &[name], &out)?,
            };
            runs.push(instructions);
            input = seen;
        }
        println!(
            "    {name}: {runs:?} instructions (the last run: {})",
            out.display()
        );
        counts.push(Count {
            name,
            instructions: runs.iter().copied().min().unwrap_or_default(),
            highest: runs.iter().copied().max().unwrap_or_default(),
            input,
        });
    }
    Ok(counts)
}

fn ensure_valgrind() -> Result<(), String> {
    if Command::new("valgrind").arg("--version").output().is_ok() {
        return Ok(());
    }
    crate::apt::install(&["valgrind"], false)
}

/// Builds the workloads' binary with the bench profile and returns its path.
fn build() -> Result<PathBuf, String> {
    println!("==> release build of the instruction workloads");
    let mut command = cargo(&[
        "bench",
        "--locked",
        "--no-run",
        "-p",
        "cryptocloud-e2e",
        "--bench",
        "instructions",
        "--message-format=json-render-diagnostics",
    ]);
    // `cargo run` describes xtask's own package in the environment (CARGO_PKG_NAME, …), and
    // ring's build script reruns when those change: without this, each `cargo bench` run
    // outside xtask and each run of this task would rebuild the TLS stack for the other.
    for (name, _) in std::env::vars_os() {
        let text = name.to_string_lossy();
        if [
            "CARGO_PKG_",
            "CARGO_MANIFEST_",
            "CARGO_BIN_",
            "CARGO_CRATE_",
            "CARGO_PRIMARY_",
        ]
        .iter()
        .any(|prefix| text.starts_with(prefix))
        {
            command.env_remove(&name);
        }
    }
    let output = command
        .stderr(Stdio::inherit())
        .output()
        .map_err(|error| format!("cannot run cargo bench --no-run: {error}"))?;
    if !output.status.success() {
        return Err(format!(
            "the build of the instruction workloads failed ({})",
            output.status
        ));
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .find(|message| {
            message["reason"] == "compiler-artifact" && message["target"]["name"] == "instructions"
        })
        .and_then(|artifact| artifact["executable"].as_str().map(PathBuf::from))
        .ok_or_else(|| String::from("cargo built no `instructions` bench binary"))
}

/// Downloads the decode benchmark's page from the local server, natively, into `page`.
fn write_page(binary: &Path, page: &Path) -> Result<(), String> {
    let output = Command::new(binary)
        .arg("page")
        .output()
        .map_err(|error| format!("cannot run {}: {error}", binary.display()))?;
    if !output.status.success() || output.stdout.is_empty() {
        return Err(format!(
            "the page's download failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    std::fs::write(page, &output.stdout)
        .map_err(|error| format!("cannot write {}: {error}", page.display()))
}

/// Runs the binary with `args` under callgrind; returns the instructions counted inside
/// `measured` and the input line the binary printed, if any.
fn callgrind(binary: &Path, args: &[&str], out: &Path) -> Result<(u64, Option<String>), String> {
    let output = Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg("--collect-atstart=no")
        .arg("--toggle-collect=instructions::measured")
        .arg(format!("--callgrind-out-file={}", out.display()))
        .arg(binary)
        .args(args)
        .output()
        .map_err(|error| format!("cannot run valgrind: {error}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!(
            "{} under callgrind failed ({}): {stderr}",
            args.join(" "),
            output.status
        ));
    }
    let text = std::fs::read_to_string(out)
        .map_err(|error| format!("cannot read {}: {error}", out.display()))?;
    let instructions = text
        .lines()
        .find_map(|line| line.strip_prefix("totals:"))
        .and_then(|totals| totals.split_whitespace().next()?.parse::<u64>().ok())
        .ok_or_else(|| format!("no totals in {}", out.display()))?;
    if instructions == 0 {
        return Err(format!(
            "{}: nothing counted: callgrind never entered `instructions::measured`",
            args.join(" ")
        ));
    }
    let input = stderr
        .lines()
        .find_map(|line| line.strip_prefix("input: "))
        .map(str::to_owned);
    Ok((instructions, input))
}
