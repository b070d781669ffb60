//! `worker.v1.AdminService` over the engine: authorization, approval, guardrails and audit
//! around every call, then one engine call and a conversion.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use futures::{Stream, StreamExt};
use prost::Message;
use tonic::metadata::MetadataValue;
use tonic::{Request, Response, Status};
use worker_proto::events::EventKind;
use worker_proto::v1 as pb;
use worker_proto::v1::admin_service_server::AdminService;

use crate::api::auth::{self, ApprovalPolicy, Identity, Op};
use crate::api::grpc::convert::{self, meta};
use crate::api::grpc::status::{self, invalid};
use crate::engine::audit::{AuditCursor, AuditEntry, AuditFilter, sha256_hex};
use crate::engine::model::{
    CancelOutcome, DlqFilter, EventId, HandlerName, QueueName, ReplayOutcome, TaskFilter, TaskId,
    TaskState, WorkerId,
};
use crate::engine::{Engine, EventsFrom};

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
            build: BuildInfo::current(),
            stream_heartbeat: Duration::from_secs(15),
            stream_poll: Duration::from_millis(500),
            closing: tokio_util::sync::CancellationToken::new(),
        }
    }
}

/// The admin API; `Clone` is cheap.
#[derive(Clone)]
pub struct AdminApi {
    engine: Engine,
    settings: Arc<ApiSettings>,
}

/// One call in progress: who, what, and what to write in the audit log.
pub(crate) struct Call {
    pub(crate) op: Op,
    pub(crate) identity: Identity,
    pub(crate) request_id: String,
    pub(crate) target: String,
    pub(crate) payload_hash: String,
    pub(crate) metadata: BTreeMap<String, String>,
}

type Outcome<R> = Result<(R, String), Status>;

fn metadata_str<'a, T>(req: &'a Request<T>, key: &str) -> Option<&'a str> {
    req.metadata().get(key).and_then(|v| v.to_str().ok())
}

/// The caller's identity: set by an in-process gateway, or read from the TLS client
/// certificate (and a gateway certificate's forwarded identity).
pub(crate) fn identity_of<T>(req: &Request<T>) -> Identity {
    if let Some(identity) = req.extensions().get::<Identity>() {
        return identity.clone();
    }
    let conn = req
        .peer_certs()
        .and_then(|certs| certs.first().map(|c| auth::identity_from_cert(c.as_ref())))
        .unwrap_or_else(Identity::anonymous);
    auth::with_forwarded(
        conn,
        metadata_str(req, auth::FORWARDED_ACTOR),
        metadata_str(req, auth::FORWARDED_ROLE),
    )
}

pub(crate) fn with_request_id<R>(mut response: Response<R>, request_id: &str) -> Response<R> {
    if let Ok(value) = MetadataValue::try_from(request_id) {
        response
            .metadata_mut()
            .insert(auth::REQUEST_ID_HEADER, value);
    }
    response
}

fn engine_err(err: crate::engine::Error) -> Status {
    status::from_engine(&err)
}

fn queue_name(name: &str) -> Result<QueueName, Status> {
    QueueName::new(name.trim()).map_err(|e| status::from_engine(&e))
}

fn task_id(id: &str) -> Result<TaskId, Status> {
    TaskId::parse(id).map_err(|e| status::from_engine(&e))
}

fn worker_id(id: &str) -> Result<WorkerId, Status> {
    WorkerId::new(id.trim()).map_err(|e| status::from_engine(&e))
}

fn optional<T>(
    text: &str,
    parse: impl FnOnce(&str) -> Result<T, crate::engine::Error>,
) -> Result<Option<T>, Status> {
    let text = text.trim();
    if text.is_empty() {
        Ok(None)
    } else {
        parse(text).map(Some).map_err(|e| status::from_engine(&e))
    }
}

fn page_limit(limit: i32) -> Result<u32, Status> {
    if limit < 0 {
        return Err(invalid(
            "invalid_limit",
            format!("limit is {limit}; use 0 for the default or a positive number"),
        ));
    }
    Ok(limit as u32)
}

fn offset(offset: i64) -> Result<u64, Status> {
    u64::try_from(offset).map_err(|_| {
        invalid(
            "invalid_offset",
            format!("offset is {offset}; it must not be negative"),
        )
    })
}

impl AdminApi {
    pub fn new(engine: Engine, settings: ApiSettings) -> Self {
        Self {
            engine,
            settings: Arc::new(settings),
        }
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    pub(crate) fn start<T: Message>(&self, req: &Request<T>, op: Op, target: &str) -> Call {
        Call {
            op,
            identity: identity_of(req),
            request_id: auth::clean_request_id(metadata_str(req, auth::REQUEST_ID_HEADER)),
            target: if target.trim().is_empty() {
                "*".into()
            } else {
                target.trim().chars().take(256).collect()
            },
            payload_hash: sha256_hex(&req.get_ref().encode_to_vec()),
            metadata: BTreeMap::new(),
        }
    }

    pub(crate) fn check<T>(&self, req: &Request<T>, call: &Call) -> Result<(), Status> {
        auth::authorize(
            call.op,
            &call.identity,
            metadata_str(req, auth::APPROVAL_HEADER),
            &self.settings.approval,
        )
        .map_err(|refusal| {
            tracing::warn!(
                rpc = %call.op,
                actor = %call.identity.actor,
                role = call.identity.role_name(),
                request_id = %call.request_id,
                reason = refusal.reason(),
                "refused"
            );
            status::from_refusal(&refusal, call.op, &call.identity)
        })
    }

    /// Writes the audit entry of a mutating call, allowed or refused, and logs its outcome.
    pub(crate) async fn finish(&self, call: &Call, outcome: Result<&str, &Status>) {
        let Some(action) = call.op.audit_action() else {
            return;
        };
        let (status, detail) = match outcome {
            Ok(detail) => ("ok", detail.to_string()),
            Err(status) => (
                "error",
                format!("{:?}: {}", status.code(), status.message()),
            ),
        };
        tracing::info!(
            action,
            actor = %call.identity.actor,
            role = call.identity.role_name(),
            via = call.identity.via.as_deref(),
            target = %call.target,
            status,
            request_id = %call.request_id,
            detail = %detail,
            "admin action"
        );
        let mut metadata = call.metadata.clone();
        if let Some(via) = &call.identity.via {
            metadata.insert("via".into(), via.clone());
        }
        let entry = AuditEntry {
            at_ms: self.engine.now_ms(),
            actor: call.identity.actor.clone(),
            role: call.identity.role_name().to_string(),
            request_id: call.request_id.clone(),
            action: action.to_string(),
            target: call.target.clone(),
            status: status.to_string(),
            payload_hash: call.payload_hash.clone(),
            detail,
            metadata,
        };
        if let Err(e) = self.engine.record_audit(entry).await {
            // The action happened (or was refused) either way; the log says the audit failed.
            tracing::error!(error = %e, action, request_id = %call.request_id, "could not write the audit entry");
        }
    }

    /// Runs a mutating call: authorize, run, audit, answer.
    async fn mutation<T, R, F, Fut>(
        &self,
        req: Request<T>,
        op: Op,
        target: &str,
        metadata: BTreeMap<String, String>,
        run: F,
    ) -> Result<Response<R>, Status>
    where
        T: Message,
        F: FnOnce(T, Identity) -> Fut,
        Fut: Future<Output = Outcome<R>>,
    {
        let started = std::time::Instant::now();
        let mut call = self.start(&req, op, target);
        call.metadata = metadata;
        let outcome = match self.check(&req, &call) {
            Err(status) => Err(status),
            Ok(()) => run(req.into_inner(), call.identity.clone()).await,
        };
        crate::telemetry::metrics().record_grpc(
            op.rpc(),
            outcome
                .as_ref()
                .map_or_else(tonic::Status::code, |_| tonic::Code::Ok),
            started.elapsed(),
        );
        self.finish(&call, outcome.as_ref().map(|(_, d)| d.as_str()))
            .await;
        outcome.map(|(r, _)| with_request_id(Response::new(r), &call.request_id))
    }

    /// Runs a read: authorize, run, answer.
    async fn query<T, R, F, Fut>(
        &self,
        req: Request<T>,
        op: Op,
        run: F,
    ) -> Result<Response<R>, Status>
    where
        T: Message,
        F: FnOnce(T, Identity) -> Fut,
        Fut: Future<Output = Result<R, Status>>,
    {
        let started = std::time::Instant::now();
        let call = self.start(&req, op, "");
        let result = match self.check(&req, &call) {
            Ok(()) => run(req.into_inner(), call.identity).await,
            Err(status) => Err(status),
        };
        crate::telemetry::metrics().record_grpc(
            op.rpc(),
            result
                .as_ref()
                .map_or_else(tonic::Status::code, |_| tonic::Code::Ok),
            started.elapsed(),
        );
        Ok(with_request_id(Response::new(result?), &call.request_id))
    }

    /// Schedules and jobs come with their own feature; until then they are refused clearly
    /// (after authorization, and audited when they would mutate).
    async fn unavailable<T: Message, R>(
        &self,
        req: Request<T>,
        op: Op,
        target: &str,
    ) -> Result<Response<R>, Status> {
        if op.audit_action().is_some() {
            self.mutation(req, op, target, BTreeMap::new(), |_, _| async move {
                Err(status::feature_unavailable(op))
            })
            .await
        } else {
            self.query(req, op, |_, _| async move {
                Err(status::feature_unavailable(op))
            })
            .await
        }
    }

    async fn task_response(
        &self,
        id: &TaskId,
        identity: &Identity,
    ) -> Result<pb::GetTaskResponse, Status> {
        let detail = self.engine.get_task(id).await.map_err(engine_err)?;
        let sees = identity.role.is_some_and(auth::Role::sees_payloads);
        Ok(pb::GetTaskResponse {
            task: Some(convert::task_info(&detail.task)),
            payload: if sees { detail.payload } else { Vec::new() },
            payload_redacted: !sees,
            errors: convert::attempt_errors(&detail.errors),
        })
    }

    pub(crate) async fn get_task_for(
        &self,
        req: Request<pb::GetTaskRequest>,
        op: Op,
    ) -> Result<Response<pb::GetTaskResponse>, Status> {
        self.query(req, op, |r, identity| async move {
            let id = task_id(&r.id)?;
            self.task_response(&id, &identity).await
        })
        .await
    }
}

type EventStream = Pin<Box<dyn Stream<Item = Result<pb::AdminEvent, Status>> + Send + 'static>>;
type AuditStream = Pin<Box<dyn Stream<Item = Result<pb::AuditEvent, Status>> + Send + 'static>>;

fn event_queue(event: &pb::admin_event::Event) -> Option<&str> {
    use pb::admin_event::Event as E;
    match event {
        E::QueueChanged(e) => Some(&e.queue),
        E::TaskSummary(e) => Some(&e.queue),
        E::DlqChanged(e) if !e.queue.is_empty() => Some(&e.queue),
        E::WorkerStuck(e) => Some(&e.queue),
        _ => None,
    }
}

#[tonic::async_trait]
impl AdminService for AdminApi {
    async fn get_health(
        &self,
        req: Request<pb::GetHealthRequest>,
    ) -> Result<Response<pb::GetHealthResponse>, Status> {
        self.query(req, Op::GetHealth, |_, _| async move {
            let build = &self.settings.build;
            Ok(pb::GetHealthResponse {
                status: "ok".into(),
                version: build.version.clone(),
                commit: build.commit.clone(),
                build_time: build.build_time.clone(),
                go_version: build.rustc.clone(),
            })
        })
        .await
    }

    async fn get_overview(
        &self,
        req: Request<pb::GetOverviewRequest>,
    ) -> Result<Response<pb::GetOverviewResponse>, Status> {
        self.query(req, Op::GetOverview, |_, _| async move {
            let overview = self.engine.overview().await.map_err(engine_err)?;
            Ok(convert::overview(
                &overview,
                self.engine.action_counters(),
                self.engine.now_ms(),
            ))
        })
        .await
    }

    async fn list_queues(
        &self,
        req: Request<pb::ListQueuesRequest>,
    ) -> Result<Response<pb::ListQueuesResponse>, Status> {
        self.query(req, Op::ListQueues, |_, _| async move {
            let queues = self.engine.list_queues().await.map_err(engine_err)?;
            Ok(pb::ListQueuesResponse {
                queues: queues.iter().map(convert::queue_summary).collect(),
            })
        })
        .await
    }

    async fn get_queue(
        &self,
        req: Request<pb::GetQueueRequest>,
    ) -> Result<Response<pb::GetQueueResponse>, Status> {
        self.query(req, Op::GetQueue, |r, _| async move {
            let queue = self
                .engine
                .get_queue(&queue_name(&r.name)?)
                .await
                .map_err(engine_err)?;
            Ok(pb::GetQueueResponse {
                queue: Some(convert::queue_summary(&queue)),
            })
        })
        .await
    }

    async fn update_queue_weight(
        &self,
        req: Request<pb::UpdateQueueWeightRequest>,
    ) -> Result<Response<pb::UpdateQueueWeightResponse>, Status> {
        let name = req.get_ref().name.clone();
        let metadata = meta([("weight", req.get_ref().weight.to_string())]);
        self.mutation(
            req,
            Op::UpdateQueueWeight,
            &name,
            metadata,
            |r, _| async move {
                let name = queue_name(&r.name)?;
                let weight = u32::try_from(r.weight).map_err(|_| {
                    invalid(
                        "invalid_weight",
                        format!("weight {} is out of range; use 1 to 10000", r.weight),
                    )
                })?;
                let queue = self
                    .engine
                    .set_queue_weight(&name, weight)
                    .await
                    .map_err(engine_err)?;
                Ok((
                    pb::UpdateQueueWeightResponse {
                        queue: Some(convert::queue_summary(&queue)),
                    },
                    format!("weight {weight}"),
                ))
            },
        )
        .await
    }

    async fn reset_queue_weight(
        &self,
        req: Request<pb::ResetQueueWeightRequest>,
    ) -> Result<Response<pb::ResetQueueWeightResponse>, Status> {
        let name = req.get_ref().name.clone();
        self.mutation(
            req,
            Op::ResetQueueWeight,
            &name,
            BTreeMap::new(),
            |r, _| async move {
                let queue = self
                    .engine
                    .reset_queue_weight(&queue_name(&r.name)?)
                    .await
                    .map_err(engine_err)?;
                let detail = format!("weight {} (default)", queue.weight);
                Ok((
                    pb::ResetQueueWeightResponse {
                        queue: Some(convert::queue_summary(&queue)),
                    },
                    detail,
                ))
            },
        )
        .await
    }

    async fn pause_queue(
        &self,
        req: Request<pb::PauseQueueRequest>,
    ) -> Result<Response<pb::PauseQueueResponse>, Status> {
        let name = req.get_ref().name.clone();
        let metadata = meta([("paused", req.get_ref().paused.to_string())]);
        self.mutation(req, Op::PauseQueue, &name, metadata, |r, _| async move {
            let queue = self
                .engine
                .pause_queue(&queue_name(&r.name)?, r.paused)
                .await
                .map_err(engine_err)?;
            Ok((
                pb::PauseQueueResponse {
                    queue: Some(convert::queue_summary(&queue)),
                },
                if r.paused { "paused" } else { "resumed" }.to_string(),
            ))
        })
        .await
    }

    async fn list_jobs(
        &self,
        req: Request<pb::ListJobsRequest>,
    ) -> Result<Response<pb::ListJobsResponse>, Status> {
        self.unavailable(req, Op::ListJobs, "").await
    }

    async fn list_job_events(
        &self,
        req: Request<pb::ListJobEventsRequest>,
    ) -> Result<Response<pb::ListJobEventsResponse>, Status> {
        self.unavailable(req, Op::ListJobEvents, "").await
    }

    async fn list_audit_events(
        &self,
        req: Request<pb::ListAuditEventsRequest>,
    ) -> Result<Response<pb::ListAuditEventsResponse>, Status> {
        self.query(req, Op::ListAuditEvents, |r, _| async move {
            let limit = match page_limit(r.limit)? {
                0 => crate::engine::PAGE_DEFAULT,
                n => n.min(crate::engine::PAGE_MAX),
            };
            let filter = audit_filter(&r.action, &r.target, &r.actor, r.since_ms, r.until_ms)?;
            let cursor = (!r.cursor.trim().is_empty()).then(|| r.cursor.trim().to_string());
            let records = self
                .engine
                .list_audit(&filter, &AuditCursor::Before(cursor), limit)
                .await
                .map_err(engine_err)?;
            let next_cursor = if records.len() as u32 == limit {
                records.last().map(|r| r.id.clone()).unwrap_or_default()
            } else {
                String::new()
            };
            Ok(pb::ListAuditEventsResponse {
                events: records.iter().map(convert::audit_event).collect(),
                next_cursor,
            })
        })
        .await
    }

    async fn get_job(
        &self,
        req: Request<pb::GetJobRequest>,
    ) -> Result<Response<pb::GetJobResponse>, Status> {
        self.unavailable(req, Op::GetJob, "").await
    }

    async fn upsert_job(
        &self,
        req: Request<pb::UpsertJobRequest>,
    ) -> Result<Response<pb::UpsertJobResponse>, Status> {
        let name = req
            .get_ref()
            .spec
            .as_ref()
            .map(|s| s.name.clone())
            .unwrap_or_default();
        self.unavailable(req, Op::UpsertJob, &name).await
    }

    async fn delete_job(
        &self,
        req: Request<pb::DeleteJobRequest>,
    ) -> Result<Response<pb::DeleteJobResponse>, Status> {
        let name = req.get_ref().name.clone();
        self.unavailable(req, Op::DeleteJob, &name).await
    }

    async fn run_job(
        &self,
        req: Request<pb::RunJobRequest>,
    ) -> Result<Response<pb::RunJobResponse>, Status> {
        let name = req.get_ref().name.clone();
        self.unavailable(req, Op::RunJob, &name).await
    }

    async fn list_schedule_factories(
        &self,
        req: Request<pb::ListScheduleFactoriesRequest>,
    ) -> Result<Response<pb::ListScheduleFactoriesResponse>, Status> {
        self.unavailable(req, Op::ListScheduleFactories, "").await
    }

    async fn list_schedule_events(
        &self,
        req: Request<pb::ListScheduleEventsRequest>,
    ) -> Result<Response<pb::ListScheduleEventsResponse>, Status> {
        self.unavailable(req, Op::ListScheduleEvents, "").await
    }

    async fn list_schedules(
        &self,
        req: Request<pb::ListSchedulesRequest>,
    ) -> Result<Response<pb::ListSchedulesResponse>, Status> {
        self.unavailable(req, Op::ListSchedules, "").await
    }

    async fn create_schedule(
        &self,
        req: Request<pb::CreateScheduleRequest>,
    ) -> Result<Response<pb::CreateScheduleResponse>, Status> {
        let name = req.get_ref().name.clone();
        self.unavailable(req, Op::CreateSchedule, &name).await
    }

    async fn delete_schedule(
        &self,
        req: Request<pb::DeleteScheduleRequest>,
    ) -> Result<Response<pb::DeleteScheduleResponse>, Status> {
        let name = req.get_ref().name.clone();
        self.unavailable(req, Op::DeleteSchedule, &name).await
    }

    async fn pause_schedule(
        &self,
        req: Request<pb::PauseScheduleRequest>,
    ) -> Result<Response<pb::PauseScheduleResponse>, Status> {
        let name = req.get_ref().name.clone();
        self.unavailable(req, Op::PauseSchedule, &name).await
    }

    async fn run_schedule(
        &self,
        req: Request<pb::RunScheduleRequest>,
    ) -> Result<Response<pb::RunScheduleResponse>, Status> {
        let name = req.get_ref().name.clone();
        self.unavailable(req, Op::RunSchedule, &name).await
    }

    async fn pause_schedules(
        &self,
        req: Request<pb::PauseSchedulesRequest>,
    ) -> Result<Response<pb::PauseSchedulesResponse>, Status> {
        self.unavailable(req, Op::PauseSchedules, "*").await
    }

    async fn list_dlq(
        &self,
        req: Request<pb::ListDlqRequest>,
    ) -> Result<Response<pb::ListDlqResponse>, Status> {
        self.query(req, Op::ListDlq, |r, _| async move {
            let limit = page_limit(r.limit)?;
            let offset = offset(i64::from(r.offset))?;
            let filter = DlqFilter {
                queue: optional(&r.queue, |s| QueueName::new(s))?,
                handler: optional(&r.handler, |s| HandlerName::new(s))?,
                query: (!r.query.trim().is_empty()).then(|| r.query.trim().to_string()),
            };
            let page = self
                .engine
                .list_dlq(&filter, limit, offset)
                .await
                .map_err(engine_err)?;
            let now = self.engine.now_ms();
            Ok(pb::ListDlqResponse {
                entries: page
                    .items
                    .iter()
                    .map(|e| convert::dlq_entry(e, now))
                    .collect(),
                total: page.total as i64,
            })
        })
        .await
    }

    async fn get_dlq_entry(
        &self,
        req: Request<pb::GetDlqEntryRequest>,
    ) -> Result<Response<pb::GetDlqEntryResponse>, Status> {
        self.query(req, Op::GetDlqEntry, |r, identity| async move {
            let id = task_id(&r.id)?;
            let (entry, errors) = self.engine.get_dlq_entry(&id).await.map_err(engine_err)?;
            let detail = self.engine.get_task(&id).await.map_err(engine_err)?;
            let sees = identity.role.is_some_and(auth::Role::sees_payloads);
            Ok(pb::GetDlqEntryResponse {
                entry: Some(convert::dlq_detail(
                    &entry,
                    &errors,
                    sees.then_some(detail.payload),
                    detail.task.max_retries,
                    self.engine.now_ms(),
                )),
            })
        })
        .await
    }

    async fn pause_dequeue(
        &self,
        req: Request<pb::PauseDequeueRequest>,
    ) -> Result<Response<pb::PauseDequeueResponse>, Status> {
        let metadata = meta([("paused", "true".to_string())]);
        self.mutation(req, Op::PauseDequeue, "*", metadata, |_, _| async move {
            self.engine
                .set_dequeue_paused(true)
                .await
                .map_err(engine_err)?;
            Ok((pb::PauseDequeueResponse { paused: true }, "paused".into()))
        })
        .await
    }

    async fn resume_dequeue(
        &self,
        req: Request<pb::ResumeDequeueRequest>,
    ) -> Result<Response<pb::ResumeDequeueResponse>, Status> {
        let metadata = meta([("paused", "false".to_string())]);
        self.mutation(req, Op::ResumeDequeue, "*", metadata, |_, _| async move {
            self.engine
                .set_dequeue_paused(false)
                .await
                .map_err(engine_err)?;
            Ok((
                pb::ResumeDequeueResponse { paused: false },
                "resumed".into(),
            ))
        })
        .await
    }

    async fn replay_dlq(
        &self,
        req: Request<pb::ReplayDlqRequest>,
    ) -> Result<Response<pb::ReplayDlqResponse>, Status> {
        let requested = req.get_ref().limit;
        let metadata = meta([("limit", requested.to_string())]);
        self.mutation(req, Op::ReplayDlq, "*", metadata, |r, _| async move {
            let limit = if r.limit <= 0 { 100 } else { r.limit as u32 };
            let max = self.settings.replay_limit_max;
            if limit > max {
                return Err(status::with_reason(
                    tonic::Code::ResourceExhausted,
                    "replay_limit_exceeded",
                    format!("replay limit {limit} is above this server's maximum of {max}; replay in batches"),
                ));
            }
            let ids = self.engine.replay_dlq(limit).await.map_err(engine_err)?;
            let moved = ids.len();
            Ok((
                pb::ReplayDlqResponse {
                    moved: moved as i32,
                    ids: ids.iter().map(ToString::to_string).collect(),
                },
                format!("moved {moved}"),
            ))
        })
        .await
    }

    async fn replay_dlq_by_id(
        &self,
        req: Request<pb::ReplayDlqByIdRequest>,
    ) -> Result<Response<pb::ReplayDlqByIdResponse>, Status> {
        let metadata = meta([("ids", req.get_ref().ids.len().to_string())]);
        self.mutation(req, Op::ReplayDlqById, "*", metadata, |r, _| async move {
            if r.ids.is_empty() {
                return Err(invalid("missing_ids", "at least one id is required"));
            }
            let max = self.settings.replay_ids_max as usize;
            if r.ids.len() > max {
                return Err(status::with_reason(
                    tonic::Code::ResourceExhausted,
                    "replay_ids_exceeded",
                    format!("{} ids is above this server's maximum of {max} per call; replay in batches", r.ids.len()),
                ));
            }
            let ids = r.ids.iter().map(|id| task_id(id)).collect::<Result<Vec<_>, _>>()?;
            let outcomes = self.engine.replay_dlq_ids(&ids).await.map_err(engine_err)?;
            let moved = outcomes
                .iter()
                .filter(|(_, o)| *o == ReplayOutcome::Replayed)
                .count();
            let results = outcomes
                .iter()
                .map(|(id, outcome)| {
                    let (outcome, state) = match outcome {
                        ReplayOutcome::Replayed => ("replayed", TaskState::Pending),
                        ReplayOutcome::NotFound => ("not_found", TaskState::Dead),
                        ReplayOutcome::NotDead(state) => ("not_dead", *state),
                    };
                    pb::ReplayResult {
                        id: id.to_string(),
                        outcome: outcome.into(),
                        state: if outcome == "not_found" {
                            pb::TaskState::Unspecified as i32
                        } else {
                            convert::task_state(state) as i32
                        },
                    }
                })
                .collect();
            Ok((
                pb::ReplayDlqByIdResponse {
                    moved: moved as i32,
                    results,
                },
                format!("moved {moved} of {}", ids.len()),
            ))
        })
        .await
    }

    type StreamEventsStream = EventStream;

    async fn stream_events(
        &self,
        req: Request<pb::StreamEventsRequest>,
    ) -> Result<Response<Self::StreamEventsStream>, Status> {
        let call = self.start(&req, Op::StreamEvents, "");
        self.check(&req, &call)?;
        let r = req.into_inner();
        for kind in &r.kinds {
            if EventKind::parse(kind).is_none() {
                let known: Vec<_> = EventKind::ALL.iter().map(|k| k.name()).collect();
                return Err(invalid(
                    "invalid_event_kind",
                    format!(
                        "event kind {kind:?} is unknown; use one of {}",
                        known.join(", ")
                    ),
                ));
            }
        }
        for queue in &r.queues {
            queue_name(queue)?;
        }
        if !(0..=10_000).contains(&r.tail) {
            return Err(invalid(
                "invalid_tail",
                format!("tail is {}; use 0 to 10000", r.tail),
            ));
        }
        let kinds: Vec<String> = r.kinds.clone();
        let queues: Vec<String> = r.queues.clone();
        // Audit entries are for operators and admins, as ListAuditEvents is.
        let sees_audit = call.identity.role.is_some_and(auth::Role::sees_payloads);
        let wanted = move |event: &pb::AdminEvent| {
            let Some(inner) = &event.event else {
                return false;
            };
            if matches!(inner, pb::admin_event::Event::Audit(_)) && !sees_audit {
                return false;
            }
            (kinds.is_empty() || kinds.iter().any(|k| k == EventKind::of(inner).name()))
                && (queues.is_empty()
                    || event_queue(inner).is_none_or(|q| queues.iter().any(|w| w == q)))
        };
        let after = r.after_id.trim().to_string();
        // Where the log part of the stream starts, and stored events to send before it.
        let (initial, from) = match after.as_str() {
            "" if r.tail > 0 => {
                let tail = self
                    .engine
                    .tail_events(r.tail as u32, |e| wanted(&convert::admin_event(e)))
                    .await
                    .map_err(engine_err)?;
                let from = tail
                    .last()
                    .map_or(EventsFrom::Start, |e| EventsFrom::After(e.id.clone()));
                (tail, from)
            }
            "" if r.stored_only => (Vec::new(), EventsFrom::Start),
            "" => (Vec::new(), EventsFrom::Now),
            "0" => (Vec::new(), EventsFrom::Start),
            id => {
                // A malformed id is refused now, not after the stream started.
                let cursor = EventId(id.to_string());
                self.engine
                    .read_events(Some(&cursor), 1)
                    .await
                    .map_err(engine_err)?;
                (Vec::new(), EventsFrom::After(cursor))
            }
        };
        let keep = move |item: &Result<pb::AdminEvent, Status>| {
            let keep = match item {
                Ok(event) => wanted(event),
                Err(_) => true,
            };
            async move { keep }
        };
        let engine = self.engine.clone();
        let initial = futures::stream::iter(
            initial
                .into_iter()
                .map(|e| Ok(convert::admin_event(&e)))
                .collect::<Vec<_>>(),
        );
        if r.stored_only {
            let stored = stored_events(engine, from);
            let stream = initial.chain(stored).filter(keep);
            return Ok(with_request_id(
                Response::new(Box::pin(stream) as EventStream),
                &call.request_id,
            ));
        }
        let snapshot = {
            let overview = engine.overview().await.map_err(engine_err)?;
            pb::AdminEvent {
                id: String::new(),
                at_ms: engine.now_ms(),
                event: Some(pb::admin_event::Event::Overview(convert::overview(
                    &overview,
                    engine.action_counters(),
                    engine.now_ms(),
                ))),
            }
        };
        let live = engine
            .subscribe(from, self.settings.stream_poll)
            .map(|r| r.map(|e| convert::admin_event(&e)).map_err(engine_err));
        let beats_engine = engine.clone();
        let heartbeats = tokio_stream::wrappers::IntervalStream::new(tokio::time::interval_at(
            tokio::time::Instant::now() + self.settings.stream_heartbeat,
            self.settings.stream_heartbeat,
        ))
        .map(move |_| {
            Ok(pb::AdminEvent {
                id: String::new(),
                at_ms: beats_engine.now_ms(),
                event: Some(pb::admin_event::Event::Heartbeat(pb::HeartbeatEvent {
                    ts: beats_engine.now_ms(),
                })),
            })
        });
        let closing = self.settings.closing.clone().cancelled_owned();
        let stream = futures::stream::once(async move { Ok(snapshot) })
            .chain(initial)
            .chain(futures::stream::select(live, heartbeats))
            .take_until(closing)
            .filter(keep);
        Ok(with_request_id(
            Response::new(Box::pin(stream) as EventStream),
            &call.request_id,
        ))
    }

    async fn list_tasks(
        &self,
        req: Request<pb::ListTasksRequest>,
    ) -> Result<Response<pb::ListTasksResponse>, Status> {
        self.query(req, Op::ListTasks, |r, _| async move {
            let filter = TaskFilter {
                queue: optional(&r.queue, |s| QueueName::new(s))?,
                state: optional(&r.state, TaskState::parse)?,
                handler: optional(&r.handler, |s| HandlerName::new(s))?,
            };
            let page = self
                .engine
                .list_tasks(&filter, page_limit(r.limit)?, offset(r.offset)?)
                .await
                .map_err(engine_err)?;
            Ok(pb::ListTasksResponse {
                tasks: page.items.iter().map(convert::task_info).collect(),
                total: page.total as i64,
            })
        })
        .await
    }

    async fn get_task(
        &self,
        req: Request<pb::GetTaskRequest>,
    ) -> Result<Response<pb::GetTaskResponse>, Status> {
        self.get_task_for(req, Op::GetTask).await
    }

    async fn cancel_task(
        &self,
        req: Request<pb::CancelTaskRequest>,
    ) -> Result<Response<pb::CancelTaskResponse>, Status> {
        let id = req.get_ref().id.clone();
        self.mutation(
            req,
            Op::CancelTask,
            &id,
            BTreeMap::new(),
            |r, _| async move {
                let id = task_id(&r.id)?;
                let outcome = self.engine.cancel_task(&id).await.map_err(engine_err)?;
                let outcome = match outcome {
                    CancelOutcome::Cancelled => "cancelled",
                    CancelOutcome::Requested => "cancel_requested",
                    CancelOutcome::AlreadyFinished(_) => "already_finished",
                };
                let task = self.engine.get_task(&id).await.map_err(engine_err)?;
                Ok((
                    pb::CancelTaskResponse {
                        outcome: outcome.into(),
                        task: Some(convert::task_info(&task.task)),
                    },
                    outcome.to_string(),
                ))
            },
        )
        .await
    }

    async fn retry_task(
        &self,
        req: Request<pb::RetryTaskRequest>,
    ) -> Result<Response<pb::RetryTaskResponse>, Status> {
        let id = req.get_ref().id.clone();
        self.mutation(
            req,
            Op::RetryTask,
            &id,
            BTreeMap::new(),
            |r, _| async move {
                let id = task_id(&r.id)?;
                let previous = self.engine.retry_task(&id).await.map_err(engine_err)?;
                let task = self.engine.get_task(&id).await.map_err(engine_err)?;
                Ok((
                    pb::RetryTaskResponse {
                        task: Some(convert::task_info(&task.task)),
                        previous_state: convert::task_state(previous) as i32,
                    },
                    format!("retried from {previous}"),
                ))
            },
        )
        .await
    }

    async fn list_workers(
        &self,
        req: Request<pb::ListWorkersRequest>,
    ) -> Result<Response<pb::ListWorkersResponse>, Status> {
        self.query(req, Op::ListWorkers, |_, _| async move {
            let workers = self.engine.list_workers().await.map_err(engine_err)?;
            Ok(pb::ListWorkersResponse {
                workers: workers.iter().map(convert::worker_info).collect(),
            })
        })
        .await
    }

    async fn get_worker(
        &self,
        req: Request<pb::GetWorkerRequest>,
    ) -> Result<Response<pb::GetWorkerResponse>, Status> {
        self.query(req, Op::GetWorker, |r, _| async move {
            let detail = self
                .engine
                .get_worker(&worker_id(&r.id)?)
                .await
                .map_err(engine_err)?;
            Ok(pb::GetWorkerResponse {
                worker: Some(convert::worker_info(&detail.worker)),
                running: detail.running.iter().map(convert::task_info).collect(),
            })
        })
        .await
    }

    async fn recycle_worker(
        &self,
        req: Request<pb::RecycleWorkerRequest>,
    ) -> Result<Response<pb::RecycleWorkerResponse>, Status> {
        let id = req.get_ref().id.clone();
        let metadata = meta([("reason", req.get_ref().reason.chars().take(256).collect())]);
        self.mutation(req, Op::RecycleWorker, &id, metadata, |r, _| async move {
            let worker = self
                .engine
                .recycle_worker(&worker_id(&r.id)?, &r.reason)
                .await
                .map_err(engine_err)?;
            Ok((
                pb::RecycleWorkerResponse {
                    worker: Some(convert::worker_info(&worker)),
                },
                "recycle requested".into(),
            ))
        })
        .await
    }

    async fn list_stuck_tasks(
        &self,
        req: Request<pb::ListStuckTasksRequest>,
    ) -> Result<Response<pb::ListStuckTasksResponse>, Status> {
        self.query(req, Op::ListStuckTasks, |r, _| async move {
            let hours = match r.hours {
                0 => 24,
                h if (1..=24 * 366).contains(&h) => h,
                h => {
                    return Err(invalid(
                        "invalid_window",
                        format!("hours is {h}; use 1 to 8784"),
                    ));
                }
            };
            let handler = optional(&r.handler, |s| HandlerName::new(s))?;
            let history = self
                .engine
                .stuck_history(i64::from(hours) * 3_600_000, handler.as_ref())
                .await
                .map_err(engine_err)?;
            Ok(pb::ListStuckTasksResponse {
                hours,
                handlers: history
                    .iter()
                    .map(|s| pb::StuckHandlerSummary {
                        handler: s.handler.to_string(),
                        stuck_count: s.count as i64,
                        last_stuck_at_ms: s.last_at_ms,
                    })
                    .collect(),
            })
        })
        .await
    }

    type ExportAuditEventsStream = AuditStream;

    async fn export_audit_events(
        &self,
        req: Request<pb::ExportAuditEventsRequest>,
    ) -> Result<Response<Self::ExportAuditEventsStream>, Status> {
        let mut call = self.start(&req, Op::ExportAuditEvents, "*");
        let r = req.get_ref().clone();
        call.metadata = meta([("limit", r.limit.to_string())]);
        let checked = self.check(&req, &call).and_then(|()| {
            let filter = audit_filter(&r.action, &r.target, &r.actor, r.since_ms, r.until_ms)?;
            Ok((filter, page_limit(r.limit)?))
        });
        self.finish(&call, checked.as_ref().map(|_| "export started"))
            .await;
        let (filter, limit) = checked?;
        let engine = self.engine.clone();
        struct Export {
            engine: Engine,
            filter: AuditFilter,
            after: Option<String>,
            left: Option<u32>,
            buffer: std::collections::VecDeque<pb::AuditEvent>,
            done: bool,
        }
        let state = Export {
            engine,
            filter,
            after: None,
            left: (limit > 0).then_some(limit),
            buffer: Default::default(),
            done: false,
        };
        let stream = futures::stream::unfold(state, |mut st| async move {
            loop {
                if st.left == Some(0) {
                    return None;
                }
                if let Some(event) = st.buffer.pop_front() {
                    st.left = st.left.map(|l| l - 1);
                    return Some((Ok(event), st));
                }
                if st.done {
                    return None;
                }
                match st
                    .engine
                    .list_audit(&st.filter, &AuditCursor::After(st.after.clone()), 500)
                    .await
                {
                    Ok(page) => {
                        if page.len() < 500 {
                            st.done = true;
                        }
                        st.after = page.last().map(|r| r.id.clone()).or(st.after);
                        st.buffer.extend(page.iter().map(convert::audit_event));
                        if st.buffer.is_empty() {
                            return None;
                        }
                    }
                    Err(e) => {
                        st.done = true;
                        return Some((Err(engine_err(e)), st));
                    }
                }
            }
        });
        Ok(with_request_id(
            Response::new(Box::pin(stream) as AuditStream),
            &call.request_id,
        ))
    }
}

/// The stored events from `from` to the end of the log, then the stream ends.
fn stored_events(
    engine: Engine,
    from: EventsFrom,
) -> impl Stream<Item = Result<pb::AdminEvent, Status>> {
    let cursor = match from {
        EventsFrom::After(id) => Some(id),
        EventsFrom::Start | EventsFrom::Now => None,
    };
    futures::stream::unfold(
        (engine, cursor, std::collections::VecDeque::new(), false),
        |(engine, mut cursor, mut buffer, mut done)| async move {
            loop {
                if let Some(event) = buffer.pop_front() {
                    return Some((
                        Ok(convert::admin_event(&event)),
                        (engine, cursor, buffer, done),
                    ));
                }
                if done {
                    return None;
                }
                match engine.read_events(cursor.as_ref(), 256).await {
                    Ok(page) => {
                        done = page.len() < 256;
                        if let Some(last) = page.last() {
                            cursor = Some(last.id.clone());
                        }
                        buffer.extend(page);
                    }
                    Err(e) => return Some((Err(engine_err(e)), (engine, cursor, buffer, true))),
                }
            }
        },
    )
}

fn audit_filter(
    action: &str,
    target: &str,
    actor: &str,
    since_ms: i64,
    until_ms: i64,
) -> Result<AuditFilter, Status> {
    let text = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
    if since_ms < 0 || until_ms < 0 {
        return Err(invalid(
            "invalid_time_range",
            "since_ms and until_ms must not be negative",
        ));
    }
    if since_ms > 0 && until_ms > 0 && until_ms <= since_ms {
        return Err(invalid(
            "invalid_time_range",
            "until_ms must be after since_ms",
        ));
    }
    Ok(AuditFilter {
        action: text(action),
        target: text(target),
        actor: text(actor),
        since_ms: (since_ms > 0).then_some(since_ms),
        until_ms: (until_ms > 0).then_some(until_ms),
    })
}
