//! The accept loop both listeners share (the gRPC port and the gateway): a cap on connections
//! held at once, the TLS handshake with a timeout, HTTP/1 header and HTTP/2 keepalive
//! timeouts, `MAX_CONCURRENT_STREAMS`, and an idle timeout that counts open requests and
//! streams rather than bytes, so a quiet `StreamEvents` or SSE stream is never idle while a
//! connection that holds nothing open is closed.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, Response};
use futures::future::BoxFuture;
use hyper::body::{Body as HttpBody, Frame, Incoming, SizeHint};
use hyper::server::conn::{http1, http2};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use prometheus::{IntCounterVec, IntGaugeVec, Opts, Registry};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, Semaphore};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::server::TlsStream;
use tokio_util::sync::CancellationToken;

use crate::config::TransportLimits;

/// Answers one request of a connection.
pub type Handler =
    Arc<dyn Fn(Request<Incoming>) -> BoxFuture<'static, Response<Body>> + Send + Sync>;

/// Makes the handler of a connection once its TLS handshake is done (to read the client's
/// certificate).
pub type MakeHandler = Arc<dyn Fn(&TlsStream<TcpStream>) -> Handler + Send + Sync>;

/// Per-connection buffering bounds for a port whose responses can be large or slow to read.
#[derive(Clone, Copy, Debug)]
pub struct Buffers {
    /// The kernel's send buffer: without a fixed one the kernel grows it for a client that
    /// does not read, and the server never feels the backpressure that bounds its own buffers.
    pub send: usize,
    /// What TLS may hold before a write waits for the client.
    pub write: usize,
    /// HTTP/1's read and write buffers (at least 8 KiB, hyper's floor): also the largest
    /// request head. Every open connection holds them, so they weigh on every long-lived SSE
    /// client (16 KiB here cost ~12 KB more per subscriber than 8 KiB).
    pub http1: usize,
}

/// One listener: its name in logs and metrics (`grpc`, `http`) and how it serves.
pub struct Listen {
    pub port: &'static str,
    pub listener: TcpListener,
    pub tls: Arc<rustls::ServerConfig>,
    pub limits: TransportLimits,
    /// gRPC speaks HTTP/2 only; the gateway both.
    pub http2_only: bool,
    pub buffers: Option<Buffers>,
    /// Ends accepting; open connections then get `grace` to finish.
    pub shutdown: CancellationToken,
    pub grace: Duration,
}

/// Serves connections on `listen` until its shutdown token is cancelled, then gives open
/// connections the grace period.
pub async fn serve(listen: Listen, make: MakeHandler) {
    let Listen {
        port,
        listener,
        tls,
        limits,
        http2_only,
        buffers,
        shutdown,
        grace,
    } = listen;
    let acceptor = TlsAcceptor::from(tls);
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let connections = tokio_util::task::TaskTracker::new();
    let metrics = &crate::telemetry::metrics().transport;
    let refusals = Refusals::default();
    loop {
        let (tcp, peer) = tokio::select! {
            () = shutdown.cancelled() => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: wait a moment rather than spin.
                    tracing::warn!(port, error = %e, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        // Past the cap a connection is closed at once: the client sees its handshake fail
        // rather than wait on a server that cannot take it.
        let Ok(slot) = Arc::clone(&slots).try_acquire_owned() else {
            metrics.refused.with_label_values(&[port]).inc();
            refusals.note(port, peer, limits.max_connections);
            drop(tcp);
            continue;
        };
        if let Some(buffers) = buffers
            && let Err(e) = socket2::SockRef::from(&tcp).set_send_buffer_size(buffers.send)
        {
            tracing::debug!(%peer, error = %e, "cannot size the send buffer");
        }
        let _ = tcp.set_nodelay(true);
        let acceptor = acceptor.clone();
        let make = Arc::clone(&make);
        let shutdown = shutdown.clone();
        connections.spawn(async move {
            let open = metrics.open.with_label_values(&[port]);
            open.inc();
            let reason = connection(
                acceptor, tcp, peer, &make, limits, http2_only, buffers, shutdown, grace,
            )
            .await;
            metrics.closed.with_label_values(&[port, reason]).inc();
            open.dec();
            drop(slot);
        });
    }
    drop(listener);
    connections.close();
    let _ = tokio::time::timeout(grace + Duration::from_secs(1), connections.wait()).await;
}

/// Runs one connection to its end and says why it ended.
#[allow(
    clippy::too_many_arguments,
    reason = "the parts of one connection, used once"
)]
async fn connection(
    acceptor: TlsAcceptor,
    tcp: TcpStream,
    peer: SocketAddr,
    make: &MakeHandler,
    limits: TransportLimits,
    http2_only: bool,
    buffers: Option<Buffers>,
    shutdown: CancellationToken,
    grace: Duration,
) -> &'static str {
    // The handshake and the connection's set-up end in this block, so the task keeps no room
    // for the TLS stream they move into the boxed connection (a local's room lasts to the end
    // of its scope, moved out or not); the handshake's own state is boxed for the same reason.
    let (connection, activity) = {
        let accept = Box::pin(acceptor.accept(tcp));
        let tls = match tokio::time::timeout(limits.handshake_timeout, accept).await {
            Ok(Ok(tls)) => tls,
            Ok(Err(e)) => {
                tracing::debug!(%peer, error = %e, "TLS handshake refused");
                return "handshake_failed";
            }
            Err(_) => {
                tracing::debug!(%peer, "TLS handshake timed out");
                return "handshake_timeout";
            }
        };
        start(tls, make, limits, http2_only, buffers)
    };
    drive(
        connection,
        activity,
        limits.idle_timeout,
        shutdown,
        grace,
        peer,
    )
    .await
}

/// The HTTP connection over a TLS stream whose handshake is done, with its count of open
/// requests.
fn start(
    mut tls: TlsStream<TcpStream>,
    make: &MakeHandler,
    limits: TransportLimits,
    http2_only: bool,
    buffers: Option<Buffers>,
) -> (Pin<Box<dyn Connection>>, Arc<Activity>) {
    if let Some(buffers) = buffers {
        tls.get_mut().1.set_buffer_limit(Some(buffers.write));
    }
    let handler = make(&tls);
    let activity = Arc::new(Activity::new());
    let service = {
        let activity = Arc::clone(&activity);
        hyper::service::service_fn(move |req: Request<Incoming>| {
            let guard = Active::begin(&activity);
            let answer = handler(req);
            async move {
                let response = answer.await;
                // The request counts as open until its response body is dropped: a stream is
                // open as long as it is being sent.
                Ok::<_, Infallible>(response.map(|body| Body::new(Tracked { body, guard })))
            }
        })
    };
    // The protocol ALPN chose, served by its own state machine: hyper_util's `auto` connection
    // holds an HTTP/1 and an HTTP/2 one in every connection (~6 KB that each long-lived SSE
    // client paid for). A client that offers no ALPN speaks HTTP/1.1 to the gateway; the gRPC
    // port speaks only HTTP/2.
    let h2 = http2_only || tls.get_ref().1.alpn_protocol() == Some(b"h2");
    // Each connection is boxed by itself, so the task holds a pointer rather than room for
    // the larger of the two.
    let connection: Pin<Box<dyn Connection>> = if h2 {
        let io = TokioIo::new(Batched::new(tls));
        let mut builder = http2::Builder::new(TokioExecutor::new());
        builder
            .timer(TokioTimer::new())
            .max_concurrent_streams(limits.max_streams)
            .keep_alive_interval(limits.keepalive_interval)
            .keep_alive_timeout(limits.keepalive_timeout);
        Box::pin(builder.serve_connection(io, service))
    } else {
        let io = TokioIo::new(tls);
        let mut builder = http1::Builder::new();
        builder
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_timeout);
        if let Some(buffers) = buffers {
            builder.max_buf_size(buffers.http1);
        }
        Box::pin(builder.serve_connection(io, service))
    };
    (connection, activity)
}

/// Either protocol's connection, as the accept loop drives it.
trait Connection: Future<Output = Result<(), hyper::Error>> + Send {
    fn graceful_shutdown(self: Pin<&mut Self>);
}

impl<S, B> Connection for http1::Connection<TokioIo<TlsStream<TcpStream>>, S>
where
    S: hyper::service::HttpService<Incoming, ResBody = B> + Send,
    S::Future: Send + 'static,
    S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    B: HttpBody + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    fn graceful_shutdown(self: Pin<&mut Self>) {
        http1::Connection::graceful_shutdown(self);
    }
}

impl<S, B> Connection
    for http2::Connection<TokioIo<Batched<TlsStream<TcpStream>>>, S, TokioExecutor>
where
    S: hyper::service::HttpService<Incoming, ResBody = B> + Send,
    S::Future: Send + 'static,
    S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    B: HttpBody + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    fn graceful_shutdown(self: Pin<&mut Self>) {
        http2::Connection::graceful_shutdown(self);
    }
}

/// An HTTP/2 connection's transport that lets the streams ready at the same moment answer in
/// one write. Each stream's response is made on a task of its own, which wakes the connection
/// to send it; tokio runs a task woken that way next (its LIFO slot), so without this the
/// connection encrypts and writes each response alone as soon as it is made: one TLS record and
/// one `writev` (on loopback, the peer's whole receive path too) per response, while the other
/// streams answered by the same shared read wait their turn. Here the first write of a burst
/// yields once (the task wakes itself, which puts it at the back of the run queue), so the
/// streams already runnable add their frames first and the burst goes out in one write. Alone
/// on a connection this costs one extra poll; a burst ends when a flush completes.
pub struct Batched<T> {
    io: T,
    /// This burst's yield was taken: write through until the next completed flush.
    yielded: bool,
}

impl<T> Batched<T> {
    fn new(io: T) -> Self {
        Self { io, yielded: false }
    }

    /// Pending once per burst, having woken the task so it runs again after what is queued.
    fn yield_once(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        if self.yielded {
            return Poll::Ready(());
        }
        self.yielded = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

impl<T: tokio::io::AsyncRead + Unpin> tokio::io::AsyncRead for Batched<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_read(cx, buf)
    }
}

impl<T: tokio::io::AsyncWrite + Unpin> tokio::io::AsyncWrite for Batched<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        std::task::ready!(self.yield_once(cx));
        Pin::new(&mut self.io).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        std::task::ready!(self.yield_once(cx));
        Pin::new(&mut self.io).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        let flushed = std::task::ready!(Pin::new(&mut self.io).poll_flush(cx));
        self.yielded = false;
        Poll::Ready(flushed)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

/// Serves `connection` until it ends, goes idle or the listener shuts down (then gives it
/// `grace`); says why it ended. Owns what it uses, so its future is `'static`.
async fn drive(
    mut connection: Pin<Box<dyn Connection>>,
    activity: Arc<Activity>,
    idle_timeout: Duration,
    shutdown: CancellationToken,
    grace: Duration,
    peer: SocketAddr,
) -> &'static str {
    let reason = tokio::select! {
        result = connection.as_mut() => {
            if let Err(e) = result {
                tracing::debug!(%peer, error = %e, "connection ended with an error");
            }
            return "closed";
        }
        () = activity.idle(idle_timeout) => "idle",
        () = shutdown.cancelled() => "shutdown",
    };
    tracing::debug!(%peer, reason, "closing the connection");
    connection.as_mut().graceful_shutdown();
    let _ = tokio::time::timeout(grace, connection.as_mut()).await;
    reason
}

/// Logs refusals at the cap at most once a second per port, with how many since the last line.
#[derive(Default)]
struct Refusals {
    since_log: AtomicU64,
    last: Mutex<Option<Instant>>,
}

impl Refusals {
    fn note(&self, port: &str, peer: SocketAddr, cap: usize) {
        let count = self.since_log.fetch_add(1, Ordering::Relaxed) + 1;
        let mut last = self.last.lock().expect("refusal log lock");
        if last.is_none_or(|at| at.elapsed() >= Duration::from_secs(1)) {
            *last = Some(Instant::now());
            self.since_log.store(0, Ordering::Relaxed);
            tracing::warn!(
                port,
                %peer,
                refused = count,
                cap,
                "connection refused: the port holds WORKER_MAX_CONNECTIONS connections"
            );
        }
    }
}

/// How many requests (and streams) of one connection are open, and since when none is.
struct Activity {
    state: Mutex<(usize, Instant)>,
    changed: Notify,
}

impl Activity {
    fn new() -> Self {
        Self {
            state: Mutex::new((0, Instant::now())),
            changed: Notify::new(),
        }
    }

    /// Resolves once nothing has been open for `timeout`.
    async fn idle(&self, timeout: Duration) {
        loop {
            let changed = self.changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            let (open, since) = *self.state.lock().expect("activity lock");
            if open > 0 {
                changed.await;
                continue;
            }
            let deadline = tokio::time::Instant::from_std(since + timeout);
            tokio::select! {
                () = tokio::time::sleep_until(deadline) => return,
                () = changed => {}
            }
        }
    }
}

/// One open request; dropped with its response body (or with the request if it never answers).
struct Active(Arc<Activity>);

impl Active {
    fn begin(activity: &Arc<Activity>) -> Self {
        activity.state.lock().expect("activity lock").0 += 1;
        activity.changed.notify_waiters();
        Self(Arc::clone(activity))
    }
}

impl Drop for Active {
    fn drop(&mut self) {
        let mut state = self.0.state.lock().expect("activity lock");
        state.0 -= 1;
        state.1 = Instant::now();
        drop(state);
        self.0.changed.notify_waiters();
    }
}

/// A response body that keeps its request counted as open until it is dropped.
struct Tracked {
    body: Body,
    #[allow(dead_code, reason = "held for its Drop")]
    guard: Active,
}

impl HttpBody for Tracked {
    type Data = axum::body::Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// A request body that fails once `deadline` passes before it has all arrived; `timed_out`
/// says whether it did.
pub struct Deadline {
    body: Incoming,
    sleep: Pin<Box<tokio::time::Sleep>>,
    timed_out: Arc<std::sync::atomic::AtomicBool>,
}

impl Deadline {
    pub fn new(body: Incoming, within: Duration) -> (Self, Arc<std::sync::atomic::AtomicBool>) {
        let timed_out = Arc::new(std::sync::atomic::AtomicBool::new(false));
        (
            Self {
                body,
                sleep: Box::pin(tokio::time::sleep(within)),
                timed_out: Arc::clone(&timed_out),
            },
            timed_out,
        )
    }
}

impl HttpBody for Deadline {
    type Data = axum::body::Bytes;
    type Error = Box<dyn std::error::Error + Send + Sync>;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        match Pin::new(&mut self.body).poll_frame(cx) {
            Poll::Ready(frame) => Poll::Ready(frame.map(|f| f.map_err(Into::into))),
            Poll::Pending => match self.sleep.as_mut().poll(cx) {
                Poll::Ready(()) => {
                    self.timed_out.store(true, Ordering::Relaxed);
                    Poll::Ready(Some(Err("the request body did not arrive in time".into())))
                }
                Poll::Pending => Poll::Pending,
            },
        }
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// The listeners' metrics, registered with the process's others.
pub struct TransportMetrics {
    /// Connections open now, by port.
    pub open: IntGaugeVec,
    /// Connections closed at accept because the port was at its cap.
    pub refused: IntCounterVec,
    /// Connections that ended, by port and why (`closed` by the client or an error,
    /// `handshake_timeout`, `handshake_failed`, `idle`, `shutdown`).
    pub closed: IntCounterVec,
}

impl TransportMetrics {
    pub(crate) fn new(registry: &Registry) -> Self {
        let open = IntGaugeVec::new(
            Opts::new(
                "worker_connections_open",
                "Connections held now, by listener.",
            ),
            &["port"],
        )
        .expect("valid metric");
        let refused = IntCounterVec::new(
            Opts::new(
                "worker_connections_refused_total",
                "Connections closed on accept because the listener held WORKER_MAX_CONNECTIONS.",
            ),
            &["port"],
        )
        .expect("valid metric");
        let closed = IntCounterVec::new(
            Opts::new(
                "worker_connections_closed_total",
                "Connections that ended, by listener and reason.",
            ),
            &["port", "reason"],
        )
        .expect("valid metric");
        for m in [
            Box::new(open.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(refused.clone()),
            Box::new(closed.clone()),
        ] {
            registry.register(m).expect("unique metric");
        }
        Self {
            open,
            refused,
            closed,
        }
    }
}
