//! The admin surface from outside, on a real server in process (worker-testkit's TestServer,
//! real mTLS): gRPC admin RPCs at 1 and 100 concurrent streams, the HTTPS gateway's routes with
//! a client certificate, and `workerctl queue ls` as a whole process from start to exit. Each
//! call is measured right after its transport floor (`admin_floor.rs`: the same answer served
//! canned), so a row that misses its target says whether the handler or the transport is why.
//!
//! The server runs on a runtime of its own (as `workerd` would in its own process: a worker
//! thread per core), on threads named `workerd-*`, so the CPU each side spends per request is
//! read apart from the per-thread counters the kernel keeps (`/proc/self/task/*/schedstat`).

use std::future::Future;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use bytes::Bytes;
use worker_proto::v1::{GetOverviewRequest, ListDlqRequest, ListQueuesRequest};
use worker_testkit::TestServer;

use crate::admin_floor::{Answer, Answers, FloorServer, framed};
use crate::report::{Figure, Report, Target, median, ms, percentile};

/// The key of a gRPC request to the floor: `AdminService`'s `method`, with `request` framed.
fn grpc_key(method: &str, request: &impl prost::Message) -> (String, Bytes) {
    (format!("/worker.v1.AdminService/{method}"), framed(request))
}

/// Streams (concurrent callers) the RPCs and routes are driven with.
const STREAMS: [usize; 2] = [1, 100];

/// mTLS connections the gRPC streams are spread over (stream `i` calls on connection
/// `i % CONNECTIONS`): an operator fleet calls over many connections, and one HTTP/2 connection
/// is one task on each side, which bounds what any number of streams over it can do.
const CONNECTIONS: usize = 4;

/// The server's threads: its runtime's (workers and blocking pool) and the SQLite store's own.
fn is_server_thread(comm: &str) -> bool {
    comm.starts_with(SERVER_THREADS) || comm.starts_with("sqlite-")
}

/// The name of the server runtime's threads.
const SERVER_THREADS: &str = "workerd-";

/// CPU time this process's threads have run so far, in nanoseconds: (server, everything else).
/// A thread that ended takes its time with it, so the server's blocking threads are kept
/// alive for the whole run (`ServerRuntime`).
fn cpu_split() -> (u64, u64) {
    let (mut server, mut other) = (0, 0);
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return (0, 0);
    };
    for task in tasks.flatten() {
        let path = task.path();
        let comm = std::fs::read_to_string(path.join("comm")).unwrap_or_default();
        // schedstat's first field: time on a CPU, in nanoseconds.
        let ns: u64 = std::fs::read_to_string(path.join("schedstat"))
            .ok()
            .and_then(|s| s.split_whitespace().next().and_then(|n| n.parse().ok()))
            .unwrap_or(0);
        if is_server_thread(comm.trim_end()) {
            server += ns;
        } else {
            other += ns;
        }
    }
    (server, other)
}

/// The runtime the server runs on, apart from the bench's clients.
struct ServerRuntime(Option<tokio::runtime::Runtime>);

impl ServerRuntime {
    fn new() -> Self {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .thread_name_fn(|| {
                static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
                let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                format!("{SERVER_THREADS}{n}")
            })
            // Blocking threads live through the run, so their CPU time stays countable.
            .thread_keep_alive(Duration::from_secs(3_600))
            .enable_all()
            .build()
            .expect("the server's runtime");
        Self(Some(rt))
    }

    fn get(&self) -> &tokio::runtime::Runtime {
        self.0.as_ref().expect("running")
    }

    /// Starts a test server with `env` on this runtime.
    async fn start(&self, env: &[(&str, &str)]) -> TestServer {
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect();
        let rt = self.0.as_ref().expect("running");
        rt.spawn(async move {
            let env: Vec<(&str, &str)> =
                env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            TestServer::start(&env).await
        })
        .await
        .expect("the server starts")
    }
}

impl Drop for ServerRuntime {
    fn drop(&mut self) {
        // Dropped on the bench's runtime, where waiting is not allowed.
        if let Some(rt) = self.0.take() {
            rt.shutdown_background();
        }
    }
}

/// Closed loop: `streams` callers, each calling again as soon as its call returns, for
/// `duration`: (calls per second, latencies sorted). `call(i)` is stream `i`'s call.
async fn drive<F, Fut>(streams: usize, duration: Duration, call: F) -> (f64, Vec<Duration>)
where
    F: Fn(usize) -> Fut + Clone + Send + 'static,
    Fut: Future<Output = ()> + Send,
{
    let start = Instant::now();
    let deadline = start + duration;
    let mut joins = Vec::new();
    for i in 0..streams {
        let call = call.clone();
        joins.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            while Instant::now() < deadline {
                let t = Instant::now();
                call(i).await;
                lat.push(t.elapsed());
            }
            lat
        }));
    }
    let mut all = Vec::new();
    for join in joins {
        all.extend(join.await.expect("caller"));
    }
    let rate = all.len() as f64 / start.elapsed().as_secs_f64();
    all.sort();
    (rate, all)
}

/// What [`measure`] found: the name it printed and the medians at each of [`STREAMS`].
struct Measured {
    name: String,
    rates: [f64; STREAMS.len()],
    p99s: [f64; STREAMS.len()],
}

/// What a measured row is.
#[derive(Clone, Copy)]
enum Row<'a> {
    /// A transport floor: printed without targets, since it is what any server pays here.
    Floor,
    /// A call of the real server, beside its floor, with the targets.
    Beside(&'a Measured),
}

/// Drives `call` at each stream count for every repeat and reports calls/s and p99 (beside the
/// floor's, for a row beside one), and the server's and the client's CPU per call.
async fn measure<F, Fut>(
    report: &mut Report,
    name: &str,
    repeats: usize,
    duration: Duration,
    row: Row<'_>,
    call: F,
) -> Measured
where
    F: Fn(usize) -> Fut + Clone + Send + 'static,
    Fut: Future<Output = ()> + Send,
{
    let mut measured = Measured {
        name: name.to_string(),
        rates: [f64::NAN; STREAMS.len()],
        p99s: [f64::NAN; STREAMS.len()],
    };
    for (at, streams) in STREAMS.into_iter().enumerate() {
        let (mut rates, mut p99s) = (Vec::new(), Vec::new());
        let (mut server_us, mut client_us) = (Vec::new(), Vec::new());
        for _ in 0..repeats {
            // A short warm-up, so connection setup is not in the figure.
            drive(streams, duration / 10, call.clone()).await;
            let before = cpu_split();
            let (rate, lat) = drive(streams, duration, call.clone()).await;
            let after = cpu_split();
            let calls = lat.len().max(1) as f64;
            server_us.push((after.0 - before.0) as f64 / 1_000.0 / calls);
            client_us.push((after.1 - before.1) as f64 / 1_000.0 / calls);
            rates.push(rate);
            p99s.push(ms(percentile(&lat, 99.0)));
        }
        let mut rate = Figure::new(format!("{name}, {streams} streams"), "req/s", rates);
        let mut p99 = Figure::new(format!("{name}, {streams} streams: p99"), "ms", p99s);
        if let Row::Beside(floor) = row {
            rate = rate.floor(
                format!("{}, {streams} streams", floor.name),
                floor.rates[at],
            );
            if streams == 100 {
                rate = rate.target(Target::AtLeast(30_000.0));
            }
            p99 = p99
                .floor(
                    format!("{}, {streams} streams: p99", floor.name),
                    floor.p99s[at],
                )
                .target(Target::AtMost(5.0));
        }
        measured.rates[at] = report.add(rate);
        measured.p99s[at] = report.add(p99);
        // The server's CPU per call (its background work included), and the bench's own
        // (clients, timing): the two share the machine's cores.
        report.add(Figure::new(
            format!("{name}, {streams} streams: server CPU per call"),
            "µs",
            server_us,
        ));
        report.add(Figure::new(
            format!("{name}, {streams} streams: client CPU per call"),
            "µs",
            client_us,
        ));
    }
    measured
}

/// The admin suite on one store: `store` is `("sqlite", [])` or `("redis", [WORKER_STORE…])`.
/// The DLQ is filled with `dlq_entries` first (SQLite by rows, Redis by the store's scripts).
pub(crate) async fn suite(
    report: &mut Report,
    store: &str,
    env: &[(&str, &str)],
    repeats: usize,
    duration: Duration,
    dlq_entries: u64,
    workerctl_runs: usize,
) {
    let runtime = ServerRuntime::new();
    let mut server = runtime.start(env).await;
    let mut clients = Vec::new();
    for _ in 0..CONNECTIONS {
        clients.push(server.admin("admin").await);
    }
    let clients = std::sync::Arc::new(clients);
    // The server has opened its store (and made its schema) once it answers.
    clients[0]
        .clone()
        .get_overview(GetOverviewRequest {})
        .await
        .expect("the server answers");
    report.note(format!(
        "admin {store}: gRPC streams spread over {CONNECTIONS} mTLS connections \
         (1 stream: one connection; 100 streams: {} per connection)",
        100 / CONNECTIONS
    ));
    let start = Instant::now();
    if store == "sqlite" {
        crate::dlq::fill(&server.data_dir().join("worker.db"), dlq_entries);
    } else {
        let url = env
            .iter()
            .find(|(k, _)| *k == "WORKER_STORE")
            .map(|(_, v)| *v)
            .expect("a Redis URL");
        // The server's own key prefix (WORKER_REDIS_PREFIX's default).
        crate::dlq::fill_redis(url, "worker", dlq_entries).await;
    }
    report.note(format!(
        "admin {store}: DLQ filled with {dlq_entries} entries in {:.1} s",
        start.elapsed().as_secs_f64()
    ));
    let at = format!("@{dlq_entries}");

    // The same page size with nothing to filter (the newest 100 by the DLQ's own order, the
    // total from the counters) and a filtered one.
    let dlq_pages = [
        ("newest 100, no filter", ListDlqRequest::default()),
        (
            "queue+handler+text",
            ListDlqRequest {
                queue: "q2".into(),
                handler: "webhook".into(),
                query: "502".into(),
                ..ListDlqRequest::default()
            },
        ),
    ]
    .map(|(label, request)| {
        (
            label,
            ListDlqRequest {
                limit: 100,
                ..request
            },
        )
    });
    let routes = [
        ("overview", "/overview"),
        ("queues", "/queues"),
        (
            "dlq?queue&handler&query",
            "/dlq?queue=q2&handler=webhook&query=502&limit=100",
        ),
    ];

    // The floor beneath every row: the real server's answers to these very requests, served
    // canned over the same transport (`admin_floor.rs`).
    let mut answers = Answers::new();
    let mut c = clients[0].clone();
    let overview = c.get_overview(GetOverviewRequest {}).await.expect("rpc");
    answers.insert(
        grpc_key("GetOverview", &GetOverviewRequest {}),
        Answer::grpc(overview.get_ref()),
    );
    let queues = c.list_queues(ListQueuesRequest {}).await.expect("rpc");
    answers.insert(
        grpc_key("ListQueues", &ListQueuesRequest {}),
        Answer::grpc(queues.get_ref()),
    );
    for (_, request) in &dlq_pages {
        let page = c.list_dlq(request.clone()).await.expect("rpc");
        let fresh = answers
            .insert(grpc_key("ListDLQ", request), Answer::grpc(page.get_ref()))
            .is_none();
        assert!(fresh, "two ListDLQ pages on one key");
    }
    let http = server.http("admin");
    for (_, path) in routes {
        let body = http
            .get(server.url(path))
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .expect("the gateway answers")
            .bytes()
            .await
            .expect("body");
        let fresh = answers
            .insert(
                (format!("/admin/v1{path}"), Bytes::new()),
                Answer::Json(body),
            )
            .is_none();
        assert!(fresh, "two gateway routes on one key: {path}");
    }
    let floor = FloorServer::start(runtime.get(), &server, answers).await;
    let mut floor_clients = Vec::new();
    for _ in 0..CONNECTIONS {
        floor_clients.push(floor.admin(&server, "admin").await);
    }
    let floor_clients = std::sync::Arc::new(floor_clients);

    // Each row after its floor, both driven the same way.
    macro_rules! rpc {
        ($label:expr, $method:ident, $request:expr) => {{
            let mut beneath = None;
            for (name, c) in [
                (
                    format!("floor: grpc {} {store}, canned", $label),
                    &floor_clients,
                ),
                (format!("grpc {} {store}", $label), &clients),
            ] {
                let (c, request) = (std::sync::Arc::clone(c), $request);
                let row = beneath.as_ref().map_or(Row::Floor, Row::Beside);
                let measured = measure(report, &name, repeats, duration, row, move |i| {
                    let mut c = c[i % c.len()].clone();
                    let request = request.clone();
                    async move {
                        c.$method(request).await.expect("rpc");
                    }
                })
                .await;
                beneath.get_or_insert(measured);
            }
        }};
    }
    rpc!("GetOverview", get_overview, GetOverviewRequest {});
    rpc!("ListQueues", list_queues, ListQueuesRequest {});
    for (label, request) in dlq_pages {
        rpc!(format!("ListDLQ {label} {at}"), list_dlq, request.clone());
    }

    for (label, path) in routes {
        let mut beneath = None;
        for (name, url) in [
            (
                format!("floor: https GET {label} {store}, canned"),
                floor.url(path),
            ),
            (format!("https GET {label} {store}"), server.url(path)),
        ] {
            let http = http.clone();
            let row = beneath.as_ref().map_or(Row::Floor, Row::Beside);
            let measured = measure(report, &name, repeats, duration, row, move |_| {
                let http = http.clone();
                let url = url.clone();
                async move {
                    let r = http.get(&url).send().await.expect("gateway answers");
                    assert!(r.status().is_success(), "{url}: {}", r.status());
                    r.bytes().await.expect("body");
                }
            })
            .await;
            beneath.get_or_insert(measured);
        }
    }
    drop(floor_clients);
    drop(floor);

    workerctl(report, store, &server, workerctl_runs);
    server.stop().await;
    drop(runtime);
}

/// `workerctl queue ls` against the server, whole process, beside `workerctl --version` (the
/// process's own start and exit, no network): wall time per run.
fn workerctl(report: &mut Report, store: &str, server: &TestServer, runs: usize) {
    let Some(bin) = crate::sibling("workerctl") else {
        report.note(
            "workerctl queue ls: skipped, no workerctl binary beside workerbench \
             (cargo build -p workerctl with the same profile)",
        );
        return;
    };
    let pki = server.pki_dir();
    let time = |args: &[&str], pki: &Path| -> Duration {
        let start = Instant::now();
        let status = Command::new(&bin)
            .args(["--server", &format!("localhost:{}", server.addr.port())])
            .arg("--ca")
            .arg(pki.join("ca.pem"))
            .arg("--cert")
            .arg(pki.join("admin.pem"))
            .arg("--key")
            .arg(pki.join("admin-key.pem"))
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("workerctl runs");
        let elapsed = start.elapsed();
        assert!(status.success(), "workerctl {args:?} failed: {status}");
        elapsed
    };
    let floor: Vec<f64> = (0..runs).map(|_| ms(time(&["--version"], &pki))).collect();
    let ours: Vec<f64> = (0..runs)
        .map(|_| ms(time(&["queue", "ls"], &pki)))
        .collect();
    let floor = median(&floor);
    report.add(
        Figure::new(
            format!("workerctl queue ls {store}, start to exit"),
            "ms",
            ours,
        )
        .floor("workerctl --version", floor)
        .target(Target::AtMost(20.0)),
    );
}
