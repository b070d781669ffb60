//! The registry of the Redis store's Lua scripts: each is `lua/audit.lua` and `lua/prelude.lua`
//! plus one operation's body from `lua/`. A script is atomic in Redis, so each store operation is applied
//! whole or not at all; validation happens before the first write, because Redis does not roll
//! back a script that fails half-way.

use redis::Script;

/// The audited write every audited script shares, first in each: with the task prelude or not.
const AUDIT: &str = include_str!("lua/audit.lua");
const PRELUDE: &str = concat!(
    include_str!("lua/live.lua"),
    "\n",
    include_str!("lua/dlq_text.lua"),
    "\n",
    include_str!("lua/prelude.lua")
);
/// The event append the schedule scripts that record events share.
const SCHEDULE_EVENTS: &str = include_str!("lua/schedule_events.lua");
/// What the job run scripts share: the run state's format, the transition rule, the indexes.
const JOB_RUNS: &str = include_str!("lua/job_runs.lua");

/// Every script of the store, loaded once.
pub(crate) struct Scripts {
    pub(crate) insert: Script,
    pub(crate) promote: Script,
    pub(crate) lease: Script,
    pub(crate) extend: Script,
    pub(crate) finish: Script,
    /// Many completions in one call (`acks.rs`).
    pub(crate) complete: Script,
    pub(crate) cancel: Script,
    pub(crate) retry: Script,
    pub(crate) replay: Script,
    pub(crate) delete: Script,
    /// An operator's deletes, each with its audit entry.
    pub(crate) delete_tasks: Script,
    pub(crate) delete_queue: Script,
    pub(crate) ensure_queues: Script,
    pub(crate) set_queue: Script,
    pub(crate) set_dequeue: Script,
    pub(crate) acquire_leader: Script,
    pub(crate) release_leader: Script,
    pub(crate) register_worker: Script,
    pub(crate) worker_heartbeat: Script,
    pub(crate) set_worker_state: Script,
    pub(crate) request_recycle: Script,
    pub(crate) mark_lost: Script,
    pub(crate) detect_stuck: Script,
    pub(crate) append_events: Script,
    pub(crate) append_audit: Script,
    pub(crate) delete_audit: Script,
    pub(crate) sweep_small: Script,
    /// The throughput scripts are standalone: they declare only one queue's history keys (and
    /// the old single hash, to migrate it).
    pub(crate) sweep_throughput: Script,
    pub(crate) migrate_throughput: Script,
    pub(crate) backfill_hours: Script,
    pub(crate) get_task: Script,
    /// Standalone: records by id with their live fields, read together.
    pub(crate) read_tasks: Script,
    /// Standalone (no prelude): its keys are the tasks hash and one set.
    pub(crate) scan: Script,
    pub(crate) dlq_scan: Script,
    /// Standalone: the backfills of indexes added after data was written (`backfill.rs`).
    pub(crate) dlq_index_read: Script,
    pub(crate) dlq_index_fill: Script,
    pub(crate) backfill_bulk: Script,
    /// The schedule scripts are standalone too: they touch no task key, so they declare only
    /// their own keys instead of every global key a task script declares. The two that append
    /// events share `lua/schedule_events.lua`, so a write and its events are one script.
    pub(crate) write_schedule: Script,
    pub(crate) delete_schedule: Script,
    pub(crate) append_schedule_events: Script,
    pub(crate) trim_schedule_events: Script,
    /// An operator's schedule change with its audit entry: `lua/audit.lua` and no task prelude.
    pub(crate) write_schedules_audited: Script,
    /// The job scripts are standalone like the schedule ones; the run scripts share
    /// `lua/job_runs.lua`, so the status check and the indexes are written once.
    pub(crate) write_job: Script,
    pub(crate) delete_job: Script,
    pub(crate) insert_job_run: Script,
    pub(crate) update_job_run: Script,
    pub(crate) sweep_job_runs: Script,
    pub(crate) append_job_log: Script,
    pub(crate) append_job_events: Script,
    pub(crate) trim_job_events: Script,
    /// A bulk operation's record under its revision, with an operator's audit entry or none.
    pub(crate) write_bulk_op: Script,
    pub(crate) prune_bulk_ops: Script,
}

impl Scripts {
    pub(crate) fn new() -> Self {
        let with = |body: &str| Script::new(&format!("{AUDIT}\n{PRELUDE}\n{body}"));
        let audited = |body: &str| Script::new(&format!("{AUDIT}\n{body}"));
        let with_events = |body: &str| Script::new(&format!("{SCHEDULE_EVENTS}\n{body}"));
        let with_runs = |body: &str| Script::new(&format!("{JOB_RUNS}\n{body}"));
        Self {
            insert: with(include_str!("lua/insert.lua")),
            promote: with(include_str!("lua/promote.lua")),
            lease: with(include_str!("lua/lease.lua")),
            extend: with(include_str!("lua/extend.lua")),
            finish: with(include_str!("lua/finish.lua")),
            complete: with(include_str!("lua/complete.lua")),
            cancel: with(include_str!("lua/cancel.lua")),
            retry: with(include_str!("lua/retry.lua")),
            replay: with(include_str!("lua/replay.lua")),
            delete: with(include_str!("lua/delete.lua")),
            delete_tasks: with(include_str!("lua/delete_tasks.lua")),
            delete_queue: with(include_str!("lua/delete_queue.lua")),
            ensure_queues: with(include_str!("lua/ensure_queues.lua")),
            set_queue: with(include_str!("lua/set_queue.lua")),
            set_dequeue: with(include_str!("lua/set_dequeue.lua")),
            acquire_leader: with(include_str!("lua/acquire_leader.lua")),
            release_leader: with(include_str!("lua/release_leader.lua")),
            register_worker: with(include_str!("lua/register_worker.lua")),
            worker_heartbeat: with(include_str!("lua/worker_heartbeat.lua")),
            set_worker_state: with(include_str!("lua/set_worker_state.lua")),
            request_recycle: with(include_str!("lua/request_recycle.lua")),
            mark_lost: with(include_str!("lua/mark_lost.lua")),
            detect_stuck: with(include_str!("lua/detect_stuck.lua")),
            append_events: with(include_str!("lua/append_events.lua")),
            append_audit: with(include_str!("lua/append_audit.lua")),
            delete_audit: with(include_str!("lua/delete_audit.lua")),
            sweep_small: with(include_str!("lua/sweep_small.lua")),
            sweep_throughput: Script::new(include_str!("lua/sweep_throughput.lua")),
            migrate_throughput: Script::new(include_str!("lua/migrate_throughput.lua")),
            backfill_hours: Script::new(include_str!("lua/backfill_hours.lua")),
            get_task: with(include_str!("lua/get_task.lua")),
            read_tasks: Script::new(include_str!("lua/read_tasks.lua")),
            scan: Script::new(concat!(
                include_str!("lua/live.lua"),
                "\n",
                include_str!("lua/scan.lua")
            )),
            dlq_scan: Script::new(include_str!("lua/dlq_scan.lua")),
            dlq_index_read: Script::new(include_str!("lua/dlq_index_read.lua")),
            dlq_index_fill: Script::new(concat!(
                include_str!("lua/dlq_text.lua"),
                "\n",
                include_str!("lua/dlq_index_fill.lua")
            )),
            backfill_bulk: Script::new(include_str!("lua/backfill_bulk.lua")),
            write_schedule: with_events(include_str!("lua/write_schedule.lua")),
            delete_schedule: Script::new(include_str!("lua/delete_schedule.lua")),
            append_schedule_events: with_events(include_str!("lua/append_schedule_events.lua")),
            trim_schedule_events: Script::new(include_str!("lua/trim_schedule_events.lua")),
            write_schedules_audited: audited(include_str!("lua/write_schedules_audited.lua")),
            write_job: audited(include_str!("lua/write_job.lua")),
            delete_job: audited(include_str!("lua/delete_job.lua")),
            insert_job_run: audited(&format!(
                "{JOB_RUNS}\n{}",
                include_str!("lua/insert_job_run.lua")
            )),
            update_job_run: with_runs(include_str!("lua/update_job_run.lua")),
            sweep_job_runs: with_runs(include_str!("lua/sweep_job_runs.lua")),
            append_job_log: Script::new(include_str!("lua/append_job_log.lua")),
            append_job_events: Script::new(include_str!("lua/append_job_events.lua")),
            trim_job_events: Script::new(include_str!("lua/trim_job_events.lua")),
            write_bulk_op: audited(include_str!("lua/write_bulk_op.lua")),
            prune_bulk_ops: Script::new(include_str!("lua/prune_bulk_ops.lua")),
        }
    }
}
