//! `git_tag` sources on a repository the test makes, holding a tag `v1` and a branch also
//! named `v1` with other content: the tag's content is used and its commit recorded. The
//! repository helpers are shared with the real container runs (`jobs_runs/sources.rs`).

use std::path::Path;
use std::process::Command;

use worker_server::jobs::source::{Allowlist, Reason, SourceFields, SourcePolicy};

use super::*;

/// Runs git for the test's own repository, away from the host's configuration.
pub(crate) fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(["-c", "user.name=test", "-c", "user.email=test@example.com"])
        .args(["-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

pub(crate) struct Repo {
    _dir: tempfile::TempDir,
    pub(crate) url: String,
    pub(crate) tag_commit: String,
    pub(crate) branch_commit: String,
}

/// `v1` the tag (annotated, so it must be peeled to its commit) and `v1` the branch, whose
/// Dockerfile differs; plus a branch `only-branch` with no tag of its name.
fn repo() -> Repo {
    repo_with(
        &[("Dockerfile", b"FROM scratch\nLABEL from=tag\n")],
        &[("Dockerfile", b"FROM scratch\nLABEL from=branch\n")],
    )
}

/// A repository whose tag `v1` (annotated) holds `tagged` and whose branch `v1` adds a commit
/// writing `branched` over it; plus a branch `only-branch` at that commit with no tag of its
/// name. Every file is written executable, so a binary among them runs in a container.
pub(crate) fn repo_with(tagged: &[(&str, &[u8])], branched: &[(&str, &[u8])]) -> Repo {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "--quiet", "-b", "main"]);
    write_files(d, tagged);
    git(d, &["add", "."]);
    git(d, &["commit", "--quiet", "-m", "tagged"]);
    git(d, &["tag", "-a", "v1", "-m", "release v1"]);
    let tag_commit = git(d, &["rev-parse", "HEAD"]);
    git(d, &["checkout", "--quiet", "-b", "v1"]);
    write_files(d, branched);
    git(d, &["add", "."]);
    git(d, &["commit", "--quiet", "-m", "branch"]);
    let branch_commit = git(d, &["rev-parse", "HEAD"]);
    git(d, &["branch", "only-branch", &branch_commit]);
    git(d, &["checkout", "--quiet", "main"]);
    Repo {
        url: format!("file://{}", d.display()),
        _dir: dir,
        tag_commit,
        branch_commit,
    }
}

fn write_files(dir: &Path, files: &[(&str, &[u8])]) {
    use std::os::unix::fs::PermissionsExt;
    for (name, data) in files {
        let path = dir.join(name);
        std::fs::write(&path, data).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

fn policy(dirs: &Dirs, repo: &Repo, git: PathBuf) -> SourcePolicy {
    SourcePolicy {
        repos: Allowlist::exact([repo.url.as_str()]),
        git,
        ..dirs.policy()
    }
}

fn source(repo: &str, tag: &str, commit: &str) -> SourceFields {
    SourceFields {
        repo: repo.into(),
        tag: tag.into(),
        commit: commit.into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn the_tag_is_fetched_never_the_branch_of_the_same_name() {
    let Some(git_bin) = worker_testkit::tool("git", "apt-get install git") else {
        return;
    };
    let dirs = Dirs::new();
    let repo = repo();
    assert_ne!(repo.tag_commit, repo.branch_commit);
    let policy = policy(&dirs, &repo, git_bin);

    let fetched = fetch(source(&repo.url, "v1", ""), &policy).await.unwrap();
    assert_eq!(
        read(&fetched.context.join(&fetched.dockerfile)),
        "FROM scratch\nLABEL from=tag\n"
    );
    assert_eq!(fetched.commit.as_deref(), Some(repo.tag_commit.as_str()));
    assert!(
        !fetched.context.join(".git").exists(),
        "no git metadata in the context"
    );
    assert_eq!(
        (fetched.extracted.entries, fetched.extracted.bytes),
        (1, 28)
    );
    drop(fetched);
    dirs.assert_clean();

    // The extraction limits hold for a checkout too.
    let small = SourcePolicy {
        max_extracted_bytes: 27,
        ..policy.clone()
    };
    let e = refused(source(&repo.url, "v1", ""), &dirs, &small).await;
    assert_eq!(e.reason(), Reason::ArchiveTooLarge, "{e}");

    // Pinned to the tag's commit: fine. To the branch's: refused before checkout.
    let fetched = fetch(
        source(&repo.url, "v1", &repo.tag_commit.to_uppercase()),
        &policy,
    )
    .await
    .unwrap();
    assert_eq!(fetched.commit.as_deref(), Some(repo.tag_commit.as_str()));
    drop(fetched);
    let e = refused(source(&repo.url, "v1", &repo.branch_commit), &dirs, &policy).await;
    assert_eq!(e.reason(), Reason::CommitMismatch, "{e}");
    assert!(e.message().contains(&repo.tag_commit), "{e}");
}

#[tokio::test]
async fn a_branch_without_a_tag_and_unlisted_or_missing_repositories_are_refused() {
    let Some(git_bin) = worker_testkit::tool("git", "apt-get install git") else {
        return;
    };
    let dirs = Dirs::new();
    let repo = repo();
    let policy = policy(&dirs, &repo, git_bin);

    let e = refused(source(&repo.url, "only-branch", ""), &dirs, &policy).await;
    assert_eq!(e.reason(), Reason::TagNotFound, "{e}");

    let other = format!("{}/", repo.url);
    let e = refused(source(&other, "v1", ""), &dirs, &policy).await;
    assert_eq!(e.reason(), Reason::RepoNotAllowed, "{e}");

    let gone = "file:///nonexistent/worker-test-repo";
    let policy = SourcePolicy {
        repos: Allowlist::exact([gone]),
        ..policy
    };
    let e = refused(source(gone, "v1", ""), &dirs, &policy).await;
    assert_eq!(e.reason(), Reason::FetchFailed, "{e}");
    assert!(e.reason().is_transient());
}

#[tokio::test]
async fn a_fetch_that_hangs_ends_at_the_timeout_and_leaves_nothing() {
    let Some(git_bin) = worker_testkit::tool("git", "apt-get install git") else {
        return;
    };
    // A server that accepts and never answers: git would wait for ever.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let silent = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    let dirs = Dirs::new();
    let url = format!("https://127.0.0.1:{port}/r.git");
    let policy = SourcePolicy {
        repos: Allowlist::exact([url.as_str()]),
        git: git_bin,
        timeout: std::time::Duration::from_secs(1),
        ..dirs.policy()
    };
    let started = std::time::Instant::now();
    let e = refused(source(&url, "v1", ""), &dirs, &policy).await;
    assert_eq!(e.reason(), Reason::FetchTimeout, "{e}");
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    silent.abort();
}
