//! The HTTP/JSON gateway under `/admin/v1`: axum routes over the admin API (in process, or a
//! remote `workerd` in gateway mode), behind mutual TLS with the caller's identity taken from
//! the client certificate of each connection.

pub mod backend;
pub mod error;
pub mod extract;
pub mod guard;
pub mod json;
pub mod openapi;
pub mod refusals;
pub mod routes;
pub mod snapshot;
pub mod sse;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::options;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tower::ServiceExt;

pub use backend::Backend;
use error::ApiError;
use extract::{BODY_MAX, RequestId};
use json::{ErrorBody, ErrorEnvelope};

use crate::api::auth;
use crate::api::listen::{self, Buffers, Deadline, Handler, Listen};
use crate::config::TransportLimits;

/// The gateway's shared state; cheap to clone.
#[derive(Clone)]
pub struct Gateway {
    inner: Arc<Inner>,
}

struct Inner {
    backend: Backend,
    hub: sse::Hub,
    export_limit_max: u32,
    job_tarball_dir: Option<std::path::PathBuf>,
    closing: CancellationToken,
}

/// The gateway's own settings.
#[derive(Clone, Debug)]
pub struct GatewaySettings {
    /// Most audit entries one export returns.
    pub export_limit_max: u32,
    /// How often the event stream sends its snapshot frames.
    pub snapshot_interval: Duration,
    /// Where `tarball_path` job artifacts are served from; `None` serves none.
    pub job_tarball_dir: Option<std::path::PathBuf>,
}

impl From<&crate::config::AdminConfig> for GatewaySettings {
    fn from(admin: &crate::config::AdminConfig) -> Self {
        Self {
            export_limit_max: admin.audit_export_limit_max,
            snapshot_interval: admin.sse_snapshot_interval,
            job_tarball_dir: admin.job_tarball_dir.clone(),
        }
    }
}

impl Gateway {
    /// Starts the event hub; `closing` ends it and every open event stream.
    pub fn new(backend: Backend, settings: GatewaySettings, closing: CancellationToken) -> Self {
        Self {
            inner: Arc::new(Inner {
                hub: sse::Hub::start(backend.clone(), settings.snapshot_interval, closing.clone()),
                backend,
                export_limit_max: settings.export_limit_max,
                job_tarball_dir: settings.job_tarball_dir,
                closing,
            }),
        }
    }

    pub(crate) fn backend(&self) -> &Backend {
        &self.inner.backend
    }

    pub(crate) fn hub(&self) -> &sse::Hub {
        &self.inner.hub
    }

    pub(crate) fn export_limit_max(&self) -> u32 {
        self.inner.export_limit_max
    }

    pub(crate) fn closing(&self) -> CancellationToken {
        self.inner.closing.clone()
    }

    pub(crate) fn job_tarball_dir(&self) -> Option<&std::path::Path> {
        self.inner.job_tarball_dir.as_deref()
    }
}

/// The error code of a status that no handler described (405, 404, 413 from the framework).
fn framework_code(status: StatusCode) -> &'static str {
    match status {
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::NOT_FOUND => "route_not_found",
        StatusCode::PAYLOAD_TOO_LARGE => "body_too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        StatusCode::REQUEST_TIMEOUT => "request_timeout",
        s if s.is_client_error() => "bad_request",
        _ => "internal",
    }
}

/// The outermost layer: settles the request id (kept, cleaned and echoed), writes every error
/// as the envelope, and records the request in the metrics under its route template.
async fn envelope(mut req: Request, next: Next) -> Response {
    let request_id = auth::clean_request_id(
        req.headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok()),
    );
    req.extensions_mut().insert(RequestId(request_id.clone()));
    let method = req.method().as_str().to_string();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |m| m.as_str().to_string());
    let started = Instant::now();
    let mut response = next.run(req).await;
    let status = response.status();
    if status.is_client_error() || status.is_server_error() {
        let (code, reason, message) = match response.extensions_mut().remove::<ApiError>() {
            Some(err) => (err.code, err.reason, err.message),
            None => (
                framework_code(status).to_string(),
                framework_code(status).to_string(),
                match status {
                    StatusCode::METHOD_NOT_ALLOWED => "Method not allowed".to_string(),
                    StatusCode::NOT_FOUND => "no such route".to_string(),
                    _ => status.canonical_reason().unwrap_or("error").to_string(),
                },
            ),
        };
        let allow = response.headers().get(header::ALLOW).cloned();
        let body = ErrorEnvelope {
            request_id: request_id.clone(),
            error: ErrorBody {
                code,
                message,
                reason,
            },
        };
        response = (status, axum::Json(body)).into_response();
        if let Some(allow) = allow {
            response.headers_mut().insert(header::ALLOW, allow);
        }
    }
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert("x-request-id", value);
    }
    crate::telemetry::metrics().record_http(&method, &route, status.as_u16(), started.elapsed());
    response
}

async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "route_not_found", "no such route")
}

/// Every route under `/admin/v1`, with the envelope, body limit, cross-site write guard and
/// metrics; `OPTIONS` on a route lists its methods.
pub fn router(gateway: Gateway) -> Router {
    let mut api: Router<Gateway> = Router::new();
    let mut methods: BTreeMap<&'static str, Vec<Method>> = BTreeMap::new();
    for route in routes::routes() {
        methods
            .entry(route.path)
            .or_default()
            .push(route.method.clone());
        api = api.route(route.path, route.handler);
    }
    for (path, methods) in methods {
        api = api.route(
            path,
            options(move || async move { guard::options_answer(&methods) }),
        );
    }
    Router::new()
        .nest(openapi::PREFIX, api)
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(BODY_MAX))
        .layer(middleware::from_fn(guard::writes))
        .layer(middleware::from_fn_with_state(
            gateway.clone(),
            refusals::audit,
        ))
        .layer(middleware::from_fn(envelope))
        .with_state(gateway)
}

/// Bytes one connection may hold in each of its layers (kernel, TLS, HTTP) before writes
/// wait for the client. Public for the benchmark's transport floor, which serves on the same
/// terms.
pub const BUFFERS: Buffers = Buffers {
    send: 32 * 1024,
    write: 16 * 1024,
    http1: 8 * 1024,
};

/// Serves `router` over TLS with required client certificates until `shutdown` is cancelled;
/// then open connections get `grace` to finish.
pub async fn serve(
    router: Router,
    tls: Arc<rustls::ServerConfig>,
    listener: TcpListener,
    limits: TransportLimits,
    shutdown: CancellationToken,
    grace: Duration,
) -> Result<(), String> {
    let body_timeout = limits.body_timeout;
    let make: listen::MakeHandler = Arc::new(move |tls| {
        let identity = tls
            .get_ref()
            .1
            .peer_certificates()
            .and_then(|certs| certs.first())
            .map(|cert| auth::identity_from_cert(cert.as_ref()))
            .unwrap_or_else(auth::Identity::anonymous);
        let router = router.clone();
        let handler: Handler = Arc::new(move |req: Request<hyper::body::Incoming>| {
            let (mut parts, body) = req.into_parts();
            parts.extensions.insert(identity.clone());
            // A body that trickles in holds its connection and handler: it must have arrived
            // within the body timeout, or the request is answered 408 and the connection closed.
            let (body, timed_out) = Deadline::new(body, body_timeout);
            let req = Request::from_parts(parts, axum::body::Body::new(body));
            let router = router.clone();
            Box::pin(async move {
                let response = match router.oneshot(req).await {
                    Ok(response) => response,
                    Err(never) => match never {},
                };
                if timed_out.load(Ordering::Relaxed) {
                    body_timed_out(&response)
                } else {
                    response
                }
            })
        });
        handler
    });
    listen::serve(
        Listen {
            port: "http",
            listener,
            tls,
            limits,
            http2_only: false,
            buffers: Some(BUFFERS),
            shutdown,
            grace,
        },
        make,
    )
    .await;
    Ok(())
}

/// The answer to a request whose body did not arrive within the body timeout; the connection
/// is not reused.
fn body_timed_out(answered: &Response) -> Response {
    let request_id = answered
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let body = ErrorEnvelope {
        request_id: request_id.to_string(),
        error: ErrorBody {
            code: framework_code(StatusCode::REQUEST_TIMEOUT).to_string(),
            reason: framework_code(StatusCode::REQUEST_TIMEOUT).to_string(),
            message: "the request body did not arrive within WORKER_HTTP_BODY_TIMEOUT".into(),
        },
    };
    let mut response = (StatusCode::REQUEST_TIMEOUT, axum::Json(body)).into_response();
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    if let Ok(value) = HeaderValue::from_str(request_id) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}
