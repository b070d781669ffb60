//! The dashboard's state and its one way of changing: `App::update(Action) -> Vec<Command>`.
//! Keys become actions in `App::key`; data arrives as actions from the client. Nothing here
//! waits, reads the clock or touches the network, so tests drive it action by action.

use std::collections::{BTreeSet, VecDeque};
use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::action::{Action, Command, InputKey, Intent, Link, Op, View};
use crate::filter;
use crate::format::count;
use crate::layout;
use crate::list::{Cursor, PAGE, Paged};
use crate::model::{
    AuditEntry, AuditFilter, DlqDetail, DlqEntry, DlqFilter, Event, EventKind, Overview, Queue,
    Stuck, Task, TaskDetail, TaskState, Worker, WorkerDetail,
};

/// Events kept for the events view.
pub const EVENTS_KEPT: usize = 5_000;
/// Audit entries fetched for the audit view.
pub const AUDIT_FETCHED: i32 = 500;

/// The role the client certificate's OU names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    Admin,
    Operator,
    Viewer,
    /// A certificate without a role the server knows: read-only at best.
    Other(String),
}

impl Role {
    pub fn parse(ou: &str) -> Self {
        match ou {
            "admin" => Role::Admin,
            "operator" => Role::Operator,
            "viewer" => Role::Viewer,
            other => Role::Other(other.to_string()),
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Role::Admin => "admin",
            Role::Operator => "operator",
            Role::Viewer => "viewer",
            Role::Other(name) if name.is_empty() => "no role",
            Role::Other(name) => name,
        }
    }

    fn operates(&self) -> bool {
        matches!(self, Role::Admin | Role::Operator)
    }
}

/// How the dashboard was started.
#[derive(Debug, Clone)]
pub struct Options {
    /// `host:port`, for the header.
    pub server: String,
    /// The client certificate's CN, for the header.
    pub identity: String,
    pub role: Role,
    /// `--readonly`: no actions, whatever the role.
    pub readonly: bool,
    /// `--refresh`.
    pub refresh: Duration,
}

/// What the keyboard is typing into.
#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    Normal,
    /// `:` command line.
    Command(String),
    /// `/` filter of the current view; `before` comes back on Esc.
    Filter {
        text: String,
        before: String,
    },
    /// A value the next confirmation needs.
    Prompt {
        kind: Prompt,
        text: String,
    },
    Confirm(Confirmation),
    Help,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prompt {
    Weight { queue: String, current: i32 },
    ReplayN,
}

/// A question before a change: what will happen, to what, and how much.
#[derive(Debug, Clone, PartialEq)]
pub struct Confirmation {
    pub title: String,
    pub lines: Vec<String>,
    pub op: Op,
}

/// An open detail panel.
#[derive(Debug, Clone, PartialEq)]
pub enum Detail {
    Task {
        id: String,
        data: Option<TaskDetail>,
    },
    Dlq {
        id: String,
        data: Option<DlqDetail>,
    },
    Worker {
        id: String,
        data: Option<WorkerDetail>,
    },
    Audit(AuditEntry),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Ok,
    Error,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    pub text: String,
    pub level: Level,
    pub at_ms: i64,
}

/// A bulk replay in progress.
#[derive(Debug, Clone, PartialEq)]
pub struct Bulk {
    pub label: String,
    pub done: u64,
    pub total: u64,
    pub stopping: bool,
}

/// An alert on the overview.
#[derive(Debug, Clone, PartialEq)]
pub struct Alert {
    pub level: Level,
    pub text: String,
}

#[derive(Debug, Default)]
pub struct QueuesState {
    pub cursor: Cursor,
    pub filter: String,
}

#[derive(Debug, Default)]
pub struct TasksState {
    pub queue: Option<String>,
    pub tab: usize,
    pub handler: Option<String>,
    pub rows: Paged<Task>,
    pub cursor: Cursor,
}

impl TasksState {
    pub fn state(&self) -> Option<TaskState> {
        TaskState::TABS[self.tab]
    }
}

#[derive(Debug, Default)]
pub struct DlqState {
    pub filter: DlqFilter,
    pub filter_text: String,
    pub rows: Paged<DlqEntry>,
    pub cursor: Cursor,
    pub marked: BTreeSet<String>,
}

#[derive(Debug, Default)]
pub struct WorkersState {
    pub list: Vec<Worker>,
    pub stuck: Vec<Stuck>,
    pub loaded: bool,
    pub cursor: Cursor,
    pub filter: String,
}

#[derive(Debug)]
pub struct EventsState {
    pub list: VecDeque<Event>,
    pub cursor: Cursor,
    /// Keep the newest event selected as events arrive.
    pub follow: bool,
    pub filter: String,
}

impl Default for EventsState {
    fn default() -> Self {
        Self {
            list: VecDeque::new(),
            cursor: Cursor::default(),
            follow: true,
            filter: String::new(),
        }
    }
}

#[derive(Debug, Default)]
pub struct AuditState {
    pub list: Vec<AuditEntry>,
    pub loaded: bool,
    pub generation: u64,
    pub server: AuditFilter,
    pub filter_text: String,
    pub cursor: Cursor,
}

/// The whole dashboard.
#[derive(Debug)]
pub struct App {
    pub opts: Options,
    pub width: u16,
    pub height: u16,
    pub now_ms: i64,
    pub view: View,
    previous: Vec<View>,
    pub link: Link,
    pub overview: Option<Overview>,
    pub queues: QueuesState,
    pub tasks: TasksState,
    pub dlq: DlqState,
    pub workers: WorkersState,
    pub events: EventsState,
    pub audit: AuditState,
    pub detail: Option<Detail>,
    pub detail_scroll: u16,
    pub mode: Mode,
    pub status: Option<Status>,
    pub bulk: Option<Bulk>,
    last_refresh_ms: i64,
    dirty: bool,
    pub quit: bool,
}

const COMMANDS: [&str; 9] = [
    "overview", "queues", "tasks", "dlq", "workers", "events", "audit", "help", "quit",
];

impl App {
    pub fn new(opts: Options, width: u16, height: u16, now_ms: i64) -> Self {
        Self {
            opts,
            width,
            height,
            now_ms,
            view: View::Overview,
            previous: Vec::new(),
            link: Link::Connecting,
            overview: None,
            queues: QueuesState::default(),
            tasks: TasksState::default(),
            dlq: DlqState::default(),
            workers: WorkersState::default(),
            events: EventsState::default(),
            audit: AuditState::default(),
            detail: None,
            detail_scroll: 0,
            mode: Mode::Normal,
            status: None,
            bulk: None,
            last_refresh_ms: now_ms,
            dirty: false,
            quit: false,
        }
    }

    /// The first requests: the overview and what the first view shows.
    pub fn start(&mut self) -> Vec<Command> {
        self.refresh_all()
    }

    /// May this dashboard change anything at all?
    pub fn can_act(&self) -> bool {
        !self.opts.readonly && self.opts.role.operates()
    }

    /// The audit log needs an operator or admin certificate (`--readonly` still reads it).
    pub fn can_read_audit(&self) -> bool {
        self.opts.role.operates()
    }

    /// Why `intent` is not offered, if it is not.
    pub fn refusal(&self, intent: Intent) -> Option<String> {
        if self.opts.readonly {
            return Some("read-only dashboard (--readonly): actions are off".into());
        }
        let admin_only = matches!(intent, Intent::Weight | Intent::Recycle);
        let allowed = if admin_only {
            self.opts.role == Role::Admin
        } else {
            self.opts.role.operates()
        };
        (!allowed).then(|| {
            format!(
                "your certificate's role ({}) cannot {}; it needs {}",
                self.opts.role.name(),
                intent_words(intent),
                if admin_only {
                    "admin"
                } else {
                    "operator or admin"
                }
            )
        })
    }

    /// The rows a list of the current view shows at this terminal size.
    pub fn page_rows(&self) -> usize {
        layout::list_rows(self.view, self.width, self.height)
    }

    // ---------------------------------------------------------------------------------------
    // Keys

    /// What a key means here and now; `None` when it means nothing.
    pub fn key(&self, key: KeyEvent) -> Option<Action> {
        if key.kind != KeyEventKind::Press {
            return None;
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl && key.code == KeyCode::Char('c') {
            return Some(Action::Quit);
        }
        match &self.mode {
            Mode::Confirm(_) => match key.code {
                KeyCode::Char('y') | KeyCode::Char('Y') => Some(Action::Confirm(true)),
                KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc => {
                    Some(Action::Confirm(false))
                }
                _ => None,
            },
            Mode::Command(_) | Mode::Filter { .. } | Mode::Prompt { .. } => {
                let input = match key.code {
                    KeyCode::Char(c) if !ctrl => InputKey::Char(c),
                    KeyCode::Backspace => InputKey::Backspace,
                    KeyCode::Tab => InputKey::Complete,
                    KeyCode::Enter => InputKey::Submit,
                    KeyCode::Esc => InputKey::Cancel,
                    _ => return None,
                };
                Some(Action::Input(input))
            }
            Mode::Help => match key.code {
                KeyCode::Esc | KeyCode::Char('?') | KeyCode::Char('q') | KeyCode::Enter => {
                    Some(Action::Help)
                }
                _ => None,
            },
            Mode::Normal => self.normal_key(key, ctrl),
        }
    }

    fn normal_key(&self, key: KeyEvent, ctrl: bool) -> Option<Action> {
        let common = match key.code {
            KeyCode::Esc if self.bulk.is_some() && self.detail.is_none() => Some(Action::StopBulk),
            KeyCode::Esc => Some(Action::Back),
            KeyCode::Char('q') if self.detail.is_some() => Some(Action::Back),
            KeyCode::Char('q') => Some(Action::Quit),
            KeyCode::Char('?') => Some(Action::Help),
            KeyCode::Char(':') => Some(Action::StartCommand),
            KeyCode::Char('j') | KeyCode::Down => Some(Action::Move(1)),
            KeyCode::Char('k') | KeyCode::Up => Some(Action::Move(-1)),
            KeyCode::PageDown => Some(Action::PageDown),
            KeyCode::Char('f') if ctrl => Some(Action::PageDown),
            KeyCode::PageUp => Some(Action::PageUp),
            KeyCode::Char('b') if ctrl => Some(Action::PageUp),
            KeyCode::Char('g') | KeyCode::Home => Some(Action::Top),
            KeyCode::Char('G') | KeyCode::End => Some(Action::Bottom),
            KeyCode::Char('r') => Some(Action::Refresh),
            _ => None,
        };
        if common.is_some() {
            return common;
        }
        let general = match key.code {
            KeyCode::Tab => Some(Action::NextView),
            KeyCode::BackTab => Some(Action::PrevView),
            KeyCode::Char(c @ '1'..='7') => Some(Action::Go(View::ALL[c as usize - '1' as usize])),
            _ => None,
        };
        if general.is_some() {
            return general;
        }
        if let Some(detail) = &self.detail {
            return match (detail, key.code) {
                (Detail::Task { .. }, KeyCode::Char('C')) => Some(Action::Ask(Intent::Cancel)),
                (Detail::Task { .. }, KeyCode::Char('R')) => Some(Action::Ask(Intent::Retry)),
                (Detail::Dlq { .. }, KeyCode::Char('R')) => {
                    Some(Action::Ask(Intent::ReplaySelected))
                }
                (Detail::Worker { .. }, KeyCode::Char('R')) => Some(Action::Ask(Intent::Recycle)),
                _ => None,
            };
        }
        match key.code {
            KeyCode::Char('/') => return Some(Action::StartFilter),
            KeyCode::Enter => return Some(Action::Open),
            _ => {}
        }
        match (self.view, key.code) {
            (View::Overview, KeyCode::Char('P')) => Some(Action::Ask(Intent::PauseDequeue)),
            (View::Queues, KeyCode::Char('P')) => Some(Action::Ask(Intent::PauseQueue)),
            (View::Queues, KeyCode::Char('W')) => Some(Action::Ask(Intent::Weight)),
            (View::Tasks, KeyCode::Char('h') | KeyCode::Left) => Some(Action::StateTab(-1)),
            (View::Tasks, KeyCode::Char('l') | KeyCode::Right) => Some(Action::StateTab(1)),
            (View::Tasks, KeyCode::Char('C')) => Some(Action::Ask(Intent::Cancel)),
            (View::Tasks, KeyCode::Char('R')) => Some(Action::Ask(Intent::Retry)),
            (View::Dlq, KeyCode::Char(' ')) => Some(Action::ToggleMark),
            (View::Dlq, KeyCode::Char('R')) => Some(Action::Ask(Intent::ReplaySelected)),
            (View::Dlq, KeyCode::Char('N')) => Some(Action::Ask(Intent::ReplayN)),
            (View::Dlq, KeyCode::Char('A')) => Some(Action::Ask(Intent::ReplayAll)),
            (View::Workers, KeyCode::Char('R')) => Some(Action::Ask(Intent::Recycle)),
            (_, KeyCode::Char(c)) if c.is_ascii_uppercase() => Some(Action::Refused(format!(
                "{c} does nothing in the {} view; ? lists its keys",
                self.view.name()
            ))),
            _ => None,
        }
    }

    // ---------------------------------------------------------------------------------------
    // Update

    /// Applies one action; returns what to ask of the client.
    pub fn update(&mut self, action: Action) -> Vec<Command> {
        match action {
            Action::Tick { now_ms } => return self.tick(now_ms),
            Action::Resize { width, height } => {
                self.width = width;
                self.height = height;
                self.follow_cursor();
                return self.wanted_pages();
            }
            Action::Quit => self.quit = true,
            Action::Go(view) => return self.go(view),
            Action::NextView | Action::PrevView => {
                let at = View::ALL.iter().position(|v| *v == self.view).unwrap_or(0);
                let n = View::ALL.len();
                let next = if action == Action::NextView {
                    (at + 1) % n
                } else {
                    (at + n - 1) % n
                };
                return self.go(View::ALL[next]);
            }
            Action::Back => return self.back(),
            Action::Move(delta) => return self.shift(delta),
            Action::PageDown => return self.shift(self.page_rows().max(1) as isize),
            Action::PageUp => return self.shift(-(self.page_rows().max(1) as isize)),
            Action::Top => return self.shift(isize::MIN / 2),
            Action::Bottom => return self.shift(isize::MAX / 2),
            Action::Open => return self.open(),
            Action::StateTab(delta) => {
                let n = TaskState::TABS.len() as isize;
                self.tasks.tab = (self.tasks.tab as isize + delta).rem_euclid(n) as usize;
                self.tasks.rows.reset();
                self.tasks.cursor.top();
                return self.wanted_pages();
            }
            Action::ToggleMark => {
                if let Some(id) = self
                    .dlq
                    .rows
                    .get(self.dlq.cursor.selected)
                    .map(|e| e.id.clone())
                {
                    if !self.dlq.marked.remove(&id) {
                        self.dlq.marked.insert(id);
                    }
                    return self.shift(1);
                }
            }
            Action::Refresh => {
                self.say(Level::Info, "refreshing");
                return self.refresh_all();
            }
            Action::Help => {
                self.mode = if self.mode == Mode::Help {
                    Mode::Normal
                } else {
                    Mode::Help
                };
            }
            Action::StartCommand => self.mode = Mode::Command(String::new()),
            Action::StartFilter => {
                let before = self.filter_text().to_string();
                self.mode = Mode::Filter {
                    text: before.clone(),
                    before,
                };
            }
            Action::Input(key) => return self.input(key),
            Action::Ask(intent) => return self.ask(intent),
            Action::Confirm(yes) => {
                if let Mode::Confirm(confirmation) = std::mem::replace(&mut self.mode, Mode::Normal)
                {
                    if yes {
                        return self.run(confirmation.op);
                    }
                    self.say(Level::Info, "cancelled; nothing was changed");
                }
            }
            Action::StopBulk => {
                if let Some(bulk) = &mut self.bulk {
                    bulk.stopping = true;
                    self.say(Level::Info, "stopping after the current batch");
                    return vec![Command::StopBulk];
                }
            }
            Action::Refused(why) => self.say(Level::Error, why),
            Action::Link(link) => {
                let was_down = !matches!(self.link, Link::Connected);
                self.link = link;
                if was_down && self.link == Link::Connected {
                    return self.refresh_all();
                }
            }
            Action::Overview(overview) => {
                self.overview = Some(overview);
                self.follow_cursor();
            }
            Action::TasksPage {
                generation,
                offset,
                rows,
                total,
            } => {
                if self.tasks.rows.insert(generation, offset, rows, total) {
                    self.follow_cursor();
                    return self.wanted_pages();
                }
            }
            Action::DlqPage {
                generation,
                offset,
                rows,
                total,
            } => {
                if self.dlq.rows.insert(generation, offset, rows, total) {
                    self.follow_cursor();
                    return self.wanted_pages();
                }
            }
            Action::Workers { workers, stuck } => {
                self.workers.list = workers;
                self.workers.stuck = stuck;
                self.workers.loaded = true;
                self.follow_cursor();
            }
            Action::Audit {
                generation,
                entries,
            } => {
                if generation == self.audit.generation {
                    self.audit.list = entries;
                    self.audit.loaded = true;
                    self.follow_cursor();
                }
            }
            Action::TaskDetail(d) => {
                if let Some(Detail::Task { id, data }) = &mut self.detail
                    && *id == d.task.id
                {
                    *data = Some(d);
                }
            }
            Action::DlqDetail(d) => {
                if let Some(Detail::Dlq { id, data }) = &mut self.detail
                    && *id == d.entry.id
                {
                    *data = Some(d);
                }
            }
            Action::WorkerDetail(d) => {
                if let Some(Detail::Worker { id, data }) = &mut self.detail
                    && *id == d.worker.id
                {
                    *data = Some(d);
                }
            }
            Action::DetailFailed(why) => {
                self.detail = None;
                self.say(Level::Error, why);
            }
            Action::Events(events) => self.push_events(events),
            Action::Progress { done, total } => {
                if let Some(bulk) = &mut self.bulk {
                    bulk.done = done;
                    bulk.total = total;
                }
            }
            Action::Done { ok, message } => {
                self.bulk = None;
                self.say(if ok { Level::Ok } else { Level::Error }, message);
                self.dlq.marked.clear();
                return self.refresh_all();
            }
        }
        Vec::new()
    }

    fn tick(&mut self, now_ms: i64) -> Vec<Command> {
        self.now_ms = now_ms;
        if let Some(status) = &self.status {
            let keep_ms = if status.level == Level::Error {
                15_000
            } else {
                6_000
            };
            if now_ms - status.at_ms > keep_ms {
                self.status = None;
            }
        }
        let since = now_ms - self.last_refresh_ms;
        let every = self.opts.refresh.as_millis() as i64;
        // Stream events mark the data stale; refresh soon, but at most twice a second.
        if since >= every || (self.dirty && since >= 500) {
            return self.refresh_all();
        }
        Vec::new()
    }

    /// The overview and workers (for the header and the alerts), plus the current view's data.
    fn refresh_all(&mut self) -> Vec<Command> {
        self.last_refresh_ms = self.now_ms;
        self.dirty = false;
        let mut commands = vec![Command::Overview, Command::Workers];
        match self.view {
            View::Tasks => self.tasks.rows.refresh(),
            View::Dlq => self.dlq.rows.refresh(),
            View::Audit => commands.extend(self.audit_command()),
            _ => {}
        }
        commands.extend(self.wanted_pages());
        commands
    }

    /// The audit log is for operators and admins; a viewer's dashboard does not ask.
    fn audit_command(&mut self) -> Option<Command> {
        if !self.opts.role.operates() {
            return None;
        }
        self.audit.generation += 1;
        Some(Command::Audit {
            generation: self.audit.generation,
            filter: self.audit.server.clone(),
        })
    }

    /// Requests for the pages of the current list that are on screen and missing or stale.
    fn wanted_pages(&mut self) -> Vec<Command> {
        let rows = self.page_rows();
        match self.view {
            View::Tasks => {
                let Some(queue) = self.tasks.queue.clone() else {
                    return Vec::new();
                };
                let window = self.tasks.cursor.offset..self.tasks.cursor.offset + rows;
                let generation = self.tasks.rows.generation();
                let state = self.tasks.state();
                let handler = self.tasks.handler.clone();
                self.tasks
                    .rows
                    .wanted(window)
                    .into_iter()
                    .map(|offset| Command::Tasks {
                        generation,
                        queue: queue.clone(),
                        state,
                        handler: handler.clone(),
                        offset,
                        limit: PAGE as u32,
                    })
                    .collect()
            }
            View::Dlq => {
                let window = self.dlq.cursor.offset..self.dlq.cursor.offset + rows;
                let generation = self.dlq.rows.generation();
                let filter = self.dlq.filter.clone();
                self.dlq
                    .rows
                    .wanted(window)
                    .into_iter()
                    .map(|offset| Command::Dlq {
                        generation,
                        filter: filter.clone(),
                        offset,
                        limit: PAGE as u32,
                    })
                    .collect()
            }
            _ => Vec::new(),
        }
    }

    fn go(&mut self, view: View) -> Vec<Command> {
        if view == View::Tasks && self.tasks.queue.is_none() {
            // The tasks view needs a queue: the selected one, or the first.
            let visible = self.visible_queues();
            let queue = visible
                .get(self.queues.cursor.selected)
                .or(visible.first())
                .map(|q| q.name.clone());
            match queue {
                Some(q) => return self.open_tasks(q, None),
                None => {
                    self.say(Level::Info, "no queue yet; tasks are listed per queue");
                    return Vec::new();
                }
            }
        }
        if view != self.view {
            self.previous.push(self.view);
            if self.previous.len() > 32 {
                self.previous.remove(0);
            }
            self.view = view;
        }
        self.detail = None;
        let mut commands = match view {
            View::Tasks => {
                self.tasks.rows.refresh();
                Vec::new()
            }
            View::Dlq => {
                self.dlq.rows.refresh();
                Vec::new()
            }
            View::Audit => self.audit_command().into_iter().collect(),
            _ => Vec::new(),
        };
        self.follow_cursor();
        commands.extend(self.wanted_pages());
        commands
    }

    fn open_tasks(&mut self, queue: String, state: Option<TaskState>) -> Vec<Command> {
        if self.tasks.queue.as_deref() != Some(queue.as_str()) || state.is_some() {
            self.tasks.queue = Some(queue);
            self.tasks.tab = TaskState::TABS
                .iter()
                .position(|s| *s == state)
                .unwrap_or(0);
            self.tasks.handler = None;
            self.tasks.rows.reset();
            self.tasks.cursor.top();
        }
        self.go(View::Tasks)
    }

    fn back(&mut self) -> Vec<Command> {
        if self.detail.take().is_some() {
            self.detail_scroll = 0;
            return Vec::new();
        }
        if !self.filter_text().is_empty() {
            return self.apply_filter(String::new());
        }
        if self.view == View::Dlq && !self.dlq.marked.is_empty() {
            self.dlq.marked.clear();
            self.say(Level::Info, "marks cleared");
            return Vec::new();
        }
        if let Some(view) = self.previous.pop() {
            let commands = self.go(view);
            // `go` pushed the view we left; going back must not make a loop.
            self.previous.pop();
            return commands;
        }
        Vec::new()
    }

    /// The length of the current list and the rows on screen.
    fn list_len(&self) -> usize {
        match self.view {
            View::Overview => 0,
            View::Queues => self.visible_queues().len(),
            View::Tasks => self.tasks.rows.len(),
            View::Dlq => self.dlq.rows.len(),
            View::Workers => self.visible_workers().len(),
            View::Events => self.visible_events().len(),
            View::Audit => self.visible_audit().len(),
        }
    }

    fn cursor_mut(&mut self) -> Option<&mut Cursor> {
        Some(match self.view {
            View::Overview => return None,
            View::Queues => &mut self.queues.cursor,
            View::Tasks => &mut self.tasks.cursor,
            View::Dlq => &mut self.dlq.cursor,
            View::Workers => &mut self.workers.cursor,
            View::Events => &mut self.events.cursor,
            View::Audit => &mut self.audit.cursor,
        })
    }

    fn shift(&mut self, delta: isize) -> Vec<Command> {
        if self.detail.is_some() {
            let scroll = self.detail_scroll as isize + delta.clamp(-1000, 1000);
            self.detail_scroll = scroll.clamp(0, 1000) as u16;
            return Vec::new();
        }
        let len = self.list_len();
        let rows = self.page_rows();
        if self.view == View::Events {
            // Moving away from the end stops following; reaching it follows again.
            self.events.follow =
                delta > 0 && self.events.cursor.selected as isize + delta >= len as isize - 1;
        }
        if let Some(cursor) = self.cursor_mut() {
            cursor.shift(delta, len, rows);
        }
        self.wanted_pages()
    }

    fn follow_cursor(&mut self) {
        let len = self.list_len();
        let rows = self.page_rows();
        let follow = self.view == View::Events && self.events.follow;
        if let Some(cursor) = self.cursor_mut() {
            if follow {
                cursor.bottom(len, rows);
            } else {
                cursor.follow(len, rows);
            }
        }
    }

    fn open(&mut self) -> Vec<Command> {
        match self.view {
            View::Overview => self.go(View::Queues),
            View::Queues => match self.visible_queues().get(self.queues.cursor.selected) {
                Some(q) => {
                    let name = q.name.clone();
                    self.open_tasks(name, None)
                }
                None => Vec::new(),
            },
            View::Tasks => {
                let id = self
                    .tasks
                    .rows
                    .get(self.tasks.cursor.selected)
                    .map(|t| t.id.clone());
                self.fetch_detail(id, |id| Detail::Task { id, data: None }, Command::Task)
            }
            View::Dlq => {
                let id = self
                    .dlq
                    .rows
                    .get(self.dlq.cursor.selected)
                    .map(|e| e.id.clone());
                self.fetch_detail(id, |id| Detail::Dlq { id, data: None }, Command::DlqEntry)
            }
            View::Workers => {
                let id = self
                    .visible_workers()
                    .get(self.workers.cursor.selected)
                    .map(|w| w.id.clone());
                self.fetch_detail(id, |id| Detail::Worker { id, data: None }, Command::Worker)
            }
            View::Events => {
                let queue = self
                    .visible_events()
                    .get(self.events.cursor.selected)
                    .and_then(|e| e.queue.clone());
                match queue {
                    Some(q) if self.known_queue(&q) => self.open_tasks(q, None),
                    _ => Vec::new(),
                }
            }
            View::Audit => {
                if let Some(entry) = self.visible_audit().get(self.audit.cursor.selected) {
                    let entry = (*entry).clone();
                    self.open_detail(Detail::Audit(entry));
                }
                Vec::new()
            }
        }
    }

    /// Opens a detail panel for `id` (loading) and asks the server for it.
    fn fetch_detail(
        &mut self,
        id: Option<String>,
        panel: impl FnOnce(String) -> Detail,
        command: impl FnOnce(String) -> Command,
    ) -> Vec<Command> {
        let Some(id) = id else {
            return Vec::new();
        };
        self.open_detail(panel(id.clone()));
        vec![command(id)]
    }

    fn open_detail(&mut self, detail: Detail) {
        self.detail_scroll = 0;
        self.detail = Some(detail);
    }

    fn known_queue(&self, name: &str) -> bool {
        self.overview
            .as_ref()
            .is_some_and(|o| o.queues.iter().any(|q| q.name == name))
    }

    fn push_events(&mut self, events: Vec<Event>) {
        if events.is_empty() {
            return;
        }
        let stale = events.iter().any(|e| {
            matches!(
                e.kind,
                EventKind::Queue
                    | EventKind::Tasks
                    | EventKind::Dlq
                    | EventKind::Dequeue
                    | EventKind::Worker
                    | EventKind::Stuck
            )
        });
        self.dirty |= stale;
        if events.iter().any(|e| e.kind == EventKind::Audit) && self.view == View::Audit {
            self.dirty = true;
        }
        self.events.list.extend(events);
        let excess = self.events.list.len().saturating_sub(EVENTS_KEPT);
        if excess > 0 {
            self.events.list.drain(..excess);
            let c = &mut self.events.cursor;
            c.selected = c.selected.saturating_sub(excess);
            c.offset = c.offset.saturating_sub(excess);
        }
        if self.view == View::Events {
            self.follow_cursor();
        }
    }

    // ---------------------------------------------------------------------------------------
    // Filters

    /// The current view's filter as typed.
    pub fn filter_text(&self) -> &str {
        match self.view {
            View::Overview => "",
            View::Queues => &self.queues.filter,
            View::Tasks => self.tasks.handler.as_deref().unwrap_or(""),
            View::Dlq => &self.dlq.filter_text,
            View::Workers => &self.workers.filter,
            View::Events => &self.events.filter,
            View::Audit => &self.audit.filter_text,
        }
    }

    fn apply_filter(&mut self, text: String) -> Vec<Command> {
        let text = text.trim().to_string();
        match self.view {
            View::Overview => {
                self.say(Level::Info, "the overview has no filter");
                return Vec::new();
            }
            View::Queues => self.queues.filter = text,
            View::Workers => self.workers.filter = text,
            View::Events => {
                if let Err(e) = filter::parse(&text, &["kind", "queue"]) {
                    self.say(Level::Error, e);
                    return Vec::new();
                }
                self.events.filter = text;
            }
            View::Tasks => {
                let parsed = match filter::parse(&text, &["handler"]) {
                    Ok(p) => p,
                    Err(e) => {
                        self.say(Level::Error, e);
                        return Vec::new();
                    }
                };
                // A bare word is a handler name too: the server filters tasks by handler.
                let handler = parsed.keys.get("handler").cloned().or_else(|| {
                    (!parsed.text.is_empty())
                        .then(|| text.split_whitespace().last().unwrap_or("").to_string())
                });
                self.tasks.handler = handler;
                self.tasks.rows.reset();
                self.tasks.cursor.top();
            }
            View::Dlq => {
                let parsed = match filter::parse(&text, &["queue", "handler"]) {
                    Ok(p) => p,
                    Err(e) => {
                        self.say(Level::Error, e);
                        return Vec::new();
                    }
                };
                self.dlq.filter = DlqFilter {
                    queue: parsed.keys.get("queue").cloned(),
                    handler: parsed.keys.get("handler").cloned(),
                    text: (!parsed.text.is_empty()).then_some(parsed.text),
                };
                self.dlq.filter_text = text;
                self.dlq.rows.reset();
                self.dlq.cursor.top();
                self.dlq.marked.clear();
            }
            View::Audit => {
                let parsed = match filter::parse(&text, &["action", "actor", "target"]) {
                    Ok(p) => p,
                    Err(e) => {
                        self.say(Level::Error, e);
                        return Vec::new();
                    }
                };
                let server = AuditFilter {
                    action: parsed.keys.get("action").cloned(),
                    actor: parsed.keys.get("actor").cloned(),
                    target: parsed.keys.get("target").cloned(),
                };
                self.audit.filter_text = text;
                self.audit.cursor.top();
                if server != self.audit.server {
                    self.audit.server = server;
                    self.audit.loaded = false;
                    return self.audit_command().into_iter().collect();
                }
            }
        }
        self.follow_cursor();
        self.wanted_pages()
    }

    pub fn visible_queues(&self) -> Vec<&Queue> {
        let needle = self.queues.filter.to_lowercase();
        self.overview
            .iter()
            .flat_map(|o| o.queues.iter())
            .filter(|q| {
                filter::matches(
                    &needle,
                    &[&q.name, if q.paused { "paused" } else { "active" }],
                )
            })
            .collect()
    }

    pub fn visible_workers(&self) -> Vec<&Worker> {
        let needle = self.workers.filter.to_lowercase();
        self.workers
            .list
            .iter()
            .filter(|w| {
                filter::matches(&needle, &[&w.id, &w.host, &w.state, &w.handlers.join(" ")])
            })
            .collect()
    }

    pub fn visible_events(&self) -> Vec<&Event> {
        let Ok(parsed) = filter::parse(&self.events.filter, &["kind", "queue"]) else {
            return self.events.list.iter().collect();
        };
        let kind = parsed.keys.get("kind");
        let queue = parsed.keys.get("queue");
        self.events
            .list
            .iter()
            .filter(|e| kind.is_none_or(|k| e.kind.name() == k))
            .filter(|e| queue.is_none_or(|q| e.queue.as_deref() == Some(q.as_str())))
            .filter(|e| filter::matches(&parsed.text, &[&e.text, e.kind.name()]))
            .collect()
    }

    pub fn visible_audit(&self) -> Vec<&AuditEntry> {
        let text = filter::parse(&self.audit.filter_text, &["action", "actor", "target"])
            .map(|p| p.text)
            .unwrap_or_default();
        self.audit
            .list
            .iter()
            .filter(|a| {
                filter::matches(
                    &text,
                    &[
                        &a.actor, &a.action, &a.target, &a.status, &a.detail, &a.role,
                    ],
                )
            })
            .collect()
    }

    // ---------------------------------------------------------------------------------------
    // Input lines

    fn input(&mut self, key: InputKey) -> Vec<Command> {
        let mode = std::mem::replace(&mut self.mode, Mode::Normal);
        match mode {
            Mode::Command(mut text) => match key {
                InputKey::Char(c) => {
                    text.push(c);
                    self.mode = Mode::Command(text);
                }
                InputKey::Backspace => {
                    text.pop();
                    self.mode = Mode::Command(text);
                }
                InputKey::Complete => {
                    self.mode = Mode::Command(self.complete(&text));
                }
                InputKey::Submit => return self.command(&text),
                InputKey::Cancel => {}
            },
            Mode::Filter { mut text, before } => match key {
                InputKey::Char(c) => {
                    text.push(c);
                    return self.live_filter(text, before);
                }
                InputKey::Backspace => {
                    text.pop();
                    return self.live_filter(text, before);
                }
                InputKey::Complete => self.mode = Mode::Filter { text, before },
                InputKey::Submit => return self.apply_filter(text),
                InputKey::Cancel => return self.apply_filter(before),
            },
            Mode::Prompt { kind, mut text } => match key {
                InputKey::Char(c) => {
                    text.push(c);
                    self.mode = Mode::Prompt { kind, text };
                }
                InputKey::Backspace => {
                    text.pop();
                    self.mode = Mode::Prompt { kind, text };
                }
                InputKey::Complete => self.mode = Mode::Prompt { kind, text },
                InputKey::Submit => self.prompted(kind, text.trim()),
                InputKey::Cancel => self.say(Level::Info, "cancelled; nothing was changed"),
            },
            other => self.mode = other,
        }
        Vec::new()
    }

    /// Lists filtered here follow the filter as it is typed; server-filtered ones on Enter.
    fn live_filter(&mut self, text: String, before: String) -> Vec<Command> {
        let commands = match self.view {
            View::Queues | View::Workers | View::Events => {
                let commands = self.apply_filter(text.clone());
                // A half-typed `kind:` is not an error worth a status line.
                if matches!(&self.status, Some(s) if s.level == Level::Error) {
                    self.status = None;
                }
                commands
            }
            _ => Vec::new(),
        };
        self.mode = Mode::Filter { text, before };
        commands
    }

    /// Tab in command mode: the longest common prefix of what matches, with queue names after
    /// `tasks `.
    pub fn complete(&self, text: &str) -> String {
        let candidates = self.completions(text);
        let (head, word) = match text.rsplit_once(' ') {
            Some((head, word)) => (format!("{head} "), word),
            None => (String::new(), text),
        };
        match candidates.as_slice() {
            [] => text.to_string(),
            [only] => {
                let tail = if head.is_empty() && (*only == "tasks" || *only == "dlq") {
                    " "
                } else {
                    ""
                };
                format!("{head}{only}{tail}")
            }
            many => {
                let mut prefix = many[0].to_string();
                for c in &many[1..] {
                    while !c.starts_with(&prefix) {
                        prefix.pop();
                    }
                }
                if prefix.len() > word.len() {
                    format!("{head}{prefix}")
                } else {
                    text.to_string()
                }
            }
        }
    }

    /// What the word being typed could become.
    pub fn completions(&self, text: &str) -> Vec<String> {
        match text.split_once(' ') {
            None => COMMANDS
                .iter()
                .filter(|c| c.starts_with(text))
                .map(|c| c.to_string())
                .collect(),
            Some(("tasks", rest)) if !rest.contains(' ') => self
                .overview
                .iter()
                .flat_map(|o| o.queues.iter())
                .filter(|q| q.name.starts_with(rest))
                .map(|q| q.name.clone())
                .collect(),
            Some(("tasks", rest)) => {
                let word = rest.rsplit(' ').next().unwrap_or("");
                TaskState::TABS
                    .iter()
                    .flatten()
                    .map(|s| s.name())
                    .filter(|s| s.starts_with(word))
                    .map(str::to_string)
                    .collect()
            }
            _ => Vec::new(),
        }
    }

    fn command(&mut self, text: &str) -> Vec<Command> {
        let text = text.trim();
        let (name, rest) = match text.split_once(' ') {
            Some((name, rest)) => (name, rest.trim()),
            None => (text, ""),
        };
        if name.is_empty() {
            return Vec::new();
        }
        if name == "q" || name == "quit" {
            self.quit = true;
            return Vec::new();
        }
        let matches: Vec<&str> = COMMANDS
            .iter()
            .copied()
            .filter(|c| c.starts_with(name))
            .collect();
        let name = match matches.as_slice() {
            [one] => *one,
            _ if COMMANDS.contains(&name) => name,
            [] => {
                self.say(
                    Level::Error,
                    format!(
                        "unknown command :{name}; try {}",
                        COMMANDS.map(|c| format!(":{c}")).join(" ")
                    ),
                );
                return Vec::new();
            }
            many => {
                self.say(
                    Level::Error,
                    format!(
                        ":{name} could be {}",
                        many.iter()
                            .map(|c| format!(":{c}"))
                            .collect::<Vec<_>>()
                            .join(" or ")
                    ),
                );
                return Vec::new();
            }
        };
        match name {
            "help" => {
                self.mode = Mode::Help;
                Vec::new()
            }
            "tasks" if !rest.is_empty() => {
                let mut words = rest.split_whitespace();
                let queue = words.next().unwrap_or_default().to_string();
                let state = match words.next() {
                    None => None,
                    Some(s) => match TaskState::parse(s) {
                        Some(state) => Some(state),
                        None => {
                            self.say(
                                Level::Error,
                                format!("{s:?} is not a task state; try pending, running, dead…"),
                            );
                            return Vec::new();
                        }
                    },
                };
                if !self.known_queue(&queue) {
                    self.say(Level::Error, format!("no queue named {queue:?}"));
                    return Vec::new();
                }
                self.open_tasks(queue, state)
            }
            _ => {
                let view = View::ALL
                    .iter()
                    .copied()
                    .find(|v| v.name() == name)
                    .unwrap_or(View::Overview);
                let mut commands = self.go(view);
                if !rest.is_empty() && self.view == view {
                    commands.extend(self.apply_filter(rest.to_string()));
                }
                commands
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // Actions on the server

    fn ask(&mut self, intent: Intent) -> Vec<Command> {
        if let Some(why) = self.refusal(intent) {
            self.say(Level::Error, why);
            return Vec::new();
        }
        if self.bulk.is_some() {
            self.say(Level::Error, "a replay is running; Esc stops it");
            return Vec::new();
        }
        match intent {
            Intent::PauseDequeue => {
                let Some(o) = &self.overview else {
                    return self.not_loaded();
                };
                let paused = !o.coordination.paused;
                let lines = if paused {
                    vec![
                        format!(
                            "No task is leased on any queue: {} ready tasks across {} queues wait.",
                            count(o.totals.ready),
                            o.queues.len()
                        ),
                        format!("{} running tasks finish normally.", count(o.totals.running)),
                    ]
                } else {
                    vec![format!(
                        "Leasing starts again: {} ready tasks become available to workers.",
                        count(o.totals.ready)
                    )]
                };
                self.confirm(
                    if paused {
                        "Pause dequeue everywhere?"
                    } else {
                        "Resume dequeue?"
                    },
                    lines,
                    Op::PauseDequeue { paused },
                );
            }
            Intent::PauseQueue => {
                let Some(q) = self
                    .visible_queues()
                    .get(self.queues.cursor.selected)
                    .map(|q| (*q).clone())
                else {
                    return self.nothing_selected();
                };
                let paused = !q.paused;
                let lines = if paused {
                    vec![
                        format!(
                            "Workers stop leasing from {}: {} ready and {} scheduled tasks wait.",
                            q.name,
                            count(q.ready),
                            count(q.scheduled)
                        ),
                        format!("{} running tasks finish normally.", count(q.running)),
                    ]
                } else {
                    vec![format!(
                        "Workers lease from {} again: {} ready tasks.",
                        q.name,
                        count(q.ready)
                    )]
                };
                let title = if paused {
                    format!("Pause queue {}?", q.name)
                } else {
                    format!("Resume queue {}?", q.name)
                };
                self.confirm(
                    &title,
                    lines,
                    Op::PauseQueue {
                        name: q.name,
                        paused,
                    },
                );
            }
            Intent::Weight => {
                let Some(q) = self
                    .visible_queues()
                    .get(self.queues.cursor.selected)
                    .map(|q| (*q).clone())
                else {
                    return self.nothing_selected();
                };
                self.mode = Mode::Prompt {
                    kind: Prompt::Weight {
                        queue: q.name,
                        current: q.weight,
                    },
                    text: String::new(),
                };
            }
            Intent::Cancel | Intent::Retry => {
                let task = match &self.detail {
                    Some(Detail::Task { data: Some(d), .. }) => Some(d.task.clone()),
                    Some(_) => None,
                    None => self.tasks.rows.get(self.tasks.cursor.selected).cloned(),
                };
                let Some(task) = task else {
                    return self.nothing_selected();
                };
                let state = task.state();
                if intent == Intent::Cancel {
                    if !state.cancellable() {
                        self.say(
                            Level::Error,
                            format!(
                                "task {} is {}; only unfinished tasks can be cancelled",
                                task.id,
                                state.name()
                            ),
                        );
                        return Vec::new();
                    }
                    let how = if state == TaskState::Running {
                        "It is running: its worker is signalled and stops it after the grace period."
                    } else {
                        "It has not started: it is cancelled at once."
                    };
                    self.confirm(
                        &format!("Cancel task {}?", task.id),
                        vec![
                            format!(
                                "{} on queue {}, {}, attempt {}.",
                                task.handler,
                                task.queue,
                                state.name(),
                                task.attempts
                            ),
                            how.to_string(),
                            "It ends CANCELLED, not in the DLQ.".to_string(),
                        ],
                        Op::CancelTask { id: task.id },
                    );
                } else {
                    if !state.retryable() {
                        self.say(
                            Level::Error,
                            format!(
                                "task {} is {}; retry applies to finished tasks",
                                task.id,
                                state.name()
                            ),
                        );
                        return Vec::new();
                    }
                    self.confirm(
                        &format!("Retry task {}?", task.id),
                        vec![
                            format!(
                                "{} on queue {}, now {}.",
                                task.handler,
                                task.queue,
                                state.name()
                            ),
                            "It goes back to pending with its attempts reset.".to_string(),
                        ],
                        Op::RetryTask { id: task.id },
                    );
                }
            }
            Intent::ReplaySelected => {
                let ids: Vec<String> = match &self.detail {
                    Some(Detail::Dlq { id, .. }) => vec![id.clone()],
                    Some(_) => Vec::new(),
                    None if !self.dlq.marked.is_empty() => {
                        self.dlq.marked.iter().cloned().collect()
                    }
                    None => self
                        .dlq
                        .rows
                        .get(self.dlq.cursor.selected)
                        .map(|e| vec![e.id.clone()])
                        .unwrap_or_default(),
                };
                if ids.is_empty() {
                    return self.nothing_selected();
                }
                let title = if ids.len() == 1 {
                    format!("Replay DLQ entry {}?", ids[0])
                } else {
                    format!("Replay {} marked DLQ entries?", ids.len())
                };
                let mut lines =
                    vec!["They go back to their queues as pending, attempts reset.".to_string()];
                if ids.len() > 1 {
                    let shown: Vec<&str> = ids.iter().take(3).map(String::as_str).collect();
                    lines.push(format!(
                        "{}{}",
                        shown.join(", "),
                        if ids.len() > 3 {
                            format!(" and {} more", ids.len() - 3)
                        } else {
                            String::new()
                        }
                    ));
                }
                self.confirm(&title, lines, Op::ReplayIds { ids });
            }
            Intent::ReplayN => {
                if self.dlq.rows.is_empty() {
                    self.say(Level::Info, "nothing to replay: no DLQ entry matches");
                    return Vec::new();
                }
                self.mode = Mode::Prompt {
                    kind: Prompt::ReplayN,
                    text: String::new(),
                };
            }
            Intent::ReplayAll => {
                let total = self.dlq.rows.len() as u64;
                if total == 0 {
                    self.say(Level::Info, "nothing to replay: no DLQ entry matches");
                    return Vec::new();
                }
                self.confirm_replay(total, total);
            }
            Intent::Recycle => {
                let worker = match &self.detail {
                    Some(Detail::Worker { data: Some(d), .. }) => Some(d.worker.clone()),
                    Some(_) => None,
                    None => self
                        .visible_workers()
                        .get(self.workers.cursor.selected)
                        .map(|w| (*w).clone()),
                };
                let Some(w) = worker else {
                    return self.nothing_selected();
                };
                self.confirm(
                    &format!("Recycle worker {}?", w.id),
                    vec![
                        format!(
                            "{} pid {}, {} of {} slots busy.",
                            w.host, w.pid, w.in_flight, w.concurrency
                        ),
                        format!(
                            "It stops leasing, finishes its {} tasks, then restarts its loop.",
                            w.in_flight
                        ),
                    ],
                    Op::RecycleWorker { id: w.id },
                );
            }
        }
        Vec::new()
    }

    fn prompted(&mut self, kind: Prompt, text: &str) {
        match kind {
            Prompt::Weight { queue, current } => {
                if text.is_empty() || text == "reset" {
                    self.confirm(
                        &format!("Reset the weight of queue {queue}?"),
                        vec![format!(
                            "It goes from {current} back to the configured weight."
                        )],
                        Op::ResetWeight { name: queue },
                    );
                    return;
                }
                let weight = match text.parse::<i32>() {
                    Ok(w) if (1..=1000).contains(&w) => w,
                    _ => {
                        self.say(
                            Level::Error,
                            format!("{text:?} is not a weight: give a whole number from 1 to 1000, or empty to reset"),
                        );
                        return;
                    }
                };
                let (before, after) = self.shares(&queue, weight);
                self.confirm(
                    &format!("Set the weight of queue {queue} to {weight}?"),
                    vec![
                        format!("Now {current}. Its share of leases while every queue has work goes from {before}% to {after}%."),
                    ],
                    Op::SetWeight {
                        name: queue,
                        weight,
                    },
                );
            }
            Prompt::ReplayN => {
                let total = self.dlq.rows.len() as u64;
                match text.parse::<u64>() {
                    Ok(n) if n > 0 => self.confirm_replay(n.min(total), total),
                    _ => self.say(
                        Level::Error,
                        format!(
                            "{text:?} is not a count: give how many of the oldest entries to replay"
                        ),
                    ),
                }
            }
        }
    }

    /// Percent shares of leases among unpaused queues, before and after a weight change.
    fn shares(&self, queue: &str, weight: i32) -> (i64, i64) {
        let queues: Vec<&Queue> = self
            .overview
            .iter()
            .flat_map(|o| o.queues.iter())
            .filter(|q| !q.paused || q.name == queue)
            .collect();
        let share = |w: i32| {
            let others: i64 = queues
                .iter()
                .filter(|q| q.name != queue)
                .map(|q| i64::from(q.weight))
                .sum();
            let total = others + i64::from(w);
            if total == 0 {
                0
            } else {
                (i64::from(w) * 100 + total / 2) / total
            }
        };
        let current = queues
            .iter()
            .find(|q| q.name == queue)
            .map_or(0, |q| q.weight);
        (share(current), share(weight))
    }

    fn confirm_replay(&mut self, n: u64, total: u64) {
        let filter = self.dlq.filter.clone();
        let which = if filter.is_empty() {
            String::new()
        } else {
            format!(" matching /{}", self.dlq.filter_text)
        };
        let title = if n == total {
            format!("Replay all {} DLQ entries{which}?", count(n as i64))
        } else {
            format!(
                "Replay the oldest {} of {} DLQ entries{which}?",
                count(n as i64),
                count(total as i64)
            )
        };
        self.confirm(
            &title,
            vec![
                "They go back to their queues as pending, attempts reset.".to_string(),
                "Sent in batches within the server's caps; Esc stops after the current batch."
                    .to_string(),
            ],
            Op::ReplayOldest { filter, limit: n },
        );
    }

    fn confirm(&mut self, title: &str, lines: Vec<String>, op: Op) {
        self.mode = Mode::Confirm(Confirmation {
            title: title.to_string(),
            lines,
            op,
        });
    }

    fn run(&mut self, op: Op) -> Vec<Command> {
        let label = match &op {
            Op::ReplayIds { ids } if ids.len() > 1 => {
                Some((format!("replaying {} entries", ids.len()), ids.len() as u64))
            }
            Op::ReplayOldest { limit, .. } => Some((
                format!("replaying {} entries", count(*limit as i64)),
                *limit,
            )),
            _ => None,
        };
        if let Some((label, total)) = label {
            self.bulk = Some(Bulk {
                label,
                done: 0,
                total,
                stopping: false,
            });
        } else {
            self.say(Level::Info, "working…");
        }
        vec![Command::Run(op)]
    }

    fn not_loaded(&mut self) -> Vec<Command> {
        self.say(Level::Info, "still loading; try again in a moment");
        Vec::new()
    }

    fn nothing_selected(&mut self) -> Vec<Command> {
        self.say(Level::Info, "nothing selected");
        Vec::new()
    }

    fn say(&mut self, level: Level, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            level,
            at_ms: self.now_ms,
        });
    }

    // ---------------------------------------------------------------------------------------
    // Derived

    /// What an operator should look at now.
    pub fn alerts(&self) -> Vec<Alert> {
        let mut alerts = Vec::new();
        let Some(o) = &self.overview else {
            return alerts;
        };
        if o.coordination.paused {
            alerts.push(Alert {
                level: Level::Error,
                text: "dequeue is paused: no queue is leased (P on the overview resumes)".into(),
            });
        }
        let live = if self.workers.loaded {
            self.workers.list.iter().filter(|w| w.live()).count() as i64
        } else {
            o.totals.workers
        };
        if live == 0 {
            for q in o.queues.iter().filter(|q| !q.paused && q.ready > 0) {
                alerts.push(Alert {
                    level: Level::Error,
                    text: format!(
                        "queue {}: {} ready tasks and no live worker",
                        q.name,
                        count(q.ready)
                    ),
                });
            }
        }
        let recent: i64 = o.throughput.iter().rev().take(5).map(|m| m.dead).sum();
        if recent > 0 {
            alerts.push(Alert {
                level: Level::Error,
                text: format!("DLQ grew by {} in the last 5 minutes", count(recent)),
            });
        }
        let hour_ago = self.now_ms - 3_600_000;
        let stuck: Vec<&Stuck> = self
            .workers
            .stuck
            .iter()
            .filter(|s| s.last_at_ms >= hour_ago)
            .collect();
        if !stuck.is_empty() {
            let n: i64 = stuck.iter().map(|s| s.count).sum();
            let handlers: Vec<&str> = stuck.iter().map(|s| s.handler.as_str()).collect();
            alerts.push(Alert {
                level: Level::Error,
                text: format!(
                    "{} stuck tasks in the last hour ({})",
                    count(n),
                    handlers.join(", ")
                ),
            });
        }
        for q in o.queues.iter().filter(|q| q.paused && q.ready > 0) {
            alerts.push(Alert {
                level: Level::Info,
                text: format!(
                    "queue {} is paused with {} ready tasks",
                    q.name,
                    count(q.ready)
                ),
            });
        }
        alerts
    }

    /// The queue summary the tasks view is about.
    pub fn tasks_queue(&self) -> Option<&Queue> {
        let name = self.tasks.queue.as_deref()?;
        self.overview
            .as_ref()?
            .queues
            .iter()
            .find(|q| q.name == name)
    }
}

fn intent_words(intent: Intent) -> &'static str {
    match intent {
        Intent::PauseQueue => "pause or resume queues",
        Intent::Weight => "change queue weights",
        Intent::PauseDequeue => "pause or resume dequeue",
        Intent::Cancel => "cancel tasks",
        Intent::Retry => "retry tasks",
        Intent::ReplaySelected | Intent::ReplayN | Intent::ReplayAll => "replay the DLQ",
        Intent::Recycle => "recycle workers",
    }
}
