//! Bulk actions by filter: start or dry-run, list, get, cancel, resume.

use axum::Json;
use axum::extract::State;
use worker_proto::v1 as pb;

use crate::api::http::Gateway;
use crate::api::http::extract::{Body, Caller, Name, Params};
use crate::api::http::json::{BulkBody, BulkEnvelope, BulkList, BulkStarted};
use crate::api::http::routes::Answer;

pub(super) const LIST_QUERY: &[(&str, &str, &str)] = &[(
    "limit",
    "integer",
    "Operations, newest first (default 50, at most 500).",
)];

pub(super) async fn start(
    State(gw): State<Gateway>,
    c: Caller,
    Body(b): Body<BulkBody>,
) -> Answer<BulkStarted> {
    let request = b.request()?;
    let r = gw.backend().start_bulk_operation(&c.0, request).await?;
    Ok(Json(r.into()))
}

pub(super) async fn list(State(gw): State<Gateway>, c: Caller, p: Params) -> Answer<BulkList> {
    let limit = p.limit("limit", 50)?.min(500) as i32;
    let r = gw
        .backend()
        .list_bulk_operations(&c.0, pb::ListBulkOperationsRequest { limit })
        .await?;
    Ok(Json(BulkList {
        operations: r.operations.into_iter().map(Into::into).collect(),
    }))
}

pub(super) async fn get(
    State(gw): State<Gateway>,
    c: Caller,
    Name(id): Name,
) -> Answer<BulkEnvelope> {
    let r = gw
        .backend()
        .get_bulk_operation(&c.0, pb::GetBulkOperationRequest { id })
        .await?;
    Ok(Json(BulkEnvelope {
        operation: r.operation.map(Into::into),
    }))
}

pub(super) async fn cancel(
    State(gw): State<Gateway>,
    c: Caller,
    Name(id): Name,
) -> Answer<BulkEnvelope> {
    let r = gw
        .backend()
        .cancel_bulk_operation(&c.0, pb::CancelBulkOperationRequest { id })
        .await?;
    Ok(Json(BulkEnvelope {
        operation: r.operation.map(Into::into),
    }))
}

pub(super) async fn resume(
    State(gw): State<Gateway>,
    c: Caller,
    Name(id): Name,
) -> Answer<BulkEnvelope> {
    let r = gw
        .backend()
        .resume_bulk_operation(&c.0, pb::ResumeBulkOperationRequest { id })
        .await?;
    Ok(Json(BulkEnvelope {
        operation: r.operation.map(Into::into),
    }))
}
