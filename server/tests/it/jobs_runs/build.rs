//! What a job's image build sees, on the real engine: the context without what its
//! `.dockerignore` excludes, and no network in its `RUN` steps unless the node says so
//! (`WORKER_JOB_BUILD_NETWORK`, `none` by default).

use worker_server::engine::jobs::model::{JobLogStream, JobRunStatus, JobSource, JobSpec};

use super::{DOCKERFILE, JobHarness, context_tar_gz};

/// A job built from `name` in the tarball directory, a context of `files` beside busybox.
fn job_from(h: &JobHarness, name: &str, files: &[(&str, &[u8])], script: &str) -> JobSpec {
    let busybox = std::fs::read("/bin/busybox").unwrap();
    let mut all: Vec<(&str, &[u8], u32)> = vec![("busybox", &busybox, 0o755)];
    all.extend(files.iter().map(|(n, d)| (*n, *d, 0o644)));
    std::fs::write(
        h.tarballs().join(format!("{name}.tar.gz")),
        context_tar_gz(&all),
    )
    .unwrap();
    let mut spec = h.job(name, script);
    spec.source = JobSource::TarballPath {
        path: format!("{name}.tar.gz"),
        sha256: None,
    };
    spec
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_the_dockerignore_excludes_are_not_in_the_image() {
    let Some(h) = JobHarness::start(&[]).await else {
        return;
    };
    let dockerfile = format!("{DOCKERFILE}COPY . /ctx/\n");
    let spec = job_from(
        &h,
        "ignored",
        &[
            ("Dockerfile", dockerfile.as_bytes()),
            (
                ".dockerignore",
                b"# kept out of the image\n/secret.txt\n*.log\n!keep.log\n",
            ),
            ("secret.txt", b"do not ship\n"),
            ("debug.log", b"noise\n"),
            ("keep.log", b"wanted\n"),
            ("app.txt", b"the app\n"),
        ],
        "cd /ctx && for f in secret.txt debug.log keep.log app.txt .dockerignore; do \
         if [ -e $f ]; then echo has $f; else echo no $f; fi; done; \
         echo generated $(ls -a /ctx | grep -c worker-job)",
    );
    let run = h.run(spec).await;
    let done = h
        .wait_run(&run, "the run to end", |r| r.status.is_terminal())
        .await;
    assert_eq!(done.status, JobRunStatus::Succeeded, "{done:?}");
    assert_eq!(
        h.log(&done, JobLogStream::Stdout).await,
        "no secret.txt\nno debug.log\nhas keep.log\nhas app.txt\nhas .dockerignore\n\
         generated 0\n",
        "the generated Dockerfile is not in the context a COPY sees"
    );
    h.assert_nothing_left(&done).await;
    h.assert_no_workspace();
    h.stop().await;
}

/// The interfaces a `RUN` step sees, written into the image and printed by the job.
async fn build_step_interfaces(env: &[(&str, &str)]) -> Option<String> {
    let h = JobHarness::start(env).await?;
    let dockerfile = format!(
        "{DOCKERFILE}RUN [\"/bin/busybox\", \"sh\", \"-c\", \"ls /sys/class/net > /net.txt\"]\n"
    );
    let spec = job_from(
        &h,
        "build-net",
        &[("Dockerfile", dockerfile.as_bytes())],
        "cat /net.txt",
    );
    let run = h.run(spec).await;
    let done = h
        .wait_run(&run, "the run to end", |r| r.status.is_terminal())
        .await;
    assert_eq!(done.status, JobRunStatus::Succeeded, "{done:?}");
    let out = h.log(&done, JobLogStream::Stdout).await;
    h.assert_nothing_left(&done).await;
    h.stop().await;
    Some(out)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_build_step_has_no_network_unless_the_node_gives_it_one() {
    let Some(out) = build_step_interfaces(&[]).await else {
        return;
    };
    assert_eq!(out, "lo\n", "only loopback by default");
    // The same step on the engine's default bridge sees an interface of its own, so the
    // check above is one that could fail.
    let out = build_step_interfaces(&[("WORKER_JOB_BUILD_NETWORK", "bridge")])
        .await
        .unwrap();
    let interfaces: Vec<&str> = out.lines().collect();
    assert!(
        interfaces.len() > 1 && interfaces.contains(&"lo"),
        "{interfaces:?}"
    );
}
