//! The audit log: recording entries, listing them, and retention (archive, then evict) through
//! an injected [`AuditArchive`].

use async_trait::async_trait;

use crate::engine::audit::{AuditCursor, AuditEntry, AuditFilter, AuditRecord, AuditWrite};
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
