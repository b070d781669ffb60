//! The operator event log's typed events, their persisted encoding, and the coalescer that turns
//! a high rate of task transitions into one summary per queue per interval.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::engine::audit::AuditRecord;
use crate::engine::bulk::BulkOp;
use crate::engine::model::{EventId, TaskState};
use crate::engine::schedules::ScheduleEventRecord;

/// Something an operator cares about. Persisted as JSON in the store's event log; the encoding
/// is this crate's own storage format, not a wire contract (transports convert at the edge).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Event {
    /// A queue was paused, resumed or re-weighted.
    QueueChanged {
        queue: String,
        action: String,
        paused: bool,
        weight: u32,
    },
    /// Dequeue was paused or resumed for every queue.
    DequeueChanged {
        paused: bool,
    },
    /// Task transitions of one queue over one interval.
    TaskSummary(TaskSummary),
    /// Entries entered or left the dead-letter queue.
    DlqChanged {
        queue: Option<String>,
        action: String,
        added: u64,
        removed: u64,
    },
    WorkerJoined {
        worker_id: String,
        host: String,
        pid: u32,
        concurrency: u32,
    },
    WorkerLeft {
        worker_id: String,
        reason: String,
    },
    /// A running task went without a heartbeat past the stuck threshold.
    WorkerStuck {
        worker_id: Option<String>,
        task_id: String,
        handler: String,
        queue: String,
        last_heartbeat_ms: i64,
    },
    /// A worker was asked to recycle, or finished recycling.
    WorkerRecycle {
        worker_id: String,
        phase: String,
        reason: String,
    },
    /// Something an operator must look at now (see [`Alert`]).
    Alert(Alert),
    /// A job run was queued, an attempt started or ended, or the run ended (see [`JobNote`]).
    Job(JobNote),
    /// A summary of a job run's output as it was appended to its log (see [`JobLogNote`]).
    JobLog(JobLogNote),
    /// A bulk operation started, committed a batch, or ended.
    Bulk(Box<BulkOp>),
    /// An entry of the audit log.
    Audit(AuditRecord),
    /// A schedule fired, skipped or missed a fire, or its task started or finished.
    Schedule(ScheduleEventRecord),
}

/// An alert: what broke, said loudly in the event log beside the error in the log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alert {
    /// A stable snake_case code: [`Alert::AUDIT_CHAIN_BROKEN`], [`Alert::STORE_DATA_LOSS`].
    pub code: String,
    pub message: String,
    /// `critical`, `error` or `warning`.
    pub severity: String,
}

impl Alert {
    /// Verification found a broken link in the audit chain.
    pub const AUDIT_CHAIN_BROKEN: &'static str = "audit_chain_broken";
    /// `workerd` runs on a store that lost data.
    pub const STORE_DATA_LOSS: &'static str = "store_data_loss";

    pub fn critical(code: &str, message: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            message: message.into(),
            severity: "critical".into(),
        }
    }
}

/// A job event as the operator event log carries it: a copy of what the job store records,
/// cut to who, what and when. Never the command, the source, env values or the output tail:
/// nothing a job is given reaches viewers of the event stream, and what it prints goes only in
/// [`JobLogNote`]s, which carry no more than `GetJobRunLogs` already shows viewers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobNote {
    pub run_id: String,
    pub job: String,
    /// `queued`, `running`, `retrying`, `succeeded`, `failed` or `cancelled`.
    pub status: String,
    pub attempt: u32,
    pub queue: String,
    /// The schedule that made the run, if one did.
    pub schedule: Option<String>,
    pub started_at_ms: Option<i64>,
    pub finished_at_ms: Option<i64>,
    pub duration_ms: Option<i64>,
    pub error: String,
}

/// A summary of a job run's output: one per batch the runner appended to the run's log (and
/// batches closer together than the per-run interval coalesced into one), made by
/// [`crate::engine::jobs::JobLogEvents`]. It carries the container's output only, never the
/// spec: the same bytes `GetJobRunLogs` shows a viewer (a job that prints a secret it was given
/// shows it there too). `data` is the first few KiB of chunks `first_seq..=last_seq`; the run's
/// log has them whole.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobLogNote {
    pub run_id: String,
    pub job: String,
    pub attempt: u32,
    pub queue: String,
    /// `stdout`, `stderr`, `build` or `system`; `mixed` when the chunks are of several.
    pub stream: String,
    pub first_seq: u64,
    pub last_seq: u64,
    pub data: String,
    /// `data` is cut: the chunks hold more.
    pub truncated: bool,
}

/// Counts of task transitions of one queue over `[window_start_ms, window_start_ms + window_ms)`.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct TaskSummary {
    pub queue: String,
    pub window_start_ms: i64,
    pub window_ms: i64,
    pub enqueued: u64,
    pub started: u64,
    pub succeeded: u64,
    /// Failed attempts that will be retried.
    pub retried: u64,
    pub dead: u64,
    pub cancelled: u64,
    /// A few of the tasks that changed, newest last, so a quiet system still shows individual ids.
    pub recent: Vec<TaskChange>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskChange {
    pub id: String,
    pub state: String,
}

impl Event {
    /// The event's kind as a stable snake_case name (`event:` in SSE).
    pub fn kind(&self) -> &'static str {
        match self {
            Event::QueueChanged { .. } => "queue_changed",
            Event::DequeueChanged { .. } => "dequeue_changed",
            Event::TaskSummary(_) => "task_summary",
            Event::DlqChanged { .. } => "dlq_changed",
            Event::WorkerJoined { .. } => "worker_joined",
            Event::WorkerLeft { .. } => "worker_left",
            Event::WorkerStuck { .. } => "worker_stuck",
            Event::WorkerRecycle { .. } => "worker_recycle",
            Event::Alert(_) => "alert",
            Event::Job(_) => "job_event",
            Event::JobLog(_) => "job_log",
            Event::Audit(_) => "audit",
            Event::Schedule(_) => "schedule_event",
            Event::Bulk(_) => "bulk_progress",
        }
    }

    /// The queue the event is about, for filtering.
    pub fn queue(&self) -> Option<&str> {
        match self {
            Event::QueueChanged { queue, .. } | Event::WorkerStuck { queue, .. } => Some(queue),
            Event::TaskSummary(s) => Some(&s.queue),
            Event::DlqChanged { queue, .. } => queue.as_deref(),
            Event::Schedule(e) => Some(&e.queue),
            Event::Job(j) => Some(&j.queue),
            Event::JobLog(j) => Some(&j.queue),
            _ => None,
        }
    }

    pub(crate) fn encode(&self) -> String {
        serde_json::to_string(self).expect("events serialize to JSON")
    }

    pub(crate) fn decode(data: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(data)
    }
}

/// An event as it sits in the log.
#[derive(Clone, Debug, PartialEq)]
pub struct LoggedEvent {
    pub id: EventId,
    pub at_ms: i64,
    pub event: Event,
}

/// How many task ids a summary lists by name.
const RECENT_PER_SUMMARY: usize = 10;

/// Accumulates task transitions between flushes, per queue.
///
/// Every transition of every task passes through here under one lock, so recording one costs
/// no allocation once its queue is in the window: the newest ids are kept in a ring whose
/// strings are reused, and turned into a summary's `recent` only when the window is drained.
#[derive(Debug, Default)]
pub(crate) struct Coalescer {
    window_start_ms: Option<i64>,
    queues: BTreeMap<String, QueueWindow>,
}

#[derive(Debug, Default)]
struct QueueWindow {
    /// The counts; its `recent` stays empty until the drain.
    summary: TaskSummary,
    /// The newest changes, at most [`RECENT_PER_SUMMARY`]; once full, `next` is the oldest.
    recent: Vec<(String, TaskState)>,
    next: usize,
}

impl Coalescer {
    pub(crate) fn record(&mut self, now_ms: i64, queue: &str, id: &str, state: TaskState, n: u64) {
        self.window_start_ms.get_or_insert(now_ms);
        if !self.queues.contains_key(queue) {
            self.queues
                .insert(queue.to_string(), QueueWindow::default());
        }
        let window = self.queues.get_mut(queue).expect("inserted above");
        let summary = &mut window.summary;
        match state {
            TaskState::Pending | TaskState::Scheduled => summary.enqueued += n,
            TaskState::Running => summary.started += n,
            TaskState::Succeeded => summary.succeeded += n,
            TaskState::Retrying => summary.retried += n,
            TaskState::Dead => summary.dead += n,
            TaskState::Cancelled => summary.cancelled += n,
        }
        if window.recent.len() < RECENT_PER_SUMMARY {
            window.recent.push((id.to_string(), state));
        } else {
            let slot = &mut window.recent[window.next];
            slot.0.clear();
            slot.0.push_str(id);
            slot.1 = state;
            window.next = (window.next + 1) % RECENT_PER_SUMMARY;
        }
    }

    /// The summaries gathered since the last flush, one per queue that saw any change.
    pub(crate) fn drain(&mut self, now_ms: i64) -> Vec<Event> {
        let Some(start) = self.window_start_ms.take() else {
            return Vec::new();
        };
        std::mem::take(&mut self.queues)
            .into_iter()
            .map(|(queue, window)| {
                let QueueWindow {
                    mut summary,
                    mut recent,
                    next,
                } = window;
                recent.rotate_left(next);
                summary.recent = recent
                    .into_iter()
                    .map(|(id, state)| TaskChange {
                        id,
                        state: state.as_str().to_string(),
                    })
                    .collect();
                summary.queue = queue;
                summary.window_start_ms = start;
                summary.window_ms = (now_ms - start).max(0);
                Event::TaskSummary(summary)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_of_transitions_become_one_summary_per_queue() {
        let mut c = Coalescer::default();
        for i in 0..5_000 {
            c.record(1_000, "a", &format!("id{i}"), TaskState::Succeeded, 1);
        }
        c.record(1_200, "b", "x", TaskState::Dead, 1);
        let events = c.drain(2_000);
        assert_eq!(events.len(), 2);
        let Event::TaskSummary(a) = &events[0] else {
            panic!("expected a summary, got {:?}", events[0]);
        };
        assert_eq!(a.queue, "a");
        assert_eq!(a.succeeded, 5_000);
        assert_eq!(a.window_ms, 1_000);
        assert_eq!(a.recent.len(), RECENT_PER_SUMMARY);
        let ids: Vec<&str> = a.recent.iter().map(|c| c.id.as_str()).collect();
        let newest: Vec<String> = (4_990..5_000).map(|i| format!("id{i}")).collect();
        assert_eq!(ids, newest, "the newest ten, oldest first");
        assert!(c.drain(3_000).is_empty());
    }

    #[test]
    fn events_round_trip_through_their_encoding() {
        let e = Event::QueueChanged {
            queue: "q".into(),
            action: "pause".into(),
            paused: true,
            weight: 3,
        };
        assert_eq!(Event::decode(&e.encode()).unwrap(), e);
        assert_eq!(e.kind(), "queue_changed");
    }
}
