//! [`EventStore`] on Redis: the event log is one stream, appended by a script and read with
//! `XRANGE`/`XREVRANGE`.

use async_trait::async_trait;
use redis::Value;

use crate::engine::events::Event;
use crate::engine::model::EventId;
use crate::store::{EventStore, StoreError, StoredEvent};

use super::RedisStore;
use super::records::{event_cursor, stream_entries};

impl RedisStore {
    /// Up to `limit` events of the stream between `from` and `to`, with `XRANGE` (oldest
    /// first) or `XREVRANGE` (newest first).
    async fn event_range(
        &self,
        command: &str,
        from: &str,
        to: &str,
        limit: u32,
    ) -> Result<Vec<StoredEvent>, StoreError> {
        let v: Value = redis::cmd(command)
            .arg(self.keys.global("events"))
            .arg(from)
            .arg(to)
            .arg("COUNT")
            .arg(limit)
            .query_async(&mut self.conn())
            .await?;
        Ok(stream_entries(v))
    }
}

#[async_trait]
impl EventStore for RedisStore {
    async fn append_events(&self, events: &[(i64, Event)]) -> Result<Vec<EventId>, StoreError> {
        if events.is_empty() {
            return Ok(Vec::new());
        }
        let mut inv = self.invocation(&self.scripts.append_events, &[], &[]);
        inv.arg(self.event_log_limit);
        for (at, e) in events {
            inv.arg(*at).arg(e.encode());
        }
        let ids: Vec<String> = inv.invoke_async(&mut self.conn()).await?;
        Ok(ids.into_iter().map(EventId).collect())
    }

    async fn read_events(
        &self,
        after: Option<&EventId>,
        limit: u32,
    ) -> Result<Vec<StoredEvent>, StoreError> {
        let start = match after {
            None => "-".to_string(),
            Some(id) => format!("({}", event_cursor(id)?),
        };
        self.event_range("XRANGE", &start, "+", limit).await
    }

    async fn last_event_id(&self) -> Result<Option<EventId>, StoreError> {
        Ok(self
            .event_range("XREVRANGE", "+", "-", 1)
            .await?
            .pop()
            .map(|e| e.id))
    }

    async fn read_events_before(
        &self,
        before: Option<&EventId>,
        limit: u32,
    ) -> Result<Vec<StoredEvent>, StoreError> {
        let end = match before {
            None => "+".to_string(),
            Some(id) => format!("({}", event_cursor(id)?),
        };
        self.event_range("XREVRANGE", &end, "-", limit).await
    }
}
