//! [`DlqListing`]: a DLQ page at an offset, the full-page form every caller but the API's
//! listings wants, over [`DlqStore::list_dlq_page`]; and [`KnownFilters`], what the stores'
//! listings remember per filter while the DLQ does not change.

use std::sync::Mutex;

use async_trait::async_trait;

use crate::engine::listing::DlqStart;
use crate::engine::model::{DlqEntry, DlqFilter, Page};
use crate::store::{DlqStore, StoreError};

#[async_trait]
pub trait DlqListing {
    /// Newest first: the full page at `offset` (see [`DlqStart::Offset`]).
    async fn list_dlq(
        &self,
        filter: &DlqFilter,
        limit: u32,
        offset: u64,
    ) -> Result<Page<DlqEntry>, StoreError>;
}

#[async_trait]
impl<T: DlqStore + ?Sized> DlqListing for T {
    async fn list_dlq(
        &self,
        filter: &DlqFilter,
        limit: u32,
        offset: u64,
    ) -> Result<Page<DlqEntry>, StoreError> {
        let page = self
            .list_dlq_page(filter, limit, DlqStart::Offset(offset))
            .await?;
        Ok(Page {
            items: page.items,
            total: page.total,
        })
    }
}

/// Filters remembered at once: an operator's open views and the filters a dashboard polls, not
/// every filter ever asked (the least recently learned is forgotten first).
const KNOWN_FILTERS: usize = 64;

/// What a store's listings learned about a filter (`V`: its counted total, its plan) at one
/// version `K` of the DLQ, a value every change to the DLQ moves. A total counted by looking at
/// entries (a text filter's, up to [`DLQ_TOTAL_CAP`](crate::engine::listing::DLQ_TOTAL_CAP))
/// costs a thousand entries read; a repeated listing of an unchanged DLQ (a view refreshed,
/// several operators on one filter) then reads its page only. A version is read before the
/// listing it serves, in the same snapshot where the store has one, so a value is never filed
/// under a version newer than what it saw.
pub(crate) struct KnownFilters<K, V>(Mutex<Vec<(DlqFilter, K, V)>>);

impl<K, V> Default for KnownFilters<K, V> {
    fn default() -> Self {
        Self(Mutex::new(Vec::new()))
    }
}

impl<K: PartialEq, V: Clone> KnownFilters<K, V> {
    /// What is known of `filter` at `version`, if anything.
    pub(crate) fn get(&self, filter: &DlqFilter, version: &K) -> Option<V> {
        let known = self.0.lock().unwrap_or_else(|e| e.into_inner());
        known
            .iter()
            .find(|(f, k, _)| k == version && f == filter)
            .map(|(_, _, v)| v.clone())
    }

    /// Files `value` for `filter` at `version`, in place of what was known of it.
    pub(crate) fn put(&self, filter: &DlqFilter, version: K, value: V) {
        let mut known = self.0.lock().unwrap_or_else(|e| e.into_inner());
        known.retain(|(f, _, _)| f != filter);
        if known.len() >= KNOWN_FILTERS {
            known.remove(0);
        }
        known.push((filter.clone(), version, value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::model::QueueName;

    fn by_queue(q: &str) -> DlqFilter {
        DlqFilter {
            queue: Some(QueueName::new(q).unwrap()),
            ..DlqFilter::default()
        }
    }

    /// A value is answered only at the version it was filed under, a filter keeps one value,
    /// and the oldest filter goes first when the list is full.
    #[test]
    fn filters_are_known_at_their_version_and_the_oldest_is_forgotten() {
        let known = KnownFilters::<i64, u64>::default();
        known.put(&by_queue("a"), 1, 10);
        assert_eq!(known.get(&by_queue("a"), &1), Some(10));
        assert_eq!(known.get(&by_queue("a"), &2), None, "the DLQ changed");
        assert_eq!(known.get(&by_queue("b"), &1), None);
        known.put(&by_queue("a"), 2, 20);
        assert_eq!(known.get(&by_queue("a"), &1), None, "one value per filter");
        assert_eq!(known.get(&by_queue("a"), &2), Some(20));
        for n in 0..KNOWN_FILTERS {
            known.put(&by_queue(&format!("q{n}")), 2, n as u64);
        }
        assert_eq!(known.get(&by_queue("a"), &2), None, "the oldest went first");
        assert_eq!(known.get(&by_queue("q0"), &2), Some(0));
        assert_eq!(known.0.lock().unwrap().len(), KNOWN_FILTERS);
    }
}
