//! `workerctl bulk`: bulk actions by filter, run on the server, and the filter flags every
//! listing and action shares (one language with the server's `worker_proto::filter`).

use clap::{Args, Subcommand, ValueEnum};

/// The filter of a listing or a bulk action: the flags, or `--filter` with the same words as
/// text (`queue:emails handler:send state:dead older:2h "some text"`); not both.
#[derive(Args, Debug, Clone, Default)]
pub struct FilterArgs {
    /// The whole filter as text: queue:, handler:, state:, fp:, older: and free text.
    #[arg(long, value_name = "EXPR", conflicts_with_all = ["queue", "handler", "state", "query", "fingerprint", "older_than"])]
    pub filter: Option<String>,
    #[arg(long)]
    pub queue: Option<String>,
    #[arg(long)]
    pub handler: Option<String>,
    /// scheduled, pending, running, retrying, succeeded, dead or cancelled.
    #[arg(long)]
    pub state: Option<String>,
    /// Case-insensitive text in the id, the handler or the last error.
    #[arg(long)]
    pub query: Option<String>,
    /// Dead tasks whose error has this fingerprint (see `dlq groups`).
    #[arg(long)]
    pub fingerprint: Option<String>,
    /// Only tasks created (DLQ entries: dead) at least this long ago, like 2h or 7d.
    #[arg(long, value_name = "DURATION")]
    pub older_than: Option<String>,
}

/// What a bulk operation does to each task its filter selects.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
#[value(rename_all = "snake_case")]
pub enum BulkAction {
    /// Move dead tasks back to pending (attempts reset, history kept).
    ReplayDlq,
    /// Delete DLQ entries (admin).
    DeleteDlq,
    /// Delete tasks in any state but running (admin).
    DeleteTasks,
    /// Cancel tasks: waiting ones at once, running ones by signal.
    CancelTasks,
    /// Run scheduled, retrying or finished tasks again.
    RetryTasks,
}

impl BulkAction {
    pub fn name(self) -> &'static str {
        match self {
            BulkAction::ReplayDlq => "replay_dlq",
            BulkAction::DeleteDlq => "delete_dlq",
            BulkAction::DeleteTasks => "delete_tasks",
            BulkAction::CancelTasks => "cancel_tasks",
            BulkAction::RetryTasks => "retry_tasks",
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum BulkCommand {
    /// Start a bulk action on what a filter selects, and follow it to the end.
    ///
    /// The server runs it in batches (each one write with its audit entry) and keeps going if
    /// this command stops: Ctrl-C or --detach only stop following. Another node finishes it if
    /// the one running it dies. --dry-run prints the count and a sample and changes nothing.
    /// Exits 1 when the operation fails or is cancelled, and when a delete of tasks left some
    /// (running ones).
    Run(BulkRunArgs),
    /// List bulk operations, newest first.
    #[command(visible_alias = "list")]
    Ls {
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// Show an operation's progress.
    Get { id: String },
    /// Stop an operation between batches; what is done stays done.
    Cancel { id: String },
    /// Continue a failed operation past where it stopped.
    Resume { id: String },
}

#[derive(Args, Debug)]
pub struct BulkRunArgs {
    pub action: BulkAction,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// An empty filter: everything the action's listing holds.
    #[arg(long)]
    pub all: bool,
    /// Count and show a sample; change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Print the operation's id and return at once.
    #[arg(long, conflicts_with = "dry_run")]
    pub detach: bool,
    /// Tasks per batch (the server caps it).
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=10000))]
    pub batch: u32,
    /// A dry run's sample size (at most 100).
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=100))]
    pub sample: u32,
}
