//! Developer tasks, run as `cargo xtask <task>`.
//!
//! - `ci`: every check CI runs (formatting, lints, tests, the no_std and WASM builds, docs).
//! - `bench [--instructions | --check]`: the benchmarks, memory and footprint measurements;
//!   writes `BENCHMARKS.md`. `--instructions` only counts instructions under callgrind (written to
//!   `BENCHMARKS.md` and `xtask/bench-counts.json`); `--check` recomputes those counts and fails
//!   on a regression of more than 3 %.
//! - `fuzz [--seconds N]`: every fuzz target for N seconds; fails on any crash.
//! - `embedded`: the firmware's checks on a Cortex-M4F under QEMU.
//! - `wasm`: the WASM module's checks under Node.js.
//! - `worker`: the postback worker under workerd, Cloudflare's runtime, against the local server.
//! - `wallet-links`: the SDK's payment URIs, addresses and QR codes read by each ecosystem's parser.
//! - `footprint`: flash, RAM and heap of the firmware, `.wasm` sizes; writes BENCHMARKS.md.
//! - `addresses`: the local server's addresses, checked by each network's own npm library.
#![allow(clippy::print_stdout)]

mod addresses;
mod apt;
mod bench;
mod ci;
mod embedded;
mod firmware_image;
mod footprint;
mod fuzz;
mod npm;
mod wallet_links;
mod wasm;
mod worker;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

const USAGE: &str = "usage: cargo xtask <task>

  ci      every check CI runs: fmt, clippy, tests, no_std/WASM builds, docs
  bench   benchmarks, memory and footprint against baselines in the same run; writes BENCHMARKS.md
          --instructions: only the instruction counts (callgrind); writes them and BENCHMARKS.md
          --check: recomputes the instruction counts; fails if one grew by more than 3 %
  fuzz    [--seconds N] every fuzz target for N seconds (default 60); fails on any crash
  embedded  the firmware's checks on a Cortex-M4F under QEMU (installs qemu-system-arm if missing)
  wasm      the WASM module's checks under Node.js
  worker    the postback worker under workerd (installed from npm) against the local server
  wallet-links  the SDK's payment URIs, addresses and QR codes checked by independent npm parsers
  footprint flash, RAM and heap of the firmware and .wasm sizes; writes its part of BENCHMARKS.md
  addresses the local server's addresses, checked by each network's own npm library";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("ci") => ci::run(),
        Some("bench") => bench::run(&args[1..]),
        Some("fuzz") => fuzz::run(&args[1..]),
        Some("embedded") => embedded::run(),
        Some("wasm") => wasm::run(),
        Some("worker") => worker::run(),
        Some("footprint") => footprint::run(),
        Some("wallet-links") => wallet_links::run(),
        Some("addresses") => addresses::run(),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("xtask: {failure}");
            ExitCode::FAILURE
        }
    }
}

/// The repository's root folder.
pub(crate) fn root() -> Result<PathBuf, String> {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .ok_or_else(|| String::from("xtask has no parent folder"))
}

/// The workspace's target folder: `$CARGO_TARGET_DIR` when set (as helpers building side by side
/// set it), else `target/` in the checkout. The device crates build in folders of their own in it.
pub(crate) fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from)
}

/// `cargo` (the one running this task) with `args`.
pub(crate) fn cargo(args: &[&str]) -> Command {
    let mut command =
        Command::new(std::env::var("CARGO").unwrap_or_else(|_| String::from("cargo")));
    command.args(args);
    command
}

/// Runs one step, printing its name and duration; fails if the command fails.
pub(crate) fn step(name: &str, mut command: Command) -> Result<(), String> {
    println!("==> {name}");
    let started = Instant::now();
    let status = command
        .status()
        .map_err(|error| format!("{name}: could not start {command:?}: {error}"))?;
    if !status.success() {
        return Err(format!("{name} failed ({status})"));
    }
    println!("    {name}: ok in {:.1?}", started.elapsed());
    Ok(())
}
