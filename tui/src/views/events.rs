//! The live event stream, newest at the bottom, filterable by kind, queue and text as typed;
//! it follows the newest event until the selection moves up. Enter lists the event's queue's
//! tasks.

use std::collections::VecDeque;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use worker_proto::events;

use super::{KeyHint, Screen, panel, position, theme};
use crate::action::{Action, Command};
use crate::app::{After, App, Ctx, Level};
use crate::filter;
use crate::format::clock;
use crate::list::Cursor;
use crate::model::{Event, EventKind};

/// Events kept for the events view.
pub const EVENTS_KEPT: usize = 5_000;

#[derive(Debug)]
pub struct EventsState {
    pub list: VecDeque<Event>,
    pub cursor: Cursor,
    /// Keep the newest event selected as events arrive.
    pub follow: bool,
    pub filter: String,
}

impl Default for EventsState {
    fn default() -> Self {
        Self {
            list: VecDeque::new(),
            cursor: Cursor::default(),
            follow: true,
            filter: String::new(),
        }
    }
}

impl EventsState {
    /// The events that match the filter, oldest first.
    pub fn visible(&self) -> Vec<&Event> {
        let Ok(parsed) = filter::parse(&self.filter, &["kind", "queue"]) else {
            return self.list.iter().collect();
        };
        let kind = parsed.keys.get("kind");
        let queue = parsed.keys.get("queue");
        self.list
            .iter()
            .filter(|e| kind.is_none_or(|k| kind_matches(e, k)))
            .filter(|e| queue.is_none_or(|q| e.queue.as_deref() == Some(q.as_str())))
            .filter(|e| filter::matches(&parsed.text, &[&e.text, e.kind.name(), e.stream.name()]))
            .collect()
    }

    /// Appends what the stream brought, keeping the newest [`EVENTS_KEPT`].
    fn push(&mut self, events: Vec<Event>) {
        self.list.extend(events);
        let excess = self.list.len().saturating_sub(EVENTS_KEPT);
        if excess > 0 {
            self.list.drain(..excess);
            let c = &mut self.cursor;
            c.selected = c.selected.saturating_sub(excess);
            c.offset = c.offset.saturating_sub(excess);
        }
    }
}

impl Screen for EventsState {
    fn list_rows(&self, body: Rect) -> usize {
        // A border and no table header.
        body.height.saturating_sub(2) as usize
    }

    fn len(&self, _app: &App) -> usize {
        self.visible().len()
    }

    fn cursor_mut(&mut self) -> Option<&mut Cursor> {
        Some(&mut self.cursor)
    }

    fn shift(&mut self, delta: isize, len: usize, rows: usize) {
        // Moving away from the end stops following; reaching it follows again.
        self.follow = delta > 0 && self.cursor.selected as isize + delta >= len as isize - 1;
        self.cursor.shift(delta, len, rows);
    }

    fn follow(&mut self, len: usize, rows: usize) {
        if self.follow {
            self.cursor.bottom(len, rows);
        } else {
            self.cursor.follow(len, rows);
        }
    }

    fn receive(&mut self, action: Action, ctx: &mut Ctx<'_>) -> Result<After, Action> {
        match action {
            Action::Events(events) => {
                self.push(events);
                Ok(if ctx.current {
                    After::Refit
                } else {
                    After::Nothing
                })
            }
            other => Err(other),
        }
    }

    fn keys(&self, _app: &App) -> Vec<KeyHint> {
        vec![("Enter", "queue's tasks", None), ("G", "follow", None)]
    }

    fn open(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let queue = self
            .visible()
            .get(self.cursor.selected)
            .and_then(|e| e.queue.clone());
        if let Some(queue) = queue
            && ctx.known_queue(&queue)
        {
            ctx.then(Action::ShowTasks { queue, state: None });
        }
        Vec::new()
    }

    fn filter_text(&self) -> &str {
        &self.filter
    }

    fn filter_help(&self) -> Option<&'static str> {
        Some("filter: kind:KIND queue:NAME and text")
    }

    fn filter_hint(&self) -> &'static str {
        "kind:dlq_changed|task_summary|queue_changed|worker_joined|… queue:NAME text"
    }

    fn live_filter(&self) -> bool {
        true
    }

    fn apply_filter(&mut self, text: String, ctx: &mut Ctx<'_>) -> After {
        let parsed = match filter::parse(&text, &["kind", "queue"]) {
            Ok(parsed) => parsed,
            Err(e) => {
                ctx.say(Level::Error, e);
                return After::Nothing;
            }
        };
        // An unknown kind matches nothing, as typed, and the status line lists the kinds.
        if let Some(kind) = parsed.keys.get("kind")
            && !known_kind(kind)
        {
            ctx.say(Level::Error, unknown_kind(kind));
        }
        self.filter = text;
        After::RefitAndFetch
    }

    fn render(&self, app: &App, frame: &mut Frame<'_>, area: Rect) {
        render(app, frame, area);
    }
}

fn render(app: &App, frame: &mut Frame<'_>, area: Rect) {
    let view = &app.views.events;
    let events = view.visible();
    let mut title = format!(" events{} ", if view.follow { " · following" } else { "" });
    if !view.filter.is_empty() {
        title.push_str(&format!("· /{} ", view.filter));
    }
    let block = panel(title, position(view.cursor, events.len()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if events.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled(
                if view.list.is_empty() {
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
    let lines: Vec<Line<'_>> = view
        .cursor
        .window(events.len(), inner.height as usize)
        .map(|i| {
            let e = events[i];
            let style = match e.kind {
                EventKind::Dlq | EventKind::Stuck | EventKind::Alert => theme::bad(),
                EventKind::Queue | EventKind::Dequeue => theme::warn(),
                EventKind::Audit => theme::title(),
                _ => Default::default(),
            };
            let line = Line::from(vec![
                Span::styled(format!("{} ", clock(e.at_ms)), theme::dim()),
                Span::styled(format!("{:<8} ", e.kind.name()), style),
                Span::raw(e.text.clone()),
            ]);
            if i == view.cursor.selected && !view.follow {
                line.style(theme::selected())
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Whether `kind:NAME` takes this event: the stream's kind by its gRPC name (`dlq_changed`) or
/// its SSE name (`audit_event`), or the dashboard's grouping as a short alias (`dlq`, `worker`).
fn kind_matches(e: &Event, name: &str) -> bool {
    e.stream.name() == name || e.stream.sse_name() == name || e.kind.name() == name
}

fn known_kind(name: &str) -> bool {
    events::EventKind::parse(name).is_some()
        || events::EventKind::parse_sse(name).is_some()
        || EventKind::ALL.iter().any(|k| k.name() == name)
}

fn unknown_kind(name: &str) -> String {
    let listed: Vec<&str> = events::EventKind::ALL
        .iter()
        .filter(|k| EventKind::of(**k).is_some())
        .map(|k| k.name())
        .collect();
    format!(
        "unknown event kind {:?}: kinds are {} (or the short {})",
        name.chars().take(40).collect::<String>(),
        listed.join(", "),
        EventKind::ALL
            .iter()
            .map(|k| k.name())
            .collect::<Vec<_>>()
            .join(", ")
    )
}
