//! The tasks a pool holds ahead of its free slots: starting them as slots free, what a
//! heartbeat says of them, and giving them back (shutdown, recycle, or held behind long
//! handlers).

use tokio_util::sync::CancellationToken;

use super::run::CANCELLED_BEFORE_START;
use super::{Pool, Prefetch};
use crate::engine::Error;
use crate::engine::model::{LeasedTask, TaskId};
use crate::store::Extended;

/// What became of a task held ahead that the pool gave back.
enum GivenBack {
    /// Pending again, its attempt returned.
    Released,
    /// Its cancel had been requested: it ended cancelled.
    Cancelled,
    /// Another holder had it already.
    Lost,
}

impl Pool {
    /// Starts tasks leased ahead while slots are free, oldest lease first.
    pub(super) fn start_ahead(&mut self) {
        while self.recycle.is_none() && self.free_slots() > 0 {
            let Some((task, cancel)) = self.ahead.pop_front() else {
                return;
            };
            self.spawn(task, cancel);
        }
    }

    /// Registers a leased task's cancel token, so a cancel requested in this process reaches
    /// it at once, whether it runs or waits ahead.
    pub(super) fn track(&self, task: &LeasedTask) -> CancellationToken {
        let cancel = CancellationToken::new();
        self.engine.track_local_run(&task.id, cancel.clone());
        cancel
    }

    /// Gives back every task leased ahead, without using an attempt (shutdown, recycle): they
    /// never started, so another pool can run them at once. One whose cancel reached it ends
    /// cancelled instead. One that cannot be given back is left for its lease to expire: the
    /// pool is stopping, so nothing would heartbeat it; it is reclaimed, not lost.
    pub(super) async fn release_ahead(&mut self) {
        while let Some((task, cancel)) = self.ahead.pop_front() {
            match self.give_back(&task, &cancel).await {
                Ok(GivenBack::Released) => self.report.released += 1,
                Ok(GivenBack::Cancelled) => self.report.finished += 1,
                Ok(GivenBack::Lost) => {}
                Err(e) => {
                    self.engine.untrack_local_run(&task.id);
                    tracing::warn!(task = %task.id, error = %e, "could not give back a task leased ahead");
                }
            }
        }
    }

    /// With [`Prefetch::Auto`], once the running handlers have gone a heartbeat interval
    /// without one starting or returning (checked at each tick), gives back (newest first,
    /// without using an attempt) the tasks held ahead beyond what the pace says now, usually
    /// all: held behind long handlers, they would wait while another pool could run them.
    pub(super) async fn give_back_held_behind_long_handlers(&mut self) {
        if self.options.prefetch != Prefetch::Auto
            || self.quiet() < self.engine.config().heartbeat_interval()
        {
            return;
        }
        let keep = self.prefetch();
        while self.ahead.len() > keep {
            let Some((task, cancel)) = self.ahead.pop_back() else {
                return;
            };
            if let Err(e) = self.give_back(&task, &cancel).await {
                // Still held, so kept (heartbeated, tried again at the next tick) rather than
                // left for its lease to expire, which would cost it an attempt.
                tracing::warn!(task = %task.id, error = %e, "could not give back a task leased ahead; keeping it");
                self.ahead.push_back((task, cancel));
                return;
            }
        }
    }

    /// Gives back a task held ahead, untracked once it has left this pool. A cancel that
    /// reached it while it waited ends it cancelled, without running, as a slot would have:
    /// released, it would be pending again and its next lease would clear the request. An
    /// error leaves it held and tracked.
    async fn give_back(
        &self,
        task: &LeasedTask,
        cancel: &CancellationToken,
    ) -> Result<GivenBack, Error> {
        let result = if cancel.is_cancelled() {
            self.engine
                .finish_cancelled(task, CANCELLED_BEFORE_START)
                .await
                .map(|()| GivenBack::Cancelled)
        } else {
            self.engine
                .release(task)
                .await
                .map(|()| GivenBack::Released)
        };
        let result = match result {
            Err(Error::LeaseLost) => Ok(GivenBack::Lost),
            other => other,
        };
        if result.is_ok() {
            self.engine.untrack_local_run(&task.id);
        }
        result
    }

    /// A heartbeat's answer for a task leased ahead: a lost lease drops it (another worker
    /// owns it now); a cancel request marks it, and it ends cancelled when a slot takes it,
    /// without running its handler.
    pub(super) fn extended_ahead(&mut self, id: &TaskId, result: Extended) {
        let Some(at) = self.ahead.iter().position(|(t, _)| &t.id == id) else {
            return;
        };
        match result {
            Extended::Lost => {
                tracing::warn!(task = %id, "lease lost while leased ahead; dropping the task");
                self.ahead.remove(at);
                self.engine.untrack_local_run(id);
            }
            Extended::Held {
                cancel_requested: true,
            } => self.ahead[at].1.cancel(),
            Extended::Held { .. } => {}
        }
    }
}
