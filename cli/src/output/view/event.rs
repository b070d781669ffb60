//! `events`: one admin event as a kind, a queue, a line for people and its fields.

use serde::Serialize;
use worker_proto::events::EventKind;
use worker_proto::v1 as pb;

use super::{Audit, BulkOp, Overview, ScheduleEvent, cell, short_ms, state_name, time};
use crate::output::Record;

#[derive(Serialize, Debug, Clone)]
pub(crate) struct Event {
    /// Empty for snapshots and heartbeats, which are not in the log.
    pub id: String,
    pub at: Option<String>,
    /// queue_changed, task_summary, dlq_changed, audit, worker_joined, alert, job_event, …
    pub kind: String,
    pub queue: String,
    /// One line for people.
    pub summary: String,
    /// The event's fields.
    pub data: serde_json::Value,
}

impl Record for Event {
    fn header(_: bool) -> Vec<&'static str> {
        vec!["ID", "AT", "KIND", "QUEUE", "SUMMARY"]
    }
    fn row(&self, _: bool) -> Vec<String> {
        vec![
            self.id.clone(),
            cell(&self.at),
            self.kind.clone(),
            self.queue.clone(),
            self.summary.clone(),
        ]
    }
}

impl From<&pb::AdminEvent> for Event {
    fn from(e: &pb::AdminEvent) -> Self {
        use pb::admin_event::Event as E;
        use serde_json::json;
        let (kind, queue, summary, data) = match &e.event {
            Some(E::QueueChanged(c)) => (
                EventKind::QueueChanged.name(),
                c.queue.clone(),
                format!("{} {} (weight {})", c.action, c.queue, c.weight),
                json!({"queue": c.queue, "action": c.action, "paused": c.paused, "weight": c.weight}),
            ),
            Some(E::DequeueChanged(c)) => (
                EventKind::DequeueChanged.name(),
                String::new(),
                if c.paused {
                    "dequeue paused"
                } else {
                    "dequeue resumed"
                }
                .to_string(),
                json!({"paused": c.paused}),
            ),
            Some(E::TaskSummary(s)) => (
                EventKind::TaskSummary.name(),
                s.queue.clone(),
                format!(
                    "+{} enqueued, {} started, {} succeeded, {} retried, {} dead, {} cancelled in {}",
                    s.enqueued,
                    s.started,
                    s.succeeded,
                    s.retried,
                    s.dead,
                    s.cancelled,
                    short_ms(s.window_ms)
                ),
                json!({
                    "queue": s.queue, "window_start": time(s.window_start_ms), "window_ms": s.window_ms,
                    "enqueued": s.enqueued, "started": s.started, "succeeded": s.succeeded,
                    "retried": s.retried, "dead": s.dead, "cancelled": s.cancelled,
                    "recent": s.recent.iter().map(|c| json!({"id": c.id, "state": state_name(c.state)})).collect::<Vec<_>>(),
                }),
            ),
            Some(E::DlqChanged(d)) => (
                EventKind::DlqChanged.name(),
                d.queue.clone(),
                format!("dlq {}: +{} -{}", d.action, d.added, d.removed),
                json!({"queue": d.queue, "action": d.action, "added": d.added, "removed": d.removed}),
            ),
            Some(E::Audit(a)) => (
                EventKind::Audit.name(),
                String::new(),
                format!(
                    "{} {} {} by {} ({})",
                    a.status, a.action, a.target, a.actor, a.role
                ),
                serde_json::to_value(Audit::from(a)).unwrap_or_default(),
            ),
            Some(E::WorkerJoined(w)) => (
                EventKind::WorkerJoined.name(),
                String::new(),
                format!(
                    "worker {} joined ({} pid {}, concurrency {})",
                    w.worker_id, w.host, w.pid, w.concurrency
                ),
                json!({"worker_id": w.worker_id, "host": w.host, "pid": w.pid, "concurrency": w.concurrency}),
            ),
            Some(E::WorkerLeft(w)) => (
                EventKind::WorkerLeft.name(),
                String::new(),
                format!("worker {} left ({})", w.worker_id, w.reason),
                json!({"worker_id": w.worker_id, "reason": w.reason}),
            ),
            Some(E::WorkerStuck(w)) => (
                EventKind::WorkerStuck.name(),
                w.queue.clone(),
                format!(
                    "task {} ({}) stuck on worker {}",
                    w.task_id, w.handler, w.worker_id
                ),
                json!({"worker_id": w.worker_id, "task_id": w.task_id, "handler": w.handler,
                       "queue": w.queue, "last_heartbeat": time(w.last_heartbeat_ms)}),
            ),
            Some(E::WorkerRecycle(w)) => (
                EventKind::WorkerRecycle.name(),
                String::new(),
                format!("worker {} recycle {} ({})", w.worker_id, w.phase, w.reason),
                json!({"worker_id": w.worker_id, "phase": w.phase, "reason": w.reason}),
            ),
            Some(E::BulkProgress(b)) => {
                let op = b.operation.as_ref().map(BulkOp::from);
                let queue = b
                    .operation
                    .as_ref()
                    .and_then(|o| o.filter.as_ref())
                    .map(|f| f.queue.clone())
                    .unwrap_or_default();
                let summary = op.as_ref().map_or_else(String::new, |o| {
                    format!(
                        "bulk {} {} {}: {} of {} processed ({} changed, {} skipped)",
                        o.action, o.id, o.state, o.processed, o.matched, o.succeeded, o.skipped
                    )
                });
                (
                    EventKind::BulkProgress.name(),
                    queue,
                    summary,
                    serde_json::to_value(op).unwrap_or_default(),
                )
            }
            Some(E::Alert(a)) => (
                EventKind::Alert.name(),
                String::new(),
                format!("{} {}: {}", a.severity.to_uppercase(), a.code, a.message),
                json!({"code": a.code, "message": a.message, "severity": a.severity}),
            ),
            Some(E::Overview(o)) => {
                let view = Overview::from(o);
                (
                    EventKind::Overview.name(),
                    String::new(),
                    format!(
                        "{} ready, {} running, {} dead, {} workers",
                        view.ready, view.running, view.dead, view.active_workers
                    ),
                    serde_json::to_value(view).unwrap_or_default(),
                )
            }
            Some(E::Heartbeat(h)) => (
                EventKind::Heartbeat.name(),
                String::new(),
                "heartbeat".to_string(),
                json!({"ts": time(h.ts)}),
            ),
            Some(E::ScheduleEvent(s)) => {
                let view = ScheduleEvent::from(s);
                (
                    EventKind::ScheduleEvent.name(),
                    s.queue.clone(),
                    view.summary(),
                    serde_json::to_value(view).unwrap_or_default(),
                )
            }
            Some(E::JobEvent(j)) => {
                let attempt = j.metadata.get("attempt").map(String::as_str).unwrap_or("");
                let mut summary = format!("job {} {} run {}", j.name, j.status, j.task_id);
                if !attempt.is_empty() {
                    summary.push_str(&format!(" (attempt {attempt})"));
                }
                if !j.error.is_empty() {
                    summary.push_str(&format!(": {}", j.error));
                }
                (
                    EventKind::JobEvent.name(),
                    j.queue.clone(),
                    summary,
                    json!({
                        "run_id": j.task_id, "job": j.name, "status": j.status, "queue": j.queue,
                        "attempt": attempt.parse::<u32>().ok(),
                        "schedule": (!j.schedule_name.is_empty()).then_some(&j.schedule_name),
                        "started": time(j.started_at_ms), "finished": time(j.finished_at_ms),
                        "duration_ms": (j.duration_ms > 0).then_some(j.duration_ms),
                        "error": (!j.error.is_empty()).then_some(&j.error),
                    }),
                )
            }
            Some(E::JobLog(l)) => (
                EventKind::JobLog.name(),
                l.queue.clone(),
                job_log_summary(l),
                json!({
                    "run_id": l.task_id, "job": l.job, "attempt": l.attempt, "queue": l.queue,
                    "stream": l.stream, "first_seq": l.seq, "last_seq": l.last_seq,
                    "data": l.data, "truncated": l.truncated,
                }),
            ),
            None => (
                "other",
                String::new(),
                String::new(),
                serde_json::Value::Null,
            ),
        };
        Self {
            id: e.id.clone(),
            at: time(e.at_ms),
            kind: kind.into(),
            queue,
            summary,
            data,
        }
    }
}

/// Characters of a job-log event's first line the summary shows.
const LOG_LINE_CHARS: usize = 120;

/// A job-log event as one line: the job, the run's id's tail and attempt, the stream, and the
/// first line of its data (control characters blanked, so no escape reaches the terminal),
/// with how many more lines it holds.
fn job_log_summary(l: &pb::JobLogChunk) -> String {
    let tail: String = {
        let n = l.task_id.chars().count();
        let skip = n.saturating_sub(8);
        let t: String = l.task_id.chars().skip(skip).collect();
        if skip > 0 { format!("…{t}") } else { t }
    };
    let mut lines = l.data.lines().filter(|line| !line.trim().is_empty());
    let first: String = lines
        .next()
        .unwrap_or("")
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut shown: String = first.trim_end().chars().take(LOG_LINE_CHARS).collect();
    if first.trim_end().chars().count() > LOG_LINE_CHARS {
        shown.push('…');
    }
    let more = lines.count();
    let mut summary = format!(
        "job {} run {tail} #{} {}: {shown}",
        l.job, l.attempt, l.stream
    );
    if more > 0 {
        summary.push_str(&format!(" (+{more} lines)"));
    }
    if l.truncated {
        summary.push_str(&format!(" [cut; chunks {}-{}]", l.seq, l.last_seq));
    }
    summary
}
