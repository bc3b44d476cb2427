//! The results as Markdown, each figure beside its same-run baseline.

use std::fmt::Write as _;
use std::process::Command;

use super::build_cost::BuildCost;
use super::memory::Memory;
/// `numerator / denominator` with two decimals, rounded to the nearest (cut, a ratio of 1.989
/// would show as 1.98 and pass a target of 1.98 it misses).
pub(super) fn ratio(numerator: u64, denominator: u64) -> String {
    let denominator = u128::from(denominator.max(1));
    let hundredths = (u128::from(numerator) * 100 + denominator / 2) / denominator;
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

fn ms(ns: u64) -> String {
    format!("{}.{:03} ms", ns / 1_000_000, ns / 1_000 % 1_000)
}

/// Bytes per nanosecond × 1000 = MB/s.
fn mb_per_s(bytes: u64, ns: u64) -> u64 {
    bytes * 1_000 / ns.max(1)
}

pub(super) fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "**missed**" }
}

/// Benchmark 3: the export with latency, one page at a time and 8 in flight (ns), and the
/// server's CPU per page (µs: building each page, pages prepared), when the benchmark left it.
pub(super) struct Latency {
    pub(super) sequential: u64,
    pub(super) prefetch: u64,
    pub(super) server_cpu: Option<(u64, u64)>,
}

pub(super) fn write_results(
    out: &mut String,
    page_bytes: u64,
    [typed, value, floor, derived]: [u64; 4],
    [ours, hyper_floor, reqwest]: [u64; 3],
    latency: &Latency,
    memory: &Memory,
    footprint: &BuildCost,
) -> std::fmt::Result {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines().find_map(|line| {
                line.strip_prefix("model name")
                    .map(|rest| rest.trim_start_matches([' ', '\t', ':']).to_owned())
            })
        })
        .unwrap_or_else(|| String::from("unknown CPU"));
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let rustc = rustc_version();
    let date = utc_now();
    writeln!(
        out,
        "Run: `cargo xtask bench`, {date}, on {cpu} ({cores} cores), {rustc}, release builds, the local server on 127.0.0.1 as a process of its own (benchmarks 2 to 4; for 2 and 3 its pages are prepared before timing, so the client is what is timed).\n"
    )?;
    writeln!(
        out,
        "| # | what | ours | baseline (same run) | ratio | target | |"
    )?;
    writeln!(out, "|---|---|---|---|---|---|---|")?;
    writeln!(
        out,
        "| 1 | decode a 100-invoice list page ({page_bytes} bytes) | typed: {} ({} MB/s) | `serde_json::Value`: {} ({} MB/s) | {}× | ≤ 1.00× | {} |",
        ms(typed),
        mb_per_s(page_bytes, typed),
        ms(value),
        mb_per_s(page_bytes, value),
        ratio(typed, value),
        verdict(typed <= value)
    )?;
    writeln!(
        out,
        "| 1 | | typed | `IgnoredAny` (validation only, the floor): {} ({} MB/s) | {}× | ≤ 2.00× | {} |",
        ms(floor),
        mb_per_s(page_bytes, floor),
        ratio(typed, floor),
        verdict(typed <= floor * 2)
    )?;
    writeln!(
        out,
        "| 1 | | typed | a derived `{{status, result: Vec<Invoice>}}` envelope, as a reqwest + serde user writes: {} | {}× | (reported) | |",
        ms(derived),
        ratio(typed, derived)
    )?;
    writeln!(
        out,
        "| 2 | export 10,000 invoices, page size 100, over loopback | `Client::invoices`: {} | hand-written hyper loop, same requests and decode (the floor): {} | {}× | ≤ 1.05× | {} |",
        ms(ours),
        ms(hyper_floor),
        ratio(ours, hyper_floor),
        verdict(ours * 100 <= hyper_floor * 105)
    )?;
    writeln!(
        out,
        "| 2 | | | reqwest + serde (what a user would write): {} | {}× | ≤ 1.00× | {} |",
        ms(reqwest),
        ratio(ours, reqwest),
        verdict(ours <= reqwest)
    )?;
    writeln!(
        out,
        "| 3 | the same export with 20 ms of server latency (the server's pages prepared{}) | 8 pages in flight: {} | one page at a time: {} | {}× faster | ≥ 7× | {} |",
        latency
            .server_cpu
            .map_or_else(String::new, |(built, prepared)| format!(
                ": {prepared} µs of CPU per page, against {built} µs building each"
            )),
        ms(latency.prefetch),
        ms(latency.sequential),
        ratio(latency.sequential, latency.prefetch),
        verdict(latency.sequential >= latency.prefetch * 7)
    )?;
    if let [(small_count, small_kib), (large_count, large_kib)] = memory.rows[..] {
        let under_limit = large_kib < 32 * 1024 && small_kib < 32 * 1024;
        let flat = large_kib * 100 <= small_kib * 125;
        writeln!(
            out,
            "| 4 | peak resident memory of `cryptocloud invoices export -f csv` | {large_count} invoices: {} MiB | {small_count} invoices: {} MiB | {}× | < 32 MiB, no growth | {} |",
            MiB(large_kib),
            MiB(small_kib),
            ratio(large_kib, small_kib),
            verdict(under_limit && flat)
        )?;
    }
    writeln!(
        out,
        "| 5 | footprint: crates in the normal dependency tree, clean release build | `cryptocloud-types` (thumbv7em): {} crates, {} s | `cryptocloud-http`: {} crates, {} s | | reported | |",
        footprint.types_crates,
        Seconds(footprint.types_build_ms),
        footprint.client_crates,
        Seconds(footprint.client_build_ms)
    )?;
    writeln!(out)
}

/// `rustc -V`.
pub(super) fn rustc_version() -> String {
    first_line_of(Command::new("rustc").arg("-V"))
}

/// `valgrind --version`.
pub(super) fn valgrind_version() -> String {
    first_line_of(Command::new("valgrind").arg("--version"))
}

/// The time now, to the minute, UTC.
pub(super) fn utc_now() -> String {
    first_line_of(Command::new("date").args(["-u", "+%Y-%m-%d %H:%M UTC"]))
}

fn first_line_of(command: &mut Command) -> String {
    command
        .output()
        .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
        .unwrap_or_default()
}

/// KiB shown as MiB with one decimal.
struct MiB(u64);

impl std::fmt::Display for MiB {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.0 / 1024, self.0 % 1024 * 10 / 1024)
    }
}

/// Milliseconds shown as seconds with one decimal.
struct Seconds(u128);

impl std::fmt::Display for Seconds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.0 / 1000, self.0 % 1000 / 100)
    }
}

#[cfg(test)]
mod tests {
    use super::ratio;

    #[test]
    fn ratios_are_rounded_to_the_nearest_hundredth() {
        assert_eq!(ratio(3_547_637, 1_783_846), "1.99");
        assert_eq!(ratio(200, 100), "2.00");
        assert_eq!(ratio(2_004, 1_000), "2.00");
        assert_eq!(ratio(2_005, 1_000), "2.01");
        assert_eq!(ratio(1, 0), "1.00");
    }
}
