//! The runs of schedule tasks: events when a task a schedule made starts and ends, and the
//! schedule's last status. Tasks without schedule metadata pay one map lookup, nothing more.

use crate::engine::Engine;
use std::collections::BTreeMap;

use crate::engine::model::{LeasedTask, ScheduleName, TaskId};
use crate::engine::schedules::{
    CAS_TRIES, META_FIRE_AT, META_NAME, META_SPEC, META_TRIGGER, ScheduleEventRecord,
    ScheduleEventStatus, Trigger, shorten,
};

/// Whether `task` was made by a schedule.
pub(crate) fn is_schedule_task(task: &LeasedTask) -> bool {
    task.metadata.contains_key(META_NAME)
}

/// What a run event needs of its task.
struct RunOf<'a> {
    id: &'a TaskId,
    queue: &'a str,
    handler: &'a str,
    attempt: u32,
    metadata: &'a BTreeMap<String, String>,
}

impl<'a> From<&'a LeasedTask> for RunOf<'a> {
    fn from(task: &'a LeasedTask) -> Self {
        Self {
            id: &task.id,
            queue: task.queue.as_str(),
            handler: task.handler.as_str(),
            attempt: task.attempt,
            metadata: &task.metadata,
        }
    }
}

fn run_event(
    task: RunOf<'_>,
    status: ScheduleEventStatus,
    now: i64,
) -> Option<ScheduleEventRecord> {
    let name = ScheduleName::new(task.metadata.get(META_NAME)?.clone()).ok()?;
    let meta = |key: &str| task.metadata.get(key).cloned().unwrap_or_default();
    Some(ScheduleEventRecord {
        name,
        spec: meta(META_SPEC),
        status,
        trigger: if meta(META_TRIGGER) == Trigger::Manual.name() {
            Trigger::Manual
        } else {
            Trigger::Cron
        },
        fire_ms: meta(META_FIRE_AT).parse().unwrap_or(0),
        task_id: Some(task.id.clone()),
        queue: task.queue.to_string(),
        handler: task.handler.to_string(),
        attempt: task.attempt,
        started_at_ms: 0,
        finished_at_ms: 0,
        duration_ms: 0,
        error: String::new(),
        at_ms: now,
    })
}

impl Engine {
    /// Records `running` for the schedule tasks among `leased`.
    pub(crate) async fn schedule_runs_started(&self, leased: &[LeasedTask]) {
        let now = self.now_ms();
        let mut events = Vec::new();
        for task in leased.iter().filter(|t| is_schedule_task(t)) {
            if let Some(mut ev) = run_event(task.into(), ScheduleEventStatus::Running, now) {
                ev.started_at_ms = now;
                events.push(ev);
            }
        }
        for ev in &events {
            self.set_schedule_status(ev).await;
        }
        self.record_schedule_events(events).await;
    }

    /// Records how a schedule task's attempt ended: `succeeded`, `failed` (retried), `dead` or
    /// `cancelled`, with its run time and shortened error.
    pub(crate) async fn schedule_run_ended(
        &self,
        task: &LeasedTask,
        status: ScheduleEventStatus,
        error: &str,
    ) {
        let now = self.now_ms();
        let Some(mut ev) = run_event(task.into(), status, now) else {
            return;
        };
        let started = match self.inner.store.get_task(&task.id).await {
            Ok(detail) => detail.and_then(|d| d.task.started_at_ms),
            Err(e) => {
                tracing::debug!(error = %e, "schedule run: start time unknown");
                None
            }
        };
        ev.started_at_ms = started.unwrap_or(0);
        ev.finished_at_ms = now;
        ev.duration_ms = started.map_or(0, |s| (now - s).max(0));
        ev.error = shorten(error);
        self.set_schedule_status(&ev).await;
        self.record_schedule_events(vec![ev]).await;
    }

    /// Records how a task that was not leased here ended (cancelled while waiting, or
    /// reclaimed after its worker vanished): one read of the task, done only on these rare
    /// paths, tells whether a schedule made it.
    pub(crate) async fn schedule_task_ended(
        &self,
        id: &TaskId,
        status: ScheduleEventStatus,
        error: &str,
    ) {
        let detail = match self.inner.store.get_task(id).await {
            Ok(Some(detail)) => detail,
            Ok(None) => return,
            Err(e) => {
                tracing::debug!(error = %e, "schedule run: task unreadable");
                return;
            }
        };
        let task = &detail.task;
        if !task.metadata.contains_key(META_NAME) {
            return;
        }
        let now = self.now_ms();
        let run = RunOf {
            id: &task.id,
            queue: task.queue.as_str(),
            handler: task.handler.as_str(),
            attempt: task.attempts,
            metadata: &task.metadata,
        };
        let Some(mut ev) = run_event(run, status, now) else {
            return;
        };
        ev.started_at_ms = task.started_at_ms.unwrap_or(0);
        ev.finished_at_ms = now;
        ev.duration_ms = task.started_at_ms.map_or(0, |s| (now - s).max(0));
        ev.error = shorten(error);
        self.set_schedule_status(&ev).await;
        self.record_schedule_events(vec![ev]).await;
    }

    /// Sets the schedule's last status when `ev`'s task is its newest one; gives up after a
    /// few lost compare-and-sets (a newer write then holds newer news).
    async fn set_schedule_status(&self, ev: &ScheduleEventRecord) {
        for _ in 0..CAS_TRIES {
            let record = match self.inner.store.get_schedule(&ev.name).await {
                Ok(Some(record)) => record,
                Ok(None) => return,
                Err(e) => {
                    tracing::debug!(error = %e, "schedule run: status not updated");
                    return;
                }
            };
            if record.last_task_id != ev.task_id || record.last_status == ev.status.name() {
                return;
            }
            let mut next = record;
            next.last_status = ev.status.name().to_string();
            match self.inner.store.update_schedule(next, &[]).await {
                Ok(Some(_)) => return,
                Ok(None) => continue,
                Err(e) => {
                    tracing::debug!(error = %e, "schedule run: status not updated");
                    return;
                }
            }
        }
    }
}
