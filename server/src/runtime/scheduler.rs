//! The scheduler loop every node runs: the start-up presets once, then a tick that fires due
//! schedules until shutdown. Exactly-once firing is the engine's business (idempotency keys and
//! revisions), so every node may tick; failures are logged and the next tick tries again.

use std::time::Duration;

use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::engine::Engine;
use crate::engine::schedules::ScheduleInput;

pub struct Scheduler {
    stop: CancellationToken,
    join: JoinHandle<()>,
}

impl Scheduler {
    pub fn start(engine: Engine, tick: Duration, presets: Vec<ScheduleInput>) -> Self {
        let stop = CancellationToken::new();
        let join = tokio::spawn(run(engine, tick, presets, stop.clone()));
        Self { stop, join }
    }

    pub async fn stop(self) {
        self.stop.cancel();
        let _ = self.join.await;
    }
}

async fn run(engine: Engine, tick: Duration, presets: Vec<ScheduleInput>, stop: CancellationToken) {
    let mut presets = Some(presets).filter(|p| !p.is_empty());
    // A failure that repeats every tick (the store away) is logged once, then again when it
    // changes or ends.
    let mut failing: Option<String> = None;
    let mut interval = tokio::time::interval(tick.max(Duration::from_millis(10)));
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            () = stop.cancelled() => return,
            _ = interval.tick() => {}
        }
        // Presets wait for a reachable store: they are retried each tick until they went in.
        if let Some(pending) = presets.take() {
            match engine.ensure_schedules(pending.clone()).await {
                Ok(created) if created > 0 => {
                    tracing::info!(created, "schedule presets created");
                }
                Ok(_) => {}
                Err(e) => {
                    tracing::warn!(error = %e, "schedule presets not applied yet; retrying");
                    presets = Some(pending);
                }
            }
        }
        match engine.fire_due_schedules().await {
            Ok(report) => {
                if failing.take().is_some() {
                    tracing::info!("scheduler ticks work again");
                }
                if report != Default::default() {
                    tracing::debug!(?report, "scheduler tick");
                }
            }
            Err(e) => {
                let text = e.to_string();
                if failing.as_deref() == Some(text.as_str()) {
                    tracing::debug!(error = %text, "scheduler tick failed");
                } else {
                    tracing::warn!(error = %text, "scheduler tick failed; retrying every tick");
                    failing = Some(text);
                }
            }
        }
    }
}
