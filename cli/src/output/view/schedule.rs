//! `schedule …`: schedules, one with its recent fires, fires, factories, and the outcomes of
//! run now and pause-all. Tables show times relative to now ("in 4m12s", "3m ago"); JSON has
//! them as RFC 3339, so a script never depends on when it ran.

use std::collections::BTreeMap;

use serde::Serialize;
use worker_proto::v1 as pb;

use super::{Payload, cell, metadata_cell, short_ms, time};
use crate::output::{Record, Section};

/// `in 4m12s` for a time to come, `3m ago` for one past, `-` when unset: the dashboard's words.
pub(crate) use worker_tui::format::relative;

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

#[derive(Serialize, Debug, Clone)]
pub(crate) struct Schedule {
    pub name: String,
    pub spec: String,
    /// The spec in words, like "every 15 minutes".
    pub description: String,
    pub timezone: String,
    pub paused: bool,
    /// Null while paused.
    pub next_run: Option<String>,
    pub last_run: Option<String>,
    /// The newest fire's status (fired, running, succeeded, failed, dead, cancelled, skipped,
    /// missed); empty before any.
    pub last_status: String,
    pub last_task_id: String,
    pub handler: String,
    /// What each fire runs: handler (a task for `handler`) or job (a run of the job `handler`).
    pub target: String,
    pub queue: String,
    pub priority: i32,
    /// Null: the server's default at fire time.
    pub max_retries: Option<i32>,
    /// 0: the server's default.
    pub timeout_ms: i64,
    pub metadata: BTreeMap<String, String>,
    /// skip, run_once or catch_up.
    pub misfire: String,
    pub catch_up_max: i32,
    /// allow or skip.
    pub overlap: String,
    pub jitter_ms: i64,
    pub durable: bool,
    pub payload: Payload,
    pub payload_size: i64,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    /// When the conversion ran: what the table's relative times count from.
    #[serde(skip)]
    pub now_ms: i64,
    #[serde(skip)]
    next_run_ms: i64,
    #[serde(skip)]
    last_run_ms: i64,
}

impl Schedule {
    /// As of `now_ms` (the tables' relative times count from it).
    pub(crate) fn at(s: &pb::ScheduleEntry, now_ms: i64) -> Self {
        Self {
            name: s.name.clone(),
            spec: s.spec.clone(),
            description: s.description.clone(),
            timezone: if s.timezone.is_empty() {
                "UTC".into()
            } else {
                s.timezone.clone()
            },
            paused: s.paused,
            next_run: time(s.next_run_ms),
            last_run: time(s.last_run_ms),
            last_status: s.last_status.clone(),
            last_task_id: s.last_task_id.clone(),
            handler: s.handler.clone(),
            target: if s.target.is_empty() {
                "handler".into()
            } else {
                s.target.clone()
            },
            queue: s.queue.clone(),
            priority: s.priority,
            max_retries: (s.max_retries >= 0).then_some(s.max_retries),
            timeout_ms: s.timeout_ms,
            metadata: s.metadata.clone(),
            misfire: s.misfire.clone(),
            catch_up_max: s.catch_up_max,
            overlap: s.overlap.clone(),
            jitter_ms: s.jitter_ms,
            durable: s.durable,
            payload: Payload::of(&s.payload, s.payload_redacted),
            payload_size: s.payload_size,
            created_at: time(s.created_at_ms),
            updated_at: time(s.updated_at_ms),
            now_ms,
            next_run_ms: s.next_run_ms,
            last_run_ms: s.last_run_ms,
        }
    }

    /// The next run for people: a countdown, or `paused`.
    pub(crate) fn next_run_words(&self) -> String {
        if self.paused {
            "paused".into()
        } else {
            relative(self.now_ms, self.next_run_ms)
        }
    }

    pub(crate) fn last_run_words(&self) -> String {
        relative(self.now_ms, self.last_run_ms)
    }
}

impl From<&pb::ScheduleEntry> for Schedule {
    fn from(s: &pb::ScheduleEntry) -> Self {
        Self::at(s, now_ms())
    }
}

impl Record for Schedule {
    fn header(wide: bool) -> Vec<&'static str> {
        let mut h = vec![
            "NAME",
            "SPEC",
            "TZ",
            "NEXT_RUN",
            "LAST_RUN",
            "LAST_STATUS",
            "PAUSED",
        ];
        if wide {
            h.extend([
                "DESCRIPTION",
                "TARGET",
                "HANDLER",
                "QUEUE",
                "PRIORITY",
                "MAX_RETRIES",
                "TIMEOUT",
                "MISFIRE",
                "OVERLAP",
                "JITTER",
                "LAST_TASK",
                "NEXT_RUN_AT",
                "LAST_RUN_AT",
                "METADATA",
            ]);
        }
        h
    }
    fn row(&self, wide: bool) -> Vec<String> {
        let mut r = vec![
            self.name.clone(),
            self.spec.clone(),
            self.timezone.clone(),
            self.next_run_words(),
            self.last_run_words(),
            if self.last_status.is_empty() {
                "-".into()
            } else {
                self.last_status.clone()
            },
            self.paused.to_string(),
        ];
        if wide {
            r.extend([
                self.description.clone(),
                self.target.clone(),
                self.handler.clone(),
                self.queue.clone(),
                self.priority.to_string(),
                self.max_retries.map_or("default".into(), |n| n.to_string()),
                if self.timeout_ms > 0 {
                    short_ms(self.timeout_ms)
                } else {
                    "default".into()
                },
                if self.misfire == "catch_up" {
                    format!("catch_up (max {})", self.catch_up_max)
                } else {
                    self.misfire.clone()
                },
                self.overlap.clone(),
                if self.jitter_ms > 0 {
                    short_ms(self.jitter_ms)
                } else {
                    "0s".into()
                },
                self.last_task_id.clone(),
                cell(&self.next_run),
                cell(&self.last_run),
                metadata_cell(&self.metadata),
            ]);
        }
        r
    }
}

/// `schedule get`: the schedule and its newest fires.
#[derive(Serialize, Debug, Clone)]
pub(crate) struct ScheduleDetail {
    #[serde(flatten)]
    pub schedule: Schedule,
    /// Newest first.
    pub recent: Vec<ScheduleEvent>,
}

impl ScheduleDetail {
    pub(crate) fn at(r: &pb::GetScheduleResponse, now_ms: i64) -> Self {
        Self {
            schedule: Schedule::at(&r.schedule.clone().unwrap_or_default(), now_ms),
            recent: r.recent.iter().map(ScheduleEvent::from).collect(),
        }
    }
}

impl Record for ScheduleDetail {
    fn header(_: bool) -> Vec<&'static str> {
        let mut h = Schedule::header(true);
        h.push("PAYLOAD");
        h
    }
    fn row(&self, _: bool) -> Vec<String> {
        let mut r = self.schedule.row(true);
        r.push(self.schedule.payload.cell());
        r
    }
    fn sections(&self) -> Vec<Section> {
        vec![Section {
            title: "Recent fires",
            header: vec!["FIRE_AT", "TRIGGER", "STATUS", "TASK", "DURATION", "ERROR"],
            rows: self
                .recent
                .iter()
                .map(|e| {
                    vec![
                        cell(&e.fire_at),
                        e.trigger.clone(),
                        e.status.clone(),
                        e.task_id.clone(),
                        e.duration_words(),
                        e.error.clone(),
                    ]
                })
                .collect(),
        }]
    }
}

/// One fire of a schedule and what became of its task.
#[derive(Serialize, Debug, Clone)]
pub(crate) struct ScheduleEvent {
    pub name: String,
    pub spec: String,
    /// fired, running, succeeded, failed, dead, cancelled, skipped or missed.
    pub status: String,
    /// cron or manual.
    pub trigger: String,
    /// The fire time this event belongs to.
    pub fire_at: Option<String>,
    /// When the event was recorded.
    pub at: Option<String>,
    pub task_id: String,
    pub handler: String,
    pub queue: String,
    pub attempt: i32,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    pub duration_ms: i64,
    pub error: String,
}

impl ScheduleEvent {
    fn duration_words(&self) -> String {
        if self.duration_ms > 0 {
            short_ms(self.duration_ms)
        } else {
            "-".into()
        }
    }

    /// One line for people, for the event stream.
    pub(crate) fn summary(&self) -> String {
        let mut s = format!("schedule {} {}", self.name, self.status);
        if self.trigger == "manual" {
            s.push_str(" (run now)");
        }
        if !self.task_id.is_empty() {
            s.push_str(&format!(": task {}", self.task_id));
        }
        if self.duration_ms > 0 {
            s.push_str(&format!(" in {}", short_ms(self.duration_ms)));
        }
        if !self.error.is_empty() {
            s.push_str(&format!(": {}", self.error));
        }
        s
    }
}

impl From<&pb::ScheduleEvent> for ScheduleEvent {
    fn from(e: &pb::ScheduleEvent) -> Self {
        Self {
            name: e.name.clone(),
            spec: e.spec.clone(),
            status: e.status.clone(),
            trigger: e.trigger.clone(),
            fire_at: time(e.fire_at_ms),
            at: time(e.at_ms),
            task_id: e.task_id.clone(),
            handler: e.handler.clone(),
            queue: e.queue.clone(),
            attempt: e.attempt,
            started_at: time(e.started_at_ms),
            finished_at: time(e.finished_at_ms),
            duration_ms: e.duration_ms,
            error: e.error.clone(),
        }
    }
}

impl Record for ScheduleEvent {
    fn header(wide: bool) -> Vec<&'static str> {
        let mut h = vec!["NAME", "FIRE_AT", "TRIGGER", "STATUS", "TASK", "DURATION"];
        if wide {
            h.extend([
                "SPEC", "HANDLER", "QUEUE", "ATTEMPT", "STARTED", "FINISHED", "AT",
            ]);
        }
        h.push("ERROR");
        h
    }
    fn row(&self, wide: bool) -> Vec<String> {
        let mut r = vec![
            self.name.clone(),
            cell(&self.fire_at),
            self.trigger.clone(),
            self.status.clone(),
            self.task_id.clone(),
            self.duration_words(),
        ];
        if wide {
            r.extend([
                self.spec.clone(),
                self.handler.clone(),
                self.queue.clone(),
                self.attempt.to_string(),
                cell(&self.started_at),
                cell(&self.finished_at),
                cell(&self.at),
            ]);
        }
        r.push(self.error.clone());
        r
    }
}

#[derive(Serialize, Debug, Clone)]
pub(crate) struct Factory {
    pub name: String,
    pub durable: bool,
    /// handler (a live worker registers it) or job.
    pub origin: String,
}

impl From<&pb::ScheduleFactory> for Factory {
    fn from(f: &pb::ScheduleFactory) -> Self {
        Self {
            name: f.name.clone(),
            durable: f.durable,
            origin: f.origin.clone(),
        }
    }
}

impl Record for Factory {
    fn header(_: bool) -> Vec<&'static str> {
        vec!["NAME", "ORIGIN", "DURABLE"]
    }
    fn row(&self, _: bool) -> Vec<String> {
        vec![
            self.name.clone(),
            self.origin.clone(),
            self.durable.to_string(),
        ]
    }
}

/// `schedule run`: the task the fire made.
#[derive(Serialize, Debug, Clone)]
pub(crate) struct Fired {
    pub name: String,
    pub task_id: String,
}

impl Record for Fired {
    fn header(_: bool) -> Vec<&'static str> {
        vec!["NAME", "TASK_ID"]
    }
    fn row(&self, _: bool) -> Vec<String> {
        vec![self.name.clone(), self.task_id.clone()]
    }
}

/// `schedule delete`.
#[derive(Serialize, Debug, Clone)]
pub(crate) struct Deleted {
    pub name: String,
    pub deleted: bool,
}

impl Record for Deleted {
    fn header(_: bool) -> Vec<&'static str> {
        vec!["NAME", "DELETED"]
    }
    fn row(&self, _: bool) -> Vec<String> {
        vec![self.name.clone(), self.deleted.to_string()]
    }
}

/// `schedule pause-all|resume-all`.
#[derive(Serialize, Debug, Clone)]
pub(crate) struct PausedAll {
    pub paused: bool,
    /// Schedules whose paused flag changed.
    pub updated: i32,
}

impl Record for PausedAll {
    fn header(_: bool) -> Vec<&'static str> {
        vec!["PAUSED", "UPDATED"]
    }
    fn row(&self, _: bool) -> Vec<String> {
        vec![self.paused.to_string(), self.updated.to_string()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000_000;

    fn entry() -> pb::ScheduleEntry {
        pb::ScheduleEntry {
            name: "nightly".into(),
            spec: "0 3 * * *".into(),
            description: "at 03:00".into(),
            timezone: "Europe/Berlin".into(),
            next_run_ms: NOW + 252_000,
            last_run_ms: NOW - 180_000,
            durable: true,
            handler: "report".into(),
            queue: "default".into(),
            max_retries: -1,
            misfire: "catch_up".into(),
            catch_up_max: 3,
            overlap: "skip".into(),
            jitter_ms: 30_000,
            last_status: "succeeded".into(),
            payload: b"{}".to_vec(),
            payload_size: 2,
            ..Default::default()
        }
    }

    #[test]
    fn a_schedule_reads_as_a_countdown_and_a_time_ago() {
        let s = Schedule::at(&entry(), NOW);
        assert_eq!(
            s.row(false),
            [
                "nightly",
                "0 3 * * *",
                "Europe/Berlin",
                "in 4m12s",
                "3m ago",
                "succeeded",
                "false"
            ]
        );
        let wide = s.row(true);
        assert_eq!(wide.len(), Schedule::header(true).len());
        assert!(wide.contains(&"catch_up (max 3)".to_string()), "{wide:?}");
        assert!(wide.contains(&"default".to_string()), "{wide:?}");
    }

    #[test]
    fn a_paused_schedule_has_no_next_run_and_json_has_absolute_times() {
        let mut e = entry();
        e.paused = true;
        e.next_run_ms = 0;
        e.timezone.clear();
        e.last_status.clear();
        let s = Schedule::at(&e, NOW);
        assert_eq!(s.row(false)[2..], ["UTC", "paused", "3m ago", "-", "true"]);
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json["next_run"], serde_json::Value::Null);
        assert_eq!(json["max_retries"], serde_json::Value::Null);
        assert!(json["last_run"].as_str().unwrap().ends_with('Z'));
        assert!(json.get("now_ms").is_none());
        assert_eq!(json["payload"]["data"], "{}");
    }

    #[test]
    fn a_fire_reads_as_one_line() {
        let e = ScheduleEvent::from(&pb::ScheduleEvent {
            name: "nightly".into(),
            status: "failed".into(),
            trigger: "manual".into(),
            task_id: "t1".into(),
            duration_ms: 1_250,
            error: "boom".into(),
            ..Default::default()
        });
        assert_eq!(
            e.summary(),
            "schedule nightly failed (run now): task t1 in 1.2s: boom"
        );
        assert_eq!(e.row(false).len(), ScheduleEvent::header(false).len());
        assert_eq!(e.row(true).len(), ScheduleEvent::header(true).len());
    }
}
