//! Demo handlers for tours, tests and benchmarks, and the demo's feed of work; both only when
//! asked (`--demo`).

use std::collections::BTreeMap;
use std::time::Duration;

use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::engine::Engine;
use crate::engine::model::TaskSpec;
use crate::runtime::handler::{HandlerError, Handlers, TaskContext};

/// Registers `noop`, `sleep`, `fail` and `flaky`.
///
/// - `noop` succeeds at once.
/// - `sleep` waits for the number of milliseconds its payload spells in ASCII digits (an empty
///   payload waits 0 ms) and stops early when cancelled.
/// - `fail` always fails.
/// - `flaky` fails its first attempt and succeeds after.
pub fn register(handlers: &mut Handlers) {
    handlers
        .register("noop", |_ctx: TaskContext| async { Ok(()) })
        .expect("valid name");
    handlers.register("sleep", sleep).expect("valid name");
    handlers
        .register("fail", |ctx: TaskContext| async move {
            Err(HandlerError::new(format!(
                "demo failure on attempt {}",
                ctx.attempt()
            )))
        })
        .expect("valid name");
    handlers
        .register("flaky", |ctx: TaskContext| async move {
            if ctx.attempt() == 1 {
                Err(HandlerError::new("flaky: the first attempt always fails"))
            } else {
                Ok(())
            }
        })
        .expect("valid name");
}

/// The names [`register`] adds.
pub const NAMES: [&str; 4] = ["noop", "sleep", "fail", "flaky"];

async fn sleep(ctx: TaskContext) -> Result<(), HandlerError> {
    let text = std::str::from_utf8(ctx.payload())
        .map_err(|_| HandlerError::permanent("sleep: the payload is not ASCII digits"))?
        .trim();
    let ms: u64 = if text.is_empty() {
        0
    } else {
        text.parse().map_err(|_| {
            HandlerError::permanent(format!(
                "sleep: the payload {:?} is not a number of milliseconds",
                text.chars().take(32).collect::<String>()
            ))
        })?
    };
    tokio::select! {
        () = tokio::time::sleep(Duration::from_millis(ms)) => Ok(()),
        () = ctx.cancelled() => Err(HandlerError::new("sleep: cancelled")),
    }
}

/// What the feed enqueues, in turn: mostly quick work, sleeps long enough that a `kill -9` finds
/// some in flight, a `flaky` task that is retried once, and a `fail` that uses up its one retry
/// and lands in the DLQ (one every 5 s at the default 2 a second, so the DLQ grows slowly).
const FEED: [(&str, &str, &str, u32); 10] = [
    ("noop", "critical", "", 3),
    ("sleep", "default", "4000", 3),
    ("flaky", "default", "", 3),
    ("noop", "low", "", 3),
    ("sleep", "critical", "800", 3),
    ("noop", "default", "", 3),
    ("sleep", "low", "8000", 3),
    ("fail", "low", "", 1),
    ("noop", "critical", "", 3),
    ("sleep", "default", "2500", 3),
];

/// Keeps a gentle stream of demo work going (`WORKER_DEMO_FEED` tasks a second, 2 by default)
/// so the tour has something to watch and something in flight, until [`Feed::stop`].
#[derive(Debug)]
pub struct Feed {
    stop: CancellationToken,
    join: JoinHandle<()>,
}

impl Feed {
    pub fn start(engine: Engine, per_second: u32) -> Self {
        let stop = CancellationToken::new();
        let join = tokio::spawn(feed(engine, per_second, stop.clone()));
        tracing::info!(
            per_second,
            "demo feed: enqueuing noop, sleep, flaky and fail tasks until shutdown"
        );
        Self { stop, join }
    }

    /// Stops enqueuing; what was enqueued stays.
    pub async fn stop(self) {
        self.stop.cancel();
        let _ = self.join.await;
    }
}

async fn feed(engine: Engine, per_second: u32, stop: CancellationToken) {
    let mut tick =
        tokio::time::interval(Duration::from_millis(1_000 / u64::from(per_second.max(1))));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut failing = false;
    for (handler, queue, payload, max_retries) in FEED.iter().cycle() {
        tokio::select! {
            () = stop.cancelled() => return,
            _ = tick.tick() => {}
        }
        let spec = TaskSpec {
            handler: (*handler).into(),
            queue: (*queue).into(),
            payload: payload.as_bytes().to_vec(),
            max_retries: Some(*max_retries),
            metadata: BTreeMap::from([("source".to_string(), "demo-feed".to_string())]),
            ..Default::default()
        };
        match engine.enqueue(spec).await {
            Ok(_) if failing => {
                failing = false;
                tracing::info!("demo feed: enqueuing again");
            }
            Ok(_) => {}
            // Said once per outage, not twice a second.
            Err(e) if !failing => {
                failing = true;
                tracing::warn!(error = %e, "demo feed: cannot enqueue; trying on");
            }
            Err(_) => {}
        }
    }
}
