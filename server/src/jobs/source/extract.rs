//! Unpacking a tarball into the workspace's tree: gzip by its magic bytes, else plain tar;
//! only regular files and directories, each below the tree; total bytes and entries capped.
//! Nothing is left behind on a refusal. Blocking: run it off the async runtime.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Component, Path, PathBuf};

use tar::EntryType;

use super::error::{Reason, SourceError, quoted};

/// How much an archive may hold.
#[derive(Clone, Copy, Debug)]
pub(super) struct Limits {
    pub(super) max_files: u64,
    pub(super) max_bytes: u64,
}

/// What was extracted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExtractStats {
    /// Regular files and directories written.
    pub entries: u64,
    /// Bytes of file content written.
    pub bytes: u64,
}

/// Extracts `archive` into the existing, empty directory `dest`. On any error `dest` is
/// emptied again before returning.
pub(super) fn extract(
    archive: &Path,
    dest: &Path,
    limits: Limits,
) -> Result<ExtractStats, SourceError> {
    let result = extract_inner(archive, dest, limits);
    if result.is_err() {
        // What was written before the refusal must not reach a build.
        let _ = fs::remove_dir_all(dest);
        let _ = fs::create_dir(dest);
    }
    result
}

fn extract_inner(archive: &Path, dest: &Path, limits: Limits) -> Result<ExtractStats, SourceError> {
    let mut file =
        File::open(archive).map_err(|e| SourceError::workspace("opening the tarball", &e))?;
    let mut magic = [0u8; 2];
    let gzip = matches!(file.read_exact(&mut magic), Ok(()) if magic == [0x1f, 0x8b]);
    file.seek(SeekFrom::Start(0))
        .map_err(|e| SourceError::workspace("reading the tarball", &e))?;
    let file = BufReader::new(file);
    // Headers, padding and the metadata entries tar reads into memory (long names, pax) are
    // bounded too, so a small gzip cannot expand without end.
    let stream_cap = limits
        .max_bytes
        .saturating_add(limits.max_files.saturating_add(16).saturating_mul(4096));
    let reader: Box<dyn Read> = if gzip {
        Box::new(flate2::read::MultiGzDecoder::new(file))
    } else {
        Box::new(file)
    };
    let mut archive = tar::Archive::new(Capped {
        inner: reader,
        left: stream_cap,
    });
    let mut stats = ExtractStats::default();
    let entries = archive.entries().map_err(invalid)?;
    for entry in entries {
        let mut entry = entry.map_err(read_error)?;
        let kind = entry.header().entry_type();
        let raw_path = entry.path_bytes().into_owned();
        let shown = String::from_utf8_lossy(&raw_path).into_owned();
        let rel = safe_path(&raw_path, &shown)?;
        match kind {
            EntryType::Regular | EntryType::Continuous | EntryType::Directory => {}
            other => {
                return Err(SourceError::new(
                    Reason::ArchiveUnsafe,
                    format!(
                        "the archive entry {} is a {}; only regular files and directories are allowed",
                        quoted(&shown),
                        kind_name(other)
                    ),
                ));
            }
        }
        if rel.as_os_str().is_empty() {
            // "./": the root itself.
            continue;
        }
        stats.entries += 1;
        if stats.entries > limits.max_files {
            return Err(SourceError::new(
                Reason::ArchiveTooLarge,
                format!(
                    "the archive holds more than {} files and directories (WORKER_JOB_EXTRACT_MAX_FILES)",
                    limits.max_files
                ),
            ));
        }
        let mode = entry.header().mode().unwrap_or(0o644);
        if kind == EntryType::Directory {
            make_dirs(dest, &rel)?;
            continue;
        }
        let size = entry.size();
        if stats.bytes.saturating_add(size) > limits.max_bytes {
            return Err(too_large(limits.max_bytes));
        }
        if let Some(parent) = rel.parent() {
            make_dirs(dest, parent)?;
        }
        let target = dest.join(&rel);
        // Executable bits survive; set-id, sticky and group or world write do not.
        let mode = if mode & 0o111 != 0 { 0o755 } else { 0o644 };
        let mut out = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .custom_flags(libc::O_NOFOLLOW)
            .mode(mode)
            .open(&target)
            .map_err(|e| write_error(&shown, &e))?;
        let written = io::copy(&mut (&mut entry).take(size), &mut out).map_err(read_error)?;
        stats.bytes += written;
        fs::set_permissions(&target, fs::Permissions::from_mode(mode))
            .map_err(|e| write_error(&shown, &e))?;
    }
    Ok(stats)
}

/// The entry's path as components below the root, or a refusal for an absolute path or `..`.
fn safe_path(raw: &[u8], shown: &str) -> Result<PathBuf, SourceError> {
    use std::os::unix::ffi::OsStrExt;
    let path = Path::new(std::ffi::OsStr::from_bytes(raw));
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => {
                return Err(SourceError::new(
                    Reason::ArchiveUnsafe,
                    format!("the archive entry {} has an absolute path", quoted(shown)),
                ));
            }
            Component::ParentDir => {
                return Err(SourceError::new(
                    Reason::ArchiveUnsafe,
                    format!("the archive entry {} climbs out with ..", quoted(shown)),
                ));
            }
        }
    }
    Ok(out)
}

/// Creates `rel`'s directories below `root` one by one, never `root` itself: if the workspace
/// is removed under a running extraction, it fails rather than making it again. Only
/// directories this extraction made exist below `root`, so no step can follow a link.
fn make_dirs(root: &Path, rel: &Path) -> Result<(), SourceError> {
    let mut at = root.to_path_buf();
    for part in rel.components() {
        at.push(part);
        match fs::symlink_metadata(&at) {
            Ok(meta) if meta.is_dir() => continue,
            Ok(_) => {
                return Err(SourceError::new(
                    Reason::ArchiveInvalid,
                    format!(
                        "the archive uses {} both as a file and as a directory",
                        quoted(&rel.display().to_string())
                    ),
                ));
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                fs::DirBuilder::new()
                    .mode(0o755)
                    .create(&at)
                    .map_err(|e| write_error(&rel.display().to_string(), &e))?;
            }
            Err(e) => return Err(write_error(&rel.display().to_string(), &e)),
        }
    }
    Ok(())
}

fn kind_name(kind: EntryType) -> &'static str {
    match kind {
        EntryType::Symlink => "symbolic link",
        EntryType::Link => "hard link",
        EntryType::Char => "character device",
        EntryType::Block => "block device",
        EntryType::Fifo => "fifo",
        EntryType::GNUSparse => "sparse file",
        _ => "special entry",
    }
}

fn too_large(max: u64) -> SourceError {
    SourceError::new(
        Reason::ArchiveTooLarge,
        format!("the archive expands to more than {max} bytes (WORKER_JOB_EXTRACT_MAX_BYTES)"),
    )
}

fn invalid(e: io::Error) -> SourceError {
    SourceError::new(
        Reason::ArchiveInvalid,
        format!("the tarball is not a tar or gzipped tar archive: {e}"),
    )
}

fn read_error(e: io::Error) -> SourceError {
    if e.get_ref().is_some_and(|inner| inner.is::<CapReached>()) {
        return SourceError::new(
            Reason::ArchiveTooLarge,
            "the archive expands to more than the extraction limits allow (WORKER_JOB_EXTRACT_MAX_BYTES, WORKER_JOB_EXTRACT_MAX_FILES)",
        );
    }
    invalid(e)
}

fn write_error(entry: &str, e: &io::Error) -> SourceError {
    SourceError::workspace(&format!("writing {}", quoted(entry)), e)
}

/// The marker inside the error a capped stream returns.
#[derive(Debug)]
struct CapReached;

impl std::fmt::Display for CapReached {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the archive stream is over its cap")
    }
}

impl std::error::Error for CapReached {}

/// A reader that fails once more than `left` bytes were asked of it.
struct Capped<R> {
    inner: R,
    left: u64,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.left == 0 {
            // Probe: the end of the stream is fine, more bytes are not.
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => Err(io::Error::other(CapReached)),
            };
        }
        let want = buf
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        self.left -= n as u64;
        Ok(n)
    }
}

/// Counts what a checked-out tree holds (links not followed) and refuses it over the same
/// limits an archive has, so a git source cannot bring more than a tarball may.
pub(super) fn measure(root: &Path, limits: Limits) -> Result<ExtractStats, SourceError> {
    let mut stats = ExtractStats::default();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries =
            fs::read_dir(&dir).map_err(|e| SourceError::workspace("reading the checkout", &e))?;
        for entry in entries {
            let entry = entry.map_err(|e| SourceError::workspace("reading the checkout", &e))?;
            let meta = entry
                .metadata()
                .map_err(|e| SourceError::workspace("reading the checkout", &e))?;
            stats.entries += 1;
            if meta.is_dir() {
                pending.push(entry.path());
            } else if meta.is_file() {
                stats.bytes += meta.len();
            }
            if stats.entries > limits.max_files || stats.bytes > limits.max_bytes {
                return Err(SourceError::new(
                    Reason::ArchiveTooLarge,
                    format!(
                        "the checkout holds more than {} files and directories or {} bytes (WORKER_JOB_EXTRACT_MAX_FILES, WORKER_JOB_EXTRACT_MAX_BYTES)",
                        limits.max_files, limits.max_bytes
                    ),
                ));
            }
        }
    }
    Ok(stats)
}
