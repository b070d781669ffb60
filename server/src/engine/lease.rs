//! Leases: fair queue choice for workers, the end of an attempt (complete, fail, cancel, release),
//! lease extension and the reclaiming of expired leases.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use tokio_util::sync::CancellationToken;

use crate::engine::jobs::lifecycle::{AttemptEnd, is_job_task};
use crate::engine::maintenance::MAINTENANCE_BATCH;
use crate::engine::model::{
    HandlerName, LeaseToken, LeasedTask, QueueName, TaskId, TaskState, WorkerId,
};
use crate::engine::retry::{self, AfterFailure, AttemptFailure};
use crate::engine::schedules::ScheduleEventStatus;
use crate::engine::schedules::is_schedule_task;
use crate::engine::{Engine, Error, truncate_error};
use crate::store::{Extended, FailNext, LeaseRequest};

/// How long the cached queue registry serves lease rounds before it is read again.
const QUEUE_CACHE_TTL: Duration = Duration::from_secs(1);

#[derive(Clone, Debug)]
pub(super) struct QueueCacheEntry {
    pub(super) name: QueueName,
    weight: u32,
    paused: bool,
}

/// The queue registry as lease rounds last read it.
#[derive(Debug, Default)]
pub(super) struct QueueCache {
    pub(super) loaded: Option<Instant>,
    pub(super) queues: Vec<QueueCacheEntry>,
}

impl Engine {
    async fn lease_candidates(&self) -> Result<Vec<QueueCacheEntry>, Error> {
        {
            let cache = self.inner.queue_cache.lock().expect("queue cache lock");
            if cache
                .loaded
                .is_some_and(|at| at.elapsed() < QUEUE_CACHE_TTL)
            {
                return Ok(cache.queues.clone());
            }
        }
        let records = self.inner.store.list_queues().await?;
        let queues: Vec<QueueCacheEntry> = records
            .into_iter()
            .map(|r| QueueCacheEntry {
                weight: r
                    .weight_override
                    .unwrap_or_else(|| self.inner.config.default_weight(r.name.as_str())),
                paused: r.paused,
                name: r.name,
            })
            .collect();
        let mut cache = self.inner.queue_cache.lock().expect("queue cache lock");
        cache.loaded = Some(Instant::now());
        cache.queues = queues.clone();
        Ok(queues)
    }

    /// Leases up to `n` tasks for `worker`, choosing queues by weight. Only tasks of `handlers`
    /// are taken; `queues` (when given) restricts the choice.
    pub async fn lease(
        &self,
        worker: &WorkerId,
        handlers: &[HandlerName],
        queues: Option<&[QueueName]>,
        n: u32,
    ) -> Result<Vec<LeasedTask>, Error> {
        if n == 0 || handlers.is_empty() {
            return Ok(Vec::new());
        }
        let candidates: Vec<QueueCacheEntry> = self
            .lease_candidates()
            .await?
            .into_iter()
            .filter(|q| !q.paused && q.weight > 0)
            .filter(|q| queues.is_none_or(|allowed| allowed.contains(&q.name)))
            .collect();
        let mut dry: HashSet<QueueName> = HashSet::new();
        let mut leased: Vec<LeasedTask> = Vec::new();
        // A queue that runs dry hands its share to the others; at most one extra round per queue.
        for _ in 0..=candidates.len() {
            let wanted = n - leased.len() as u32;
            if wanted == 0 {
                break;
            }
            let live: Vec<&QueueCacheEntry> = candidates
                .iter()
                .filter(|q| !dry.contains(&q.name))
                .collect();
            if live.is_empty() {
                break;
            }
            let plan: Vec<(QueueName, u32)> = {
                let weights: Vec<(&str, u32)> =
                    live.iter().map(|q| (q.name.as_str(), q.weight)).collect();
                let mut fair = self.inner.fair.lock().expect("fair scheduler lock");
                fair.plan(&weights, wanted)
                    .into_iter()
                    .map(|(idx, count)| (live[idx].name.clone(), count))
                    .collect()
            };
            let now = self.now_ms();
            let result = self
                .inner
                .store
                .lease(LeaseRequest {
                    worker_id: worker.clone(),
                    plan,
                    handlers: handlers.to_vec(),
                    now_ms: now,
                    lease_until_ms: now + self.inner.config.lease_ms,
                    rate_limit: self.inner.config.rate_limit,
                })
                .await?;
            for task in &result.tasks {
                self.record(&task.queue, &task.id, TaskState::Running);
            }
            leased.extend(result.tasks);
            if result.dequeue_paused || result.rate_limited || result.short.is_empty() {
                break;
            }
            let mut fair = self.inner.fair.lock().expect("fair scheduler lock");
            for queue in result.short {
                fair.reset(queue.as_str());
                dry.insert(queue);
            }
        }
        if leased.iter().any(is_schedule_task) {
            self.schedule_runs_started(&leased).await;
        }
        if leased.iter().any(is_job_task) {
            self.job_runs_started(&leased).await;
        }
        Ok(leased)
    }

    /// Marks a leased task succeeded.
    pub async fn complete(&self, task: &LeasedTask) -> Result<(), Error> {
        self.inner
            .store
            .complete(&task.id, task.token, self.now_ms())
            .await?;
        self.record(&task.queue, &task.id, TaskState::Succeeded);
        if is_schedule_task(task) {
            self.schedule_run_ended(task, ScheduleEventStatus::Succeeded, "")
                .await;
        }
        if is_job_task(task) {
            self.job_run_ended(task, AttemptEnd::Succeeded, None, "")
                .await;
        }
        Ok(())
    }

    /// Ends a failed attempt: retried with backoff while attempts remain, dead-lettered after.
    /// Returns the next state.
    pub async fn fail(
        &self,
        task: &LeasedTask,
        failure: AttemptFailure,
        error: &str,
    ) -> Result<TaskState, Error> {
        let state = self
            .fail_attempt(
                &task.id,
                task.token,
                &task.queue,
                task.attempt,
                task.max_retries,
                failure,
                error,
            )
            .await?;
        if is_schedule_task(task) {
            let status = if state == TaskState::Dead {
                ScheduleEventStatus::Dead
            } else {
                ScheduleEventStatus::Failed
            };
            self.schedule_run_ended(task, status, error).await;
        }
        if is_job_task(task)
            && let Some(end) = AttemptEnd::after(state)
        {
            self.job_run_ended(task, end, Some(failure), error).await;
        }
        Ok(state)
    }

    #[allow(
        clippy::too_many_arguments,
        reason = "a lease's fields, passed apart so a reclaimed lease without a LeasedTask can fail too"
    )]
    async fn fail_attempt(
        &self,
        id: &TaskId,
        token: LeaseToken,
        queue: &QueueName,
        attempt: u32,
        max_retries: u32,
        failure: AttemptFailure,
        error: &str,
    ) -> Result<TaskState, Error> {
        let now = self.now_ms();
        let unit = self.inner.random.unit();
        let next = retry::after_failure(
            &self.inner.config.retry,
            failure,
            attempt,
            max_retries,
            now,
            unit,
        );
        let (next, state) = match next {
            AfterFailure::RetryAt(at) => (FailNext::RetryAt(at), TaskState::Retrying),
            AfterFailure::Dead(reason) => (FailNext::Dead(reason), TaskState::Dead),
        };
        self.inner
            .store
            .fail(id, token, &truncate_error(error), next, now)
            .await?;
        self.record(queue, id, state);
        if state == TaskState::Dead {
            self.dlq_changed(Some(queue), "dead", 1, 0).await;
        }
        Ok(state)
    }

    /// Records a running task as cancelled (its cancel was requested and it stopped).
    pub async fn finish_cancelled(&self, task: &LeasedTask, detail: &str) -> Result<(), Error> {
        self.inner
            .store
            .fail(
                &task.id,
                task.token,
                &truncate_error(detail),
                FailNext::Cancelled,
                self.now_ms(),
            )
            .await?;
        self.record(&task.queue, &task.id, TaskState::Cancelled);
        if is_schedule_task(task) {
            self.schedule_run_ended(task, ScheduleEventStatus::Cancelled, detail)
                .await;
        }
        if is_job_task(task) {
            self.job_run_ended(task, AttemptEnd::Cancelled, None, detail)
                .await;
        }
        Ok(())
    }

    /// Extends the leases of running tasks; see [`Extended`].
    pub async fn extend(&self, leases: &[(TaskId, LeaseToken)]) -> Result<Vec<Extended>, Error> {
        if leases.is_empty() {
            return Ok(Vec::new());
        }
        let now = self.now_ms();
        Ok(self
            .inner
            .store
            .extend(leases, now + self.inner.config.lease_ms, now)
            .await?)
    }

    /// Gives a leased task back without using up its attempt.
    pub async fn release(&self, task: &LeasedTask) -> Result<(), Error> {
        self.inner
            .store
            .release(&task.id, task.token, self.now_ms())
            .await?;
        self.record(&task.queue, &task.id, TaskState::Pending);
        self.wake_workers();
        Ok(())
    }

    /// Reclaims expired leases: each such attempt counts as failed; a task whose attempts ran out
    /// this way goes to the DLQ with reason `lease_expired`, and one whose cancel was requested
    /// becomes cancelled. Returns how many were reclaimed.
    pub async fn reclaim_expired(&self) -> Result<u64, Error> {
        let now = self.now_ms();
        let expired = self
            .inner
            .store
            .expired_leases(now, MAINTENANCE_BATCH)
            .await?;
        let mut reclaimed = 0;
        for lease in expired {
            let holder = lease
                .worker_id
                .as_ref()
                .map_or_else(|| "unknown".to_string(), ToString::to_string);
            let result = if lease.cancel_requested {
                self.inner
                    .store
                    .fail(
                        &lease.id,
                        lease.token,
                        &format!("cancelled; worker {holder} stopped heartbeating"),
                        FailNext::Cancelled,
                        now,
                    )
                    .await
                    .map_err(Error::from)
                    .map(|()| {
                        self.record(&lease.queue, &lease.id, TaskState::Cancelled);
                        TaskState::Cancelled
                    })
            } else {
                self.fail_attempt(
                    &lease.id,
                    lease.token,
                    &lease.queue,
                    lease.attempt,
                    lease.max_retries,
                    AttemptFailure::LeaseExpired,
                    &format!("lease expired: worker {holder} stopped heartbeating"),
                )
                .await
            };
            match result {
                Ok(state) => {
                    reclaimed += 1;
                    let status = match state {
                        TaskState::Dead => Some(ScheduleEventStatus::Dead),
                        TaskState::Cancelled => Some(ScheduleEventStatus::Cancelled),
                        TaskState::Retrying => Some(ScheduleEventStatus::Failed),
                        _ => None,
                    };
                    let error = format!("lease expired: worker {holder} stopped heartbeating");
                    if let Some(status) = status {
                        self.schedule_task_ended(&lease.id, status, &error).await;
                    }
                    self.job_task_ended(
                        &lease.id,
                        state,
                        Some(AttemptFailure::LeaseExpired),
                        &error,
                    )
                    .await;
                    tracing::warn!(task = %lease.id, worker = %holder, next = %state, "reclaimed an expired lease");
                }
                // The worker finished or another node reclaimed it first: nothing to do.
                Err(Error::LeaseLost) => {}
                Err(e) => return Err(e),
            }
        }
        if reclaimed > 0 {
            self.wake_workers();
        }
        Ok(reclaimed)
    }

    /// Registers a running task's cancellation signal so a cancel in this process reaches it.
    pub(crate) fn track_local_run(&self, id: &TaskId, token: CancellationToken) {
        self.inner
            .local_runs
            .lock()
            .expect("local runs lock")
            .insert(id.clone(), token);
    }

    pub(crate) fn untrack_local_run(&self, id: &TaskId) {
        self.inner
            .local_runs
            .lock()
            .expect("local runs lock")
            .remove(id);
    }
}
