//! The reaper: containers and images labelled as ours whose run is no longer live (its
//! worker died with it, or a clean-up failed) are killed and removed: the run's container,
//! and a build's step containers and intermediate images, which carry the labels too (the
//! build labels every stage right after its `FROM`). It runs at start and
//! on every maintenance pass; the caller says which runs are live.

use std::collections::HashMap;
use std::future::Future;

use bollard::Docker;
use bollard::query_parameters::{
    ListContainersOptionsBuilder, ListImagesOptionsBuilder, RemoveContainerOptionsBuilder,
    RemoveImageOptionsBuilder,
};

use super::DockerError;
use super::cleanup::absent_is_fine;
use super::spec::{LABEL_ATTEMPT, LABEL_JOB, LABEL_MANAGED, LABEL_NODE, LABEL_RUN};

/// Whose leftovers a pass considers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReapScope {
    /// Only what this node made (`worker.node`): the usual case, one engine per node.
    Node(String),
    /// Everything labelled as ours on the engine: nodes sharing one engine.
    AllNodes,
}

/// A run as its labels name it; the reaper asks the caller whether it is still live.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ManagedRun {
    /// `worker.run`; empty when the label is missing (then nothing can be live).
    pub run_id: String,
    /// `worker.attempt`, when present and a number.
    pub attempt: Option<u32>,
    pub node: Option<String>,
    pub job: Option<String>,
}

impl ManagedRun {
    fn from_labels(labels: &HashMap<String, String>) -> Self {
        Self {
            run_id: labels.get(LABEL_RUN).cloned().unwrap_or_default(),
            attempt: labels.get(LABEL_ATTEMPT).and_then(|a| a.parse().ok()),
            node: labels.get(LABEL_NODE).cloned(),
            job: labels.get(LABEL_JOB).cloned(),
        }
    }
}

/// What one pass did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReapReport {
    /// Runs whose container was killed and removed.
    pub containers_removed: Vec<ManagedRun>,
    /// Containers left because their run is live.
    pub containers_kept: usize,
    /// Image ids removed.
    pub images_removed: Vec<String>,
    /// Removals the engine refused; the next pass tries again.
    pub problems: Vec<String>,
}

pub(crate) async fn reap<F, Fut>(
    docker: &Docker,
    scope: &ReapScope,
    mut is_live: F,
) -> Result<ReapReport, DockerError>
where
    F: FnMut(ManagedRun) -> Fut,
    Fut: Future<Output = bool>,
{
    let mut labels = vec![format!("{LABEL_MANAGED}=true")];
    if let ReapScope::Node(node) = scope {
        labels.push(format!("{LABEL_NODE}={node}"));
    }
    let filters = HashMap::from([("label".to_owned(), labels)]);
    // One answer per run and pass: its container and image are judged alike.
    let mut answers: HashMap<ManagedRun, bool> = HashMap::new();
    let mut live = async |run: ManagedRun| -> bool {
        if run.run_id.is_empty() {
            return false;
        }
        if let Some(&answer) = answers.get(&run) {
            return answer;
        }
        let answer = is_live(run.clone()).await;
        answers.insert(run, answer);
        answer
    };
    let mut report = ReapReport::default();

    let options = ListContainersOptionsBuilder::default()
        .all(true)
        .filters(&filters)
        .build();
    let containers = docker
        .list_containers(Some(options))
        .await
        .map_err(DockerError::Engine)?;
    for container in containers {
        let Some(id) = container.id else { continue };
        let run = ManagedRun::from_labels(&container.labels.unwrap_or_default());
        if live(run.clone()).await {
            report.containers_kept += 1;
            continue;
        }
        // Forced removal kills a running container first (SIGKILL).
        let options = RemoveContainerOptionsBuilder::default()
            .force(true)
            .v(true)
            .build();
        match absent_is_fine(docker.remove_container(&id, Some(options)).await) {
            Ok(()) => report.containers_removed.push(run),
            Err(error) => report.problems.push(format!("container {id}: {error}")),
        }
    }

    // Tagged images of dead runs, dangling ones (a run's build that lost its tag), and the
    // intermediate images of a build cut short (every step after `FROM` carries our labels).
    let options = ListImagesOptionsBuilder::default()
        .all(true)
        .filters(&filters)
        .build();
    let images = docker
        .list_images(Some(options))
        .await
        .map_err(DockerError::Engine)?;
    // A parent goes with its last child (the engine prunes untagged parents), and removing
    // it first would be refused while the child stands: only leaves are removed here.
    let parents: std::collections::HashSet<String> =
        images.iter().map(|i| i.parent_id.clone()).collect();
    for image in images {
        if parents.contains(&image.id) {
            continue;
        }
        let run = ManagedRun::from_labels(&image.labels);
        if live(run).await {
            continue;
        }
        let options = RemoveImageOptionsBuilder::default().force(true).build();
        match docker.remove_image(&image.id, Some(options), None).await {
            Ok(_) => report.images_removed.push(image.id),
            Err(error) => match absent_is_fine(Err(error)) {
                Ok(()) => {}
                Err(error) => report.problems.push(format!("image {}: {error}", image.id)),
            },
        }
    }
    if !report.containers_removed.is_empty() || !report.images_removed.is_empty() {
        tracing::info!(
            containers = report.containers_removed.len(),
            images = report.images_removed.len(),
            "removed job containers and images of runs no longer live"
        );
    }
    Ok(report)
}
