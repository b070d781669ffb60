//! What the keyboard types into besides keys: the `:` command line, the `/` filter of the view
//! on screen, and a prompt's value; and how a filter reaches the view.

use crate::action::{Command, InputKey};
use crate::app::{App, Confirmation, Level, Prompt};

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

impl App {
    /// The current view's filter as typed.
    pub fn filter_text(&self) -> &str {
        self.screen().filter_text()
    }

    pub(super) fn start_filter(&mut self) {
        let before = self.filter_text().to_string();
        self.mode = Mode::Filter {
            text: before.clone(),
            before,
        };
    }

    pub(super) fn input(&mut self, key: InputKey) -> Vec<Command> {
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
                InputKey::Submit => return self.prompted(kind, text.trim()),
                InputKey::Cancel => self.say(Level::Info, "cancelled; nothing was changed"),
            },
            other => self.mode = other,
        }
        Vec::new()
    }

    /// Lists filtered here follow the filter as it is typed; server-filtered ones on Enter.
    fn live_filter(&mut self, text: String, before: String) -> Vec<Command> {
        let commands = if self.screen().live_filter() {
            let commands = self.apply_filter(text.clone());
            // A half-typed `kind:` is not an error worth a status line.
            if matches!(&self.status, Some(s) if s.level == Level::Error) {
                self.status = None;
            }
            commands
        } else {
            Vec::new()
        };
        self.mode = Mode::Filter { text, before };
        commands
    }

    pub(super) fn apply_filter(&mut self, text: String) -> Vec<Command> {
        let text = text.trim().to_string();
        if self.screen().filter_help().is_none() {
            self.say(
                Level::Info,
                format!("the {} has no filter", self.view.name()),
            );
            return Vec::new();
        }
        let (after, next) = self.with_view(self.view, |screen, ctx| screen.apply_filter(text, ctx));
        let mut commands = self.after(after);
        commands.extend(self.then(next));
        commands
    }
}
