//! Runs to each of their ends, and what a job sees inside its container.

use std::time::{Duration, Instant};

use bollard::query_parameters::InspectContainerOptions;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use worker_server::jobs::docker::{OutputChunk, OutputStream, RunEnd, RunOutcome, RunSpec};

use super::{Harness, runs_of, text};
use crate::support::eventually;

async fn run(harness: &Harness, spec: RunSpec) -> (RunOutcome, Vec<OutputChunk>) {
    let mut chunks = Vec::new();
    let outcome = harness
        .runner
        .run(spec, &mut chunks, std::future::pending())
        .await
        .expect("the run is carried out");
    (outcome, chunks)
}

/// Runs `spec` in the background, sending its output to the returned channel.
fn spawn_run(
    harness: &Harness,
    spec: RunSpec,
    cancel: CancellationToken,
) -> (
    tokio::task::JoinHandle<RunOutcome>,
    mpsc::Receiver<OutputChunk>,
) {
    let (tx, rx) = mpsc::channel(64);
    let runner = harness.runner.clone();
    let task = tokio::spawn(async move {
        let mut tx = tx;
        runner
            .run(spec, &mut tx, cancel.cancelled_owned())
            .await
            .expect("the run is carried out")
    });
    (task, rx)
}

/// Reads output until a line `ready` on stdout; returns what was read.
async fn until_ready(rx: &mut mpsc::Receiver<OutputChunk>) -> Vec<OutputChunk> {
    let mut seen = Vec::new();
    while !text(&seen, &[OutputStream::Stdout]).contains("ready\n") {
        let chunk = tokio::time::timeout(Duration::from_secs(60), rx.recv())
            .await
            .expect("the job says it is ready")
            .expect("the run is still going");
        seen.push(chunk);
    }
    seen
}

async fn assert_container_gone(harness: &Harness, name: &str) {
    let inspected = harness
        .docker()
        .inspect_container(name, None::<InspectContainerOptions>)
        .await;
    assert!(
        matches!(
            inspected,
            Err(bollard::errors::Error::DockerResponseServerError {
                status_code: 404,
                ..
            })
        ),
        "container {name} still exists: {inspected:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_streams_stdout_and_stderr_in_order_and_succeeds() {
    let Some(harness) = Harness::start().await else {
        return;
    };
    // Two pipes have no common order: writes are spaced so the test can hold the engine to
    // the order they were made in.
    let mut spec = harness.spec("echo out1; sleep 0.3; echo err1 >&2; sleep 0.3; echo out2");
    let workspace = tempfile::tempdir().unwrap().keep();
    spec.workspace = Some(workspace.clone());
    let run_id = spec.run_id.clone();
    let (outcome, chunks) = run(&harness, spec).await;

    assert_eq!(outcome.end, RunEnd::Succeeded);
    assert_eq!(outcome.exit_code, Some(0));
    assert!(!outcome.oom_killed);
    assert_eq!(
        runs_of(&chunks),
        [
            (OutputStream::Stdout, "out1\n".to_owned()),
            (OutputStream::Stderr, "err1\n".to_owned()),
            (OutputStream::Stdout, "out2\n".to_owned()),
        ]
    );
    let build = text(&chunks, &[OutputStream::Build]);
    assert!(build.contains("COPY busybox"), "build output: {build}");
    let (started, finished) = (
        outcome.started_at_ms.unwrap(),
        outcome.finished_at_ms.unwrap(),
    );
    assert!(finished - started >= 500, "{started}..{finished}");
    assert_eq!(outcome.output.seen, 15);
    assert!(outcome.container.starts_with("worker-job-"));
    assert!(outcome.image.starts_with("worker-job-test-job:"));
    assert!(!workspace.exists(), "the workspace is removed");
    assert_container_gone(&harness, &outcome.container).await;
    harness.assert_nothing_left(&[&run_id]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_non_zero_exit_is_a_failure_with_its_code() {
    let Some(harness) = Harness::start().await else {
        return;
    };
    let spec = harness.spec("echo failing >&2; exit 3");
    let run_id = spec.run_id.clone();
    let (outcome, chunks) = run(&harness, spec).await;
    assert_eq!(outcome.end, RunEnd::Failed);
    assert_eq!(outcome.exit_code, Some(3));
    assert_eq!(text(&chunks, &[OutputStream::Stderr]), "failing\n");
    harness.assert_nothing_left(&[&run_id]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_over_its_memory_limit_is_oom_killed() {
    let Some(harness) = Harness::start().await else {
        return;
    };
    let mut spec = harness.spec("x=$(head -c 100000000 /dev/zero | tr '\\0' a); echo survived");
    spec.limits.memory_mb = 16;
    let run_id = spec.run_id.clone();
    let (outcome, chunks) = run(&harness, spec).await;
    assert_eq!(outcome.end, RunEnd::OomKilled, "output: {chunks:?}");
    assert!(outcome.oom_killed);
    assert!(!text(&chunks, &[OutputStream::Stdout]).contains("survived"));
    if let Some(peak) = outcome.peak_memory_bytes {
        assert!(peak <= 16 * 1024 * 1024, "peak {peak} is within the limit");
    }
    harness.assert_nothing_left(&[&run_id]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn peak_memory_is_reported_when_the_engine_has_it() {
    let Some(harness) = Harness::start().await else {
        return;
    };
    // Holds about 20 MB for two seconds, long enough for the stats stream's samples.
    let spec = harness.spec("x=$(head -c 20000000 /dev/zero | tr '\\0' a); sleep 2; echo ${#x}");
    let run_id = spec.run_id.clone();
    let (outcome, chunks) = run(&harness, spec).await;
    assert_eq!(outcome.end, RunEnd::Succeeded, "output: {chunks:?}");
    assert_eq!(text(&chunks, &[OutputStream::Stdout]), "20000000\n");
    let peak = outcome
        .peak_memory_bytes
        .expect("this engine reports memory");
    assert!(
        (20_000_000..=64 * 1024 * 1024).contains(&peak),
        "peak {peak} bytes"
    );
    harness.assert_nothing_left(&[&run_id]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_past_its_timeout_is_killed() {
    let Some(harness) = Harness::start().await else {
        return;
    };
    let mut spec = harness.spec("echo started; sleep 120");
    spec.limits.timeout = Duration::from_secs(8);
    let run_id = spec.run_id.clone();
    let began = Instant::now();
    let (outcome, chunks) = run(&harness, spec).await;
    assert_eq!(outcome.end, RunEnd::TimedOut);
    assert_eq!(
        text(&chunks, &[OutputStream::Stdout]),
        "started\n",
        "the container ran"
    );
    assert!(text(&chunks, &[OutputStream::Notice]).contains("timed out"));
    assert_eq!(outcome.exit_code, Some(137), "killed by SIGKILL");
    assert!(
        began.elapsed() < Duration::from_secs(60),
        "{:?}",
        began.elapsed()
    );
    assert_container_gone(&harness, &outcome.container).await;
    harness.assert_nothing_left(&[&run_id]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_run_gets_sigterm_and_its_container_is_gone() {
    let Some(harness) = Harness::with(|s| s.stop_grace = Duration::from_secs(20)).await else {
        return;
    };
    let spec = harness.spec("trap 'echo stopping; exit 143' TERM; echo ready; sleep 120 & wait");
    let run_id = spec.run_id.clone();
    let cancel = CancellationToken::new();
    let began = Instant::now();
    let (task, mut rx) = spawn_run(&harness, spec, cancel.clone());
    let mut chunks = until_ready(&mut rx).await;
    cancel.cancel();
    while let Some(chunk) = rx.recv().await {
        chunks.push(chunk);
    }
    let outcome = task.await.unwrap();
    assert_eq!(outcome.end, RunEnd::Cancelled);
    assert_eq!(
        outcome.exit_code,
        Some(143),
        "the job's own exit on SIGTERM"
    );
    assert_eq!(text(&chunks, &[OutputStream::Stdout]), "ready\nstopping\n");
    assert!(
        began.elapsed() < Duration::from_secs(20),
        "stopped before the grace ran out"
    );
    assert_container_gone(&harness, &outcome.container).await;
    harness.assert_nothing_left(&[&run_id]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_job_that_ignores_sigterm_is_killed_after_the_grace() {
    let Some(harness) = Harness::with(|s| s.stop_grace = Duration::from_secs(1)).await else {
        return;
    };
    let spec = harness.spec("trap '' TERM; echo ready; sleep 120");
    let run_id = spec.run_id.clone();
    let cancel = CancellationToken::new();
    let (task, mut rx) = spawn_run(&harness, spec, cancel.clone());
    until_ready(&mut rx).await;
    cancel.cancel();
    while rx.recv().await.is_some() {}
    let outcome = task.await.unwrap();
    assert_eq!(outcome.end, RunEnd::Cancelled);
    assert_eq!(outcome.exit_code, Some(137), "SIGKILL after the grace");
    harness.assert_nothing_left(&[&run_id]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_dropped_half_way_still_removes_its_container() {
    let Some(harness) = Harness::start().await else {
        return;
    };
    let spec = harness.spec("echo ready; sleep 120");
    let run_id = spec.run_id.clone();
    let (task, mut rx) = spawn_run(&harness, spec, CancellationToken::new());
    until_ready(&mut rx).await;
    // What the runtime's hard stop does to a handler that overstays its cancel grace.
    task.abort();
    let _ = task.await;
    // The guard's clean-up runs in the background: watch the engine, another process.
    eventually(
        "the dropped run's container and image to go",
        Duration::from_secs(60),
        || async {
            let by = std::collections::HashMap::from([(
                "label".to_owned(),
                vec![format!("worker.run={run_id}")],
            )]);
            let options = bollard::query_parameters::ListContainersOptionsBuilder::default()
                .all(true)
                .filters(&by)
                .build();
            let containers = harness
                .docker()
                .list_containers(Some(options))
                .await
                .unwrap();
            let options = bollard::query_parameters::ListImagesOptionsBuilder::default()
                .filters(&by)
                .build();
            let images = harness.docker().list_images(Some(options)).await.unwrap();
            (containers.is_empty() && images.is_empty()).then_some(())
        },
    )
    .await;
    harness.assert_nothing_left(&[&run_id]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_host_environment_does_not_reach_the_container() {
    let Some(harness) = Harness::start().await else {
        return;
    };
    let mut spec = harness.spec("env");
    spec.env = vec![("GIVEN".to_owned(), "yes it is".to_owned())];
    let run_id = spec.run_id.clone();
    let (outcome, chunks) = run(&harness, spec).await;
    assert_eq!(outcome.end, RunEnd::Succeeded);
    let inside = text(&chunks, &[OutputStream::Stdout]);
    let names: Vec<&str> = inside
        .lines()
        .filter_map(|l| l.split_once('=').map(|(n, _)| n))
        .collect();
    assert!(inside.lines().any(|l| l == "GIVEN=yes it is"), "{inside}");
    // What the engine and the shell set themselves, and what the job was given: nothing else.
    let own = ["PATH", "HOSTNAME", "HOME", "SHLVL", "PWD", "GIVEN"];
    assert!(
        names.iter().all(|name| own.contains(name)),
        "unexpected variables inside: {inside}"
    );
    let host: Vec<String> = std::env::vars()
        .map(|(name, _)| name)
        .filter(|n| !own.contains(&n.as_str()))
        .collect();
    assert!(
        !host.is_empty(),
        "the test process has variables of its own"
    );
    for name in &host {
        assert!(
            !names.contains(&name.as_str()),
            "{name} leaked into the container"
        );
    }
    harness.assert_nothing_left(&[&run_id]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_root_is_read_only_and_the_work_directory_writable() {
    let Some(harness) = Harness::start().await else {
        return;
    };
    // As root, so the refusal is the read-only mount and not file permissions.
    let mut spec = harness.spec(
        "pwd; touch /probe || echo root-refused; touch /work/probe && echo work-ok; \
         touch /tmp/probe && echo tmp-ok; head -c 9000000 /dev/zero > /work/big || echo work-full",
    );
    spec.user = Some("0:0".to_owned());
    let run_id = spec.run_id.clone();
    let (outcome, chunks) = run(&harness, spec).await;
    assert_eq!(outcome.end, RunEnd::Succeeded);
    assert_eq!(
        text(&chunks, &[OutputStream::Stdout]),
        "/work\nroot-refused\nwork-ok\ntmp-ok\nwork-full\n",
        "the 8 MiB work directory is writable and bounded"
    );
    assert!(text(&chunks, &[OutputStream::Stderr]).contains("Read-only file system"));
    harness.assert_nothing_left(&[&run_id]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_runs_as_nobody_without_capabilities_or_privilege_gain() {
    let Some(harness) = Harness::start().await else {
        return;
    };
    let spec =
        harness.spec("id -u; id -g; grep -E '^(CapEff|CapBnd|NoNewPrivs)' /proc/self/status");
    let run_id = spec.run_id.clone();
    let (outcome, chunks) = run(&harness, spec).await;
    assert_eq!(outcome.end, RunEnd::Succeeded);
    let out = text(&chunks, &[OutputStream::Stdout]);
    let words: Vec<Vec<&str>> = out
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(words[0], ["65534"], "{out}");
    assert_eq!(words[1], ["65534"], "{out}");
    assert!(
        words.contains(&vec!["CapEff:", "0000000000000000"]),
        "{out}"
    );
    assert!(
        words.contains(&vec!["CapBnd:", "0000000000000000"]),
        "{out}"
    );
    assert!(words.contains(&vec!["NoNewPrivs:", "1"]), "{out}");
    harness.assert_nothing_left(&[&run_id]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_has_no_network_by_default() {
    let Some(harness) = Harness::start().await else {
        return;
    };
    let spec = harness.spec("ls /sys/class/net");
    let run_id = spec.run_id.clone();
    let (outcome, chunks) = run(&harness, spec).await;
    assert_eq!(outcome.end, RunEnd::Succeeded);
    assert_eq!(
        text(&chunks, &[OutputStream::Stdout]),
        "lo\n",
        "loopback only"
    );
    harness.assert_nothing_left(&[&run_id]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn output_past_the_cap_is_cut_with_a_marker_and_the_job_still_ends() {
    let Some(harness) = Harness::start().await else {
        return;
    };
    let mut spec = harness.spec("head -c 1000000 /dev/zero | tr '\\0' x; echo done >&2");
    spec.limits.output_bytes = 1000;
    let run_id = spec.run_id.clone();
    let (outcome, chunks) = run(&harness, spec).await;
    assert_eq!(outcome.end, RunEnd::Succeeded);
    assert_eq!(outcome.output.seen, 1_000_005);
    assert_eq!(outcome.output.kept, 1000);
    assert!(outcome.output.truncated);
    assert_eq!(
        text(&chunks, &[OutputStream::Stdout, OutputStream::Stderr]).len(),
        1000
    );
    assert!(text(&chunks, &[OutputStream::Notice]).contains("truncated after 1000 bytes"));
    harness.assert_nothing_left(&[&run_id]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_build_leaves_no_image_behind() {
    let Some(harness) = Harness::start().await else {
        return;
    };
    std::fs::write(
        harness.context.path().join("Broken.Dockerfile"),
        "FROM scratch\nCOPY busybox /bin/busybox\nRUN [\"/bin/busybox\", \"false\"]\n",
    )
    .unwrap();
    let mut spec = harness.spec("echo never");
    spec.dockerfile = "Broken.Dockerfile".into();
    let run_id = spec.run_id.clone();
    let (outcome, chunks) = run(&harness, spec).await;
    let RunEnd::BuildFailed { message } = &outcome.end else {
        panic!("expected a build failure, got {outcome:?}");
    };
    assert!(message.contains("non-zero code"), "{message}");
    assert_eq!(outcome.exit_code, None);
    let build = text(&chunks, &[OutputStream::Build]);
    // The COPY step's image would be left dangling (unlabelled) without the guard.
    let steps: Vec<&str> = build
        .lines()
        .filter_map(|l| l.trim().strip_prefix("---> "))
        .filter(|id| id.len() == 12 && id.bytes().all(|b| b.is_ascii_hexdigit()))
        .collect();
    assert!(!steps.is_empty(), "build output: {build}");
    for id in steps {
        let inspected = harness.docker().inspect_image(id).await;
        assert!(inspected.is_err(), "step image {id} is left: {inspected:?}");
    }
    harness.assert_nothing_left(&[&run_id]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anonymous_volumes_go_with_the_container() {
    let Some(harness) = Harness::with(|s| s.stop_grace = Duration::from_secs(1)).await else {
        return;
    };
    std::fs::write(
        harness.context.path().join("Volume.Dockerfile"),
        format!("{}VOLUME /data\n", super::DOCKERFILE),
    )
    .unwrap();
    let mut spec = harness.spec("echo ready; sleep 120");
    spec.dockerfile = "Volume.Dockerfile".into();
    let run_id = spec.run_id.clone();
    let cancel = CancellationToken::new();
    let (task, mut rx) = spawn_run(&harness, spec, cancel.clone());
    until_ready(&mut rx).await;
    let name = format!("worker-job-{run_id}-1");
    let inspected = harness
        .docker()
        .inspect_container(&name, None::<InspectContainerOptions>)
        .await
        .unwrap();
    let volumes: Vec<String> = inspected
        .mounts
        .unwrap_or_default()
        .into_iter()
        .filter_map(|m| m.name)
        .collect();
    assert_eq!(volumes.len(), 1, "the image's VOLUME makes one");
    cancel.cancel();
    while rx.recv().await.is_some() {}
    assert_eq!(task.await.unwrap().end, RunEnd::Cancelled);
    for volume in volumes {
        let inspected = harness.docker().inspect_volume(&volume).await;
        assert!(inspected.is_err(), "volume {volume} is left");
    }
    harness.assert_nothing_left(&[&run_id]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invalid_spec_is_refused_before_the_engine_and_its_workspace_removed() {
    let Some(harness) = Harness::start().await else {
        return;
    };
    let mut spec = harness.spec("true");
    spec.dockerfile = "../Dockerfile".into();
    let workspace = tempfile::tempdir().unwrap().keep();
    spec.workspace = Some(workspace.clone());
    let error = harness
        .runner
        .run(spec, &mut Vec::new(), std::future::pending())
        .await
        .unwrap_err();
    assert_eq!(error.reason(), "job_run_invalid");
    assert!(error.is_permanent());
    assert!(!workspace.exists());
    harness.assert_nothing_left(&[]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_build_past_the_timeout_is_abandoned_and_leaves_nothing() {
    let Some(harness) = Harness::start().await else {
        return;
    };
    std::fs::write(
        harness.context.path().join("Slow.Dockerfile"),
        "FROM scratch\nCOPY busybox /bin/busybox\nRUN [\"/bin/busybox\", \"sh\", \"-c\", \"echo building; sleep 120\"]\n",
    )
    .unwrap();
    let mut spec = harness.spec("echo never");
    spec.dockerfile = "Slow.Dockerfile".into();
    spec.limits.timeout = Duration::from_secs(5);
    let run_id = spec.run_id.clone();
    let began = Instant::now();
    let (outcome, chunks) = run(&harness, spec).await;
    assert_eq!(outcome.end, RunEnd::TimedOut);
    assert_eq!(outcome.exit_code, None, "no container ran");
    assert!(text(&chunks, &[OutputStream::Build]).contains("building"));
    assert!(
        began.elapsed() < Duration::from_secs(60),
        "{:?}",
        began.elapsed()
    );
    let build = text(&chunks, &[OutputStream::Build]);
    for line in build.lines() {
        let line = line.trim();
        if let Some(id) = line.strip_prefix("---> Running in ") {
            let inspected = harness
                .docker()
                .inspect_container(id.trim(), None::<InspectContainerOptions>)
                .await;
            assert!(inspected.is_err(), "step container {id} is left");
        } else if let Some(id) = line.strip_prefix("---> ")
            && id.len() == 12
            && id.bytes().all(|b| b.is_ascii_hexdigit())
        {
            let inspected = harness.docker().inspect_image(id).await;
            assert!(inspected.is_err(), "step image {id} is left");
        }
    }
    harness.assert_nothing_left(&[&run_id]).await;
}
