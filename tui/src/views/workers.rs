//! Workers with their heartbeats and load, and the stuck tasks of the last day by handler.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Row};

use super::{panel, position, state_style, table, theme};
use crate::app::App;
use crate::format::{ago, count, one_line};
use crate::layout;

pub(super) fn render(app: &App, frame: &mut Frame<'_>, area: Rect) {
    let (list_area, stuck_area) = layout::workers_split(area);
    let workers = app.visible_workers();
    let now = app.now_ms;
    let wide = area.width >= 110;
    let mut header = vec!["ID", "HOST", "PID", "STATE", "BUSY", "BEAT", "RECYCLES"];
    let mut widths = vec![
        Constraint::Min(14),
        Constraint::Length(14),
        Constraint::Length(7),
        Constraint::Length(8),
        Constraint::Length(7),
        Constraint::Length(5),
        Constraint::Length(8),
    ];
    if wide {
        header.extend(["VERSION", "HANDLERS"]);
        widths.extend([Constraint::Length(8), Constraint::Min(10)]);
    }
    let title = if app.workers.filter.is_empty() {
        " workers ".to_string()
    } else {
        format!(" workers · /{} ", app.workers.filter)
    };
    table(
        frame,
        list_area,
        panel(title, position(app.workers.cursor, workers.len())),
        &header,
        &widths,
        workers.len(),
        app.workers.cursor,
        if app.workers.loaded {
            "no worker is registered"
        } else {
            "loading…"
        },
        |i| {
            let w = workers.get(i)?;
            let state = if w.recycle_reason.is_empty() {
                w.state.clone()
            } else {
                "recycling".to_string()
            };
            let mut cells = vec![
                Cell::from(w.id.clone()),
                Cell::from(one_line(&w.host, 14)),
                Cell::from(w.pid.to_string()),
                Cell::from(Span::styled(state.clone(), state_style(&state))),
                Cell::from(format!("{}/{}", w.in_flight, w.concurrency)),
                Cell::from(ago(now, w.last_heartbeat_ms)),
                Cell::from(w.recycles.to_string()),
            ];
            if wide {
                cells.extend([
                    Cell::from(w.version.clone()),
                    Cell::from(w.handlers.join(",")),
                ]);
            }
            Some(Row::new(cells))
        },
    );
    if let Some(stuck_area) = stuck_area {
        let stuck = &app.workers.stuck;
        table(
            frame,
            stuck_area,
            panel(" stuck tasks · last 24h ", None),
            &["HANDLER", "STUCK", "LAST"],
            &[
                Constraint::Min(14),
                Constraint::Length(8),
                Constraint::Length(6),
            ],
            stuck.len(),
            // Not navigable: no row is selected.
            crate::list::Cursor {
                selected: usize::MAX,
                offset: 0,
            },
            "no stuck task in the last 24 hours",
            |i| {
                let s = stuck.get(i)?;
                Some(Row::new([
                    Cell::from(s.handler.clone()),
                    Cell::from(Span::styled(count(s.count), theme::bad())),
                    Cell::from(ago(now, s.last_at_ms)),
                ]))
            },
        );
    }
}
