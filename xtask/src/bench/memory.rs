//! Peak memory of a streaming export: the tool against the local server as its own process.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

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
