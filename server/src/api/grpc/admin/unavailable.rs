//! Schedule and job RPCs. They come with their own feature; until then each is refused clearly
//! with `Unimplemented` and reason `feature_unavailable` (after authorization, and audited when
//! it would mutate).

use std::collections::BTreeMap;

use prost::Message;
use tonic::Request;
use worker_proto::v1 as pb;

use crate::api::auth::Op;
use crate::api::grpc::AdminApi;
use crate::api::grpc::call::Answer;
use crate::api::grpc::status;

async fn unavailable<T: Message, R>(
    api: &AdminApi,
    req: Request<T>,
    op: Op,
    target: &str,
) -> Answer<R> {
    if op.audit_action().is_some() {
        api.mutation(req, op, target, BTreeMap::new(), |_, _| async move {
            Err::<(R, String), _>(status::feature_unavailable(op))
        })
        .await
    } else {
        api.query(req, op, |_, _| async move {
            Err(status::feature_unavailable(op))
        })
        .await
    }
}

pub(super) async fn list_jobs(
    api: &AdminApi,
    req: Request<pb::ListJobsRequest>,
) -> Answer<pb::ListJobsResponse> {
    unavailable(api, req, Op::ListJobs, "").await
}

pub(super) async fn list_job_events(
    api: &AdminApi,
    req: Request<pb::ListJobEventsRequest>,
) -> Answer<pb::ListJobEventsResponse> {
    unavailable(api, req, Op::ListJobEvents, "").await
}

pub(super) async fn get_job(
    api: &AdminApi,
    req: Request<pb::GetJobRequest>,
) -> Answer<pb::GetJobResponse> {
    unavailable(api, req, Op::GetJob, "").await
}

pub(super) async fn upsert_job(
    api: &AdminApi,
    req: Request<pb::UpsertJobRequest>,
) -> Answer<pb::UpsertJobResponse> {
    let name = req
        .get_ref()
        .spec
        .as_ref()
        .map(|s| s.name.clone())
        .unwrap_or_default();
    unavailable(api, req, Op::UpsertJob, &name).await
}

pub(super) async fn delete_job(
    api: &AdminApi,
    req: Request<pb::DeleteJobRequest>,
) -> Answer<pb::DeleteJobResponse> {
    let name = req.get_ref().name.clone();
    unavailable(api, req, Op::DeleteJob, &name).await
}

pub(super) async fn run_job(
    api: &AdminApi,
    req: Request<pb::RunJobRequest>,
) -> Answer<pb::RunJobResponse> {
    let name = req.get_ref().name.clone();
    unavailable(api, req, Op::RunJob, &name).await
}

pub(super) async fn list_schedule_factories(
    api: &AdminApi,
    req: Request<pb::ListScheduleFactoriesRequest>,
) -> Answer<pb::ListScheduleFactoriesResponse> {
    unavailable(api, req, Op::ListScheduleFactories, "").await
}

pub(super) async fn list_schedule_events(
    api: &AdminApi,
    req: Request<pb::ListScheduleEventsRequest>,
) -> Answer<pb::ListScheduleEventsResponse> {
    unavailable(api, req, Op::ListScheduleEvents, "").await
}

pub(super) async fn list_schedules(
    api: &AdminApi,
    req: Request<pb::ListSchedulesRequest>,
) -> Answer<pb::ListSchedulesResponse> {
    unavailable(api, req, Op::ListSchedules, "").await
}

pub(super) async fn get_schedule(
    api: &AdminApi,
    req: Request<pb::GetScheduleRequest>,
) -> Answer<pb::GetScheduleResponse> {
    unavailable(api, req, Op::GetSchedule, "").await
}

pub(super) async fn create_schedule(
    api: &AdminApi,
    req: Request<pb::CreateScheduleRequest>,
) -> Answer<pb::CreateScheduleResponse> {
    let name = req.get_ref().name.clone();
    unavailable(api, req, Op::CreateSchedule, &name).await
}

pub(super) async fn delete_schedule(
    api: &AdminApi,
    req: Request<pb::DeleteScheduleRequest>,
) -> Answer<pb::DeleteScheduleResponse> {
    let name = req.get_ref().name.clone();
    unavailable(api, req, Op::DeleteSchedule, &name).await
}

pub(super) async fn pause_schedule(
    api: &AdminApi,
    req: Request<pb::PauseScheduleRequest>,
) -> Answer<pb::PauseScheduleResponse> {
    let name = req.get_ref().name.clone();
    unavailable(api, req, Op::PauseSchedule, &name).await
}

pub(super) async fn run_schedule(
    api: &AdminApi,
    req: Request<pb::RunScheduleRequest>,
) -> Answer<pb::RunScheduleResponse> {
    let name = req.get_ref().name.clone();
    unavailable(api, req, Op::RunSchedule, &name).await
}

pub(super) async fn pause_schedules(
    api: &AdminApi,
    req: Request<pb::PauseSchedulesRequest>,
) -> Answer<pb::PauseSchedulesResponse> {
    unavailable(api, req, Op::PauseSchedules, "*").await
}
