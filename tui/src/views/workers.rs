//! Workers with their heartbeats and load, and the stuck tasks of the last day by handler;
//! filtered as typed; Enter opens a worker, `R` recycles it.

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row};

use super::detail::{self, kv, section, time_kv};
use super::{KeyHint, Panel, Screen, bold, panel, position, state_style, table, theme};
use crate::action::{Action, Command, Intent, Op};
use crate::app::{After, App, Ctx, Fleet, Level};
use crate::filter;
use crate::format::{ago, count, one_line};
use crate::layout;
use crate::list::Cursor;
use crate::model::{Worker, WorkerDetail};

/// What the view keeps of its own; the fleet itself is the app's (`App::workers`).
#[derive(Debug, Default)]
pub struct WorkersState {
    pub cursor: Cursor,
    pub filter: String,
    pub detail: Option<Panel<WorkerDetail>>,
}

impl WorkersState {
    /// The workers that match the filter.
    pub fn visible<'a>(&self, fleet: &'a Fleet) -> Vec<&'a Worker> {
        let needle = self.filter.to_lowercase();
        fleet
            .list
            .iter()
            .filter(|w| {
                filter::matches(&needle, &[&w.id, &w.host, &w.state, &w.handlers.join(" ")])
            })
            .collect()
    }
}

impl Screen for WorkersState {
    fn list_rows(&self, body: Rect) -> usize {
        let (workers, _) = layout::workers_split(body);
        workers.height.saturating_sub(3) as usize
    }

    fn len(&self, app: &App) -> usize {
        self.visible(&app.workers).len()
    }

    fn cursor_mut(&mut self) -> Option<&mut Cursor> {
        Some(&mut self.cursor)
    }

    fn refresh(&mut self, _ctx: &mut Ctx<'_>) -> Vec<Command> {
        // An open detail follows the worker: a recycle, a drain, or its loss.
        match &self.detail {
            Some(panel) => vec![Command::Worker(panel.id.clone())],
            None => Vec::new(),
        }
    }

    fn receive(&mut self, action: Action, _ctx: &mut Ctx<'_>) -> Result<After, Action> {
        match action {
            Action::WorkerDetail(d) => {
                if let Some(panel) = &mut self.detail {
                    panel.fill(&d.worker.id.clone(), d);
                }
                Ok(After::Nothing)
            }
            other => Err(other),
        }
    }

    fn key(&self, code: KeyCode) -> Option<Action> {
        match code {
            KeyCode::Char('R') => Some(Action::Ask(Intent::Recycle)),
            _ => None,
        }
    }

    fn keys(&self, app: &App) -> Vec<KeyHint> {
        // Recycle is offered for a live worker only, as in the detail: a stopped or lost one
        // runs no loop to restart and the server refuses it.
        let live = self
            .visible(&app.workers)
            .get(self.cursor.selected)
            .is_none_or(|w| w.live());
        let mut keys = vec![("Enter", "detail", None)];
        if live {
            keys.push(("R", "recycle", Some(Intent::Recycle)));
        }
        keys
    }

    fn open(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let Some(id) = self
            .visible(ctx.workers)
            .get(self.cursor.selected)
            .map(|w| w.id.clone())
        else {
            return Vec::new();
        };
        self.detail = Some(Panel::loading(id.clone()));
        ctx.opened_detail();
        vec![Command::Worker(id)]
    }

    fn filter_text(&self) -> &str {
        &self.filter
    }

    fn filter_help(&self) -> Option<&'static str> {
        Some("filter by text")
    }

    fn live_filter(&self) -> bool {
        true
    }

    fn apply_filter(&mut self, text: String, _ctx: &mut Ctx<'_>) -> After {
        self.filter = text;
        After::RefitAndFetch
    }

    fn ask(&mut self, intent: Intent, ctx: &mut Ctx<'_>) {
        if intent != Intent::Recycle {
            return;
        }
        let worker = match &self.detail {
            Some(panel) => panel.data.as_ref().map(|d| d.worker.clone()),
            None => self
                .visible(ctx.workers)
                .get(self.cursor.selected)
                .map(|w| (*w).clone()),
        };
        let Some(w) = worker else {
            return ctx.nothing_selected();
        };
        // A stopped or lost worker runs no loop to restart and reads no request: the server
        // refuses it (worker_not_live), so it is not offered.
        if !w.live() {
            ctx.say(
                Level::Error,
                format!(
                    "worker {} is {}; only a live worker can be recycled",
                    w.id, w.state
                ),
            );
            return;
        }
        ctx.confirm(
            &format!("Recycle worker {}?", w.id),
            vec![
                format!(
                    "{} pid {}, {} of {} slots busy.",
                    w.host, w.pid, w.in_flight, w.concurrency
                ),
                format!(
                    "It stops leasing, finishes its {} tasks, then restarts its loop.",
                    w.in_flight
                ),
            ],
            Op::RecycleWorker { id: w.id },
        );
    }

    fn has_detail(&self) -> bool {
        self.detail.is_some()
    }

    fn close_detail(&mut self) -> bool {
        self.detail.take().is_some()
    }

    fn detail_key(&self, code: KeyCode) -> Option<Action> {
        match code {
            KeyCode::Char('R') => Some(Action::Ask(Intent::Recycle)),
            _ => None,
        }
    }

    fn detail_keys(&self) -> Vec<KeyHint> {
        let live = self
            .detail
            .as_ref()
            .and_then(|panel| panel.data.as_ref())
            .is_none_or(|d| d.worker.live());
        if live {
            vec![("R", "recycle", Some(Intent::Recycle))]
        } else {
            Vec::new()
        }
    }

    fn render_detail(&self, app: &App, frame: &mut Frame<'_>, body: Rect) {
        let Some(panel) = &self.detail else {
            return;
        };
        let mut lines = Vec::new();
        match &panel.data {
            None => lines.push(detail::loading()),
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
        detail::show(app, frame, body, format!(" worker {} ", panel.id), lines);
    }

    fn render(&self, app: &App, frame: &mut Frame<'_>, area: Rect) {
        render(app, frame, area);
    }
}

fn render(app: &App, frame: &mut Frame<'_>, area: Rect) {
    let (list_area, stuck_area) = layout::workers_split(area);
    let view = &app.views.workers;
    let workers = view.visible(&app.workers);
    let now = app.now_ms;
    let wide = area.width >= 110;
    let mut header = vec!["ID", "HOST", "PID", "STATE", "BUSY", "BEAT", "RECYCLES"];
    let mut widths = vec![
        Constraint::Min(14),
        Constraint::Length(14),
        Constraint::Length(7),
        Constraint::Length(8),
        Constraint::Length(7),
        Constraint::Length(5),
        Constraint::Length(8),
    ];
    if wide {
        header.extend(["VERSION", "HANDLERS"]);
        widths.extend([Constraint::Length(8), Constraint::Min(10)]);
    }
    let title = if view.filter.is_empty() {
        " workers ".to_string()
    } else {
        format!(" workers · /{} ", view.filter)
    };
    table(
        frame,
        list_area,
        panel(title, position(view.cursor, workers.len())),
        &header,
        &widths,
        workers.len(),
        view.cursor,
        if app.workers.loaded {
            "no worker is registered"
        } else {
            "loading…"
        },
        |i| {
            let w = workers.get(i)?;
            let state = if w.recycle_reason.is_empty() {
                w.state.clone()
            } else {
                "recycling".to_string()
            };
            let mut cells = vec![
                Cell::from(w.id.clone()),
                Cell::from(one_line(&w.host, 14)),
                Cell::from(w.pid.to_string()),
                Cell::from(Span::styled(state.clone(), state_style(&state))),
                Cell::from(format!("{}/{}", w.in_flight, w.concurrency)),
                Cell::from(ago(now, w.last_heartbeat_ms)),
                Cell::from(w.recycles.to_string()),
            ];
            if wide {
                cells.extend([
                    Cell::from(w.version.clone()),
                    Cell::from(w.handlers.join(",")),
                ]);
            }
            Some(Row::new(cells))
        },
    );
    if let Some(stuck_area) = stuck_area {
        let stuck = &app.workers.stuck;
        table(
            frame,
            stuck_area,
            panel(" stuck tasks · last 24h ", None),
            &["HANDLER", "STUCK", "LAST"],
            &[
                Constraint::Min(14),
                Constraint::Length(8),
                Constraint::Length(6),
            ],
            stuck.len(),
            // Not navigable: no row is selected.
            crate::list::Cursor {
                selected: usize::MAX,
                offset: 0,
            },
            "no stuck task in the last 24 hours",
            |i| {
                let s = stuck.get(i)?;
                Some(Row::new([
                    Cell::from(s.handler.clone()),
                    Cell::from(Span::styled(count(s.count), theme::bad())),
                    Cell::from(ago(now, s.last_at_ms)),
                ]))
            },
        );
    }
}
