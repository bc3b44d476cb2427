//! One firmware image as the footprint reads it: flash and static RAM from the ELF section
//! headers, flash by crate from the symbols, and the fixture bodies compiled in (test data, not
//! SDK), found byte for byte.

use std::collections::BTreeMap;
use std::path::Path;

use object::{Object, ObjectSection, ObjectSymbol, SymbolSection};

/// The firmware's static buffers that are not the SDK's (the heap arena, the padded-body buffer of
/// the largest-body search), reported apart from the rest of static RAM.
pub(crate) const HARNESS_BUFFERS: [&str; 2] = ["HEAP_ARENA", "PADDED_BODY"];
/// The folders of the bodies the checks compile in.
const FIXTURE_FOLDERS: [&str; 3] = ["fixtures/postbacks", "fixtures/statistics", "fixtures/list"];

/// Sizes read from one firmware ELF, and what it reported under QEMU.
#[derive(Debug, Default)]
pub(crate) struct Firmware {
    /// `.vector_table` + `.text` + `.rodata` + `.data` (whose initial values live in flash).
    pub(crate) flash: u64,
    /// Bytes of `.rodata` that are fixture bodies.
    pub(crate) fixtures: u64,
    /// `.data` + `.bss`, without the harness buffers.
    pub(crate) static_ram: u64,
    pub(crate) arena: u64,
    /// Symbol sizes in flash, by the crate that defines them, largest first.
    pub(crate) by_crate: Vec<(String, u64)>,
    /// The firmware's `measure <name> <bytes>` lines.
    pub(crate) measures: BTreeMap<String, u64>,
}

impl Firmware {
    pub(crate) fn measure(&self, name: &str) -> Result<u64, String> {
        self.measures
            .get(name)
            .copied()
            .ok_or_else(|| format!("the firmware did not report `measure {name}`"))
    }

    /// The largest of a per-check figure (`heap-extent`, `stack-peak`) over every check.
    pub(crate) fn deepest(&self, figure: &str) -> Result<u64, String> {
        let prefix = format!("{figure}.");
        self.measures
            .iter()
            .filter(|(name, _)| name.starts_with(&prefix))
            .map(|(_, value)| *value)
            .max()
            .ok_or_else(|| format!("the firmware reported no `{figure}` per check"))
    }

    /// Flash over `empty`'s, without the fixture bodies.
    pub(crate) fn flash_over(&self, empty: &Firmware) -> u64 {
        (self.flash - self.fixtures).saturating_sub(empty.flash - empty.fixtures)
    }
}

/// The bodies the checks may compile in.
pub(crate) fn fixture_bodies(root: &Path) -> Result<Vec<Vec<u8>>, String> {
    let mut bodies = Vec::new();
    for folder in FIXTURE_FOLDERS {
        let entries = std::fs::read_dir(root.join(folder))
            .map_err(|error| format!("cannot list {folder}: {error}"))?;
        for entry in entries {
            let path = entry.map_err(|error| error.to_string())?.path();
            let body =
                std::fs::read(&path).map_err(|error| format!("{}: {error}", path.display()))?;
            if body.len() >= 64 {
                bodies.push(body);
            }
        }
    }
    Ok(bodies)
}

/// How many bytes of `haystack` are copies of `bodies`.
pub(crate) fn found_in(haystack: &[u8], bodies: &[Vec<u8>]) -> u64 {
    bodies
        .iter()
        .filter(|body| {
            haystack
                .windows(body.len())
                .any(|window| window == body.as_slice())
        })
        .map(|body| body.len() as u64)
        .sum()
}

pub(crate) fn read_elf(path: &Path, fixtures: &[Vec<u8>]) -> Result<Firmware, String> {
    let bytes =
        std::fs::read(path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    let elf = object::File::parse(&*bytes)
        .map_err(|error| format!("{} is not an ELF file: {error}", path.display()))?;
    let size = |name: &str| {
        elf.section_by_name(name)
            .map_or(0, |section| section.size())
    };
    let harness_buffer = |name: &str| {
        elf.symbols()
            .filter(|symbol| {
                symbol
                    .name()
                    .is_ok_and(|symbol| demangled(symbol).ends_with(name))
            })
            .map(|symbol| symbol.size())
            .max()
    };
    let arena = harness_buffer(HARNESS_BUFFERS[0])
        .ok_or_else(|| format!("{} has no {} symbol", path.display(), HARNESS_BUFFERS[0]))?;
    let buffers: u64 = HARNESS_BUFFERS
        .iter()
        .filter_map(|name| harness_buffer(name))
        .sum();
    let rodata = elf
        .section_by_name(".rodata")
        .and_then(|section| section.data().ok())
        .unwrap_or_default();
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
        fixtures: found_in(rodata, fixtures),
        static_ram: (size(".data") + size(".bss")).saturating_sub(buffers),
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
