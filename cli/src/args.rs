//! The command line: clap structs only (what was typed, validated), no I/O.

use std::path::PathBuf;
use std::time::Duration;

use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};

mod bulk;
mod schedules;
pub use bulk::{BulkAction, BulkCommand, BulkRunArgs, FilterArgs};
pub use schedules::{JobCommand, Misfire, Overlap, ScheduleCommand, ScheduleCreateArgs};

/// The exit codes, shown in `--help` and the man pages.
pub const EXIT_CODES: &[(u8, &str)] = &[
    (0, "success (an empty list included)"),
    (1, "the operation failed"),
    (2, "usage error"),
    (
        3,
        "the server is unreachable, or TLS failed (certificate, CA, handshake)",
    ),
    (
        4,
        "refused: unauthenticated, permission denied, or approval missing",
    ),
    (5, "not found"),
    (130, "interrupted (Ctrl-C)"),
];

const AFTER_HELP: &str = "\
Examples:
  workerctl overview
  workerctl queue ls -o json
  workerctl queue pause default -y
  workerctl task enqueue send_email --queue critical --payload '{\"to\":\"a@b.c\"}'
  workerctl schedule create nightly --spec '0 3 * * *' --tz Europe/Berlin
  workerctl dlq replay --all --dry-run
  workerctl audit export --format csv --out audit.csv
  workerctl events -f
  workerctl dash --readonly

Connection: --server/--ca/--cert/--key, else WORKERCTL_SERVER/_CA/_CERT/_KEY, else the
context (--context, WORKERCTL_CONTEXT, or current_context in the config file), else the
local development PKI that workerd makes on first start.

Exit status: 0 ok, 1 failed, 2 usage, 3 unreachable or TLS failure, 4 refused
(unauthenticated, permission denied, approval missing), 5 not found, 130 interrupted.";

/// The operator's command line for worker.
///
/// Every command talks to workerd's admin API over gRPC with mutual TLS; workerctl never opens
/// a store. Data goes to stdout in the format chosen with -o; messages, prompts and progress
/// go to stderr.
#[derive(Parser, Debug)]
#[command(name = "workerctl", version, after_help = AFTER_HELP, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// How output is rendered.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    /// Aligned columns for people.
    Table,
    /// A table with every column.
    Wide,
    /// One JSON document (an array for lists).
    Json,
    /// One JSON object per line.
    Jsonl,
    /// A header row, then one row per record.
    Csv,
}

fn parse_duration(text: &str) -> Result<Duration, String> {
    humantime::parse_duration(text.trim())
        .map_err(|e| format!("{text:?} is not a duration ({e}); write it like 10s or 2m"))
}

#[derive(Args, Debug, Clone)]
pub struct GlobalArgs {
    /// Server address, host:port.
    #[arg(
        long,
        global = true,
        env = "WORKERCTL_SERVER",
        value_name = "HOST:PORT"
    )]
    pub server: Option<String>,
    /// CA certificate that signed the server's certificate (PEM).
    #[arg(
        long,
        global = true,
        env = "WORKERCTL_CA",
        hide_env_values = true,
        value_name = "FILE"
    )]
    pub ca: Option<PathBuf>,
    /// Client certificate (PEM); its OU is your role.
    #[arg(
        long,
        global = true,
        env = "WORKERCTL_CERT",
        hide_env_values = true,
        value_name = "FILE"
    )]
    pub cert: Option<PathBuf>,
    /// Private key of the client certificate (PEM).
    #[arg(
        long,
        global = true,
        env = "WORKERCTL_KEY",
        hide_env_values = true,
        value_name = "FILE"
    )]
    pub key: Option<PathBuf>,
    /// Named context from the config file.
    #[arg(
        long,
        global = true,
        env = "WORKERCTL_CONTEXT",
        hide_env_values = true,
        value_name = "NAME"
    )]
    pub context: Option<String>,
    /// Output format.
    #[arg(short = 'o', long, global = true, value_enum, default_value = "table")]
    pub output: OutputFormat,
    /// Do not ask for confirmation.
    #[arg(short = 'y', long, global = true)]
    pub yes: bool,
    /// Approval token for destructive and bulk actions (sent as x-admin-approval).
    #[arg(
        long,
        global = true,
        env = "WORKERCTL_APPROVAL_TOKEN",
        hide_env_values = true,
        value_name = "TOKEN"
    )]
    pub approval_token: Option<String>,
    /// Request id for the audit log (default: generated).
    #[arg(long, global = true, value_name = "ID")]
    pub request_id: Option<String>,
    /// No colour, even on a terminal (NO_COLOR does the same).
    #[arg(long, global = true)]
    pub no_color: bool,
    // The task's own per-attempt time is `--task-timeout` (id `task_timeout`) in `task enqueue`
    // and `schedule create`: clap shares a global's value with a subcommand argument of the same
    // id, so a `--timeout` there took this call deadline as the task's timeout.
    /// Deadline of each call (default 10s).
    #[arg(long, global = true, value_parser = parse_duration, value_name = "DURATION")]
    pub timeout: Option<Duration>,
}

impl GlobalArgs {
    /// The deadline of each call.
    pub fn deadline(&self) -> Duration {
        self.timeout.unwrap_or(Duration::from_secs(10))
    }
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Server health and build.
    Health,
    /// Counts, coordination, workers and throughput.
    Overview {
        /// Also show outcomes over this range against the range before it (24h: today
        /// against yesterday).
        #[arg(long, value_parser = ["15m", "24h", "30d"])]
        range: Option<String>,
    },
    /// Queues: list, inspect, pause, resume, weights.
    #[command(subcommand)]
    Queue(QueueCommand),
    /// Pause or resume leasing from every queue.
    #[command(subcommand)]
    Dequeue(DequeueCommand),
    /// Tasks: enqueue, inspect, list, cancel, retry.
    #[command(subcommand)]
    Task(TaskCommand),
    /// Cron schedules: list, inspect, create, delete, pause, resume, run now, events.
    #[command(subcommand)]
    Schedule(ScheduleCommand),
    /// Containerized jobs: define (apply a file), list, inspect, run, follow logs, cancel.
    #[command(subcommand)]
    Job(JobCommand),
    /// The dead-letter queue: list, inspect, replay.
    #[command(subcommand)]
    Dlq(DlqCommand),
    /// Bulk actions by filter, run on the server: replay, delete, cancel, retry; and their
    /// progress.
    #[command(subcommand)]
    Bulk(BulkCommand),
    /// Workers: list, inspect, recycle.
    #[command(subcommand)]
    Worker(WorkerCommand),
    /// Stuck-task history by handler.
    #[command(subcommand)]
    Stuck(StuckCommand),
    /// The audit log: list and export.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// The event log; -f follows it live.
    ///
    /// Without -f, prints the last --tail events (or those after --after) and exits. With -f,
    /// keeps following; after a disconnection it reconnects with backoff and resumes exactly
    /// after the last event it printed. JSON output is one object per line.
    Events(EventsArgs),
    /// The live terminal dashboard.
    ///
    /// Views: overview, queues, tasks of a queue, DLQ, workers, events, audit, schedules.
    /// Pushed by the event stream and refreshed every --refresh; reconnects on its own. Keys:
    /// `:` command, `/` filter, `?` help, j/k, Enter, Esc, q. Changes use upper-case keys
    /// (P pause, W weight, C cancel, R retry/replay/recycle/run now, N replay N, A replay all,
    /// D delete) and ask for confirmation first; --readonly, or a viewer certificate, hides
    /// them.
    Dash(DashArgs),
    /// Certificates for mutual TLS.
    #[command(subcommand)]
    Certs(CertsCommand),
    /// Shell completion script.
    Completion(CompletionArgs),
}

#[derive(Args, Debug)]
pub struct DashArgs {
    /// How often to refresh besides the pushed events (at least 500ms).
    #[arg(long, default_value = "2s", value_parser = parse_refresh, value_name = "DURATION")]
    pub refresh: Duration,
    /// Show everything, change nothing: no action keys whatever the certificate's role.
    #[arg(long)]
    pub readonly: bool,
}

fn parse_refresh(text: &str) -> Result<Duration, String> {
    let d = parse_duration(text)?;
    if d < Duration::from_millis(500) {
        return Err(format!(
            "{text:?} is too short; refresh at most twice a second (500ms)"
        ));
    }
    Ok(d)
}

#[derive(Subcommand, Debug)]
pub enum QueueCommand {
    /// List queues.
    #[command(visible_alias = "list")]
    Ls,
    /// Show one queue.
    Get { name: String },
    /// Stop leasing from a queue (enqueue still works).
    Pause { name: String },
    /// Lease from a queue again.
    Resume { name: String },
    /// Set or reset a queue's weight.
    #[command(subcommand)]
    Weight(WeightCommand),
    /// Remove a queue from the registry (admin). Refused while it holds tasks unless --force,
    /// which deletes them too (never while one runs). A later enqueue registers it again.
    Delete {
        name: String,
        /// Delete the queue's tasks with it.
        #[arg(long)]
        force: bool,
        /// Show how many tasks it holds; change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Task outcomes over a range, against the range before it.
    History {
        name: String,
        /// 15m (minutes), 24h (15-minute steps) or 30d (6-hour steps).
        #[arg(long, default_value = "24h", value_parser = ["15m", "24h", "30d"])]
        range: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum WeightCommand {
    /// Set a queue's weight (1 to 10000), persisted cluster-wide.
    Set { name: String, weight: i32 },
    /// Return a queue to its configured weight.
    Reset { name: String },
}

#[derive(Subcommand, Debug)]
pub enum DequeueCommand {
    /// Stop leasing from every queue.
    Pause,
    /// Lease again.
    Resume,
}

#[derive(Subcommand, Debug)]
pub enum TaskCommand {
    /// Enqueue a task, or many from JSON lines (--jsonl).
    ///
    /// Each JSON line has "handler" and optionally "queue", "payload" (text), "payload_b64",
    /// "priority", "max_retries", "timeout" (like "30s"), "run_at" (RFC 3339),
    /// "idempotency_key" and "metadata" (an object of strings). Lines go in atomic batches of up
    /// to 1000.
    Enqueue(EnqueueArgs),
    /// Show a task with its error history.
    Get { id: String },
    /// List tasks, newest first.
    #[command(visible_alias = "list")]
    Ls(TaskListArgs),
    /// Cancel a task: a waiting one at once, a running one by signal.
    ///
    /// With filter flags instead of an id, cancels every task they select as a bulk
    /// operation on the server (like `bulk run cancel_tasks`), followed to its end; exits 1
    /// when it fails or is cancelled. --dry-run counts and samples.
    Cancel(TaskBulkArgs),
    /// Run a scheduled, retrying or finished task again.
    ///
    /// With filter flags instead of an id, retries every task they select as a bulk operation
    /// on the server (like `bulk run retry_tasks`), followed to its end.
    Retry(TaskBulkArgs),
    /// Delete tasks by id, or every task matching the filter (admin); running tasks are
    /// refused (cancel them first).
    ///
    /// By filter it is a bulk operation on the server (like `bulk run delete_tasks`), followed
    /// to its end; exits 1 when it fails, is cancelled or left running tasks. --dry-run counts
    /// and samples.
    Delete(TaskDeleteArgs),
}

/// `task cancel|retry`: one id, or (with the listing's filter flags) everything matching.
#[derive(Args, Debug)]
#[command(group(ArgGroup::new("which").required(true).multiple(true)
    .args(["id", "filter", "queue", "handler", "state", "query", "fingerprint", "older_than", "all"])))]
#[command(group(ArgGroup::new("by_filter").multiple(true)
    .args(["filter", "queue", "handler", "state", "query", "fingerprint", "older_than", "all", "dry_run", "detach"])
    .conflicts_with("id")))]
pub struct TaskBulkArgs {
    pub id: Option<String>,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Every task (no filter).
    #[arg(long)]
    pub all: bool,
    /// Count and show a sample; change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Print the bulk operation's id and return at once.
    #[arg(long, conflicts_with = "dry_run")]
    pub detach: bool,
    /// Tasks per batch (the server caps it).
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=10000))]
    pub batch: u32,
}

/// What a delete names: ids, or (with the listing's own filter flags) everything matching.
#[derive(Args, Debug)]
#[command(group(ArgGroup::new("which").required(true).multiple(true)
    .args(["ids", "filter", "queue", "handler", "state", "query", "fingerprint", "older_than", "all"])))]
#[command(group(ArgGroup::new("by_filter").multiple(true)
    .args(["filter", "queue", "handler", "state", "query", "fingerprint", "older_than", "all", "detach"])
    .conflicts_with("ids")))]
pub struct TaskDeleteArgs {
    pub ids: Vec<String>,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Every task (no filter).
    #[arg(long)]
    pub all: bool,
    /// By filter: print the bulk operation's id and return at once.
    #[arg(long, conflicts_with = "dry_run")]
    pub detach: bool,
    /// Count and show a sample; change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Tasks per call.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=10000))]
    pub batch: u32,
}

#[derive(Args, Debug)]
#[command(group(ArgGroup::new("source").args(["payload", "payload_file"])))]
#[command(group(ArgGroup::new("when").args(["at", "in_"])))]
pub struct EnqueueArgs {
    /// The handler to run (not with --jsonl).
    #[arg(required_unless_present = "jsonl")]
    pub handler: Option<String>,
    /// Queue (default: the server's default queue).
    #[arg(long)]
    pub queue: Option<String>,
    /// Payload as text.
    #[arg(long)]
    pub payload: Option<String>,
    /// Payload from a file; - reads stdin.
    #[arg(long, value_name = "PATH")]
    pub payload_file: Option<PathBuf>,
    /// Lower runs first.
    #[arg(long, default_value_t = 0, allow_negative_numbers = true)]
    pub priority: i32,
    /// Retries after the first attempt (default: the server's).
    #[arg(long)]
    pub max_retries: Option<u32>,
    /// Per-attempt timeout of the task, like 30s or 5m (default: the server's).
    #[arg(long, value_parser = parse_duration, value_name = "DURATION")]
    pub task_timeout: Option<Duration>,
    /// Run at this time (RFC 3339, like 2026-12-01T09:00:00Z).
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// Run after this delay, like 10m.
    #[arg(long = "in", id = "in_", value_parser = parse_duration, value_name = "DURATION")]
    pub in_: Option<Duration>,
    /// Deduplicates enqueues of this handler for the server's idempotency TTL.
    #[arg(long)]
    pub idempotency_key: Option<String>,
    /// Metadata, key=value; repeatable.
    #[arg(long = "meta", value_name = "KEY=VALUE")]
    pub meta: Vec<String>,
    /// Enqueue every JSON line of this file (- for stdin) instead.
    #[arg(long, value_name = "PATH", conflicts_with_all = ["handler", "source", "when", "idempotency_key", "meta", "queue"])]
    pub jsonl: Option<PathBuf>,
}

/// `task ls`: the filter of the bulk actions (flags or --filter), then the page.
#[derive(Args, Debug)]
pub struct TaskListArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    #[arg(long, default_value_t = 100)]
    pub limit: u32,
    #[arg(long, default_value_t = 0)]
    pub offset: u64,
}

#[derive(Subcommand, Debug)]
pub enum DlqCommand {
    /// List DLQ entries, newest first.
    #[command(visible_alias = "list")]
    Ls(DlqListArgs),
    /// Show one entry with its error history.
    Get { id: String },
    /// Dead tasks grouped by cause: per handler, the error with numbers, ids, hex strings,
    /// quoted values and addresses masked, with how many, since when and an example.
    ///
    /// Largest group first. -o wide adds the queues and the newest entry's id and error.
    Groups(DlqGroupsArgs),
    /// Move entries back to pending (attempts reset, history kept).
    ///
    /// By filter (or --all) the replay is a bulk operation on the server (like `bulk run
    /// replay_dlq`): this command follows its progress to the end (Ctrl-C only stops following)
    /// and exits 1 when it fails or is cancelled. --limit N replays the oldest N entries in
    /// batches from here (a batch above the server's cap is halved; Ctrl-C stops between
    /// batches, exit 130); --ids replays those ids. --dry-run shows what would move and
    /// changes nothing.
    Replay(ReplayArgs),
    /// Delete entries by id, or every entry matching the filter (admin).
    ///
    /// By filter it is a bulk operation on the server (like `bulk run delete_dlq`), followed
    /// to its end; --dry-run counts and samples and changes nothing.
    Delete(DlqDeleteArgs),
}

#[derive(Args, Debug)]
#[command(group(ArgGroup::new("which").required(true).multiple(true)
    .args(["ids", "filter", "queue", "handler", "state", "query", "fingerprint", "older_than", "all"])))]
#[command(group(ArgGroup::new("by_filter").multiple(true)
    .args(["filter", "queue", "handler", "state", "query", "fingerprint", "older_than", "all", "detach"])
    .conflicts_with("ids")))]
pub struct DlqDeleteArgs {
    pub ids: Vec<String>,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// The whole DLQ (no filter).
    #[arg(long)]
    pub all: bool,
    #[arg(long)]
    pub dry_run: bool,
    /// By filter: print the bulk operation's id and return at once.
    #[arg(long, conflicts_with = "dry_run")]
    pub detach: bool,
    /// Entries per call.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=10000))]
    pub batch: u32,
}

/// `dlq ls`: the filter of the bulk actions (flags or --filter; a state, if any, is dead),
/// then the page. --fingerprint with --handler lists the entries of one `dlq groups` group.
#[derive(Args, Debug)]
pub struct DlqListArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    #[arg(long, default_value_t = 100)]
    pub limit: u32,
    #[arg(long, default_value_t = 0)]
    pub offset: u32,
}

#[derive(Args, Debug)]
pub struct DlqGroupsArgs {
    /// Only entries of this queue.
    #[arg(long)]
    pub queue: Option<String>,
    #[arg(long)]
    pub handler: Option<String>,
    /// Groups to show, largest first (the server caps it at 1000).
    #[arg(long, default_value_t = 100)]
    pub limit: u32,
}

#[derive(Args, Debug)]
#[command(group(ArgGroup::new("which").required(true).multiple(true)
    .args(["limit", "ids", "filter", "queue", "handler", "state", "query", "fingerprint", "older_than", "all"])))]
#[command(group(ArgGroup::new("by_filter").multiple(true)
    .args(["filter", "queue", "handler", "state", "query", "fingerprint", "older_than", "all", "detach"])
    .conflicts_with_all(["ids", "limit"])))]
pub struct ReplayArgs {
    /// The oldest N entries, replayed in batches from here (not a server operation).
    #[arg(long, conflicts_with = "ids")]
    pub limit: Option<u32>,
    /// These ids (comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub ids: Option<Vec<String>>,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Every entry, as a bulk operation on the server.
    #[arg(long)]
    pub all: bool,
    /// Show what would move; change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// By filter: print the bulk operation's id and return at once.
    #[arg(long, conflicts_with = "dry_run")]
    pub detach: bool,
    /// Entries per call.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=10000))]
    pub batch: u32,
}

#[derive(Subcommand, Debug)]
pub enum WorkerCommand {
    /// List workers.
    #[command(visible_alias = "list")]
    Ls,
    /// Show a worker with the tasks it runs.
    Get { id: String },
    /// Drain a worker and restart its loop.
    Recycle {
        id: String,
        /// Why, for the audit log and the worker's log.
        #[arg(long)]
        reason: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum StuckCommand {
    /// Stuck tasks by handler over a window.
    #[command(visible_alias = "list")]
    Ls {
        /// The window in hours.
        #[arg(long, default_value_t = 24)]
        hours: i32,
        #[arg(long)]
        handler: Option<String>,
    },
}

#[derive(Args, Debug, Clone)]
pub struct AuditFilterArgs {
    /// Like queue.pause or dlq.replay.
    #[arg(long)]
    pub action: Option<String>,
    #[arg(long)]
    pub target: Option<String>,
    /// The certificate CN of the caller.
    #[arg(long)]
    pub actor: Option<String>,
    /// From this time: RFC 3339, or a duration back from now like 1h.
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
    /// Before this time: RFC 3339, or a duration back from now.
    #[arg(long, value_name = "TIME")]
    pub until: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Recent audit entries, newest first.
    #[command(visible_alias = "list")]
    Ls {
        #[command(flatten)]
        filter: AuditFilterArgs,
        #[arg(long, default_value_t = 100)]
        limit: u32,
    },
    /// Stream every matching entry, oldest first (admin only).
    Export {
        #[command(flatten)]
        filter: AuditFilterArgs,
        #[arg(long, value_enum, default_value = "csv")]
        format: ExportFormat,
        /// Write here instead of stdout.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// At most this many entries (0: all).
        #[arg(long, default_value_t = 0)]
        limit: u32,
    },
    /// Walk the whole hash chain and check every link (admin only). Exits 1 when it is broken,
    /// naming the first broken entry.
    Verify,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Json,
    Jsonl,
}

#[derive(Args, Debug)]
pub struct EventsArgs {
    /// Follow: stream new events as they happen, reconnecting from the last id.
    #[arg(short = 'f', long)]
    pub follow: bool,
    /// Start exactly after this event id.
    #[arg(long, value_name = "ID")]
    pub after: Option<String>,
    /// Without --after: start from the last N events.
    #[arg(long, default_value_t = 20)]
    pub tail: u32,
    /// Only these kinds (repeatable), like queue_changed or task_summary.
    #[arg(long = "kind")]
    pub kinds: Vec<String>,
    /// Only events about these queues (repeatable).
    #[arg(long = "queue")]
    pub queues: Vec<String>,
}

#[derive(Subcommand, Debug)]
pub enum CertsCommand {
    /// Make a CA, a server certificate and admin, operator and viewer client certificates.
    Init {
        /// Where to write them (default: the development PKI directory).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Extra names for the server certificate (repeatable); localhost and 127.0.0.1 are
        /// always included.
        #[arg(long = "san", value_name = "NAME")]
        sans: Vec<String>,
        /// Replace an existing PKI in that directory.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Args, Debug)]
pub struct CompletionArgs {
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
