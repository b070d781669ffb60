//! Containerized jobs on redis: definitions under a revision, runs with their status check,
//! output logs with the per-run cap, events, and the sweep of old history.
//!
//! A job is one field of a hash (JSON) with its revision beside it, written by compare-and-set
//! like a schedule. A run is JSON in one hash with its compared state (`attempt status member
//! finished job`) in another, indexed in lexical sorted sets (all, per status, per job, per job
//! and status) whose members `queued_at:run id` order and page the listings. A run's log is a
//! hash of its own; events take a global sequence. Every write is one script (`lua/`).

use async_trait::async_trait;
use redis::AsyncCommands;

use crate::engine::audit::{AuditRecord, AuditWrite};
use crate::engine::jobs::{
    JobEventRecord, JobLogChunk, JobLogState, JobLogStream, JobRecord, JobRunCursor, JobRunPage,
    JobRunRecord, JobRunStatus, NewJobLogChunk, truncation_marker,
};
use crate::engine::model::{JobName, TaskId};
use crate::store::redis::RedisStore;
use crate::store::redis::audit::{AUDIT_ATTEMPTS, audited_error, is_retry, too_busy};
use crate::store::redis::keys::job;
use crate::store::{JobLogPage, JobRunWrite, JobStore, JobSweep, JobSweepCounts, StoreError};

/// Runs or events one sweep script deletes, and index entries one sweep read looks at.
const SWEEP_CHUNK: usize = 500;

/// A run's entry in the lexical indexes: its queue time, fixed-width so text order is time
/// order, then its id (UUIDv7, so runs queued in one millisecond keep their order).
fn index_member(queued_at_ms: i64, run_id: &str) -> String {
    format!("{:016}:{run_id}", queued_at_ms.max(0))
}

fn run_id_of(member: &str) -> &str {
    member.split_once(':').map_or(member, |(_, id)| id)
}

fn parse<T: serde::de::DeserializeOwned>(raw: &str, what: &str) -> Result<T, StoreError> {
    serde_json::from_str(raw)
        .map_err(|e| StoreError::Internal(format!("{what} is unreadable: {e}")))
}

fn encode<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value)
        .map_err(|e| StoreError::Internal(format!("cannot encode a job record: {e}")))
}

/// A stored log chunk: `stream time data`.
fn parse_chunk(run_id: &TaskId, seq: u64, raw: &[u8]) -> Result<JobLogChunk, StoreError> {
    let bad = || {
        StoreError::Internal(format!(
            "chunk {seq} of the log of run {run_id} is unreadable"
        ))
    };
    let mut parts = raw.splitn(3, |b| *b == b' ');
    let stream = parts.next().and_then(|s| std::str::from_utf8(s).ok());
    let at = parts.next().and_then(|s| std::str::from_utf8(s).ok());
    let data = parts.next().ok_or_else(bad)?;
    Ok(JobLogChunk {
        run_id: run_id.clone(),
        seq,
        stream: stream.and_then(JobLogStream::from_name).ok_or_else(bad)?,
        at_ms: at.and_then(|a| a.parse().ok()).ok_or_else(bad)?,
        data: data.to_vec(),
    })
}

impl RedisStore {
    /// The 15 keys `lua/job_runs.lua` numbers, for runs of `job`.
    fn run_keys(&self, inv: &mut redis::ScriptInvocation<'_>, job: &str) {
        inv.key(self.keys.global(job::RUNS))
            .key(self.keys.global(job::RUN_STATES))
            .key(self.keys.global(job::RUN_INDEX));
        for status in JobRunStatus::ALL {
            inv.key(
                self.keys
                    .global(&format!("{}.{}", job::RUN_INDEX, status.as_str())),
            );
        }
        inv.key(self.keys.job_key(job, "runs"));
        for status in JobRunStatus::ALL {
            inv.key(self.keys.job_key(job, &format!("runs.{}", status.as_str())));
        }
        inv.key(self.keys.global(job::HISTORY));
    }

    /// Invokes `script` (insert or update) for `run` with the arguments `write_run` reads.
    async fn run_script<T: redis::FromRedisValue>(
        &self,
        script: &redis::Script,
        run: &JobRunRecord,
    ) -> Result<T, StoreError> {
        let encoded = encode(run)?;
        let inv = self.run_invocation(script, run, &encoded, None);
        Ok(inv.invoke_async(&mut self.conn()).await?)
    }

    /// The invocation of `script` for `run` (`encoded`), audited when `audit` holds the audit
    /// arguments: the audit keys follow the run keys, the audit arguments come first.
    fn run_invocation<'a>(
        &self,
        script: &'a redis::Script,
        run: &JobRunRecord,
        encoded: &str,
        audit: Option<&[String]>,
    ) -> redis::ScriptInvocation<'a> {
        let mut inv = script.prepare_invoke();
        self.run_keys(&mut inv, run.job.as_str());
        if let Some(args) = audit {
            self.audit_keys(&mut inv);
            inv.arg(args);
        }
        let finished = match run.status.is_terminal() {
            true => run.finished_at_ms.unwrap_or(run.queued_at_ms).to_string(),
            false => "-".to_string(),
        };
        inv.arg(run.run_id.as_str())
            .arg(run.job.as_str())
            .arg(run.status.as_str())
            .arg(run.attempt)
            .arg(index_member(run.queued_at_ms, run.run_id.as_str()))
            .arg(encoded)
            .arg(finished);
        inv
    }

    /// The keys `write_audit_at` (in `lua/audit.lua`) writes an entry into, after a job
    /// script's own.
    fn audit_keys(&self, inv: &mut redis::ScriptInvocation<'_>) {
        inv.key(self.keys.global("coord"))
            .key(self.keys.global("audit"))
            .key(self.keys.global("auditids"));
    }

    /// Runs an optionally audited job script: `invoke` makes one attempt with the audit
    /// arguments (chained onto the head read now), and is attempted again while another writer
    /// moves the head. Returns the script's code and the entry the script wrote.
    async fn audited<F, Fut>(
        &self,
        audit: Option<&AuditWrite>,
        mut invoke: F,
    ) -> Result<(i64, Option<AuditRecord>), StoreError>
    where
        F: FnMut(Option<Vec<String>>) -> Fut,
        Fut: std::future::Future<Output = Result<(i64, i64), redis::RedisError>>,
    {
        let Some(write) = audit else {
            let (code, _) = invoke(None).await.map_err(StoreError::from)?;
            return Ok((code, None));
        };
        for _ in 0..AUDIT_ATTEMPTS {
            let (args, sealed) = self.audit_args(write, None).await?;
            match invoke(Some(args)).await {
                Ok((code, id)) => {
                    let entry = (id > 0).then(|| AuditRecord {
                        id: id.to_string(),
                        ..sealed
                    });
                    return Ok((code, entry));
                }
                Err(e) if is_retry(&e) => continue,
                Err(e) => return Err(audited_error(e)),
            }
        }
        Err(too_busy())
    }

    async fn runs_by_id(&self, ids: &[&str]) -> Result<Vec<JobRunRecord>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let raws: Vec<Option<String>> = redis::cmd("HMGET")
            .arg(self.keys.global(job::RUNS))
            .arg(ids)
            .query_async(&mut self.conn())
            .await?;
        // A run swept between the index read and this one is left out.
        raws.iter()
            .flatten()
            .map(|raw| parse(raw, "a job run"))
            .collect()
    }

    /// Deletes `job`'s runs beyond its newest `keep` that ended before the cut-off, oldest
    /// first, at most `left`; returns how many.
    async fn sweep_job_runs(
        &self,
        name: &str,
        sweep: &JobSweep,
        left: u64,
    ) -> Result<u64, StoreError> {
        let index = self.keys.job_key(name, "runs");
        let total: u64 = self.conn().zcard(&index).await?;
        let mut beyond = total.saturating_sub(u64::from(sweep.keep_runs_per_job));
        let (mut pos, mut deleted) = (0u64, 0u64);
        // All members score 0, so rank order is the lexical order: oldest first. New runs
        // join at the newest end, so the ranks scanned here do not move under us.
        while pos < beyond && deleted < left {
            let stop = beyond.min(pos + SWEEP_CHUNK as u64) - 1;
            let members: Vec<String> = self
                .conn()
                .zrange(&index, pos as isize, stop as isize)
                .await?;
            if members.is_empty() {
                break;
            }
            let ids: Vec<&str> = members.iter().map(|m| run_id_of(m)).collect();
            let states: Vec<Option<String>> = redis::cmd("HMGET")
                .arg(self.keys.global(job::RUN_STATES))
                .arg(&ids)
                .query_async(&mut self.conn())
                .await?;
            let old: Vec<&str> = ids
                .iter()
                .zip(&states)
                .filter(|(_, state)| {
                    // `attempt status member finished job`: finished is '-' until the end.
                    state.as_deref().is_some_and(|s| {
                        s.split(' ')
                            .nth(3)
                            .and_then(|f| f.parse::<i64>().ok())
                            .is_some_and(|finished| finished < sweep.before_ms)
                    })
                })
                .map(|(id, _)| *id)
                .take((left - deleted) as usize)
                .collect();
            let mut n = 0u64;
            if !old.is_empty() {
                let mut inv = self.scripts.sweep_job_runs.prepare_invoke();
                self.run_keys(&mut inv, name);
                for id in &old {
                    inv.key(self.keys.job_log(id));
                }
                inv.arg(sweep.before_ms);
                for id in &old {
                    inv.arg(*id);
                }
                let removed: i64 = inv.invoke_async(&mut self.conn()).await?;
                n = removed.max(0) as u64;
            }
            // What was deleted left the index, so the runs after it moved down by as many.
            deleted += n;
            beyond -= n;
            pos += members.len() as u64 - n;
        }
        Ok(deleted)
    }

    /// Deletes `job`'s events beyond its newest `keep` recorded before the cut-off, oldest
    /// first, at most `left`; returns how many.
    async fn sweep_job_events(
        &self,
        name: &str,
        sweep: &JobSweep,
        left: u64,
    ) -> Result<u64, StoreError> {
        let index = self.keys.job_key(name, "events");
        let mut deleted = 0u64;
        while deleted < left {
            let total: u64 = self.conn().zcard(&index).await?;
            let beyond = total.saturating_sub(u64::from(sweep.keep_events_per_job));
            let take = beyond.min(left - deleted).min(SWEEP_CHUNK as u64);
            if take == 0 {
                break;
            }
            let members: Vec<String> = self.conn().zrange(&index, 0, take as isize - 1).await?;
            // Events are recorded in time order, so the old ones are a prefix of the oldest
            // (clock skew between nodes aside, which only delays them to a later sweep).
            let old: Vec<&String> = members
                .iter()
                .take_while(|m| {
                    m.split('\u{1f}')
                        .nth(1)
                        .and_then(|at| at.parse::<i64>().ok())
                        .is_some_and(|at| at < sweep.before_ms)
                })
                .collect();
            if old.is_empty() {
                break;
            }
            let mut inv = self.scripts.trim_job_events.prepare_invoke();
            inv.key(self.keys.global(job::EVENTS))
                .key(self.keys.global(job::EVENT_IDS))
                .key(&index)
                .arg(name);
            for member in &old {
                inv.arg(member.as_str());
            }
            let n: i64 = inv.invoke_async(&mut self.conn()).await?;
            if n <= 0 {
                break;
            }
            deleted += n as u64;
        }
        Ok(deleted)
    }
}

#[async_trait]
impl JobStore for RedisStore {
    async fn upsert_job(
        &self,
        mut record: JobRecord,
        audit: Option<&AuditWrite>,
    ) -> Result<(JobRecord, bool, Option<AuditRecord>), StoreError> {
        let name = record.spec.name.as_str().to_string();
        // Another node may write the job between our read and our write; the script refuses
        // then, and we write again over what it wrote.
        for _ in 0..100 {
            let read: Option<i64> = self
                .conn()
                .hget(self.keys.global(job::REVISIONS), &name)
                .await?;
            let read = read.unwrap_or(0);
            let stored: Option<String> = self
                .conn()
                .hget(self.keys.global(job::RECORDS), &name)
                .await?;
            if let Some(raw) = stored {
                record.created_at_ms = parse::<JobRecord>(&raw, "a job")?.created_at_ms;
            }
            record.revision = read + 1;
            let encoded = encode(&record)?;
            let (written, entry) = self
                .audited(audit, |args| {
                    let mut inv = self.scripts.write_job.prepare_invoke();
                    inv.key(self.keys.global(job::RECORDS))
                        .key(self.keys.global(job::REVISIONS));
                    if let Some(args) = &args {
                        self.audit_keys(&mut inv);
                        inv.arg(args);
                    }
                    inv.arg(&name).arg(read).arg(&encoded);
                    let mut conn = self.conn();
                    async move { inv.invoke_async(&mut conn).await }
                })
                .await?;
            if written != 0 {
                return Ok((record, written == 2, entry));
            }
        }
        Err(StoreError::Unavailable(
            "the job is written too often to replace; try again".into(),
        ))
    }

    async fn get_job(&self, name: &JobName) -> Result<Option<JobRecord>, StoreError> {
        let raw: Option<String> = self
            .conn()
            .hget(self.keys.global(job::RECORDS), name.as_str())
            .await?;
        raw.as_deref().map(|r| parse(r, "a job")).transpose()
    }

    async fn list_jobs(&self) -> Result<Vec<JobRecord>, StoreError> {
        let raws: Vec<String> = self.conn().hvals(self.keys.global(job::RECORDS)).await?;
        let mut jobs = raws
            .iter()
            .map(|raw| parse::<JobRecord>(raw, "a job"))
            .collect::<Result<Vec<_>, _>>()?;
        jobs.sort_by(|a, b| a.spec.name.cmp(&b.spec.name));
        Ok(jobs)
    }

    async fn delete_job(
        &self,
        name: &JobName,
        audit: Option<&AuditWrite>,
    ) -> Result<(bool, Option<AuditRecord>), StoreError> {
        let (removed, entry) = self
            .audited(audit, |args| {
                let mut inv = self.scripts.delete_job.prepare_invoke();
                inv.key(self.keys.global(job::RECORDS));
                if let Some(args) = &args {
                    self.audit_keys(&mut inv);
                    inv.arg(args);
                }
                inv.arg(name.as_str());
                let mut conn = self.conn();
                async move { inv.invoke_async(&mut conn).await }
            })
            .await?;
        Ok((removed == 1, entry))
    }

    async fn insert_job_run(
        &self,
        run: JobRunRecord,
        audit: Option<&AuditWrite>,
    ) -> Result<(bool, Option<AuditRecord>), StoreError> {
        let encoded = encode(&run)?;
        let (written, entry) = self
            .audited(audit, |args| {
                let inv = self.run_invocation(
                    &self.scripts.insert_job_run,
                    &run,
                    &encoded,
                    args.as_deref(),
                );
                let mut conn = self.conn();
                async move { inv.invoke_async(&mut conn).await }
            })
            .await?;
        Ok((written == 1, entry))
    }

    async fn update_job_run(&self, run: JobRunRecord) -> Result<JobRunWrite, StoreError> {
        let (written, stored): (i64, Option<String>) =
            self.run_script(&self.scripts.update_job_run, &run).await?;
        match (written, stored) {
            (1, _) => Ok(JobRunWrite::Written),
            (0, Some(raw)) => Ok(JobRunWrite::Refused(Box::new(parse(&raw, "a job run")?))),
            _ => Ok(JobRunWrite::NotFound),
        }
    }

    async fn get_job_run(&self, run_id: &TaskId) -> Result<Option<JobRunRecord>, StoreError> {
        let raw: Option<String> = self
            .conn()
            .hget(self.keys.global(job::RUNS), run_id.as_str())
            .await?;
        raw.as_deref().map(|r| parse(r, "a job run")).transpose()
    }

    async fn list_job_runs(
        &self,
        job: Option<&JobName>,
        status: Option<JobRunStatus>,
        before: Option<&JobRunCursor>,
        limit: u32,
    ) -> Result<JobRunPage, StoreError> {
        if limit == 0 {
            return Ok(JobRunPage {
                runs: Vec::new(),
                next: None,
            });
        }
        let index = match (job, status) {
            (Some(job), Some(status)) => self
                .keys
                .job_key(job.as_str(), &format!("runs.{}", status.as_str())),
            (Some(job), None) => self.keys.job_key(job.as_str(), "runs"),
            (None, Some(status)) => {
                self.keys
                    .global(&format!("{}.{}", job::RUN_INDEX, status.as_str()))
            }
            (None, None) => self.keys.global(job::RUN_INDEX),
        };
        let max = match before {
            Some(c) => format!("({}", index_member(c.queued_at_ms, c.run_id.as_str())),
            None => "+".to_string(),
        };
        let members: Vec<String> = redis::cmd("ZRANGE")
            .arg(&index)
            .arg(max)
            .arg("-")
            .arg("BYLEX")
            .arg("REV")
            .arg("LIMIT")
            .arg(0)
            .arg(limit)
            .query_async(&mut self.conn())
            .await?;
        let ids: Vec<&str> = members.iter().map(|m| run_id_of(m)).collect();
        let runs = self.runs_by_id(&ids).await?;
        // The cursor is the last index entry read, so a run swept meanwhile does not end the
        // listing early.
        let next = (members.len() == limit as usize)
            .then(|| members.last())
            .flatten()
            .and_then(|m| {
                let (at, id) = m.split_once(':')?;
                Some(JobRunCursor {
                    queued_at_ms: at.parse().ok()?,
                    run_id: TaskId::from_trusted(id.to_string()),
                })
            });
        Ok(JobRunPage { runs, next })
    }

    async fn append_job_log(
        &self,
        run_id: &TaskId,
        chunks: Vec<NewJobLogChunk>,
        cap_bytes: u64,
    ) -> Result<Option<JobLogState>, StoreError> {
        let mut inv = self.scripts.append_job_log.prepare_invoke();
        inv.key(self.keys.global(job::RUN_STATES))
            .key(self.keys.job_log(run_id.as_str()))
            .arg(run_id.as_str())
            .arg(cap_bytes)
            .arg(truncation_marker(cap_bytes));
        for chunk in &chunks {
            inv.arg(chunk.stream.as_str())
                .arg(chunk.at_ms)
                .arg(chunk.data.as_slice());
        }
        let totals: Option<(u64, u64, i64, u64)> = inv.invoke_async(&mut self.conn()).await?;
        Ok(totals.map(
            |(stored_bytes, dropped_bytes, truncated, last_seq)| JobLogState {
                stored_bytes,
                dropped_bytes,
                truncated: truncated == 1,
                last_seq,
            },
        ))
    }

    async fn read_job_log(
        &self,
        run_id: &TaskId,
        after_seq: u64,
        limit: u32,
    ) -> Result<JobLogPage, StoreError> {
        let key = self.keys.job_log(run_id.as_str());
        let totals: (Option<u64>, Option<u64>, Option<String>, Option<u64>) = redis::cmd("HMGET")
            .arg(&key)
            .arg(&["stored", "dropped", "trunc", "last"])
            .query_async(&mut self.conn())
            .await?;
        let state = JobLogState {
            stored_bytes: totals.0.unwrap_or(0),
            dropped_bytes: totals.1.unwrap_or(0),
            truncated: totals.2.as_deref() == Some("1"),
            last_seq: totals.3.unwrap_or(0),
        };
        // Sequences have no gaps, so the chunks after `after_seq` are the next numbers up to
        // the last one read with the totals.
        let first = after_seq.saturating_add(1);
        let last = state
            .last_seq
            .min(after_seq.saturating_add(u64::from(limit)));
        if first > last {
            return Ok(JobLogPage {
                chunks: Vec::new(),
                state,
            });
        }
        let seqs: Vec<u64> = (first..=last).collect();
        let raws: Vec<Option<Vec<u8>>> = redis::cmd("HMGET")
            .arg(&key)
            .arg(&seqs)
            .query_async(&mut self.conn())
            .await?;
        let chunks = seqs
            .iter()
            .zip(raws)
            // A log swept meanwhile reads as empty.
            .filter_map(|(seq, raw)| raw.map(|raw| parse_chunk(run_id, *seq, &raw)))
            .collect::<Result<_, _>>()?;
        Ok(JobLogPage { chunks, state })
    }

    async fn append_job_events(&self, events: &[JobEventRecord]) -> Result<(), StoreError> {
        if events.is_empty() {
            return Ok(());
        }
        let mut inv = self.scripts.append_job_events.prepare_invoke();
        inv.key(self.keys.global("coord"))
            .key(self.keys.global(job::EVENTS))
            .key(self.keys.global(job::EVENT_IDS))
            .key(self.keys.global(job::HISTORY));
        for event in events {
            inv.key(self.keys.job_key(event.name.as_str(), "events"));
        }
        for event in events {
            inv.arg(encode(event)?)
                .arg(event.name.as_str())
                .arg(event.at_ms);
        }
        let _: i64 = inv.invoke_async(&mut self.conn()).await?;
        Ok(())
    }

    async fn list_job_events(
        &self,
        name: Option<&JobName>,
        limit: u32,
    ) -> Result<Vec<JobEventRecord>, StoreError> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        let last = limit as isize - 1;
        let members: Vec<String> = match name {
            Some(name) => {
                self.conn()
                    .zrevrange(self.keys.job_key(name.as_str(), "events"), 0, last)
                    .await?
            }
            None => {
                self.conn()
                    .zrevrange(self.keys.global(job::EVENT_IDS), 0, last)
                    .await?
            }
        };
        let seqs: Vec<&str> = members
            .iter()
            .map(|m| m.split('\u{1f}').next().unwrap_or_default())
            .collect();
        if seqs.is_empty() {
            return Ok(Vec::new());
        }
        let raws: Vec<Option<String>> = redis::cmd("HMGET")
            .arg(self.keys.global(job::EVENTS))
            .arg(&seqs)
            .query_async(&mut self.conn())
            .await?;
        raws.iter()
            .flatten()
            .map(|raw| parse(raw, "a job event"))
            .collect()
    }

    async fn sweep_job_history(&self, sweep: JobSweep) -> Result<JobSweepCounts, StoreError> {
        let mut jobs: Vec<String> = self.conn().smembers(self.keys.global(job::HISTORY)).await?;
        jobs.sort();
        let mut counts = JobSweepCounts::default();
        let batch = u64::from(sweep.batch);
        for name in &jobs {
            if counts.runs < batch {
                counts.runs += self
                    .sweep_job_runs(name, &sweep, batch - counts.runs)
                    .await?;
            }
            if counts.events < batch {
                counts.events += self
                    .sweep_job_events(name, &sweep, batch - counts.events)
                    .await?;
            }
        }
        Ok(counts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_members_sort_by_time_and_name_their_run() {
        let id = "0190a2b4-0000-7000-8000-000000000000";
        let early = index_member(999, id);
        let late = index_member(1_700_000_000_000, id);
        assert!(early < late);
        assert_eq!(run_id_of(&late), id);
    }

    #[test]
    fn chunks_keep_spaces_and_binary_data() {
        let id = TaskId::generate();
        let chunk = parse_chunk(&id, 3, b"stderr 17 a b\x00\xff").unwrap();
        assert_eq!(chunk.stream, JobLogStream::Stderr);
        assert_eq!(chunk.at_ms, 17);
        assert_eq!(chunk.data, b"a b\x00\xff");
        assert!(parse_chunk(&id, 3, b"nope 17 x").is_err());
    }
}
