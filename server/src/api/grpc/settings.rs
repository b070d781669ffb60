//! What the gRPC services are configured with: the policy every call is checked against, the
//! guardrails of bulk actions, event stream timing, and what the build says about itself.

use std::time::Duration;

use crate::api::auth::ApprovalPolicy;

/// What the build says about itself, for `GetHealth`.
#[derive(Clone, Debug)]
pub struct BuildInfo {
    pub version: String,
    pub commit: String,
    pub build_time: String,
    pub rustc: String,
}

impl BuildInfo {
    /// This binary's build, from variables `build.rs` set.
    pub fn current() -> Self {
        Self {
            version: env!("CARGO_PKG_VERSION").to_string(),
            commit: env!("WORKER_BUILD_COMMIT").to_string(),
            build_time: env!("WORKER_BUILD_TIME").to_string(),
            rustc: env!("WORKER_BUILD_RUSTC").to_string(),
        }
    }
}

/// Policy the admin API applies to every call.
#[derive(Clone, Debug)]
pub struct ApiSettings {
    pub approval: ApprovalPolicy,
    /// Most DLQ entries one `ReplayDLQ` may move.
    pub replay_limit_max: u32,
    /// Most ids one `ReplayDLQByID` may name.
    pub replay_ids_max: u32,
    /// Most manual runs (`RunSchedule`) of one schedule per `schedule_run_window`, counted over
    /// every node.
    pub schedule_run_max: u32,
    pub schedule_run_window: Duration,
    pub build: BuildInfo,
    /// Heartbeats on event streams, so idle connections stay open and dead ones show.
    pub stream_heartbeat: Duration,
    /// How often an event stream looks for events other processes appended.
    pub stream_poll: Duration,
    /// Cancelled at shutdown: open event streams end so the listener can close.
    pub closing: tokio_util::sync::CancellationToken,
}

impl Default for ApiSettings {
    fn default() -> Self {
        Self {
            approval: ApprovalPolicy::default(),
            replay_limit_max: 1_000,
            replay_ids_max: 1_000,
            schedule_run_max: 30,
            schedule_run_window: Duration::from_secs(60),
            build: BuildInfo::current(),
            stream_heartbeat: Duration::from_secs(15),
            stream_poll: Duration::from_millis(500),
            closing: tokio_util::sync::CancellationToken::new(),
        }
    }
}
