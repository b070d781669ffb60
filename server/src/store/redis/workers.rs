//! [`WorkerStore`] on Redis: registration, heartbeats and recycling of workers, lost workers and
//! stuck tasks.

use std::collections::{BTreeMap, HashMap};

use async_trait::async_trait;
use redis::{AsyncCommands, Value};

use crate::engine::audit::{AuditRecord, AuditWrite};
use crate::engine::model::{
    HandlerName, StuckSummary, StuckTask, TaskRecord, WorkerDetail, WorkerId, WorkerRecord,
    WorkerState,
};
use crate::store::{NewWorker, StoreError, WorkerCommand, WorkerStore};

use super::RedisStore;
use super::audit::{AUDIT_ATTEMPTS, audited_error, is_retry, too_busy};
use super::records::{array, bytes, int, parse_worker, stuck_from, text};

#[async_trait]
impl WorkerStore for RedisStore {
    async fn register_worker(&self, worker: NewWorker) -> Result<(), StoreError> {
        self.invocation(&self.scripts.register_worker, &[], &[])
            .arg(worker.id.as_str())
            .arg(&worker.host)
            .arg(worker.pid)
            .arg(&worker.version)
            .arg(worker.concurrency)
            .arg(serde_json::to_string(&worker.handlers).expect("strings serialize"))
            .arg(worker.now_ms)
            .invoke_async::<i64>(&mut self.conn())
            .await?;
        Ok(())
    }

    async fn worker_heartbeat(
        &self,
        id: &WorkerId,
        in_flight: u32,
        state: WorkerState,
        now_ms: i64,
    ) -> Result<WorkerCommand, StoreError> {
        let out = array(
            self.invocation(&self.scripts.worker_heartbeat, &[], &[])
                .arg(id.as_str())
                .arg(in_flight)
                .arg(state.as_str())
                .arg(now_ms)
                .invoke_async::<Value>(&mut self.conn())
                .await?,
        );
        Ok(match text(&out[0]).as_str() {
            "none" => WorkerCommand::None,
            "recycle" => WorkerCommand::Recycle {
                reason: out.get(1).map(text).unwrap_or_default(),
            },
            _ => WorkerCommand::Unknown,
        })
    }

    async fn set_worker_state(
        &self,
        id: &WorkerId,
        state: WorkerState,
        recycled: bool,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        self.invocation(&self.scripts.set_worker_state, &[], &[])
            .arg(id.as_str())
            .arg(state.as_str())
            .arg(i64::from(recycled))
            .arg(now_ms)
            .invoke_async::<i64>(&mut self.conn())
            .await?;
        Ok(())
    }

    async fn request_recycle(
        &self,
        id: &WorkerId,
        reason: &str,
        _now_ms: i64,
        audit: &AuditWrite,
    ) -> Result<Option<(WorkerRecord, AuditRecord)>, StoreError> {
        // Nothing is planned on: only the head can move, and then the same request is sealed
        // onto the new head.
        for _ in 0..AUDIT_ATTEMPTS {
            let (args, sealed) = self.audit_args(audit, None).await?;
            let result: Result<Value, _> = self
                .invocation(&self.scripts.request_recycle, &[], &[])
                .arg(args)
                .arg(id.as_str())
                .arg(reason)
                .invoke_async(&mut self.conn())
                .await;
            let out = match result {
                Ok(out) => array(out),
                Err(e) if is_retry(&e) => continue,
                Err(e) => return Err(audited_error(e)),
            };
            // The script answers false (nil) for an unknown worker.
            if out.len() < 2 {
                return Ok(None);
            }
            let worker = parse_worker(id.as_str(), &bytes(&out[0]))?;
            let record = AuditRecord {
                id: int(&out[1]).to_string(),
                ..sealed
            };
            return Ok(Some((worker, record)));
        }
        Err(too_busy())
    }

    async fn list_workers(&self) -> Result<Vec<WorkerRecord>, StoreError> {
        let all: HashMap<String, Vec<u8>> =
            self.conn().hgetall(self.keys.global("workers")).await?;
        let mut out = all
            .iter()
            .map(|(id, raw)| parse_worker(id, raw))
            .collect::<Result<Vec<_>, _>>()?;
        out.sort_by(|a, b| (a.started_at_ms, a.id.as_str()).cmp(&(b.started_at_ms, b.id.as_str())));
        Ok(out)
    }

    async fn get_worker(&self, id: &WorkerId) -> Result<Option<WorkerDetail>, StoreError> {
        let raw: Option<Vec<u8>> = self
            .conn()
            .hget(self.keys.global("workers"), id.as_str())
            .await?;
        let Some(raw) = raw else {
            return Ok(None);
        };
        let worker = parse_worker(id.as_str(), &raw)?;
        let running: Vec<String> = self
            .conn()
            .zrange(self.keys.global("running"), 0, -1)
            .await?;
        let mut tasks: Vec<TaskRecord> = self
            .records(&running)
            .await?
            .into_iter()
            .flatten()
            .filter(|r| r.state == 2 && r.worker.as_deref() == Some(id.as_str()))
            .map(|r| r.record())
            .collect::<Result<_, _>>()?;
        tasks.sort_by_key(|t| t.started_at_ms);
        Ok(Some(WorkerDetail {
            worker,
            running: tasks,
        }))
    }

    async fn mark_lost_workers(
        &self,
        cutoff_ms: i64,
        _now_ms: i64,
    ) -> Result<Vec<WorkerRecord>, StoreError> {
        let out = array(
            self.invocation(&self.scripts.mark_lost, &[], &[])
                .arg(cutoff_ms)
                .invoke_async::<Value>(&mut self.conn())
                .await?,
        );
        out.chunks(2)
            .map(|pair| parse_worker(&text(&pair[0]), &bytes(&pair[1])))
            .collect()
    }

    async fn detect_stuck(
        &self,
        cutoff_ms: i64,
        now_ms: i64,
    ) -> Result<Vec<StuckTask>, StoreError> {
        let out = array(
            self.invocation(&self.scripts.detect_stuck, &[], &[])
                .arg(cutoff_ms)
                .arg(now_ms)
                .invoke_async::<Value>(&mut self.conn())
                .await?,
        );
        out.iter().map(|v| stuck_from(&bytes(v))).collect()
    }

    async fn stuck_history(
        &self,
        since_ms: i64,
        handler: Option<&HandlerName>,
    ) -> Result<Vec<StuckSummary>, StoreError> {
        let keys: Vec<String> = self
            .conn()
            .zrangebyscore(self.keys.global("stucktime"), since_ms, "+inf")
            .await?;
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let raws: Vec<Option<Vec<u8>>> = redis::cmd("HMGET")
            .arg(self.keys.global("stuck"))
            .arg(&keys)
            .query_async(&mut self.conn())
            .await?;
        let mut by_handler: BTreeMap<String, (u64, i64)> = BTreeMap::new();
        for raw in raws.into_iter().flatten() {
            let s = stuck_from(&raw)?;
            if handler.is_some_and(|h| h != &s.handler) {
                continue;
            }
            let e = by_handler
                .entry(s.handler.as_str().to_string())
                .or_insert((0, i64::MIN));
            e.0 += 1;
            e.1 = e.1.max(s.detected_at_ms);
        }
        let mut out: Vec<StuckSummary> = by_handler
            .into_iter()
            .map(|(h, (count, last))| StuckSummary {
                handler: HandlerName::from_trusted(h),
                count,
                last_at_ms: last,
            })
            .collect();
        out.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| a.handler.as_str().cmp(b.handler.as_str()))
        });
        Ok(out)
    }
}
