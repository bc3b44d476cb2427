//! `cargo xtask footprint`: what the SDK costs on a microcontroller and in WASM, measured in one
//! run. Builds the firmware three ways (every check, postback verification only, no check: the
//! baseline with the same allocator), runs each under QEMU for its heap and stack figures, reads
//! flash and static RAM from the ELF section headers, builds the WASM module the same three ways,
//! and writes its section of BENCHMARKS.md (between its own markers, nothing else).

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;
use std::process::Command;

use object::{Object, ObjectSection, ObjectSymbol, SymbolSection};

use crate::embedded::{self, Build};

const BEGIN: &str = "<!-- footprint: written by `cargo xtask footprint` -->";
const END: &str = "<!-- end of footprint -->";
/// Targets from the issue: postback verification alone, over the empty firmware.
const POSTBACK_FLASH_TARGET: u64 = 64 * 1024;
const POSTBACK_HEAP_TARGET: u64 = 16 * 1024;
/// The firmware's heap arena, a static in `.bss`, reported apart from the rest of static RAM.
const ARENA_SYMBOL: &str = "HEAP_ARENA";

const BUILDS: [(Build, &str); 3] = [
    (Build::Empty, "empty: allocator, semihosting, formatting"),
    (Build::PostbackOnly, "postback verification only"),
    (
        Build::Full,
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
}

pub(crate) fn run() -> Result<(), String> {
    let root = crate::root()?;
    embedded::prepare()?;
    crate::wasm::prepare()?;
    let mut measured = Vec::new();
    for (build, name) in BUILDS {
        // Measured before the next build overwrites it.
        let elf = embedded::build(&root, build)?;
        let mut firmware = read_elf(&elf)?;
        firmware.measures = measures(&embedded::run_firmware(&elf)?)?;
        let module = crate::wasm::build(&root, build)?;
        let wasm = std::fs::metadata(&module)
            .map_err(|error| format!("cannot read {}: {error}", module.display()))?
            .len();
        measured.push(Measured {
            name,
            firmware,
            wasm,
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

/// Sizes read from one firmware ELF, and what it reported under QEMU.
#[derive(Debug, Default)]
struct Firmware {
    /// `.vector_table` + `.text` + `.rodata` + `.data` (whose initial values live in flash).
    flash: u64,
    /// `.data` + `.bss`, without the heap arena.
    static_ram: u64,
    arena: u64,
    /// Symbol sizes in flash, by the crate that defines them, largest first.
    by_crate: Vec<(String, u64)>,
    /// The firmware's `measure <name> <bytes>` lines.
    measures: BTreeMap<String, u64>,
}

impl Firmware {
    fn measure(&self, name: &str) -> Result<u64, String> {
        self.measures
            .get(name)
            .copied()
            .ok_or_else(|| format!("the firmware did not report `measure {name}`"))
    }
}

fn read_elf(path: &Path) -> Result<Firmware, String> {
    let bytes =
        std::fs::read(path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    let elf = object::File::parse(&*bytes)
        .map_err(|error| format!("{} is not an ELF file: {error}", path.display()))?;
    let size = |name: &str| {
        elf.section_by_name(name)
            .map_or(0, |section| section.size())
    };
    let arena = elf
        .symbols()
        .find(|symbol| {
            symbol
                .name()
                .is_ok_and(|name| demangled(name).ends_with(ARENA_SYMBOL))
        })
        .map(|symbol| symbol.size())
        .ok_or_else(|| format!("{} has no {ARENA_SYMBOL} symbol", path.display()))?;
    let mut by_crate = BTreeMap::<String, u64>::new();
    for symbol in elf.symbols() {
        let SymbolSection::Section(index) = symbol.section() else {
            continue;
        };
        let in_flash = elf
            .section_by_index(index)
            .and_then(|section| section.name().map(String::from))
            .is_ok_and(|name| name == ".text" || name == ".rodata");
        if in_flash && symbol.size() > 0 {
            let owner = symbol.name().map_or_else(|_| String::from("?"), owner);
            *by_crate.entry(owner).or_default() += symbol.size();
        }
    }
    let mut by_crate: Vec<_> = by_crate.into_iter().collect();
    by_crate.sort_by_key(|(_, bytes)| std::cmp::Reverse(*bytes));
    Ok(Firmware {
        flash: size(".vector_table") + size(".text") + size(".rodata") + size(".data"),
        static_ram: (size(".data") + size(".bss")).saturating_sub(arena),
        arena,
        by_crate,
        measures: BTreeMap::new(),
    })
}

fn demangled(name: &str) -> String {
    format!("{:#}", rustc_demangle::demangle(name))
}

/// The crate a symbol belongs to: the first path segment of its demangled name, the implementing
/// type's for trait methods (`<serde_json::Deserializer as serde::Deserializer>::…` is
/// serde_json's); anonymous constants and C symbols are grouped apart.
fn owner(name: &str) -> String {
    if name.starts_with(".L") {
        return String::from("(unnamed constants)");
    }
    let full = demangled(name);
    let path = full.trim_start_matches(['<', '&', '*', '[', '(']);
    let path = path.strip_prefix("mut ").unwrap_or(path);
    let path = path.strip_prefix("dyn ").unwrap_or(path);
    match path.find("::") {
        Some(end) if path[..end].chars().all(|c| c.is_alphanumeric() || c == '_') => {
            path[..end].to_owned()
        }
        _ if !full.contains("::") => String::from("(C symbols: memcpy, float, interrupts)"),
        _ => String::from("(other)"),
    }
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
         LTO, panic = abort, `.wasm` stripped (no wasm-opt). Every build is compared with the empty \
         one built in the same run: the same allocator (embedded-alloc's linked-list heap, {} \
         arena), semihosting and formatting, and no checks.\n",
        kib(empty.firmware.arena)
    )?;
    writeln!(
        out,
        "| build | flash | over empty | static RAM (no heap arena) | stack peak | `.wasm` | over empty |"
    )?;
    writeln!(out, "|---|---|---|---|---|---|---|")?;
    for build in measured {
        let firmware = &build.firmware;
        let over = |ours: u64, base: u64| {
            if std::ptr::eq(build, empty) {
                String::from("(baseline)")
            } else {
                format!("+{}", kib(ours.saturating_sub(base)))
            }
        };
        writeln!(
            out,
            "| {} | {} | {} | {} B | {} B | {} | {} |",
            build.name,
            kib(firmware.flash),
            over(firmware.flash, empty.firmware.flash),
            firmware.static_ram,
            firmware.measure("stack-peak")?,
            kib(build.wasm),
            over(build.wasm, empty.wasm),
        )?;
    }
    let postback_flash = postback.firmware.flash.saturating_sub(empty.firmware.flash);
    let postback_heap = postback.firmware.measure("heap-extent.postback-genuine")?;
    writeln!(out)?;
    writeln!(
        out,
        "| heap, peak while | bytes live | arena used | target | |"
    )?;
    writeln!(out, "|---|---|---|---|---|")?;
    for (what, firmware, check) in [
        (
            "building the statistics request",
            &full.firmware,
            "statistics-request",
        ),
        (
            "decoding the statistics answer (344 bytes)",
            &full.firmware,
            "statistics-answer",
        ),
        (
            "decoding the 7-invoice list page (1802 bytes)",
            &full.firmware,
            "list-page",
        ),
        (
            "verifying the docs' example postback (2198 bytes, `invoice_info` included)",
            &postback.firmware,
            "postback-genuine",
        ),
    ] {
        let extent = firmware.measure(&format!("heap-extent.{check}"))?;
        let target = if check == "postback-genuine" {
            format!(
                "≤ {} | {}",
                kib(POSTBACK_HEAP_TARGET),
                verdict(extent <= POSTBACK_HEAP_TARGET)
            )
        } else {
            String::from("reported |")
        };
        writeln!(
            out,
            "| {what} | {} B | {extent} B | {target} |",
            firmware.measure(&format!("heap-peak-live.{check}"))?
        )?;
    }
    writeln!(
        out,
        "\nPostback verification alone: +{} of flash over the empty firmware (target ≤ {}: {}), \
         {} of heap for the docs' body (target ≤ {}: {}), +{} of `.wasm`. The largest genuine body \
         it verifies within {} of heap: {} bytes when the body grows as a longer `tx_list`, {} bytes \
         when it grows as an unknown key holding an array of zeros (the most JSON values per byte); \
         the parser itself accepts up to 256 KiB.",
        kib(postback_flash),
        kib(POSTBACK_FLASH_TARGET),
        verdict(postback_flash <= POSTBACK_FLASH_TARGET),
        kib(postback_heap),
        kib(POSTBACK_HEAP_TARGET),
        verdict(postback_heap <= POSTBACK_HEAP_TARGET),
        kib(postback.wasm.saturating_sub(empty.wasm)),
        kib(POSTBACK_HEAP_TARGET),
        postback.firmware.measure("largest-postback.tx-hashes")?,
        postback.firmware.measure("largest-postback.zeros")?,
    )?;
    writeln!(
        out,
        "\nFull decode on top of postback verification: +{} of flash, +{} of static RAM.\n",
        kib(full.firmware.flash.saturating_sub(postback.firmware.flash)),
        full.firmware
            .static_ram
            .saturating_sub(postback.firmware.static_ram),
    )?;
    writeln!(
        out,
        "Flash by crate (symbol sizes in `.text` and `.rodata`, largest first):\n"
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

fn command_line(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
        .unwrap_or_default()
}
