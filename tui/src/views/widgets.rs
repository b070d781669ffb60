//! Pieces every view draws with: the theme, bordered panels with a position, tables that build
//! only the rows on screen, popups, and the short forms of ids and states.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::{Color, Modifier, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Cell, Clear, HighlightSpacing, Padding, Paragraph, Row, Table, TableState,
};

use crate::format::count;
use crate::list::Cursor;

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
