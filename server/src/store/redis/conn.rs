//! The connection to Redis (standalone or Cluster, plain or TLS): connecting, waiting for a
//! Redis that is still starting, and what a Redis error means as a [`StoreError`].

use std::time::Duration;

use redis::Value;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};

use super::RedisOptions;
use crate::store::StoreError;

/// The one connection a node shares between its workers and its admin API: multiplexed, so
/// concurrent commands are pipelined on it.
#[derive(Clone)]
pub(super) enum Conn {
    /// A standalone Redis (or one address that fails over under us).
    Single(ConnectionManager),
    /// A Redis Cluster; every key of the store lives in the slot of `{PREFIX}`.
    Cluster(redis::cluster_async::ClusterConnection),
}

impl redis::aio::ConnectionLike for Conn {
    fn req_packed_command<'a>(&'a mut self, cmd: &'a redis::Cmd) -> redis::RedisFuture<'a, Value> {
        match self {
            Conn::Single(c) => c.req_packed_command(cmd),
            Conn::Cluster(c) => c.req_packed_command(cmd),
        }
    }

    fn req_packed_commands<'a>(
        &'a mut self,
        pipeline: &'a redis::Pipeline,
        offset: usize,
        count: usize,
    ) -> redis::RedisFuture<'a, Vec<Value>> {
        match self {
            Conn::Single(c) => c.req_packed_commands(pipeline, offset, count),
            Conn::Cluster(c) => c.req_packed_commands(pipeline, offset, count),
        }
    }

    fn get_db(&self) -> i64 {
        match self {
            Conn::Single(c) => c.get_db(),
            Conn::Cluster(c) => c.get_db(),
        }
    }
}

fn tls_certificates(options: &RedisOptions) -> Option<redis::TlsCertificates> {
    if options.tls_ca_pem.is_none() && options.tls_client_pem.is_none() {
        return None;
    }
    Some(redis::TlsCertificates {
        client_tls: options
            .tls_client_pem
            .as_ref()
            .map(|(cert, key)| redis::ClientTlsConfig {
                client_cert: cert.clone(),
                client_key: key.clone(),
            }),
        root_cert: options.tls_ca_pem.clone(),
    })
}

/// Connects as `options` say. At start, waits for Redis for up to a minute: nodes often start
/// before it.
pub(super) async fn connect(options: &RedisOptions) -> Result<Conn, StoreError> {
    let mut delay = Duration::from_millis(200);
    let mut waited = Duration::ZERO;
    loop {
        match open(options).await {
            Ok(conn) => return Ok(conn),
            Err(e) if waited < Duration::from_secs(60) && worth_waiting_for(&e) => {
                tracing::warn!(error = %e, retry_in_ms = delay.as_millis() as u64, "redis is not reachable yet");
                tokio::time::sleep(delay).await;
                waited += delay;
                delay = (delay * 2).min(Duration::from_secs(5));
            }
            Err(e) if e.kind() == redis::ErrorKind::AuthenticationFailed => {
                return Err(StoreError::Internal(format!(
                    "redis refused the user and password of WORKER_STORE: {e}"
                )));
            }
            Err(e) if e.kind() == redis::ErrorKind::InvalidClientConfig => {
                return Err(StoreError::Internal(format!("redis TLS or URL: {e}")));
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// One attempt at connecting as `options` say.
async fn open(options: &RedisOptions) -> Result<Conn, redis::RedisError> {
    if options.cluster {
        // Commands fail fast while the slot's primary is away (the admin API answers
        // Unavailable then); the client refreshes the slot map and reconnects by itself.
        let mut builder = redis::cluster::ClusterClientBuilder::new(vec![options.url.as_str()])
            .connection_timeout(Duration::from_secs(2))
            .response_timeout(Duration::from_secs(10))
            .retries(2)
            .min_retry_wait(100)
            .max_retry_wait(1_000);
        if let Some(certs) = tls_certificates(options) {
            builder = builder.certs(certs);
        }
        let client = builder.build()?;
        return Ok(Conn::Cluster(client.get_async_connection().await?));
    }
    let client = match tls_certificates(options) {
        Some(certs) => redis::Client::build_with_tls(options.url.as_str(), certs)?,
        None => redis::Client::open(options.url.as_str())?,
    };
    // Commands fail fast while Redis is down (the admin API answers Unavailable then) and the
    // manager reconnects in the background with backoff.
    let config = ConnectionManagerConfig::new()
        .set_connection_timeout(Some(Duration::from_secs(2)))
        .set_response_timeout(Some(Duration::from_secs(10)))
        .set_min_delay(Duration::from_millis(100))
        .set_max_delay(Duration::from_secs(1))
        .set_number_of_retries(2);
    Ok(Conn::Single(
        ConnectionManager::new_with_config(client, config).await?,
    ))
}

/// Whether a failure to connect may be Redis still starting (wait for it) rather than a
/// configuration Redis will keep refusing (a wrong password, an untrusted certificate): those
/// are reported at once.
fn worth_waiting_for(e: &redis::RedisError) -> bool {
    e.is_connection_refusal() || e.is_timeout() || e.is_connection_dropped()
}

/// An unreachable Redis is `Unavailable` (the admin API answers Unavailable then); any other
/// failure is `Internal`.
impl From<redis::RedisError> for StoreError {
    fn from(e: redis::RedisError) -> Self {
        if e.is_io_error()
            || e.is_connection_dropped()
            || e.is_connection_refusal()
            || e.is_timeout()
        {
            StoreError::Unavailable(format!("redis is unreachable: {e}"))
        } else {
            StoreError::Internal(format!("redis: {e}"))
        }
    }
}
