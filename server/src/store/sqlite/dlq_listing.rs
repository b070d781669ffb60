//! Filtered DLQ listings on SQLite: a plan per filter shape (which index drives the walk, the
//! trigram index or a queue/handler/fingerprint index), walked newest first and stopped after
//! a page or a budget of rows, with totals exact from the counters or counted up to a cap and
//! remembered per filter until the DLQ changes.

use rusqlite::{Connection, params_from_iter, types::Value};

use crate::engine::listing::{DLQ_TOTAL_CAP, DlqPage, DlqStart};
use crate::engine::model::{DlqEntry, DlqFilter};
use crate::store::StoreError;

/// Rows a bounded scan ([`DlqStart::Below`]) looks at per call, so one page costs a few
/// milliseconds however far apart the matches are.
const SCAN_BUDGET: u64 = 5_000;

/// Rows a capped total looks at before it gives up counting.
const COUNT_BUDGET: u64 = 10_000;

/// Trigram matches counted to decide that a text is selective: below this, the text's own
/// index drives the walk whatever else the filter says (it ends within this many rows).
const TEXT_PROBE: i64 = 256;

/// What the listings learned about a filter at one DLQ version: whether the trigram index
/// drives its walk, and its total counted from the newest with whether it is capped.
pub(super) type KnownFilters =
    crate::store::dlq_listing::KnownFilters<i64, (bool, Option<(u64, bool)>)>;

/// The DLQ's version: raised by every change to it.
fn dlq_version(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn
        .prepare_cached("SELECT v FROM dlq_version WHERE id = 1")?
        .query_row([], |r| r.get(0))?)
}

/// How a listing walks the DLQ: `SELECT <seq>, <matches> ... WHERE <driving> AND <below>
/// ORDER BY <newest first>`, where only the driving constraints are in the index the walk
/// follows and the rest is the `matches` column, so every row looked at counts against the
/// budget. The trigram index is keyed by the negated sequence (migration 0011), so its walk is
/// `-f.rowid` ascending, bounded by `f.rowid > -below`.
struct Plan {
    /// The trigram index drives the walk.
    fts: bool,
    sql: String,
    args: Vec<Value>,
    negated: bool,
}

/// What one walk saw.
struct Walked {
    /// The page's sequences, newest first.
    seqs: Vec<i64>,
    /// Matches seen (skipped ones included), counting on past the page when asked to.
    matched: u64,
    /// The last row looked at while filling the page.
    page_last: Option<i64>,
    /// The index ended while the page was being filled.
    page_ended: bool,
    /// The walk reached the end of its index.
    ended: bool,
    /// Rows looked at in all.
    looked: u64,
}

/// The filter's text, if any: what both the listing and the bulk scan match.
pub(super) fn text_of(filter: &DlqFilter) -> Option<&str> {
    filter
        .query
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty())
}

/// The text as a LIKE pattern over id, handler and error (what the trigram index matches).
pub(super) fn like_clause(text: &str, args: &mut Vec<Value>) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    let pattern = format!("%{escaped}%");
    for _ in 0..3 {
        args.push(Value::Text(pattern.clone()));
    }
    "(d.task_id LIKE ? ESCAPE '\\' OR d.handler LIKE ? ESCAPE '\\' OR d.error LIKE ? ESCAPE '\\')"
        .to_string()
}

pub(super) fn fts_phrase(text: &str) -> Value {
    // As a phrase, every character is taken literally.
    Value::Text(format!("\"{}\"", text.replace('"', "\"\"")))
}

/// The exact count of entries the filter's queue, handler and fingerprint select (no text or
/// age), from the maintained counters: O(groups), never O(entries).
fn counted_exactly(conn: &Connection, filter: &DlqFilter) -> Result<u64, StoreError> {
    let n: i64 = if filter.handler.is_none() && filter.fingerprint.is_none() {
        conn.prepare_cached(
            "SELECT coalesce(sum(n), 0) FROM queue_counts
             WHERE state = 5 AND (?1 IS NULL OR queue = ?1)",
        )?
        .query_row([filter.queue.as_ref().map(|q| q.as_str())], |r| r.get(0))?
    } else {
        let mut clauses = Vec::new();
        let mut args = Vec::new();
        if let Some(q) = &filter.queue {
            clauses.push("queue = ?");
            args.push(Value::Text(q.as_str().to_string()));
        }
        if let Some(h) = &filter.handler {
            clauses.push("handler = ?");
            args.push(Value::Text(h.as_str().to_string()));
        }
        if let Some(f) = &filter.fingerprint {
            clauses.push("fingerprint = ?");
            args.push(Value::Text(f.clone()));
        }
        conn.prepare_cached(&format!(
            "SELECT coalesce(sum(n), 0) FROM dlq_groups WHERE {}",
            clauses.join(" AND ")
        ))?
        .query_row(params_from_iter(args), |r| r.get(0))?
    };
    Ok(n.max(0) as u64)
}

/// Chooses the walk for `filter`. With text and another filter, the trigram index drives when
/// the text is selective (fewer than [`TEXT_PROBE`] matches) or the other filter is broad
/// (a quarter of the DLQ or more); otherwise the narrower queue/handler/fingerprint index
/// drives and the text is checked on each of its rows. So neither walks the whole table to
/// find a page the other would find at once.
/// `known` is the choice made earlier at the same DLQ version, if any.
fn plan(conn: &Connection, filter: &DlqFilter, known: Option<bool>) -> Result<Plan, StoreError> {
    let text = text_of(filter);
    let narrowed =
        filter.queue.is_some() || filter.handler.is_some() || filter.fingerprint.is_some();
    let fts = match (known, text) {
        (Some(known), _) => known,
        (None, Some(t)) if t.chars().count() >= 3 => {
            !narrowed
                || {
                    let hits: i64 = conn
                    .prepare_cached(
                        "SELECT count(*) FROM (SELECT 1 FROM dlq_fts WHERE dlq_fts MATCH ?1 LIMIT ?2)",
                    )?
                    .query_row(rusqlite::params![fts_phrase(t), TEXT_PROBE], |r| r.get(0))?;
                    hits < TEXT_PROBE || {
                        let all = counted_exactly(conn, &DlqFilter::default())?;
                        counted_exactly(conn, filter)?.saturating_mul(4) >= all
                    }
                }
        }
        _ => false,
    };
    let mut driving: Vec<String> = Vec::new();
    let mut args: Vec<Value> = Vec::new();
    let mut checks: Vec<String> = Vec::new();
    let mut check_args: Vec<Value> = Vec::new();
    let (from, seq) = if fts {
        driving.push("dlq_fts MATCH ?".into());
        args.push(fts_phrase(text.unwrap_or_default()));
        // CROSS JOIN keeps the trigram index outermost: the walk follows its rowids.
        ("dlq_fts f CROSS JOIN dlq d ON d.seq = -f.rowid", "-f.rowid")
    } else {
        let index = match (&filter.queue, &filter.handler, &filter.fingerprint) {
            (_, Some(_), Some(_)) => "dlq_by_fingerprint",
            (_, None, Some(_)) => "dlq_by_fingerprint_alone",
            (Some(_), Some(_), None) => "dlq_by_queue_handler",
            (Some(_), None, None) => "dlq_by_queue",
            (None, Some(_), None) => "dlq_by_handler",
            (None, None, None) => "",
        };
        if let Some(t) = text {
            checks.push(like_clause(t, &mut check_args));
        }
        if index.is_empty() {
            ("dlq d", "d.seq")
        } else {
            match index {
                "dlq_by_fingerprint" => ("dlq d INDEXED BY dlq_by_fingerprint", "d.seq"),
                "dlq_by_fingerprint_alone" => {
                    ("dlq d INDEXED BY dlq_by_fingerprint_alone", "d.seq")
                }
                "dlq_by_queue_handler" => ("dlq d INDEXED BY dlq_by_queue_handler", "d.seq"),
                "dlq_by_queue" => ("dlq d INDEXED BY dlq_by_queue", "d.seq"),
                _ => ("dlq d INDEXED BY dlq_by_handler", "d.seq"),
            }
        }
    };
    let by_index = !fts;
    // The trigram index alone answers a text with nothing else to check: no row of `dlq` is
    // read until the page's own.
    let fts_alone = fts
        && filter.queue.is_none()
        && filter.handler.is_none()
        && filter.fingerprint.is_none()
        && filter.failed_before_ms.is_none();
    let from = if fts_alone { "dlq_fts f" } else { from };
    // The driving index's own columns go into WHERE; with the trigram index, all of them are
    // checks on the rows it yields.
    let mut put = |col: &str, value: Value, in_index: bool| {
        if in_index {
            driving.push(format!("{col} = ?"));
            args.push(value);
        } else {
            checks.push(format!("{col} = ?"));
            check_args.push(value);
        }
    };
    let fp_drives = by_index && filter.fingerprint.is_some();
    if let Some(q) = &filter.queue {
        // The queue is in the driving index unless a fingerprint index drives.
        put(
            "d.queue",
            Value::Text(q.as_str().to_string()),
            by_index && !fp_drives,
        );
    }
    if let Some(h) = &filter.handler {
        // Every index that a handler filter picks holds the handler.
        put("d.handler", Value::Text(h.as_str().to_string()), by_index);
    }
    if let Some(f) = &filter.fingerprint {
        put("d.fingerprint", Value::Text(f.clone()), by_index);
    }
    if let Some(before) = filter.failed_before_ms {
        checks.push("d.failed_at_ms < ?".into());
        check_args.push(Value::Integer(before));
    }
    let order = if fts {
        driving.push("f.rowid > ?".into());
        "f.rowid ASC"
    } else {
        driving.push(format!("{seq} < ?"));
        "d.seq DESC"
    };
    let matches = if checks.is_empty() {
        "1".to_string()
    } else {
        format!("({})", checks.join(" AND "))
    };
    // The checks' arguments come first: they are in the SELECT list.
    let mut all_args = check_args;
    all_args.extend(args);
    Ok(Plan {
        fts,
        sql: format!(
            "SELECT {seq}, {matches} FROM {from} WHERE {} ORDER BY {order}",
            driving.join(" AND ")
        ),
        args: all_args,
        negated: fts,
    })
}

/// Walks `plan` below `below`: skips `skip` matches and keeps `take` (the page), stopping the
/// page after `page_budget` rows; then, when `count_to` asks for more, goes on counting matches
/// until `count_to` or [`COUNT_BUDGET`] rows in all. One walk serves a page and its total.
fn walk(
    conn: &Connection,
    plan: &Plan,
    below: i64,
    skip: u64,
    take: usize,
    page_budget: Option<u64>,
    count_to: u64,
) -> Result<Walked, StoreError> {
    let mut args = plan.args.clone();
    // -i64::MAX is in range: "below the newest" is "above i64::MIN + 1" negated.
    args.push(Value::Integer(if plan.negated { -below } else { below }));
    let mut stmt = conn.prepare_cached(&plan.sql)?;
    let mut rows = stmt.query(params_from_iter(args))?;
    let mut out = Walked {
        seqs: Vec::with_capacity(take),
        matched: 0,
        page_last: None,
        page_ended: false,
        ended: false,
        looked: 0,
    };
    let mut page_done = take == 0;
    while !page_done || (out.matched < count_to && out.looked < COUNT_BUDGET) {
        let Some(row) = rows.next()? else {
            out.ended = true;
            out.page_ended = !page_done;
            break;
        };
        let seq: i64 = row.get(0)?;
        let hit: bool = row.get::<_, Option<bool>>(1)?.unwrap_or(false);
        out.looked += 1;
        if hit {
            out.matched += 1;
        }
        if !page_done {
            out.page_last = Some(seq);
            if hit && out.matched > skip {
                out.seqs.push(seq);
            }
            page_done = out.seqs.len() >= take || page_budget.is_some_and(|b| out.looked >= b);
        }
    }
    Ok(out)
}

/// The listing's total: exact from the counters without text or age, else the walk's count
/// of matches from the newest, up to [`DLQ_TOTAL_CAP`] (or [`COUNT_BUDGET`] rows), and said to
/// be capped (or that count as remembered at this DLQ version); a later page of a scan
/// (`counted` false) does not count again (0, capped: the first page's total stands).
fn total(
    conn: &Connection,
    filter: &DlqFilter,
    walked: &Walked,
    counted: bool,
    remembered: Option<(u64, bool)>,
) -> Result<(u64, bool), StoreError> {
    if !needs_count(filter) {
        return Ok((counted_exactly(conn, filter)?, false));
    }
    if !counted {
        return Ok((0, true));
    }
    if let Some(total) = remembered {
        return Ok(total);
    }
    let capped = walked.matched > DLQ_TOTAL_CAP || !walked.ended;
    Ok((walked.matched.min(DLQ_TOTAL_CAP), capped))
}

/// Whether the filter's total is counted by looking at entries (text or age) rather than read
/// from the counters.
fn needs_count(filter: &DlqFilter) -> bool {
    text_of(filter).is_some() || filter.failed_before_ms.is_some()
}

pub(super) fn list(
    conn: &Connection,
    known: &KnownFilters,
    filter: &DlqFilter,
    limit: u32,
    start: DlqStart,
    entries: impl Fn(&Connection, &[i64]) -> Result<Vec<DlqEntry>, StoreError>,
) -> Result<DlqPage, StoreError> {
    // A text's plan and total are remembered (nothing else costs a probe or a count); not
    // with an age, whose bound moves with the clock, so no two calls share one. The version is
    // read in the listing's own transaction: what is remembered at it is what this snapshot of
    // the DLQ would count.
    let version = if text_of(filter).is_some() && filter.failed_before_ms.is_none() {
        Some(dlq_version(conn)?)
    } else {
        None
    };
    let (fts, remembered) = match version.and_then(|v| known.get(filter, &v)) {
        Some((fts, total)) => (Some(fts), total),
        None => (None, None),
    };
    // An exact total serves every listing. A capped one is what a count from the newest saw
    // within its budget, so it serves only the first page of a scan: a page at an offset walks
    // as deep as its page lies and may count further, as it did before anything was remembered.
    let usable = remembered
        .filter(|(_, capped)| !capped || matches!(start, DlqStart::Below { below: None, .. }));
    let plan = plan(conn, filter, fts)?;
    let take = limit as usize;
    // A page from the newest counts its total in the same walk when it must be counted and is
    // not known at this version.
    let counted = !matches!(start, DlqStart::Below { below: Some(_), .. });
    let count_to = if counted && needs_count(filter) && usable.is_none() {
        DLQ_TOTAL_CAP + 1
    } else {
        0
    };
    let (walked, skip) = match start {
        DlqStart::Offset(offset) => (
            walk(conn, &plan, i64::MAX, offset, take, None, count_to)?,
            offset,
        ),
        DlqStart::Below { below, budget } => (
            walk(
                conn,
                &plan,
                below.unwrap_or(i64::MAX),
                0,
                take,
                Some(budget.map_or(SCAN_BUDGET, u64::from).max(1)),
                count_to,
            )?,
            0,
        ),
    };
    // Every match, when a remembered exact total says the page holds the last of them.
    let all_seen = usable.is_some_and(|(n, capped)| !capped && skip + take as u64 >= n);
    let next = if walked.seqs.len() >= take && take > 0 {
        // A full page: more may follow its last entry unless the walk saw them all.
        (!all_seen && (!walked.ended || walked.matched > skip + take as u64))
            .then(|| walked.seqs.last().copied())
            .flatten()
    } else if walked.page_ended {
        None
    } else {
        walked.page_last
    };
    let (mut total, capped) = total(conn, filter, &walked, counted, usable)?;
    if let Some(version) = version {
        // Remembered as a count from the newest on its own budget would see it: exact, or
        // capped within that budget (a page filled deeper than it may have counted further).
        let canonical = usable.is_none() && (walked.ended || walked.looked <= COUNT_BUDGET);
        let counted_total = (counted && canonical).then_some((total, capped));
        known.put(filter, version, (plan.fts, counted_total.or(remembered)));
    }
    if capped && let DlqStart::Offset(offset) = start {
        total = total.max(offset + walked.seqs.len() as u64);
    }
    // Entries deleted since the walk saw them (another connection's write) are left out.
    let items = if walked.seqs.is_empty() {
        Vec::new()
    } else {
        entries(conn, &walked.seqs)?
    };
    Ok(DlqPage {
        items,
        total,
        total_capped: capped,
        next,
    })
}

#[cfg(test)]
mod tests {
    use crate::store::sqlite::SqliteStore;
    use crate::store::sqlite::conn::{Durability, MMAP_SIZE};

    /// A filtered page looks up scattered rows; they are read through the memory map on the
    /// read connections and the writer alike (a build of SQLite without it would answer 0).
    #[tokio::test]
    async fn listings_read_the_store_through_a_memory_map() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(dir.path().join("s.db"), Durability::Full).unwrap();
        let mmap = |conn: &rusqlite::Connection| -> Result<i64, crate::store::StoreError> {
            Ok(conn.query_row("PRAGMA mmap_size", [], |r| r.get(0))?)
        };
        assert_eq!(store.db.read(mmap).await.unwrap() as u64, MMAP_SIZE);
        assert_eq!(store.db.write(mmap).await.unwrap() as u64, MMAP_SIZE);
    }
}
