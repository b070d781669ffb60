//! `BulkRunner`: runs bulk operations on this node, batch after batch. Woken when one starts or
//! resumes here; every interval it also looks for running operations no live node holds (their
//! node died: its claim expired), so any node finishes what another began. At shutdown it
//! gives up its claims between batches, so another node continues at once.

use std::time::Duration;

use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::engine::Engine;

pub struct BulkRunner {
    stop: CancellationToken,
    join: JoinHandle<()>,
}

impl BulkRunner {
    pub fn start(engine: Engine, interval: Duration) -> Self {
        let stop = CancellationToken::new();
        let join = tokio::spawn(run(engine, interval, stop.clone()));
        Self { stop, join }
    }

    /// Stops between batches and releases this node's claims.
    pub async fn stop(self) {
        self.stop.cancel();
        let _ = self.join.await;
    }
}

async fn run(engine: Engine, interval: Duration, stop: CancellationToken) {
    let mut tick = tokio::time::interval(interval.max(Duration::from_millis(10)));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        // Armed before the pass, so a start during the pass is not missed.
        let woken = engine.bulk_wakeup();
        tokio::pin!(woken);
        woken.as_mut().enable();
        engine.drive_bulk(&stop).await;
        tokio::select! {
            () = stop.cancelled() => return,
            () = woken => {}
            _ = tick.tick() => {}
        }
    }
}
