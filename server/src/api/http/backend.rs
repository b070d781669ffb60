//! Where the gateway's calls go: the admin API in this process (no loopback hop), or a remote
//! `workerd`'s over mutual TLS with the gateway's own certificate, forwarding the caller's
//! identity. Both take the same `worker.v1` requests, so every route has one code path.

use std::pin::Pin;
use std::time::Duration;

use futures::{Stream, StreamExt};
use tonic::metadata::MetadataValue;
use tonic::transport::{Certificate, Channel, ClientTlsConfig, Identity as TlsIdentity};
use tonic::{Request, Response, Status};
use worker_proto::v1 as pb;
use worker_proto::v1::admin_service_client::AdminServiceClient;
use worker_proto::v1::admin_service_server::AdminService;
use worker_proto::v1::task_service_client::TaskServiceClient;
use worker_proto::v1::task_service_server::TaskService;

use crate::api::auth::{self, Identity};
use crate::api::grpc::{AdminApi, TaskApi};

pub(crate) type EventStream =
    Pin<Box<dyn Stream<Item = Result<pb::AdminEvent, Status>> + Send + 'static>>;
pub(crate) type AuditStream =
    Pin<Box<dyn Stream<Item = Result<pb::AuditEvent, Status>> + Send + 'static>>;
/// A run's log chunks, as `GetJobRunLogs` sends them.
pub(crate) type LogStream =
    Pin<Box<dyn Stream<Item = Result<pb::JobLogChunk, Status>> + Send + 'static>>;

/// Who asked, and what their request carried.
#[derive(Clone, Debug)]
pub(crate) struct CallMeta {
    pub(crate) identity: Identity,
    pub(crate) request_id: String,
    pub(crate) approval: Option<String>,
    /// A request the gateway refused itself, handed on only to be audited
    /// (`refusals::REFUSED_HEADER`).
    pub(crate) refused: Option<String>,
}

#[derive(Clone)]
pub enum Backend {
    Local { admin: AdminApi, tasks: TaskApi },
    Remote(Box<Remote>),
}

/// The clients of a remote `workerd` (boxed: much larger than the local variant).
#[derive(Clone)]
pub struct Remote {
    admin: AdminServiceClient<Channel>,
    tasks: TaskServiceClient<Channel>,
}

impl Backend {
    pub fn local(admin: AdminApi) -> Self {
        Backend::Local {
            tasks: TaskApi::new(admin.clone()),
            admin,
        }
    }

    /// Dials `target` (host:port) with the gateway's certificate, trusting `ca_pem`.
    pub async fn remote(
        target: &str,
        ca_pem: &str,
        cert_pem: &str,
        key_pem: &str,
    ) -> Result<Self, String> {
        let host = target
            .rsplit_once(':')
            .map(|(h, _)| h.trim_start_matches('[').trim_end_matches(']').to_string())
            .ok_or_else(|| format!("WORKER_ADMIN_GRPC_TARGET {target:?} needs a port"))?;
        let tls = ClientTlsConfig::new()
            .ca_certificate(Certificate::from_pem(ca_pem))
            .identity(TlsIdentity::from_pem(cert_pem, key_pem))
            .domain_name(host);
        // Connected lazily and re-dialled after failures, so the gateway starts and keeps
        // running while its upstream restarts; calls meanwhile answer 503.
        let channel = Channel::from_shared(format!("https://{target}"))
            .map_err(|e| format!("WORKER_ADMIN_GRPC_TARGET {target:?}: {e}"))?
            .tls_config(tls)
            .map_err(|e| format!("gateway TLS: {e}"))?
            .connect_timeout(Duration::from_secs(5))
            .connect_lazy();
        Ok(Backend::Remote(Box::new(Remote {
            admin: AdminServiceClient::new(channel.clone()),
            tasks: TaskServiceClient::new(channel),
        })))
    }

    fn request<T>(&self, meta: &CallMeta, message: T) -> Request<T> {
        let mut req = Request::new(message);
        let md = req.metadata_mut();
        if let Ok(v) = MetadataValue::try_from(meta.request_id.as_str()) {
            md.insert(auth::REQUEST_ID_HEADER, v);
        }
        if let Some(token) = &meta.approval
            && let Ok(v) = MetadataValue::try_from(token.as_str())
        {
            md.insert(auth::APPROVAL_HEADER, v);
        }
        if let Some(refused) = &meta.refused
            && let Ok(v) = MetadataValue::try_from(refused.as_str())
        {
            md.insert(crate::api::http::refusals::REFUSED_HEADER, v);
        }
        match self {
            Backend::Local { .. } => {
                req.extensions_mut().insert(meta.identity.clone());
            }
            Backend::Remote(_) => {
                let md = req.metadata_mut();
                if let Ok(v) = MetadataValue::try_from(meta.identity.actor.as_str()) {
                    md.insert(auth::FORWARDED_ACTOR, v);
                }
                if let Ok(v) = MetadataValue::try_from(meta.identity.role_name()) {
                    md.insert(auth::FORWARDED_ROLE, v);
                }
            }
        }
        req
    }

    pub(crate) async fn stream_events(
        &self,
        meta: &CallMeta,
        message: pb::StreamEventsRequest,
    ) -> Result<EventStream, Status> {
        let req = self.request(meta, message);
        match self {
            Backend::Local { admin, .. } => AdminService::stream_events(admin, req)
                .await
                .map(Response::into_inner),
            Backend::Remote(remote) => Ok(remote
                .admin
                .clone()
                .stream_events(req)
                .await?
                .into_inner()
                .boxed()),
        }
    }

    pub(crate) async fn get_job_run_logs(
        &self,
        meta: &CallMeta,
        message: pb::GetJobRunLogsRequest,
    ) -> Result<LogStream, Status> {
        let req = self.request(meta, message);
        match self {
            Backend::Local { admin, .. } => AdminService::get_job_run_logs(admin, req)
                .await
                .map(Response::into_inner),
            Backend::Remote(remote) => Ok(remote
                .admin
                .clone()
                .get_job_run_logs(req)
                .await?
                .into_inner()
                .boxed()),
        }
    }

    pub(crate) async fn export_audit_events(
        &self,
        meta: &CallMeta,
        message: pb::ExportAuditEventsRequest,
    ) -> Result<AuditStream, Status> {
        let req = self.request(meta, message);
        match self {
            Backend::Local { admin, .. } => AdminService::export_audit_events(admin, req)
                .await
                .map(Response::into_inner),
            Backend::Remote(remote) => Ok(remote
                .admin
                .clone()
                .export_audit_events(req)
                .await?
                .into_inner()
                .boxed()),
        }
    }
}

macro_rules! unary {
    ($( $service:ident :: $method:ident ( $req:ty ) -> $resp:ty ; )*) => {
        impl Backend {
            $(
                pub(crate) async fn $method(&self, meta: &CallMeta, message: $req) -> Result<$resp, Status> {
                    let req = self.request(meta, message);
                    unary!(@call $service, self, $method, req)
                }
            )*
        }
    };
    (@call Admin, $self:ident, $method:ident, $req:ident) => {
        match $self {
            Backend::Local { admin, .. } => AdminService::$method(admin, $req).await.map(Response::into_inner),
            Backend::Remote(remote) => remote.admin.clone().$method($req).await.map(Response::into_inner),
        }
    };
    (@call Task, $self:ident, $method:ident, $req:ident) => {
        match $self {
            Backend::Local { tasks, .. } => TaskService::$method(tasks, $req).await.map(Response::into_inner),
            Backend::Remote(remote) => remote.tasks.clone().$method($req).await.map(Response::into_inner),
        }
    };
}

unary! {
    Admin::get_health(pb::GetHealthRequest) -> pb::GetHealthResponse;
    Admin::get_overview(pb::GetOverviewRequest) -> pb::GetOverviewResponse;
    Admin::list_queues(pb::ListQueuesRequest) -> pb::ListQueuesResponse;
    Admin::get_queue(pb::GetQueueRequest) -> pb::GetQueueResponse;
    Admin::update_queue_weight(pb::UpdateQueueWeightRequest) -> pb::UpdateQueueWeightResponse;
    Admin::reset_queue_weight(pb::ResetQueueWeightRequest) -> pb::ResetQueueWeightResponse;
    Admin::pause_queue(pb::PauseQueueRequest) -> pb::PauseQueueResponse;
    Admin::list_jobs(pb::ListJobsRequest) -> pb::ListJobsResponse;
    Admin::list_job_events(pb::ListJobEventsRequest) -> pb::ListJobEventsResponse;
    Admin::list_audit_events(pb::ListAuditEventsRequest) -> pb::ListAuditEventsResponse;
    Admin::get_job(pb::GetJobRequest) -> pb::GetJobResponse;
    Admin::upsert_job(pb::UpsertJobRequest) -> pb::UpsertJobResponse;
    Admin::delete_job(pb::DeleteJobRequest) -> pb::DeleteJobResponse;
    Admin::run_job(pb::RunJobRequest) -> pb::RunJobResponse;
    Admin::list_schedule_factories(pb::ListScheduleFactoriesRequest) -> pb::ListScheduleFactoriesResponse;
    Admin::list_schedule_events(pb::ListScheduleEventsRequest) -> pb::ListScheduleEventsResponse;
    Admin::list_schedules(pb::ListSchedulesRequest) -> pb::ListSchedulesResponse;
    Admin::create_schedule(pb::CreateScheduleRequest) -> pb::CreateScheduleResponse;
    Admin::delete_schedule(pb::DeleteScheduleRequest) -> pb::DeleteScheduleResponse;
    Admin::pause_schedule(pb::PauseScheduleRequest) -> pb::PauseScheduleResponse;
    Admin::run_schedule(pb::RunScheduleRequest) -> pb::RunScheduleResponse;
    Admin::pause_schedules(pb::PauseSchedulesRequest) -> pb::PauseSchedulesResponse;
    Admin::get_schedule(pb::GetScheduleRequest) -> pb::GetScheduleResponse;
    Admin::list_dlq(pb::ListDlqRequest) -> pb::ListDlqResponse;
    Admin::get_dlq_entry(pb::GetDlqEntryRequest) -> pb::GetDlqEntryResponse;
    Admin::pause_dequeue(pb::PauseDequeueRequest) -> pb::PauseDequeueResponse;
    Admin::resume_dequeue(pb::ResumeDequeueRequest) -> pb::ResumeDequeueResponse;
    Admin::replay_dlq(pb::ReplayDlqRequest) -> pb::ReplayDlqResponse;
    Admin::replay_dlq_by_id(pb::ReplayDlqByIdRequest) -> pb::ReplayDlqByIdResponse;
    Admin::list_tasks(pb::ListTasksRequest) -> pb::ListTasksResponse;
    Admin::get_task(pb::GetTaskRequest) -> pb::GetTaskResponse;
    Admin::cancel_task(pb::CancelTaskRequest) -> pb::CancelTaskResponse;
    Admin::retry_task(pb::RetryTaskRequest) -> pb::RetryTaskResponse;
    Admin::list_workers(pb::ListWorkersRequest) -> pb::ListWorkersResponse;
    Admin::get_worker(pb::GetWorkerRequest) -> pb::GetWorkerResponse;
    Admin::recycle_worker(pb::RecycleWorkerRequest) -> pb::RecycleWorkerResponse;
    Admin::list_stuck_tasks(pb::ListStuckTasksRequest) -> pb::ListStuckTasksResponse;
    Admin::verify_audit_chain(pb::VerifyAuditChainRequest) -> pb::VerifyAuditChainResponse;
    Admin::list_dlq_groups(pb::ListDlqGroupsRequest) -> pb::ListDlqGroupsResponse;
    Admin::list_job_runs(pb::ListJobRunsRequest) -> pb::ListJobRunsResponse;
    Admin::get_job_run(pb::GetJobRunRequest) -> pb::GetJobRunResponse;
    Admin::cancel_job_run(pb::CancelJobRunRequest) -> pb::CancelJobRunResponse;
    Admin::delete_tasks(pb::DeleteTasksRequest) -> pb::DeleteTasksResponse;
    Admin::delete_dlq(pb::DeleteDlqRequest) -> pb::DeleteDlqResponse;
    Admin::delete_queue(pb::DeleteQueueRequest) -> pb::DeleteQueueResponse;
    Admin::get_queue_history(pb::GetQueueHistoryRequest) -> pb::GetQueueHistoryResponse;
    Admin::start_bulk_operation(pb::StartBulkOperationRequest) -> pb::StartBulkOperationResponse;
    Admin::get_bulk_operation(pb::GetBulkOperationRequest) -> pb::GetBulkOperationResponse;
    Admin::list_bulk_operations(pb::ListBulkOperationsRequest) -> pb::ListBulkOperationsResponse;
    Admin::cancel_bulk_operation(pb::CancelBulkOperationRequest) -> pb::CancelBulkOperationResponse;
    Admin::resume_bulk_operation(pb::ResumeBulkOperationRequest) -> pb::ResumeBulkOperationResponse;
    Task::enqueue(pb::EnqueueRequest) -> pb::EnqueueResponse;
}
