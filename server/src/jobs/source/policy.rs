//! What this node lets jobs fetch: the repository and host allowlists, size, time and count
//! limits, where tarball files and workspaces live, and extra CA roots for tarball hosts.
//! `crate::config::job_source_policy` reads it from the `WORKER_JOB_*` environment.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Duration;

use reqwest::Url;
use rustls_pki_types::CertificateDer;

use super::error::{Reason, SourceError, quoted};
use super::spec::{Source, SourceSpec};

/// An allowlist as the reference reads it: comma-separated entries, `*` allows all, empty
/// allows nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Allowlist {
    any: bool,
    entries: BTreeSet<String>,
}

impl Allowlist {
    /// Allows everything.
    pub fn any() -> Self {
        Self {
            any: true,
            entries: BTreeSet::new(),
        }
    }

    /// Exactly these entries, compared as written (repositories).
    pub fn exact<I: IntoIterator<Item = S>, S: Into<String>>(entries: I) -> Self {
        let mut list = Self::default();
        for e in entries {
            let e: String = e.into();
            match e.trim() {
                "" => {}
                "*" => list.any = true,
                t => {
                    list.entries.insert(t.to_string());
                }
            }
        }
        list
    }

    /// `WORKER_JOB_REPO_ALLOWLIST`: repositories, compared exactly.
    pub fn parse_repos(text: &str) -> Self {
        Self::exact(text.split(','))
    }

    /// `WORKER_JOB_TARBALL_ALLOWLIST`: hosts, or URLs whose host is taken; compared after the
    /// same normalisation a URL's host gets (lower case, IDN as punycode), port ignored.
    pub fn parse_hosts(text: &str) -> Result<Self, String> {
        let mut list = Self::default();
        for entry in text.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            if entry == "*" {
                list.any = true;
                continue;
            }
            let host = host_of_entry(entry)
                .ok_or_else(|| format!("{} is not a host name or URL", quoted(entry)))?;
            list.entries.insert(host);
        }
        Ok(list)
    }

    pub fn allows(&self, value: &str) -> bool {
        self.any || self.entries.contains(value)
    }

    /// Whether `value` is an entry of its own (not only allowed by `*`).
    pub fn names(&self, value: &str) -> bool {
        self.entries.contains(value)
    }

    pub fn is_empty(&self) -> bool {
        !self.any && self.entries.is_empty()
    }
}

fn host_of_entry(entry: &str) -> Option<String> {
    let url = if entry.contains("://") {
        Url::parse(entry).ok()?
    } else {
        Url::parse(&format!("https://{entry}/")).ok()?
    };
    url.host_str().filter(|h| !h.is_empty()).map(str::to_string)
}

/// The defaults of the reference where it has them (64 MiB, 30 s, nothing allowed).
pub const DEFAULT_TARBALL_MAX_BYTES: u64 = 64 << 20;
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
pub const DEFAULT_MAX_FILES: u64 = 50_000;
pub const DEFAULT_MAX_EXTRACTED_BYTES: u64 = 1 << 30;
pub const DEFAULT_MAX_REDIRECTS: u32 = 5;

/// What this node lets a job fetch, and the limits of a fetch.
#[derive(Clone, Debug)]
pub struct SourcePolicy {
    /// `WORKER_JOB_REPO_ALLOWLIST`.
    pub repos: Allowlist,
    /// `WORKER_JOB_TARBALL_ALLOWLIST`, checked on the first URL and every redirect.
    pub tarball_hosts: Allowlist,
    /// `WORKER_JOB_TARBALL_MAX_BYTES`: the largest tarball, downloaded or read.
    pub tarball_max_bytes: u64,
    /// `WORKER_JOB_TARBALL_TIMEOUT`: the longest a download or `git fetch` may take.
    pub timeout: Duration,
    /// `WORKER_JOB_TARBALL_DIR`: where `tarball_path` sources live; `None` refuses them.
    pub tarball_dir: Option<PathBuf>,
    /// `WORKER_JOB_WORKDIR`: where each fetch makes its `worker-job-*` workspace.
    pub workdir: PathBuf,
    /// `WORKER_JOB_EXTRACT_MAX_FILES`: the most entries (files and directories) an archive
    /// may hold.
    pub max_files: u64,
    /// `WORKER_JOB_EXTRACT_MAX_BYTES`: the most bytes an archive may expand to.
    pub max_extracted_bytes: u64,
    /// The most redirects a tarball download follows.
    pub max_redirects: u32,
    /// `WORKER_JOB_GIT_BIN`: the git program.
    pub git: PathBuf,
    /// `WORKER_JOB_TARBALL_CA`: roots trusted for tarball hosts besides the public ones.
    pub extra_roots: Vec<CertificateDer<'static>>,
    /// `WORKER_JOB_TARBALL_ALLOW_PRIVATE`: a tarball host that resolves to a loopback, private,
    /// link-local or other non-public address is refused unless this is set **and** the
    /// allowlist names the host itself (`*` is not enough); off by default, so an allowlisted
    /// name that comes to point inside the network cannot reach it.
    pub allow_private: bool,
}

impl Default for SourcePolicy {
    /// Nothing allowed, the reference's limits, workspaces in the OS temporary directory.
    fn default() -> Self {
        Self {
            repos: Allowlist::default(),
            tarball_hosts: Allowlist::default(),
            tarball_max_bytes: DEFAULT_TARBALL_MAX_BYTES,
            timeout: DEFAULT_TIMEOUT,
            tarball_dir: None,
            workdir: std::env::temp_dir(),
            max_files: DEFAULT_MAX_FILES,
            max_extracted_bytes: DEFAULT_MAX_EXTRACTED_BYTES,
            max_redirects: DEFAULT_MAX_REDIRECTS,
            git: PathBuf::from("git"),
            extra_roots: Vec::new(),
            allow_private: false,
        }
    }
}

impl SourcePolicy {
    /// What can be refused without touching the network or the disk: the repository and the
    /// first URL's host against the allowlists, and a tarball directory for `tarball_path`.
    /// [`super::fetch`] checks this first; a runner or an API can call it early.
    pub fn check(&self, spec: &SourceSpec) -> Result<(), SourceError> {
        match &spec.source {
            Source::GitTag { repo, .. } => {
                if !self.repos.allows(repo) {
                    return Err(SourceError::new(
                        Reason::RepoNotAllowed,
                        format!(
                            "repository {} is not in WORKER_JOB_REPO_ALLOWLIST",
                            quoted(repo)
                        ),
                    ));
                }
            }
            Source::TarballUrl { url, .. } => self.check_url(url)?,
            Source::TarballPath { .. } => {
                if self.tarball_dir.is_none() {
                    return Err(SourceError::new(
                        Reason::TarballDirNotConfigured,
                        "tarball_path sources are off on this node: WORKER_JOB_TARBALL_DIR is not set",
                    ));
                }
            }
        }
        Ok(())
    }

    /// https, and a host the tarball allowlist names.
    pub(super) fn check_url(&self, url: &Url) -> Result<(), SourceError> {
        if url.scheme() != "https" {
            return Err(SourceError::new(
                Reason::TarballNotHttps,
                format!("{} is not https", shown_url(url)),
            ));
        }
        let host = url.host_str().unwrap_or("");
        if !self.tarball_hosts.allows(host) {
            return Err(SourceError::new(
                Reason::TarballHostNotAllowed,
                format!(
                    "host {} of {} is not in WORKER_JOB_TARBALL_ALLOWLIST",
                    quoted(host),
                    shown_url(url)
                ),
            ));
        }
        Ok(())
    }
}

/// A URL for messages and logs: without its query, which may hold a signed token.
pub(super) fn shown_url(url: &Url) -> String {
    let mut shown = url.clone();
    shown.set_query(None);
    shown.set_fragment(None);
    let tail = if url.query().is_some() { "?…" } else { "" };
    quoted(&format!("{shown}{tail}"))
}
