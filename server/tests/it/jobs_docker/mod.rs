//! The Docker job runner against the real engine: jobs built from a `FROM scratch` image with
//! Debian's static busybox, run hardened, ended every way (exit, OOM, timeout, cancel, a
//! dropped run, a failed build), and the reaper; after each test nothing of ours is left.
//!
//! Skipped with a message when busybox or the engine is missing, unless `WORKER_TEST_REQUIRE`
//! names `busybox` or `docker` (CI names both). Every test has its own node id and run id, so
//! they run in parallel and each checks only its own leftovers.

mod reaper;
mod runs;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use bollard::Docker;
use bollard::query_parameters::{ListContainersOptionsBuilder, ListImagesOptionsBuilder};
use worker_server::jobs::docker::{
    DockerRunner, LABEL_NODE, LABEL_RUN, Limits, OutputChunk, OutputStream, RunSpec, RunnerSettings,
};

/// A test's runner, its own node id and a build context holding busybox.
pub(crate) struct Harness {
    pub(crate) runner: DockerRunner,
    pub(crate) node: String,
    pub(crate) context: tempfile::TempDir,
}

/// The image every test job runs: busybox as `sh -c`, so a job's command is one script.
const DOCKERFILE: &str =
    "FROM scratch\nCOPY busybox /bin/busybox\nENTRYPOINT [\"/bin/busybox\", \"sh\", \"-c\"]\n";

impl Harness {
    /// The harness, or `None` when the test must skip (it has said why).
    pub(crate) async fn start() -> Option<Self> {
        Self::with(|_| {}).await
    }

    pub(crate) async fn with(adjust: impl FnOnce(&mut RunnerSettings)) -> Option<Self> {
        let busybox = busybox()?;
        let node = format!("test-{}", uuid::Uuid::now_v7().simple());
        let mut settings = RunnerSettings::new(&node);
        adjust(&mut settings);
        let runner = match DockerRunner::connect(settings).await {
            Ok(runner) => runner,
            Err(error) => {
                worker_testkit::missing("docker", &format!("no Docker engine: {error}"));
                return None;
            }
        };
        let context = tempfile::tempdir().unwrap();
        std::fs::copy(&busybox, context.path().join("busybox")).unwrap();
        std::fs::write(context.path().join("Dockerfile"), DOCKERFILE).unwrap();
        Some(Self {
            runner,
            node,
            context,
        })
    }

    pub(crate) fn docker(&self) -> &Docker {
        self.runner.docker()
    }

    /// A run of `script` with a fresh run id and small limits.
    pub(crate) fn spec(&self, script: &str) -> RunSpec {
        RunSpec {
            run_id: uuid::Uuid::now_v7().to_string(),
            attempt: 1,
            job_name: "Test Job".to_owned(),
            context_dir: self.context.path().to_path_buf(),
            dockerfile: PathBuf::from("Dockerfile"),
            workspace: None,
            command: vec![script.to_owned()],
            env: Vec::new(),
            user: None,
            limits: Limits {
                cpus: 0.5,
                memory_mb: 64,
                pids: 64,
                work_dir_mb: 8,
                output_bytes: 64 * 1024,
                timeout: Duration::from_secs(60),
            },
        }
    }

    /// Asserts that no container or image labelled with this test's node remains, and none
    /// named after `runs`.
    pub(crate) async fn assert_nothing_left(&self, runs: &[&str]) {
        let mut filters = vec![format!("{LABEL_NODE}={}", self.node)];
        filters.extend(runs.iter().map(|run| format!("{LABEL_RUN}={run}")));
        for filter in filters {
            let by = HashMap::from([("label".to_owned(), vec![filter.clone()])]);
            let options = ListContainersOptionsBuilder::default()
                .all(true)
                .filters(&by)
                .build();
            let containers = self.docker().list_containers(Some(options)).await.unwrap();
            assert!(
                containers.is_empty(),
                "containers left with {filter}: {containers:?}"
            );
            let options = ListImagesOptionsBuilder::default()
                .all(true)
                .filters(&by)
                .build();
            let images = self.docker().list_images(Some(options)).await.unwrap();
            assert!(images.is_empty(), "images left with {filter}: {images:?}");
        }
    }
}

/// Debian's static busybox (a dynamic one cannot run in an empty image).
fn busybox() -> Option<PathBuf> {
    let path = Path::new("/bin/busybox");
    if path.is_file() {
        return Some(path.to_path_buf());
    }
    worker_testkit::missing(
        "busybox",
        "/bin/busybox is not installed (apt-get install busybox-static)",
    );
    None
}

/// The text of the chunks from `streams`, in order.
pub(crate) fn text(chunks: &[OutputChunk], streams: &[OutputStream]) -> String {
    let bytes: Vec<u8> = chunks
        .iter()
        .filter(|c| streams.contains(&c.stream))
        .flat_map(|c| c.bytes.iter().copied())
        .collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Consecutive chunks of one stream joined: what a reader of the log sees, stream by stream.
pub(crate) fn runs_of(chunks: &[OutputChunk]) -> Vec<(OutputStream, String)> {
    let mut out: Vec<(OutputStream, String)> = Vec::new();
    for chunk in chunks
        .iter()
        .filter(|c| matches!(c.stream, OutputStream::Stdout | OutputStream::Stderr))
    {
        let piece = String::from_utf8_lossy(&chunk.bytes);
        match out.last_mut() {
            Some((stream, text)) if *stream == chunk.stream => text.push_str(&piece),
            _ => out.push((chunk.stream, piece.into_owned())),
        }
    }
    out
}
