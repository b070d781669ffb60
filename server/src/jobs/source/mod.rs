//! A job's build context, fetched into a fresh workspace directory: a git tag, a tarball over
//! HTTPS or a tarball file, checked against this node's [`SourcePolicy`], unpacked safely, and
//! its Dockerfile found. Bad input is refused with a stable [`Reason`] and nothing is left on
//! disk: the workspace is removed on every error, and when the [`Fetched`] is dropped.
//!
//! ```text
//! SourceFields ──SourceSpec::parse──▶ SourceSpec ──fetch(spec, policy)──▶ Fetched { context, dockerfile, commit, sha256 }
//! ```
//!
//! Dropping the future of [`fetch`] (a cancelled run) kills git and removes the workspace.

mod dockerfile;
mod download;
mod error;
mod extract;
mod git;
mod policy;
mod spec;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::time::Duration;

use tempfile::TempDir;

pub use error::{Reason, SourceError};
pub use extract::ExtractStats;
pub use policy::{
    Allowlist, DEFAULT_MAX_EXTRACTED_BYTES, DEFAULT_MAX_FILES, DEFAULT_MAX_REDIRECTS,
    DEFAULT_TARBALL_MAX_BYTES, DEFAULT_TIMEOUT, SourcePolicy,
};
pub use spec::{DEFAULT_DOCKERFILE, Source, SourceFields, SourceKind, SourceSpec};

/// A fetched build context. Its workspace directory is removed when it is dropped.
#[derive(Debug)]
pub struct Fetched {
    workspace: TempDir,
    /// The directory to build in (absolute, inside the workspace).
    pub context: PathBuf,
    /// The Dockerfile, relative to `context` (for `docker build -f`).
    pub dockerfile: PathBuf,
    /// The commit a `git_tag` source resolved to (lowercase hex).
    pub commit: Option<String>,
    /// The SHA-256 of a tarball source's bytes (lowercase hex), declared or not.
    pub sha256: Option<String>,
    /// The size in bytes of a tarball source.
    pub tarball_bytes: Option<u64>,
    /// What the tree holds: a tarball's extracted entries, or a git checkout's.
    pub extracted: ExtractStats,
}

impl Fetched {
    /// The workspace directory (`<workdir>/worker-job-*`); the context is below it.
    pub fn workspace(&self) -> &Path {
        self.workspace.path()
    }

    /// Removes the workspace now, off the async runtime, and says whether that worked.
    pub async fn remove(self) -> std::io::Result<()> {
        let dir = self.workspace;
        tokio::task::spawn_blocking(move || dir.close())
            .await
            .map_err(std::io::Error::other)?
    }
}

/// Fetches `spec`'s source under `policy` into a new workspace in `policy.workdir`.
pub async fn fetch(spec: &SourceSpec, policy: &SourcePolicy) -> Result<Fetched, SourceError> {
    policy.check(spec)?;
    let workdir = policy.workdir.clone();
    let workspace = blocking(move || {
        tempfile::Builder::new()
            .prefix("worker-job-")
            .tempdir_in(workdir)
    })
    .await
    .map_err(|e| {
        SourceError::workspace(
            &format!(
                "making a workspace in {}",
                error::quoted(&policy.workdir.display().to_string())
            ),
            &e,
        )
    })?;
    let tree = workspace.path().join("tree");
    tokio::fs::create_dir(&tree)
        .await
        .map_err(|e| SourceError::workspace("making the workspace", &e))?;
    let mut fetched = Fetched {
        workspace,
        context: PathBuf::new(),
        dockerfile: PathBuf::new(),
        commit: None,
        sha256: None,
        tarball_bytes: None,
        extracted: ExtractStats::default(),
    };
    match &spec.source {
        Source::GitTag { repo, tag, commit } => {
            let home = fetched.workspace.path().join("home");
            tokio::fs::create_dir(&home)
                .await
                .map_err(|e| SourceError::workspace("making the workspace", &e))?;
            let resolved = within(
                policy.timeout,
                git::fetch_tag(policy, repo, tag, commit.as_deref(), &tree, &home),
            )
            .await?;
            fetched.commit = Some(resolved);
            let (tree, limits) = (tree.clone(), limits(policy));
            fetched.extracted = blocking(move || extract::measure(&tree, limits)).await?;
        }
        Source::TarballUrl { url, sha256 } => {
            let file = fetched.workspace.path().join("download");
            let got = within(policy.timeout, download::fetch_url(url, policy, &file)).await?;
            fetched = unpack(fetched, file, got, sha256.as_deref(), &tree, policy).await?;
        }
        Source::TarballPath { path, sha256 } => {
            let dir = policy.tarball_dir.clone().unwrap_or_default();
            let file = fetched.workspace.path().join("download");
            let (rel, dest, max) = (path.clone(), file.clone(), policy.tarball_max_bytes);
            let got = blocking(move || download::copy_file(&dir, &rel, max, &dest)).await?;
            fetched = unpack(fetched, file, got, sha256.as_deref(), &tree, policy).await?;
        }
    }
    let (path, name) = (spec.path.clone(), spec.dockerfile.clone());
    let tree_for = tree.clone();
    let (context, dockerfile) =
        blocking(move || dockerfile::discover(&tree_for, path.as_deref(), &name)).await?;
    fetched.context = context;
    fetched.dockerfile = dockerfile;
    Ok(fetched)
}

/// Verifies the SHA-256 over the whole file, then extracts it and deletes it. The blocking
/// task owns the workspace meanwhile, so a cancelled fetch removes it only once extraction
/// has stopped writing.
async fn unpack(
    mut fetched: Fetched,
    file: PathBuf,
    got: download::Downloaded,
    declared: Option<&str>,
    tree: &Path,
    policy: &SourcePolicy,
) -> Result<Fetched, SourceError> {
    if let Some(declared) = declared
        && declared != got.sha256
    {
        return Err(SourceError::new(
            Reason::Sha256Mismatch,
            format!(
                "the tarball's SHA-256 is {}, but the job declares {declared}; nothing was extracted",
                got.sha256
            ),
        ));
    }
    fetched.sha256 = Some(got.sha256);
    fetched.tarball_bytes = Some(got.bytes);
    let limits = limits(policy);
    let tree = tree.to_path_buf();
    let (fetched, stats) = blocking(move || {
        let stats = extract::extract(&file, &tree, limits);
        let _ = std::fs::remove_file(&file);
        (fetched, stats)
    })
    .await;
    let mut fetched = fetched;
    fetched.extracted = stats?;
    Ok(fetched)
}

fn limits(policy: &SourcePolicy) -> extract::Limits {
    extract::Limits {
        max_files: policy.max_files,
        max_bytes: policy.max_extracted_bytes,
    }
}

async fn within<T>(
    limit: Duration,
    work: impl Future<Output = Result<T, SourceError>>,
) -> Result<T, SourceError> {
    tokio::time::timeout(limit, work).await.unwrap_or_else(|_| {
        Err(SourceError::new(
            Reason::FetchTimeout,
            format!(
                "the fetch took longer than {} (WORKER_JOB_TARBALL_TIMEOUT)",
                humantime::format_duration(limit)
            ),
        ))
    })
}

/// Runs blocking file work off the async runtime; a panic there is re-raised here.
async fn blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    match tokio::task::spawn_blocking(work).await {
        Ok(value) => value,
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(e) => panic!("a blocking fetch step was cancelled: {e}"),
    }
}
