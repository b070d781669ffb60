//! Cron schedules: their definitions and operator actions, the scheduler tick that fires them
//! exactly once per fire time across every node, and the events of their runs.
//!
//! Exactly once: a fire's task carries the idempotency key `schedule:<name>:<fire_ms>`, so any
//! number of nodes handling the same fire insert one task; the schedule's state then advances
//! by a compare-and-set on its revision, and only the node that wins records the fire's event.

pub mod cron;
mod describe;
mod fire;
pub mod model;
mod ops;
mod runs;

pub(crate) use runs::is_schedule_task;

#[cfg(test)]
mod tests;

pub use model::{
    CATCH_UP_MAX, Misfire, Overlap, ScheduleEventRecord, ScheduleEventStatus, ScheduleRecord,
    ScheduleTarget, ScheduleTask, Trigger,
};

use crate::engine::Engine;
use crate::engine::events::Event;

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
    /// The reference's flag; either value is accepted and every schedule is stored durable
    /// (all of them are persisted here).
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
    /// `handler` (a live worker registers it) or `job` (a job definition).
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

/// Metadata keys every task a schedule makes carries.
/// Metadata keys under this prefix are written by schedules only; an enqueue that sets one is
/// refused, so nobody can forge a schedule's run events.
pub const SCHEDULE_META_PREFIX: &str = "worker.schedule.";
pub const META_NAME: &str = "worker.schedule.name";
pub const META_SPEC: &str = "worker.schedule.spec";
pub const META_DURABLE: &str = "worker.schedule.durable";
pub const META_QUEUE: &str = "worker.schedule.queue";
pub const META_FIRE_AT: &str = "worker.schedule.fire_at_ms";
pub const META_TRIGGER: &str = "worker.schedule.trigger";

/// Longest error text a schedule event keeps.
const EVENT_ERROR_MAX: usize = 512;

/// How often a compare-and-set on a schedule is retried before the change is given up.
const CAS_TRIES: usize = 5;

fn shorten(text: &str) -> String {
    if text.len() <= EVENT_ERROR_MAX {
        return text.to_string();
    }
    let mut end = EVENT_ERROR_MAX;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

/// `ms` as an RFC 3339 UTC time for messages.
fn instant(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_else(|| ms.to_string())
}

impl Engine {
    /// Keeps schedule events in the schedule history and in the event log. Failures are logged:
    /// the changes they describe have already happened.
    async fn record_schedule_events(&self, events: Vec<ScheduleEventRecord>) {
        if events.is_empty() {
            return;
        }
        if let Err(e) = self.inner.store.append_schedule_events(&events).await {
            tracing::warn!(error = %e, "could not record schedule events");
        }
        self.log_schedule_events(events).await;
    }

    /// Copies schedule events already in the schedule history (written with the record they go
    /// with) to the event log; best effort, as in `record_schedule_events`.
    async fn log_schedule_events(&self, events: Vec<ScheduleEventRecord>) {
        if events.is_empty() {
            return;
        }
        let now = self.now_ms();
        let logged: Vec<(i64, Event)> = events
            .into_iter()
            .map(|e| (now, Event::Schedule(e)))
            .collect();
        match self.inner.store.append_events(&logged).await {
            Ok(_) => self.inner.appended.notify_waiters(),
            Err(e) => {
                tracing::warn!(error = %e, "could not append schedule events to the event log")
            }
        }
    }
}
