//! Enqueue: a task spec's validation and defaults, and single and batch inserts.

use crate::engine::audit::AuditWrite;
use crate::engine::model::truncate_for_message;
use crate::engine::model::{
    Enqueued, HandlerName, NAME_MAX_LEN, QueueName, TaskId, TaskSpec, TaskState,
};
use crate::engine::schedules::SCHEDULE_META_PREFIX;
use crate::engine::{BATCH_MAX, Engine, Error};
use crate::store::{Idempotency, Inserted, NewTask};

const IDEMPOTENCY_KEY_MAX: usize = 256;
const METADATA_ENTRIES_MAX: usize = 64;
const METADATA_VALUE_MAX: usize = 4_096;
const MAX_RETRIES_MAX: u32 = 10_000;
const TIMEOUT_MAX_MS: i64 = 7 * 24 * 3_600_000;

impl Engine {
    pub(crate) fn prepare(&self, spec: TaskSpec, now_ms: i64) -> Result<NewTask, Error> {
        let cfg = &self.inner.config;
        let handler = HandlerName::new(spec.handler)?;
        let queue = if spec.queue.is_empty() {
            cfg.default_queue.clone()
        } else {
            QueueName::new(spec.queue)?
        };
        if spec.payload.len() > cfg.max_payload_bytes {
            return Err(Error::invalid(
                "payload_too_large",
                format!(
                    "payload is {} bytes; the limit is {} bytes",
                    spec.payload.len(),
                    cfg.max_payload_bytes
                ),
            ));
        }
        let max_retries = spec.max_retries.unwrap_or(cfg.default_max_retries);
        if max_retries > MAX_RETRIES_MAX {
            return Err(Error::invalid(
                "invalid_max_retries",
                format!("max_retries is {max_retries}; the limit is {MAX_RETRIES_MAX}"),
            ));
        }
        if spec.timeout_ms < 0 || spec.timeout_ms > TIMEOUT_MAX_MS {
            return Err(Error::invalid(
                "invalid_timeout",
                format!(
                    "timeout_ms is {}; use 0 for the default or up to {TIMEOUT_MAX_MS} (7 days)",
                    spec.timeout_ms
                ),
            ));
        }
        if spec.run_at_ms < 0 {
            return Err(Error::invalid(
                "invalid_run_at",
                format!(
                    "run_at_ms is {}; use 0 for now or a Unix time in milliseconds",
                    spec.run_at_ms
                ),
            ));
        }
        let idempotency = if spec.idempotency_key.is_empty() {
            None
        } else {
            if spec.idempotency_key.len() > IDEMPOTENCY_KEY_MAX
                || spec.idempotency_key.chars().any(char::is_control)
            {
                return Err(Error::invalid(
                    "invalid_idempotency_key",
                    format!(
                        "idempotency key must be 1 to {IDEMPOTENCY_KEY_MAX} bytes without control characters"
                    ),
                ));
            }
            Some(Idempotency {
                key: spec.idempotency_key,
                expires_at_ms: now_ms.saturating_add(cfg.idempotency_ttl_ms),
            })
        };
        if spec.metadata.len() > METADATA_ENTRIES_MAX {
            return Err(Error::invalid(
                "invalid_metadata",
                format!(
                    "metadata has {} entries; the limit is {METADATA_ENTRIES_MAX}",
                    spec.metadata.len()
                ),
            ));
        }
        for (key, value) in &spec.metadata {
            let key_ok = !key.is_empty()
                && key.len() <= NAME_MAX_LEN
                && key.bytes().all(|b| {
                    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b':' | b'-' | b'/')
                });
            if !key_ok {
                return Err(Error::invalid(
                    "invalid_metadata",
                    format!(
                        "metadata key {:?} is invalid: use 1 to {NAME_MAX_LEN} characters from A-Z, a-z, 0-9, '.', '_', ':', '-' and '/'",
                        truncate_for_message(key)
                    ),
                ));
            }
            if value.len() > METADATA_VALUE_MAX {
                return Err(Error::invalid(
                    "invalid_metadata",
                    format!(
                        "metadata value of {:?} is longer than {METADATA_VALUE_MAX} bytes",
                        truncate_for_message(key)
                    ),
                ));
            }
        }
        let run_at_ms = spec.run_at_ms.max(now_ms);
        let timeout_ms = if spec.timeout_ms == 0 {
            cfg.default_timeout_ms
        } else {
            spec.timeout_ms
        };
        Ok(NewTask {
            id: TaskId::generate(),
            handler,
            queue,
            payload: spec.payload,
            priority: spec.priority,
            max_retries,
            timeout_ms,
            run_at_ms,
            state: if run_at_ms > now_ms {
                TaskState::Scheduled
            } else {
                TaskState::Pending
            },
            idempotency,
            metadata: spec.metadata,
            created_at_ms: now_ms,
        })
    }

    /// Enqueues one task.
    pub async fn enqueue(&self, spec: TaskSpec) -> Result<Enqueued, Error> {
        let mut out = self
            .enqueue_prepared(vec![spec], false, false, None, None)
            .await?;
        Ok(out.remove(0))
    }

    /// Enqueues a job run's task under the run's id (its record is written under that id
    /// before the task exists, so no worker can lease a run whose record is missing);
    /// `scheduled`: a schedule's fire made the run, and the task carries its metadata keys.
    pub(crate) async fn enqueue_job_task(
        &self,
        spec: TaskSpec,
        id: TaskId,
        scheduled: bool,
    ) -> Result<Enqueued, Error> {
        let mut out = self
            .enqueue_prepared(vec![spec], false, scheduled, Some(id), None)
            .await?;
        Ok(out.remove(0))
    }

    /// Enqueues one task a schedule makes: the only writer of the reserved metadata keys. With
    /// `audit` (an operator's run), the entry is written with the task, both or neither, its
    /// detail's `{outcome}` filled with the task's id.
    pub(crate) async fn enqueue_for_schedule(
        &self,
        spec: TaskSpec,
        audit: Option<AuditWrite>,
    ) -> Result<Enqueued, Error> {
        let mut out = self
            .enqueue_prepared(vec![spec], false, true, None, audit)
            .await?;
        Ok(out.remove(0))
    }

    /// Enqueues up to [`BATCH_MAX`] tasks atomically: all are written or none.
    pub async fn enqueue_batch(&self, specs: Vec<TaskSpec>) -> Result<Vec<Enqueued>, Error> {
        if specs.is_empty() {
            return Err(Error::invalid("empty_batch", "the batch has no tasks"));
        }
        if specs.len() > BATCH_MAX {
            return Err(Error::exhausted(
                "batch_too_large",
                format!(
                    "the batch has {} tasks; the limit is {BATCH_MAX}",
                    specs.len()
                ),
            ));
        }
        self.enqueue_prepared(specs, true, false, None, None).await
    }

    /// `scheduled`: the task comes from a schedule and may carry the schedule metadata keys,
    /// which nobody else may set (they make schedule run events and history). `id` replaces the
    /// generated id of a single task. `audit`: written with the tasks, its `{outcome}` filled
    /// with their ids.
    async fn enqueue_prepared(
        &self,
        specs: Vec<TaskSpec>,
        batch: bool,
        scheduled: bool,
        id: Option<TaskId>,
        audit: Option<AuditWrite>,
    ) -> Result<Vec<Enqueued>, Error> {
        let now = self.now_ms();
        let mut tasks = Vec::with_capacity(specs.len());
        for (idx, spec) in specs.into_iter().enumerate() {
            let checked = if !scheduled
                && let Some(key) = spec
                    .metadata
                    .keys()
                    .find(|k| k.starts_with(SCHEDULE_META_PREFIX))
            {
                Err(Error::invalid(
                    "invalid_metadata",
                    format!(
                        "metadata key {:?} is reserved: keys under {SCHEDULE_META_PREFIX:?} are set by schedules",
                        truncate_for_message(key)
                    ),
                ))
            } else {
                self.prepare(spec, now)
            };
            match checked {
                Ok(task) => tasks.push(task),
                Err(Error::InvalidArgument { reason, message }) if batch => {
                    return Err(Error::invalid(reason, format!("task {idx}: {message}")));
                }
                Err(e) => return Err(e),
            }
        }
        if let (Some(id), [task]) = (id, tasks.as_mut_slice()) {
            task.id = id;
        }
        let mut new_queue = false;
        {
            let cache = self.inner.queue_cache.lock().expect("queue cache lock");
            for task in &tasks {
                if !cache.queues.iter().any(|q| q.name == task.queue) {
                    new_queue = true;
                }
            }
        }
        let queues: Vec<QueueName> = tasks.iter().map(|t| t.queue.clone()).collect();
        let states: Vec<TaskState> = tasks.iter().map(|t| t.state).collect();
        // Where a lease joins the writes ahead of it, idle pools are woken now: their lease
        // follows this insert into the same commit. The wake after the commit stays for the
        // case where it did not.
        if self.inner.store.lease_joins_pending_writes() && states.contains(&TaskState::Pending) {
            self.wake_workers_ahead();
        }
        let inserted = match audit {
            None => self.inner.store.insert_tasks(tasks, now).await?,
            Some(audit) => {
                let ids: Vec<&str> = tasks.iter().map(|t| t.id.as_str()).collect();
                let audit = audit.with_outcome(&ids.join(","));
                let (inserted, entry) = self
                    .inner
                    .store
                    .insert_tasks_audited(tasks, now, &audit)
                    .await?;
                self.announce_audit(entry).await;
                inserted
            }
        };
        if new_queue {
            self.invalidate_queue_cache();
        }
        let mut out = Vec::with_capacity(inserted.len());
        for ((inserted, queue), state) in inserted.into_iter().zip(&queues).zip(states) {
            match inserted {
                Inserted::Created(id) => {
                    self.record(queue, &id, state);
                    out.push(Enqueued {
                        id,
                        deduplicated: false,
                    });
                }
                Inserted::Duplicate(id) => out.push(Enqueued {
                    id,
                    deduplicated: true,
                }),
            }
        }
        self.wake_workers();
        Ok(out)
    }
}
