//! [`BulkStore`] on Redis: bulk operation records in `bulk` (JSON) beside `bulkrev` (their
//! revisions, compared by `lua/write_bulk_op.lua`), `bulkidx` (by creation time), `bulkrun`
//! (the running ones, which the runner reads) and `bulkdone` (finished ones by when they
//! finished, which retention prunes with `lua/prune_bulk_ops.lua`); candidate
//! scans walk the listing's sorted set down from the cursor by score (a task's `seq`, a DLQ
//! entry's `dlq_seq`: counters, never reused) and match records here as `lua/scan.lua` does.

use async_trait::async_trait;
use redis::AsyncCommands;

use crate::engine::audit::{AuditRecord, AuditWrite};
use crate::engine::bulk::{
    BulkCandidate, BulkFilter, BulkOp, BulkPage, BulkScan, BulkState, BulkTarget, BulkWrite,
};
use crate::engine::model::{HandlerName, QueueName, TaskId};
use crate::store::codec::state_code;
use crate::store::{BulkStore, StoreError};

use super::RedisStore;
use super::audit::{AUDIT_ATTEMPTS, audited_error, is_retry, too_busy};
use super::records::{Rec, array, int, state_from_code};

/// Ids read from the sorted set per round trip of a scan.
const CHUNK: usize = 200;
/// Finished operations one retention call deletes at most.
const PRUNE_MAX: u32 = 1_000;

fn decode(raw: &[u8]) -> Result<BulkOp, StoreError> {
    serde_json::from_slice(raw)
        .map_err(|e| StoreError::Internal(format!("a bulk operation record is unreadable: {e}")))
}

/// Whether a record matches the filter beyond the set it was found in, as `lua/scan.lua`
/// matches (handler, lower-case text in the id, handler or last error, fingerprint), and is
/// older than the snapshot.
fn matches(rec: &Rec, target: BulkTarget, filter: &BulkFilter, before_ms: i64) -> bool {
    let at = match target {
        BulkTarget::Tasks => rec.created,
        BulkTarget::Dlq => rec.dlq_at.unwrap_or(rec.updated),
    };
    if at >= before_ms {
        return false;
    }
    if target == BulkTarget::Dlq && rec.state != 5 {
        return false;
    }
    if filter
        .queue
        .as_ref()
        .is_some_and(|q| q.as_str() != rec.queue)
    {
        return false;
    }
    if filter
        .handler
        .as_ref()
        .is_some_and(|h| h.as_str() != rec.handler)
    {
        return false;
    }
    if filter.state.is_some_and(|s| state_code(s) != rec.state) {
        return false;
    }
    if let Some(text) = filter
        .text
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        let text = text.to_lowercase();
        let found = rec.id.to_lowercase().contains(&text)
            || rec.handler.to_lowercase().contains(&text)
            || rec
                .last_error
                .as_deref()
                .unwrap_or("")
                .to_lowercase()
                .contains(&text);
        if !found {
            return false;
        }
    }
    if let Some(fp) = &filter.fingerprint
        && rec.fp.as_deref() != Some(fp.as_str())
    {
        return false;
    }
    true
}

impl RedisStore {
    /// The records of the operations `ids`, in their order; ids without a record are left out.
    async fn bulk_ops_by_id(&self, ids: &[String]) -> Result<Vec<BulkOp>, StoreError> {
        let raws: Vec<Option<Vec<u8>>> = redis::cmd("HMGET")
            .arg(self.keys.global("bulk"))
            .arg(ids)
            .query_async(&mut self.conn())
            .await?;
        raws.into_iter().flatten().map(|r| decode(&r)).collect()
    }

    /// The narrowest sorted sets that together hold every candidate of a scan (one, but for
    /// one state across queues: each queue's set of it, walked merged).
    async fn bulk_sets(&self, scan: &BulkScan) -> Result<Vec<String>, StoreError> {
        let f = &scan.filter;
        Ok(match scan.target {
            BulkTarget::Tasks => match (&f.queue, f.state) {
                (Some(q), Some(s)) => vec![
                    self.keys
                        .queue_key(q.as_str(), &format!("s{}", state_code(s))),
                ],
                (Some(q), None) => vec![self.keys.queue_key(q.as_str(), "all")],
                (None, Some(s)) => self.state_sets(s).await?,
                (None, None) => vec![self.keys.global("all")],
            },
            BulkTarget::Dlq => vec![match (&f.queue, &f.handler) {
                (Some(q), Some(h)) => self.keys.queue_handler_dlq(q.as_str(), h.as_str()),
                (Some(q), None) => self.keys.queue_key(q.as_str(), "dlq"),
                (None, Some(h)) => self.keys.handler_dlq(h.as_str()),
                (None, None) => self.keys.global("dlq"),
            }],
        })
    }
}

#[async_trait]
impl BulkStore for RedisStore {
    async fn bulk_candidates(&self, scan: &BulkScan) -> Result<BulkPage, StoreError> {
        let sets = self.bulk_sets(scan).await?;
        let limit = scan.limit.max(1) as usize;
        let budget = scan.budget.max(scan.limit).max(1) as usize;
        let mut items = Vec::new();
        let mut examined = 0_usize;
        let mut below = scan.below;
        loop {
            let want = CHUNK.min(budget - examined).max(1);
            let found = self.merged_below(&sets, below, want).await?;
            let ids: Vec<String> = found.iter().map(|(id, _)| id.clone()).collect();
            let recs = self.records(&ids).await?;
            for ((_, score), rec) in found.iter().zip(recs) {
                examined += 1;
                below = Some(*score as i64);
                if let Some(rec) = rec
                    && matches(&rec, scan.target, &scan.filter, scan.before_ms)
                {
                    items.push(BulkCandidate {
                        id: TaskId::from_trusted(rec.id.clone()),
                        queue: QueueName::from_trusted(rec.queue.clone()),
                        handler: HandlerName::from_trusted(rec.handler.clone()),
                        state: state_from_code(rec.state)?,
                    });
                    if items.len() >= limit {
                        return Ok(BulkPage { items, next: below });
                    }
                }
            }
            if found.len() < want {
                // The set ends here: nothing is left below.
                return Ok(BulkPage { items, next: None });
            }
            if examined >= budget {
                return Ok(BulkPage { items, next: below });
            }
        }
    }

    async fn write_bulk_op(
        &self,
        op: &BulkOp,
        audit: Option<&AuditWrite>,
    ) -> Result<BulkWrite<Option<AuditRecord>>, StoreError> {
        let mut stored = op.clone();
        stored.revision = op.revision + 1;
        let body = serde_json::to_string(&stored)
            .map_err(|e| StoreError::Internal(format!("a bulk operation does not encode: {e}")))?;
        for _ in 0..AUDIT_ATTEMPTS {
            let mut inv = self.scripts.write_bulk_op.prepare_invoke();
            inv.key(self.keys.global("bulk"))
                .key(self.keys.global("bulkrev"))
                .key(self.keys.global("bulkidx"))
                .key(self.keys.global("coord"))
                .key(self.keys.global("audit"))
                .key(self.keys.global("auditids"))
                .key(self.keys.global("bulkrun"))
                .key(self.keys.global("bulkdone"));
            let sealed = match audit {
                Some(write) => {
                    let (args, sealed) = self.audit_args(write, None).await?;
                    inv.arg(args);
                    Some(sealed)
                }
                None => None,
            };
            inv.arg(&op.id)
                .arg(op.revision)
                .arg(&body)
                .arg(op.created_at_ms)
                .arg(if stored.state == BulkState::Running {
                    "1"
                } else {
                    "0"
                })
                .arg(
                    stored
                        .closed_at_ms()
                        .map(|ms| ms.to_string())
                        .unwrap_or_default(),
                );
            let out = match inv.invoke_async::<redis::Value>(&mut self.conn()).await {
                Ok(out) => array(out),
                Err(e) if is_retry(&e) => continue,
                Err(e) => return Err(audited_error(e)),
            };
            if out.first().map(int) != Some(1) {
                return Ok(BulkWrite::Stale);
            }
            let record = sealed.map(|sealed| AuditRecord {
                id: out.get(1).map(int).unwrap_or(0).to_string(),
                ..sealed
            });
            return Ok(BulkWrite::Written(record));
        }
        Err(too_busy())
    }

    async fn get_bulk_op(&self, id: &str) -> Result<Option<BulkOp>, StoreError> {
        let raw: Option<Vec<u8>> = self.conn().hget(self.keys.global("bulk"), id).await?;
        raw.map(|r| decode(&r)).transpose()
    }

    async fn list_bulk_ops(&self, limit: u32) -> Result<Vec<BulkOp>, StoreError> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        let ids: Vec<String> = self
            .conn()
            .zrevrange(self.keys.global("bulkidx"), 0, limit as isize - 1)
            .await?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        self.bulk_ops_by_id(&ids).await
    }

    async fn running_bulk_ops(&self) -> Result<Vec<BulkOp>, StoreError> {
        let ids: Vec<String> = self.conn().smembers(self.keys.global("bulkrun")).await?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        self.bulk_ops_by_id(&ids).await
    }

    async fn prune_bulk_ops(&self, finished_before_ms: i64, keep: u32) -> Result<u64, StoreError> {
        // Bounded per call, so one script never holds Redis for long; the next sweep goes on.
        let n: u64 = self
            .scripts
            .prune_bulk_ops
            .key(self.keys.global("bulk"))
            .key(self.keys.global("bulkrev"))
            .key(self.keys.global("bulkidx"))
            .key(self.keys.global("bulkrun"))
            .key(self.keys.global("bulkdone"))
            .arg(finished_before_ms)
            .arg(keep)
            .arg(PRUNE_MAX)
            .invoke_async(&mut self.conn())
            .await?;
        Ok(n)
    }
}
