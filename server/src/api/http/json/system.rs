//! System JSON: health and build, the overview (counts, coordination, throughput) and the
//! dequeue switch.

use serde::Serialize;
use utoipa::ToSchema;
use worker_proto::v1 as pb;

use crate::api::http::json::Queue;

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Health {
    pub status: String,
    pub version: String,
    pub commit: String,
    pub build_time: String,
    /// The Rust toolchain the server was built with.
    pub go_version: String,
}

impl From<pb::GetHealthResponse> for Health {
    fn from(h: pb::GetHealthResponse) -> Self {
        Self {
            status: h.status,
            version: h.version,
            commit: h.commit,
            build_time: h.build_time,
            go_version: h.go_version,
        }
    }
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OverviewStats {
    pub active_workers: i32,
    pub queued_tasks: i64,
    pub queues: i32,
    pub avg_latency_ms: i64,
    pub p95_latency_ms: i64,
    pub scheduled_tasks: i64,
    pub running_tasks: i64,
    pub retrying_tasks: i64,
    pub dead_tasks: i64,
    pub succeeded_tasks: i64,
    pub cancelled_tasks: i64,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Coordination {
    pub global_rate_limit: String,
    pub leader_lock: String,
    pub lease: String,
    pub paused: bool,
    pub rate_per_second: f64,
    pub rate_burst: i32,
    pub rate_tokens: f64,
    pub leader: String,
    pub task_lease_ms: i64,
}

#[derive(Serialize, ToSchema)]
pub struct Actions {
    pub pause: i64,
    pub resume: i64,
    pub replay: i64,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ThroughputPoint {
    pub minute_ms: i64,
    pub succeeded: i64,
    pub failed: i64,
    pub dead: i64,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Overview {
    pub stats: OverviewStats,
    pub coordination: Coordination,
    pub actions: Actions,
    pub queues: Vec<Queue>,
    pub throughput: Vec<ThroughputPoint>,
    /// Handlers with ready tasks that no live worker has: those tasks wait until one registers.
    pub unserved_handlers: Vec<UnservedHandler>,
}

/// A handler no live worker has, and the queues where its ready tasks wait.
#[derive(Serialize, ToSchema)]
pub struct UnservedHandler {
    pub handler: String,
    pub queues: Vec<String>,
}

impl From<pb::GetOverviewResponse> for Overview {
    fn from(o: pb::GetOverviewResponse) -> Self {
        let s = o.stats.unwrap_or_default();
        let c = o.coordination.unwrap_or_default();
        let a = o.actions.unwrap_or_default();
        Self {
            stats: OverviewStats {
                active_workers: s.active_workers,
                queued_tasks: s.queued_tasks,
                queues: s.queues,
                avg_latency_ms: s.avg_latency_ms,
                p95_latency_ms: s.p95_latency_ms,
                scheduled_tasks: s.scheduled_tasks,
                running_tasks: s.running_tasks,
                retrying_tasks: s.retrying_tasks,
                dead_tasks: s.dead_tasks,
                succeeded_tasks: s.succeeded_tasks,
                cancelled_tasks: s.cancelled_tasks,
            },
            coordination: Coordination {
                global_rate_limit: c.global_rate_limit,
                leader_lock: c.leader_lock,
                lease: c.lease,
                paused: c.paused,
                rate_per_second: c.rate_per_second,
                rate_burst: c.rate_burst,
                rate_tokens: c.rate_tokens,
                leader: c.leader,
                task_lease_ms: c.task_lease_ms,
            },
            actions: Actions {
                pause: a.pause,
                resume: a.resume,
                replay: a.replay,
            },
            queues: o.queues.into_iter().map(Queue::from).collect(),
            throughput: o
                .throughput
                .into_iter()
                .map(|p| ThroughputPoint {
                    minute_ms: p.minute_ms,
                    succeeded: p.succeeded,
                    failed: p.failed,
                    dead: p.dead,
                })
                .collect(),
            unserved_handlers: o
                .unserved_handlers
                .into_iter()
                .map(|u| UnservedHandler {
                    handler: u.handler,
                    queues: u.queues,
                })
                .collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Paused {
    pub paused: bool,
}
