//! `tarball_url` sources from an HTTPS server on loopback with a certificate made by
//! `worker-pki`: downloaded, hashed, verified and unpacked; redirects followed only to allowed
//! https hosts; the size cap enforced on what arrives, with or without a Content-Length.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use hyper_util::rt::{TokioExecutor, TokioIo};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use tower::ServiceExt;
use worker_server::jobs::source::{Allowlist, Reason, SourceFields, SourcePolicy};

use super::*;

const CHUNK: usize = 64 * 1024;
/// The endless body's bound, so the server stops by itself whatever happens.
const ENDLESS_CHUNKS: u64 = 16 * 1024;

#[derive(Clone)]
struct Served {
    port: u16,
    tarball: Arc<Vec<u8>>,
    /// Chunks of the endless body produced so far.
    produced: Arc<AtomicU64>,
}

pub(crate) struct Server {
    pub(crate) port: u16,
    pub(crate) ca: CertificateDer<'static>,
    produced: Arc<AtomicU64>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn redirect(to: String) -> Response {
    (StatusCode::FOUND, [(header::LOCATION, to)]).into_response()
}

/// Serves `tarball` at `/app.tgz` and the redirects and bodies the tests need, on
/// `127.0.0.1` with a certificate for `localhost` and `127.0.0.1`; `/off-list` redirects to
/// the same file under `127.0.0.1`, for a policy that allows only `localhost`.
pub(crate) async fn serve(tarball: Vec<u8>) -> Server {
    let authority = worker_pki::Authority::new("job source test CA").unwrap();
    let material = authority.server(&["localhost", "127.0.0.1"]).unwrap();
    let ca = CertificateDer::from_pem_slice(authority.material().cert_pem.as_bytes()).unwrap();
    let certs = CertificateDer::pem_slice_iter(material.cert_pem.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    let key = PrivateKeyDer::from_pem_slice(material.key_pem.as_bytes()).unwrap();
    let mut config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(certs, key)
    .unwrap();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let produced = Arc::new(AtomicU64::new(0));
    let state = Served {
        port,
        tarball: Arc::new(tarball),
        produced: produced.clone(),
    };
    let router = Router::new()
        .route(
            "/app.tgz",
            get(|State(s): State<Served>| async move { s.tarball.as_ref().clone() }),
        )
        .route("/hop", get(|| async { redirect("/hop2".into()) }))
        .route(
            "/hop2",
            get(|State(s): State<Served>| async move {
                redirect(format!("https://localhost:{}/app.tgz", s.port))
            }),
        )
        .route(
            "/off-list",
            get(|State(s): State<Served>| async move {
                redirect(format!("https://127.0.0.1:{}/app.tgz", s.port))
            }),
        )
        .route(
            "/plain",
            get(|State(s): State<Served>| async move {
                redirect(format!("http://localhost:{}/app.tgz", s.port))
            }),
        )
        .route("/loop", get(|| async { redirect("/loop".into()) }))
        .route("/missing", get(|| async { StatusCode::NOT_FOUND }))
        .route(
            "/endless",
            get(|State(s): State<Served>| async move {
                // Chunked, no Content-Length: only counting what arrives can stop it.
                let chunks = futures::stream::unfold(s.produced, |n| async move {
                    if n.fetch_add(1, Ordering::SeqCst) >= ENDLESS_CHUNKS {
                        return None;
                    }
                    Some((Ok::<_, std::io::Error>(Bytes::from(vec![0u8; CHUNK])), n))
                });
                Body::from_stream(chunks)
            }),
        )
        .with_state(state);
    let task = tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else {
                return;
            };
            let (acceptor, router) = (acceptor.clone(), router.clone());
            tokio::spawn(async move {
                let Ok(tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let service = hyper::service::service_fn(
                    move |req: axum::http::Request<hyper::body::Incoming>| {
                        router.clone().oneshot(req.map(Body::new))
                    },
                );
                let _ = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
                    .serve_connection(TokioIo::new(tls), service)
                    .await;
            });
        }
    });
    Server {
        port,
        ca,
        produced,
        task,
    }
}

/// The loopback server's host allowlisted, and private addresses allowed for it.
fn policy(dirs: &Dirs, server: &Server) -> SourcePolicy {
    SourcePolicy {
        tarball_hosts: Allowlist::parse_hosts("localhost").unwrap(),
        extra_roots: vec![server.ca.clone()],
        allow_private: true,
        ..dirs.policy()
    }
}

fn url(server: &Server, path: &str, sha: &str) -> SourceFields {
    SourceFields {
        tarball_url: format!("https://localhost:{}{path}?token=secret", server.port),
        tarball_sha256: sha.into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn a_tarball_is_downloaded_through_allowed_redirects_and_verified() {
    let dirs = Dirs::new();
    let bytes = project("FROM scratch\nLABEL from=url\n");
    let server = serve(bytes.clone()).await;
    let policy = policy(&dirs, &server);
    for path in ["/app.tgz", "/hop"] {
        let fetched = fetch(url(&server, path, &sha256(&bytes)), &policy)
            .await
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(
            read(&fetched.context.join(&fetched.dockerfile)),
            "FROM scratch\nLABEL from=url\n"
        );
        assert_eq!(fetched.sha256.as_deref(), Some(sha256(&bytes).as_str()));
        fetched.remove().await.unwrap();
    }
    dirs.assert_clean();

    let e = refused(url(&server, "/app.tgz", &sha256(b"other")), &dirs, &policy).await;
    assert_eq!(e.reason(), Reason::Sha256Mismatch, "{e}");
}

#[tokio::test]
async fn redirects_off_the_allowlist_or_to_http_are_refused() {
    let dirs = Dirs::new();
    let server = serve(project("FROM scratch\n")).await;
    let policy = policy(&dirs, &server);

    // Same server, but 127.0.0.1 is not on the list: the hop is checked, not only the start.
    let e = refused(url(&server, "/off-list", ""), &dirs, &policy).await;
    assert_eq!(e.reason(), Reason::TarballHostNotAllowed, "{e}");
    assert!(e.message().contains("127.0.0.1"), "{e}");

    let e = refused(url(&server, "/plain", ""), &dirs, &policy).await;
    assert_eq!(e.reason(), Reason::TarballNotHttps, "{e}");

    let e = refused(url(&server, "/loop", ""), &dirs, &policy).await;
    assert_eq!(e.reason(), Reason::TarballTooManyRedirects, "{e}");

    let e = refused(url(&server, "/missing", ""), &dirs, &policy).await;
    assert_eq!(e.reason(), Reason::FetchFailed, "{e}");
    assert!(e.message().contains("404"), "{e}");
    assert!(
        !e.message().contains("secret"),
        "the query is kept out of messages: {e}"
    );

    // The first URL's host is checked too, before any connection.
    let e = refused(
        url(&server, "/app.tgz", ""),
        &dirs,
        &SourcePolicy {
            tarball_hosts: Allowlist::parse_hosts("example.com").unwrap(),
            ..policy.clone()
        },
    )
    .await;
    assert_eq!(e.reason(), Reason::TarballHostNotAllowed, "{e}");

    // Without the test CA the certificate is not trusted.
    let e = refused(
        url(&server, "/app.tgz", ""),
        &dirs,
        &SourcePolicy {
            extra_roots: Vec::new(),
            ..policy.clone()
        },
    )
    .await;
    assert_eq!(e.reason(), Reason::FetchFailed, "{e}");
}

#[tokio::test]
async fn an_oversize_body_is_refused_while_it_streams() {
    let dirs = Dirs::new();
    let bytes = project("FROM scratch\n");
    let server = serve(bytes.clone()).await;
    let policy = SourcePolicy {
        tarball_max_bytes: 1 << 20,
        ..policy(&dirs, &server)
    };
    // No Content-Length: refused once more than the cap has arrived, long before the end.
    let e = refused(url(&server, "/endless", ""), &dirs, &policy).await;
    assert_eq!(e.reason(), Reason::TarballTooLarge, "{e}");
    let produced = server.produced.load(Ordering::SeqCst);
    assert!(
        produced < ENDLESS_CHUNKS,
        "the server was read to its end ({produced} chunks)"
    );

    // With a Content-Length over the cap, refused before the body.
    let small = SourcePolicy {
        tarball_max_bytes: bytes.len() as u64 - 1,
        ..policy.clone()
    };
    let e = refused(url(&server, "/app.tgz", ""), &dirs, &small).await;
    assert_eq!(e.reason(), Reason::TarballTooLarge, "{e}");
}

/// Each hop's host is resolved once before connecting, and the connection is pinned to what it
/// resolved to: a name that does not resolve fails there, with the name and no query, and a
/// name that does is fetched from its resolved addresses (the loopback server above).
#[tokio::test]
async fn a_hops_host_is_resolved_once_and_a_name_without_addresses_fails_clearly() {
    let dirs = Dirs::new();
    let server = serve(project("FROM scratch\n")).await;
    let policy = SourcePolicy {
        tarball_hosts: Allowlist::parse_hosts("*").unwrap(),
        ..policy(&dirs, &server)
    };
    let fields = SourceFields {
        tarball_url: "https://no-such-host.invalid/app.tgz?token=secret".into(),
        ..Default::default()
    };
    let e = refused(fields, &dirs, &policy).await;
    assert_eq!(e.reason(), Reason::FetchFailed, "{e}");
    assert!(e.message().contains("cannot resolve"), "{e}");
    assert!(e.message().contains("no-such-host.invalid"), "{e}");
    assert!(!e.message().contains("secret"), "{e}");
}

/// A host at an address inside the network (here loopback) is refused, by name or as a
/// literal, unless private addresses are allowed **and** the allowlist names the host: `*`
/// does not open the network's inside.
#[tokio::test]
async fn a_host_inside_the_network_is_refused_unless_allowed_by_name() {
    let dirs = Dirs::new();
    let server = serve(project("FROM scratch\n")).await;
    let allowed = policy(&dirs, &server);
    let closed = SourcePolicy {
        allow_private: false,
        ..allowed.clone()
    };
    let e = refused(url(&server, "/app.tgz", ""), &dirs, &closed).await;
    assert_eq!(e.reason(), Reason::TarballAddressNotAllowed, "{e}");
    assert!(
        e.message().contains("WORKER_JOB_TARBALL_ALLOW_PRIVATE"),
        "{e}"
    );
    assert!(!e.message().contains("secret"), "{e}");
    let any = SourcePolicy {
        tarball_hosts: Allowlist::parse_hosts("*").unwrap(),
        ..allowed.clone()
    };
    let e = refused(url(&server, "/app.tgz", ""), &dirs, &any).await;
    assert_eq!(e.reason(), Reason::TarballAddressNotAllowed, "{e}");
    let literal = SourceFields {
        tarball_url: format!("https://127.0.0.1:{}/app.tgz", server.port),
        ..Default::default()
    };
    let e = refused(
        literal,
        &dirs,
        &SourcePolicy {
            tarball_hosts: Allowlist::parse_hosts("127.0.0.1").unwrap(),
            allow_private: false,
            ..allowed.clone()
        },
    )
    .await;
    assert_eq!(e.reason(), Reason::TarballAddressNotAllowed, "{e}");
    dirs.assert_clean();
}
