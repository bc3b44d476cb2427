//! Secrets given to the tool: the API key, the withdrawal key and the postback secret. Each comes
//! from a file (`--…-file`, `-` for stdin), the environment, or a flag; a flag shows in the
//! process list, so it draws a warning. Files are read with a small cap (a key is a few hundred
//! bytes; `/dev/zero` must not fill the memory) and draw a warning when others can read them.
//! The tool's own copies are wiped when dropped; see the README for the ones it cannot reach.

use std::fmt;
use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use zeroize::Zeroizing;

use crate::failure::Failure;

/// The most bytes a secret file may hold.
const MAX_SECRET_FILE: u64 = 16 * 1024;

/// A secret from the command line or the environment: wiped on drop, never in `Debug`.
#[derive(Clone)]
pub(crate) struct SecretArg(Zeroizing<String>);

impl From<String> for SecretArg {
    fn from(text: String) -> SecretArg {
        SecretArg(Zeroizing::new(text))
    }
}

impl fmt::Debug for SecretArg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretArg(<redacted>)")
    }
}

/// Where a secret comes from, in order of preference.
pub(crate) struct Sources<'a> {
    /// What the secret is, for messages ("the API key").
    pub(crate) what: &'static str,
    /// The `--…-file` given, if any.
    pub(crate) file: Option<&'a Path>,
    /// The value of the flag or the variable, if any.
    pub(crate) value: Option<&'a SecretArg>,
    /// The flag that puts it on argv (`--api-key`).
    pub(crate) flag: &'static str,
}

impl Sources<'_> {
    /// The secret: the file's, else the flag's or the variable's (a flag warns); `None` if
    /// neither was given.
    pub(crate) fn read(&self) -> Result<Option<Zeroizing<String>>, Failure> {
        // Typed on the command line, it is in the process list even when a file wins.
        if self.value.is_some() && on_argv(self.flag) {
            eprintln!(
                "warning: {} given with {} is visible in the process list; use its environment variable or {}-file",
                self.what, self.flag, self.flag
            );
        }
        if let Some(path) = self.file {
            return read_file(self.what, path).map(Some);
        }
        Ok(self.value.map(|value| value.0.clone()))
    }
}

/// Whether `flag` was typed on the command line (rather than the value coming from the
/// environment, which other users cannot read).
fn on_argv(flag: &str) -> bool {
    std::env::args_os().any(|arg| {
        arg.to_str().is_some_and(|arg| {
            arg == flag
                || arg
                    .strip_prefix(flag)
                    .is_some_and(|rest| rest.starts_with('='))
        })
    })
}

/// The first line of `path` (`-` for stdin), at most [`MAX_SECRET_FILE`] bytes read.
fn read_file(what: &str, path: &Path) -> Result<Zeroizing<String>, Failure> {
    let cannot = |error: std::io::Error| {
        Failure::new(format!(
            "cannot read {what} from {}: {error}",
            path.display()
        ))
        .caused_by(error)
    };
    let mut bytes = Zeroizing::new(Vec::new());
    if path.as_os_str() == "-" {
        std::io::stdin()
            .take(MAX_SECRET_FILE + 1)
            .read_to_end(&mut bytes)
            .map_err(cannot)?;
    } else {
        let file = std::fs::File::open(path).map_err(cannot)?;
        warn_if_shared(what, path, &file);
        file.take(MAX_SECRET_FILE + 1)
            .read_to_end(&mut bytes)
            .map_err(cannot)?;
    }
    if bytes.len() as u64 > MAX_SECRET_FILE {
        return Err(Failure::new(format!(
            "{} holds more than {} KiB: not a key file",
            path.display(),
            MAX_SECRET_FILE / 1024
        ))
        .hint("give the file that holds only the key, on one line"));
    }
    let text = std::str::from_utf8(&bytes).map_err(|error| {
        Failure::new(format!("{what} in {} is not UTF-8 text", path.display())).caused_by(error)
    })?;
    Ok(Zeroizing::new(
        text.trim_end_matches(['\r', '\n']).to_owned(),
    ))
}

/// Warns when users other than the owner may read the secret file.
fn warn_if_shared(what: &str, path: &Path, file: &std::fs::File) {
    let Ok(metadata) = file.metadata() else {
        return;
    };
    let mode = metadata.permissions().mode();
    if metadata.is_file() && mode & 0o044 != 0 {
        eprintln!(
            "warning: {} (holding {what}) is readable by other users (mode {:o}); chmod 600 it",
            path.display(),
            mode & 0o777
        );
    }
}
