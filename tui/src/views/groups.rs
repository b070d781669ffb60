//! The DLQ grouped by cause: one row per handler and error fingerprint, largest first, with the
//! selected group's sample below; `queue:Q handler:H` filters on the server, other text here.
//! Enter opens the DLQ filtered to the group, `A` replays the whole group.

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row};

use super::detail::kv;
use super::{KeyHint, Screen, panel, position, table, theme};
use crate::action::{Action, Command, Intent, Op};
use crate::app::{After, App, Ctx, Level};
use crate::filter;
use crate::format::{ago, count, one_line, plural};
use crate::list::Cursor;
use crate::model::{DlqFilter, DlqGroup, DlqGroups};

/// Groups fetched per refresh: far more causes than anyone reads, and within the server's cap.
pub const GROUPS_FETCHED: u32 = 500;

/// Rows of the sample panel under the table: its border and three lines.
const SAMPLE_HEIGHT: u16 = 5;

#[derive(Debug, Default)]
pub struct GroupsState {
    /// The server's part of the filter: queue and handler only.
    pub filter: DlqFilter,
    pub filter_text: String,
    /// The free text of the filter, matched here.
    text: String,
    pub data: Option<DlqGroups>,
    pub cursor: Cursor,
}

impl GroupsState {
    /// The groups matching the filter's free text, largest first.
    pub fn visible(&self) -> Vec<&DlqGroup> {
        let Some(data) = &self.data else {
            return Vec::new();
        };
        data.groups
            .iter()
            .filter(|g| {
                filter::matches(
                    &self.text,
                    &[
                        &g.handler,
                        &g.fingerprint,
                        &g.sample_error,
                        &g.queues.join(" "),
                    ],
                )
            })
            .collect()
    }

    fn selected(&self) -> Option<DlqGroup> {
        self.visible()
            .get(self.cursor.selected)
            .map(|g| (*g).clone())
    }

    /// The DLQ filter that lists exactly the entries `g` counted.
    fn entries_of(&self, g: &DlqGroup) -> DlqFilter {
        DlqFilter {
            queue: self.filter.queue.clone(),
            handler: Some(g.handler.clone()),
            fingerprint: Some(g.fingerprint.clone()),
            ..DlqFilter::default()
        }
    }

    fn fetch(&self) -> Command {
        Command::DlqGroups {
            filter: self.filter.clone(),
            limit: GROUPS_FETCHED,
        }
    }
}

impl Screen for GroupsState {
    fn list_rows(&self, body: Rect) -> usize {
        body.height.saturating_sub(3 + SAMPLE_HEIGHT) as usize
    }

    fn len(&self, _app: &App) -> usize {
        self.visible().len()
    }

    fn cursor_mut(&mut self) -> Option<&mut Cursor> {
        Some(&mut self.cursor)
    }

    fn refresh(&mut self, _ctx: &mut Ctx<'_>) -> Vec<Command> {
        vec![self.fetch()]
    }

    fn receive(&mut self, action: Action, _ctx: &mut Ctx<'_>) -> Result<After, Action> {
        match action {
            Action::DlqGroups { filter, mut groups } => {
                // An answer to a filter since replaced would show groups the filter excludes.
                if filter != self.filter {
                    return Ok(After::Nothing);
                }
                groups.groups.sort_by_key(|g| std::cmp::Reverse(g.count));
                self.data = Some(groups);
                Ok(After::Refit)
            }
            other => Err(other),
        }
    }

    fn key(&self, code: KeyCode) -> Option<Action> {
        match code {
            KeyCode::Char('A') => Some(Action::Ask(Intent::ReplayAll)),
            KeyCode::Char('D') => Some(Action::Ask(Intent::DeleteAll)),
            _ => None,
        }
    }

    fn keys(&self, _app: &App) -> Vec<KeyHint> {
        vec![
            ("Enter", "entries", None),
            ("A", "replay group", Some(Intent::ReplayAll)),
            ("D", "delete group", Some(Intent::DeleteAll)),
        ]
    }

    fn open(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        if let Some(g) = self.selected() {
            ctx.then(Action::ShowDlqGroup {
                queue: self.filter.queue.clone(),
                handler: g.handler,
                fingerprint: g.fingerprint,
            });
        }
        Vec::new()
    }

    fn filter_text(&self) -> &str {
        &self.filter_text
    }

    fn filter_help(&self) -> Option<&'static str> {
        Some("filter: queue:Q handler:H, text over handler, fingerprint, error, queues")
    }

    fn filter_hint(&self) -> &'static str {
        "queue:NAME handler:NAME text · Enter applies · Esc cancels"
    }

    fn apply_filter(&mut self, text: String, ctx: &mut Ctx<'_>) -> After {
        let parsed = match filter::parse(&text, &["queue", "handler"]) {
            Ok(p) => p,
            Err(e) => {
                ctx.say(Level::Error, e);
                return After::Nothing;
            }
        };
        let server = DlqFilter {
            queue: parsed.keys.get("queue").cloned(),
            handler: parsed.keys.get("handler").cloned(),
            ..DlqFilter::default()
        };
        self.text = parsed.text;
        self.filter_text = text;
        self.cursor.top();
        if server == self.filter {
            return After::Refit;
        }
        self.filter = server;
        self.data = None;
        After::Send(vec![self.fetch()])
    }

    fn takes_args(&self) -> bool {
        true
    }

    fn ask(&mut self, intent: Intent, ctx: &mut Ctx<'_>) {
        if intent != Intent::ReplayAll && intent != Intent::DeleteAll {
            return;
        }
        let Some(g) = self.selected() else {
            return if self.data.is_some() {
                ctx.nothing_selected()
            } else {
                ctx.not_loaded()
            };
        };
        let filter = self.entries_of(&g);
        if intent == Intent::DeleteAll {
            return ctx.confirm(
                &format!(
                    "Delete all {} of {}'s DLQ entries failing with {:?}?",
                    count(g.count as i64),
                    g.handler,
                    g.fingerprint
                ),
                vec![
                    format!("Sample error: {}", one_line(&g.sample_error, 200)),
                    "They are gone for good; a bulk operation on the server, Esc stops it."
                        .to_string(),
                ],
                Op::DeleteMatching {
                    filter,
                    total: g.count,
                },
            );
        }
        let queues = if g.queues.is_empty() {
            String::new()
        } else {
            format!(" in {}", g.queues.join(", "))
        };
        ctx.confirm(
            &format!(
                "Replay all {} of {}'s DLQ entries failing with {:?}?",
                count(g.count as i64),
                g.handler,
                g.fingerprint
            ),
            vec![
                format!(
                    "The {} counted now{queues} go back to their queues as pending, attempts \
                     reset.",
                    plural(g.count as i64, "entry", "entries")
                ),
                format!("Sample error: {}", one_line(&g.sample_error, 200)),
                "A bulk operation on the server; Esc stops it after the current batch.".to_string(),
            ],
            Op::ReplayMatching {
                filter,
                total: g.count,
            },
        );
    }

    fn render(&self, app: &App, frame: &mut Frame<'_>, area: Rect) {
        render(app, frame, area);
    }
}

fn render(app: &App, frame: &mut Frame<'_>, area: Rect) {
    let s = &app.views.groups;
    let [list, sample] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(SAMPLE_HEIGHT)]).areas(area);
    let mut title = match &s.data {
        Some(d) => format!(
            " dlq groups · {} of {} ",
            plural(d.total_groups as i64, "cause", "causes"),
            plural(d.total_entries as i64, "entry", "entries")
        ),
        None => " dlq groups ".to_string(),
    };
    if !s.filter_text.is_empty() {
        title.push_str(&format!("· /{} ", s.filter_text));
    }
    let visible = s.visible();
    let wide = area.width >= 120;
    let (handler_w, queues_w, age_w) = if wide { (18, 20, 12) } else { (12, 10, 6) };
    let widths = [
        Constraint::Length(6),
        Constraint::Length(handler_w),
        Constraint::Min(16),
        Constraint::Length(age_w),
        Constraint::Length(age_w),
        Constraint::Length(queues_w),
    ];
    let (last, first) = if wide {
        ("LAST FAILED", "FIRST FAILED")
    } else {
        ("LAST", "FIRST")
    };
    let now = app.now_ms;
    table(
        frame,
        list,
        panel(title, position(s.cursor, visible.len())),
        &["COUNT", "HANDLER", "FINGERPRINT", last, first, "QUEUES"],
        &widths,
        visible.len(),
        s.cursor,
        match &s.data {
            Some(d) if d.groups.is_empty() && s.filter.queue.is_none() => "the DLQ is empty",
            Some(_) => "no group matches the filter",
            None => "loading…",
        },
        |i| {
            let g = visible.get(i)?;
            Some(Row::new([
                Cell::from(count(g.count as i64)),
                Cell::from(one_line(&g.handler, handler_w as usize)),
                Cell::from(Span::styled(one_line(&g.fingerprint, 300), theme::bad())),
                Cell::from(ago(now, g.last_failed_at_ms)),
                Cell::from(ago(now, g.first_failed_at_ms)),
                Cell::from(one_line(&g.queues.join(","), queues_w as usize)),
            ]))
        },
    );
    let block = panel(" sample ", None);
    let inner = block.inner(sample);
    frame.render_widget(block, sample);
    let lines = match visible.get(s.cursor.selected) {
        Some(g) => vec![
            kv("fingerprint", one_line(&g.fingerprint, 500)),
            kv("sample task", g.sample_task_id.clone()),
            Line::from(vec![
                Span::styled(format!("{:<16}", "sample error"), theme::dim()),
                Span::styled(one_line(&g.sample_error, 500), theme::bad()),
            ]),
        ],
        None => vec![Line::from(Span::styled("no group selected", theme::dim()))],
    };
    frame.render_widget(Paragraph::new(lines), inner);
}
