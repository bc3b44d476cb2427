//! `cargo xtask bench`: runs the criterion benchmarks, measures peak memory of a streaming export
//! and the build cost of the crates, and writes the results into `BENCHMARKS.md` (between the
//! result markers, so the analysis around them is kept). Every figure is compared with a
//! baseline measured in the same run: a shared 2-core machine is too noisy for absolute claims.
//! Instruction counts under callgrind are not: `--instructions` records them (BENCHMARKS.md and
//! `xtask/bench-counts.json`), `--check` recomputes them and fails on a regression.

mod build_cost;
mod counts;
mod criterion;
mod instructions;
mod local_server;
mod memory;
mod report;

use std::path::Path;
use std::time::Instant;

use crate::{cargo, step};

use build_cost::build_cost;
use criterion::{median_ns, page_bytes, server_cpu};
use memory::peak_memory;
use report::{Latency, rustc_version, utc_now, valgrind_version, write_results};

const BEGIN: &str = "<!-- results: written by `cargo xtask bench` -->";
const END: &str = "<!-- end of results -->";

/// Where the instruction counts are committed.
const COUNTS_FILE: &str = "xtask/bench-counts.json";

/// `cargo xtask bench [--instructions | --check]`.
pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let root = crate::root()?;
    let target = crate::target_dir(&root);
    match args.first().map(String::as_str) {
        None => everything(&root, &target),
        Some("--instructions") => record_instructions(&root, &target),
        Some("--check") => check(&root, &target),
        Some(other) => Err(format!(
            "bench: unknown option {other:?} (expected none, --instructions or --check)"
        )),
    }
}

/// Recomputes the instruction counts and fails if one grew by more than the tolerance.
pub(crate) fn check(root: &Path, target: &Path) -> Result<(), String> {
    let started = Instant::now();
    let counts = instructions::count_all(target)?;
    counts::check(&root.join(COUNTS_FILE), &counts, &versions())?;
    println!("xtask bench --check: done in {:.0?}", started.elapsed());
    Ok(())
}

/// Counts instructions and writes them to the counts file and BENCHMARKS.md.
fn record_instructions(root: &Path, target: &Path) -> Result<(), String> {
    let counts = instructions::count_all(target)?;
    let versions = versions();
    counts::record(&root.join(COUNTS_FILE), &counts, &versions)?;
    counts::write_section(&root.join("BENCHMARKS.md"), &counts, &versions, &utc_now())?;
    println!("xtask bench: instruction counts written to {COUNTS_FILE} and BENCHMARKS.md");
    Ok(())
}

fn versions() -> counts::Versions {
    counts::Versions {
        rustc: rustc_version(),
        valgrind: valgrind_version(),
    }
}

/// Every figure: the criterion benchmarks, memory, build cost, then the instruction counts.
fn everything(root: &Path, target: &Path) -> Result<(), String> {
    let started = Instant::now();

    step(
        "criterion benchmarks (decode, export)",
        cargo(&[
            "bench",
            "--locked",
            "-p",
            "cryptocloud-e2e",
            "--bench",
            "decode",
            "--bench",
            "export",
        ]),
    )?;
    let criterion = target.join("criterion");
    let ns = |group: &str, name: &str| median_ns(&criterion.join(group).join(name));
    let page_bytes = page_bytes(&criterion.join("decode_list_page").join("typed"))?;
    let decode = [
        ns("decode_list_page", "typed")?,
        ns("decode_list_page", "serde_json_value")?,
        ns("decode_list_page", "ignored_any_floor")?,
        ns("decode_list_page", "derived_envelope")?,
    ];
    let export = [
        ns("export_10000", "cryptocloud_http")?,
        ns("export_10000", "hyper_floor")?,
        ns("export_10000", "reqwest_serde")?,
    ];
    let latency = Latency {
        sequential: ns("export_10000_latency_20ms", "sequential")?,
        prefetch: ns("export_10000_latency_20ms", "prefetch_8")?,
        server_cpu: server_cpu(&criterion.join("export_10000_latency_20ms")),
    };

    step(
        "release build of the tool and the local server",
        cargo(&[
            "build",
            "--release",
            "--locked",
            "-p",
            "cryptocloud-cli",
            "-p",
            "cryptocloud-mock",
        ]),
    )?;
    let memory = peak_memory(&target.join("release"))?;
    let build_cost = build_cost(target)?;

    let mut results = String::new();
    write_results(
        &mut results,
        page_bytes,
        decode,
        export,
        &latency,
        &memory,
        &build_cost,
    )
    .map_err(|error| error.to_string())?;
    write_between(&root.join("BENCHMARKS.md"), BEGIN, END, &results)?;
    record_instructions(root, target)?;
    println!(
        "xtask bench: BENCHMARKS.md written in {:.0?}",
        started.elapsed()
    );
    Ok(())
}

/// Replaces what `path` holds between the `begin` and `end` markers (kept) with `text`.
pub(super) fn write_between(path: &Path, begin: &str, end: &str, text: &str) -> Result<(), String> {
    let current = std::fs::read_to_string(path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    let (before, rest) = current
        .split_once(begin)
        .ok_or_else(|| format!("{} lost its marker {begin}", path.display()))?;
    let (_, after) = rest
        .split_once(end)
        .ok_or_else(|| format!("{} lost its marker {end}", path.display()))?;
    std::fs::write(path, format!("{before}{begin}\n{text}{end}{after}"))
        .map_err(|error| format!("cannot write {}: {error}", path.display()))
}
