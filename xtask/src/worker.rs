//! `cargo xtask worker`: the postback worker (`crates/cryptocloud-worker`) on workerd, the runtime
//! Cloudflare runs, against the local server. Builds the module for wasm32-unknown-unknown (in
//! `target/wasm`, reusing the dependency builds of `cargo xtask wasm`'s module) and the local
//! server, installs workerd from npm under `target/worker/npm` (never committed), puts the
//! worker's files together under `target/worker/site`, and runs `js/test.mjs`, which prints its
//! scenario table. Everything listens on 127.0.0.1.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::embedded::output_within;
use crate::{cargo, step};

const TARGET: &str = "wasm32-unknown-unknown";
const CRATE: &str = "crates/cryptocloud-worker";
/// The folder under the repository where npm's install and the served files go.
const OUT: &str = "target/worker";
/// The module's target folder: `cargo xtask wasm`'s, whose dependency builds it shares.
const TARGET_FOLDER: &str = crate::wasm::TARGET_FOLDER;
const TIME_LIMIT: Duration = Duration::from_secs(120);
/// The files workerd serves: its configuration, the glue and the module.
const SITE_FILES: [&str; 2] = ["config.capnp", "js/worker.mjs"];

pub(crate) fn run() -> Result<(), String> {
    let started = Instant::now();
    let root = crate::root()?;
    crate::wasm::prepare()?;
    let module = build(&root)?;
    let size = std::fs::metadata(&module)
        .map_err(|error| format!("cannot read {}: {error}", module.display()))?
        .len();
    println!("    the worker's module: {size} bytes");
    let mock = build_mock(&root)?;
    let npm = install_workerd(&root)?;
    let site = stage(&root, &module)?;
    println!("==> node {CRATE}/js/test.mjs");
    let mut node = Command::new("node");
    node.arg(root.join(CRATE).join("js/test.mjs"))
        .arg(&mock)
        .arg(&npm)
        .arg(&site);
    let report = output_within(node, TIME_LIMIT).map_err(|error| {
        if error.starts_with("cannot start") {
            format!("{error} (Node.js 18 or later must be on the PATH)")
        } else {
            format!("the worker's test failed: {error}")
        }
    })?;
    print!("{report}");
    let last = report.lines().last().unwrap_or_default();
    if !last.ends_with(" passed, 0 failed") || last.starts_with("0 passed") {
        return Err(format!(
            "the worker's test did not pass every scenario: `{last}`"
        ));
    }
    println!(
        "xtask worker: the worker answered every scenario under workerd in {:.1?}",
        started.elapsed()
    );
    Ok(())
}

/// Builds the module in release mode; the path of the `.wasm` file.
fn build(root: &Path) -> Result<PathBuf, String> {
    let target_dir = crate::target_dir(root).join(TARGET_FOLDER);
    let mut command = cargo(&["build", "--release", "--locked", "--target", TARGET]);
    command
        .arg("--manifest-path")
        .arg(root.join(CRATE).join("Cargo.toml"))
        .arg("--target-dir")
        .arg(&target_dir);
    step("build the worker's WASM module", command)?;
    Ok(target_dir
        .join(TARGET)
        .join("release/cryptocloud_worker.wasm"))
}

/// Builds the local server's binary (already built by the workspace's tests in CI); its path.
fn build_mock(root: &Path) -> Result<PathBuf, String> {
    println!("==> build cryptocloud-mock");
    let output = cargo(&[
        "build",
        "--locked",
        "-p",
        "cryptocloud-mock",
        "--bin",
        "cryptocloud-mock",
        "--message-format=json-render-diagnostics",
    ])
    .current_dir(root)
    .stderr(Stdio::inherit())
    .output()
    .map_err(|error| format!("cannot start cargo: {error}"))?;
    if !output.status.success() {
        return Err(format!(
            "building cryptocloud-mock failed ({})",
            output.status
        ));
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|message| message["target"]["name"] == "cryptocloud-mock")
        .find_map(|message| message["executable"].as_str().map(PathBuf::from))
        .ok_or_else(|| String::from("cargo did not name the cryptocloud-mock binary"))
}

/// Installs the npm package `workerd` at the version `package-lock.json` pins, unless that
/// install is there; the folder it is in.
fn install_workerd(root: &Path) -> Result<PathBuf, String> {
    let folder = root.join(OUT).join("npm");
    std::fs::create_dir_all(&folder)
        .map_err(|error| format!("cannot create {}: {error}", folder.display()))?;
    let lock = read(&root.join(CRATE).join("package-lock.json"))?;
    let installed = folder.join("node_modules/.package-lock.json");
    let current =
        read(&folder.join("package-lock.json")).ok() == Some(lock.clone()) && installed.is_file();
    if current {
        println!("    workerd: installed under {}", folder.display());
        return Ok(folder);
    }
    for file in ["package.json", "package-lock.json"] {
        copy(&root.join(CRATE).join(file), &folder.join(file))?;
    }
    // Its install script only links the binary into place; the test finds the binary itself.
    let mut npm = Command::new("npm");
    npm.args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"])
        .current_dir(&folder);
    step("npm ci (workerd)", npm)?;
    Ok(folder)
}

/// Puts the configuration, the glue and the module in one folder, as workerd reads them.
fn stage(root: &Path, module: &Path) -> Result<PathBuf, String> {
    let site = root.join(OUT).join("site");
    std::fs::create_dir_all(&site)
        .map_err(|error| format!("cannot create {}: {error}", site.display()))?;
    for file in SITE_FILES {
        let from = root.join(CRATE).join(file);
        let name = from.file_name().ok_or("a site file has no name")?;
        copy(&from, &site.join(name))?;
    }
    copy(module, &site.join("cryptocloud_worker.wasm"))?;
    Ok(site)
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|error| format!("cannot read {}: {error}", path.display()))
}

fn copy(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::copy(from, to).map(drop).map_err(|error| {
        format!(
            "cannot copy {} to {}: {error}",
            from.display(),
            to.display()
        )
    })
}
