//! Cron schedules: the spec and its words, the time zone, a countdown to the next run, the last
//! run and how it ended, filtered as typed; Enter opens a schedule with its recent fires, `P`
//! pauses or resumes it, `R` fires it now, `D` deletes it (its factory stays).

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row};

use super::detail::{self, kv, metadata_lines, payload_lines, section, time_kv};
use super::{KeyHint, Panel, Screen, panel, position, short_id, state_style, table, theme};
use crate::action::{Action, Command, Intent, Op};
use crate::app::{After, App, Ctx};
use crate::filter;
use crate::format::{ago, countdown, one_line, short_ms, timestamp};
use crate::list::Cursor;
use crate::model::{Event, EventKind, Schedule, ScheduleDetail};

#[derive(Debug, Default)]
pub struct SchedulesState {
    pub list: Vec<Schedule>,
    pub loaded: bool,
    pub cursor: Cursor,
    pub filter: String,
    pub detail: Option<Panel<ScheduleDetail>>,
    /// The schedule a delete was asked for: its detail is not fetched again while the question
    /// is open or the delete runs, and closes once the change ran. (A cancelled delete leaves
    /// the detail unrefreshed until it is opened again or another action is asked.)
    deleting: Option<String>,
}

/// The status a schedule's last fire ended in, coloured like task states.
fn status_style(status: &str) -> ratatui::style::Style {
    match status {
        "failed" | "missed" => theme::bad(),
        "fired" => theme::good(),
        "skipped" => theme::warn(),
        other => state_style(other),
    }
}

/// The next run in words: a countdown, or why there is none.
fn next_run(s: &Schedule, now_ms: i64) -> String {
    if s.paused {
        "paused".into()
    } else {
        countdown(now_ms, s.next_run_ms)
    }
}

fn last_run(s: &Schedule, now_ms: i64) -> String {
    if s.last_run_ms <= 0 {
        "-".into()
    } else {
        format!("{} ago", ago(now_ms, s.last_run_ms))
    }
}

impl SchedulesState {
    /// The schedules that match the filter.
    pub fn visible(&self) -> Vec<&Schedule> {
        let needle = self.filter.to_lowercase();
        self.list
            .iter()
            .filter(|s| {
                filter::matches(
                    &needle,
                    &[
                        &s.name,
                        &s.spec,
                        &s.description,
                        &s.timezone,
                        &s.handler,
                        &s.queue,
                        &s.last_status,
                        if s.paused { "paused" } else { "active" },
                    ],
                )
            })
            .collect()
    }

    /// The schedule an action applies to: the open detail's, else the selected one.
    fn target(&self) -> Option<Schedule> {
        match &self.detail {
            Some(panel) => panel
                .data
                .as_ref()
                .map(|d| d.schedule.clone())
                .or_else(|| self.list.iter().find(|s| s.name == panel.id).cloned()),
            None => self
                .visible()
                .get(self.cursor.selected)
                .map(|s| (*s).clone()),
        }
    }

    fn action_key(code: KeyCode) -> Option<Action> {
        match code {
            KeyCode::Char('P') => Some(Action::Ask(Intent::PauseSchedule)),
            KeyCode::Char('R') => Some(Action::Ask(Intent::RunSchedule)),
            KeyCode::Char('D') => Some(Action::Ask(Intent::DeleteSchedule)),
            _ => None,
        }
    }

    fn action_keys() -> Vec<KeyHint> {
        vec![
            ("P", "pause/resume", Some(Intent::PauseSchedule)),
            ("R", "run now", Some(Intent::RunSchedule)),
            ("D", "delete", Some(Intent::DeleteSchedule)),
        ]
    }
}

impl Screen for SchedulesState {
    fn len(&self, _app: &App) -> usize {
        self.visible().len()
    }

    fn cursor_mut(&mut self) -> Option<&mut Cursor> {
        Some(&mut self.cursor)
    }

    /// The list, and the open detail too, so its recent fires stay current.
    fn refresh(&mut self, _ctx: &mut Ctx<'_>) -> Vec<Command> {
        let mut commands = vec![Command::Schedules];
        // Not the one being deleted: it would come back not found and say so over the outcome.
        if let Some(panel) = &self.detail
            && self.deleting.as_ref() != Some(&panel.id)
        {
            commands.push(Command::Schedule(panel.id.clone()));
        }
        commands
    }

    fn receive(&mut self, action: Action, _ctx: &mut Ctx<'_>) -> Result<After, Action> {
        match action {
            Action::Schedules(list) => {
                self.list = list;
                self.loaded = true;
                Ok(After::Refit)
            }
            Action::ScheduleDetail(d) => {
                if let Some(panel) = &mut self.detail {
                    panel.fill(&d.schedule.name.clone(), d);
                }
                Ok(After::Nothing)
            }
            other => Err(other),
        }
    }

    fn stale_after(&self, events: &[Event]) -> bool {
        events.iter().any(|e| e.kind == EventKind::Schedule)
    }

    fn done(&mut self) {
        if let (Some(name), Some(panel)) = (self.deleting.take(), &self.detail)
            && panel.id == name
        {
            self.detail = None;
        }
    }

    fn key(&self, code: KeyCode) -> Option<Action> {
        Self::action_key(code)
    }

    fn keys(&self, _app: &App) -> Vec<KeyHint> {
        let mut keys = vec![("Enter", "detail", None)];
        keys.extend(Self::action_keys());
        keys
    }

    fn open(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let Some(name) = self
            .visible()
            .get(self.cursor.selected)
            .map(|s| s.name.clone())
        else {
            return Vec::new();
        };
        self.detail = Some(Panel::loading(name.clone()));
        self.deleting = None;
        ctx.opened_detail();
        vec![Command::Schedule(name)]
    }

    fn filter_text(&self) -> &str {
        &self.filter
    }

    fn filter_help(&self) -> Option<&'static str> {
        Some("filter by text (name, spec, zone, handler, queue, status)")
    }

    fn live_filter(&self) -> bool {
        true
    }

    fn apply_filter(&mut self, text: String, _ctx: &mut Ctx<'_>) -> After {
        self.filter = text;
        After::Refit
    }

    fn ask(&mut self, intent: Intent, ctx: &mut Ctx<'_>) {
        let Some(s) = self.target() else {
            return if self.loaded {
                ctx.nothing_selected()
            } else {
                ctx.not_loaded()
            };
        };
        let timetable = if s.description.is_empty() {
            format!("{} ({})", s.spec, s.timezone)
        } else {
            format!("{} ({}, {})", s.spec, s.description, s.timezone)
        };
        let next = match next_run(&s, ctx.now_ms).as_str() {
            "paused" => "none while paused".to_string(),
            words => format!("{} ({words})", timestamp(s.next_run_ms)),
        };
        // Only a delete confirmed last is pending; asking anything else means it was not.
        self.deleting = None;
        match intent {
            Intent::PauseSchedule => {
                let paused = !s.paused;
                let (title, lines) = if paused {
                    (
                        format!("Pause schedule {}?", s.name),
                        vec![
                            format!("Timetable: {timetable}."),
                            format!("Next run: {next}. Its fires are skipped until resumed."),
                        ],
                    )
                } else {
                    (
                        format!("Resume schedule {}?", s.name),
                        vec![format!(
                            "Timetable: {timetable}. It fires again from its next time on."
                        )],
                    )
                };
                ctx.confirm(
                    &title,
                    lines,
                    Op::PauseSchedule {
                        name: s.name,
                        paused,
                    },
                );
            }
            Intent::RunSchedule => {
                let queue = if s.queue.is_empty() {
                    "the default queue".to_string()
                } else {
                    format!("queue {}", s.queue)
                };
                ctx.confirm(
                    &format!("Run schedule {} now?", s.name),
                    vec![
                        format!(
                            "One {} task is enqueued on {queue} now, besides the timetable.",
                            s.handler
                        ),
                        format!("Timetable: {timetable}. Next run: {next}, unchanged."),
                    ],
                    Op::RunSchedule { name: s.name },
                );
            }
            Intent::DeleteSchedule => {
                self.deleting = Some(s.name.clone());
                ctx.confirm(
                    &format!("Delete schedule {}?", s.name),
                    vec![
                        format!("Timetable: {timetable}. Next run: {next}; no more fires."),
                        "Its factory stays: the schedule can be created again.".to_string(),
                    ],
                    Op::DeleteSchedule { name: s.name },
                );
            }
            _ => {}
        }
    }

    fn has_detail(&self) -> bool {
        self.detail.is_some()
    }

    fn close_detail(&mut self) -> bool {
        self.detail.take().is_some()
    }

    fn detail_key(&self, code: KeyCode) -> Option<Action> {
        Self::action_key(code)
    }

    fn detail_keys(&self) -> Vec<KeyHint> {
        Self::action_keys()
    }

    fn render_detail(&self, app: &App, frame: &mut Frame<'_>, body: Rect) {
        let Some(panel) = &self.detail else {
            return;
        };
        let mut lines = Vec::new();
        match &panel.data {
            None => lines.push(detail::loading()),
            Some(d) => detail_lines(app, d, &mut lines),
        }
        detail::show(app, frame, body, format!(" schedule {} ", panel.id), lines);
    }

    fn render(&self, app: &App, frame: &mut Frame<'_>, area: Rect) {
        render(app, frame, area);
    }
}

fn detail_lines(app: &App, d: &ScheduleDetail, lines: &mut Vec<Line<'static>>) {
    let s = &d.schedule;
    let state = if s.paused { "paused" } else { "active" };
    lines.push(Line::from(vec![
        Span::styled(format!("{:<16}", "state"), theme::dim()),
        Span::styled(state, state_style(state)),
    ]));
    lines.push(kv("spec", s.spec.clone()));
    if !s.description.is_empty() {
        lines.push(kv("in words", s.description.clone()));
    }
    lines.push(kv("time zone", s.timezone.clone()));
    lines.push(kv(
        "next run",
        if s.paused {
            "none while paused".to_string()
        } else {
            format!(
                "{} ({})",
                timestamp(s.next_run_ms),
                countdown(app.now_ms, s.next_run_ms)
            )
        },
    ));
    lines.push(time_kv(app, "last run", s.last_run_ms));
    if !s.last_status.is_empty() {
        lines.push(Line::from(vec![
            Span::styled(format!("{:<16}", "last status"), theme::dim()),
            Span::styled(s.last_status.clone(), status_style(&s.last_status)),
            Span::styled(format!("  task {}", s.last_task_id), theme::dim()),
        ]));
    }
    lines.push(kv(
        "task",
        format!(
            "{} on {}, priority {}",
            s.handler,
            if s.queue.is_empty() {
                "default"
            } else {
                &s.queue
            },
            s.priority
        ),
    ));
    lines.push(kv(
        "retries",
        if s.max_retries < 0 {
            "server default".to_string()
        } else {
            s.max_retries.to_string()
        },
    ));
    lines.push(kv(
        "timeout",
        if s.timeout_ms > 0 {
            short_ms(s.timeout_ms)
        } else {
            "server default".to_string()
        },
    ));
    lines.push(kv(
        "misfire",
        if s.misfire == "catch_up" {
            format!("catch_up, at most {}", s.catch_up_max)
        } else {
            s.misfire.clone()
        },
    ));
    lines.push(kv("overlap", s.overlap.clone()));
    if s.jitter_ms > 0 {
        lines.push(kv("jitter", format!("up to {}", short_ms(s.jitter_ms))));
    }
    metadata_lines(&s.metadata, lines);
    payload_lines(&s.payload, s.payload_size, lines);
    lines.push(Line::default());
    lines.push(section(&format!("recent fires · {}", d.recent.len())));
    if d.recent.is_empty() {
        lines.push(Line::from(Span::styled("(none yet)", theme::dim())));
    }
    for f in &d.recent {
        let mut spans = vec![
            Span::styled(format!("{} ", timestamp(f.fire_at_ms)), theme::dim()),
            Span::styled(format!("{:<10}", f.status), status_style(&f.status)),
            Span::raw(format!(
                "{:<7}",
                if f.trigger == "manual" {
                    "manual"
                } else {
                    "cron"
                }
            )),
        ];
        if !f.task_id.is_empty() {
            spans.push(Span::raw(short_id(&f.task_id, 13)));
        }
        if f.duration_ms > 0 {
            spans.push(Span::styled(
                format!(" · {}", short_ms(f.duration_ms)),
                theme::dim(),
            ));
        }
        if !f.error.is_empty() {
            spans.push(Span::styled(
                format!("  {}", one_line(&f.error, 80)),
                theme::bad(),
            ));
        }
        lines.push(Line::from(spans));
    }
}

fn render(app: &App, frame: &mut Frame<'_>, area: Rect) {
    let view = &app.views.schedules;
    let schedules = view.visible();
    let now = app.now_ms;
    let wide = area.width >= 110;
    let name_width = schedules
        .iter()
        .map(|s| s.name.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(8, if wide { 24 } else { 16 }) as u16;
    // Narrow terminals drop the spec's words and the state column: a paused schedule's next
    // run reads "paused" anyway, and the detail has the words.
    let mut header = vec!["NAME", "SPEC", "ZONE", "NEXT RUN", "LAST RUN", "STATUS"];
    let mut widths = vec![
        Constraint::Length(name_width),
        Constraint::Min(11),
        Constraint::Length(13),
        Constraint::Length(if wide { 11 } else { 10 }),
        Constraint::Length(8),
        Constraint::Length(9),
    ];
    if wide {
        header[1] = "SCHEDULE";
        widths[1] = Constraint::Min(24);
        header.extend(["STATE", "HANDLER", "QUEUE"]);
        widths.extend([
            Constraint::Length(6),
            Constraint::Length(14),
            Constraint::Length(10),
        ]);
    }
    let title = if view.filter.is_empty() {
        " schedules ".to_string()
    } else {
        format!(" schedules · /{} ", view.filter)
    };
    table(
        frame,
        area,
        panel(title, position(view.cursor, schedules.len())),
        &header,
        &widths,
        schedules.len(),
        view.cursor,
        if !view.loaded {
            "loading…"
        } else if view.list.is_empty() {
            "no schedule yet: workerctl schedule create NAME --spec '*/5 * * * *'"
        } else {
            "no schedule matches"
        },
        |i| {
            let s = schedules.get(i)?;
            let state = if s.paused { "paused" } else { "active" };
            let mut spec = vec![Span::raw(s.spec.clone())];
            if wide && !s.description.is_empty() {
                spec.push(Span::styled(format!(" · {}", s.description), theme::dim()));
            }
            let mut cells = vec![
                Cell::from(s.name.clone()),
                Cell::from(Line::from(spec)),
                Cell::from(s.timezone.clone()),
                Cell::from(Span::styled(
                    next_run(s, now),
                    if s.paused {
                        theme::warn()
                    } else {
                        Default::default()
                    },
                )),
                Cell::from(last_run(s, now)),
                Cell::from(Span::styled(
                    if s.last_status.is_empty() {
                        "-".to_string()
                    } else {
                        s.last_status.clone()
                    },
                    status_style(&s.last_status),
                )),
            ];
            if wide {
                cells.extend([
                    Cell::from(Span::styled(state, state_style(state))),
                    Cell::from(s.handler.clone()),
                    Cell::from(if s.queue.is_empty() {
                        "default".to_string()
                    } else {
                        s.queue.clone()
                    }),
                ]);
            }
            Some(Row::new(cells))
        },
    );
}
