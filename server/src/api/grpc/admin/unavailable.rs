//! Job RPCs. They come with their own feature; until then each is refused clearly with
//! `Unimplemented` and reason `feature_unavailable` (after authorization, and audited when it
//! would mutate).

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
