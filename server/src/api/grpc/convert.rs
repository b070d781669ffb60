//! Conversions between engine types and `worker.v1` messages, both ways: every engine record a
//! response carries becomes a message here; `parse.rs` puts request-level checks on top.

use worker_proto::v1 as pb;

mod bulk;
mod jobs;
pub(crate) use bulk::{bulk_filter, bulk_operation, bulk_sample, listing_filter};
pub(crate) use jobs::{job, job_event, job_log_chunk, job_log_note, job_note, job_run, job_spec};

use crate::engine::audit::AuditRecord;
use crate::engine::events::{Event, LoggedEvent, TaskSummary};
use crate::engine::model::{
    AttemptError, CancelOutcome, DlqEntry, Enqueued, QueueInfo, ReplayOutcome, StuckSummary,
    TaskDetail, TaskId, TaskRecord, TaskSpec, TaskState, WorkerRecord,
};
use crate::engine::schedules::{
    ScheduleEventRecord, ScheduleEventStatus, ScheduleFactory, ScheduleView,
};
use crate::engine::{ActionCounters, AuditVerification, DlqGroups, Overview};

pub(crate) fn task_state(state: TaskState) -> pb::TaskState {
    match state {
        TaskState::Pending => pb::TaskState::Pending,
        TaskState::Scheduled => pb::TaskState::Scheduled,
        TaskState::Running => pb::TaskState::Running,
        TaskState::Retrying => pb::TaskState::Retrying,
        TaskState::Succeeded => pb::TaskState::Succeeded,
        TaskState::Dead => pb::TaskState::Dead,
        TaskState::Cancelled => pb::TaskState::Cancelled,
    }
}

fn clamp_i32(value: impl TryInto<i32>) -> i32 {
    value.try_into().unwrap_or(i32::MAX)
}

/// A producer's task spec; `Err` names the field that cannot be represented.
pub(crate) fn task_spec(spec: pb::TaskSpec) -> Result<TaskSpec, (&'static str, String)> {
    let max_retries = match spec.max_retries {
        None => None,
        Some(n) if n >= 0 => Some(n as u32),
        Some(n) => {
            return Err((
                "invalid_max_retries",
                format!("max_retries is {n}; it must not be negative"),
            ));
        }
    };
    Ok(TaskSpec {
        handler: spec.handler,
        queue: spec.queue,
        payload: spec.payload,
        priority: spec.priority,
        max_retries,
        timeout_ms: spec.timeout_ms,
        run_at_ms: spec.run_at_ms,
        idempotency_key: spec.idempotency_key,
        metadata: spec.metadata,
    })
}

pub(crate) fn task_info(task: &TaskRecord) -> pb::TaskInfo {
    pb::TaskInfo {
        id: task.id.to_string(),
        handler: task.handler.to_string(),
        queue: task.queue.to_string(),
        state: task_state(task.state) as i32,
        attempts: clamp_i32(task.attempts),
        max_retries: clamp_i32(task.max_retries),
        created_at_ms: task.created_at_ms,
        started_at_ms: task.started_at_ms.unwrap_or(0),
        finished_at_ms: task.finished_at_ms.unwrap_or(0),
        last_error: task.last_error.clone().unwrap_or_default(),
        worker_id: task
            .worker_id
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        metadata: task.metadata.clone(),
        priority: task.priority,
        timeout_ms: task.timeout_ms,
        run_at_ms: task.run_at_ms,
        updated_at_ms: task.updated_at_ms,
        payload_size: task.payload_size,
        dead_reason: task
            .dead_reason
            .map(|r| r.as_str().to_string())
            .unwrap_or_default(),
        idempotency_key: task.idempotency_key.clone().unwrap_or_default(),
        cancel_requested: task.cancel_requested,
    }
}

pub(crate) fn attempt_errors(errors: &[AttemptError]) -> Vec<pb::TaskAttemptError> {
    errors
        .iter()
        .map(|e| pb::TaskAttemptError {
            attempt: clamp_i32(e.attempt),
            at_ms: e.at_ms,
            error: e.error.clone(),
        })
        .collect()
}

/// A task with its payload, which only roles that see payloads get.
pub(crate) fn task_detail(detail: TaskDetail, sees_payload: bool) -> pb::GetTaskResponse {
    pb::GetTaskResponse {
        task: Some(task_info(&detail.task)),
        payload: if sees_payload {
            detail.payload
        } else {
            Vec::new()
        },
        payload_redacted: !sees_payload,
        errors: attempt_errors(&detail.errors),
    }
}

pub(crate) fn cancel_outcome(outcome: &CancelOutcome) -> &'static str {
    outcome.name()
}

pub(crate) fn enqueued(enqueued: &Enqueued) -> pb::EnqueueResponse {
    pb::EnqueueResponse {
        id: enqueued.id.to_string(),
        deduplicated: enqueued.deduplicated,
    }
}

pub(crate) fn enqueued_batch(all: &[Enqueued]) -> pb::EnqueueBatchResponse {
    pb::EnqueueBatchResponse {
        ids: all.iter().map(|e| e.id.to_string()).collect(),
        deduplicated: all.iter().map(|e| e.deduplicated).collect(),
    }
}

pub(crate) fn queue_summary(queue: &QueueInfo) -> pb::QueueSummary {
    pb::QueueSummary {
        name: queue.name.to_string(),
        ready: queue.counts.pending,
        processing: queue.counts.running,
        dead: queue.counts.dead,
        weight: clamp_i32(queue.weight),
        paused: queue.paused,
        scheduled: queue.counts.scheduled,
        retrying: queue.counts.retrying,
        succeeded: queue.counts.succeeded,
        cancelled: queue.counts.cancelled,
        latency_ms: queue.latency_ms,
        weight_overridden: queue.weight_overridden,
    }
}

/// Takes the entry by value: a page moves its strings (id, queue, handler, last error) into
/// the answer rather than copying them, a hundred entries a page.
pub(crate) fn dlq_entry(entry: DlqEntry, now_ms: i64) -> pb::DlqEntry {
    pb::DlqEntry {
        id: entry.id.into_string(),
        queue: entry.queue.into_string(),
        handler: entry.handler.into_string(),
        attempts: clamp_i32(entry.attempts),
        age_ms: (now_ms - entry.failed_at_ms).max(0),
        last_error: entry.last_error,
        reason: entry
            .reason
            .map(|r| r.as_str().to_string())
            .unwrap_or_default(),
        failed_at_ms: entry.failed_at_ms,
    }
}

pub(crate) fn dlq_groups(groups: &DlqGroups) -> pb::ListDlqGroupsResponse {
    pb::ListDlqGroupsResponse {
        groups: groups
            .groups
            .iter()
            .map(|g| pb::DlqGroup {
                handler: g.handler.to_string(),
                fingerprint: g.fingerprint.clone(),
                queues: g.queues.iter().map(ToString::to_string).collect(),
                count: g.count as i64,
                first_failed_at_ms: g.first_failed_ms,
                last_failed_at_ms: g.last_failed_ms,
                sample_task_id: g.sample_task_id.to_string(),
                sample_error: g.sample_error.clone(),
            })
            .collect(),
        total_groups: groups.total_groups as i64,
        total_entries: groups.total_entries as i64,
    }
}

pub(crate) fn dlq_detail(
    entry: &DlqEntry,
    errors: &[AttemptError],
    payload: Option<Vec<u8>>,
    max_retries: u32,
    now_ms: i64,
) -> pb::DlqEntryDetail {
    pb::DlqEntryDetail {
        id: entry.id.to_string(),
        queue: entry.queue.to_string(),
        handler: entry.handler.to_string(),
        attempts: clamp_i32(entry.attempts),
        age_ms: (now_ms - entry.failed_at_ms).max(0),
        failed_at_ms: entry.failed_at_ms,
        updated_at_ms: entry.updated_at_ms,
        last_error: entry.last_error.clone(),
        payload_size: entry.payload_size,
        metadata: entry.metadata.clone(),
        reason: entry
            .reason
            .map(|r| r.as_str().to_string())
            .unwrap_or_default(),
        errors: attempt_errors(errors),
        payload_redacted: payload.is_none(),
        payload: payload.unwrap_or_default(),
        max_retries: clamp_i32(max_retries),
    }
}

/// One id's replay; a missing task has no state.
pub(crate) fn replay_result(id: &TaskId, outcome: ReplayOutcome) -> pb::ReplayResult {
    let (outcome, state) = match outcome {
        ReplayOutcome::Replayed => ("replayed", task_state(TaskState::Pending)),
        ReplayOutcome::NotFound => ("not_found", pb::TaskState::Unspecified),
        ReplayOutcome::NotDead(state) => ("not_dead", task_state(state)),
    };
    pb::ReplayResult {
        id: id.to_string(),
        outcome: outcome.into(),
        state: state as i32,
    }
}

pub(crate) fn worker_info(worker: &WorkerRecord) -> pb::WorkerInfo {
    pb::WorkerInfo {
        id: worker.id.to_string(),
        host: worker.host.clone(),
        pid: clamp_i32(worker.pid),
        version: worker.version.clone(),
        concurrency: clamp_i32(worker.concurrency),
        in_flight: clamp_i32(worker.in_flight),
        handlers: worker.handlers.clone(),
        state: worker.state.as_str().to_string(),
        started_at_ms: worker.started_at_ms,
        last_heartbeat_ms: worker.last_heartbeat_ms,
        recycle_reason: worker.recycle_reason.clone().unwrap_or_default(),
        recycles: clamp_i32(worker.recycles),
    }
}

pub(crate) fn stuck_summary(summary: &StuckSummary) -> pb::StuckHandlerSummary {
    pb::StuckHandlerSummary {
        handler: summary.handler.to_string(),
        stuck_count: summary.count as i64,
        last_stuck_at_ms: summary.last_at_ms,
    }
}

/// `12s`, `3m`, `2h`, `1d` or `n/a`, as the reference formats the leader's remaining lease.
fn short_duration(ms: i64) -> String {
    if ms <= 0 {
        return "n/a".into();
    }
    let s = ms / 1_000;
    if s < 60 {
        format!("{s}s")
    } else if s < 3_600 {
        format!("{}m", s / 60)
    } else if s < 86_400 {
        format!("{}h", s / 3_600)
    } else {
        format!("{}d", s / 86_400)
    }
}

pub(crate) fn overview(
    overview: &Overview,
    counters: ActionCounters,
    now_ms: i64,
) -> pb::GetOverviewResponse {
    let mut latencies: Vec<i64> = overview
        .queues
        .iter()
        .filter(|q| q.counts.pending > 0)
        .map(|q| q.latency_ms)
        .collect();
    latencies.sort_unstable();
    let avg = if latencies.is_empty() {
        0
    } else {
        latencies.iter().sum::<i64>() / latencies.len() as i64
    };
    let p95 = latencies
        .get(((latencies.len() as f64) * 0.95).ceil() as usize)
        .or(latencies.last())
        .copied()
        .unwrap_or(0);
    let t = &overview.totals;
    let c = &overview.coordination;
    let (rate_state, per_second, burst, tokens) = match (c.rate_limit, c.rate_tokens) {
        (Some(limit), Some(tokens)) => (
            if tokens < f64::from(limit.burst) {
                "active"
            } else {
                "idle"
            },
            limit.per_second,
            clamp_i32(limit.burst),
            tokens,
        ),
        _ => ("disabled", 0.0, 0, 0.0),
    };
    pb::GetOverviewResponse {
        stats: Some(pb::OverviewStats {
            active_workers: clamp_i32(overview.live_workers),
            queued_tasks: t.pending,
            queues: clamp_i32(overview.queues.len()),
            avg_latency_ms: avg,
            p95_latency_ms: p95,
            scheduled_tasks: t.scheduled,
            running_tasks: t.running,
            retrying_tasks: t.retrying,
            dead_tasks: t.dead,
            succeeded_tasks: t.succeeded,
            cancelled_tasks: t.cancelled,
        }),
        coordination: Some(pb::CoordinationStatus {
            global_rate_limit: rate_state.into(),
            leader_lock: if c.leader.is_some() {
                "active"
            } else {
                "disabled"
            }
            .into(),
            lease: short_duration(c.leader.as_ref().map_or(0, |l| l.expires_at_ms - now_ms)),
            paused: c.dequeue_paused,
            rate_per_second: per_second,
            rate_burst: burst,
            rate_tokens: tokens,
            leader: c
                .leader
                .as_ref()
                .map(|l| l.holder.clone())
                .unwrap_or_default(),
            task_lease_ms: c.lease_ms,
        }),
        actions: Some(pb::AdminActionCounters {
            pause: counters.pause as i64,
            resume: counters.resume as i64,
            replay: counters.replay as i64,
        }),
        queues: overview.queues.iter().map(queue_summary).collect(),
        throughput: overview
            .throughput
            .iter()
            .map(|p| pb::ThroughputPoint {
                minute_ms: p.minute_ms,
                succeeded: p.counts.succeeded,
                failed: p.counts.failed,
                dead: p.counts.dead,
            })
            .collect(),
        unserved_handlers: overview
            .unserved
            .iter()
            .map(|u| pb::UnservedHandler {
                handler: u.handler.clone(),
                queues: u.queues.iter().map(ToString::to_string).collect(),
            })
            .collect(),
    }
}

/// The overview an event stream starts with.
pub(crate) fn overview_event(
    overview: &Overview,
    counters: ActionCounters,
    now_ms: i64,
) -> pb::AdminEvent {
    pb::AdminEvent {
        id: String::new(),
        at_ms: now_ms,
        event: Some(pb::admin_event::Event::Overview(self::overview(
            overview, counters, now_ms,
        ))),
    }
}

pub(crate) fn audit_verification(v: &AuditVerification) -> pb::VerifyAuditChainResponse {
    let (head_id, head_hash) = v.head.clone().unwrap_or_default();
    let broken = v.broken.as_ref();
    pb::VerifyAuditChainResponse {
        checked: v.checked,
        head_id,
        head_hash,
        ok: broken.is_none(),
        break_id: broken.map(|b| b.id.clone()).unwrap_or_default(),
        break_reason: broken
            .map(|b| b.reason.name().to_string())
            .unwrap_or_default(),
        break_message: broken.map(|b| b.detail.clone()).unwrap_or_default(),
    }
}

pub(crate) fn audit_event(record: &AuditRecord) -> pb::AuditEvent {
    let e = &record.entry;
    pb::AuditEvent {
        at_ms: e.at_ms,
        actor: e.actor.clone(),
        request_id: e.request_id.clone(),
        action: e.action.clone(),
        target: e.target.clone(),
        status: e.status.clone(),
        payload_hash: e.payload_hash.clone(),
        detail: e.detail.clone(),
        metadata: e.metadata.clone(),
        role: e.role.clone(),
        id: record.id.clone(),
        hash: record.hash.clone(),
        prev_hash: record.prev_hash.clone(),
    }
}

fn task_summary(s: &TaskSummary) -> pb::TaskSummaryEvent {
    pb::TaskSummaryEvent {
        queue: s.queue.clone(),
        window_start_ms: s.window_start_ms,
        window_ms: s.window_ms,
        enqueued: s.enqueued as i64,
        started: s.started as i64,
        succeeded: s.succeeded as i64,
        retried: s.retried as i64,
        dead: s.dead as i64,
        cancelled: s.cancelled as i64,
        recent: s
            .recent
            .iter()
            .map(|c| pb::TaskChange {
                id: c.id.clone(),
                state: TaskState::parse(&c.state)
                    .map(task_state)
                    .unwrap_or(pb::TaskState::Unspecified) as i32,
            })
            .collect(),
    }
}

pub(crate) fn admin_event(logged: &LoggedEvent) -> pb::AdminEvent {
    use pb::admin_event::Event as E;
    let event = match &logged.event {
        Event::QueueChanged {
            queue,
            action,
            paused,
            weight,
        } => E::QueueChanged(pb::QueueChangedEvent {
            queue: queue.clone(),
            action: action.clone(),
            paused: *paused,
            weight: clamp_i32(*weight),
        }),
        Event::DequeueChanged { paused } => {
            E::DequeueChanged(pb::DequeueChangedEvent { paused: *paused })
        }
        Event::TaskSummary(s) => E::TaskSummary(task_summary(s)),
        Event::DlqChanged {
            queue,
            action,
            added,
            removed,
        } => E::DlqChanged(pb::DlqChangedEvent {
            queue: queue.clone().unwrap_or_default(),
            action: action.clone(),
            added: *added as i64,
            removed: *removed as i64,
        }),
        Event::WorkerJoined {
            worker_id,
            host,
            pid,
            concurrency,
        } => E::WorkerJoined(pb::WorkerJoinedEvent {
            worker_id: worker_id.clone(),
            host: host.clone(),
            pid: clamp_i32(*pid),
            concurrency: clamp_i32(*concurrency),
        }),
        Event::WorkerLeft { worker_id, reason } => E::WorkerLeft(pb::WorkerLeftEvent {
            worker_id: worker_id.clone(),
            reason: reason.clone(),
        }),
        Event::WorkerStuck {
            worker_id,
            task_id,
            handler,
            queue,
            last_heartbeat_ms,
        } => E::WorkerStuck(pb::WorkerStuckEvent {
            worker_id: worker_id.clone().unwrap_or_default(),
            task_id: task_id.clone(),
            handler: handler.clone(),
            queue: queue.clone(),
            last_heartbeat_ms: *last_heartbeat_ms,
        }),
        Event::WorkerRecycle {
            worker_id,
            phase,
            reason,
        } => E::WorkerRecycle(pb::WorkerRecycleEvent {
            worker_id: worker_id.clone(),
            phase: phase.clone(),
            reason: reason.clone(),
        }),
        Event::Alert(alert) => E::Alert(pb::AlertEvent {
            code: alert.code.clone(),
            message: alert.message.clone(),
            severity: alert.severity.clone(),
        }),
        Event::Job(note) => E::JobEvent(job_note(note)),
        Event::JobLog(note) => E::JobLog(job_log_note(note, logged.at_ms)),
        Event::Audit(record) => E::Audit(audit_event(record)),
        Event::Schedule(record) => E::ScheduleEvent(schedule_event(record)),
        Event::Bulk(op) => E::BulkProgress(pb::BulkProgressEvent {
            operation: Some(bulk_operation(op)),
        }),
    };
    pb::AdminEvent {
        id: logged.id.to_string(),
        at_ms: logged.at_ms,
        event: Some(event),
    }
}

/// A schedule event in the reference's shape; `result` is the status of a finished run.
pub(crate) fn schedule_event(e: &ScheduleEventRecord) -> pb::ScheduleEvent {
    pb::ScheduleEvent {
        task_id: e
            .task_id
            .as_ref()
            .map(|t| t.to_string())
            .unwrap_or_default(),
        name: e.name.to_string(),
        spec: e.spec.clone(),
        durable: true,
        status: e.status.name().to_string(),
        queue: e.queue.clone(),
        started_at_ms: e.started_at_ms,
        finished_at_ms: e.finished_at_ms,
        duration_ms: e.duration_ms,
        result: match e.status {
            ScheduleEventStatus::Succeeded => "ok".to_string(),
            _ => String::new(),
        },
        error: e.error.clone(),
        metadata: Default::default(),
        trigger: e.trigger.name().to_string(),
        fire_at_ms: e.fire_ms,
        at_ms: e.at_ms,
        handler: e.handler.clone(),
        attempt: clamp_i32(e.attempt),
    }
}

/// A schedule with what is computed centrally; its payload only for roles that see payloads
/// (`payload_redacted` and `payload_size` say what was withheld).
pub(crate) fn schedule_entry(view: &ScheduleView, sees_payload: bool) -> pb::ScheduleEntry {
    let r = &view.record;
    let task = &r.task;
    pb::ScheduleEntry {
        name: r.name.to_string(),
        spec: r.spec.clone(),
        next_run_ms: view.next_run_ms,
        last_run_ms: view.last_run_ms,
        durable: r.durable,
        paused: r.paused,
        timezone: r.timezone.clone(),
        handler: task.handler.clone(),
        target: r.target.name().to_string(),
        queue: task.queue.clone(),
        priority: task.priority,
        max_retries: task.max_retries.map_or(-1, clamp_i32),
        timeout_ms: task.timeout_ms,
        metadata: task.metadata.clone(),
        misfire: r.misfire.name().to_string(),
        catch_up_max: clamp_i32(r.misfire.catch_up_max()),
        overlap: r.overlap.name().to_string(),
        jitter_ms: r.jitter_ms,
        last_status: r.last_status.clone(),
        last_task_id: r
            .last_task_id
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        created_at_ms: r.created_at_ms,
        updated_at_ms: r.updated_at_ms,
        payload: if sees_payload {
            task.payload.clone()
        } else {
            Vec::new()
        },
        payload_redacted: !sees_payload,
        payload_size: task.payload.len() as i64,
        description: view.description.clone(),
    }
}

pub(crate) fn schedule_factory(f: &ScheduleFactory) -> pb::ScheduleFactory {
    pb::ScheduleFactory {
        name: f.name.clone(),
        durable: f.durable,
        origin: f.origin.to_string(),
    }
}
