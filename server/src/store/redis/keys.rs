//! The Redis store's key names: the global keys and each queue's group, in the order
//! `lua/prelude.lua` numbers them, all under one `{prefix}` hash tag (so one Cluster slot).

/// The global keys, in the order `prelude.lua` numbers them.
pub(super) const GLOBAL_KEYS: [&str; 30] = [
    "t",
    "payload",
    "errors",
    "counts",
    "running",
    "beats",
    // The throughput hash of stores made before each queue kept its own (`tp`): emptied into
    // those at open (`throughput.rs`), kept in the layout so the key positions stay.
    "throughput",
    "dlq",
    "coord",
    "queues",
    "idem",
    "idemexp",
    "all",
    // Tasks by state across queues in stores made before a listing of one state merged the
    // queues' own sets: unlinked at open (`RedisStore::connect`), never written, kept in the
    // layout so the key positions stay.
    "s0",
    "s1",
    "s2",
    "s3",
    "s4",
    "s5",
    "s6",
    "workers",
    "stuck",
    "stucktime",
    "events",
    "audit",
    "auditids",
    "finished",
    "dlqgroups",
    // A task's live fields (`live.lua`'s `live_apply`): what a lease and a completion change,
    // beside its record in `t`, which wins where both hold a field.
    "tlive",
    // Each DLQ entry's search text (`lua/dlq_text.lua`).
    "dlqtext",
];

/// The per-queue keys, in the order `prelude.lua` numbers them. The last three are the queue's
/// throughput history: `tp` (a hash of minute, quarter-hour and hour buckets), `tpm` and `tph`
/// (its minute and quarter buckets, and its hour buckets, by their start), so the sweep finds
/// what expired without reading the hash, and a queue's delete drops its history whole.
pub(super) const QUEUE_KEYS: [&str; 15] = [
    "ready", "due", "readyage", "all", "s0", "s1", "s2", "s3", "s4", "s5", "s6", "dlq", "tp",
    "tpm", "tph",
];

/// Names of every key, built once.
#[derive(Clone, Debug)]
pub(super) struct Keys {
    pub(super) base: String,
    pub(super) globals: Vec<String>,
}

impl Keys {
    pub(super) fn new(prefix: &str) -> Self {
        let base = format!("{{{prefix}}}");
        let globals = GLOBAL_KEYS.iter().map(|k| format!("{base}:{k}")).collect();
        Self { base, globals }
    }

    pub(super) fn global(&self, name: &str) -> String {
        format!("{}:{name}", self.base)
    }

    pub(super) fn queue(&self, queue: &str) -> impl Iterator<Item = String> + '_ {
        let queue = queue.to_string();
        QUEUE_KEYS
            .iter()
            .map(move |k| format!("{}:q:{queue}:{k}", self.base))
    }

    pub(super) fn queue_key(&self, queue: &str, name: &str) -> String {
        format!("{}:q:{queue}:{name}", self.base)
    }

    pub(super) fn handler_dlq(&self, handler: &str) -> String {
        format!("{}:h:{handler}:dlq", self.base)
    }

    /// The dead tasks of one queue and handler. Names never hold '/', so the pair is read back
    /// one way only, and no other key starts `qh:`.
    pub(super) fn queue_handler_dlq(&self, queue: &str, handler: &str) -> String {
        format!("{}:qh:{queue}/{handler}:dlq", self.base)
    }

    /// A schedule's own event index: `events` (its event sequences, newest last) or `cron` /
    /// `manual` (the sequences of its fired events by the time they were recorded). The kind
    /// comes last, so no schedule name (which may hold ':') makes one name's key another's.
    pub(super) fn schedule_key(&self, schedule: &str, kind: &str) -> String {
        format!("{}:sc:{schedule}:{kind}", self.base)
    }

    /// A job's own index: `runs` (its runs), `runs.<status>` (its runs of one status) or
    /// `events` (its events). The name is used as it is (job names are `[A-Za-z0-9._:-]`, so
    /// `a.b` and `a_b` stay apart) and the kind, which holds no ':', comes last, so no name
    /// (which may hold ':') makes one job's key another's; the indexes of all jobs together
    /// are global keys outside `jb:`, so a job named `all` is a job like any other.
    pub(super) fn job_key(&self, job: &str, kind: &str) -> String {
        format!("{}:jb:{job}:{kind}", self.base)
    }

    /// A run's output log (a hash: chunks by sequence, and the log's totals).
    pub(super) fn job_log(&self, run_id: &str) -> String {
        format!("{}:jl:{run_id}", self.base)
    }
}

/// The global keys of schedules, which only the schedule scripts touch (so they are not in
/// [`GLOBAL_KEYS`], which every task script declares).
pub(super) mod schedule {
    /// Hash: schedule name → the record (JSON, with its revision).
    pub(in crate::store::redis) const RECORDS: &str = "sched";
    /// Hash: schedule name → its revision, which the scripts compare without reading JSON.
    pub(in crate::store::redis) const REVISIONS: &str = "schedrev";
    /// Hash: event sequence → the event (JSON).
    pub(in crate::store::redis) const EVENTS: &str = "schedev";
    /// Sorted set: every event by sequence; member `seq␟name␟trigger` (the trigger only for
    /// `fired` events), so trimming knows each event's own indexes without reading it.
    pub(in crate::store::redis) const EVENT_IDS: &str = "schedevids";
}

/// The global keys of jobs, which only the job scripts touch.
pub(super) mod job {
    /// Hash: job name → the record (JSON, with its revision).
    pub(in crate::store::redis) const RECORDS: &str = "jobs";
    /// Hash: job name → its revision, which the write script compares; kept after a delete.
    pub(in crate::store::redis) const REVISIONS: &str = "jobrev";
    /// Hash: run id → the run (JSON).
    pub(in crate::store::redis) const RUNS: &str = "jruns";
    /// Hash: run id → `attempt status member finished job`, what the scripts compare.
    pub(in crate::store::redis) const RUN_STATES: &str = "jrstate";
    /// Sorted set (score 0, lexical): every run as `queued_at:run id`; `jridx.<status>` per
    /// status.
    pub(in crate::store::redis) const RUN_INDEX: &str = "jridx";
    /// Hash: event sequence → a job event (JSON); the sequence is `job_event_seq` in coord.
    pub(in crate::store::redis) const EVENTS: &str = "jobev";
    /// Sorted set: every job event by sequence; member `seq␟name`.
    pub(in crate::store::redis) const EVENT_IDS: &str = "jobevids";
    /// Set: names of jobs that have runs or events, which the retention sweep visits.
    pub(in crate::store::redis) const HISTORY: &str = "jobhist";
}
