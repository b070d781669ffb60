//! The kinds of admin events, named once: `StreamEventsRequest.kinds` filters by [`EventKind::name`],
//! `workerctl events` prints it, and the gateway's server-sent events use [`EventKind::sse_name`].

use crate::v1::admin_event::Event;

/// Every kind of [`crate::v1::AdminEvent`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EventKind {
    QueueChanged,
    DequeueChanged,
    TaskSummary,
    DlqChanged,
    ScheduleEvent,
    JobEvent,
    JobLog,
    Audit,
    WorkerJoined,
    WorkerLeft,
    WorkerStuck,
    WorkerRecycle,
    Alert,
    BulkProgress,
    Overview,
    Heartbeat,
}

impl EventKind {
    /// In the order of the `oneof`'s field numbers, the order error messages list them in.
    pub const ALL: [EventKind; 16] = [
        EventKind::QueueChanged,
        EventKind::TaskSummary,
        EventKind::DlqChanged,
        EventKind::ScheduleEvent,
        EventKind::JobEvent,
        EventKind::JobLog,
        EventKind::Audit,
        EventKind::WorkerJoined,
        EventKind::WorkerLeft,
        EventKind::WorkerStuck,
        EventKind::Overview,
        EventKind::Heartbeat,
        EventKind::DequeueChanged,
        EventKind::WorkerRecycle,
        EventKind::Alert,
        EventKind::BulkProgress,
    ];

    /// The kind of an event.
    pub fn of(event: &Event) -> Self {
        match event {
            Event::QueueChanged(_) => EventKind::QueueChanged,
            Event::DequeueChanged(_) => EventKind::DequeueChanged,
            Event::TaskSummary(_) => EventKind::TaskSummary,
            Event::DlqChanged(_) => EventKind::DlqChanged,
            Event::ScheduleEvent(_) => EventKind::ScheduleEvent,
            Event::JobEvent(_) => EventKind::JobEvent,
            Event::JobLog(_) => EventKind::JobLog,
            Event::Audit(_) => EventKind::Audit,
            Event::WorkerJoined(_) => EventKind::WorkerJoined,
            Event::WorkerLeft(_) => EventKind::WorkerLeft,
            Event::WorkerStuck(_) => EventKind::WorkerStuck,
            Event::WorkerRecycle(_) => EventKind::WorkerRecycle,
            Event::Alert(_) => EventKind::Alert,
            Event::BulkProgress(_) => EventKind::BulkProgress,
            Event::Overview(_) => EventKind::Overview,
            Event::Heartbeat(_) => EventKind::Heartbeat,
        }
    }

    /// The name gRPC filters and `workerctl` use: the `oneof` field's name.
    pub fn name(self) -> &'static str {
        match self {
            EventKind::QueueChanged => "queue_changed",
            EventKind::DequeueChanged => "dequeue_changed",
            EventKind::TaskSummary => "task_summary",
            EventKind::DlqChanged => "dlq_changed",
            EventKind::ScheduleEvent => "schedule_event",
            EventKind::JobEvent => "job_event",
            EventKind::JobLog => "job_log",
            EventKind::Audit => "audit",
            EventKind::WorkerJoined => "worker_joined",
            EventKind::WorkerLeft => "worker_left",
            EventKind::WorkerStuck => "worker_stuck",
            EventKind::WorkerRecycle => "worker_recycle",
            EventKind::Alert => "alert",
            EventKind::BulkProgress => "bulk_progress",
            EventKind::Overview => "overview",
            EventKind::Heartbeat => "heartbeat",
        }
    }

    /// The `event:` name on the gateway's server-sent events. The same as [`Self::name`] but for
    /// audit entries, published as `audit_event` since the gateway's first release (SSE clients
    /// filter on it), where `audit` would read as a whole audit frame.
    pub fn sse_name(self) -> &'static str {
        match self {
            EventKind::Audit => "audit_event",
            other => other.name(),
        }
    }

    /// The kind a gRPC filter names.
    pub fn parse(name: &str) -> Option<Self> {
        EventKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The kind an SSE filter names.
    pub fn parse_sse(name: &str) -> Option<Self> {
        EventKind::ALL.into_iter().find(|k| k.sse_name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_parse_back() {
        for kind in EventKind::ALL {
            assert_eq!(EventKind::parse(kind.name()), Some(kind));
            assert_eq!(EventKind::parse_sse(kind.sse_name()), Some(kind));
        }
        let mut names: Vec<_> = EventKind::ALL.iter().map(|k| k.name()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), EventKind::ALL.len());
        assert_eq!(EventKind::parse("audit_event"), None);
        assert_eq!(EventKind::parse_sse("audit"), None);
    }
}
