//! Containerized jobs on sqlite: definitions under a revision, runs with their status check,
//! output logs with the per-run cap, events, and the sweep of old history.
//!
//! Jobs, runs and events are kept as the engine's JSON records beside the columns that are
//! compared, listed or swept, so the records can grow without a migration.

use async_trait::async_trait;
use rusqlite::{Connection, OptionalExtension, params};

use crate::engine::audit::{AuditRecord, AuditWrite};
use crate::engine::jobs::{
    JobEventRecord, JobLogChunk, JobLogState, JobLogStream, JobRecord, JobRunCursor, JobRunPage,
    JobRunRecord, JobRunStatus, NewJobLogChunk, truncation_marker,
};
use crate::engine::model::{JobName, TaskId};
use crate::store::sqlite::SqliteStore;
use crate::store::sqlite::audit::insert_audit;
use crate::store::{JobLogPage, JobRunWrite, JobStore, JobSweep, JobSweepCounts, StoreError};

fn encode<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value)
        .map_err(|e| StoreError::Internal(format!("cannot encode a job record: {e}")))
}

fn decode<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, StoreError> {
    serde_json::from_str(text)
        .map_err(|e| StoreError::Internal(format!("cannot decode a stored job record: {e}")))
}

fn decode_job(revision: i64, text: &str) -> Result<JobRecord, StoreError> {
    let mut record: JobRecord = decode(text)?;
    record.revision = revision;
    Ok(record)
}

/// The finish time a run row carries: set only once the run has ended, so retention never
/// takes a run that is still going.
fn finished_column(run: &JobRunRecord) -> Option<i64> {
    run.status
        .is_terminal()
        .then(|| run.finished_at_ms.unwrap_or(run.queued_at_ms))
}

fn write_run(conn: &Connection, run: &JobRunRecord, text: &str) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO job_runs (run_id, job, status, attempt, queued_at_ms, finished_at_ms, record)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (run_id) DO UPDATE SET status = excluded.status, attempt = excluded.attempt,
             queued_at_ms = excluded.queued_at_ms, finished_at_ms = excluded.finished_at_ms,
             record = excluded.record",
    )?
    .execute(params![
        run.run_id.as_str(),
        run.job.as_str(),
        run.status.as_str(),
        run.attempt,
        run.queued_at_ms,
        finished_column(run),
        text
    ])?;
    Ok(())
}

fn log_state(conn: &Connection, run_id: &str) -> Result<JobLogState, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT stored_bytes, dropped_bytes, truncated, last_seq FROM job_log_state
             WHERE run_id = ?1",
        )?
        .query_row([run_id], |r| {
            Ok(JobLogState {
                stored_bytes: r.get::<_, i64>(0)? as u64,
                dropped_bytes: r.get::<_, i64>(1)? as u64,
                truncated: r.get(2)?,
                last_seq: r.get::<_, i64>(3)? as u64,
            })
        })
        .optional()?
        .unwrap_or_default())
}

fn append_log(
    conn: &Connection,
    run_id: &str,
    chunks: &[NewJobLogChunk],
    cap: u64,
) -> Result<JobLogState, StoreError> {
    let mut state = log_state(conn, run_id)?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO job_logs (run_id, seq, stream, at_ms, data) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut put = |state: &mut JobLogState, stream: JobLogStream, at_ms: i64, data: &[u8]| {
        state.last_seq += 1;
        insert
            .execute(params![
                run_id,
                state.last_seq as i64,
                stream.as_str(),
                at_ms,
                data
            ])
            .map(|_| ())
    };
    for chunk in chunks.iter().filter(|c| !c.data.is_empty()) {
        let len = chunk.data.len() as u64;
        if state.truncated {
            state.dropped_bytes += len;
            continue;
        }
        let room = cap.saturating_sub(state.stored_bytes);
        if len <= room {
            put(&mut state, chunk.stream, chunk.at_ms, &chunk.data)?;
            state.stored_bytes += len;
            continue;
        }
        if room > 0 {
            put(
                &mut state,
                chunk.stream,
                chunk.at_ms,
                &chunk.data[..room as usize],
            )?;
            state.stored_bytes += room;
        }
        put(
            &mut state,
            JobLogStream::System,
            chunk.at_ms,
            &truncation_marker(cap),
        )?;
        state.truncated = true;
        state.dropped_bytes += len - room;
    }
    conn.prepare_cached(
        "INSERT INTO job_log_state (run_id, stored_bytes, dropped_bytes, truncated, last_seq)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (run_id) DO UPDATE SET stored_bytes = excluded.stored_bytes,
             dropped_bytes = excluded.dropped_bytes, truncated = excluded.truncated,
             last_seq = excluded.last_seq",
    )?
    .execute(params![
        run_id,
        state.stored_bytes as i64,
        state.dropped_bytes as i64,
        state.truncated,
        state.last_seq as i64
    ])?;
    Ok(state)
}

/// The runs of one job beyond its newest `keep`, finished before `before`, at most `limit`.
fn old_runs(
    conn: &Connection,
    job: &str,
    sweep: &JobSweep,
    limit: u32,
) -> Result<Vec<String>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT run_id FROM (
                 SELECT run_id, finished_at_ms FROM job_runs WHERE job = ?1
                 ORDER BY queued_at_ms DESC, run_id DESC LIMIT -1 OFFSET ?2)
             WHERE finished_at_ms < ?3 LIMIT ?4",
        )?
        .query_map(
            params![job, sweep.keep_runs_per_job, sweep.before_ms, limit],
            |r| r.get(0),
        )?
        .collect::<Result<_, _>>()?)
}

/// The events of one name beyond its newest `keep`, recorded before `before`, at most `limit`.
fn old_events(
    conn: &Connection,
    name: &str,
    sweep: &JobSweep,
    limit: u32,
) -> Result<Vec<i64>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT seq FROM (
                 SELECT seq, at_ms FROM job_events WHERE name = ?1
                 ORDER BY seq DESC LIMIT -1 OFFSET ?2)
             WHERE at_ms < ?3 LIMIT ?4",
        )?
        .query_map(
            params![name, sweep.keep_events_per_job, sweep.before_ms, limit],
            |r| r.get(0),
        )?
        .collect::<Result<_, _>>()?)
}

fn sweep_history(conn: &Connection, sweep: &JobSweep) -> Result<JobSweepCounts, StoreError> {
    let mut counts = JobSweepCounts::default();
    let jobs: Vec<String> = conn
        .prepare_cached("SELECT DISTINCT job FROM job_runs")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for job in jobs {
        let left = sweep.batch.saturating_sub(counts.runs as u32);
        if left == 0 {
            break;
        }
        for run_id in old_runs(conn, &job, sweep, left)? {
            for sql in [
                "DELETE FROM job_runs WHERE run_id = ?1",
                "DELETE FROM job_logs WHERE run_id = ?1",
                "DELETE FROM job_log_state WHERE run_id = ?1",
            ] {
                conn.prepare_cached(sql)?.execute([&run_id])?;
            }
            counts.runs += 1;
        }
    }
    let names: Vec<String> = conn
        .prepare_cached("SELECT DISTINCT name FROM job_events")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for name in names {
        let left = sweep.batch.saturating_sub(counts.events as u32);
        if left == 0 {
            break;
        }
        for seq in old_events(conn, &name, sweep, left)? {
            conn.prepare_cached("DELETE FROM job_events WHERE seq = ?1")?
                .execute([seq])?;
            counts.events += 1;
        }
    }
    Ok(counts)
}

fn list_runs(
    conn: &Connection,
    job: Option<&str>,
    status: Option<JobRunStatus>,
    before: Option<&JobRunCursor>,
    limit: u32,
) -> Result<Vec<String>, StoreError> {
    // The filters present pick the index: (job, status, …), (job, …), (status, …) or (…).
    let mut sql = String::from("SELECT record FROM job_runs WHERE 1");
    if job.is_some() {
        sql.push_str(" AND job = ?1");
    }
    if status.is_some() {
        sql.push_str(" AND status = ?2");
    }
    if before.is_some() {
        sql.push_str(" AND (queued_at_ms < ?3 OR (queued_at_ms = ?3 AND run_id < ?4))");
    }
    sql.push_str(" ORDER BY queued_at_ms DESC, run_id DESC LIMIT ?5");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut bind = |idx: usize, value: &dyn rusqlite::ToSql| stmt.raw_bind_parameter(idx, value);
    if let Some(job) = job {
        bind(1, &job)?;
    }
    if let Some(status) = status {
        bind(2, &status.as_str())?;
    }
    if let Some(cursor) = before {
        bind(3, &cursor.queued_at_ms)?;
        bind(4, &cursor.run_id.as_str())?;
    }
    bind(5, &limit)?;
    let mut rows = stmt.raw_query();
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(row.get(0)?);
    }
    Ok(out)
}

#[async_trait]
impl JobStore for SqliteStore {
    async fn upsert_job(
        &self,
        mut record: JobRecord,
        audit: Option<&AuditWrite>,
    ) -> Result<(JobRecord, bool, Option<AuditRecord>), StoreError> {
        let audit = audit.cloned();
        self.db
            .write(move |conn| {
                let stored: Option<(i64, Option<String>)> = conn
                    .prepare_cached("SELECT revision, record FROM jobs WHERE name = ?1")?
                    .query_row([record.spec.name.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?;
                let (revision, old) = match stored {
                    Some((revision, text)) => (revision, text),
                    None => (0, None),
                };
                let created = old.is_none();
                if let Some(text) = old {
                    record.created_at_ms = decode_job(revision, &text)?.created_at_ms;
                }
                record.revision = revision + 1;
                conn.prepare_cached(
                    "INSERT INTO jobs (name, revision, record) VALUES (?1, ?2, ?3)
                     ON CONFLICT (name) DO UPDATE SET revision = excluded.revision,
                         record = excluded.record",
                )?
                .execute(params![
                    record.spec.name.as_str(),
                    record.revision,
                    encode(&record)?
                ])?;
                // In the same savepoint: a failing entry rolls the write back.
                let entry = audit.map(|a| insert_audit(conn, &a, None)).transpose()?;
                Ok((record, created, entry))
            })
            .await
    }

    async fn get_job(&self, name: &JobName) -> Result<Option<JobRecord>, StoreError> {
        let name = name.as_str().to_string();
        self.db
            .read(move |conn| {
                conn.prepare_cached(
                    "SELECT revision, record FROM jobs WHERE name = ?1 AND record IS NOT NULL",
                )?
                .query_row([name], |r| {
                    Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
                })
                .optional()?
                .map(|(revision, text)| decode_job(revision, &text))
                .transpose()
            })
            .await
    }

    async fn list_jobs(&self) -> Result<Vec<JobRecord>, StoreError> {
        self.db
            .read(|conn| {
                let rows = conn
                    .prepare_cached(
                        "SELECT revision, record FROM jobs WHERE record IS NOT NULL ORDER BY name",
                    )?
                    .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
                    .collect::<Result<Vec<_>, _>>()?;
                rows.iter()
                    .map(|(revision, text)| decode_job(*revision, text))
                    .collect()
            })
            .await
    }

    async fn delete_job(
        &self,
        name: &JobName,
        audit: Option<&AuditWrite>,
    ) -> Result<(bool, Option<AuditRecord>), StoreError> {
        let name = name.as_str().to_string();
        let audit = audit.cloned();
        self.db
            .write(move |conn| {
                let deleted = conn
                    .prepare_cached(
                        "UPDATE jobs SET record = NULL WHERE name = ?1 AND record IS NOT NULL",
                    )?
                    .execute([name])?
                    > 0;
                if !deleted {
                    return Ok((false, None));
                }
                let entry = audit.map(|a| insert_audit(conn, &a, None)).transpose()?;
                Ok((true, entry))
            })
            .await
    }

    async fn insert_job_run(
        &self,
        run: JobRunRecord,
        audit: Option<&AuditWrite>,
    ) -> Result<(bool, Option<AuditRecord>), StoreError> {
        let text = encode(&run)?;
        let audit = audit.cloned();
        self.db
            .write(move |conn| {
                let exists = conn
                    .prepare_cached("SELECT 1 FROM job_runs WHERE run_id = ?1")?
                    .query_row([run.run_id.as_str()], |_| Ok(()))
                    .optional()?
                    .is_some();
                if exists {
                    return Ok((false, None));
                }
                write_run(conn, &run, &text)?;
                let entry = audit.map(|a| insert_audit(conn, &a, None)).transpose()?;
                Ok((true, entry))
            })
            .await
    }

    async fn update_job_run(&self, run: JobRunRecord) -> Result<JobRunWrite, StoreError> {
        let text = encode(&run)?;
        self.db
            .write(move |conn| {
                let stored: Option<String> = conn
                    .prepare_cached("SELECT record FROM job_runs WHERE run_id = ?1")?
                    .query_row([run.run_id.as_str()], |r| r.get(0))
                    .optional()?;
                let Some(stored) = stored else {
                    return Ok(JobRunWrite::NotFound);
                };
                let stored: JobRunRecord = decode(&stored)?;
                // Checked inside the writer's transaction: nothing can change the row between
                // this comparison and the write.
                let allowed = stored.job == run.job
                    && stored
                        .status
                        .may_become(stored.attempt, run.status, run.attempt);
                if !allowed {
                    return Ok(JobRunWrite::Refused(Box::new(stored)));
                }
                write_run(conn, &run, &text)?;
                Ok(JobRunWrite::Written)
            })
            .await
    }

    async fn get_job_run(&self, run_id: &TaskId) -> Result<Option<JobRunRecord>, StoreError> {
        let run_id = run_id.as_str().to_string();
        self.db
            .read(move |conn| {
                conn.prepare_cached("SELECT record FROM job_runs WHERE run_id = ?1")?
                    .query_row([run_id], |r| r.get::<_, String>(0))
                    .optional()?
                    .map(|text| decode(&text))
                    .transpose()
            })
            .await
    }

    async fn list_job_runs(
        &self,
        job: Option<&JobName>,
        status: Option<JobRunStatus>,
        before: Option<&JobRunCursor>,
        limit: u32,
    ) -> Result<JobRunPage, StoreError> {
        let job = job.map(|j| j.as_str().to_string());
        let before = before.cloned();
        self.db
            .read(move |conn| {
                let runs = list_runs(conn, job.as_deref(), status, before.as_ref(), limit)?
                    .iter()
                    .map(|text| decode::<JobRunRecord>(text))
                    .collect::<Result<Vec<_>, _>>()?;
                let next = (limit > 0 && runs.len() == limit as usize)
                    .then(|| runs.last().map(JobRunCursor::after))
                    .flatten();
                Ok(JobRunPage { runs, next })
            })
            .await
    }

    async fn append_job_log(
        &self,
        run_id: &TaskId,
        chunks: Vec<NewJobLogChunk>,
        cap_bytes: u64,
    ) -> Result<Option<JobLogState>, StoreError> {
        let run_id = run_id.as_str().to_string();
        self.db
            .write(move |conn| {
                let exists = conn
                    .prepare_cached("SELECT 1 FROM job_runs WHERE run_id = ?1")?
                    .query_row([&run_id], |_| Ok(()))
                    .optional()?
                    .is_some();
                if !exists {
                    return Ok(None);
                }
                append_log(conn, &run_id, &chunks, cap_bytes).map(Some)
            })
            .await
    }

    async fn read_job_log(
        &self,
        run_id: &TaskId,
        after_seq: u64,
        limit: u32,
    ) -> Result<JobLogPage, StoreError> {
        let id = run_id.clone();
        self.db
            .read(move |conn| {
                let state = log_state(conn, id.as_str())?;
                let rows = conn
                    .prepare_cached(
                        "SELECT seq, stream, at_ms, data FROM job_logs
                         WHERE run_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
                    )?
                    .query_map(
                        params![id.as_str(), after_seq.min(i64::MAX as u64) as i64, limit],
                        |r| {
                            Ok((
                                r.get::<_, i64>(0)?,
                                r.get::<_, String>(1)?,
                                r.get::<_, i64>(2)?,
                                r.get::<_, Vec<u8>>(3)?,
                            ))
                        },
                    )?
                    .collect::<Result<Vec<_>, _>>()?;
                let chunks = rows
                    .into_iter()
                    .map(|(seq, stream, at_ms, data)| {
                        let stream = JobLogStream::from_name(&stream).ok_or_else(|| {
                            StoreError::Internal(format!("a job log chunk names stream {stream:?}"))
                        })?;
                        Ok(JobLogChunk {
                            run_id: id.clone(),
                            seq: seq as u64,
                            stream,
                            at_ms,
                            data,
                        })
                    })
                    .collect::<Result<_, StoreError>>()?;
                Ok(JobLogPage { chunks, state })
            })
            .await
    }

    async fn append_job_events(&self, events: &[JobEventRecord]) -> Result<(), StoreError> {
        if events.is_empty() {
            return Ok(());
        }
        let rows = events
            .iter()
            .map(|e| Ok((e.name.as_str().to_string(), e.at_ms, encode(e)?)))
            .collect::<Result<Vec<_>, StoreError>>()?;
        self.db
            .write(move |conn| {
                let mut stmt = conn.prepare_cached(
                    "INSERT INTO job_events (name, at_ms, record) VALUES (?1, ?2, ?3)",
                )?;
                for (name, at_ms, record) in &rows {
                    stmt.execute(params![name, at_ms, record])?;
                }
                Ok(())
            })
            .await
    }

    async fn list_job_events(
        &self,
        name: Option<&JobName>,
        limit: u32,
    ) -> Result<Vec<JobEventRecord>, StoreError> {
        let name = name.map(|n| n.as_str().to_string());
        self.db
            .read(move |conn| {
                let texts: Vec<String> = match &name {
                    Some(name) => conn
                        .prepare_cached(
                            "SELECT record FROM job_events WHERE name = ?1
                             ORDER BY seq DESC LIMIT ?2",
                        )?
                        .query_map(params![name, limit], |r| r.get(0))?
                        .collect::<Result<_, _>>()?,
                    None => conn
                        .prepare_cached("SELECT record FROM job_events ORDER BY seq DESC LIMIT ?1")?
                        .query_map([limit], |r| r.get(0))?
                        .collect::<Result<_, _>>()?,
                };
                texts.iter().map(|t| decode(t)).collect()
            })
            .await
    }

    async fn sweep_job_history(&self, sweep: JobSweep) -> Result<JobSweepCounts, StoreError> {
        self.db.write(move |conn| sweep_history(conn, &sweep)).await
    }
}
