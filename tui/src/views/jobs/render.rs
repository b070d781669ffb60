//! Drawing the jobs view: the definitions above, the selected job's runs below, and the open
//! run over both with its facts and the visible window of its log (only the rows on screen are
//! built, however long the log).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row};

use super::{Feed, Focus, JobsState, LOG_BYTES, LOG_LINES, LogStream, RunPanel};
use crate::app::App;
use crate::format::{ago, clock, count, one_line, short_ms, timestamp};
use crate::list::Cursor;
use crate::model::{Job, JobRun};
use crate::views::{id_width, panel, popup, position, short_id, table, theme};

/// Lines of facts above the log in a run's detail.
const FACT_ROWS: u16 = 5;

/// The jobs table above (two fifths, at least five rows), the runs below.
pub(super) fn split(body: Rect) -> (Rect, Rect) {
    let jobs = (body.height * 2 / 5).max(6).min(body.height);
    let [top, bottom] =
        Layout::vertical([Constraint::Length(jobs), Constraint::Min(0)]).areas(body);
    (top, bottom)
}

/// The run detail's facts and log areas inside its popup over `body`.
fn detail_areas(body: Rect) -> (Rect, Rect) {
    let inner = panel("", None).inner(body);
    let [facts, log] =
        Layout::vertical([Constraint::Length(FACT_ROWS), Constraint::Min(0)]).areas(inner);
    (facts, log)
}

/// Rows of log on screen in a run's detail over `body`.
pub(super) fn log_rows(body: Rect) -> usize {
    let (_, log) = detail_areas(body);
    panel("", None).inner(log).height as usize
}

pub(super) fn status_style(status: &str) -> Style {
    match status {
        "succeeded" | "running" => theme::good(),
        "failed" => theme::bad(),
        "queued" | "retrying" => theme::warn(),
        "cancelled" => theme::dim(),
        _ => Style::new(),
    }
}

/// `512M`, `2G`; `dflt` for the node's default (0).
fn memory(mb: i64) -> String {
    match mb {
        0 => "dflt".into(),
        mb if mb % 1024 == 0 => format!("{}G", mb / 1024),
        mb => format!("{mb}M"),
    }
}

fn or_default(set: bool, value: String) -> String {
    if set { value } else { "dflt".into() }
}

/// How a run ended, in a few words: the exit code, OOM, a timeout.
fn exit(run: &JobRun) -> String {
    let mut words = Vec::new();
    if let Some(code) = run.exit_code {
        words.push(code.to_string());
    }
    if run.oom_killed {
        words.push("OOM".into());
    }
    if run.timed_out {
        words.push("timeout".into());
    }
    if words.is_empty() {
        "-".into()
    } else {
        words.join(" ")
    }
}

/// How long the run waited to start; still waiting counts up to now.
fn waited(run: &JobRun, now: i64) -> String {
    if run.queue_delay_ms > 0 {
        short_ms(run.queue_delay_ms)
    } else if run.status == "queued" && run.queued_at_ms > 0 {
        short_ms(now - run.queued_at_ms)
    } else {
        "-".into()
    }
}

/// How long it ran; a running one counts up to now.
fn took(run: &JobRun, now: i64) -> String {
    if run.duration_ms > 0 {
        short_ms(run.duration_ms)
    } else if run.status == "running" && run.started_at_ms > 0 {
        short_ms(now - run.started_at_ms)
    } else {
        "-".into()
    }
}

fn commit(run: &JobRun) -> String {
    run.resolved_commit.chars().take(8).collect()
}

pub(super) fn render(app: &App, s: &JobsState, frame: &mut Frame<'_>, area: Rect) {
    let (top, bottom) = split(area);
    jobs_table(app, s, frame, top);
    runs_table(app, s, frame, bottom);
}

fn jobs_table(app: &App, s: &JobsState, frame: &mut Frame<'_>, area: Rect) {
    let jobs = s.visible();
    let wide = area.width >= 110;
    let name_width = jobs
        .iter()
        .map(|j| j.name.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(6, if wide { 24 } else { 14 }) as u16;
    let mut header = vec![
        "NAME", "SOURCE", "QUEUE", "CPUS", "MEM", "PIDS", "LAST RUN", "WHEN",
    ];
    let mut widths = vec![
        Constraint::Length(name_width),
        Constraint::Length(12),
        Constraint::Min(6),
        Constraint::Length(4),
        Constraint::Length(5),
        Constraint::Length(5),
        Constraint::Length(9),
        Constraint::Length(4),
    ];
    if wide {
        header.insert(2, "FROM");
        widths.insert(2, Constraint::Min(24));
        widths[3] = Constraint::Length(12);
        header.push("TIMEOUT");
        widths.push(Constraint::Length(8));
    }
    let title = if s.filter.is_empty() {
        " jobs ".to_string()
    } else {
        format!(" jobs · /{} ", s.filter)
    };
    let now = app.now_ms;
    table(
        frame,
        area,
        panel(title, position(s.cursor, jobs.len())),
        &header,
        &widths,
        jobs.len(),
        s.cursor,
        if !s.loaded {
            "loading…"
        } else if s.jobs.is_empty() {
            "no job yet: workerctl job apply -f JOB.toml"
        } else {
            "no job matches"
        },
        |i| {
            let j: &Job = jobs.get(i)?;
            let last = s.last_runs.get(&j.name);
            let mut cells = vec![
                Cell::from(j.name.clone()),
                Cell::from(j.source.clone()),
                Cell::from(j.queue.clone()),
                Cell::from(or_default(j.cpus > 0.0, format!("{}", j.cpus))),
                Cell::from(memory(j.memory_mb)),
                Cell::from(or_default(j.pids > 0, j.pids.to_string())),
                Cell::from(Span::styled(
                    last.map_or("-".to_string(), |r| r.status.clone()),
                    last.map_or(Style::new(), |r| status_style(&r.status)),
                )),
                Cell::from(last.map_or("-".to_string(), |r| ago(now, r.queued_at_ms))),
            ];
            if wide {
                cells.insert(2, Cell::from(j.origin.clone()));
                cells.push(Cell::from(or_default(
                    j.timeout_seconds > 0,
                    short_ms(i64::from(j.timeout_seconds) * 1_000),
                )));
            }
            Some(Row::new(cells))
        },
    );
}

fn runs_table(app: &App, s: &JobsState, frame: &mut Frame<'_>, area: Rect) {
    let job = s.selected_job();
    let runs = s.shown_runs().unwrap_or(&[]);
    let wide = area.width >= 110;
    let mut header = vec![
        "RUN", "STATUS", "BY", "QUEUED", "WAITED", "TOOK", "EXIT", "COMMIT",
    ];
    let mut widths = vec![
        Constraint::Length(id_width(area)),
        Constraint::Length(9),
        Constraint::Min(6),
        Constraint::Length(6),
        Constraint::Length(6),
        Constraint::Length(6),
        Constraint::Length(7),
        Constraint::Length(8),
    ];
    if wide {
        header.extend(["STARTED", "FINISHED", "TRY", "ERROR"]);
        widths.extend([
            Constraint::Length(8),
            Constraint::Length(8),
            Constraint::Length(3),
            Constraint::Min(10),
        ]);
    }
    let title = match job {
        Some(j) if s.focus == Focus::Runs => format!(" runs of {} ", j.name),
        Some(j) => format!(" runs of {} · Enter ", j.name),
        None => " runs ".to_string(),
    };
    // Only the focused list shows a selection.
    let cursor = if s.focus == Focus::Runs {
        s.runs_cursor
    } else {
        Cursor {
            selected: usize::MAX,
            offset: 0,
        }
    };
    let now = app.now_ms;
    let id_w = id_width(area) as usize;
    table(
        frame,
        area,
        panel(
            title,
            if s.focus == Focus::Runs {
                position(s.runs_cursor, runs.len())
            } else {
                None
            },
        ),
        &header,
        &widths,
        runs.len(),
        cursor,
        match (job, s.shown_runs()) {
            (None, _) => "no job selected",
            (Some(_), None) => "loading…",
            (Some(_), Some(_)) => "no run yet: R runs it now",
        },
        |i| {
            let r = runs.get(i)?;
            let mut cells = vec![
                Cell::from(short_id(&r.run_id, id_w)),
                Cell::from(Span::styled(r.status.clone(), status_style(&r.status))),
                Cell::from(r.by()),
                Cell::from(ago(now, r.queued_at_ms)),
                Cell::from(waited(r, now)),
                Cell::from(took(r, now)),
                Cell::from(Span::styled(
                    exit(r),
                    if r.oom_killed || r.timed_out || r.exit_code.is_some_and(|c| c != 0) {
                        theme::bad()
                    } else {
                        Style::new()
                    },
                )),
                Cell::from(commit(r)),
            ];
            if wide {
                cells.extend([
                    Cell::from(clock(r.started_at_ms)),
                    Cell::from(clock(r.finished_at_ms)),
                    Cell::from(r.attempt.to_string()),
                    Cell::from(Span::styled(one_line(&r.error, 200), theme::bad())),
                ]);
            }
            Some(Row::new(cells))
        },
    );
}

fn fact(name: &str, value: impl Into<String>) -> Vec<Span<'static>> {
    vec![
        Span::styled(format!("{name} "), theme::dim()),
        Span::raw(value.into()),
    ]
}

fn facts(app: &App, run: &JobRun) -> Vec<Line<'static>> {
    let now = app.now_ms;
    let mut first = vec![Span::styled(run.status.clone(), status_style(&run.status))];
    first.push(Span::raw(format!("  attempt {}", run.attempt.max(1))));
    first.extend(fact("  by", run.by()));
    first.extend(fact("  exit", exit(run)));
    if let Some(peak) = run.peak_memory_bytes {
        first.extend(fact(" · peak", format!("{} MB", count(peak / (1 << 20)))));
    }
    let mut times = fact("queued", timestamp(run.queued_at_ms));
    times.extend(fact(" · waited", waited(run, now)));
    times.extend(fact(" · started", clock(run.started_at_ms)));
    times.extend(fact(" · took", took(run, now)));
    let spec = run.spec.clone().unwrap_or_default();
    let mut source = fact("source", format!("{} {}", spec.source, spec.origin));
    if !run.resolved_commit.is_empty() {
        source.extend(fact(" · commit", run.resolved_commit.clone()));
    }
    let mut limits = fact("queue", spec.queue.clone());
    limits.extend(fact(
        " · limits",
        format!(
            "cpus {}, memory {}, pids {}",
            or_default(spec.cpus > 0.0, format!("{}", spec.cpus)),
            memory(spec.memory_mb),
            or_default(spec.pids > 0, spec.pids.to_string())
        ),
    ));
    limits.extend(fact(
        " · output",
        format!("{} bytes", count(run.output_bytes)),
    ));
    if run.truncated {
        limits.push(Span::styled(" (cut at the server's cap)", theme::warn()));
    }
    let last = if run.error.is_empty() {
        Line::from(fact("finished", timestamp(run.finished_at_ms)))
    } else {
        Line::from(vec![
            Span::styled("error ", theme::dim()),
            Span::styled(one_line(&run.error, 300), theme::bad()),
        ])
    };
    vec![
        Line::from(first),
        Line::from(times),
        Line::from(source),
        Line::from(limits),
        last,
    ]
}

fn line_style(stream: LogStream) -> Style {
    match stream {
        LogStream::Stdout => Style::new(),
        LogStream::Stderr => theme::bad(),
        LogStream::Build => theme::dim(),
        LogStream::System => theme::warn(),
    }
}

pub(super) fn run_detail(app: &App, p: &RunPanel, frame: &mut Frame<'_>, body: Rect) {
    let job = p.run.as_ref().map_or("", |r| r.job.as_str());
    // The popup's inside is what `detail_areas` splits.
    popup(
        frame,
        body,
        panel(format!(" run {} · job {job} ", p.run_id), None),
    );
    let (facts_area, log_area) = detail_areas(body);
    let lines = match &p.run {
        Some(run) => facts(app, run),
        None => vec![Line::from(Span::styled("loading…", theme::dim()))],
    };
    frame.render_widget(Paragraph::new(lines), facts_area);

    let log = &p.log;
    let height = log_rows(body);
    let top = p.scroll.top(log, height);
    let end = log.end();
    let state = match &p.feed {
        Feed::Following(_) if p.scroll.follow => " log · following ".to_string(),
        Feed::Following(_) => " log · held; End follows ".to_string(),
        Feed::Ended => " log · complete ".to_string(),
        Feed::Broken(why) => format!(" log · interrupted ({}); retrying ", one_line(why, 40)),
    };
    let shown = (end.min(top + height as u64)).saturating_sub(top.max(log.dropped()));
    let where_ = (end > 0).then(|| {
        format!(
            " {}-{} of {} ",
            count(top.max(log.dropped()) as i64 + 1),
            count((top.max(log.dropped()) + shown) as i64),
            count(end as i64)
        )
    });
    let block = panel(state, where_);
    let text_area = block.inner(log_area);
    frame.render_widget(block, log_area);
    let mut rows: Vec<Line<'static>> = Vec::with_capacity(height);
    if log.is_empty() {
        rows.push(Line::from(Span::styled(
            if p.feed == Feed::Ended {
                "(no output)"
            } else {
                "(no output yet)"
            },
            theme::dim(),
        )));
    }
    for n in top..end.min(top + height as u64) {
        match log.line(n) {
            Some(line) => rows.push(Line::from(Span::styled(
                line.text.clone(),
                line_style(line.stream),
            ))),
            None => rows.push(Line::from(Span::styled(
                format!(
                    "… {} earlier lines dropped; the dashboard keeps the last {} lines ({} KiB); \
                     workerctl job logs {} has them all",
                    count(log.dropped() as i64),
                    count(LOG_LINES as i64),
                    LOG_BYTES / 1024,
                    p.run_id
                ),
                theme::warn(),
            ))),
        }
    }
    frame.render_widget(Paragraph::new(rows), text_area);
}
