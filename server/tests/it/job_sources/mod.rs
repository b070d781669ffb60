//! Fetching a job's build context for real: a git repository made by the test, an HTTPS
//! server on loopback with a test certificate, tarball files inside and outside the tarball
//! directory, and archives that must be refused. Every refusal leaves the work directory empty.

mod archive;
pub(crate) mod git;
mod tarball_path;
pub(crate) mod tarball_url;

use std::io::Write;
use std::path::{Path, PathBuf};

use worker_server::jobs::source::{Fetched, SourceError, SourceFields, SourcePolicy, SourceSpec};

/// A work directory of the test's own, so "nothing left behind" can be checked.
pub(super) struct Dirs {
    _root: tempfile::TempDir,
    pub(super) work: PathBuf,
    pub(super) tarballs: PathBuf,
    pub(super) outside: PathBuf,
}

impl Dirs {
    pub(super) fn new() -> Self {
        let root = tempfile::tempdir().unwrap();
        let work = root.path().join("work");
        let tarballs = root.path().join("tarballs");
        let outside = root.path().join("outside");
        for d in [&work, &tarballs, &outside] {
            std::fs::create_dir(d).unwrap();
        }
        Self {
            _root: root,
            work,
            tarballs,
            outside,
        }
    }

    pub(super) fn policy(&self) -> SourcePolicy {
        SourcePolicy {
            workdir: self.work.clone(),
            tarball_dir: Some(self.tarballs.clone()),
            ..SourcePolicy::default()
        }
    }

    /// Asserts the work directory holds nothing: no workspace survived.
    pub(super) fn assert_clean(&self) {
        let left: Vec<_> = std::fs::read_dir(&self.work)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert!(left.is_empty(), "left behind: {left:?}");
    }
}

pub(super) async fn fetch(
    fields: SourceFields,
    policy: &SourcePolicy,
) -> Result<Fetched, SourceError> {
    let spec = SourceSpec::parse(&fields)?;
    worker_server::jobs::source::fetch(&spec, policy).await
}

/// The reason of a refusal, after checking the work directory is clean.
pub(super) async fn refused(
    fields: SourceFields,
    dirs: &Dirs,
    policy: &SourcePolicy,
) -> SourceError {
    let e = fetch(fields, policy)
        .await
        .expect_err("the fetch is refused");
    dirs.assert_clean();
    assert!(!e.message().is_empty());
    e
}

/// One tar entry, written raw so tests can make the entries a safe builder refuses.
pub(super) struct Entry<'a> {
    pub(super) name: &'a str,
    pub(super) kind: tar::EntryType,
    pub(super) data: &'a [u8],
    pub(super) link: &'a str,
}

pub(super) fn file<'a>(name: &'a str, data: &'a [u8]) -> Entry<'a> {
    Entry {
        name,
        kind: tar::EntryType::Regular,
        data,
        link: "",
    }
}

pub(super) fn dir(name: &str) -> Entry<'_> {
    Entry {
        name,
        kind: tar::EntryType::Directory,
        data: b"",
        link: "",
    }
}

pub(super) fn tar(entries: &[Entry<'_>]) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    for e in entries {
        let mut h = tar::Header::new_gnu();
        let gnu = h.as_gnu_mut().unwrap();
        gnu.name[..e.name.len()].copy_from_slice(e.name.as_bytes());
        gnu.linkname[..e.link.len()].copy_from_slice(e.link.as_bytes());
        h.set_entry_type(e.kind);
        h.set_size(e.data.len() as u64);
        h.set_mode(if e.kind == tar::EntryType::Directory {
            0o755
        } else {
            0o644
        });
        h.set_cksum();
        builder.append(&h, e.data).unwrap();
    }
    builder.into_inner().unwrap()
}

pub(crate) fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

pub(crate) fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

/// A gzipped tarball of one project directory with a Dockerfile and a script.
pub(super) fn project(dockerfile: &str) -> Vec<u8> {
    gzip(&tar(&[
        dir("proj/"),
        file("proj/Dockerfile", dockerfile.as_bytes()),
        file("proj/run.sh", b"echo hi\n"),
    ]))
}

pub(super) fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}
