//! `workerd`: the durable task engine with its worker pool and the `worker.v1` gRPC services
//! behind mutual TLS.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::EnvFilter;

use worker_server::config::Config;
use worker_server::server::{self, RunOptions};

/// The durable task engine of worker, served over gRPC with mutual TLS.
///
/// Configuration comes from WORKER_* environment variables (see README.md). Without
/// WORKER_ADMIN_TLS_* a development PKI is made in the data directory on first start.
#[derive(Parser, Debug)]
#[command(name = "workerd", version, about, long_about = None)]
struct Cli {
    /// Register the demo handlers (noop, sleep, fail, flaky), on an empty store enqueue a few
    /// tasks to look at, then keep enqueuing WORKER_DEMO_FEED (2) a second until stopped. Same
    /// as WORKER_DEMO=1.
    #[arg(long)]
    demo: bool,
    /// Serve the admin plane without running any worker: this process never leases a task.
    #[arg(long)]
    no_worker: bool,
    #[command(subcommand)]
    mode: Option<Mode>,
}

#[derive(clap::Subcommand, Debug)]
enum Mode {
    /// Run the HTTPS gateway alone, forwarding to the AdminService at WORKER_ADMIN_GRPC_TARGET
    /// over mutual TLS with the gateway's certificate (WORKER_ADMIN_GATEWAY_CERT/_KEY, or the
    /// development PKI's). It opens no store and leases nothing.
    Gateway,
}

/// mimalloc rather than glibc's malloc: glibc keeps what many connections freed in its arenas
/// (10,000 closed mTLS connections left ~270 MB resident), mimalloc gives it back to the system
/// (figures and how they were taken: `bench/conn_memory.py`).
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// The exit code of a start refused because the store lost data (2 is a configuration error).
const DATA_LOSS_EXIT: u8 = 3;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let filter = EnvFilter::try_from_env("WORKER_LOG")
        .or_else(|_| EnvFilter::try_from_default_env())
        .unwrap_or_else(|_| EnvFilter::new("info"));
    // Colour only for a person at a terminal: a log redirected to a file or a pipe (systemd,
    // `2>workerd.log`) must stay plain text, and NO_COLOR turns it off everywhere, as in workerctl.
    let ansi = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(ansi)
        .init();
    let mut config = match Config::from_env() {
        Ok(config) => config,
        Err(e) => {
            tracing::error!("{e}");
            return ExitCode::from(2);
        }
    };
    config.demo |= cli.demo;
    let http = match tokio::net::TcpListener::bind(config.admin.http_addr).await {
        Ok(listener) => listener,
        Err(e) => {
            tracing::error!(
                "cannot listen on {} (WORKER_ADMIN_HTTP_ADDR): {e}",
                config.admin.http_addr
            );
            return ExitCode::FAILURE;
        }
    };
    if matches!(cli.mode, Some(Mode::Gateway)) {
        return match server::run_gateway(config, http, shutdown_signal()).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                tracing::error!("the gateway failed: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let listener = match tokio::net::TcpListener::bind(config.admin.grpc_addr).await {
        Ok(listener) => listener,
        Err(e) => {
            tracing::error!(
                "cannot listen on {} (WORKER_ADMIN_GRPC_ADDR): {e}",
                config.admin.grpc_addr
            );
            return ExitCode::FAILURE;
        }
    };
    let options = RunOptions {
        no_worker: cli.no_worker,
        http: Some(http),
        ..RunOptions::default()
    };
    match server::run(config, options, listener, shutdown_signal()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e @ server::ServeError::DataLoss(_)) => {
            tracing::error!("workerd refused to start: {e}");
            ExitCode::from(DATA_LOSS_EXIT)
        }
        Err(e) => {
            tracing::error!("workerd failed: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn shutdown_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = match signal(SignalKind::terminate()) {
        Ok(s) => s,
        Err(e) => {
            tracing::error!(error = %e, "cannot listen for SIGTERM");
            let _ = tokio::signal::ctrl_c().await;
            return;
        }
    };
    tokio::select! {
        _ = term.recv() => {}
        _ = tokio::signal::ctrl_c() => {}
    }
}
