//! The reaper's schedule on a node that runs jobs: one pass at start, then one every
//! `WORKER_JOB_REAP_INTERVAL`, removing containers and images labelled as ours whose run is
//! no longer live. Their runs end by the usual lease rules (the lease expires, maintenance
//! reclaims the task, and the engine retries or fails the run).

use std::time::Duration;

use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::engine::Engine;
use crate::jobs::docker::{DockerRunner, ReapScope};

/// How long the start-up pass may hold up the node's start.
const START_PASS_LIMIT: Duration = Duration::from_secs(30);

/// The reaper's background loop; stopped by [`JobReaper::stop`].
#[derive(Debug)]
pub struct JobReaper {
    stop: CancellationToken,
    join: JoinHandle<()>,
}

impl JobReaper {
    /// Reaps once before returning, then every `interval` in the background.
    ///
    /// The first pass removes everything labelled with this node's id (`WORKER_NODE_ID`):
    /// nothing runs here yet, so what carries this id was left by an earlier process under
    /// the same id (a node id names one live process). Every pass then removes, across all
    /// nodes on the engine, containers whose run's task this store knows and no live lease
    /// holds at the container's attempt ([`Engine::job_container_is_live`]); a run the store
    /// does not know belongs to another deployment and is left alone.
    pub async fn start(
        engine: Engine,
        docker: DockerRunner,
        node_id: String,
        interval: Duration,
    ) -> Self {
        // Bounded, so a slow engine cannot hold up the node's start; what is left then is
        // reaped by the passes below once its lease has expired.
        let scope = ReapScope::Node(node_id);
        let first = docker.reap(&scope, |_| async { false });
        match tokio::time::timeout(START_PASS_LIMIT, first).await {
            Ok(Ok(report)) if !report.problems.is_empty() => {
                tracing::warn!(problems = ?report.problems, "the start-up reap left some job containers or images");
            }
            Ok(Ok(_)) => {}
            Ok(Err(e)) => tracing::warn!(error = %e, "could not reap job containers at start"),
            Err(_) => tracing::warn!(
                "the start-up reap of job containers took over {START_PASS_LIMIT:?}; the next passes go on"
            ),
        }
        let stop = CancellationToken::new();
        let join = tokio::spawn({
            let stop = stop.clone();
            async move {
                let mut tick = tokio::time::interval(interval);
                tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                loop {
                    tokio::select! {
                        () = stop.cancelled() => return,
                        _ = tick.tick() => {}
                    }
                    pass(&engine, &docker).await;
                }
            }
        });
        Self { stop, join }
    }

    pub async fn stop(self) {
        self.stop.cancel();
        let _ = self.join.await;
    }
}

/// One pass over every node's containers, judged by this store.
pub async fn pass(engine: &Engine, docker: &DockerRunner) {
    let judged = docker
        .reap(&ReapScope::AllNodes, |run| {
            let engine = engine.clone();
            async move { engine.job_container_is_live(&run.run_id, run.attempt).await }
        })
        .await;
    match judged {
        Ok(report) if !report.problems.is_empty() => {
            tracing::warn!(problems = ?report.problems, "a reap left some job containers or images");
        }
        Ok(_) => {}
        Err(e) => tracing::debug!(error = %e, "could not reap job containers"),
    }
}
