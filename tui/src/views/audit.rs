//! Recent audit entries: who did what to which target, and how it ended.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Row};

use super::{panel, position, table, theme};
use crate::app::App;
use crate::format::{clock, one_line};

pub(super) fn render(app: &App, frame: &mut Frame<'_>, area: Rect) {
    let entries = app.visible_audit();
    let mut title = " audit · newest first ".to_string();
    if !app.audit.filter_text.is_empty() {
        title.push_str(&format!("· /{} ", app.audit.filter_text));
    }
    let empty = if !app.can_read_audit() {
        "the audit log is shown to operators and admins"
    } else if !app.audit.loaded {
        "loading…"
    } else if app.audit.list.is_empty() {
        "no audit entry"
    } else {
        "no audit entry matches the filter"
    };
    table(
        frame,
        area,
        panel(title, position(app.audit.cursor, entries.len())),
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
        app.audit.cursor,
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
