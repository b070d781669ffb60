//! Auditing mutating requests the gateway refuses itself (malformed JSON, a wrong content type,
//! a cross-site write, a bad name or body), which never reach the gRPC pipeline on their own.
//!
//! The refusal is handed to the pipeline as the route's own RPC, marked refused (metadata
//! [`REFUSED_HEADER`]): the pipeline authorizes it as usual (a viewer's attempt is audited as
//! `PermissionDenied`), then refuses it without running and audits it through the same
//! coalescing as any refusal. Because it goes through the `Backend`, the same code audits in
//! process (`Local`) and on a remote `workerd` (`Remote`, identity forwarded).

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use worker_proto::v1 as pb;

use crate::api::auth::{self, Identity, Op};
use crate::api::http::Gateway;
use crate::api::http::backend::CallMeta;
use crate::api::http::error::ApiError;
use crate::api::http::extract::RequestId;

/// Metadata marking a call the gateway refused: `<http status> <reason> <message>`.
pub use auth::GATEWAY_REFUSED_HEADER as REFUSED_HEADER;

/// The RPC a mutating route calls, and the name or id in its path.
pub(crate) fn op_for(method: &Method, path: &str) -> Option<(Op, String)> {
    let rest = path.strip_prefix(crate::api::http::openapi::PREFIX)?;
    let parts: Vec<&str> = rest.trim_matches('/').split('/').collect();
    let name = |i: usize| parts.get(i).map_or_else(String::new, |s| (*s).to_string());
    let op = match (method.as_str(), parts.as_slice()) {
        ("POST", ["queues", _, "weight"]) => Op::UpdateQueueWeight,
        ("DELETE", ["queues", _, "weight"]) => Op::ResetQueueWeight,
        ("POST", ["queues", _, "pause"]) => Op::PauseQueue,
        ("POST", ["schedules"]) => return Some((Op::CreateSchedule, String::new())),
        ("POST", ["schedules", "pause"]) => return Some((Op::PauseSchedules, String::new())),
        ("DELETE", ["schedules", _]) => Op::DeleteSchedule,
        ("POST", ["schedules", _, "pause"]) => Op::PauseSchedule,
        ("POST", ["schedules", _, "run"]) => Op::RunSchedule,
        ("POST", ["dlq", "replay"]) => return Some((Op::ReplayDlq, String::new())),
        ("POST", ["dlq", "replay", "ids"]) => return Some((Op::ReplayDlqById, String::new())),
        ("POST", ["pause"]) => return Some((Op::PauseDequeue, String::new())),
        ("POST", ["resume"]) => return Some((Op::ResumeDequeue, String::new())),
        ("POST", ["tasks"]) => return Some((Op::Enqueue, String::new())),
        ("POST", ["tasks", _, "cancel"]) => Op::CancelTask,
        ("POST", ["tasks", _, "retry"]) => Op::RetryTask,
        ("POST", ["workers", _, "recycle"]) => Op::RecycleWorker,
        ("POST", ["jobs"]) => return Some((Op::UpsertJob, String::new())),
        ("DELETE", ["jobs", _]) => Op::DeleteJob,
        ("POST", ["jobs", "runs", _, "cancel"]) => return Some((Op::CancelJobRun, name(2))),
        ("POST", ["jobs", _, "run"]) => Op::RunJob,
        ("POST", ["tasks", "delete"]) => return Some((Op::DeleteTasks, String::new())),
        ("POST", ["dlq", "delete"]) => return Some((Op::DeleteDlq, String::new())),
        ("DELETE", ["dlq", _]) => Op::DeleteDlq,
        ("DELETE", ["queues", _]) => Op::DeleteQueue,
        ("POST", ["bulk"]) => return Some((Op::StartBulkOperation, String::new())),
        ("POST", ["bulk", _, "cancel"]) => Op::CancelBulkOperation,
        ("POST", ["bulk", _, "resume"]) => Op::ResumeBulkOperation,
        _ => return None,
    };
    Some((op, name(1)))
}

/// Middleware inside the envelope: a mutating request the gateway answered with 4xx by itself
/// is handed to the pipeline to be audited (one that reached the pipeline was audited there).
pub(crate) async fn audit(State(gateway): State<Gateway>, req: Request, next: Next) -> Response {
    let Some((op, name)) = op_for(req.method(), req.uri().path()) else {
        return next.run(req).await;
    };
    let identity = req
        .extensions()
        .get::<Identity>()
        .cloned()
        .unwrap_or_else(Identity::anonymous);
    let request_id = req
        .extensions()
        .get::<RequestId>()
        .map(|r| r.0.clone())
        .unwrap_or_else(|| auth::clean_request_id(None));
    let approval = req
        .headers()
        .get(auth::APPROVAL_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let response = next.run(req).await;
    let status = response.status();
    if !status.is_client_error() {
        return response;
    }
    let (reason, message) = match response.extensions().get::<ApiError>() {
        Some(err) if err.upstream => return response,
        Some(err) => (err.reason.clone(), err.message.clone()),
        None => (
            status
                .canonical_reason()
                .unwrap_or("bad_request")
                .to_ascii_lowercase()
                .replace(' ', "_"),
            status.to_string(),
        ),
    };
    let meta = CallMeta {
        identity,
        request_id,
        approval,
        refused: Some(refused_value(status.as_u16(), &reason, &message)),
    };
    if let Err(e) = refuse(&gateway, &meta, op, name).await {
        // Expected: the pipeline answers the refusal it audited. Anything else is logged.
        if !matches!(
            e.code(),
            tonic::Code::InvalidArgument | tonic::Code::PermissionDenied
        ) {
            tracing::warn!(error = %e, rpc = %op, "could not audit a refused request");
        }
    }
    response
}

/// `<status> <reason> <message>` as metadata may carry it: visible ASCII, cut short.
fn refused_value(status: u16, reason: &str, message: &str) -> String {
    let text = format!("{status} {reason} {message}");
    text.chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '?'
            }
        })
        .take(200)
        .collect()
}

/// Calls `op` marked refused, with an empty request naming only the path's name or id.
async fn refuse(
    gateway: &Gateway,
    meta: &CallMeta,
    op: Op,
    name: String,
) -> Result<(), tonic::Status> {
    let b = gateway.backend();
    match op {
        Op::UpdateQueueWeight => b
            .update_queue_weight(meta, pb::UpdateQueueWeightRequest { name, weight: 0 })
            .await
            .map(drop),
        Op::ResetQueueWeight => b
            .reset_queue_weight(meta, pb::ResetQueueWeightRequest { name })
            .await
            .map(drop),
        Op::PauseQueue => b
            .pause_queue(meta, pb::PauseQueueRequest { name, paused: true })
            .await
            .map(drop),
        Op::CreateSchedule => b
            .create_schedule(meta, pb::CreateScheduleRequest::default())
            .await
            .map(drop),
        Op::PauseSchedules => b
            .pause_schedules(meta, pb::PauseSchedulesRequest::default())
            .await
            .map(drop),
        Op::DeleteSchedule => b
            .delete_schedule(meta, pb::DeleteScheduleRequest { name })
            .await
            .map(drop),
        Op::PauseSchedule => b
            .pause_schedule(
                meta,
                pb::PauseScheduleRequest {
                    name,
                    ..Default::default()
                },
            )
            .await
            .map(drop),
        Op::RunSchedule => b
            .run_schedule(meta, pb::RunScheduleRequest { name })
            .await
            .map(drop),
        Op::ReplayDlq => b
            .replay_dlq(meta, pb::ReplayDlqRequest::default())
            .await
            .map(drop),
        Op::ReplayDlqById => b
            .replay_dlq_by_id(meta, pb::ReplayDlqByIdRequest::default())
            .await
            .map(drop),
        Op::PauseDequeue => b
            .pause_dequeue(meta, pb::PauseDequeueRequest {})
            .await
            .map(drop),
        Op::ResumeDequeue => b
            .resume_dequeue(meta, pb::ResumeDequeueRequest {})
            .await
            .map(drop),
        Op::Enqueue => b
            .enqueue(meta, pb::EnqueueRequest::default())
            .await
            .map(drop),
        Op::CancelTask => b
            .cancel_task(meta, pb::CancelTaskRequest { id: name })
            .await
            .map(drop),
        Op::RetryTask => b
            .retry_task(meta, pb::RetryTaskRequest { id: name })
            .await
            .map(drop),
        Op::UpsertJob => b
            .upsert_job(meta, pb::UpsertJobRequest::default())
            .await
            .map(drop),
        Op::DeleteJob => b
            .delete_job(meta, pb::DeleteJobRequest { name })
            .await
            .map(drop),
        Op::RunJob => b.run_job(meta, pb::RunJobRequest { name }).await.map(drop),
        Op::CancelJobRun => b
            .cancel_job_run(meta, pb::CancelJobRunRequest { run_id: name })
            .await
            .map(drop),
        Op::RecycleWorker => b
            .recycle_worker(
                meta,
                pb::RecycleWorkerRequest {
                    id: name,
                    ..Default::default()
                },
            )
            .await
            .map(drop),
        Op::DeleteTasks => b
            .delete_tasks(meta, pb::DeleteTasksRequest::default())
            .await
            .map(drop),
        Op::DeleteDlq => b
            .delete_dlq(meta, pb::DeleteDlqRequest::default())
            .await
            .map(drop),
        Op::DeleteQueue => b
            .delete_queue(
                meta,
                pb::DeleteQueueRequest {
                    name,
                    ..Default::default()
                },
            )
            .await
            .map(drop),
        Op::StartBulkOperation => b
            .start_bulk_operation(meta, pb::StartBulkOperationRequest::default())
            .await
            .map(drop),
        Op::CancelBulkOperation => b
            .cancel_bulk_operation(meta, pb::CancelBulkOperationRequest { id: name })
            .await
            .map(drop),
        Op::ResumeBulkOperation => b
            .resume_bulk_operation(meta, pb::ResumeBulkOperationRequest { id: name })
            .await
            .map(drop),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mutating_route_names_its_rpc() {
        for route in crate::api::http::routes::routes() {
            if route.method == Method::GET {
                continue;
            }
            let path = format!(
                "{}{}",
                crate::api::http::openapi::PREFIX,
                route.path.replace("{name}", "n").replace("{id}", "i")
            );
            let (op, _) = op_for(&route.method, &path)
                .unwrap_or_else(|| panic!("{} {} names no RPC", route.method, route.path));
            assert!(op.audit_action().is_some(), "{op} is audited");
        }
    }
}
