//! `workerd`'s configuration from the environment: defaults, parsing, and validation that
//! reports every bad value at once, each with its variable's name.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use std::net::SocketAddr;

use crate::api::auth::ApprovalPolicy;
use crate::api::tls::TlsFiles;
use crate::engine::model::{QueueName, WorkerId};
use crate::engine::rate::RateLimit;
use crate::engine::retry::RetryPolicy;
use crate::engine::{CoalesceSettings, EngineConfig};
use crate::runtime::Prefetch;
use crate::store::sqlite::Durability;

use reader::{Reader, parse_bool, token};
pub use reader::{parse_duration, parse_weights};

mod job_sources;
mod jobs;
mod reader;
mod schedules;
mod transport;

pub use job_sources::job_source_policy;
pub use jobs::{JobSettings, JobsMode};
pub use schedules::{DEFAULT_PRESET_SPEC, ScheduleSettings, parse_presets};
pub use transport::TransportLimits;

/// Where tasks are stored.
#[derive(Clone, PartialEq, Eq)]
pub enum StoreConfig {
    Sqlite {
        path: PathBuf,
        durability: Durability,
    },
    /// Shared by any number of nodes.
    Redis {
        url: String,
        /// `WORKER_REDIS_PREFIX`: the hash tag every key starts with.
        prefix: String,
        /// Files for a `rediss://` URL; empty trusts the system's roots and sends no certificate.
        tls: RedisTlsFiles,
        /// `WORKER_REDIS_CLUSTER`: the URL is a seed node of a Redis Cluster.
        cluster: bool,
    },
}

/// `WORKER_REDIS_TLS_CA`, `_CERT` and `_KEY`: what a `rediss://` connection trusts and shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RedisTlsFiles {
    /// The CA that signed Redis's certificate, instead of the system's roots.
    pub ca: Option<PathBuf>,
    /// A client certificate and key, for a Redis with `tls-auth-clients yes` (its default).
    pub client: Option<(PathBuf, PathBuf)>,
}

/// A Redis URL without its password, for logs and `Debug`.
pub fn redacted_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{}{user}:***{}", &url[..scheme + 3], &url[at..])
        }
        _ => url.to_string(),
    }
}

impl fmt::Debug for StoreConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreConfig::Sqlite { path, durability } => f
                .debug_struct("Sqlite")
                .field("path", path)
                .field("durability", durability)
                .finish(),
            StoreConfig::Redis {
                url,
                prefix,
                tls,
                cluster,
            } => f
                .debug_struct("Redis")
                .field("url", &redacted_url(url))
                .field("prefix", prefix)
                .field("tls", tls)
                .field("cluster", cluster)
                .finish(),
        }
    }
}

/// The most tasks `WORKER_PREFETCH` may hold ahead.
const PREFETCH_MAX: u32 = 100_000;

/// How this process's worker pool runs.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkerSettings {
    pub concurrency: u32,
    pub prefetch: Prefetch,
    pub poll_interval: Duration,
    pub shutdown_grace: Duration,
    pub queues: Option<Vec<QueueName>>,
    pub id: Option<WorkerId>,
}

/// The admin plane: listeners, TLS, approval and guardrails.
#[derive(Clone, Debug)]
pub struct AdminConfig {
    pub grpc_addr: SocketAddr,
    /// The HTTPS gateway's listener.
    pub http_addr: SocketAddr,
    /// Gateway mode: the AdminService to forward to, host:port.
    pub grpc_target: Option<String>,
    /// The gateway's own client certificate for dialling the target (OU gateway); `None` uses
    /// the development PKI's.
    pub gateway_cert: Option<(PathBuf, PathBuf)>,
    /// `None`: use (and on first start make) the development PKI in the data directory.
    pub tls: Option<TlsFiles>,
    pub approval: ApprovalPolicy,
    pub replay_limit_max: u32,
    pub replay_ids_max: u32,
    pub audit_export_limit_max: u32,
    /// Where audit entries evicted by retention are written as JSONL files before they are
    /// deleted (`<data dir>/audit` unless set); `None` (`off`) deletes them unkept.
    pub audit_archive_dir: Option<PathBuf>,
    /// The audit chain's HMAC key, kept outside the store (`WORKER_AUDIT_KEY_FILE`, default
    /// `<data dir>/pki/audit.key`, made on first start).
    pub audit_key_file: PathBuf,
    pub schedule_run_max: u32,
    pub schedule_run_window: Duration,
    /// How often the gateway's event stream sends its snapshot frames (overview, the latest
    /// audit entries, a heartbeat), as go-worker's gateway does every 10 s.
    pub sse_snapshot_interval: Duration,
    /// Where the gateway finds `tarball_path` artifacts: `WORKER_ADMIN_JOB_TARBALL_DIR` (the
    /// reference's name), else the runner's `WORKER_JOB_TARBALL_DIR`; `None` offers none.
    pub job_tarball_dir: Option<PathBuf>,
}

/// Everything `workerd` reads from its environment.
#[derive(Clone, Debug)]
pub struct Config {
    pub data_dir: PathBuf,
    pub store: StoreConfig,
    pub engine: EngineConfig,
    pub worker: WorkerSettings,
    pub admin: AdminConfig,
    pub demo: bool,
    /// Tasks per second the demo keeps enqueuing while it runs (0: only the seed).
    pub demo_feed: u32,
    pub maintenance_interval: Duration,
    /// How often every node verifies the whole audit chain (`WORKER_AUDIT_VERIFY_INTERVAL`).
    pub audit_verify_interval: Duration,
    /// How often every node anchors the audit head when it moved
    /// (`WORKER_AUDIT_ANCHOR_INTERVAL`); it also does at shutdown.
    pub audit_anchor_interval: Duration,
    /// The scheduler loop every node runs, and the presets it creates at start.
    pub schedules: ScheduleSettings,
    /// Timeouts and caps of both listeners.
    pub transport: TransportLimits,
    /// `WORKER_SQLITE_ALLOW_DATA_LOSS`: start on a SQLite store that lost data (an emptied or
    /// missing file, or one gone back in time) instead of refusing; the loss is still reported.
    pub sqlite_allow_data_loss: bool,
    /// `WORKER_REDIS_ALLOW_DATA_LOSS`: start on a Redis store that lost data (its guard gone, or
    /// another store's) instead of refusing; the loss is still reported.
    pub redis_allow_data_loss: bool,
    /// The job runner: source policy, default limits, network, host variables, reaper.
    pub jobs: JobSettings,
}

/// Every invalid variable, one line each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub problems: Vec<String>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "invalid configuration:")?;
        for problem in &self.problems {
            writeln!(f, "  {problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// The platform data directory (`~/.local/share/worker` on Linux).
pub fn default_data_dir() -> PathBuf {
    worker_pki::default_data_dir()
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_map(&std::env::vars().collect())
    }

    /// Reads the given variables; unknown ones are ignored.
    pub fn from_map(env: &BTreeMap<String, String>) -> Result<Self, ConfigError> {
        let mut r = Reader {
            env,
            problems: Vec::new(),
        };
        let data_dir = r
            .raw("WORKER_DATA_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(default_data_dir);
        let durability = r.get("WORKER_SQLITE_SYNC", Durability::Full, |t| {
            match t.trim().to_ascii_lowercase().as_str() {
                "full" => Ok(Durability::Full),
                "normal" => Ok(Durability::Normal),
                other => Err(format!("{other:?} is not a sync mode; use full or normal")),
            }
        });
        let default_path = data_dir.join("worker.db");
        let store = r.get(
            "WORKER_STORE",
            StoreConfig::Sqlite {
                path: default_path.clone(),
                durability,
            },
            |t| {
                let t = t.trim();
                if let Some(path) = t.strip_prefix("sqlite:") {
                    let path = path.strip_prefix("//").unwrap_or(path);
                    if path.is_empty() {
                        return Err(
                            "sqlite: needs a file path, as in sqlite:/var/lib/worker/worker.db"
                                .into(),
                        );
                    }
                    Ok(StoreConfig::Sqlite {
                        path: PathBuf::from(path),
                        durability,
                    })
                } else if t.starts_with("redis://") || t.starts_with("rediss://") {
                    redis::Client::open(t).map_err(|e| {
                        format!(
                            "{:?} is not a Redis URL ({e}); write it as redis://HOST:PORT/DB or rediss://USER:PASSWORD@HOST:PORT/DB",
                            redacted_url(t)
                        )
                    })?;
                    Ok(StoreConfig::Redis {
                        url: t.to_string(),
                        prefix: String::new(),
                        tls: RedisTlsFiles::default(),
                        cluster: false,
                    })
                } else {
                    Err(format!(
                        "{t:?} is not a store URL; use sqlite:PATH or redis://HOST:PORT/DB"
                    ))
                }
            },
        );

        let prefix = r.get("WORKER_REDIS_PREFIX", "worker".to_string(), |t| {
            token(t, 64, "a key prefix")
        });
        let tls_ca = r.path("WORKER_REDIS_TLS_CA");
        let tls_client = r.cert_and_key(
            "WORKER_REDIS_TLS_CERT",
            "WORKER_REDIS_TLS_KEY",
            "when Redis does not ask for a client certificate",
        );
        let cluster = r.get("WORKER_REDIS_CLUSTER", false, parse_bool);
        let tls = RedisTlsFiles {
            ca: tls_ca,
            client: tls_client,
        };
        let store = match store {
            StoreConfig::Redis { url, .. } => {
                if tls != RedisTlsFiles::default() && !url.starts_with("rediss://") {
                    // Certificates beside a plaintext URL mean the operator expects TLS and
                    // would not get it.
                    r.problems.push(format!(
                        "WORKER_REDIS_TLS_*: set, but WORKER_STORE {:?} is not a rediss:// URL; use rediss:// for TLS",
                        redacted_url(&url)
                    ));
                }
                StoreConfig::Redis {
                    url,
                    prefix,
                    tls,
                    cluster,
                }
            }
            other => other,
        };

        let defaults = EngineConfig::default();
        let default_queue = r.get(
            "WORKER_ADMIN_DEFAULT_QUEUE",
            defaults.default_queue.clone(),
            |t| QueueName::new(t.trim()).map_err(|e| e.to_string()),
        );
        let queue_weights = r.get("WORKER_ADMIN_QUEUE_WEIGHTS", BTreeMap::new(), parse_weights);
        let lease = r.positive_duration("WORKER_DURABLE_LEASE", Duration::from_secs(30));
        let retry_base = r.positive_duration("WORKER_RETRY_BASE", Duration::from_secs(1));
        let retry_max = r.positive_duration("WORKER_RETRY_MAX", Duration::from_secs(3_600));
        let max_retries = r.number("WORKER_MAX_RETRIES", 3_u32, 0, 10_000);
        let timeout = r.positive_duration("WORKER_TASK_TIMEOUT", Duration::from_secs(30 * 60));
        let retention = r.duration("WORKER_TASK_RETENTION", Duration::from_secs(7 * 24 * 3_600));
        let dlq_retention = r.duration("WORKER_DLQ_RETENTION", Duration::ZERO);
        let idempotency_ttl =
            r.positive_duration("WORKER_IDEMPOTENCY_TTL", Duration::from_secs(24 * 3_600));
        let stuck_after = r.duration("WORKER_STUCK_AFTER", lease * 2 / 3);
        let rate = r.number("WORKER_GLOBAL_RATE", 0.0_f64, 0.0, 1e9);
        let burst = r.number("WORKER_GLOBAL_BURST", 0_u32, 0, 1_000_000_000);
        if (rate > 0.0) != (burst > 0) {
            r.problems.push(
                "WORKER_GLOBAL_RATE and WORKER_GLOBAL_BURST: set both above zero to enable the global rate limit, or neither"
                    .into(),
            );
        }
        let leader_lease = r.positive_duration("WORKER_LEADER_LEASE", Duration::from_secs(15));
        // A stable name for this node in the leader lock; generated per start when unset.
        let node_id = r.get("WORKER_NODE_ID", defaults.node_id.clone(), |t| {
            token(t, 128, "a node id")
        });
        let event_log_limit = r.number("WORKER_EVENT_LOG_LIMIT", 100_000_u64, 100, 100_000_000);
        let bulk_retention =
            r.duration("WORKER_BULK_RETENTION", Duration::from_secs(7 * 24 * 3_600));
        let bulk_keep = r.number("WORKER_BULK_KEEP", 1_000_u32, 1, 1_000_000);
        let (misfire_grace, schedule_events_limit, schedules) = schedules::read(&mut r);
        let transport = transport::read(&mut r);
        let sqlite_allow_data_loss = r.get("WORKER_SQLITE_ALLOW_DATA_LOSS", false, parse_bool);
        let redis_allow_data_loss = r.get("WORKER_REDIS_ALLOW_DATA_LOSS", false, parse_bool);
        let jobs = jobs::read(&mut r);
        let max_payload = r.number("WORKER_MAX_PAYLOAD_BYTES", 1_usize << 20, 1, 64 << 20);
        let cancel_grace = r.duration("WORKER_CANCEL_GRACE", Duration::from_secs(10));
        let concurrency = r.number("WORKER_CONCURRENCY", 10_u32, 1, 100_000);
        let prefetch = r.get("WORKER_PREFETCH", Prefetch::Auto, |t| match t.parse()? {
            Prefetch::Fixed(n) if n > PREFETCH_MAX => Err(format!(
                "{n} is out of range; use auto or 0 to {PREFETCH_MAX}"
            )),
            prefetch => Ok(prefetch),
        });
        let poll = r.positive_duration("WORKER_POLL_INTERVAL", Duration::from_millis(250));
        let shutdown_grace = r.duration("WORKER_SHUTDOWN_GRACE", Duration::from_secs(30));
        let queues = r.get("WORKER_QUEUES", None, |t| {
            t.split(',')
                .map(str::trim)
                .filter(|q| !q.is_empty())
                .map(|q| QueueName::new(q).map_err(|e| e.to_string()))
                .collect::<Result<Vec<_>, _>>()
                .map(Some)
        });
        let worker_id = r.get("WORKER_ID", None, |t| {
            WorkerId::new(t.trim()).map(Some).map_err(|e| e.to_string())
        });
        let demo = r.get("WORKER_DEMO", false, parse_bool);
        let demo_feed = r.number("WORKER_DEMO_FEED", 2_u32, 0, 100);
        let maintenance =
            r.positive_duration("WORKER_MAINTENANCE_INTERVAL", Duration::from_secs(1));
        let audit_verify_interval =
            r.positive_duration("WORKER_AUDIT_VERIFY_INTERVAL", Duration::from_secs(300));
        let audit_anchor_interval =
            r.positive_duration("WORKER_AUDIT_ANCHOR_INTERVAL", Duration::from_secs(60));
        if stuck_after >= lease {
            r.problems.push(format!(
                "WORKER_STUCK_AFTER: {} must be shorter than WORKER_DURABLE_LEASE ({}), or an expired lease is reclaimed before it can be reported stuck",
                humantime::format_duration(stuck_after),
                humantime::format_duration(lease)
            ));
        }
        if retry_max < retry_base {
            r.problems
                .push("WORKER_RETRY_MAX: must not be shorter than WORKER_RETRY_BASE".into());
        }
        let grpc_addr = r.get(
            "WORKER_ADMIN_GRPC_ADDR",
            SocketAddr::from(([127, 0, 0, 1], 50052)),
            |t| {
                t.trim()
                    .parse::<SocketAddr>()
                    .map_err(|_| format!("{t:?} is not an address; write it like 127.0.0.1:50052"))
            },
        );
        let http_addr = r.get(
            "WORKER_ADMIN_HTTP_ADDR",
            SocketAddr::from(([127, 0, 0, 1], 8081)),
            |t| {
                t.trim()
                    .parse::<SocketAddr>()
                    .map_err(|_| format!("{t:?} is not an address; write it like 127.0.0.1:8081"))
            },
        );
        let grpc_target = r.get("WORKER_ADMIN_GRPC_TARGET", None, |t| {
            let t = t.trim().trim_start_matches("https://");
            if t.rsplit_once(':')
                .is_some_and(|(h, p)| !h.is_empty() && p.parse::<u16>().is_ok())
            {
                Ok(Some(t.to_string()))
            } else {
                Err(format!("{t:?} is not host:port"))
            }
        });
        let gateway_cert = r.cert_and_key(
            "WORKER_ADMIN_GATEWAY_CERT",
            "WORKER_ADMIN_GATEWAY_KEY",
            "to use the development PKI's gateway certificate",
        );
        let tls_vars = [
            "WORKER_ADMIN_TLS_CERT",
            "WORKER_ADMIN_TLS_KEY",
            "WORKER_ADMIN_TLS_CA",
        ];
        let tls_set: Vec<Option<PathBuf>> = tls_vars
            .iter()
            .map(|k| r.raw(k).map(|v| PathBuf::from(v.trim())))
            .collect();
        let tls = match tls_set.as_slice() {
            [Some(cert), Some(key), Some(ca)] => Some(TlsFiles {
                cert: cert.clone(),
                key: key.clone(),
                ca: ca.clone(),
            }),
            [None, None, None] => None,
            _ => {
                r.problems.push(
                    "WORKER_ADMIN_TLS_CERT, WORKER_ADMIN_TLS_KEY and WORKER_ADMIN_TLS_CA: set all three, or none to use the development PKI"
                        .into(),
                );
                None
            }
        };
        let require_approval = r.get("WORKER_ADMIN_REQUIRE_APPROVAL", false, parse_bool);
        let approval_token = r
            .raw("WORKER_ADMIN_APPROVAL_TOKEN")
            .map(|t| t.trim().to_string());
        if require_approval && approval_token.is_none() {
            r.problems.push(
                "WORKER_ADMIN_REQUIRE_APPROVAL: approval is required but WORKER_ADMIN_APPROVAL_TOKEN is empty; set a token"
                    .into(),
            );
        }
        let replay_limit_max = r.number("WORKER_ADMIN_REPLAY_LIMIT_MAX", 1_000_u32, 1, 1_000_000);
        let replay_ids_max = r.number("WORKER_ADMIN_REPLAY_IDS_MAX", 1_000_u32, 1, 100_000);
        // The audit log is kept by age; the count is only a bound far above normal use, so
        // no burst of calls can push history out (refusals and enqueues are coalesced too).
        let audit_limit = r.number(
            "WORKER_ADMIN_AUDIT_EVENT_LIMIT",
            1_000_000_u64,
            1,
            1_000_000_000,
        );
        let audit_retention = r.duration(
            "WORKER_ADMIN_AUDIT_RETENTION",
            Duration::from_secs(90 * 24 * 3_600),
        );
        // What leaves the store is archived unless archiving is turned off explicitly.
        let audit_archive_dir = match r.raw("WORKER_ADMIN_AUDIT_ARCHIVE_DIR").map(str::trim) {
            None => Some(data_dir.join("audit")),
            Some(off) if off.eq_ignore_ascii_case("off") => None,
            Some(dir) => Some(PathBuf::from(dir)),
        };
        let audit_coalesce_window = r.duration(
            "WORKER_ADMIN_AUDIT_COALESCE_WINDOW",
            Duration::from_secs(60),
        );
        let audit_refusal_budget =
            r.number("WORKER_ADMIN_AUDIT_REFUSAL_BUDGET", 20_u32, 0, 1_000_000);
        let audit_key_file = r
            .raw("WORKER_AUDIT_KEY_FILE")
            .map(|d| PathBuf::from(d.trim()))
            .unwrap_or_else(|| data_dir.join("pki").join(worker_pki::AUDIT_KEY_FILE));
        let audit_archive_interval = r.positive_duration(
            "WORKER_ADMIN_AUDIT_ARCHIVE_INTERVAL",
            Duration::from_secs(30),
        );
        let audit_export_limit_max = r.number(
            "WORKER_ADMIN_AUDIT_EXPORT_LIMIT_MAX",
            5_000_u32,
            1,
            10_000_000,
        );
        let sse_snapshot_interval = r.positive_duration(
            "WORKER_ADMIN_SSE_SNAPSHOT_INTERVAL",
            Duration::from_secs(10),
        );
        let job_tarball_dir = r
            .raw("WORKER_ADMIN_JOB_TARBALL_DIR")
            .or_else(|| r.raw("WORKER_JOB_TARBALL_DIR"))
            .filter(|t| !t.trim().is_empty())
            .map(|t| PathBuf::from(t.trim()));
        let schedule_run_max = r.number("WORKER_ADMIN_SCHEDULE_RUN_MAX", 30_u32, 1, 1_000_000);
        let schedule_run_window =
            r.positive_duration("WORKER_ADMIN_SCHEDULE_RUN_WINDOW", Duration::from_secs(60));
        if !r.problems.is_empty() {
            return Err(ConfigError {
                problems: r.problems,
            });
        }
        Ok(Config {
            store,
            engine: EngineConfig {
                default_queue,
                queue_weights,
                lease_ms: millis(lease),
                retry: RetryPolicy {
                    base_ms: millis(retry_base),
                    max_ms: millis(retry_max),
                    jitter: 0.2,
                },
                default_max_retries: max_retries,
                default_timeout_ms: millis(timeout),
                task_retention_ms: millis(retention),
                dlq_retention_ms: (!dlq_retention.is_zero()).then(|| millis(dlq_retention)),
                idempotency_ttl_ms: millis(idempotency_ttl),
                stuck_after_ms: millis(stuck_after),
                worker_lost_after_ms: millis(lease) * 2,
                rate_limit: (rate > 0.0 && burst > 0).then_some(RateLimit {
                    per_second: rate,
                    burst,
                }),
                leader_lease_ms: millis(leader_lease),
                node_id,
                event_log_limit,
                max_payload_bytes: max_payload,
                cancel_grace_ms: millis(cancel_grace),
                audit_limit,
                audit_retention_ms: (!audit_retention.is_zero()).then(|| millis(audit_retention)),
                audit_archive_interval_ms: millis(audit_archive_interval),
                audit_coalesce: CoalesceSettings {
                    window_ms: millis(audit_coalesce_window),
                    refusal_budget_per_minute: audit_refusal_budget,
                },
                schedule_events_limit,
                schedule_misfire_grace_ms: millis(misfire_grace),
                job_output_bytes: jobs.output_bytes,
                bulk_retention_ms: millis(bulk_retention),
                bulk_keep,
                ..defaults
            },
            admin: AdminConfig {
                grpc_addr,
                http_addr,
                grpc_target,
                gateway_cert,
                tls,
                approval: ApprovalPolicy {
                    required: require_approval,
                    token: approval_token,
                },
                replay_limit_max,
                replay_ids_max,
                audit_export_limit_max,
                sse_snapshot_interval,
                audit_archive_dir,
                audit_key_file,
                schedule_run_max,
                schedule_run_window,
                job_tarball_dir,
            },
            worker: WorkerSettings {
                concurrency,
                prefetch,
                poll_interval: poll,
                shutdown_grace,
                queues,
                id: worker_id,
            },
            demo,
            demo_feed,
            maintenance_interval: maintenance,
            audit_verify_interval,
            audit_anchor_interval,
            schedules,
            transport,
            sqlite_allow_data_loss,
            redis_allow_data_loss,
            jobs,
            data_dir,
        })
    }
}

#[cfg(test)]
mod tests;
