//! The live event stream, newest at the bottom, filterable by kind, queue and text.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{panel, position, theme};
use crate::app::App;
use crate::format::clock;
use crate::model::EventKind;

pub(super) fn render(app: &App, frame: &mut Frame<'_>, area: Rect) {
    let events = app.visible_events();
    let mut title = format!(
        " events{} ",
        if app.events.follow {
            " · following"
        } else {
            ""
        }
    );
    if !app.events.filter.is_empty() {
        title.push_str(&format!("· /{} ", app.events.filter));
    }
    let block = panel(title, position(app.events.cursor, events.len()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if events.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled(
                if app.events.list.is_empty() {
                    "no event yet; they appear here as they happen"
                } else {
                    "no event matches the filter"
                },
                theme::dim(),
            )),
            inner,
        );
        return;
    }
    let lines: Vec<Line<'_>> = app
        .events
        .cursor
        .window(events.len(), inner.height as usize)
        .map(|i| {
            let e = events[i];
            let style = match e.kind {
                EventKind::Dlq | EventKind::Stuck => theme::bad(),
                EventKind::Queue | EventKind::Dequeue => theme::warn(),
                EventKind::Audit => theme::title(),
                _ => Default::default(),
            };
            let line = Line::from(vec![
                Span::styled(format!("{} ", clock(e.at_ms)), theme::dim()),
                Span::styled(format!("{:<8} ", e.kind.name()), style),
                Span::raw(e.text.clone()),
            ]);
            if i == app.events.cursor.selected && !app.events.follow {
                line.style(theme::selected())
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
