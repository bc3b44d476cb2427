//! What the crates cost to depend on: crates in their normal dependency tree and clean build time.

use std::path::Path;
use std::time::Instant;

use crate::{cargo, step};

/// Dependency counts and clean release build times.
pub(super) struct BuildCost {
    pub(super) types_crates: usize,
    pub(super) types_build_ms: u128,
    pub(super) client_crates: usize,
    pub(super) client_build_ms: u128,
}

pub(super) fn build_cost(target: &Path) -> Result<BuildCost, String> {
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
    Ok(BuildCost {
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
