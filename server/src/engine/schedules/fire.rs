//! Firing: the scheduler tick every node runs, misfire and overlap policies, manual runs, and
//! the task each fire makes.
//!
//! A fire's task carries the idempotency key `schedule:<name>:<fire_ms>`, so nodes handling
//! the same fire insert one task (a duplicate insert answers the first task's id). The record
//! then advances by compare-and-set on its revision, and the fire's events are written in the
//! same store operation: only the node whose write wins records them, so the history holds
//! each fire once too, and no crash can leave an advanced schedule without its fires' events
//! (a crash before the write leaves tasks the next tick finds again by key). A node that loses
//! to another node's tick moves on; one that loses to a pause or resume writes its fires over
//! the new revision, since nobody else will. A manual run writes its `fired` event with the
//! record's new last task the same way, or on its own if the record keeps changing. The event
//! log's copy of the events follows the write, best effort.

use std::collections::VecDeque;

use crate::engine::audit::{AuditEntry, AuditWrite};
use crate::engine::jobs::RunPlan;
use crate::engine::model::{JobName, ScheduleName, TaskId, TaskSpec, TaskState};
use crate::engine::schedules::cron::CronSpec;
use crate::engine::schedules::{
    CAS_TRIES, META_DURABLE, META_FIRE_AT, META_NAME, META_QUEUE, META_SPEC, META_TRIGGER, Misfire,
    Overlap, RunLimit, ScheduleEventRecord, ScheduleEventStatus, ScheduleRecord, ScheduleTarget,
    TickReport, Trigger, instant,
};
use crate::engine::{Engine, Error};

/// A cron spec is walked at most this many fire times to count misfires; past it the count
/// is reported as a lower bound.
const MISFIRE_SCAN_MAX: usize = 100_000;
/// At most this many fire times inside the grace window are made in one tick.
const NORMAL_FIRES_MAX: usize = 1_000;

/// The fire times older than the grace window.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Missed {
    /// How many there were (a lower bound when `capped`).
    pub count: u64,
    pub capped: bool,
    /// The oldest of them.
    pub since: Option<i64>,
    /// The newest `keep` of them, oldest first.
    pub newest: Vec<i64>,
    /// The newest of them.
    pub last: Option<i64>,
}

/// The fire times in `[first, cutoff)`, keeping the newest `keep`.
pub(super) fn missed_times(spec: &CronSpec, first: i64, cutoff: i64, keep: usize) -> Missed {
    if first >= cutoff {
        return Missed::default();
    }
    if let Some(interval) = spec.interval_ms() {
        let (Some(start), Some(last)) = (
            spec.next_after(first.saturating_sub(1)),
            spec.prev_at_or_before(cutoff - 1),
        ) else {
            return Missed::default();
        };
        if last < start {
            return Missed::default();
        }
        let count = ((last - start) / interval + 1) as u64;
        let kept = (keep as u64).min(count) as i64;
        let newest = (0..kept).rev().map(|k| last - k * interval).collect();
        return Missed {
            count,
            capped: false,
            since: Some(start),
            newest,
            last: Some(last),
        };
    }
    let mut newest: VecDeque<i64> = VecDeque::with_capacity(keep.min(1_024));
    let mut count = 0u64;
    let mut last = None;
    let mut t = Some(first);
    while let Some(at) = t.filter(|at| *at < cutoff) {
        if count as usize >= MISFIRE_SCAN_MAX {
            break;
        }
        count += 1;
        last = Some(at);
        if keep > 0 {
            if newest.len() == keep {
                newest.pop_front();
            }
            newest.push_back(at);
        }
        t = spec.next_after(at);
    }
    let capped = t.is_some_and(|at| at < cutoff);
    if capped {
        // Too many to walk: the newest ones are found walking back from the cutoff.
        let mut back = Vec::new();
        let mut at = spec.prev_at_or_before(cutoff - 1);
        while let Some(found) = at.filter(|f| *f >= first) {
            if back.len() >= keep.max(1) {
                break;
            }
            back.push(found);
            at = spec.prev_at_or_before(found - 1);
        }
        last = back.first().copied();
        back.truncate(keep);
        back.reverse();
        newest = back.into();
    }
    Missed {
        count,
        capped,
        since: Some(first),
        newest: newest.into(),
        last,
    }
}

fn task_active(state: TaskState) -> bool {
    matches!(
        state,
        TaskState::Scheduled | TaskState::Pending | TaskState::Running | TaskState::Retrying
    )
}

pub(super) fn event(
    record: &ScheduleRecord,
    status: ScheduleEventStatus,
    trigger: Trigger,
    fire_ms: i64,
    task_id: Option<TaskId>,
    at_ms: i64,
) -> ScheduleEventRecord {
    ScheduleEventRecord {
        name: record.name.clone(),
        spec: record.spec.clone(),
        status,
        trigger,
        fire_ms,
        task_id,
        queue: record.task.queue.clone(),
        handler: record.task.handler.clone(),
        attempt: 0,
        started_at_ms: 0,
        finished_at_ms: 0,
        duration_ms: 0,
        error: String::new(),
        at_ms,
    }
}

impl Engine {
    /// One scheduler tick: fires every due, unpaused schedule under its misfire and overlap
    /// policies. Every node runs it; the store's idempotency keys and revisions keep each fire
    /// to one task.
    pub async fn fire_due_schedules(&self) -> Result<TickReport, Error> {
        let now = self.now_ms();
        let mut report = TickReport::default();
        for record in self.inner.store.list_schedules().await? {
            if record.paused || record.next_fire_ms > now {
                continue;
            }
            let name = record.name.clone();
            // One broken schedule must not hold up the others.
            match self.fire_schedule(record, now).await {
                Ok(done) => {
                    report.fired += done.fired;
                    report.skipped += done.skipped;
                    report.missed += done.missed;
                }
                Err(e) => {
                    tracing::warn!(schedule = %name.as_str(), error = %e, "schedule fire failed");
                }
            }
        }
        Ok(report)
    }

    async fn fire_schedule(&self, record: ScheduleRecord, now: i64) -> Result<TickReport, Error> {
        let spec = CronSpec::parse(&record.spec, &record.timezone)?;
        let grace = self.inner.config.schedule_misfire_grace_ms.max(0);
        let cutoff = now.saturating_sub(grace);
        let first = record.next_fire_ms;
        let keep = match record.misfire {
            Misfire::Skip => 0,
            Misfire::RunOnce => 1,
            Misfire::CatchUp { max } => max as usize,
        };
        let missed = missed_times(&spec, first, cutoff, keep);
        let mut fires: Vec<i64> = missed.newest.clone();
        let mut t = if first >= cutoff {
            Some(first)
        } else {
            spec.next_after(cutoff - 1)
        };
        while let Some(at) = t.filter(|at| *at <= now) {
            if fires.len() >= NORMAL_FIRES_MAX + keep {
                break;
            }
            fires.push(at);
            t = spec.next_after(at);
        }
        let handled_last = fires.iter().copied().chain(missed.last).max();

        let mut events = Vec::new();
        let mut report = TickReport::default();
        let dropped = missed.count - missed.newest.len() as u64;
        if dropped > 0 {
            let mut ev = event(
                &record,
                ScheduleEventStatus::Missed,
                Trigger::Cron,
                missed.since.unwrap_or(first),
                None,
                now,
            );
            ev.error = format!(
                "missed {}{dropped} fire{} since {} (misfire policy {}; grace {} ms)",
                if missed.capped { "more than " } else { "" },
                if dropped == 1 { "" } else { "s" },
                instant(missed.since.unwrap_or(first)),
                record.misfire.name(),
                grace,
            );
            events.push(ev);
            report.missed += 1;
        }

        let mut last_task = record.last_task_id.clone();
        // Whether `last_task` is known to be unfinished; read from the store once.
        let mut last_active: Option<bool> = None;
        let mut made_task = false;
        for fire_ms in fires {
            if record.overlap == Overlap::Skip
                && let Some(id) = &last_task
            {
                let active = match last_active {
                    Some(active) => active,
                    None => {
                        let state = self.inner.store.get_task(id).await?.map(|d| d.task.state);
                        let active = state.is_some_and(task_active);
                        last_active = Some(active);
                        active
                    }
                };
                if active {
                    let mut ev = event(
                        &record,
                        ScheduleEventStatus::Skipped,
                        Trigger::Cron,
                        fire_ms,
                        None,
                        now,
                    );
                    ev.error = format!(
                        "overlap policy skip: the previous task {} has not finished",
                        id.as_str()
                    );
                    events.push(ev);
                    report.skipped += 1;
                    continue;
                }
            }
            let id = match self
                .make_fire_task(&record, fire_ms, Trigger::Cron, None)
                .await
            {
                Ok(id) => id,
                // The job this schedule runs was deleted (a delete refuses while a schedule
                // runs it, so only a race gets here): the fire is recorded as skipped with
                // why, and the schedule moves on rather than failing every tick.
                Err(Error::NotFound {
                    reason: "job_not_found",
                    message,
                }) if record.target == ScheduleTarget::Job => {
                    let mut ev = event(
                        &record,
                        ScheduleEventStatus::Skipped,
                        Trigger::Cron,
                        fire_ms,
                        None,
                        now,
                    );
                    ev.error = format!("the schedule's job is gone: {message}");
                    events.push(ev);
                    report.skipped += 1;
                    continue;
                }
                Err(e) => return Err(e),
            };
            events.push(event(
                &record,
                ScheduleEventStatus::Fired,
                Trigger::Cron,
                fire_ms,
                Some(id.clone()),
                now,
            ));
            report.fired += 1;
            last_task = Some(id);
            last_active = Some(true);
            made_task = true;
        }

        let next_fire = spec.next_after(now).unwrap_or(i64::MAX);
        let mut current = record;
        for _ in 0..CAS_TRIES {
            let mut next = current.clone();
            next.next_fire_ms = next_fire.max(current.next_fire_ms);
            if handled_last.is_some() {
                next.last_fire_ms = handled_last;
            }
            if made_task {
                next.last_task_id = last_task.clone();
                next.last_status = ScheduleEventStatus::Fired.name().to_string();
            }
            next.updated_at_ms = now;
            // The advance and the fires' events are one store write, so a node killed after
            // it leaves both and one killed before it leaves neither (the next tick makes the
            // same fires again: their tasks are found by key, their events written then).
            if self
                .inner
                .store
                .update_schedule(next, &events)
                .await?
                .is_some()
            {
                self.log_schedule_events(events).await;
                return Ok(report);
            }
            // The record changed since it was read, and nothing was written. If another node
            // handled these fires, its task is ours (same key) and its events are the record.
            // If an operator paused or resumed it instead, nobody recorded the fires this tick
            // made tasks for: they are written with the advance over the new revision (which
            // keeps the pause flag). A definition replaced or made again meanwhile is left as
            // it is.
            match self.inner.store.get_schedule(&current.name).await? {
                Some(stored)
                    if stored.created_at_ms == current.created_at_ms
                        && stored.spec == current.spec
                        && stored.timezone == current.timezone
                        && stored.last_fire_ms < handled_last =>
                {
                    // Fires up to its last one were handled (and recorded) by another node.
                    let handled = stored.last_fire_ms;
                    events.retain(|e| handled.is_none_or(|l| e.fire_ms > l));
                    current = stored;
                }
                _ => return Ok(TickReport::default()),
            }
        }
        Err(Error::Unavailable(format!(
            "schedule {:?} kept changing while it fired; its tasks stand",
            current.name.as_str()
        )))
    }

    /// Inserts one fire's task and returns its id (the first one's, for a repeated fire); an
    /// operator's run passes its `audit` entry, written with the task.
    async fn make_fire_task(
        &self,
        record: &ScheduleRecord,
        fire_ms: i64,
        trigger: Trigger,
        audit: Option<AuditWrite>,
    ) -> Result<TaskId, Error> {
        let template = &record.task;
        let mut metadata = template.metadata.clone();
        metadata.insert(META_NAME.into(), record.name.as_str().to_string());
        metadata.insert(META_SPEC.into(), record.spec.clone());
        metadata.insert(META_DURABLE.into(), "true".into());
        metadata.insert(META_QUEUE.into(), template.queue.clone());
        metadata.insert(META_FIRE_AT.into(), fire_ms.to_string());
        metadata.insert(META_TRIGGER.into(), trigger.name().into());
        let (run_at_ms, idempotency_key) = match trigger {
            Trigger::Cron => {
                let jitter = if record.jitter_ms > 0 {
                    let sample = self.inner.random.unit().clamp(0.0, 1.0);
                    ((sample * (record.jitter_ms + 1) as f64) as i64).min(record.jitter_ms)
                } else {
                    0
                };
                (
                    fire_ms.saturating_add(jitter),
                    format!("schedule:{}:{fire_ms}", record.name.as_str()),
                )
            }
            Trigger::Manual => (0, String::new()),
        };
        if record.target == ScheduleTarget::Job {
            return self
                .fire_job(
                    record,
                    fire_ms,
                    trigger,
                    metadata,
                    run_at_ms,
                    idempotency_key,
                    audit,
                )
                .await;
        }
        let spec = TaskSpec {
            handler: template.handler.clone(),
            queue: template.queue.clone(),
            payload: template.payload.clone(),
            priority: template.priority,
            max_retries: template.max_retries,
            timeout_ms: template.timeout_ms,
            run_at_ms,
            idempotency_key,
            metadata,
        };
        Ok(self.enqueue_for_schedule(spec, audit).await?.id)
    }

    /// One fire of a schedule that runs a job: the job's run, its `job_runner` task carrying
    /// the schedule's metadata (so the schedule's run events and overlap policy follow it).
    /// A cron fire's run id is derived from the schedule and the fire time, so every node
    /// firing it finds the same run (see `make_planned_run`); a manual run gets a new one.
    #[allow(
        clippy::too_many_arguments,
        reason = "one fire's parts, passed through once"
    )]
    async fn fire_job(
        &self,
        record: &ScheduleRecord,
        fire_ms: i64,
        trigger: Trigger,
        metadata: std::collections::BTreeMap<String, String>,
        run_at_ms: i64,
        idempotency_key: String,
        audit: Option<AuditWrite>,
    ) -> Result<TaskId, Error> {
        let job = JobName::new(record.task.handler.clone())?;
        let run_id = match trigger {
            Trigger::Cron => TaskId::derived(&[
                "schedule-job-run",
                record.name.as_str(),
                &record.created_at_ms.to_string(),
                &fire_ms.to_string(),
            ]),
            Trigger::Manual => TaskId::generate(),
        };
        let plan = RunPlan {
            run_id,
            audit,
            metadata,
            run_at_ms,
            idempotency_key,
            scheduled: true,
        };
        self.run_job_for_schedule(&job, &record.name, plan).await
    }

    /// Makes one task now (a manual fire), refused with `ResourceExhausted`
    /// (`schedule_run_limited`) past `limit`. `audit` is written with the task, both or
    /// neither, its detail's `{outcome}` filled with the task's id.
    pub async fn run_schedule(
        &self,
        name: &ScheduleName,
        limit: Option<RunLimit>,
        audit: AuditEntry,
    ) -> Result<TaskId, Error> {
        let Some(record) = self.inner.store.get_schedule(name).await? else {
            return Err(Error::not_found(
                "schedule_not_found",
                format!("schedule {:?} does not exist", name.as_str()),
            ));
        };
        let now = self.now_ms();
        if let Some(limit) = limit {
            let since = now.saturating_sub(limit.window_ms);
            let runs = self
                .inner
                .store
                .count_schedule_fires(name, Trigger::Manual, since)
                .await?;
            if runs >= u64::from(limit.max) {
                return Err(Error::exhausted(
                    "schedule_run_limited",
                    format!(
                        "schedule {:?} was run by hand {runs} times in the last {} ms; the limit is {}",
                        name.as_str(),
                        limit.window_ms,
                        limit.max
                    ),
                ));
            }
        }
        // The entry goes with the task, the run's first durable write: if it cannot be written
        // there is no task, no record update and no event, so the call changed nothing. Had it
        // gone with the record update instead, a failed entry would leave a task made without
        // one. What follows the task (the record, the `fired` event) is the run's bookkeeping.
        let audit = self.audit_write(audit);
        let id = self
            .make_fire_task(&record, now, Trigger::Manual, Some(audit))
            .await?;
        let fired = event(
            &record,
            ScheduleEventStatus::Fired,
            Trigger::Manual,
            now,
            Some(id.clone()),
            now,
        );
        match self.advance_for_run(record, &id, now, &fired).await {
            Ok(true) => self.log_schedule_events(vec![fired]).await,
            // The record kept changing, is gone, or the store failed: the run is still
            // recorded, on its own, so no manual run goes unrecorded.
            Ok(false) => self.record_schedule_events(vec![fired]).await,
            Err(e) => {
                self.record_schedule_events(vec![fired]).await;
                return Err(e);
            }
        }
        Ok(id)
    }

    /// Points the schedule at a manual run's task and records its `fired` event in one store
    /// write; false when the record kept changing or is gone (nothing written then).
    async fn advance_for_run(
        &self,
        record: ScheduleRecord,
        id: &TaskId,
        now: i64,
        fired: &ScheduleEventRecord,
    ) -> Result<bool, Error> {
        let events = std::slice::from_ref(fired);
        let mut current = Some(record);
        for _ in 0..CAS_TRIES {
            let Some(mut record) = current.take() else {
                break;
            };
            let name = record.name.clone();
            record.last_task_id = Some(id.clone());
            record.last_status = ScheduleEventStatus::Fired.name().to_string();
            record.last_fire_ms = Some(record.last_fire_ms.map_or(now, |l| l.max(now)));
            record.updated_at_ms = now;
            if self
                .inner
                .store
                .update_schedule(record, events)
                .await?
                .is_some()
            {
                return Ok(true);
            }
            current = self.inner.store.get_schedule(&name).await?;
        }
        Ok(false)
    }
}
