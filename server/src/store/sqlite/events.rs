//! The event log: appending events and reading them forwards or backwards by id.

use async_trait::async_trait;
use rusqlite::params;

use crate::engine::events::Event;
use crate::engine::model::EventId;
use crate::store::codec;
use crate::store::sqlite::SqliteStore;
use crate::store::{EventStore, StoreError, StoredEvent};

#[async_trait]
impl EventStore for SqliteStore {
    async fn append_events(&self, events: &[(i64, Event)]) -> Result<Vec<EventId>, StoreError> {
        let encoded: Vec<(i64, String)> = events.iter().map(|(at, e)| (*at, e.encode())).collect();
        self.db
            .write(move |conn| {
                let mut stmt = conn.prepare_cached(
                    "INSERT INTO events (at_ms, data) VALUES (?1, ?2) RETURNING id",
                )?;
                let ids = encoded
                    .iter()
                    .map(|(at, data)| {
                        stmt.query_row(params![at, data], |r| r.get::<_, i64>(0))
                            .map(|id| EventId(id.to_string()))
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(ids)
            })
            .await
    }

    async fn read_events(
        &self,
        after: Option<&EventId>,
        limit: u32,
    ) -> Result<Vec<StoredEvent>, StoreError> {
        let after = after.map(event_seq).transpose()?.unwrap_or(0);
        self.db
            .read(move |conn| {
                let mut stmt = conn.prepare_cached(
                    "SELECT id, at_ms, data FROM events WHERE id > ?1 ORDER BY id LIMIT ?2",
                )?;
                let events = stmt
                    .query_map(params![after, limit], stored_event)?
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(events)
            })
            .await
    }

    async fn last_event_id(&self) -> Result<Option<EventId>, StoreError> {
        self.db
            .read(|conn| {
                Ok(conn
                    .prepare_cached("SELECT max(id) FROM events")?
                    .query_row([], |r| r.get::<_, Option<i64>>(0))
                    .map(|id| id.map(|id| EventId(id.to_string())))?)
            })
            .await
    }

    async fn read_events_before(
        &self,
        before: Option<&EventId>,
        limit: u32,
    ) -> Result<Vec<StoredEvent>, StoreError> {
        let before = before.map(event_seq).transpose()?.unwrap_or(i64::MAX);
        self.db
            .read(move |conn| {
                let mut stmt = conn.prepare_cached(
                    "SELECT id, at_ms, data FROM events WHERE id < ?1 ORDER BY id DESC LIMIT ?2",
                )?;
                let events = stmt
                    .query_map(params![before, limit], stored_event)?
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(events)
            })
            .await
    }
}

/// An event id this store issued: the row's sequence number.
fn event_seq(id: &EventId) -> Result<i64, StoreError> {
    id.0.trim()
        .parse::<i64>()
        .map_err(|_| codec::foreign_cursor("event id", &id.0))
}

/// A row of `SELECT id, at_ms, data FROM events`.
fn stored_event(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredEvent> {
    Ok(StoredEvent {
        id: EventId(r.get::<_, i64>(0)?.to_string()),
        at_ms: r.get(1)?,
        data: r.get(2)?,
    })
}
