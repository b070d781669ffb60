//! Cron schedules on redis: definitions with firing state under a revision check, and the
//! history of their runs.
//!
//! A schedule is one field of a hash (JSON, revision included) with its revision beside it in a
//! second hash, so the scripts compare revisions without reading JSON and a read is one `HGET`
//! that sees record and revision together. An update appends its events in the same script, so
//! a schedule's advance and the events it records are written together or not at all. Events
//! take a global sequence; each schedule has an index of its events and one of its fires per
//! trigger (by the time they were recorded), and trimming removes an event from all of them at
//! once.

use async_trait::async_trait;
use redis::AsyncCommands;

use crate::engine::audit::{AuditRecord, AuditWrite};
use crate::engine::model::ScheduleName;
use crate::engine::schedules::{ScheduleEventRecord, ScheduleEventStatus, ScheduleRecord, Trigger};
use crate::store::redis::RedisStore;
use crate::store::redis::audit::{AUDIT_ATTEMPTS, too_busy};
use crate::store::redis::keys::schedule;
use crate::store::redis::tasks::Planned;
use crate::store::{SchedulePlan, ScheduleStore, StoreError};

/// Events removed by one trimming script: a sweep runs as many as its batch allows.
const TRIM_CHUNK: usize = 500;

/// Whether the revision the caller read must still be stored (`update`) or may be absent.
#[derive(Clone, Copy)]
enum Write {
    Upsert,
    Update,
}

impl RedisStore {
    /// Writes `record` with revision `read + 1` when the stored revision is still `read`
    /// (0: none stored), appending `events` in the same script; `None` when it moved (nothing
    /// written), `Some(created)` when written.
    async fn write_schedule(
        &self,
        record: &mut ScheduleRecord,
        read: i64,
        write: Write,
        events: &[ScheduleEventRecord],
    ) -> Result<Option<bool>, StoreError> {
        record.revision = read + 1;
        let encoded = serde_json::to_string(&*record).expect("schedule records serialize");
        let mut inv = self.scripts.write_schedule.prepare_invoke();
        inv.key(self.keys.global(schedule::RECORDS))
            .key(self.keys.global(schedule::REVISIONS))
            .arg(record.name.as_str())
            .arg(read)
            .arg(match write {
                Write::Upsert => "upsert",
                Write::Update => "update",
            })
            .arg(encoded);
        self.event_keys_and_args(&mut inv, events);
        let written: i64 = inv.invoke_async(&mut self.conn()).await?;
        Ok(match written {
            0 => None,
            created => Some(created == 2),
        })
    }

    /// Adds what `lua/schedule_events.lua` reads to append `events` after the keys and
    /// arguments already given: coord, the events hash and the ids set, then two keys and four
    /// arguments per event.
    fn event_keys_and_args(
        &self,
        inv: &mut redis::ScriptInvocation<'_>,
        events: &[ScheduleEventRecord],
    ) {
        inv.key(self.keys.global("coord"))
            .key(self.keys.global(schedule::EVENTS))
            .key(self.keys.global(schedule::EVENT_IDS));
        for event in events {
            let name = event.name.as_str();
            let fired = match event.status {
                ScheduleEventStatus::Fired => event.trigger.name(),
                _ => "",
            };
            inv.key(self.keys.schedule_key(name, "events"))
                .key(self.keys.schedule_key(name, event.trigger.name()));
            inv.arg(serde_json::to_string(event).expect("schedule events serialize"))
                .arg(name)
                .arg(fired)
                .arg(event.at_ms);
        }
    }

    /// Reads the events stored under `seqs`, in that order; events trimmed meanwhile are left
    /// out.
    async fn schedule_events(&self, seqs: &[i64]) -> Result<Vec<ScheduleEventRecord>, StoreError> {
        if seqs.is_empty() {
            return Ok(Vec::new());
        }
        let raws: Vec<Option<String>> = redis::cmd("HMGET")
            .arg(self.keys.global(schedule::EVENTS))
            .arg(seqs)
            .query_async(&mut self.conn())
            .await?;
        raws.into_iter()
            .flatten()
            .map(|raw| {
                serde_json::from_str(&raw).map_err(|e| {
                    StoreError::Internal(format!("a schedule event is unreadable: {e}"))
                })
            })
            .collect()
    }

    /// Removes the oldest schedule events beyond the newest `keep`, at most `batch` of them;
    /// returns how many. The retention sweep's share for schedules.
    pub(super) async fn trim_schedule_events(
        &self,
        keep: u64,
        batch: u32,
    ) -> Result<u64, StoreError> {
        let ids_key = self.keys.global(schedule::EVENT_IDS);
        let mut trimmed: u64 = 0;
        while trimmed < u64::from(batch) {
            let total: u64 = self.conn().zcard(&ids_key).await?;
            let over = total.saturating_sub(keep);
            let take = over.min(u64::from(batch) - trimmed).min(TRIM_CHUNK as u64);
            if take == 0 {
                break;
            }
            let members: Vec<String> = self.conn().zrange(&ids_key, 0, take as isize - 1).await?;
            let mut inv = self.scripts.trim_schedule_events.prepare_invoke();
            inv.key(self.keys.global(schedule::EVENTS)).key(&ids_key);
            inv.arg(keep);
            for member in &members {
                let (name, trigger) = member_indexes(member)?;
                inv.key(self.keys.schedule_key(name, "events"));
                // A member that is not a fire names no trigger; the script leaves the key alone.
                inv.key(self.keys.schedule_key(name, trigger.unwrap_or("cron")));
                inv.arg(member);
            }
            let n: i64 = inv.invoke_async(&mut self.conn()).await?;
            if n <= 0 {
                break;
            }
            trimmed += n as u64;
        }
        Ok(trimmed)
    }
}

/// The schedule name and fired trigger a member of the event ids set names: `seq␟name␟trigger`.
fn member_indexes(member: &str) -> Result<(&str, Option<&str>), StoreError> {
    let mut parts = member.splitn(3, '\u{1f}');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(_), Some(name), Some(trigger)) if !name.is_empty() => {
            Ok((name, (!trigger.is_empty()).then_some(trigger)))
        }
        _ => Err(StoreError::Internal(format!(
            "a schedule event index entry is unreadable: {member:?}"
        ))),
    }
}

fn sequence(member: &str) -> Result<i64, StoreError> {
    member
        .split('\u{1f}')
        .next()
        .and_then(|seq| seq.parse().ok())
        .ok_or_else(|| {
            StoreError::Internal(format!(
                "a schedule event index entry is unreadable: {member:?}"
            ))
        })
}

fn encode(record: &ScheduleRecord) -> String {
    serde_json::to_string(record).expect("schedule records serialize")
}

fn parse_schedule(raw: &str) -> Result<ScheduleRecord, StoreError> {
    serde_json::from_str(raw)
        .map_err(|e| StoreError::Internal(format!("a schedule record is unreadable: {e}")))
}

#[async_trait]
impl ScheduleStore for RedisStore {
    async fn upsert_schedule(
        &self,
        mut record: ScheduleRecord,
    ) -> Result<(ScheduleRecord, bool), StoreError> {
        // Another node may write the schedule between our read of its revision and our write;
        // the script refuses then, and we write again over the new revision.
        for _ in 0..100 {
            let read: Option<i64> = self
                .conn()
                .hget(self.keys.global(schedule::REVISIONS), record.name.as_str())
                .await?;
            let read = read.unwrap_or(0);
            if let Some(created) = self
                .write_schedule(&mut record, read, Write::Upsert, &[])
                .await?
            {
                return Ok((record, created));
            }
        }
        Err(StoreError::Unavailable(
            "the schedule is written too often to replace; try again".into(),
        ))
    }

    async fn get_schedule(
        &self,
        name: &ScheduleName,
    ) -> Result<Option<ScheduleRecord>, StoreError> {
        let raw: Option<String> = self
            .conn()
            .hget(self.keys.global(schedule::RECORDS), name.as_str())
            .await?;
        raw.as_deref().map(parse_schedule).transpose()
    }

    async fn list_schedules(&self) -> Result<Vec<ScheduleRecord>, StoreError> {
        let raws: Vec<String> = self
            .conn()
            .hvals(self.keys.global(schedule::RECORDS))
            .await?;
        let mut records = raws
            .iter()
            .map(|raw| parse_schedule(raw))
            .collect::<Result<Vec<_>, _>>()?;
        records.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(records)
    }

    async fn delete_schedule(&self, name: &ScheduleName) -> Result<bool, StoreError> {
        let removed: i64 = self
            .scripts
            .delete_schedule
            .key(self.keys.global(schedule::RECORDS))
            .arg(name.as_str())
            .invoke_async(&mut self.conn())
            .await?;
        Ok(removed == 1)
    }

    async fn update_schedule(
        &self,
        mut record: ScheduleRecord,
        events: &[ScheduleEventRecord],
    ) -> Result<Option<ScheduleRecord>, StoreError> {
        let read = record.revision;
        // No stored schedule has revision 0 or less: such a record was never read from here.
        if read <= 0 {
            return Ok(None);
        }
        Ok(self
            .write_schedule(&mut record, read, Write::Update, events)
            .await?
            .map(|_| record))
    }

    async fn write_schedules_audited(
        &self,
        plan: &[SchedulePlan],
        audit: &AuditWrite,
    ) -> Result<Option<(Vec<ScheduleRecord>, AuditRecord)>, StoreError> {
        // The script's five arguments per change (see `lua/write_schedules_audited.lua`): what
        // it does, the name, the revision read, whether the schedule was found, the record. A
        // schedule found absent may have a revision left behind by a delete, read here; the
        // record put over it carries that revision plus one.
        let mut changes: Vec<(&str, &str, i64, &str, String)> = Vec::with_capacity(plan.len());
        let mut put = Vec::new();
        for change in plan {
            match change {
                SchedulePlan::Put(record) => {
                    let name = record.name.as_str();
                    let (read, found) = if record.revision <= 0 {
                        let left: Option<i64> = self
                            .conn()
                            .hget(self.keys.global(schedule::REVISIONS), name)
                            .await?;
                        (left.unwrap_or(0), "0")
                    } else {
                        (record.revision, "1")
                    };
                    let mut record = ScheduleRecord::clone(record);
                    record.revision = read + 1;
                    changes.push(("put", name, read, found, encode(&record)));
                    put.push(record);
                }
                SchedulePlan::Delete { name, revision } => {
                    changes.push(("delete", name.as_str(), *revision, "1", String::new()));
                }
            }
        }
        for _ in 0..AUDIT_ATTEMPTS {
            let (args, sealed) = self.audit_args(audit, Some(plan.len() as u64)).await?;
            let mut inv = self.scripts.write_schedules_audited.prepare_invoke();
            inv.key(self.keys.global(schedule::RECORDS))
                .key(self.keys.global(schedule::REVISIONS))
                .key(self.keys.global("coord"))
                .key(self.keys.global("audit"))
                .key(self.keys.global("auditids"))
                .arg(args)
                .arg(plan.len());
            for (op, name, read, found, record) in &changes {
                inv.arg(*op).arg(*name).arg(*read).arg(*found).arg(record);
            }
            match self.run_planned(inv, sealed).await? {
                Planned::HeadMoved => continue,
                Planned::Stale | Planned::Gone => return Ok(None),
                Planned::Written(record) => return Ok(Some((put, *record))),
            }
        }
        Err(too_busy())
    }

    async fn append_schedule_events(
        &self,
        events: &[ScheduleEventRecord],
    ) -> Result<(), StoreError> {
        if events.is_empty() {
            return Ok(());
        }
        let mut inv = self.scripts.append_schedule_events.prepare_invoke();
        self.event_keys_and_args(&mut inv, events);
        let _: i64 = inv.invoke_async(&mut self.conn()).await?;
        Ok(())
    }

    async fn list_schedule_events(
        &self,
        name: Option<&ScheduleName>,
        limit: u32,
    ) -> Result<Vec<ScheduleEventRecord>, StoreError> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        let last = limit as isize - 1;
        let seqs: Vec<i64> = match name {
            Some(name) => {
                self.conn()
                    .zrevrange(self.keys.schedule_key(name.as_str(), "events"), 0, last)
                    .await?
            }
            None => {
                let members: Vec<String> = self
                    .conn()
                    .zrevrange(self.keys.global(schedule::EVENT_IDS), 0, last)
                    .await?;
                members
                    .iter()
                    .map(|m| sequence(m))
                    .collect::<Result<_, _>>()?
            }
        };
        self.schedule_events(&seqs).await
    }

    async fn count_schedule_fires(
        &self,
        name: &ScheduleName,
        trigger: Trigger,
        since_ms: i64,
    ) -> Result<u64, StoreError> {
        let n: u64 = self
            .conn()
            .zcount(
                self.keys.schedule_key(name.as_str(), trigger.name()),
                since_ms,
                "+inf",
            )
            .await?;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_name_their_schedule_and_fired_trigger() {
        assert_eq!(
            member_indexes("7\u{1f}a:b\u{1f}manual").unwrap(),
            ("a:b", Some("manual"))
        );
        assert_eq!(
            member_indexes("8\u{1f}nightly\u{1f}").unwrap(),
            ("nightly", None)
        );
        assert_eq!(sequence("8\u{1f}nightly\u{1f}").unwrap(), 8);
        assert!(member_indexes("8").is_err());
        assert!(sequence("x\u{1f}n\u{1f}").is_err());
    }
}
