//! The one error of fetching a job's source: a stable machine reason for the wire and the
//! run's record, and a message for people that says what was wrong and what to change.

use std::fmt;

/// Why a source was refused or could not be fetched. [`Reason::as_str`] is the stable
/// snake_case name carried in `ErrorInfo` and the run's record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Reason {
    /// The spec itself is wrong: unknown or ambiguous source, missing field, bad tag, URL,
    /// SHA-256, commit, path or Dockerfile name.
    SourceInvalid,
    /// A `git_tag` repository that `WORKER_JOB_REPO_ALLOWLIST` does not name.
    RepoNotAllowed,
    /// The tag does not exist in the repository (a branch of that name does not count).
    TagNotFound,
    /// The tag resolved to another commit than the job pinned.
    CommitMismatch,
    /// A URL (first or any redirect) whose host `WORKER_JOB_TARBALL_ALLOWLIST` does not name.
    TarballHostNotAllowed,
    /// A URL (first or any redirect) whose host is, or resolves to, a loopback, private,
    /// link-local or other non-public address, without `WORKER_JOB_TARBALL_ALLOW_PRIVATE` and
    /// the host named in the allowlist.
    TarballAddressNotAllowed,
    /// A URL (first or any redirect) that is not https.
    TarballNotHttps,
    /// More redirects than the hop limit.
    TarballTooManyRedirects,
    /// `tarball_path` while `WORKER_JOB_TARBALL_DIR` is unset.
    TarballDirNotConfigured,
    /// `tarball_path` names no file.
    TarballNotFound,
    /// `tarball_path` leaves the tarball directory (by `..` or a link), or is a link itself.
    TarballPathEscape,
    /// The tarball is bigger than `WORKER_JOB_TARBALL_MAX_BYTES`.
    TarballTooLarge,
    /// The tarball's SHA-256 is not the one the job declared.
    Sha256Mismatch,
    /// An archive entry with an absolute path, `..`, a link, a device or a fifo.
    ArchiveUnsafe,
    /// The archive holds more bytes or entries than the policy allows.
    ArchiveTooLarge,
    /// Not a tar (or gzipped tar) archive, or a truncated one.
    ArchiveInvalid,
    /// The download or `git fetch` failed: network, TLS, HTTP status, git error.
    FetchFailed,
    /// The fetch took longer than `WORKER_JOB_TARBALL_TIMEOUT`.
    FetchTimeout,
    /// No Dockerfile where the job says (nor, without a `path`, in one sub-directory).
    DockerfileNotFound,
    /// Without a `path`, more than one sub-directory holds a Dockerfile.
    DockerfileAmbiguous,
    /// The local workspace could not be made or written (disk full, permissions).
    WorkspaceFailed,
}

impl Reason {
    /// The stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::SourceInvalid => "job_source_invalid",
            Reason::RepoNotAllowed => "job_repo_not_allowed",
            Reason::TagNotFound => "job_tag_not_found",
            Reason::CommitMismatch => "job_commit_mismatch",
            Reason::TarballHostNotAllowed => "job_tarball_host_not_allowed",
            Reason::TarballAddressNotAllowed => "job_tarball_address_not_allowed",
            Reason::TarballNotHttps => "job_tarball_not_https",
            Reason::TarballTooManyRedirects => "job_tarball_too_many_redirects",
            Reason::TarballDirNotConfigured => "job_tarball_dir_not_configured",
            Reason::TarballNotFound => "job_tarball_not_found",
            Reason::TarballPathEscape => "job_tarball_path_escape",
            Reason::TarballTooLarge => "job_tarball_too_large",
            Reason::Sha256Mismatch => "job_sha256_mismatch",
            Reason::ArchiveUnsafe => "job_archive_unsafe",
            Reason::ArchiveTooLarge => "job_archive_too_large",
            Reason::ArchiveInvalid => "job_archive_invalid",
            Reason::FetchFailed => "job_fetch_failed",
            Reason::FetchTimeout => "job_fetch_timeout",
            Reason::DockerfileNotFound => "job_dockerfile_not_found",
            Reason::DockerfileAmbiguous => "job_dockerfile_ambiguous",
            Reason::WorkspaceFailed => "job_workspace_failed",
        }
    }

    /// Whether running the same job again can succeed without anyone changing the job, the
    /// policy or the published source: network trouble and a full disk pass, a refused spec
    /// does not. A runner fails the run for good on a permanent reason instead of retrying.
    pub fn is_transient(self) -> bool {
        matches!(
            self,
            Reason::FetchFailed | Reason::FetchTimeout | Reason::WorkspaceFailed
        )
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A refused or failed fetch: the reason and a message for people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceError {
    reason: Reason,
    message: String,
}

impl SourceError {
    pub fn new(reason: Reason, message: impl Into<String>) -> Self {
        Self {
            reason,
            message: message.into(),
        }
    }

    pub fn reason(&self) -> Reason {
        self.reason
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    pub(super) fn invalid(message: impl Into<String>) -> Self {
        Self::new(Reason::SourceInvalid, message)
    }

    pub(super) fn workspace(what: &str, e: &std::io::Error) -> Self {
        Self::new(Reason::WorkspaceFailed, format!("{what}: {e}"))
    }
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.message, self.reason)
    }
}

impl std::error::Error for SourceError {}

/// `text` for a message, cut at 200 characters so a hostile value cannot flood a log line.
pub(super) fn quoted(text: &str) -> String {
    const MAX: usize = 200;
    if text.chars().count() <= MAX {
        format!("{text:?}")
    } else {
        let cut: String = text.chars().take(MAX).collect();
        format!("{cut:?}…")
    }
}
