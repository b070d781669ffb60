//! The dead-letter queue: server-side filters, marks, and paging through any number of entries.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Row};

use super::{id_width, panel, position, short_id, table, theme};
use crate::app::App;
use crate::format::{ago, one_line, plural};

pub(super) fn render(app: &App, frame: &mut Frame<'_>, area: Rect) {
    let d = &app.dlq;
    let mut title = match d.rows.total() {
        Some(n) => format!(" dlq · {} ", plural(n as i64, "entry", "entries")),
        None => " dlq ".to_string(),
    };
    if !d.filter_text.is_empty() {
        title.push_str(&format!("· /{} ", d.filter_text));
    }
    if !d.marked.is_empty() {
        title.push_str(&format!("· {} marked ", d.marked.len()));
    }
    let idw = id_width(area);
    let widths = [
        Constraint::Length(1),
        Constraint::Length(idw),
        Constraint::Length(10),
        Constraint::Length(12),
        Constraint::Length(3),
        Constraint::Length(11),
        Constraint::Length(4),
        Constraint::Min(10),
    ];
    let now = app.now_ms;
    table(
        frame,
        area,
        panel(title, position(d.cursor, d.rows.len())),
        &[
            "",
            "ID",
            "QUEUE",
            "HANDLER",
            "ATT",
            "REASON",
            "AGE",
            "LAST ERROR",
        ],
        &widths,
        d.rows.len(),
        d.cursor,
        if d.rows.total().is_some() {
            if d.filter.is_empty() {
                "the DLQ is empty"
            } else {
                "no DLQ entry matches the filter"
            }
        } else {
            "loading…"
        },
        |i| {
            let e = d.rows.get(i)?;
            let mark = if d.marked.contains(&e.id) { "●" } else { " " };
            Some(Row::new([
                Cell::from(Span::styled(mark, theme::warn())),
                Cell::from(short_id(&e.id, idw as usize)),
                Cell::from(one_line(&e.queue, 10)),
                Cell::from(one_line(&e.handler, 12)),
                Cell::from(e.attempts.to_string()),
                Cell::from(one_line(&e.reason, 11)),
                Cell::from(ago(now, e.failed_at_ms)),
                Cell::from(Span::styled(one_line(&e.last_error, 200), theme::bad())),
            ]))
        },
    );
}
