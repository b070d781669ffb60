//! Changes on the server: an intent is checked against the role, asked about (through the
//! view's confirmation or prompt), confirmed, run; a bulk replay shows its progress and can be
//! stopped between batches.

use crate::action::{Command, Intent, Op};
use crate::app::{App, Level, Mode};
use crate::format::count;
use crate::views::View;

/// A value the next confirmation needs, asked by the view on screen.
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

/// A bulk replay in progress.
#[derive(Debug, Clone, PartialEq)]
pub struct Bulk {
    pub label: String,
    pub done: u64,
    pub total: u64,
    pub stopping: bool,
}

impl App {
    pub(super) fn ask(&mut self, intent: Intent) -> Vec<Command> {
        if let Some(why) = self.refusal(intent) {
            self.say(Level::Error, why);
            return Vec::new();
        }
        if self.bulk.is_some() {
            self.say(Level::Error, "a replay is running; Esc stops it");
            return Vec::new();
        }
        let ((), next) = self.with_view(self.view, |screen, ctx| screen.ask(intent, ctx));
        self.then(next)
    }

    pub(super) fn prompted(&mut self, kind: Prompt, text: &str) -> Vec<Command> {
        let ((), next) = self.with_view(self.view, |screen, ctx| screen.prompted(kind, text, ctx));
        self.then(next)
    }

    /// The answer to the open confirmation.
    pub(super) fn answer(&mut self, yes: bool) -> Vec<Command> {
        if let Mode::Confirm(confirmation) = std::mem::replace(&mut self.mode, Mode::Normal) {
            if yes {
                return self.run(confirmation.op);
            }
            self.say(Level::Info, "cancelled; nothing was changed");
        }
        Vec::new()
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
            Op::DeleteIds { ids } => {
                Some((format!("deleting {} entries", ids.len()), ids.len() as u64))
            }
            Op::DeleteMatching { total, .. } => {
                Some((format!("deleting {} entries", count(*total as i64)), *total))
            }
            Op::ReplayMatching { total, .. } => Some((
                format!("replaying {} entries", count(*total as i64)),
                *total,
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

    pub(super) fn stop_bulk(&mut self) -> Vec<Command> {
        if let Some(bulk) = &mut self.bulk {
            bulk.stopping = true;
            self.say(Level::Info, "stopping after the current batch");
            return vec![Command::StopBulk];
        }
        Vec::new()
    }

    pub(super) fn progress(&mut self, done: u64, total: u64) {
        if let Some(bulk) = &mut self.bulk {
            bulk.done = done;
            bulk.total = total;
        }
    }

    /// A change finished: say how it went, let the views forget what was selected for it, and
    /// fetch everything again.
    pub(super) fn done(&mut self, ok: bool, message: String) -> Vec<Command> {
        self.bulk = None;
        self.say(if ok { Level::Ok } else { Level::Error }, message);
        for view in View::ALL {
            self.views.get_mut(*view).done();
        }
        self.refresh_all()
    }
}
