//! The audit log: recording entries, listing them, and retention (archive, then evict) through
//! an injected [`AuditArchive`].

use async_trait::async_trait;

use crate::engine::audit::{
    AuditCursor, AuditEntry, AuditFilter, AuditRecord, AuditWrite, ChainBreak, ChainWalker,
};
use crate::engine::events::Event;
use crate::engine::{Engine, Error, page_limit};

/// Where audit entries evicted by retention are kept before they are deleted. `workerd` writes
/// them to JSONL files; the engine only hands them over.
#[async_trait]
pub trait AuditArchive: Send + Sync + 'static {
    /// Keeps `records` (oldest first) from a sweep that ran at `now_ms`. An error stops the
    /// sweep before these records are deleted.
    async fn archive(&self, now_ms: i64, records: &[AuditRecord]) -> Result<(), Error>;
}

/// What a walk of the audit chain found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditVerification {
    /// Entries whose links held.
    pub checked: u64,
    /// The newest entry checked: its id and hash.
    pub head: Option<(String, String)>,
    /// The first broken link, if any.
    pub broken: Option<ChainBreak>,
}

impl Engine {
    /// Records an audit entry on its own (a refused call, an enqueue), chained to the one
    /// before, and announces it in the event log. An admin mutation's entry is not recorded
    /// here: it goes to the store with the mutation (see `audit_write`).
    pub async fn record_audit(&self, entry: AuditEntry) -> Result<AuditRecord, Error> {
        let record = self
            .inner
            .store
            .append_audit(&self.audit_write(entry))
            .await?;
        self.announce_audit(record.clone()).await;
        Ok(record)
    }

    /// `entry` ready for the store, with the chain key: every mutation the admin API makes
    /// hands it to the store, which writes it in the same transaction or script as the change.
    pub(crate) fn audit_write(&self, entry: AuditEntry) -> AuditWrite {
        AuditWrite::new(entry, self.inner.config.audit_key.clone())
    }

    /// Announces a committed audit entry in the event log (after the commit, best effort).
    pub(crate) async fn announce_audit(&self, record: AuditRecord) {
        self.append(Event::Audit(record)).await;
    }

    /// Walks the whole audit chain oldest first, a page at a time (memory stays bounded by the
    /// page), and reports how many entries it checked, the head, and the first broken link.
    /// Entries retention evicted are not there to check; the walk starts at the oldest kept.
    /// With an [`AuditAnchors`](crate::engine::AuditAnchors) sink, every anchored entry still
    /// kept must carry its anchored hash and the head must not be older than the newest anchor.
    pub async fn verify_audit(&self) -> Result<AuditVerification, Error> {
        const PAGE: u32 = 500;
        let anchors = self.anchor_check().await?;
        let mut walker = ChainWalker::new(self.inner.config.audit_key.clone());
        walker.unkeyed_through = anchors.unkeyed_through();
        let mut cursor: Option<String> = None;
        let mut head: Option<(String, String)> = None;
        loop {
            let page = self
                .inner
                .store
                .list_audit(&AuditFilter::default(), &AuditCursor::After(cursor), PAGE)
                .await?;
            for record in &page {
                let checked = walker
                    .check(record)
                    .and_then(|()| anchors.entry(&record.id, &record.hash));
                if let Err(broken) = checked {
                    return Ok(AuditVerification {
                        checked: walker.checked,
                        head,
                        broken: Some(broken),
                    });
                }
                head = Some((record.id.clone(), record.hash.clone()));
            }
            match page.last() {
                Some(last) if page.len() as u32 == PAGE => cursor = Some(last.id.clone()),
                _ => break,
            }
        }
        let evictable_before = self
            .inner
            .config
            .audit_retention_ms
            .map(|r| self.now_ms() - r);
        let broken = anchors
            .head(head.as_ref().map(|(id, _)| id.as_str()), evictable_before)
            .err();
        Ok(AuditVerification {
            checked: walker.checked,
            head,
            broken,
        })
    }

    /// Audit entries matching `filter` from `cursor`; `limit` 0 means the default page.
    pub async fn list_audit(
        &self,
        filter: &AuditFilter,
        cursor: &AuditCursor,
        limit: u32,
    ) -> Result<Vec<AuditRecord>, Error> {
        Ok(self
            .inner
            .store
            .list_audit(filter, cursor, page_limit(limit))
            .await?)
    }

    /// Evicts audit entries beyond the limit or the retention age: hands them to the archive
    /// first when there is one (a failed archive evicts nothing).
    pub async fn sweep_audit(&self) -> Result<u64, Error> {
        let cfg = &self.inner.config;
        let now = self.now_ms();
        let mut evicted = 0;
        loop {
            let batch = self
                .inner
                .store
                .audit_overflow(
                    cfg.audit_limit,
                    cfg.audit_retention_ms.map(|r| now - r),
                    1_000,
                )
                .await?;
            let Some(last) = batch.last() else {
                return Ok(evicted);
            };
            let through = last.id.clone();
            if let Some(archive) = &self.inner.audit_archive {
                archive.archive(now, &batch).await?;
            }
            evicted += self.inner.store.delete_audit_through(&through).await?;
        }
    }
}
