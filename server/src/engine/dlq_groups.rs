//! Dead tasks grouped by cause: the stores count DLQ entries per queue, handler and error
//! fingerprint (`fingerprint.rs`); this merges those counts into groups per handler and
//! fingerprint across queues, largest first.

use std::collections::BTreeMap;

use crate::engine::model::{DlqGroupRecord, HandlerName, QueueName, TaskId};
use crate::engine::{Engine, Error, page_limit};

/// Dead tasks of one handler whose errors share one fingerprint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DlqGroup {
    pub handler: HandlerName,
    pub fingerprint: String,
    /// The queues the group's entries are in, by name.
    pub queues: Vec<QueueName>,
    pub count: u64,
    /// The earliest and latest failure among the entries that entered the group since it was
    /// last empty (a replay of part of a group leaves them).
    pub first_failed_ms: i64,
    pub last_failed_ms: i64,
    /// The newest entry's id and error text (cut to 1 KiB), as an example of the cause.
    pub sample_task_id: TaskId,
    pub sample_error: String,
}

/// A page of groups with the totals of every group the filter matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DlqGroups {
    pub groups: Vec<DlqGroup>,
    pub total_groups: u64,
    pub total_entries: u64,
}

impl Engine {
    /// Dead tasks grouped by handler and error fingerprint, optionally of one queue and/or
    /// handler: the `limit` largest groups (0 means the default page), then newest first among
    /// equal counts. O(groups): the stores keep the counts as entries come and go.
    pub async fn dlq_groups(
        &self,
        queue: Option<&QueueName>,
        handler: Option<&HandlerName>,
        limit: u32,
    ) -> Result<DlqGroups, Error> {
        let records = self.inner.store.dlq_groups(queue, handler).await?;
        Ok(merge(records, page_limit(limit) as usize))
    }
}

/// Merges per-queue counts into groups per handler and fingerprint, sorts them largest first
/// (then newest, then by name so the order is stable) and keeps the first `limit`.
pub(crate) fn merge(records: Vec<DlqGroupRecord>, limit: usize) -> DlqGroups {
    let mut by_cause: BTreeMap<(HandlerName, String), DlqGroup> = BTreeMap::new();
    for r in records {
        if r.count == 0 {
            continue;
        }
        match by_cause.entry((r.handler.clone(), r.fingerprint.clone())) {
            std::collections::btree_map::Entry::Vacant(slot) => {
                slot.insert(DlqGroup {
                    handler: r.handler,
                    fingerprint: r.fingerprint,
                    queues: vec![r.queue],
                    count: r.count,
                    first_failed_ms: r.first_failed_ms,
                    last_failed_ms: r.last_failed_ms,
                    sample_task_id: r.sample_task_id,
                    sample_error: r.sample_error,
                });
            }
            std::collections::btree_map::Entry::Occupied(mut slot) => {
                let g = slot.get_mut();
                g.count += r.count;
                g.first_failed_ms = g.first_failed_ms.min(r.first_failed_ms);
                if r.last_failed_ms > g.last_failed_ms {
                    g.last_failed_ms = r.last_failed_ms;
                    g.sample_task_id = r.sample_task_id;
                    g.sample_error = r.sample_error;
                }
                if let Err(at) = g.queues.binary_search(&r.queue) {
                    g.queues.insert(at, r.queue);
                }
            }
        }
    }
    let mut groups: Vec<DlqGroup> = by_cause.into_values().collect();
    let total_groups = groups.len() as u64;
    let total_entries = groups.iter().map(|g| g.count).sum();
    groups.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(b.last_failed_ms.cmp(&a.last_failed_ms))
            .then_with(|| a.handler.cmp(&b.handler))
            .then_with(|| a.fingerprint.cmp(&b.fingerprint))
    });
    groups.truncate(limit);
    DlqGroups {
        groups,
        total_groups,
        total_entries,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(
        queue: &str,
        handler: &str,
        fp: &str,
        count: u64,
        first: i64,
        last: i64,
    ) -> DlqGroupRecord {
        DlqGroupRecord {
            queue: QueueName::new(queue).unwrap(),
            handler: HandlerName::new(handler).unwrap(),
            fingerprint: fp.into(),
            count,
            first_failed_ms: first,
            last_failed_ms: last,
            sample_task_id: TaskId::generate(),
            sample_error: format!("{fp} in {queue} at {last}"),
        }
    }

    #[test]
    fn queues_merge_into_one_group_per_handler_and_cause() {
        let merged = merge(
            vec![
                record("a", "mail", "timed out after <n> ms", 3, 100, 500),
                record("b", "mail", "timed out after <n> ms", 2, 50, 900),
                record("a", "mail", "smtp <n> rejected", 4, 10, 20),
                record("a", "sms", "timed out after <n> ms", 1, 5, 5),
            ],
            10,
        );
        assert_eq!(merged.total_groups, 3);
        assert_eq!(merged.total_entries, 10);
        let first = &merged.groups[0];
        assert_eq!(first.count, 5);
        assert_eq!(first.handler.as_str(), "mail");
        assert_eq!(first.first_failed_ms, 50);
        assert_eq!(first.last_failed_ms, 900);
        assert_eq!(first.sample_error, "timed out after <n> ms in b at 900");
        assert_eq!(
            first
                .queues
                .iter()
                .map(QueueName::as_str)
                .collect::<Vec<_>>(),
            ["a", "b"]
        );
        assert_eq!(merged.groups[1].fingerprint, "smtp <n> rejected");
        assert_eq!(merged.groups[2].handler.as_str(), "sms");
    }

    #[test]
    fn the_limit_keeps_the_largest_and_totals_count_everything() {
        let merged = merge(
            vec![
                record("a", "h", "x", 1, 1, 1),
                record("a", "h", "y", 7, 1, 1),
                record("a", "h", "z", 7, 1, 2),
                record("a", "h", "empty", 0, 1, 1),
            ],
            2,
        );
        assert_eq!(merged.total_groups, 3);
        assert_eq!(merged.total_entries, 15);
        let fps: Vec<_> = merged
            .groups
            .iter()
            .map(|g| g.fingerprint.as_str())
            .collect();
        assert_eq!(fps, ["z", "y"]);
    }
}
