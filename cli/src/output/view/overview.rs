//! `overview`: cluster-wide counts, coordination, action counts, throughput, the queues and
//! the handlers whose tasks wait for a worker.

use serde::Serialize;
use worker_proto::v1 as pb;

use super::{History, Queue, short_ms, time};
use crate::output::{Record, Section};

#[derive(Serialize, Debug, Clone)]
pub(crate) struct ThroughputPoint {
    pub minute: Option<String>,
    pub succeeded: i64,
    pub failed: i64,
    pub dead: i64,
}

/// A handler with ready tasks that no live worker has.
#[derive(Serialize, Debug, Clone)]
pub(crate) struct UnservedHandler {
    pub handler: String,
    pub queues: Vec<String>,
}

#[derive(Serialize, Debug, Clone)]
pub(crate) struct ActionCounts {
    pub pause: i64,
    pub resume: i64,
    pub replay: i64,
}

#[derive(Serialize, Debug, Clone)]
pub(crate) struct Overview {
    pub active_workers: i32,
    pub queues: i32,
    pub ready: i64,
    pub scheduled: i64,
    pub running: i64,
    pub retrying: i64,
    pub dead: i64,
    pub succeeded: i64,
    pub cancelled: i64,
    pub avg_latency_ms: i64,
    pub p95_latency_ms: i64,
    pub dequeue_paused: bool,
    /// disabled, active or idle.
    pub rate_limit: String,
    pub rate_per_second: f64,
    pub rate_burst: i32,
    pub leader: String,
    /// Time left on the leader's lock, like 12s.
    pub leader_lease: String,
    pub actions: ActionCounts,
    /// The last 15 minutes, oldest first.
    pub throughput: Vec<ThroughputPoint>,
    pub queue_list: Vec<Queue>,
    /// Handlers whose ready tasks wait because no live worker has them.
    pub unserved_handlers: Vec<UnservedHandler>,
    /// With `--range`: outcomes over it against the range before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<History>,
}

impl From<&pb::GetOverviewResponse> for Overview {
    fn from(o: &pb::GetOverviewResponse) -> Self {
        let s = o.stats.unwrap_or_default();
        let c = o.coordination.clone().unwrap_or_default();
        let a = o.actions.unwrap_or_default();
        Self {
            active_workers: s.active_workers,
            queues: s.queues,
            ready: s.queued_tasks,
            scheduled: s.scheduled_tasks,
            running: s.running_tasks,
            retrying: s.retrying_tasks,
            dead: s.dead_tasks,
            succeeded: s.succeeded_tasks,
            cancelled: s.cancelled_tasks,
            avg_latency_ms: s.avg_latency_ms,
            p95_latency_ms: s.p95_latency_ms,
            dequeue_paused: c.paused,
            rate_limit: c.global_rate_limit,
            rate_per_second: c.rate_per_second,
            rate_burst: c.rate_burst,
            leader: c.leader,
            leader_lease: c.lease,
            actions: ActionCounts {
                pause: a.pause,
                resume: a.resume,
                replay: a.replay,
            },
            throughput: o
                .throughput
                .iter()
                .map(|p| ThroughputPoint {
                    minute: time(p.minute_ms),
                    succeeded: p.succeeded,
                    failed: p.failed,
                    dead: p.dead,
                })
                .collect(),
            queue_list: o.queues.iter().map(Queue::from).collect(),
            unserved_handlers: o
                .unserved_handlers
                .iter()
                .map(|u| UnservedHandler {
                    handler: u.handler.clone(),
                    queues: u.queues.clone(),
                })
                .collect(),
            history: None,
        }
    }
}

impl Record for Overview {
    fn header(_: bool) -> Vec<&'static str> {
        vec![
            "WORKERS",
            "QUEUES",
            "READY",
            "SCHEDULED",
            "RUNNING",
            "RETRYING",
            "DEAD",
            "SUCCEEDED",
            "CANCELLED",
            "AVG_LATENCY",
            "P95_LATENCY",
            "DEQUEUE",
            "RATE_LIMIT",
            "LEADER",
            "LEADER_LEASE",
            "PAUSES",
            "RESUMES",
            "REPLAYS",
            "DONE_LAST_15M",
        ]
    }
    fn row(&self, _: bool) -> Vec<String> {
        vec![
            self.active_workers.to_string(),
            self.queues.to_string(),
            self.ready.to_string(),
            self.scheduled.to_string(),
            self.running.to_string(),
            self.retrying.to_string(),
            self.dead.to_string(),
            self.succeeded.to_string(),
            self.cancelled.to_string(),
            short_ms(self.avg_latency_ms),
            short_ms(self.p95_latency_ms),
            if self.dequeue_paused {
                "paused"
            } else {
                "running"
            }
            .into(),
            self.rate_limit.clone(),
            self.leader.clone(),
            self.leader_lease.clone(),
            self.actions.pause.to_string(),
            self.actions.resume.to_string(),
            self.actions.replay.to_string(),
            self.throughput
                .iter()
                .map(|p| p.succeeded)
                .sum::<i64>()
                .to_string(),
        ]
    }
    fn sections(&self) -> Vec<Section> {
        let mut sections = vec![Section {
            title: "Queues",
            header: Queue::header(false),
            rows: self.queue_list.iter().map(|q| q.row(false)).collect(),
        }];
        if !self.unserved_handlers.is_empty() {
            sections.push(Section {
                title: "Handlers no live worker has (their tasks wait)",
                header: vec!["HANDLER", "QUEUES"],
                rows: self
                    .unserved_handlers
                    .iter()
                    .map(|u| vec![u.handler.clone(), u.queues.join(",")])
                    .collect(),
            });
        }
        if let Some(history) = &self.history {
            sections.push(history.section());
        }
        sections
    }
}
