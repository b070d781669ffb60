//! Job runs end to end in process: a job put in a real SQLite store, `Engine::run_job`, and a
//! real worker pool whose `job_runner` handler fetches a `tarball_path` source (a tar.gz the
//! test makes in the tarball directory, `FROM scratch` plus Debian's static busybox) and runs
//! it on the real Docker engine (`sources.rs` runs git and HTTPS sources too, `build.rs`
//! other contexts). Each test checks the run's record, log and events, and that nothing
//! labelled with its run is left on the engine.
//!
//! Skipped with a message when busybox or the engine is missing, unless `WORKER_TEST_REQUIRE`
//! names `busybox` or `docker`.

mod build;
mod crash;
mod log_events;
mod runs;
mod sources;

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::Path;
use std::time::Duration;

use bollard::query_parameters::{ListContainersOptionsBuilder, ListImagesOptionsBuilder};
use worker_server::config::Config;
use worker_server::engine::jobs::model::{
    JobEventRecord, JobEventStatus, JobLogStream, JobRecord, JobRunRecord, JobSource, JobSpec,
    JobTrigger,
};
use worker_server::engine::model::{JobName, QueueName};
use worker_server::engine::{Engine, EngineConfig};
use worker_server::jobs::docker::{DockerRunner, LABEL_RUN};
use worker_server::jobs::runner::{JobRunner, JobRunnerSettings, runner_settings};
use worker_server::jobs::source::SourcePolicy;
use worker_server::runtime::{Handlers, Maintenance, Worker, WorkerOptions};
use worker_server::store::Store;

use crate::support::{SqliteHarness, eventually, fast_config};

/// How long a run may take to reach an awaited state: a build on a loaded machine is slow.
pub(crate) const RUN_WAIT: Duration = Duration::from_secs(120);

pub(crate) const DOCKERFILE: &str =
    "FROM scratch\nCOPY busybox /bin/busybox\nENTRYPOINT [\"/bin/busybox\", \"sh\", \"-c\"]\n";

/// A store, an engine, a worker pool serving `job_runner`, maintenance, and a tarball dir
/// holding `job.tar.gz`.
pub(crate) struct JobHarness {
    sqlite: SqliteHarness,
    pub(crate) engine: Engine,
    worker: Option<Worker>,
    maintenance: Option<Maintenance>,
    pub(crate) docker: DockerRunner,
    dirs: tempfile::TempDir,
}

impl JobHarness {
    /// The harness, or `None` when the test must skip (it has said why). `env` is read as
    /// `workerd` reads its environment, for the job settings.
    pub(crate) async fn start(env: &[(&str, &str)]) -> Option<Self> {
        Self::start_with(env, |_| {}).await
    }

    /// As [`JobHarness::start`], with `policy` adjusting the node's source policy (allowlists,
    /// git, extra roots) after the work and tarball directories are set.
    pub(crate) async fn start_with(
        env: &[(&str, &str)],
        policy: impl FnOnce(&mut SourcePolicy),
    ) -> Option<Self> {
        let busybox = Path::new("/bin/busybox");
        if !busybox.is_file() {
            worker_testkit::missing(
                "busybox",
                "/bin/busybox is not installed (apt-get install busybox-static)",
            );
            return None;
        }
        let env: BTreeMap<String, String> = env
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let config = Config::from_map(&env).expect("the test's configuration is valid");
        // As `workerd` makes them (networks included), under a node id of the test's own.
        let mut settings = runner_settings(&config);
        settings.node_id = format!("test-{}", uuid::Uuid::now_v7().simple());
        settings.stop_grace = Duration::from_secs(1);
        let docker = match DockerRunner::connect(settings).await {
            Ok(docker) => docker,
            Err(error) => {
                worker_testkit::missing("docker", &format!("no Docker engine: {error}"));
                return None;
            }
        };
        let dirs = tempfile::tempdir().unwrap();
        let (work, tarballs) = (dirs.path().join("work"), dirs.path().join("tarballs"));
        std::fs::create_dir(&work).unwrap();
        std::fs::create_dir(&tarballs).unwrap();
        write_tarball(&tarballs.join("job.tar.gz"), busybox);

        let mut job_settings = JobRunnerSettings::from(&config.jobs);
        job_settings.source = SourcePolicy {
            workdir: work,
            tarball_dir: Some(tarballs),
            ..SourcePolicy::default()
        };
        policy(&mut job_settings.source);
        job_settings.cpus = 0.5;
        job_settings.memory_mb = job_settings.memory_mb.min(64);
        job_settings.pids = 64;

        let sqlite = SqliteHarness::new();
        let engine = sqlite
            .engine(EngineConfig {
                // Long enough for the runner's stop (1 s grace) to finish before the runtime
                // would give up on a cancelled handler.
                cancel_grace_ms: 10_000,
                // No test here is about an expiring lease (crash.rs runs its own workerd), and
                // a 3 s lease whose heartbeat is late on a loaded machine would reclaim a run
                // mid-fetch, which reads as a second attempt of a refusal. Not longer: a
                // cancel reaches the runner with the heartbeat, a third of the lease.
                lease_ms: 12_000,
                job_output_bytes: config.jobs.output_bytes,
                ..fast_config()
            })
            .await;
        let mut handlers = Handlers::new();
        JobRunner::new(engine.clone(), docker.clone(), job_settings).register(&mut handlers);
        let worker = Worker::start(
            engine.clone(),
            handlers,
            WorkerOptions {
                concurrency: 2,
                poll_interval: Duration::from_millis(50),
                shutdown_grace: Duration::from_secs(5),
                ..WorkerOptions::default()
            },
        )
        .unwrap();
        let maintenance = Maintenance::start(engine.clone(), Duration::from_millis(50));
        Some(Self {
            sqlite,
            engine,
            worker: Some(worker),
            maintenance: Some(maintenance),
            docker,
            dirs,
        })
    }

    /// `job.tar.gz`, for a test that hands it to a `workerd` of its own.
    pub(crate) fn tarball(&self) -> std::path::PathBuf {
        self.dirs.path().join("tarballs").join("job.tar.gz")
    }

    /// The tarball directory (`WORKER_JOB_TARBALL_DIR`).
    pub(crate) fn tarballs(&self) -> std::path::PathBuf {
        self.dirs.path().join("tarballs")
    }

    /// A directory beside the tarball directory, outside it.
    pub(crate) fn outside(&self) -> std::path::PathBuf {
        let dir = self.dirs.path().join("outside");
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// Asserts no workspace is left in the work directory.
    pub(crate) fn assert_no_workspace(&self) {
        let left: Vec<_> = std::fs::read_dir(self.dirs.path().join("work"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert!(left.is_empty(), "workspaces left behind: {left:?}");
    }

    pub(crate) fn store(&self) -> std::sync::Arc<dyn Store> {
        self.sqlite.store()
    }

    /// A job running `script` under `sh -c` from `job.tar.gz`.
    pub(crate) fn job(&self, name: &str, script: &str) -> JobSpec {
        JobSpec {
            name: JobName::new(name).unwrap(),
            description: String::new(),
            source: JobSource::TarballPath {
                path: "job.tar.gz".into(),
                sha256: None,
            },
            path: String::new(),
            dockerfile: String::new(),
            command: vec![script.to_owned()],
            env: Vec::new(),
            queue: QueueName::new("default").unwrap(),
            retries: 0,
            timeout_ms: 120_000,
            cpus: None,
            memory_mb: None,
            pids: None,
        }
    }

    /// Puts `spec` and runs it by hand.
    pub(crate) async fn run(&self, spec: JobSpec) -> JobRunRecord {
        let name = spec.name.clone();
        self.store()
            .upsert_job(
                JobRecord {
                    spec,
                    created_at_ms: self.engine.now_ms(),
                    updated_at_ms: self.engine.now_ms(),
                    revision: 0,
                },
                None,
            )
            .await
            .unwrap();
        self.engine
            .run_job(
                &name,
                JobTrigger::Manual {
                    actor: "test".into(),
                },
            )
            .await
            .unwrap()
    }

    /// The run once `done` holds for it.
    pub(crate) async fn wait_run(
        &self,
        run: &JobRunRecord,
        what: &str,
        done: impl Fn(&JobRunRecord) -> bool,
    ) -> JobRunRecord {
        let store = self.store();
        eventually(what, RUN_WAIT, || {
            let store = store.clone();
            let id = run.run_id.clone();
            let done = &done;
            async move {
                let run = store.get_job_run(&id).await.unwrap()?;
                done(&run).then_some(run)
            }
        })
        .await
    }

    /// The run's log as text, stream by stream.
    pub(crate) async fn log(&self, run: &JobRunRecord, stream: JobLogStream) -> String {
        let page = self
            .store()
            .read_job_log(&run.run_id, 0, 10_000)
            .await
            .unwrap();
        let bytes: Vec<u8> = page
            .chunks
            .iter()
            .filter(|c| c.stream == stream)
            .flat_map(|c| c.data.iter().copied())
            .collect();
        String::from_utf8_lossy(&bytes).into_owned()
    }

    /// The run's events, oldest first.
    pub(crate) async fn events(&self, run: &JobRunRecord) -> Vec<JobEventRecord> {
        let mut events: Vec<JobEventRecord> = self
            .store()
            .list_job_events(Some(&run.job), 1_000)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.task_id == run.run_id)
            .collect();
        events.reverse();
        events
    }

    pub(crate) async fn statuses(&self, run: &JobRunRecord) -> Vec<JobEventStatus> {
        self.events(run).await.iter().map(|e| e.status).collect()
    }

    /// Waits until `run`'s events are `want`: a run's event is appended after its status is
    /// written, so a run seen ended may not have its last event yet.
    pub(crate) async fn wait_statuses(&self, run: &JobRunRecord, want: &[JobEventStatus]) {
        eventually("the run's events", RUN_WAIT, || async {
            (self.statuses(run).await == want).then_some(())
        })
        .await;
    }

    /// Waits until no container or image of `run` is left (a clean-up spawned by a dropped
    /// run finishes in the background).
    pub(crate) async fn assert_nothing_left(&self, run: &JobRunRecord) {
        let filter = format!("{LABEL_RUN}={}", run.run_id);
        let docker = self.docker.docker().clone();
        eventually(
            "the run's containers and images to be gone",
            Duration::from_secs(60),
            || {
                let docker = docker.clone();
                let filter = filter.clone();
                async move {
                    let by = HashMap::from([("label".to_owned(), vec![filter])]);
                    let options = ListContainersOptionsBuilder::default()
                        .all(true)
                        .filters(&by)
                        .build();
                    let containers = docker.list_containers(Some(options)).await.unwrap();
                    let options = ListImagesOptionsBuilder::default()
                        .all(true)
                        .filters(&by)
                        .build();
                    let images = docker.list_images(Some(options)).await.unwrap();
                    (containers.is_empty() && images.is_empty()).then_some(())
                }
            },
        )
        .await;
    }

    pub(crate) async fn stop(mut self) {
        if let Some(worker) = self.worker.take() {
            worker.shutdown().await;
        }
        if let Some(maintenance) = self.maintenance.take() {
            maintenance.stop().await;
        }
    }
}

/// `job.tar.gz`: the Dockerfile and busybox.
fn write_tarball(path: &Path, busybox: &Path) {
    let mut file = std::fs::File::create(path).unwrap();
    let busybox = std::fs::read(busybox).unwrap();
    file.write_all(&context_tar_gz(&[
        ("Dockerfile", DOCKERFILE.as_bytes(), 0o644),
        ("busybox", &busybox, 0o755),
    ]))
    .unwrap();
    file.flush().unwrap();
}

/// A gzipped tar of `files` (name, contents, mode) at its top level.
pub(crate) fn context_tar_gz(files: &[(&str, &[u8], u32)]) -> Vec<u8> {
    let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let mut tar = tar::Builder::new(gz);
    for (name, data, mode) in files {
        let mut header = tar::Header::new_gnu();
        header.set_size(data.len() as u64);
        header.set_mode(*mode);
        header.set_entry_type(tar::EntryType::Regular);
        tar.append_data(&mut header, name, *data).unwrap();
    }
    tar.into_inner().unwrap().finish().unwrap()
}
