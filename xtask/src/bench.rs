//! `cargo xtask bench`: runs the criterion benchmarks, measures peak memory of a streaming export
//! and the footprint of the crates, and writes the results into `BENCHMARKS.md` (between the
//! result markers, so the analysis around them is kept). Every figure is compared with a
//! baseline measured in the same run: a shared 2-core machine is too noisy for absolute claims.

use std::fmt::Write as _;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Instant;

use serde_json::Value;

use crate::{cargo, step};

const BEGIN: &str = "<!-- results: written by `cargo xtask bench` -->";
const END: &str = "<!-- end of results -->";
const BENCH_KEY: &str = "xtask.bench.key";

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
    let footprint = footprint(&target)?;

    let mut results = String::new();
    write_results(
        &mut results,
        page_bytes,
        decode,
        export,
        latency,
        &memory,
        &footprint,
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

/// The median of a criterion benchmark, in nanoseconds.
fn median_ns(folder: &Path) -> Result<u64, String> {
    let estimates = read_json(&folder.join("new").join("estimates.json"))?;
    estimates["median"]["point_estimate"]
        .as_f64()
        .map(|ns| ns as u64)
        .ok_or_else(|| format!("no median in {}", folder.display()))
}

fn page_bytes(folder: &Path) -> Result<u64, String> {
    let benchmark = read_json(&folder.join("new").join("benchmark.json"))?;
    benchmark["throughput"]["Bytes"]
        .as_u64()
        .ok_or_else(|| String::from("the decode benchmark has no byte throughput"))
}

fn read_json(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    serde_json::from_str(&text).map_err(|error| format!("{} is not JSON: {error}", path.display()))
}

/// Peak resident memory of `cryptocloud invoices export`, for about 10,000 and 100,000 invoices.
struct Memory {
    rows: Vec<(u64, u64)>,
}

fn peak_memory(release: &Path) -> Result<Memory, String> {
    if !Path::new("/usr/bin/time").exists() {
        return Err(String::from(
            "/usr/bin/time is needed to measure peak memory (Debian package `time`)",
        ));
    }
    let mut server = MockProcess::start(release, 100_000)?;
    let mut rows = Vec::new();
    for end in ["10.01.2026", "10.04.2026"] {
        println!("==> peak memory of an export to {end}");
        let output = Command::new("/usr/bin/time")
            .args(["-f", "peak-kib %M"])
            .arg(release.join("cryptocloud"))
            .args([
                "--api-key",
                BENCH_KEY,
                "--base-url",
                &server.url,
                "invoices",
                "export",
                "01.01.2026",
                end,
                "-f",
                "csv",
                "-o",
                "/dev/null",
            ])
            .output()
            .map_err(|error| format!("cannot run the export: {error}"))?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        if !output.status.success() {
            server.stop();
            return Err(format!("the export failed: {stderr}"));
        }
        let number_after = |marker: &str| {
            stderr.lines().find_map(|line| {
                line.split_once(marker).and_then(|(before, after)| {
                    if marker.starts_with(' ') {
                        before.trim().parse::<u64>().ok()
                    } else {
                        after.trim().parse::<u64>().ok()
                    }
                })
            })
        };
        let invoices = number_after(" invoices written")
            .ok_or_else(|| format!("no invoice count in: {stderr}"))?;
        let kib =
            number_after("peak-kib ").ok_or_else(|| format!("no peak memory in: {stderr}"))?;
        rows.push((invoices, kib));
    }
    server.stop();
    Ok(Memory { rows })
}

/// The local server binary, stopped on drop.
struct MockProcess {
    child: Child,
    url: String,
}

impl MockProcess {
    fn start(release: &Path, invoices: u32) -> Result<MockProcess, String> {
        let mut child = Command::new(release.join("cryptocloud-mock"))
            .args([
                "--port",
                "0",
                "--days",
                "100",
                "--invoices",
                &invoices.to_string(),
                "--api-key",
                BENCH_KEY,
            ])
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|error| format!("cannot start cryptocloud-mock: {error}"))?;
        let mut first = String::new();
        if let Some(stdout) = child.stdout.take() {
            let mut lines = BufReader::new(stdout);
            let _ = lines.read_line(&mut first);
            // Keep draining, so the server never writes into a closed pipe.
            std::thread::spawn(move || std::io::copy(&mut lines, &mut std::io::sink()));
        }
        let url = first
            .split_whitespace()
            .find(|word| word.starts_with("http://"))
            .map(str::to_owned);
        match url {
            Some(url) => Ok(MockProcess { child, url }),
            None => {
                let _ = child.kill();
                Err(format!(
                    "cryptocloud-mock did not say where it listens: {first:?}"
                ))
            }
        }
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for MockProcess {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Dependency counts and clean release build times.
struct Footprint {
    types_crates: usize,
    types_build_ms: u128,
    client_crates: usize,
    client_build_ms: u128,
}

fn footprint(target: &Path) -> Result<Footprint, String> {
    let types_crates = crate_count(&[
        "-p",
        "cryptocloud-types",
        "--target",
        "thumbv7em-none-eabihf",
    ])?;
    let client_crates = crate_count(&["-p", "cryptocloud-http"])?;
    let clean_build = |package: &str| -> Result<u128, String> {
        let folder = target.join(format!("xtask-footprint-{package}"));
        let _ = std::fs::remove_dir_all(&folder);
        let started = Instant::now();
        let folder_text = folder.to_string_lossy().into_owned();
        step(
            &format!("clean release build of {package}"),
            cargo(&[
                "build",
                "--release",
                "--locked",
                "-p",
                package,
                "--target-dir",
                &folder_text,
            ]),
        )?;
        let elapsed = started.elapsed().as_millis();
        let _ = std::fs::remove_dir_all(&folder);
        Ok(elapsed)
    };
    Ok(Footprint {
        types_crates,
        types_build_ms: clean_build("cryptocloud-types")?,
        client_crates,
        client_build_ms: clean_build("cryptocloud-http")?,
    })
}

/// Distinct crates in a package's normal dependency tree, the package itself not counted.
fn crate_count(selection: &[&str]) -> Result<usize, String> {
    let mut args = vec![
        "tree",
        "--locked",
        "-e",
        "normal",
        "--prefix",
        "none",
        "--no-dedupe",
    ];
    args.extend_from_slice(selection);
    let output = cargo(&args)
        .output()
        .map_err(|error| format!("cannot run cargo tree: {error}"))?;
    let text = String::from_utf8_lossy(&output.stdout);
    let mut names: Vec<&str> = text
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    names.sort_unstable();
    names.dedup();
    Ok(names.len().saturating_sub(1))
}

/// `numerator / denominator` with two decimals.
fn ratio(numerator: u64, denominator: u64) -> String {
    let hundredths = u128::from(numerator) * 100 / u128::from(denominator.max(1));
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

fn ms(ns: u64) -> String {
    format!("{}.{:03} ms", ns / 1_000_000, ns / 1_000 % 1_000)
}

/// Bytes per nanosecond × 1000 = MB/s.
fn mb_per_s(bytes: u64, ns: u64) -> u64 {
    bytes * 1_000 / ns.max(1)
}

fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "**missed**" }
}

fn write_results(
    out: &mut String,
    page_bytes: u64,
    [typed, value, floor, derived]: [u64; 4],
    [ours, hyper_floor, reqwest]: [u64; 3],
    [sequential, prefetch]: [u64; 2],
    memory: &Memory,
    footprint: &Footprint,
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
    let rustc = Command::new("rustc")
        .arg("-V")
        .output()
        .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
        .unwrap_or_default();
    let date = Command::new("date")
        .args(["-u", "+%Y-%m-%d %H:%M UTC"])
        .output()
        .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
        .unwrap_or_default();
    writeln!(
        out,
        "Run: `cargo xtask bench`, {date}, on {cpu} ({cores} cores), {rustc}, release builds, the local server on 127.0.0.1 in the same process as the client (benchmarks 1 to 3) or as its own process (4).\n"
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
        "| 2 | export 10,000 invoices, page size 100, over loopback | `Client::invoices`: {} | hand-written hyper loop, same requests and decode (the floor): {} | {}× | ≤ 1.10× | {} |",
        ms(ours),
        ms(hyper_floor),
        ratio(ours, hyper_floor),
        verdict(ours * 100 <= hyper_floor * 110)
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
        "| 3 | the same export with 20 ms of server latency | 8 pages in flight: {} | one page at a time: {} | {}× faster | ≥ 6× | {} |",
        ms(prefetch),
        ms(sequential),
        ratio(sequential, prefetch),
        verdict(sequential >= prefetch * 6)
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
