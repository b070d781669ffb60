//! Making a job run: the run record with its spec snapshot, then the `job_runner` task that
//! carries it through the task lifecycle (lease, retries, timeout, cancel, DLQ).

use std::collections::BTreeMap;

use crate::engine::audit::{AuditEntry, AuditWrite};
use crate::engine::events::{Event, JobNote};
use crate::engine::jobs::model::{
    JobEventRecord, JobEventStatus, JobRunRecord, JobRunStatus, JobTrigger,
};
use crate::engine::model::{JobName, ScheduleName, TaskId, TaskSpec, truncate_for_message};
use crate::engine::{Engine, Error};
use crate::store::JobRunWrite;

/// The handler every job run's task is registered under.
pub const JOB_RUNNER_HANDLER: &str = "job_runner";
/// The task metadata key that names a run's job (so `task ls` shows whose run a task is).
pub const JOB_META_KEY: &str = "job";

impl Engine {
    /// Makes a run of job `name`: writes the run record (status queued, attempt 1, a snapshot
    /// of the spec as it is now, so a later edit of the job does not change this run), then
    /// enqueues its `job_runner` task under the run's id, then records the `queued` job event.
    ///
    /// The record is written before the task so no worker can lease a run whose record is
    /// missing. If the enqueue fails (a paused store, a full disk) the record is marked failed
    /// with the error, so nothing stays queued that no task will ever run.
    pub async fn run_job(
        &self,
        name: &JobName,
        trigger: JobTrigger,
    ) -> Result<JobRunRecord, Error> {
        self.make_run(name, trigger, None).await
    }

    /// [`Engine::run_job`] for an operator's `RunJob`: `audit` is written with the run record,
    /// both or neither, so no run exists without its entry. (If the task then cannot be
    /// enqueued the run is marked failed, and the API records the failure beside the entry.)
    pub async fn run_job_audited(
        &self,
        name: &JobName,
        trigger: JobTrigger,
        audit: AuditEntry,
    ) -> Result<JobRunRecord, Error> {
        self.make_run(name, trigger, Some(audit)).await
    }

    async fn make_run(
        &self,
        name: &JobName,
        trigger: JobTrigger,
        audit: Option<AuditEntry>,
    ) -> Result<JobRunRecord, Error> {
        let audit = audit.map(|entry| self.audit_write(entry));
        let plan = RunPlan {
            run_id: TaskId::generate(),
            audit,
            ..RunPlan::default()
        };
        self.make_planned_run(name, trigger, plan).await
    }

    /// Makes (or, for a fire another node already made, finds) the run of job `name` for one
    /// fire of schedule `schedule`: the run's id and the task's idempotency key come from the
    /// fire, so any number of nodes firing it leave one run and one task. Returns the run's
    /// id (its task's id).
    pub(crate) async fn run_job_for_schedule(
        &self,
        name: &JobName,
        schedule: &ScheduleName,
        plan: RunPlan,
    ) -> Result<TaskId, Error> {
        let trigger = JobTrigger::Schedule {
            name: schedule.clone(),
        };
        Ok(self.make_planned_run(name, trigger, plan).await?.run_id)
    }

    async fn make_planned_run(
        &self,
        name: &JobName,
        trigger: JobTrigger,
        plan: RunPlan,
    ) -> Result<JobRunRecord, Error> {
        let store = &self.inner.store;
        let job = store
            .get_job(name)
            .await?
            .ok_or_else(|| job_not_found(name))?;
        let now = self.now_ms();
        let run_id = plan.run_id;
        let run = JobRunRecord {
            run_id: run_id.clone(),
            job: name.clone(),
            spec: job.spec.clone(),
            status: JobRunStatus::Queued,
            trigger,
            queued_at_ms: now,
            started_at_ms: None,
            finished_at_ms: None,
            attempt: 1,
            exit_code: None,
            oom_killed: false,
            timed_out: false,
            peak_memory_bytes: None,
            resolved_commit: None,
            error: None,
            output_bytes: 0,
            truncated: false,
        };
        let audit = plan.audit.map(|a| a.with_outcome(run_id.as_str()));
        let (inserted, entry) = store.insert_job_run(run.clone(), audit.as_ref()).await?;
        if let Some(entry) = entry {
            self.announce_audit(entry).await;
        }
        if inserted {
            // Before the task exists: a worker may lease it the moment it does, and its
            // `running` must follow this. The run exists and will run whatever happens to its
            // event; a failed write is logged. Only the node that made the run records it, so
            // a fire has one `queued`.
            self.publish_job_event(job_event(&run, JobEventStatus::Queued, now))
                .await;
        }
        if !inserted {
            // Another node made this fire's run first (same id). Its task is made once more
            // below, which the store answers with the same task, unless the run has moved on
            // (its task exists then, or could not be made and the run says so).
            let existing = store
                .get_job_run(&run_id)
                .await?
                .ok_or_else(|| Error::Unavailable(format!("job run {run_id} vanished")))?;
            if existing.status != JobRunStatus::Queued {
                return Ok(existing);
            }
        }
        let payload = serde_json::json!({ "job": name.as_str(), "run_id": run_id.to_string() });
        let mut metadata = plan.metadata;
        metadata.insert(JOB_META_KEY.to_owned(), name.to_string());
        let task = TaskSpec {
            handler: JOB_RUNNER_HANDLER.to_owned(),
            queue: job.spec.queue.to_string(),
            payload: payload.to_string().into_bytes(),
            max_retries: Some(job.spec.retries),
            timeout_ms: job.spec.timeout_ms,
            run_at_ms: plan.run_at_ms,
            idempotency_key: plan.idempotency_key,
            metadata,
            ..TaskSpec::default()
        };
        if let Err(e) = self
            .enqueue_job_task(task, run_id.clone(), plan.scheduled)
            .await
        {
            // A task under this id that exists already is this run's (made by another node
            // firing the same time): the enqueue is done.
            if matches!(store.get_task(&run_id).await, Ok(Some(_))) {
                return Ok(run);
            }
            if inserted {
                let mut failed = run.clone();
                failed.status = JobRunStatus::Failed;
                failed.finished_at_ms = Some(self.now_ms());
                failed.error = Some(format!("the run's task could not be enqueued: {e}"));
                match store.update_job_run(failed.clone()).await {
                    Ok(JobRunWrite::Written) => {
                        let at = failed.finished_at_ms.unwrap_or(now);
                        self.publish_job_event(job_event(&failed, JobEventStatus::Failed, at))
                            .await;
                    }
                    Ok(_) => {}
                    Err(mark) => {
                        tracing::error!(run_id = %run.run_id, error = %mark, "could not mark a job run whose task was not enqueued as failed");
                    }
                }
            }
            return Err(e);
        }
        Ok(run)
    }

    /// Records a job event in the job store and then, as a [`JobNote`], in the operator event
    /// log, so followers of the event stream see the run's progress. Best effort, after the
    /// run's own write: a failed write misses one line of history and is logged, the run's
    /// record stays the truth.
    pub(crate) async fn publish_job_event(&self, event: JobEventRecord) {
        let note = job_note(&event);
        if let Some(sink) = &self.inner.job_event_sink {
            sink.record(&event);
        }
        if let Err(e) = self.inner.store.append_job_events(&[event]).await {
            tracing::warn!(run_id = %note.run_id, status = %note.status, error = %e, "could not record a job event");
        }
        self.append(Event::Job(note)).await;
    }
}

/// The event log's copy of a job event: no command, source, env or output (see [`JobNote`]).
fn job_note(event: &JobEventRecord) -> JobNote {
    JobNote {
        run_id: event.task_id.to_string(),
        job: event.name.to_string(),
        status: event.status.as_str().to_owned(),
        attempt: event.attempt,
        queue: event.queue.clone(),
        schedule: event.schedule_name.as_ref().map(|s| s.to_string()),
        started_at_ms: event.started_at_ms,
        finished_at_ms: event.finished_at_ms,
        duration_ms: event.duration_ms,
        error: event.error.clone(),
    }
}

/// The job event of `run` at `status`, with the run's source and trigger as the reference's
/// `JobEvent` carries them.
pub(crate) fn job_event(run: &JobRunRecord, status: JobEventStatus, at_ms: i64) -> JobEventRecord {
    let schedule_name = match &run.trigger {
        JobTrigger::Schedule { name } => Some(name.clone()),
        JobTrigger::Manual { .. } => None,
    };
    JobEventRecord {
        task_id: run.run_id.clone(),
        name: run.job.clone(),
        status,
        queue: run.spec.queue.to_string(),
        source: run.spec.source.clone(),
        path: run.spec.path.clone(),
        dockerfile: run.spec.dockerfile.clone(),
        command: run.spec.command.clone(),
        schedule_name,
        schedule_spec: String::new(),
        started_at_ms: run.started_at_ms,
        finished_at_ms: run.finished_at_ms,
        duration_ms: run.duration_ms(),
        result: String::new(),
        error: run.error.clone().unwrap_or_default(),
        metadata: BTreeMap::new(),
        attempt: run.attempt,
        at_ms,
    }
}

/// How a run is made beyond its job and trigger: by an operator's `RunJob` (a new id and the
/// audit entry) or by a schedule's fire (an id and idempotency key derived from the fire, the
/// schedule's metadata, the fire's time, and for a manual run of the schedule its entry).
#[derive(Debug)]
pub(crate) struct RunPlan {
    pub run_id: TaskId,
    pub audit: Option<AuditWrite>,
    /// Added to the task's metadata (the schedule's keys when `scheduled`).
    pub metadata: BTreeMap<String, String>,
    pub run_at_ms: i64,
    pub idempotency_key: String,
    /// The task may carry the schedule metadata keys.
    pub scheduled: bool,
}

impl Default for RunPlan {
    fn default() -> Self {
        Self {
            run_id: TaskId::generate(),
            audit: None,
            metadata: BTreeMap::new(),
            run_at_ms: 0,
            idempotency_key: String::new(),
            scheduled: false,
        }
    }
}

pub(crate) fn job_not_found(name: &JobName) -> Error {
    Error::not_found(
        "job_not_found",
        format!(
            "job {:?} does not exist",
            truncate_for_message(name.as_str())
        ),
    )
}
