//! Containerized jobs: the definitions (source, queue, limits, last run), the selected job's
//! recent runs below them, and a run's detail with its live log. Enter on a job moves to its
//! runs, Enter on a run opens it and follows its log (only the open run's, until it closes);
//! `R` runs the job now, `C` cancels a queued or running run, both behind confirmations.

mod log;
mod render;

use std::collections::BTreeMap;

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::Rect;

pub use self::log::{LINE_BYTES, LOG_BYTES, LOG_LINES, LogBuffer, LogLine, LogScroll, LogStream};
use super::{KeyHint, Screen, Scroll};
use crate::action::{Action, Command, Intent, Op};
use crate::app::{After, App, Ctx, Level};
use crate::filter;
use crate::format::{ago, short_ms};
use crate::list::Cursor;
use crate::model::{Event, EventKind, Job, JobRun};

/// Runs of the selected job fetched per refresh, newest first.
pub const RUNS_FETCHED: u32 = 50;

/// Which list the keys move.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Focus {
    #[default]
    Jobs,
    Runs,
}

/// The runs of one job, newest first.
#[derive(Debug, Clone, PartialEq)]
pub struct Runs {
    pub job: String,
    pub list: Vec<JobRun>,
}

/// Where the open run's log comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Feed {
    /// Followed under this id.
    Following(u64),
    /// The run ended and its output is all here.
    Ended,
    /// The stream broke; the next refresh follows again from the last chunk.
    Broken(String),
}

/// An open run: its record (refreshed while it is active) and its log.
#[derive(Debug)]
pub struct RunPanel {
    pub run_id: String,
    pub run: Option<JobRun>,
    pub log: LogBuffer,
    pub scroll: LogScroll,
    pub feed: Feed,
}

#[derive(Debug, Default)]
pub struct JobsState {
    pub jobs: Vec<Job>,
    /// Each job's newest run, by job name.
    pub last_runs: BTreeMap<String, JobRun>,
    pub loaded: bool,
    pub cursor: Cursor,
    pub filter: String,
    pub focus: Focus,
    /// The runs last received, of the selected job once they arrive.
    pub runs: Option<Runs>,
    pub runs_cursor: Cursor,
    /// The job whose runs were asked for and have not arrived.
    asked_runs: Option<String>,
    pub detail: Option<RunPanel>,
    /// The id of the newest log follow asked for; what older ones bring is dropped.
    follows: u64,
    /// A closed detail's log is still followed until `release` stops it.
    following: bool,
}

impl JobsState {
    /// The jobs matching the filter, by name as the server lists them.
    pub fn visible(&self) -> Vec<&Job> {
        let needle = self.filter.to_lowercase();
        self.jobs
            .iter()
            .filter(|j| {
                let status = self
                    .last_runs
                    .get(&j.name)
                    .map_or("", |r| r.status.as_str());
                filter::matches(
                    &needle,
                    &[
                        &j.name,
                        &j.source,
                        &j.origin,
                        &j.queue,
                        &j.description,
                        status,
                    ],
                )
            })
            .collect()
    }

    pub fn selected_job(&self) -> Option<&Job> {
        self.visible().get(self.cursor.selected).copied()
    }

    /// The selected job's runs, once they arrived.
    pub fn shown_runs(&self) -> Option<&[JobRun]> {
        let job = self.selected_job()?;
        self.runs
            .as_ref()
            .filter(|r| r.job == job.name)
            .map(|r| r.list.as_slice())
    }

    fn selected_run(&self) -> Option<&JobRun> {
        self.shown_runs()?.get(self.runs_cursor.selected)
    }

    /// The log panel's open run.
    pub fn log(&self) -> Option<&LogBuffer> {
        self.detail.as_ref().map(|d| &d.log)
    }

    /// The run an action applies to: the open one, else the selected one.
    fn target_run(&self) -> Option<JobRun> {
        match &self.detail {
            Some(d) => d.run.clone(),
            None if self.focus == Focus::Runs => self.selected_run().cloned(),
            None => None,
        }
    }

    /// The job run now applies to: the open run's, else the selected one.
    fn target_job(&self) -> Option<String> {
        match &self.detail {
            Some(d) => d.run.as_ref().map(|r| r.job.clone()),
            None => self.selected_job().map(|j| j.name.clone()),
        }
    }

    fn fetch_runs(&mut self, job: String) -> Command {
        self.asked_runs = Some(job.clone());
        Command::JobRuns {
            job,
            limit: RUNS_FETCHED,
        }
    }

    /// Follows the open run's log from after its last chunk, under a new id.
    fn follow(&mut self) -> Option<Command> {
        let panel = self.detail.as_mut()?;
        self.follows += 1;
        panel.feed = Feed::Following(self.follows);
        self.following = true;
        Some(Command::FollowJobLog {
            follow: self.follows,
            run_id: panel.run_id.clone(),
            after_seq: panel.log.last_seq(),
        })
    }

    fn panel_for(&mut self, follow: u64, run_id: &str) -> Option<&mut RunPanel> {
        self.detail
            .as_mut()
            .filter(|d| d.run_id == run_id && d.feed == Feed::Following(follow))
    }

    fn action_keys(&self, run: Option<&JobRun>) -> Vec<KeyHint> {
        let mut keys = Vec::new();
        if run.is_some_and(JobRun::active) {
            keys.push(("C", "cancel run", Some(Intent::CancelJobRun)));
        }
        keys.push(("R", "run now", Some(Intent::RunJob)));
        keys
    }
}

impl Screen for JobsState {
    fn list_rows(&self, body: Rect) -> usize {
        let (jobs, runs) = render::split(body);
        match self.focus {
            Focus::Jobs => jobs.height.saturating_sub(3) as usize,
            Focus::Runs => runs.height.saturating_sub(3) as usize,
        }
    }

    fn len(&self, _app: &App) -> usize {
        match self.focus {
            Focus::Jobs => self.visible().len(),
            Focus::Runs => self.shown_runs().map_or(0, <[JobRun]>::len),
        }
    }

    fn cursor_mut(&mut self) -> Option<&mut Cursor> {
        Some(match self.focus {
            Focus::Jobs => &mut self.cursor,
            Focus::Runs => &mut self.runs_cursor,
        })
    }

    fn shift(&mut self, delta: isize, len: usize, rows: usize) {
        let before = self.cursor.selected;
        if let Some(cursor) = self.cursor_mut() {
            cursor.shift(delta, len, rows);
        }
        if self.cursor.selected != before {
            self.runs_cursor.top();
        }
    }

    fn refresh(&mut self, _ctx: &mut Ctx<'_>) -> Vec<Command> {
        let mut commands = vec![Command::Jobs];
        if let Some(job) = self.selected_job().map(|j| j.name.clone()) {
            commands.push(self.fetch_runs(job));
        }
        if let Some(panel) = &self.detail {
            if panel.run.as_ref().is_none_or(JobRun::active) {
                commands.push(Command::JobRun(panel.run_id.clone()));
            }
            if matches!(panel.feed, Feed::Broken(_)) {
                commands.extend(self.follow());
            }
        }
        commands
    }

    /// The selected job's runs when they are not the ones held or asked for.
    fn wanted(&mut self, _rows: usize) -> Vec<Command> {
        let Some(job) = self.selected_job().map(|j| j.name.clone()) else {
            return Vec::new();
        };
        let held = self.runs.as_ref().is_some_and(|r| r.job == job);
        if held || self.asked_runs.as_ref() == Some(&job) {
            return Vec::new();
        }
        vec![self.fetch_runs(job)]
    }

    fn receive(&mut self, action: Action, ctx: &mut Ctx<'_>) -> Result<After, Action> {
        match action {
            Action::Jobs { jobs, last_runs } => {
                // The selection stays on its job when the list changes around it.
                let selected = self.selected_job().map(|j| j.name.clone());
                self.jobs = jobs;
                self.last_runs = last_runs.into_iter().map(|r| (r.job.clone(), r)).collect();
                self.loaded = true;
                let visible = self.visible().len();
                match selected.and_then(|name| self.visible().iter().position(|j| j.name == name)) {
                    Some(at) => self.cursor.selected = at,
                    None => self.cursor.selected = self.cursor.selected.min(visible.max(1) - 1),
                }
                self.cursor.offset = self.cursor.offset.min(self.cursor.selected);
                Ok(if ctx.current {
                    After::RefitAndFetch
                } else {
                    After::Nothing
                })
            }
            Action::JobRuns { job, runs } => {
                if self.asked_runs.as_ref() == Some(&job) {
                    self.asked_runs = None;
                }
                // The selection stays on its run as new runs arrive above it.
                let selected = self.selected_run().map(|r| r.run_id.clone());
                self.runs = Some(Runs { job, list: runs });
                if let Some(id) = selected
                    && let Some(at) = self
                        .shown_runs()
                        .and_then(|l| l.iter().position(|r| r.run_id == id))
                {
                    self.runs_cursor.selected = at;
                }
                Ok(After::Refit)
            }
            Action::JobRun(run) => {
                if let Some(panel) = &mut self.detail
                    && panel.run_id == run.run_id
                {
                    panel.run = Some(run);
                }
                Ok(After::Nothing)
            }
            Action::JobLog {
                follow,
                run_id,
                chunks,
            } => {
                if let Some(panel) = self.panel_for(follow, &run_id) {
                    for chunk in &chunks {
                        panel.log.push(chunk);
                    }
                }
                Ok(After::Nothing)
            }
            Action::JobLogEnded {
                follow,
                run_id,
                error,
            } => {
                if self.panel_for(follow, &run_id).is_none() {
                    return Ok(After::Nothing);
                }
                self.following = false;
                let Some(panel) = self.panel_for(follow, &run_id) else {
                    return Ok(After::Nothing);
                };
                match error {
                    None => {
                        panel.feed = Feed::Ended;
                        // The run ended: its final record says how.
                        Ok(After::Send(vec![Command::JobRun(run_id)]))
                    }
                    Some(why) => {
                        panel.feed = Feed::Broken(why);
                        Ok(After::Nothing)
                    }
                }
            }
            other => Err(other),
        }
    }

    fn stale_after(&self, events: &[Event]) -> bool {
        events.iter().any(|e| e.kind == EventKind::Job)
    }

    fn key(&self, code: KeyCode) -> Option<Action> {
        match code {
            KeyCode::Char('R') => Some(Action::Ask(Intent::RunJob)),
            KeyCode::Char('C') if self.focus == Focus::Runs => {
                Some(Action::Ask(Intent::CancelJobRun))
            }
            KeyCode::Char('C') => Some(Action::Refused(
                "C cancels a run: Enter shows the job's runs first".into(),
            )),
            _ => None,
        }
    }

    fn keys(&self, _app: &App) -> Vec<KeyHint> {
        match self.focus {
            Focus::Jobs => {
                let mut keys = vec![("Enter", "runs", None)];
                keys.extend(self.action_keys(None));
                keys
            }
            Focus::Runs => {
                let mut keys = vec![("Enter", "log", None)];
                keys.extend(self.action_keys(self.selected_run()));
                keys.push(("Esc", "back to jobs", None));
                keys
            }
        }
    }

    fn help_keys(&self) -> Vec<(&'static str, &'static str)> {
        vec![
            (
                "in a run",
                "j/k PgUp/PgDn g/Home scroll the log; G/End follows it",
            ),
            (":jobs NAME", "the runs of job NAME"),
        ]
    }

    fn open(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        match self.focus {
            Focus::Jobs => {
                if self.selected_job().is_none() {
                    return Vec::new();
                }
                self.focus = Focus::Runs;
                self.runs_cursor.top();
                self.wanted(0)
            }
            Focus::Runs => {
                let Some(run) = self.selected_run().cloned() else {
                    ctx.nothing_selected();
                    return Vec::new();
                };
                let run_id = run.run_id.clone();
                self.detail = Some(RunPanel {
                    run_id: run_id.clone(),
                    run: Some(run),
                    log: LogBuffer::default(),
                    scroll: LogScroll::default(),
                    feed: Feed::Ended,
                });
                ctx.opened_detail();
                let mut commands = vec![Command::JobRun(run_id)];
                commands.extend(self.follow());
                commands
            }
        }
    }

    fn back(&mut self, _ctx: &mut Ctx<'_>) -> bool {
        if self.focus == Focus::Runs {
            self.focus = Focus::Jobs;
            return true;
        }
        false
    }

    fn filter_text(&self) -> &str {
        &self.filter
    }

    fn filter_help(&self) -> Option<&'static str> {
        Some("filter jobs by name, source, queue, last status")
    }

    fn live_filter(&self) -> bool {
        true
    }

    fn apply_filter(&mut self, text: String, _ctx: &mut Ctx<'_>) -> After {
        self.filter = text;
        self.focus = Focus::Jobs;
        self.cursor.top();
        self.runs_cursor.top();
        After::RefitAndFetch
    }

    fn takes_args(&self) -> bool {
        true
    }

    fn complete_args(&self, args: &str, _app: &App) -> Option<Vec<String>> {
        Some(
            self.jobs
                .iter()
                .filter(|j| j.name.starts_with(args))
                .map(|j| j.name.clone())
                .collect(),
        )
    }

    /// `:jobs NAME`: that job's runs; other text filters.
    fn command(&mut self, args: &str, ctx: &mut Ctx<'_>) -> bool {
        if !self.jobs.iter().any(|j| j.name == args) {
            return false;
        }
        self.filter.clear();
        self.cursor.selected = self
            .visible()
            .iter()
            .position(|j| j.name == args)
            .unwrap_or(0);
        self.focus = Focus::Runs;
        self.runs_cursor.top();
        ctx.then(Action::Go(super::View::Jobs));
        true
    }

    fn ask(&mut self, intent: Intent, ctx: &mut Ctx<'_>) {
        match intent {
            Intent::RunJob => {
                let Some(name) = self.target_job() else {
                    return if self.loaded {
                        ctx.nothing_selected()
                    } else {
                        ctx.not_loaded()
                    };
                };
                let Some(job) = self.jobs.iter().find(|j| j.name == name) else {
                    ctx.say(Level::Error, format!("job {name} is no longer defined"));
                    return;
                };
                let active = match self.runs.as_ref().filter(|r| r.job == name) {
                    Some(runs) => runs.list.iter().filter(|r| r.active()).count(),
                    None => self.last_runs.get(&name).is_some_and(JobRun::active) as usize,
                };
                ctx.confirm(
                    &format!("Run job {name} now?"),
                    run_lines(job, active),
                    Op::RunJob { name },
                );
            }
            Intent::CancelJobRun => {
                let Some(run) = self.target_run() else {
                    return ctx.nothing_selected();
                };
                if !run.active() {
                    ctx.say(
                        Level::Info,
                        format!(
                            "run {} has already ended ({}); nothing to cancel",
                            run.run_id, run.status
                        ),
                    );
                    return;
                }
                ctx.confirm(
                    &format!("Cancel run {} of job {}?", run.run_id, run.job),
                    cancel_lines(&run, ctx.now_ms),
                    Op::CancelJobRun {
                        run_id: run.run_id.clone(),
                    },
                );
            }
            _ => {}
        }
    }

    fn has_detail(&self) -> bool {
        self.detail.is_some()
    }

    fn close_detail(&mut self) -> bool {
        self.detail.take().is_some()
    }

    fn release(&mut self) -> Vec<Command> {
        if self.detail.is_none() && std::mem::take(&mut self.following) {
            return vec![Command::StopJobLog];
        }
        Vec::new()
    }

    fn detail_key(&self, code: KeyCode) -> Option<Action> {
        match code {
            KeyCode::Char('R') => Some(Action::Ask(Intent::RunJob)),
            KeyCode::Char('C') => Some(Action::Ask(Intent::CancelJobRun)),
            _ => None,
        }
    }

    fn detail_keys(&self) -> Vec<KeyHint> {
        let Some(panel) = &self.detail else {
            return Vec::new();
        };
        let mut keys = self.action_keys(panel.run.as_ref());
        if !panel.scroll.follow {
            keys.push(("End", "follow", None));
        }
        keys
    }

    fn scroll_detail(&mut self, step: Scroll, body: Rect) -> bool {
        let Some(panel) = &mut self.detail else {
            return false;
        };
        let height = render::log_rows(body);
        panel.scroll.step(&panel.log, height, step);
        true
    }

    fn render_detail(&self, app: &App, frame: &mut Frame<'_>, body: Rect) {
        if let Some(panel) = &self.detail {
            render::run_detail(app, panel, frame, body);
        }
    }

    fn render(&self, app: &App, frame: &mut Frame<'_>, area: Rect) {
        render::render(app, self, frame, area);
    }
}

/// A limit as the confirmation says it: 0 is the node's default.
fn limit(set: bool, value: String) -> String {
    if set { value } else { "node default".into() }
}

/// What run now will do: build and run one container, where from, on which queue, within which
/// limits, beside how many runs already queued or running.
fn run_lines(job: &Job, active: usize) -> Vec<String> {
    let pinned = if job.commit.is_empty() {
        String::new()
    } else {
        format!(" (pinned to commit {})", job.commit)
    };
    let command = if job.command.is_empty() {
        "the image's own command".to_string()
    } else {
        job.command.join(" ")
    };
    let mut lines = vec![
        format!(
            "A container image is built from {} {}{pinned}, then one container runs {command} \
             from queue {}.",
            job.source, job.origin, job.queue
        ),
        format!(
            "Limits: CPUs {}, memory {}, pids {}; timeout {}, {} retries.",
            limit(job.cpus > 0.0, format!("{}", job.cpus)),
            limit(job.memory_mb > 0, format!("{} MB", job.memory_mb)),
            limit(job.pids > 0, job.pids.to_string()),
            limit(
                job.timeout_seconds > 0,
                short_ms(i64::from(job.timeout_seconds) * 1_000)
            ),
            job.retries,
        ),
    ];
    if active > 0 {
        let (runs, are) = if active == 1 {
            ("run", "is")
        } else {
            ("runs", "are")
        };
        lines.push(format!(
            "{active} {runs} of it {are} already queued or running; this one is another."
        ));
    }
    lines
}

/// What a cancel will do to the run in its state.
fn cancel_lines(run: &JobRun, now_ms: i64) -> Vec<String> {
    let mut lines = vec![if run.status == "running" {
        format!(
            "It is running (attempt {}, started {} ago): its container will be stopped and the \
             run ends cancelled.",
            run.attempt.max(1),
            ago(now_ms, run.started_at_ms)
        )
    } else {
        format!(
            "It is {} (queued {} ago): it ends cancelled now; no container will start for it.",
            run.status,
            ago(now_ms, run.queued_at_ms)
        )
    }];
    lines.push(format!(
        "Made by {}. The job stays defined; R runs it again.",
        run.by()
    ));
    lines
}
