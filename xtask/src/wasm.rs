//! `cargo xtask wasm`: builds `crates/cryptocloud-wasm` for wasm32-unknown-unknown and runs its
//! JavaScript test under Node.js, as an edge worker would call it: a genuine and a forged postback
//! through the exported verifier, then the device checks the firmware runs.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::embedded::{
    Build, COMPACT_SHA2, EXPECTED, check_report, ensure_rust_target, output_within,
};
use crate::{cargo, step};

const TARGET: &str = "wasm32-unknown-unknown";
const CRATE: &str = "crates/cryptocloud-wasm";
/// The module's folder in the target folder (shared with the worker and `cargo xtask ci`'s lint).
pub(crate) const TARGET_FOLDER: &str = "wasm";
const TIME_LIMIT: Duration = Duration::from_secs(60);
/// What the JavaScript test prints last when its own six tests pass.
const JS_PASSED: &str = "6 passed, 0 failed";

pub(crate) fn run() -> Result<(), String> {
    let started = Instant::now();
    let root = crate::root()?;
    prepare()?;
    let module = build(&root, Build::Full)?;
    println!("==> node {CRATE}/js/test.mjs");
    let mut node = Command::new("node");
    node.arg(root.join(CRATE).join("js/test.mjs")).arg(&module);
    let report = output_within(node, TIME_LIMIT)
        .map_err(|error| format!("{error} (Node.js 18 or later must be on the PATH)"))?;
    print!("{report}");
    check_report(&report, &EXPECTED)?;
    if !report.lines().any(|line| line == JS_PASSED) {
        return Err(format!("the JavaScript test did not print `{JS_PASSED}`"));
    }
    println!(
        "xtask wasm: the module verified and refused postbacks from JavaScript and passed all {} checks in {:.0?}",
        EXPECTED.len(),
        started.elapsed()
    );
    Ok(())
}

/// Installs the Rust target if it is missing.
pub(crate) fn prepare() -> Result<(), String> {
    ensure_rust_target(TARGET)
}

/// Builds the module in release mode; the path of the `.wasm` file.
pub(crate) fn build(root: &Path, build: Build) -> Result<PathBuf, String> {
    let target_dir = crate::target_dir(root).join(TARGET_FOLDER);
    let mut command = cargo(&["build", "--release", "--locked", "--target", TARGET]);
    command
        .arg("--manifest-path")
        .arg(root.join(CRATE).join("Cargo.toml"))
        .arg("--target-dir")
        .arg(&target_dir)
        .args(build.feature_args())
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
            COMPACT_SHA2,
        );
    step(&format!("build the WASM module ({build:?})"), command)?;
    Ok(target_dir
        .join(TARGET)
        .join("release/cryptocloud_wasm.wasm"))
}

/// binaryen's `wasm-opt` from npm, installed under `target/binaryen` when missing.
const BINARYEN: &str = "binaryen@132.0.0";
/// The features rustc's wasm32 output uses, which wasm-opt must accept.
const WASM_FEATURES: [&str; 4] = [
    "--enable-bulk-memory",
    "--enable-sign-ext",
    "--enable-nontrapping-float-to-int",
    "--enable-mutable-globals",
];

/// `module` after `wasm-opt -Oz`, as a shipped module would be: its bytes.
pub(crate) fn optimized(root: &Path, module: &Path) -> Result<Vec<u8>, String> {
    let prefix = root.join("target/binaryen");
    let wasm_opt = prefix.join("node_modules/.bin/wasm-opt");
    if !wasm_opt.exists() {
        let mut npm = Command::new("npm");
        npm.args(["install", "--no-audit", "--no-fund", "--prefix"])
            .arg(&prefix)
            .arg(BINARYEN);
        step(&format!("npm install {BINARYEN}"), npm)?;
    }
    let output = module.with_extension("opt.wasm");
    let mut command = Command::new(&wasm_opt);
    command
        .arg("-Oz")
        .args(WASM_FEATURES)
        .arg(module)
        .arg("-o")
        .arg(&output);
    step("wasm-opt -Oz", command)?;
    std::fs::read(&output).map_err(|error| format!("cannot read {}: {error}", output.display()))
}
