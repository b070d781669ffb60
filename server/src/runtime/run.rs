//! One attempt of one leased task: its handler run with the timeout, the cancel grace, the
//! hard stop and panic capture, then its outcome recorded and logged.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use futures::FutureExt;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::handler::{Handler, HandlerError, TaskContext};
use crate::engine::model::{LeasedTask, TaskId, TaskState};
use crate::engine::retry::AttemptFailure;
use crate::engine::{Engine, Error};

/// Why the runtime stopped a handler before it returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum KillReason {
    /// Shutdown or recycle ran out of grace: give the task back.
    Drain,
    /// Another worker owns the task now: drop the result.
    LeaseLost,
}

/// How one run ended, as reported to the pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum RunEnd {
    Finished,
    Released,
    Abandoned,
}

/// What a run tells the pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum RunReport {
    /// The handler has stopped after running this long (`None`: it never started, cancelled
    /// while leased ahead); its outcome is being recorded. Its slot is free: the next lease
    /// goes out beside the outcome and shares its commit, instead of waiting a commit.
    Returned(Option<Duration>),
    /// The outcome is recorded (or given up on); the task leaves the pool.
    Ended(RunEnd),
}

/// The detail of a task whose cancel reached it while it was held ahead, before its handler
/// started: whether a slot took it or the pool gave it back, it ends cancelled without running.
pub(super) const CANCELLED_BEFORE_START: &str = "cancelled before its handler started";

/// One attempt of one task.
pub(super) struct Run {
    pub(super) engine: Engine,
    pub(super) handler: Option<Arc<dyn Handler>>,
    pub(super) task: Arc<LeasedTask>,
    pub(super) cancel: CancellationToken,
    pub(super) kill: CancellationToken,
    pub(super) kill_reason: Arc<OnceLock<KillReason>>,
    pub(super) log_successes: bool,
}

enum Outcome {
    Succeeded,
    Failed(HandlerError),
    TimedOut,
    Panicked(String),
    Killed(KillReason),
    CancelledAfterGrace,
}

impl Run {
    pub(super) async fn execute(
        &self,
        pool: &mpsc::UnboundedSender<(TaskId, RunReport)>,
    ) -> RunEnd {
        let task = &self.task;
        let Some(handler) = self.handler.clone() else {
            // Leases only take tasks of registered handlers, so this is a bug; fail loudly.
            let _ = self
                .engine
                .fail(
                    task,
                    AttemptFailure::Permanent,
                    "no handler registered on the worker that leased it",
                )
                .await;
            return RunEnd::Finished;
        };
        if self.cancel.is_cancelled() {
            // Its cancel came while it waited, leased ahead: it ends without running.
            let _ = pool.send((task.id.clone(), RunReport::Returned(None)));
            return match self
                .engine
                .finish_cancelled(task, CANCELLED_BEFORE_START)
                .await
            {
                Ok(()) => {
                    Ended::Cancelled.log(task, 0, self.log_successes);
                    RunEnd::Finished
                }
                Err(e) => {
                    tracing::warn!(task = %task.id, error = %e, "could not record the cancel of a task that had not started");
                    RunEnd::Abandoned
                }
            };
        }
        let ctx = TaskContext::new(Arc::clone(task), self.cancel.clone());
        let timeout = Duration::from_millis(task.timeout_ms.max(1) as u64);
        let grace = Duration::from_millis(self.engine.config().cancel_grace_ms.max(0) as u64);
        let started = std::time::Instant::now();
        let handler_run = std::panic::AssertUnwindSafe(handler.call(ctx)).catch_unwind();
        let cancel = self.cancel.clone();
        let outcome = tokio::select! {
            biased;
            () = self.kill.cancelled() => {
                Outcome::Killed(self.kill_reason.get().copied().unwrap_or(KillReason::Drain))
            }
            () = async { cancel.cancelled().await; tokio::time::sleep(grace).await } => {
                Outcome::CancelledAfterGrace
            }
            result = tokio::time::timeout(timeout, handler_run) => match result {
                Ok(Ok(Ok(()))) => Outcome::Succeeded,
                Ok(Ok(Err(e))) => Outcome::Failed(e),
                Ok(Err(panic)) => Outcome::Panicked(
                    panic
                        .downcast_ref::<&str>()
                        .map(|s| (*s).to_string())
                        .or_else(|| panic.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "unknown panic".into()),
                ),
                Err(_) => Outcome::TimedOut,
            },
        };
        let elapsed = started.elapsed();
        // A handler stopped from outside (a drain, a lost lease) says nothing of how long it runs.
        let ran = (!matches!(outcome, Outcome::Killed(_))).then_some(elapsed);
        let _ = pool.send((task.id.clone(), RunReport::Returned(ran)));
        let elapsed_ms = elapsed.as_millis();
        let label = match &outcome {
            Outcome::Succeeded => "succeeded",
            Outcome::Failed(_) => "failed",
            Outcome::TimedOut => "timeout",
            Outcome::Panicked(_) => "panicked",
            Outcome::CancelledAfterGrace => "cancelled",
            Outcome::Killed(KillReason::Drain) => "released",
            Outcome::Killed(KillReason::LeaseLost) => "lost",
        };
        crate::telemetry::metrics().record_task(task.handler.as_str(), label, elapsed);
        let result = match outcome {
            Outcome::Succeeded => self.engine.complete(task).await.map(|()| Ended::Succeeded),
            Outcome::Failed(e) if self.cancel.is_cancelled() => self
                .engine
                .finish_cancelled(task, &format!("cancelled: {e}"))
                .await
                .map(|()| Ended::Cancelled),
            Outcome::Failed(e) => {
                let failure = if e.is_permanent() {
                    AttemptFailure::Permanent
                } else {
                    AttemptFailure::Error
                };
                self.failed(failure, e.message()).await
            }
            Outcome::TimedOut => {
                self.failed(
                    AttemptFailure::Timeout,
                    &format!("timed out after {} ms", task.timeout_ms),
                )
                .await
            }
            Outcome::Panicked(msg) => {
                self.failed(AttemptFailure::Error, &format!("handler panicked: {msg}"))
                    .await
            }
            Outcome::CancelledAfterGrace => self
                .engine
                .finish_cancelled(
                    task,
                    &format!(
                        "cancelled; stopped after a grace period of {} ms",
                        grace.as_millis()
                    ),
                )
                .await
                .map(|()| Ended::Cancelled),
            Outcome::Killed(KillReason::Drain) => {
                self.engine.release(task).await.map(|()| Ended::Released)
            }
            Outcome::Killed(KillReason::LeaseLost) => Ok(Ended::Abandoned),
        };
        match result {
            Ok(ended) => {
                ended.log(task, elapsed_ms, self.log_successes);
                ended.run_end()
            }
            Err(Error::LeaseLost) => {
                tracing::warn!(task = %task.id, "lease lost before the result was recorded; the result is discarded");
                RunEnd::Abandoned
            }
            Err(e) => {
                // The lease will expire and the task will be reclaimed; nothing is lost.
                tracing::error!(task = %task.id, error = %e, "could not record the task's result");
                RunEnd::Abandoned
            }
        }
    }

    async fn failed(&self, failure: AttemptFailure, error: &str) -> Result<Ended, Error> {
        let state = self.engine.fail(&self.task, failure, error).await?;
        Ok(Ended::Failed {
            state,
            error: error.to_string(),
        })
    }
}

/// How an attempt ended once its result was recorded.
enum Ended {
    Succeeded,
    /// Retrying or dead, as the engine decided.
    Failed {
        state: TaskState,
        error: String,
    },
    Cancelled,
    Released,
    Abandoned,
}

impl Ended {
    fn run_end(&self) -> RunEnd {
        match self {
            Ended::Released => RunEnd::Released,
            Ended::Abandoned => RunEnd::Abandoned,
            _ => RunEnd::Finished,
        }
    }

    /// Retries, dead letters and cancellations are logged at info and above, where an operator
    /// watching the log looks; successes only with `log_successes` (the demo), else at debug,
    /// so a busy node's log does not grow with its task rate.
    fn log(&self, task: &LeasedTask, elapsed_ms: u128, log_successes: bool) {
        let (id, handler, queue, attempt) = (&task.id, &task.handler, &task.queue, task.attempt);
        match self {
            Ended::Succeeded if log_successes => {
                tracing::info!(task = %id, %handler, %queue, attempt, elapsed_ms, "task succeeded");
            }
            Ended::Succeeded => {
                tracing::debug!(task = %id, %handler, %queue, attempt, elapsed_ms, "task succeeded");
            }
            Ended::Failed {
                state: TaskState::Dead,
                error,
            } => {
                tracing::warn!(task = %id, %handler, %queue, attempt, %error, "task failed; dead-lettered");
            }
            Ended::Failed { error, .. } => {
                tracing::info!(task = %id, %handler, %queue, attempt, %error, "task failed; retrying");
            }
            Ended::Cancelled => {
                tracing::info!(task = %id, %handler, %queue, attempt, "task cancelled");
            }
            Ended::Released => {
                tracing::debug!(task = %id, %handler, %queue, attempt, "task released at shutdown");
            }
            Ended::Abandoned => {
                tracing::debug!(task = %id, %handler, %queue, attempt, "task abandoned: its lease was lost");
            }
        }
    }
}
