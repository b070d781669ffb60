//! Job messages both ways: a `JobSpec` as written (the reference's fields plus limits, secret
//! env and a pinned commit) into the engine's spec, and jobs, runs, events and log chunks
//! (already redacted by the engine) into messages.

use worker_proto::v1 as pb;

use crate::engine::events::{JobLogNote, JobNote};
use crate::engine::jobs::{
    JobEnv, JobEventRecord, JobLogChunk, JobRecord, JobRunRecord, JobSource, JobSpec, JobTrigger,
};
use crate::engine::model::{JobName, QueueName, truncate_for_message};
use crate::jobs::source::{Source, SourceFields, SourceSpec};

/// A refused field: the reason and the message.
type Refusal = (&'static str, String);

/// A spec as sent, checked and normalized as go-worker does on upsert (names and fields
/// trimmed, empty command and env entries dropped, the source inferred from which tarball field
/// is set), and stricter where it was weak (see `SourceSpec::parse`). `default_queue` fills an
/// empty queue. The engine checks the rest ([`JobSpec::validate`]).
pub(crate) fn job_spec(spec: pb::JobSpec, default_queue: &QueueName) -> Result<JobSpec, Refusal> {
    let name = JobName::new(spec.name.trim()).map_err(refusal)?;
    let fields = SourceFields {
        source: spec.source.clone(),
        repo: spec.repo.clone(),
        tag: spec.tag.clone(),
        commit: spec.commit.clone(),
        tarball_url: spec.tarball_url.clone(),
        tarball_path: spec.tarball_path.clone(),
        tarball_sha256: spec.tarball_sha256.clone(),
        path: spec.path.clone(),
        dockerfile: spec.dockerfile.clone(),
    };
    let parsed =
        SourceSpec::parse(&fields).map_err(|e| (e.reason().as_str(), e.message().to_string()))?;
    let sha = |text: &str| {
        let text = text.trim().to_ascii_lowercase();
        (!text.is_empty()).then_some(text)
    };
    let source = match &parsed.source {
        Source::GitTag { commit, .. } => JobSource::GitTag {
            repo: spec.repo.trim().to_string(),
            tag: spec.tag.trim().to_string(),
            commit: commit.clone(),
        },
        Source::TarballUrl { .. } => JobSource::TarballUrl {
            url: spec.tarball_url.trim().to_string(),
            sha256: sha(&spec.tarball_sha256),
        },
        Source::TarballPath { .. } => JobSource::TarballPath {
            path: spec.tarball_path.trim().to_string(),
            sha256: sha(&spec.tarball_sha256),
        },
    };
    let queue = match spec.queue.trim() {
        "" => default_queue.clone(),
        text => QueueName::new(text).map_err(refusal)?,
    };
    let retries = u32::try_from(spec.retries).map_err(|_| {
        (
            "invalid_retries",
            format!("retries is {}; it must not be negative", spec.retries),
        )
    })?;
    if spec.timeout_seconds < 0 {
        return Err((
            "invalid_timeout",
            format!(
                "timeout_seconds is {}; use 0 for the default or a positive number",
                spec.timeout_seconds
            ),
        ));
    }
    let mut env = env_entries(&spec.env, false)?;
    env.extend(env_entries(&spec.secret_env, true)?);
    Ok(JobSpec {
        name,
        description: spec.description.trim().to_string(),
        source,
        path: spec.path.trim().to_string(),
        dockerfile: spec.dockerfile.trim().to_string(),
        command: spec
            .command
            .iter()
            .map(|a| a.trim())
            .filter(|a| !a.is_empty())
            .map(str::to_string)
            .collect(),
        env,
        queue,
        retries,
        timeout_ms: i64::from(spec.timeout_seconds) * 1_000,
        cpus: limit_f64("cpus", spec.cpus)?,
        memory_mb: limit("memory_mb", spec.memory_mb)?,
        pids: limit("pids", spec.pids)?,
    })
}

fn refusal(e: crate::engine::Error) -> Refusal {
    match e {
        crate::engine::Error::InvalidArgument { reason, message } => (reason, message),
        other => ("invalid_job_spec", other.to_string()),
    }
}

/// `NAME=VALUE` entries (trimmed, empties dropped). A bare `NAME` is refused: go-worker copied
/// that variable from the worker's own environment, which let anyone who may define a job read
/// the server's secrets.
fn env_entries(entries: &[String], secret: bool) -> Result<Vec<JobEnv>, Refusal> {
    let field = if secret { "secret_env" } else { "env" };
    entries
        .iter()
        .map(|e| e.trim())
        .filter(|e| !e.is_empty())
        .map(|entry| match entry.split_once('=') {
            Some((name, value)) => Ok(JobEnv {
                name: name.trim().to_string(),
                value: value.to_string(),
                secret,
            }),
            None => Err((
                "invalid_job_env",
                format!(
                    "{field} entry {:?} has no '=': write NAME=VALUE (variables of the server's own environment never pass to a job)",
                    truncate_for_message(entry)
                ),
            )),
        })
        .collect()
}

fn limit(field: &str, value: i64) -> Result<Option<u64>, Refusal> {
    match value {
        0 => Ok(None),
        v if v < 0 => Err((
            "invalid_job_limits",
            format!("{field} is {v}; use 0 for the default or a positive number"),
        )),
        v => Ok(Some(v as u64)),
    }
}

fn limit_f64(field: &str, value: f64) -> Result<Option<f64>, Refusal> {
    if value == 0.0 {
        Ok(None)
    } else if value.is_finite() && value > 0.0 {
        Ok(Some(value))
    } else {
        Err((
            "invalid_job_limits",
            format!("{field} is {value}; use 0 for the default or a positive number"),
        ))
    }
}

/// A spec as the wire shows it; `spec` is already redacted, so secret values read
/// `[redacted]`.
pub(crate) fn job_spec_message(spec: &JobSpec) -> pb::JobSpec {
    let (repo, tag, commit, tarball_url, tarball_path, sha) = match &spec.source {
        JobSource::GitTag { repo, tag, commit } => (
            repo.clone(),
            tag.clone(),
            commit.clone().unwrap_or_default(),
            String::new(),
            String::new(),
            String::new(),
        ),
        JobSource::TarballUrl { url, sha256 } => (
            String::new(),
            String::new(),
            String::new(),
            url.clone(),
            String::new(),
            sha256.clone().unwrap_or_default(),
        ),
        JobSource::TarballPath { path, sha256 } => (
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            path.clone(),
            sha256.clone().unwrap_or_default(),
        ),
    };
    let entries = |secret: bool| {
        spec.env
            .iter()
            .filter(|v| v.secret == secret)
            .map(|v| format!("{}={}", v.name, v.value))
            .collect()
    };
    pb::JobSpec {
        name: spec.name.to_string(),
        description: spec.description.clone(),
        repo,
        tag,
        path: spec.path.clone(),
        dockerfile: spec.dockerfile.clone(),
        command: spec.command.clone(),
        env: entries(false),
        queue: spec.queue.to_string(),
        retries: i32::try_from(spec.retries).unwrap_or(i32::MAX),
        timeout_seconds: i32::try_from(spec.timeout_ms / 1_000).unwrap_or(i32::MAX),
        source: spec.source.kind().to_string(),
        tarball_url,
        tarball_path,
        tarball_sha256: sha,
        cpus: spec.cpus.unwrap_or(0.0),
        memory_mb: spec.memory_mb.map_or(0, |v| v as i64),
        pids: spec.pids.map_or(0, |v| v as i64),
        secret_env: entries(true),
        commit,
    }
}

pub(crate) fn job(record: &JobRecord) -> pb::Job {
    pb::Job {
        spec: Some(job_spec_message(&record.spec)),
        created_at_ms: record.created_at_ms,
        updated_at_ms: record.updated_at_ms,
    }
}

pub(crate) fn job_run(run: &JobRunRecord) -> pb::JobRun {
    let (trigger, actor, schedule) = match &run.trigger {
        JobTrigger::Manual { actor } => ("manual", actor.clone(), String::new()),
        JobTrigger::Schedule { name } => ("schedule", String::new(), name.to_string()),
    };
    pb::JobRun {
        run_id: run.run_id.to_string(),
        job: run.job.to_string(),
        status: run.status.as_str().to_string(),
        trigger: trigger.to_string(),
        actor,
        schedule,
        queued_at_ms: run.queued_at_ms,
        started_at_ms: run.started_at_ms.unwrap_or(0),
        finished_at_ms: run.finished_at_ms.unwrap_or(0),
        queue_delay_ms: run.queue_delay_ms().unwrap_or(0),
        duration_ms: run.duration_ms().unwrap_or(0),
        attempt: i32::try_from(run.attempt).unwrap_or(i32::MAX),
        exit_code: run.exit_code,
        oom_killed: run.oom_killed,
        timed_out: run.timed_out,
        peak_memory_bytes: run
            .peak_memory_bytes
            .map(|b| i64::try_from(b).unwrap_or(i64::MAX)),
        resolved_commit: run.resolved_commit.clone().unwrap_or_default(),
        error: run.error.clone().unwrap_or_default(),
        truncated: run.truncated,
        output_bytes: i64::try_from(run.output_bytes).unwrap_or(i64::MAX),
        spec: Some(job_spec_message(&run.spec)),
    }
}

/// A job event in the reference's shape: `repo` and `tag` from a git source, the command
/// space-joined, unset times 0.
pub(crate) fn job_event(e: &JobEventRecord) -> pb::JobEvent {
    let (repo, tag) = match &e.source {
        JobSource::GitTag { repo, tag, .. } => (repo.clone(), tag.clone()),
        _ => (String::new(), String::new()),
    };
    pb::JobEvent {
        task_id: e.task_id.to_string(),
        name: e.name.to_string(),
        status: e.status.as_str().to_string(),
        queue: e.queue.clone(),
        repo,
        tag,
        path: e.path.clone(),
        dockerfile: e.dockerfile.clone(),
        command: e.command.join(" "),
        schedule_name: e
            .schedule_name
            .as_ref()
            .map(|s| s.to_string())
            .unwrap_or_default(),
        schedule_spec: e.schedule_spec.clone(),
        started_at_ms: e.started_at_ms.unwrap_or(0),
        finished_at_ms: e.finished_at_ms.unwrap_or(0),
        duration_ms: e.duration_ms.unwrap_or(0),
        result: e.result.clone(),
        error: e.error.clone(),
        metadata: e.metadata.clone(),
    }
}

/// A job event of the operator event log in the reference's `JobEvent` shape: the run id as
/// `task_id`, the attempt in `metadata["attempt"]` (the message has no field for it), and no
/// source, command or result, which the log does not carry.
pub(crate) fn job_note(n: &JobNote) -> pb::JobEvent {
    pb::JobEvent {
        task_id: n.run_id.clone(),
        name: n.job.clone(),
        status: n.status.clone(),
        queue: n.queue.clone(),
        schedule_name: n.schedule.clone().unwrap_or_default(),
        started_at_ms: n.started_at_ms.unwrap_or(0),
        finished_at_ms: n.finished_at_ms.unwrap_or(0),
        duration_ms: n.duration_ms.unwrap_or(0),
        error: n.error.clone(),
        metadata: [("attempt".to_owned(), n.attempt.to_string())].into(),
        ..pb::JobEvent::default()
    }
}

pub(crate) fn job_log_chunk(c: &JobLogChunk) -> pb::JobLogChunk {
    pb::JobLogChunk {
        task_id: c.run_id.to_string(),
        data: String::from_utf8_lossy(&c.data).into_owned(),
        seq: i64::try_from(c.seq).unwrap_or(i64::MAX),
        stream: c.stream.as_str().to_string(),
        at_ms: c.at_ms,
        ..pb::JobLogChunk::default()
    }
}

/// A `job_log` event: a summary of a batch of a run's output, `seq` its first chunk.
pub(crate) fn job_log_note(n: &JobLogNote, at_ms: i64) -> pb::JobLogChunk {
    pb::JobLogChunk {
        task_id: n.run_id.clone(),
        data: n.data.clone(),
        seq: i64::try_from(n.first_seq).unwrap_or(i64::MAX),
        stream: n.stream.clone(),
        at_ms,
        job: n.job.clone(),
        attempt: i32::try_from(n.attempt).unwrap_or(i32::MAX),
        queue: n.queue.clone(),
        last_seq: i64::try_from(n.last_seq).unwrap_or(i64::MAX),
        truncated: n.truncated,
    }
}
