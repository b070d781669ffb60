//! `queue history` and `overview --range`: outcomes over a range as a sparkline, with the
//! window's totals against the window before it.

use serde::Serialize;
use worker_proto::v1 as pb;
use worker_tui::format::{change, short_ms, sparkline};

use super::time;
use crate::output::{Record, Section};

#[derive(Serialize, Debug, Clone)]
pub(crate) struct HistoryPoint {
    pub start: Option<String>,
    pub succeeded: i64,
    pub failed: i64,
    pub dead: i64,
}

#[derive(Serialize, Debug, Clone)]
pub(crate) struct History {
    /// The queue, or empty for all queues together.
    pub queue: String,
    pub range: String,
    pub step: String,
    pub succeeded: i64,
    pub failed: i64,
    pub dead: i64,
    pub previous_succeeded: i64,
    pub previous_failed: i64,
    pub previous_dead: i64,
    /// Oldest first.
    pub points: Vec<HistoryPoint>,
}

impl From<&pb::GetQueueHistoryResponse> for History {
    fn from(r: &pb::GetQueueHistoryResponse) -> Self {
        let t = r.totals.unwrap_or_default();
        let p = r.previous.unwrap_or_default();
        Self {
            queue: r.queue.clone(),
            range: r.range.clone(),
            step: step_name(r.step_ms),
            succeeded: t.succeeded,
            failed: t.failed,
            dead: t.dead,
            previous_succeeded: p.succeeded,
            previous_failed: p.failed,
            previous_dead: p.dead,
            points: r
                .points
                .iter()
                .map(|p| HistoryPoint {
                    start: time(p.start_ms),
                    succeeded: p.succeeded,
                    failed: p.failed,
                    dead: p.dead,
                })
                .collect(),
        }
    }
}

/// `1m`, `15m`, `6h`: a step reads as the unit it is.
fn step_name(ms: i64) -> String {
    match ms {
        ms if ms > 0 && ms % 3_600_000 == 0 => format!("{}h", ms / 3_600_000),
        ms if ms > 0 && ms % 60_000 == 0 => format!("{}m", ms / 60_000),
        ms => short_ms(ms),
    }
}

impl History {
    fn spark(&self, of: fn(&HistoryPoint) -> i64) -> String {
        sparkline(&self.points.iter().map(of).collect::<Vec<_>>())
    }

    /// The comparison table: this window, the one before, the change.
    pub(crate) fn section(&self) -> Section {
        let row = |what: &str, now: i64, before: i64, spark: String| {
            vec![
                what.to_string(),
                now.to_string(),
                before.to_string(),
                change(now, before),
                spark,
            ]
        };
        Section {
            title: match self.range.as_str() {
                "15m" => "Last 15 minutes against the 15 before",
                "24h" => "Last 24 hours against the 24 before",
                "30d" => "Last 30 days against the 30 before",
                _ => "History",
            },
            header: vec!["OUTCOME", "LAST", "PREVIOUS", "CHANGE", "OLDEST → NOW"],
            rows: vec![
                row(
                    "succeeded",
                    self.succeeded,
                    self.previous_succeeded,
                    self.spark(|p| p.succeeded),
                ),
                row(
                    "failed",
                    self.failed,
                    self.previous_failed,
                    self.spark(|p| p.failed),
                ),
                row(
                    "dead",
                    self.dead,
                    self.previous_dead,
                    self.spark(|p| p.dead),
                ),
            ],
        }
    }
}

impl Record for History {
    fn header(_: bool) -> Vec<&'static str> {
        vec![
            "QUEUE",
            "RANGE",
            "STEP",
            "SUCCEEDED",
            "FAILED",
            "DEAD",
            "PREVIOUS_SUCCEEDED",
            "PREVIOUS_FAILED",
            "PREVIOUS_DEAD",
        ]
    }
    fn row(&self, _: bool) -> Vec<String> {
        vec![
            if self.queue.is_empty() {
                "(all)".into()
            } else {
                self.queue.clone()
            },
            self.range.clone(),
            self.step.clone(),
            self.succeeded.to_string(),
            self.failed.to_string(),
            self.dead.to_string(),
            self.previous_succeeded.to_string(),
            self.previous_failed.to_string(),
            self.previous_dead.to_string(),
        ]
    }
    fn sections(&self) -> Vec<Section> {
        vec![self.section()]
    }
}
