//! The event log: appending, coalesced task summaries, reading back and following it live.

use std::time::Duration;

use futures::Stream;

use crate::engine::events::{Event, LoggedEvent};
use crate::engine::model::EventId;
use crate::engine::{Engine, Error, page_limit};
use crate::store::StoredEvent;

/// Where a subscription to the event log starts.
#[derive(Clone, Debug)]
pub enum EventsFrom {
    /// From the oldest event still kept.
    Start,
    /// Only events appended from now on.
    Now,
    /// Exactly after this event.
    After(EventId),
}

impl Engine {
    /// Appends an event to the log; a failure is logged, never returned, because the change it
    /// describes has already happened.
    pub async fn append(&self, event: Event) {
        let now = self.now_ms();
        match self.inner.store.append_events(&[(now, event)]).await {
            Ok(_) => self.inner.appended.notify_waiters(),
            Err(e) => tracing::warn!(error = %e, "could not append to the event log"),
        }
    }

    /// Writes the coalesced task summaries gathered since the last flush.
    pub async fn flush_events(&self) -> Result<(), Error> {
        let now = self.now_ms();
        let events = self
            .inner
            .coalescer
            .lock()
            .expect("coalescer lock")
            .drain(now);
        if events.is_empty() {
            return Ok(());
        }
        let stamped: Vec<(i64, Event)> = events.into_iter().map(|e| (now, e)).collect();
        self.inner.store.append_events(&stamped).await?;
        self.inner.appended.notify_waiters();
        Ok(())
    }

    /// Reads up to `limit` events after `after` (from the oldest kept when `None`).
    pub async fn read_events(
        &self,
        after: Option<&EventId>,
        limit: u32,
    ) -> Result<Vec<LoggedEvent>, Error> {
        let stored = self
            .inner
            .store
            .read_events(after, page_limit(limit))
            .await?;
        Ok(decode_events(stored))
    }

    /// The last `limit` events that satisfy `keep`, oldest first, walking back through the
    /// log a page at a time.
    pub async fn tail_events(
        &self,
        limit: u32,
        keep: impl Fn(&LoggedEvent) -> bool,
    ) -> Result<Vec<LoggedEvent>, Error> {
        let mut found = Vec::new();
        let mut before: Option<EventId> = None;
        while found.len() < limit as usize {
            let page = self
                .inner
                .store
                .read_events_before(before.as_ref(), 256)
                .await?;
            let Some(last) = page.last() else {
                break;
            };
            before = Some(last.id.clone());
            let exhausted = page.len() < 256;
            for event in decode_events(page) {
                if found.len() < limit as usize && keep(&event) {
                    found.push(event);
                }
            }
            if exhausted {
                break;
            }
        }
        found.reverse();
        Ok(found)
    }

    /// Follows the event log from `from`, forever: past events first, then new ones as they are
    /// appended (by this process at once, by others within `poll`).
    pub fn subscribe(
        &self,
        from: EventsFrom,
        poll: Duration,
    ) -> impl Stream<Item = Result<LoggedEvent, Error>> + Send + 'static {
        struct State {
            engine: Engine,
            cursor: Option<EventId>,
            from_now: bool,
            buffer: std::collections::VecDeque<LoggedEvent>,
            poll: Duration,
        }
        let (cursor, from_now) = match from {
            EventsFrom::Start => (None, false),
            EventsFrom::Now => (None, true),
            EventsFrom::After(id) => (Some(id), false),
        };
        let state = State {
            engine: self.clone(),
            cursor,
            from_now,
            buffer: Default::default(),
            poll,
        };
        futures::stream::unfold(state, |mut st| async move {
            if st.from_now {
                st.from_now = false;
                match st.engine.inner.store.last_event_id().await {
                    Ok(last) => st.cursor = last.or(Some(EventId("0".into()))),
                    Err(e) => return Some((Err(Error::from(e)), st)),
                }
            }
            loop {
                if let Some(event) = st.buffer.pop_front() {
                    st.cursor = Some(event.id.clone());
                    return Some((Ok(event), st));
                }
                let engine = st.engine.clone();
                let appended = engine.inner.appended.notified();
                tokio::pin!(appended);
                appended.as_mut().enable();
                match engine.read_events(st.cursor.as_ref(), 256).await {
                    Ok(batch) if !batch.is_empty() => st.buffer.extend(batch),
                    Ok(_) => {
                        tokio::select! {
                            () = &mut appended => {}
                            () = tokio::time::sleep(st.poll) => {}
                        }
                    }
                    Err(e) => return Some((Err(e), st)),
                }
            }
        })
    }
}

/// Decodes stored events, skipping any this build cannot read (written by a newer one) rather
/// than stalling the stream.
fn decode_events(stored: Vec<StoredEvent>) -> Vec<LoggedEvent> {
    stored
        .into_iter()
        .filter_map(|s| match Event::decode(&s.data) {
            Ok(event) => Some(LoggedEvent {
                id: s.id,
                at_ms: s.at_ms,
                event,
            }),
            Err(e) => {
                tracing::debug!(id = %s.id, error = %e, "skipping an event this build cannot read");
                None
            }
        })
        .collect()
}
