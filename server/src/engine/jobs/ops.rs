//! Job operations the admin API serves: definitions (upsert, get, list, delete, each mutation
//! written with its audit entry), runs (list, get, cancel), their output logs (read and follow)
//! and job events. Everything handed out has its secret env values redacted.

use std::time::Duration;

use futures::Stream;

use crate::engine::audit::AuditEntry;
use crate::engine::jobs::model::{
    JobEventRecord, JobLogChunk, JobRecord, JobRunCursor, JobRunPage, JobRunRecord, JobRunStatus,
    JobSpec, REDACTED,
};
use crate::engine::jobs::runs::job_not_found;
use crate::engine::model::{CancelOutcome, JobName, TaskId, truncate_for_message};
use crate::engine::schedules::ScheduleTarget;
use crate::engine::{Engine, Error, page_limit};
use crate::store::JobLogPage;

/// Most log chunks one read returns.
pub const JOB_LOG_PAGE_MAX: u32 = 1_000;

/// What a listing of runs asks for.
#[derive(Clone, Debug, Default)]
pub struct JobRunQuery {
    pub job: Option<JobName>,
    pub status: Option<JobRunStatus>,
    /// The previous page's `next`.
    pub after: Option<JobRunCursor>,
    /// 0 is the default page; more than the maximum is clamped, as every listing is.
    pub limit: u32,
}

/// The record with its spec's secrets redacted: what the API hands out.
fn redacted_job(mut record: JobRecord) -> JobRecord {
    record.spec = record.spec.redacted();
    record
}

fn redacted_run(mut run: JobRunRecord) -> JobRunRecord {
    run.spec = run.spec.redacted();
    run
}

pub(crate) fn job_run_not_found(run_id: &TaskId) -> Error {
    Error::not_found(
        "job_run_not_found",
        format!(
            "job run {} does not exist",
            truncate_for_message(run_id.as_str())
        ),
    )
}

impl Engine {
    /// Creates or replaces a job (validated first; its creation time is kept across upserts)
    /// and writes `audit` with it, both or neither. A secret variable sent with the value
    /// [`REDACTED`] keeps the value stored under its name, so a definition read back (where
    /// secrets are redacted) and applied again does not overwrite its secrets. Returns the
    /// job, redacted, and whether it is new.
    pub async fn upsert_job(
        &self,
        mut spec: JobSpec,
        audit: AuditEntry,
    ) -> Result<(JobRecord, bool), Error> {
        spec.validate()?;
        let store = &self.inner.store;
        if spec.env.iter().any(|v| v.secret && v.value == REDACTED) {
            let stored = store.get_job(&spec.name).await?;
            for var in spec
                .env
                .iter_mut()
                .filter(|v| v.secret && v.value == REDACTED)
            {
                let kept = stored.as_ref().and_then(|job| {
                    job.spec
                        .env
                        .iter()
                        .find(|s| s.secret && s.name == var.name)
                        .map(|s| s.value.clone())
                });
                var.value = kept.ok_or_else(|| {
                    Error::invalid(
                        "invalid_job_env",
                        format!(
                            "secret {} is given as {REDACTED} but no value is stored for it",
                            var.name
                        ),
                    )
                })?;
            }
        }
        // A new job becomes a schedule factory of its name; one a live worker's handler
        // already has would make that name ambiguous for schedules.
        if store.get_job(&spec.name).await?.is_none()
            && self.live_handlers().await?.contains(spec.name.as_str())
        {
            return Err(Error::precondition(
                "job_name_conflict",
                format!(
                    "a live worker registers a handler named {:?}, and schedules name a handler or a job by its name: choose another job name",
                    truncate_for_message(spec.name.as_str())
                ),
            ));
        }
        let now = self.now_ms();
        let record = JobRecord {
            spec,
            created_at_ms: now,
            updated_at_ms: now,
            revision: 0,
        };
        let write = self.audit_write(audit);
        let (record, created, entry) = store.upsert_job(record, Some(&write)).await?;
        if let Some(entry) = entry {
            self.announce_audit(entry).await;
        }
        Ok((redacted_job(record), created))
    }

    /// One job, redacted.
    pub async fn get_job(&self, name: &JobName) -> Result<JobRecord, Error> {
        self.inner
            .store
            .get_job(name)
            .await?
            .map(redacted_job)
            .ok_or_else(|| job_not_found(name))
    }

    /// Every job by name, redacted.
    pub async fn list_jobs(&self) -> Result<Vec<JobRecord>, Error> {
        Ok(self
            .inner
            .store
            .list_jobs()
            .await?
            .into_iter()
            .map(redacted_job)
            .collect())
    }

    /// Deletes a job (its runs, logs and events stay) and writes `audit` with it, both or
    /// neither; `job_not_found` (nothing written) when there is none.
    /// A job a schedule runs is not deleted (`job_in_use_by_schedule`): delete the schedule
    /// first. (A schedule whose job is gone anyway, deleted in a race, records each fire as
    /// `skipped` with why.)
    pub async fn delete_job(&self, name: &JobName, audit: AuditEntry) -> Result<(), Error> {
        let users: Vec<String> = self
            .inner
            .store
            .list_schedules()
            .await?
            .into_iter()
            .filter(|s| s.target == ScheduleTarget::Job && s.task.handler == name.as_str())
            .map(|s| s.name.to_string())
            .collect();
        if !users.is_empty() {
            return Err(Error::precondition(
                "job_in_use_by_schedule",
                format!(
                    "job {:?} is run by schedule{} {}; delete {} first",
                    truncate_for_message(name.as_str()),
                    if users.len() == 1 { "" } else { "s" },
                    users.join(", "),
                    if users.len() == 1 { "it" } else { "them" },
                ),
            ));
        }
        let write = self.audit_write(audit);
        let (deleted, entry) = self.inner.store.delete_job(name, Some(&write)).await?;
        if !deleted {
            return Err(job_not_found(name));
        }
        if let Some(entry) = entry {
            self.announce_audit(entry).await;
        }
        Ok(())
    }

    /// A page of runs, newest first, redacted.
    pub async fn list_job_runs(&self, query: &JobRunQuery) -> Result<JobRunPage, Error> {
        let page = self
            .inner
            .store
            .list_job_runs(
                query.job.as_ref(),
                query.status,
                query.after.as_ref(),
                page_limit(query.limit),
            )
            .await?;
        Ok(JobRunPage {
            runs: page.runs.into_iter().map(redacted_run).collect(),
            next: page.next,
        })
    }

    /// One run, redacted.
    pub async fn get_job_run(&self, run_id: &TaskId) -> Result<JobRunRecord, Error> {
        self.inner
            .store
            .get_job_run(run_id)
            .await?
            .map(redacted_run)
            .ok_or_else(|| job_run_not_found(run_id))
    }

    /// Up to `limit` chunks of a run's log after `after_seq` (0: from the start), with the
    /// log's totals; `job_run_not_found` for an unknown run.
    pub async fn read_job_log(
        &self,
        run_id: &TaskId,
        after_seq: u64,
        limit: u32,
    ) -> Result<JobLogPage, Error> {
        let store = &self.inner.store;
        if store.get_job_run(run_id).await?.is_none() {
            return Err(job_run_not_found(run_id));
        }
        let limit = match limit {
            0 => JOB_LOG_PAGE_MAX,
            n => n.min(JOB_LOG_PAGE_MAX),
        };
        Ok(store.read_job_log(run_id, after_seq, limit).await?)
    }

    /// Follows a run's log from after `after_seq`: what is stored first, then new chunks as
    /// they are appended (by any node: the store is read every `poll` while nothing new
    /// arrives). Ends once the run has ended and every chunk written before its end was sent.
    /// `job_run_not_found` (as the stream's only item) for an unknown run.
    pub fn follow_job_log(
        &self,
        run_id: TaskId,
        after_seq: u64,
        poll: Duration,
    ) -> impl Stream<Item = Result<JobLogChunk, Error>> + Send + 'static {
        struct State {
            engine: Engine,
            run_id: TaskId,
            /// The newest chunk fetched (handed out or in `buffer`).
            after: u64,
            buffer: std::collections::VecDeque<JobLogChunk>,
            poll: Duration,
            /// The last read found nothing new: wait before the next.
            idle: bool,
            done: bool,
        }
        let state = State {
            engine: self.clone(),
            run_id,
            after: after_seq,
            buffer: Default::default(),
            poll,
            idle: false,
            done: false,
        };
        futures::stream::unfold(state, |mut st| async move {
            loop {
                if let Some(chunk) = st.buffer.pop_front() {
                    return Some((Ok(chunk), st));
                }
                if st.done {
                    return None;
                }
                if st.idle {
                    tokio::time::sleep(st.poll).await;
                }
                let store = &st.engine.inner.store;
                // The run's status is read before its log: a run seen ended has written all
                // its output, so the read that follows drains it and the stream may end.
                let ended = match store.get_job_run(&st.run_id).await {
                    Ok(Some(run)) => run.status.is_terminal(),
                    Ok(None) => {
                        st.done = true;
                        return Some((Err(job_run_not_found(&st.run_id)), st));
                    }
                    Err(e) => {
                        st.done = true;
                        return Some((Err(e.into()), st));
                    }
                };
                let page = match store
                    .read_job_log(&st.run_id, st.after, JOB_LOG_PAGE_MAX)
                    .await
                {
                    Ok(page) => page,
                    Err(e) => {
                        st.done = true;
                        return Some((Err(e.into()), st));
                    }
                };
                let full = page.chunks.len() as u32 >= JOB_LOG_PAGE_MAX;
                if let Some(last) = page.chunks.last() {
                    st.after = last.seq;
                }
                st.idle = page.chunks.is_empty();
                st.buffer.extend(page.chunks);
                // A full page may have more behind it: read again before ending.
                st.done = ended && !full;
            }
        })
    }

    /// Job events, newest first; only `name`'s when given.
    pub async fn list_job_events(
        &self,
        name: Option<&JobName>,
        limit: u32,
    ) -> Result<Vec<JobEventRecord>, Error> {
        Ok(self
            .inner
            .store
            .list_job_events(name, page_limit(limit))
            .await?)
    }

    /// Cancels a run: its task is cancelled (a waiting one at once, a running one told to
    /// stop), with `audit` written with it as `CancelTask` writes it. A run cancelled while it
    /// waited is marked cancelled here, since no worker will pick it up to say so. Returns the
    /// task's outcome and the run as it is now, redacted.
    pub async fn cancel_job_run(
        &self,
        run_id: &TaskId,
        audit: AuditEntry,
    ) -> Result<(CancelOutcome, JobRunRecord), Error> {
        let store = &self.inner.store;
        if store.get_job_run(run_id).await?.is_none() {
            return Err(job_run_not_found(run_id));
        }
        let outcome = self.cancel_task(run_id, audit).await?;
        if outcome == CancelOutcome::Cancelled {
            self.mark_run_cancelled(run_id).await;
        }
        let run = self.get_job_run(run_id).await?;
        Ok((outcome, run))
    }

    /// Marks a run whose waiting task was cancelled as cancelled, with its event.
    async fn mark_run_cancelled(&self, run_id: &TaskId) {
        match self.inner.store.get_job_run(run_id).await {
            Ok(Some(run)) if !run.status.is_terminal() => {
                self.cancel_waiting_run(run, "cancelled before it ran")
                    .await
            }
            Ok(_) => {}
            Err(e) => {
                tracing::warn!(run_id = %run_id, error = %e, "could not read a cancelled job run");
            }
        }
    }
}
