//! The views: one module per view owning its state, its key map and hint line, its filter,
//! what Enter and its actions do, and its drawing; [`Screen`] is what the app asks of each, and
//! the registry below is the one place that lists them. The header, status line, key hints,
//! popups and widgets shared by all of them live beside. No I/O, no waiting.

pub mod audit;
mod chrome;
mod detail;
pub mod dlq;
pub mod events;
pub mod groups;
mod help;
pub mod jobs;
pub mod overview;
pub mod queues;
pub mod schedules;
pub mod tasks;
mod widgets;
pub mod workers;

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::action::{Action, Command, Intent};
use crate::app::{After, App, Ctx, Mode, Prompt};
use crate::layout;
use crate::list::Cursor;
use crate::model::Event;

pub use detail::Panel;
pub(crate) use widgets::{
    bold, centered, id_width, panel, popup, position, short_id, state_style, table, theme,
};

/// A key worth showing at the bottom or in the help: the key, what it does, and the intent it
/// asks for (shown only when the role may).
pub(crate) type KeyHint = (&'static str, &'static str, Option<Intent>);

/// A step through a list or an open detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scroll {
    Lines(isize),
    Pages(isize),
    Top,
    Bottom,
}

/// What the app asks of a view. Every method but `render` has a default, for a view without a
/// list, a filter, a detail or actions. The app calls it on the view on screen, except for
/// `receive` and `done` (every view) and the `:NAME ARGS` command line (the view named).
pub(crate) trait Screen {
    // The list.

    /// Rows of data the list shows in `body`: a bordered table by default (border and header).
    fn list_rows(&self, body: Rect) -> usize {
        body.height.saturating_sub(3) as usize
    }

    /// Rows in the list as filtered now.
    fn len(&self, _app: &App) -> usize {
        0
    }

    fn cursor_mut(&mut self) -> Option<&mut Cursor> {
        None
    }

    /// Moves the selection by `delta` within `len` rows, `rows` on screen.
    fn shift(&mut self, delta: isize, len: usize, rows: usize) {
        if let Some(cursor) = self.cursor_mut() {
            cursor.shift(delta, len, rows);
        }
    }

    /// Keeps the selection inside a list that changed.
    fn follow(&mut self, len: usize, rows: usize) {
        if let Some(cursor) = self.cursor_mut() {
            cursor.follow(len, rows);
        }
    }

    // Data.

    /// The view comes on screen or its data is refreshed: what to fetch besides the pages.
    fn refresh(&mut self, _ctx: &mut Ctx<'_>) -> Vec<Command> {
        Vec::new()
    }

    /// Requests for the pages on screen that are missing or stale.
    fn wanted(&mut self, _rows: usize) -> Vec<Command> {
        Vec::new()
    }

    /// An action for this view (its data arriving, its own keys' actions); any other comes back.
    #[allow(
        clippy::result_large_err,
        reason = "the action goes back by value to be offered to the next view; boxing it would \
                  allocate for every action"
    )]
    fn receive(&mut self, action: Action, _ctx: &mut Ctx<'_>) -> Result<After, Action> {
        Err(action)
    }

    /// Do these stream events make the data on screen stale (beyond the counts every view has)?
    fn stale_after(&self, _events: &[Event]) -> bool {
        false
    }

    /// A change ran on the server: what was selected for it is spent.
    fn done(&mut self) {}

    // Keys.

    /// The action of a key that is this view's own.
    fn key(&self, _code: KeyCode) -> Option<Action> {
        None
    }

    /// The keys of the bottom line and the help, actions first.
    fn keys(&self, _app: &App) -> Vec<KeyHint> {
        Vec::new()
    }

    /// More keys for the help only.
    fn help_keys(&self) -> Vec<(&'static str, &'static str)> {
        Vec::new()
    }

    /// Enter.
    fn open(&mut self, _ctx: &mut Ctx<'_>) -> Vec<Command> {
        Vec::new()
    }

    /// Esc, once the detail is closed and the filter cleared: closes something of the view's
    /// own; false when there is nothing.
    fn back(&mut self, _ctx: &mut Ctx<'_>) -> bool {
        false
    }

    // The `/` filter.

    /// The filter as typed.
    fn filter_text(&self) -> &str {
        ""
    }

    /// The help's line for `/`; `None` when the view has no filter.
    fn filter_help(&self) -> Option<&'static str> {
        None
    }

    /// What the status line says while the filter is typed.
    fn filter_hint(&self) -> &'static str {
        "text · Enter keeps · Esc cancels"
    }

    /// Does the list follow the filter as it is typed (filtered here), or only on Enter (by the
    /// server)?
    fn live_filter(&self) -> bool {
        false
    }

    /// Sets the filter (trimmed); a filter that does not parse is said and changes nothing.
    fn apply_filter(&mut self, _text: String, _ctx: &mut Ctx<'_>) -> After {
        After::Nothing
    }

    // The command line.

    /// Whether Tab after `:NAME` adds a space, because arguments usually follow.
    fn takes_args(&self) -> bool {
        false
    }

    /// What the arguments being typed after `:NAME ` could become; `None` when they do not
    /// complete (a filter).
    fn complete_args(&self, _args: &str, _app: &App) -> Option<Vec<String>> {
        None
    }

    /// `:NAME ARGS` handled by the view itself; false when the arguments are a filter.
    fn command(&mut self, _args: &str, _ctx: &mut Ctx<'_>) -> bool {
        false
    }

    // Changes on the server.

    /// Builds the confirmation (or the prompt) of one of the view's intents.
    fn ask(&mut self, _intent: Intent, _ctx: &mut Ctx<'_>) {}

    /// The question of a prompt the view opened.
    fn question(&self, _prompt: &Prompt) -> String {
        String::new()
    }

    /// The answer to a prompt the view opened.
    fn prompted(&mut self, _prompt: Prompt, _text: &str, _ctx: &mut Ctx<'_>) {}

    // The detail panel over the view.

    fn has_detail(&self) -> bool {
        false
    }

    /// Closes the detail; false when none was open.
    fn close_detail(&mut self) -> bool {
        false
    }

    /// The action of a key while the detail is open.
    fn detail_key(&self, _code: KeyCode) -> Option<Action> {
        None
    }

    /// The action keys of the open detail.
    fn detail_keys(&self) -> Vec<KeyHint> {
        Vec::new()
    }

    fn render_detail(&self, _app: &App, _frame: &mut Frame<'_>, _body: Rect) {}

    /// Scrolls an open detail that keeps its own position (a followed log) in `body`; false
    /// lets the app scroll it as text.
    fn scroll_detail(&mut self, _step: Scroll, _body: Rect) -> bool {
        false
    }

    /// What to stop once the detail closed (the open run's followed log).
    fn release(&mut self) -> Vec<Command> {
        Vec::new()
    }

    // Drawing.

    /// Draws the view into the body of the screen.
    fn render(&self, app: &App, frame: &mut Frame<'_>, body: Rect);
}

/// Defines the views from one list: the `View` enum (tab order, names), `Views` (the state of
/// each) and the dispatch from a `View` to its [`Screen`].
macro_rules! views {
    ($($variant:ident => $field:ident: $state:ty,)+) => {
        /// The views, in tab order.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum View {
            $($variant,)+
        }

        impl View {
            pub const ALL: &'static [View] = &[$(View::$variant,)+];

            /// The name in the tab bar and in command mode (`:dlq`).
            pub fn name(self) -> &'static str {
                match self {
                    $(View::$variant => stringify!($field),)+
                }
            }
        }

        /// The state of every view: each keeps its own while another is on screen.
        #[derive(Debug, Default)]
        pub struct Views {
            $(pub $field: $state,)+
        }

        impl Views {
            pub(crate) fn get(&self, view: View) -> &dyn Screen {
                match view {
                    $(View::$variant => &self.$field,)+
                }
            }

            pub(crate) fn get_mut(&mut self, view: View) -> &mut dyn Screen {
                match view {
                    $(View::$variant => &mut self.$field,)+
                }
            }
        }
    };
}

// The registry. A new view is a module with a state implementing `Screen`, and a line here.
views! {
    Overview => overview: overview::OverviewState,
    Queues => queues: queues::QueuesState,
    Tasks => tasks: tasks::TasksState,
    Dlq => dlq: dlq::DlqState,
    Workers => workers: workers::WorkersState,
    Events => events: events::EventsState,
    Audit => audit: audit::AuditState,
    Schedules => schedules: schedules::SchedulesState,
    Groups => groups: groups::GroupsState,
    Jobs => jobs: jobs::JobsState,
}

/// Draws the whole screen.
pub fn render(app: &App, frame: &mut Frame<'_>) {
    let areas = layout::areas(frame.area());
    let screen = app.screen();
    chrome::header(app, frame, areas.header);
    screen.render(app, frame, areas.body);
    chrome::status(app, frame, areas.status);
    chrome::keys(app, frame, areas.keys);
    if screen.has_detail() {
        screen.render_detail(app, frame, areas.body);
    }
    match &app.mode {
        Mode::Help => help::render_help(app, frame, areas.body),
        Mode::Confirm(c) => help::render_confirm(c, frame, areas.body),
        _ => {}
    }
}

/// The hints the role may use: an action the role may not take is not offered.
pub(crate) fn allowed(app: &App, mut keys: Vec<KeyHint>) -> Vec<KeyHint> {
    keys.retain(|(_, _, intent)| intent.is_none_or(|i| app.refusal(i).is_none()));
    keys
}
