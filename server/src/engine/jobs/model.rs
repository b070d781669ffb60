//! What a containerized job is: its definition (`JobSpec`, kept as a `JobRecord`), its runs
//! (`JobRunRecord`), the events of those runs and their output logs, with the pure checks
//! and rules the engine and the stores share (spec validation, redaction of secret values,
//! which run status may follow which).

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::engine::Error;
use crate::engine::model::{JobName, QueueName, ScheduleName, TaskId, truncate_for_message};

/// What a secret env value reads as in every response and audit record.
pub const REDACTED: &str = "[redacted]";

/// Longest job timeout, as for tasks: 7 days. Zero takes the configured default.
pub const JOB_TIMEOUT_MAX_MS: i64 = 7 * 24 * 3_600_000;
/// Bounds of a job's resource limits. Docker refuses less than 6 MiB of memory.
pub const JOB_CPUS_MIN: f64 = 0.01;
pub const JOB_CPUS_MAX: f64 = 1_024.0;
pub const JOB_MEMORY_MB_MIN: u64 = 6;
pub const JOB_MEMORY_MB_MAX: u64 = 1 << 20;
pub const JOB_PIDS_MAX: u64 = 1 << 22;
/// Size bounds of the free-form fields, so one job cannot fill a store record.
pub const JOB_DESCRIPTION_MAX: usize = 1_024;
pub const JOB_FIELD_MAX: usize = 1_024;
pub const JOB_COMMAND_MAX_ARGS: usize = 256;
pub const JOB_ARG_MAX: usize = 8_192;
pub const JOB_ENV_MAX: usize = 256;
pub const JOB_ENV_VALUE_MAX: usize = 32_768;

/// Where a job's build context comes from. Only the shape is checked here; allowlists, URL
/// parsing and fetching belong to the runner's source module.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum JobSource {
    /// A tag of a git repository (never a branch of the same name).
    GitTag {
        repo: String,
        tag: String,
        /// The commit the tag must resolve to (hex), when the job pins one.
        commit: Option<String>,
    },
    /// An https URL of a tarball.
    TarballUrl { url: String, sha256: Option<String> },
    /// A tarball inside the configured tarball directory, relative to it.
    TarballPath {
        path: String,
        sha256: Option<String>,
    },
}

impl JobSource {
    /// The reference's wire name: `git_tag`, `tarball_url`, `tarball_path`.
    pub fn kind(&self) -> &'static str {
        match self {
            JobSource::GitTag { .. } => "git_tag",
            JobSource::TarballUrl { .. } => "tarball_url",
            JobSource::TarballPath { .. } => "tarball_path",
        }
    }

    fn validate(&self) -> Result<(), Error> {
        let invalid = |message: String| Error::invalid("job_source_invalid", message);
        match self {
            JobSource::GitTag { repo, tag, commit } => {
                require("repo", repo, "job_source_invalid")?;
                require("tag", tag, "job_source_invalid")?;
                if tag.chars().any(char::is_whitespace) {
                    return Err(invalid(format!(
                        "tag {:?} holds whitespace",
                        truncate_for_message(tag)
                    )));
                }
                if let Some(commit) = commit
                    && !(matches!(commit.len(), 40 | 64) && is_hex(commit))
                {
                    return Err(invalid(format!(
                        "commit {:?} is not a commit id: use its 40 (or 64) hex digits",
                        truncate_for_message(commit)
                    )));
                }
            }
            JobSource::TarballUrl { url, sha256 } => {
                require("tarball_url", url, "job_source_invalid")?;
                let https = url
                    .get(..8)
                    .is_some_and(|s| s.eq_ignore_ascii_case("https://"));
                if !https || url.len() == 8 || url.chars().any(char::is_whitespace) {
                    return Err(invalid(format!(
                        "tarball_url {:?} is not an https URL",
                        truncate_for_message(url)
                    )));
                }
                check_sha256(sha256.as_deref())?;
            }
            JobSource::TarballPath { path, sha256 } => {
                require("tarball_path", path, "job_source_invalid")?;
                check_relative("tarball_path", path, "job_source_invalid")?;
                check_sha256(sha256.as_deref())?;
            }
        }
        Ok(())
    }
}

/// One variable of a job's container environment. Nothing of the host's environment reaches
/// a container unless an operator allowlists it; this is only what the job itself sets.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobEnv {
    pub name: String,
    pub value: String,
    /// Redacted in every response and audit record ([`JobSpec::redacted`]).
    pub secret: bool,
}

/// Debug never prints a secret value, so a spec in a log line or a panic message is safe.
impl fmt::Debug for JobEnv {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = if self.secret {
            REDACTED
        } else {
            self.value.as_str()
        };
        f.debug_struct("JobEnv")
            .field("name", &self.name)
            .field("value", &value)
            .field("secret", &self.secret)
            .finish()
    }
}

/// A job as an operator defines it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobSpec {
    pub name: JobName,
    pub description: String,
    pub source: JobSource,
    /// The build context's sub-directory inside the fetched tree; empty is its root.
    pub path: String,
    /// Relative to the build context; empty means `Dockerfile`.
    pub dockerfile: String,
    /// Overrides the image's command when not empty.
    pub command: Vec<String>,
    pub env: Vec<JobEnv>,
    pub queue: QueueName,
    /// Attempts after the first.
    pub retries: u32,
    /// Zero takes the configured default.
    pub timeout_ms: i64,
    /// Fraction of cores; `None` takes the configured default.
    pub cpus: Option<f64>,
    pub memory_mb: Option<u64>,
    pub pids: Option<u64>,
}

impl JobSpec {
    /// Checks the shape of every field (the source's allowlists are checked where it is
    /// fetched). Refuses rather than repairs: a value that would be changed is an error.
    pub fn validate(&self) -> Result<(), Error> {
        if self.description.chars().count() > JOB_DESCRIPTION_MAX {
            return Err(Error::invalid(
                "invalid_job_spec",
                format!("description is longer than {JOB_DESCRIPTION_MAX} characters"),
            ));
        }
        self.source.validate()?;
        if !self.path.is_empty() {
            check_relative("path", &self.path, "invalid_job_spec")?;
        }
        if !self.dockerfile.is_empty() {
            check_relative("dockerfile", &self.dockerfile, "invalid_job_spec")?;
        }
        self.validate_command()?;
        self.validate_env()?;
        self.validate_limits()
    }

    fn validate_command(&self) -> Result<(), Error> {
        if self.command.len() > JOB_COMMAND_MAX_ARGS {
            return Err(Error::invalid(
                "invalid_job_spec",
                format!("command has more than {JOB_COMMAND_MAX_ARGS} arguments"),
            ));
        }
        for arg in &self.command {
            if arg.len() > JOB_ARG_MAX || arg.contains('\0') {
                return Err(Error::invalid(
                    "invalid_job_spec",
                    format!(
                        "command argument {:?} is longer than {JOB_ARG_MAX} bytes or holds a NUL",
                        truncate_for_message(arg)
                    ),
                ));
            }
        }
        Ok(())
    }

    fn validate_env(&self) -> Result<(), Error> {
        let invalid = |message: String| Error::invalid("invalid_job_env", message);
        if self.env.len() > JOB_ENV_MAX {
            return Err(invalid(format!(
                "env has more than {JOB_ENV_MAX} variables"
            )));
        }
        let mut seen = std::collections::BTreeSet::new();
        for var in &self.env {
            if !is_env_name(&var.name) {
                return Err(invalid(format!(
                    "env name {:?} is invalid: use a letter or '_', then letters, digits or '_', up to 256",
                    truncate_for_message(&var.name)
                )));
            }
            if !seen.insert(var.name.as_str()) {
                return Err(invalid(format!("env name {:?} is set twice", var.name)));
            }
            if var.value.len() > JOB_ENV_VALUE_MAX || var.value.contains('\0') {
                return Err(invalid(format!(
                    "the value of {} is longer than {JOB_ENV_VALUE_MAX} bytes or holds a NUL",
                    var.name
                )));
            }
        }
        Ok(())
    }

    fn validate_limits(&self) -> Result<(), Error> {
        let invalid = |message: String| Error::invalid("invalid_job_limits", message);
        if !(0..=JOB_TIMEOUT_MAX_MS).contains(&self.timeout_ms) {
            return Err(Error::invalid(
                "invalid_timeout",
                format!(
                    "timeout_ms is {}; use 0 for the default or up to {JOB_TIMEOUT_MAX_MS} (7 days)",
                    self.timeout_ms
                ),
            ));
        }
        if let Some(cpus) = self.cpus
            && !(cpus.is_finite() && (JOB_CPUS_MIN..=JOB_CPUS_MAX).contains(&cpus))
        {
            return Err(invalid(format!(
                "cpus is {cpus}; use a fraction of cores from {JOB_CPUS_MIN} to {JOB_CPUS_MAX}"
            )));
        }
        if let Some(mb) = self.memory_mb
            && !(JOB_MEMORY_MB_MIN..=JOB_MEMORY_MB_MAX).contains(&mb)
        {
            return Err(invalid(format!(
                "memory_mb is {mb}; use {JOB_MEMORY_MB_MIN} to {JOB_MEMORY_MB_MAX}"
            )));
        }
        if let Some(pids) = self.pids
            && !(1..=JOB_PIDS_MAX).contains(&pids)
        {
            return Err(invalid(format!("pids is {pids}; use 1 to {JOB_PIDS_MAX}")));
        }
        Ok(())
    }

    /// The spec with every secret env value replaced by [`REDACTED`]: what responses, events
    /// and audit records carry.
    pub fn redacted(&self) -> JobSpec {
        let mut spec = self.clone();
        for var in spec.env.iter_mut().filter(|v| v.secret) {
            var.value = REDACTED.to_string();
        }
        spec
    }
}

/// A job as the store keeps it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobRecord {
    pub spec: JobSpec,
    /// Kept by the store across upserts of the same name.
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    /// Set by the store: bumped on every write (and continued after a delete, so it never
    /// repeats under one name).
    #[serde(default)]
    pub revision: i64,
}

/// Where a run is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobRunStatus {
    /// Waiting for a worker: before its first attempt, or between attempts.
    Queued,
    Running,
    Succeeded,
    /// Failed for good: retries used up, or a permanent error.
    Failed,
    Cancelled,
}

impl JobRunStatus {
    pub const ALL: [JobRunStatus; 5] = [
        JobRunStatus::Queued,
        JobRunStatus::Running,
        JobRunStatus::Succeeded,
        JobRunStatus::Failed,
        JobRunStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            JobRunStatus::Queued => "queued",
            JobRunStatus::Running => "running",
            JobRunStatus::Succeeded => "succeeded",
            JobRunStatus::Failed => "failed",
            JobRunStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(value: &str) -> Result<Self, Error> {
        let lower = value.trim().to_ascii_lowercase();
        JobRunStatus::ALL
            .into_iter()
            .find(|s| s.as_str() == lower)
            .ok_or_else(|| {
                Error::invalid(
                    "invalid_job_run_status",
                    format!(
                        "run status {:?} is unknown; use one of queued, running, succeeded, failed, cancelled",
                        truncate_for_message(value)
                    ),
                )
            })
    }

    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            JobRunStatus::Succeeded | JobRunStatus::Failed | JobRunStatus::Cancelled
        )
    }

    /// Order within one attempt: queued, then running, then an end.
    fn rank(self) -> u8 {
        match self {
            JobRunStatus::Queued => 0,
            JobRunStatus::Running => 1,
            _ => 2,
        }
    }

    /// Whether a run stored at (`self`, `attempt`) may be overwritten by a write at
    /// (`next`, `next_attempt`). The stores apply this inside their write, so a late writer
    /// (a worker whose lease was lost, a heartbeat after a cancel) cannot move a run back:
    /// - the attempt never decreases; a later attempt (a retry, or an operator's replay of a
    ///   finished run) may set any status;
    /// - within one attempt the status never goes back (queued, running, an end), and an end
    ///   is final: only a rewrite with the same end (to add its figures) is allowed.
    pub fn may_become(self, attempt: u32, next: JobRunStatus, next_attempt: u32) -> bool {
        if next_attempt != attempt {
            return next_attempt > attempt;
        }
        if self.is_terminal() {
            return next == self;
        }
        next.rank() >= self.rank()
    }
}

impl fmt::Display for JobRunStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who started a run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum JobTrigger {
    /// `RunJob` by an operator (the certificate's CN).
    Manual { actor: String },
    /// A fire of this schedule.
    Schedule { name: ScheduleName },
}

/// One run of a job: one `job_runner` task, all its attempts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobRunRecord {
    /// The task's id.
    pub run_id: TaskId,
    pub job: JobName,
    /// The spec as it was when the run was made; later edits of the job do not change it.
    pub spec: JobSpec,
    pub status: JobRunStatus,
    pub trigger: JobTrigger,
    pub queued_at_ms: i64,
    /// When the first attempt started.
    pub started_at_ms: Option<i64>,
    pub finished_at_ms: Option<i64>,
    /// The attempt the run is at (1 for the first), never decreasing, also across an
    /// operator's replay (see [`JobRunStatus::may_become`]).
    pub attempt: u32,
    pub exit_code: Option<i64>,
    /// The container was killed for going over its memory limit.
    pub oom_killed: bool,
    /// The container was killed for going over the job's timeout.
    pub timed_out: bool,
    /// When the Docker engine reports it.
    pub peak_memory_bytes: Option<u64>,
    /// The commit a git tag resolved to.
    pub resolved_commit: Option<String>,
    pub error: Option<String>,
    /// Output bytes the run produced (kept and dropped).
    pub output_bytes: u64,
    /// The output went over the per-run cap; the log ends with a truncation marker.
    pub truncated: bool,
}

impl JobRunRecord {
    /// How long the run waited before its first attempt started.
    pub fn queue_delay_ms(&self) -> Option<i64> {
        self.started_at_ms
            .map(|started| (started - self.queued_at_ms).max(0))
    }

    /// From the first start to the end (retries and their backoff included).
    pub fn duration_ms(&self) -> Option<i64> {
        match (self.started_at_ms, self.finished_at_ms) {
            (Some(started), Some(finished)) => Some((finished - started).max(0)),
            _ => None,
        }
    }
}

/// Where a listing of runs goes on: after the last run of the previous page (newest first,
/// by queue time then run id).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobRunCursor {
    pub queued_at_ms: i64,
    pub run_id: TaskId,
}

impl JobRunCursor {
    pub fn after(run: &JobRunRecord) -> Self {
        Self {
            queued_at_ms: run.queued_at_ms,
            run_id: run.run_id.clone(),
        }
    }

    /// The opaque text clients hand back: `<queued_at_ms>_<run id>`.
    pub fn encode(&self) -> String {
        format!("{}_{}", self.queued_at_ms, self.run_id)
    }

    pub fn parse(text: &str) -> Result<Self, Error> {
        let invalid = || {
            Error::invalid(
                "invalid_cursor",
                format!(
                    "cursor {:?} was not issued by a run listing",
                    truncate_for_message(text)
                ),
            )
        };
        let (at, id) = text.trim().split_once('_').ok_or_else(invalid)?;
        let queued_at_ms = at.parse::<i64>().map_err(|_| invalid())?;
        let run_id = TaskId::parse(id).map_err(|_| invalid())?;
        Ok(Self {
            queued_at_ms,
            run_id,
        })
    }
}

/// A page of runs, newest first.
#[derive(Clone, Debug, PartialEq)]
pub struct JobRunPage {
    pub runs: Vec<JobRunRecord>,
    /// Set when the page is full: there may be older runs after it.
    pub next: Option<JobRunCursor>,
}

/// What happened to a run, as the reference's `JobEvent` reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobEventStatus {
    /// The run was made (by hand or by a schedule).
    Queued,
    /// An attempt started.
    Running,
    /// An attempt ended without success and another one follows.
    Retrying,
    Succeeded,
    Failed,
    Cancelled,
}

impl JobEventStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            JobEventStatus::Queued => "queued",
            JobEventStatus::Running => "running",
            JobEventStatus::Retrying => "retrying",
            JobEventStatus::Succeeded => "succeeded",
            JobEventStatus::Failed => "failed",
            JobEventStatus::Cancelled => "cancelled",
        }
    }
}

/// One persisted job event: the reference's `JobEvent` fields plus the attempt and when it was
/// recorded. Events of one run share its `task_id`; several may share a millisecond.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobEventRecord {
    pub task_id: TaskId,
    pub name: JobName,
    pub status: JobEventStatus,
    pub queue: String,
    /// The run's source (the wire's `repo` and `tag` come from a git source).
    pub source: JobSource,
    pub path: String,
    pub dockerfile: String,
    pub command: Vec<String>,
    pub schedule_name: Option<ScheduleName>,
    pub schedule_spec: String,
    pub started_at_ms: Option<i64>,
    pub finished_at_ms: Option<i64>,
    pub duration_ms: Option<i64>,
    /// The tail of the output at an end.
    pub result: String,
    pub error: String,
    pub metadata: BTreeMap<String, String>,
    pub attempt: u32,
    pub at_ms: i64,
}

/// Which stream a piece of a run's output came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobLogStream {
    Stdout,
    Stderr,
    /// Lines from the system itself: the truncation marker, a timeout or cancel acted on.
    System,
    /// The image build's output, kept apart from the container's own.
    Build,
}

impl JobLogStream {
    pub const ALL: [JobLogStream; 4] = [
        JobLogStream::Stdout,
        JobLogStream::Stderr,
        JobLogStream::System,
        JobLogStream::Build,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            JobLogStream::Stdout => "stdout",
            JobLogStream::Stderr => "stderr",
            JobLogStream::System => "system",
            JobLogStream::Build => "build",
        }
    }

    /// The stored name, as [`JobLogStream::as_str`]; `None` for a name no build wrote.
    pub fn from_name(name: &str) -> Option<Self> {
        JobLogStream::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

/// Output to append to a run's log; the store numbers it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewJobLogChunk {
    pub stream: JobLogStream,
    pub at_ms: i64,
    pub data: Vec<u8>,
}

/// A stored piece of a run's output. `seq` counts from 1 without gaps within a run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobLogChunk {
    pub run_id: TaskId,
    pub seq: u64,
    pub stream: JobLogStream,
    pub at_ms: i64,
    pub data: Vec<u8>,
}

/// A run's log as a whole, after an append or beside a read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct JobLogState {
    /// Output bytes kept (the truncation marker not counted); never more than the cap.
    pub stored_bytes: u64,
    /// Output bytes dropped after the cap was reached.
    pub dropped_bytes: u64,
    /// The cap was reached; the log holds exactly one truncation marker.
    pub truncated: bool,
    /// The newest chunk's `seq`, 0 for an empty log.
    pub last_seq: u64,
}

impl JobLogState {
    /// Every output byte the run produced.
    pub fn output_bytes(&self) -> u64 {
        self.stored_bytes + self.dropped_bytes
    }
}

/// The system chunk a log gets once, where its output reached the cap of `cap_bytes`.
pub fn truncation_marker(cap_bytes: u64) -> Vec<u8> {
    format!("\n[output truncated: a run keeps at most {cap_bytes} bytes of output]\n").into_bytes()
}

/// The prefix every truncation marker starts with, for readers that look for it.
pub const JOB_LOG_MARKER_PREFIX: &str = "\n[output truncated";

fn require(field: &str, value: &str, reason: &'static str) -> Result<(), Error> {
    if value.trim().is_empty() {
        return Err(Error::invalid(reason, format!("{field} is required")));
    }
    if value.trim() != value || value.len() > JOB_FIELD_MAX {
        return Err(Error::invalid(
            reason,
            format!(
                "{field} {:?} has surrounding whitespace or is longer than {JOB_FIELD_MAX} bytes",
                truncate_for_message(value)
            ),
        ));
    }
    Ok(())
}

/// A relative path that stays inside its root: no leading '/', no `..`, no NUL, no '\'.
fn check_relative(field: &str, value: &str, reason: &'static str) -> Result<(), Error> {
    let escapes = value.starts_with('/')
        || value.contains('\\')
        || value.contains('\0')
        || value.split('/').any(|part| part == "..")
        || value.len() > JOB_FIELD_MAX;
    if escapes {
        return Err(Error::invalid(
            reason,
            format!(
                "{field} {:?} must be a relative path that stays inside its directory",
                truncate_for_message(value)
            ),
        ));
    }
    Ok(())
}

fn check_sha256(sha256: Option<&str>) -> Result<(), Error> {
    match sha256 {
        Some(digest) if !(digest.len() == 64 && is_hex(digest)) => Err(Error::invalid(
            "job_source_invalid",
            format!(
                "tarball_sha256 {:?} is not a SHA-256: use its 64 hex digits",
                truncate_for_message(digest)
            ),
        )),
        _ => Ok(()),
    }
}

fn is_hex(value: &str) -> bool {
    value.bytes().all(|b| b.is_ascii_hexdigit())
}

fn is_env_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    name.len() <= 256
        && bytes
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}
