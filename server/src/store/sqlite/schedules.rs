//! Cron schedules on sqlite: definitions with firing state under a revision check, and the
//! history of their runs.
//!
//! A schedule row holds the engine's record as JSON beside its name and revision; only the
//! revision is ever compared, so the record's shape can grow without a migration.

use async_trait::async_trait;
use rusqlite::{Connection, OptionalExtension, params};

use crate::engine::audit::{AuditRecord, AuditWrite};
use crate::engine::model::ScheduleName;
use crate::engine::schedules::{ScheduleEventRecord, ScheduleRecord, Trigger};
use crate::store::sqlite::SqliteStore;
use crate::store::sqlite::audit::insert_audit;
use crate::store::{SchedulePlan, ScheduleStore, StoreError};

fn encode<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value)
        .map_err(|e| StoreError::Internal(format!("cannot encode a schedule record: {e}")))
}

fn decode<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, StoreError> {
    serde_json::from_str(text)
        .map_err(|e| StoreError::Internal(format!("cannot decode a stored schedule record: {e}")))
}

/// The stored revision of `name` (kept after a delete) and whether the schedule exists.
fn stored_revision(conn: &Connection, name: &str) -> Result<Option<(i64, bool)>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT revision, record IS NOT NULL FROM schedules WHERE name = ?1")?
        .query_row([name], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, bool>(1)?)))
        .optional()?)
}

fn write_row(conn: &Connection, record: &ScheduleRecord) -> Result<(), StoreError> {
    let text = encode(record)?;
    conn.prepare_cached(
        "INSERT INTO schedules (name, revision, record) VALUES (?1, ?2, ?3)
         ON CONFLICT (name) DO UPDATE SET revision = excluded.revision, record = excluded.record",
    )?
    .execute(params![record.name.as_str(), record.revision, text])?;
    Ok(())
}

/// One schedule event as its row: name, trigger, status, when it was recorded, the JSON.
type EventRow = (String, &'static str, &'static str, i64, String);

/// Encodes events before the writer is taken, so a bad one fails the call before anything is
/// written.
fn event_rows(events: &[ScheduleEventRecord]) -> Result<Vec<EventRow>, StoreError> {
    events
        .iter()
        .map(|e| {
            Ok((
                e.name.as_str().to_string(),
                e.trigger.name(),
                e.status.name(),
                e.at_ms,
                encode(e)?,
            ))
        })
        .collect()
}

fn insert_events(conn: &Connection, rows: &[EventRow]) -> Result<(), StoreError> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO schedule_events (name, \"trigger\", status, at_ms, record)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (name, trigger, status, at_ms, record) in rows {
        stmt.execute(params![name, trigger, status, at_ms, record])?;
    }
    Ok(())
}

#[async_trait]
impl ScheduleStore for SqliteStore {
    async fn upsert_schedule(
        &self,
        mut record: ScheduleRecord,
    ) -> Result<(ScheduleRecord, bool), StoreError> {
        self.db
            .write(move |conn| {
                let old = stored_revision(conn, record.name.as_str())?;
                record.revision = old.map_or(0, |(revision, _)| revision) + 1;
                write_row(conn, &record)?;
                Ok((record, !old.is_some_and(|(_, exists)| exists)))
            })
            .await
    }

    async fn get_schedule(
        &self,
        name: &ScheduleName,
    ) -> Result<Option<ScheduleRecord>, StoreError> {
        let name = name.as_str().to_string();
        self.db
            .read(move |conn| {
                let row = conn
                    .prepare_cached("SELECT revision, record FROM schedules WHERE name = ?1 AND record IS NOT NULL",
                    )?
                    .query_row([name], |r| {
                        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
                    })
                    .optional()?;
                row.map(|(revision, text)| {
                    let mut record: ScheduleRecord = decode(&text)?;
                    record.revision = revision;
                    Ok(record)
                })
                .transpose()
            })
            .await
    }

    async fn list_schedules(&self) -> Result<Vec<ScheduleRecord>, StoreError> {
        self.db
            .read(|conn| {
                let mut stmt = conn.prepare_cached(
                    "SELECT revision, record FROM schedules WHERE record IS NOT NULL ORDER BY name",
                )?;
                let rows = stmt
                    .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
                    .collect::<Result<Vec<_>, _>>()?;
                rows.into_iter()
                    .map(|(revision, text)| {
                        let mut record: ScheduleRecord = decode(&text)?;
                        record.revision = revision;
                        Ok(record)
                    })
                    .collect()
            })
            .await
    }

    async fn delete_schedule(&self, name: &ScheduleName) -> Result<bool, StoreError> {
        let name = name.as_str().to_string();
        self.db
            .write(move |conn| {
                Ok(conn
                    .prepare_cached(
                        "UPDATE schedules SET record = NULL WHERE name = ?1 AND record IS NOT NULL",
                    )?
                    .execute([name])?
                    > 0)
            })
            .await
    }

    async fn update_schedule(
        &self,
        mut record: ScheduleRecord,
        events: &[ScheduleEventRecord],
    ) -> Result<Option<ScheduleRecord>, StoreError> {
        let rows = event_rows(events)?;
        self.db
            .write(move |conn| {
                // The read, the write and the events share the writer's transaction, so nothing
                // can change the row between the comparison and the update, and the events are
                // kept exactly when the record is.
                match stored_revision(conn, record.name.as_str())? {
                    Some((current, true)) if current == record.revision => {
                        record.revision = current + 1;
                        write_row(conn, &record)?;
                        insert_events(conn, &rows)?;
                        Ok(Some(record))
                    }
                    _ => Ok(None),
                }
            })
            .await
    }

    async fn write_schedules_audited(
        &self,
        plan: &[SchedulePlan],
        audit: &AuditWrite,
    ) -> Result<Option<(Vec<ScheduleRecord>, AuditRecord)>, StoreError> {
        let plan = plan.to_vec();
        let audit = audit.clone();
        self.db
            .write(move |conn| {
                // Every schedule is compared before anything is written, inside the writer's
                // transaction, so nothing changes between the comparison and the writes.
                for change in &plan {
                    let (name, read) = match change {
                        SchedulePlan::Put(record) => (record.name.as_str(), record.revision),
                        SchedulePlan::Delete { name, revision } => (name.as_str(), *revision),
                    };
                    let as_read = match stored_revision(conn, name)? {
                        Some((current, true)) => current == read,
                        // Absent (perhaps deleted, its revision left behind): as read when
                        // nothing was found, and never for a delete.
                        _ => read <= 0 && matches!(change, SchedulePlan::Put(_)),
                    };
                    if !as_read {
                        return Ok(None);
                    }
                }
                let mut put = Vec::new();
                for change in plan.iter() {
                    match change {
                        SchedulePlan::Put(record) => {
                            let old = stored_revision(conn, record.name.as_str())?;
                            let mut record = ScheduleRecord::clone(record);
                            record.revision = old.map_or(0, |(revision, _)| revision) + 1;
                            write_row(conn, &record)?;
                            put.push(record);
                        }
                        SchedulePlan::Delete { name, .. } => {
                            conn.prepare_cached(
                                "UPDATE schedules SET record = NULL WHERE name = ?1",
                            )?
                            .execute([name.as_str()])?;
                        }
                    }
                }
                // Same savepoint: an entry that cannot be written rolls the changes back.
                let record = insert_audit(conn, &audit, Some(plan.len() as u64))?;
                Ok(Some((put, record)))
            })
            .await
    }

    async fn append_schedule_events(
        &self,
        events: &[ScheduleEventRecord],
    ) -> Result<(), StoreError> {
        if events.is_empty() {
            return Ok(());
        }
        let rows = event_rows(events)?;
        self.db.write(move |conn| insert_events(conn, &rows)).await
    }

    async fn list_schedule_events(
        &self,
        name: Option<&ScheduleName>,
        limit: u32,
    ) -> Result<Vec<ScheduleEventRecord>, StoreError> {
        let name = name.map(|n| n.as_str().to_string());
        self.db
            .read(move |conn| {
                let texts = match &name {
                    Some(name) => conn
                        .prepare_cached(
                            "SELECT record FROM schedule_events WHERE name = ?1
                             ORDER BY seq DESC LIMIT ?2",
                        )?
                        .query_map(params![name, limit], |r| r.get::<_, String>(0))?
                        .collect::<Result<Vec<_>, _>>()?,
                    None => conn
                        .prepare_cached(
                            "SELECT record FROM schedule_events ORDER BY seq DESC LIMIT ?1",
                        )?
                        .query_map([limit], |r| r.get::<_, String>(0))?
                        .collect::<Result<Vec<_>, _>>()?,
                };
                texts.iter().map(|t| decode(t)).collect()
            })
            .await
    }

    async fn count_schedule_fires(
        &self,
        name: &ScheduleName,
        trigger: Trigger,
        since_ms: i64,
    ) -> Result<u64, StoreError> {
        let name = name.as_str().to_string();
        self.db
            .read(move |conn| {
                Ok(conn
                    .prepare_cached(
                        "SELECT count(*) FROM schedule_events
                         WHERE name = ?1 AND \"trigger\" = ?2 AND status = 'fired' AND at_ms >= ?3",
                    )?
                    .query_row(params![name, trigger.name(), since_ms], |r| {
                        r.get::<_, i64>(0)
                    })? as u64)
            })
            .await
    }
}
