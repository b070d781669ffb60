//! Filtered DLQ listings on Redis: `lua/dlq_scan.lua` walks the narrowest DLQ index newest
//! first below a DLQ sequence, looking at a bounded number of ids per call; a listing is one
//! call ([`DlqStart::Below`], which may come back short with where it stopped) or as many as
//! its page at an offset needs, with totals exact from the sets and groups or counted up to a
//! cap within a budget and remembered per filter until the DLQ changes.

use redis::{AsyncCommands, Value};

use crate::engine::listing::{DLQ_TOTAL_CAP, DlqPage, DlqStart};
use crate::engine::model::DlqFilter;
use crate::store::StoreError;

use super::RedisStore;
use super::records::{Rec, array, bytes, int};

/// Ids a bounded scan looks at per call: about a millisecond of Redis time (a script reads a
/// record in about 2 µs, and decodes a likely match in about 5 µs more), so a page stays well
/// under 5 ms; the callers that want a full page follow its cursor.
const SCAN_BUDGET: u32 = 500;

/// Ids one script call of a page at an offset looks at (it calls again until the page is full),
/// so no one call blocks Redis for more than a few milliseconds.
const OFFSET_CHUNK: u32 = 1_000;

/// The DLQ's version: the sequence the last entry in took, how many entries there are, and how
/// far the index backfill has come. An entry in raises the first, one out lowers the second
/// (and any number of each, together, raise the first), and a backfill moves the third; every
/// node of every release keeps them, so a node remembers nothing another node could have made
/// stale unseen. An entry's record does not change while it is in the DLQ. (A Redis that lost
/// its newest writes, a lagging replica promoted, could repeat a version with other entries: a
/// remembered total is then off until the DLQ next changes; the listing's page never is.)
type DlqVersion = (i64, i64, i64);

/// Counted totals (and whether capped) per filter at one [`DlqVersion`].
pub(super) type KnownTotals = crate::store::dlq_listing::KnownFilters<DlqVersion, (u64, bool)>;

/// What a DLQ scan checks on each id of its set beyond the set itself.
struct Checks {
    text: String,
    fingerprint: String,
    before: Option<i64>,
    plain: bool,
}

impl Checks {
    fn is_empty(&self) -> bool {
        self.text.is_empty() && self.fingerprint.is_empty() && self.before.is_none()
    }
}

/// What a walk over one set saw.
struct Walked {
    page: Vec<Rec>,
    /// The page's DLQ sequences.
    seqs: Vec<i64>,
    matched: u64,
    last: Option<i64>,
    ended: bool,
}

impl RedisStore {
    /// The set a filter's listing walks (the narrowest DLQ index) and the checks left to make.
    fn dlq_set(&self, filter: &DlqFilter) -> (String, Checks) {
        // Each queue and handler filter has a set of its own, so the scan never checks them.
        let set = match (&filter.queue, &filter.handler) {
            (Some(q), Some(h)) => self.keys.queue_handler_dlq(q.as_str(), h.as_str()),
            (Some(q), None) => self.keys.queue_key(q.as_str(), "dlq"),
            (None, Some(h)) => self.keys.handler_dlq(h.as_str()),
            (None, None) => self.keys.global("dlq"),
        };
        let text = filter
            .query
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(str::to_lowercase)
            .unwrap_or_default();
        let fingerprint = filter.fingerprint.clone().unwrap_or_default();
        // Text JSON would escape cannot be looked for in a record's JSON as it is.
        let escapes = |s: &str| {
            s.chars()
                .any(|c| matches!(c, '"' | '\\' | '/') || c.is_control())
        };
        let plain = !escapes(&text) && !escapes(&fingerprint);
        (
            set,
            Checks {
                text,
                fingerprint,
                before: filter.failed_before_ms,
                plain,
            },
        )
    }

    /// Walks `set` below `below`: skips `skip` matches, keeps `take`, goes on counting until
    /// `count_to`, and stops after `budget` ids (none: until the page is full).
    #[allow(clippy::too_many_arguments)]
    async fn dlq_walk(
        &self,
        set: &str,
        checks: &Checks,
        below: Option<i64>,
        skip: u64,
        take: u32,
        count_to: u64,
        budget: Option<u32>,
    ) -> Result<Walked, StoreError> {
        let mut out = Walked {
            page: Vec::new(),
            seqs: Vec::new(),
            matched: 0,
            last: below,
            ended: false,
        };
        let mut left = budget;
        let want = count_to.max(skip + u64::from(take));
        loop {
            let chunk = left.map_or(OFFSET_CHUNK, |l| l.min(OFFSET_CHUNK));
            let reply = array(
                self.scripts
                    .dlq_scan
                    .key(&self.keys.globals[0])
                    .key(set)
                    .key(self.keys.global("dlqtext"))
                    .arg(out.last.map(|s| s.to_string()).unwrap_or_default())
                    .arg(chunk)
                    .arg(&checks.text)
                    .arg(&checks.fingerprint)
                    .arg(if checks.plain { "1" } else { "0" })
                    .arg(checks.before.map(|b| b.to_string()).unwrap_or_default())
                    .arg(skip.saturating_sub(out.matched))
                    .arg(take as usize - out.page.len().min(take as usize))
                    .arg(want.saturating_sub(out.matched))
                    .invoke_async::<Value>(&mut self.conn())
                    .await?,
            );
            let ended = reply.first().map(int).unwrap_or(1) == 1;
            out.matched += reply.get(1).map(int).unwrap_or(0).max(0) as u64;
            let last = reply.get(2).map(int).unwrap_or(-1);
            if last >= 0 {
                out.last = Some(last);
            }
            for entry in reply.get(3..).unwrap_or_default().chunks(3) {
                if let [_, seq, raw] = entry {
                    out.seqs.push(int(seq));
                    out.page.push(Rec::parse(&bytes(raw))?);
                }
            }
            if ended {
                out.ended = true;
                break;
            }
            if out.page.len() >= take as usize && out.matched >= want {
                break;
            }
            if let Some(l) = left.as_mut() {
                *l = l.saturating_sub(chunk);
                if *l == 0 {
                    break;
                }
            }
        }
        Ok(out)
    }

    /// The exact total when the set and the groups know it: the set's size when nothing is
    /// checked on its ids, the groups' counts when only a fingerprint is.
    async fn dlq_exact_total(
        &self,
        filter: &DlqFilter,
        set: &str,
        checks: &Checks,
    ) -> Result<Option<u64>, StoreError> {
        if checks.is_empty() {
            let n: u64 = self.conn().zcard(set).await?;
            return Ok(Some(n));
        }
        if !checks.text.is_empty() || checks.before.is_some() {
            return Ok(None);
        }
        use crate::store::DlqStore;
        let groups = self
            .dlq_groups(filter.queue.as_ref(), filter.handler.as_ref())
            .await?;
        Ok(Some(
            groups
                .iter()
                .filter(|g| {
                    filter
                        .fingerprint
                        .as_ref()
                        .is_none_or(|f| *f == g.fingerprint)
                })
                .map(|g| g.count)
                .sum(),
        ))
    }

    /// The DLQ's version (see [`DlqVersion`]), read atomically.
    async fn dlq_version(&self) -> Result<DlqVersion, StoreError> {
        let ((seq, backfill), size): ((Option<i64>, Option<i64>), i64) = redis::pipe()
            .atomic()
            .cmd("HMGET")
            .arg(self.keys.global("coord"))
            .arg("dlq_seq")
            .arg("dlq_index_seq")
            .zcard(self.keys.global("dlq"))
            .query_async(&mut self.conn())
            .await?;
        Ok((seq.unwrap_or(0), size, backfill.unwrap_or(0)))
    }

    /// The page at `offset` of a DLQ set by its ranks, newest first, its total the set's size
    /// and its cursor the last entry's sequence when more follow: one round trip for the ids,
    /// the last one's sequence and the size, one for the records.
    async fn ranked_page(&self, set: &str, limit: u32, offset: u64) -> Result<DlqPage, StoreError> {
        if limit == 0 {
            let total: u64 = self.conn().zcard(set).await?;
            return Ok(DlqPage {
                total,
                ..DlqPage::default()
            });
        }
        let start = offset.min(i64::MAX as u64) as isize;
        let stop = start.saturating_add(limit as isize - 1);
        // Only the last rank's sequence is asked for: Redis formats every score it returns.
        let (ids, tail, total): (Vec<String>, Vec<(String, f64)>, u64) = redis::pipe()
            .atomic()
            .zrevrange(set, start, stop)
            .zrevrange_withscores(set, stop, stop)
            .zcard(set)
            .query_async(&mut self.conn())
            .await?;
        let recs = self.records(&ids).await?;
        let more = offset + (ids.len() as u64) < total;
        // The cursor is the last entry returned; an entry whose record went since its id was
        // read is left out, and then the last one left is looked up.
        let last_kept = ids.iter().zip(&recs).rev().find(|(_, r)| r.is_some());
        let next = match (last_kept, tail.first()) {
            _ if !more => None,
            (Some((id, _)), Some((tail_id, seq))) if id == tail_id => Some(*seq as i64),
            (Some((id, _)), _) => {
                let seq: Option<f64> = self.conn().zscore(set, id).await?;
                seq.map(|s| s as i64)
            }
            (None, _) => None,
        };
        Ok(DlqPage {
            items: recs.iter().flatten().map(Rec::dlq_entry).collect(),
            total,
            total_capped: false,
            next,
        })
    }

    pub(super) async fn list_dlq_page_impl(
        &self,
        filter: &DlqFilter,
        limit: u32,
        start: DlqStart,
    ) -> Result<DlqPage, StoreError> {
        let (set, checks) = self.dlq_set(filter);
        // Nothing to check: the set's own ranks are the page, at an offset or as a scan's first
        // page that its budget would not cut short (no script: it would read and return every
        // record of the page as this does, and look at each besides).
        let ranked = match start {
            DlqStart::Offset(offset) => Some(offset),
            DlqStart::Below {
                below: None,
                budget,
            } if budget.unwrap_or(SCAN_BUDGET) >= limit => Some(0),
            DlqStart::Below { .. } => None,
        };
        if let (Some(offset), true) = (ranked, checks.is_empty()) {
            return self.ranked_page(&set, limit, offset).await;
        }
        let exact = self.dlq_exact_total(filter, &set, &checks).await?;
        // A total counted from the newest is remembered at the DLQ's version, read before the
        // walk (a change after it moves the version: nothing is filed under a newer one). Not
        // an age filter's, whose bound moves with the clock, nor one counted on a budget of the
        // caller's: what a count sees depends on its budget.
        let counts = exact.is_none() && !matches!(start, DlqStart::Below { below: Some(_), .. });
        let store_budget = match start {
            DlqStart::Offset(_) => true,
            DlqStart::Below { budget, .. } => budget.is_none_or(|b| b == SCAN_BUDGET),
        };
        let version = if counts && store_budget && filter.failed_before_ms.is_none() {
            Some(self.dlq_version().await?)
        } else {
            None
        };
        let remembered = version.and_then(|v| self.dlq_totals.get(filter, &v));
        let counted_here =
            counts && remembered.is_none() && matches!(start, DlqStart::Below { below: None, .. });
        let (walked, skip) = match start {
            DlqStart::Offset(offset) => (
                self.dlq_walk(&set, &checks, None, offset, limit, 0, None)
                    .await?,
                offset,
            ),
            DlqStart::Below { below, budget } => (
                self.dlq_walk(
                    &set,
                    &checks,
                    below,
                    0,
                    limit,
                    if counted_here { DLQ_TOTAL_CAP + 1 } else { 0 },
                    Some(budget.unwrap_or(SCAN_BUDGET).max(1)),
                )
                .await?,
                0,
            ),
        };
        let (mut total, capped) = match (exact, remembered) {
            (Some(n), _) => (n, false),
            // A later page of a scan does not count again: the first page's total stands.
            (None, _) if matches!(start, DlqStart::Below { below: Some(_), .. }) => (0, true),
            (None, Some(known)) => known,
            (None, None) => {
                let seen = if counted_here {
                    (walked.matched, walked.ended)
                } else {
                    let w = self
                        .dlq_walk(
                            &set,
                            &checks,
                            None,
                            0,
                            0,
                            DLQ_TOTAL_CAP + 1,
                            Some(SCAN_BUDGET),
                        )
                        .await?;
                    (w.matched, w.ended)
                };
                let total = (seen.0.min(DLQ_TOTAL_CAP), seen.0 > DLQ_TOTAL_CAP || !seen.1);
                if let Some(version) = version {
                    self.dlq_totals.put(filter, version, total);
                }
                total
            }
        };
        if capped && let DlqStart::Offset(offset) = start {
            total = total.max(offset + walked.page.len() as u64);
        }
        let full = limit > 0 && walked.page.len() >= limit as usize;
        // Every match, when a remembered exact total says the page holds the last of them.
        let all_seen =
            remembered.is_some_and(|(n, capped)| !capped && skip + u64::from(limit) >= n);
        let next = if full {
            (!all_seen && (!walked.ended || walked.matched > skip + u64::from(limit)))
                .then(|| walked.seqs.last().copied())
                .flatten()
        } else if walked.ended {
            None
        } else {
            walked.last
        };
        Ok(DlqPage {
            items: walked.page.iter().map(Rec::dlq_entry).collect(),
            total,
            total_capped: capped,
            next,
        })
    }
}
