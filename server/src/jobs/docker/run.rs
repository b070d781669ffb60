//! The container phase: create it hardened and labelled, attach before starting (so no
//! output is missed and the engine keeps no log file), then follow output, exit, the deadline
//! and a cancel together; peak memory comes from the stats stream beside it.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use bollard::Docker;
use bollard::container::LogOutput;
use bollard::errors::Error as EngineError;
use bollard::models::{ContainerCreateBody, ContainerState, HostConfig, HostConfigLogConfig};
use bollard::query_parameters::{
    AttachContainerOptionsBuilder, CreateContainerOptionsBuilder, KillContainerOptionsBuilder,
    StatsOptionsBuilder, StopContainerOptionsBuilder, WaitContainerOptionsBuilder,
};
use bytes::Bytes;
use futures::StreamExt;
use tokio::time::{Instant, sleep_until};

use super::DockerError;
use super::cleanup::Leftovers;
use super::output::{Budget, OutputChunk, OutputSink, OutputStream};
use super::spec::{Prepared, RunSpec, RunnerSettings};

/// Why the runner stopped the container, if it did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Intervention {
    TimedOut,
    Cancelled,
}

/// What the engine said about the container once it was gone.
pub(crate) struct ContainerEnd {
    pub(crate) intervention: Option<Intervention>,
    pub(crate) exit_code: Option<i64>,
    pub(crate) oom_killed: bool,
    pub(crate) started_at_ms: Option<i64>,
    pub(crate) finished_at_ms: Option<i64>,
    pub(crate) peak_memory_bytes: Option<u64>,
}

/// How long the engine may take to confirm an exit after a kill or the end of a stop's
/// grace, and to close the output after an exit, before the run gives up on it.
const ENGINE_CONFIRM: Duration = Duration::from_secs(30);

pub(crate) struct ContainerRequest<'a> {
    pub(crate) settings: &'a RunnerSettings,
    pub(crate) spec: &'a RunSpec,
    pub(crate) prepared: &'a Prepared,
    pub(crate) deadline: Instant,
}

pub(crate) async fn run_container(
    docker: &Docker,
    request: ContainerRequest<'_>,
    leftovers: &mut Leftovers,
    budget: &mut Budget,
    sink: &mut dyn OutputSink,
    mut cancelled: Pin<&mut (dyn Future<Output = ()> + Send)>,
) -> Result<ContainerEnd, DockerError> {
    let ContainerRequest {
        settings,
        spec,
        prepared,
        deadline,
    } = request;
    let name = prepared.container.as_str();
    leftovers.container(name);
    let options = CreateContainerOptionsBuilder::default().name(name).build();
    docker
        .create_container(Some(options), container_config(settings, spec, prepared))
        .await
        .map_err(DockerError::Engine)?;
    let attach = AttachContainerOptionsBuilder::default()
        .stream(true)
        .stdout(true)
        .stderr(true)
        .build();
    let mut output = docker
        .attach_container(name, Some(attach))
        .await
        .map_err(DockerError::Engine)?
        .output;
    docker
        .start_container(
            name,
            None::<bollard::query_parameters::StartContainerOptions>,
        )
        .await
        .map_err(DockerError::Engine)?;
    let peak = Arc::new(AtomicU64::new(0));
    let stats = tokio::spawn(follow_peak_memory(
        docker.clone(),
        name.to_owned(),
        peak.clone(),
    ));
    let _stop_stats = AbortOnDrop(stats);

    let wait_options = WaitContainerOptionsBuilder::default()
        .condition("not-running")
        .build();
    let mut wait = docker.wait_container(name, Some(wait_options));
    let mut exited = false;
    let mut output_done = false;
    let mut intervention = None;
    // Set when the engine owes us something (an exit after a kill, the end of output after
    // an exit): a hung engine must not hang the run.
    let mut confirm_by: Option<Instant> = None;
    let grace = settings.stop_grace;
    while !(exited && output_done) {
        tokio::select! {
            item = output.next(), if !output_done => match item {
                Some(Ok(LogOutput::StdOut { message })) => {
                    emit(budget, sink, OutputStream::Stdout, message).await;
                }
                Some(Ok(LogOutput::StdErr { message })) => {
                    emit(budget, sink, OutputStream::Stderr, message).await;
                }
                Some(Ok(_)) => {}
                Some(Err(error)) => {
                    tracing::warn!(container = %name, %error, "lost a job's output stream");
                    output_done = true;
                }
                None => output_done = true,
            },
            ended = wait.next(), if !exited => {
                match ended {
                    Some(Ok(_)) | Some(Err(EngineError::DockerContainerWaitError { .. })) | None => {}
                    Some(Err(error)) => return Err(DockerError::Engine(error)),
                }
                exited = true;
                confirm_by = Some(Instant::now() + ENGINE_CONFIRM);
            }
            () = sleep_until(deadline), if intervention.is_none() && !exited => {
                intervention = Some(Intervention::TimedOut);
                notice(sink, format!("\ntimed out after {:?}: killing the container\n", spec.limits.timeout)).await;
                let docker = docker.clone();
                let name = name.to_owned();
                tokio::spawn(async move {
                    let options = KillContainerOptionsBuilder::default().signal("KILL").build();
                    let _ = docker.kill_container(&name, Some(options)).await;
                });
                confirm_by = Some(Instant::now() + ENGINE_CONFIRM);
            }
            () = cancelled.as_mut(), if intervention.is_none() && !exited => {
                intervention = Some(Intervention::Cancelled);
                notice(sink, format!("\ncancelled: stopping the container (SIGTERM, SIGKILL after {grace:?})\n")).await;
                // The stop answers only once the container is down; output keeps flowing
                // meanwhile, so a job that cleans up on SIGTERM is not stuck writing.
                let docker = docker.clone();
                let name = name.to_owned();
                let seconds = i32::try_from(grace.as_secs()).unwrap_or(i32::MAX);
                tokio::spawn(async move {
                    let options = StopContainerOptionsBuilder::default().t(seconds).build();
                    let _ = docker.stop_container(&name, Some(options)).await;
                });
                confirm_by = Some(Instant::now() + grace + ENGINE_CONFIRM);
            }
            () = sleep_until(confirm_by.unwrap_or_else(Instant::now)), if confirm_by.is_some() => {
                if exited {
                    // The exit is known; output that never closed is given up.
                    tracing::warn!(container = %name, "a job's output did not end with its container");
                    output_done = true;
                } else {
                    return Err(DockerError::Engine(EngineError::IOError {
                        err: std::io::Error::other("the engine did not confirm that the container stopped"),
                    }));
                }
            }
        }
    }

    let state = final_state(docker, name, intervention.is_none()).await?;
    let peak = peak.load(Ordering::Relaxed);
    Ok(ContainerEnd {
        intervention,
        exit_code: state.exit_code,
        oom_killed: state.oom_killed.unwrap_or(false),
        started_at_ms: state.started_at.as_deref().and_then(epoch_ms),
        finished_at_ms: state.finished_at.as_deref().and_then(epoch_ms),
        peak_memory_bytes: (peak > 0).then_some(peak),
    })
}

/// How long an unexplained SIGKILL waits for the engine's OOM flag.
const OOM_FLAG_WAIT: Duration = Duration::from_secs(3);

/// The container's state once it has exited. An exit by SIGKILL (137) that we did not ask
/// for is, within a memory limit, almost always the OOM killer, but the engine learns of the
/// OOM from a separate event that may land just after the exit (containerd/containerd#8180):
/// inspected at once, such a container can read `OOMKilled: false`. So an unexplained 137 is
/// inspected again for a short while before it is reported as a plain failure.
async fn final_state(
    docker: &Docker,
    name: &str,
    unexplained_kill_counts: bool,
) -> Result<ContainerState, DockerError> {
    let give_up = Instant::now() + OOM_FLAG_WAIT;
    let mut pause = Duration::from_millis(50);
    loop {
        let state = docker
            .inspect_container(
                name,
                None::<bollard::query_parameters::InspectContainerOptions>,
            )
            .await
            .map_err(DockerError::Engine)?
            .state
            .unwrap_or_default();
        let unexplained_kill = unexplained_kill_counts
            && state.exit_code == Some(137)
            && !state.oom_killed.unwrap_or(false);
        if !unexplained_kill || Instant::now() >= give_up {
            return Ok(state);
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(Duration::from_millis(500));
    }
}

/// The hardened container: no capabilities, no privilege gain, a numeric non-root user by
/// default, a read-only root with tmpfs work and temp directories, the job's limits, the
/// configured network, no log file on the engine's disk (we read output by attaching), and
/// only the spec's environment.
fn container_config(
    settings: &RunnerSettings,
    spec: &RunSpec,
    prepared: &Prepared,
) -> ContainerCreateBody {
    let limits = &spec.limits;
    let memory = (limits.memory_mb * 1024 * 1024) as i64;
    let tmpfs_options = format!(
        "rw,exec,nosuid,nodev,size={}m,mode=1777",
        limits.work_dir_mb
    );
    let tmpfs = HashMap::from([
        (settings.work_dir.clone(), tmpfs_options.clone()),
        ("/tmp".to_owned(), tmpfs_options),
    ]);
    let host_config = HostConfig {
        cap_drop: Some(vec!["ALL".to_owned()]),
        security_opt: Some(vec!["no-new-privileges".to_owned()]),
        privileged: Some(false),
        readonly_rootfs: Some(true),
        tmpfs: Some(tmpfs),
        nano_cpus: Some((limits.cpus * 1e9).round() as i64),
        memory: Some(memory),
        memory_swap: Some(memory),
        pids_limit: Some(limits.pids),
        network_mode: Some(settings.network.clone()),
        ipc_mode: Some("private".to_owned()),
        log_config: Some(HostConfigLogConfig {
            typ: Some("none".to_owned()),
            config: None,
        }),
        auto_remove: Some(false),
        ..Default::default()
    };
    ContainerCreateBody {
        image: Some(prepared.image.clone()),
        cmd: (!spec.command.is_empty()).then(|| spec.command.clone()),
        env: Some(prepared.env.clone()),
        user: Some(prepared.user.clone()),
        working_dir: Some(settings.work_dir.clone()),
        labels: Some(prepared.labels.clone()),
        attach_stdin: Some(false),
        attach_stdout: Some(true),
        attach_stderr: Some(true),
        open_stdin: Some(false),
        tty: Some(false),
        stop_timeout: Some(i64::try_from(settings.stop_grace.as_secs()).unwrap_or(i64::MAX)),
        host_config: Some(host_config),
        ..Default::default()
    }
}

async fn emit(budget: &mut Budget, sink: &mut dyn OutputSink, stream: OutputStream, bytes: Bytes) {
    for chunk in budget.admit(stream, bytes) {
        sink.write(chunk).await;
    }
}

/// The runner's own lines go to the log outside the budget: they are few and say why a run
/// ended.
pub(crate) async fn notice(sink: &mut dyn OutputSink, text: String) {
    sink.write(OutputChunk::new(OutputStream::Notice, text))
        .await;
}

/// Keeps the highest memory figure the engine reports: cgroup v1's `max_usage` (the
/// kernel's own peak, page cache included) where it exists, else the highest `usage`
/// sampled (about once a second, so a short spike can be missed).
async fn follow_peak_memory(docker: Docker, name: String, peak: Arc<AtomicU64>) {
    let options = StatsOptionsBuilder::default().stream(true).build();
    let mut stats = docker.stats(&name, Some(options));
    while let Some(Ok(sample)) = stats.next().await {
        if let Some(memory) = sample.memory_stats {
            let seen = memory.max_usage.unwrap_or(0).max(memory.usage.unwrap_or(0));
            peak.fetch_max(seen, Ordering::Relaxed);
        }
    }
}

struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// The engine's RFC 3339 time as epoch milliseconds; its zero time (never started) is none.
pub(crate) fn epoch_ms(text: &str) -> Option<i64> {
    let ms = chrono::DateTime::parse_from_rfc3339(text)
        .ok()?
        .timestamp_millis();
    (ms > 0).then_some(ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_times_become_epoch_ms() {
        assert_eq!(
            epoch_ms("2026-12-02T09:55:54.012909409Z"),
            Some(1_796_205_354_012)
        );
        assert_eq!(epoch_ms("0001-01-01T00:00:00Z"), None);
        assert_eq!(epoch_ms("garbage"), None);
    }
}
