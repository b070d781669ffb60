//! The tasks of one queue, by state, newest first; long lists are fetched page by page. `←/→`
//! change the state, `/` takes the one filter language of `workerctl task ls --filter`
//! (`queue:` and `state:` move the view, the rest narrows it on the server), Enter opens a
//! task's detail, `C` and `R` cancel and retry. `:tasks QUEUE [STATE]` opens it from anywhere.

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row};

use super::detail::{self, error_lines, kv, metadata_lines, payload_lines, time_kv};
use super::{
    KeyHint, Panel, Screen, View, id_width, panel, position, short_id, state_style, table, theme,
};
use crate::action::{Action, Command, Intent, Op};
use crate::app::{After, App, Ctx, Level};
use crate::format::{ago, count, one_line, short_ms};
use crate::list::{Cursor, PAGE, Paged};
use crate::model::{Filter, Overview, Queue, Task, TaskDetail, TaskState};

#[derive(Debug, Default)]
pub struct TasksState {
    pub queue: Option<String>,
    pub tab: usize,
    /// What narrows the list beyond its queue and state tab (handler, text, fingerprint, age);
    /// its queue and state are always empty, the view's own.
    pub filter: Filter,
    /// `filter` in its textual form, as `/` shows it.
    pub filter_text: String,
    pub rows: Paged<Task>,
    pub cursor: Cursor,
    pub detail: Option<Panel<TaskDetail>>,
}

impl TasksState {
    pub fn state(&self) -> Option<TaskState> {
        TaskState::TABS[self.tab]
    }

    /// The queue summary the view is about.
    pub fn summary<'a>(&self, overview: Option<&'a Overview>) -> Option<&'a Queue> {
        let name = self.queue.as_deref()?;
        overview?.queues.iter().find(|q| q.name == name)
    }

    /// Shows `queue`'s tasks in `state`; what was shown before is forgotten when it was another
    /// queue or a state is asked for.
    fn show(&mut self, queue: String, state: Option<TaskState>) {
        if self.queue.as_deref() != Some(queue.as_str()) || state.is_some() {
            self.queue = Some(queue);
            self.tab = TaskState::TABS
                .iter()
                .position(|s| *s == state)
                .unwrap_or(0);
            self.filter = Filter::default();
            self.filter_text.clear();
            self.rows.reset();
            self.cursor.top();
        }
    }

    /// The task actions apply to: the one in the detail, or the selected one.
    fn subject(&self) -> Option<Task> {
        match &self.detail {
            Some(panel) => panel.data.as_ref().map(|d| d.task.clone()),
            None => self.rows.get(self.cursor.selected).cloned(),
        }
    }
}

impl Screen for TasksState {
    fn list_rows(&self, body: Rect) -> usize {
        // The border, the state tabs and the table header.
        body.height.saturating_sub(4) as usize
    }

    fn len(&self, _app: &App) -> usize {
        self.rows.len()
    }

    fn cursor_mut(&mut self) -> Option<&mut Cursor> {
        Some(&mut self.cursor)
    }

    fn refresh(&mut self, _ctx: &mut Ctx<'_>) -> Vec<Command> {
        self.rows.refresh();
        // An open detail is fetched again too, so a cancel or retry from it (or a change made
        // elsewhere) shows; the old answer stays on screen until the new one arrives.
        match &self.detail {
            Some(panel) => vec![Command::Task(panel.id.clone())],
            None => Vec::new(),
        }
    }

    fn wanted(&mut self, rows: usize) -> Vec<Command> {
        let Some(queue) = self.queue.clone() else {
            return Vec::new();
        };
        let window = self.cursor.offset..self.cursor.offset + rows;
        let generation = self.rows.generation();
        let state = self.state();
        let filter = self.filter.clone();
        self.rows
            .wanted(window)
            .into_iter()
            .map(|offset| Command::Tasks {
                generation,
                queue: queue.clone(),
                state,
                filter: filter.clone(),
                offset,
                limit: PAGE as u32,
            })
            .collect()
    }

    fn receive(&mut self, action: Action, ctx: &mut Ctx<'_>) -> Result<After, Action> {
        match action {
            Action::TasksPage {
                generation,
                offset,
                rows,
                total,
            } => Ok(if self.rows.insert(generation, offset, rows, total) {
                After::RefitAndFetch
            } else {
                After::Nothing
            }),
            Action::StateTab(delta) => {
                let n = TaskState::TABS.len() as isize;
                self.tab = (self.tab as isize + delta).rem_euclid(n) as usize;
                self.rows.reset();
                self.cursor.top();
                Ok(After::Fetch)
            }
            Action::TaskDetail(d) => {
                if let Some(panel) = &mut self.detail {
                    panel.fill(&d.task.id.clone(), d);
                }
                Ok(After::Nothing)
            }
            Action::ShowTasks { queue, state } => {
                self.show(queue, state);
                ctx.then(Action::Go(View::Tasks));
                Ok(After::Nothing)
            }
            other => Err(other),
        }
    }

    fn key(&self, code: KeyCode) -> Option<Action> {
        match code {
            KeyCode::Char('h') | KeyCode::Left => Some(Action::StateTab(-1)),
            KeyCode::Char('l') | KeyCode::Right => Some(Action::StateTab(1)),
            KeyCode::Char('C') => Some(Action::Ask(Intent::Cancel)),
            KeyCode::Char('R') => Some(Action::Ask(Intent::Retry)),
            _ => None,
        }
    }

    fn keys(&self, _app: &App) -> Vec<KeyHint> {
        vec![
            ("←/→", "state", None),
            ("Enter", "detail", None),
            ("C", "cancel", Some(Intent::Cancel)),
            ("R", "retry", Some(Intent::Retry)),
        ]
    }

    fn help_keys(&self) -> Vec<(&'static str, &'static str)> {
        vec![("h/l", "previous/next state")]
    }

    fn open(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let Some(id) = self.rows.get(self.cursor.selected).map(|t| t.id.clone()) else {
            return Vec::new();
        };
        self.detail = Some(Panel::loading(id.clone()));
        ctx.opened_detail();
        vec![Command::Task(id)]
    }

    fn filter_text(&self) -> &str {
        &self.filter_text
    }

    fn filter_help(&self) -> Option<&'static str> {
        Some("filter as --filter: handler:H older:2h text; queue:, state: move")
    }

    fn filter_hint(&self) -> &'static str {
        "handler:H older:2h text · queue: and state: move · Enter applies · Esc cancels"
    }

    fn apply_filter(&mut self, text: String, ctx: &mut Ctx<'_>) -> After {
        // The one filter language (`worker_proto::filter`), as `workerctl task ls --filter`
        // reads it. What does not parse, or names a queue or state that is not there, changes
        // nothing.
        let mut parsed = match Filter::parse(&text) {
            Ok(f) => f,
            Err(e) => {
                ctx.say(Level::Error, format!("filter: {e}"));
                return After::Nothing;
            }
        };
        let state = match parsed.state.take() {
            None => None,
            Some(s) => match TaskState::parse(&s) {
                Some(state) => Some(state),
                None => {
                    ctx.say(Level::Error, format!("filter: {s:?} is not a task state"));
                    return After::Nothing;
                }
            },
        };
        let queue = parsed.queue.take();
        if let Some(queue) = &queue
            && !ctx.known_queue(queue)
        {
            ctx.say(Level::Error, format!("filter: no queue named {queue:?}"));
            return After::Nothing;
        }
        if let Some(queue) = queue {
            self.queue = Some(queue);
        }
        if let Some(state) = state {
            self.tab = TaskState::TABS
                .iter()
                .position(|s| *s == Some(state))
                .unwrap_or(0);
        }
        self.filter_text = parsed.to_string();
        self.filter = parsed;
        self.rows.reset();
        self.cursor.top();
        After::RefitAndFetch
    }

    fn takes_args(&self) -> bool {
        true
    }

    /// Queue names, then states.
    fn complete_args(&self, args: &str, app: &App) -> Option<Vec<String>> {
        if !args.contains(' ') {
            return Some(
                app.overview
                    .iter()
                    .flat_map(|o| o.queues.iter())
                    .filter(|q| q.name.starts_with(args))
                    .map(|q| q.name.clone())
                    .collect(),
            );
        }
        let word = args.rsplit(' ').next().unwrap_or("");
        Some(
            TaskState::TABS
                .iter()
                .flatten()
                .map(|s| s.name())
                .filter(|s| s.starts_with(word))
                .map(str::to_string)
                .collect(),
        )
    }

    /// `:tasks QUEUE [STATE]`.
    fn command(&mut self, args: &str, ctx: &mut Ctx<'_>) -> bool {
        let mut words = args.split_whitespace();
        let queue = words.next().unwrap_or_default().to_string();
        let state = match words.next() {
            None => None,
            Some(s) => match TaskState::parse(s) {
                Some(state) => Some(state),
                None => {
                    ctx.say(
                        Level::Error,
                        format!("{s:?} is not a task state; try pending, running, dead…"),
                    );
                    return true;
                }
            },
        };
        if !ctx.known_queue(&queue) {
            ctx.say(Level::Error, format!("no queue named {queue:?}"));
            return true;
        }
        self.show(queue, state);
        ctx.then(Action::Go(View::Tasks));
        true
    }

    fn ask(&mut self, intent: Intent, ctx: &mut Ctx<'_>) {
        if !matches!(intent, Intent::Cancel | Intent::Retry) {
            return;
        }
        let Some(task) = self.subject() else {
            return ctx.nothing_selected();
        };
        let state = task.state();
        if intent == Intent::Cancel {
            if !state.cancellable() {
                ctx.say(
                    Level::Error,
                    format!(
                        "task {} is {}; only unfinished tasks can be cancelled",
                        task.id,
                        state.name()
                    ),
                );
                return;
            }
            let how = if state == TaskState::Running {
                "It is running: its worker is signalled and stops it after the grace period."
            } else {
                "It has not started: it is cancelled at once."
            };
            ctx.confirm(
                &format!("Cancel task {}?", task.id),
                vec![
                    format!(
                        "{} on queue {}, {}, attempt {}.",
                        task.handler,
                        task.queue,
                        state.name(),
                        task.attempts
                    ),
                    how.to_string(),
                    "It ends CANCELLED, not in the DLQ.".to_string(),
                ],
                Op::CancelTask { id: task.id },
            );
        } else {
            if !state.retryable() {
                ctx.say(
                    Level::Error,
                    format!(
                        "task {} is {}; retry applies to scheduled, retrying and finished tasks",
                        task.id,
                        state.name()
                    ),
                );
                return;
            }
            ctx.confirm(
                &format!("Retry task {}?", task.id),
                vec![
                    format!(
                        "{} on queue {}, now {}.",
                        task.handler,
                        task.queue,
                        state.name()
                    ),
                    "It goes back to pending with its attempts reset.".to_string(),
                ],
                Op::RetryTask { id: task.id },
            );
        }
    }

    fn has_detail(&self) -> bool {
        self.detail.is_some()
    }

    fn close_detail(&mut self) -> bool {
        self.detail.take().is_some()
    }

    fn detail_key(&self, code: KeyCode) -> Option<Action> {
        match code {
            KeyCode::Char('C') => Some(Action::Ask(Intent::Cancel)),
            KeyCode::Char('R') => Some(Action::Ask(Intent::Retry)),
            _ => None,
        }
    }

    fn detail_keys(&self) -> Vec<KeyHint> {
        vec![
            ("C", "cancel", Some(Intent::Cancel)),
            ("R", "retry", Some(Intent::Retry)),
        ]
    }

    fn render_detail(&self, app: &App, frame: &mut Frame<'_>, body: Rect) {
        let Some(panel) = &self.detail else {
            return;
        };
        let mut lines = Vec::new();
        match &panel.data {
            None => lines.push(detail::loading()),
            Some(d) => {
                task_lines(app, &d.task, &mut lines);
                payload_lines(&d.payload, d.task.payload_size, &mut lines);
                error_lines(&d.errors, &mut lines);
            }
        }
        detail::show(app, frame, body, format!(" task {} ", panel.id), lines);
    }

    fn render(&self, app: &App, frame: &mut Frame<'_>, area: Rect) {
        render(app, frame, area);
    }
}

fn render(app: &App, frame: &mut Frame<'_>, area: Rect) {
    let tasks = &app.views.tasks;
    let queue = tasks.queue.clone().unwrap_or_default();
    let mut title = format!(" tasks · {queue} ");
    if !tasks.filter_text.is_empty() {
        title = format!(" tasks · {queue} · /{} ", tasks.filter_text);
    }
    let block = panel(title, position(tasks.cursor, tasks.rows.len()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [tabs_area, list_area] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);

    let summary = tasks.summary(app.overview.as_ref());
    let short = area.width < 110;
    let mut tabs = Vec::new();
    for (i, state) in TaskState::TABS.iter().enumerate() {
        let name = match (state, short) {
            (None, _) => "all",
            (Some(TaskState::Pending), true) => "pend",
            (Some(TaskState::Scheduled), true) => "sched",
            (Some(TaskState::Running), true) => "run",
            (Some(TaskState::Retrying), true) => "retry",
            (Some(TaskState::Succeeded), true) => "ok",
            (Some(TaskState::Cancelled), true) => "canc",
            (Some(s), _) => s.name(),
        };
        let label = match summary {
            Some(q) => format!("{name} {}", count(q.count(*state))),
            None => name.to_string(),
        };
        if i > 0 {
            tabs.push(Span::styled("│", theme::dim()));
        }
        if i == tasks.tab {
            let label = format!("›{label}");
            tabs.push(Span::styled(
                label,
                theme::title().add_modifier(ratatui::style::Modifier::REVERSED),
            ));
        } else {
            tabs.push(Span::raw(label));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(tabs)), tabs_area);

    let idw = id_width(area);
    let widths = [
        Constraint::Length(idw),
        Constraint::Length(14),
        Constraint::Length(9),
        Constraint::Length(5),
        Constraint::Length(4),
        Constraint::Min(10),
    ];
    let now = app.now_ms;
    table(
        frame,
        list_area,
        ratatui::widgets::Block::new(),
        &["ID", "HANDLER", "STATE", "ATT", "AGE", "LAST ERROR"],
        &widths,
        tasks.rows.len(),
        tasks.cursor,
        if tasks.rows.total().is_some() {
            "no task in this state"
        } else {
            "loading…"
        },
        |i| {
            let t = tasks.rows.get(i)?;
            let state = t.state().name();
            let state_label = if t.cancel_requested {
                "cancelling"
            } else {
                state
            };
            Some(Row::new([
                Cell::from(short_id(&t.id, idw as usize)),
                Cell::from(one_line(&t.handler, 14)),
                Cell::from(Span::styled(state_label, state_style(state))),
                Cell::from(format!("{}/{}", t.attempts, t.max_retries + 1)),
                Cell::from(ago(now, t.updated_at_ms)),
                Cell::from(Span::styled(one_line(&t.last_error, 200), theme::bad())),
            ]))
        },
    );
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
