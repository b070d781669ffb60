//! Detail panels over the current view: a task, a DLQ entry, a worker, an audit entry.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{bold, panel, popup, state_style, theme};
use crate::action::Intent;
use crate::app::{App, Detail};
use crate::format::{ago, count, short_ms, timestamp};
use crate::model::{AttemptError, Payload, Task};

/// Payload lines shown before cutting.
const PAYLOAD_LINES: usize = 40;

/// The keys of the open detail, only those the role allows.
pub(super) fn keys(app: &App) -> Vec<(&'static str, &'static str, Option<Intent>)> {
    let mut keys: Vec<(&'static str, &'static str, Option<Intent>)> = match &app.detail {
        Some(Detail::Task { .. }) => vec![
            ("C", "cancel", Some(Intent::Cancel)),
            ("R", "retry", Some(Intent::Retry)),
        ],
        Some(Detail::Dlq { .. }) => vec![("R", "replay", Some(Intent::ReplaySelected))],
        Some(Detail::Worker { .. }) => vec![("R", "recycle", Some(Intent::Recycle))],
        _ => Vec::new(),
    };
    keys.retain(|(_, _, intent)| intent.is_none_or(|i| app.refusal(i).is_none()));
    keys.push(("j/k", "scroll", None));
    keys
}

fn kv(name: &str, value: impl Into<String>) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{name:<16}"), theme::dim()),
        Span::raw(value.into()),
    ])
}

fn time_kv(app: &App, name: &str, at_ms: i64) -> Line<'static> {
    if at_ms <= 0 {
        return kv(name, "-");
    }
    kv(
        name,
        format!("{} ({} ago)", timestamp(at_ms), ago(app.now_ms, at_ms)),
    )
}

fn section(title: &str) -> Line<'static> {
    Line::from(Span::styled(title.to_string(), theme::title()))
}

fn payload_lines(payload: &Payload, size: i64, out: &mut Vec<Line<'static>>) {
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

fn error_lines(errors: &[AttemptError], out: &mut Vec<Line<'static>>) {
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

fn metadata_lines(
    metadata: &std::collections::BTreeMap<String, String>,
    out: &mut Vec<Line<'static>>,
) {
    if metadata.is_empty() {
        return;
    }
    out.push(Line::default());
    out.push(section("metadata"));
    for (k, v) in metadata {
        out.push(kv(k, v.clone()));
    }
}

fn task_lines(app: &App, t: &Task, out: &mut Vec<Line<'static>>) {
    let state = t.state().name();
    out.push(Line::from(vec![
        Span::styled(format!("{:<16}", "state"), theme::dim()),
        Span::styled(state.to_string(), state_style(state)),
        Span::raw(if t.cancel_requested {
            " (cancel requested)"
        } else {
            ""
        }),
    ]));
    out.push(kv("handler", t.handler.clone()));
    out.push(kv("queue", t.queue.clone()));
    out.push(kv(
        "attempts",
        format!("{} of {}", t.attempts, t.max_retries + 1),
    ));
    out.push(kv("priority", t.priority.to_string()));
    out.push(kv(
        "timeout",
        if t.timeout_ms > 0 {
            short_ms(t.timeout_ms)
        } else {
            "server default".into()
        },
    ));
    out.push(time_kv(app, "created", t.created_at_ms));
    out.push(time_kv(app, "run at", t.run_at_ms));
    out.push(time_kv(app, "started", t.started_at_ms));
    out.push(time_kv(app, "finished", t.finished_at_ms));
    if t.started_at_ms > 0 && t.finished_at_ms >= t.started_at_ms {
        out.push(kv("ran for", short_ms(t.finished_at_ms - t.started_at_ms)));
    }
    if !t.worker_id.is_empty() {
        out.push(kv("worker", t.worker_id.clone()));
    }
    if !t.dead_reason.is_empty() {
        out.push(kv("dead because", t.dead_reason.clone()));
    }
    if !t.idempotency_key.is_empty() {
        out.push(kv("idempotency key", t.idempotency_key.clone()));
    }
    metadata_lines(&t.metadata, out);
}

pub(super) fn render(app: &App, detail: &Detail, frame: &mut Frame<'_>, body: Rect) {
    let area = body;
    let mut lines: Vec<Line<'static>> = Vec::new();
    let title = match detail {
        Detail::Task { id, data } => {
            match data {
                None => lines.push(Line::from(Span::styled("loading…", theme::dim()))),
                Some(d) => {
                    task_lines(app, &d.task, &mut lines);
                    payload_lines(&d.payload, d.task.payload_size, &mut lines);
                    error_lines(&d.errors, &mut lines);
                }
            }
            format!(" task {id} ")
        }
        Detail::Dlq { id, data } => {
            match data {
                None => lines.push(Line::from(Span::styled("loading…", theme::dim()))),
                Some(d) => {
                    let e = &d.entry;
                    lines.push(kv("queue", e.queue.clone()));
                    lines.push(kv("handler", e.handler.clone()));
                    lines.push(kv("reason", e.reason.clone()));
                    lines.push(kv(
                        "attempts",
                        format!("{} of {}", e.attempts, d.max_retries + 1),
                    ));
                    lines.push(time_kv(app, "failed", e.failed_at_ms));
                    lines.push(time_kv(app, "updated", d.updated_at_ms));
                    lines.push(Line::from(vec![
                        Span::styled(format!("{:<16}", "last error"), theme::dim()),
                        Span::styled(e.last_error.clone(), theme::bad()),
                    ]));
                    metadata_lines(&d.metadata, &mut lines);
                    payload_lines(&d.payload, d.payload_size, &mut lines);
                    error_lines(&d.errors, &mut lines);
                }
            }
            format!(" dlq entry {id} ")
        }
        Detail::Worker { id, data } => {
            match data {
                None => lines.push(Line::from(Span::styled("loading…", theme::dim()))),
                Some(d) => {
                    let w = &d.worker;
                    lines.push(Line::from(vec![
                        Span::styled(format!("{:<16}", "state"), theme::dim()),
                        Span::styled(w.state.clone(), state_style(&w.state)),
                    ]));
                    lines.push(kv("host", format!("{} pid {}", w.host, w.pid)));
                    lines.push(kv("version", w.version.clone()));
                    lines.push(kv(
                        "busy",
                        format!("{} of {} slots", w.in_flight, w.concurrency),
                    ));
                    lines.push(time_kv(app, "started", w.started_at_ms));
                    lines.push(time_kv(app, "last heartbeat", w.last_heartbeat_ms));
                    lines.push(kv("recycles", w.recycles.to_string()));
                    if !w.recycle_reason.is_empty() {
                        lines.push(kv("recycling", w.recycle_reason.clone()));
                    }
                    lines.push(kv("handlers", w.handlers.join(", ")));
                    lines.push(Line::default());
                    lines.push(section(&format!("running · {}", d.running.len())));
                    for t in &d.running {
                        lines.push(Line::from(vec![
                            Span::raw(format!("{}  ", t.id)),
                            bold(t.handler.clone()),
                            Span::styled(
                                format!(
                                    "  {} · started {} ago",
                                    t.queue,
                                    ago(app.now_ms, t.started_at_ms)
                                ),
                                theme::dim(),
                            ),
                        ]));
                    }
                }
            }
            format!(" worker {id} ")
        }
        Detail::Audit(a) => {
            lines.push(time_kv(app, "at", a.at_ms));
            lines.push(kv("actor", format!("{} ({})", a.actor, a.role)));
            lines.push(kv("action", a.action.clone()));
            lines.push(kv("target", a.target.clone()));
            lines.push(kv("status", a.status.clone()));
            lines.push(kv("request id", a.request_id.clone()));
            lines.push(Line::default());
            lines.push(section("detail"));
            lines.push(Line::raw(a.detail.clone()));
            format!(" audit {} ", a.id)
        }
    };
    let inner = popup(frame, area, panel(title, None));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((app.detail_scroll, 0)),
        inner,
    );
}
