//! The audit log's entries and their hash chain.
//!
//! Every entry's `hash` is the SHA-256 of the previous entry's hash and the entry's own fields,
//! so changing or removing an entry breaks every hash after it. Entries evicted by retention are
//! archived first (when an archive directory is set); the chain of what remains still verifies
//! from its first entry's `prev_hash`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The `prev_hash` of the very first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// An audit entry before the store gives it an id and a place in the chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at_ms: i64,
    /// The caller's certificate CN.
    pub actor: String,
    /// The caller's role, or `unknown`.
    pub role: String,
    pub request_id: String,
    pub action: String,
    pub target: String,
    /// `ok` or `error`.
    pub status: String,
    pub payload_hash: String,
    pub detail: String,
    pub metadata: BTreeMap<String, String>,
}

/// An entry as stored: with its id and chain hashes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecord {
    pub id: String,
    #[serde(flatten)]
    pub entry: AuditEntry,
    pub prev_hash: String,
    pub hash: String,
}

/// Filters of an audit listing; all present filters must match.
#[derive(Clone, Debug, Default)]
pub struct AuditFilter {
    pub action: Option<String>,
    pub target: Option<String>,
    pub actor: Option<String>,
    /// Entries at or after this time.
    pub since_ms: Option<i64>,
    /// Entries before this time.
    pub until_ms: Option<i64>,
}

/// Where an audit page starts and which way it runs.
#[derive(Clone, Debug)]
pub enum AuditCursor {
    /// Newest first, older than this id when given.
    Before(Option<String>),
    /// Oldest first, newer than this id when given.
    After(Option<String>),
}

/// The chain hash of `entry` following `prev_hash`.
pub fn chain_hash(prev_hash: &str, entry: &AuditEntry) -> String {
    // A fixed field order with length prefixes: no two entries encode alike.
    let mut hasher = Sha256::new();
    hasher.update(prev_hash.as_bytes());
    let fields: [&str; 9] = [
        &entry.at_ms.to_string(),
        &entry.actor,
        &entry.role,
        &entry.request_id,
        &entry.action,
        &entry.target,
        &entry.status,
        &entry.payload_hash,
        &entry.detail,
    ];
    for field in fields {
        hasher.update((field.len() as u64).to_be_bytes());
        hasher.update(field.as_bytes());
    }
    for (key, value) in &entry.metadata {
        hasher.update((key.len() as u64).to_be_bytes());
        hasher.update(key.as_bytes());
        hasher.update((value.len() as u64).to_be_bytes());
        hasher.update(value.as_bytes());
    }
    hex::encode(hasher.finalize())
}

/// Checks that `records` (oldest first) form an unbroken chain; returns the id of the first
/// entry that does not.
pub fn verify_chain(records: &[AuditRecord]) -> Result<(), String> {
    let mut prev: Option<&str> = None;
    for record in records {
        if let Some(prev) = prev
            && record.prev_hash != prev
        {
            return Err(record.id.clone());
        }
        if chain_hash(&record.prev_hash, &record.entry) != record.hash {
            return Err(record.id.clone());
        }
        prev = Some(&record.hash);
    }
    Ok(())
}

/// Hex SHA-256 of bytes, as used for payload hashes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(action: &str) -> AuditEntry {
        AuditEntry {
            at_ms: 1,
            actor: "alice".into(),
            role: "operator".into(),
            request_id: "r".into(),
            action: action.into(),
            target: "default".into(),
            status: "ok".into(),
            payload_hash: "h".into(),
            detail: "ok".into(),
            metadata: BTreeMap::from([("paused".into(), "true".into())]),
        }
    }

    fn chain(actions: &[&str]) -> Vec<AuditRecord> {
        let mut prev = GENESIS_HASH.to_string();
        actions
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let e = entry(a);
                let hash = chain_hash(&prev, &e);
                let record = AuditRecord {
                    id: i.to_string(),
                    entry: e,
                    prev_hash: prev.clone(),
                    hash: hash.clone(),
                };
                prev = hash;
                record
            })
            .collect()
    }

    #[test]
    fn an_intact_chain_verifies_and_tampering_shows() {
        let records = chain(&["queue.pause", "dlq.replay", "queue.pause"]);
        assert_eq!(verify_chain(&records), Ok(()));
        let mut edited = records.clone();
        edited[1].entry.target = "other".into();
        assert_eq!(verify_chain(&edited), Err("1".into()));
        let mut removed = records.clone();
        removed.remove(1);
        assert_eq!(verify_chain(&removed), Err("2".into()));
        // What remains after the oldest were archived still verifies.
        assert_eq!(verify_chain(&records[1..]), Ok(()));
    }

    #[test]
    fn field_boundaries_matter() {
        let mut a = entry("x");
        let mut b = entry("x");
        a.actor = "ab".into();
        a.role = "c".into();
        b.actor = "a".into();
        b.role = "bc".into();
        assert_ne!(chain_hash(GENESIS_HASH, &a), chain_hash(GENESIS_HASH, &b));
    }
}
