//! The lines around every view: the header (connection, identity, tabs), the status line
//! (messages, bulk progress, or the line being typed) and the key hints at the bottom.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{View, allowed, theme};
use crate::action::Link;
use crate::app::{App, Level, Mode};
use crate::format::count;

pub(super) fn header(app: &App, frame: &mut Frame<'_>, area: Rect) {
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
            // Compact first: on a wide terminal too, the identity must not be cut for the tabs.
            // Views are typed by number, the tenth with `0`.
            let number = (i + 1) % 10;
            let label = if compact && !current {
                format!("{number}")
            } else if area.width >= 100 {
                format!("{number}:{}", v.name())
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

pub(super) fn status(app: &App, frame: &mut Frame<'_>, area: Rect) {
    let line = match &app.mode {
        Mode::Command(text) => {
            let suggestions = app.completions(text);
            let mut spans = vec![
                Span::styled(":", theme::title()),
                Span::raw(text.clone()),
                cursor_span(),
            ];
            if !suggestions.is_empty() && !text.ends_with(' ') || app.completes_args(text) {
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
            Span::styled(format!("   {}", app.screen().filter_hint()), theme::dim()),
        ]),
        Mode::Prompt { kind, text } => {
            let question = app.screen().question(kind);
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

pub(super) fn keys(app: &App, frame: &mut Frame<'_>, area: Rect) {
    let screen = app.screen();
    let mut own: Vec<(&str, &str)> = Vec::new();
    let mut always: Vec<(&str, &str)> = Vec::new();
    if screen.has_detail() {
        own.extend(
            allowed(app, screen.detail_keys())
                .into_iter()
                .map(|(k, w, _)| (k, w)),
        );
        always.push(("j/k", "scroll"));
        always.push(("Esc", "back"));
    } else {
        own.extend(
            allowed(app, screen.keys(app))
                .into_iter()
                .map(|(k, w, _)| (k, w)),
        );
        if screen.filter_help().is_some() {
            always.push(("/", "filter"));
        }
        always.push((":", "cmd"));
        always.push(("?", "help"));
        always.push(("q", "quit"));
    }
    // On a narrow terminal the view's own keys give way from the end, so the keys that lead
    // everywhere else (filter, command line, help, quit) stay on screen; `?` lists them all.
    let width = |items: &[(&str, &str)]| -> usize {
        items
            .iter()
            .map(|(k, w)| k.chars().count() + w.chars().count() + 2)
            .sum()
    };
    let room = usize::from(area.width);
    let mut cut = false;
    while !own.is_empty() && width(&own) + width(&always) + if cut { 2 } else { 0 } > room {
        own.pop();
        cut = true;
    }
    let mut spans = Vec::new();
    for (key, what) in own {
        spans.push(Span::styled(format!(" {key}"), theme::title()));
        spans.push(Span::styled(format!(" {what}"), theme::dim()));
    }
    if cut {
        spans.push(Span::styled(" …", theme::dim()));
    }
    for (key, what) in always {
        spans.push(Span::styled(format!(" {key}"), theme::title()));
        spans.push(Span::styled(format!(" {what}"), theme::dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
