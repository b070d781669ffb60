//! The dashboard's bulk changes: DLQ replays and deletes by id (and the oldest N) in batches
//! that halve while the server says one is over its cap, with progress after each batch,
//! stopped between batches on request; replays and deletes of everything the view's filter
//! selects as server bulk operations, their progress from `bulk_progress` events, stopped by
//! `CancelBulkOperation`.

use futures::StreamExt;
use tokio_util::sync::CancellationToken;
use tonic::transport::Channel;
use tonic::{Code, Status};
use worker_proto::v1 as pb;
use worker_proto::v1::admin_service_client::AdminServiceClient;

use super::{Client, FIRST_BATCH, reason};
use crate::action::{Action, Op};
use crate::convert;
use crate::format::count;
use crate::model::DlqFilter;

impl Client {
    /// A replay in batches: halves the batch while the server says it is over its cap,
    /// reports progress, stops between batches when asked.
    pub(super) async fn replay(self, op: Op, stop: CancellationToken) {
        let mut admin = self.conn.admin.clone();
        let mut batch = FIRST_BATCH;
        let mut moved = 0_u64;
        let mut skipped = 0_u64;
        let verb = match op {
            Op::DeleteIds { .. } | Op::DeleteMatching { .. } => "deleted",
            _ => "replayed",
        };
        let (total, result) = match op {
            Op::DeleteMatching { filter, .. } => {
                return self.server_bulk("delete_dlq", verb, &filter, stop).await;
            }
            Op::ReplayMatching { filter, .. } => {
                return self.server_bulk("replay_dlq", verb, &filter, stop).await;
            }
            Op::ReplayIds { ids } | Op::DeleteIds { ids } => {
                let total = ids.len() as u64;
                let mut done = 0_usize;
                let result = loop {
                    if done >= ids.len() || stop.is_cancelled() {
                        break Ok(());
                    }
                    let chunk = ids[done..(done + batch as usize).min(ids.len())].to_vec();
                    let n = chunk.len() as u64;
                    let step = if verb == "deleted" {
                        let request = convert::delete_dlq(chunk, &DlqFilter::default(), 0);
                        let r = admin.delete_dlq(self.req(request)).await;
                        self.seen(r).await.map(|r| r.deleted)
                    } else {
                        let r = admin
                            .replay_dlq_by_id(self.req(pb::ReplayDlqByIdRequest { ids: chunk }))
                            .await;
                        self.seen(r).await.map(|r| r.moved)
                    };
                    match step {
                        Ok(changed) => {
                            done += n as usize;
                            let changed = changed.max(0) as u64;
                            moved += changed;
                            skipped += n - changed;
                            self.send(Action::Progress {
                                done: done as u64,
                                total,
                            })
                            .await;
                        }
                        Err(s) if s.code() == Code::ResourceExhausted && batch > 1 => batch /= 2,
                        Err(s) => break Err(s),
                    }
                };
                (total, result)
            }
            Op::ReplayOldest { filter, limit } => {
                let total = limit;
                let result = loop {
                    if moved >= limit || stop.is_cancelled() {
                        break Ok(());
                    }
                    let want = batch.min(limit - moved);
                    let step = if filter.is_empty() {
                        let r = admin
                            .replay_dlq(self.req(pb::ReplayDlqRequest { limit: want as i32 }))
                            .await;
                        self.seen(r).await.map(|r| r.moved.max(0) as u64)
                    } else {
                        self.replay_matching(&mut admin, &filter, want).await
                    };
                    match step {
                        Ok(0) => break Ok(()),
                        Ok(n) => {
                            moved += n;
                            self.send(Action::Progress { done: moved, total }).await;
                        }
                        Err(s) if s.code() == Code::ResourceExhausted && batch > 1 => batch /= 2,
                        Err(s) => break Err(s),
                    }
                };
                (total, result)
            }
            other => {
                let (ok, message) = match self.change(&mut admin, other).await {
                    Ok(m) => (true, m),
                    Err(s) => (false, reason(&s)),
                };
                self.send(Action::Done { ok, message }).await;
                return;
            }
        };
        let stopped = stop.is_cancelled() && moved + skipped < total;
        let mut message = format!("{verb} {} of {}", count(moved as i64), count(total as i64));
        if skipped > 0 {
            message.push_str(&format!(
                " ({} were no longer in the DLQ)",
                count(skipped as i64)
            ));
        }
        if stopped {
            message.push_str("; stopped on request");
        }
        let done = match result {
            Ok(()) => Action::Done { ok: true, message },
            Err(s) => Action::Done {
                ok: false,
                message: format!("{message}; then: {}", reason(&s)),
            },
        };
        self.send(done).await;
    }

    /// Starts `action` on what `filter` selects as a server bulk operation and follows its
    /// `bulk_progress` events to the end; a stop request cancels it on the server.
    async fn server_bulk(
        &self,
        action: &str,
        verb: &str,
        filter: &DlqFilter,
        stop: CancellationToken,
    ) {
        let done = match self.follow_bulk(action, filter, &stop).await {
            Ok(op) => {
                let mut message =
                    format!("{verb} {} of {}", count(op.succeeded), count(op.matched));
                if op.skipped > 0 {
                    message.push_str(&format!(
                        " ({} were no longer in the DLQ)",
                        count(op.skipped)
                    ));
                }
                match op.state.as_str() {
                    "done" => Action::Done { ok: true, message },
                    "cancelled" => Action::Done {
                        ok: true,
                        message: format!("{message}; stopped on request"),
                    },
                    other => Action::Done {
                        ok: false,
                        message: format!(
                            "{message}; bulk operation {} {other}: {}",
                            op.id, op.last_error
                        ),
                    },
                }
            }
            Err(s) => Action::Done {
                ok: false,
                message: reason(&s),
            },
        };
        self.send(done).await;
    }

    async fn follow_bulk(
        &self,
        action: &str,
        filter: &DlqFilter,
        stop: &CancellationToken,
    ) -> Result<pb::BulkOperation, Status> {
        let mut admin = self.conn.admin.clone();
        // Subscribed before the start, so no progress event can be missed. No deadline: it
        // lasts as long as the operation.
        let mut subscribe = tonic::Request::new(pb::StreamEventsRequest {
            kinds: vec!["bulk_progress".into()],
            ..Default::default()
        });
        if let Ok(id) = uuid::Uuid::new_v4().to_string().parse() {
            subscribe.metadata_mut().insert("x-request-id", id);
        }
        let mut events = self.seen(admin.stream_events(subscribe).await).await?;
        // Exactly the listing's filter (the one language, age and all).
        let request = pb::StartBulkOperationRequest {
            action: action.into(),
            filter: Some(filter.to_message()),
            dry_run: false,
            batch_size: 0,
            sample_size: 0,
            all: filter.is_empty(),
        };
        let started = self
            .seen(admin.start_bulk_operation(self.req(request)).await)
            .await?;
        let mut op = started.operation.unwrap_or_default();
        let total = op.matched.max(0) as u64;
        let mut cancelled = false;
        while op.state == "running" {
            tokio::select! {
                event = events.next() => match event {
                    Some(Ok(pb::AdminEvent { event: Some(pb::admin_event::Event::BulkProgress(p)), .. })) => {
                        if let Some(p) = p.operation.filter(|p| p.id == op.id) {
                            op = p;
                            self.send(Action::Progress { done: op.processed.max(0) as u64, total }).await;
                        }
                    }
                    Some(Ok(_)) => {}
                    Some(Err(s)) => return Err(s),
                    None => return Err(Status::unavailable("the event stream ended; the operation goes on on the server")),
                },
                _ = stop.cancelled(), if !cancelled => {
                    cancelled = true;
                    let request = pb::CancelBulkOperationRequest { id: op.id.clone() };
                    let r = admin.cancel_bulk_operation(self.req(request)).await;
                    // It may have ended meanwhile: then its last state is the answer.
                    if let Ok(r) = self.seen(r).await
                        && let Some(now) = r.operation
                    {
                        op = now;
                    }
                }
            }
        }
        Ok(op)
    }

    /// The oldest `want` entries matching `filter`, replayed by id. The list is newest first,
    /// so the oldest are at its end.
    async fn replay_matching(
        &self,
        admin: &mut AdminServiceClient<Channel>,
        filter: &DlqFilter,
        want: u64,
    ) -> Result<u64, Status> {
        let first = self.list_dlq(filter, 1, 0).await?;
        let total = first.total.max(0) as u64;
        if total == 0 {
            return Ok(0);
        }
        let ids: Vec<String> = if first.total_capped {
            // Only a lower bound of the total is known (a text or age filter): walk to the end.
            let all = self.list_dlq_all(filter).await?;
            let take = (want as usize).min(all.len());
            all[all.len() - take..]
                .iter()
                .rev()
                .map(|e| e.id.clone())
                .collect()
        } else {
            let take = want.min(total);
            let page = self.list_dlq(filter, take as u32, total - take).await?;
            page.entries.iter().rev().map(|e| e.id.clone()).collect()
        };
        if ids.is_empty() {
            return Ok(0);
        }
        let r = admin
            .replay_dlq_by_id(self.req(pb::ReplayDlqByIdRequest { ids }))
            .await;
        Ok(self.seen(r).await?.moved.max(0) as u64)
    }
}
