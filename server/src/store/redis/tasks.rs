//! [`TaskStore`] on Redis: inserting, reading, listing, promoting, cancelling and retrying tasks.

use async_trait::async_trait;
use redis::Value;
use serde::Deserialize;

use crate::engine::audit::{AuditRecord, AuditWrite};
use crate::engine::model::{
    AttemptError, CancelOutcome, Page, QueueName, TaskDetail, TaskFilter, TaskId, TaskRecord,
    TaskState,
};
use crate::store::codec::state_code;
use crate::store::{Inserted, NewTask, RetryResult, StoreError, TaskStore};

use super::RedisStore;
use super::audit::{AUDIT_ATTEMPTS, STALE_AUDIT_HEAD, audited_error, is_retry, too_busy};
use super::reads::{Before, ScanFilter};
use super::records::{Rec, array, bytes, int, text};

#[async_trait]
impl TaskStore for RedisStore {
    async fn insert_tasks(
        &self,
        tasks: Vec<NewTask>,
        now_ms: i64,
    ) -> Result<Vec<Inserted>, StoreError> {
        if tasks.is_empty() {
            return Ok(Vec::new());
        }
        let out: Vec<String> = self
            .insert_invocation(&tasks, now_ms, Vec::new())
            .invoke_async(&mut self.conn())
            .await?;
        Ok(out.iter().map(|o| inserted(o)).collect())
    }

    async fn insert_tasks_audited(
        &self,
        tasks: Vec<NewTask>,
        now_ms: i64,
        audit: &AuditWrite,
    ) -> Result<(Vec<Inserted>, AuditRecord), StoreError> {
        // The script checks the tasks, then the head, before its first write: a refusal wrote
        // nothing, and the same tasks are sent again over the new head.
        for _ in 0..AUDIT_ATTEMPTS {
            let (args, sealed) = self.audit_args(audit, None).await?;
            let result: Result<Vec<String>, _> = self
                .insert_invocation(&tasks, now_ms, args)
                .invoke_async(&mut self.conn())
                .await;
            let mut out = match result {
                Ok(out) => out,
                Err(e) if is_retry(&e) => continue,
                Err(e) => return Err(audited_error(e)),
            };
            let id = out
                .pop()
                .and_then(|last| last.strip_prefix('A').map(str::to_string))
                .ok_or_else(|| StoreError::Internal("the insert wrote no audit entry".into()))?;
            let record = AuditRecord { id, ..sealed };
            return Ok((out.iter().map(|o| inserted(o)).collect(), record));
        }
        Err(too_busy())
    }

    async fn get_task(&self, id: &TaskId) -> Result<Option<TaskDetail>, StoreError> {
        let out = array(
            self.invocation(&self.scripts.get_task, &[], &[])
                .arg(id.as_str())
                .invoke_async::<Value>(&mut self.conn())
                .await?,
        );
        if out.len() < 3 {
            return Ok(None);
        }
        let live = out.get(3).map(bytes).unwrap_or_default();
        let task = Rec::parse_with(&bytes(&out[0]), &live)?.record()?;
        #[derive(Deserialize)]
        struct E {
            attempt: u32,
            at: i64,
            error: String,
        }
        let errors: Vec<E> = serde_json::from_slice(&bytes(&out[2])).unwrap_or_default();
        Ok(Some(TaskDetail {
            task,
            payload: bytes(&out[1]),
            errors: errors
                .into_iter()
                .map(|e| AttemptError {
                    attempt: e.attempt,
                    at_ms: e.at,
                    error: e.error,
                })
                .collect(),
        }))
    }

    async fn list_tasks(
        &self,
        filter: &TaskFilter,
        limit: u32,
        offset: u64,
    ) -> Result<Page<TaskRecord>, StoreError> {
        let scan = ScanFilter {
            handler: filter.handler.as_ref().map(|h| h.as_str()),
            text: filter.text.as_deref(),
            fingerprint: filter.fingerprint.as_deref(),
            before: filter.created_before_ms.map(Before::Created),
        };
        let (recs, total) = match (&filter.queue, filter.state) {
            // One state across queues: their sets merged (see `state_sets`).
            (None, Some(s)) => {
                let sets = self.state_sets(s).await?;
                if scan.is_empty() {
                    self.merged_page_of(&sets, limit, offset).await?
                } else {
                    self.merged_scan(&sets, scan, limit, offset).await?
                }
            }
            (queue, state) => {
                let set = match (queue, state) {
                    (Some(q), Some(s)) => self
                        .keys
                        .queue_key(q.as_str(), &format!("s{}", state_code(s))),
                    (Some(q), None) => self.keys.queue_key(q.as_str(), "all"),
                    (None, _) => self.keys.global("all"),
                };
                if scan.is_empty() {
                    self.page_of(&set, limit, offset).await?
                } else {
                    self.scan(&set, scan, limit, offset).await?
                }
            }
        };
        Ok(Page {
            items: recs.iter().map(Rec::record).collect::<Result<_, _>>()?,
            total,
        })
    }

    async fn promote_due(&self, now_ms: i64, limit: u32) -> Result<u64, StoreError> {
        let mut moved = 0_u64;
        for name in self.queue_names().await? {
            if moved >= u64::from(limit) {
                break;
            }
            let n: u64 = self
                .invocation(&self.scripts.promote, &[&name], &[])
                .arg(now_ms)
                .arg(u64::from(limit) - moved)
                .invoke_async(&mut self.conn())
                .await?;
            moved += n;
        }
        Ok(moved)
    }

    async fn cancel(
        &self,
        id: &TaskId,
        now_ms: i64,
        audit: &AuditWrite,
    ) -> Result<Option<(QueueName, CancelOutcome, AuditRecord)>, StoreError> {
        let Some((queue, _)) = self.placement(id).await? else {
            return Ok(None);
        };
        // The entry is sealed (outcome and all) before the script runs, so we plan on the
        // task's state read now; the script refuses a plan the task no longer matches.
        for _ in 0..AUDIT_ATTEMPTS {
            let Some(detail) = self.get_task(id).await? else {
                return Ok(None);
            };
            let state = detail.task.state;
            let planned = match state {
                TaskState::Scheduled | TaskState::Pending | TaskState::Retrying => {
                    CancelOutcome::Cancelled
                }
                TaskState::Running => CancelOutcome::Requested,
                finished => CancelOutcome::AlreadyFinished(finished),
            };
            let (args, sealed) = self
                .audit_args(&audit.with_outcome(planned.name()), None)
                .await?;
            let mut invocation = self.invocation(&self.scripts.cancel, &[&queue], &[]);
            invocation
                .arg(args)
                .arg(id.as_str())
                .arg(now_ms)
                .arg(state_code(state));
            let record = match self.run_planned(invocation, sealed).await? {
                Planned::Stale | Planned::HeadMoved => continue,
                Planned::Gone => return Ok(None),
                Planned::Written(record) => *record,
            };
            return Ok(Some((QueueName::from_trusted(queue), planned, record)));
        }
        Err(too_busy())
    }

    async fn retry(
        &self,
        id: &TaskId,
        now_ms: i64,
        audit: &AuditWrite,
    ) -> Result<Option<(QueueName, RetryResult, Option<AuditRecord>)>, StoreError> {
        let Some((queue, handler)) = self.placement(id).await? else {
            return Ok(None);
        };
        // As for a cancel: the entry names the state before, so we plan on the state read now
        // and the script refuses a plan the task no longer matches.
        for _ in 0..AUDIT_ATTEMPTS {
            let Some(detail) = self.get_task(id).await? else {
                return Ok(None);
            };
            let state = detail.task.state;
            if matches!(state, TaskState::Pending | TaskState::Running) {
                let queue = QueueName::from_trusted(queue);
                return Ok(Some((queue, RetryResult::NotAllowed(state), None)));
            }
            let (args, sealed) = self
                .audit_args(&audit.with_outcome(state.as_str()), None)
                .await?;
            let mut invocation =
                self.invocation(&self.scripts.retry, &[&queue], &[(&queue, &handler)]);
            invocation
                .arg(args)
                .arg(id.as_str())
                .arg(now_ms)
                .arg(state_code(state));
            let record = match self.run_planned(invocation, sealed).await? {
                Planned::Stale | Planned::HeadMoved => continue,
                Planned::Gone => return Ok(None),
                Planned::Written(record) => *record,
            };
            let result = RetryResult::Retried(state);
            return Ok(Some((QueueName::from_trusted(queue), result, Some(record))));
        }
        Err(too_busy())
    }
}

/// A new task's record as `prelude.lua` keeps it, but for `seq`, which the insert script
/// appends: encoded here, so the script handles no JSON. Absent fields are left out, as
/// `cjson` leaves out a nil.
fn new_record(t: &NewTask) -> String {
    let mut rec = serde_json::json!({
        "id": t.id.as_str(),
        "handler": t.handler.as_str(),
        "queue": t.queue.as_str(),
        "state": state_code(t.state),
        "priority": t.priority,
        "attempts": 0,
        "max_retries": t.max_retries,
        "timeout": t.timeout_ms,
        "run_at": t.run_at_ms,
        "created": t.created_at_ms,
        "updated": t.created_at_ms,
        "psize": t.payload.len(),
        "cancel": 0,
    });
    if let Some(idem) = &t.idempotency {
        rec["idem"] = idem.key.clone().into();
    }
    if !t.metadata.is_empty() {
        rec["meta"] = serde_json::to_string(&t.metadata)
            .expect("string maps serialize")
            .into();
    }
    rec.to_string()
}

/// What the insert script answered for one task: `C<id>` created, `D<id>` a duplicate of `id`.
fn inserted(out: &str) -> Inserted {
    match out.split_at(1) {
        ("D", id) => Inserted::Duplicate(TaskId::from_trusted(id.to_string())),
        (_, id) => Inserted::Created(TaskId::from_trusted(id.to_string())),
    }
}

impl RedisStore {
    /// The insert script's invocation for `tasks` (at least one), with the audit arguments
    /// (see `audit_args`) first when there are any.
    fn insert_invocation<'a>(
        &'a self,
        tasks: &[NewTask],
        now_ms: i64,
        audit: Vec<String>,
    ) -> redis::ScriptInvocation<'a> {
        let mut queues: Vec<&str> = Vec::new();
        for t in tasks {
            if !queues.contains(&t.queue.as_str()) {
                queues.push(t.queue.as_str());
            }
        }
        let mut inv = self.invocation(&self.scripts.insert, &queues, &[]);
        if !audit.is_empty() {
            inv.arg(audit);
        }
        inv.arg(now_ms).arg(tasks.len());
        for t in tasks {
            let group = queues
                .iter()
                .position(|q| *q == t.queue.as_str())
                .unwrap_or(0)
                + 1;
            let (idem_key, idem_exp) = match &t.idempotency {
                Some(idem) => (idem.key.as_str(), idem.expires_at_ms),
                None => ("", 0),
            };
            inv.arg(new_record(t))
                .arg(&t.payload)
                .arg(group)
                .arg(t.id.as_str())
                .arg(state_code(t.state))
                .arg(t.priority)
                .arg(t.run_at_ms)
                .arg(t.handler.as_str())
                .arg(idem_key)
                .arg(idem_exp)
                .arg(t.queue.as_str());
        }
        inv
    }
}

/// What a transition planned on a state read beforehand came to.
pub(super) enum Planned {
    /// What the plan was made on changed: read again and plan again.
    Stale,
    /// Another entry was chained since the head was read: the same plan may be sealed again.
    HeadMoved,
    /// The task is gone.
    Gone,
    /// Written, with its audit entry.
    Written(Box<AuditRecord>),
}

impl RedisStore {
    /// Runs a planned, audited transition (a task's cancel and retry, an operator's schedule
    /// change): the script answers a name first (empty when what it changes is gone) and the
    /// audit entry's id third.
    pub(super) async fn run_planned(
        &self,
        invocation: redis::ScriptInvocation<'_>,
        sealed: AuditRecord,
    ) -> Result<Planned, StoreError> {
        let result: Result<Value, _> = invocation.invoke_async(&mut self.conn()).await;
        let out = match result {
            Ok(out) => array(out),
            Err(e) if e.code() == Some(STALE_AUDIT_HEAD) => return Ok(Planned::HeadMoved),
            Err(e) if is_retry(&e) => return Ok(Planned::Stale),
            Err(e) => return Err(audited_error(e)),
        };
        if text(&out[0]).is_empty() {
            return Ok(Planned::Gone);
        }
        Ok(Planned::Written(Box::new(AuditRecord {
            id: int(&out[2]).to_string(),
            ..sealed
        })))
    }
}
