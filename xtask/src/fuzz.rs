//! `cargo xtask fuzz --seconds N`: runs every cargo-fuzz target in `fuzz/` for N seconds each,
//! seeding the corpora from `fixtures/`, and fails if any target finds a crash (left in
//! `fuzz/artifacts/<target>/`: turn each into a regression fixture).

use std::path::Path;

use crate::{cargo, step};

const TARGETS: [&str; 3] = ["decode", "postback", "parsers"];

/// Operations in the order of the `decode` target's selector.
const OPERATIONS: [&str; 8] = [
    "create",
    "cancel",
    "info",
    "list",
    "statistics",
    "balance",
    "static_wallet",
    "withdrawal",
];

pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let seconds = match args {
        [] => 60,
        [flag, value] if flag == "--seconds" => value
            .parse::<u64>()
            .map_err(|_| format!("--seconds takes a whole number, not `{value}`"))?,
        _ => return Err(String::from("usage: cargo xtask fuzz [--seconds N]")),
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .ok_or("xtask has no parent folder")?;
    if cargo(&["fuzz", "--version"])
        .output()
        .map_or(true, |output| !output.status.success())
    {
        step(
            "install cargo-fuzz",
            cargo(&["install", "cargo-fuzz", "--locked"]),
        )?;
    }
    seed(root).map_err(|error| format!("cannot seed the corpora: {error}"))?;
    for target in TARGETS {
        let mut fuzz = cargo(&[
            "fuzz",
            "run",
            "--sanitizer",
            "none",
            target,
            "--",
            &format!("-max_total_time={seconds}"),
        ]);
        // This machine has one stable toolchain; cargo-fuzz's instrumentation flags are
        // nightly-only, and RUSTC_BOOTSTRAP lets the stable compiler accept them for this build.
        fuzz.current_dir(root).env("RUSTC_BOOTSTRAP", "1");
        step(&format!("fuzz {target} for {seconds} s"), fuzz)?;
    }
    Ok(())
}

/// Starting inputs: every fixture body, in the form each target reads.
fn seed(root: &Path) -> std::io::Result<()> {
    let fixtures = root.join("fixtures");
    let corpus = root.join("fuzz").join("corpus");
    let decode = corpus.join("decode");
    std::fs::create_dir_all(&decode)?;
    for (selector, operation) in OPERATIONS.iter().enumerate() {
        for folder in [*operation, "errors"] {
            let Ok(entries) = std::fs::read_dir(fixtures.join(folder)) else {
                continue;
            };
            for entry in entries.flatten() {
                let mut input = vec![selector as u8];
                input.extend(std::fs::read(entry.path())?);
                let name = format!("{operation}-{}", entry.file_name().to_string_lossy());
                std::fs::write(decode.join(name), input)?;
            }
        }
    }
    let postback = corpus.join("postback");
    std::fs::create_dir_all(&postback)?;
    for entry in std::fs::read_dir(fixtures.join("postbacks"))?.flatten() {
        if entry
            .path()
            .extension()
            .is_some_and(|extension| extension == "json" || extension == "form")
        {
            std::fs::copy(entry.path(), postback.join(entry.file_name()))?;
        }
    }
    let parsers = corpus.join("parsers");
    std::fs::create_dir_all(&parsers)?;
    let samples = [
        "31.01.2026",
        "2026-01-31",
        "INV-89UX09KA",
        "1K0NFXT9E1X3VOY07VY1LRV8XGMLQNQX",
        "4.500000159168849e-06",
        "\"12.50\"",
        "2024-08-22 11:51:53.753528",
        "0",
    ];
    for (index, sample) in samples.iter().enumerate() {
        std::fs::write(parsers.join(format!("sample-{index}")), sample)?;
    }
    Ok(())
}
