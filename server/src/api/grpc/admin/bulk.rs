//! Bulk actions by filter: start (or dry-run), get, list, cancel and resume operations. The
//! `Op` row of a start is chosen by its request (`Op::bulk_start`): a dry run is a read that
//! needs no approval and writes no audit entry; a real run needs what its action's single form
//! needs, and its record commits with its audit entry. Resuming needs the action's row too.

use tonic::Request;
use worker_proto::v1 as pb;

use crate::api::auth::{self, ApprovalPolicy, Op};
use crate::api::grpc::AdminApi;
use crate::api::grpc::call::{Answer, meta};
use crate::api::grpc::convert::{bulk_filter, bulk_operation, bulk_sample};
use crate::api::grpc::parse::page_limit;
use crate::api::grpc::status::{self, engine_err, invalid};
use crate::engine::bulk::{BULK_BATCH_DEFAULT, BULK_SAMPLE_MAX, BulkAction, BulkFilter};

/// An operation id: a UUID as the server makes them; anything else cannot name one.
fn op_id(id: &str) -> Result<String, tonic::Status> {
    let id = id.trim();
    uuid::Uuid::parse_str(id)
        .map(|u| u.to_string())
        .map_err(|_| {
            invalid(
                "invalid_bulk_operation_id",
                "a bulk operation id is the UUID its start returned",
            )
        })
}

fn missing_filter() -> tonic::Status {
    invalid(
        "missing_filter",
        "name a filter (queue, handler, state, text, fingerprint, age), or ask for all explicitly",
    )
}

fn action(text: &str) -> Result<BulkAction, tonic::Status> {
    BulkAction::parse(text).map_err(engine_err)
}

/// The request's filter, refused when empty unless `all` says so.
fn filter_of(r: &pb::StartBulkOperationRequest) -> Result<BulkFilter, tonic::Status> {
    let filter = bulk_filter(r.filter.as_ref())?;
    if filter.is_empty() && !r.all {
        return Err(missing_filter());
    }
    Ok(filter)
}

pub(super) async fn start_bulk_operation(
    api: &AdminApi,
    req: Request<pb::StartBulkOperationRequest>,
) -> Answer<pb::StartBulkOperationResponse> {
    let r = req.get_ref();
    let op = Op::bulk_start(r.action.trim(), r.dry_run);
    if r.dry_run {
        return api
            .query(req, op, |r, _| async move {
                let action = action(&r.action)?;
                let filter = filter_of(&r)?;
                let sample = match page_limit(r.sample_size)? {
                    0 => 10,
                    n => n.min(BULK_SAMPLE_MAX),
                };
                let preview = api
                    .engine
                    .bulk_preview(action, &filter, sample)
                    .await
                    .map_err(engine_err)?;
                Ok(pb::StartBulkOperationResponse {
                    operation: None,
                    dry_run: true,
                    matched: preview.matched.min(i64::MAX as u64) as i64,
                    sample: preview.sample.iter().map(bulk_sample).collect(),
                })
            })
            .await;
    }
    let filter_text = r
        .filter
        .as_ref()
        .and_then(|f| worker_proto::filter::Filter::from_message(f).ok())
        .map(|f| f.to_string())
        .unwrap_or_default();
    let metadata = meta([
        ("action", r.action.chars().take(64).collect()),
        ("filter", filter_text.chars().take(512).collect()),
        ("batch_size", r.batch_size.to_string()),
    ]);
    api.mutation(req, op, "*", metadata, |r, stamp| async move {
        let action = action(&r.action)?;
        let filter = filter_of(&r)?;
        let max = api.settings.replay_limit_max;
        let batch = match page_limit(r.batch_size)? {
            0 => BULK_BATCH_DEFAULT.min(max),
            n if n > max => {
                return Err(status::with_reason(
                    tonic::Code::ResourceExhausted,
                    "bulk_batch_exceeded",
                    format!("batch size {n} is above this server's maximum of {max}"),
                ));
            }
            n => n,
        };
        let audit = stamp.entry(None, format!("started: {{matched}} matched by {action}"));
        let started = api
            .engine
            .start_bulk(action, filter, batch, audit)
            .await
            .map_err(engine_err)?;
        let detail = format!("started {}: {} matched", started.id, started.matched);
        Ok((
            pb::StartBulkOperationResponse {
                matched: started.matched.min(i64::MAX as u64) as i64,
                operation: Some(bulk_operation(&started)),
                dry_run: false,
                sample: Vec::new(),
            },
            detail,
        ))
    })
    .await
}

pub(super) async fn get_bulk_operation(
    api: &AdminApi,
    req: Request<pb::GetBulkOperationRequest>,
) -> Answer<pb::GetBulkOperationResponse> {
    api.query(req, Op::GetBulkOperation, |r, _| async move {
        let id = op_id(&r.id)?;
        let op = api.engine.get_bulk(&id).await.map_err(engine_err)?;
        Ok(pb::GetBulkOperationResponse {
            operation: Some(bulk_operation(&op)),
        })
    })
    .await
}

pub(super) async fn list_bulk_operations(
    api: &AdminApi,
    req: Request<pb::ListBulkOperationsRequest>,
) -> Answer<pb::ListBulkOperationsResponse> {
    api.query(req, Op::ListBulkOperations, |r, _| async move {
        let limit = page_limit(r.limit)?;
        let ops = api.engine.list_bulk(limit).await.map_err(engine_err)?;
        Ok(pb::ListBulkOperationsResponse {
            operations: ops.iter().map(bulk_operation).collect(),
        })
    })
    .await
}

pub(super) async fn cancel_bulk_operation(
    api: &AdminApi,
    req: Request<pb::CancelBulkOperationRequest>,
) -> Answer<pb::CancelBulkOperationResponse> {
    let target = req.get_ref().id.clone();
    api.mutation(
        req,
        Op::CancelBulkOperation,
        &target,
        Default::default(),
        |r, stamp| async move {
            let id = op_id(&r.id)?;
            let audit = stamp.entry(None, format!("cancelled {id}"));
            let op = api
                .engine
                .cancel_bulk(&id, audit)
                .await
                .map_err(engine_err)?;
            let detail = format!("cancelled {id} after {} processed", op.processed);
            Ok((
                pb::CancelBulkOperationResponse {
                    operation: Some(bulk_operation(&op)),
                },
                detail,
            ))
        },
    )
    .await
}

pub(super) async fn resume_bulk_operation(
    api: &AdminApi,
    req: Request<pb::ResumeBulkOperationRequest>,
) -> Answer<pb::ResumeBulkOperationResponse> {
    let target = req.get_ref().id.clone();
    api.mutation(
        req,
        Op::ResumeBulkOperation,
        &target,
        Default::default(),
        |r, stamp| async move {
            let id = op_id(&r.id)?;
            // Resuming does what starting did: the action's own row decides who may.
            let current = api.engine.get_bulk(&id).await.map_err(engine_err)?;
            let row = Op::bulk_start(current.action.name(), false);
            auth::authorize(row, &stamp, None, &ApprovalPolicy::default())
                .map_err(|refusal| status::from_refusal(&refusal, row, &stamp))?;
            let audit = stamp.entry(None, format!("resumed {id}"));
            let op = api
                .engine
                .resume_bulk(&id, audit)
                .await
                .map_err(engine_err)?;
            let detail = format!("resumed {id} at {} processed", op.processed);
            Ok((
                pb::ResumeBulkOperationResponse {
                    operation: Some(bulk_operation(&op)),
                },
                detail,
            ))
        },
    )
    .await
}
