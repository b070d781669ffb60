//! `StreamEvents`: the overview, then stored events (a tail, or from an id), then live events
//! and heartbeats until shutdown; or, with `stored_only`, the stored events and an end.

use std::collections::{BTreeMap, VecDeque};

use futures::{Stream, StreamExt};
use tonic::{Request, Status};
use worker_proto::events::EventKind;
use worker_proto::v1 as pb;

use crate::api::auth::{self, Op};
use crate::api::grpc::AdminApi;
use crate::api::grpc::call::{Answer, ServerStream};
use crate::api::grpc::convert;
use crate::api::grpc::parse::queue_name;
use crate::api::grpc::status::{engine_err, invalid};
use crate::engine::model::EventId;
use crate::engine::model::truncate_for_message;
use crate::engine::{Engine, EventsFrom};

pub(super) async fn stream_events(
    api: &AdminApi,
    req: Request<pb::StreamEventsRequest>,
) -> Answer<ServerStream<pb::AdminEvent>> {
    api.stream(
        req,
        Op::StreamEvents,
        "",
        BTreeMap::new(),
        |r, identity| async move {
            for kind in &r.kinds {
                if EventKind::parse(kind).is_none() {
                    let known: Vec<_> = EventKind::ALL.iter().map(|k| k.name()).collect();
                    return Err(invalid(
                        "invalid_event_kind",
                        format!(
                            "event kind {:?} is unknown; use one of {}",
                            truncate_for_message(kind),
                            known.join(", ")
                        ),
                    ));
                }
            }
            for queue in &r.queues {
                queue_name(queue)?;
            }
            if !(0..=10_000).contains(&r.tail) {
                return Err(invalid(
                    "invalid_tail",
                    format!("tail is {}; use 0 to 10000", r.tail),
                ));
            }
            let kinds: Vec<String> = r.kinds.clone();
            let queues: Vec<String> = r.queues.clone();
            // Audit entries are for operators and admins, as ListAuditEvents is.
            let sees_audit = identity.role.is_some_and(auth::Role::sees_payloads);
            let wanted = move |event: &pb::AdminEvent| {
                let Some(inner) = &event.event else {
                    return false;
                };
                if matches!(inner, pb::admin_event::Event::Audit(_)) && !sees_audit {
                    return false;
                }
                (kinds.is_empty() || kinds.iter().any(|k| k == EventKind::of(inner).name()))
                    && (queues.is_empty()
                        || event_queue(inner).is_none_or(|q| queues.iter().any(|w| w == q)))
            };
            let after = r.after_id.trim().to_string();
            // Where the log part of the stream starts, and stored events to send before it.
            let (initial, from) = match after.as_str() {
                "" if r.tail > 0 => {
                    let tail = api
                        .engine
                        .tail_events(r.tail as u32, |e| wanted(&convert::admin_event(e)))
                        .await
                        .map_err(engine_err)?;
                    let from = tail
                        .last()
                        .map_or(EventsFrom::Start, |e| EventsFrom::After(e.id.clone()));
                    (tail, from)
                }
                "" if r.stored_only => (Vec::new(), EventsFrom::Start),
                "" => (Vec::new(), EventsFrom::Now),
                "0" => (Vec::new(), EventsFrom::Start),
                id => {
                    // A malformed id is refused now, not after the stream started.
                    let cursor = EventId(id.to_string());
                    api.engine
                        .read_events(Some(&cursor), 1)
                        .await
                        .map_err(engine_err)?;
                    (Vec::new(), EventsFrom::After(cursor))
                }
            };
            let keep = move |item: &Result<pb::AdminEvent, Status>| {
                let keep = match item {
                    Ok(event) => wanted(event),
                    Err(_) => true,
                };
                async move { keep }
            };
            let engine = api.engine.clone();
            let initial = futures::stream::iter(
                initial
                    .into_iter()
                    .map(|e| Ok(convert::admin_event(&e)))
                    .collect::<Vec<_>>(),
            );
            if r.stored_only {
                let stored = stored_events(engine, from);
                let stream = initial.chain(stored).filter(keep);
                return Ok((stream.left_stream(), String::new()));
            }
            let snapshot = {
                let overview = engine.overview().await.map_err(engine_err)?;
                convert::overview_event(&overview, engine.action_counters(), engine.now_ms())
            };
            // Subscribed through `api` rather than the local clone: the stream owns what it
            // needs, but its type names the borrow it was made from.
            let live = api
                .engine
                .subscribe(from, api.settings.stream_poll)
                .map(|r| r.map(|e| convert::admin_event(&e)).map_err(engine_err));
            let beats_engine = engine.clone();
            let heartbeats = tokio_stream::wrappers::IntervalStream::new(tokio::time::interval_at(
                tokio::time::Instant::now() + api.settings.stream_heartbeat,
                api.settings.stream_heartbeat,
            ))
            .map(move |_| {
                Ok(pb::AdminEvent {
                    id: String::new(),
                    at_ms: beats_engine.now_ms(),
                    event: Some(pb::admin_event::Event::Heartbeat(pb::HeartbeatEvent {
                        ts: beats_engine.now_ms(),
                    })),
                })
            });
            let closing = api.settings.closing.clone().cancelled_owned();
            let stream = futures::stream::once(async move { Ok(snapshot) })
                .chain(initial)
                .chain(futures::stream::select(live, heartbeats))
                .take_until(closing)
                .filter(keep);
            Ok((stream.right_stream(), String::new()))
        },
    )
    .await
}

/// The queue an event is about, for the stream's queue filter; `None` passes every filter.
fn event_queue(event: &pb::admin_event::Event) -> Option<&str> {
    use pb::admin_event::Event as E;
    match event {
        E::QueueChanged(e) => Some(&e.queue),
        E::TaskSummary(e) => Some(&e.queue),
        E::DlqChanged(e) if !e.queue.is_empty() => Some(&e.queue),
        E::WorkerStuck(e) => Some(&e.queue),
        E::JobEvent(e) => Some(&e.queue),
        E::JobLog(e) if !e.queue.is_empty() => Some(&e.queue),
        _ => None,
    }
}

/// The stored events from `from` to the end of the log, then the stream ends.
fn stored_events(
    engine: Engine,
    from: EventsFrom,
) -> impl Stream<Item = Result<pb::AdminEvent, Status>> {
    let cursor = match from {
        EventsFrom::After(id) => Some(id),
        EventsFrom::Start | EventsFrom::Now => None,
    };
    futures::stream::unfold(
        (engine, cursor, VecDeque::new(), false),
        |(engine, mut cursor, mut buffer, mut done)| async move {
            loop {
                if let Some(event) = buffer.pop_front() {
                    return Some((
                        Ok(convert::admin_event(&event)),
                        (engine, cursor, buffer, done),
                    ));
                }
                if done {
                    return None;
                }
                match engine.read_events(cursor.as_ref(), 256).await {
                    Ok(page) => {
                        done = page.len() < 256;
                        if let Some(last) = page.last() {
                            cursor = Some(last.id.clone());
                        }
                        buffer.extend(page);
                    }
                    Err(e) => return Some((Err(engine_err(e)), (engine, cursor, buffer, true))),
                }
            }
        },
    )
}
