//! The audit log: recording entries, listing them, and retention (archive, then evict).

use std::time::Duration;

use crate::engine::audit::{AuditCursor, AuditEntry, AuditFilter, AuditRecord};
use crate::engine::events::Event;
use crate::engine::{Engine, Error, page_limit};

impl Engine {
    /// Records an audit entry, chained to the one before, and announces it in the event log.
    pub async fn record_audit(&self, entry: AuditEntry) -> Result<AuditRecord, Error> {
        let record = self.inner.store.append_audit(entry).await?;
        self.append(Event::Audit(record.clone())).await;
        Ok(record)
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

    /// Evicts audit entries beyond the limit or the retention age: archives them to a JSONL file
    /// first when an archive directory is set (a failed archive evicts nothing).
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
            if let Some(dir) = &cfg.audit_archive_dir {
                let path = dir.join(format!(
                    "audit-{:013}-{}.jsonl",
                    now.max(0),
                    uuid::Uuid::new_v4()
                ));
                let lines = batch
                    .iter()
                    .map(audit_archive_line)
                    .collect::<Vec<_>>()
                    .join("");
                let dir = dir.clone();
                tokio::task::spawn_blocking(move || -> std::io::Result<()> {
                    use std::io::Write;
                    std::fs::create_dir_all(&dir)?;
                    let mut file = std::fs::File::create(&path)?;
                    file.write_all(lines.as_bytes())?;
                    file.sync_all()
                })
                .await
                .map_err(|e| Error::Internal(format!("audit archive task failed: {e}")))?
                .map_err(|e| {
                    Error::Unavailable(format!(
                        "cannot write the audit archive in {}: {e}",
                        cfg.audit_archive_dir
                            .as_ref()
                            .map(|d| d.display().to_string())
                            .unwrap_or_default()
                    ))
                })?;
            }
            evicted += self.inner.store.delete_audit_through(&through).await?;
        }
    }
}

/// One archived audit entry: snake_case JSON with the time in RFC 3339, then a newline.
fn audit_archive_line(record: &AuditRecord) -> String {
    let at = std::time::UNIX_EPOCH + Duration::from_millis(record.entry.at_ms.max(0) as u64);
    let value = serde_json::json!({
        "id": record.id,
        "at": humantime::format_rfc3339_millis(at).to_string(),
        "at_ms": record.entry.at_ms,
        "actor": record.entry.actor,
        "role": record.entry.role,
        "request_id": record.entry.request_id,
        "action": record.entry.action,
        "target": record.entry.target,
        "status": record.entry.status,
        "payload_hash": record.entry.payload_hash,
        "detail": record.entry.detail,
        "metadata": record.entry.metadata,
        "prev_hash": record.prev_hash,
        "hash": record.hash,
    });
    format!("{value}\n")
}
