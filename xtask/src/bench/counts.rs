//! The committed instruction counts (`xtask/bench-counts.json`): written by
//! `cargo xtask bench --instructions`, compared by `cargo xtask bench --check`, shown in
//! BENCHMARKS.md.

use std::fmt::Write as _;
use std::path::Path;

use serde_json::{Map, Value, json};

use super::instructions::{Count, WORKLOADS};
use super::report::{ratio, verdict};

/// A count may grow by this many percent before `--check` fails.
const TOLERANCE_PERCENT: u64 = 3;

const BEGIN: &str = "<!-- instructions: written by `cargo xtask bench --instructions` -->";
const END: &str = "<!-- end of instructions -->";

/// Writes the counts file.
pub(super) fn record(path: &Path, counts: &[Count], versions: &Versions) -> Result<(), String> {
    let workloads: Map<String, Value> = counts
        .iter()
        .map(|count| (count.name.to_owned(), json!(count.instructions)))
        .collect();
    let file = json!({
        "about": "Instructions counted under callgrind by `cargo xtask bench --instructions`; `cargo xtask bench --check` fails when one grows by more than 3 %.",
        "rustc": versions.rustc,
        "valgrind": versions.valgrind,
        "instructions": workloads,
    });
    let text = serde_json::to_string_pretty(&file).map_err(|error| error.to_string())?;
    std::fs::write(path, format!("{text}\n"))
        .map_err(|error| format!("cannot write {}: {error}", path.display()))
}

/// Compares fresh counts with the committed ones; fails on any growth over the tolerance.
pub(super) fn check(path: &Path, counts: &[Count], versions: &Versions) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|error| {
        format!(
            "cannot read the committed counts {}: {error} (record them with `cargo xtask bench --instructions`)",
            path.display()
        )
    })?;
    let file: Value = serde_json::from_str(&text)
        .map_err(|error| format!("{} is not JSON: {error}", path.display()))?;
    for (what, committed, now) in [
        ("rustc", &file["rustc"], &versions.rustc),
        ("valgrind", &file["valgrind"], &versions.valgrind),
    ] {
        if committed.as_str() != Some(now.as_str()) {
            println!(
                "note: the counts were recorded with {what} {committed}, this run has {now}: a change of compiler or valgrind moves counts too"
            );
        }
    }
    let mut regressions = Vec::new();
    println!("| workload | committed | now | change |");
    println!("|---|---|---|---|");
    for count in counts {
        // A workload added since the counts were recorded cannot have regressed.
        let Some(committed) = file["instructions"][count.name].as_u64() else {
            println!(
                "| {} | (none: new, record it with `cargo xtask bench --instructions`) | {} | |",
                count.name, count.instructions
            );
            continue;
        };
        let now = count.instructions;
        println!(
            "| {} | {committed} | {now} | {} |",
            count.name,
            change(committed, now)
        );
        if u128::from(now) * 100 > u128::from(committed) * u128::from(100 + TOLERANCE_PERCENT) {
            regressions.push(format!(
                "{}: {committed} → {now} ({})",
                count.name,
                change(committed, now)
            ));
        }
    }
    if regressions.is_empty() {
        println!("xtask bench --check: no count grew by more than {TOLERANCE_PERCENT} %");
        Ok(())
    } else {
        Err(format!(
            "instruction counts grew by more than {TOLERANCE_PERCENT} %: {} (if intended, record them with `cargo xtask bench --instructions`)",
            regressions.join("; ")
        ))
    }
}

/// `now` against `committed`, as a signed percentage with two decimals.
fn change(committed: u64, now: u64) -> String {
    let hundredths =
        (i128::from(now) - i128::from(committed)) * 10_000 / i128::from(committed.max(1));
    let sign = if hundredths < 0 { "-" } else { "+" };
    format!(
        "{sign}{}.{:02} %",
        hundredths.abs() / 100,
        hundredths.abs() % 100
    )
}

/// The toolchain the counts depend on.
pub(super) struct Versions {
    pub(super) rustc: String,
    pub(super) valgrind: String,
}

/// Rewrites the instruction section of BENCHMARKS.md (between its markers).
pub(super) fn write_section(
    benchmarks: &Path,
    counts: &[Count],
    versions: &Versions,
    date: &str,
) -> Result<(), String> {
    let get = |name: &str| {
        counts
            .iter()
            .find(|count| count.name == name)
            .map(|count| count.instructions)
            .ok_or_else(|| format!("no count for {name}"))
    };
    let (typed, floor) = (get("decode-typed")?, get("decode-floor")?);
    let (verify, postback_floor) = (get("postback-verify")?, get("postback-floor")?);
    let (export, hyper_floor, reqwest) = (
        get("export")?,
        get("export-hyper-floor")?,
        get("export-reqwest")?,
    );
    let mut out = String::new();
    let mut write = || -> std::fmt::Result {
        writeln!(
            out,
            "Run: `cargo xtask bench --instructions`, {date}, {}, {}, bench profile (release). Instructions (callgrind's `Ir`) of one call after a warm-up call, each workload in a valgrind process of its own, run three times: the lowest count is kept. `cargo xtask bench --check` recomputes them and fails when one grows by more than {TOLERANCE_PERCENT} % over `xtask/bench-counts.json`.\n",
            versions.rustc, versions.valgrind
        )?;
        writeln!(
            out,
            "| what | ours | baseline (same binary) | ratio | target | |"
        )?;
        writeln!(out, "|---|---|---|---|---|---|")?;
        writeln!(
            out,
            "| decode a 100-invoice list page | typed: {typed} | `IgnoredAny` (the floor): {floor} | {}× | ≤ 2.00× | {} |",
            ratio(typed, floor),
            verdict(typed <= floor * 2)
        )?;
        writeln!(
            out,
            "| verify a genuine postback (JSON fixture, {} bytes) | parse + verify: {verify} | `IgnoredAny` over the same bytes: {postback_floor} | {}× | (reported) | |",
            input_bytes(counts, "postback-verify"),
            ratio(verify, postback_floor)
        )?;
        writeln!(
            out,
            "| export 1,000 invoices from the local server (its own process, not counted) | `Client::invoices`: {export} ({} per invoice) | hand-written hyper loop, same requests and decode: {hyper_floor} | {}× | ≤ 1.05× | {} |",
            export / 1_000,
            ratio(export, hyper_floor),
            verdict(export * 100 <= hyper_floor * 105)
        )?;
        writeln!(
            out,
            "| | | reqwest + serde (what a user would write), same requests: {reqwest} | {}× | ≤ 1.00× | {} |\n",
            ratio(export, reqwest),
            verdict(export <= reqwest)
        )?;
        writeln!(
            out,
            "What each count covers, and its spread over the three runs:\n"
        )?;
        for (name, what) in WORKLOADS {
            let Some(count) = counts.iter().find(|count| count.name == name) else {
                continue;
            };
            let input = count
                .input
                .as_deref()
                .map(|input| format!(" Input: {input}."))
                .unwrap_or_default();
            let spread = if count.highest == count.instructions {
                String::from("the same count in every run")
            } else {
                format!(
                    "{} to {} ({})",
                    count.instructions,
                    count.highest,
                    change(count.instructions, count.highest)
                )
            };
            writeln!(out, "- `{name}`: {what}.{input} Runs: {spread}.")?;
        }
        writeln!(out)
    };
    write().map_err(|error| error.to_string())?;
    super::write_between(benchmarks, BEGIN, END, &out)
}

/// The byte count of a workload's input line (`N bytes, fnv1a …`).
fn input_bytes(counts: &[Count], name: &str) -> String {
    counts
        .iter()
        .find(|count| count.name == name)
        .and_then(|count| count.input.as_deref())
        .and_then(|input| input.split_whitespace().next())
        .unwrap_or("?")
        .to_owned()
}
