//! Verifies the audit chain when `workerd` starts and then every `WORKER_AUDIT_VERIFY_INTERVAL`,
//! on every node. A break is logged as an error once, when it is first seen (not on every pass),
//! and `worker_audit_chain_broken` holds it until the chain verifies again; the event log gets
//! an `audit_chain_broken` alert at the same time.

use std::time::Duration;

use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::engine::events::{Alert, Event};
use crate::engine::{AuditVerification, Engine, Error};

/// The running periodic verification.
pub struct AuditWatch {
    stop: CancellationToken,
    join: JoinHandle<()>,
}

impl AuditWatch {
    /// Verifies now (before returning, so a break is in the log before `workerd` serves), then
    /// every `interval`.
    pub async fn start(engine: Engine, interval: Duration) -> Self {
        let mut seen = Seen::default();
        raise(&engine, seen.pass(engine.verify_audit().await)).await;
        let stop = CancellationToken::new();
        let join = tokio::spawn({
            let stop = stop.clone();
            async move {
                let mut ticks =
                    tokio::time::interval_at(tokio::time::Instant::now() + interval, interval);
                ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                loop {
                    tokio::select! {
                        () = stop.cancelled() => return,
                        _ = ticks.tick() => {}
                    }
                    raise(&engine, seen.pass(engine.verify_audit().await)).await;
                }
            }
        });
        Self { stop, join }
    }

    pub async fn stop(self) {
        self.stop.cancel();
        let _ = self.join.await;
    }
}

/// Appends a new break's alert to the event log.
async fn raise(engine: &Engine, alert: Option<Alert>) {
    if let Some(alert) = alert {
        engine.append(Event::Alert(alert)).await;
    }
}

/// What the passes so far found, so one break is reported once.
#[derive(Debug, Default)]
struct Seen {
    passes: u64,
    /// The break last reported: its entry and reason.
    broken: Option<(String, &'static str)>,
}

impl Seen {
    /// Reports one pass; the alert to raise when it logged a break not reported before.
    fn pass(&mut self, result: Result<AuditVerification, Error>) -> Option<Alert> {
        self.passes += 1;
        let verification = match result {
            Ok(v) => v,
            Err(e) => {
                tracing::error!(error = %e, "could not verify the audit chain");
                return None;
            }
        };
        crate::telemetry::metrics().set_audit_chain_broken(verification.broken.is_some());
        match &verification.broken {
            Some(broken) => {
                let now = (broken.id.clone(), broken.reason.name());
                if self.broken.as_ref() != Some(&now) {
                    tracing::error!(
                        id = %broken.id,
                        reason = broken.reason.name(),
                        detail = %broken.detail,
                        checked = verification.checked,
                        "AUDIT CHAIN BROKEN at entry {}: the audit log was changed outside workerd",
                        broken.id
                    );
                    self.broken = Some(now);
                    return Some(Alert::critical(
                        Alert::AUDIT_CHAIN_BROKEN,
                        format!(
                            "audit chain broken at entry {} ({}): {}",
                            broken.id,
                            broken.reason.name(),
                            broken.detail
                        ),
                    ));
                }
            }
            None => {
                let head = verification.head.as_ref().map(|(id, _)| id.as_str());
                if self.broken.take().is_some() {
                    tracing::warn!(
                        checked = verification.checked,
                        head,
                        "the audit chain verifies again"
                    );
                } else if self.passes == 1 {
                    tracing::info!(checked = verification.checked, head, "audit chain verified");
                } else {
                    tracing::debug!(checked = verification.checked, head, "audit chain verified");
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::audit::{BreakReason, ChainBreak};

    fn pass(broken: Option<&str>) -> Result<AuditVerification, Error> {
        Ok(AuditVerification {
            checked: 3,
            head: Some(("3".into(), "k1:abc".into())),
            broken: broken.map(|id| ChainBreak {
                id: id.into(),
                reason: BreakReason::HashMismatch,
                detail: "changed".into(),
            }),
        })
    }

    #[test]
    fn a_break_is_reported_once_until_it_changes_or_heals() {
        let mut seen = Seen::default();
        assert!(seen.pass(pass(None)).is_none());
        let alert = seen.pass(pass(Some("2"))).expect("first seen");
        assert_eq!(alert.code, "audit_chain_broken");
        assert!(
            alert.message.contains("entry 2") && alert.message.contains("hash_mismatch"),
            "{alert:?}"
        );
        assert!(
            seen.pass(pass(Some("2"))).is_none(),
            "the same break again is not news"
        );
        assert!(seen.pass(pass(Some("1"))).is_some(), "an earlier break is");
        assert!(seen.pass(pass(None)).is_none());
        assert!(
            seen.pass(pass(Some("1"))).is_some(),
            "broken again after healing"
        );
    }
}
