//! The reaper on what a dead worker leaves: a running container and an image labelled as
//! ours, beside those of a live run, which must stay.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bollard::Docker;
use bollard::body_full;
use bollard::models::{ContainerCreateBody, HostConfig};
use bollard::query_parameters::{
    BuildImageOptionsBuilder, CreateContainerOptionsBuilder, InspectContainerOptions,
    StartContainerOptions,
};
use futures::StreamExt;
use worker_server::jobs::docker::{
    LABEL_ATTEMPT, LABEL_MANAGED, LABEL_NODE, LABEL_RUN, ManagedRun, ReapScope,
};

use super::{DOCKERFILE, Harness};

fn labels(node: &str, run: &str) -> HashMap<String, String> {
    HashMap::from([
        (LABEL_MANAGED.to_owned(), "true".to_owned()),
        (LABEL_NODE.to_owned(), node.to_owned()),
        (LABEL_RUN.to_owned(), run.to_owned()),
        (LABEL_ATTEMPT.to_owned(), "1".to_owned()),
    ])
}

/// What a run left when its worker died: its image and its container, still running.
async fn orphan(harness: &Harness, run: &str) -> String {
    let docker = harness.docker();
    let labels = labels(&harness.node, run);
    let tag = format!("worker-job-reaper:{run}-1");
    let mut tar = tar::Builder::new(Vec::new());
    tar.append_path_with_name(harness.context.path().join("busybox"), "busybox")
        .unwrap();
    // One LABEL line: one build step (the builder's `labels` option makes one per label).
    let line: Vec<String> = labels.iter().map(|(k, v)| format!("{k}=\"{v}\"")).collect();
    let dockerfile = format!("{DOCKERFILE}LABEL {}\n", line.join(" "));
    let mut header = tar::Header::new_gnu();
    header.set_size(dockerfile.len() as u64);
    header.set_mode(0o644);
    tar.append_data(&mut header, "Dockerfile", dockerfile.as_bytes())
        .unwrap();
    let body = tar.into_inner().unwrap();
    let options = BuildImageOptionsBuilder::default()
        .t(&tag)
        .rm(true)
        .forcerm(true)
        .build();
    let mut build = docker.build_image(options, None, Some(body_full(body.into())));
    while let Some(item) = build.next().await {
        item.expect("the orphan's image builds");
    }
    let name = format!("worker-job-{run}-1");
    let config = ContainerCreateBody {
        image: Some(tag),
        cmd: Some(vec!["sleep 120".to_owned()]),
        labels: Some(labels),
        host_config: Some(HostConfig {
            network_mode: Some("none".to_owned()),
            ..Default::default()
        }),
        ..Default::default()
    };
    let options = CreateContainerOptionsBuilder::default().name(&name).build();
    docker
        .create_container(Some(options), config)
        .await
        .unwrap();
    docker
        .start_container(&name, None::<StartContainerOptions>)
        .await
        .unwrap();
    name
}

async fn exists(docker: &Docker, name: &str) -> bool {
    docker
        .inspect_container(name, None::<InspectContainerOptions>)
        .await
        .is_ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reaper_removes_what_dead_runs_left_and_keeps_live_ones() {
    let Some(harness) = Harness::start().await else {
        return;
    };
    let dead = format!("dead-{}", uuid::Uuid::now_v7());
    let live = format!("live-{}", uuid::Uuid::now_v7());
    let dead_container = orphan(&harness, &dead).await;
    let live_container = orphan(&harness, &live).await;

    let asked = Arc::new(Mutex::new(Vec::new()));
    let report = {
        let asked = asked.clone();
        let live = live.clone();
        harness
            .runner
            .reap(
                &ReapScope::Node(harness.node.clone()),
                move |run: ManagedRun| {
                    asked.lock().unwrap().push(run.clone());
                    let answer = run.run_id == live;
                    async move { answer }
                },
            )
            .await
            .unwrap()
    };
    assert!(report.problems.is_empty(), "{report:?}");
    assert_eq!(report.containers_kept, 1);
    assert_eq!(report.containers_removed.len(), 1);
    assert_eq!(report.containers_removed[0].run_id, dead);
    assert_eq!(report.containers_removed[0].attempt, Some(1));
    assert_eq!(
        report.containers_removed[0].node.as_deref(),
        Some(harness.node.as_str())
    );
    assert_eq!(report.images_removed.len(), 1, "the dead run's image");
    assert_eq!(
        asked.lock().unwrap().len(),
        2,
        "one question per run: {asked:?}"
    );
    assert!(!exists(harness.docker(), &dead_container).await);
    assert!(exists(harness.docker(), &live_container).await);
    harness.assert_nothing_left_of(&dead).await;

    // Another node's pass does not touch this node's containers.
    let other = harness
        .runner
        .reap(
            &ReapScope::Node(format!("{}-other", harness.node)),
            |_| async { false },
        )
        .await
        .unwrap();
    assert_eq!(other, Default::default());
    assert!(exists(harness.docker(), &live_container).await);

    // The live run ends without cleaning up (its worker died too): the next pass takes it.
    let report = harness
        .runner
        .reap(&ReapScope::Node(harness.node.clone()), |_| async { false })
        .await
        .unwrap();
    assert_eq!(report.containers_removed.len(), 1);
    assert_eq!(report.images_removed.len(), 1);
    harness.assert_nothing_left(&[&dead, &live]).await;
}

impl Harness {
    async fn assert_nothing_left_of(&self, run: &str) {
        let by = HashMap::from([("label".to_owned(), vec![format!("{LABEL_RUN}={run}")])]);
        let options = bollard::query_parameters::ListContainersOptionsBuilder::default()
            .all(true)
            .filters(&by)
            .build();
        assert!(
            self.docker()
                .list_containers(Some(options))
                .await
                .unwrap()
                .is_empty()
        );
        let options = bollard::query_parameters::ListImagesOptionsBuilder::default()
            .all(true)
            .filters(&by)
            .build();
        assert!(
            self.docker()
                .list_images(Some(options))
                .await
                .unwrap()
                .is_empty()
        );
    }
}

/// A build cut short (its `workerd` died mid-step) leaves a running step container and the
/// images of the steps before it. Every step after `FROM` carries our labels (the runner
/// labels each stage right after its `FROM`), so the reaper finds and removes them all.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reaper_removes_a_cut_builds_step_container_and_intermediate_images() {
    let Some(harness) = Harness::start().await else {
        return;
    };
    let docker = harness.docker();
    let run = format!("cut-{}", uuid::Uuid::now_v7());
    let labels = labels(&harness.node, &run);
    let line: Vec<String> = labels.iter().map(|(k, v)| format!("{k}=\"{v}\"")).collect();
    let dockerfile = format!(
        "FROM scratch\nLABEL {}\nCOPY busybox /bin/busybox\nRUN [\"/bin/busybox\", \"true\"]\n\
         RUN [\"/bin/busybox\", \"sleep\", \"120\"]\n",
        line.join(" ")
    );
    let mut tar = tar::Builder::new(Vec::new());
    tar.append_path_with_name(harness.context.path().join("busybox"), "busybox")
        .unwrap();
    let mut header = tar::Header::new_gnu();
    header.set_size(dockerfile.len() as u64);
    header.set_mode(0o644);
    tar.append_data(&mut header, "Dockerfile", dockerfile.as_bytes())
        .unwrap();
    let body = tar.into_inner().unwrap();
    let options = BuildImageOptionsBuilder::default()
        .t(&format!("worker-job-reaper:{run}-1"))
        .nocache(true)
        .networkmode("none")
        .build();
    let mut build = docker.build_image(options, None, Some(body_full(body.into())));
    // Until the sleeping step's container is made (the second step that runs one); then the
    // build is left as a crash leaves it (the stream is kept open, so the engine does not
    // clean up on its own).
    let mut steps_run = 0;
    while let Some(item) = build.next().await {
        let text = item.expect("the build runs").stream.unwrap_or_default();
        steps_run += text.matches("Running in").count();
        if steps_run >= 2 {
            break;
        }
    }
    assert_eq!(steps_run, 2, "the build ended before its last step");
    let report = harness
        .runner
        .reap(&ReapScope::Node(harness.node.clone()), |_| async { false })
        .await
        .unwrap();
    assert!(report.problems.is_empty(), "{report:?}");
    assert_eq!(report.containers_removed.len(), 1, "the step's: {report:?}");
    assert!(!report.images_removed.is_empty(), "{report:?}");
    // The engine finishes the cut build's step after the reap (its container was killed under
    // it) and may leave that step's image. The build's stream ends once the engine is done
    // with it (dropping the stream instead left an image committed after the last check), and
    // the next pass, as the reaper's interval makes one, removes what the first could not see.
    tokio::time::timeout(Duration::from_secs(120), async {
        while build.next().await.is_some() {}
    })
    .await
    .expect("the cut build ends once its step's container is gone");
    let again = harness
        .runner
        .reap(&ReapScope::Node(harness.node.clone()), |_| async { false })
        .await
        .unwrap();
    assert!(again.problems.is_empty(), "{again:?}");
    harness.assert_nothing_left_of(&run).await;
}
