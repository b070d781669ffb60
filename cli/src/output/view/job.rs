//! `job …`: job definitions (secret env values as the server redacts them), runs, events and
//! artifacts. Times are RFC 3339 in JSON.

use serde::Serialize;
use worker_proto::v1 as pb;

use super::{cell, short_ms, time};
use crate::output::Record;

fn dash(text: &str) -> String {
    if text.is_empty() {
        "-".into()
    } else {
        text.to_string()
    }
}

#[derive(Serialize, Debug, Clone)]
pub(crate) struct Job {
    pub name: String,
    pub description: String,
    /// git_tag, tarball_url or tarball_path.
    pub source: String,
    pub repo: String,
    pub tag: String,
    pub commit: String,
    pub tarball_url: String,
    pub tarball_path: String,
    pub tarball_sha256: String,
    pub path: String,
    pub dockerfile: String,
    pub command: Vec<String>,
    pub env: Vec<String>,
    /// NAME=[redacted].
    pub secret_env: Vec<String>,
    pub queue: String,
    pub retries: i32,
    pub timeout_seconds: i32,
    /// 0: the node's default.
    pub cpus: f64,
    pub memory_mb: i64,
    pub pids: i64,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
}

impl Job {
    pub(crate) fn of(job: &pb::Job) -> Self {
        let s = job.spec.clone().unwrap_or_default();
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
            created_at: time(job.created_at_ms),
            updated_at: time(job.updated_at_ms),
        }
    }

    /// Where the build context comes from, in one cell.
    fn origin(&self) -> String {
        match self.source.as_str() {
            "tarball_url" => self.tarball_url.clone(),
            "tarball_path" => self.tarball_path.clone(),
            _ => format!("{}@{}", self.repo, self.tag),
        }
    }
}

impl Record for Job {
    fn header(wide: bool) -> Vec<&'static str> {
        let mut h = vec!["NAME", "SOURCE", "FROM", "QUEUE", "RETRIES", "TIMEOUT"];
        if wide {
            h.extend([
                "CPUS",
                "MEMORY_MB",
                "PIDS",
                "COMMAND",
                "ENV",
                "SECRETS",
                "UPDATED",
            ]);
        }
        h
    }
    fn row(&self, wide: bool) -> Vec<String> {
        let mut r = vec![
            self.name.clone(),
            self.source.clone(),
            self.origin(),
            self.queue.clone(),
            self.retries.to_string(),
            if self.timeout_seconds == 0 {
                "default".into()
            } else {
                format!("{}s", self.timeout_seconds)
            },
        ];
        if wide {
            // 0 is "the node's default" on the wire; say so rather than print a limit of 0.
            let limit = |set: bool, value: String| if set { value } else { "default".into() };
            r.extend([
                limit(self.cpus > 0.0, self.cpus.to_string()),
                limit(self.memory_mb > 0, self.memory_mb.to_string()),
                limit(self.pids > 0, self.pids.to_string()),
                dash(&self.command.join(" ")),
                dash(&self.env.join(" ")),
                dash(&self.secret_env.join(" ")),
                cell(&self.updated_at),
            ]);
        }
        r
    }
}

#[derive(Serialize, Debug, Clone)]
pub(crate) struct JobRun {
    pub run_id: String,
    pub job: String,
    /// queued, running, succeeded, failed or cancelled.
    pub status: String,
    /// manual or schedule.
    pub trigger: String,
    pub actor: String,
    pub schedule: String,
    pub queued_at: Option<String>,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    pub queue_delay_ms: i64,
    pub duration_ms: i64,
    pub attempt: i32,
    pub exit_code: Option<i64>,
    pub oom_killed: bool,
    pub timed_out: bool,
    pub peak_memory_bytes: Option<i64>,
    pub resolved_commit: String,
    pub error: String,
    pub truncated: bool,
    pub output_bytes: i64,
}

impl From<&pb::JobRun> for JobRun {
    fn from(r: &pb::JobRun) -> Self {
        Self {
            run_id: r.run_id.clone(),
            job: r.job.clone(),
            status: r.status.clone(),
            trigger: r.trigger.clone(),
            actor: r.actor.clone(),
            schedule: r.schedule.clone(),
            queued_at: time(r.queued_at_ms),
            started_at: time(r.started_at_ms),
            finished_at: time(r.finished_at_ms),
            queue_delay_ms: r.queue_delay_ms,
            duration_ms: r.duration_ms,
            attempt: r.attempt,
            exit_code: r.exit_code,
            oom_killed: r.oom_killed,
            timed_out: r.timed_out,
            peak_memory_bytes: r.peak_memory_bytes,
            resolved_commit: r.resolved_commit.clone(),
            error: r.error.clone(),
            truncated: r.truncated,
            output_bytes: r.output_bytes,
        }
    }
}

impl Record for JobRun {
    fn header(wide: bool) -> Vec<&'static str> {
        let mut h = vec![
            "RUN", "JOB", "STATUS", "BY", "QUEUED", "WAITED", "TOOK", "EXIT",
        ];
        if wide {
            h.extend(["ATTEMPT", "OOM", "TIMED_OUT", "PEAK_MEM", "COMMIT", "ERROR"]);
        }
        h
    }
    fn row(&self, wide: bool) -> Vec<String> {
        let by = if self.trigger == "schedule" {
            format!("schedule {}", self.schedule)
        } else {
            self.actor.clone()
        };
        let mut r = vec![
            self.run_id.clone(),
            self.job.clone(),
            self.status.clone(),
            dash(&by),
            cell(&self.queued_at),
            if self.started_at.is_some() {
                short_ms(self.queue_delay_ms)
            } else {
                "-".into()
            },
            if self.finished_at.is_some() && self.started_at.is_some() {
                short_ms(self.duration_ms)
            } else {
                "-".into()
            },
            self.exit_code.map_or("-".into(), |c| c.to_string()),
        ];
        if wide {
            r.extend([
                self.attempt.to_string(),
                self.oom_killed.to_string(),
                self.timed_out.to_string(),
                self.peak_memory_bytes.map_or("-".into(), |b| b.to_string()),
                dash(&self.resolved_commit),
                dash(&self.error),
            ]);
        }
        r
    }
}

#[derive(Serialize, Debug, Clone)]
pub(crate) struct JobEvent {
    pub task_id: String,
    pub name: String,
    pub status: String,
    pub queue: String,
    pub schedule_name: String,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    pub duration_ms: i64,
    pub error: String,
}

impl From<&pb::JobEvent> for JobEvent {
    fn from(e: &pb::JobEvent) -> Self {
        Self {
            task_id: e.task_id.clone(),
            name: e.name.clone(),
            status: e.status.clone(),
            queue: e.queue.clone(),
            schedule_name: e.schedule_name.clone(),
            started_at: time(e.started_at_ms),
            finished_at: time(e.finished_at_ms),
            duration_ms: e.duration_ms,
            error: e.error.clone(),
        }
    }
}

impl Record for JobEvent {
    fn header(_wide: bool) -> Vec<&'static str> {
        vec![
            "RUN", "JOB", "STATUS", "QUEUE", "SCHEDULE", "STARTED", "ERROR",
        ]
    }
    fn row(&self, _wide: bool) -> Vec<String> {
        vec![
            self.task_id.clone(),
            self.name.clone(),
            self.status.clone(),
            self.queue.clone(),
            dash(&self.schedule_name),
            cell(&self.started_at),
            dash(&self.error),
        ]
    }
}

/// Where a job's artifact is, as the gateway's `/jobs/{name}/artifact/meta` would say.
#[derive(Serialize, Debug, Clone)]
pub(crate) struct JobArtifact {
    pub name: String,
    pub source: String,
    pub downloadable: bool,
    /// A tarball_url job's URL.
    pub redirect_url: String,
    /// A tarball_path job's file, relative to the tarball directory.
    pub tarball_path: String,
    /// As declared by the job.
    pub sha256: String,
}

impl JobArtifact {
    pub(crate) fn of(job: &Job) -> Self {
        Self {
            name: job.name.clone(),
            source: job.source.clone(),
            downloadable: job.source != "git_tag",
            redirect_url: job.tarball_url.clone(),
            tarball_path: job.tarball_path.clone(),
            sha256: job.tarball_sha256.clone(),
        }
    }
}

impl Record for JobArtifact {
    fn header(_wide: bool) -> Vec<&'static str> {
        vec!["NAME", "SOURCE", "DOWNLOADABLE", "WHERE", "SHA256"]
    }
    fn row(&self, _wide: bool) -> Vec<String> {
        vec![
            self.name.clone(),
            self.source.clone(),
            self.downloadable.to_string(),
            dash(if self.source == "tarball_url" {
                &self.redirect_url
            } else {
                &self.tarball_path
            }),
            dash(&self.sha256),
        ]
    }
}
