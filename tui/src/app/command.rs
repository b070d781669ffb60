//! The `:` command line: a view by name (with a filter, or the view's own arguments, as in
//! `:tasks QUEUE [STATE]`), `:help`, `:quit`; and its Tab completion.

use crate::action::Command;
use crate::app::{App, Level, Mode};
use crate::views::View;

/// Every command, views first in tab order.
fn commands() -> Vec<&'static str> {
    View::ALL
        .iter()
        .map(|v| v.name())
        .chain(["help", "quit"])
        .collect()
}

fn view_named(name: &str) -> Option<View> {
    View::ALL.iter().copied().find(|v| v.name() == name)
}

impl App {
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
                let takes_args = view_named(only).is_some_and(|v| self.views.get(v).takes_args());
                let tail = if head.is_empty() && takes_args {
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
            None => commands()
                .into_iter()
                .filter(|c| c.starts_with(text))
                .map(|c| c.to_string())
                .collect(),
            Some((name, args)) => view_named(name)
                .and_then(|v| self.views.get(v).complete_args(args, self))
                .unwrap_or_default(),
        }
    }

    /// Whether the arguments being typed complete (so their suggestions stay shown).
    pub(crate) fn completes_args(&self, text: &str) -> bool {
        text.split_once(' ').is_some_and(|(name, args)| {
            view_named(name).is_some_and(|v| self.views.get(v).complete_args(args, self).is_some())
        })
    }

    pub(super) fn command(&mut self, text: &str) -> Vec<Command> {
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
        let all = commands();
        let matches: Vec<&str> = all
            .iter()
            .copied()
            .filter(|c| c.starts_with(name))
            .collect();
        let name = match matches.as_slice() {
            [one] => *one,
            _ if all.contains(&name) => name,
            [] => {
                self.say(
                    Level::Error,
                    format!(
                        "unknown command :{name}; try {}",
                        all.iter()
                            .map(|c| format!(":{c}"))
                            .collect::<Vec<_>>()
                            .join(" ")
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
        if name == "help" {
            self.mode = Mode::Help;
            return Vec::new();
        }
        let view = view_named(name).unwrap_or(View::Overview);
        if !rest.is_empty() {
            let (handled, next) = self.with_view(view, |screen, ctx| screen.command(rest, ctx));
            if handled {
                return self.then(next);
            }
        }
        let mut commands = self.go(view);
        if !rest.is_empty() && self.view == view {
            commands.extend(self.apply_filter(rest.to_string()));
        }
        commands
    }
}
