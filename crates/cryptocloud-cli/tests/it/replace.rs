//! `invoices export -o` replaces its file in one step: through a symbolic link too, keeping the
//! file's mode, and leaving no temporary file behind when stopped by Ctrl-C or SIGTERM.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use cryptocloud_mock::{Faults, MockConfig, MockServer};

use crate::{binary, finish, run, server, stderr, with_environment};

const OLD: &str = "yesterday's export\n";

/// An empty folder of this test's own.
fn folder(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn export_to<'a>(path: &'a Path, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["invoices", "export", "01.01.2026", "31.01.2026"];
    args.extend(["-o", path.to_str().unwrap()]);
    args.extend(extra);
    args
}

#[tokio::test(flavor = "multi_thread")]
async fn an_export_through_a_link_replaces_its_target_in_one_step() {
    let server = server().await;
    let dir = folder("replace-link");
    let target = dir.join("real.csv");
    std::fs::write(&target, OLD).unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.join("link.csv");
    // A relative link: resolved from the link's folder, not the working directory.
    std::os::unix::fs::symlink("real.csv", &link).unwrap();

    // Nothing listens on port 1: the export fails before any invoice.
    let unreachable = ["--base-url", "http://127.0.0.1:1"];
    let failed = run(&server, &export_to(&link, &unreachable), b"").await;
    assert_eq!(failed.status.code(), Some(1), "{}", stderr(&failed));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), OLD);
    assert_eq!(entries(&dir), ["link.csv", "real.csv"]);

    let done = run(&server, &export_to(&link, &[]), b"").await;
    assert_eq!(done.status.code(), Some(0), "{}", stderr(&done));
    let link_type = std::fs::symlink_metadata(&link).unwrap().file_type();
    assert!(link_type.is_symlink(), "the link stays a link");
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(written.starts_with("invoice,"), "{written}");
    assert_eq!(mode(&target), 0o640, "the target keeps its mode");
    assert_eq!(entries(&dir), ["link.csv", "real.csv"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_replaced_file_keeps_its_mode_and_a_new_one_is_private() {
    let server = server().await;
    let dir = folder("replace-mode");
    let shared = dir.join("shared.csv");
    std::fs::write(&shared, OLD).unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o644)).unwrap();
    let done = run(&server, &export_to(&shared, &[]), b"").await;
    assert_eq!(done.status.code(), Some(0), "{}", stderr(&done));
    assert_ne!(std::fs::read_to_string(&shared).unwrap(), OLD);
    assert_eq!(mode(&shared), 0o644);

    let new = dir.join("new.csv");
    let done = run(&server, &export_to(&new, &[]), b"").await;
    assert_eq!(done.status.code(), Some(0), "{}", stderr(&done));
    assert_eq!(
        mode(&new),
        0o600,
        "customer data: readable by its owner only"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_signal_stops_the_export_and_removes_its_temporary_file() {
    // 0.2 s per answer and one invoice a page: the export takes half a minute.
    let slow = MockServer::start(MockConfig {
        invoices: 400,
        faults: Faults {
            latency: Duration::from_millis(200),
            ..Faults::default()
        },
        ..MockConfig::default()
    })
    .await
    .unwrap();
    for (signal, code) in [("INT", 130), ("TERM", 143)] {
        let dir = folder(&format!("replace-signal-{signal}"));
        let file = dir.join("january.csv");
        std::fs::write(&file, OLD).unwrap();
        let mut command = binary(&slow.base_url());
        let args = export_to(
            &file,
            &["--page-size", "1", "--prefetch", "1", "--allow-http"],
        );
        command.args(args).kill_on_drop(true);
        let mut child = command.spawn().unwrap();
        let started = tokio::time::Instant::now();
        while entries(&dir).len() < 2 {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "no temporary file"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
        let pid = child.id().unwrap().to_string();
        let sent = std::process::Command::new("kill")
            .args(["-s", signal, &pid])
            .status()
            .unwrap();
        assert!(sent.success());
        let status = tokio::time::timeout(Duration::from_secs(10), child.wait())
            .await
            .expect("the export stops")
            .unwrap();
        assert_eq!(status.code(), Some(code), "SIG{signal}");
        assert_eq!(
            entries(&dir),
            ["january.csv"],
            "SIG{signal}: no temporary file"
        );
        assert_eq!(std::fs::read_to_string(&file).unwrap(), OLD);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_file_is_on_disk_before_its_rename_and_the_rename_after() {
    // strace(1) records the system calls: the oracle for what no crash test can show here.
    if std::process::Command::new("strace")
        .arg("-V")
        .output()
        .is_err()
    {
        eprintln!("skipped: strace is not installed (Debian package strace)");
        return;
    }
    let server = server().await;
    let dir = folder("replace-fsync");
    let file = dir.join("january.csv");
    let trace = Path::new(env!("CARGO_TARGET_TMPDIR")).join("replace-fsync.trace");
    let mut command = with_environment(tokio::process::Command::new("strace"), &server.base_url());
    command
        .args([
            "-f",
            "-e",
            "trace=openat,fsync,fdatasync,rename,renameat,renameat2",
        ])
        .arg("-o")
        .arg(&trace)
        .arg(env!("CARGO_BIN_EXE_cryptocloud"))
        .args(export_to(&file, &["--allow-http"]));
    let output = finish(command, b"").await;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let calls: Vec<String> = std::fs::read_to_string(&trace)
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    let position = |from: usize, wanted: &dyn Fn(&str) -> bool| {
        calls[from..]
            .iter()
            .position(|call| wanted(call))
            .map(|at| from + at)
            .unwrap_or_else(|| panic!("not found after line {from}:\n{}", calls.join("\n")))
    };
    let fd_of = |call: &str| call.rsplit("= ").next().unwrap().trim().to_owned();
    let opened = position(0, &|call| call.contains("/.cryptocloud-export-"));
    let temporary = fd_of(&calls[opened]);
    let synced = position(opened, &|call| call.contains(&format!("fsync({temporary}")));
    let renamed = position(opened, &|call| {
        call.contains("rename") && call.contains("january.csv")
    });
    assert!(synced < renamed, "the file is on disk before the rename");
    let folder = format!("openat(AT_FDCWD, \"{}\", O_RDONLY", dir.display());
    let opened = position(renamed, &|call| call.contains(&folder));
    let folder = fd_of(&calls[opened]);
    position(opened, &|call| call.contains(&format!("fsync({folder}")));
}
