//! `cargo xtask footprint`: what the SDK costs on a microcontroller and in WASM, measured in one
//! run. Builds the firmware three ways (every check, postback verification only, no check: the
//! baseline with the same allocator), runs each under QEMU for its heap and stack figures (the
//! deepest check's), reads flash and static RAM from the ELF section headers, builds the WASM
//! module the same three ways, judges each figure against its target, and writes its section of
//! BENCHMARKS.md (between its own markers, nothing else). The fixture bodies the checks compile in
//! are test data, not SDK: found byte for byte in `.rodata` and the `.wasm`, and left out.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::process::Command;

use crate::embedded::{self, Build};
use crate::firmware_image::{Firmware, fixture_bodies, found_in, read_elf};

const BEGIN: &str = "<!-- footprint: written by `cargo xtask footprint` -->";
const END: &str = "<!-- end of footprint -->";
/// A build's targets (from the issue), over the empty build where that applies.
#[derive(Clone, Copy, Debug)]
struct Targets {
    flash: u64,
    stack: u64,
    heap: u64,
    wasm: u64,
}

const KIB: u64 = 1024;
/// Postback verification alone.
const POSTBACK_TARGETS: Targets = Targets {
    flash: 40 * KIB,
    stack: 6 * KIB,
    heap: 4 * KIB,
    wasm: 60 * KIB,
};
/// Everything: statistics, the list page, postbacks.
const FULL_TARGETS: Targets = Targets {
    flash: 110 * KIB,
    stack: 12 * KIB,
    heap: 24 * KIB,
    wasm: 160 * KIB,
};

const BUILDS: [(Build, &str); 3] = [
    (Build::Empty, "empty: allocator, semihosting, formatting"),
    (Build::PostbackOnly, "postback verification only"),
    (
        Build::Everything,
        "everything: statistics request and answer, list page, postbacks",
    ),
];

/// One build's figures.
#[derive(Debug)]
struct Measured {
    name: &'static str,
    firmware: Firmware,
    /// Size of the `.wasm` file.
    wasm: u64,
    /// Bytes of it that are fixture bodies.
    wasm_fixtures: u64,
    /// Size after `wasm-opt -Oz`, and its fixture bodies.
    wasm_opt: u64,
    wasm_opt_fixtures: u64,
}

pub(crate) fn run() -> Result<(), String> {
    let root = crate::root()?;
    embedded::prepare()?;
    crate::wasm::prepare()?;
    let fixtures = fixture_bodies(&root)?;
    let mut measured = Vec::new();
    for (build, name) in BUILDS {
        // Measured before the next build overwrites it.
        let elf = embedded::build(&root, build)?;
        let mut firmware = read_elf(&elf, &fixtures)?;
        firmware.measures = measures(&embedded::run_firmware(&elf)?)?;
        let module = crate::wasm::build(&root, build)?;
        let wasm = std::fs::read(&module)
            .map_err(|error| format!("cannot read {}: {error}", module.display()))?;
        let optimized = crate::wasm::optimized(&root, &module)?;
        measured.push(Measured {
            name,
            firmware,
            wasm: wasm.len() as u64,
            wasm_fixtures: found_in(&wasm, &fixtures),
            wasm_opt: optimized.len() as u64,
            wasm_opt_fixtures: found_in(&optimized, &fixtures),
        });
    }
    let section = render(&measured).map_err(|error| error.to_string())?;
    print!("{section}");
    let path = root.join("BENCHMARKS.md");
    let text = std::fs::read_to_string(&path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    let start = text
        .find(BEGIN)
        .ok_or("BENCHMARKS.md lost its footprint marker")?;
    let end = text[start..]
        .find(END)
        .map(|offset| start + offset)
        .ok_or("BENCHMARKS.md lost its end-of-footprint marker")?;
    let updated = format!("{}{BEGIN}\n{section}{}", &text[..start], &text[end..]);
    std::fs::write(&path, updated)
        .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
    println!("xtask footprint: BENCHMARKS.md written");
    Ok(())
}

/// Flash over the empty firmware for the postback-only build, without fixture bodies; fails when
/// it is over its target. `cargo xtask ci` runs it: a budget, not a timing.
pub(crate) fn check_postback_flash_budget() -> Result<(), String> {
    let root = crate::root()?;
    let fixtures = fixture_bodies(&root)?;
    let empty = read_elf(&embedded::build(&root, Build::Empty)?, &fixtures)?;
    let postback = read_elf(&embedded::build(&root, Build::PostbackOnly)?, &fixtures)?;
    let over = postback.flash_over(&empty);
    if over > POSTBACK_TARGETS.flash {
        return Err(format!(
            "postback-only firmware: +{} of flash over the empty one, over its {} budget \
             (cargo xtask footprint shows where it goes)",
            kib(over),
            kib(POSTBACK_TARGETS.flash)
        ));
    }
    println!(
        "    postback-only firmware: +{} of flash, within its {} budget",
        kib(over),
        kib(POSTBACK_TARGETS.flash)
    );
    Ok(())
}

fn measures(report: &str) -> Result<BTreeMap<String, u64>, String> {
    report
        .lines()
        .filter_map(|line| line.strip_prefix("measure "))
        .map(|line| {
            let (name, value) = line
                .split_once(' ')
                .ok_or_else(|| format!("malformed measure line `{line}`"))?;
            let value = value
                .parse()
                .map_err(|_| format!("malformed measure line `{line}`"))?;
            Ok((name.to_owned(), value))
        })
        .collect()
}

fn kib(bytes: u64) -> String {
    #[allow(clippy::cast_precision_loss, clippy::float_arithmetic)]
    let kib = bytes as f64 / 1024.0;
    format!("{kib:.1} KiB")
}

fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "**missed**" }
}

fn render(measured: &[Measured]) -> Result<String, Box<dyn std::error::Error>> {
    let [empty, postback, full] = measured else {
        return Err("expected three builds".into());
    };
    let mut out = String::new();
    let rustc = command_line("rustc", &["-V"]);
    let date = command_line("date", &["-u", "+%Y-%m-%d %H:%M UTC"]);
    writeln!(
        out,
        "Run: `cargo xtask footprint`, {date}, {rustc}. Firmware: thumbv7em-none-eabihf (Cortex-M4F, \
         run under QEMU's mps2-an386), `.wasm`: wasm32-unknown-unknown; release, opt-level \"z\", fat \
         LTO, panic = abort, `--cfg sha2_backend_soft=\"compact\"`, `.wasm` stripped, and also after \
         binaryen's `wasm-opt -Oz`. \
         Every build is compared with the empty one built in the same run: the same allocator \
         (embedded-alloc's linked-list heap, {} arena), semihosting and formatting, and no checks. \
         The fixture bodies the checks compile in (test data, not SDK) are found byte for byte and \
         left out of the figures over empty; stack and heap are the deepest single check's.\n",
        kib(empty.firmware.arena)
    )?;
    writeln!(
        out,
        "| build | flash over empty | stack peak | heap peak (arena used) | `.wasm` over empty | after `wasm-opt -Oz` |"
    )?;
    writeln!(out, "|---|---|---|---|---|---|")?;
    for (build, targets) in [(postback, POSTBACK_TARGETS), (full, FULL_TARGETS)] {
        let firmware = &build.firmware;
        let wasm =
            (build.wasm - build.wasm_fixtures).saturating_sub(empty.wasm - empty.wasm_fixtures);
        let wasm_opt = (build.wasm_opt - build.wasm_opt_fixtures)
            .saturating_sub(empty.wasm_opt - empty.wasm_opt_fixtures);
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            build.name,
            judged(firmware.flash_over(&empty.firmware), targets.flash),
            judged(firmware.deepest("stack-peak")?, targets.stack),
            judged(firmware.deepest("heap-extent")?, targets.heap),
            judged(wasm, targets.wasm),
            judged(wasm_opt, targets.wasm),
        )?;
    }
    writeln!(
        out,
        "\n| build | flash | fixture bodies in it | static RAM (no harness buffers) | `.wasm` | after `wasm-opt -Oz` | fixture bodies in it |"
    )?;
    writeln!(out, "|---|---|---|---|---|---|---|")?;
    for build in measured {
        let firmware = &build.firmware;
        writeln!(
            out,
            "| {} | {} | {} | {} B | {} | {} | {} |",
            build.name,
            kib(firmware.flash),
            kib(firmware.fixtures),
            firmware.static_ram,
            kib(build.wasm),
            kib(build.wasm_opt),
            kib(build.wasm_fixtures),
        )?;
    }
    writeln!(
        out,
        "\n| check (everything build) | heap, bytes live | heap, arena used | stack |"
    )?;
    writeln!(out, "|---|---|---|---|")?;
    let checks = full
        .firmware
        .measures
        .keys()
        .filter_map(|name| name.strip_prefix("stack-peak."));
    for check in checks {
        let figure = |name: &str| full.firmware.measure(&format!("{name}.{check}"));
        writeln!(
            out,
            "| {check} | {} B | {} B | {} B |",
            figure("heap-peak-live")?,
            figure("heap-extent")?,
            figure("stack-peak")?
        )?;
    }
    writeln!(
        out,
        "\nThe largest genuine body the postback-only firmware verifies within {} of heap: {} bytes \
         when the body grows as a longer `tx_list`, {} bytes when it grows as an unknown key holding \
         an array of zeros (the most JSON values per byte; the search's buffer is 32 KiB); the \
         parser itself accepts up to 256 KiB.",
        kib(16 * KIB),
        postback.firmware.measure("largest-postback.tx-hashes")?,
        postback.firmware.measure("largest-postback.zeros")?,
    )?;
    writeln!(
        out,
        "\nFlash by crate (symbol sizes in `.text` and `.rodata`, largest first; code inlined into \
         a caller counts for the caller's crate):\n"
    )?;
    for build in [postback, full] {
        let top: Vec<String> = build
            .firmware
            .by_crate
            .iter()
            .take(8)
            .map(|(owner, bytes)| format!("{owner} {}", kib(*bytes)))
            .collect();
        writeln!(out, "- {}: {}", build.name, top.join(", "))?;
    }
    writeln!(out)?;
    Ok(out)
}

/// `+12.3 KiB (≤ 40.0 KiB: met)`.
fn judged(bytes: u64, target: u64) -> String {
    format!(
        "{} (≤ {}: {})",
        kib(bytes),
        kib(target),
        verdict(bytes <= target)
    )
}

fn command_line(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
        .unwrap_or_default()
}
