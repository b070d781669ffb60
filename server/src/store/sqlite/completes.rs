//! Completions combined: every `complete` waiting for the writer is recorded by one writer
//! operation, one savepoint and one UPDATE statement for all of them, instead of one
//! operation each. Each still hears back only after the commit, with its own result.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rusqlite::Connection;
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

/// A batch of completions, `?1` a JSON array of `[id, token, at_ms]`: each task still running
/// under its token marked succeeded. Public for the benchmark, which runs it bare as a floor
/// (`workerbench`'s "our schema" row).
pub const COMPLETE_SQL: &str =
    "UPDATE tasks SET state = 4, finished_at_ms = c.at, updated_at_ms = c.at,
         lease_until_ms = NULL
     FROM (SELECT value ->> 0 AS id, value ->> 1 AS token, value ->> 2 AS at
           FROM json_each(?1)) AS c
     WHERE tasks.id = c.id AND tasks.lease_token = c.token AND tasks.state = 2
     RETURNING tasks.id, tasks.lease_token, tasks.queue, tasks.finished_at_ms";

/// Records each completion; whether its lease was still held, in order. One statement marks
/// the whole batch: a statement on `tasks` opens a statement journal (its trigger could fail
/// halfway) and copies every page it changes into it, so a hundred statements cost a hundred
/// journals where one costs one. The successes are counted once per queue (`counts.rs`).
fn record(conn: &Connection, completions: &[Completion]) -> Result<Vec<bool>, StoreError> {
    let batch: Vec<(&str, i64, i64)> = completions
        .iter()
        .map(|c| (c.id.as_str(), c.token.0, c.now_ms))
        .collect();
    let batch = serde_json::to_string(&batch).expect("ids and numbers serialize");
    // A task named twice under its lease (a retried call) is marked once; which of the two
    // is told it held the lease is decided below, in arrival order. Keyed by id alone (a task
    // has one row, so one token), the lookup below borrows the id instead of copying it.
    let mut marked: HashMap<String, (i64, String, i64)> = HashMap::new();
    let mut stmt = conn.prepare_cached(COMPLETE_SQL)?;
    let mut rows = stmt.query([batch])?;
    while let Some(row) = rows.next()? {
        marked.insert(row.get(0)?, (row.get(1)?, row.get(2)?, row.get(3)?));
    }
    let mut successes = counts::Successes::default();
    let held = completions
        .iter()
        .map(|c| {
            if marked.get(c.id.as_str()).map(|(token, ..)| *token) != Some(c.token.0) {
                return false;
            }
            let (_, queue, at) = marked.remove(c.id.as_str()).expect("just found");
            successes.add(queue, at);
            true
        })
        .collect();
    successes.record(conn)?;
    Ok(held)
}
