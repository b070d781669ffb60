//! The dashboard's frame cost: the DLQ view with ten thousand rows loaded, scrolled a page per
//! frame, at 80×24 and 200×50, beside the floor of drawing an empty frame of the same size.

use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use worker_tui::model::DlqEntry;
use worker_tui::{Action, App, Options, Role, View};

/// Rows in the DLQ under test.
pub(crate) const ROWS: u64 = 10_000;

fn app(width: u16, height: u16) -> App {
    let options = Options {
        server: "127.0.0.1:50052".into(),
        identity: "bench".into(),
        role: Role::Admin,
        readonly: false,
        refresh: Duration::from_secs(2),
    };
    let now = worker_tui::now_ms();
    let mut app = App::new(options, width, height, now);
    app.start();
    app.update(Action::Go(View::Dlq));
    let generation = app.views.dlq.rows.generation();
    for page in 0..ROWS / 100 {
        let rows = (page * 100..page * 100 + 100)
            .map(|i| DlqEntry {
                id: format!("019ab0c0-0000-7000-8000-{i:012}"),
                queue: "default".into(),
                handler: "send_email".into(),
                attempts: 4,
                failed_at_ms: now - i as i64 * 1_000,
                reason: "retries_exhausted".into(),
                last_error: format!("smtp: 421 try again later (entry {i})"),
            })
            .collect();
        app.update(Action::DlqPage {
            generation,
            offset: page * 100,
            rows,
            total: ROWS,
        });
    }
    app
}

/// Mean time per frame over `frames` frames: (the DLQ view scrolling, an empty frame).
pub(crate) fn frame_cost(width: u16, height: u16, frames: u32) -> (Duration, Duration) {
    let mut app = app(width, height);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
    let start = Instant::now();
    for i in 0..frames {
        // A page down per frame (and back to the top at the end), so every frame differs.
        let action = if app.views.dlq.cursor.selected + 1 >= ROWS as usize {
            Action::Top
        } else if i % 2 == 0 {
            Action::PageDown
        } else {
            Action::Move(1)
        };
        app.update(action);
        terminal
            .draw(|f| worker_tui::views::render(&app, f))
            .expect("draw");
    }
    let ours = start.elapsed() / frames;
    let mut empty = Terminal::new(TestBackend::new(width, height)).expect("test backend");
    let start = Instant::now();
    for _ in 0..frames {
        empty.draw(|_| {}).expect("draw");
    }
    (ours, start.elapsed() / frames)
}
