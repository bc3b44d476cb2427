//! Developer tasks, run as `cargo xtask <task>`.
//!
//! - `ci`: every check CI runs (formatting, lints, tests, the no_std and WASM builds, docs).
#![allow(clippy::print_stdout)]

use std::process::{Command, ExitCode};
use std::time::Instant;

/// Targets the transport-free crates must build for.
const NO_STD_TARGETS: [&str; 2] = ["thumbv7em-none-eabihf", "wasm32-unknown-unknown"];

fn main() -> ExitCode {
    let task = std::env::args().nth(1);
    let result = match task.as_deref() {
        Some("ci") => ci(),
        _ => {
            eprintln!(
                "usage: cargo xtask ci\n\n  ci   every check CI runs: fmt, clippy, tests, no_std/WASM builds, docs"
            );
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

fn ci() -> Result<(), String> {
    let started = Instant::now();
    install_toolchain_parts()?;
    run("format", cargo(&["fmt", "--all", "--check"]))?;
    run(
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
    run("test", tests)?;
    for target in NO_STD_TARGETS {
        run(
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
        run(
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
    let mut docs = cargo(&[
        "doc",
        "--workspace",
        "--no-deps",
        "--all-features",
        "--locked",
    ]);
    docs.env("RUSTDOCFLAGS", "-D warnings");
    run("docs", docs)?;
    println!("xtask ci: all checks passed in {:.0?}", started.elapsed());
    Ok(())
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
    run("install targets", targets)?;
    let mut components = Command::new("rustup");
    components.args(["component", "add", "rustfmt", "clippy"]);
    run("install components", components)
}

fn cargo(args: &[&str]) -> Command {
    let mut command =
        Command::new(std::env::var("CARGO").unwrap_or_else(|_| String::from("cargo")));
    command.args(args);
    command
}

fn run(step: &str, mut command: Command) -> Result<(), String> {
    println!("==> {step}");
    let started = Instant::now();
    let status = command
        .status()
        .map_err(|error| format!("{step}: could not start {command:?}: {error}"))?;
    if !status.success() {
        return Err(format!("{step} failed ({status})"));
    }
    println!("    {step}: ok in {:.1?}", started.elapsed());
    Ok(())
}
