//! `workerd` killed with SIGKILL while its job's container runs: the container outlives it,
//! the restarted node (same `WORKER_NODE_ID`) reaps it and the run's workspace at start, and
//! the run ends by the lease rules (its lease expires, the task is reclaimed, and with no retry left the run fails).

use std::collections::HashMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;

use bollard::Docker;
use bollard::query_parameters::ListContainersOptionsBuilder;
use worker_server::engine::Engine;
use worker_server::engine::clock::SystemClock;
use worker_server::engine::jobs::model::{JobRecord, JobRunStatus, JobTrigger};
use worker_server::jobs::docker::LABEL_RUN;
use worker_server::store::JobStore;
use worker_server::store::sqlite::{Durability, SqliteStore};

use super::{JobHarness, RUN_WAIT};
use crate::support::{eventually, fast_config};

/// Starts `workerd`, its log going to `log` (shown when the test fails).
fn spawn_workerd(dir: &Path, db: &Path, node: &str, log: &Path) -> Child {
    let log = std::fs::File::create(log).unwrap();
    Command::new(env!("CARGO_BIN_EXE_workerd"))
        .env("WORKER_DATA_DIR", dir)
        .env("WORKER_STORE", format!("sqlite:{}", db.display()))
        .env("WORKER_NODE_ID", node)
        .env("WORKER_JOBS", "auto")
        .env("WORKER_JOB_TARBALL_DIR", dir.join("tarballs"))
        .env("WORKER_JOB_WORKDIR", dir.join("work"))
        .env("WORKER_JOB_MEMORY_MB", "64")
        .env("WORKER_JOB_REAP_INTERVAL", "200ms")
        .env("WORKER_DURABLE_LEASE", "2s")
        .env("WORKER_POLL_INTERVAL", "20ms")
        .env("WORKER_MAINTENANCE_INTERVAL", "100ms")
        .env("WORKER_LOG", "warn,worker_server::jobs=info")
        .env("WORKER_ADMIN_GRPC_ADDR", "127.0.0.1:0")
        .env("WORKER_ADMIN_HTTP_ADDR", "127.0.0.1:0")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::from(log))
        .spawn()
        .expect("workerd starts")
}

/// Ids of the containers of run `run_id`, running ones only when `running`.
async fn containers(docker: &Docker, run_id: &str, running: bool) -> Vec<String> {
    let mut by = HashMap::from([("label".to_owned(), vec![format!("{LABEL_RUN}={run_id}")])]);
    if running {
        by.insert("status".to_owned(), vec!["running".to_owned()]);
    }
    let options = ListContainersOptionsBuilder::default()
        .all(true)
        .filters(&by)
        .build();
    docker
        .list_containers(Some(options))
        .await
        .unwrap()
        .into_iter()
        .filter_map(|c| c.id)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_container_left_by_a_killed_workerd_is_reaped_and_its_run_ends_by_the_lease_rules() {
    // The harness only checks the tools and makes the tarball; its own worker runs nothing
    // here (the job is in another store).
    let Some(h) = JobHarness::start(&[]).await else {
        return;
    };
    let docker = h.docker.docker().clone();
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("work")).unwrap();
    std::fs::create_dir(dir.path().join("tarballs")).unwrap();
    std::fs::copy(h.tarball(), dir.path().join("tarballs").join("job.tar.gz")).unwrap();
    let db = dir.path().join("worker.db");
    // This process only writes the job and its run, and reads; it runs no worker.
    let store = Arc::new(SqliteStore::open(&db, Durability::Full).unwrap());
    let engine = Engine::new(store.clone(), Arc::new(SystemClock), fast_config())
        .await
        .unwrap();
    let spec = h.job("crash", "echo ready; sleep 600");
    let name = spec.name.clone();
    store
        .upsert_job(
            JobRecord {
                spec,
                created_at_ms: engine.now_ms(),
                updated_at_ms: engine.now_ms(),
                revision: 0,
            },
            None,
        )
        .await
        .unwrap();
    let run = engine
        .run_job(
            &name,
            JobTrigger::Manual {
                actor: "test".into(),
            },
        )
        .await
        .unwrap();
    let run_id = run.run_id.to_string();
    let node = format!("crash-{}", uuid::Uuid::now_v7().simple());

    let (first_log, second_log) = (dir.path().join("first.log"), dir.path().join("second.log"));
    let mut first = spawn_workerd(dir.path(), &db, &node, &first_log);
    eventually("the job's container to run", RUN_WAIT, || async {
        (!containers(&docker, &run_id, true).await.is_empty()).then_some(())
    })
    .await;
    first.kill().expect("SIGKILL");
    first.wait().unwrap();
    assert_eq!(
        containers(&docker, &run_id, true).await.len(),
        1,
        "the container outlives the killed workerd"
    );

    let mut second = spawn_workerd(dir.path(), &db, &node, &second_log);
    // Polled (another process does the work); a failure shows what the node logged.
    let deadline = std::time::Instant::now() + RUN_WAIT;
    while !containers(&docker, &run_id, false).await.is_empty() {
        let exited = second.try_wait().unwrap();
        if exited.is_some() || std::time::Instant::now() > deadline {
            panic!(
                "the restarted workerd did not reap the container ({exited:?}); it logged: {}",
                std::fs::read_to_string(&second_log).unwrap_or_default()
            );
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let done = eventually("the run to end by the lease rules", RUN_WAIT, || async {
        let run = store.get_job_run(&run.run_id).await.unwrap()?;
        run.status.is_terminal().then_some(run)
    })
    .await;
    assert_eq!(done.status, JobRunStatus::Failed, "{done:?}");
    assert!(
        done.error
            .as_deref()
            .is_some_and(|e| e.contains("lease expired")),
        "{done:?}"
    );
    let status = Command::new("kill")
        .args(["-TERM", &second.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    assert!(second.wait().unwrap().success(), "workerd exits cleanly");
    h.assert_nothing_left(&done).await;
    // The killed run's workspace went with the restart too.
    let node_dir = dir.path().join("work").join(format!("worker-jobs-{node}"));
    let left: Vec<_> = std::fs::read_dir(&node_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(left.is_empty(), "workspaces left: {left:?}");
    h.stop().await;
}
