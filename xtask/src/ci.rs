//! `cargo xtask ci`: every check CI runs.

use std::process::Command;
use std::time::Instant;

use crate::{cargo, step};

/// Targets the transport-free crates must build for.
const NO_STD_TARGETS: [&str; 2] = ["thumbv7em-none-eabihf", "wasm32-unknown-unknown"];

/// The feature combinations of the types (defaults aside) built for the microcontroller target,
/// so that a crate using only part of them gets a build that works; the last is the README's
/// types-only line.
const FEATURE_SETS: [(&str, &str); 5] = [
    ("cryptocloud-types", ""),
    ("cryptocloud-types", "wallet-links"),
    ("cryptocloud-types", "models"),
    ("cryptocloud-types", "postback"),
    ("cryptocloud", "models,postback"),
];

/// The crates excluded from the workspace, the target each is built for, and its folder in the
/// target folder (shared with `cargo xtask embedded`, `wasm` and `worker`).
const DEVICE_CRATES: [(&str, &str, &str); 3] = [
    (
        "crates/cryptocloud-firmware/Cargo.toml",
        "thumbv7em-none-eabihf",
        crate::embedded::TARGET_FOLDER,
    ),
    (
        "crates/cryptocloud-wasm/Cargo.toml",
        "wasm32-unknown-unknown",
        crate::wasm::TARGET_FOLDER,
    ),
    (
        "crates/cryptocloud-worker/Cargo.toml",
        "wasm32-unknown-unknown",
        crate::wasm::TARGET_FOLDER,
    ),
];

pub(crate) fn run() -> Result<(), String> {
    let started = Instant::now();
    install_toolchain_parts()?;
    install_chromium()?;
    step("format", cargo(&["fmt", "--all", "--check"]))?;
    step(
        "lint",
        cargo(&[
            "clippy",
            "--workspace",
            "--all-targets",
            "--all-features",
            "--locked",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    // The device crates live outside the workspace, each built for its own target.
    let root = crate::root()?;
    for (manifest, target, folder) in DEVICE_CRATES {
        let target_dir = crate::target_dir(&root).join(folder);
        let mut format = cargo(&["fmt", "--check", "--manifest-path", manifest]);
        format.current_dir(&root);
        step(&format!("format {manifest}"), format)?;
        let mut lint = cargo(&[
            "clippy",
            "--locked",
            "--manifest-path",
            manifest,
            "--target",
            target,
        ]);
        lint.arg("--target-dir")
            .arg(&target_dir)
            .args(["--", "-D", "warnings"])
            .current_dir(&root);
        step(&format!("lint {manifest}"), lint)?;
    }
    // Default features plus tracing (whose output is checked for secrets); clippy above already
    // compiled every feature, and native-roots would make the tests depend on this machine's
    // certificate store.
    let mut tests = cargo(&[
        "test",
        "--workspace",
        "--features",
        "cryptocloud/tracing",
        "--locked",
    ]);
    // Snapshots are reviewed by people: CI compares and never writes them, so a fixture
    // without a reviewed snapshot fails.
    tests.env("INSTA_UPDATE", "no").env("CI", "true");
    step("test", tests)?;
    for target in NO_STD_TARGETS {
        step(
            &format!("no_std build of cryptocloud-types for {target}"),
            cargo(&[
                "build",
                "--locked",
                "-p",
                "cryptocloud-types",
                "--target",
                target,
            ]),
        )?;
        step(
            &format!("no_std build of cryptocloud (no default features) for {target}"),
            cargo(&[
                "build",
                "--locked",
                "-p",
                "cryptocloud",
                "--no-default-features",
                "--target",
                target,
            ]),
        )?;
    }
    for (package, features) in FEATURE_SETS {
        step(
            &format!(
                "no_std build of {package} with features [{features}] for thumbv7em-none-eabihf"
            ),
            cargo(&[
                "build",
                "--locked",
                "-p",
                package,
                "--no-default-features",
                "--features",
                features,
                "--target",
                "thumbv7em-none-eabihf",
            ]),
        )?;
    }
    // The same types running on a Cortex-M4F under QEMU and in a WASM runtime, not only building.
    crate::embedded::run()?;
    crate::wasm::run()?;
    crate::footprint::check_postback_flash_budget()?;
    crate::worker::run()?;
    crate::wallet_links::run()?;
    crate::addresses::run()?;
    let mut docs = cargo(&[
        "doc",
        "--workspace",
        "--no-deps",
        "--all-features",
        "--locked",
    ]);
    docs.env("RUSTDOCFLAGS", "-D warnings");
    step("docs", docs)?;
    // Every published crate packages and its packaged sources build on their own (a missing file
    // or a dev-dependency cycle between them fails here, not at release time).
    forget_packaged_builds()?;
    step(
        "packaging of every published crate",
        cargo(&[
            "package",
            "--workspace",
            "--exclude",
            "cryptocloud-e2e",
            "--exclude",
            "xtask",
            "--locked",
            "--allow-dirty",
        ]),
    )?;
    println!("xtask ci: all checks passed in {:.0?}", started.elapsed());
    Ok(())
}

/// Removes what an earlier packaging run left of our own crates. Cargo takes a registry crate as
/// immutable: it reuses an unpacked source whose version has not changed, and the artifacts built
/// from it, so in a checkout that packaged before, the step would build yesterday's code. Our
/// crates' sources are unpacked from the packaging step's local registries under
/// `$CARGO_HOME/registry/src/-<hash>/` (never crates.io's `index.crates.io-…`, left alone).
fn forget_packaged_builds() -> Result<(), String> {
    let home = std::env::var_os("CARGO_HOME").map_or_else(
        || std::env::var_os("HOME").map(|home| std::path::Path::new(&home).join(".cargo")),
        |home| Some(home.into()),
    );
    let mut stale = Vec::new();
    if let Some(home) = home {
        for registry in read_dir(&home.join("registry/src")) {
            let local = registry
                .file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with('-'));
            if local {
                stale.extend(ours(&registry));
            }
        }
    }
    let target_dir = crate::target_dir(&crate::root()?);
    stale.push(target_dir.join("package"));
    for kind in [".fingerprint", "deps", "build"] {
        stale.extend(ours(&target_dir.join("debug").join(kind)));
    }
    for path in stale {
        let removed = if path.is_dir() {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
        match removed {
            Ok(()) => {}
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => return Err(format!("cannot remove {}: {error}", path.display())),
        }
    }
    Ok(())
}

/// The entries of `folder`, none if it cannot be read.
fn read_dir(folder: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(folder)
        .into_iter()
        .flatten()
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .collect()
}

/// The entries of `folder` named after our crates (`cryptocloud-…`, `libcryptocloud_…`).
fn ours(folder: &std::path::Path) -> Vec<std::path::PathBuf> {
    read_dir(folder)
        .into_iter()
        .filter(|path| {
            path.file_name().is_some_and(|name| {
                let name = name.to_string_lossy();
                name.starts_with("cryptocloud") || name.starts_with("libcryptocloud")
            })
        })
        .collect()
}

/// Installs Debian's Chromium and ChromeDriver for the checkout's browser tests
/// (`crates/cryptocloud-e2e/tests/browser/`) unless chromedriver is there.
fn install_chromium() -> Result<(), String> {
    if std::path::Path::new("/usr/bin/chromedriver").is_file() {
        return Ok(());
    }
    crate::apt::install(&["chromium", "chromium-driver"], true)
}

/// Adds the compilation targets and components the checks need, so a fresh machine passes.
fn install_toolchain_parts() -> Result<(), String> {
    if Command::new("rustup").arg("--version").output().is_err() {
        println!(
            "xtask: rustup not found; assuming the targets {NO_STD_TARGETS:?}, rustfmt and clippy are installed"
        );
        return Ok(());
    }
    let mut targets = Command::new("rustup");
    targets.args(["target", "add"]).args(NO_STD_TARGETS);
    step("install targets", targets)?;
    let mut components = Command::new("rustup");
    components.args(["component", "add", "rustfmt", "clippy"]);
    step("install components", components)
}
