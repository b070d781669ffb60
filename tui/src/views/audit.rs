//! Recent audit entries: who did what to which target, and how it ended; filtered by the
//! server (action, actor, target) and here (text). Enter opens an entry.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row};

use super::detail::{self, kv, section, time_kv};
use super::{KeyHint, Screen, panel, position, table, theme};
use crate::action::{Action, Command};
use crate::app::{After, App, Ctx, Level};
use crate::filter;
use crate::format::{clock, one_line};
use crate::list::Cursor;
use crate::model::{AuditEntry, AuditFilter, Event, EventKind};

/// Audit entries fetched for the audit view.
pub const AUDIT_FETCHED: i32 = 500;

#[derive(Debug, Default)]
pub struct AuditState {
    pub list: Vec<AuditEntry>,
    pub loaded: bool,
    pub generation: u64,
    pub server: AuditFilter,
    pub filter_text: String,
    pub cursor: Cursor,
    pub detail: Option<AuditEntry>,
}

impl AuditState {
    /// The fetched entries that match the filter's text.
    pub fn visible(&self) -> Vec<&AuditEntry> {
        let text = filter::parse(&self.filter_text, &["action", "actor", "target"])
            .map(|p| p.text)
            .unwrap_or_default();
        self.list
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

    /// The audit log is for those the permission table lets read it; others' dashboards do not
    /// ask.
    fn fetch(&mut self, ctx: &Ctx<'_>) -> Option<Command> {
        if !ctx.opts.can_read_audit() {
            return None;
        }
        self.generation += 1;
        Some(Command::Audit {
            generation: self.generation,
            filter: self.server.clone(),
        })
    }
}

impl Screen for AuditState {
    fn len(&self, _app: &App) -> usize {
        self.visible().len()
    }

    fn cursor_mut(&mut self) -> Option<&mut Cursor> {
        Some(&mut self.cursor)
    }

    fn refresh(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        self.fetch(ctx).into_iter().collect()
    }

    fn receive(&mut self, action: Action, _ctx: &mut Ctx<'_>) -> Result<After, Action> {
        match action {
            Action::Audit {
                generation,
                entries,
            } => Ok(if generation == self.generation {
                self.list = entries;
                self.loaded = true;
                After::Refit
            } else {
                After::Nothing
            }),
            other => Err(other),
        }
    }

    fn stale_after(&self, events: &[Event]) -> bool {
        events.iter().any(|e| e.kind == EventKind::Audit)
    }

    fn keys(&self, _app: &App) -> Vec<KeyHint> {
        vec![("Enter", "detail", None)]
    }

    fn open(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        if let Some(entry) = self.visible().get(self.cursor.selected) {
            let entry = (*entry).clone();
            self.detail = Some(entry);
            ctx.opened_detail();
        }
        Vec::new()
    }

    fn filter_text(&self) -> &str {
        &self.filter_text
    }

    fn filter_help(&self) -> Option<&'static str> {
        Some("filter: action:X actor:X target:X and text")
    }

    fn filter_hint(&self) -> &'static str {
        "action:X actor:X target:X text · Enter applies"
    }

    fn apply_filter(&mut self, text: String, ctx: &mut Ctx<'_>) -> After {
        let parsed = match filter::parse(&text, &["action", "actor", "target"]) {
            Ok(p) => p,
            Err(e) => {
                ctx.say(Level::Error, e);
                return After::Nothing;
            }
        };
        let server = AuditFilter {
            action: parsed.keys.get("action").cloned(),
            actor: parsed.keys.get("actor").cloned(),
            target: parsed.keys.get("target").cloned(),
        };
        self.filter_text = text;
        self.cursor.top();
        if server != self.server {
            self.server = server;
            self.loaded = false;
            return After::Send(self.fetch(ctx).into_iter().collect());
        }
        After::RefitAndFetch
    }

    fn has_detail(&self) -> bool {
        self.detail.is_some()
    }

    fn close_detail(&mut self) -> bool {
        self.detail.take().is_some()
    }

    fn render_detail(&self, app: &App, frame: &mut Frame<'_>, body: Rect) {
        let Some(a) = &self.detail else {
            return;
        };
        let lines = vec![
            time_kv(app, "at", a.at_ms),
            kv("actor", format!("{} ({})", a.actor, a.role)),
            kv("action", a.action.clone()),
            kv("target", a.target.clone()),
            kv("status", a.status.clone()),
            kv("request id", a.request_id.clone()),
            Line::default(),
            section("detail"),
            Line::raw(a.detail.clone()),
        ];
        detail::show(app, frame, body, format!(" audit {} ", a.id), lines);
    }

    fn render(&self, app: &App, frame: &mut Frame<'_>, area: Rect) {
        render(app, frame, area);
    }
}

fn render(app: &App, frame: &mut Frame<'_>, area: Rect) {
    let view = &app.views.audit;
    let entries = view.visible();
    let mut title = " audit · newest first ".to_string();
    if !view.filter_text.is_empty() {
        title.push_str(&format!("· /{} ", view.filter_text));
    }
    let empty = if !app.can_read_audit() {
        "the audit log is shown to operators and admins"
    } else if !view.loaded {
        "loading…"
    } else if view.list.is_empty() {
        "no audit entry"
    } else {
        "no audit entry matches the filter"
    };
    table(
        frame,
        area,
        panel(title, position(view.cursor, entries.len())),
        &["TIME", "ACTOR", "ROLE", "ACTION", "TARGET", "STATUS"],
        &[
            Constraint::Length(8),
            Constraint::Length(14),
            Constraint::Length(8),
            Constraint::Length(18),
            Constraint::Min(10),
            Constraint::Length(9),
        ],
        entries.len(),
        view.cursor,
        empty,
        |i| {
            let a = entries.get(i)?;
            let style = if a.status == "ok" || a.status == "success" {
                theme::good()
            } else {
                theme::bad()
            };
            Some(Row::new([
                Cell::from(clock(a.at_ms)),
                Cell::from(one_line(&a.actor, 14)),
                Cell::from(a.role.clone()),
                Cell::from(one_line(&a.action, 18)),
                Cell::from(one_line(&a.target, 60)),
                Cell::from(Span::styled(a.status.clone(), style)),
            ]))
        },
    );
}
