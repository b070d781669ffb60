//! Job JSON: the reference's camelCase shapes (a job with its spec's fields flattened, the
//! upsert body, events, artifacts) plus our additions (limits, secret env, runs, log chunks).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use worker_proto::v1 as pb;

/// One run of a job, as go-worker's `/jobs/events` lists it: optional fields are left out when
/// empty, as the reference leaves them out.
#[derive(Serialize, ToSchema, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct JobEvent {
    pub task_id: String,
    pub name: String,
    pub status: String,
    pub queue: String,
    pub repo: String,
    pub tag: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub path: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub dockerfile: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub command: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub schedule_name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub schedule_spec: String,
    pub started_at_ms: i64,
    pub finished_at_ms: i64,
    pub duration_ms: i64,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub result: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub error: String,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
}

impl From<pb::JobEvent> for JobEvent {
    fn from(e: pb::JobEvent) -> Self {
        Self {
            task_id: e.task_id,
            name: e.name,
            status: e.status,
            queue: e.queue,
            repo: e.repo,
            tag: e.tag,
            path: e.path,
            dockerfile: e.dockerfile,
            command: e.command,
            schedule_name: e.schedule_name,
            schedule_spec: e.schedule_spec,
            started_at_ms: e.started_at_ms,
            finished_at_ms: e.finished_at_ms,
            duration_ms: e.duration_ms,
            result: e.result,
            error: e.error,
            metadata: e.metadata.into_iter().collect(),
        }
    }
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

fn is_zero_i32(n: &i32) -> bool {
    *n == 0
}

fn is_zero_f64(n: &f64) -> bool {
    *n == 0.0
}

/// `POST /jobs`: the reference's fields and our additions (limits, `secretEnv` as
/// `NAME=VALUE`, a pinned `commit`).
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields, rename_all = "camelCase", default)]
pub struct JobBody {
    pub name: String,
    pub description: String,
    /// git_tag (default), tarball_url or tarball_path; empty infers it from the tarball fields.
    pub source: String,
    pub repo: String,
    pub tag: String,
    /// git_tag: the commit (hex) the tag must resolve to.
    pub commit: String,
    pub tarball_url: String,
    pub tarball_path: String,
    pub tarball_sha256: String,
    pub path: String,
    pub dockerfile: String,
    pub command: Vec<String>,
    /// `NAME=VALUE` entries.
    pub env: Vec<String>,
    /// `NAME=VALUE` entries, read back as `NAME=[redacted]`; sending `NAME=[redacted]` keeps
    /// the stored value.
    pub secret_env: Vec<String>,
    pub queue: String,
    pub retries: i32,
    pub timeout_seconds: i32,
    /// Fraction of cores; 0 takes the node's default.
    pub cpus: f64,
    pub memory_mb: i64,
    pub pids: i64,
}

impl From<JobBody> for pb::JobSpec {
    fn from(b: JobBody) -> Self {
        pb::JobSpec {
            name: b.name,
            description: b.description,
            repo: b.repo,
            tag: b.tag,
            path: b.path,
            dockerfile: b.dockerfile,
            command: b.command,
            env: b.env,
            queue: b.queue,
            retries: b.retries,
            timeout_seconds: b.timeout_seconds,
            source: b.source,
            tarball_url: b.tarball_url,
            tarball_path: b.tarball_path,
            tarball_sha256: b.tarball_sha256,
            cpus: b.cpus,
            memory_mb: b.memory_mb,
            pids: b.pids,
            secret_env: b.secret_env,
            commit: b.commit,
        }
    }
}

/// A job as go-worker's gateway shows it: the spec's fields (`repo` and `tag` always, the rest
/// left out when empty or 0) and its times.
#[derive(Serialize, ToSchema, Debug, Default)]
#[serde(rename_all = "camelCase")]
pub struct Job {
    pub name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub source: String,
    pub repo: String,
    pub tag: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub commit: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub tarball_url: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub tarball_path: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub tarball_sha256: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub path: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub dockerfile: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub command: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub env: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub secret_env: Vec<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub queue: String,
    #[serde(skip_serializing_if = "is_zero_i32")]
    pub retries: i32,
    #[serde(skip_serializing_if = "is_zero_i32")]
    pub timeout_seconds: i32,
    #[serde(skip_serializing_if = "is_zero_f64")]
    pub cpus: f64,
    #[serde(skip_serializing_if = "is_zero")]
    pub memory_mb: i64,
    #[serde(skip_serializing_if = "is_zero")]
    pub pids: i64,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
}

impl Job {
    pub fn of(job: Option<pb::Job>) -> Self {
        let job = job.unwrap_or_default();
        let s = job.spec.unwrap_or_default();
        Self {
            name: s.name,
            description: s.description,
            source: s.source,
            repo: s.repo,
            tag: s.tag,
            commit: s.commit,
            tarball_url: s.tarball_url,
            tarball_path: s.tarball_path,
            tarball_sha256: s.tarball_sha256,
            path: s.path,
            dockerfile: s.dockerfile,
            command: s.command,
            env: s.env,
            secret_env: s.secret_env,
            queue: s.queue,
            retries: s.retries,
            timeout_seconds: s.timeout_seconds,
            cpus: s.cpus,
            memory_mb: s.memory_mb,
            pids: s.pids,
            created_at_ms: job.created_at_ms,
            updated_at_ms: job.updated_at_ms,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct JobEnvelope {
    pub job: Job,
}

#[derive(Serialize, ToSchema)]
pub struct JobList {
    pub jobs: Vec<Job>,
}

#[derive(Serialize, ToSchema)]
pub struct JobEventList {
    pub events: Vec<JobEvent>,
}

/// One run of a job (one `job_runner` task; `runId` is its id).
#[derive(Serialize, ToSchema, Debug)]
#[serde(rename_all = "camelCase")]
pub struct JobRun {
    pub run_id: String,
    pub job: String,
    /// queued, running, succeeded, failed or cancelled.
    pub status: String,
    /// manual or schedule.
    pub trigger: String,
    pub actor: String,
    pub schedule: String,
    pub queued_at_ms: i64,
    pub started_at_ms: i64,
    pub finished_at_ms: i64,
    pub queue_delay_ms: i64,
    pub duration_ms: i64,
    pub attempt: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exit_code: Option<i64>,
    pub oom_killed: bool,
    pub timed_out: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub peak_memory_bytes: Option<i64>,
    pub resolved_commit: String,
    pub error: String,
    pub truncated: bool,
    pub output_bytes: i64,
    /// The spec as it was when the run was made, secrets redacted.
    pub spec: Job,
}

impl From<pb::JobRun> for JobRun {
    fn from(r: pb::JobRun) -> Self {
        Self {
            run_id: r.run_id,
            job: r.job,
            status: r.status,
            trigger: r.trigger,
            actor: r.actor,
            schedule: r.schedule,
            queued_at_ms: r.queued_at_ms,
            started_at_ms: r.started_at_ms,
            finished_at_ms: r.finished_at_ms,
            queue_delay_ms: r.queue_delay_ms,
            duration_ms: r.duration_ms,
            attempt: r.attempt,
            exit_code: r.exit_code,
            oom_killed: r.oom_killed,
            timed_out: r.timed_out,
            peak_memory_bytes: r.peak_memory_bytes,
            resolved_commit: r.resolved_commit,
            error: r.error,
            truncated: r.truncated,
            output_bytes: r.output_bytes,
            spec: Job::of(Some(pb::Job {
                spec: r.spec,
                ..Default::default()
            })),
        }
    }
}

/// `POST /jobs/{name}/run`: the reference's `taskId` and the run made.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct JobRunStarted {
    pub task_id: String,
    pub run: Option<JobRun>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct JobRunList {
    pub runs: Vec<JobRun>,
    /// Pass as `cursor` for older runs; empty when there are none.
    pub next_cursor: String,
}

#[derive(Serialize, ToSchema)]
pub struct JobRunEnvelope {
    pub run: JobRun,
}

#[derive(Serialize, ToSchema)]
pub struct JobRunCancelled {
    /// cancelled, cancel_requested or already_finished.
    pub outcome: String,
    pub run: Option<JobRun>,
}

/// A piece of a run's output.
#[derive(Serialize, ToSchema, Debug)]
#[serde(rename_all = "camelCase")]
pub struct JobLogChunk {
    pub run_id: String,
    pub seq: i64,
    /// stdout, stderr, build or system.
    pub stream: String,
    pub at_ms: i64,
    pub data: String,
}

impl From<pb::JobLogChunk> for JobLogChunk {
    fn from(c: pb::JobLogChunk) -> Self {
        Self {
            run_id: c.task_id,
            seq: c.seq,
            stream: c.stream,
            at_ms: c.at_ms,
            data: c.data,
        }
    }
}

/// A `job_log` server-sent event: a summary of a batch of a run's output, with the proto
/// message's field names (`seq` is the batch's first chunk, `lastSeq` its last; `data` the
/// first 4 KiB, `truncated` when the chunks hold more: read them from `GET
/// /jobs/runs/{id}/logs?afterSeq=seq-1`).
#[derive(Serialize, ToSchema, Debug)]
#[serde(rename_all = "camelCase")]
pub struct JobLogEvent {
    pub task_id: String,
    pub job: String,
    pub attempt: i32,
    pub queue: String,
    /// stdout, stderr, build, system, or mixed.
    pub stream: String,
    pub seq: i64,
    pub last_seq: i64,
    pub at_ms: i64,
    pub data: String,
    pub truncated: bool,
}

impl From<pb::JobLogChunk> for JobLogEvent {
    fn from(c: pb::JobLogChunk) -> Self {
        Self {
            task_id: c.task_id,
            job: c.job,
            attempt: c.attempt,
            queue: c.queue,
            stream: c.stream,
            seq: c.seq,
            last_seq: c.last_seq,
            at_ms: c.at_ms,
            data: c.data,
            truncated: c.truncated,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct JobLog {
    pub chunks: Vec<JobLogChunk>,
}

/// `GET /jobs/{name}/artifact/meta`, as go-worker answers it.
#[derive(Serialize, ToSchema, Debug)]
#[serde(rename_all = "camelCase")]
pub struct Artifact {
    pub name: String,
    pub source: String,
    pub downloadable: bool,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub redirect_url: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub filename: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size_bytes: Option<u64>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub sha256: String,
}

#[derive(Serialize, ToSchema)]
pub struct ArtifactEnvelope {
    pub artifact: Artifact,
}
