//! Schedule JSON: the reference's camelCase shapes (a schedule with the gateway's derived
//! `status`, `nextRun` and `lastRun` worded as go-worker's gateway words them, factories,
//! events) plus our additions' keys, and the create body.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use worker_proto::v1 as pb;

use crate::api::http::json::b64;

/// A next run further in the past than this makes a schedule `lagging` (go-worker's
/// `adminScheduleLag`).
const LAG_MS: i64 = 2 * 60 * 1_000;

/// go-worker's "not available".
const NOT_AVAILABLE: &str = "n/a";

/// A schedule as go-worker's `/schedules` lists it, with our additions after its keys.
#[derive(Serialize, ToSchema, Debug)]
#[serde(rename_all = "camelCase")]
pub struct Schedule {
    pub name: String,
    /// The cron spec.
    pub schedule: String,
    /// `in 5m`, `overdue` or `n/a`.
    pub next_run: String,
    /// `3m ago` or `n/a`.
    pub last_run: String,
    /// 0 while paused.
    pub next_run_ms: i64,
    pub last_run_ms: i64,
    /// `paused`, `lagging` (the next run is more than 2 minutes late) or `healthy`.
    pub status: String,
    pub paused: bool,
    pub durable: bool,
    pub timezone: String,
    pub handler: String,
    /// `handler` (each fire is a task for `handler`) or `job` (a run of the job `handler`).
    pub target: String,
    pub queue: String,
    pub priority: i32,
    /// -1: the server's default at fire time.
    pub max_retries: i32,
    pub timeout_ms: i64,
    pub metadata: BTreeMap<String, String>,
    /// skip, run_once or catch_up.
    pub misfire: String,
    pub catch_up_max: i32,
    /// allow or skip.
    pub overlap: String,
    pub jitter_ms: i64,
    pub last_status: String,
    pub last_task_id: String,
    /// The spec in words.
    pub description: String,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    /// Only for roles that see payloads.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payload_base64: Option<String>,
    pub payload_redacted: bool,
    pub payload_size: i64,
}

impl Schedule {
    /// The entry with the derived fields as of `now_ms`.
    pub fn new(s: pb::ScheduleEntry, now_ms: i64) -> Self {
        let running = !s.paused && s.next_run_ms > 0;
        let status = if !running {
            "paused"
        } else if s.next_run_ms < now_ms - LAG_MS {
            "lagging"
        } else {
            "healthy"
        };
        Self {
            next_run: if running {
                next_run(s.next_run_ms, now_ms)
            } else {
                NOT_AVAILABLE.into()
            },
            last_run: last_run(s.last_run_ms, now_ms),
            status: status.into(),
            payload_base64: (!s.payload_redacted).then(|| b64(&s.payload)),
            name: s.name,
            schedule: s.spec,
            next_run_ms: s.next_run_ms,
            last_run_ms: s.last_run_ms,
            paused: s.paused,
            durable: s.durable,
            timezone: s.timezone,
            handler: s.handler,
            target: s.target,
            queue: s.queue,
            priority: s.priority,
            max_retries: s.max_retries,
            timeout_ms: s.timeout_ms,
            metadata: s.metadata,
            misfire: s.misfire,
            catch_up_max: s.catch_up_max,
            overlap: s.overlap,
            jitter_ms: s.jitter_ms,
            last_status: s.last_status,
            last_task_id: s.last_task_id,
            description: s.description,
            created_at_ms: s.created_at_ms,
            updated_at_ms: s.updated_at_ms,
            payload_redacted: s.payload_redacted,
            payload_size: s.payload_size,
        }
    }

    /// An entry the service left out reads as go-worker reads a missing one.
    pub fn of(s: Option<pb::ScheduleEntry>, now_ms: i64) -> Self {
        Self::new(s.unwrap_or_default(), now_ms)
    }
}

/// go-worker's `formatAdminDuration`: `850ms`, `12s`, `5m`, `3h`, `2d`; `n/a` for none.
fn duration(ms: i64) -> String {
    if ms <= 0 {
        return NOT_AVAILABLE.into();
    }
    if ms < 1_000 {
        return format!("{ms}ms");
    }
    let s = ms / 1_000;
    if s < 60 {
        format!("{s}s")
    } else if s < 3_600 {
        format!("{}m", s / 60)
    } else if s < 86_400 {
        format!("{}h", s / 3_600)
    } else {
        format!("{}d", s / 86_400)
    }
}

/// go-worker's `formatScheduleNext`; a run due this very millisecond is `overdue` too.
fn next_run(next_ms: i64, now_ms: i64) -> String {
    if next_ms <= now_ms {
        "overdue".into()
    } else {
        format!("in {}", duration(next_ms - now_ms))
    }
}

/// go-worker's `formatScheduleLast`: `n/a` before any run or for a run in the future; a run
/// this very millisecond is `1ms ago` (go-worker's sub-second floor).
fn last_run(last_ms: i64, now_ms: i64) -> String {
    if last_ms <= 0 || last_ms > now_ms {
        NOT_AVAILABLE.into()
    } else {
        format!("{} ago", duration((now_ms - last_ms).max(1)))
    }
}

#[derive(Serialize, ToSchema)]
pub struct ScheduleList {
    pub schedules: Vec<Schedule>,
}

#[derive(Serialize, ToSchema)]
pub struct ScheduleEnvelope {
    pub schedule: Schedule,
}

/// `POST /schedules`: the reference's `{schedule}`, and whether it is new (false when an
/// existing schedule was replaced).
#[derive(Serialize, ToSchema)]
pub struct ScheduleCreated {
    pub schedule: Schedule,
    pub created: bool,
}

/// `GET /schedules/{name}`: one schedule and its newest events, newest first.
#[derive(Serialize, ToSchema)]
pub struct ScheduleDetail {
    pub schedule: Schedule,
    pub events: Vec<ScheduleEvent>,
}

#[derive(Serialize, ToSchema)]
pub struct Deleted {
    pub deleted: bool,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleRun {
    /// The task the run made.
    pub task_id: String,
}

#[derive(Serialize, ToSchema)]
pub struct SchedulesPaused {
    /// How many schedules changed.
    pub updated: i32,
    pub paused: bool,
}

#[derive(Serialize, ToSchema)]
pub struct ScheduleFactory {
    pub name: String,
    pub durable: bool,
    /// handler (a live worker registers it) or job.
    pub origin: String,
}

impl From<pb::ScheduleFactory> for ScheduleFactory {
    fn from(f: pb::ScheduleFactory) -> Self {
        Self {
            name: f.name,
            durable: f.durable,
            origin: f.origin,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ScheduleFactoryList {
    pub factories: Vec<ScheduleFactory>,
}

/// One event of a schedule, as go-worker's `/schedules/events` lists it, with our additions.
#[derive(Serialize, ToSchema, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleEvent {
    pub task_id: String,
    pub name: String,
    pub spec: String,
    pub durable: bool,
    /// fired, running, succeeded, failed, dead, cancelled, skipped or missed.
    pub status: String,
    pub queue: String,
    pub started_at_ms: i64,
    pub finished_at_ms: i64,
    pub duration_ms: i64,
    pub result: String,
    pub error: String,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
    /// cron or manual.
    pub trigger: String,
    /// The fire time the event belongs to.
    pub fire_at_ms: i64,
    /// When the event was recorded.
    pub at_ms: i64,
    pub handler: String,
    pub attempt: i32,
}

impl From<pb::ScheduleEvent> for ScheduleEvent {
    fn from(e: pb::ScheduleEvent) -> Self {
        Self {
            task_id: e.task_id,
            name: e.name,
            spec: e.spec,
            durable: e.durable,
            status: e.status,
            queue: e.queue,
            started_at_ms: e.started_at_ms,
            finished_at_ms: e.finished_at_ms,
            duration_ms: e.duration_ms,
            result: e.result,
            error: e.error,
            metadata: e.metadata.into_iter().collect(),
            trigger: e.trigger,
            fire_at_ms: e.fire_at_ms,
            at_ms: e.at_ms,
            handler: e.handler,
            attempt: e.attempt,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ScheduleEventList {
    pub events: Vec<ScheduleEvent>,
}

// --- request bodies ------------------------------------------------------------------------

fn yes() -> bool {
    true
}

/// `POST /schedules`: the reference's `{name, spec, durable}` and our additions. Only durable
/// schedules exist here, so `durable` defaults to true.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CreateScheduleBody {
    #[serde(default)]
    pub name: String,
    /// 5 fields, 6 with leading seconds, or a descriptor (`@hourly`, `@every 90s`).
    #[serde(default)]
    pub spec: String,
    #[serde(default = "yes")]
    pub durable: bool,
    /// IANA name; empty is UTC.
    #[serde(default)]
    pub timezone: String,
    /// Empty: the schedule's name.
    #[serde(default)]
    pub handler: String,
    #[serde(default)]
    pub queue: String,
    /// The payload as text.
    pub payload: Option<String>,
    /// The payload as base64, for binary payloads.
    pub payload_base64: Option<String>,
    #[serde(default)]
    pub priority: i32,
    /// Absent: the server's default at fire time; 0 means one attempt.
    pub max_retries: Option<i32>,
    #[serde(default)]
    pub timeout_ms: i64,
    #[serde(default)]
    pub metadata: BTreeMap<String, String>,
    /// skip (default), run_once or catch_up.
    #[serde(default)]
    pub misfire: String,
    #[serde(default)]
    pub catch_up_max: i32,
    /// allow (default) or skip.
    #[serde(default)]
    pub overlap: String,
    #[serde(default)]
    pub jitter_ms: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000_000;

    fn entry(next: i64, last: i64, paused: bool) -> Schedule {
        Schedule::new(
            pb::ScheduleEntry {
                next_run_ms: next,
                last_run_ms: last,
                paused,
                ..Default::default()
            },
            NOW,
        )
    }

    fn derived(s: &Schedule) -> (&str, &str, &str) {
        (&s.status, &s.next_run, &s.last_run)
    }

    #[test]
    fn derived_fields_are_worded_as_go_workers_gateway_words_them() {
        let s = entry(NOW + 5 * 60_000, NOW - 3 * 60_000, false);
        assert_eq!(derived(&s), ("healthy", "in 5m", "3m ago"));
        let s = entry(NOW - 60_000, 0, false);
        assert_eq!(derived(&s), ("healthy", "overdue", "n/a"));
        let s = entry(NOW - 3 * 60_000, NOW - 2 * 86_400_000, false);
        assert_eq!(derived(&s), ("lagging", "overdue", "2d ago"));
        let s = entry(0, NOW - 500, true);
        assert_eq!(derived(&s), ("paused", "n/a", "500ms ago"));
        let s = entry(NOW + 60_000, NOW + 1, true);
        assert_eq!(derived(&s), ("paused", "n/a", "n/a"));
        let s = entry(0, 0, false);
        assert_eq!(derived(&s), ("paused", "n/a", "n/a"));
        assert_eq!(
            (duration(999), duration(59_999), duration(3 * 3_600_000)),
            ("999ms".into(), "59s".into(), "3h".into())
        );
    }

    #[test]
    fn schedule_events_reach_the_event_stream_in_the_listing_shape() {
        let event = pb::AdminEvent {
            id: "7".into(),
            at_ms: NOW,
            event: Some(pb::admin_event::Event::ScheduleEvent(pb::ScheduleEvent {
                task_id: "t1".into(),
                name: "nightly".into(),
                status: "fired".into(),
                trigger: "manual".into(),
                ..Default::default()
            })),
        };
        let (kind, data) = crate::api::http::json::event_data(&event).unwrap();
        assert_eq!(kind, "schedule_event");
        assert_eq!(
            (&data["taskId"], &data["name"], &data["trigger"]),
            (
                &serde_json::json!("t1"),
                &serde_json::json!("nightly"),
                &serde_json::json!("manual")
            )
        );
    }

    #[test]
    fn payloads_show_only_when_not_redacted() {
        let shown = Schedule::new(
            pb::ScheduleEntry {
                payload: b"hi".to_vec(),
                payload_size: 2,
                ..Default::default()
            },
            NOW,
        );
        assert_eq!(shown.payload_base64.as_deref(), Some("aGk="));
        let hidden = Schedule::new(
            pb::ScheduleEntry {
                payload_redacted: true,
                payload_size: 2,
                ..Default::default()
            },
            NOW,
        );
        assert_eq!((hidden.payload_base64, hidden.payload_size), (None, 2));
    }
}
