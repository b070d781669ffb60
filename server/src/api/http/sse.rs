//! `GET /admin/v1/events`: server-sent events. One upstream `StreamEvents` subscription feeds a
//! broadcast channel that every client reads; a client resuming with `Last-Event-ID` first
//! catches up from the stored log, then joins the live feed without gaps or repeats. A client
//! too slow for the shared buffer gets a `lagged` event and the stream ends, so it reconnects
//! and resumes from the store; no client can make the server buffer without bound. Beside the
//! log's events, every client gets the reference's snapshot frames (`snapshot`) on connect and
//! at each interval, without ids, so they never disturb resumption.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::{Stream, StreamExt};
use tokio::sync::{broadcast, watch};
use tokio_util::sync::CancellationToken;
use worker_proto::events::EventKind;
use worker_proto::v1 as pb;

use crate::api::auth::{self, Identity, Op, Role};
use crate::api::grpc::status;
use crate::api::http::Gateway;
use crate::api::http::backend::{Backend, CallMeta, EventStream};
use crate::api::http::error::ApiError;
use crate::api::http::extract::{Caller, Params};
use crate::api::http::json::event_data;
use crate::api::http::snapshot::{self, Published, Snapshots};
use crate::engine::model::truncate_for_message;

/// Events the shared buffer holds for the slowest client.
const HUB_CAPACITY: usize = 1_024;

/// The kinds a client may filter on (`event:` names).
pub const KINDS: &[EventKind] = &[
    EventKind::QueueChanged,
    EventKind::DequeueChanged,
    EventKind::TaskSummary,
    EventKind::DlqChanged,
    EventKind::ScheduleEvent,
    EventKind::Audit,
    EventKind::WorkerJoined,
    EventKind::WorkerLeft,
    EventKind::WorkerStuck,
    EventKind::WorkerRecycle,
    EventKind::Alert,
    EventKind::JobEvent,
    EventKind::JobLog,
    EventKind::Overview,
];

/// The one upstream subscription, fanned out, and the one snapshot poller.
pub(crate) struct Hub {
    tx: broadcast::Sender<Arc<Prepared>>,
    snapshots: Snapshots,
}

/// A log event as every client sends it, serialized once for all of them.
struct Prepared {
    id: String,
    kind: String,
    /// The queue it is about, if any: what `?queue=` matches.
    queue: String,
    data: String,
}

impl Prepared {
    fn new(event: &pb::AdminEvent) -> Option<Self> {
        let (kind, data) = event_data(event)?;
        Some(Self {
            id: event.id.clone(),
            queue: queue_of(&data).to_string(),
            data: data.to_string(),
            kind,
        })
    }

    fn frame(&self, filter: &Filter) -> Option<Event> {
        if !filter.wants_queue(&self.kind, &self.queue) {
            return None;
        }
        let frame = Event::default().event(&self.kind).data(&self.data);
        Some(if self.id.is_empty() {
            frame
        } else {
            frame.id(&self.id)
        })
    }
}

fn queue_of(data: &serde_json::Value) -> &str {
    data.get("queue")
        .and_then(|q| q.as_str())
        .unwrap_or_default()
}

/// An event id's place in the log: numbers, or Redis-stream style `ms-seq`.
fn order(id: &str) -> Option<(u64, u64)> {
    match id.split_once('-') {
        Some((a, b)) => Some((a.parse().ok()?, b.parse().ok()?)),
        None => Some((id.parse().ok()?, 0)),
    }
}

impl Hub {
    pub(crate) fn start(
        backend: Backend,
        snapshot_interval: Duration,
        closing: CancellationToken,
    ) -> Self {
        let (tx, _) = broadcast::channel(HUB_CAPACITY);
        let sender = tx.clone();
        let meta = CallMeta {
            refused: None,
            identity: Identity {
                actor: "gateway-events".into(),
                role: Some(Role::Operator),
                via: None,
            },
            request_id: "gateway-events".into(),
            approval: None,
        };
        let snapshots = snapshot::start(
            backend.clone(),
            meta.clone(),
            snapshot_interval,
            closing.clone(),
        );
        tokio::spawn(async move {
            let mut last: Option<String> = None;
            let mut backoff = Duration::from_millis(100);
            loop {
                let request = pb::StreamEventsRequest {
                    // After a reconnection, resume where the feed stopped.
                    after_id: last.clone().unwrap_or_default(),
                    ..Default::default()
                };
                let opened = tokio::select! {
                    () = closing.cancelled() => return,
                    opened = backend.stream_events(&meta, request) => opened,
                };
                match opened {
                    Ok(mut stream) => {
                        backoff = Duration::from_millis(100);
                        loop {
                            let item = tokio::select! {
                                () = closing.cancelled() => return,
                                item = stream.next() => item,
                            };
                            match item {
                                Some(Ok(event)) => {
                                    if event.id.is_empty() {
                                        // Snapshots and heartbeats: clients get their own.
                                        continue;
                                    }
                                    last = Some(event.id.clone());
                                    if let Some(prepared) = Prepared::new(&event) {
                                        let _ = sender.send(Arc::new(prepared));
                                    }
                                }
                                Some(Err(status)) => {
                                    tracing::warn!(error = %status, "the gateway's event feed broke; reconnecting");
                                    break;
                                }
                                None => break,
                            }
                        }
                    }
                    Err(status) => {
                        tracing::warn!(error = %status, "the gateway cannot subscribe to events; retrying");
                    }
                }
                tokio::select! {
                    () = closing.cancelled() => return,
                    () = tokio::time::sleep(backoff) => {}
                }
                backoff = (backoff * 2).min(Duration::from_secs(5));
            }
        });
        Self { tx, snapshots }
    }

    fn subscribe(&self) -> broadcast::Receiver<Arc<Prepared>> {
        self.tx.subscribe()
    }

    fn snapshots(&self) -> watch::Receiver<Published> {
        self.snapshots.subscribe()
    }
}

struct Filter {
    kinds: Vec<String>,
    queues: Vec<String>,
    /// Audit entries are for operators and admins, as `ListAuditEvents` is.
    audit: bool,
}

impl Filter {
    fn wants_queue(&self, kind: &str, queue: &str) -> bool {
        self.wants_kind(kind)
            && (self.queues.is_empty()
                || queue.is_empty()
                || self.queues.iter().any(|q| q == queue))
    }

    fn wants_kind(&self, kind: &str) -> bool {
        if (kind == EventKind::Audit.sse_name() || kind == "audit_events") && !self.audit {
            return false;
        }
        self.kinds.is_empty() || self.kinds.iter().any(|k| k == kind)
    }
}

fn frame(event: &pb::AdminEvent, filter: &Filter) -> Option<Event> {
    Prepared::new(event)?.frame(filter)
}

/// One client's stream: frames queued to go first (the greeting, snapshot frames), then the
/// stored log after `Last-Event-ID`, then the live feed with the interval's snapshots.
struct Feed {
    pending: VecDeque<Event>,
    /// The last log entry sent, so the live feed repeats nothing the catch-up sent.
    sent: Option<(u64, u64)>,
    catch_up: Option<EventStream>,
    live: broadcast::Receiver<Arc<Prepared>>,
    snapshots: watch::Receiver<Published>,
    periodic_sent: u64,
    filter: Filter,
    closing: CancellationToken,
    /// Ends the stream once `pending` is sent.
    done: bool,
}

impl Feed {
    async fn next(&mut self) -> Option<Event> {
        loop {
            if let Some(event) = self.pending.pop_front() {
                return Some(event);
            }
            if self.done {
                return None;
            }
            if let Some(stored) = self.catch_up.as_mut() {
                match stored.next().await {
                    Some(Ok(event)) => {
                        self.sent = order(&event.id).or(self.sent);
                        if let Some(frame) = frame(&event, &self.filter) {
                            return Some(frame);
                        }
                    }
                    _ => self.catch_up = None,
                }
                continue;
            }
            let received = tokio::select! {
                () = self.closing.cancelled() => return None,
                received = self.live.recv() => received,
                changed = self.snapshots.changed() => {
                    if changed.is_err() {
                        return None;
                    }
                    // Only the interval's snapshots: those fetched for connecting clients are
                    // theirs.
                    let published = self.snapshots.borrow_and_update();
                    if published.periodic_seq != self.periodic_sent {
                        self.periodic_sent = published.periodic_seq;
                        if let Some(snapshot) = published.periodic() {
                            let filter = &self.filter;
                            self.pending
                                .extend(snapshot.frames(|name| filter.wants_kind(name)));
                        }
                    }
                    continue;
                }
            };
            match received {
                Ok(event) => {
                    let at = order(&event.id);
                    if at.is_some() && self.sent.is_some() && at <= self.sent {
                        continue;
                    }
                    self.sent = at.or(self.sent);
                    if let Some(frame) = event.frame(&self.filter) {
                        return Some(frame);
                    }
                }
                Err(broadcast::error::RecvError::Lagged(missed)) => {
                    let data = serde_json::json!({
                        "missed": missed,
                        "message": "this client fell behind; reconnect with Last-Event-ID to resume",
                    });
                    self.done = true;
                    return Some(Event::default().event("lagged").data(data.to_string()));
                }
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    }
}

/// The query parameters `events` reads, for the OpenAPI document.
pub(crate) const EVENTS_QUERY: &[(&str, &str, &str)] = &[
    (
        "lastEventId",
        "string",
        "Resume exactly after this event (or send Last-Event-ID).",
    ),
    (
        "kind",
        "string",
        "Only these kinds, comma-separated: queue_changed, dequeue_changed, task_summary, \
         dlq_changed, schedule_event, audit_event, worker_joined, worker_left, worker_stuck, worker_recycle, \
         alert, job_event, job_log, overview.",
    ),
    (
        "queue",
        "string",
        "Only events about these queues, comma-separated.",
    ),
];

pub(crate) async fn events(
    State(gw): State<Gateway>,
    c: Caller,
    p: Params,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    auth::authorize(
        Op::StreamEvents,
        &c.0.identity,
        None,
        &auth::ApprovalPolicy::default(),
    )
    // Refused as the service refuses, so the envelope reads the same as for an RPC.
    .map_err(|refusal| {
        ApiError::from(status::from_refusal(
            &refusal,
            Op::StreamEvents,
            &c.0.identity,
        ))
    })?;
    let kinds = p.list("kind");
    let known = |name: &str| {
        EventKind::parse_sse(name).is_some_and(|k| KINDS.contains(&k))
            || snapshot::FRAMES.contains(&name)
    };
    if let Some(bad) = kinds.iter().find(|k| !known(k)) {
        let mut names: Vec<&str> = KINDS.iter().map(|k| k.sse_name()).collect();
        for frame in snapshot::FRAMES {
            if !names.contains(&frame) {
                names.push(frame);
            }
        }
        return Err(ApiError::bad_request(
            "invalid_event_kind",
            format!(
                "event kind {:?} is unknown; use one of {}",
                truncate_for_message(bad),
                names.join(", ")
            ),
        ));
    }
    let filter = Filter {
        kinds,
        queues: p.list("queue"),
        audit: c.0.identity.role.is_some_and(Role::sees_payloads),
    };
    let last = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| p.text("lastEventId"));
    // Join the live feed before catching up, so nothing falls between the two.
    let live = gw.hub().subscribe();
    let mut snapshots = gw.hub().snapshots();
    let backend = gw.backend().clone();
    let catch_up = if last.is_empty() {
        None
    } else {
        Some(
            backend
                .stream_events(
                    &c.0,
                    pb::StreamEventsRequest {
                        after_id: last.trim().to_string(),
                        stored_only: true,
                        ..Default::default()
                    },
                )
                .await?,
        )
    };
    // A new client starts from a snapshot, shared with every client connecting meanwhile (the
    // audit frame is left out below for a caller who may not read it); a resuming one already
    // has one and catches up.
    let snapshot = if catch_up.is_none() {
        gw.hub().snapshots.fresh(&mut snapshots).await
    } else {
        None
    };
    // Interval snapshots from here on; the one current now is not sent again.
    let periodic_sent = snapshots.borrow_and_update().periodic_seq;
    // The reconnection delay browsers should use, then the snapshot.
    let mut pending = VecDeque::new();
    pending.push_back(
        Event::default()
            .retry(Duration::from_secs(3))
            .comment("connected"),
    );
    if let Some(snapshot) = snapshot {
        pending.extend(snapshot.frames(|name| filter.wants_kind(name)));
    }
    let feed = Feed {
        pending,
        sent: order(last.trim()),
        catch_up,
        live,
        snapshots,
        periodic_sent,
        filter,
        closing: gw.closing(),
        done: false,
    };
    // The stream is read as the client's connection takes frames (no task or queue of its
    // own per client): a client too slow for the hub's buffer lags and is told so.
    let stream = futures::stream::unfold(feed, |mut feed| async move {
        let event = feed.next().await?;
        Some((Ok(event), feed))
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}
