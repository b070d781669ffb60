//! The audit log's entries and their hash chain.
//!
//! Every entry's `hash` is an HMAC-SHA256, keyed with a key kept outside the store, of the
//! previous entry's hash and the entry's own fields, so changing or removing an entry breaks
//! every hash after it, and recomputing the hashes after an edit needs the key. Keyed hashes
//! carry the scheme as a prefix (`k1:`); entries written before the chain was keyed carry a bare
//! SHA-256 (64 hex digits) and keep verifying, and the first keyed entry links onto the last
//! unkeyed hash. Once a keyed entry exists, an unkeyed one after it is a break (a downgrade).
//! Entries evicted by retention are archived first (when an archive directory is set); the chain
//! of what remains still verifies from its first entry's `prev_hash`.

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

impl AuditEntry {
    /// An entry of `workerd` itself (role `system`): for changes made without a caller, such as
    /// a test driving the engine directly.
    pub fn system(at_ms: i64, action: &str, target: &str, detail: &str) -> Self {
        Self {
            at_ms,
            actor: "workerd".into(),
            role: "system".into(),
            request_id: String::new(),
            action: action.into(),
            target: target.into(),
            status: "ok".into(),
            payload_hash: String::new(),
            detail: detail.into(),
            metadata: BTreeMap::new(),
        }
    }
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

/// The prefix of a keyed chain hash (HMAC-SHA256, scheme 1).
pub const KEYED_PREFIX: &str = "k1:";

/// Where a store writes, in an entry's detail, how many things the write changed (a replay's
/// moved tasks): the store knows the number only inside the write that also writes the entry.
pub const COUNT_PLACEHOLDER: &str = "{count}";

/// Where a store writes, in an entry's detail, what the write did (a cancel's outcome), when
/// only the write knows it: see [`AuditWrite::with_outcome`].
pub const OUTCOME_PLACEHOLDER: &str = "{outcome}";

/// The chain key: 32 bytes (or more) kept outside the store. Its `Debug` shows no bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct AuditKey(Vec<u8>);

impl AuditKey {
    /// A key of at least 16 bytes.
    pub fn new(bytes: Vec<u8>) -> Result<Self, String> {
        if bytes.len() < 16 {
            return Err(format!(
                "the audit key has {} bytes; it needs at least 16",
                bytes.len()
            ));
        }
        Ok(Self(bytes))
    }
}

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuditKey(..)")
    }
}

/// An entry on its way into the store, with the key that chains it. The store reads the head
/// and writes the entry in the same transaction or script as the mutation it records.
#[derive(Clone, Debug)]
pub struct AuditWrite {
    pub entry: AuditEntry,
    pub key: Option<AuditKey>,
}

impl AuditWrite {
    pub fn new(entry: AuditEntry, key: Option<AuditKey>) -> Self {
        Self { entry, key }
    }

    /// This write with [`OUTCOME_PLACEHOLDER`] in its detail replaced by `outcome`: the store
    /// calls it once it knows what its write does, before it seals the entry.
    pub fn with_outcome(&self, outcome: &str) -> Self {
        let mut write = self.clone();
        write.entry.detail = write.entry.detail.replace(OUTCOME_PLACEHOLDER, outcome);
        write
    }

    /// The record this entry becomes after `prev_hash` (`None`: the first entry), with
    /// [`COUNT_PLACEHOLDER`] in its detail replaced by `count` when given.
    pub fn seal(&self, id: String, prev_hash: Option<&str>, count: Option<u64>) -> AuditRecord {
        let mut entry = self.entry.clone();
        if let Some(count) = count {
            entry.detail = entry.detail.replace(COUNT_PLACEHOLDER, &count.to_string());
        }
        let prev_hash = prev_hash.unwrap_or(GENESIS_HASH).to_string();
        let hash = match &self.key {
            Some(key) => keyed_hash(key, &prev_hash, &entry),
            None => chain_hash(&prev_hash, &entry),
        };
        AuditRecord {
            id,
            entry,
            prev_hash,
            hash,
        }
    }
}

/// Feeds `prev_hash` and the entry's fields to `update`, in a fixed order with length prefixes:
/// no two entries encode alike.
fn encode(prev_hash: &str, entry: &AuditEntry, mut update: impl FnMut(&[u8])) {
    update(prev_hash.as_bytes());
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
        update(&(field.len() as u64).to_be_bytes());
        update(field.as_bytes());
    }
    for (key, value) in &entry.metadata {
        update(&(key.len() as u64).to_be_bytes());
        update(key.as_bytes());
        update(&(value.len() as u64).to_be_bytes());
        update(value.as_bytes());
    }
}

/// HMAC-SHA256 (RFC 2104) over what `feed` gives.
fn hmac_sha256(key: &[u8], feed: impl FnOnce(&mut dyn FnMut(&[u8]))) -> [u8; 32] {
    const BLOCK: usize = 64;
    let mut block = [0u8; BLOCK];
    if key.len() > BLOCK {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let mut inner = Sha256::new();
    inner.update(block.map(|b| b ^ 0x36));
    feed(&mut |bytes: &[u8]| inner.update(bytes));
    let mut outer = Sha256::new();
    outer.update(block.map(|b| b ^ 0x5c));
    outer.update(inner.finalize());
    outer.finalize().into()
}

/// The keyed chain hash of `entry` following `prev_hash`: `k1:` and the hex HMAC.
pub fn keyed_hash(key: &AuditKey, prev_hash: &str, entry: &AuditEntry) -> String {
    let mac = hmac_sha256(&key.0, |update| encode(prev_hash, entry, update));
    format!("{KEYED_PREFIX}{}", hex::encode(mac))
}

/// The unkeyed chain hash of `entry` following `prev_hash` (entries written before the chain
/// was keyed).
pub fn chain_hash(prev_hash: &str, entry: &AuditEntry) -> String {
    let mut hasher = Sha256::new();
    encode(prev_hash, entry, |bytes| hasher.update(bytes));
    hex::encode(hasher.finalize())
}

/// Why a link of the chain is broken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BreakReason {
    /// The entry's hash is not what its fields and the key give.
    HashMismatch,
    /// The entry's `prev_hash` is not the hash of the entry before it.
    PrevMismatch,
    /// An anchored entry no longer carries its anchored hash, or is gone.
    AnchorMismatch,
    /// Ids are missing inside the chain.
    Gap,
    /// An unkeyed entry after keyed ones, or a keyed entry that cannot be checked without a key.
    Unkeyed,
}

impl BreakReason {
    pub fn name(self) -> &'static str {
        match self {
            Self::HashMismatch => "hash_mismatch",
            Self::PrevMismatch => "prev_mismatch",
            Self::AnchorMismatch => "anchor_mismatch",
            Self::Gap => "gap",
            Self::Unkeyed => "unkeyed",
        }
    }
}

/// The first broken link found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainBreak {
    pub id: String,
    pub reason: BreakReason,
    pub detail: String,
}

/// Walks the chain one record at a time, oldest first, remembering only the last link.
#[derive(Debug)]
pub struct ChainWalker {
    key: Option<AuditKey>,
    prev: Option<(i64, String)>,
    keyed_seen: bool,
    /// Ids at or below this may be unkeyed; above, every entry must be keyed (anchored).
    pub unkeyed_through: Option<i64>,
    pub checked: u64,
}

impl ChainWalker {
    pub fn new(key: Option<AuditKey>) -> Self {
        Self {
            key,
            prev: None,
            keyed_seen: false,
            unkeyed_through: None,
            checked: 0,
        }
    }

    /// Checks the next record; its id must parse as a number (both stores issue numbers).
    pub fn check(&mut self, record: &AuditRecord) -> Result<(), ChainBreak> {
        let broken = |reason, detail: String| ChainBreak {
            id: record.id.clone(),
            reason,
            detail,
        };
        let id: i64 = record
            .id
            .parse()
            .map_err(|_| broken(BreakReason::Gap, "the id is not a number".into()))?;
        if let Some((prev_id, prev_hash)) = &self.prev {
            if id != prev_id + 1 {
                return Err(broken(
                    BreakReason::Gap,
                    format!("entries {} to {} are missing", prev_id + 1, id - 1),
                ));
            }
            if record.prev_hash != *prev_hash {
                return Err(broken(
                    BreakReason::PrevMismatch,
                    format!("prev_hash is not the hash of entry {prev_id}"),
                ));
            }
        }
        if let Some(mac) = record.hash.strip_prefix(KEYED_PREFIX) {
            let Some(key) = &self.key else {
                return Err(broken(
                    BreakReason::Unkeyed,
                    "a keyed entry, and no key to check it with".into(),
                ));
            };
            let expected = keyed_hash(key, &record.prev_hash, &record.entry);
            if expected.strip_prefix(KEYED_PREFIX) != Some(mac) {
                return Err(broken(
                    BreakReason::HashMismatch,
                    "the hash does not match the entry under the key".into(),
                ));
            }
            self.keyed_seen = true;
        } else {
            if self.keyed_seen {
                return Err(broken(
                    BreakReason::Unkeyed,
                    "an unkeyed entry after keyed ones".into(),
                ));
            }
            if self.key.is_some() && self.unkeyed_through.is_some_and(|through| id > through) {
                return Err(broken(
                    BreakReason::Unkeyed,
                    "an unkeyed entry written after the chain was keyed".into(),
                ));
            }
            if chain_hash(&record.prev_hash, &record.entry) != record.hash {
                return Err(broken(
                    BreakReason::HashMismatch,
                    "the hash does not match the entry".into(),
                ));
            }
        }
        self.prev = Some((id, record.hash.clone()));
        self.checked += 1;
        Ok(())
    }
}

/// The chain hash of `entry` following `prev_hash`, unkeyed (the scheme before keys).
#[cfg(test)]
fn plain_hash_for_tests(prev_hash: &str, entry: &AuditEntry) -> String {
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

/// Checks that `records` (oldest first) form an unbroken chain under `key`; returns the id of
/// the first entry that does not.
pub fn verify_chain(records: &[AuditRecord], key: Option<&AuditKey>) -> Result<(), String> {
    let mut walker = ChainWalker::new(key.cloned());
    for record in records {
        walker.check(record).map_err(|b| b.id)?;
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
        assert_eq!(verify_chain(&records, None), Ok(()));
        let mut edited = records.clone();
        edited[1].entry.target = "other".into();
        assert_eq!(verify_chain(&edited, None), Err("1".into()));
        let mut removed = records.clone();
        removed.remove(1);
        assert_eq!(verify_chain(&removed, None), Err("2".into()));
        // What remains after the oldest were archived still verifies.
        assert_eq!(verify_chain(&records[1..], None), Ok(()));
    }

    #[test]
    fn the_unkeyed_hash_is_the_one_existing_chains_were_written_with() {
        let e = entry("queue.pause");
        assert_eq!(chain_hash("abc", &e), plain_hash_for_tests("abc", &e));
    }

    #[test]
    fn hmac_matches_rfc_4231() {
        // Test case 2 of RFC 4231.
        let mac = hmac_sha256(b"Jefe", |update| update(b"what do ya want for nothing?"));
        assert_eq!(
            hex::encode(mac),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    fn key(byte: u8) -> AuditKey {
        AuditKey::new(vec![byte; 32]).unwrap()
    }

    /// Records written by `write` onto `prev`, ids from `first`.
    fn sealed(first: i64, prev: Option<&str>, keys: &[Option<AuditKey>]) -> Vec<AuditRecord> {
        let mut prev = prev.map(str::to_string);
        keys.iter()
            .enumerate()
            .map(|(i, k)| {
                let w = AuditWrite::new(entry("queue.pause"), k.clone());
                let r = w.seal((first + i as i64).to_string(), prev.as_deref(), None);
                prev = Some(r.hash.clone());
                r
            })
            .collect()
    }

    #[test]
    fn a_keyed_chain_continues_an_unkeyed_one_and_needs_the_key() {
        let k = key(7);
        let records = sealed(1, None, &[None, None, Some(k.clone()), Some(k.clone())]);
        assert!(records[2].hash.starts_with(KEYED_PREFIX));
        assert_eq!(records[2].prev_hash, records[1].hash);
        assert_eq!(verify_chain(&records, Some(&k)), Ok(()));
        // Another key, or none, does not verify the keyed part.
        assert_eq!(verify_chain(&records, Some(&key(8))), Err("3".into()));
        assert_eq!(verify_chain(&records, None), Err("3".into()));
        // Rewriting the keyed part with plain hashes is a downgrade.
        let mut rewritten = records[..2].to_vec();
        rewritten.extend(sealed(3, Some(&records[1].hash), &[None, None]));
        let mut walker = ChainWalker::new(Some(k.clone()));
        walker.unkeyed_through = Some(2);
        let broken = rewritten
            .iter()
            .find_map(|r| walker.check(r).err())
            .unwrap();
        assert_eq!(
            (broken.id.as_str(), broken.reason),
            ("3", BreakReason::Unkeyed)
        );
        // An unkeyed entry after a keyed one is a break even without anchors.
        let mut mixed = records.clone();
        mixed.extend(sealed(5, Some(&records[3].hash), &[None]));
        assert_eq!(verify_chain(&mixed, Some(&k)), Err("5".into()));
    }

    #[test]
    fn the_store_fills_in_the_count() {
        let mut e = entry("dlq.replay");
        e.detail = format!("moved {COUNT_PLACEHOLDER}");
        let r = AuditWrite::new(e, Some(key(1))).seal("1".into(), None, Some(3));
        assert_eq!(r.entry.detail, "moved 3");
        assert_eq!(verify_chain(&[r], Some(&key(1))), Ok(()));
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
        assert_ne!(
            keyed_hash(&key(1), GENESIS_HASH, &a),
            keyed_hash(&key(1), GENESIS_HASH, &b)
        );
    }
}
