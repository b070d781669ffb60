//! `worker-tui`: the live terminal dashboard behind `workerctl dash`. It is a client of
//! `worker.v1.AdminService` only, like the CLI; it never opens a store.
//!
//! # Layout
//!
//! - [`app`]: the app-wide state and `App::update(Action) -> Vec<Command>`, dispatching to the
//!   view on screen; the keymap, command line, filters, prompts, confirmations, bulk progress,
//!   status line, alerts and who may do what. No I/O.
//! - [`views`]: one module per view, each owning its state, keys, filter, actions and drawing
//!   (a pure function of `App`), listed once in the registry of `views`; the header, status
//!   line, key hints, popups and widgets shared by all. [`layout`] is shared with the app so
//!   both agree on page sizes.
//! - [`action`]: the closed `Action` (intents and data arrivals) and `Command` (requests to the
//!   client) enums.
//! - [`client`]: the background task that owns the gRPC client: commands in, actions out,
//!   the event stream with reconnection, bulk replays in batches.
//! - `convert`: `worker.v1` messages to [`model`] records (the only other module naming proto
//!   types).
//! - [`list`]: the scrolling cursor and the page cache that virtualizes long lists.
//! - [`run`] and [`run_loop`]: the terminal and the one `select!` that merges keys, ticks and
//!   client actions.

pub mod action;
pub mod app;
pub mod client;
mod convert;
mod filter;
pub mod format;
pub mod layout;
pub mod list;
pub mod model;
pub mod views;

use std::io;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crossterm::event::{Event as TermEvent, EventStream};
use futures::{Stream, StreamExt};
use ratatui::Terminal;
use ratatui::backend::Backend;
use tokio::sync::mpsc;

pub use action::{Action, Command};
pub use app::{App, Options, Role};
pub use client::Connection;
pub use views::View;

/// How often the clock ticks (status expiry, refresh scheduling).
const TICK: Duration = Duration::from_millis(250);
/// Bound of both channels between the app and the client.
const CHANNEL: usize = 256;

/// Milliseconds since the epoch: the only clock the dashboard reads, here at the edge.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// Takes over the terminal, runs the dashboard until the operator quits, and gives the terminal
/// back, also after an error. A panic restores it too (ratatui's hook).
pub async fn run(conn: Connection, options: Options) -> io::Result<()> {
    let mut terminal = ratatui::try_init()?;
    let result = run_on(&mut terminal, conn, options).await;
    ratatui::restore();
    result
}

async fn run_on<B: Backend>(
    terminal: &mut Terminal<B>,
    conn: Connection,
    options: Options,
) -> io::Result<()>
where
    B::Error: Send + Sync + 'static,
{
    let size = terminal.size().map_err(io::Error::other)?;
    let (command_tx, command_rx) = mpsc::channel(CHANNEL);
    let (action_tx, action_rx) = mpsc::channel(CHANNEL);
    let client = tokio::spawn(client::run(conn, command_rx, action_tx.clone()));
    // SIGTERM and SIGHUP end the dashboard like `q`, so the terminal is restored.
    let signals = tokio::spawn(async move {
        use tokio::signal::unix::{SignalKind, signal};
        let (Ok(mut term), Ok(mut hup)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::hangup()),
        ) else {
            return;
        };
        tokio::select! {
            _ = term.recv() => {}
            _ = hup.recv() => {}
        }
        let _ = action_tx.send(Action::Quit).await;
    });
    let mut app = App::new(options, size.width, size.height, now_ms());
    let result = run_loop(
        terminal,
        &mut app,
        EventStream::new(),
        action_rx,
        command_tx,
        TICK,
    )
    .await;
    signals.abort();
    client.abort();
    result
}

/// The event loop, generic over the backend so tests can drive it: keys and resizes from
/// `input`, data from `actions`, a clock tick; each becomes an action, the commands it yields
/// go to the client, and the screen is drawn once per batch.
pub async fn run_loop<B, S>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    mut input: S,
    mut actions: mpsc::Receiver<Action>,
    commands: mpsc::Sender<Command>,
    tick: Duration,
) -> io::Result<()>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
    S: Stream<Item = io::Result<TermEvent>> + Unpin,
{
    let send = |app: &mut App, out: Vec<Command>| {
        for command in out {
            let user = matches!(command, Command::Run(_) | Command::StopBulk);
            if let Err(mpsc::error::TrySendError::Full(_)) = commands.try_send(command)
                && user
            {
                app.update(Action::Refused(
                    "the dashboard is busy; try again in a moment".into(),
                ));
            }
        }
    };
    let first = app.start();
    send(app, first);
    let mut ticker = tokio::time::interval(tick);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    terminal
        .draw(|f| views::render(app, f))
        .map_err(io::Error::other)?;
    loop {
        let action = tokio::select! {
            event = input.next() => match event {
                None => Some(Action::Quit),
                Some(Err(e)) => return Err(e),
                Some(Ok(TermEvent::Key(key))) => app.key(key),
                Some(Ok(TermEvent::Resize(width, height))) => Some(Action::Resize { width, height }),
                Some(Ok(_)) => None,
            },
            Some(action) = actions.recv() => Some(action),
            _ = ticker.tick() => Some(Action::Tick { now_ms: now_ms() }),
        };
        if let Some(action) = action {
            let out = app.update(action);
            send(app, out);
        }
        // Everything already queued is applied before the next frame, so a burst costs one draw.
        for _ in 0..CHANNEL {
            let Ok(action) = actions.try_recv() else {
                break;
            };
            let out = app.update(action);
            send(app, out);
        }
        if app.quit {
            return Ok(());
        }
        terminal
            .draw(|f| views::render(app, f))
            .map_err(io::Error::other)?;
    }
}
