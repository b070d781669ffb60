//! Task reads several capabilities share: records by id, one or many at once, and a page of a
//! sorted set of task ids (a plain slice, or a bounded scan that filters).

use redis::{AsyncCommands, Value};

use crate::store::StoreError;

use super::RedisStore;
use super::records::{Rec, array, bytes, int};

/// What a scan keeps beyond the set it reads: every present field must match.
#[derive(Clone, Copy, Default)]
pub(super) struct ScanFilter<'a> {
    pub(super) handler: Option<&'a str>,
    pub(super) text: Option<&'a str>,
    pub(super) fingerprint: Option<&'a str>,
    pub(super) before: Option<Before>,
}

impl ScanFilter<'_> {
    /// True when nothing narrows: the set's own order and size are the page and the total.
    pub(super) fn is_empty(&self) -> bool {
        self.handler.is_none()
            && self.text.is_none()
            && self.fingerprint.is_none()
            && self.before.is_none()
    }
}

/// An age bound: created before, or dead before (a DLQ entry's time), in epoch ms.
#[derive(Clone, Copy)]
pub(super) enum Before {
    Created(i64),
    Dead(i64),
}

/// Task ids a read-only scan looks at per call, so a scan of a large set never blocks Redis
/// for long.
const SCAN_BUDGET: u32 = 5_000;

impl RedisStore {
    pub(super) async fn record(&self, id: &str) -> Result<Option<Rec>, StoreError> {
        let raw: Option<Vec<u8>> = self.conn().hget(&self.keys.globals[0], id).await?;
        raw.map(|r| Rec::parse(&r)).transpose()
    }

    pub(super) async fn records(&self, ids: &[String]) -> Result<Vec<Option<Rec>>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let raws: Vec<Option<Vec<u8>>> = redis::cmd("HMGET")
            .arg(&self.keys.globals[0])
            .arg(ids)
            .query_async(&mut self.conn())
            .await?;
        raws.into_iter()
            .map(|r| r.map(|r| Rec::parse(&r)).transpose())
            .collect()
    }

    /// Reads a sorted set of task ids newest first in bounded script calls, keeping tasks of
    /// `handler`, matching `text`, whose error has `fingerprint` and older than `before`;
    /// returns the page at `offset` and how many matched.
    pub(super) async fn scan(
        &self,
        set: &str,
        ScanFilter {
            handler,
            text,
            fingerprint,
            before,
        }: ScanFilter<'_>,
        limit: u32,
        offset: u64,
    ) -> Result<(Vec<Rec>, u64), StoreError> {
        let mut start: i64 = 0;
        let mut matched: u64 = 0;
        let mut page = Vec::new();
        let text = text.map(str::to_lowercase).unwrap_or_default();
        // Text JSON would escape cannot be looked for in a record's JSON as it is.
        let plain = !text
            .chars()
            .any(|c| matches!(c, '"' | '\\' | '/') || c.is_control());
        loop {
            let out = array(
                self.scripts
                    .scan
                    .key(&self.keys.globals[0])
                    .key(set)
                    .arg(start)
                    .arg(SCAN_BUDGET)
                    .arg(handler.unwrap_or(""))
                    .arg(&text)
                    .arg(fingerprint.map(|f| format!("={f}")).unwrap_or_default())
                    .arg(offset.saturating_sub(matched))
                    .arg(limit as usize - page.len().min(limit as usize))
                    .arg(if plain { "1" } else { "0" })
                    .arg(match before {
                        None => "",
                        Some(Before::Created(_)) => "created",
                        Some(Before::Dead(_)) => "dead",
                    })
                    .arg(match before {
                        None => 0,
                        Some(Before::Created(ms) | Before::Dead(ms)) => ms,
                    })
                    .invoke_async::<Value>(&mut self.conn())
                    .await?,
            );
            let Some(next) = out.first().map(int) else {
                break;
            };
            matched += out.get(1).map(int).unwrap_or(0).max(0) as u64;
            for pair in out.get(2..).unwrap_or_default().chunks(2) {
                if let [_, raw] = pair {
                    page.push(Rec::parse(&bytes(raw))?);
                }
            }
            if next < 0 {
                break;
            }
            start = next;
        }
        Ok((page, matched))
    }

    /// Newest first from one sorted set of task ids, with its size.
    pub(super) async fn page_of(
        &self,
        set: &str,
        limit: u32,
        offset: u64,
    ) -> Result<(Vec<Rec>, u64), StoreError> {
        if limit == 0 {
            let total: u64 = self.conn().zcard(set).await?;
            return Ok((Vec::new(), total));
        }
        let start = offset.min(i64::MAX as u64) as isize;
        let stop = start.saturating_add(limit as isize - 1);
        let (ids, total): (Vec<String>, u64) = redis::pipe()
            .zrevrange(set, start, stop)
            .zcard(set)
            .query_async(&mut self.conn())
            .await?;
        let recs = self.records(&ids).await?.into_iter().flatten().collect();
        Ok((recs, total))
    }
}
