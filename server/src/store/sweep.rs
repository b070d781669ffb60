//! What a retention sweep is given (the cut-offs of every kind of history) and what it
//! reports it removed; each backend's `RetentionStore::sweep` applies it.

/// What a retention sweep removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SweepCounts {
    pub tasks: u64,
    pub idempotency_keys: u64,
    pub events: u64,
    pub workers: u64,
    pub throughput_buckets: u64,
    pub schedule_events: u64,
}

/// Retention cut-offs for one sweep.
#[derive(Clone, Copy, Debug)]
pub struct Sweep {
    pub now_ms: i64,
    /// Succeeded and cancelled tasks finished before this are deleted.
    pub terminal_before_ms: i64,
    /// Dead tasks failed before this are deleted; `None` keeps the DLQ until replayed or purged.
    pub dead_before_ms: Option<i64>,
    /// The event log keeps at most this many entries.
    pub events_keep: u64,
    /// The schedule event history keeps at most this many entries (all schedules together).
    pub schedule_events_keep: u64,
    /// Stopped and lost workers last seen before this are forgotten.
    pub workers_before_ms: i64,
    /// Minute throughput buckets older than this are dropped.
    pub throughput_before_ms: i64,
    /// Hour throughput buckets older than this are dropped.
    pub throughput_hours_before_ms: i64,
    /// Stuck history older than this is dropped.
    pub stuck_before_ms: i64,
    /// At most this many tasks per sweep, so a sweep never holds the writer for long.
    pub batch: u32,
}
