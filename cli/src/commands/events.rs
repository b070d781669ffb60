//! `events [-f]`: the event log, and following it with reconnection from the last id.

use std::time::Duration;

use futures::StreamExt;
use worker_proto::events::EventKind;
use worker_proto::v1 as pb;

use crate::args::{EventsArgs, GlobalArgs};
use crate::client::Connection;
use crate::exit::CliError;
use crate::output::view::Event;
use crate::output::{Output, note};

pub(crate) async fn events(
    _g: &GlobalArgs,
    conn: &mut Connection,
    out: &mut Output,
    args: EventsArgs,
) -> Result<(), CliError> {
    // Heartbeats and snapshots are for dashboards; show them only when asked for by kind.
    let quiet = |event: &Event| {
        args.kinds.is_empty()
            && (event.kind == EventKind::Heartbeat.name()
                || event.kind == EventKind::Overview.name())
    };
    let mut last_id = args.after.clone();
    let mut backoff = Duration::from_millis(250);
    let mut first = true;
    loop {
        let request = pb::StreamEventsRequest {
            after_id: last_id.clone().unwrap_or_default(),
            kinds: args.kinds.clone(),
            queues: args.queues.clone(),
            stored_only: !args.follow,
            // Only the first connection starts from the tail; reconnections resume by id.
            tail: if first && last_id.is_none() {
                args.tail.min(10_000) as i32
            } else {
                0
            },
        };
        first = false;
        let opened = conn.admin.stream_events(conn.stream_req(request)).await;
        let failure = match opened {
            Err(status) => status,
            Ok(response) => {
                let mut stream = response.into_inner();
                backoff = Duration::from_millis(250);
                let mut ended = None;
                while let Some(item) = stream.next().await {
                    match item {
                        Ok(event) => {
                            if !event.id.is_empty() {
                                last_id = Some(event.id.clone());
                            }
                            let view = Event::from(&event);
                            if !quiet(&view) {
                                out.stream(&view)?;
                            }
                        }
                        Err(status) => {
                            ended = Some(status);
                            break;
                        }
                    }
                }
                match ended {
                    None if !args.follow => return Ok(()),
                    None => tonic::Status::unavailable("the server closed the stream"),
                    Some(status) => status,
                }
            }
        };
        let err = conn.err(failure);
        if !args.follow || err.exit != crate::exit::Exit::Unreachable {
            return Err(err);
        }
        note(format!(
            "disconnected ({}); reconnecting in {} ms{}",
            err.message,
            backoff.as_millis(),
            last_id
                .as_ref()
                .map(|id| format!(" from event {id}"))
                .unwrap_or_default()
        ));
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(Duration::from_secs(5));
    }
}
