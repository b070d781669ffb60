//! What a view may use of the rest of the app while it handles a key or an action ([`Ctx`]),
//! and what it asks the app to do for the view on screen afterwards ([`After`]).

use crate::action::{Action, Command, Op};
use crate::app::{Confirmation, Fleet, Level, Mode, Options, Prompt, Status};
use crate::model::Overview;

/// The app as one view sees it: the data every view shares, read-only, and the app-wide things
/// a view may change (the status line, a confirmation or prompt, the detail's scroll), plus a
/// follow-up action when it needs another view (Enter on a queue opens its tasks).
pub(crate) struct Ctx<'a> {
    pub(crate) opts: &'a Options,
    pub(crate) overview: Option<&'a Overview>,
    pub(crate) workers: &'a Fleet,
    /// Whether this view is the one on screen.
    pub(crate) current: bool,
    pub(crate) now_ms: i64,
    pub(super) status: &'a mut Option<Status>,
    pub(super) mode: &'a mut Mode,
    pub(super) detail_scroll: &'a mut u16,
    pub(super) next: Option<Action>,
}

impl Ctx<'_> {
    pub(crate) fn say(&mut self, level: Level, text: impl Into<String>) {
        *self.status = Some(Status::new(level, text, self.now_ms));
    }

    pub(crate) fn not_loaded(&mut self) {
        self.say(Level::Info, "still loading; try again in a moment");
    }

    pub(crate) fn nothing_selected(&mut self) {
        self.say(Level::Info, "nothing selected");
    }

    /// Asks before `op`: what will happen, to what, and how much.
    pub(crate) fn confirm(&mut self, title: &str, lines: Vec<String>, op: Op) {
        *self.mode = Mode::Confirm(Confirmation {
            title: title.to_string(),
            lines,
            op,
        });
    }

    /// Asks for a value the next confirmation needs; the answer comes back to the view.
    pub(crate) fn prompt(&mut self, kind: Prompt) {
        *self.mode = Mode::Prompt {
            kind,
            text: String::new(),
        };
    }

    /// A detail panel opened: it starts at its top.
    pub(crate) fn opened_detail(&mut self) {
        *self.detail_scroll = 0;
    }

    /// Applies `action` once the view is done.
    pub(crate) fn then(&mut self, action: Action) {
        self.next = Some(action);
    }

    pub(crate) fn known_queue(&self, name: &str) -> bool {
        self.overview
            .is_some_and(|o| o.queues.iter().any(|q| q.name == name))
    }
}

/// What the app does next for the view on screen, after a view changed its own state.
#[derive(Debug, PartialEq)]
pub(crate) enum After {
    Nothing,
    Send(Vec<Command>),
    /// Keep the selection inside the list (it changed).
    Refit,
    /// Fetch the pages now on screen.
    Fetch,
    RefitAndFetch,
    /// Move the selection.
    Move(isize),
}
