//! The audit archive on disk: entries evicted by audit retention, written as JSONL files in a
//! directory before the engine deletes them.

use std::path::PathBuf;
use std::time::Duration;

use async_trait::async_trait;

use crate::engine::audit::AuditRecord;
use crate::engine::{AuditArchive, Error};

#[cfg(test)]
mod tests;

/// One `audit-<sweep ms>-<uuid>.jsonl` file per evicted batch, in a directory made on first use.
#[derive(Clone, Debug)]
pub struct JsonlArchive {
    dir: PathBuf,
}

impl JsonlArchive {
    pub fn new(dir: PathBuf) -> Self {
        Self { dir }
    }
}

#[async_trait]
impl AuditArchive for JsonlArchive {
    async fn archive(&self, now_ms: i64, records: &[AuditRecord]) -> Result<(), Error> {
        let path = self.dir.join(format!(
            "audit-{:013}-{}.jsonl",
            now_ms.max(0),
            uuid::Uuid::new_v4()
        ));
        let lines = records
            .iter()
            .map(audit_archive_line)
            .collect::<Vec<_>>()
            .join("");
        let dir = self.dir.clone();
        // File writes and fsync block; keep them off the async runtime's threads.
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
                self.dir.display()
            ))
        })
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
