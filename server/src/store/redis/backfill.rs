//! Backfills, at open, of indexes added after data was written: the DLQ's sets per queue and
//! handler (`{P}:qh:Q/H:dlq`, which a listing or bulk scan by queue and handler walks) and its
//! entries' search texts (`{P}:dlqtext`, which a text search reads), and the
//! bulk operations' running and finished indexes (`bulkrun`, `bulkdone`, which the runner and
//! retention read). Both are exact beside writers of this version, whose scripts keep the
//! indexes themselves: a backfill writes an entry only while what it read still holds.

use redis::{AsyncCommands, Value};

use crate::engine::bulk::{BulkOp, BulkState};
use crate::store::StoreError;

use super::RedisStore;
use super::records::{array, text};

/// DLQ entries read and indexed per pair of script calls: a few milliseconds of Redis each.
const DLQ_CHUNK: usize = 1_000;
/// Bulk operation records read per round trip.
const BULK_CHUNK: usize = 200;

impl RedisStore {
    /// Adds the DLQ entries above `dlq_index_seq` (in `{P}:coord`) to their queue and handler's
    /// set, oldest first, raising the mark as it goes: the first open after an upgrade indexes
    /// the whole DLQ (a crash resumes where it stopped), later opens only what died since the
    /// last one (nothing but this version's scripts write the DLQ, and they index as they do,
    /// so this finds them already there). Returns how many entries it added.
    pub(super) async fn backfill_dlq_index(&self) -> Result<u64, StoreError> {
        let mut after: Option<String> = self
            .conn()
            .hget::<_, _, Option<String>>(self.keys.global("coord"), "dlq_index_seq")
            .await?;
        let mut added = 0_u64;
        loop {
            let rows = array(
                self.scripts
                    .dlq_index_read
                    .key(&self.keys.globals[0])
                    .key(self.keys.global("dlq"))
                    .arg(after.clone().unwrap_or_default())
                    .arg(DLQ_CHUNK)
                    .invoke_async::<Value>(&mut self.conn())
                    .await?,
            );
            if rows.is_empty() {
                break;
            }
            let mut sets: Vec<String> = Vec::new();
            let mut args: Vec<String> = Vec::new();
            let mut last = String::new();
            for row in rows.chunks(4) {
                let [id, seq, queue, handler] = row else {
                    continue;
                };
                last = text(seq);
                let (queue, handler) = (text(queue), text(handler));
                if queue.is_empty() || handler.is_empty() {
                    continue;
                }
                let set = self.keys.queue_handler_dlq(&queue, &handler);
                let k = match sets.iter().position(|s| *s == set) {
                    Some(k) => k,
                    None => {
                        sets.push(set);
                        sets.len() - 1
                    }
                };
                args.push(text(id));
                args.push(last.clone());
                // KEYS: the DLQ, coord, the tasks, the search texts, then the sets (1-based).
                args.push((k + 5).to_string());
            }
            let mut inv = self.scripts.dlq_index_fill.prepare_invoke();
            inv.key(self.keys.global("dlq"))
                .key(self.keys.global("coord"))
                .key(self.keys.global("t"))
                .key(self.keys.global("dlqtext"));
            for set in &sets {
                inv.key(set);
            }
            inv.arg(&last);
            for a in &args {
                inv.arg(a);
            }
            added += inv.invoke_async::<i64>(&mut self.conn()).await?.max(0) as u64;
            let ended = rows.len() / 4 < DLQ_CHUNK;
            after = Some(last);
            if ended {
                break;
            }
        }
        if added > 0 {
            tracing::info!(entries = added, "indexed the DLQ by queue and handler");
        }
        Ok(added)
    }

    /// Puts every bulk operation into the running and finished indexes its record says it
    /// belongs in, as `lua/write_bulk_op.lua` does on each write: records written before those
    /// indexes existed were in neither, so the runner never resumed a running one and
    /// retention never pruned a finished one. Operations are few (retention keeps a bounded
    /// number), so this reads them all at each open. Returns how many index entries changed.
    pub(super) async fn backfill_bulk_indexes(&self) -> Result<u64, StoreError> {
        // The operations as of now: any made later is written by this version, indexes and all.
        let all: Vec<String> = self
            .conn()
            .zrange(self.keys.global("bulkidx"), 0, -1)
            .await?;
        let mut changed = 0_u64;
        for ids in all.chunks(BULK_CHUNK) {
            let raws: Vec<Option<Vec<u8>>> = redis::cmd("HMGET")
                .arg(self.keys.global("bulk"))
                .arg(ids)
                .query_async(&mut self.conn())
                .await?;
            let mut inv = self.scripts.backfill_bulk.prepare_invoke();
            inv.key(self.keys.global("bulkrev"))
                .key(self.keys.global("bulkrun"))
                .key(self.keys.global("bulkdone"));
            let mut any = false;
            for (id, raw) in ids.iter().zip(raws) {
                let Some(raw) = raw else { continue };
                // A record this version cannot read is left as it is, as the runner leaves it.
                let Ok(op) = serde_json::from_slice::<BulkOp>(&raw) else {
                    continue;
                };
                inv.arg(id)
                    .arg(op.revision)
                    .arg(if op.state == BulkState::Running {
                        "1"
                    } else {
                        "0"
                    })
                    .arg(
                        op.closed_at_ms()
                            .map(|ms| ms.to_string())
                            .unwrap_or_default(),
                    );
                any = true;
            }
            if any {
                changed += inv.invoke_async::<i64>(&mut self.conn()).await?.max(0) as u64;
            }
        }
        if changed > 0 {
            tracing::info!(
                entries = changed,
                "indexed bulk operations by running and finished"
            );
        }
        Ok(changed)
    }
}
