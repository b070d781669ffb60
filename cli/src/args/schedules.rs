//! The command line of `workerctl schedule` and `workerctl job`: cron schedules, their misfire and overlap policies, and containerized jobs.

use std::path::PathBuf;
use std::time::Duration;

use clap::{ArgGroup, Args, Subcommand, ValueEnum};

use super::parse_duration;

#[derive(Subcommand, Debug)]
pub enum ScheduleCommand {
    /// List schedules with their next and last runs.
    #[command(visible_alias = "list")]
    Ls,
    /// Show a schedule with its recent fires.
    Get { name: String },
    /// The names a schedule may take: handlers live workers register, and jobs.
    Factories,
    /// Create a schedule, or replace the one of that name (which resumes it).
    ///
    /// The spec has 5 fields (minute hour day-of-month month day-of-week), 6 with leading
    /// seconds, or a descriptor (@hourly, @daily, @every 90s). Each fire enqueues a task of
    /// --handler (default: the schedule's name) on --queue; when that name is a job's, each
    /// fire runs the job instead (on the job's queue, with its retries and timeout).
    Create(Box<ScheduleCreateArgs>),
    /// Delete a schedule; its factory stays, so it can be created again.
    Delete { name: String },
    /// Stop a schedule firing (its fires are skipped until resumed).
    Pause { name: String },
    /// Let a paused schedule fire again.
    Resume { name: String },
    /// Fire a schedule now, once, besides its timetable.
    Run { name: String },
    /// Pause every schedule.
    PauseAll,
    /// Resume every schedule.
    ResumeAll,
    /// Recent fires of every schedule, or of one, newest first.
    Events {
        /// Only this schedule's.
        name: Option<String>,
        /// At most this many (the server keeps the newest 200 per schedule).
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
}

#[derive(Subcommand, Debug)]
pub enum JobCommand {
    /// List jobs (secret env values read [redacted]).
    #[command(visible_alias = "list")]
    Ls,
    /// Show a job's definition.
    Get { name: String },
    /// Create or replace a job from a TOML file an operator keeps in git.
    ///
    /// Keys: name, description, source (git_tag, tarball_url, tarball_path), repo, tag,
    /// commit, tarball_url, tarball_path, tarball_sha256, path, dockerfile, command, env and
    /// secret_env (lists of NAME=VALUE), queue, retries, timeout_seconds, cpus, memory_mb, pids.
    /// A secret given as NAME=[redacted] keeps the value the server has.
    Apply {
        /// The job file ("-" reads stdin).
        #[arg(short = 'f', long = "file", value_name = "FILE")]
        file: PathBuf,
    },
    /// Delete a job; its runs and events stay.
    Delete { name: String },
    /// Run a job now.
    Run { name: String },
    /// Runs, newest first: of one job, or of every job.
    Runs {
        name: Option<String>,
        /// Only runs with this status: queued, running, succeeded, failed, cancelled.
        #[arg(long)]
        status: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        /// Older runs: the cursor a previous page printed.
        #[arg(long)]
        cursor: Option<String>,
    },
    /// A run's output; -f follows it until the run ends and exits with its status (0 when it
    /// succeeded, 1 when it failed or was cancelled).
    Logs {
        run_id: String,
        #[arg(short = 'f', long)]
        follow: bool,
    },
    /// Cancel a run: a queued one at once, a running one is stopped.
    Cancel { run_id: String },
    /// Job events, newest first: of one job, or of every job.
    Events {
        name: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// Where a job's artifact is: its URL, its file in the tarball directory, or none (git).
    Artifact { name: String },
}

/// What a schedule does with fires it missed while no node ran.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Misfire {
    /// Drop them; fire at the next time on the timetable.
    Skip,
    /// Fire once for all of them.
    #[value(name = "run_once")]
    RunOnce,
    /// Fire each of them, up to --catch-up-max.
    #[value(name = "catch_up")]
    CatchUp,
}

impl Misfire {
    pub fn name(self) -> &'static str {
        match self {
            Misfire::Skip => "skip",
            Misfire::RunOnce => "run_once",
            Misfire::CatchUp => "catch_up",
        }
    }
}

/// What a fire does while the previous fire's task still runs.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overlap {
    /// Enqueue anyway.
    Allow,
    /// Skip this fire.
    Skip,
}

impl Overlap {
    pub fn name(self) -> &'static str {
        match self {
            Overlap::Allow => "allow",
            Overlap::Skip => "skip",
        }
    }
}

#[derive(Args, Debug)]
#[command(group(ArgGroup::new("source").args(["payload", "payload_file"])))]
pub struct ScheduleCreateArgs {
    pub name: String,
    /// Cron spec, like '*/5 * * * *', '0 30 9 * * 1-5' or '@every 90s'.
    #[arg(long)]
    pub spec: String,
    /// IANA time zone the spec is read in, like Europe/Berlin (default: UTC).
    #[arg(long = "tz", value_name = "ZONE")]
    pub timezone: Option<String>,
    /// The handler each fire's task runs, or the job each fire runs (default: the
    /// schedule's name).
    #[arg(long)]
    pub handler: Option<String>,
    /// Queue of each fire's task (default: the server's default queue).
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
    /// Retries after the first attempt (default: the server's at fire time).
    #[arg(long)]
    pub max_retries: Option<u32>,
    /// Per-attempt timeout of each fire's task, like 30s or 5m (default: the server's).
    #[arg(long, value_parser = parse_duration, value_name = "DURATION")]
    pub task_timeout: Option<Duration>,
    /// Metadata of each fire's task, key=value; repeatable.
    #[arg(long = "meta", value_name = "KEY=VALUE")]
    pub meta: Vec<String>,
    /// Fires missed while no node ran (default: skip).
    #[arg(long, value_enum)]
    pub misfire: Option<Misfire>,
    /// With --misfire catch_up: the most missed fires made up.
    #[arg(long, value_name = "N")]
    pub catch_up_max: Option<u32>,
    /// A fire while the previous fire's task still runs (default: allow).
    #[arg(long, value_enum)]
    pub overlap: Option<Overlap>,
    /// Delay each fire's task by up to this much, at random, like 30s.
    #[arg(long, value_parser = parse_duration, value_name = "DURATION")]
    pub jitter: Option<Duration>,
}
