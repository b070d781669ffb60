//! The closed vocabularies of the dashboard: `Action` (everything that changes the app's state:
//! user intents and data arrivals) and `Command` (everything the app asks of the background
//! client). Nothing else changes state or reaches the network.

use crate::model::{
    AuditEntry, AuditFilter, DlqDetail, DlqEntry, DlqFilter, DlqGroups, Event, Filter, History,
    Job, JobRun, LogChunk, Overview, Range, Schedule, ScheduleDetail, Stuck, Task, TaskDetail,
    TaskState, Worker, WorkerDetail,
};
use crate::views::View;

/// A key typed into the command line, the filter or a prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputKey {
    Char(char),
    Backspace,
    /// Tab: complete the command.
    Complete,
    Submit,
    Cancel,
}

/// An action that changes something on the server; it needs a confirmation first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    /// `P` on a queue: pause it, or resume it when paused.
    PauseQueue,
    /// `W` on a queue: set (or reset) its weight.
    Weight,
    /// `P` on the overview: pause or resume dequeue everywhere.
    PauseDequeue,
    /// `C` on a task.
    Cancel,
    /// `R` on a task.
    Retry,
    /// `R` in the DLQ: the marked entries, or the selected one.
    ReplaySelected,
    /// `N` in the DLQ: the oldest N matching the filter.
    ReplayN,
    /// `A` in the DLQ: every entry matching the filter.
    ReplayAll,
    /// `R` on a worker.
    Recycle,
    /// `P` on a schedule: pause it, or resume it when paused.
    PauseSchedule,
    /// `R` on a schedule: fire it now.
    RunSchedule,
    /// `D` on a schedule.
    DeleteSchedule,
    /// `R` on a job or one of its runs: run the job now.
    RunJob,
    /// `C` on a queued or running job run.
    CancelJobRun,
    /// `D` in the DLQ: the marked entries, or the selected one (admin).
    DeleteSelected,
    /// `X` in the DLQ: every entry matching the filter; `D` on a group: its entries (admin).
    DeleteAll,
}

impl Intent {
    pub const ALL: [Intent; 16] = [
        Intent::PauseQueue,
        Intent::Weight,
        Intent::PauseDequeue,
        Intent::Cancel,
        Intent::Retry,
        Intent::ReplaySelected,
        Intent::ReplayN,
        Intent::ReplayAll,
        Intent::Recycle,
        Intent::PauseSchedule,
        Intent::RunSchedule,
        Intent::DeleteSchedule,
        Intent::RunJob,
        Intent::CancelJobRun,
        Intent::DeleteSelected,
        Intent::DeleteAll,
    ];
}

/// The connection to the server as the background client sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    Connecting,
    Connected,
    /// The stream broke or a call could not reach the server; the client retries on its own.
    Disconnected {
        reason: String,
        retry_in_ms: u64,
        attempt: u32,
    },
}

/// Everything that changes the app's state.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The clock moved (the app never reads the clock itself).
    Tick {
        now_ms: i64,
    },
    Resize {
        width: u16,
        height: u16,
    },
    Quit,
    Go(View),
    NextView,
    PrevView,
    /// Esc: close what is open (detail, help, a filter), else go to the previous view.
    Back,
    Move(isize),
    PageDown,
    PageUp,
    Top,
    Bottom,
    /// Enter.
    Open,
    /// The tasks of `queue` (Enter on a queue or an event, `:tasks`), in `state` if given.
    ShowTasks {
        queue: String,
        state: Option<TaskState>,
    },
    /// The DLQ filtered to one group (Enter on a group): `queue` is the groups view's own
    /// `queue:` filter, so the entries are the ones the group counted.
    ShowDlqGroup {
        queue: Option<String>,
        handler: String,
        fingerprint: String,
    },
    /// ←/→ (h/l) on the tasks view.
    StateTab(isize),
    /// Space in the DLQ.
    ToggleMark,
    Refresh,
    Help,
    StartCommand,
    StartFilter,
    Input(InputKey),
    Ask(Intent),
    /// The answer to a confirmation.
    Confirm(bool),
    /// Esc while a bulk replay runs.
    StopBulk,
    /// A key that does nothing here, so the status line can say why.
    Refused(String),

    Link(Link),
    Overview(Overview),
    /// `t` on the overview: the sparklines' next range.
    CycleRange,
    /// Outcomes over a range (`GetQueueHistory`).
    History(History),
    TasksPage {
        generation: u64,
        offset: u64,
        rows: Vec<Task>,
        total: u64,
    },
    DlqPage {
        generation: u64,
        offset: u64,
        rows: Vec<DlqEntry>,
        total: u64,
    },
    Workers {
        workers: Vec<Worker>,
        stuck: Vec<Stuck>,
    },
    Audit {
        generation: u64,
        entries: Vec<AuditEntry>,
    },
    Schedules(Vec<Schedule>),
    /// The DLQ's groups for `filter` (its queue and handler), so a late answer to an older
    /// filter is dropped.
    DlqGroups {
        filter: DlqFilter,
        groups: DlqGroups,
    },
    TaskDetail(TaskDetail),
    DlqDetail(DlqDetail),
    ScheduleDetail(ScheduleDetail),
    WorkerDetail(WorkerDetail),
    /// A detail could not be loaded (gone, or refused).
    DetailFailed(String),
    /// The job definitions, and the newest run of each job that has one.
    Jobs {
        jobs: Vec<Job>,
        last_runs: Vec<JobRun>,
    },
    /// The newest runs of `job`, newest first.
    JobRuns {
        job: String,
        runs: Vec<JobRun>,
    },
    /// One run, for its open detail.
    JobRun(JobRun),
    /// Output of the run followed under `follow` (the id its `FollowJobLog` carried).
    JobLog {
        follow: u64,
        run_id: String,
        chunks: Vec<LogChunk>,
    },
    /// The followed log ended: the run ended and its output is drained (`error` is `None`), or
    /// the stream broke.
    JobLogEnded {
        follow: u64,
        run_id: String,
        error: Option<String>,
    },
    Events(Vec<Event>),
    Progress {
        done: u64,
        total: u64,
    },
    /// The outcome of an operation, for the status line.
    Done {
        ok: bool,
        message: String,
    },
}

/// A change on the server, confirmed by the operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    PauseQueue {
        name: String,
        paused: bool,
    },
    SetWeight {
        name: String,
        weight: i32,
    },
    ResetWeight {
        name: String,
    },
    PauseDequeue {
        paused: bool,
    },
    CancelTask {
        id: String,
    },
    RetryTask {
        id: String,
    },
    ReplayIds {
        ids: Vec<String>,
    },
    /// The oldest `limit` entries matching `filter`.
    ReplayOldest {
        filter: DlqFilter,
        limit: u64,
    },
    /// These DLQ entries, deleted (`DeleteDLQ` by id).
    DeleteIds {
        ids: Vec<String>,
    },
    /// Every DLQ entry matching `filter`, deleted by a server bulk operation (`delete_dlq`);
    /// `total` was counted when asked.
    DeleteMatching {
        filter: DlqFilter,
        total: u64,
    },
    /// Every DLQ entry matching `filter`, replayed by a server bulk operation (`replay_dlq`);
    /// `total` was counted when asked.
    ReplayMatching {
        filter: DlqFilter,
        total: u64,
    },
    RecycleWorker {
        id: String,
    },
    PauseSchedule {
        name: String,
        paused: bool,
    },
    RunSchedule {
        name: String,
    },
    DeleteSchedule {
        name: String,
    },
    RunJob {
        name: String,
    },
    CancelJobRun {
        run_id: String,
    },
}

/// What the app asks of the background client.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Overview,
    Tasks {
        generation: u64,
        queue: String,
        state: Option<TaskState>,
        /// Beyond the queue and the state (whose fields in it are empty).
        filter: Filter,
        offset: u64,
        limit: u32,
    },
    Dlq {
        generation: u64,
        filter: DlqFilter,
        offset: u64,
        limit: u32,
    },
    /// The DLQ grouped by cause, largest first; only the filter's queue and handler are sent.
    DlqGroups {
        filter: DlqFilter,
        limit: u32,
    },
    Workers,
    Audit {
        generation: u64,
        filter: AuditFilter,
    },
    Schedules,
    Task(String),
    DlqEntry(String),
    Worker(String),
    Schedule(String),
    /// The job definitions with each one's newest run.
    Jobs,
    /// The newest `limit` runs of a job.
    JobRuns {
        job: String,
        limit: u32,
    },
    JobRun(String),
    /// Follow one run's output from after `after_seq` until it ends; replaces any log followed
    /// before, so only the open run's log is ever followed. `follow` tags the actions it brings.
    FollowJobLog {
        follow: u64,
        run_id: String,
        after_seq: i64,
    },
    /// Stop following the log (its run's detail closed).
    StopJobLog,
    Run(Op),
    /// Stop the running bulk operation after its current batch.
    StopBulk,
    /// Outcomes of all queues over a range, for the overview's sparklines.
    History(Range),
}
