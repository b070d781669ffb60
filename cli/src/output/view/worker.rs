//! Workers, a worker with the tasks it runs, and stuck-task counts by handler.

use serde::Serialize;
use worker_proto::v1 as pb;

use super::{Task, cell, time};
use crate::output::{Record, Section};

#[derive(Serialize, Debug, Clone)]
pub(crate) struct Worker {
    pub id: String,
    pub host: String,
    pub pid: i32,
    pub version: String,
    /// active, draining, stopped or lost.
    pub state: String,
    pub concurrency: i32,
    pub in_flight: i32,
    pub handlers: Vec<String>,
    pub started_at: Option<String>,
    pub last_heartbeat: Option<String>,
    pub recycle_reason: String,
    pub recycles: i32,
}

impl From<&pb::WorkerInfo> for Worker {
    fn from(w: &pb::WorkerInfo) -> Self {
        Self {
            id: w.id.clone(),
            host: w.host.clone(),
            pid: w.pid,
            version: w.version.clone(),
            state: w.state.clone(),
            concurrency: w.concurrency,
            in_flight: w.in_flight,
            handlers: w.handlers.clone(),
            started_at: time(w.started_at_ms),
            last_heartbeat: time(w.last_heartbeat_ms),
            recycle_reason: w.recycle_reason.clone(),
            recycles: w.recycles,
        }
    }
}

impl Record for Worker {
    fn header(wide: bool) -> Vec<&'static str> {
        let mut h = vec![
            "ID",
            "STATE",
            "HOST",
            "IN_FLIGHT",
            "CONCURRENCY",
            "LAST_HEARTBEAT",
        ];
        if wide {
            h.extend([
                "PID",
                "VERSION",
                "STARTED",
                "HANDLERS",
                "RECYCLES",
                "RECYCLE_REASON",
            ]);
        }
        h
    }
    fn row(&self, wide: bool) -> Vec<String> {
        let mut r = vec![
            self.id.clone(),
            self.state.clone(),
            self.host.clone(),
            self.in_flight.to_string(),
            self.concurrency.to_string(),
            cell(&self.last_heartbeat),
        ];
        if wide {
            r.extend([
                self.pid.to_string(),
                self.version.clone(),
                cell(&self.started_at),
                self.handlers.join(","),
                self.recycles.to_string(),
                self.recycle_reason.clone(),
            ]);
        }
        r
    }
}

#[derive(Serialize, Debug, Clone)]
pub(crate) struct WorkerDetail {
    #[serde(flatten)]
    pub worker: Worker,
    /// The tasks it runs now.
    pub running: Vec<Task>,
}

impl Record for WorkerDetail {
    fn header(_: bool) -> Vec<&'static str> {
        Worker::header(true)
    }
    fn row(&self, _: bool) -> Vec<String> {
        self.worker.row(true)
    }
    fn sections(&self) -> Vec<Section> {
        vec![Section {
            title: "Running",
            header: Task::header(false),
            rows: self.running.iter().map(|t| t.row(false)).collect(),
        }]
    }
}

#[derive(Serialize, Debug, Clone)]
pub(crate) struct Stuck {
    pub handler: String,
    pub stuck_count: i64,
    pub last_stuck_at: Option<String>,
}

impl Record for Stuck {
    fn header(_: bool) -> Vec<&'static str> {
        vec!["HANDLER", "STUCK", "LAST_STUCK_AT"]
    }
    fn row(&self, _: bool) -> Vec<String> {
        vec![
            self.handler.clone(),
            self.stuck_count.to_string(),
            cell(&self.last_stuck_at),
        ]
    }
}
