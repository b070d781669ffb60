//! Event JSON: the `data:` of each server-sent event, by kind.

use worker_proto::events::EventKind;
use worker_proto::v1 as pb;

use crate::api::http::json::{
    Audit, BulkOperation, JobEvent, JobLogEvent, Overview, ScheduleEvent, state,
};

/// An event as SSE `data:` (compact, camelCase); `event:` carries its kind and `id:` its id.
pub fn event_data(event: &pb::AdminEvent) -> Option<(String, serde_json::Value)> {
    use pb::admin_event::Event as E;
    use serde_json::json;
    let (kind, data) = match event.event.as_ref()? {
        E::QueueChanged(c) => (
            EventKind::QueueChanged,
            json!({"queue": c.queue, "action": c.action, "paused": c.paused, "weight": c.weight}),
        ),
        E::DequeueChanged(c) => (EventKind::DequeueChanged, json!({"paused": c.paused})),
        E::TaskSummary(s) => (
            EventKind::TaskSummary,
            json!({
                "queue": s.queue, "windowStartMs": s.window_start_ms, "windowMs": s.window_ms,
                "enqueued": s.enqueued, "started": s.started, "succeeded": s.succeeded,
                "retried": s.retried, "dead": s.dead, "cancelled": s.cancelled,
                "recent": s.recent.iter().map(|c| json!({"id": c.id, "state": state(c.state)})).collect::<Vec<_>>(),
            }),
        ),
        E::DlqChanged(d) => (
            EventKind::DlqChanged,
            json!({"queue": d.queue, "action": d.action, "added": d.added, "removed": d.removed}),
        ),
        E::Audit(a) => (
            EventKind::Audit,
            serde_json::to_value(Audit::from(a.clone())).unwrap_or_default(),
        ),
        E::WorkerJoined(w) => (
            EventKind::WorkerJoined,
            json!({"workerId": w.worker_id, "host": w.host, "pid": w.pid, "concurrency": w.concurrency}),
        ),
        E::WorkerLeft(w) => (
            EventKind::WorkerLeft,
            json!({"workerId": w.worker_id, "reason": w.reason}),
        ),
        E::WorkerStuck(w) => (
            EventKind::WorkerStuck,
            json!({"workerId": w.worker_id, "taskId": w.task_id, "handler": w.handler,
                   "queue": w.queue, "lastHeartbeatMs": w.last_heartbeat_ms}),
        ),
        E::WorkerRecycle(w) => (
            EventKind::WorkerRecycle,
            json!({"workerId": w.worker_id, "phase": w.phase, "reason": w.reason}),
        ),
        E::Alert(a) => (
            EventKind::Alert,
            json!({"code": a.code, "message": a.message, "severity": a.severity}),
        ),
        E::Overview(o) => (
            EventKind::Overview,
            serde_json::to_value(Overview::from(o.clone())).unwrap_or_default(),
        ),
        E::Heartbeat(h) => (EventKind::Heartbeat, json!({"ts": h.ts})),
        E::ScheduleEvent(e) => (
            EventKind::ScheduleEvent,
            serde_json::to_value(ScheduleEvent::from(e.clone())).unwrap_or_default(),
        ),
        E::JobEvent(j) => (
            EventKind::JobEvent,
            serde_json::to_value(JobEvent::from(j.clone())).unwrap_or_default(),
        ),
        E::JobLog(j) => (
            EventKind::JobLog,
            serde_json::to_value(JobLogEvent::from(j.clone())).unwrap_or_default(),
        ),
        E::BulkProgress(b) => (
            EventKind::BulkProgress,
            serde_json::to_value(b.operation.clone().map(BulkOperation::from)).unwrap_or_default(),
        ),
    };
    Some((kind.sse_name().to_string(), data))
}
