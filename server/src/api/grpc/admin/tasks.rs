//! Tasks: listing, reading (also `TaskService/GetTask`), cancelling and retrying.

use std::collections::BTreeMap;

use tonic::Request;
use worker_proto::v1 as pb;

use crate::api::auth::{self, Op};
use crate::api::grpc::AdminApi;
use crate::api::grpc::call::Answer;
use crate::api::grpc::convert;
use crate::api::grpc::parse::{offset, optional, page_limit, task_id};
use crate::api::grpc::status::engine_err;
use crate::engine::audit::OUTCOME_PLACEHOLDER;
use crate::engine::model::{HandlerName, QueueName, TaskState};

pub(super) async fn list_tasks(
    api: &AdminApi,
    req: Request<pb::ListTasksRequest>,
) -> Answer<pb::ListTasksResponse> {
    api.query(req, Op::ListTasks, |r, _| async move {
        // The old fields keep their own refusals (`invalid_task_state`, a bad name's reason).
        optional(&r.queue, |s| QueueName::new(s))?;
        optional(&r.state, TaskState::parse)?;
        optional(&r.handler, |s| HandlerName::new(s))?;
        let legacy = pb::TaskFilter {
            queue: r.queue.clone(),
            handler: r.handler.clone(),
            state: r.state.clone(),
            ..Default::default()
        };
        let filter = convert::listing_filter(legacy, r.filter.as_ref())?;
        let page = api
            .engine
            .list_tasks_matching(&filter, page_limit(r.limit)?, offset(r.offset)?)
            .await
            .map_err(engine_err)?;
        Ok(pb::ListTasksResponse {
            tasks: page.items.iter().map(convert::task_info).collect(),
            total: page.total as i64,
        })
    })
    .await
}

/// One task, for `AdminService/GetTask` and `TaskService/GetTask` (`op` says which).
pub(crate) async fn get_task(
    api: &AdminApi,
    req: Request<pb::GetTaskRequest>,
    op: Op,
) -> Answer<pb::GetTaskResponse> {
    api.query(req, op, |r, identity| async move {
        let id = task_id(&r.id)?;
        let detail = api.engine.get_task(&id).await.map_err(engine_err)?;
        let sees = identity.role.is_some_and(auth::Role::sees_payloads);
        Ok(convert::task_detail(detail, sees))
    })
    .await
}

pub(super) async fn cancel_task(
    api: &AdminApi,
    req: Request<pb::CancelTaskRequest>,
) -> Answer<pb::CancelTaskResponse> {
    let id = req.get_ref().id.clone();
    api.mutation(
        req,
        Op::CancelTask,
        &id,
        BTreeMap::new(),
        |r, stamp| async move {
            let id = task_id(&r.id)?;
            // The store writes the entry with the cancel, its detail the outcome.
            let audit = stamp.entry(None, OUTCOME_PLACEHOLDER);
            let outcome = api
                .engine
                .cancel_task(&id, audit)
                .await
                .map_err(engine_err)?;
            let outcome = convert::cancel_outcome(&outcome);
            let task = api.engine.get_task(&id).await.map_err(engine_err)?;
            Ok((
                pb::CancelTaskResponse {
                    outcome: outcome.into(),
                    task: Some(convert::task_info(&task.task)),
                },
                outcome.to_string(),
            ))
        },
    )
    .await
}

pub(super) async fn retry_task(
    api: &AdminApi,
    req: Request<pb::RetryTaskRequest>,
) -> Answer<pb::RetryTaskResponse> {
    let id = req.get_ref().id.clone();
    api.mutation(
        req,
        Op::RetryTask,
        &id,
        BTreeMap::new(),
        |r, stamp| async move {
            let id = task_id(&r.id)?;
            // The store writes the entry with the retry, naming the state before.
            let audit = stamp.entry(None, format!("retried from {OUTCOME_PLACEHOLDER}"));
            let previous = api
                .engine
                .retry_task(&id, audit)
                .await
                .map_err(engine_err)?;
            let task = api.engine.get_task(&id).await.map_err(engine_err)?;
            Ok((
                pb::RetryTaskResponse {
                    task: Some(convert::task_info(&task.task)),
                    previous_state: convert::task_state(previous) as i32,
                },
                format!("retried from {previous}"),
            ))
        },
    )
    .await
}
