//! The tasks of one queue, by state, newest first; long lists are fetched page by page.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row};

use super::{id_width, panel, position, short_id, state_style, table, theme};
use crate::app::App;
use crate::format::{ago, count, one_line};
use crate::model::TaskState;

pub(super) fn render(app: &App, frame: &mut Frame<'_>, area: Rect) {
    let queue = app.tasks.queue.clone().unwrap_or_default();
    let mut title = format!(" tasks · {queue} ");
    if let Some(h) = &app.tasks.handler {
        title = format!(" tasks · {queue} · handler:{h} ");
    }
    let block = panel(title, position(app.tasks.cursor, app.tasks.rows.len()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [tabs_area, list_area] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);

    let summary = app.tasks_queue();
    let short = area.width < 110;
    let mut tabs = Vec::new();
    for (i, state) in TaskState::TABS.iter().enumerate() {
        let name = match (state, short) {
            (None, _) => "all",
            (Some(TaskState::Pending), true) => "pend",
            (Some(TaskState::Scheduled), true) => "sched",
            (Some(TaskState::Running), true) => "run",
            (Some(TaskState::Retrying), true) => "retry",
            (Some(TaskState::Succeeded), true) => "ok",
            (Some(TaskState::Cancelled), true) => "canc",
            (Some(s), _) => s.name(),
        };
        let label = match summary {
            Some(q) => format!("{name} {}", count(q.count(*state))),
            None => name.to_string(),
        };
        if i > 0 {
            tabs.push(Span::styled("│", theme::dim()));
        }
        if i == app.tasks.tab {
            let label = format!("›{label}");
            tabs.push(Span::styled(
                label,
                theme::title().add_modifier(ratatui::style::Modifier::REVERSED),
            ));
        } else {
            tabs.push(Span::raw(label));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(tabs)), tabs_area);

    let idw = id_width(area);
    let widths = [
        Constraint::Length(idw),
        Constraint::Length(14),
        Constraint::Length(9),
        Constraint::Length(5),
        Constraint::Length(4),
        Constraint::Min(10),
    ];
    let now = app.now_ms;
    table(
        frame,
        list_area,
        ratatui::widgets::Block::new(),
        &["ID", "HANDLER", "STATE", "ATT", "AGE", "LAST ERROR"],
        &widths,
        app.tasks.rows.len(),
        app.tasks.cursor,
        if app.tasks.rows.total().is_some() {
            "no task in this state"
        } else {
            "loading…"
        },
        |i| {
            let t = app.tasks.rows.get(i)?;
            let state = t.state().name();
            let state_label = if t.cancel_requested {
                "cancelling"
            } else {
                state
            };
            Some(Row::new([
                Cell::from(short_id(&t.id, idw as usize)),
                Cell::from(one_line(&t.handler, 14)),
                Cell::from(Span::styled(state_label, state_style(state))),
                Cell::from(format!("{}/{}", t.attempts, t.max_retries + 1)),
                Cell::from(ago(now, t.updated_at_ms)),
                Cell::from(Span::styled(one_line(&t.last_error, 200), theme::bad())),
            ]))
        },
    );
}
