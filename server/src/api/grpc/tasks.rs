//! `worker.v1.TaskService` over the engine: enqueue (single and atomic batch) and task lookup,
//! with the same authorization and audit as the admin API.

use tonic::{Request, Response, Status};
use worker_proto::v1 as pb;
use worker_proto::v1::task_service_server::TaskService;

use crate::api::auth::Op;
use crate::api::grpc::admin::{AdminApi, with_request_id};
use crate::api::grpc::convert::{self, meta};
use crate::api::grpc::status::{self, invalid};

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

fn spec_of(
    spec: Option<pb::TaskSpec>,
    index: Option<usize>,
) -> Result<crate::engine::model::TaskSpec, Status> {
    let at = |message: String| match index {
        Some(i) => format!("task {i}: {message}"),
        None => message,
    };
    let spec = spec.ok_or_else(|| invalid("missing_task", at("task is required".into())))?;
    convert::task_spec(spec).map_err(|(reason, message)| invalid(reason, at(message)))
}

#[tonic::async_trait]
impl TaskService for TaskApi {
    async fn enqueue(
        &self,
        req: Request<pb::EnqueueRequest>,
    ) -> Result<Response<pb::EnqueueResponse>, Status> {
        let (target, queue) = req
            .get_ref()
            .task
            .as_ref()
            .map(|t| (t.handler.clone(), t.queue.clone()))
            .unwrap_or_default();
        let mut call = self.admin.start(&req, Op::Enqueue, &target);
        call.metadata = meta([("queue", queue)]);
        let outcome = async {
            self.admin.check(&req, &call)?;
            let spec = spec_of(req.get_ref().task.clone(), None)?;
            let enqueued = self
                .admin
                .engine()
                .enqueue(spec)
                .await
                .map_err(|e| status::from_engine(&e))?;
            Ok::<_, Status>(enqueued)
        }
        .await;
        let detail = outcome.as_ref().map(|e| {
            format!(
                "{} {}",
                if e.deduplicated {
                    "deduplicated"
                } else {
                    "enqueued"
                },
                e.id
            )
        });
        self.admin
            .finish(&call, detail.as_deref().map_err(|s| *s))
            .await;
        let enqueued = outcome?;
        Ok(with_request_id(
            Response::new(pb::EnqueueResponse {
                id: enqueued.id.to_string(),
                deduplicated: enqueued.deduplicated,
            }),
            &call.request_id,
        ))
    }

    async fn enqueue_batch(
        &self,
        req: Request<pb::EnqueueBatchRequest>,
    ) -> Result<Response<pb::EnqueueBatchResponse>, Status> {
        let mut call = self.admin.start(&req, Op::EnqueueBatch, "*");
        call.metadata = meta([("tasks", req.get_ref().tasks.len().to_string())]);
        let outcome = async {
            self.admin.check(&req, &call)?;
            let specs = req
                .get_ref()
                .tasks
                .iter()
                .enumerate()
                .map(|(i, t)| spec_of(Some(t.clone()), Some(i)))
                .collect::<Result<Vec<_>, _>>()?;
            self.admin
                .engine()
                .enqueue_batch(specs)
                .await
                .map_err(|e| status::from_engine(&e))
        }
        .await;
        let detail = outcome.as_ref().map(|all| {
            let dedup = all.iter().filter(|e| e.deduplicated).count();
            format!("enqueued {} ({dedup} deduplicated)", all.len() - dedup)
        });
        self.admin
            .finish(&call, detail.as_deref().map_err(|s| *s))
            .await;
        let all = outcome?;
        Ok(with_request_id(
            Response::new(pb::EnqueueBatchResponse {
                ids: all.iter().map(|e| e.id.to_string()).collect(),
                deduplicated: all.iter().map(|e| e.deduplicated).collect(),
            }),
            &call.request_id,
        ))
    }

    async fn get_task(
        &self,
        req: Request<pb::GetTaskRequest>,
    ) -> Result<Response<pb::GetTaskResponse>, Status> {
        self.admin.get_task_for(req, Op::TaskServiceGetTask).await
    }
}
