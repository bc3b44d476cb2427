//! Installing the Debian packages a check needs (QEMU, Chromium) on a fresh machine.

use std::process::Command;

use crate::step;

/// Installs `packages` with apt-get (index refreshed first). `with_recommends` keeps Debian's
/// recommended packages: Chromium needs its fonts to render a page; QEMU needs nothing more.
pub(crate) fn install(packages: &[&str], with_recommends: bool) -> Result<(), String> {
    let mut update = Command::new("apt-get");
    update.args(["update", "-q"]);
    step("apt-get update", update)?;
    let mut install = Command::new("apt-get");
    install.args(["install", "-y", "-q"]);
    if !with_recommends {
        install.arg("--no-install-recommends");
    }
    install
        .args(packages)
        .env("DEBIAN_FRONTEND", "noninteractive");
    step(&format!("apt-get install {}", packages.join(" ")), install)
}
