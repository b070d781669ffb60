//! Task reads several capabilities share: records by id, one or many at once, a page of a
//! sorted set of task ids (a plain slice, or a bounded scan that filters), and the same across
//! the per-queue sets of one state, merged by sequence (there is no global set per state).

use redis::{AsyncCommands, Value};

use crate::engine::model::TaskState;
use crate::store::StoreError;
use crate::store::codec::state_code;

use super::RedisStore;
use super::records::{Rec, array, bytes, int};

/// The position of the tasks' live fields (`tlive`) among the global keys.
pub(super) const LIVE: usize = 28;

/// What a scan keeps beyond the set it reads: every present field must match.
#[derive(Clone, Copy, Default)]
pub(super) struct ScanFilter<'a> {
    pub(super) handler: Option<&'a str>,
    pub(super) text: Option<&'a str>,
    pub(super) fingerprint: Option<&'a str>,
    pub(super) before: Option<Before>,
}

/// Whether `rec` passes `filter` as `scan.lua` decides it (`text` lower-cased): the handler,
/// the text in the id, the handler or the last error, the fingerprint, the age.
fn keeps(rec: &Rec, filter: &ScanFilter<'_>, text: Option<&str>) -> bool {
    let has = |field: &str, text: &str| field.to_lowercase().contains(text);
    filter.handler.is_none_or(|h| rec.handler == h)
        && text.is_none_or(|t| {
            has(&rec.id, t)
                || has(&rec.handler, t)
                || rec.last_error.as_deref().is_some_and(|e| has(e, t))
        })
        && filter
            .fingerprint
            .is_none_or(|f| rec.fp.as_deref() == Some(f))
        && match filter.before {
            None => true,
            Some(Before::Created(ms)) => rec.created < ms,
        }
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

/// An age bound: created before, in epoch ms (a DLQ listing's own bound is in
/// `dlq_listing.rs`).
#[derive(Clone, Copy)]
pub(super) enum Before {
    Created(i64),
}

/// Task ids a read-only scan looks at per call, so a scan of a large set never blocks Redis
/// for long.
const SCAN_BUDGET: u32 = 5_000;

/// Ids read per round trip when a filtered listing walks the per-queue sets of a state.
const MERGE_CHUNK: usize = 500;

impl RedisStore {
    /// A task as it is: its record with its live fields merged in (`Rec::merge_live`).
    pub(super) async fn record(&self, id: &str) -> Result<Option<Rec>, StoreError> {
        Ok(self
            .records(&[id.to_string()])
            .await?
            .into_iter()
            .next()
            .flatten())
    }

    /// Tasks by id as they are, `None` for those there are not: each record and its live
    /// fields are read in one script, so no transition falls between the two reads.
    pub(super) async fn records(&self, ids: &[String]) -> Result<Vec<Option<Rec>>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let out: Vec<Option<Vec<u8>>> = self
            .scripts
            .read_tasks
            .key(&self.keys.globals[0])
            .key(&self.keys.globals[LIVE])
            .arg(ids)
            .invoke_async(&mut self.conn())
            .await?;
        out.chunks(2)
            .map(|pair| match pair {
                [Some(raw), live] => {
                    Rec::parse_with(raw, live.as_deref().unwrap_or_default()).map(Some)
                }
                _ => Ok(None),
            })
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
                    .key(&self.keys.globals[LIVE])
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
                    })
                    .arg(match before {
                        None => 0,
                        Some(Before::Created(ms)) => ms,
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

    /// The sets a listing of `state` across every queue merges: each queue's set of that
    /// state. The store keeps no global set per state, so a transition writes one index less
    /// per state it leaves and enters (the hot path's cost); every task's queue is registered.
    pub(super) async fn state_sets(&self, state: TaskState) -> Result<Vec<String>, StoreError> {
        let name = format!("s{}", state_code(state));
        Ok(self
            .queue_names()
            .await?
            .iter()
            .map(|q| self.keys.queue_key(q, &name))
            .collect())
    }

    /// The page at `offset` of `sets` merged newest first (their scores are task sequences,
    /// unique across queues), and their total: what [`Self::page_of`] gives for one set. Each
    /// set gives at most `offset + limit` ids, so a page costs O(queues × (offset + limit)).
    pub(super) async fn merged_page_of(
        &self,
        sets: &[String],
        limit: u32,
        offset: u64,
    ) -> Result<(Vec<Rec>, u64), StoreError> {
        let mut counts = redis::pipe();
        for set in sets {
            counts.zcard(set);
        }
        let totals: Vec<u64> = counts.query_async(&mut self.conn()).await?;
        let total = totals.iter().sum();
        if limit == 0 || sets.is_empty() {
            return Ok((Vec::new(), total));
        }
        let stop = offset
            .saturating_add(u64::from(limit) - 1)
            .min(i64::MAX as u64) as isize;
        let mut ranges = redis::pipe();
        for set in sets {
            ranges.zrevrange_withscores(set, 0, stop);
        }
        let found: Vec<Vec<(String, f64)>> = ranges.query_async(&mut self.conn()).await?;
        let mut all: Vec<(String, f64)> = found.into_iter().flatten().collect();
        all.sort_by(|a, b| b.1.total_cmp(&a.1));
        let ids: Vec<String> = all
            .into_iter()
            .skip(offset.min(usize::MAX as u64) as usize)
            .take(limit as usize)
            .map(|(id, _)| id)
            .collect();
        let recs = self.records(&ids).await?.into_iter().flatten().collect();
        Ok((recs, total))
    }

    /// At most `want` ids of `sets` merged newest first, below the score `below` (all when
    /// `None`), with their scores: the top `want` of the union is within each set's top `want`.
    pub(super) async fn merged_below(
        &self,
        sets: &[String],
        below: Option<i64>,
        want: usize,
    ) -> Result<Vec<(String, f64)>, StoreError> {
        let max = match below {
            Some(b) => format!("({b}"),
            None => "+inf".to_string(),
        };
        let mut pipe = redis::pipe();
        for set in sets {
            pipe.zrevrangebyscore_limit_withscores(set, &max, "-inf", 0, want as isize);
        }
        let found: Vec<Vec<(String, f64)>> = pipe.query_async(&mut self.conn()).await?;
        let mut all: Vec<(String, f64)> = found.into_iter().flatten().collect();
        all.sort_by(|a, b| b.1.total_cmp(&a.1));
        all.truncate(want);
        Ok(all)
    }

    /// [`Self::scan`] with a handler across `sets` merged newest first: the page at `offset` of
    /// the tasks of `handler`, and how many there are. Walks every id, as a scan does.
    pub(super) async fn merged_scan(
        &self,
        sets: &[String],
        filter: ScanFilter<'_>,
        limit: u32,
        offset: u64,
    ) -> Result<(Vec<Rec>, u64), StoreError> {
        let text = filter.text.map(str::to_lowercase);
        let mut below = None;
        let mut matched: u64 = 0;
        let mut page = Vec::new();
        loop {
            let chunk = self.merged_below(sets, below, MERGE_CHUNK).await?;
            let Some((_, last)) = chunk.last() else {
                break;
            };
            below = Some(*last as i64);
            let ids: Vec<String> = chunk.iter().map(|(id, _)| id.clone()).collect();
            for rec in self.records(&ids).await?.into_iter().flatten() {
                if keeps(&rec, &filter, text.as_deref()) {
                    matched += 1;
                    if matched > offset && page.len() < limit as usize {
                        page.push(rec);
                    }
                }
            }
            if chunk.len() < MERGE_CHUNK {
                break;
            }
        }
        Ok((page, matched))
    }
}
