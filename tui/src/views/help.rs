//! The help popup (every key of the current view, actions only when allowed) and the
//! confirmation popup.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{View, allowed, centered, panel, popup, theme};
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
    let screen = app.screen();
    for (k, what, _) in allowed(app, screen.keys(app)) {
        lines.push(key(k, what));
    }
    for (k, what) in screen.help_keys() {
        lines.push(key(k, what));
    }
    if let Some(what) = screen.filter_help() {
        lines.push(key("/", what));
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
    let by_number = match View::ALL.len() {
        n if n >= 10 => "Tab 1-9 0".to_string(),
        n => format!("Tab 1-{n}"),
    };
    for (k, what) in [
        ("j/k PgDn/PgUp", "move, page"),
        ("g/G", "first, last"),
        (
            "Enter/Esc",
            "open / back (close, clear the filter, previous view)",
        ),
        (by_number.as_str(), "next view, view by number"),
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
    let width = 72.min(body.width);
    // Borders and padding take four columns; the text is wrapped here so the popup is exactly
    // as tall as what it says, and the answer keys are never cut off.
    let text_width = width.saturating_sub(4).max(10) as usize;
    let bold = theme::warn().add_modifier(ratatui::style::Modifier::BOLD);
    let mut lines: Vec<Line<'_>> = wrap(&c.title, text_width)
        .into_iter()
        .map(|l| Line::from(Span::styled(l, bold)))
        .collect();
    lines.push(Line::default());
    for text in &c.lines {
        lines.extend(wrap(text, text_width).into_iter().map(Line::raw));
    }
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
        Span::raw(" or Esc: cancel"),
    ]));
    let area = centered(body, width, lines.len() as u16 + 2);
    let inner = popup(frame, area, panel(" confirm ", None));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Greedy word wrap to `width` characters; a word longer than a line is split.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        while word.len() > width {
            if !line.is_empty() {
                out.push(std::mem::take(&mut line));
            }
            out.push(word.drain(..width).collect());
        }
        let word: String = word.into_iter().collect();
        let needed = if line.is_empty() {
            0
        } else {
            line.chars().count() + 1
        };
        if needed + word.chars().count() > width && !line.is_empty() {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() || out.is_empty() {
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrap_breaks_between_words_and_splits_long_ones() {
        assert_eq!(
            wrap("pause the queue now", 9),
            vec!["pause the", "queue now"]
        );
        assert_eq!(wrap("0190c1d2-aaaa", 5), vec!["0190c", "1d2-a", "aaa"]);
        assert_eq!(wrap("", 5), vec![""]);
    }
}
