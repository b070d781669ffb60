//! The Redis store's figures: enqueue and burn-down on a `redis-server` of the run's own,
//! beside `redis-benchmark` on the same server (the floor: what Redis itself does per second).

use std::process::Command;
use std::sync::Arc;

use worker_server::engine::{Engine, EngineConfig};
use worker_server::store::redis::{RedisClock, RedisOptions, RedisStore};
use worker_testkit::redis::RedisServer;

/// An engine on a fresh Redis with Redis's clock, as `workerd` runs it.
pub(crate) async fn engine_on(redis: &RedisServer) -> Engine {
    let store = Arc::new(
        RedisStore::connect(&RedisOptions {
            url: redis.url(),
            prefix: "bench".into(),
            event_log_limit: 100_000,
            tls_ca_pem: None,
            tls_client_pem: None,
            cluster: false,
        })
        .await
        .expect("redis store"),
    );
    let clock = RedisClock::start(&store).await.expect("redis clock");
    Engine::new(store, Arc::new(clock), EngineConfig::default())
        .await
        .expect("engine")
}

/// `redis-benchmark -t <command>` requests per second with 50 clients, `pipeline` commands per
/// round trip; `None` without redis-benchmark.
pub(crate) fn floor(redis: &RedisServer, command: &str, pipeline: u32) -> Option<f64> {
    let out = Command::new("redis-benchmark")
        .args(["-h", "127.0.0.1", "-p", &redis.port.to_string()])
        .args(["-t", command, "-n", "200000", "-c", "50", "--csv"])
        .args(["-P", &pipeline.to_string()])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    // "test","rps",…  then  "SET","51493.30",…
    text.lines()
        .nth(1)?
        .split(',')
        .nth(1)?
        .trim_matches('"')
        .parse()
        .ok()
}
