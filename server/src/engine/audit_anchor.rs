//! Audit anchors: the chain's head written, now and then, somewhere the store cannot rewrite
//! (an injected [`AuditAnchors`] sink), and the check of the store against them.
//!
//! The HMAC key stops a rewrite by someone without it; an anchor also catches a rewrite by the
//! key's holder and a store rolled back to an earlier copy: an anchored entry still in the store
//! must carry its anchored hash, and the store's newest entry must not be older than the newest
//! anchor.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::engine::audit::{AuditCursor, AuditFilter, BreakReason, ChainBreak, KEYED_PREFIX};
use crate::engine::{Engine, Error};

/// The audit head as one node saw it at one time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditAnchor {
    /// The newest entry's id.
    pub id: String,
    /// Its chain hash.
    pub hash: String,
    pub at_ms: i64,
    /// The node that wrote the anchor.
    pub node: String,
}

/// Where anchors are kept, out of the store's reach. `workerd`'s sink appends them to a file
/// beside the audit archive and logs them; the engine only hands them over and reads them back.
#[async_trait]
pub trait AuditAnchors: Send + Sync + 'static {
    /// Keeps `anchor` durably before returning.
    async fn record(&self, anchor: &AuditAnchor) -> Result<(), Error>;

    /// The newest anchors kept (at most a bounded number), oldest first; what verification
    /// checks the store against.
    async fn recent(&self) -> Result<Vec<AuditAnchor>, Error>;
}

/// The anchors a verification checks against, by entry id.
#[derive(Debug, Default)]
pub(crate) struct AnchorCheck {
    /// Anchored ids and hashes, ascending by id.
    anchored: Vec<(i64, String)>,
    /// When the newest anchored entry was anchored.
    newest_at_ms: i64,
}

impl AnchorCheck {
    pub(crate) fn new(anchors: &[AuditAnchor]) -> Self {
        let mut anchored: Vec<(i64, String)> = anchors
            .iter()
            .filter_map(|a| Some((a.id.parse().ok()?, a.hash.clone())))
            .collect();
        anchored.sort();
        anchored.dedup();
        let newest_at_ms = anchored
            .last()
            .and_then(|(id, _)| {
                anchors
                    .iter()
                    .filter(|a| a.id.parse::<i64>().ok() == Some(*id))
                    .map(|a| a.at_ms)
                    .max()
            })
            .unwrap_or(0);
        Self {
            anchored,
            newest_at_ms,
        }
    }

    /// Ids at or below this may be unkeyed: below the first anchored keyed entry, since every
    /// entry after a keyed one is keyed (a gap left by retention does not make room for a
    /// downgrade).
    pub(crate) fn unkeyed_through(&self) -> Option<i64> {
        self.anchored
            .iter()
            .find(|(_, hash)| hash.starts_with(KEYED_PREFIX))
            .map(|(id, _)| id - 1)
    }

    /// Checks a stored entry against the anchors that name it.
    pub(crate) fn entry(&self, id: &str, hash: &str) -> Result<(), ChainBreak> {
        let Ok(n) = id.parse::<i64>() else {
            return Ok(());
        };
        let start = self.anchored.partition_point(|(a, _)| *a < n);
        for (_, anchored) in self.anchored[start..].iter().take_while(|(a, _)| *a == n) {
            if anchored != hash {
                return Err(ChainBreak {
                    id: id.to_string(),
                    reason: BreakReason::AnchorMismatch,
                    detail: format!(
                        "entry {id} no longer carries the hash anchored for it ({anchored}): the chain was rewritten at or before it"
                    ),
                });
            }
        }
        Ok(())
    }

    /// Checks the store's newest entry (`None`: the store holds none) against the newest
    /// anchor: a store whose head is older was rolled back or lost entries. An empty store is
    /// fine only when retention may have evicted the anchored entry by age (it was anchored
    /// before `evictable_before_ms`), since eviction archives first.
    pub(crate) fn head(
        &self,
        head_id: Option<&str>,
        evictable_before_ms: Option<i64>,
    ) -> Result<(), ChainBreak> {
        let Some((newest, _)) = self.anchored.last() else {
            return Ok(());
        };
        let ok = match head_id {
            Some(id) => id.parse::<i64>().is_ok_and(|h| h >= *newest),
            None => evictable_before_ms.is_some_and(|before| self.newest_at_ms < before),
        };
        if ok {
            return Ok(());
        }
        Err(ChainBreak {
            id: newest.to_string(),
            reason: BreakReason::AnchorMismatch,
            detail: format!(
                "entry {newest} was anchored, but the store's newest entry is {}: the store was rolled back or lost entries",
                head_id.unwrap_or("none")
            ),
        })
    }
}

impl Engine {
    /// The store's newest audit entry: its id and hash.
    pub async fn audit_head(&self) -> Result<Option<(String, String)>, Error> {
        let newest = self
            .inner
            .store
            .list_audit(&AuditFilter::default(), &AuditCursor::Before(None), 1)
            .await?;
        Ok(newest.into_iter().next().map(|r| (r.id, r.hash)))
    }

    /// Anchors the current audit head in the engine's [`AuditAnchors`] when it moved since the
    /// last anchor `last` (the caller's memory; `None` reads the sink's newest). Returns the
    /// anchor written, if any.
    pub async fn anchor_audit(
        &self,
        last: Option<&AuditAnchor>,
    ) -> Result<Option<AuditAnchor>, Error> {
        let Some(anchors) = &self.inner.audit_anchors else {
            return Ok(None);
        };
        let Some((id, hash)) = self.audit_head().await? else {
            return Ok(None);
        };
        let last = match last {
            Some(last) => Some(last.clone()),
            None => anchors.recent().await?.pop(),
        };
        if last.is_some_and(|l| l.id == id && l.hash == hash) {
            return Ok(None);
        }
        let anchor = AuditAnchor {
            id,
            hash,
            at_ms: self.now_ms(),
            node: self.inner.config.node_id.clone(),
        };
        anchors.record(&anchor).await?;
        Ok(Some(anchor))
    }

    /// The anchors verification checks against (none without a sink).
    pub(crate) async fn anchor_check(&self) -> Result<AnchorCheck, Error> {
        match &self.inner.audit_anchors {
            Some(anchors) => Ok(AnchorCheck::new(&anchors.recent().await?)),
            None => Ok(AnchorCheck::default()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anchor(id: &str, hash: &str) -> AuditAnchor {
        AuditAnchor {
            id: id.into(),
            hash: hash.into(),
            at_ms: 0,
            node: "n".into(),
        }
    }

    #[test]
    fn an_anchored_entry_must_keep_its_hash() {
        let check = AnchorCheck::new(&[anchor("3", "k1:a"), anchor("7", "k1:b")]);
        assert!(check.entry("3", "k1:a").is_ok());
        assert!(check.entry("4", "anything").is_ok(), "not anchored");
        let broken = check.entry("7", "k1:c").unwrap_err();
        assert_eq!(
            (broken.id.as_str(), broken.reason),
            ("7", BreakReason::AnchorMismatch)
        );
    }

    #[test]
    fn the_head_must_not_be_older_than_the_newest_anchor() {
        let check = AnchorCheck::new(&[anchor("7", "k1:b"), anchor("3", "k1:a")]);
        assert!(check.head(Some("7"), None).is_ok());
        assert!(check.head(Some("9"), None).is_ok());
        assert_eq!(check.head(Some("6"), None).unwrap_err().id, "7");
        assert_eq!(check.head(None, None).unwrap_err().id, "7", "emptied");
        assert_eq!(check.head(None, Some(0)).unwrap_err().id, "7", "too recent");
        assert!(check.head(None, Some(1)).is_ok(), "aged out");
        assert!(AnchorCheck::default().head(None, None).is_ok());
    }

    #[test]
    fn entries_after_the_first_keyed_anchor_must_be_keyed() {
        let check = AnchorCheck::new(&[anchor("2", "abc"), anchor("5", "k1:x")]);
        assert_eq!(check.unkeyed_through(), Some(4));
        assert_eq!(AnchorCheck::default().unkeyed_through(), None);
    }
}
