//! `queue ls|get`: one queue's counts, weight and latency.

use serde::Serialize;
use worker_proto::v1 as pb;

use super::short_ms;
use crate::output::Record;

#[derive(Serialize, Debug, Clone)]
pub(crate) struct Queue {
    pub name: String,
    pub paused: bool,
    pub weight: i32,
    /// True when an operator set the weight; false when it comes from configuration.
    pub weight_overridden: bool,
    pub ready: i64,
    pub scheduled: i64,
    pub running: i64,
    pub retrying: i64,
    pub dead: i64,
    pub succeeded: i64,
    pub cancelled: i64,
    /// Age of the oldest ready task.
    pub latency_ms: i64,
}

impl From<&pb::QueueSummary> for Queue {
    fn from(q: &pb::QueueSummary) -> Self {
        Self {
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
}

impl Record for Queue {
    fn header(wide: bool) -> Vec<&'static str> {
        let mut h = vec![
            "NAME", "STATE", "READY", "RUNNING", "DEAD", "WEIGHT", "LATENCY",
        ];
        if wide {
            h.extend([
                "SCHEDULED",
                "RETRYING",
                "SUCCEEDED",
                "CANCELLED",
                "WEIGHT_SET",
            ]);
        }
        h
    }
    fn row(&self, wide: bool) -> Vec<String> {
        let mut r = vec![
            self.name.clone(),
            if self.paused { "paused" } else { "active" }.into(),
            self.ready.to_string(),
            self.running.to_string(),
            self.dead.to_string(),
            self.weight.to_string(),
            short_ms(self.latency_ms),
        ];
        if wide {
            r.extend([
                self.scheduled.to_string(),
                self.retrying.to_string(),
                self.succeeded.to_string(),
                self.cancelled.to_string(),
                self.weight_overridden.to_string(),
            ]);
        }
        r
    }
}
