//! The overview: totals, coordination, throughput and failure sparklines (over 15 minutes,
//! 24 hours or 30 days: `t` cycles, the longer ones against the range before), alerts, and the
//! queues below when the terminal is tall; `P` pauses or resumes dequeue everywhere, Enter goes
//! to the queues.

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Sparkline};

use super::{KeyHint, Screen, View, panel, theme};
use crate::action::{Action, Command, Intent, Op};
use crate::app::{After, App, Ctx, Level};
use crate::format::{change, count, short_ms};
use crate::model::{History, Minute, Range};

/// The overview shows what every refresh fetches, over the range `t` picked: 15 minutes come
/// with the overview, the longer ranges are fetched beside it.
#[derive(Debug, Default)]
pub struct OverviewState {
    pub range: Range,
    /// The last history fetched; shown only while it is of `range`.
    pub history: Option<History>,
    /// When the history of `range` was last asked for.
    fetched_ms: i64,
}

/// A longer range moves by 15 minutes or 6 hours a point: asking every refresh would only load
/// the server, so it is asked for again after this long (or at once when `t` changes it).
const HISTORY_REFRESH_MS: i64 = 30_000;

impl OverviewState {
    fn fetch(&mut self, now_ms: i64) -> Vec<Command> {
        match self.range {
            Range::Minutes15 => Vec::new(),
            range => {
                self.fetched_ms = now_ms;
                vec![Command::History(range)]
            }
        }
    }

    /// The history of the range on screen, once it has come.
    fn shown(&self) -> Option<&History> {
        self.history
            .as_ref()
            .filter(|h| h.range == self.range && self.range != Range::Minutes15)
    }
}

impl Screen for OverviewState {
    fn list_rows(&self, _body: Rect) -> usize {
        0
    }

    fn refresh(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        if ctx.now_ms - self.fetched_ms < HISTORY_REFRESH_MS && self.shown().is_some() {
            return Vec::new();
        }
        self.fetch(ctx.now_ms)
    }

    fn receive(&mut self, action: Action, ctx: &mut Ctx<'_>) -> Result<After, Action> {
        match action {
            Action::CycleRange => {
                self.range = self.range.next();
                Ok(After::Send(self.fetch(ctx.now_ms)))
            }
            Action::History(history) => {
                self.history = Some(history);
                Ok(After::Nothing)
            }
            other => Err(other),
        }
    }

    fn key(&self, code: KeyCode) -> Option<Action> {
        match code {
            KeyCode::Char('P') => Some(Action::Ask(Intent::PauseDequeue)),
            KeyCode::Char('t') => Some(Action::CycleRange),
            _ => None,
        }
    }

    fn keys(&self, _app: &App) -> Vec<KeyHint> {
        vec![
            ("P", "pause/resume dequeue", Some(Intent::PauseDequeue)),
            ("Enter", "queues", None),
            ("t", "range 15m/24h/30d", None),
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

    let state = &app.views.overview;
    let (points, per, over, notes): (&[Minute], String, String, Option<&History>) =
        match state.shown() {
            Some(h) => (
                &h.points,
                step_name(h.step_ms),
                h.range.name().to_string(),
                Some(h),
            ),
            // 15 minutes, or a longer range still on its way.
            None => (
                &o.throughput,
                "minute".to_string(),
                format!("{} min", o.throughput.len()),
                None,
            ),
        };
    let succeeded: Vec<u64> = points.iter().map(|m| m.succeeded.max(0) as u64).collect();
    let failed: Vec<u64> = points
        .iter()
        .map(|m| (m.failed + m.dead).max(0) as u64)
        .collect();
    // The longer ranges say the window's total against the window before it.
    let versus = |now: i64, before: i64| {
        format!(
            " {over} {} · before {} ({}) ",
            count(now),
            count(before),
            change(now, before)
        )
    };
    spark(
        frame,
        ok_area,
        &format!(" succeeded per {per} · last {over} · t range "),
        &succeeded,
        notes.map(|h| versus(h.totals.succeeded, h.previous.succeeded)),
        theme::good(),
    );
    spark(
        frame,
        bad_area,
        &format!(" failed and dead per {per} · last {over} "),
        &failed,
        notes.map(|h| {
            versus(
                h.totals.failed + h.totals.dead,
                h.previous.failed + h.previous.dead,
            )
        }),
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

/// `15m`, `6h`: a step as the unit it is.
fn step_name(ms: i64) -> String {
    match ms {
        ms if ms > 0 && ms % 3_600_000 == 0 => format!("{}h", ms / 3_600_000),
        ms if ms > 0 && ms % 60_000 == 0 => format!("{}m", ms / 60_000),
        ms => short_ms(ms),
    }
}

/// A sparkline fitted to the panel's width (stretched, or averaged when there are more
/// points than columns), with `note` at the bottom or else the latest and peak values.
fn spark(
    frame: &mut Frame<'_>,
    area: Rect,
    title: &str,
    data: &[u64],
    note: Option<String>,
    style: ratatui::style::Style,
) {
    let now = data.last().copied().unwrap_or(0);
    let peak = data.iter().copied().max().unwrap_or(0);
    let block = panel(
        title.to_string(),
        Some(note.unwrap_or_else(|| {
            format!(" now {} · peak {} ", count(now as i64), count(peak as i64))
        })),
    );
    let inner = block.inner(area);
    let width = (inner.width as usize).max(1);
    // More points than columns: each column is the mean of the points under it, so the
    // line fills the panel and a column of two points is no taller than one of one.
    let fitted: Vec<u64> = if data.len() > width {
        (0..width)
            .map(|c| {
                let lo = c * data.len() / width;
                let hi = ((c + 1) * data.len() / width).max(lo + 1);
                data[lo..hi].iter().sum::<u64>() / (hi - lo) as u64
            })
            .collect()
    } else {
        data.to_vec()
    };
    let per = if fitted.is_empty() {
        1
    } else {
        (width / fitted.len()).max(1)
    };
    let stretched: Vec<u64> = fitted
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
