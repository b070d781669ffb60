//! One module per command group; each command is one function from parsed arguments to
//! output. Shared here: confirmation and time parsing.

#![allow(clippy::print_stderr, reason = "prompts are written to stderr")]

mod audit;
mod basic;
mod bulk;
mod certs;
mod dash;
mod delete;
pub(crate) mod dlq;
mod events;
mod job;
mod queue;
mod schedule;
pub(crate) mod task;
mod worker;

use std::io::{self, BufRead, IsTerminal, Write};

use crate::args::{Cli, Command, GlobalArgs};
use crate::client::Connection;
use crate::exit::CliError;
use crate::output::Output;

/// Runs one parsed command line.
pub(crate) async fn run(cli: Cli) -> Result<(), CliError> {
    let mut out = Output::new(cli.global.output, cli.global.no_color);
    let g = &cli.global;
    match cli.command {
        // These need no server.
        Command::Dash(_) if !(io::stdout().is_terminal() && io::stdin().is_terminal()) => {
            return Err(
                CliError::usage("workerctl dash needs a terminal on stdin and stdout")
                    .hint("for scripts, use workerctl overview, queue ls or events -f"),
            );
        }
        Command::Certs(cmd) => return certs::certs(g, &mut out, cmd),
        Command::Completion(args) => return certs::completion(args),
        _ => {}
    }
    let mut conn = Connection::open(g).await?;
    match cli.command {
        Command::Health => basic::health(&mut conn, &mut out).await,
        Command::Overview { range } => basic::overview(&mut conn, &mut out, range).await,
        Command::Queue(cmd) => queue::queue(g, &mut conn, &mut out, cmd).await,
        Command::Dequeue(cmd) => queue::dequeue(g, &mut conn, &mut out, cmd).await,
        Command::Task(cmd) => task::task(g, &mut conn, &mut out, cmd).await,
        Command::Schedule(cmd) => schedule::schedule(g, &mut conn, &mut out, cmd).await,
        Command::Job(cmd) => job::job(g, &mut conn, &mut out, cmd).await,
        Command::Dlq(cmd) => dlq::dlq(g, &mut conn, &mut out, cmd).await,
        Command::Bulk(cmd) => bulk::bulk(g, &mut conn, &mut out, cmd).await,
        Command::Worker(cmd) => worker::worker(g, &mut conn, &mut out, cmd).await,
        Command::Stuck(cmd) => worker::stuck(&mut conn, &mut out, cmd).await,
        Command::Audit(cmd) => audit::audit(&mut conn, &mut out, cmd).await,
        Command::Events(args) => events::events(g, &mut conn, &mut out, args).await,
        Command::Dash(args) => dash::dash(g, conn, args).await,
        Command::Certs(_) | Command::Completion(_) => unreachable!("handled above"),
    }
}

/// Whether [`confirm`] would ask: on a terminal, without `-y`. Commands whose question needs
/// a call to the server (to show the impact) make it only then.
pub(crate) fn asks(global: &GlobalArgs) -> bool {
    !global.yes && io::stdin().is_terminal() && io::stderr().is_terminal()
}

/// Asks on a terminal before a destructive action; `-y`, or no terminal, proceeds.
pub(crate) fn confirm(global: &GlobalArgs, prompt: &str) -> Result<(), CliError> {
    if !asks(global) {
        return Ok(());
    }
    eprint!("{prompt} [y/N] ");
    let _ = io::stderr().flush();
    let mut answer = String::new();
    io::stdin().lock().read_line(&mut answer)?;
    match answer.trim().to_ascii_lowercase().as_str() {
        "y" | "yes" => Ok(()),
        _ => {
            Err(CliError::failed("aborted; nothing was changed")
                .hint("pass -y to skip this question"))
        }
    }
}

/// Unix milliseconds from RFC 3339 (`2026-11-23T10:00:00Z`) or a duration back from now
/// (`90m`, `2h`).
pub(crate) fn parse_time(text: &str, flag: &str) -> Result<i64, CliError> {
    let text = text.trim();
    if let Ok(at) = humantime::parse_rfc3339_weak(text) {
        return Ok(at
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0));
    }
    if let Ok(ago) = humantime::parse_duration(text) {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        return Ok(now.saturating_sub(ago).as_millis() as i64);
    }
    Err(CliError::usage(format!(
        "{flag} {text:?} is neither an RFC 3339 time (2026-11-23T10:00:00Z) nor a duration (90m)"
    )))
}
