//! [`LeaseStore`] on Redis: leasing, extending and ending attempts. The node remembers where the
//! tasks it leased live, so their acks need no lookup.

use async_trait::async_trait;
use redis::{AsyncCommands, Value};
use serde::Deserialize;

use crate::engine::fingerprint::fingerprint;
use crate::engine::model::{HandlerName, LeaseToken, LeasedTask, QueueName, TaskId, WorkerId};
use crate::store::{
    ExpiredLease, Extended, FailNext, LeaseRequest, LeaseResult, LeaseStore, StoreError,
};

use super::RedisStore;
use super::functions::Call;
use super::records::{Rec, array, bytes, metadata};

impl RedisStore {
    fn forget(&self, id: &TaskId) {
        self.leased
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(id.as_str());
    }

    /// Ends a leased task's attempt one way or another.
    async fn finish(
        &self,
        id: &TaskId,
        token: LeaseToken,
        now_ms: i64,
        kind: &str,
        value: String,
        error: &str,
    ) -> Result<(), StoreError> {
        let placement = self.placement(id).await?;
        self.forget(id);
        let Some((queue, handler)) = placement else {
            return Err(StoreError::LeaseLost);
        };
        let done: i64 = self
            .invocation(&self.scripts.finish, &[&queue], &[(&queue, &handler)])
            .arg(id.as_str())
            .arg(token.0)
            .arg(now_ms)
            .arg(kind)
            .arg(value)
            .arg(error)
            .arg(if kind == "dead" {
                fingerprint(error)
            } else {
                String::new()
            })
            .invoke_async(&mut self.conn())
            .await?;
        if done == 1 {
            Ok(())
        } else {
            Err(StoreError::LeaseLost)
        }
    }
}

#[async_trait]
impl LeaseStore for RedisStore {
    async fn lease(&self, req: LeaseRequest) -> Result<LeaseResult, StoreError> {
        let queues: Vec<&str> = req.plan.iter().map(|(q, _)| q.as_str()).collect();
        let handlers =
            serde_json::to_string(&req.handlers.iter().map(|h| h.as_str()).collect::<Vec<_>>())
                .expect("strings serialize");
        let mut inv = Call::new(
            &self.library.lease,
            &self.scripts.lease,
            &self.keys,
            &queues,
        );
        inv.arg(req.now_ms)
            .arg(req.lease_until_ms)
            .arg(req.worker_id.as_str())
            .arg(handlers);
        match &req.rate_limit {
            Some(r) => inv.arg(r.per_second).arg(r.burst),
            None => inv.arg("").arg(0),
        };
        for (q, n) in &req.plan {
            inv.arg(q.as_str()).arg(*n);
        }
        let out = array(inv.invoke::<Value>(&self.library, &mut self.conn()).await?);
        #[derive(Deserialize)]
        struct Summary {
            paused: i64,
            limited: i64,
            short: String,
        }
        let summary: Summary = serde_json::from_slice(&bytes(&out[0]))
            .map_err(|e| StoreError::Internal(format!("lease summary unreadable: {e}")))?;
        let mut result = LeaseResult {
            dequeue_paused: summary.paused == 1,
            rate_limited: summary.limited == 1,
            short: summary
                .short
                .split(',')
                .filter(|s| !s.is_empty())
                .map(|s| QueueName::from_trusted(s.to_string()))
                .collect(),
            tasks: Vec::new(),
        };
        let mut leased = self.leased.lock().unwrap_or_else(|e| e.into_inner());
        for task in out[1..].chunks(3) {
            let [raw, live, payload] = task else {
                return Err(StoreError::Internal(
                    "a lease answered a partial task".into(),
                ));
            };
            let rec = Rec::parse_with(&bytes(raw), &bytes(live))?;
            leased.insert(rec.id.clone(), (rec.queue.clone(), rec.handler.clone()));
            result.tasks.push(LeasedTask {
                id: TaskId::from_trusted(rec.id.clone()),
                token: LeaseToken(rec.token.unwrap_or(0)),
                handler: HandlerName::from_trusted(rec.handler.clone()),
                queue: QueueName::from_trusted(rec.queue.clone()),
                payload: bytes(payload),
                priority: rec.priority,
                attempt: rec.attempts,
                max_retries: rec.max_retries,
                timeout_ms: rec.timeout,
                created_at_ms: rec.created,
                metadata: metadata(&rec.meta),
            });
        }
        drop(leased);
        result.tasks.sort_by_key(|t| (t.priority, t.created_at_ms));
        Ok(result)
    }

    async fn extend(
        &self,
        leases: &[(TaskId, LeaseToken)],
        lease_until_ms: i64,
        now_ms: i64,
    ) -> Result<Vec<Extended>, StoreError> {
        if leases.is_empty() {
            return Ok(Vec::new());
        }
        let mut inv = self.invocation(&self.scripts.extend, &[], &[]);
        inv.arg(lease_until_ms).arg(now_ms);
        for (id, token) in leases {
            inv.arg(id.as_str()).arg(token.0);
        }
        let flags: Vec<i64> = inv.invoke_async(&mut self.conn()).await?;
        Ok(flags
            .into_iter()
            .zip(leases)
            .map(|(f, (id, _))| match f {
                -1 => {
                    // The runtime abandons a lost lease without acking it: forget it here, or
                    // the placement cache would keep it for the life of the process.
                    self.forget(id);
                    Extended::Lost
                }
                f => Extended::Held {
                    cancel_requested: f != 0,
                },
            })
            .collect())
    }

    async fn complete(
        &self,
        id: &TaskId,
        token: LeaseToken,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        let placement = self.placement(id).await?;
        self.forget(id);
        let Some((queue, _)) = placement else {
            return Err(StoreError::LeaseLost);
        };
        if self
            .acks
            .complete(id.as_str(), token.0, now_ms, queue)
            .await?
        {
            Ok(())
        } else {
            Err(StoreError::LeaseLost)
        }
    }

    async fn fail(
        &self,
        id: &TaskId,
        token: LeaseToken,
        error: &str,
        next: FailNext,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        let (kind, value) = match next {
            FailNext::RetryAt(at) => ("retry", at.to_string()),
            FailNext::Dead(reason) => ("dead", reason.as_str().to_string()),
            FailNext::Cancelled => ("cancelled", String::new()),
        };
        self.finish(id, token, now_ms, kind, value, error).await
    }

    async fn release(&self, id: &TaskId, token: LeaseToken, now_ms: i64) -> Result<(), StoreError> {
        self.finish(id, token, now_ms, "release", String::new(), "")
            .await
    }

    async fn expired_leases(
        &self,
        now_ms: i64,
        limit: u32,
    ) -> Result<Vec<ExpiredLease>, StoreError> {
        let ids: Vec<String> = self
            .conn()
            .zrangebyscore_limit(
                self.keys.global("running"),
                "-inf",
                format!("({now_ms}"),
                0,
                limit as isize,
            )
            .await?;
        let mut out = Vec::new();
        for rec in self.records(&ids).await?.into_iter().flatten() {
            if rec.state != 2 {
                continue;
            }
            out.push(ExpiredLease {
                id: TaskId::from_trusted(rec.id.clone()),
                token: LeaseToken(rec.token.unwrap_or(0)),
                queue: QueueName::from_trusted(rec.queue.clone()),
                handler: HandlerName::from_trusted(rec.handler.clone()),
                attempt: rec.attempts,
                max_retries: rec.max_retries,
                cancel_requested: rec.cancel != 0,
                worker_id: rec.worker.clone().map(WorkerId::from_trusted),
            });
        }
        Ok(out)
    }
}
