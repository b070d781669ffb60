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

pub mod args;
mod client;
mod commands;
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
