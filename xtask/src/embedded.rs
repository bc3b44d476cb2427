//! `cargo xtask embedded`: builds the firmware (`crates/cryptocloud-firmware`) for a Cortex-M4F,
//! runs it under QEMU's `mps2-an386` with a time limit, and checks what it reports. Installs
//! `qemu-system-arm` (apt-get) and the Rust target (rustup) when they are missing.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use crate::{cargo, step};

const TARGET: &str = "thumbv7em-none-eabihf";
const MANIFEST: &str = "crates/cryptocloud-firmware/Cargo.toml";
/// The firmware's folder in the target folder (shared with `cargo xtask ci`'s lint of it).
pub(crate) const TARGET_FOLDER: &str = "firmware";
/// sha2's documented switch to its rolled-up SHA-256 rounds: 1.3 KiB of code instead of 7 KiB,
/// for a few microseconds more per postback. The README tells device builds to set it too.
pub(crate) const COMPACT_SHA2: &str = "--cfg sha2_backend_soft=\"compact\"";
/// A run takes a fraction of a second; a firmware that hangs is stopped here.
const TIME_LIMIT: Duration = Duration::from_secs(60);

/// What the full firmware must report, check by check: the start of what follows `ok <check>: `.
/// Written from `fixtures/README.md`, not from the SDK's own output.
pub(crate) const EXPECTED: [(&str, &str); 11] = [
    (
        "statistics-request",
        r#"{"start":"01.09.2026","end":"30.09.2026"}"#,
    ),
    (
        "statistics-answer",
        "59 invoices, 4683.83 USD in all (= the sum per status), 16 paid",
    ),
    (
        "list-page",
        "7 invoices of 57, first INV-5TQ8ZP1R, 226.49 USD in all",
    ),
    (
        "postback-genuine",
        "verified INV-89UX09KA (token expires at 1790000300); unverified claims: 103.3 USDT_TRC20",
    ),
    ("postback-forged-signature", "refused, BadSignature: "),
    ("postback-forged-alg-none", "refused, UnsignedToken: "),
    ("postback-expired", "refused, Expired: "),
    ("postback-genuine-an-hour-late", "refused, Expired: "),
    // The call core with a fake clock: the retry and pacing decisions a modem driver follows.
    ("call-read-retried", "attempt 2 after waiting "),
    (
        "call-create-sent-once",
        "1 attempt, may have been sent: look before creating again",
    ),
    (
        "call-withdrawal-paced",
        "sent at 13000 ms, 12000 ms after the previous one ended",
    ),
];

pub(crate) fn run() -> Result<(), String> {
    let started = Instant::now();
    let root = crate::root()?;
    prepare()?;
    let firmware = build(&root, Build::Full)?;
    let report = run_firmware(&firmware)?;
    print!("{report}");
    check_report(&report, &EXPECTED)?;
    println!(
        "xtask embedded: all {} checks passed under QEMU in {:.0?}",
        EXPECTED.len(),
        started.elapsed()
    );
    Ok(())
}

/// The firmware builds the footprint compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Build {
    /// Every check, the call core's included (what QEMU and Node run).
    Full,
    /// The decoding and postback checks: the footprint's "everything" (the types' models and
    /// postbacks, without the call core's checks).
    Everything,
    /// Only the postback checks.
    PostbackOnly,
    /// No check: the allocator, semihosting and formatting alone (the baseline).
    Empty,
}

impl Build {
    /// The cargo arguments that select this build's features (the same in both crates).
    pub(crate) fn feature_args(self) -> &'static [&'static str] {
        match self {
            Build::Full => &[],
            Build::Everything => &["--no-default-features", "--features", "decode,postback"],
            Build::PostbackOnly => &["--no-default-features", "--features", "postback"],
            Build::Empty => &["--no-default-features"],
        }
    }
}

/// Builds the firmware in release mode; the path of its ELF file.
pub(crate) fn build(root: &Path, build: Build) -> Result<PathBuf, String> {
    let target_dir = crate::target_dir(root).join(TARGET_FOLDER);
    let mut command = cargo(&["build", "--release", "--locked", "--target", TARGET]);
    command
        .arg("--manifest-path")
        .arg(root.join(MANIFEST))
        .arg("--target-dir")
        .arg(&target_dir)
        .args(build.feature_args())
        .env("CARGO_TARGET_THUMBV7EM_NONE_EABIHF_RUSTFLAGS", COMPACT_SHA2);
    step(&format!("build the firmware ({build:?})"), command)?;
    Ok(target_dir.join(TARGET).join("release/cryptocloud-firmware"))
}

/// Runs `firmware` under QEMU; what it printed, if it exited with success within the time limit.
pub(crate) fn run_firmware(firmware: &Path) -> Result<String, String> {
    println!("==> run {} under qemu-system-arm", firmware.display());
    let mut qemu = Command::new("qemu-system-arm");
    qemu.args(["-machine", "mps2-an386", "-cpu", "cortex-m4", "-nographic"])
        .args(["-monitor", "none", "-serial", "none"])
        .args(["-semihosting-config", "enable=on,target=native"])
        .arg("-kernel")
        .arg(firmware);
    output_within(qemu, TIME_LIMIT)
}

/// Runs `command` and returns its standard output, if it exits with success within `limit`;
/// stops it and fails otherwise.
pub(crate) fn output_within(mut command: Command, limit: Duration) -> Result<String, String> {
    let program = command.get_program().to_string_lossy().into_owned();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|error| format!("cannot start {program}: {error}"))?;
    let mut stdout = child.stdout.take().ok_or("the output is not piped")?;
    let reader = thread::spawn(move || {
        let mut text = String::new();
        stdout.read_to_string(&mut text).map(|_| text)
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|error| error.to_string())? {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("{program} did not exit within {limit:?}: stopped"));
        }
        thread::sleep(Duration::from_millis(20));
    };
    let output = reader
        .join()
        .map_err(|_| format!("the thread reading {program}'s output panicked"))?
        .map_err(|error| format!("cannot read {program}'s output: {error}"))?;
    println!("    {program} ran in {:.1?}", started.elapsed());
    if !status.success() {
        return Err(format!(
            "{program} exited with {status}; it printed:\n{output}"
        ));
    }
    Ok(output)
}

/// Fails unless the report has every expected `ok` line, no `FAIL` line, and a `done` line that
/// counts exactly the expected checks.
pub(crate) fn check_report(report: &str, expected: &[(&str, &str)]) -> Result<(), String> {
    let mut wrong = Vec::new();
    for line in report.lines().filter(|line| line.starts_with("FAIL")) {
        wrong.push(format!("the firmware says: {line}"));
    }
    for (check, start) in expected {
        let prefix = format!("ok {check}: ");
        match report.lines().find_map(|line| line.strip_prefix(&prefix)) {
            Some(seen) if seen.starts_with(start) => {}
            Some(seen) => wrong.push(format!("{check}: expected `{start}…`, saw `{seen}`")),
            None => wrong.push(format!("{check}: no `ok` line")),
        }
    }
    let done = format!("done: {} checks passed, 0 failed", expected.len());
    if !report.lines().any(|line| line == done) {
        wrong.push(format!("no `{done}` line"));
    }
    if wrong.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "the firmware's report is wrong:\n  {}",
            wrong.join("\n  ")
        ))
    }
}

/// Installs what building and running the firmware needs, if it is missing.
pub(crate) fn prepare() -> Result<(), String> {
    ensure_rust_target(TARGET)?;
    ensure_qemu()
}

/// Adds `target` with rustup unless the toolchain already has it.
pub(crate) fn ensure_rust_target(target: &str) -> Result<(), String> {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output();
    match installed {
        Ok(output) if output.status.success() => {
            if String::from_utf8_lossy(&output.stdout)
                .lines()
                .any(|line| line.trim() == target)
            {
                return Ok(());
            }
            let mut add = Command::new("rustup");
            add.args(["target", "add", target]);
            step(&format!("rustup target add {target}"), add)
        }
        // Without rustup the toolchain is what it is; the build says if the target is missing.
        _ => Ok(()),
    }
}

/// Installs Debian's `qemu-system-arm` unless it is on the PATH.
fn ensure_qemu() -> Result<(), String> {
    let found = Command::new("qemu-system-arm")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    if found {
        return Ok(());
    }
    crate::apt::install(&["qemu-system-arm"], false)
}

#[cfg(test)]
mod tests {
    use super::check_report;

    const EXPECTED: [(&str, &str); 2] = [("a", "seen 1"), ("b", "refused, X: ")];

    #[test]
    fn a_complete_report_passes() {
        let report =
            "ok a: seen 1 and more\nok b: refused, X: why\ndone: 2 checks passed, 0 failed\n";
        assert_eq!(check_report(report, &EXPECTED), Ok(()));
    }

    #[test]
    fn wrong_missing_or_failed_checks_fail() {
        for report in [
            "ok a: seen 2\nok b: refused, X: why\ndone: 2 checks passed, 0 failed\n",
            "ok b: refused, X: why\ndone: 2 checks passed, 0 failed\n",
            "ok a: seen 1\nok b: refused, Y: why\ndone: 2 checks passed, 0 failed\n",
            "ok a: seen 1\nok b: refused, X: why\nFAIL c: broke\ndone: 2 checks passed, 0 failed\n",
            "ok a: seen 1\nok b: refused, X: why\ndone: 2 checks passed, 1 failed\n",
        ] {
            assert!(check_report(report, &EXPECTED).is_err(), "{report}");
        }
    }
}
