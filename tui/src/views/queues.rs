//! The queues view: state, depth, weight and latency per queue.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Row};

use super::{panel, position, state_style, table, theme};
use crate::app::App;
use crate::format::{count, short_ms};

pub(super) fn render(app: &App, frame: &mut Frame<'_>, area: Rect) {
    let queues = app.visible_queues();
    let wide = area.width >= 110;
    let mut header = vec![
        "NAME", "STATE", "READY", "RUNNING", "SCHED", "RETRY", "DEAD", "WEIGHT", "LATENCY",
    ];
    let name_width = queues
        .iter()
        .map(|q| q.name.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(8, 40) as u16;
    let mut widths = vec![
        Constraint::Length(name_width),
        Constraint::Length(6),
        Constraint::Length(9),
        Constraint::Length(7),
        Constraint::Length(6),
        Constraint::Length(6),
        Constraint::Length(7),
        Constraint::Length(6),
        Constraint::Length(8),
    ];
    if wide {
        header.extend(["SUCCEEDED", "CANCELLED"]);
        widths.extend([Constraint::Length(10), Constraint::Length(9)]);
    }
    let title = if app.queues.filter.is_empty() {
        " queues ".to_string()
    } else {
        format!(" queues · /{} ", app.queues.filter)
    };
    table(
        frame,
        area,
        panel(title, position(app.queues.cursor, queues.len())),
        &header,
        &widths,
        queues.len(),
        app.queues.cursor,
        if app.overview.is_some() {
            "no queue matches"
        } else {
            "loading…"
        },
        |i| {
            let q = queues.get(i)?;
            let state = if q.paused { "paused" } else { "active" };
            let mut cells = vec![
                Cell::from(q.name.clone()),
                Cell::from(Span::styled(state, state_style(state))),
                Cell::from(count(q.ready)),
                Cell::from(count(q.running)),
                Cell::from(count(q.scheduled)),
                Cell::from(count(q.retrying)),
                Cell::from(Span::styled(
                    count(q.dead),
                    if q.dead > 0 {
                        theme::bad()
                    } else {
                        Default::default()
                    },
                )),
                Cell::from(if q.weight_overridden {
                    format!("{}*", q.weight)
                } else {
                    q.weight.to_string()
                }),
                Cell::from(short_ms(q.latency_ms)),
            ];
            if wide {
                cells.extend([
                    Cell::from(count(q.succeeded)),
                    Cell::from(count(q.cancelled)),
                ]);
            }
            Some(Row::new(cells))
        },
    );
}
