//! The Redis store's pieces: an engine on a `redis-server` of the run's own, and the floors
//! of that same server (`redis-benchmark` SET and EVAL; the server's CPU from `INFO CPU`).

use std::process::Command;
use std::sync::Arc;

use worker_server::engine::{Engine, EngineConfig};
use worker_server::store::redis::{RedisClock, RedisOptions, RedisStore};
use worker_testkit::redis::RedisServer;

/// The key prefix the bench and the `workerd` processes it spawns share.
pub(crate) const PREFIX: &str = "bench";

/// An engine on `redis` with Redis's clock, as `workerd` runs it.
pub(crate) async fn engine_on(redis: &RedisServer, config: EngineConfig) -> Engine {
    let store = Arc::new(
        RedisStore::connect(&RedisOptions {
            url: redis.url(),
            prefix: PREFIX.into(),
            event_log_limit: 100_000,
            tls_ca_pem: None,
            tls_client_pem: None,
            cluster: false,
        })
        .await
        .expect("redis store"),
    );
    let clock = RedisClock::start(&store).await.expect("redis clock");
    Engine::new(store, Arc::new(clock), config)
        .await
        .expect("engine")
}

/// `redis-benchmark` requests per second with 50 clients, `pipeline` commands per round trip,
/// for `-t command`, or for the raw command `args` when given; `None` without redis-benchmark.
pub(crate) fn floor(redis: &RedisServer, test: &str, pipeline: u32, requests: u32) -> Option<f64> {
    let mut cmd = Command::new("redis-benchmark");
    cmd.args(["-h", "127.0.0.1", "-p", &redis.port.to_string()])
        .args(["-n", &requests.to_string(), "-c", "50", "--csv"])
        .args(["-P", &pipeline.to_string()]);
    if test == "eval" {
        // One script call that writes a key: the least a Lua-scripted state change costs.
        cmd.args([
            "EVAL",
            "redis.call('SET', KEYS[1], ARGV[1]) return 1",
            "1",
            "k",
            "v",
        ]);
    } else {
        cmd.args(["-t", test]);
    }
    let out = cmd.output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    // "test","rps",…  then  "SET","51493.30",…
    // Split on `","`: a script's text has commas of its own.
    text.lines()
        .nth(1)?
        .trim_matches('"')
        .split("\",\"")
        .nth(1)?
        .parse()
        .ok()
}

/// Seconds of CPU the server has used (`used_cpu_sys` + `used_cpu_user` of `INFO CPU`).
pub(crate) fn cpu_seconds(redis: &RedisServer) -> Option<f64> {
    let out = Command::new("redis-cli")
        .args(["-p", &redis.port.to_string(), "INFO", "CPU"])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let field = |name: &str| -> Option<f64> {
        text.lines()
            .find_map(|l| l.strip_prefix(name)?.strip_prefix(':'))?
            .trim()
            .parse()
            .ok()
    };
    Some(field("used_cpu_sys")? + field("used_cpu_user")?)
}

/// With `WORKERBENCH_COMMANDSTATS` set, zeroes the server's command statistics, so that
/// [`print_commandstats`] shows one scenario's calls.
pub(crate) fn reset_commandstats(redis: &RedisServer) {
    if std::env::var_os("WORKERBENCH_COMMANDSTATS").is_some() {
        let _ = Command::new("redis-cli")
            .args(["-p", &redis.port.to_string(), "CONFIG", "RESETSTAT"])
            .output();
    }
}

/// With `WORKERBENCH_COMMANDSTATS` set, prints `INFO commandstats` (calls, µs per call of
/// each command and script) to stderr under `label`: where a scenario's Redis CPU went.
#[allow(
    clippy::print_stderr,
    reason = "a diagnostic the operator asked for, kept off the report on stdout"
)]
pub(crate) fn print_commandstats(redis: &RedisServer, label: &str) {
    if std::env::var_os("WORKERBENCH_COMMANDSTATS").is_none() {
        return;
    }
    let Ok(out) = Command::new("redis-cli")
        .args(["-p", &redis.port.to_string(), "INFO", "commandstats"])
        .output()
    else {
        return;
    };
    eprintln!("commandstats {label}:");
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        if let Some(stat) = line.strip_prefix("cmdstat_") {
            eprintln!("  {stat}");
        }
    }
}

/// `redis-server --version`'s version, for the environment.
pub(crate) fn version() -> Option<String> {
    let out = Command::new("redis-server")
        .arg("--version")
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.split_whitespace()
        .find_map(|w| w.strip_prefix("v="))
        .map(String::from)
}
