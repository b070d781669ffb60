//! What every detail panel is made of: a panel that loads, key-value lines, payloads, attempt
//! errors and metadata, and the scrolling popup over the view. Each view draws its own detail
//! from these.

use std::collections::BTreeMap;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{panel, popup, theme};
use crate::app::App;
use crate::format::{ago, count, timestamp};
use crate::model::{AttemptError, Payload};

/// Payload lines shown before cutting.
const PAYLOAD_LINES: usize = 40;

/// An open detail panel: what was asked for, and the answer once it arrives.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel<T> {
    pub id: String,
    pub data: Option<T>,
}

impl<T> Panel<T> {
    pub(crate) fn loading(id: String) -> Self {
        Self { id, data: None }
    }

    /// Keeps the answer for this panel; a late answer for another one is dropped.
    pub(crate) fn fill(&mut self, id: &str, data: T) {
        if self.id == id {
            self.data = Some(data);
        }
    }
}

/// Draws `lines` in a popup over `body`, scrolled as the operator scrolled.
pub(super) fn show(
    app: &App,
    frame: &mut Frame<'_>,
    body: Rect,
    title: String,
    lines: Vec<Line<'static>>,
) {
    let inner = popup(frame, body, panel(title, None));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((app.detail_scroll, 0)),
        inner,
    );
}

pub(super) fn loading() -> Line<'static> {
    Line::from(Span::styled("loading…", theme::dim()))
}

pub(super) fn kv(name: &str, value: impl Into<String>) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{name:<16}"), theme::dim()),
        Span::raw(value.into()),
    ])
}

pub(super) fn time_kv(app: &App, name: &str, at_ms: i64) -> Line<'static> {
    if at_ms <= 0 {
        return kv(name, "-");
    }
    kv(
        name,
        format!("{} ({} ago)", timestamp(at_ms), ago(app.now_ms, at_ms)),
    )
}

pub(super) fn section(title: &str) -> Line<'static> {
    Line::from(Span::styled(title.to_string(), theme::title()))
}

pub(super) fn payload_lines(payload: &Payload, size: i64, out: &mut Vec<Line<'static>>) {
    out.push(Line::default());
    out.push(section(&format!("payload · {} bytes", count(size))));
    match payload {
        Payload::Redacted => out.push(Line::from(Span::styled(
            "(hidden: payloads are shown to operators and admins)",
            theme::dim(),
        ))),
        Payload::Binary(n) => out.push(Line::from(Span::styled(
            format!("({} bytes of binary data)", count(*n as i64)),
            theme::dim(),
        ))),
        Payload::Text(text) if text.is_empty() => {
            out.push(Line::from(Span::styled("(empty)", theme::dim())))
        }
        Payload::Text(text) => {
            let total = text.lines().count();
            for line in text.lines().take(PAYLOAD_LINES) {
                out.push(Line::raw(line.to_string()));
            }
            if total > PAYLOAD_LINES {
                out.push(Line::from(Span::styled(
                    format!(
                        "… {} more lines (workerctl task get -o json shows all)",
                        total - PAYLOAD_LINES
                    ),
                    theme::dim(),
                )));
            }
        }
    }
}

pub(super) fn error_lines(errors: &[AttemptError], out: &mut Vec<Line<'static>>) {
    out.push(Line::default());
    out.push(section(&format!("errors · {}", errors.len())));
    if errors.is_empty() {
        out.push(Line::from(Span::styled("(none)", theme::dim())));
    }
    for e in errors.iter().rev() {
        out.push(Line::from(vec![
            Span::styled(
                format!("#{:<3} {} ", e.attempt, timestamp(e.at_ms)),
                theme::dim(),
            ),
            Span::styled(e.error.clone(), theme::bad()),
        ]));
    }
}

pub(super) fn metadata_lines(metadata: &BTreeMap<String, String>, out: &mut Vec<Line<'static>>) {
    if metadata.is_empty() {
        return;
    }
    out.push(Line::default());
    out.push(section("metadata"));
    for (k, v) in metadata {
        out.push(kv(k, v.clone()));
    }
}
