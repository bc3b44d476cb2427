//! Where `invoices export -o FILE` writes. A regular file (or a new one) is written as a temporary
//! file beside it and renamed over it only when the export succeeded, after both the file and its
//! folder are on disk (fsync): a failed, stopped or crashed export leaves the old file whole and
//! no half file. A symbolic link is followed to its target, which is replaced the same way (the
//! link stays a link). A replaced file keeps its mode; a new one is readable by its owner only,
//! as it holds customer data. A device or a pipe is written as it is. Ctrl-C, SIGTERM and SIGHUP
//! remove the temporary file before the tool exits ([`Stopping`]).

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;
use tokio::signal::unix::{Signal, SignalKind, signal};

use crate::failure::Failure;

/// How many links in a row are followed before giving up (Linux's own limit).
const MAX_LINKS: usize = 40;

/// An export's output file.
pub(crate) enum Destination {
    /// A temporary file, renamed over `target` by [`Destination::commit`].
    Replace {
        file: NamedTempFile,
        target: PathBuf,
    },
    /// A device or a pipe, written through.
    Through(File),
}

impl Destination {
    /// Prepares to write `path`.
    pub(crate) fn open(path: &Path) -> Result<Destination, Failure> {
        let target = follow_links(path)?;
        let cannot = |error: std::io::Error| {
            Failure::new(format!("cannot write {}: {error}", path.display())).caused_by(error)
        };
        match std::fs::metadata(&target) {
            Ok(metadata) if metadata.is_file() => {
                let file = temporary_beside(&target)?;
                file.as_file()
                    .set_permissions(metadata.permissions())
                    .map_err(cannot)?;
                Ok(Destination::Replace { file, target })
            }
            Ok(_) => File::create(&target)
                .map(Destination::Through)
                .map_err(cannot),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                let file = temporary_beside(&target)?;
                Ok(Destination::Replace { file, target })
            }
            Err(error) => Err(cannot(error)),
        }
    }

    /// Where to write the export.
    pub(crate) fn writer(&self) -> Box<dyn Write + '_> {
        match self {
            Destination::Replace { file, .. } => Box::new(file.as_file()),
            Destination::Through(file) => Box::new(file),
        }
    }

    /// Puts the export in place: the file on disk, renamed over its target, the rename on disk.
    pub(crate) fn commit(self) -> Result<(), Failure> {
        let Destination::Replace { file, target } = self else {
            return Ok(());
        };
        let cannot = |error: std::io::Error| {
            Failure::new(format!("cannot write {}: {error}", target.display())).caused_by(error)
        };
        file.as_file().sync_all().map_err(cannot)?;
        file.persist(&target).map_err(|error| cannot(error.error))?;
        File::open(folder_of(&target))
            .and_then(|folder| folder.sync_all())
            .map_err(cannot)
    }
}

/// `path` with every symbolic link at its end followed (relative links from their folder); the
/// path itself if it does not exist yet.
fn follow_links(path: &Path) -> Result<PathBuf, Failure> {
    let mut path = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&path) {
            Ok(metadata) if metadata.file_type().is_symlink() => {
                let link = std::fs::read_link(&path).map_err(|error| {
                    Failure::new(format!("cannot read the link {}: {error}", path.display()))
                        .caused_by(error)
                })?;
                path = folder_of(&path).join(link);
            }
            _ => return Ok(path),
        }
    }
    Err(Failure::new(format!(
        "{} is a chain of more than {MAX_LINKS} symbolic links",
        path.display()
    )))
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    }
}

/// A new temporary file (mode 0600) in `path`'s folder, so that renaming it over `path` is
/// atomic; removed if it is dropped before being persisted.
fn temporary_beside(path: &Path) -> Result<NamedTempFile, Failure> {
    let folder = folder_of(path);
    tempfile::Builder::new()
        .prefix(".cryptocloud-export-")
        .tempfile_in(folder)
        .map_err(|error| {
            Failure::new(format!(
                "cannot create a file in {}: {error}",
                folder.display()
            ))
            .caused_by(error)
        })
}

/// The signals that stop a run. Once listened for, they no longer end the process at once: the
/// export returns the failure of [`Stopping::signalled`], which drops (removes) its temporary
/// file, and the tool exits with 128 + the signal's number, as a shell reports it.
pub(crate) struct Stopping {
    interrupt: Signal,
    terminate: Signal,
    hang_up: Signal,
}

impl Stopping {
    pub(crate) fn listen() -> Result<Stopping, Failure> {
        let listen = |kind: SignalKind| {
            signal(kind).map_err(|error| {
                Failure::new(format!("cannot listen for signals: {error}")).caused_by(error)
            })
        };
        Ok(Stopping {
            interrupt: listen(SignalKind::interrupt())?,
            terminate: listen(SignalKind::terminate())?,
            hang_up: listen(SignalKind::hangup())?,
        })
    }

    /// Waits for a stopping signal; the failure to end the run with.
    pub(crate) async fn signalled(&mut self) -> Failure {
        tokio::select! {
            _ = self.interrupt.recv() => Failure::stopped_by("Ctrl-C (SIGINT)", 2),
            _ = self.terminate.recv() => Failure::stopped_by("SIGTERM", 15),
            _ = self.hang_up.recv() => Failure::stopped_by("SIGHUP", 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_followed_from_their_folder() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink("real.csv", &link).unwrap();
        assert_eq!(follow_links(&link).unwrap(), dir.path().join("real.csv"));
        let new = dir.path().join("new.csv");
        assert_eq!(follow_links(&new).unwrap(), new);
        let looped = dir.path().join("loop");
        std::os::unix::fs::symlink("loop", &looped).unwrap();
        assert!(follow_links(&looped).is_err());
    }

    #[test]
    fn devices_are_written_through() {
        let destination = Destination::open(Path::new("/dev/null")).unwrap();
        assert!(matches!(destination, Destination::Through(_)));
    }
}
