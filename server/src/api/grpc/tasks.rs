//! `worker.v1.TaskService` over the engine: enqueue (single and atomic batch) and task lookup,
//! through the same call pipeline as the admin API; enqueues are audited as summaries per actor
//! and queue.

use tonic::Request;
use worker_proto::v1 as pb;
use worker_proto::v1::task_service_server::TaskService;

use crate::api::auth::{Identity, Op};
use crate::api::grpc::AdminApi;
use crate::api::grpc::admin;
use crate::api::grpc::call::{Answer, meta};
use crate::api::grpc::convert;
use crate::api::grpc::parse;
use crate::api::grpc::status::engine_err;
use crate::engine::audit::AuditEntry;
use crate::engine::model::Enqueued;

/// The task API shares the admin API's engine, policy and audit.
#[derive(Clone)]
pub struct TaskApi {
    admin: AdminApi,
}

impl TaskApi {
    pub fn new(admin: AdminApi) -> Self {
        Self { admin }
    }
}

#[tonic::async_trait]
impl TaskService for TaskApi {
    async fn enqueue(&self, req: Request<pb::EnqueueRequest>) -> Answer<pb::EnqueueResponse> {
        let (target, queue) = req
            .get_ref()
            .task
            .as_ref()
            .map(|t| (t.handler.clone(), t.queue.clone()))
            .unwrap_or_default();
        let metadata = meta([("queue", queue)]);
        let api = &self.admin;
        api.mutation(
            req,
            Op::Enqueue,
            &target,
            metadata,
            |r, identity| async move {
                let spec = parse::task_spec(r.task, None)?;
                let queue = spec.queue.clone();
                let enqueued = api.engine().enqueue(spec).await.map_err(engine_err)?;
                summarize(
                    api,
                    Op::Enqueue,
                    &identity,
                    &[queue],
                    std::slice::from_ref(&enqueued),
                )
                .await;
                let detail = format!(
                    "{} {}",
                    if enqueued.deduplicated {
                        "deduplicated"
                    } else {
                        "enqueued"
                    },
                    enqueued.id
                );
                Ok((convert::enqueued(&enqueued), detail))
            },
        )
        .await
    }

    async fn enqueue_batch(
        &self,
        req: Request<pb::EnqueueBatchRequest>,
    ) -> Answer<pb::EnqueueBatchResponse> {
        let metadata = meta([("tasks", req.get_ref().tasks.len().to_string())]);
        let api = &self.admin;
        api.mutation(
            req,
            Op::EnqueueBatch,
            "*",
            metadata,
            |r, identity| async move {
                let specs = r
                    .tasks
                    .into_iter()
                    .enumerate()
                    .map(|(i, t)| parse::task_spec(Some(t), Some(i)))
                    .collect::<Result<Vec<_>, _>>()?;
                let queues: Vec<String> = specs.iter().map(|s| s.queue.clone()).collect();
                let all = api
                    .engine()
                    .enqueue_batch(specs)
                    .await
                    .map_err(engine_err)?;
                summarize(api, Op::EnqueueBatch, &identity, &queues, &all).await;
                let dedup = all.iter().filter(|e| e.deduplicated).count();
                let detail = format!("enqueued {} ({dedup} deduplicated)", all.len() - dedup);
                Ok((convert::enqueued_batch(&all), detail))
            },
        )
        .await
    }

    async fn get_task(&self, req: Request<pb::GetTaskRequest>) -> Answer<pb::GetTaskResponse> {
        admin::tasks::get_task(&self.admin, req, Op::TaskServiceGetTask).await
    }
}

/// Counts a producer's successful enqueue call in its actor's summary per queue: producer
/// traffic is audited as one entry per actor, queue and window, not one per task.
async fn summarize(
    api: &AdminApi,
    op: Op,
    identity: &Identity,
    queues: &[String],
    enqueued: &[Enqueued],
) {
    let template = AuditEntry {
        at_ms: 0,
        actor: identity.actor.clone(),
        role: identity.role_name().to_string(),
        request_id: String::new(),
        action: op.audit_action().unwrap_or("task.enqueue").to_string(),
        target: String::new(),
        status: "ok".into(),
        payload_hash: String::new(),
        detail: String::new(),
        metadata: identity
            .via
            .iter()
            .map(|via| ("via".to_string(), via.clone()))
            .collect(),
    };
    match api
        .engine()
        .record_enqueues(template, queues, enqueued)
        .await
    {
        Ok(true) => crate::telemetry::metrics().record_audit_coalesced("enqueue"),
        Ok(false) => {}
        Err(e) => {
            // The tasks are enqueued either way; the log says the summary could not be written.
            tracing::error!(error = %e, actor = %identity.actor, "could not write the enqueue summary");
        }
    }
}
