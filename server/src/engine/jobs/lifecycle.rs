//! A job run through its task's life: what an attempt records (its start, its output, its
//! figures) and the run's status following the task's fate, decided here and hooked into the
//! task's end paths in `lease.rs` and `tasks.rs` behind one metadata lookup, as schedules'
//! `runs.rs` is. Every write goes through the store's `update_job_run`, which refuses a status
//! or attempt that would go back ([`JobRunStatus::may_become`]), so a late writer (a worker
//! whose lease was lost) cannot undo a newer state. The hooks are best effort after the task's
//! own transition: a failed write is logged and the task's state stays the truth.

use crate::engine::events::{Event, JobLogNote};
use crate::engine::jobs::model::{
    JobEventStatus, JobLogState, JobLogStream, JobRunRecord, JobRunStatus, NewJobLogChunk,
};
use crate::engine::jobs::runs::{JOB_META_KEY, JOB_RUNNER_HANDLER, job_event};
use crate::engine::model::{LeasedTask, TaskId, TaskRecord, TaskState};
use crate::engine::retry::AttemptFailure;
use crate::engine::{Engine, Error};
use crate::store::JobRunWrite;

/// Most bytes of output tail a run's end event carries.
pub const JOB_RESULT_TAIL_BYTES: usize = 1_024;
/// Chunks read from the end of a log to make the tail.
const TAIL_CHUNKS: u64 = 32;

/// Whether `task` is a job run's task.
pub(crate) fn is_job_task(task: &LeasedTask) -> bool {
    task.handler.as_str() == JOB_RUNNER_HANDLER && task.metadata.contains_key(JOB_META_KEY)
}

fn is_job_record(task: &TaskRecord) -> bool {
    task.handler.as_str() == JOB_RUNNER_HANDLER && task.metadata.contains_key(JOB_META_KEY)
}

/// What one attempt came to, as the runner saw it; written onto the run before the attempt's
/// task transition decides the run's status.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct JobAttemptFigures {
    pub exit_code: Option<i64>,
    pub oom_killed: bool,
    pub timed_out: bool,
    pub peak_memory_bytes: Option<u64>,
    pub resolved_commit: Option<String>,
    pub error: Option<String>,
}

/// How a task's attempt ended, for the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AttemptEnd {
    Succeeded,
    /// Failed with a retry to come.
    Retrying,
    /// Failed for good (dead-lettered).
    Failed,
    Cancelled,
}

impl AttemptEnd {
    pub(crate) fn after(state: TaskState) -> Option<Self> {
        match state {
            TaskState::Succeeded => Some(Self::Succeeded),
            TaskState::Retrying => Some(Self::Retrying),
            TaskState::Dead => Some(Self::Failed),
            TaskState::Cancelled => Some(Self::Cancelled),
            _ => None,
        }
    }
}

impl Engine {
    /// The run a `job_runner` task carries (the run's id is the task's id).
    pub async fn job_run_of_task(&self, id: &TaskId) -> Result<Option<JobRunRecord>, Error> {
        Ok(self.inner.store.get_job_run(id).await?)
    }

    /// Appends output to a run's log, stamped now, capped at `job_output_bytes` (the store
    /// cuts the chunk that crosses the cap and writes its truncation marker once).
    pub async fn append_job_output(
        &self,
        run_id: &TaskId,
        chunks: Vec<(JobLogStream, Vec<u8>)>,
    ) -> Result<Option<JobLogState>, Error> {
        let at_ms = self.now_ms();
        let chunks = chunks
            .into_iter()
            .filter(|(_, data)| !data.is_empty())
            .map(|(stream, data)| NewJobLogChunk {
                stream,
                at_ms,
                data,
            })
            .collect::<Vec<_>>();
        if chunks.is_empty() {
            return Ok(None);
        }
        Ok(self
            .inner
            .store
            .append_job_log(run_id, chunks, self.inner.config.job_output_bytes)
            .await?)
    }

    /// The cap every run's log keeps (`WORKER_JOB_OUTPUT_BYTES`).
    pub fn job_output_cap(&self) -> u64 {
        self.inner.config.job_output_bytes
    }

    /// A run's log as a whole now: its totals and last seq.
    pub async fn job_log_state(&self, run_id: &TaskId) -> Result<JobLogState, Error> {
        Ok(self
            .inner
            .store
            .read_job_log(run_id, u64::MAX >> 1, 1)
            .await?
            .state)
    }

    /// Appends a summary of a run's output to the operator event log (see
    /// [`crate::engine::jobs::JobLogEvents`], which decides when and how much).
    pub async fn publish_job_log(&self, note: JobLogNote) {
        self.append(Event::JobLog(note)).await;
    }

    /// Writes an attempt's figures onto its run while the run is running at that attempt (the
    /// run's, as the handler read it at its start), so a worker whose lease was lost cannot
    /// write over the next attempt's; the status is left to the task's transition that follows.
    pub async fn record_job_attempt(
        &self,
        run_id: &TaskId,
        attempt: u32,
        figures: JobAttemptFigures,
    ) -> Result<(), Error> {
        let Some(mut run) = self.inner.store.get_job_run(run_id).await? else {
            return Ok(());
        };
        if run.status != JobRunStatus::Running || run.attempt != attempt {
            return Ok(());
        }
        run.exit_code = figures.exit_code;
        run.oom_killed = figures.oom_killed;
        run.timed_out = figures.timed_out;
        run.peak_memory_bytes = figures.peak_memory_bytes;
        if figures.resolved_commit.is_some() {
            run.resolved_commit = figures.resolved_commit;
        }
        run.error = figures.error;
        self.inner.store.update_job_run(run).await?;
        Ok(())
    }

    /// Whether the container of run `run_id` at `attempt` may keep running: its run's task is
    /// running at that attempt (the run's, see the runner) under a lease that has not expired, held by a worker not marked
    /// lost. A run this store does not know is not ours to judge (another store's node on the
    /// same Docker engine): it counts as live. When the store cannot answer, live too.
    pub async fn job_container_is_live(&self, run_id: &str, attempt: Option<u32>) -> bool {
        let Ok(id) = TaskId::parse(run_id) else {
            return true;
        };
        let detail = match self.inner.store.get_task(&id).await {
            Ok(Some(detail)) => detail,
            Ok(None) => {
                return !matches!(self.inner.store.get_job_run(&id).await, Ok(Some(_)));
            }
            Err(_) => return true,
        };
        let task = detail.task;
        if !is_job_record(&task) {
            return true;
        }
        let now = self.now_ms();
        let leased = task.state == TaskState::Running
            && task.lease_until_ms.is_some_and(|until| until > now);
        let Some(attempt) = attempt.filter(|_| leased) else {
            return leased;
        };
        // Containers are named and labelled by the run's attempt as the runner reckons it (the
        // run's count, which goes on across a replay, or the task's if that is ahead).
        match self.inner.store.get_job_run(&id).await {
            Ok(Some(run)) => attempt == run.attempt.max(task.attempts),
            Ok(None) => attempt == task.attempts,
            Err(_) => true,
        }
    }

    /// Records `running` for the job runs among `leased`: status running at the task's
    /// attempt (or the run's next, after an operator's replay of a finished run), the first
    /// start time, and the `running` event.
    pub(crate) async fn job_runs_started(&self, leased: &[LeasedTask]) {
        for task in leased.iter().filter(|t| is_job_task(t)) {
            if let Err(e) = self.job_run_started(task).await {
                tracing::warn!(run_id = %task.id, error = %e, "could not record a job run's start");
            }
        }
    }

    async fn job_run_started(&self, task: &LeasedTask) -> Result<(), Error> {
        let Some(mut run) = self.inner.store.get_job_run(&task.id).await? else {
            return Ok(());
        };
        let now = self.now_ms();
        run.attempt = if run.status.is_terminal() {
            run.attempt + 1
        } else {
            run.attempt.max(task.attempt)
        };
        run.status = JobRunStatus::Running;
        run.started_at_ms.get_or_insert(now);
        run.finished_at_ms = None;
        run.exit_code = None;
        run.oom_killed = false;
        run.timed_out = false;
        run.peak_memory_bytes = None;
        run.error = None;
        if self.write_run(run.clone()).await? {
            self.record_job_event(&run, JobEventStatus::Running, String::new(), now)
                .await;
        }
        Ok(())
    }

    /// How a job task's attempt ended, for a task leased here (`complete`, `fail`,
    /// `finish_cancelled`).
    pub(crate) async fn job_run_ended(
        &self,
        task: &LeasedTask,
        end: AttemptEnd,
        failure: Option<AttemptFailure>,
        error: &str,
    ) {
        if let Err(e) = self.end_job_run(&task.id, end, failure, error).await {
            tracing::warn!(run_id = %task.id, error = %e, "could not record a job run's end");
        }
    }

    /// How a task that was not leased here ended (cancelled while waiting, reclaimed after
    /// its worker vanished): one read of the task, done only on these rare paths, tells
    /// whether it is a job run's.
    pub(crate) async fn job_task_ended(
        &self,
        id: &TaskId,
        state: TaskState,
        failure: Option<AttemptFailure>,
        error: &str,
    ) {
        let Some(end) = AttemptEnd::after(state) else {
            return;
        };
        match self.inner.store.get_task(id).await {
            Ok(Some(detail)) if is_job_record(&detail.task) => {}
            Ok(_) => return,
            Err(e) => {
                tracing::debug!(error = %e, "job run: task unreadable");
                return;
            }
        }
        if let Err(e) = self.end_job_run(id, end, failure, error).await {
            tracing::warn!(run_id = %id, error = %e, "could not record a job run's end");
        }
    }

    async fn end_job_run(
        &self,
        id: &TaskId,
        end: AttemptEnd,
        failure: Option<AttemptFailure>,
        error: &str,
    ) -> Result<(), Error> {
        let Some(mut run) = self.inner.store.get_job_run(id).await? else {
            return Ok(());
        };
        let now = self.now_ms();
        let (state, tail) = self.log_tail(id).await;
        if let Some(state) = state {
            run.output_bytes = state.output_bytes();
            run.truncated = state.truncated;
        }
        if failure == Some(AttemptFailure::Timeout) {
            run.timed_out = true;
        }
        if end != AttemptEnd::Succeeded && run.error.is_none() && !error.is_empty() {
            run.error = Some(error.to_owned());
        }
        let event_status = match end {
            AttemptEnd::Succeeded => {
                run.status = JobRunStatus::Succeeded;
                run.error = None;
                JobEventStatus::Succeeded
            }
            AttemptEnd::Failed => {
                run.status = JobRunStatus::Failed;
                JobEventStatus::Failed
            }
            AttemptEnd::Cancelled => {
                run.status = JobRunStatus::Cancelled;
                JobEventStatus::Cancelled
            }
            AttemptEnd::Retrying => JobEventStatus::Retrying,
        };
        // The retrying event reports the attempt that ended; the run moves on to the next.
        let mut ended = run.clone();
        if end == AttemptEnd::Retrying {
            ended.finished_at_ms = Some(now);
            run.status = JobRunStatus::Queued;
            run.attempt += 1;
        } else {
            run.finished_at_ms = Some(now);
            ended = run.clone();
        }
        if self.write_run(run).await? {
            self.record_job_event(&ended, event_status, tail, now).await;
        }
        Ok(())
    }

    /// An operator ran tasks again (a DLQ replay, a retry): a finished job run among them
    /// follows its task, back to `queued` at its next attempt (the attempt number continues,
    /// as `may_become` allows only forward), with a `queued` job event, so the run does not
    /// read failed while its task waits to run again. One run read per id, so callers pass only
    /// ids that may be job runs (a replay filters by the DLQ's `job_runner` entries, see
    /// `bulk.rs`); best effort after the tasks' change (a failed write is logged, and the run
    /// moves on when it is leased).
    pub(crate) async fn job_runs_requeued(&self, ids: &[TaskId]) {
        for id in ids {
            let run = match self.inner.store.get_job_run(id).await {
                Ok(Some(run)) if run.status.is_terminal() => run,
                // Not a job run, or one still on its way (a retry of a waiting task).
                Ok(_) => continue,
                Err(e) => {
                    tracing::warn!(run_id = %id, error = %e, "could not read a job run whose task was run again");
                    continue;
                }
            };
            let now = self.now_ms();
            let mut next = run;
            next.status = JobRunStatus::Queued;
            next.attempt += 1;
            next.finished_at_ms = None;
            next.exit_code = None;
            next.oom_killed = false;
            next.timed_out = false;
            next.peak_memory_bytes = None;
            next.error = None;
            match self.write_run(next.clone()).await {
                Ok(true) => {
                    self.record_job_event(&next, JobEventStatus::Queued, String::new(), now)
                        .await
                }
                Ok(false) => {}
                Err(e) => {
                    tracing::warn!(run_id = %id, error = %e, "could not requeue a job run whose task was run again");
                }
            }
        }
    }

    /// Writes `run`; false when the store refused it as going back (a newer write won).
    async fn write_run(&self, run: JobRunRecord) -> Result<bool, Error> {
        let id = run.run_id.clone();
        match self.inner.store.update_job_run(run).await? {
            JobRunWrite::Written => Ok(true),
            JobRunWrite::Refused(stored) => {
                tracing::debug!(run_id = %id, status = %stored.status, attempt = stored.attempt, "a job run write lost to a newer one");
                Ok(false)
            }
            JobRunWrite::NotFound => Ok(false),
        }
    }

    async fn record_job_event(
        &self,
        run: &JobRunRecord,
        status: JobEventStatus,
        result: String,
        now: i64,
    ) {
        let mut event = job_event(run, status, now);
        event.result = result;
        self.publish_job_event(event).await;
    }

    /// The log's totals and the last [`JOB_RESULT_TAIL_BYTES`] of its stdout and stderr.
    async fn log_tail(&self, id: &TaskId) -> (Option<JobLogState>, String) {
        let store = &self.inner.store;
        let Ok(head) = store.read_job_log(id, u64::MAX >> 1, 1).await else {
            return (None, String::new());
        };
        let last = head.state.last_seq;
        let from = last.saturating_sub(TAIL_CHUNKS);
        let Ok(page) = store.read_job_log(id, from, TAIL_CHUNKS as u32).await else {
            return (Some(head.state), String::new());
        };
        let bytes: Vec<u8> = page
            .chunks
            .iter()
            .filter(|c| matches!(c.stream, JobLogStream::Stdout | JobLogStream::Stderr))
            .flat_map(|c| c.data.iter().copied())
            .collect();
        let start = bytes.len().saturating_sub(JOB_RESULT_TAIL_BYTES);
        let text = String::from_utf8_lossy(&bytes[start..]);
        // A cut through a character shows as one replacement character; drop it.
        let text = text.trim_start_matches('\u{fffd}').to_owned();
        (Some(page.state), text)
    }
}
