//! The dead-letter queue: server-side filters, marks, and paging through any number of
//! entries; Enter opens an entry, `R` replays the marked or selected ones, `N` the oldest N
//! matching the filter, `A` all of them. Enter on a group in the groups view lands here filtered
//! to that group, so `A` replays the group as one.

use std::collections::BTreeSet;

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row};

use super::detail::{self, error_lines, kv, metadata_lines, payload_lines, time_kv};
use super::{KeyHint, Panel, Screen, id_width, panel, position, short_id, table, theme};
use crate::action::{Action, Command, Intent, Op};
use crate::app::{After, App, Ctx, Level, Prompt};
use crate::format::{ago, count, one_line, plural};
use crate::list::{Cursor, PAGE, Paged};
use crate::model::{DlqDetail, DlqEntry, DlqFilter};

#[derive(Debug, Default)]
pub struct DlqState {
    pub filter: DlqFilter,
    pub filter_text: String,
    pub rows: Paged<DlqEntry>,
    pub cursor: Cursor,
    pub marked: BTreeSet<String>,
    pub detail: Option<Panel<DlqDetail>>,
}

impl DlqState {
    /// The entry open in the detail panel, else the marked ones, else the selected one.
    fn chosen(&self) -> Vec<String> {
        match &self.detail {
            Some(panel) => vec![panel.id.clone()],
            None if !self.marked.is_empty() => self.marked.iter().cloned().collect(),
            None => self
                .rows
                .get(self.cursor.selected)
                .map(|e| vec![e.id.clone()])
                .unwrap_or_default(),
        }
    }

    fn confirm_replay(&self, n: u64, total: u64, ctx: &mut Ctx<'_>) {
        let filter = self.filter.clone();
        let which = if let Some(fingerprint) = &filter.fingerprint {
            format!(" of the group {}", group_name(&filter, fingerprint))
        } else if filter.is_empty() {
            String::new()
        } else {
            format!(" matching /{}", self.filter_text)
        };
        let title = if n == total {
            format!("Replay all {} DLQ entries{which}?", count(n as i64))
        } else {
            format!(
                "Replay the oldest {} of {} DLQ entries{which}?",
                count(n as i64),
                count(total as i64)
            )
        };
        // All of them is a server bulk operation; the oldest N are replayed from here.
        let (how, op) = if n == total {
            (
                "Run on the server as a bulk operation; Esc stops it after the current batch.",
                Op::ReplayMatching { filter, total },
            )
        } else {
            (
                "Sent in batches within the server's caps; Esc stops after the current batch.",
                Op::ReplayOldest { filter, limit: n },
            )
        };
        ctx.confirm(
            &title,
            vec![
                "They go back to their queues as pending, attempts reset.".to_string(),
                how.to_string(),
            ],
            op,
        );
    }
}

/// A group as the title and the confirmation name it: handler, queue if filtered, fingerprint.
fn group_name(filter: &DlqFilter, fingerprint: &str) -> String {
    let mut name = filter.handler.clone().unwrap_or_default();
    if let Some(queue) = &filter.queue {
        name.push_str(&format!(" on {queue}"));
    }
    format!("{name}: {fingerprint:?}")
}

impl Screen for DlqState {
    fn len(&self, _app: &App) -> usize {
        self.rows.len()
    }

    fn cursor_mut(&mut self) -> Option<&mut Cursor> {
        Some(&mut self.cursor)
    }

    fn refresh(&mut self, _ctx: &mut Ctx<'_>) -> Vec<Command> {
        self.rows.refresh();
        Vec::new()
    }

    fn wanted(&mut self, rows: usize) -> Vec<Command> {
        let window = self.cursor.offset..self.cursor.offset + rows;
        let generation = self.rows.generation();
        let filter = self.filter.clone();
        self.rows
            .wanted(window)
            .into_iter()
            .map(|offset| Command::Dlq {
                generation,
                filter: filter.clone(),
                offset,
                limit: PAGE as u32,
            })
            .collect()
    }

    fn receive(&mut self, action: Action, ctx: &mut Ctx<'_>) -> Result<After, Action> {
        match action {
            Action::DlqPage {
                generation,
                offset,
                rows,
                total,
            } => Ok(if self.rows.insert(generation, offset, rows, total) {
                After::RefitAndFetch
            } else {
                After::Nothing
            }),
            Action::ToggleMark => {
                let Some(id) = self.rows.get(self.cursor.selected).map(|e| e.id.clone()) else {
                    return Ok(After::Nothing);
                };
                if !self.marked.remove(&id) {
                    self.marked.insert(id);
                }
                Ok(After::Move(1))
            }
            // The filter shows the group's queue and handler, so Esc clears it (and the group)
            // and a new filter replaces it; the fingerprint, which has spaces, shows in the title.
            Action::ShowDlqGroup {
                queue,
                handler,
                fingerprint,
            } => {
                let mut text = Vec::new();
                if let Some(q) = &queue {
                    text.push(format!("queue:{q}"));
                }
                text.push(format!("handler:{handler}"));
                self.filter = DlqFilter {
                    queue,
                    handler: Some(handler),
                    fingerprint: Some(fingerprint),
                    ..DlqFilter::default()
                };
                self.filter_text = text.join(" ");
                self.rows.reset();
                self.cursor.top();
                self.marked.clear();
                self.detail = None;
                ctx.then(Action::Go(super::View::Dlq));
                Ok(After::Nothing)
            }
            Action::DlqDetail(d) => {
                if let Some(panel) = &mut self.detail {
                    panel.fill(&d.entry.id.clone(), d);
                }
                Ok(After::Nothing)
            }
            other => Err(other),
        }
    }

    fn done(&mut self) {
        self.marked.clear();
    }

    fn key(&self, code: KeyCode) -> Option<Action> {
        match code {
            KeyCode::Char(' ') => Some(Action::ToggleMark),
            KeyCode::Char('R') => Some(Action::Ask(Intent::ReplaySelected)),
            KeyCode::Char('N') => Some(Action::Ask(Intent::ReplayN)),
            KeyCode::Char('A') => Some(Action::Ask(Intent::ReplayAll)),
            KeyCode::Char('D') => Some(Action::Ask(Intent::DeleteSelected)),
            KeyCode::Char('X') => Some(Action::Ask(Intent::DeleteAll)),
            _ => None,
        }
    }

    fn keys(&self, _app: &App) -> Vec<KeyHint> {
        vec![
            ("Enter", "detail", None),
            ("Space", "mark", Some(Intent::ReplaySelected)),
            ("R", "replay", Some(Intent::ReplaySelected)),
            ("N", "replay N", Some(Intent::ReplayN)),
            ("A", "replay all", Some(Intent::ReplayAll)),
            ("D", "delete", Some(Intent::DeleteSelected)),
            ("X", "delete all", Some(Intent::DeleteAll)),
        ]
    }

    fn open(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let Some(id) = self.rows.get(self.cursor.selected).map(|e| e.id.clone()) else {
            return Vec::new();
        };
        self.detail = Some(Panel::loading(id.clone()));
        ctx.opened_detail();
        vec![Command::DlqEntry(id)]
    }

    fn back(&mut self, ctx: &mut Ctx<'_>) -> bool {
        if self.marked.is_empty() {
            return false;
        }
        self.marked.clear();
        ctx.say(Level::Info, "marks cleared");
        true
    }

    fn filter_text(&self) -> &str {
        &self.filter_text
    }

    fn filter_help(&self) -> Option<&'static str> {
        Some("filter as --filter: queue:Q handler:H older:2h fp:F text")
    }

    fn filter_hint(&self) -> &'static str {
        "queue:Q handler:H older:2h text · Enter applies · Esc cancels"
    }

    fn apply_filter(&mut self, text: String, ctx: &mut Ctx<'_>) -> After {
        // `/` left as it was (Esc or Enter) keeps the list, and a group, which the text alone
        // could not give back.
        if text == self.filter_text {
            return After::Nothing;
        }
        // The one filter language (`worker_proto::filter`): what `workerctl dlq ls --filter`
        // and the bulk actions read. What does not parse changes nothing.
        let parsed = match DlqFilter::parse(&text) {
            Ok(f) => f,
            Err(e) => {
                ctx.say(Level::Error, format!("filter: {e}"));
                return After::Nothing;
            }
        };
        if parsed.state.as_deref().is_some_and(|s| s != "dead") {
            ctx.say(
                Level::Error,
                "filter: the DLQ holds dead tasks only; leave state: out or say state:dead",
            );
            return After::Nothing;
        }
        self.filter = parsed;
        self.filter_text = text;
        self.rows.reset();
        self.cursor.top();
        self.marked.clear();
        After::RefitAndFetch
    }

    fn takes_args(&self) -> bool {
        true
    }

    fn ask(&mut self, intent: Intent, ctx: &mut Ctx<'_>) {
        match intent {
            Intent::DeleteSelected => {
                let ids = self.chosen();
                if ids.is_empty() {
                    return ctx.nothing_selected();
                }
                let title = if ids.len() == 1 {
                    format!("Delete DLQ entry {}?", ids[0])
                } else {
                    format!("Delete {} marked DLQ entries?", ids.len())
                };
                let lines = vec!["They are gone for good: payload, error history and all.".into()];
                ctx.confirm(&title, lines, Op::DeleteIds { ids });
            }
            Intent::DeleteAll => {
                let total = self.rows.len() as u64;
                if total == 0 {
                    ctx.say(Level::Info, "nothing to delete: no DLQ entry matches");
                    return;
                }
                let which = if self.filter.is_empty() {
                    String::new()
                } else {
                    format!(" matching /{}", self.filter_text)
                };
                ctx.confirm(
                    &format!("Delete all {} DLQ entries{which}?", count(total as i64)),
                    vec![
                        "They are gone for good: payload, error history and all.".to_string(),
                        "A bulk operation on the server; Esc stops it after the current batch."
                            .to_string(),
                    ],
                    Op::DeleteMatching {
                        filter: self.filter.clone(),
                        total,
                    },
                );
            }
            Intent::ReplaySelected => {
                let ids: Vec<String> = match &self.detail {
                    Some(panel) => vec![panel.id.clone()],
                    None if !self.marked.is_empty() => self.marked.iter().cloned().collect(),
                    None => self
                        .rows
                        .get(self.cursor.selected)
                        .map(|e| vec![e.id.clone()])
                        .unwrap_or_default(),
                };
                if ids.is_empty() {
                    return ctx.nothing_selected();
                }
                let title = if ids.len() == 1 {
                    format!("Replay DLQ entry {}?", ids[0])
                } else {
                    format!("Replay {} marked DLQ entries?", ids.len())
                };
                let mut lines =
                    vec!["They go back to their queues as pending, attempts reset.".to_string()];
                if ids.len() > 1 {
                    let shown: Vec<&str> = ids.iter().take(3).map(String::as_str).collect();
                    lines.push(format!(
                        "{}{}",
                        shown.join(", "),
                        if ids.len() > 3 {
                            format!(" and {} more", ids.len() - 3)
                        } else {
                            String::new()
                        }
                    ));
                }
                ctx.confirm(&title, lines, Op::ReplayIds { ids });
            }
            Intent::ReplayN => {
                if self.rows.is_empty() {
                    ctx.say(Level::Info, "nothing to replay: no DLQ entry matches");
                    return;
                }
                ctx.prompt(Prompt::ReplayN);
            }
            Intent::ReplayAll => {
                let total = self.rows.len() as u64;
                if total == 0 {
                    ctx.say(Level::Info, "nothing to replay: no DLQ entry matches");
                    return;
                }
                self.confirm_replay(total, total, ctx);
            }
            _ => {}
        }
    }

    fn question(&self, prompt: &Prompt) -> String {
        match prompt {
            Prompt::ReplayN => format!(
                "replay how many of the oldest {} entries? ",
                count(self.rows.len() as i64)
            ),
            _ => String::new(),
        }
    }

    fn prompted(&mut self, prompt: Prompt, text: &str, ctx: &mut Ctx<'_>) {
        if prompt != Prompt::ReplayN {
            return;
        }
        let total = self.rows.len() as u64;
        match text.parse::<u64>() {
            Ok(n) if n > 0 => self.confirm_replay(n.min(total), total, ctx),
            _ => ctx.say(
                Level::Error,
                format!("{text:?} is not a count: give how many of the oldest entries to replay"),
            ),
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
            KeyCode::Char('R') => Some(Action::Ask(Intent::ReplaySelected)),
            _ => None,
        }
    }

    fn detail_keys(&self) -> Vec<KeyHint> {
        vec![("R", "replay", Some(Intent::ReplaySelected))]
    }

    fn render_detail(&self, app: &App, frame: &mut Frame<'_>, body: Rect) {
        let Some(panel) = &self.detail else {
            return;
        };
        let mut lines = Vec::new();
        match &panel.data {
            None => lines.push(detail::loading()),
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
        detail::show(app, frame, body, format!(" dlq entry {} ", panel.id), lines);
    }

    fn render(&self, app: &App, frame: &mut Frame<'_>, area: Rect) {
        render(app, frame, area);
    }
}

fn render(app: &App, frame: &mut Frame<'_>, area: Rect) {
    let d = &app.views.dlq;
    let mut title = match d.rows.total() {
        Some(n) => format!(" dlq · {} ", plural(n as i64, "entry", "entries")),
        None => " dlq ".to_string(),
    };
    if !d.filter_text.is_empty() {
        title.push_str(&format!("· /{} ", d.filter_text));
    }
    if let Some(fingerprint) = &d.filter.fingerprint {
        title.push_str(&format!("· group {fingerprint:?} "));
    }
    if !d.marked.is_empty() {
        title.push_str(&format!("· {} marked ", d.marked.len()));
    }
    let idw = id_width(area);
    let widths = [
        Constraint::Length(1),
        Constraint::Length(idw),
        Constraint::Length(10),
        Constraint::Length(12),
        Constraint::Length(3),
        Constraint::Length(11),
        Constraint::Length(4),
        Constraint::Min(10),
    ];
    let now = app.now_ms;
    table(
        frame,
        area,
        panel(title, position(d.cursor, d.rows.len())),
        &[
            "",
            "ID",
            "QUEUE",
            "HANDLER",
            "ATT",
            "REASON",
            "AGE",
            "LAST ERROR",
        ],
        &widths,
        d.rows.len(),
        d.cursor,
        if d.rows.total().is_some() {
            if d.filter.is_empty() {
                "the DLQ is empty"
            } else {
                "no DLQ entry matches the filter"
            }
        } else {
            "loading…"
        },
        |i| {
            let e = d.rows.get(i)?;
            let mark = if d.marked.contains(&e.id) { "●" } else { " " };
            Some(Row::new([
                Cell::from(Span::styled(mark, theme::warn())),
                Cell::from(short_id(&e.id, idw as usize)),
                Cell::from(one_line(&e.queue, 10)),
                Cell::from(one_line(&e.handler, 12)),
                Cell::from(e.attempts.to_string()),
                Cell::from(one_line(&e.reason, 11)),
                Cell::from(ago(now, e.failed_at_ms)),
                Cell::from(Span::styled(one_line(&e.last_error, 200), theme::bad())),
            ]))
        },
    );
}
