//! Completions combined: every `complete` waiting for the writer is recorded by one writer
//! operation, one savepoint and one prepared statement for all of them, instead of one
//! operation each. Each still hears back only after the commit, with its own result.

use std::sync::{Arc, Mutex};

use rusqlite::{Connection, OptionalExtension, params};
use tokio::sync::oneshot;

use crate::engine::model::{LeaseToken, TaskId};
use crate::store::StoreError;
use crate::store::sqlite::conn::{Db, Finish, WriteOp, run_in_savepoint};
use crate::store::sqlite::counts;

struct Completion {
    id: TaskId,
    token: LeaseToken,
    now_ms: i64,
    done: oneshot::Sender<Result<(), StoreError>>,
}

/// The completions not yet taken by a writer operation.
#[derive(Clone, Default)]
pub(crate) struct Completions {
    waiting: Arc<Mutex<Vec<Completion>>>,
}

impl Completions {
    /// Marks a leased task succeeded, fenced by its token: [`StoreError::LeaseLost`] unless the
    /// task is still running under `token`.
    pub(crate) async fn complete(
        &self,
        db: &Db,
        id: TaskId,
        token: LeaseToken,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        let (done, result) = oneshot::channel();
        let first = {
            let mut waiting = self.waiting.lock().expect("completions lock");
            waiting.push(Completion {
                id,
                token,
                now_ms,
                done,
            });
            waiting.len() == 1
        };
        // The first to arrive queues the operation; those after it, until it runs, ride along.
        // The operation takes the list when it runs, so one arriving later finds it empty and
        // queues the next.
        if first {
            db.submit(self.operation());
        }
        result
            .await
            .map_err(|_| StoreError::Unavailable("the sqlite writer has stopped".into()))?
    }

    fn operation(&self) -> WriteOp {
        let waiting = Arc::clone(&self.waiting);
        Box::new(move |conn: Result<&Connection, StoreError>| -> Finish {
            let taken = std::mem::take(&mut *waiting.lock().expect("completions lock"));
            let recorded =
                conn.and_then(|conn| run_in_savepoint(conn, |conn| record(conn, &taken)));
            Box::new(move |commit: Result<(), StoreError>| {
                for (idx, completion) in taken.into_iter().enumerate() {
                    let result = match (&commit, &recorded) {
                        (Err(e), _) | (Ok(()), Err(e)) => Err(e.clone()),
                        (Ok(()), Ok(held)) if held[idx] => Ok(()),
                        (Ok(()), Ok(_)) => Err(StoreError::LeaseLost),
                    };
                    let _ = completion.done.send(result);
                }
            })
        })
    }
}

/// Records each completion; whether its lease was still held, in order. The successes are
/// counted once per queue for the whole batch (`counts.rs`).
fn record(conn: &Connection, completions: &[Completion]) -> Result<Vec<bool>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "UPDATE tasks SET state = 4, finished_at_ms = ?1, updated_at_ms = ?1,
             lease_until_ms = NULL
         WHERE id = ?2 AND lease_token = ?3 AND state = 2
         RETURNING queue",
    )?;
    let mut successes = counts::Successes::default();
    let held = completions
        .iter()
        .map(|c| {
            let queue: Option<String> = stmt
                .query_row(params![c.now_ms, c.id.as_str(), c.token.0], |r| r.get(0))
                .optional()?;
            Ok(match queue {
                Some(queue) => {
                    successes.add(queue, c.now_ms);
                    true
                }
                None => false,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    successes.record(conn)?;
    Ok(held)
}
