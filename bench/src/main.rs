//! `workerbench`: issue 15's benchmark suite. Every figure is measured over repeats and printed
//! with its median and range, beside the floor measured in the same run (fsync, raw SQLite,
//! `redis-benchmark`) with the ratio to it, and beside its target (met or missed).

#![allow(clippy::print_stdout, reason = "a benchmark prints its report")]

mod admin;
mod admin_floor;
mod dash;
mod dlq;
mod floors;
mod outside;
mod process;
mod redis;
mod report;
mod stores;
mod suite;
mod workloads;

use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;

/// Measures the engine and the whole server against the floors beneath them on this machine.
#[derive(Parser, Debug)]
#[command(name = "workerbench")]
pub(crate) struct Args {
    /// Run only the scenario groups whose name contains one of these (comma-separated):
    /// floors, enqueue, burn_down, latency, steady, mix, dlq, admin, dash, rss, sse, recovery,
    /// nodes; and `sqlite` or `redis` to keep one store.
    #[arg(long, value_delimiter = ',')]
    pub only: Vec<String>,
    /// Runs of each figure; the report gives their median and range.
    #[arg(long, default_value_t = 3)]
    pub repeats: usize,
    /// Everything in seconds: tiny counts, one repeat, a small DLQ (the CI run).
    #[arg(long)]
    pub quick: bool,
    /// Also write the report as JSON here.
    #[arg(long)]
    pub json: Option<PathBuf>,
    /// Multiplies every task count of a full run.
    #[arg(long, default_value_t = 1.0)]
    pub scale: f64,
    /// Worker concurrencies of the burn-down runs.
    #[arg(long, value_delimiter = ',', default_value = "1,10,100")]
    pub concurrency: Vec<u32>,
    /// Each burn-down concurrency c below this also runs leasing ahead
    /// (`WORKER_PREFETCH` = this − c), so the pool holds as many leases as at c = this;
    /// 0 for none.
    #[arg(long, default_value_t = 100)]
    pub lease_ahead_to: u32,
    /// DLQ size for the listing scenarios (SQLite).
    #[arg(long, default_value_t = 1_000_000)]
    pub dlq_entries: u64,
    /// SSE subscribers on one workerd.
    #[arg(long, default_value_t = 1_000)]
    pub sse_subscribers: usize,
}

/// The sizes of a run: a full run's, scaled, or `--quick`'s.
pub(crate) struct Plan {
    pub quick: bool,
    pub scale: f64,
    pub repeats: usize,
}

impl Plan {
    /// A task count: `full` scaled, or `quick` under `--quick`.
    /// A rate or size that `--scale` leaves alone (arrival rates, feeds): only `--quick` picks
    /// its own.
    pub(crate) fn fixed(&self, full: u64, quick: u64) -> u64 {
        if self.quick { quick } else { full }
    }

    pub(crate) fn n(&self, full: u64, quick: u64) -> u64 {
        if self.quick {
            quick
        } else {
            ((full as f64) * self.scale).max(1.0) as u64
        }
    }

    pub(crate) fn dur(&self, full_ms: u64, quick_ms: u64) -> Duration {
        Duration::from_millis(if self.quick { quick_ms } else { full_ms })
    }
}

/// A binary built beside this one (same target directory and profile), if there is one.
pub(crate) fn sibling(name: &str) -> Option<PathBuf> {
    let path = std::env::current_exe().ok()?.parent()?.join(name);
    path.is_file().then_some(path)
}

/// workerd's allocator, so the server the admin and SSE scenarios run in this process allocates
/// as it does on its own.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[tokio::main(flavor = "multi_thread")]
async fn main() -> anyhow::Result<()> {
    let mut args = Args::parse();
    if args.quick {
        args.repeats = 1;
        args.dlq_entries = args.dlq_entries.min(2_000);
        args.sse_subscribers = args.sse_subscribers.min(20);
    }
    suite::run(&args).await
}
