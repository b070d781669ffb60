//! From `worker.v1` messages to the dashboard's records, and the wording of stream events.
//! The only module besides `client` that names a proto type.

use worker_proto::v1 as pb;
use worker_proto::v1::admin_event::Event as E;
use worker_proto::{events, lifecycle};

use crate::format::{count, plural, short_ms};
use crate::model::{
    AttemptError, AuditEntry, Coordination, DlqDetail, DlqEntry, DlqFilter, DlqGroup, DlqGroups,
    Event, EventKind, History, Job, JobRun, LogChunk, Minute, Overview, Payload, Queue, Range,
    Schedule, ScheduleDetail, ScheduleFire, Stuck, Task, TaskDetail, TaskState, Totals, Worker,
    WorkerDetail,
};

pub(crate) fn state(value: i32) -> Option<TaskState> {
    Some(match pb::TaskState::try_from(value).ok()? {
        pb::TaskState::Unspecified => return None,
        pb::TaskState::Pending => TaskState::Pending,
        pb::TaskState::Scheduled => TaskState::Scheduled,
        pb::TaskState::Running => TaskState::Running,
        pb::TaskState::Retrying => TaskState::Retrying,
        pb::TaskState::Succeeded => TaskState::Succeeded,
        pb::TaskState::Dead => TaskState::Dead,
        pb::TaskState::Cancelled => TaskState::Cancelled,
    })
}

/// The wire state of a dashboard state, for the rules in `worker_proto::lifecycle`.
fn wire_state(state: TaskState) -> pb::TaskState {
    match state {
        TaskState::Pending => pb::TaskState::Pending,
        TaskState::Scheduled => pb::TaskState::Scheduled,
        TaskState::Running => pb::TaskState::Running,
        TaskState::Retrying => pb::TaskState::Retrying,
        TaskState::Succeeded => pb::TaskState::Succeeded,
        TaskState::Dead => pb::TaskState::Dead,
        TaskState::Cancelled => pb::TaskState::Cancelled,
        TaskState::Unknown => pb::TaskState::Unspecified,
    }
}

pub(crate) fn cancellable(state: TaskState) -> bool {
    lifecycle::cancellable(wire_state(state))
}

pub(crate) fn retryable(state: TaskState) -> bool {
    lifecycle::retryable(wire_state(state))
}

pub(crate) fn queue(q: &pb::QueueSummary) -> Queue {
    Queue {
        name: q.name.clone(),
        paused: q.paused,
        weight: q.weight,
        weight_overridden: q.weight_overridden,
        ready: q.ready,
        scheduled: q.scheduled,
        running: q.processing,
        retrying: q.retrying,
        dead: q.dead,
        succeeded: q.succeeded,
        cancelled: q.cancelled,
        latency_ms: q.latency_ms,
    }
}

/// `GetQueueHistory` of all queues over `range`.
pub(crate) fn history(range: Range, r: &pb::GetQueueHistoryResponse) -> History {
    let totals = |t: Option<pb::HistoryTotals>| {
        let t = t.unwrap_or_default();
        Minute {
            at_ms: 0,
            succeeded: t.succeeded,
            failed: t.failed,
            dead: t.dead,
        }
    };
    History {
        range,
        step_ms: r.step_ms,
        points: r
            .points
            .iter()
            .map(|p| Minute {
                at_ms: p.start_ms,
                succeeded: p.succeeded,
                failed: p.failed,
                dead: p.dead,
            })
            .collect(),
        totals: totals(r.totals),
        previous: totals(r.previous),
    }
}

pub(crate) fn overview(o: &pb::GetOverviewResponse) -> Overview {
    let s = o.stats.unwrap_or_default();
    let c = o.coordination.clone().unwrap_or_default();
    Overview {
        totals: Totals {
            ready: s.queued_tasks,
            scheduled: s.scheduled_tasks,
            running: s.running_tasks,
            retrying: s.retrying_tasks,
            dead: s.dead_tasks,
            succeeded: s.succeeded_tasks,
            cancelled: s.cancelled_tasks,
            workers: i64::from(s.active_workers),
            queues: i64::from(s.queues),
            avg_latency_ms: s.avg_latency_ms,
            p95_latency_ms: s.p95_latency_ms,
        },
        coordination: Coordination {
            paused: c.paused,
            rate_per_second: c.rate_per_second,
            rate_burst: c.rate_burst,
            rate_tokens: c.rate_tokens,
            leader: c.leader,
            lease_ms: c.task_lease_ms,
        },
        queues: o.queues.iter().map(queue).collect(),
        throughput: o
            .throughput
            .iter()
            .map(|p| Minute {
                at_ms: p.minute_ms,
                succeeded: p.succeeded,
                failed: p.failed,
                dead: p.dead,
            })
            .collect(),
    }
}

pub(crate) fn task(t: &pb::TaskInfo) -> Task {
    Task {
        id: t.id.clone(),
        handler: t.handler.clone(),
        queue: t.queue.clone(),
        state: state(t.state),
        attempts: t.attempts,
        max_retries: t.max_retries,
        priority: t.priority,
        created_at_ms: t.created_at_ms,
        started_at_ms: t.started_at_ms,
        finished_at_ms: t.finished_at_ms,
        run_at_ms: t.run_at_ms,
        updated_at_ms: t.updated_at_ms,
        timeout_ms: t.timeout_ms,
        payload_size: t.payload_size,
        last_error: t.last_error.clone(),
        worker_id: t.worker_id.clone(),
        dead_reason: t.dead_reason.clone(),
        idempotency_key: t.idempotency_key.clone(),
        cancel_requested: t.cancel_requested,
        metadata: t.metadata.clone().into_iter().collect(),
    }
}

fn payload(bytes: &[u8], redacted: bool) -> Payload {
    if redacted {
        return Payload::Redacted;
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Payload::Text(text.to_string()),
        Err(_) => Payload::Binary(bytes.len()),
    }
}

fn errors(list: &[pb::TaskAttemptError]) -> Vec<AttemptError> {
    list.iter()
        .map(|e| AttemptError {
            attempt: e.attempt,
            at_ms: e.at_ms,
            error: e.error.clone(),
        })
        .collect()
}

pub(crate) fn task_detail(r: &pb::GetTaskResponse) -> Option<TaskDetail> {
    Some(TaskDetail {
        task: task(r.task.as_ref()?),
        payload: payload(&r.payload, r.payload_redacted),
        errors: errors(&r.errors),
    })
}

pub(crate) fn dlq_entry(e: &pb::DlqEntry) -> DlqEntry {
    DlqEntry {
        id: e.id.clone(),
        queue: e.queue.clone(),
        handler: e.handler.clone(),
        attempts: e.attempts,
        failed_at_ms: e.failed_at_ms,
        reason: e.reason.clone(),
        last_error: e.last_error.clone(),
    }
}

pub(crate) fn dlq_groups(r: &pb::ListDlqGroupsResponse) -> DlqGroups {
    DlqGroups {
        groups: r.groups.iter().map(dlq_group).collect(),
        total_groups: r.total_groups.max(0) as u64,
        total_entries: r.total_entries.max(0) as u64,
    }
}

fn dlq_group(g: &pb::DlqGroup) -> DlqGroup {
    DlqGroup {
        handler: g.handler.clone(),
        fingerprint: g.fingerprint.clone(),
        queues: g.queues.clone(),
        count: g.count.max(0) as u64,
        first_failed_at_ms: g.first_failed_at_ms,
        last_failed_at_ms: g.last_failed_at_ms,
        sample_task_id: g.sample_task_id.clone(),
        sample_error: g.sample_error.clone(),
    }
}

pub(crate) fn dlq_detail(e: &pb::DlqEntryDetail) -> DlqDetail {
    let summary = pb::DlqEntry {
        id: e.id.clone(),
        queue: e.queue.clone(),
        handler: e.handler.clone(),
        attempts: e.attempts,
        age_ms: e.age_ms,
        last_error: e.last_error.clone(),
        reason: e.reason.clone(),
        failed_at_ms: e.failed_at_ms,
    };
    DlqDetail {
        entry: dlq_entry(&summary),
        max_retries: e.max_retries,
        updated_at_ms: e.updated_at_ms,
        payload_size: e.payload_size,
        payload: payload(&e.payload, e.payload_redacted),
        metadata: e.metadata.clone().into_iter().collect(),
        errors: errors(&e.errors),
    }
}

pub(crate) fn worker(w: &pb::WorkerInfo) -> Worker {
    Worker {
        id: w.id.clone(),
        host: w.host.clone(),
        pid: w.pid,
        version: w.version.clone(),
        concurrency: w.concurrency,
        in_flight: w.in_flight,
        handlers: w.handlers.clone(),
        state: w.state.clone(),
        started_at_ms: w.started_at_ms,
        last_heartbeat_ms: w.last_heartbeat_ms,
        recycle_reason: w.recycle_reason.clone(),
        recycles: w.recycles,
    }
}

pub(crate) fn worker_detail(r: &pb::GetWorkerResponse) -> Option<WorkerDetail> {
    Some(WorkerDetail {
        worker: worker(r.worker.as_ref()?),
        running: r.running.iter().map(task).collect(),
    })
}

pub(crate) fn stuck(s: &pb::StuckHandlerSummary) -> Stuck {
    Stuck {
        handler: s.handler.clone(),
        count: s.stuck_count,
        last_at_ms: s.last_stuck_at_ms,
    }
}

pub(crate) fn audit(a: &pb::AuditEvent) -> AuditEntry {
    AuditEntry {
        id: a.id.clone(),
        at_ms: a.at_ms,
        actor: a.actor.clone(),
        role: a.role.clone(),
        action: a.action.clone(),
        target: a.target.clone(),
        status: a.status.clone(),
        detail: a.detail.clone(),
        request_id: a.request_id.clone(),
    }
}

pub(crate) fn schedule(s: &pb::ScheduleEntry) -> Schedule {
    Schedule {
        name: s.name.clone(),
        spec: s.spec.clone(),
        description: s.description.clone(),
        timezone: if s.timezone.is_empty() {
            "UTC".into()
        } else {
            s.timezone.clone()
        },
        paused: s.paused,
        next_run_ms: s.next_run_ms,
        last_run_ms: s.last_run_ms,
        last_status: s.last_status.clone(),
        last_task_id: s.last_task_id.clone(),
        handler: s.handler.clone(),
        queue: s.queue.clone(),
        priority: s.priority,
        max_retries: s.max_retries,
        timeout_ms: s.timeout_ms,
        misfire: s.misfire.clone(),
        catch_up_max: s.catch_up_max,
        overlap: s.overlap.clone(),
        jitter_ms: s.jitter_ms,
        metadata: s.metadata.clone().into_iter().collect(),
        payload: payload(&s.payload, s.payload_redacted),
        payload_size: s.payload_size,
    }
}

pub(crate) fn schedule_fire(e: &pb::ScheduleEvent) -> ScheduleFire {
    ScheduleFire {
        name: e.name.clone(),
        status: e.status.clone(),
        trigger: e.trigger.clone(),
        fire_at_ms: e.fire_at_ms,
        at_ms: e.at_ms,
        task_id: e.task_id.clone(),
        queue: e.queue.clone(),
        attempt: e.attempt,
        duration_ms: e.duration_ms,
        error: e.error.clone(),
    }
}

pub(crate) fn schedule_detail(r: &pb::GetScheduleResponse) -> Option<ScheduleDetail> {
    Some(ScheduleDetail {
        schedule: schedule(r.schedule.as_ref()?),
        recent: r.recent.iter().map(schedule_fire).collect(),
    })
}

/// A schedule's fire in words: `schedule nightly failed (run now): task … in 1.2s: boom`.
fn fire_words(s: &pb::ScheduleEvent) -> String {
    let mut text = format!("schedule {} {}", s.name, s.status);
    if s.trigger == "manual" {
        text.push_str(" (run now)");
    }
    if !s.task_id.is_empty() {
        text.push_str(&format!(": task {}", s.task_id));
    }
    if s.duration_ms > 0 {
        text.push_str(&format!(" in {}", short_ms(s.duration_ms)));
    }
    if !s.error.is_empty() {
        text.push_str(&format!(": {}", s.error));
    }
    text
}

pub(crate) fn job(j: &pb::Job) -> Job {
    let mut job = job_spec(&j.spec.clone().unwrap_or_default());
    job.updated_at_ms = j.updated_at_ms;
    job
}

fn job_spec(s: &pb::JobSpec) -> Job {
    let origin = match s.source.as_str() {
        "tarball_url" => s.tarball_url.clone(),
        "tarball_path" => s.tarball_path.clone(),
        _ => format!("{}@{}", s.repo, s.tag),
    };
    Job {
        name: s.name.clone(),
        description: s.description.clone(),
        source: s.source.clone(),
        origin,
        commit: s.commit.clone(),
        queue: s.queue.clone(),
        command: s.command.clone(),
        retries: s.retries,
        timeout_seconds: s.timeout_seconds,
        cpus: s.cpus,
        memory_mb: s.memory_mb,
        pids: s.pids,
        updated_at_ms: 0,
    }
}

pub(crate) fn job_run(r: &pb::JobRun) -> JobRun {
    JobRun {
        run_id: r.run_id.clone(),
        job: r.job.clone(),
        status: r.status.clone(),
        trigger: r.trigger.clone(),
        actor: r.actor.clone(),
        schedule: r.schedule.clone(),
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
        resolved_commit: r.resolved_commit.clone(),
        error: r.error.clone(),
        truncated: r.truncated,
        output_bytes: r.output_bytes,
        spec: r.spec.as_ref().map(job_spec),
    }
}

pub(crate) fn log_chunk(c: &pb::JobLogChunk) -> LogChunk {
    LogChunk {
        seq: c.seq,
        stream: c.stream.clone(),
        data: c.data.clone(),
        at_ms: c.at_ms,
    }
}

/// What one stream message means to the dashboard.
pub(crate) enum Streamed {
    Overview(Overview),
    Event(Event),
    /// Heartbeats and kinds the dashboard does not show.
    Nothing,
}

/// Words an admin event the way the events view shows it.
pub(crate) fn streamed(event: &pb::AdminEvent) -> Streamed {
    let Some(body) = &event.event else {
        return Streamed::Nothing;
    };
    if let E::Overview(o) = body {
        return Streamed::Overview(overview(o));
    }
    let stream = events::EventKind::of(body);
    let Some(kind) = EventKind::of(stream) else {
        return Streamed::Nothing;
    };
    let (queue, text) = match body {
        E::QueueChanged(q) => {
            let text = match q.action.as_str() {
                "pause" => format!("queue {} paused", q.queue),
                "resume" => format!("queue {} resumed", q.queue),
                "weight" => format!("queue {} weight set to {}", q.queue, q.weight),
                "weight_reset" => format!("queue {} weight reset to {}", q.queue, q.weight),
                other => format!("queue {} {other}", q.queue),
            };
            (Some(q.queue.clone()), text)
        }
        E::TaskSummary(t) => {
            let parts: Vec<String> = [
                ("enqueued", t.enqueued),
                ("started", t.started),
                ("succeeded", t.succeeded),
                ("retried", t.retried),
                ("dead", t.dead),
                ("cancelled", t.cancelled),
            ]
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(what, n)| format!("{} {what}", count(*n)))
            .collect();
            let parts = if parts.is_empty() {
                "no changes".to_string()
            } else {
                parts.join(", ")
            };
            (
                Some(t.queue.clone()),
                format!("{}: {parts} in {}", t.queue, short_ms(t.window_ms)),
            )
        }
        E::DlqChanged(d) => {
            let text = match d.action.as_str() {
                "dead" => format!(
                    "{} of {} moved to the DLQ",
                    plural(d.added, "task", "tasks"),
                    d.queue
                ),
                "replay" | "replay_ids" => {
                    format!(
                        "{} of {} replayed",
                        plural(d.removed, "DLQ entry", "DLQ entries"),
                        d.queue
                    )
                }
                "retry" => format!(
                    "{} of {} retried",
                    plural(d.removed, "DLQ entry", "DLQ entries"),
                    d.queue
                ),
                "purge" => format!(
                    "{} of {} purged",
                    plural(d.removed, "DLQ entry", "DLQ entries"),
                    d.queue
                ),
                other => format!(
                    "DLQ of {} {other}: +{} -{}",
                    d.queue,
                    count(d.added),
                    count(d.removed)
                ),
            };
            (Some(d.queue.clone()), text)
        }
        E::DequeueChanged(d) => (
            None,
            if d.paused {
                "dequeue paused on every queue".into()
            } else {
                "dequeue resumed".into()
            },
        ),
        E::WorkerJoined(w) => (
            None,
            format!(
                "worker {} joined ({} pid {}, concurrency {})",
                w.worker_id, w.host, w.pid, w.concurrency
            ),
        ),
        E::WorkerLeft(w) => (None, format!("worker {} left ({})", w.worker_id, w.reason)),
        E::WorkerRecycle(w) => (
            None,
            if w.reason.is_empty() {
                format!("worker {} recycle {}", w.worker_id, w.phase)
            } else {
                format!("worker {} recycle {}: {}", w.worker_id, w.phase, w.reason)
            },
        ),
        E::WorkerStuck(s) => (
            Some(s.queue.clone()),
            format!(
                "task {} ({}) stuck on worker {}",
                s.task_id, s.handler, s.worker_id
            ),
        ),
        E::Audit(a) => (
            None,
            format!(
                "{} ({}) {} {} {}",
                a.actor, a.role, a.action, a.target, a.status
            ),
        ),
        E::Alert(a) => (
            None,
            format!("{} {}: {}", a.severity.to_uppercase(), a.code, a.message),
        ),
        E::ScheduleEvent(s) => (Some(s.queue.clone()), fire_words(s)),
        E::JobEvent(j) => (Some(j.queue.clone()), job_words(j)),
        E::JobLog(l) => (Some(l.queue.clone()), job_log_words(l)),
        E::BulkProgress(b) => {
            let Some(op) = &b.operation else {
                return Streamed::Nothing;
            };
            let queue = op.filter.as_ref().map(|f| f.queue.clone());
            let text = format!(
                "bulk {} {} {}: {} of {} processed ({} changed, {} skipped)",
                op.action, op.id, op.state, op.processed, op.matched, op.succeeded, op.skipped
            );
            (queue, text)
        }
        E::Overview(_) | E::Heartbeat(_) => return Streamed::Nothing,
    };
    Streamed::Event(Event {
        id: event.id.clone(),
        at_ms: event.at_ms,
        kind,
        stream,
        queue: queue.filter(|q| !q.is_empty()),
        text,
    })
}

/// A job event as one line: the job, its status, the attempt when known and an end's error.
fn job_words(j: &pb::JobEvent) -> String {
    let mut text = format!("job {} {}", j.name, j.status);
    if let Some(attempt) = j.metadata.get("attempt") {
        text.push_str(&format!(" (attempt {attempt})"));
    }
    if !j.error.is_empty() {
        text.push_str(&format!(": {}", j.error));
    }
    text
}

/// A job-log event summarised as one line: the job, the run's id's tail, the stream, how
/// much output and its first line (control characters blanked; the events view is no
/// terminal for a job's escapes). The run's detail in the jobs view shows the log itself.
fn job_log_words(l: &pb::JobLogChunk) -> String {
    let n = l.task_id.chars().count();
    let tail: String = l.task_id.chars().skip(n.saturating_sub(8)).collect();
    let lines = l.data.lines().filter(|s| !s.trim().is_empty()).count();
    let first: String = l
        .data
        .lines()
        .find(|s| !s.trim().is_empty())
        .unwrap_or("")
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(80)
        .collect();
    let mut text = format!(
        "job {} run …{tail} {} output: {}",
        l.job,
        l.stream,
        first.trim_end()
    );
    if lines > 1 {
        text.push_str(&format!(" (+{} lines)", lines - 1));
    }
    if l.truncated {
        text.push_str(" …");
    }
    text
}

/// A `DeleteDLQ` request: these ids, or (none given) up to `limit` entries matching `filter`
/// (an empty filter is the whole DLQ, asked for explicitly).
pub(crate) fn delete_dlq(ids: Vec<String>, filter: &DlqFilter, limit: u64) -> pb::DeleteDlqRequest {
    pb::DeleteDlqRequest {
        all: ids.is_empty() && filter.is_empty(),
        ids,
        queue: filter.queue.clone().unwrap_or_default(),
        handler: filter.handler.clone().unwrap_or_default(),
        query: filter.text.clone().unwrap_or_default(),
        fingerprint: filter.fingerprint.clone().unwrap_or_default(),
        limit: limit.min(i32::MAX as u64) as i32,
        dry_run: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_goes_to_the_wire_and_back() {
        for s in TaskState::TABS.iter().flatten() {
            assert_eq!(state(wire_state(*s) as i32), Some(*s));
        }
        assert_eq!(state(wire_state(TaskState::Unknown) as i32), None);
    }

    #[test]
    fn job_events_are_listed_with_their_attempt_and_error() {
        let message = pb::AdminEvent {
            id: "10".into(),
            at_ms: 1_000,
            event: Some(E::JobEvent(pb::JobEvent {
                name: "site".into(),
                status: "retrying".into(),
                queue: "jobs".into(),
                error: "exit code 2".into(),
                metadata: [("attempt".to_owned(), "1".to_owned())].into(),
                ..pb::JobEvent::default()
            })),
        };
        let Streamed::Event(e) = streamed(&message) else {
            panic!("a job event is listed");
        };
        assert_eq!(e.kind, EventKind::Job);
        assert_eq!(e.queue.as_deref(), Some("jobs"));
        assert_eq!(e.text, "job site retrying (attempt 1): exit code 2");
    }

    #[test]
    fn job_log_events_are_listed_as_a_summary_of_their_output() {
        let message = pb::AdminEvent {
            id: "11".into(),
            at_ms: 1_000,
            event: Some(E::JobLog(pb::JobLogChunk {
                task_id: "0190c7c8-0000-7000-8000-00000000abcd".into(),
                data: "\u{1b}[1mbuilding\nstep 2\nstep 3\n".into(),
                seq: 3,
                last_seq: 5,
                stream: "stdout".into(),
                job: "site".into(),
                attempt: 1,
                queue: "jobs".into(),
                truncated: true,
                ..Default::default()
            })),
        };
        let Streamed::Event(e) = streamed(&message) else {
            panic!("a job-log event is listed");
        };
        assert_eq!(e.kind, EventKind::Job);
        assert_eq!(e.stream, events::EventKind::JobLog);
        assert_eq!(e.queue.as_deref(), Some("jobs"));
        assert_eq!(
            e.text,
            "job site run …0000abcd stdout output:  [1mbuilding (+2 lines) …"
        );
    }

    #[test]
    fn alerts_are_listed_with_their_severity_and_code() {
        let message = pb::AdminEvent {
            id: "9".into(),
            at_ms: 1_000,
            event: Some(E::Alert(pb::AlertEvent {
                code: "store_data_loss".into(),
                message: "the store file is empty".into(),
                severity: "critical".into(),
            })),
        };
        let Streamed::Event(e) = streamed(&message) else {
            panic!("an alert is listed");
        };
        assert_eq!(e.kind, EventKind::Alert);
        assert_eq!(e.kind.name(), "alert");
        assert_eq!(e.text, "CRITICAL store_data_loss: the store file is empty");
    }

    #[test]
    fn schedule_fires_read_as_one_line_in_the_events_view() {
        let message = pb::AdminEvent {
            id: "7".into(),
            at_ms: 1_000,
            event: Some(E::ScheduleEvent(pb::ScheduleEvent {
                name: "nightly".into(),
                status: "failed".into(),
                trigger: "manual".into(),
                task_id: "t1".into(),
                queue: "default".into(),
                duration_ms: 1_250,
                error: "boom".into(),
                ..Default::default()
            })),
        };
        let Streamed::Event(e) = streamed(&message) else {
            panic!("a schedule event is listed");
        };
        assert_eq!(e.kind, EventKind::Schedule);
        assert_eq!(e.queue.as_deref(), Some("default"));
        assert_eq!(
            e.text,
            "schedule nightly failed (run now): task t1 in 1.2s: boom"
        );
        let paused = schedule(&pb::ScheduleEntry {
            name: "n".into(),
            paused: true,
            ..Default::default()
        });
        assert_eq!((paused.timezone.as_str(), paused.paused), ("UTC", true));
    }

    #[test]
    fn actions_follow_the_servers_lifecycle_rules() {
        // A scheduled task retries now, as the server allows; pending and running ones do not.
        assert!(TaskState::Scheduled.retryable());
        assert!(!TaskState::Pending.retryable() && !TaskState::Running.retryable());
        assert!(TaskState::Scheduled.cancellable() && !TaskState::Dead.cancellable());
        assert!(!TaskState::Unknown.cancellable() && !TaskState::Unknown.retryable());
    }
}
