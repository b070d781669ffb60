//! The overview: totals, coordination, throughput and failure sparklines, alerts, and the
//! queues below when the terminal is tall; `P` pauses or resumes dequeue everywhere, Enter goes
//! to the queues.

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Sparkline};

use super::{KeyHint, Screen, View, panel, theme};
use crate::action::{Action, Command, Intent, Op};
use crate::app::{App, Ctx, Level};
use crate::format::{count, short_ms};

/// The overview has no state of its own: it shows what every refresh fetches.
#[derive(Debug, Default)]
pub struct OverviewState;

impl Screen for OverviewState {
    fn list_rows(&self, _body: Rect) -> usize {
        0
    }

    fn key(&self, code: KeyCode) -> Option<Action> {
        match code {
            KeyCode::Char('P') => Some(Action::Ask(Intent::PauseDequeue)),
            _ => None,
        }
    }

    fn keys(&self, _app: &App) -> Vec<KeyHint> {
        vec![
            ("P", "pause/resume dequeue", Some(Intent::PauseDequeue)),
            ("Enter", "queues", None),
        ]
    }

    fn open(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        ctx.then(Action::Go(View::Queues));
        Vec::new()
    }

    fn ask(&mut self, intent: Intent, ctx: &mut Ctx<'_>) {
        if intent != Intent::PauseDequeue {
            return;
        }
        let Some(o) = ctx.overview else {
            return ctx.not_loaded();
        };
        let paused = !o.coordination.paused;
        let lines = if paused {
            vec![
                format!(
                    "No task is leased on any queue: {} ready tasks across {} queues wait.",
                    count(o.totals.ready),
                    o.queues.len()
                ),
                format!("{} running tasks finish normally.", count(o.totals.running)),
            ]
        } else {
            vec![format!(
                "Leasing starts again: {} ready tasks become available to workers.",
                count(o.totals.ready)
            )]
        };
        ctx.confirm(
            if paused {
                "Pause dequeue everywhere?"
            } else {
                "Resume dequeue?"
            },
            lines,
            Op::PauseDequeue { paused },
        );
    }

    fn render(&self, app: &App, frame: &mut Frame<'_>, area: Rect) {
        render(app, frame, area);
    }
}

fn render(app: &App, frame: &mut Frame<'_>, area: Rect) {
    let Some(o) = &app.overview else {
        frame.render_widget(
            Paragraph::new(Span::styled(
                "waiting for the first overview…",
                theme::dim(),
            ))
            .block(panel(" overview ", None)),
            area,
        );
        return;
    };
    let alerts = app.alerts();
    // The alerts take what they need (at least three rows); a tall terminal shows the queues
    // below them.
    let alert_rows = (alerts.len().max(1) as u16 + 2).max(5);
    let [top, ok_area, bad_area, alerts_area, queues_area] = Layout::vertical([
        Constraint::Length(8),
        Constraint::Length(4),
        Constraint::Length(4),
        Constraint::Length(alert_rows),
        Constraint::Min(0),
    ])
    .areas(area);
    let [totals_area, coord_area] =
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(top);

    let t = &o.totals;
    let row = |name: &str, value: String, style| {
        Line::from(vec![
            Span::styled(format!("{name:<11}"), theme::dim()),
            Span::styled(format!("{value:>10}"), style),
        ])
    };
    let plain = ratatui::style::Style::new();
    let totals = vec![
        row("ready", count(t.ready), plain),
        row("scheduled", count(t.scheduled), plain),
        row("running", count(t.running), theme::good()),
        row(
            "retrying",
            count(t.retrying),
            if t.retrying > 0 { theme::warn() } else { plain },
        ),
        row(
            "dead",
            count(t.dead),
            if t.dead > 0 { theme::bad() } else { plain },
        ),
        row("succeeded", count(t.succeeded), plain),
    ];
    frame.render_widget(
        Paragraph::new(totals).block(panel(" tasks ", None)),
        totals_area,
    );

    let c = &o.coordination;
    let live = if app.workers.loaded {
        app.workers.list.iter().filter(|w| w.live()).count() as i64
    } else {
        t.workers
    };
    let kv = |name: &str, value: Span<'static>| {
        Line::from(vec![
            Span::styled(format!("{name:<11}"), theme::dim()),
            value,
        ])
    };
    let coordination = vec![
        kv(
            "dequeue",
            if c.paused {
                Span::styled("PAUSED", theme::bad())
            } else {
                Span::styled("active", theme::good())
            },
        ),
        kv(
            "rate limit",
            Span::raw(if c.rate_per_second > 0.0 {
                format!(
                    "{}/s burst {} ({:.0} left)",
                    c.rate_per_second, c.rate_burst, c.rate_tokens
                )
            } else {
                "off".to_string()
            }),
        ),
        kv(
            "leader",
            Span::raw(if c.leader.is_empty() {
                "none".to_string()
            } else {
                c.leader.clone()
            }),
        ),
        kv("lease", Span::raw(short_ms(c.lease_ms))),
        kv(
            "workers",
            Span::styled(
                format!("{live} live"),
                if live == 0 { theme::bad() } else { plain },
            ),
        ),
        kv(
            "latency",
            Span::raw(format!(
                "avg {} · p95 {}",
                short_ms(t.avg_latency_ms),
                short_ms(t.p95_latency_ms)
            )),
        ),
    ];
    frame.render_widget(
        Paragraph::new(coordination).block(panel(" coordination ", None)),
        coord_area,
    );

    let minutes = o.throughput.len();
    let succeeded: Vec<u64> = o
        .throughput
        .iter()
        .map(|m| m.succeeded.max(0) as u64)
        .collect();
    let failed: Vec<u64> = o
        .throughput
        .iter()
        .map(|m| (m.failed + m.dead).max(0) as u64)
        .collect();
    spark(
        frame,
        ok_area,
        &format!(" succeeded per minute · last {minutes} min "),
        &succeeded,
        theme::good(),
    );
    spark(
        frame,
        bad_area,
        &format!(" failed and dead per minute · last {minutes} min "),
        &failed,
        theme::bad(),
    );

    let lines: Vec<Line<'_>> = if alerts.is_empty() {
        vec![Line::from(Span::styled("all clear", theme::good()))]
    } else {
        alerts
            .iter()
            .map(|a| match a.level {
                Level::Error => Line::from(vec![
                    Span::styled("✖ ", theme::bad()),
                    Span::raw(a.text.clone()),
                ]),
                _ => Line::from(vec![
                    Span::styled("! ", theme::warn()),
                    Span::raw(a.text.clone()),
                ]),
            })
            .collect()
    };
    frame.render_widget(
        Paragraph::new(lines).block(panel(format!(" alerts ({}) ", alerts.len()), None)),
        alerts_area,
    );
    if queues_area.height >= 5 {
        app.views.queues.render(app, frame, queues_area);
    }
}

/// A sparkline stretched over the panel's width, with the latest and peak values.
fn spark(
    frame: &mut Frame<'_>,
    area: Rect,
    title: &str,
    data: &[u64],
    style: ratatui::style::Style,
) {
    let now = data.last().copied().unwrap_or(0);
    let peak = data.iter().copied().max().unwrap_or(0);
    let block = panel(
        title.to_string(),
        Some(format!(
            " now {} · peak {} ",
            count(now as i64),
            count(peak as i64)
        )),
    );
    let inner = block.inner(area);
    let per = if data.is_empty() {
        1
    } else {
        (inner.width as usize / data.len()).max(1)
    };
    let stretched: Vec<u64> = data
        .iter()
        .flat_map(|v| std::iter::repeat_n(*v, per))
        .collect();
    frame.render_widget(
        Sparkline::default()
            .block(block)
            .data(&stretched)
            .style(style),
        area,
    );
}
