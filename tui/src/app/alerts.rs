//! The alerts on the overview: what an operator should look at now, from the overview, the
//! fleet and the stuck-task summary.

use crate::app::{App, Level};
use crate::format::count;
use crate::model::Stuck;

/// An alert on the overview.
#[derive(Debug, Clone, PartialEq)]
pub struct Alert {
    pub level: Level,
    pub text: String,
}

impl App {
    /// What an operator should look at now.
    pub fn alerts(&self) -> Vec<Alert> {
        let mut alerts = Vec::new();
        let Some(o) = &self.overview else {
            return alerts;
        };
        if o.coordination.paused {
            alerts.push(Alert {
                level: Level::Error,
                text: "dequeue is paused: no queue is leased (P on the overview resumes)".into(),
            });
        }
        let live = if self.workers.loaded {
            self.workers.list.iter().filter(|w| w.live()).count() as i64
        } else {
            o.totals.workers
        };
        if live == 0 {
            for q in o.queues.iter().filter(|q| !q.paused && q.ready > 0) {
                alerts.push(Alert {
                    level: Level::Error,
                    text: format!(
                        "queue {}: {} ready tasks and no live worker",
                        q.name,
                        count(q.ready)
                    ),
                });
            }
        }
        let recent: i64 = o.throughput.iter().rev().take(5).map(|m| m.dead).sum();
        if recent > 0 {
            alerts.push(Alert {
                level: Level::Error,
                text: format!("DLQ grew by {} in the last 5 minutes", count(recent)),
            });
        }
        let hour_ago = self.now_ms - 3_600_000;
        let stuck: Vec<&Stuck> = self
            .workers
            .stuck
            .iter()
            .filter(|s| s.last_at_ms >= hour_ago)
            .collect();
        if !stuck.is_empty() {
            let n: i64 = stuck.iter().map(|s| s.count).sum();
            let handlers: Vec<&str> = stuck.iter().map(|s| s.handler.as_str()).collect();
            alerts.push(Alert {
                level: Level::Error,
                text: format!(
                    "{} stuck tasks in the last hour ({})",
                    count(n),
                    handlers.join(", ")
                ),
            });
        }
        for q in o.queues.iter().filter(|q| q.paused && q.ready > 0) {
            alerts.push(Alert {
                level: Level::Info,
                text: format!(
                    "queue {} is paused with {} ready tasks",
                    q.name,
                    count(q.ready)
                ),
            });
        }
        alerts
    }
}
