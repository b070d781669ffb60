//! Audit coalescing, so that no caller can evict operator history by volume: repeated refusals
//! of one actor, action and reason within a window become one entry with a count, a flood of
//! refusals is rate-limited per actor, and producers' enqueues become one summary per actor and queue
//! per window. The rules are pure ([`AuditCoalescer`], driven by explicit times); the
//! `impl Engine` block at the end writes what they decide.

use std::collections::BTreeMap;

use crate::engine::Engine;
use crate::engine::Error;
use crate::engine::audit::AuditEntry;
use crate::engine::model::Enqueued;

/// The span over which an actor's immediate refusal entries are budgeted.
const BUDGET_SPAN_MS: i64 = 60_000;

/// How audit entries are coalesced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CoalesceSettings {
    /// Refusals of one actor and action, and enqueues of one actor and queue, within this
    /// long of the window's first are folded into one entry. 0 writes every refusal and every
    /// enqueue call on its own (as before coalescing existed).
    pub window_ms: i64,
    /// Refusal entries written at once per actor per minute; beyond it, refusals are only
    /// counted in their window's summary.
    pub refusal_budget_per_minute: u32,
}

impl Default for CoalesceSettings {
    fn default() -> Self {
        Self {
            window_ms: 60_000,
            refusal_budget_per_minute: 20,
        }
    }
}

/// What the coalescer has folded away since the process started: entries not written on their
/// own (each is counted in a summary instead).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CoalesceCounters {
    /// Refusals counted in a summary rather than written.
    pub refusals_suppressed: u64,
    /// Enqueue calls counted in a producer summary rather than written.
    pub enqueues_summarized: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    /// Refusals by their reason (metadata `reason`, such as `approval_required`, else the
    /// detail's leading code), so the first of each reason is written in full.
    Refusal {
        reason: String,
    },
    Enqueue {
        queue: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    actor: String,
    action: String,
    kind: Kind,
}

/// One open window.
#[derive(Clone, Debug)]
struct Window {
    opened_ms: i64,
    /// The first and last event folded into this window (not written on their own).
    first_ms: i64,
    last_ms: i64,
    /// Refusals or enqueue calls folded (not written on their own).
    count: u64,
    /// Tasks enqueued and deduplicated, for producer windows.
    tasks: u64,
    deduplicated: u64,
    /// The entry the summary is made from: the window's first.
    template: AuditEntry,
    /// The last refusal's detail, which may differ from the first's.
    last_detail: String,
    /// Whether the folded events named different targets (the summary then names `*`).
    mixed_targets: bool,
}

impl Window {
    fn new(now_ms: i64, template: AuditEntry) -> Self {
        Self {
            opened_ms: now_ms,
            first_ms: now_ms,
            last_ms: now_ms,
            count: 0,
            tasks: 0,
            deduplicated: 0,
            last_detail: template.detail.clone(),
            template,
            mixed_targets: false,
        }
    }

    fn fold(&mut self, now_ms: i64, entry: &AuditEntry) {
        if self.count == 0 {
            self.first_ms = now_ms;
        }
        self.count += 1;
        self.last_ms = now_ms;
        self.last_detail = entry.detail.clone();
        self.mixed_targets |= entry.target != self.template.target;
    }

    /// The window's summary entry at `now_ms`, or `None` when nothing was folded into it.
    fn summary(self, key: &Key, now_ms: i64) -> Option<AuditEntry> {
        if self.count == 0 {
            return None;
        }
        let mut entry = self.template;
        entry.at_ms = now_ms;
        if self.mixed_targets {
            entry.target = "*".into();
        }
        entry
            .metadata
            .insert("count".into(), self.count.to_string());
        entry
            .metadata
            .insert("first_at_ms".into(), self.first_ms.to_string());
        entry
            .metadata
            .insert("last_at_ms".into(), self.last_ms.to_string());
        entry.metadata.insert("coalesced".into(), "true".into());
        match &key.kind {
            Kind::Refusal { .. } => {
                entry.detail = format!("{} ×{}", self.last_detail, self.count);
            }
            Kind::Enqueue { queue } => {
                entry.status = "ok".into();
                entry.target = queue.clone();
                entry.payload_hash = String::new();
                entry.metadata.insert("queue".into(), queue.clone());
                entry
                    .metadata
                    .insert("tasks".into(), self.tasks.to_string());
                entry
                    .metadata
                    .insert("deduplicated".into(), self.deduplicated.to_string());
                entry.detail = format!(
                    "enqueued {} tasks ({} deduplicated) in {} calls",
                    self.tasks, self.deduplicated, self.count
                );
            }
        }
        Some(entry)
    }
}

/// The coalescing rules' state: open windows and each actor's refusal budget.
#[derive(Debug, Default)]
pub struct AuditCoalescer {
    settings: CoalesceSettings,
    windows: BTreeMap<Key, Window>,
    /// Per actor: when its budget span began and how many refusals it wrote at once since.
    budgets: BTreeMap<String, (i64, u32)>,
    counters: CoalesceCounters,
}

impl AuditCoalescer {
    pub fn new(settings: CoalesceSettings) -> Self {
        Self {
            settings,
            ..Self::default()
        }
    }

    pub fn counters(&self) -> CoalesceCounters {
        self.counters
    }

    /// A refusal happened at `now_ms`: returns the entries to write now (a closed window's
    /// summary, and this refusal when it opens a window within its actor's budget).
    pub fn refusal(&mut self, now_ms: i64, entry: AuditEntry) -> Vec<AuditEntry> {
        if self.settings.window_ms <= 0 {
            return vec![entry];
        }
        let key =
            Key {
                actor: entry.actor.clone(),
                action: entry.action.clone(),
                kind: Kind::Refusal {
                    reason: entry.metadata.get("reason").cloned().unwrap_or_else(|| {
                        entry.detail.split(':').next().unwrap_or("").to_string()
                    }),
                },
            };
        let mut out = self.close_if_due(&key, now_ms);
        if let Some(window) = self.windows.get_mut(&key) {
            window.fold(now_ms, &entry);
            self.counters.refusals_suppressed += 1;
            return out;
        }
        let budget = self.budgets.entry(key.actor.clone()).or_insert((now_ms, 0));
        if now_ms - budget.0 >= BUDGET_SPAN_MS {
            *budget = (now_ms, 0);
        }
        let mut window = Window::new(now_ms, entry.clone());
        if budget.1 < self.settings.refusal_budget_per_minute {
            budget.1 += 1;
            out.push(entry);
        } else {
            window.fold(now_ms, &entry);
            self.counters.refusals_suppressed += 1;
        }
        self.windows.insert(key, window);
        out
    }

    /// A producer's enqueue call at `now_ms` put `tasks` tasks (`deduplicated` of them already
    /// there) in `queue`; `template` is the call's own entry. Returns a closed window's summary
    /// to write now, if any.
    pub fn enqueued(
        &mut self,
        now_ms: i64,
        queue: &str,
        tasks: u64,
        deduplicated: u64,
        template: AuditEntry,
    ) -> Vec<AuditEntry> {
        if self.settings.window_ms <= 0 {
            let mut entry = template;
            entry.at_ms = now_ms;
            entry.target = queue.to_string();
            entry.metadata.insert("queue".into(), queue.to_string());
            entry.metadata.insert("tasks".into(), tasks.to_string());
            entry.detail = format!("enqueued {tasks} tasks ({deduplicated} deduplicated)");
            return vec![entry];
        }
        let key = Key {
            actor: template.actor.clone(),
            action: template.action.clone(),
            kind: Kind::Enqueue {
                queue: queue.to_string(),
            },
        };
        let out = self.close_if_due(&key, now_ms);
        let window = self
            .windows
            .entry(key)
            .or_insert_with(|| Window::new(now_ms, template.clone()));
        window.fold(now_ms, &template);
        window.tasks += tasks;
        window.deduplicated += deduplicated;
        self.counters.enqueues_summarized += 1;
        out
    }

    fn close_if_due(&mut self, key: &Key, now_ms: i64) -> Vec<AuditEntry> {
        let due = self
            .windows
            .get(key)
            .is_some_and(|w| now_ms - w.opened_ms >= self.settings.window_ms);
        if !due {
            return Vec::new();
        }
        let window = self.windows.remove(key).expect("window present");
        window.summary(key, now_ms).into_iter().collect()
    }

    /// Closes every window older than the window length at `now_ms` and returns their
    /// summaries; `all` closes every window (at shutdown).
    pub fn due(&mut self, now_ms: i64, all: bool) -> Vec<AuditEntry> {
        let window_ms = self.settings.window_ms;
        let keys: Vec<Key> = self
            .windows
            .iter()
            .filter(|(_, w)| all || now_ms - w.opened_ms >= window_ms)
            .map(|(k, _)| k.clone())
            .collect();
        let mut out = Vec::new();
        for key in keys {
            if let Some(window) = self.windows.remove(&key) {
                out.extend(window.summary(&key, now_ms));
            }
        }
        self.budgets
            .retain(|_, (since, _)| now_ms - *since < BUDGET_SPAN_MS);
        out
    }
}

impl Engine {
    /// Records a refused mutation through the coalescer: written at once when it opens a
    /// window within its actor's budget, otherwise counted in the window's summary.
    /// Answers whether the refusal was folded (not written on its own).
    pub async fn record_refusal(&self, entry: AuditEntry) -> Result<bool, Error> {
        let now = self.now_ms();
        let (out, folded) = {
            let mut coalescer = self.coalescer_lock();
            let before = coalescer.counters().refusals_suppressed;
            let out = coalescer.refusal(now, entry);
            (out, coalescer.counters().refusals_suppressed > before)
        };
        self.write_coalesced(out).await.map(|()| folded)
    }

    /// Records a producer's successful enqueue call as part of its actor's summary per queue
    /// (`template` is the call's entry); the summary is written when the window closes.
    /// Answers whether the call was folded into a summary (not written on its own).
    pub async fn record_enqueues(
        &self,
        template: AuditEntry,
        queues: &[String],
        enqueued: &[Enqueued],
    ) -> Result<bool, Error> {
        let now = self.now_ms();
        let default = self.inner.config.default_queue.to_string();
        let mut per_queue: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
        for (queue, done) in queues.iter().zip(enqueued) {
            let name = if queue.is_empty() { &default } else { queue };
            let tally = per_queue.entry(name).or_default();
            tally.0 += 1;
            tally.1 += u64::from(done.deduplicated);
        }
        let out = {
            let mut coalescer = self.coalescer_lock();
            per_queue
                .into_iter()
                .flat_map(|(queue, (tasks, dedup))| {
                    coalescer.enqueued(now, queue, tasks, dedup, template.clone())
                })
                .collect::<Vec<_>>()
        };
        let folded = self.inner.config.audit_coalesce.window_ms > 0;
        self.write_coalesced(out).await.map(|()| folded)
    }

    /// Writes the summaries of windows that closed; `all` closes every window (at shutdown).
    pub async fn flush_audit_summaries(&self, all: bool) -> Result<(), Error> {
        let now = self.now_ms();
        let out = self.coalescer_lock().due(now, all);
        self.write_coalesced(out).await
    }

    /// What coalescing folded away since start (for the metrics).
    pub fn audit_coalesce_counters(&self) -> CoalesceCounters {
        self.coalescer_lock().counters()
    }

    fn coalescer_lock(&self) -> std::sync::MutexGuard<'_, AuditCoalescer> {
        self.inner
            .audit_coalescer
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    async fn write_coalesced(&self, entries: Vec<AuditEntry>) -> Result<(), Error> {
        let mut first_error = None;
        for entry in entries {
            if let Err(e) = self.record_audit(entry).await {
                first_error.get_or_insert(e);
            }
        }
        first_error.map_or(Ok(()), Err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(actor: &str, action: &str, target: &str) -> AuditEntry {
        AuditEntry {
            at_ms: 0,
            actor: actor.into(),
            role: "viewer".into(),
            request_id: "r".into(),
            action: action.into(),
            target: target.into(),
            status: "error".into(),
            payload_hash: "h".into(),
            detail: "PermissionDenied: no".into(),
            metadata: BTreeMap::new(),
        }
    }

    fn settings(window_ms: i64, budget: u32) -> CoalesceSettings {
        CoalesceSettings {
            window_ms,
            refusal_budget_per_minute: budget,
        }
    }

    #[test]
    fn the_first_refusal_is_written_and_the_rest_of_the_window_is_one_counted_entry() {
        let mut c = AuditCoalescer::new(settings(60_000, 20));
        assert_eq!(c.refusal(1_000, refused("v", "queue.pause", "q")).len(), 1);
        for t in 0..999 {
            assert!(
                c.refusal(1_001 + t, refused("v", "queue.pause", "q"))
                    .is_empty()
            );
        }
        assert!(c.due(60_999, false).is_empty(), "the window is still open");
        let out = c.due(61_000, false);
        assert_eq!(out.len(), 1);
        let summary = &out[0];
        assert_eq!(summary.detail, "PermissionDenied: no ×999");
        assert_eq!(summary.metadata["count"], "999");
        assert_eq!(summary.metadata["first_at_ms"], "1001");
        assert_eq!(summary.metadata["last_at_ms"], "1999");
        assert_eq!(
            (summary.status.as_str(), summary.target.as_str()),
            ("error", "q")
        );
        assert_eq!(c.counters().refusals_suppressed, 999);
        // The next refusal opens a new window and is written at once again.
        assert_eq!(c.refusal(61_001, refused("v", "queue.pause", "q")).len(), 1);
    }

    #[test]
    fn a_lone_refusal_leaves_no_summary_and_windows_are_per_actor_and_action() {
        let mut c = AuditCoalescer::new(settings(1_000, 20));
        assert_eq!(c.refusal(0, refused("v", "queue.pause", "a")).len(), 1);
        assert_eq!(c.refusal(1, refused("w", "queue.pause", "a")).len(), 1);
        assert_eq!(c.refusal(2, refused("v", "dlq.replay", "a")).len(), 1);
        assert!(c.refusal(3, refused("v", "queue.pause", "b")).is_empty());
        assert!(c.due(2_000, false).iter().all(|e| e.actor == "v"));
        assert!(c.due(3_000, false).is_empty());
    }

    #[test]
    fn a_refusal_after_the_window_closes_it_even_before_a_flush() {
        let mut c = AuditCoalescer::new(settings(1_000, 20));
        c.refusal(0, refused("v", "queue.pause", "a"));
        c.refusal(10, refused("v", "queue.pause", "b"));
        let out = c.refusal(1_500, refused("v", "queue.pause", "a"));
        assert_eq!(
            out.len(),
            2,
            "the old window's summary, then the new refusal"
        );
        assert_eq!(out[0].metadata["count"], "1");
        assert_eq!(out[0].target, "*", "the window saw two targets");
        assert!(!out[1].metadata.contains_key("count"));
    }

    #[test]
    fn beyond_its_budget_an_actor_is_only_counted() {
        let mut c = AuditCoalescer::new(settings(60_000, 3));
        let written: usize = (0..10)
            .map(|i| {
                c.refusal(i, refused("v", &format!("action.{i}"), "q"))
                    .len()
            })
            .sum();
        assert_eq!(written, 3);
        assert_eq!(c.counters().refusals_suppressed, 7);
        // Another actor has a budget of its own.
        assert_eq!(c.refusal(11, refused("w", "action.0", "q")).len(), 1);
        // The seven suppressed refusals are still counted, one summary per action.
        let out = c.due(60_010, false);
        assert_eq!(out.len(), 7);
        assert!(out.iter().all(|e| e.metadata["count"] == "1"));
        // A minute later the budget is back.
        assert_eq!(c.refusal(70_000, refused("v", "action.0", "q")).len(), 1);
    }

    #[test]
    fn enqueues_become_one_summary_per_actor_and_queue() {
        let mut c = AuditCoalescer::new(settings(60_000, 20));
        let mut call = refused("producer", "task.enqueue", "send-email");
        call.status = "ok".into();
        for t in 0..5_000 {
            assert!(
                c.enqueued(t, "default", 1, u64::from(t % 10 == 0), call.clone())
                    .is_empty()
            );
        }
        assert!(c.enqueued(7, "other", 3, 0, call.clone()).is_empty());
        let out = c.due(60_000, false);
        assert_eq!(out.len(), 1, "the other queue's window opened later");
        let summary = &out[0];
        assert_eq!(
            (summary.target.as_str(), summary.status.as_str()),
            ("default", "ok")
        );
        assert_eq!(summary.metadata["tasks"], "5000");
        assert_eq!(summary.metadata["deduplicated"], "500");
        assert_eq!(summary.metadata["count"], "5000");
        assert!(
            summary
                .detail
                .starts_with("enqueued 5000 tasks (500 deduplicated)")
        );
        let rest = c.due(60_001, true);
        assert_eq!(rest[0].metadata["tasks"], "3");
        assert_eq!(c.counters().enqueues_summarized, 5_001);
    }

    #[test]
    fn a_zero_window_writes_everything() {
        let mut c = AuditCoalescer::new(settings(0, 0));
        for t in 0..3 {
            assert_eq!(c.refusal(t, refused("v", "queue.pause", "q")).len(), 1);
        }
        assert!(c.due(10, true).is_empty());
    }
}
