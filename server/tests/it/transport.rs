//! The listeners' limits over real mTLS on loopback: a client that never starts the TLS
//! handshake, one that sends half a header or half a body, the connection cap, and the idle
//! timeout that closes idle connections but never an open `StreamEvents` or SSE stream, and
//! the gateway's protocol by ALPN (HTTP/2, HTTP/1.1, HTTP/1.1 without ALPN).
//! Timeouts are set short in each test; the assertions wait on the socket, never on a clock.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use serde_json::json;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use worker_proto::v1 as pb;

use crate::grpc_support::TestServer;
use crate::http::read_events;

/// Long enough for anything on a loaded machine; a test that waits this long has failed.
const PATIENCE: Duration = Duration::from_secs(60);

/// A TLS connection as `who` with the given ALPN protocol (none if empty), handshake done.
async fn tls_as(
    server: &TestServer,
    addr: SocketAddr,
    who: &str,
    alpn: &[u8],
) -> std::io::Result<TlsStream<TcpStream>> {
    let mut roots = rustls::RootCertStore::empty();
    for ca in CertificateDer::pem_slice_iter(server.pki.ca.cert_pem.as_bytes()) {
        roots.add(ca.unwrap()).unwrap();
    }
    let client = &server.pki.clients[who];
    let certs: Vec<_> = CertificateDer::pem_slice_iter(client.cert_pem.as_bytes())
        .map(|c| c.unwrap())
        .collect();
    let key = PrivateKeyDer::from_pem_slice(client.key_pem.as_bytes()).unwrap();
    let mut config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(roots)
    .with_client_auth_cert(certs, key)
    .unwrap();
    if !alpn.is_empty() {
        config.alpn_protocols = vec![alpn.to_vec()];
    }
    let tcp = TcpStream::connect(addr).await?;
    tokio_rustls::TlsConnector::from(Arc::new(config))
        .connect(ServerName::try_from("localhost").unwrap(), tcp)
        .await
}

/// Reads until the server closes the connection (or resets it); returns what it sent.
async fn until_closed(mut conn: impl AsyncRead + Unpin, what: &str) -> Vec<u8> {
    let mut got = Vec::new();
    let mut buf = [0_u8; 4096];
    loop {
        match tokio::time::timeout(PATIENCE, conn.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return got,
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
            Err(_) => panic!("{what}: the server kept the connection open"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_never_sends_a_client_hello_is_dropped_on_both_ports() {
    let server = TestServer::start_with(&[("WORKER_TLS_HANDSHAKE_TIMEOUT", "300ms")], true).await;
    for addr in [server.addr, server.http_addr] {
        let tcp = TcpStream::connect(addr).await.unwrap();
        let sent = until_closed(tcp, "no ClientHello").await;
        assert!(sent.is_empty(), "nothing is sent to a silent client");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gateway_client_that_sends_half_a_header_or_half_a_body_is_cut_off() {
    let server = TestServer::start_with(
        &[
            ("WORKER_HTTP_HEADER_TIMEOUT", "300ms"),
            ("WORKER_HTTP_BODY_TIMEOUT", "300ms"),
        ],
        true,
    )
    .await;
    let mut conn = tls_as(&server, server.http_addr, "admin", b"http/1.1")
        .await
        .unwrap();
    conn.write_all(b"GET /admin/v1/health HTTP/1.1\r\nhost: localhost\r\nx-slow: ")
        .await
        .unwrap();
    until_closed(conn, "half a header").await;

    // A body announced at 100 bytes of which 10 come: 408, and the connection is not kept.
    let mut conn = tls_as(&server, server.http_addr, "admin", b"http/1.1")
        .await
        .unwrap();
    conn.write_all(
        b"POST /admin/v1/queues/default/pause HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"paused\":",
    )
    .await
    .unwrap();
    let answer = String::from_utf8_lossy(&until_closed(conn, "half a body").await).to_string();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("request_timeout"), "{answer}");
    let mut admin = server.admin("admin").await;
    let queues = admin
        .list_queues(pb::ListQueuesRequest {})
        .await
        .unwrap()
        .into_inner();
    assert!(
        queues.queues.iter().all(|q| !q.paused),
        "a request cut off changes nothing"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn past_the_cap_a_connection_is_closed_and_one_that_closes_frees_a_slot() {
    let server = TestServer::start_with(&[("WORKER_MAX_CONNECTIONS", "20")], true).await;
    for (addr, alpn, port) in [
        (server.addr, &b"h2"[..], "grpc"),
        (server.http_addr, &b"http/1.1"[..], "http"),
    ] {
        let mut held = Vec::new();
        for _ in 0..20 {
            held.push(
                tls_as(&server, addr, "viewer", alpn)
                    .await
                    .expect("under the cap"),
            );
        }
        // The 21st is accepted and closed at once: its handshake fails.
        let refused = tls_as(&server, addr, "viewer", alpn).await;
        assert!(refused.is_err(), "{port}: the 21st connection is refused");

        // One closes; the server frees its slot when it sees the close, so try until it has.
        drop(held.pop());
        let started = std::time::Instant::now();
        let again = loop {
            match tls_as(&server, addr, "viewer", alpn).await {
                Ok(conn) => break conn,
                Err(_) if started.elapsed() < PATIENCE => {
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
                Err(e) => panic!("{port}: no slot came free: {e}"),
            }
        };
        drop(again);
        drop(held);
    }
    // The slots just dropped come free when the server sees the closes; until then a new
    // connection is refused as past the cap, so the metrics request tries until one is free.
    let started = std::time::Instant::now();
    let response = loop {
        match server
            .http("admin")
            .get(server.url("/metrics/prometheus"))
            .send()
            .await
        {
            Ok(r) => break r,
            Err(_) if started.elapsed() < PATIENCE => {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            Err(e) => panic!("no slot came free for the metrics request: {e}"),
        }
    };
    let text = response.text().await.unwrap();
    for port in ["grpc", "http"] {
        assert!(
            text.lines().any(|l| l.starts_with(&format!(
                "worker_connections_refused_total{{port=\"{port}\"}}"
            ))),
            "refusals are counted: {text}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_connections_close_but_event_streams_outlive_the_idle_timeout() {
    let server = TestServer::start_with(&[("WORKER_IDLE_TIMEOUT", "500ms")], true).await;
    let mut admin = server.admin("admin").await;
    let mut stream = admin
        .stream_events(pb::StreamEventsRequest {
            kinds: vec!["queue_changed".into()],
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let client = server.http("operator");
    let sse = client
        .get(server.url("/events?kind=queue_changed"))
        .send()
        .await
        .unwrap();
    assert_eq!(sse.status(), 200);

    // Connections opened after the streams, holding nothing: once they are closed for being
    // idle, the streams' connections have been open past the idle timeout too, twice over.
    for _ in 0..2 {
        let grpc = tls_as(&server, server.addr, "viewer", b"h2").await.unwrap();
        let http = tls_as(&server, server.http_addr, "viewer", b"http/1.1")
            .await
            .unwrap();
        until_closed(grpc, "an idle gRPC connection").await;
        until_closed(http, "an idle gateway connection").await;
    }

    // Both streams are still open and deliver what happens next.
    let mut other = server.admin("admin").await;
    other
        .pause_queue(pb::PauseQueueRequest {
            name: "default".into(),
            paused: true,
        })
        .await
        .unwrap();
    let event = tokio::time::timeout(PATIENCE, stream.next())
        .await
        .expect("the gRPC stream delivers")
        .expect("the gRPC stream is still open")
        .expect("no error on the gRPC stream");
    assert!(
        matches!(event.event, Some(pb::admin_event::Event::QueueChanged(_))),
        "{event:?}"
    );
    let events = read_events(sse, 1).await;
    assert_eq!(events[0].1, "queue_changed");
    assert_eq!(events[0].2["action"], json!("pause"));
}

/// Sends `GET path` over HTTP/2 on `tls` and returns the response, its body unread.
async fn h2_get(
    tls: TlsStream<TcpStream>,
    path: &str,
) -> axum::http::Response<hyper::body::Incoming> {
    let (mut send, connection) = hyper::client::conn::http2::handshake(
        hyper_util::rt::TokioExecutor::new(),
        hyper_util::rt::TokioIo::new(tls),
    )
    .await
    .expect("an HTTP/2 handshake");
    tokio::spawn(connection);
    let request = axum::http::Request::get(format!("https://localhost{path}"))
        .body(axum::body::Body::empty())
        .unwrap();
    send.send_request(request)
        .await
        .expect("an HTTP/2 response")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_gateway_serves_the_protocol_alpn_chose_events_included() {
    use hyper::body::Body as _;
    let server = TestServer::start_with(&[], true).await;

    // HTTP/2: a request, then an event stream whose first frame arrives.
    let tls = tls_as(&server, server.http_addr, "viewer", b"h2")
        .await
        .unwrap();
    assert_eq!(tls.get_ref().1.alpn_protocol(), Some(&b"h2"[..]));
    let health = h2_get(tls, "/admin/v1/health").await;
    assert_eq!(health.status(), 200);
    assert_eq!(health.version(), axum::http::Version::HTTP_2);
    let tls = tls_as(&server, server.http_addr, "viewer", b"h2")
        .await
        .unwrap();
    let mut events = h2_get(tls, "/admin/v1/events?kind=queue_changed").await;
    assert_eq!(events.status(), 200);
    assert_eq!(events.headers()["content-type"], "text/event-stream");
    let first = tokio::time::timeout(
        PATIENCE,
        std::future::poll_fn(|cx| std::pin::Pin::new(events.body_mut()).poll_frame(cx)),
    )
    .await
    .expect("the stream sends its greeting")
    .expect("a frame")
    .expect("no error");
    let data = first.into_data().expect("a data frame");
    assert!(
        String::from_utf8_lossy(&data).contains(": connected"),
        "{data:?}"
    );

    // HTTP/1.1, by ALPN and without any.
    for alpn in [&b"http/1.1"[..], &b""[..]] {
        let mut tls = tls_as(&server, server.http_addr, "viewer", alpn)
            .await
            .unwrap();
        tls.write_all(b"GET /admin/v1/health HTTP/1.1\r\nhost: localhost\r\n\r\n")
            .await
            .unwrap();
        let mut head = [0_u8; 12];
        tls.read_exact(&mut head).await.unwrap();
        assert_eq!(&head, b"HTTP/1.1 200", "ALPN {alpn:?}");
    }
}
