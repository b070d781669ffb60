//! The dashboard's state and its one way of changing: `App::update(Action) -> Vec<Command>`.
//! Keys become actions in `App::key`; data arrives as actions from the client. What belongs to
//! one view is that view's (`views`); here is what is app-wide (navigation, refreshes, the
//! shared data) and the dispatch to the view on screen. Nothing here waits, reads the clock or
//! touches the network, so tests drive it action by action.

mod access;
mod alerts;
mod command;
mod confirm;
mod ctx;
mod input;
mod keys;
mod status;

use std::time::Duration;

use ratatui::layout::Rect;

pub use access::Role;
pub use alerts::Alert;
pub use confirm::{Bulk, Confirmation, Prompt};
pub(crate) use ctx::{After, Ctx};
pub use input::Mode;
pub use status::{Level, Status};

use crate::action::{Action, Command, Link};
use crate::layout;
use crate::model::{EventKind, Overview, Stuck, Worker};
use crate::views::{Screen, Scroll, View, Views};

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

/// The fleet as last listed: the workers view shows it, the overview and the alerts count it.
#[derive(Debug, Default)]
pub struct Fleet {
    pub list: Vec<Worker>,
    pub stuck: Vec<Stuck>,
    pub loaded: bool,
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
    /// Fetched on every refresh whatever the view: the header, alerts and several views use it.
    pub overview: Option<Overview>,
    /// Fetched on every refresh too.
    pub workers: Fleet,
    pub views: Views,
    /// How far the open detail panel is scrolled.
    pub detail_scroll: u16,
    pub mode: Mode,
    pub status: Option<Status>,
    pub bulk: Option<Bulk>,
    last_refresh_ms: i64,
    dirty: bool,
    pub quit: bool,
}

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
            workers: Fleet::default(),
            views: Views::default(),
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

    /// The rows a list of the current view shows at this terminal size.
    pub fn page_rows(&self) -> usize {
        let body = layout::areas(Rect::new(0, 0, self.width, self.height)).body;
        self.screen().list_rows(body)
    }

    /// The view on screen.
    pub(crate) fn screen(&self) -> &dyn Screen {
        self.views.get(self.view)
    }

    /// Runs `f` on `view` with what it may use of the app; returns its result and the
    /// follow-up action it asked for, which the caller applies (with [`App::then`]) last.
    fn with_view<R>(
        &mut self,
        view: View,
        f: impl FnOnce(&mut dyn Screen, &mut Ctx<'_>) -> R,
    ) -> (R, Option<Action>) {
        let current = view == self.view;
        let App {
            opts,
            now_ms,
            overview,
            workers,
            views,
            status,
            mode,
            detail_scroll,
            ..
        } = self;
        let mut ctx = Ctx {
            opts,
            overview: overview.as_ref(),
            workers,
            current,
            now_ms: *now_ms,
            status,
            mode,
            detail_scroll,
            next: None,
        };
        let res = f(views.get_mut(view), &mut ctx);
        (res, ctx.next)
    }

    fn then(&mut self, next: Option<Action>) -> Vec<Command> {
        next.map(|action| self.update(action)).unwrap_or_default()
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
            Action::Move(delta) => return self.scroll(Scroll::Lines(delta)),
            Action::PageDown => return self.scroll(Scroll::Pages(1)),
            Action::PageUp => return self.scroll(Scroll::Pages(-1)),
            Action::Top => return self.scroll(Scroll::Top),
            Action::Bottom => return self.scroll(Scroll::Bottom),
            Action::Open => {
                let (mut commands, next) =
                    self.with_view(self.view, |screen, ctx| screen.open(ctx));
                commands.extend(self.then(next));
                return commands;
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
            Action::StartFilter => self.start_filter(),
            Action::Input(key) => return self.input(key),
            Action::Ask(intent) => return self.ask(intent),
            Action::Confirm(yes) => return self.answer(yes),
            Action::StopBulk => return self.stop_bulk(),
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
            Action::Workers { workers, stuck } => {
                self.workers = Fleet {
                    list: workers,
                    stuck,
                    loaded: true,
                };
                self.follow_cursor();
            }
            Action::DetailFailed(why) => {
                // A late answer for a detail already closed (Esc, or a deleted schedule's) is
                // not news; it must not cover the status line.
                if self.views.get_mut(self.view).close_detail() {
                    self.say(Level::Error, why);
                    return self.views.get_mut(self.view).release();
                }
            }
            Action::Events(events) => {
                if events.is_empty() {
                    return Vec::new();
                }
                // Stream events mark the data stale; `tick` refreshes soon.
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
                self.dirty |= stale || self.screen().stale_after(&events);
                return self.offer(Action::Events(events));
            }
            Action::Progress { done, total } => self.progress(done, total),
            Action::Done { ok, message } => return self.done(ok, message),
            // The rest belongs to one view: its data, its own keys' actions.
            other => return self.offer(other),
        }
        Vec::new()
    }

    /// Hands `action` to the view it belongs to.
    #[allow(
        clippy::result_large_err,
        reason = "an action not taken goes back by value (see `Screen::receive`)"
    )]
    fn offer(&mut self, action: Action) -> Vec<Command> {
        let mut action = action;
        for view in View::ALL {
            let (taken, next) = self.with_view(*view, |screen, ctx| screen.receive(action, ctx));
            match taken {
                Ok(after) => {
                    let mut commands = self.after(after);
                    commands.extend(self.then(next));
                    return commands;
                }
                Err(back) => action = back,
            }
        }
        Vec::new()
    }

    fn after(&mut self, after: After) -> Vec<Command> {
        match after {
            After::Nothing => Vec::new(),
            After::Send(commands) => commands,
            After::Refit => {
                self.follow_cursor();
                Vec::new()
            }
            After::Fetch => self.wanted_pages(),
            After::RefitAndFetch => {
                self.follow_cursor();
                self.wanted_pages()
            }
            After::Move(delta) => self.shift(delta),
        }
    }

    fn tick(&mut self, now_ms: i64) -> Vec<Command> {
        self.now_ms = now_ms;
        self.expire_status();
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
        let (refreshed, next) = self.with_view(self.view, |screen, ctx| screen.refresh(ctx));
        commands.extend(refreshed);
        commands.extend(self.wanted_pages());
        commands.extend(self.then(next));
        commands
    }

    /// Requests for the pages of the current list that are on screen and missing or stale.
    fn wanted_pages(&mut self) -> Vec<Command> {
        let rows = self.page_rows();
        self.views.get_mut(self.view).wanted(rows)
    }

    // ---------------------------------------------------------------------------------------
    // Navigation

    fn go(&mut self, view: View) -> Vec<Command> {
        // The one link between two views: the tasks view lists one queue's tasks, and entering
        // it without one takes the queue selected in the queues view, or the first.
        if view == View::Tasks && self.views.tasks.queue.is_none() {
            let visible = self.views.queues.visible(self.overview.as_ref());
            let queue = visible
                .get(self.views.queues.cursor.selected)
                .or(visible.first())
                .map(|q| q.name.clone());
            match queue {
                Some(queue) => return self.update(Action::ShowTasks { queue, state: None }),
                None => {
                    self.say(Level::Info, "no queue yet; tasks are listed per queue");
                    return Vec::new();
                }
            }
        }
        // Only the view on screen has a detail open; it closes with any move.
        self.views.get_mut(self.view).close_detail();
        let released = self.views.get_mut(self.view).release();
        if view != self.view {
            self.previous.push(self.view);
            if self.previous.len() > 32 {
                self.previous.remove(0);
            }
            self.view = view;
        }
        let (refreshed, next) = self.with_view(view, |screen, ctx| screen.refresh(ctx));
        let mut commands = released;
        commands.extend(refreshed);
        self.follow_cursor();
        commands.extend(self.wanted_pages());
        commands.extend(self.then(next));
        commands
    }

    fn back(&mut self) -> Vec<Command> {
        if self.views.get_mut(self.view).close_detail() {
            self.detail_scroll = 0;
            return self.views.get_mut(self.view).release();
        }
        if !self.filter_text().is_empty() {
            return self.apply_filter(String::new());
        }
        let (closed, next) = self.with_view(self.view, |screen, ctx| screen.back(ctx));
        if closed {
            return self.then(next);
        }
        if let Some(view) = self.previous.pop() {
            let commands = self.go(view);
            // `go` pushed the view we left; going back must not make a loop.
            self.previous.pop();
            return commands;
        }
        Vec::new()
    }

    /// A move, a page, the top or the bottom: through the open detail, else the list.
    fn scroll(&mut self, step: Scroll) -> Vec<Command> {
        if self.screen().has_detail() {
            let body = layout::areas(Rect::new(0, 0, self.width, self.height)).body;
            if self.views.get_mut(self.view).scroll_detail(step, body) {
                return Vec::new();
            }
        }
        let page = self.page_rows().max(1) as isize;
        self.shift(match step {
            Scroll::Lines(delta) => delta,
            Scroll::Pages(n) => n * page,
            Scroll::Top => isize::MIN / 2,
            Scroll::Bottom => isize::MAX / 2,
        })
    }

    fn shift(&mut self, delta: isize) -> Vec<Command> {
        if self.screen().has_detail() {
            let scroll = self.detail_scroll as isize + delta.clamp(-1000, 1000);
            self.detail_scroll = scroll.clamp(0, 1000) as u16;
            return Vec::new();
        }
        let len = self.screen().len(self);
        let rows = self.page_rows();
        self.views.get_mut(self.view).shift(delta, len, rows);
        self.wanted_pages()
    }

    fn follow_cursor(&mut self) {
        let len = self.screen().len(self);
        let rows = self.page_rows();
        self.views.get_mut(self.view).follow(len, rows);
    }
}
