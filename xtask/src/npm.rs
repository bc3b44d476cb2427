//! The npm checkers under `xtask/` (each a `package.json`, its `package-lock.json` and a
//! `check.mjs`): copied into a folder under `target/` and installed there at the pinned versions.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::step;

/// Copies the checker `xtask/<checker>` into `folder` and installs its packages there, unless the
/// install pinned by the same `package-lock.json` is already there; the folder. Node resolves
/// packages from the script's folder, which is why the script goes beside them.
pub(crate) fn install_checker(
    root: &Path,
    checker: &str,
    folder: &Path,
    what: &str,
) -> Result<PathBuf, String> {
    let source = root.join("xtask").join(checker);
    std::fs::create_dir_all(folder)
        .map_err(|error| format!("cannot create {}: {error}", folder.display()))?;
    let installed = folder.join("node_modules/.package-lock.json").is_file()
        && std::fs::read(source.join("package-lock.json")).ok()
            == std::fs::read(folder.join("package-lock.json")).ok();
    for file in ["package.json", "package-lock.json", "check.mjs"] {
        let (from, to) = (source.join(file), folder.join(file));
        std::fs::copy(&from, &to).map_err(|error| {
            format!(
                "cannot copy {} to {}: {error}",
                from.display(),
                to.display()
            )
        })?;
    }
    if !installed {
        // Install scripts only build optional native speed-ups; the pure JS paths are checked.
        let mut npm = Command::new("npm");
        npm.args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"])
            .current_dir(folder);
        step(&format!("npm ci ({what})"), npm)?;
    }
    Ok(folder.to_path_buf())
}
