//! Completions sent together: the acks of a node's tasks that finish while one batch is on its
//! way to Redis go in the next `lua/complete.lua` call, each still checked against its own lease
//! token, so Redis runs one script (and one set of multi-member index writes) per batch instead
//! of one per task. An ack waits for no timer: a lone ack goes at once.

use std::sync::Arc;

use redis::Script;
use tokio::sync::{mpsc, oneshot};

use super::conn::Conn;
use super::functions::{Call, Library};
use super::keys::Keys;
use crate::store::StoreError;

/// At most this many completions in one script call.
const MAX_BATCH: usize = 256;

/// One completion waiting for its batch.
struct Ack {
    id: String,
    token: i64,
    now_ms: i64,
    queue: String,
    /// Whether the lease was still held (and the task is now succeeded).
    done: oneshot::Sender<Result<bool, StoreError>>,
}

/// The sending side; the batching task ends when the store (and so this) is dropped.
pub(super) struct Acks {
    tx: mpsc::UnboundedSender<Ack>,
}

impl Acks {
    /// Starts the batching task on the current runtime.
    pub(super) fn start(conn: Conn, keys: Keys, script: Script, library: Arc<Library>) -> Self {
        let (tx, rx) = mpsc::unbounded_channel();
        tokio::spawn(run(rx, conn, keys, script, library));
        Self { tx }
    }

    /// Completes `id` under `token` with the next batch: `Ok(false)` when the lease is lost.
    pub(super) async fn complete(
        &self,
        id: &str,
        token: i64,
        now_ms: i64,
        queue: String,
    ) -> Result<bool, StoreError> {
        let (done, reply) = oneshot::channel();
        let ack = Ack {
            id: id.to_string(),
            token,
            now_ms,
            queue,
            done,
        };
        if self.tx.send(ack).is_err() {
            return Err(StoreError::Unavailable(
                "redis: the completion batcher stopped".into(),
            ));
        }
        reply.await.unwrap_or_else(|_| {
            Err(StoreError::Unavailable(
                "redis: the completion batch was dropped".into(),
            ))
        })
    }
}

async fn run(
    mut rx: mpsc::UnboundedReceiver<Ack>,
    mut conn: Conn,
    keys: Keys,
    script: Script,
    library: Arc<Library>,
) {
    while let Some(first) = rx.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(ack) => batch.push(ack),
                Err(_) => break,
            }
        }
        let mut queues: Vec<&str> = Vec::new();
        for ack in &batch {
            if !queues.contains(&ack.queue.as_str()) {
                queues.push(ack.queue.as_str());
            }
        }
        let mut inv = Call::new(&library.complete, &script, &keys, &queues);
        inv.arg(queues.len());
        for q in &queues {
            inv.arg(*q);
        }
        for ack in &batch {
            let group = queues.iter().position(|q| *q == ack.queue).unwrap_or(0) + 1;
            inv.arg(&ack.id).arg(ack.token).arg(ack.now_ms).arg(group);
        }
        let result: Result<Vec<i64>, StoreError> = inv
            .invoke(&library, &mut conn)
            .await
            .map_err(StoreError::from);
        match result {
            Ok(flags) if flags.len() == batch.len() => {
                for (ack, flag) in batch.into_iter().zip(flags) {
                    let _ = ack.done.send(Ok(flag == 1));
                }
            }
            Ok(flags) => {
                let e = StoreError::Internal(format!(
                    "redis: {} completions answered {} times",
                    batch.len(),
                    flags.len()
                ));
                for ack in batch {
                    let _ = ack.done.send(Err(e.clone()));
                }
            }
            Err(e) => {
                for ack in batch {
                    let _ = ack.done.send(Err(e.clone()));
                }
            }
        }
    }
}
