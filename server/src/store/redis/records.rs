//! What the Redis store keeps and reads back: task, worker, queue, audit and stuck records as
//! the scripts store them, and helpers that read Redis replies (values, stream entries).

use std::collections::BTreeMap;

use redis::Value;
use serde::{Deserialize, Serialize};

use crate::engine::audit::{AuditEntry, AuditRecord};
use crate::engine::model::{
    DeadReason, DlqEntry, EventId, HandlerName, QueueName, StuckTask, TaskId, TaskRecord,
    TaskState, WorkerId, WorkerRecord, WorkerState,
};
use crate::store::codec;
use crate::store::{StoreError, StoredEvent};

/// A task as `prelude.lua` stores it.
#[derive(Debug, Deserialize)]
pub(super) struct Rec {
    pub(super) id: String,
    pub(super) handler: String,
    pub(super) queue: String,
    pub(super) state: i64,
    pub(super) priority: i32,
    pub(super) attempts: u32,
    pub(super) max_retries: u32,
    pub(super) timeout: i64,
    pub(super) run_at: i64,
    pub(super) created: i64,
    #[serde(default)]
    pub(super) started: Option<i64>,
    #[serde(default)]
    pub(super) finished: Option<i64>,
    pub(super) updated: i64,
    #[serde(default)]
    pub(super) last_error: Option<String>,
    #[serde(default)]
    pub(super) dead_reason: Option<String>,
    #[serde(default)]
    pub(super) worker: Option<String>,
    #[serde(default)]
    pub(super) lease_until: Option<i64>,
    #[serde(default)]
    pub(super) heartbeat: Option<i64>,
    #[serde(default)]
    pub(super) idem: Option<String>,
    #[serde(default)]
    pub(super) cancel: i64,
    #[serde(default)]
    pub(super) meta: Option<String>,
    #[serde(default)]
    pub(super) psize: i64,
    #[serde(default)]
    pub(super) token: Option<i64>,
    #[serde(default)]
    pub(super) dlq_at: Option<i64>,
    /// A dead task's error fingerprint.
    #[serde(default)]
    pub(super) fp: Option<String>,
}

pub(super) fn state_from_code(code: i64) -> Result<TaskState, StoreError> {
    codec::state_from_code(code)
        .ok_or_else(|| StoreError::Internal(format!("unknown task state {code}")))
}

pub(super) fn metadata(meta: &Option<String>) -> BTreeMap<String, String> {
    meta.as_deref()
        .and_then(|m| serde_json::from_str(m).ok())
        .unwrap_or_default()
}

impl Rec {
    pub(super) fn parse(raw: &[u8]) -> Result<Self, StoreError> {
        serde_json::from_slice(raw)
            .map_err(|e| StoreError::Internal(format!("a task record is unreadable: {e}")))
    }

    /// A record and its live fields (empty when it has none) as one task.
    pub(super) fn parse_with(raw: &[u8], live: &[u8]) -> Result<Self, StoreError> {
        let mut rec = Self::parse(raw)?;
        if !live.is_empty() {
            rec.merge_live(live)?;
        }
        Ok(rec)
    }

    /// Sets the live fields a lease, an extend or a completion wrote beside the record
    /// (`live.lua`'s `live_apply`: `state seq attempts token lease_until heartbeat started
    /// updated finished cancel worker`, integers or empty for none, the worker last), which
    /// win over the record's own.
    pub(super) fn merge_live(&mut self, live: &[u8]) -> Result<(), StoreError> {
        let bad = || StoreError::Internal("a task's live fields are unreadable".into());
        let live = std::str::from_utf8(live).map_err(|_| bad())?;
        let mut parts = live.splitn(11, ' ');
        let mut next = || -> Result<Option<i64>, StoreError> {
            match parts.next() {
                Some("") => Ok(None),
                Some(n) => n.parse().map(Some).map_err(|_| bad()),
                None => Err(bad()),
            }
        };
        let state = next()?.ok_or_else(bad)?;
        let _seq = next()?;
        let attempts = next()?.ok_or_else(bad)?;
        let token = next()?;
        let lease_until = next()?;
        let heartbeat = next()?;
        let started = next()?;
        let updated = next()?.ok_or_else(bad)?;
        let finished = next()?;
        let cancel = next()?.unwrap_or(0);
        let worker = parts.next().ok_or_else(bad)?;
        self.state = state;
        self.attempts = u32::try_from(attempts).map_err(|_| bad())?;
        self.token = token;
        self.lease_until = lease_until;
        self.heartbeat = heartbeat;
        self.started = started;
        self.updated = updated;
        self.finished = finished;
        self.cancel = cancel;
        self.worker = (!worker.is_empty()).then(|| worker.to_string());
        Ok(())
    }

    pub(super) fn record(&self) -> Result<TaskRecord, StoreError> {
        Ok(TaskRecord {
            id: TaskId::from_trusted(self.id.clone()),
            handler: HandlerName::from_trusted(self.handler.clone()),
            queue: QueueName::from_trusted(self.queue.clone()),
            state: state_from_code(self.state)?,
            priority: self.priority,
            payload_size: self.psize,
            attempts: self.attempts,
            max_retries: self.max_retries,
            timeout_ms: self.timeout,
            run_at_ms: self.run_at,
            created_at_ms: self.created,
            started_at_ms: self.started,
            finished_at_ms: self.finished,
            updated_at_ms: self.updated,
            last_error: self.last_error.clone(),
            dead_reason: self.dead_reason.as_deref().and_then(DeadReason::parse),
            worker_id: self.worker.clone().map(WorkerId::from_trusted),
            lease_until_ms: self.lease_until,
            heartbeat_at_ms: self.heartbeat,
            idempotency_key: self.idem.clone(),
            cancel_requested: self.cancel != 0,
            metadata: metadata(&self.meta),
        })
    }

    pub(super) fn dlq_entry(&self) -> DlqEntry {
        DlqEntry {
            id: TaskId::from_trusted(self.id.clone()),
            queue: QueueName::from_trusted(self.queue.clone()),
            handler: HandlerName::from_trusted(self.handler.clone()),
            attempts: self.attempts,
            failed_at_ms: self.dlq_at.unwrap_or(self.updated),
            updated_at_ms: self.updated,
            last_error: self.last_error.clone().unwrap_or_default(),
            reason: self.dead_reason.as_deref().and_then(DeadReason::parse),
            payload_size: self.psize,
            metadata: metadata(&self.meta),
        }
    }
}

/// A worker as the scripts store it.
#[derive(Debug, Deserialize)]
struct WorkerRec {
    host: String,
    pid: u32,
    version: String,
    concurrency: u32,
    #[serde(default)]
    in_flight: u32,
    handlers: String,
    state: String,
    started: i64,
    beat: i64,
    #[serde(default)]
    recycle: Option<String>,
    #[serde(default)]
    recycles: u32,
}

impl WorkerRec {
    fn record(&self, id: &str) -> WorkerRecord {
        WorkerRecord {
            id: WorkerId::from_trusted(id.to_string()),
            host: self.host.clone(),
            pid: self.pid,
            version: self.version.clone(),
            concurrency: self.concurrency,
            in_flight: self.in_flight,
            handlers: serde_json::from_str(&self.handlers).unwrap_or_default(),
            state: WorkerState::parse(&self.state).unwrap_or(WorkerState::Lost),
            started_at_ms: self.started,
            last_heartbeat_ms: self.beat,
            recycle_reason: self.recycle.clone(),
            recycles: self.recycles,
        }
    }
}

pub(super) fn parse_worker(id: &str, raw: &[u8]) -> Result<WorkerRecord, StoreError> {
    let w: WorkerRec = serde_json::from_slice(raw)
        .map_err(|e| StoreError::Internal(format!("a worker record is unreadable: {e}")))?;
    Ok(w.record(id))
}

/// A queue's registry entry as the scripts store it.
#[derive(Debug, Deserialize)]
pub(super) struct QueueRec {
    #[serde(default)]
    pub(super) paused: i64,
    #[serde(default)]
    pub(super) weight: Option<i64>,
    pub(super) created: i64,
    pub(super) updated: i64,
}

pub(super) fn bytes(v: &Value) -> Vec<u8> {
    match v {
        Value::BulkString(b) => b.clone(),
        Value::SimpleString(s) => s.clone().into_bytes(),
        Value::Int(n) => n.to_string().into_bytes(),
        Value::Okay => b"OK".to_vec(),
        _ => Vec::new(),
    }
}

pub(super) fn text(v: &Value) -> String {
    String::from_utf8_lossy(&bytes(v)).into_owned()
}

pub(super) fn int(v: &Value) -> i64 {
    match v {
        Value::Int(n) => *n,
        other => text(other).trim().parse().unwrap_or(0),
    }
}

pub(super) fn array(v: Value) -> Vec<Value> {
    match v {
        Value::Array(items) | Value::Set(items) => items,
        Value::Nil => Vec::new(),
        other => vec![other],
    }
}

pub(super) fn event_cursor(id: &EventId) -> Result<String, StoreError> {
    let raw = id.0.trim();
    let ok = !raw.is_empty()
        && raw.split('-').count() <= 2
        && raw
            .split('-')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
    if ok {
        Ok(raw.to_string())
    } else {
        Err(codec::foreign_cursor("event id", raw))
    }
}

/// An audit entry with its place in the chain, as stored.
#[derive(Serialize, Deserialize)]
pub(super) struct StoredAudit {
    #[serde(flatten)]
    pub(super) entry: AuditEntry,
    pub(super) prev_hash: String,
    pub(super) hash: String,
}

impl StoredAudit {
    pub(super) fn record(self, id: i64) -> AuditRecord {
        AuditRecord {
            id: id.to_string(),
            entry: self.entry,
            prev_hash: self.prev_hash,
            hash: self.hash,
        }
    }
}

pub(super) fn stuck_from(raw: &[u8]) -> Result<StuckTask, StoreError> {
    #[derive(Deserialize)]
    struct S {
        task: String,
        attempt: u32,
        handler: String,
        queue: String,
        #[serde(default)]
        worker: Option<String>,
        #[serde(default)]
        beat: i64,
        at: i64,
    }
    let s: S = serde_json::from_slice(raw)
        .map_err(|e| StoreError::Internal(format!("a stuck record is unreadable: {e}")))?;
    Ok(StuckTask {
        task_id: TaskId::from_trusted(s.task),
        attempt: s.attempt,
        handler: HandlerName::from_trusted(s.handler),
        queue: QueueName::from_trusted(s.queue),
        worker_id: s.worker.map(WorkerId::from_trusted),
        last_heartbeat_ms: s.beat,
        detected_at_ms: s.at,
    })
}

/// XRANGE/XREVRANGE replies: `[[id, [field, value, ...]], ...]`.
pub(super) fn stream_entries(v: Value) -> Vec<StoredEvent> {
    array(v)
        .into_iter()
        .filter_map(|entry| {
            let mut parts = array(entry).into_iter();
            let id = text(&parts.next()?);
            let fields = array(parts.next()?);
            let mut at_ms = 0;
            let mut data = String::new();
            for pair in fields.chunks(2) {
                match text(&pair[0]).as_str() {
                    "at" => at_ms = pair.get(1).map(int).unwrap_or(0),
                    "data" => data = pair.get(1).map(text).unwrap_or_default(),
                    _ => {}
                }
            }
            Some(StoredEvent {
                id: EventId(id),
                at_ms,
                data,
            })
        })
        .collect()
}
