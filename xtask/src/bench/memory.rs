//! Peak memory of a streaming export: the tool against the local server as its own process.

use std::path::Path;
use std::process::Command;

use super::local_server::LocalServer;

const BENCH_KEY: &str = "xtask.bench.key";
/// Peak resident memory of `cryptocloud invoices export`, for about 10,000 and 100,000 invoices.
pub(super) struct Memory {
    pub(super) rows: Vec<(u64, u64)>,
}

pub(super) fn peak_memory(release: &Path) -> Result<Memory, String> {
    if !Path::new("/usr/bin/time").exists() {
        return Err(String::from(
            "/usr/bin/time is needed to measure peak memory (Debian package `time`)",
        ));
    }
    let mut mock = Command::new(release.join("cryptocloud-mock"));
    mock.args([
        "--port",
        "0",
        "--days",
        "100",
        "--invoices",
        "100000",
        "--api-key",
        BENCH_KEY,
    ]);
    let server = LocalServer::start(mock)?;
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
                "--allow-http",
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
    drop(server);
    Ok(Memory { rows })
}
