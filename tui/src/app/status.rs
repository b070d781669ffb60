//! The status line's message: what happened, how it went, and for how long it stays.

use crate::app::App;

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

impl Status {
    pub(crate) fn new(level: Level, text: impl Into<String>, now_ms: i64) -> Self {
        Self {
            text: text.into(),
            level,
            at_ms: now_ms,
        }
    }

    /// Errors stay longer: they are what the operator has to read.
    fn expired(&self, now_ms: i64) -> bool {
        let keep_ms = if self.level == Level::Error {
            15_000
        } else {
            6_000
        };
        now_ms - self.at_ms > keep_ms
    }
}

impl App {
    pub(crate) fn say(&mut self, level: Level, text: impl Into<String>) {
        self.status = Some(Status::new(level, text, self.now_ms));
    }

    pub(crate) fn expire_status(&mut self) {
        if self.status.as_ref().is_some_and(|s| s.expired(self.now_ms)) {
            self.status = None;
        }
    }
}
