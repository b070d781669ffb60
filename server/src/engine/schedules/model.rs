//! What a cron schedule is: its definition, its firing state, its policies and the events of
//! its runs, as the engine and the stores share them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::engine::Error;
use crate::engine::model::truncate_for_message;
use crate::engine::model::{ScheduleName, TaskId};

/// Most fires `catch_up` may make after downtime, whatever a schedule asks for.
pub const CATCH_UP_MAX: u32 = 1_000;

/// What to do with fire times missed while no node was running (or the store was away) for
/// longer than the misfire grace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "policy", rename_all = "snake_case")]
pub enum Misfire {
    /// Missed fires are dropped (recorded as one `missed` event); the next fire is the next
    /// time after now. The default.
    Skip,
    /// All missed fires together make one task, now.
    RunOnce,
    /// Every missed fire makes its own task, the newest `max` of them at most.
    CatchUp { max: u32 },
}

impl Misfire {
    /// Parses the wire form: `skip` (or empty), `run_once`, `catch_up` (with `catch_up_max`).
    pub fn parse(policy: &str, catch_up_max: u32) -> Result<Self, Error> {
        match policy.trim() {
            "" | "skip" => Ok(Misfire::Skip),
            "run_once" => Ok(Misfire::RunOnce),
            "catch_up" if (1..=CATCH_UP_MAX).contains(&catch_up_max) => {
                Ok(Misfire::CatchUp { max: catch_up_max })
            }
            "catch_up" => Err(Error::invalid(
                "invalid_misfire",
                format!("catch_up needs catch_up_max between 1 and {CATCH_UP_MAX}"),
            )),
            other => Err(Error::invalid(
                "invalid_misfire",
                format!(
                    "misfire policy {:?} is unknown: use skip, run_once or catch_up",
                    truncate_for_message(other)
                ),
            )),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Misfire::Skip => "skip",
            Misfire::RunOnce => "run_once",
            Misfire::CatchUp { .. } => "catch_up",
        }
    }

    /// The catch-up bound, 0 for the other policies.
    pub fn catch_up_max(self) -> u32 {
        match self {
            Misfire::CatchUp { max } => max,
            _ => 0,
        }
    }
}

/// Whether a fire may start while the schedule's previous task has not finished.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Overlap {
    /// Every fire makes a task. The default.
    Allow,
    /// A fire is skipped (and recorded as a `skipped` event) while the previous task is
    /// scheduled, pending, running or retrying.
    Skip,
}

impl Overlap {
    pub fn parse(policy: &str) -> Result<Self, Error> {
        match policy.trim() {
            "" | "allow" => Ok(Overlap::Allow),
            "skip" => Ok(Overlap::Skip),
            other => Err(Error::invalid(
                "invalid_overlap",
                format!(
                    "overlap policy {:?} is unknown: use allow or skip",
                    truncate_for_message(other)
                ),
            )),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Overlap::Allow => "allow",
            Overlap::Skip => "skip",
        }
    }
}

/// The task every fire of a schedule makes, validated and defaulted like an enqueue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScheduleTask {
    pub handler: String,
    pub queue: String,
    #[serde(with = "payload_b64")]
    pub payload: Vec<u8>,
    pub priority: i32,
    /// `None` takes the engine's default at fire time.
    pub max_retries: Option<u32>,
    /// Zero takes the engine's default timeout.
    pub timeout_ms: i64,
    pub metadata: BTreeMap<String, String>,
}

/// What a schedule's fires run, decided when the schedule is created and kept with it, so a
/// handler or job that appears later under the same name cannot change what fires.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScheduleTarget {
    /// A task for the handler `task.handler` (a live worker registered it). Records written
    /// before jobs could be scheduled read as this.
    #[default]
    Handler,
    /// A run of the job named `task.handler`: its `job_runner` task takes the job's queue,
    /// retries and timeout at fire time.
    Job,
}

impl ScheduleTarget {
    pub fn name(self) -> &'static str {
        match self {
            ScheduleTarget::Handler => "handler",
            ScheduleTarget::Job => "job",
        }
    }
}

/// A schedule as the store keeps it: the definition an operator wrote and the firing state
/// the engine keeps. Stores persist it whole and compare only `revision`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScheduleRecord {
    pub name: ScheduleName,
    /// The cron spec as written: 5 or 6 fields, or a descriptor (`@hourly`, `@every 90s`).
    pub spec: String,
    /// IANA time zone name the spec is read in.
    pub timezone: String,
    pub task: ScheduleTask,
    /// Whether `task.handler` names a handler or a job.
    #[serde(default)]
    pub target: ScheduleTarget,
    /// The reference's flag: the schedule makes durable tasks. Always true here; kept so
    /// clients that send and show it keep working.
    pub durable: bool,
    pub misfire: Misfire,
    pub overlap: Overlap,
    /// Each fire's task runs up to this much after the fire time, chosen at random.
    pub jitter_ms: i64,
    pub paused: bool,
    /// The next fire time (before jitter) the scheduler will make; meaningless while paused.
    pub next_fire_ms: i64,
    /// The latest fire time that was handled (fired, skipped or missed).
    pub last_fire_ms: Option<i64>,
    /// The newest task a fire or a manual run made.
    pub last_task_id: Option<TaskId>,
    /// The newest run's status (`fired`, `running`, `succeeded`, `failed`, …), empty before any.
    pub last_status: String,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    /// Set by the store: bumped on every write, compared by [`crate::store::ScheduleStore::update_schedule`].
    #[serde(default)]
    pub revision: i64,
}

/// What happened to one schedule at one moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScheduleEventStatus {
    /// A fire (or a manual run) made a task.
    Fired,
    /// The task started running.
    Running,
    Succeeded,
    /// An attempt failed; `error` says why. The task may be retried.
    Failed,
    /// The task used up its retries or was cancelled.
    Dead,
    Cancelled,
    /// The overlap policy skipped a fire.
    Skipped,
    /// The misfire policy dropped fires missed during downtime.
    Missed,
}

impl ScheduleEventStatus {
    pub fn name(self) -> &'static str {
        match self {
            ScheduleEventStatus::Fired => "fired",
            ScheduleEventStatus::Running => "running",
            ScheduleEventStatus::Succeeded => "succeeded",
            ScheduleEventStatus::Failed => "failed",
            ScheduleEventStatus::Dead => "dead",
            ScheduleEventStatus::Cancelled => "cancelled",
            ScheduleEventStatus::Skipped => "skipped",
            ScheduleEventStatus::Missed => "missed",
        }
    }
}

/// Whether a fire came from the cron spec or from an operator's `RunSchedule`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    Cron,
    Manual,
}

impl Trigger {
    pub fn name(self) -> &'static str {
        match self {
            Trigger::Cron => "cron",
            Trigger::Manual => "manual",
        }
    }
}

/// One persisted schedule event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScheduleEventRecord {
    pub name: ScheduleName,
    pub spec: String,
    pub status: ScheduleEventStatus,
    pub trigger: Trigger,
    /// The fire time this event belongs to (for a manual run, when it was asked for).
    pub fire_ms: i64,
    pub task_id: Option<TaskId>,
    pub queue: String,
    pub handler: String,
    pub attempt: u32,
    pub started_at_ms: i64,
    pub finished_at_ms: i64,
    pub duration_ms: i64,
    /// Shortened error text of a failed attempt, or why a fire was skipped or missed.
    pub error: String,
    /// When the event was recorded.
    pub at_ms: i64,
}

mod payload_b64 {
    //! Payload bytes as base64 in the stored JSON.
    use base64::Engine as _;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(bytes))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(d)?;
        base64::engine::general_purpose::STANDARD
            .decode(text)
            .map_err(serde::de::Error::custom)
    }
}
