//! [`DeleteStore`] on Redis: an operator's deletes of tasks and queues, each one script with its
//! audit entry (`lua/delete_tasks.lua`, `lua/delete_queue.lua`), which remove tasks through the
//! prelude's `remove_task` so counters, indexes, the DLQ and its groups stay in step.

use async_trait::async_trait;
use redis::AsyncCommands;

use crate::engine::audit::{AuditRecord, AuditWrite};
use crate::engine::model::{DeleteOutcome, DeleteScope, QueueDeleted, QueueName, TaskId};
use crate::store::codec::state_code;
use crate::store::{DeleteStore, StoreError};

use super::RedisStore;
use super::audit::{AUDIT_ATTEMPTS, audited_error, is_retry, too_busy};
use super::keys::{GLOBAL_KEYS, QUEUE_KEYS};
use super::records::{Rec, array, int, state_from_code, text};

/// Whether the scope lets a delete remove this task (never a running one).
fn deletable(rec: &Rec, scope: DeleteScope) -> bool {
    let running = state_code(crate::engine::model::TaskState::Running);
    let dead = state_code(crate::engine::model::TaskState::Dead);
    rec.state != running && (scope == DeleteScope::NotRunning || rec.state == dead)
}

#[async_trait]
impl DeleteStore for RedisStore {
    async fn delete_tasks(
        &self,
        ids: &[TaskId],
        scope: DeleteScope,
        audit: &AuditWrite,
    ) -> Result<(Vec<DeleteOutcome>, AuditRecord), StoreError> {
        let ids: Vec<String> = ids.iter().map(|i| i.as_str().to_string()).collect();
        let scope_arg = match scope {
            DeleteScope::Dead => "dead",
            DeleteScope::NotRunning => "any",
        };
        // The entry's count must be sealed before the script runs: plan on the states read
        // now, and let the script refuse the plan if they moved.
        for _ in 0..AUDIT_ATTEMPTS {
            let planned = self
                .records(&ids)
                .await?
                .iter()
                .filter(|r| r.as_ref().is_some_and(|r| deletable(r, scope)))
                .count();
            let (mut head, sealed) = self.audit_args(audit, Some(planned as u64)).await?;
            head.push(scope_arg.to_string());
            head.push(planned.to_string());
            let value = match self
                .by_placement_raw(&self.scripts.delete_tasks, &head, &ids)
                .await?
            {
                Ok(value) => value,
                Err(e) if is_retry(&e) => continue,
                Err(e) => return Err(audited_error(e)),
            };
            let mut parts = array(value).into_iter();
            let id = parts.next().map(|v| int(&v)).unwrap_or_default();
            let outcomes = parts
                .next()
                .map(array)
                .unwrap_or_default()
                .iter()
                .map(|o| {
                    let code = text(o);
                    let state = |code: &str| state_from_code(code.parse().unwrap_or(-1));
                    Ok(match code.as_str() {
                        "N" => DeleteOutcome::NotFound,
                        "R" => DeleteOutcome::Running,
                        // 'D' and the state it was deleted from.
                        deleted if deleted.starts_with('D') => {
                            DeleteOutcome::Deleted(state(&deleted[1..])?)
                        }
                        code => DeleteOutcome::NotDead(state(code)?),
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            let record = AuditRecord {
                id: id.to_string(),
                ..sealed
            };
            return Ok((outcomes, record));
        }
        Err(too_busy())
    }

    async fn delete_queue(
        &self,
        name: &QueueName,
        force: bool,
        max_tasks: u64,
        audit: &AuditWrite,
    ) -> Result<(QueueDeleted, Option<AuditRecord>), StoreError> {
        let queue = name.as_str();
        for _ in 0..AUDIT_ATTEMPTS {
            // Plan on the queue's tasks as read now; only a forced delete of a queue small
            // enough needs them (the script refuses the rest before looking at the plan).
            let total: u64 = self.conn().zcard(self.keys.queue_key(queue, "all")).await?;
            let ids: Vec<String> = if force && total > 0 && total <= max_tasks {
                self.conn()
                    .zrange(self.keys.queue_key(queue, "all"), 0, -1)
                    .await?
            } else {
                Vec::new()
            };
            let recs = self.records(&ids).await?;
            let mut handlers: Vec<String> = Vec::new();
            let mut pairs: Vec<String> = Vec::new();
            let base = GLOBAL_KEYS.len() + QUEUE_KEYS.len();
            for (id, rec) in ids.iter().zip(&recs) {
                // A task gone since the listing makes the plan stale; the script says so.
                let handler = rec.as_ref().map(|r| r.handler.clone()).unwrap_or_default();
                let h = match handlers.iter().position(|x| *x == handler) {
                    Some(h) => h,
                    None => {
                        handlers.push(handler);
                        handlers.len() - 1
                    }
                };
                pairs.push(id.clone());
                // Two DLQ keys per handler: its own and this queue's (`invocation`).
                pairs.push((base + 2 * h + 1).to_string());
            }
            let planned = pairs.len() / 2;
            let (mut head, sealed) = self.audit_args(audit, Some(planned as u64)).await?;
            head.push(queue.to_string());
            head.push(if force { "1" } else { "0" }.to_string());
            head.push(max_tasks.to_string());
            head.push(planned.to_string());
            let h: Vec<(&str, &str)> = handlers.iter().map(|h| (queue, h.as_str())).collect();
            let mut inv = self.invocation(&self.scripts.delete_queue, &[queue], &h);
            for a in head.iter().chain(&pairs) {
                inv.arg(a);
            }
            let value: redis::Value = match inv.invoke_async(&mut self.conn()).await {
                Ok(value) => value,
                Err(e) if is_retry(&e) => continue,
                Err(e) => return Err(audited_error(e)),
            };
            let parts = array(value);
            let n = |i: usize| parts.get(i).map(int).unwrap_or_default().max(0) as u64;
            let code = parts.first().map(text).unwrap_or_default();
            return Ok(match code.as_str() {
                "N" => (QueueDeleted::NotFound, None),
                "R" => (QueueDeleted::Running { tasks: n(1) }, None),
                "E" => (QueueDeleted::NotEmpty { tasks: n(1) }, None),
                "L" => (QueueDeleted::TooLarge { tasks: n(1) }, None),
                "D" => (
                    QueueDeleted::Deleted {
                        tasks: n(1),
                        dead: n(3),
                    },
                    Some(AuditRecord {
                        id: n(2).to_string(),
                        ..sealed
                    }),
                ),
                other => {
                    return Err(StoreError::Internal(format!(
                        "delete_queue answered {other:?}"
                    )));
                }
            });
        }
        Err(too_busy())
    }
}
