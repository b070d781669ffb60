//! The admin surface's transport floor: the response bodies the real server gave, served canned
//! over the same accept loop (`worker_server::api::listen`: mTLS, HTTP/2 with its batched
//! writes, HTTP/1.1 for the gateway) with no handler behind them. What a call costs there (TLS,
//! HTTP/2 or HTTP/1.1, the bytes of the answer, the client decoding them) is what any server on
//! this machine pays, so the admin rows are printed beside it.

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Response, StatusCode};
use bytes::{BufMut, Bytes, BytesMut};
use http_body_util::{BodyExt, StreamBody};
use hyper::body::Frame;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tonic::transport::Channel;
use worker_proto::v1::admin_service_client::AdminServiceClient;
use worker_server::api::listen::{self, Handler, Listen, MakeHandler};
use worker_server::api::tls::{self, TlsMaterial};
use worker_server::config::TransportLimits;
use worker_testkit::TestServer;

/// One canned answer: a gRPC message (framed, with `grpc-status: 0` in its trailers) or a
/// gateway body (JSON).
#[derive(Clone)]
pub(crate) enum Answer {
    Grpc(Bytes),
    Json(Bytes),
}

impl Answer {
    /// A gRPC answer of `message`.
    pub(crate) fn grpc(message: &impl prost::Message) -> Self {
        Self::Grpc(framed(message))
    }

    fn response(&self) -> Response<Body> {
        match self {
            Self::Grpc(framed) => {
                let mut trailers = HeaderMap::new();
                trailers.insert("grpc-status", HeaderValue::from_static("0"));
                let frames = [
                    Ok::<_, Infallible>(Frame::data(framed.clone())),
                    Ok(Frame::trailers(trailers)),
                ];
                Response::builder()
                    .header("content-type", "application/grpc")
                    .body(Body::new(StreamBody::new(futures::stream::iter(frames))))
                    .expect("a canned gRPC answer")
            }
            Self::Json(body) => Response::builder()
                .header("content-type", "application/json")
                .body(Body::from(body.clone()))
                .expect("a canned JSON answer"),
        }
    }
}

/// `message` as a gRPC body carries it: uncompressed, after its 4-byte length.
pub(crate) fn framed(message: &impl prost::Message) -> Bytes {
    let encoded = message.encode_to_vec();
    let mut framed = BytesMut::with_capacity(5 + encoded.len());
    framed.put_u8(0);
    framed.put_u32(u32::try_from(encoded.len()).expect("a message under 4 GiB"));
    framed.put_slice(&encoded);
    framed.freeze()
}

/// Answers by request: its path with its query and its body (a gRPC request's framed message;
/// empty for a gateway GET), so two calls of one RPC or route with different requests get their
/// own answers.
pub(crate) type Answers = HashMap<(String, Bytes), Answer>;

/// The canned servers: one on the gRPC port's terms, one on the gateway's, both with the test
/// server's certificates (so its clients' certificates are accepted).
pub(crate) struct FloorServer {
    pub grpc: SocketAddr,
    pub https: SocketAddr,
    shutdown: CancellationToken,
}

impl FloorServer {
    /// Starts both on `rt` (the server's runtime, so their CPU counts as the server's), each
    /// reading a request whole, as a server must, and answering it from `answers`; any other
    /// request is answered 404.
    pub(crate) async fn start(
        rt: &tokio::runtime::Runtime,
        server: &TestServer,
        answers: Answers,
    ) -> Self {
        let material = TlsMaterial {
            cert_pem: server.pki.clients["server"].cert_pem.clone(),
            key_pem: server.pki.clients["server"].key_pem.clone(),
            ca_pem: server.pki.ca.cert_pem.clone(),
        };
        let answers = Arc::new(answers);
        let make: MakeHandler = Arc::new(move |_tls| {
            let answers = Arc::clone(&answers);
            let handler: Handler = Arc::new(move |req| {
                let answers = Arc::clone(&answers);
                Box::pin(async move {
                    let path = req
                        .uri()
                        .path_and_query()
                        .map_or_else(String::new, |pq| pq.as_str().to_string());
                    let body = match req.into_body().collect().await {
                        Ok(body) => body.to_bytes(),
                        Err(_) => Bytes::new(),
                    };
                    match answers.get(&(path, body)) {
                        Some(answer) => answer.response(),
                        None => Response::builder()
                            .status(StatusCode::NOT_FOUND)
                            .body(Body::empty())
                            .expect("a 404"),
                    }
                })
            });
            handler
        });
        let shutdown = CancellationToken::new();
        let ports = [
            // Their own labels in the process's transport metrics, apart from the real ports'.
            (
                "floor-grpc",
                tls::grpc_server_config(&material).expect("TLS"),
                true,
                None,
            ),
            (
                "floor-http",
                tls::server_config(&material).expect("TLS"),
                false,
                Some(worker_server::api::http::BUFFERS),
            ),
        ];
        let mut addrs = Vec::new();
        for (port, tls, http2_only, buffers) in ports {
            let (make, shutdown) = (Arc::clone(&make), shutdown.clone());
            let addr = rt
                .spawn(async move {
                    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
                    let addr = listener.local_addr().expect("its address");
                    tokio::spawn(listen::serve(
                        Listen {
                            port,
                            listener,
                            tls,
                            limits: TransportLimits::default(),
                            http2_only,
                            buffers,
                            shutdown,
                            grace: Duration::ZERO,
                        },
                        make,
                    ));
                    addr
                })
                .await
                .expect("the floor listens");
            addrs.push(addr);
        }
        Self {
            grpc: addrs[0],
            https: addrs[1],
            shutdown,
        }
    }

    /// An admin client on the gRPC floor, presenting `who`'s certificate of `server`'s PKI.
    pub(crate) async fn admin(
        &self,
        server: &TestServer,
        who: &str,
    ) -> AdminServiceClient<Channel> {
        let channel = server
            .channel_as_on(who, self.grpc.port())
            .await
            .expect("the floor answers");
        AdminServiceClient::new(channel)
    }

    /// The gateway floor's URL of `path` (under `/admin/v1`).
    pub(crate) fn url(&self, path: &str) -> String {
        format!("https://localhost:{}/admin/v1{path}", self.https.port())
    }
}

impl Drop for FloorServer {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}
