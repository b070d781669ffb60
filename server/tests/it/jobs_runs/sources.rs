//! Real container runs from each kind of source, beside the `tarball_path` runs of `runs.rs`:
//! a `git_tag` job from a local repository whose branch shares the tag's name (the tag's
//! content runs and its commit is recorded), a `tarball_url` job from the loopback HTTPS server
//! with a test certificate, and the refusals a run meets at its fetch (a pinned commit the tag
//! does not have, a redirect off the allowlist, a tarball outside the tarball directory, a
//! SHA-256 mismatch): each fails at once, without its retries, with its reason in the run's
//! error, and leaves no container, image or workspace. The repository and the server are the
//! fetch tests' own (`job_sources/`).

use worker_server::engine::jobs::model::{
    JobEventStatus, JobLogStream, JobRunRecord, JobRunStatus, JobSource, JobSpec,
};
use worker_server::jobs::source::{Allowlist, Reason};

use super::{DOCKERFILE, JobHarness, context_tar_gz};
use crate::job_sources::git::repo_with;
use crate::job_sources::sha256;
use crate::job_sources::tarball_url::serve;

/// Asserts `run` failed at its fetch on the first attempt (a refusal is permanent, so the
/// job's retries are not used) with `reason` in its error, and left nothing behind.
async fn assert_refused(h: &JobHarness, run: &JobRunRecord, reason: Reason) -> JobRunRecord {
    let done = h
        .wait_run(run, "the refused run to end", |r| r.status.is_terminal())
        .await;
    assert_eq!(done.status, JobRunStatus::Failed, "{done:?}");
    assert_eq!(done.attempt, 1, "a refusal is not retried: {done:?}");
    assert!(
        done.error
            .as_deref()
            .is_some_and(|e| e.contains(reason.as_str())),
        "{reason}: {done:?}"
    );
    assert_eq!(done.exit_code, None, "no container ran: {done:?}");
    h.wait_statuses(
        &done,
        &[
            JobEventStatus::Queued,
            JobEventStatus::Running,
            JobEventStatus::Failed,
        ],
    )
    .await;
    h.assert_nothing_left(&done).await;
    h.assert_no_workspace();
    done
}

/// `spec` with `source` and two retries (which a refusal must not use).
fn from(mut spec: JobSpec, source: JobSource) -> JobSpec {
    spec.source = source;
    spec.retries = 2;
    spec
}

/// The tag `v1` and the branch `v1` both build an image that prints `marker.txt`; only the
/// branch's says `from-branch`.
fn marker_repo() -> crate::job_sources::git::Repo {
    let busybox = std::fs::read("/bin/busybox").unwrap_or_default();
    let dockerfile = format!("{DOCKERFILE}COPY marker.txt /marker.txt\n");
    repo_with(
        &[
            ("Dockerfile", dockerfile.as_bytes()),
            ("busybox", &busybox),
            ("marker.txt", b"from-tag\n"),
        ],
        &[("marker.txt", b"from-branch\n")],
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_git_tag_job_runs_the_tags_content_never_the_branchs_and_records_its_commit() {
    let Some(git) = worker_testkit::tool("git", "apt-get install git") else {
        return;
    };
    let repo = marker_repo();
    let url = repo.url.clone();
    let Some(h) = JobHarness::start_with(&[], |policy| {
        policy.repos = Allowlist::exact([url.as_str()]);
        policy.git = git;
    })
    .await
    else {
        return;
    };
    let source = JobSource::GitTag {
        repo: repo.url.clone(),
        tag: "v1".into(),
        commit: None,
    };
    let run = h
        .run(from(h.job("from-git", "cat /marker.txt"), source))
        .await;
    let done = h
        .wait_run(&run, "the run to end", |r| r.status.is_terminal())
        .await;
    assert_eq!(done.status, JobRunStatus::Succeeded, "{done:?}");
    assert_eq!(h.log(&done, JobLogStream::Stdout).await, "from-tag\n");
    let build = h.log(&done, JobLogStream::Build).await;
    assert!(!build.contains("from-branch"), "{build}");
    assert_eq!(
        done.resolved_commit.as_deref(),
        Some(repo.tag_commit.as_str())
    );
    h.assert_nothing_left(&done).await;
    h.assert_no_workspace();

    // Pinned to the tag's own commit it runs the same; pinned to the branch's it is refused.
    let pinned = JobSource::GitTag {
        repo: repo.url.clone(),
        tag: "v1".into(),
        commit: Some(repo.branch_commit.clone()),
    };
    let run = h
        .run(from(h.job("from-git-pinned", "cat /marker.txt"), pinned))
        .await;
    let done = assert_refused(&h, &run, Reason::CommitMismatch).await;
    assert!(
        done.error
            .as_deref()
            .is_some_and(|e| e.contains(&repo.tag_commit)),
        "the error names the tag's commit: {done:?}"
    );
    assert_eq!(done.resolved_commit, None);
    assert_eq!(h.log(&done, JobLogStream::Stdout).await, "");
    h.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tarball_url_job_runs_from_an_allowlisted_https_host_and_a_redirect_off_it_is_refused() {
    // Without busybox the harness skips (and says why) below.
    let busybox = std::fs::read("/bin/busybox").unwrap_or_default();
    let bytes = context_tar_gz(&[
        ("Dockerfile", DOCKERFILE.as_bytes(), 0o644),
        ("busybox", &busybox, 0o755),
    ]);
    let server = serve(bytes.clone()).await;
    let ca = server.ca.clone();
    let Some(h) = JobHarness::start_with(&[], |policy| {
        policy.tarball_hosts = Allowlist::parse_hosts("localhost").unwrap();
        policy.allow_private = true;
        policy.extra_roots = vec![ca];
    })
    .await
    else {
        return;
    };
    let at = |path: &str| format!("https://localhost:{}{path}", server.port);
    let source = JobSource::TarballUrl {
        url: at("/app.tgz"),
        sha256: Some(sha256(&bytes)),
    };
    let run = h
        .run(from(h.job("from-url", "echo served over https"), source))
        .await;
    let done = h
        .wait_run(&run, "the run to end", |r| r.status.is_terminal())
        .await;
    assert_eq!(done.status, JobRunStatus::Succeeded, "{done:?}");
    assert_eq!(
        h.log(&done, JobLogStream::Stdout).await,
        "served over https\n"
    );
    h.assert_nothing_left(&done).await;
    h.assert_no_workspace();

    // The same file, but through a redirect to 127.0.0.1, which the allowlist does not name.
    let source = JobSource::TarballUrl {
        url: at("/off-list"),
        sha256: Some(sha256(&bytes)),
    };
    let run = h
        .run(from(h.job("off-list", "echo must not run"), source))
        .await;
    let done = assert_refused(&h, &run, Reason::TarballHostNotAllowed).await;
    assert!(
        done.error
            .as_deref()
            .is_some_and(|e| e.contains("127.0.0.1")),
        "{done:?}"
    );
    h.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tarball_outside_the_tarball_directory_is_refused_and_leaves_nothing() {
    let Some(h) = JobHarness::start(&[]).await else {
        return;
    };
    let outside = h.outside().join("job.tar.gz");
    std::fs::copy(h.tarball(), &outside).unwrap();
    // A link inside the directory to the file outside it.
    std::os::unix::fs::symlink(&outside, h.tarballs().join("escape.tgz")).unwrap();
    for (name, path) in [
        ("via-link", "escape.tgz"),
        ("via-dotdot", "../outside/job.tar.gz"),
    ] {
        let source = JobSource::TarballPath {
            path: path.into(),
            sha256: None,
        };
        let run = h.run(from(h.job(name, "echo must not run"), source)).await;
        assert_refused(&h, &run, Reason::TarballPathEscape).await;
    }
    h.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sha256_mismatch_is_refused_and_leaves_nothing() {
    let Some(h) = JobHarness::start(&[]).await else {
        return;
    };
    let actual = sha256(&std::fs::read(h.tarball()).unwrap());
    let source = JobSource::TarballPath {
        path: "job.tar.gz".into(),
        sha256: Some(sha256(b"some other tarball")),
    };
    let run = h
        .run(from(h.job("mismatch", "echo must not run"), source))
        .await;
    let done = assert_refused(&h, &run, Reason::Sha256Mismatch).await;
    assert!(
        done.error.as_deref().is_some_and(|e| e.contains(&actual)),
        "the error says what the file's digest is: {done:?}"
    );
    h.stop().await;
}
