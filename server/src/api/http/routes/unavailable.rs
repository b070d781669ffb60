//! The job routes, served before that feature exists: each answers 501
//! (`feature_unavailable`).

use axum::Json;
use axum::extract::State;
use worker_proto::v1 as pb;

use crate::api::auth::Op;
use crate::api::grpc::status;
use crate::api::http::Gateway;
use crate::api::http::error::ApiError;
use crate::api::http::extract::{Caller, Name, OptionalBody, Params};
use crate::api::http::routes::allow;

pub(super) const NAME_LIMIT_QUERY: &[(&str, &str, &str)] = &[
    ("name", "string", "Only this name."),
    ("limit", "integer", "Events (default 200)."),
];

/// Answered as the service answers its schedule and job RPCs, so the envelope reads the same.
fn unavailable(what: &str) -> ApiError {
    ApiError::from(status::with_reason(
        tonic::Code::Unimplemented,
        "feature_unavailable",
        format!("{what} is part of jobs, which this server does not offer yet"),
    ))
}

// Jobs: forwarded, so permissions and audit apply; the server answers 501.

pub(super) async fn list_jobs(State(gw): State<Gateway>, c: Caller) -> Result<Json<()>, ApiError> {
    gw.backend().list_jobs(&c.0, pb::ListJobsRequest {}).await?;
    Ok(Json(()))
}

pub(super) async fn upsert_job(
    State(gw): State<Gateway>,
    c: Caller,
    OptionalBody(_): OptionalBody<serde_json::Value>,
) -> Result<Json<()>, ApiError> {
    gw.backend()
        .upsert_job(&c.0, pb::UpsertJobRequest::default())
        .await?;
    Ok(Json(()))
}

pub(super) async fn get_job(
    State(gw): State<Gateway>,
    c: Caller,
    Name(name): Name,
) -> Result<Json<()>, ApiError> {
    gw.backend()
        .get_job(&c.0, pb::GetJobRequest { name })
        .await?;
    Ok(Json(()))
}

pub(super) async fn delete_job(
    State(gw): State<Gateway>,
    c: Caller,
    Name(name): Name,
) -> Result<Json<()>, ApiError> {
    gw.backend()
        .delete_job(&c.0, pb::DeleteJobRequest { name })
        .await?;
    Ok(Json(()))
}

pub(super) async fn run_job(
    State(gw): State<Gateway>,
    c: Caller,
    Name(name): Name,
) -> Result<Json<()>, ApiError> {
    gw.backend()
        .run_job(&c.0, pb::RunJobRequest { name })
        .await?;
    Ok(Json(()))
}

pub(super) async fn job_events(
    State(gw): State<Gateway>,
    c: Caller,
    p: Params,
) -> Result<Json<()>, ApiError> {
    gw.backend()
        .list_job_events(
            &c.0,
            pb::ListJobEventsRequest {
                name: p.text("name"),
                limit: p.limit("limit", 200)?.min(i64::from(i32::MAX)) as i32,
            },
        )
        .await?;
    Ok(Json(()))
}

pub(super) async fn artifact(c: Caller, Name(_): Name) -> Result<Json<()>, ApiError> {
    allow(Op::GetJob, &c)?;
    Err(unavailable("Job artifacts"))
}
