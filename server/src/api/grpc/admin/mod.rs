//! `worker.v1.AdminService` over the engine: one line per RPC, delegating to the module of its
//! domain, where each handler runs through the call pipeline (`call.rs`) around one engine call.

mod audit;
mod bulk;
mod deletes;
mod dlq;
mod events;
mod health;
mod history;
mod jobs;
mod queues;
mod schedules;
pub(super) mod tasks;
mod workers;

use std::sync::Arc;

use tonic::Request;
use worker_proto::v1 as pb;
use worker_proto::v1::admin_service_server::AdminService;

use crate::api::auth::Op;
use crate::api::grpc::ApiSettings;
use crate::api::grpc::call::{Answer, ServerStream};
use crate::engine::Engine;

/// The admin API; `Clone` is cheap.
#[derive(Clone)]
pub struct AdminApi {
    engine: Engine,
    settings: Arc<ApiSettings>,
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

    pub(crate) fn settings(&self) -> &ApiSettings {
        &self.settings
    }
}

#[tonic::async_trait]
impl AdminService for AdminApi {
    async fn get_health(
        &self,
        req: Request<pb::GetHealthRequest>,
    ) -> Answer<pb::GetHealthResponse> {
        health::get_health(self, req).await
    }

    async fn get_overview(
        &self,
        req: Request<pb::GetOverviewRequest>,
    ) -> Answer<pb::GetOverviewResponse> {
        health::get_overview(self, req).await
    }

    async fn list_queues(
        &self,
        req: Request<pb::ListQueuesRequest>,
    ) -> Answer<pb::ListQueuesResponse> {
        queues::list_queues(self, req).await
    }

    async fn get_queue(&self, req: Request<pb::GetQueueRequest>) -> Answer<pb::GetQueueResponse> {
        queues::get_queue(self, req).await
    }

    async fn update_queue_weight(
        &self,
        req: Request<pb::UpdateQueueWeightRequest>,
    ) -> Answer<pb::UpdateQueueWeightResponse> {
        queues::update_queue_weight(self, req).await
    }

    async fn reset_queue_weight(
        &self,
        req: Request<pb::ResetQueueWeightRequest>,
    ) -> Answer<pb::ResetQueueWeightResponse> {
        queues::reset_queue_weight(self, req).await
    }

    async fn pause_queue(
        &self,
        req: Request<pb::PauseQueueRequest>,
    ) -> Answer<pb::PauseQueueResponse> {
        queues::pause_queue(self, req).await
    }

    async fn list_jobs(&self, req: Request<pb::ListJobsRequest>) -> Answer<pb::ListJobsResponse> {
        jobs::list_jobs(self, req).await
    }

    async fn list_job_events(
        &self,
        req: Request<pb::ListJobEventsRequest>,
    ) -> Answer<pb::ListJobEventsResponse> {
        jobs::list_job_events(self, req).await
    }

    async fn list_audit_events(
        &self,
        req: Request<pb::ListAuditEventsRequest>,
    ) -> Answer<pb::ListAuditEventsResponse> {
        audit::list_audit_events(self, req).await
    }

    async fn get_job(&self, req: Request<pb::GetJobRequest>) -> Answer<pb::GetJobResponse> {
        jobs::get_job(self, req).await
    }

    async fn upsert_job(
        &self,
        req: Request<pb::UpsertJobRequest>,
    ) -> Answer<pb::UpsertJobResponse> {
        jobs::upsert_job(self, req).await
    }

    async fn delete_job(
        &self,
        req: Request<pb::DeleteJobRequest>,
    ) -> Answer<pb::DeleteJobResponse> {
        jobs::delete_job(self, req).await
    }

    async fn run_job(&self, req: Request<pb::RunJobRequest>) -> Answer<pb::RunJobResponse> {
        jobs::run_job(self, req).await
    }

    async fn list_schedule_factories(
        &self,
        req: Request<pb::ListScheduleFactoriesRequest>,
    ) -> Answer<pb::ListScheduleFactoriesResponse> {
        schedules::list_schedule_factories(self, req).await
    }

    async fn list_schedule_events(
        &self,
        req: Request<pb::ListScheduleEventsRequest>,
    ) -> Answer<pb::ListScheduleEventsResponse> {
        schedules::list_schedule_events(self, req).await
    }

    async fn list_schedules(
        &self,
        req: Request<pb::ListSchedulesRequest>,
    ) -> Answer<pb::ListSchedulesResponse> {
        schedules::list_schedules(self, req).await
    }

    async fn get_schedule(
        &self,
        req: Request<pb::GetScheduleRequest>,
    ) -> Answer<pb::GetScheduleResponse> {
        schedules::get_schedule(self, req).await
    }

    async fn create_schedule(
        &self,
        req: Request<pb::CreateScheduleRequest>,
    ) -> Answer<pb::CreateScheduleResponse> {
        schedules::create_schedule(self, req).await
    }

    async fn delete_schedule(
        &self,
        req: Request<pb::DeleteScheduleRequest>,
    ) -> Answer<pb::DeleteScheduleResponse> {
        schedules::delete_schedule(self, req).await
    }

    async fn pause_schedule(
        &self,
        req: Request<pb::PauseScheduleRequest>,
    ) -> Answer<pb::PauseScheduleResponse> {
        schedules::pause_schedule(self, req).await
    }

    async fn run_schedule(
        &self,
        req: Request<pb::RunScheduleRequest>,
    ) -> Answer<pb::RunScheduleResponse> {
        schedules::run_schedule(self, req).await
    }

    async fn pause_schedules(
        &self,
        req: Request<pb::PauseSchedulesRequest>,
    ) -> Answer<pb::PauseSchedulesResponse> {
        schedules::pause_schedules(self, req).await
    }

    async fn list_dlq(&self, req: Request<pb::ListDlqRequest>) -> Answer<pb::ListDlqResponse> {
        dlq::list_dlq(self, req).await
    }

    async fn get_dlq_entry(
        &self,
        req: Request<pb::GetDlqEntryRequest>,
    ) -> Answer<pb::GetDlqEntryResponse> {
        dlq::get_dlq_entry(self, req).await
    }

    async fn pause_dequeue(
        &self,
        req: Request<pb::PauseDequeueRequest>,
    ) -> Answer<pb::PauseDequeueResponse> {
        queues::pause_dequeue(self, req).await
    }

    async fn resume_dequeue(
        &self,
        req: Request<pb::ResumeDequeueRequest>,
    ) -> Answer<pb::ResumeDequeueResponse> {
        queues::resume_dequeue(self, req).await
    }

    async fn replay_dlq(
        &self,
        req: Request<pb::ReplayDlqRequest>,
    ) -> Answer<pb::ReplayDlqResponse> {
        dlq::replay_dlq(self, req).await
    }

    async fn replay_dlq_by_id(
        &self,
        req: Request<pb::ReplayDlqByIdRequest>,
    ) -> Answer<pb::ReplayDlqByIdResponse> {
        dlq::replay_dlq_by_id(self, req).await
    }

    type StreamEventsStream = ServerStream<pb::AdminEvent>;

    async fn stream_events(
        &self,
        req: Request<pb::StreamEventsRequest>,
    ) -> Answer<Self::StreamEventsStream> {
        events::stream_events(self, req).await
    }

    async fn list_tasks(
        &self,
        req: Request<pb::ListTasksRequest>,
    ) -> Answer<pb::ListTasksResponse> {
        tasks::list_tasks(self, req).await
    }

    async fn get_task(&self, req: Request<pb::GetTaskRequest>) -> Answer<pb::GetTaskResponse> {
        tasks::get_task(self, req, Op::GetTask).await
    }

    async fn cancel_task(
        &self,
        req: Request<pb::CancelTaskRequest>,
    ) -> Answer<pb::CancelTaskResponse> {
        tasks::cancel_task(self, req).await
    }

    async fn retry_task(
        &self,
        req: Request<pb::RetryTaskRequest>,
    ) -> Answer<pb::RetryTaskResponse> {
        tasks::retry_task(self, req).await
    }

    async fn list_workers(
        &self,
        req: Request<pb::ListWorkersRequest>,
    ) -> Answer<pb::ListWorkersResponse> {
        workers::list_workers(self, req).await
    }

    async fn get_worker(
        &self,
        req: Request<pb::GetWorkerRequest>,
    ) -> Answer<pb::GetWorkerResponse> {
        workers::get_worker(self, req).await
    }

    async fn recycle_worker(
        &self,
        req: Request<pb::RecycleWorkerRequest>,
    ) -> Answer<pb::RecycleWorkerResponse> {
        workers::recycle_worker(self, req).await
    }

    async fn list_stuck_tasks(
        &self,
        req: Request<pb::ListStuckTasksRequest>,
    ) -> Answer<pb::ListStuckTasksResponse> {
        workers::list_stuck_tasks(self, req).await
    }

    type ExportAuditEventsStream = ServerStream<pb::AuditEvent>;

    async fn export_audit_events(
        &self,
        req: Request<pb::ExportAuditEventsRequest>,
    ) -> Answer<Self::ExportAuditEventsStream> {
        audit::export_audit_events(self, req).await
    }

    async fn verify_audit_chain(
        &self,
        req: Request<pb::VerifyAuditChainRequest>,
    ) -> Answer<pb::VerifyAuditChainResponse> {
        audit::verify_audit_chain(self, req).await
    }

    async fn list_dlq_groups(
        &self,
        req: Request<pb::ListDlqGroupsRequest>,
    ) -> Answer<pb::ListDlqGroupsResponse> {
        dlq::list_dlq_groups(self, req).await
    }

    async fn list_job_runs(
        &self,
        req: Request<pb::ListJobRunsRequest>,
    ) -> Answer<pb::ListJobRunsResponse> {
        jobs::list_job_runs(self, req).await
    }

    async fn get_job_run(
        &self,
        req: Request<pb::GetJobRunRequest>,
    ) -> Answer<pb::GetJobRunResponse> {
        jobs::get_job_run(self, req).await
    }

    type GetJobRunLogsStream = ServerStream<pb::JobLogChunk>;

    async fn get_job_run_logs(
        &self,
        req: Request<pb::GetJobRunLogsRequest>,
    ) -> Answer<Self::GetJobRunLogsStream> {
        jobs::get_job_run_logs(self, req).await
    }

    async fn cancel_job_run(
        &self,
        req: Request<pb::CancelJobRunRequest>,
    ) -> Answer<pb::CancelJobRunResponse> {
        jobs::cancel_job_run(self, req).await
    }

    async fn delete_tasks(
        &self,
        req: Request<pb::DeleteTasksRequest>,
    ) -> Answer<pb::DeleteTasksResponse> {
        deletes::delete_tasks(self, req).await
    }

    async fn delete_dlq(
        &self,
        req: Request<pb::DeleteDlqRequest>,
    ) -> Answer<pb::DeleteDlqResponse> {
        deletes::delete_dlq(self, req).await
    }

    async fn delete_queue(
        &self,
        req: Request<pb::DeleteQueueRequest>,
    ) -> Answer<pb::DeleteQueueResponse> {
        deletes::delete_queue(self, req).await
    }

    async fn get_queue_history(
        &self,
        req: Request<pb::GetQueueHistoryRequest>,
    ) -> Answer<pb::GetQueueHistoryResponse> {
        history::get_queue_history(self, req).await
    }

    async fn start_bulk_operation(
        &self,
        req: Request<pb::StartBulkOperationRequest>,
    ) -> Answer<pb::StartBulkOperationResponse> {
        bulk::start_bulk_operation(self, req).await
    }

    async fn get_bulk_operation(
        &self,
        req: Request<pb::GetBulkOperationRequest>,
    ) -> Answer<pb::GetBulkOperationResponse> {
        bulk::get_bulk_operation(self, req).await
    }

    async fn list_bulk_operations(
        &self,
        req: Request<pb::ListBulkOperationsRequest>,
    ) -> Answer<pb::ListBulkOperationsResponse> {
        bulk::list_bulk_operations(self, req).await
    }

    async fn cancel_bulk_operation(
        &self,
        req: Request<pb::CancelBulkOperationRequest>,
    ) -> Answer<pb::CancelBulkOperationResponse> {
        bulk::cancel_bulk_operation(self, req).await
    }

    async fn resume_bulk_operation(
        &self,
        req: Request<pb::ResumeBulkOperationRequest>,
    ) -> Answer<pb::ResumeBulkOperationResponse> {
        bulk::resume_bulk_operation(self, req).await
    }
}
