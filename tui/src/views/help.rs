//! The help popup (every key of the current view, actions only when allowed) and the
//! confirmation popup.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{centered, panel, popup, theme, view_keys};
use crate::action::View;
use crate::app::{App, Confirmation};

pub(super) fn render_help(app: &App, frame: &mut Frame<'_>, body: Rect) {
    let mut lines = vec![Line::from(Span::styled(
        format!("{} view", app.view.name()),
        theme::title(),
    ))];
    let key = |k: &str, what: &str| {
        Line::from(vec![
            Span::styled(format!("  {k:<14}"), theme::title()),
            Span::raw(what.to_string()),
        ])
    };
    for (k, what, _) in view_keys(app) {
        lines.push(key(k, what));
    }
    if app.view == View::Tasks {
        lines.push(key("h/l", "previous/next state"));
    }
    if app.view != View::Overview {
        lines.push(key(
            "/",
            match app.view {
                View::Dlq => "filter: queue:Q handler:H, text over id, handler, error",
                View::Tasks => "filter by handler (handler:NAME)",
                View::Audit => "filter: action:X actor:X target:X and text",
                View::Events => "filter: kind:KIND queue:NAME and text",
                _ => "filter by text",
            },
        ));
    }
    if !app.can_act() {
        lines.push(Line::from(Span::styled(
            format!(
                "  actions are hidden: {}",
                if app.opts.readonly {
                    "--readonly".to_string()
                } else {
                    format!("the {} role cannot change anything", app.opts.role.name())
                }
            ),
            theme::warn(),
        )));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled("everywhere", theme::title())));
    for (k, what) in [
        ("j/k PgDn/PgUp", "move, page"),
        ("g/G", "first, last"),
        (
            "Enter/Esc",
            "open / back (close, clear the filter, previous view)",
        ),
        ("Tab 1-7", "next view, view by number"),
        (
            ":",
            ":queues :tasks QUEUE [STATE] :dlq [FILTER] … (Tab completes)",
        ),
        ("r", "refresh now"),
        ("q Ctrl-C", "quit"),
    ] {
        lines.push(key(k, what));
    }
    let height = lines.len() as u16 + 2;
    let area = centered(body, 86, height);
    let inner = popup(frame, area, panel(" help · Esc closes ", None));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

pub(super) fn render_confirm(c: &Confirmation, frame: &mut Frame<'_>, body: Rect) {
    let mut lines = vec![
        Line::from(Span::styled(
            c.title.clone(),
            theme::warn().add_modifier(ratatui::style::Modifier::BOLD),
        )),
        Line::default(),
    ];
    lines.extend(c.lines.iter().map(|l| Line::raw(l.clone())));
    lines.push(Line::default());
    lines.push(Line::from(vec![
        Span::styled(
            " y ",
            theme::bad().add_modifier(ratatui::style::Modifier::REVERSED),
        ),
        Span::raw(" confirm    "),
        Span::styled(
            " n ",
            theme::title().add_modifier(ratatui::style::Modifier::REVERSED),
        ),
        Span::raw(" or Esc: cancel, nothing changes"),
    ]));
    let width = 72.min(body.width);
    // Wrapped lines need more rows than there are lines; leave room for them.
    let wrapped: u16 = lines
        .iter()
        .map(|l| {
            (l.width() as u16)
                .div_ceil(width.saturating_sub(2).max(1))
                .max(1)
        })
        .sum();
    let area = centered(body, width, wrapped + 2);
    let inner = popup(frame, area, panel(" confirm ", None));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
