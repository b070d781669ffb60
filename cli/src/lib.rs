//! `workerctl`: the operator's command line for worker. Every command is a client of
//! `worker.v1.AdminService` (or `TaskService`) over mutual TLS; none opens a store.
//!
//! # Layout
//!
//! - [`args`]: the clap command line (validation only).
//! - `client`: resolving the server and certificates, the mTLS channel, request metadata.
//! - `commands`: one module per command group.
//! - `output`: rendering (table, wide, json, jsonl, csv) and the view types that are the JSON
//!   contract.
//! - `exit`: errors and exit codes.
//! - [`generate`]: completions and man pages for `cargo xtask gen`.
//! - `complete`: names from the server for shell completion (`workerctl __complete`).

pub mod args;
mod client;
mod commands;
mod complete;
mod exit;
pub mod generate;
mod output;

use std::process::ExitCode;

use clap::{CommandFactory, Parser};

/// The clap command, for completions and man pages.
pub fn command() -> clap::Command {
    args::Cli::command()
}

/// Parses the command line, runs it, and turns the outcome into an exit code.
pub fn main() -> ExitCode {
    // Shell completion asks for names from the server; never through clap, so nothing it
    // could print reaches the terminal.
    let argv: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    if argv.get(1).map(String::as_str) == Some("__complete") {
        return complete::main(&argv[2..]);
    }
    let cli = match args::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            exit::CliError::failed(format!("cannot start: {e}")).print();
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(commands::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            e.print();
            e.exit_code()
        }
    }
}
