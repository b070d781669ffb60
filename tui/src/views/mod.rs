//! Drawing: a pure function from `App` to a frame. One module per view; the header, status
//! line, key hints, tables and popups shared by all of them live here. No I/O, no waiting.

mod audit;
mod detail;
mod dlq;
mod events;
mod help;
mod overview;
mod queues;
mod tasks;
mod workers;

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Flex, Layout, Rect};
use ratatui::style::{Color, Modifier, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Cell, Clear, HighlightSpacing, Padding, Paragraph, Row, Table, TableState,
};

use crate::action::{Intent, Link, View};
use crate::app::{App, Level, Mode};
use crate::format::count;
use crate::layout;
use crate::list::Cursor;

/// Draws the whole screen.
pub fn render(app: &App, frame: &mut Frame<'_>) {
    let areas = layout::areas(frame.area());
    header(app, frame, areas.header);
    match app.view {
        View::Overview => overview::render(app, frame, areas.body),
        View::Queues => queues::render(app, frame, areas.body),
        View::Tasks => tasks::render(app, frame, areas.body),
        View::Dlq => dlq::render(app, frame, areas.body),
        View::Workers => workers::render(app, frame, areas.body),
        View::Events => events::render(app, frame, areas.body),
        View::Audit => audit::render(app, frame, areas.body),
    }
    status(app, frame, areas.status);
    keys(app, frame, areas.keys);
    if let Some(d) = &app.detail {
        detail::render(app, d, frame, areas.body);
    }
    match &app.mode {
        Mode::Help => help::render_help(app, frame, areas.body),
        Mode::Confirm(c) => help::render_confirm(c, frame, areas.body),
        _ => {}
    }
}

pub(crate) mod theme {
    use ratatui::style::{Color, Modifier, Style};

    pub(crate) const ACCENT: Color = Color::Cyan;
    pub(crate) fn dim() -> Style {
        Style::new().fg(Color::DarkGray)
    }
    pub(crate) fn selected() -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    pub(crate) fn bad() -> Style {
        Style::new().fg(Color::Red)
    }
    pub(crate) fn good() -> Style {
        Style::new().fg(Color::Green)
    }
    pub(crate) fn warn() -> Style {
        Style::new().fg(Color::Yellow)
    }
    pub(crate) fn title() -> Style {
        Style::new().fg(ACCENT).add_modifier(Modifier::BOLD)
    }
}

fn header(app: &App, frame: &mut Frame<'_>, area: Rect) {
    let (dot, word, style) = match &app.link {
        Link::Connected => ("●", "live", theme::good()),
        Link::Connecting => ("○", "connecting", theme::warn()),
        Link::Disconnected { .. } => ("●", "disconnected", theme::bad()),
    };
    let mut left = Vec::new();
    if area.width >= 100 {
        left.push(Span::styled(" worker", theme::title()));
    }
    left.push(Span::styled(format!(" {dot} {word} "), style));
    left.push(Span::raw(format!(
        "{}·{}",
        app.opts.identity,
        app.opts.role.name()
    )));
    if !app.can_act() {
        left.push(Span::styled(" read-only", theme::warn()));
    }
    if area.width >= 110 {
        left.push(Span::styled(format!(" {}", app.opts.server), theme::dim()));
    }
    let left = Line::from(left);
    let tab_line = |compact: bool| {
        let mut tabs = Vec::new();
        for (i, v) in View::ALL.iter().enumerate() {
            if i > 0 {
                tabs.push(Span::raw(" "));
            }
            let current = *v == app.view;
            let label = if area.width >= 100 {
                format!("{}:{}", i + 1, v.name())
            } else if compact && !current {
                format!("{}", i + 1)
            } else {
                v.name().to_string()
            };
            if current {
                tabs.push(Span::styled(
                    label,
                    theme::title().add_modifier(Modifier::REVERSED),
                ));
            } else {
                tabs.push(Span::styled(label, theme::dim()));
            }
        }
        tabs.push(Span::raw(" "));
        Line::from(tabs)
    };
    // Names for every view when they fit beside the connection; numbers for the others when not.
    let mut tabs = tab_line(false);
    if left.width() + tabs.width() + 1 > area.width as usize {
        tabs = tab_line(true);
    }
    let [l, r] = Layout::horizontal([Constraint::Min(0), Constraint::Length(tabs.width() as u16)])
        .areas(area);
    frame.render_widget(Paragraph::new(left), l);
    frame.render_widget(Paragraph::new(tabs).alignment(Alignment::Right), r);
}

fn status(app: &App, frame: &mut Frame<'_>, area: Rect) {
    let line = match &app.mode {
        Mode::Command(text) => {
            let suggestions = app.completions(text);
            let mut spans = vec![
                Span::styled(":", theme::title()),
                Span::raw(text.clone()),
                cursor_span(),
            ];
            if !suggestions.is_empty() && !text.ends_with(' ') || text.starts_with("tasks ") {
                let shown: Vec<String> = suggestions.iter().take(8).cloned().collect();
                spans.push(Span::styled(
                    format!("   {}", shown.join(" ")),
                    theme::dim(),
                ));
            }
            Line::from(spans)
        }
        Mode::Filter { text, .. } => Line::from(vec![
            Span::styled("/", theme::title()),
            Span::raw(text.clone()),
            cursor_span(),
            Span::styled(format!("   {}", filter_hint(app.view)), theme::dim()),
        ]),
        Mode::Prompt { kind, text } => {
            let question = match kind {
                crate::app::Prompt::Weight { queue, current } => {
                    format!("weight of {queue} (now {current}; 1-1000, empty resets): ")
                }
                crate::app::Prompt::ReplayN => format!(
                    "replay how many of the oldest {} entries? ",
                    count(app.dlq.rows.len() as i64)
                ),
            };
            Line::from(vec![
                Span::styled(question, theme::title()),
                Span::raw(text.clone()),
                cursor_span(),
            ])
        }
        _ => {
            if let Some(bulk) = &app.bulk {
                let pct = (bulk.done * 100).checked_div(bulk.total).unwrap_or(0);
                Line::from(vec![
                    Span::styled(format!("{} ", bulk.label), theme::title()),
                    Span::raw(format!(
                        "{} / {} ({pct}%)",
                        count(bulk.done as i64),
                        count(bulk.total as i64)
                    )),
                    Span::styled(
                        if bulk.stopping {
                            "  stopping after this batch…"
                        } else {
                            "  Esc stops after the current batch"
                        },
                        theme::dim(),
                    ),
                ])
            } else if let Some(s) = &app.status {
                let style = match s.level {
                    Level::Info => Style::new(),
                    Level::Ok => theme::good(),
                    Level::Error => theme::bad(),
                };
                Line::from(Span::styled(s.text.clone(), style))
            } else if let Link::Disconnected {
                reason,
                retry_in_ms,
                attempt,
            } = &app.link
            {
                Line::from(Span::styled(
                    format!(
                        "disconnected: {reason}; retrying in {}s (attempt {attempt})",
                        retry_in_ms.div_ceil(1000)
                    ),
                    theme::bad(),
                ))
            } else {
                Line::default()
            }
        }
    };
    frame.render_widget(Paragraph::new(line), area);
}

fn cursor_span() -> Span<'static> {
    Span::styled("▏", theme::title())
}

fn filter_hint(view: View) -> &'static str {
    match view {
        View::Dlq => "queue:NAME handler:NAME text · Enter applies · Esc cancels",
        View::Tasks => "handler:NAME · Enter applies · Esc cancels",
        View::Audit => "action:X actor:X target:X text · Enter applies",
        View::Events => "kind:queue|tasks|dlq|worker|stuck|audit queue:NAME text",
        _ => "text · Enter keeps · Esc cancels",
    }
}

/// The keys worth showing at the bottom: the view's actions first (only those allowed).
pub(crate) fn view_keys(app: &App) -> Vec<(&'static str, &'static str, Option<Intent>)> {
    let mut keys: Vec<(&'static str, &'static str, Option<Intent>)> = match app.view {
        View::Overview => vec![
            ("P", "pause/resume dequeue", Some(Intent::PauseDequeue)),
            ("Enter", "queues", None),
        ],
        View::Queues => vec![
            ("Enter", "tasks", None),
            ("P", "pause/resume", Some(Intent::PauseQueue)),
            ("W", "weight", Some(Intent::Weight)),
        ],
        View::Tasks => vec![
            ("←/→", "state", None),
            ("Enter", "detail", None),
            ("C", "cancel", Some(Intent::Cancel)),
            ("R", "retry", Some(Intent::Retry)),
        ],
        View::Dlq => vec![
            ("Enter", "detail", None),
            ("Space", "mark", Some(Intent::ReplaySelected)),
            ("R", "replay", Some(Intent::ReplaySelected)),
            ("N", "replay N", Some(Intent::ReplayN)),
            ("A", "replay all", Some(Intent::ReplayAll)),
        ],
        View::Workers => vec![
            ("Enter", "detail", None),
            ("R", "recycle", Some(Intent::Recycle)),
        ],
        View::Events => vec![("Enter", "queue's tasks", None), ("G", "follow", None)],
        View::Audit => vec![("Enter", "detail", None)],
    };
    keys.retain(|(_, _, intent)| intent.is_none_or(|i| app.refusal(i).is_none()));
    keys
}

fn keys(app: &App, frame: &mut Frame<'_>, area: Rect) {
    let mut spans = Vec::new();
    let mut push = |key: &str, what: &str| {
        spans.push(Span::styled(format!(" {key}"), theme::title()));
        spans.push(Span::styled(format!(" {what}"), theme::dim()));
    };
    if app.detail.is_some() {
        for (k, w, _) in detail::keys(app) {
            push(k, w);
        }
        push("Esc", "back");
    } else {
        for (k, w, _) in view_keys(app) {
            push(k, w);
        }
        if app.view != View::Overview {
            push("/", "filter");
        }
        push(":", "cmd");
        push("?", "help");
        push("q", "quit");
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// A bordered block with a title on the left and, optionally, a position on the right.
pub(crate) fn panel<'a>(title: impl Into<Line<'a>>, position: Option<String>) -> Block<'a> {
    let mut block = Block::bordered()
        .padding(Padding::horizontal(1))
        .border_style(theme::dim())
        .title(title.into().style(theme::title()));
    if let Some(p) = position {
        block = block.title_bottom(Line::from(p).right_aligned().style(theme::dim()));
    }
    block
}

/// `3/10,000` for the block's bottom border.
pub(crate) fn position(cursor: Cursor, len: usize) -> Option<String> {
    (len > 0).then(|| {
        format!(
            " {}/{} ",
            count(cursor.selected as i64 + 1),
            count(len as i64)
        )
    })
}

/// A table that builds only the rows on screen. `row(i)` gives row `i`, or `None` while its
/// page is loading.
#[allow(
    clippy::too_many_arguments,
    reason = "one call shape for every list view"
)]
pub(crate) fn table<'a>(
    frame: &mut Frame<'_>,
    area: Rect,
    block: Block<'a>,
    header: &[&'a str],
    widths: &[Constraint],
    len: usize,
    cursor: Cursor,
    empty: &'a str,
    row: impl Fn(usize) -> Option<Row<'a>>,
) {
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let height = inner.height.saturating_sub(1) as usize;
    let head = Row::new(header.iter().map(|h| Cell::from(*h)))
        .style(Style::new().fg(Color::Gray).add_modifier(Modifier::BOLD));
    if len == 0 {
        let [h, rest] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
        frame.render_widget(
            Table::new(Vec::<Row<'_>>::new(), widths.to_vec())
                .header(head)
                .column_spacing(1)
                .highlight_symbol("›")
                .highlight_spacing(HighlightSpacing::Always),
            h,
        );
        frame.render_widget(Paragraph::new(Span::styled(empty, theme::dim())), rest);
        return;
    }
    let window = cursor.window(len, height);
    let first = window.start;
    let rows: Vec<Row<'a>> = window
        .map(|i| {
            row(i).unwrap_or_else(|| Row::new([Cell::from(Span::styled("loading…", theme::dim()))]))
        })
        .collect();
    // Only the rows on screen are built, so the selection is relative to the first of them.
    // The pointer column shows it without colour too (NO_COLOR, monochrome terminals).
    let mut state = TableState::default().with_selected(
        cursor
            .selected
            .checked_sub(first)
            .filter(|_| cursor.selected < len),
    );
    frame.render_stateful_widget(
        Table::new(rows, widths.to_vec())
            .header(head)
            .column_spacing(1)
            .highlight_symbol("›")
            .highlight_spacing(HighlightSpacing::Always)
            .row_highlight_style(theme::selected()),
        inner,
        &mut state,
    );
}

/// A centered rectangle of at most `width`×`height` inside `area`.
pub(crate) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [h] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(v);
    h
}

/// Clears `area` and draws `block` there; returns the inside.
pub(crate) fn popup(frame: &mut Frame<'_>, area: Rect, block: Block<'_>) -> Rect {
    frame.render_widget(Clear, area);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

/// `…` + the tail of an id when the column is narrow: UUIDv7s share their leading
/// (time) digits, so the tail is what tells them apart.
pub(crate) fn short_id(id: &str, width: usize) -> String {
    let n = id.chars().count();
    if n <= width || width < 2 {
        return id.to_string();
    }
    let tail: String = id.chars().skip(n - (width - 1)).collect();
    format!("…{tail}")
}

/// The width an id column gets on this terminal.
pub(crate) fn id_width(area: Rect) -> u16 {
    if area.width >= 160 { 36 } else { 13 }
}

pub(crate) fn state_style(state: &str) -> Style {
    match state {
        "dead" | "lost" => theme::bad(),
        "running" | "active" | "succeeded" => theme::good(),
        "retrying" | "draining" | "paused" | "scheduled" => theme::warn(),
        "cancelled" | "stopped" => theme::dim(),
        _ => Style::new(),
    }
}

pub(crate) fn bold(text: impl Into<String>) -> Span<'static> {
    Span::from(text.into()).bold()
}
