//! `worker.v1.TaskService` over the engine: enqueue (single and atomic batch) and task lookup,
//! through the same call pipeline as the admin API.

use tonic::Request;
use worker_proto::v1 as pb;
use worker_proto::v1::task_service_server::TaskService;

use crate::api::auth::Op;
use crate::api::grpc::AdminApi;
use crate::api::grpc::admin;
use crate::api::grpc::call::{Answer, meta};
use crate::api::grpc::convert;
use crate::api::grpc::parse;
use crate::api::grpc::status::engine_err;

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
        api.mutation(req, Op::Enqueue, &target, metadata, |r, _| async move {
            let spec = parse::task_spec(r.task, None)?;
            let enqueued = api.engine().enqueue(spec).await.map_err(engine_err)?;
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
        })
        .await
    }

    async fn enqueue_batch(
        &self,
        req: Request<pb::EnqueueBatchRequest>,
    ) -> Answer<pb::EnqueueBatchResponse> {
        let metadata = meta([("tasks", req.get_ref().tasks.len().to_string())]);
        let api = &self.admin;
        api.mutation(req, Op::EnqueueBatch, "*", metadata, |r, _| async move {
            let specs = r
                .tasks
                .into_iter()
                .enumerate()
                .map(|(i, t)| parse::task_spec(Some(t), Some(i)))
                .collect::<Result<Vec<_>, _>>()?;
            let all = api
                .engine()
                .enqueue_batch(specs)
                .await
                .map_err(engine_err)?;
            let dedup = all.iter().filter(|e| e.deduplicated).count();
            let detail = format!("enqueued {} ({dedup} deduplicated)", all.len() - dedup);
            Ok((convert::enqueued_batch(&all), detail))
        })
        .await
    }

    async fn get_task(&self, req: Request<pb::GetTaskRequest>) -> Answer<pb::GetTaskResponse> {
        admin::tasks::get_task(&self.admin, req, Op::TaskServiceGetTask).await
    }
}
