//! Listings by the one filter of listings and bulk actions ([`BulkFilter`]): checked as a bulk
//! action's filter is, its age turned into a time bound here (stores take explicit times), so
//! `task ls` and `dlq ls` select what `bulk run` with the same filter would act on.

use crate::engine::bulk::{BulkFilter, BulkTarget, check_target_filter};
use crate::engine::model::{DlqEntry, DlqFilter, Page, TaskFilter, TaskRecord};
use crate::engine::{Engine, Error};

/// Where a DLQ listing starts.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum DlqStart {
    /// The page at this offset among every match: full unless the matches end, at a cost that
    /// grows with the offset (and, on Redis, with how far apart the matches are).
    Offset(u64),
    /// A bounded scan, newest first, of entries below the DLQ sequence `below` (`None`: from
    /// the newest). It looks at no more than `budget` entries per call (`None`: the store's
    /// own budget, a few milliseconds of work), so its page may come back short with a
    /// [`DlqPage::next`] to continue from; every match is seen exactly once across the calls.
    /// A total that must be counted (text or age) is counted only from the newest: a later page
    /// (`below` given) answers 0, capped, and the first page's total stands.
    Below {
        below: Option<i64>,
        budget: Option<u32>,
    },
}

impl DlqStart {
    /// A bounded scan from the newest entry, on the store's budget.
    pub const NEWEST: DlqStart = DlqStart::Below {
        below: None,
        budget: None,
    };
}

/// Totals past this are not counted (a text or age filter's total is counted by looking at
/// entries); [`DlqPage::total_capped`] says so.
pub const DLQ_TOTAL_CAP: u64 = 1_000;

/// One page of a DLQ listing.
#[derive(Clone, Debug, Default)]
pub struct DlqPage {
    pub items: Vec<DlqEntry>,
    /// Every match when `total_capped` is false; else a lower bound (at most
    /// [`DLQ_TOTAL_CAP`], or what a bounded count saw).
    pub total: u64,
    pub total_capped: bool,
    /// Where the next [`DlqStart::Below`] continues when more entries may match: the sequence
    /// of the last entry this call looked at.
    pub next: Option<i64>,
}

impl BulkFilter {
    /// The task listing's filter, its age counted back from `now_ms`.
    pub fn task_filter(&self, now_ms: i64) -> TaskFilter {
        TaskFilter {
            queue: self.queue.clone(),
            state: self.state,
            handler: self.handler.clone(),
            text: nonblank(&self.text),
            fingerprint: self.fingerprint.clone(),
            created_before_ms: self.older_than_ms.map(|age| now_ms.saturating_sub(age)),
        }
    }

    /// The DLQ listing's filter (its state, if any, is dead: see [`check_target_filter`]), its
    /// age counted back from `now_ms`.
    pub fn dlq_filter(&self, now_ms: i64) -> DlqFilter {
        DlqFilter {
            queue: self.queue.clone(),
            handler: self.handler.clone(),
            query: nonblank(&self.text),
            fingerprint: self.fingerprint.clone(),
            failed_before_ms: self.older_than_ms.map(|age| now_ms.saturating_sub(age)),
        }
    }
}

fn nonblank(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

impl Engine {
    /// Tasks `filter` selects, newest first; refused as a bulk action's filter would be.
    pub async fn list_tasks_matching(
        &self,
        filter: &BulkFilter,
        limit: u32,
        offset: u64,
    ) -> Result<Page<TaskRecord>, Error> {
        check_target_filter(BulkTarget::Tasks, filter)?;
        self.list_tasks(&filter.task_filter(self.now_ms()), limit, offset)
            .await
    }

    /// DLQ entries `filter` selects, newest first; refused as a bulk action's filter would be
    /// (a state other than dead among them). With a `cursor` (a page's [`dlq_cursor`]), the
    /// bounded scan continues there; without, offset 0 starts one and a larger offset asks for
    /// the full page there (see [`DlqStart`]).
    pub async fn list_dlq_matching(
        &self,
        filter: &BulkFilter,
        limit: u32,
        offset: u64,
        cursor: &str,
    ) -> Result<DlqPage, Error> {
        check_target_filter(BulkTarget::Dlq, filter)?;
        let mut carried = None;
        let start = if !cursor.is_empty() {
            if offset > 0 {
                return Err(Error::invalid(
                    "invalid_cursor",
                    "a cursor continues where a page ended: give it without an offset",
                ));
            }
            let (below, total) = parse_dlq_cursor(cursor)?;
            carried = Some(total);
            DlqStart::Below {
                below: Some(below),
                budget: None,
            }
        } else if offset > 0 {
            DlqStart::Offset(offset)
        } else {
            DlqStart::NEWEST
        };
        let mut page = self
            .list_dlq_page(&filter.dlq_filter(self.now_ms()), limit, start)
            .await?;
        // A later page's total that would be counted again is the first page's, carried in
        // the cursor.
        if let (true, Some((total, capped))) = (page.total_capped && page.total == 0, carried) {
            page.total = total;
            page.total_capped = capped;
        }
        Ok(page)
    }
}

/// A DLQ page's `next` as the opaque cursor the API hands out: where the scan continues, and
/// the page's total for the pages after it.
pub fn dlq_cursor(page: &DlqPage) -> Option<String> {
    page.next.map(|next| {
        format!(
            "d{next}.{}{}",
            page.total,
            if page.total_capped { "+" } else { "" }
        )
    })
}

fn parse_dlq_cursor(cursor: &str) -> Result<(i64, (u64, bool)), Error> {
    let parsed = cursor.strip_prefix('d').and_then(|rest| {
        let (below, total) = rest.split_once('.')?;
        let below = below.parse::<i64>().ok().filter(|n| *n > 0)?;
        let (total, capped) = match total.strip_suffix('+') {
            Some(t) => (t, true),
            None => (total, false),
        };
        Some((below, (total.parse::<u64>().ok()?, capped)))
    });
    parsed.ok_or_else(|| {
        Error::invalid(
            "invalid_cursor",
            "the cursor is not one a DLQ listing returned (copy its next_cursor)",
        )
    })
}
