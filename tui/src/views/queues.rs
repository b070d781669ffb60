//! The queues view: state, depth, weight and latency per queue, filtered as typed; Enter lists
//! a queue's tasks, `P` pauses or resumes it, `W` sets or resets its weight.

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Row};

use super::{KeyHint, Screen, panel, position, state_style, table, theme};
use crate::action::{Action, Command, Intent, Op};
use crate::app::{After, App, Ctx, Level, Prompt};
use crate::filter;
use crate::format::{count, short_ms};
use crate::list::Cursor;
use crate::model::{Overview, Queue};

#[derive(Debug, Default)]
pub struct QueuesState {
    pub cursor: Cursor,
    pub filter: String,
}

impl QueuesState {
    /// The queues of the overview that match the filter.
    pub fn visible<'a>(&self, overview: Option<&'a Overview>) -> Vec<&'a Queue> {
        let needle = self.filter.to_lowercase();
        overview
            .iter()
            .flat_map(|o| o.queues.iter())
            .filter(|q| {
                filter::matches(
                    &needle,
                    &[&q.name, if q.paused { "paused" } else { "active" }],
                )
            })
            .collect()
    }

    fn selected(&self, overview: Option<&Overview>) -> Option<Queue> {
        self.visible(overview)
            .get(self.cursor.selected)
            .map(|q| (*q).clone())
    }
}

impl Screen for QueuesState {
    fn len(&self, app: &App) -> usize {
        self.visible(app.overview.as_ref()).len()
    }

    fn cursor_mut(&mut self) -> Option<&mut Cursor> {
        Some(&mut self.cursor)
    }

    fn key(&self, code: KeyCode) -> Option<Action> {
        match code {
            KeyCode::Char('P') => Some(Action::Ask(Intent::PauseQueue)),
            KeyCode::Char('W') => Some(Action::Ask(Intent::Weight)),
            _ => None,
        }
    }

    fn keys(&self, _app: &App) -> Vec<KeyHint> {
        vec![
            ("Enter", "tasks", None),
            ("P", "pause/resume", Some(Intent::PauseQueue)),
            ("W", "weight", Some(Intent::Weight)),
        ]
    }

    fn open(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        if let Some(q) = self.visible(ctx.overview).get(self.cursor.selected) {
            ctx.then(Action::ShowTasks {
                queue: q.name.clone(),
                state: None,
            });
        }
        Vec::new()
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
        match intent {
            Intent::PauseQueue => {
                let Some(q) = self.selected(ctx.overview) else {
                    return ctx.nothing_selected();
                };
                let paused = !q.paused;
                let lines = if paused {
                    vec![
                        format!(
                            "Workers stop leasing from {}: {} ready and {} scheduled tasks wait.",
                            q.name,
                            count(q.ready),
                            count(q.scheduled)
                        ),
                        format!("{} running tasks finish normally.", count(q.running)),
                    ]
                } else {
                    vec![format!(
                        "Workers lease from {} again: {} ready tasks.",
                        q.name,
                        count(q.ready)
                    )]
                };
                let title = if paused {
                    format!("Pause queue {}?", q.name)
                } else {
                    format!("Resume queue {}?", q.name)
                };
                ctx.confirm(
                    &title,
                    lines,
                    Op::PauseQueue {
                        name: q.name,
                        paused,
                    },
                );
            }
            Intent::Weight => {
                let Some(q) = self.selected(ctx.overview) else {
                    return ctx.nothing_selected();
                };
                ctx.prompt(Prompt::Weight {
                    queue: q.name,
                    current: q.weight,
                });
            }
            _ => {}
        }
    }

    fn question(&self, prompt: &Prompt) -> String {
        match prompt {
            Prompt::Weight { queue, current } => {
                format!("weight of {queue} (now {current}; 1-10000, empty resets): ")
            }
            _ => String::new(),
        }
    }

    fn prompted(&mut self, prompt: Prompt, text: &str, ctx: &mut Ctx<'_>) {
        let Prompt::Weight { queue, current } = prompt else {
            return;
        };
        if text.is_empty() || text == "reset" {
            ctx.confirm(
                &format!("Reset the weight of queue {queue}?"),
                vec![format!(
                    "It goes from {current} back to the configured weight."
                )],
                Op::ResetWeight { name: queue },
            );
            return;
        }
        let weight = match text.parse::<i32>() {
            Ok(w) if (1..=10_000).contains(&w) => w,
            _ => {
                ctx.say(
                    Level::Error,
                    format!("{text:?} is not a weight: give a whole number from 1 to 10000, or empty to reset"),
                );
                return;
            }
        };
        let (before, after) = shares(ctx.overview, &queue, weight);
        ctx.confirm(
            &format!("Set the weight of queue {queue} to {weight}?"),
            vec![
                format!("Now {current}. Its share of leases while every queue has work goes from {before}% to {after}%."),
            ],
            Op::SetWeight {
                name: queue,
                weight,
            },
        );
    }

    fn render(&self, app: &App, frame: &mut Frame<'_>, area: Rect) {
        render(app, frame, area);
    }
}

/// Percent shares of leases among unpaused queues, before and after a weight change.
fn shares(overview: Option<&Overview>, queue: &str, weight: i32) -> (i64, i64) {
    let queues: Vec<&Queue> = overview
        .iter()
        .flat_map(|o| o.queues.iter())
        .filter(|q| !q.paused || q.name == queue)
        .collect();
    let share = |w: i32| {
        let others: i64 = queues
            .iter()
            .filter(|q| q.name != queue)
            .map(|q| i64::from(q.weight))
            .sum();
        let total = others + i64::from(w);
        if total == 0 {
            0
        } else {
            (i64::from(w) * 100 + total / 2) / total
        }
    };
    let current = queues
        .iter()
        .find(|q| q.name == queue)
        .map_or(0, |q| q.weight);
    (share(current), share(weight))
}

fn render(app: &App, frame: &mut Frame<'_>, area: Rect) {
    let state = &app.views.queues;
    let queues = state.visible(app.overview.as_ref());
    let wide = area.width >= 110;
    let mut header = vec![
        "NAME", "STATE", "READY", "RUNNING", "SCHED", "RETRY", "DEAD", "WEIGHT", "LATENCY",
    ];
    let name_width = queues
        .iter()
        .map(|q| q.name.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(8, 40) as u16;
    let mut widths = vec![
        Constraint::Length(name_width),
        Constraint::Length(6),
        Constraint::Length(9),
        Constraint::Length(7),
        Constraint::Length(6),
        Constraint::Length(6),
        Constraint::Length(7),
        Constraint::Length(6),
        Constraint::Length(8),
    ];
    if wide {
        header.extend(["SUCCEEDED", "CANCELLED"]);
        widths.extend([Constraint::Length(10), Constraint::Length(9)]);
    }
    let title = if state.filter.is_empty() {
        " queues ".to_string()
    } else {
        format!(" queues · /{} ", state.filter)
    };
    table(
        frame,
        area,
        panel(title, position(state.cursor, queues.len())),
        &header,
        &widths,
        queues.len(),
        state.cursor,
        if app.overview.is_some() {
            "no queue matches"
        } else {
            "loading…"
        },
        |i| {
            let q = queues.get(i)?;
            let state = if q.paused { "paused" } else { "active" };
            let mut cells = vec![
                Cell::from(q.name.clone()),
                Cell::from(Span::styled(state, state_style(state))),
                Cell::from(count(q.ready)),
                Cell::from(count(q.running)),
                Cell::from(count(q.scheduled)),
                Cell::from(count(q.retrying)),
                Cell::from(Span::styled(
                    count(q.dead),
                    if q.dead > 0 {
                        theme::bad()
                    } else {
                        Default::default()
                    },
                )),
                Cell::from(if q.weight_overridden {
                    format!("{}*", q.weight)
                } else {
                    q.weight.to_string()
                }),
                Cell::from(short_ms(q.latency_ms)),
            ];
            if wide {
                cells.extend([
                    Cell::from(count(q.succeeded)),
                    Cell::from(count(q.cancelled)),
                ]);
            }
            Some(Row::new(cells))
        },
    );
}
