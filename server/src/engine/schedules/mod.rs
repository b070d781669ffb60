//! Cron schedules: their definitions and operator actions, the scheduler tick that fires them
//! exactly once per fire time across every node, and the events of their runs.
//!
//! Exactly once: a fire's task carries the idempotency key `schedule:<name>:<fire_ms>`, so any
//! number of nodes handling the same fire insert one task; the schedule's state then advances
//! by a compare-and-set on its revision, and only the node that wins records the fire's event.

pub mod cron;
pub mod model;

pub use model::{
    CATCH_UP_MAX, Misfire, Overlap, ScheduleEventRecord, ScheduleEventStatus, ScheduleRecord,
    ScheduleTask, Trigger,
};

use crate::engine::model::{ScheduleName, TaskId};
use crate::engine::{Engine, Error};

/// A schedule as operators see it: the stored record with what is computed centrally.
#[derive(Clone, Debug, PartialEq)]
pub struct ScheduleView {
    pub record: ScheduleRecord,
    /// The next fire time; 0 while paused, as the reference reports it.
    pub next_run_ms: i64,
    /// The latest fire time handled (or manual run), 0 before any.
    pub last_run_ms: i64,
    /// The spec in words, like "every 15 minutes".
    pub description: String,
}

/// A schedule as an operator writes it; the engine validates every field.
#[derive(Clone, Debug, Default)]
pub struct ScheduleInput {
    pub name: String,
    pub spec: String,
    /// IANA name; empty means UTC.
    pub timezone: String,
    /// The reference's flag; only durable schedules exist here, `false` is refused.
    pub durable: bool,
    /// Empty handler: the schedule's name, as in the reference (a schedule names its factory).
    pub handler: String,
    /// Empty: the default queue.
    pub queue: String,
    pub payload: Vec<u8>,
    pub priority: i32,
    pub max_retries: Option<u32>,
    pub timeout_ms: i64,
    pub metadata: std::collections::BTreeMap<String, String>,
    /// `skip` (or empty), `run_once`, `catch_up`.
    pub misfire: String,
    pub catch_up_max: u32,
    /// `allow` (or empty), `skip`.
    pub overlap: String,
    pub jitter_ms: i64,
}

/// Something a schedule can run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScheduleFactory {
    pub name: String,
    pub durable: bool,
    /// `handler` (a live worker registers it); `job` once job definitions exist.
    pub origin: &'static str,
}

/// The cap on manual runs of one schedule, counted over every node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunLimit {
    pub max: u32,
    pub window_ms: i64,
}

/// What one scheduler tick did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TickReport {
    pub fired: u32,
    pub skipped: u32,
    pub missed: u32,
}

impl Engine {
    /// Creates or replaces a schedule by name (the reference's upsert: pause is cleared).
    /// Returns it and whether it is new.
    pub async fn create_schedule(
        &self,
        input: ScheduleInput,
    ) -> Result<(ScheduleView, bool), Error> {
        let _ = input;
        Err(Error::Unavailable("schedules are not built yet".into()))
    }

    pub async fn get_schedule(&self, name: &ScheduleName) -> Result<ScheduleView, Error> {
        let _ = name;
        Err(Error::Unavailable("schedules are not built yet".into()))
    }

    /// By name.
    pub async fn list_schedules(&self) -> Result<Vec<ScheduleView>, Error> {
        Err(Error::Unavailable("schedules are not built yet".into()))
    }

    /// Removes the schedule; its factory stays. False when there was none.
    pub async fn delete_schedule(&self, name: &ScheduleName) -> Result<bool, Error> {
        let _ = name;
        Err(Error::Unavailable("schedules are not built yet".into()))
    }

    /// Pauses or resumes one schedule; a resumed schedule fires next at its next time after
    /// now (fires missed while paused are not made up).
    pub async fn pause_schedule(
        &self,
        name: &ScheduleName,
        paused: bool,
    ) -> Result<ScheduleView, Error> {
        let _ = (name, paused);
        Err(Error::Unavailable("schedules are not built yet".into()))
    }

    /// Pauses or resumes every schedule; returns how many changed.
    pub async fn pause_schedules(&self, paused: bool) -> Result<u32, Error> {
        let _ = paused;
        Err(Error::Unavailable("schedules are not built yet".into()))
    }

    /// Makes one task now (a manual fire), refused with `ResourceExhausted`
    /// (`schedule_run_limited`) past `limit`.
    pub async fn run_schedule(
        &self,
        name: &ScheduleName,
        limit: Option<RunLimit>,
    ) -> Result<TaskId, Error> {
        let _ = (name, limit);
        Err(Error::Unavailable("schedules are not built yet".into()))
    }

    /// Every handler a live worker registered, by name.
    pub async fn schedule_factories(&self) -> Result<Vec<ScheduleFactory>, Error> {
        Err(Error::Unavailable("schedules are not built yet".into()))
    }

    /// Newest first.
    pub async fn list_schedule_events(
        &self,
        name: Option<&ScheduleName>,
        limit: u32,
    ) -> Result<Vec<ScheduleEventRecord>, Error> {
        let _ = (name, limit);
        Err(Error::Unavailable("schedules are not built yet".into()))
    }

    /// One scheduler tick: fires every due, unpaused schedule under its misfire and overlap
    /// policies. Every node runs it; the store's idempotency keys and revisions keep each fire
    /// to one task.
    pub async fn fire_due_schedules(&self) -> Result<TickReport, Error> {
        Err(Error::Unavailable("schedules are not built yet".into()))
    }

    /// Creates the schedules in `presets` that do not exist yet (start-up presets from the
    /// environment); an invalid preset is logged and skipped, never fatal.
    pub async fn ensure_schedules(&self, presets: Vec<ScheduleInput>) -> Result<u32, Error> {
        let _ = presets;
        Err(Error::Unavailable("schedules are not built yet".into()))
    }
}
