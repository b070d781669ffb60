//! The background client: the one task that owns the `AdminService` client. Commands come in
//! on a bounded channel, actions go out on another; the event stream is followed with
//! reconnection and resumed from the last event id; bulk replays run in batches under the
//! server's caps and can be stopped; one job run's log is followed at a time (`jobs`). The only
//! module that makes calls.

mod bulk;
mod jobs;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::{FutureExt, StreamExt};
use tokio::sync::mpsc;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use tonic::transport::Channel;
use tonic::{Code, Request, Status};
use worker_proto::v1 as pb;
use worker_proto::v1::admin_service_client::AdminServiceClient;

use crate::action::{Action, Command, Link, Op};
use crate::convert::{self, Streamed};
use crate::model::{DlqFilter, Event, Filter};

/// Events asked for on the first connection, so the events view does not start empty.
const TAIL: i32 = 200;
/// The server sends a heartbeat every 15 s; a stream silent for longer than this is dead.
const STREAM_SILENCE: Duration = Duration::from_secs(45);
/// Largest batch tried for bulk replays; halved while the server says it is over its cap.
const FIRST_BATCH: u64 = 1_000;

/// What the dashboard connects with.
#[derive(Clone)]
pub struct Connection {
    pub admin: AdminServiceClient<Channel>,
    /// Sent as `x-admin-approval` on every change.
    pub approval: Option<String>,
    /// Deadline of each unary call.
    pub timeout: Duration,
}

#[derive(Clone)]
struct Client {
    conn: Connection,
    actions: mpsc::Sender<Action>,
    link: Arc<Mutex<Link>>,
}

/// Runs until the command channel closes (the app quit): serves commands and follows the
/// event stream.
pub async fn run(
    conn: Connection,
    mut commands: mpsc::Receiver<Command>,
    actions: mpsc::Sender<Action>,
) {
    let client = Client {
        conn,
        actions,
        link: Arc::new(Mutex::new(Link::Connecting)),
    };
    let stop = CancellationToken::new();
    let mut tasks = JoinSet::new();
    tasks.spawn(client.clone().follow(stop.clone()));
    let mut bulk: Option<CancellationToken> = None;
    // The one followed log: a new follow or a stop ends the previous one.
    let mut log: Option<CancellationToken> = None;
    while let Some(command) = commands.recv().await {
        // Reap finished calls so the set does not grow.
        while tasks.try_join_next().is_some() {}
        match command {
            Command::StopBulk => {
                if let Some(token) = bulk.take() {
                    token.cancel();
                }
            }
            Command::Run(
                op @ (Op::ReplayIds { .. }
                | Op::ReplayOldest { .. }
                | Op::DeleteIds { .. }
                | Op::DeleteMatching { .. }
                | Op::ReplayMatching { .. }),
            ) => {
                let token = CancellationToken::new();
                bulk = Some(token.clone());
                let c = client.clone();
                tasks.spawn(async move { c.replay(op, token).await });
            }
            Command::StopJobLog => {
                if let Some(token) = log.take() {
                    token.cancel();
                }
            }
            Command::FollowJobLog {
                follow,
                run_id,
                after_seq,
            } => {
                if let Some(token) = log.take() {
                    token.cancel();
                }
                let token = CancellationToken::new();
                log = Some(token.clone());
                let c = client.clone();
                tasks.spawn(async move { c.follow_log(follow, run_id, after_seq, token).await });
            }
            other => {
                let c = client.clone();
                tasks.spawn(async move { c.handle(other).await });
            }
        }
    }
    stop.cancel();
    tasks.abort_all();
}

/// Transport trouble (as opposed to a refusal or a bad request).
fn is_transport(status: &Status) -> bool {
    match status.code() {
        Code::Unavailable | Code::DeadlineExceeded => true,
        Code::Unknown | Code::Internal => {
            let m = status.message().to_ascii_lowercase();
            m.contains("transport") || m.contains("connection") || m.contains("broken pipe")
        }
        _ => false,
    }
}

/// A short reason for the status line.
fn reason(status: &Status) -> String {
    let message = status.message().trim();
    match status.code() {
        _ if message.contains("approval") => {
            format!("{message}; start the dashboard with --approval-token")
        }
        Code::PermissionDenied => format!("refused: {message}"),
        Code::Unauthenticated => format!("not authenticated: {message}"),
        Code::NotFound => format!("not found: {message}"),
        _ if message.is_empty() => format!("{:?}", status.code()),
        _ => message.to_string(),
    }
}

fn backoff(attempt: u32) -> Duration {
    let ms = 500_u64.saturating_mul(1 << attempt.min(5).saturating_sub(1));
    Duration::from_millis(ms.min(10_000))
}

impl Client {
    async fn send(&self, action: Action) {
        // The app gone means we are shutting down; nothing to do with the error.
        let _ = self.actions.send(action).await;
    }

    async fn set_link(&self, link: Link) {
        let changed = {
            let mut current = self.link.lock().unwrap_or_else(|e| e.into_inner());
            let changed = *current != link;
            *current = link.clone();
            changed
        };
        if changed {
            self.send(Action::Link(link)).await;
        }
    }

    fn req<T>(&self, message: T) -> Request<T> {
        let mut request = Request::new(message);
        request.set_timeout(self.conn.timeout);
        if let Ok(id) = uuid::Uuid::new_v4().to_string().parse() {
            request.metadata_mut().insert("x-request-id", id);
        }
        if let Some(token) = &self.conn.approval
            && let Ok(value) = token.parse()
        {
            request.metadata_mut().insert("x-admin-approval", value);
        }
        request
    }

    /// Marks the link by the outcome of a call, and passes the outcome on.
    async fn seen<T>(&self, result: Result<tonic::Response<T>, Status>) -> Result<T, Status> {
        match result {
            Ok(r) => {
                self.set_link(Link::Connected).await;
                Ok(r.into_inner())
            }
            Err(s) => {
                if is_transport(&s) {
                    self.set_link(Link::Disconnected {
                        reason: reason(&s),
                        retry_in_ms: 0,
                        attempt: 0,
                    })
                    .await;
                }
                Err(s)
            }
        }
    }

    async fn handle(self, command: Command) {
        let mut admin = self.conn.admin.clone();
        match command {
            Command::Overview => {
                if let Ok(o) = self
                    .seen(
                        admin
                            .get_overview(self.req(pb::GetOverviewRequest {}))
                            .await,
                    )
                    .await
                {
                    self.send(Action::Overview(convert::overview(&o))).await;
                }
            }
            Command::Workers => {
                let workers = self
                    .seen(
                        admin
                            .list_workers(self.req(pb::ListWorkersRequest {}))
                            .await,
                    )
                    .await;
                let stuck = self
                    .seen(
                        admin
                            .list_stuck_tasks(self.req(pb::ListStuckTasksRequest {
                                hours: 24,
                                handler: String::new(),
                            }))
                            .await,
                    )
                    .await;
                if let (Ok(w), Ok(s)) = (workers, stuck) {
                    self.send(Action::Workers {
                        workers: w.workers.iter().map(convert::worker).collect(),
                        stuck: s.handlers.iter().map(convert::stuck).collect(),
                    })
                    .await;
                }
            }
            Command::Tasks {
                generation,
                queue,
                state,
                filter,
                offset,
                limit,
            } => {
                let filter = Filter {
                    queue: Some(queue),
                    state: state.map(|s| s.name().to_string()),
                    ..filter
                };
                let request = pb::ListTasksRequest {
                    filter: Some(filter.to_message()),
                    limit: limit as i32,
                    offset: offset as i64,
                    ..Default::default()
                };
                match self.seen(admin.list_tasks(self.req(request)).await).await {
                    Ok(r) => {
                        self.send(Action::TasksPage {
                            generation,
                            offset,
                            rows: r.tasks.iter().map(convert::task).collect(),
                            total: r.total.max(0) as u64,
                        })
                        .await
                    }
                    Err(s) if !is_transport(&s) => self.send(Action::Refused(reason(&s))).await,
                    Err(_) => {}
                }
            }
            Command::Dlq {
                generation,
                filter,
                offset,
                limit,
            } => match self.list_dlq(&filter, limit, offset).await {
                Ok(r) => {
                    self.send(Action::DlqPage {
                        generation,
                        offset,
                        rows: r.entries.iter().map(convert::dlq_entry).collect(),
                        total: r.total.max(0) as u64,
                    })
                    .await
                }
                Err(s) if !is_transport(&s) => self.send(Action::Refused(reason(&s))).await,
                Err(_) => {}
            },
            Command::DlqGroups { filter, limit } => {
                let request = pb::ListDlqGroupsRequest {
                    limit: limit as i32,
                    queue: filter.queue.clone().unwrap_or_default(),
                    handler: filter.handler.clone().unwrap_or_default(),
                };
                let r = admin.list_dlq_groups(self.req(request)).await;
                match self.seen(r).await {
                    Ok(r) => {
                        let groups = convert::dlq_groups(&r);
                        self.send(Action::DlqGroups { filter, groups }).await
                    }
                    Err(s) if !is_transport(&s) => self.send(Action::Refused(reason(&s))).await,
                    Err(_) => {}
                }
            }
            Command::Audit { generation, filter } => {
                let request = pb::ListAuditEventsRequest {
                    action: filter.action.unwrap_or_default(),
                    target: filter.target.unwrap_or_default(),
                    actor: filter.actor.unwrap_or_default(),
                    limit: crate::views::audit::AUDIT_FETCHED,
                    ..Default::default()
                };
                match self
                    .seen(admin.list_audit_events(self.req(request)).await)
                    .await
                {
                    Ok(r) => {
                        self.send(Action::Audit {
                            generation,
                            entries: r.events.iter().map(convert::audit).collect(),
                        })
                        .await
                    }
                    Err(s) if !is_transport(&s) => self.send(Action::Refused(reason(&s))).await,
                    Err(_) => {}
                }
            }
            Command::History(range) => {
                let r = admin
                    .get_queue_history(self.req(pb::GetQueueHistoryRequest {
                        queue: String::new(),
                        range: range.name().to_string(),
                    }))
                    .await;
                match self.seen(r).await {
                    Ok(r) => {
                        self.send(Action::History(convert::history(range, &r)))
                            .await
                    }
                    Err(s) if !is_transport(&s) => self.send(Action::Refused(reason(&s))).await,
                    Err(_) => {}
                }
            }
            Command::Schedules => {
                let r = admin
                    .list_schedules(self.req(pb::ListSchedulesRequest {}))
                    .await;
                match self.seen(r).await {
                    Ok(r) => {
                        let list = r.schedules.iter().map(convert::schedule).collect();
                        self.send(Action::Schedules(list)).await
                    }
                    Err(s) if !is_transport(&s) => self.send(Action::Refused(reason(&s))).await,
                    Err(_) => {}
                }
            }
            Command::Schedule(name) => {
                let r = admin
                    .get_schedule(self.req(pb::GetScheduleRequest { name }))
                    .await;
                match self.seen(r).await.map(|r| convert::schedule_detail(&r)) {
                    Ok(Some(d)) => self.send(Action::ScheduleDetail(d)).await,
                    Ok(None) => {
                        let why = "the server sent no schedule".to_string();
                        self.send(Action::DetailFailed(why)).await
                    }
                    Err(s) => self.send(Action::DetailFailed(reason(&s))).await,
                }
            }
            Command::Task(id) => {
                let r = admin.get_task(self.req(pb::GetTaskRequest { id })).await;
                match self.seen(r).await.map(|r| convert::task_detail(&r)) {
                    Ok(Some(d)) => self.send(Action::TaskDetail(d)).await,
                    Ok(None) => {
                        self.send(Action::DetailFailed("the server sent no task".into()))
                            .await
                    }
                    Err(s) => self.send(Action::DetailFailed(reason(&s))).await,
                }
            }
            Command::DlqEntry(id) => {
                let r = admin
                    .get_dlq_entry(self.req(pb::GetDlqEntryRequest { id }))
                    .await;
                match self.seen(r).await {
                    Ok(pb::GetDlqEntryResponse { entry: Some(e) }) => {
                        self.send(Action::DlqDetail(convert::dlq_detail(&e))).await
                    }
                    Ok(_) => {
                        self.send(Action::DetailFailed("the server sent no entry".into()))
                            .await
                    }
                    Err(s) => self.send(Action::DetailFailed(reason(&s))).await,
                }
            }
            Command::Worker(id) => {
                let r = admin
                    .get_worker(self.req(pb::GetWorkerRequest { id }))
                    .await;
                match self.seen(r).await.map(|r| convert::worker_detail(&r)) {
                    Ok(Some(d)) => self.send(Action::WorkerDetail(d)).await,
                    Ok(None) => {
                        self.send(Action::DetailFailed("the server sent no worker".into()))
                            .await
                    }
                    Err(s) => self.send(Action::DetailFailed(reason(&s))).await,
                }
            }
            Command::Jobs | Command::JobRuns { .. } | Command::JobRun(_) => {
                self.jobs_read(command).await
            }
            Command::Run(op) => {
                let (ok, message) = match self.change(&mut admin, op).await {
                    Ok(message) => (true, message),
                    Err(s) => (false, reason(&s)),
                };
                self.send(Action::Done { ok, message }).await;
            }
            Command::StopBulk | Command::FollowJobLog { .. } | Command::StopJobLog => {}
        }
    }

    async fn list_dlq(
        &self,
        filter: &DlqFilter,
        limit: u32,
        offset: u64,
    ) -> Result<pb::ListDlqResponse, Status> {
        let mut request = pb::ListDlqRequest {
            limit: limit as i32,
            offset: offset.min(i32::MAX as u64) as i32,
            filter: Some(filter.to_message()),
            ..Default::default()
        };
        let r = self
            .conn
            .admin
            .clone()
            .list_dlq(self.req(request.clone()))
            .await;
        let mut page = self.seen(r).await?;
        // The first page of a filtered listing looks at a bounded number of entries per call
        // and may come back short with where to continue: follow it, so the view's pages
        // (by offset) are full.
        while page.entries.len() < limit as usize && !page.next_cursor.is_empty() {
            request.offset = 0;
            request.limit = (limit as usize - page.entries.len()) as i32;
            request.cursor = std::mem::take(&mut page.next_cursor);
            let r = self
                .conn
                .admin
                .clone()
                .list_dlq(self.req(request.clone()))
                .await;
            let more = self.seen(r).await?;
            page.entries.extend(more.entries);
            page.next_cursor = more.next_cursor;
        }
        Ok(page)
    }

    /// Every entry matching `filter`, newest first, page after page by cursor; for what needs
    /// the oldest when the total is only known up to a cap.
    async fn list_dlq_all(&self, filter: &DlqFilter) -> Result<Vec<pb::DlqEntry>, Status> {
        let mut request = pb::ListDlqRequest {
            limit: 1_000,
            filter: Some(filter.to_message()),
            ..Default::default()
        };
        let mut all = Vec::new();
        loop {
            let r = self
                .conn
                .admin
                .clone()
                .list_dlq(self.req(request.clone()))
                .await;
            let page = self.seen(r).await?;
            all.extend(page.entries);
            if page.next_cursor.is_empty() {
                return Ok(all);
            }
            request.cursor = page.next_cursor;
        }
    }

    /// One change; the message says what happened.
    async fn change(
        &self,
        admin: &mut AdminServiceClient<Channel>,
        op: Op,
    ) -> Result<String, Status> {
        Ok(match op {
            Op::PauseQueue { name, paused } => {
                self.seen(
                    admin
                        .pause_queue(self.req(pb::PauseQueueRequest {
                            name: name.clone(),
                            paused,
                        }))
                        .await,
                )
                .await?;
                format!("queue {name} {}", if paused { "paused" } else { "resumed" })
            }
            Op::SetWeight { name, weight } => {
                self.seen(
                    admin
                        .update_queue_weight(self.req(pb::UpdateQueueWeightRequest {
                            name: name.clone(),
                            weight,
                        }))
                        .await,
                )
                .await?;
                format!("queue {name} weight set to {weight}")
            }
            Op::ResetWeight { name } => {
                let r = self
                    .seen(
                        admin
                            .reset_queue_weight(
                                self.req(pb::ResetQueueWeightRequest { name: name.clone() }),
                            )
                            .await,
                    )
                    .await?;
                let weight = r.queue.map(|q| q.weight).unwrap_or_default();
                format!("queue {name} weight reset to {weight}")
            }
            Op::PauseDequeue { paused } => {
                if paused {
                    self.seen(
                        admin
                            .pause_dequeue(self.req(pb::PauseDequeueRequest {}))
                            .await,
                    )
                    .await?;
                    "dequeue paused on every queue".to_string()
                } else {
                    self.seen(
                        admin
                            .resume_dequeue(self.req(pb::ResumeDequeueRequest {}))
                            .await,
                    )
                    .await?;
                    "dequeue resumed".to_string()
                }
            }
            Op::CancelTask { id } => {
                let r = self
                    .seen(
                        admin
                            .cancel_task(self.req(pb::CancelTaskRequest { id: id.clone() }))
                            .await,
                    )
                    .await?;
                match r.outcome.as_str() {
                    "cancelled" => format!("task {id} cancelled"),
                    "cancel_requested" => {
                        format!("task {id} is running: its worker was told to stop it")
                    }
                    "already_finished" => {
                        format!("task {id} had already finished; nothing changed")
                    }
                    other => format!("task {id}: {other}"),
                }
            }
            Op::RetryTask { id } => {
                self.seen(
                    admin
                        .retry_task(self.req(pb::RetryTaskRequest { id: id.clone() }))
                        .await,
                )
                .await?;
                format!("task {id} is pending again")
            }
            Op::RecycleWorker { id } => {
                self.seen(
                    admin
                        .recycle_worker(self.req(pb::RecycleWorkerRequest {
                            id: id.clone(),
                            reason: "requested from workerctl dash".into(),
                        }))
                        .await,
                )
                .await?;
                format!("worker {id} is recycling: it drains, then restarts its loop")
            }
            Op::PauseSchedule { name, paused } => {
                let request = pb::PauseScheduleRequest {
                    name: name.clone(),
                    paused,
                };
                self.seen(admin.pause_schedule(self.req(request)).await)
                    .await?;
                format!(
                    "schedule {name} {}",
                    if paused { "paused" } else { "resumed" }
                )
            }
            Op::RunSchedule { name } => {
                let request = pb::RunScheduleRequest { name: name.clone() };
                let r = self
                    .seen(admin.run_schedule(self.req(request)).await)
                    .await?;
                format!("schedule {name} fired now: task {}", r.task_id)
            }
            Op::DeleteSchedule { name } => {
                let request = pb::DeleteScheduleRequest { name: name.clone() };
                self.seen(admin.delete_schedule(self.req(request)).await)
                    .await?;
                format!("schedule {name} deleted; its factory stays")
            }
            Op::RunJob { .. } | Op::CancelJobRun { .. } => self.job_change(admin, op).await?,
            Op::ReplayIds { .. }
            | Op::ReplayOldest { .. }
            | Op::DeleteIds { .. }
            | Op::DeleteMatching { .. }
            | Op::ReplayMatching { .. } => unreachable!("bulk changes run in Client::replay"),
        })
    }

    /// Follows `StreamEvents` for as long as the dashboard runs: the stored tail first, then
    /// live; after any break, reconnects with backoff and resumes after the last event seen.
    async fn follow(self, stop: CancellationToken) {
        let mut last_id: Option<String> = None;
        let mut attempt = 0_u32;
        loop {
            let request = pb::StreamEventsRequest {
                after_id: last_id.clone().unwrap_or_default(),
                tail: if last_id.is_none() { TAIL } else { 0 },
                ..Default::default()
            };
            let mut admin = self.conn.admin.clone();
            let mut req = Request::new(request);
            if let Ok(id) = uuid::Uuid::new_v4().to_string().parse() {
                req.metadata_mut().insert("x-request-id", id);
            }
            let why = tokio::select! {
                _ = stop.cancelled() => return,
                why = async {
                    match admin.stream_events(req).await {
                        Ok(response) => {
                            attempt = 0;
                            self.set_link(Link::Connected).await;
                            self.read(response.into_inner(), &mut last_id).await
                        }
                        Err(s) => reason(&s),
                    }
                } => why,
            };
            attempt += 1;
            let delay = backoff(attempt);
            self.set_link(Link::Disconnected {
                reason: why,
                retry_in_ms: delay.as_millis() as u64,
                attempt,
            })
            .await;
            tokio::select! {
                _ = stop.cancelled() => return,
                _ = tokio::time::sleep(delay) => {}
            }
        }
    }

    /// Reads one stream until it breaks; returns why it ended.
    async fn read(
        &self,
        mut stream: tonic::Streaming<pb::AdminEvent>,
        last_id: &mut Option<String>,
    ) -> String {
        loop {
            let first = match tokio::time::timeout(STREAM_SILENCE, stream.next()).await {
                Err(_) => return "the event stream went silent".into(),
                Ok(None) => return "the server closed the event stream".into(),
                Ok(Some(Err(s))) => return reason(&s),
                Ok(Some(Ok(e))) => e,
            };
            // Take what is already here too, so a burst becomes one action.
            let mut batch = vec![first];
            while batch.len() < 256 {
                match stream.next().now_or_never() {
                    Some(Some(Ok(e))) => batch.push(e),
                    _ => break,
                }
            }
            let mut events: Vec<Event> = Vec::new();
            for message in &batch {
                if !message.id.is_empty() {
                    *last_id = Some(message.id.clone());
                }
                match convert::streamed(message) {
                    Streamed::Overview(o) => self.send(Action::Overview(o)).await,
                    Streamed::Event(e) => events.push(e),
                    Streamed::Nothing => {}
                }
            }
            if !events.is_empty() {
                self.send(Action::Events(events)).await;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        assert_eq!(backoff(1), Duration::from_millis(500));
        assert_eq!(backoff(2), Duration::from_millis(1_000));
        assert_eq!(backoff(4), Duration::from_millis(4_000));
        assert_eq!(backoff(30), Duration::from_millis(8_000));
    }

    #[test]
    fn transport_failures_are_told_from_refusals() {
        assert!(is_transport(&Status::unavailable("connection refused")));
        assert!(is_transport(&Status::unknown("transport error")));
        assert!(!is_transport(&Status::permission_denied("viewer")));
        assert_eq!(
            reason(&Status::permission_denied("viewer may not")),
            "refused: viewer may not"
        );
    }
}
