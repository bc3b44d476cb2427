//! Reading criterion's results: medians and throughput from its JSON files.

use std::path::Path;

use serde_json::Value;

/// The median of a criterion benchmark, in nanoseconds.
pub(super) fn median_ns(folder: &Path) -> Result<u64, String> {
    let estimates = read_json(&folder.join("new").join("estimates.json"))?;
    estimates["median"]["point_estimate"]
        .as_f64()
        .map(|ns| ns as u64)
        .ok_or_else(|| format!("no median in {}", folder.display()))
}

pub(super) fn page_bytes(folder: &Path) -> Result<u64, String> {
    let benchmark = read_json(&folder.join("new").join("benchmark.json"))?;
    benchmark["throughput"]["Bytes"]
        .as_u64()
        .ok_or_else(|| String::from("the decode benchmark has no byte throughput"))
}

/// The latency benchmark's server CPU per page, in µs (building each page, pages prepared), if
/// `benches/export.rs` left it.
pub(super) fn server_cpu(folder: &Path) -> Option<(u64, u64)> {
    let figures = read_json(&folder.join("server-cpu.json")).ok()?;
    Some((
        figures["built_us_per_page"].as_u64()?,
        figures["prepared_us_per_page"].as_u64()?,
    ))
}

fn read_json(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    serde_json::from_str(&text).map_err(|error| format!("{} is not JSON: {error}", path.display()))
}
