//! The worker runtime: a pool that leases tasks from the engine, runs their handlers with
//! timeouts, heartbeats, cancellation and recycle, and drains gracefully on shutdown.
//!
//! One tokio task owns a pool's state (its in-flight map); each leased task runs in its own
//! spawned task and reports back over a channel. Heartbeats extend every held lease in one
//! store call at a third of the lease.

mod ahead;
mod bulk;
pub mod demo;
pub mod handler;
mod pace;
mod run;
mod scheduler;

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use futures::future::BoxFuture;
use futures::stream::FuturesUnordered;
use futures::{FutureExt, StreamExt};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use crate::engine::model::{HandlerName, LeasedTask, QueueName, TaskId, WorkerId, WorkerState};
use crate::engine::{Engine, Error};
use crate::store::{Extended, NewWorker, WorkerCommand};
pub use bulk::BulkRunner;
pub use handler::{Handler, HandlerError, HandlerResult, Handlers, TaskContext};
use pace::Pace;
pub use pace::Prefetch;
use run::{KillReason, Run, RunEnd, RunReport};
pub use scheduler::Scheduler;

/// Lease rounds one pool has under way at once where the store commits a lease with the writes
/// already on their way to it (SQLite): one waiting for its commit, and one asking for the
/// slots that freed meanwhile, which joins that commit if the writer is still on it. With one,
/// a pool that leased for its first free slot was blind to the others until that commit came
/// back, and every round of short tasks cost two commits instead of one. Where each lease is a
/// call of its own (Redis), a second only splits the round into smaller, dearer calls.
const LEASES_IN_FLIGHT_JOINING: usize = 2;

/// A lease under way: how many it asked for, the wake-ups counted when it was sent, how long
/// it took to come back and what came back.
type LeaseRound = BoxFuture<'static, (usize, u64, Duration, Result<Vec<LeasedTask>, Error>)>;

/// How a worker pool runs.
#[derive(Clone, Debug)]
pub struct WorkerOptions {
    /// Tasks run at once.
    pub concurrency: u32,
    /// Tasks leased ahead of free slots, held leased (and heartbeated) until a slot frees
    /// ([`Prefetch`]). With short handlers each durable lease commit then carries up to
    /// `concurrency + prefetch` tasks instead of `concurrency`, at the price of tasks shown
    /// running while they wait in this pool; a shutdown or recycle gives them back at once
    /// without using an attempt.
    pub prefetch: Prefetch,
    /// Lease only from these queues; `None` for all.
    pub queues: Option<Vec<QueueName>>,
    /// How often an idle pool looks for work that other processes enqueued. Work enqueued in
    /// this process wakes it at once.
    pub poll_interval: Duration,
    /// How long shutdown and recycle wait for in-flight tasks before releasing them.
    pub shutdown_grace: Duration,
    /// The pool's id in the registry; generated from host and pid when `None`.
    pub id: Option<WorkerId>,
    /// Reported in the registry.
    pub version: String,
    /// Log every success at info (the demo does, so its tour can watch the log); else at debug.
    /// Retries, dead letters and cancellations are logged at info or warn either way.
    pub log_successes: bool,
}

impl Default for WorkerOptions {
    fn default() -> Self {
        Self {
            concurrency: 10,
            prefetch: Prefetch::Auto,
            queues: None,
            poll_interval: Duration::from_millis(250),
            shutdown_grace: Duration::from_secs(30),
            id: None,
            version: env!("CARGO_PKG_VERSION").to_string(),
            log_successes: false,
        }
    }
}

/// What a shutdown did with the tasks in flight.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ShutdownReport {
    /// Tasks that ended (in any state) while draining.
    pub finished: u64,
    /// Tasks still running at the end of the grace period, given back without using an attempt.
    pub released: u64,
}

/// A running worker pool. Dropping it does not stop it; call [`Worker::shutdown`].
#[derive(Debug)]
pub struct Worker {
    id: WorkerId,
    stop: CancellationToken,
    join: JoinHandle<ShutdownReport>,
}

impl Worker {
    /// Starts a pool running `handlers` on the current tokio runtime.
    pub fn start(
        engine: Engine,
        handlers: Handlers,
        options: WorkerOptions,
    ) -> Result<Self, Error> {
        if handlers.is_empty() {
            return Err(Error::invalid(
                "no_handlers",
                "a worker needs at least one handler",
            ));
        }
        if options.concurrency == 0 {
            return Err(Error::invalid(
                "invalid_concurrency",
                "worker concurrency must be at least 1",
            ));
        }
        let id = match &options.id {
            Some(id) => id.clone(),
            None => default_worker_id(),
        };
        let stop = CancellationToken::new();
        let (done_tx, done_rx) = mpsc::unbounded_channel();
        let pool = Pool {
            engine,
            handler_names: handlers.names(),
            handlers: Arc::new(handlers),
            options,
            id: id.clone(),
            in_flight: HashMap::new(),
            ahead: VecDeque::new(),
            recording: 0,
            pace: Pace::default(),
            last_start_or_return: Instant::now(),
            done_tx,
            done_rx,
            recycle: None,
            report: ShutdownReport::default(),
        };
        let join = tokio::spawn(pool.run(stop.clone()));
        Ok(Self { id, stop, join })
    }

    pub fn id(&self) -> &WorkerId {
        &self.id
    }

    /// Stops leasing, waits for in-flight tasks up to the grace period, releases the rest, and
    /// leaves the registry.
    pub async fn shutdown(self) -> ShutdownReport {
        self.stop.cancel();
        match self.join.await {
            Ok(report) => report,
            Err(e) => {
                tracing::error!(error = %e, "worker pool task failed");
                ShutdownReport::default()
            }
        }
    }
}

/// `host-pid-xxxxxx`, cleaned to the name rules.
fn default_worker_id() -> WorkerId {
    let host = hostname::get()
        .ok()
        .and_then(|h| h.into_string().ok())
        .unwrap_or_else(|| "host".into());
    let host: String = host
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .take(64)
        .collect();
    let suffix = uuid::Uuid::now_v7().simple().to_string();
    let id = format!(
        "{host}-{}-{}",
        std::process::id(),
        &suffix[suffix.len() - 6..]
    );
    WorkerId::new(id).unwrap_or_else(|_| WorkerId::new("worker").expect("valid name"))
}

struct Running {
    task: Arc<LeasedTask>,
    /// The handler has returned and only its outcome is being recorded.
    returned: bool,
    cancel: CancellationToken,
    kill: CancellationToken,
    kill_reason: Arc<OnceLock<KillReason>>,
}

impl Running {
    fn kill(&self, reason: KillReason) {
        let _ = self.kill_reason.set(reason);
        self.kill.cancel();
    }
}

struct Recycle {
    reason: String,
    deadline: Instant,
    /// The grace period ran out and the remaining tasks were told to stop.
    killed: bool,
}

struct Pool {
    engine: Engine,
    handlers: Arc<Handlers>,
    handler_names: Vec<HandlerName>,
    options: WorkerOptions,
    id: WorkerId,
    /// Every task this pool runs, until its outcome is recorded.
    in_flight: HashMap<TaskId, Running>,
    /// Tasks leased ahead of free slots (`WorkerOptions::prefetch`), oldest lease first. They
    /// hold leases (heartbeated with the rest) but no slot; their cancel token is tracked so a
    /// cancel requested meanwhile ends them without running their handler.
    ahead: VecDeque<(LeasedTask, CancellationToken)>,
    /// How many of `in_flight` have returned and are only being recorded: they take no slot.
    recording: usize,
    /// How long handlers run and leases take, for [`Prefetch::Auto`].
    pace: Pace,
    /// When a handler last started or returned, for how long the running ones have been quiet.
    last_start_or_return: Instant,
    done_tx: mpsc::UnboundedSender<(TaskId, RunReport)>,
    done_rx: mpsc::UnboundedReceiver<(TaskId, RunReport)>,
    recycle: Option<Recycle>,
    report: ShutdownReport,
}

impl Pool {
    fn new_worker(&self) -> NewWorker {
        NewWorker {
            id: self.id.clone(),
            host: hostname::get()
                .ok()
                .and_then(|h| h.into_string().ok())
                .unwrap_or_default(),
            pid: std::process::id(),
            version: self.options.version.clone(),
            concurrency: self.options.concurrency,
            handlers: self.handler_names.iter().map(ToString::to_string).collect(),
            now_ms: self.engine.now_ms(),
        }
    }

    async fn register(&self, stop: &CancellationToken) -> bool {
        let mut backoff = Duration::from_millis(100);
        loop {
            match self.engine.register_worker(self.new_worker()).await {
                Ok(()) => {
                    tracing::info!(worker = %self.id, concurrency = self.options.concurrency, "worker joined");
                    return true;
                }
                Err(e) => {
                    tracing::warn!(worker = %self.id, error = %e, "cannot register the worker; retrying");
                    tokio::select! {
                        () = stop.cancelled() => return false,
                        () = tokio::time::sleep(backoff) => {}
                    }
                    backoff = (backoff * 2).min(Duration::from_secs(5));
                }
            }
        }
    }

    async fn run(mut self, stop: CancellationToken) -> ShutdownReport {
        if !self.register(&stop).await {
            return self.report;
        }
        let mut heartbeat = tokio::time::interval(self.engine.config().heartbeat_interval());
        heartbeat.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        heartbeat.tick().await;
        let engine = self.engine.clone();
        let handler_names: Arc<[HandlerName]> = self.handler_names.clone().into();
        let queues: Option<Arc<[QueueName]>> = self.options.queues.clone().map(Into::into);
        // Leases under way, each with the number it asked for. The pool keeps taking reports
        // while one commits, so slots freed meanwhile are asked for by the next lease, which
        // can join the commit the first one waits on instead of waiting a commit of its own.
        let mut leasing: FuturesUnordered<LeaseRound> = FuturesUnordered::new();
        let leases_at_once = if engine.leases_join_pending_writes() {
            LEASES_IN_FLIGHT_JOINING
        } else {
            1
        };
        let mut asked = 0_usize;
        // The last lease came back short (or failed): wait for a reason to ask again.
        let mut dry = false;
        // Wake-ups taken so far. A lease sent before the latest one may have missed the work it
        // announced, so its coming back short does not make the pool dry.
        let mut wakes = 0_u64;
        // Armed before any lease is sent and again each time it is taken, so no wake-up is lost
        // between two turns of the loop; a lease that may not have seen the work a wake-up
        // announced cannot make the pool dry (`wakes`).
        let mut notified = std::pin::pin!(engine.ready_notified());
        notified.as_mut().enable();
        loop {
            if stop.is_cancelled() {
                break;
            }
            // Draining for a recycle: tasks leased ahead (or by a lease that was under way)
            // are given back before the recycle can end.
            if self.recycle.is_some() && !self.ahead.is_empty() {
                self.release_ahead().await;
            }
            if let Some(recycle) = &mut self.recycle {
                if self.in_flight.is_empty() && leasing.is_empty() {
                    self.finish_recycle().await;
                    // The restarted loop looks for work at once.
                    dry = false;
                    continue;
                }
                if !recycle.killed && Instant::now() >= recycle.deadline {
                    recycle.killed = true;
                    for running in self.in_flight.values() {
                        running.kill(KillReason::Drain);
                    }
                }
            }
            // Work made ready since the notification was armed: whatever a lease saw, look again.
            if notified.as_mut().now_or_never().is_some() {
                notified.set(engine.ready_notified());
                notified.as_mut().enable();
                wakes += 1;
                dry = false;
            }
            self.start_ahead();
            let free = self.free_slots();
            let wanted = self.wanted(free).saturating_sub(asked);
            if wanted > 0 && !dry && self.recycle.is_none() && leasing.len() < leases_at_once {
                asked += wanted;
                let (engine, worker) = (engine.clone(), self.id.clone());
                let (handlers, queues) = (Arc::clone(&handler_names), queues.clone());
                let sent_at = wakes;
                leasing.push(Box::pin(async move {
                    // The round trip as the pool sees it, its own busy moments included.
                    let sent = Instant::now();
                    let result = engine
                        .lease(&worker, &handlers, queues.as_deref(), wanted as u32)
                        .await;
                    (wanted, sent_at, sent.elapsed(), result)
                }));
                if leases_at_once == 1 {
                    // Nothing to gain from taking reports meanwhile: wait for it here, and ask
                    // for every slot that freed in one round after it.
                    if let Some((wanted, sent_at, took, result)) = leasing.next().await {
                        asked -= wanted;
                        dry = self.leased(wanted, took, result) && sent_at == wakes;
                    }
                }
                continue;
            }
            let idle = dry && leasing.is_empty();
            let recycle_deadline = self
                .recycle
                .as_ref()
                .filter(|r| !r.killed)
                .map(|r| r.deadline);
            // An enqueue that wakes this pool tells the store a lease follows its write.
            let _idle = (idle && self.recycle.is_none()).then(|| engine.idle_pool());
            tokio::select! {
                Some((wanted, sent_at, took, result)) = leasing.next(), if !leasing.is_empty() => {
                    asked -= wanted;
                    dry = self.leased(wanted, took, result) && sent_at == wakes;
                }
                Some((id, report)) = self.done_rx.recv() => {
                    self.reported(&id, report);
                    // Take every report that arrived meanwhile, so the next lease round asks
                    // for all free slots at once instead of one round trip per finished task.
                    while let Ok((id, report)) = self.done_rx.try_recv() {
                        self.reported(&id, report);
                    }
                    dry = false;
                }
                _ = heartbeat.tick() => self.heartbeat().await,
                () = stop.cancelled() => {}
                () = &mut notified, if idle => {
                    notified.set(engine.ready_notified());
                    notified.as_mut().enable();
                    wakes += 1;
                    dry = false;
                }
                () = tokio::time::sleep(self.options.poll_interval), if idle => {
                    wakes += 1;
                    dry = false;
                }
                () = sleep_until_opt(recycle_deadline), if recycle_deadline.is_some() => {}
            }
        }
        // Tasks leased by rounds still under way are held like tasks leased ahead, not started:
        // the drain gives them back.
        while let Some((wanted, _, took, result)) = leasing.next().await {
            self.leased(wanted, took, result);
        }
        self.drain(heartbeat).await;
        self.report
    }

    /// Takes a lease round's tasks into the queue of tasks to start (the loop starts them as
    /// slots free; a drain gives them back); true when it came back short, empty or failed: the
    /// queues ran dry (or a pause or the rate limit held them), so another round now would only
    /// come back empty.
    fn leased(
        &mut self,
        wanted: usize,
        took: Duration,
        result: Result<Vec<LeasedTask>, Error>,
    ) -> bool {
        match result {
            Ok(tasks) => {
                if !tasks.is_empty() {
                    self.pace.lease_took(took);
                }
                let short = tasks.len() < wanted;
                for task in tasks {
                    let cancel = self.track(&task);
                    self.ahead.push_back((task, cancel));
                }
                short
            }
            Err(e) => {
                tracing::warn!(worker = %self.id, error = %e, "lease failed; retrying after the poll interval");
                true
            }
        }
    }

    /// Slots for more tasks: the concurrency less the handlers still running.
    fn free_slots(&self) -> usize {
        let running = self.in_flight.len() - self.recording;
        (self.options.concurrency as usize).saturating_sub(running)
    }

    /// How long the running handlers have gone without one starting or returning; zero when
    /// none runs.
    fn quiet(&self) -> Duration {
        if self.in_flight.len() > self.recording {
            self.last_start_or_return.elapsed()
        } else {
            Duration::ZERO
        }
    }

    /// Tasks to hold ahead of free slots now: the fixed number, or what the pace says.
    fn prefetch(&self) -> usize {
        match self.options.prefetch {
            Prefetch::Fixed(n) => n as usize,
            Prefetch::Auto => self.pace.ahead(self.options.concurrency, self.quiet()) as usize,
        }
    }

    /// How many tasks the next lease asks for, once free slots took what was leased ahead.
    /// Without prefetch, one per free slot. With it, nothing until fewer than the prefetch (or
    /// `concurrency`, if smaller) are left ahead (or a slot is free with none ahead), then enough
    /// to fill the slots and the prefetch: refills come in few large leases, each one durable
    /// commit, rather than one small lease per finished task.
    fn wanted(&self, free: usize) -> usize {
        let prefetch = self.prefetch();
        if prefetch == 0 {
            return free;
        }
        let ahead = self.ahead.len();
        if free == 0 && ahead >= (self.options.concurrency as usize).min(prefetch) {
            return 0;
        }
        free + prefetch.saturating_sub(ahead)
    }

    fn reported(&mut self, id: &TaskId, report: RunReport) {
        match report {
            RunReport::Returned(ran) => {
                if let Some(running) = self.in_flight.get_mut(id)
                    && !running.returned
                {
                    running.returned = true;
                    self.recording += 1;
                    self.last_start_or_return = Instant::now();
                    if let Some(ran) = ran {
                        self.pace.handler_ran(ran);
                    }
                }
            }
            RunReport::Ended(end) => self.finished(id, end),
        }
    }

    fn finished(&mut self, id: &TaskId, end: RunEnd) {
        if self.in_flight.remove(id).is_some_and(|r| r.returned) {
            self.recording -= 1;
        }
        match end {
            RunEnd::Released => self.report.released += 1,
            RunEnd::Finished | RunEnd::Abandoned => self.report.finished += 1,
        }
    }

    fn kill_all(&self, reason: KillReason) {
        for running in self.in_flight.values() {
            running.kill(reason);
        }
    }

    /// Shutdown: stop leasing, wait for in-flight tasks within the grace period (still
    /// heartbeating, so their leases hold), release what is left, leave the registry.
    async fn drain(&mut self, mut heartbeat: tokio::time::Interval) {
        let state_result = self
            .engine
            .set_worker_state(&self.id, WorkerState::Draining, false)
            .await;
        if let Err(e) = state_result {
            tracing::warn!(worker = %self.id, error = %e, "could not mark the worker draining");
        }
        self.report = ShutdownReport::default();
        self.release_ahead().await;
        let deadline = Instant::now() + self.options.shutdown_grace;
        let mut killed = false;
        tracing::info!(worker = %self.id, in_flight = self.in_flight.len(), "draining");
        while !self.in_flight.is_empty() {
            tokio::select! {
                Some((id, report)) = self.done_rx.recv() => self.reported(&id, report),
                _ = heartbeat.tick() => self.extend_leases().await,
                () = tokio::time::sleep_until(deadline), if !killed => {
                    killed = true;
                    tracing::info!(worker = %self.id, left = self.in_flight.len(), "grace period over; releasing the rest");
                    self.kill_all(KillReason::Drain);
                }
            }
        }
        if let Err(e) = self
            .engine
            .set_worker_state(&self.id, WorkerState::Stopped, false)
            .await
        {
            tracing::warn!(worker = %self.id, error = %e, "could not mark the worker stopped");
        }
        self.engine
            .append(crate::engine::events::Event::WorkerLeft {
                worker_id: self.id.to_string(),
                reason: "shutdown".into(),
            })
            .await;
        tracing::info!(worker = %self.id, finished = self.report.finished, released = self.report.released, "worker left");
    }

    async fn finish_recycle(&mut self) {
        let Some(recycle) = self.recycle.take() else {
            return;
        };
        if let Err(e) = self
            .engine
            .set_worker_state(&self.id, WorkerState::Active, true)
            .await
        {
            tracing::warn!(worker = %self.id, error = %e, "could not record the recycle");
        }
        tracing::info!(worker = %self.id, reason = %recycle.reason, "recycled: the worker loop restarted");
        self.engine
            .append(crate::engine::events::Event::WorkerRecycle {
                worker_id: self.id.to_string(),
                phase: "done".into(),
                reason: recycle.reason,
            })
            .await;
    }

    async fn extend_leases(&mut self) {
        let leases: Vec<(TaskId, crate::engine::model::LeaseToken)> = self
            .in_flight
            .values()
            .map(|r| (r.task.id.clone(), r.task.token))
            .chain(self.ahead.iter().map(|(t, _)| (t.id.clone(), t.token)))
            .collect();
        match self.engine.extend(&leases).await {
            Ok(results) => {
                for ((id, _), result) in leases.iter().zip(results) {
                    let Some(running) = self.in_flight.get(id) else {
                        self.extended_ahead(id, result);
                        continue;
                    };
                    match result {
                        // Its outcome was recorded meanwhile: the lease ended with it.
                        Extended::Lost if running.returned => {}
                        Extended::Lost => {
                            tracing::warn!(task = %id, "lease lost; stopping the handler");
                            running.kill(KillReason::LeaseLost);
                        }
                        Extended::Held {
                            cancel_requested: true,
                        } => running.cancel.cancel(),
                        Extended::Held { .. } => {}
                    }
                }
            }
            Err(e) => tracing::warn!(worker = %self.id, error = %e, "heartbeat failed"),
        }
    }

    async fn heartbeat(&mut self) {
        // Extended first, so a cancel requested from another process meanwhile is known to
        // the give-back.
        self.extend_leases().await;
        self.give_back_held_behind_long_handlers().await;
        let state = if self.recycle.is_some() {
            WorkerState::Draining
        } else {
            WorkerState::Active
        };
        match self
            .engine
            .worker_heartbeat(
                &self.id,
                (self.in_flight.len() - self.recording) as u32,
                state,
            )
            .await
        {
            Ok(WorkerCommand::None) => {}
            Ok(WorkerCommand::Recycle { reason }) => {
                if self.recycle.is_none() {
                    tracing::info!(worker = %self.id, %reason, in_flight = self.in_flight.len(), "recycle requested; draining");
                    self.recycle = Some(Recycle {
                        reason,
                        deadline: Instant::now() + self.options.shutdown_grace,
                        killed: false,
                    });
                }
            }
            Ok(WorkerCommand::Unknown) => {
                tracing::warn!(worker = %self.id, "the registry forgot this worker; registering again");
                if let Err(e) = self.engine.register_worker(self.new_worker()).await {
                    tracing::warn!(worker = %self.id, error = %e, "cannot register the worker");
                }
            }
            Err(e) => tracing::warn!(worker = %self.id, error = %e, "worker heartbeat failed"),
        }
    }

    /// Runs a leased task in a task of its own; `cancel` is the token `track` registered.
    fn spawn(&mut self, task: LeasedTask, cancel: CancellationToken) {
        self.last_start_or_return = Instant::now();
        let task = Arc::new(task);
        let kill = CancellationToken::new();
        let kill_reason = Arc::new(OnceLock::new());
        self.in_flight.insert(
            task.id.clone(),
            Running {
                task: Arc::clone(&task),
                returned: false,
                cancel: cancel.clone(),
                kill: kill.clone(),
                kill_reason: Arc::clone(&kill_reason),
            },
        );
        let run = Run {
            engine: self.engine.clone(),
            handler: self.handlers.get(&task.handler),
            task,
            cancel,
            kill,
            kill_reason,
            log_successes: self.options.log_successes,
        };
        let done = self.done_tx.clone();
        tokio::spawn(async move {
            let id = run.task.id.clone();
            let end = run.execute(&done).await;
            run.engine.untrack_local_run(&id);
            let _ = done.send((id, RunReport::Ended(end)));
        });
    }
}

async fn sleep_until_opt(deadline: Option<Instant>) {
    match deadline {
        Some(deadline) => tokio::time::sleep_until(deadline).await,
        None => std::future::pending().await,
    }
}

/// Runs engine maintenance in the background until stopped.
#[derive(Debug)]
pub struct Maintenance {
    stop: CancellationToken,
    join: JoinHandle<()>,
}

impl Maintenance {
    pub fn start(engine: Engine, interval: Duration) -> Self {
        let stop = CancellationToken::new();
        let join = tokio::spawn({
            let stop = stop.clone();
            async move { engine.run_maintenance(interval, stop).await }
        });
        Self { stop, join }
    }

    pub async fn stop(self) {
        self.stop.cancel();
        let _ = self.join.await;
    }
}
