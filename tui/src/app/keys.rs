//! What a key means here and now: answers to a confirmation, typing into a line, the help, and
//! in normal mode the keys of every view, then those of the detail or of the view on screen.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::action::{Action, InputKey};
use crate::app::{App, Mode};
use crate::views::View;

impl App {
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
        let screen = self.screen();
        let detail = screen.has_detail();
        let common = match key.code {
            KeyCode::Esc if self.bulk.is_some() && !detail => Some(Action::StopBulk),
            KeyCode::Esc => Some(Action::Back),
            KeyCode::Char('q') if detail => Some(Action::Back),
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
            KeyCode::Char(c) => by_number(c).map(Action::Go),
            _ => None,
        };
        if general.is_some() {
            return general;
        }
        if detail {
            return screen.detail_key(key.code);
        }
        match key.code {
            KeyCode::Char('/') => return Some(Action::StartFilter),
            KeyCode::Enter => return Some(Action::Open),
            _ => {}
        }
        if let Some(action) = screen.key(key.code) {
            return Some(action);
        }
        match key.code {
            KeyCode::Char(c) if c.is_ascii_uppercase() => Some(Action::Refused(format!(
                "{c} does nothing in the {} view; ? lists its keys",
                self.view.name()
            ))),
            _ => None,
        }
    }
}

/// `1` is the first view in tab order, `0` the tenth.
fn by_number(c: char) -> Option<View> {
    let n = c.to_digit(10)? as usize;
    View::ALL.get((n + 9) % 10).copied()
}
