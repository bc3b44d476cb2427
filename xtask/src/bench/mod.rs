//! `cargo xtask bench`: runs the criterion benchmarks, measures peak memory of a streaming export
//! and the build cost of the crates, and writes the results into `BENCHMARKS.md` (between the
//! result markers, so the analysis around them is kept). Every figure is compared with a
//! baseline measured in the same run: a shared 2-core machine is too noisy for absolute claims.

mod build_cost;
mod criterion;
mod memory;
mod report;

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::{cargo, step};

use build_cost::build_cost;
use criterion::{median_ns, page_bytes};
use memory::peak_memory;
use report::write_results;

const BEGIN: &str = "<!-- results: written by `cargo xtask bench` -->";
const END: &str = "<!-- end of results -->";

pub(crate) fn run() -> Result<(), String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .ok_or("xtask has no parent folder")?
        .to_path_buf();
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
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
    let latency = [
        ns("export_10000_latency_20ms", "sequential")?,
        ns("export_10000_latency_20ms", "prefetch_8")?,
    ];

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
    let build_cost = build_cost(&target)?;

    let mut results = String::new();
    write_results(
        &mut results,
        page_bytes,
        decode,
        export,
        latency,
        &memory,
        &build_cost,
    )
    .map_err(|error| error.to_string())?;
    let path = root.join("BENCHMARKS.md");
    let current = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| format!("# Benchmarks\n\n{BEGIN}\n{END}\n"));
    let (before, rest) = current
        .split_once(BEGIN)
        .ok_or("BENCHMARKS.md lost its results marker")?;
    let (_, after) = rest
        .split_once(END)
        .ok_or("BENCHMARKS.md lost its end marker")?;
    std::fs::write(&path, format!("{before}{BEGIN}\n{results}{END}{after}"))
        .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
    println!(
        "xtask bench: BENCHMARKS.md written in {:.0?}",
        started.elapsed()
    );
    Ok(())
}
