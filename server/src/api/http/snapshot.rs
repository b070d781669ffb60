//! The event stream's snapshot frames, as go-worker's gateway sends them on connect and every
//! 10 s: `overview`, `schedule_events`, `job_events` and `audit_events` (the latest 25 each) and
//! `heartbeat`; a fetch that fails sends `error` in its place. go-worker's admin UI updates its
//! panels from them. Unlike the reference, which polls four RPCs per connection, one snapshot is
//! fetched per interval for every client, and only while somebody listens.

use std::sync::Arc;
use std::time::Duration;

use axum::response::sse::Event;
use tokio::sync::{Notify, watch};
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;
use worker_proto::v1 as pb;

use crate::api::http::backend::{Backend, CallMeta};
use crate::api::http::json::{Audit, JobEvent, Overview, ScheduleEvent};

/// The names of the snapshot frames, which `?kind=` may name too.
pub(crate) const FRAMES: [&str; 6] = [
    "overview",
    "schedule_events",
    "job_events",
    "audit_events",
    "heartbeat",
    "error",
];

/// How many of the newest events each list frame carries, as the reference.
const LATEST: i32 = 25;

/// One snapshot: `(event name, data)` in the order the reference sends them, the data
/// serialized once for every client that gets it.
#[derive(Debug, Default)]
pub(crate) struct Snapshot {
    frames: Vec<(&'static str, String)>,
}

impl Snapshot {
    /// Fetches a snapshot as `meta`'s caller. The latest audit entries only `with_audit`, for
    /// callers that may read them. Schedule and job events only when the service offers them:
    /// a service without that feature sends no frame for it rather than an empty or an error one.
    pub(crate) async fn fetch(
        backend: &Backend,
        meta: &CallMeta,
        with_audit: bool,
    ) -> Result<Self, tonic::Status> {
        let overview = backend
            .get_overview(meta, pb::GetOverviewRequest {})
            .await?;
        let mut frames = vec![("overview", json(Overview::from(overview)))];
        let schedules = backend
            .list_schedule_events(
                meta,
                pb::ListScheduleEventsRequest {
                    name: String::new(),
                    limit: LATEST,
                },
            )
            .await
            .map(|r| events(r.events, ScheduleEvent::from));
        push(&mut frames, "schedule_events", schedules);
        let jobs = backend
            .list_job_events(
                meta,
                pb::ListJobEventsRequest {
                    name: String::new(),
                    limit: LATEST,
                },
            )
            .await
            .map(|r| events(r.events, JobEvent::from));
        push(&mut frames, "job_events", jobs);
        if with_audit {
            let audit = backend
                .list_audit_events(
                    meta,
                    pb::ListAuditEventsRequest {
                        limit: LATEST,
                        ..Default::default()
                    },
                )
                .await
                .map(|r| events(r.events, Audit::from));
            push(&mut frames, "audit_events", audit);
        }
        frames.push(heartbeat());
        Ok(Self {
            frames: frames
                .into_iter()
                .map(|(name, data)| (name, data.to_string()))
                .collect(),
        })
    }

    /// What a client gets when the overview itself could not be fetched: the error and a pulse.
    fn failed(status: &tonic::Status) -> Self {
        Self {
            frames: [error(status), heartbeat()]
                .into_iter()
                .map(|(name, data)| (name, data.to_string()))
                .collect(),
        }
    }

    /// The frames, without ids: they are snapshots, not entries of the log, so a browser's
    /// `Last-Event-ID` keeps pointing into the log.
    pub(crate) fn frames<'a>(
        &'a self,
        wants: impl Fn(&str) -> bool + 'a,
    ) -> impl Iterator<Item = Event> + 'a {
        self.frames
            .iter()
            .filter(move |(name, _)| wants(name))
            .map(|(name, data)| Event::default().event(*name).data(data))
    }

    #[cfg(test)]
    fn names(&self) -> Vec<&'static str> {
        self.frames.iter().map(|(name, _)| *name).collect()
    }
}

fn json(value: impl serde::Serialize) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or_default()
}

fn events<M, J: serde::Serialize>(events: Vec<M>, to_json: impl Fn(M) -> J) -> serde_json::Value {
    serde_json::json!({ "events": events.into_iter().map(to_json).collect::<Vec<_>>() })
}

/// A list frame, an `error` frame in its place, or nothing for a feature the service lacks.
fn push(
    frames: &mut Vec<(&'static str, serde_json::Value)>,
    name: &'static str,
    fetched: Result<serde_json::Value, tonic::Status>,
) {
    match fetched {
        Ok(data) => frames.push((name, data)),
        Err(status) if status.code() == tonic::Code::Unimplemented => {}
        Err(status) => frames.push(error(&status)),
    }
}

fn error(status: &tonic::Status) -> (&'static str, serde_json::Value) {
    ("error", serde_json::json!({ "message": status.message() }))
}

fn heartbeat() -> (&'static str, serde_json::Value) {
    let ts = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
    ("heartbeat", serde_json::json!({ "ts": ts }))
}

/// What the poller publishes: the newest snapshot of any kind, for clients connecting, and
/// the newest of the interval's, which every listening client forwards once.
#[derive(Clone, Default)]
pub(crate) struct Published {
    /// The newest snapshot and when its fetch began.
    latest: Option<(Arc<Snapshot>, Instant)>,
    /// The newest interval snapshot and its number (1, 2, …; 0 before the first).
    periodic: Option<Arc<Snapshot>>,
    pub(crate) periodic_seq: u64,
}

impl Published {
    /// The newest interval snapshot (numbered `periodic_seq`).
    pub(crate) fn periodic(&self) -> Option<&Arc<Snapshot>> {
        self.periodic.as_ref()
    }
}

/// The shared snapshots: one fetch per interval for every client, and one fetch for every
/// client that connects while it runs, rather than one per client.
#[derive(Clone)]
pub(crate) struct Snapshots {
    tx: watch::Sender<Published>,
    wanted: Arc<Notify>,
}

/// How long a connecting client waits for its first snapshot before going on without it.
const CONNECT_WAIT: Duration = Duration::from_secs(10);

impl Snapshots {
    pub(crate) fn subscribe(&self) -> watch::Receiver<Published> {
        self.tx.subscribe()
    }

    /// A snapshot fetched after this call began, so a client sees what was true when it
    /// connected (an action just before is in it). Clients connecting together share one
    /// fetch: the poller runs one at a time, and every client waiting when one begins takes
    /// it. `None` if none arrives within [`CONNECT_WAIT`]; the next interval's will come.
    pub(crate) async fn fresh(&self, rx: &mut watch::Receiver<Published>) -> Option<Arc<Snapshot>> {
        let since = Instant::now();
        self.wanted.notify_one();
        let found = tokio::time::timeout(
            CONNECT_WAIT,
            rx.wait_for(|p| p.latest.as_ref().is_some_and(|(_, at)| *at >= since)),
        )
        .await;
        match found {
            Ok(Ok(published)) => published.latest.as_ref().map(|(s, _)| Arc::clone(s)),
            _ => None,
        }
    }
}

/// Fetches a snapshot every `interval` while at least one client listens, and whenever a
/// client connects, one fetch at a time; publishes the newest.
pub(crate) fn start(
    backend: Backend,
    meta: CallMeta,
    interval: Duration,
    closing: CancellationToken,
) -> Snapshots {
    let (tx, _) = watch::channel(Published::default());
    let wanted = Arc::new(Notify::new());
    let snapshots = Snapshots {
        tx: tx.clone(),
        wanted: Arc::clone(&wanted),
    };
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval_at(Instant::now() + interval, interval);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            let periodic = tokio::select! {
                () = closing.cancelled() => return,
                _ = ticks.tick() => true,
                () = wanted.notified() => false,
            };
            if tx.receiver_count() == 0 {
                continue;
            }
            let started = Instant::now();
            let snapshot = match Snapshot::fetch(&backend, &meta, true).await {
                Ok(snapshot) => snapshot,
                Err(status) => {
                    tracing::warn!(error = %status, "the gateway cannot fetch its event snapshot");
                    Snapshot::failed(&status)
                }
            };
            let snapshot = Arc::new(snapshot);
            tx.send_modify(|p| {
                p.latest = Some((Arc::clone(&snapshot), started));
                if periodic {
                    p.periodic = Some(snapshot);
                    p.periodic_seq += 1;
                }
            });
        }
    });
    snapshots
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_snapshot_says_why_and_still_beats() {
        let snapshot = Snapshot::failed(&tonic::Status::unavailable("store down"));
        assert_eq!(snapshot.names(), ["error", "heartbeat"]);
        let data =
            |i: usize| serde_json::from_str::<serde_json::Value>(&snapshot.frames[i].1).unwrap();
        assert_eq!(data(0)["message"], "store down");
        assert!(data(1)["ts"].as_i64().unwrap() > 1_700_000_000_000);
    }

    #[test]
    fn unimplemented_features_send_no_frame_and_other_failures_an_error() {
        let mut frames = Vec::new();
        push(
            &mut frames,
            "schedule_events",
            Err(tonic::Status::unimplemented("no schedules")),
        );
        assert!(frames.is_empty());
        push(
            &mut frames,
            "job_events",
            Err(tonic::Status::internal("boom")),
        );
        assert_eq!(frames[0].0, "error");
        push(
            &mut frames,
            "audit_events",
            Ok(events(vec![1, 2], |n| n * 10)),
        );
        assert_eq!(
            frames[1],
            ("audit_events", serde_json::json!({"events": [10, 20]}))
        );
    }
}
