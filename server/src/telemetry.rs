//! Process-wide metrics: what the gateway's `/metrics` reports. The gateway records HTTP calls,
//! the gRPC call pipeline records every `AdminService` and `TaskService` call (a server stream
//! when it is accepted or refused), the worker runtime records task outcomes and run times.
//! Labels are bounded: routes are templates (`/queues/{name}`), status codes are classes.
//!
//! Names follow the reference where they pass Prometheus's naming rules (`promtool check
//! metrics`); its `*_duration_milliseconds_sum` counters and `*_max` gauges do not, so durations
//! are `*_request_duration_seconds` histograms and `*_max_seconds` gauges instead. The JSON
//! snapshot keeps the reference's `totalMs`/`maxMs`.

use std::collections::BTreeMap;
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant, SystemTime};

use prometheus::{
    Encoder, GaugeVec, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, Opts,
    Registry, TextEncoder,
};
use serde::Serialize;

/// One call family's running figures, in the reference's JSON snapshot shape.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stat {
    pub calls: u64,
    pub errors: u64,
    pub total_ms: f64,
    pub max_ms: f64,
    pub avg_ms: f64,
    pub last_code: String,
    /// Written as RFC 3339 when the snapshot is taken, not formatted on every call.
    #[serde(serialize_with = "rfc3339")]
    pub last_updated: Option<SystemTime>,
}

fn rfc3339<S: serde::Serializer>(at: &Option<SystemTime>, s: S) -> Result<S::Ok, S::Error> {
    match at {
        Some(at) => s.collect_str(&humantime::format_rfc3339_millis(*at)),
        None => s.serialize_str(""),
    }
}

impl Stat {
    fn record(&mut self, ms: f64, error: bool, code: &str) {
        self.calls += 1;
        if error {
            self.errors += 1;
        }
        self.total_ms += ms;
        self.max_ms = self.max_ms.max(ms);
        self.avg_ms = self.total_ms / self.calls as f64;
        if self.last_code != code {
            self.last_code = code.to_string();
        }
        self.last_updated = Some(SystemTime::now());
    }
}

pub struct Metrics {
    registry: Registry,
    started: Instant,
    started_at: SystemTime,
    uptime: prometheus::Gauge,
    http_calls: IntCounterVec,
    http_errors: IntCounterVec,
    http_max: GaugeVec,
    http_seconds: HistogramVec,
    grpc_calls: IntCounterVec,
    grpc_errors: IntCounterVec,
    grpc_max: GaugeVec,
    grpc_seconds: HistogramVec,
    jobs_running: IntGauge,
    /// 1 while the last verification of the audit chain found a broken link.
    audit_chain_broken: IntGauge,
    jobs_completed: IntCounter,
    jobs_failed: IntCounter,
    #[allow(dead_code, reason = "container jobs record into it once they exist")]
    jobs_seconds: prometheus::Histogram,
    jobs_max: prometheus::Gauge,
    /// The reference's JSON figures for jobs, in milliseconds.
    jobs_total_ms: Mutex<f64>,
    task_outcomes: IntCounterVec,
    task_seconds: HistogramVec,
    audit_coalesced: IntCounterVec,
    /// By method, then route.
    http_stats: Mutex<BTreeMap<String, BTreeMap<String, Stat>>>,
    /// By method name (`GetOverview`).
    grpc_stats: Mutex<BTreeMap<String, Stat>>,
    /// The listeners' connections: open, refused at the cap, closed and why.
    pub transport: crate::api::listen::TransportMetrics,
    /// Starts on a store that had lost data (allowed by WORKER_SQLITE_ALLOW_DATA_LOSS).
    store_data_loss: IntCounter,
}

const LATENCY_BUCKETS: &[f64] = &[
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];
const RUN_BUCKETS: &[f64] = &[
    0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0, 30.0, 60.0, 300.0, 1800.0,
];

fn counter_vec(registry: &Registry, name: &str, help: &str, labels: &[&str]) -> IntCounterVec {
    let c = IntCounterVec::new(Opts::new(name, help), labels).expect("valid metric");
    registry
        .register(Box::new(c.clone()))
        .expect("unique metric");
    c
}

fn gauge_vec(registry: &Registry, name: &str, help: &str, labels: &[&str]) -> GaugeVec {
    let g = GaugeVec::new(Opts::new(name, help), labels).expect("valid metric");
    registry
        .register(Box::new(g.clone()))
        .expect("unique metric");
    g
}

fn histogram_vec(
    registry: &Registry,
    name: &str,
    help: &str,
    labels: &[&str],
    buckets: &[f64],
) -> HistogramVec {
    let h = HistogramVec::new(
        HistogramOpts::new(name, help).buckets(buckets.to_vec()),
        labels,
    )
    .expect("valid metric");
    registry
        .register(Box::new(h.clone()))
        .expect("unique metric");
    h
}

impl Metrics {
    /// Records the outcome of a verification of the audit chain.
    pub fn set_audit_chain_broken(&self, broken: bool) {
        self.audit_chain_broken.set(i64::from(broken));
    }

    fn new() -> Self {
        let r = Registry::new();
        let uptime = prometheus::Gauge::new(
            "worker_admin_uptime_seconds",
            "Seconds since this process started.",
        )
        .expect("valid metric");
        r.register(Box::new(uptime.clone())).expect("unique metric");
        let jobs_running =
            IntGauge::new("worker_admin_jobs_running", "Container jobs running now.")
                .expect("valid metric");
        let jobs_completed = IntCounter::new(
            "worker_admin_jobs_completed_total",
            "Container jobs that completed.",
        )
        .expect("valid metric");
        let jobs_failed = IntCounter::new(
            "worker_admin_jobs_failed_total",
            "Container jobs that failed.",
        )
        .expect("valid metric");
        let jobs_seconds = prometheus::Histogram::with_opts(
            HistogramOpts::new(
                "worker_admin_jobs_duration_seconds",
                "Run time of container jobs.",
            )
            .buckets(RUN_BUCKETS.to_vec()),
        )
        .expect("valid metric");
        let jobs_max = prometheus::Gauge::new(
            "worker_admin_jobs_duration_max_seconds",
            "Longest container job run.",
        )
        .expect("valid metric");
        let audit_chain_broken = IntGauge::new(
            "worker_audit_chain_broken",
            "1 when the last verification of the audit chain found a broken link.",
        )
        .expect("valid metric");
        for m in [
            Box::new(jobs_running.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(audit_chain_broken.clone()),
            Box::new(jobs_completed.clone()),
            Box::new(jobs_failed.clone()),
            Box::new(jobs_seconds.clone()),
            Box::new(jobs_max.clone()),
        ] {
            r.register(m).expect("unique metric");
        }
        let store_data_loss = IntCounter::new(
            "worker_store_data_loss_total",
            "Starts on a store found to have lost data (an emptied or missing file, or one gone back in time).",
        )
        .expect("valid metric");
        r.register(Box::new(store_data_loss.clone()))
            .expect("unique metric");
        Self {
            transport: crate::api::listen::TransportMetrics::new(&r),
            store_data_loss,
            uptime,
            audit_chain_broken,
            http_calls: counter_vec(
                &r,
                "worker_admin_http_calls_total",
                "HTTP requests by method, route template and status class.",
                &["method", "route", "code"],
            ),
            http_errors: counter_vec(
                &r,
                "worker_admin_http_errors_total",
                "HTTP requests answered with 4xx or 5xx.",
                &["method", "route", "code"],
            ),
            http_max: gauge_vec(
                &r,
                "worker_admin_http_request_duration_max_seconds",
                "Longest HTTP request by route template.",
                &["method", "route"],
            ),
            http_seconds: histogram_vec(
                &r,
                "worker_admin_http_request_duration_seconds",
                "HTTP request latency by route template.",
                &["method", "route"],
                LATENCY_BUCKETS,
            ),
            grpc_calls: counter_vec(
                &r,
                "worker_admin_grpc_calls_total",
                "Admin and task API calls by method and code.",
                &["method", "code"],
            ),
            grpc_errors: counter_vec(
                &r,
                "worker_admin_grpc_errors_total",
                "Admin and task API calls that failed.",
                &["method", "code"],
            ),
            grpc_max: gauge_vec(
                &r,
                "worker_admin_grpc_request_duration_max_seconds",
                "Longest admin and task API call by method.",
                &["method"],
            ),
            grpc_seconds: histogram_vec(
                &r,
                "worker_admin_grpc_request_duration_seconds",
                "Admin and task API latency by method.",
                &["method"],
                LATENCY_BUCKETS,
            ),
            task_outcomes: counter_vec(
                &r,
                "worker_task_outcomes_total",
                "Task attempts run by this process, by handler and outcome.",
                &["handler", "outcome"],
            ),
            task_seconds: histogram_vec(
                &r,
                "worker_task_run_duration_seconds",
                "Run time of task attempts in this process, by handler.",
                &["handler"],
                RUN_BUCKETS,
            ),
            audit_coalesced: counter_vec(
                &r,
                "worker_audit_coalesced_total",
                "Audit entries not written on their own but counted in a coalesced entry: refusals of one actor and action in a window, producers' enqueue calls.",
                &["kind"],
            ),
            jobs_running,
            jobs_completed,
            jobs_failed,
            jobs_seconds,
            jobs_max,
            jobs_total_ms: Mutex::new(0.0),
            registry: r,
            started: Instant::now(),
            started_at: SystemTime::now(),
            http_stats: Mutex::new(BTreeMap::new()),
            grpc_stats: Mutex::new(BTreeMap::new()),
        }
    }

    pub fn record_http(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        // A class label without formatting one on every call.
        let class = match status / 100 {
            1 => "1xx",
            2 => "2xx",
            3 => "3xx",
            4 => "4xx",
            _ => "5xx",
        };
        let ms = elapsed.as_secs_f64() * 1_000.0;
        self.http_calls
            .with_label_values(&[method, route, class])
            .inc();
        if status >= 400 {
            self.http_errors
                .with_label_values(&[method, route, class])
                .inc();
        }
        let max = self.http_max.with_label_values(&[method, route]);
        if elapsed.as_secs_f64() > max.get() {
            max.set(elapsed.as_secs_f64());
        }
        self.http_seconds
            .with_label_values(&[method, route])
            .observe(elapsed.as_secs_f64());
        let code = axum::http::StatusCode::from_u16(status).ok();
        let code = code.as_ref().map_or("", axum::http::StatusCode::as_str);
        let mut stats = self.http_stats.lock().expect("stats lock");
        // Keyed by method, then route, so a call makes no key; the snapshot writes
        // `{method} {route}`.
        let stat = match stats
            .get_mut(method)
            .and_then(|routes| routes.get_mut(route))
        {
            Some(stat) => stat,
            None => stats
                .entry(method.to_string())
                .or_default()
                .entry(route.to_string())
                .or_default(),
        };
        stat.record(ms, status >= 400, code);
    }

    pub fn record_grpc(&self, method: &str, code: tonic::Code, elapsed: Duration) {
        let code_name = code_name(code);
        let ms = elapsed.as_secs_f64() * 1_000.0;
        self.grpc_calls
            .with_label_values(&[method, code_name])
            .inc();
        if code != tonic::Code::Ok {
            self.grpc_errors
                .with_label_values(&[method, code_name])
                .inc();
        }
        let max = self.grpc_max.with_label_values(&[method]);
        if elapsed.as_secs_f64() > max.get() {
            max.set(elapsed.as_secs_f64());
        }
        self.grpc_seconds
            .with_label_values(&[method])
            .observe(elapsed.as_secs_f64());
        let mut stats = self.grpc_stats.lock().expect("stats lock");
        // Keyed by the method's name alone, so a call makes no key; the snapshot writes
        // `/worker.v1/{method}`.
        let stat = match stats.get_mut(method) {
            Some(stat) => stat,
            None => stats.entry(method.to_string()).or_default(),
        };
        stat.record(ms, code != tonic::Code::Ok, code_name);
    }

    /// This process started on a store that had lost data.
    pub fn record_store_data_loss(&self) {
        self.store_data_loss.inc();
    }

    /// An audit entry was folded into a coalesced one; `kind` is `refusal` or `enqueue`.
    pub fn record_audit_coalesced(&self, kind: &str) {
        self.audit_coalesced.with_label_values(&[kind]).inc();
    }

    /// A task attempt ended in this process: `outcome` is succeeded, failed, timeout, panicked,
    /// cancelled, released or lost.
    pub fn record_task(&self, handler: &str, outcome: &str, elapsed: Duration) {
        self.task_outcomes
            .with_label_values(&[handler, outcome])
            .inc();
        self.task_seconds
            .with_label_values(&[handler])
            .observe(elapsed.as_secs_f64());
    }

    /// The Prometheus text format (0.0.4) of everything this process recorded.
    pub fn prometheus_text(&self) -> String {
        self.uptime.set(self.started.elapsed().as_secs_f64());
        let mut out = Vec::new();
        TextEncoder::new()
            .encode(&self.registry.gather(), &mut out)
            .expect("encoding to memory cannot fail");
        String::from_utf8(out).expect("the text format is UTF-8")
    }

    /// The reference's JSON snapshot.
    pub fn json(&self) -> serde_json::Value {
        let jobs_completed = self.jobs_completed.get();
        let jobs_total_ms = *self.jobs_total_ms.lock().expect("jobs lock");
        serde_json::json!({
            "startedAt": humantime::format_rfc3339_millis(self.started_at).to_string(),
            "uptimeSec": self.started.elapsed().as_secs(),
            "http": self
                .http_stats
                .lock()
                .expect("stats lock")
                .iter()
                .flat_map(|(method, routes)| {
                    routes
                        .iter()
                        .map(move |(route, stat)| (format!("{method} {route}"), stat.clone()))
                })
                .collect::<BTreeMap<_, _>>(),
            "grpc": self
                .grpc_stats
                .lock()
                .expect("stats lock")
                .iter()
                .map(|(method, stat)| (format!("/worker.v1/{method}"), stat.clone()))
                .collect::<BTreeMap<_, _>>(),
            "jobs": {
                "running": self.jobs_running.get(),
                "completed": jobs_completed,
                "failed": self.jobs_failed.get(),
                "totalMs": jobs_total_ms,
                "maxMs": self.jobs_max.get() * 1_000.0,
                "avgMs": if jobs_completed == 0 { 0.0 } else { jobs_total_ms / jobs_completed as f64 },
                "lastCode": "",
                "lastUpdated": "",
            },
        })
    }
}

/// The process's metrics.
pub fn metrics() -> &'static Metrics {
    static METRICS: LazyLock<Metrics> = LazyLock::new(Metrics::new);
    &METRICS
}

/// One queue's figures for the scrape-time gauges.
pub struct QueueGauge {
    pub name: String,
    /// Task counts by state name; `dead` is also the DLQ size.
    pub states: [(&'static str, i64); 6],
    pub latency_ms: i64,
}

/// Gauges computed at scrape time from counters the store maintains: queue depth by state,
/// queue latency and DLQ size.
pub fn queue_gauges_text(queues: &[QueueGauge]) -> String {
    let registry = Registry::new();
    let depth = gauge_vec(
        &registry,
        "worker_queue_tasks",
        "Tasks per queue and state.",
        &["queue", "state"],
    );
    let latency = gauge_vec(
        &registry,
        "worker_queue_latency_seconds",
        "Age of the oldest ready task per queue.",
        &["queue"],
    );
    let dlq = gauge_vec(
        &registry,
        "worker_dlq_size",
        "Dead-letter entries per queue.",
        &["queue"],
    );
    for queue in queues {
        for (state, n) in &queue.states {
            depth
                .with_label_values(&[queue.name.as_str(), state])
                .set(*n as f64);
            if *state == "dead" {
                dlq.with_label_values(&[queue.name.as_str()]).set(*n as f64);
            }
        }
        latency
            .with_label_values(&[queue.name.as_str()])
            .set(queue.latency_ms as f64 / 1_000.0);
    }
    let mut out = Vec::new();
    TextEncoder::new()
        .encode(&registry.gather(), &mut out)
        .expect("encoding to memory cannot fail");
    String::from_utf8(out).expect("the text format is UTF-8")
}

/// A gRPC code's label: its name in lower case (`ok`, `permissiondenied`, as `{code:?}`
/// lowercased gives), without formatting one on every call.
fn code_name(code: tonic::Code) -> &'static str {
    use tonic::Code;
    match code {
        Code::Ok => "ok",
        Code::Cancelled => "cancelled",
        Code::Unknown => "unknown",
        Code::InvalidArgument => "invalidargument",
        Code::DeadlineExceeded => "deadlineexceeded",
        Code::NotFound => "notfound",
        Code::AlreadyExists => "alreadyexists",
        Code::PermissionDenied => "permissiondenied",
        Code::ResourceExhausted => "resourceexhausted",
        Code::FailedPrecondition => "failedprecondition",
        Code::Aborted => "aborted",
        Code::OutOfRange => "outofrange",
        Code::Unimplemented => "unimplemented",
        Code::Internal => "internal",
        Code::Unavailable => "unavailable",
        Code::DataLoss => "dataloss",
        Code::Unauthenticated => "unauthenticated",
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn code_labels_are_the_codes_names_lowercased() {
        for n in 0..=16 {
            let code = tonic::Code::from_i32(n);
            assert_eq!(
                super::code_name(code),
                format!("{code:?}").to_ascii_lowercase()
            );
        }
    }
}
