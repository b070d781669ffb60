//! The listeners' limits: how long a client may take to finish the TLS handshake, send a
//! request's header and body, or sit idle, how many connections a port holds at once and how
//! many streams one HTTP/2 connection may open; they bound what slow or idle clients can hold.

use std::time::Duration;

use super::reader::Reader;

/// The limits every listener (the gRPC port and the gateway) applies to its connections.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TransportLimits {
    /// `WORKER_MAX_CONNECTIONS`: connections one port holds at once; past it a new one is
    /// closed as soon as it is accepted.
    pub max_connections: usize,
    /// `WORKER_TLS_HANDSHAKE_TIMEOUT`: a client that has not finished the TLS handshake by
    /// then (one that connects and sends nothing) is dropped.
    pub handshake_timeout: Duration,
    /// `WORKER_HTTP_HEADER_TIMEOUT`: the gateway closes an HTTP/1 connection whose request
    /// header has not fully arrived by then.
    pub header_timeout: Duration,
    /// `WORKER_HTTP_BODY_TIMEOUT`: a gateway request's body must have arrived by then, counted
    /// from its header; a late one is answered 408 and the connection closed.
    pub body_timeout: Duration,
    /// `WORKER_IDLE_TIMEOUT`: a connection with no request or stream open for this long is
    /// closed (HTTP/2 with GOAWAY, which clients take as "reconnect when needed"). An open
    /// stream (`StreamEvents`, the gateway's SSE) is never idle, however quiet.
    pub idle_timeout: Duration,
    /// `WORKER_KEEPALIVE_INTERVAL`: how often an HTTP/2 connection is pinged; a peer that does
    /// not answer within `keepalive_timeout` is gone and its connection (and streams) closed.
    pub keepalive_interval: Duration,
    /// `WORKER_KEEPALIVE_TIMEOUT`.
    pub keepalive_timeout: Duration,
    /// `WORKER_HTTP2_MAX_STREAMS`: HTTP/2 `SETTINGS_MAX_CONCURRENT_STREAMS` on both ports.
    pub max_streams: u32,
}

impl Default for TransportLimits {
    fn default() -> Self {
        Self {
            max_connections: 4_096,
            handshake_timeout: Duration::from_secs(10),
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            idle_timeout: Duration::from_secs(120),
            keepalive_interval: Duration::from_secs(30),
            keepalive_timeout: Duration::from_secs(20),
            max_streams: 256,
        }
    }
}

/// The limits; problems go to `r`.
pub(super) fn read(r: &mut Reader<'_>) -> TransportLimits {
    let d = TransportLimits::default();
    TransportLimits {
        max_connections: r.number("WORKER_MAX_CONNECTIONS", d.max_connections, 1, 1_000_000),
        handshake_timeout: r.positive_duration("WORKER_TLS_HANDSHAKE_TIMEOUT", d.handshake_timeout),
        header_timeout: r.positive_duration("WORKER_HTTP_HEADER_TIMEOUT", d.header_timeout),
        body_timeout: r.positive_duration("WORKER_HTTP_BODY_TIMEOUT", d.body_timeout),
        idle_timeout: r.positive_duration("WORKER_IDLE_TIMEOUT", d.idle_timeout),
        keepalive_interval: r.positive_duration("WORKER_KEEPALIVE_INTERVAL", d.keepalive_interval),
        keepalive_timeout: r.positive_duration("WORKER_KEEPALIVE_TIMEOUT", d.keepalive_timeout),
        max_streams: r.number("WORKER_HTTP2_MAX_STREAMS", d.max_streams, 1, 100_000),
    }
}
