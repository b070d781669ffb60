//! Removing things: tasks and DLQ entries by id or by their listing's filter, and queues. Admin
//! only and approval-gated (the `Op` table); each delete commits with its audit entry, which
//! carries the count; a dry run counts and samples and changes nothing, so it needs no approval
//! and is audited only when refused (`AdminApi::mutation_or_dry_run`). A delete by filter
//! takes at most the server's bulk maximum per call (`replay_limit_max`), newest first, so a
//! client deletes everything that matches by calling again while `deleted < matched`.

use tonic::Request;
use worker_proto::v1 as pb;

use crate::api::auth::Op;
use crate::api::grpc::AdminApi;
use crate::api::grpc::call::{Answer, meta};
use crate::api::grpc::convert;
use crate::api::grpc::parse::{optional, page_limit, queue_name, task_id};
use crate::api::grpc::status::{self, engine_err, invalid};
use crate::engine::Deleted;
use crate::engine::audit::COUNT_PLACEHOLDER;
use crate::engine::model::{
    DeleteOutcome, DlqFilter, HandlerName, QueueName, TaskFilter, TaskId, TaskState,
};

/// What a delete names: ids, or a filter (at most `limit` of its newest matches).
enum Target<F> {
    Ids(Vec<TaskId>),
    Filter(F, u32),
}

fn results(deleted: &Deleted) -> Vec<pb::DeleteResult> {
    deleted
        .outcomes
        .iter()
        .map(|(id, outcome)| pb::DeleteResult {
            id: id.to_string(),
            outcome: outcome.name().into(),
            state: match outcome {
                DeleteOutcome::NotDead(state) => convert::task_state(*state) as i32,
                DeleteOutcome::Running => convert::task_state(TaskState::Running) as i32,
                _ => pb::TaskState::Unspecified as i32,
            },
        })
        .collect()
}

/// A dry run's sample: what a real call would pick, marked `would_delete` (running tasks as
/// they would be refused).
fn sample(items: &[(TaskId, TaskState)], scope_dead: bool) -> Vec<pb::DeleteResult> {
    items
        .iter()
        .map(|(id, state)| pb::DeleteResult {
            id: id.to_string(),
            outcome: match state {
                TaskState::Running => "running",
                s if scope_dead && *s != TaskState::Dead => "not_dead",
                _ => "would_delete",
            }
            .into(),
            state: convert::task_state(*state) as i32,
        })
        .collect()
}

/// The ids of a request, checked against the server's maximum per call.
fn ids(api: &AdminApi, ids: &[String]) -> Result<Vec<TaskId>, tonic::Status> {
    let max = api.settings.replay_ids_max as usize;
    if ids.len() > max {
        return Err(status::with_reason(
            tonic::Code::ResourceExhausted,
            "delete_ids_exceeded",
            format!(
                "{} ids is above this server's maximum of {max} per call; delete in batches",
                ids.len()
            ),
        ));
    }
    ids.iter().map(|id| task_id(id)).collect()
}

/// A filter delete's batch size: 0 means 100, at most the server's bulk maximum; a dry run's
/// sample is only capped at a page.
fn batch(api: &AdminApi, limit: i32, dry_run: bool) -> Result<u32, tonic::Status> {
    let limit = match page_limit(limit)? {
        0 => 100,
        n => n,
    };
    if dry_run {
        return Ok(limit.min(crate::engine::PAGE_MAX));
    }
    let max = api.settings.replay_limit_max;
    if limit > max {
        return Err(status::with_reason(
            tonic::Code::ResourceExhausted,
            "delete_limit_exceeded",
            format!("limit {limit} is above this server's maximum of {max}; delete in batches"),
        ));
    }
    Ok(limit)
}

/// A dry run by ids: each id that exists with its state now (an id not found is left out).
async fn states(api: &AdminApi, ids: &[TaskId]) -> Vec<(TaskId, TaskState)> {
    let mut items = Vec::new();
    for id in ids {
        if let Ok(detail) = api.engine.get_task(id).await {
            items.push((id.clone(), detail.task.state));
        }
    }
    items
}

/// A dry run of a delete: how many it would match, and a sample of them as it would treat
/// them. By ids, the ids that exist with their states; by filter, the listing's newest page
/// (`list`) and its total. `scope_dead`: only dead ones would go (the DLQ).
async fn dry_run_of<F>(
    api: &AdminApi,
    target: &Target<F>,
    scope_dead: bool,
    list: impl AsyncFnOnce(&F, u32) -> Result<(u64, Vec<(TaskId, TaskState)>), crate::engine::Error>,
) -> Result<(u64, Vec<pb::DeleteResult>), tonic::Status> {
    let (matched, items) = match target {
        Target::Ids(ids) => (ids.len() as u64, states(api, ids).await),
        Target::Filter(filter, limit) => list(filter, *limit).await.map_err(engine_err)?,
    };
    Ok((matched, sample(&items, scope_dead)))
}

fn missing_filter() -> tonic::Status {
    invalid(
        "missing_filter",
        "name ids, or a filter (queue, handler, …), or ask for all explicitly",
    )
}

pub(super) async fn delete_tasks(
    api: &AdminApi,
    req: Request<pb::DeleteTasksRequest>,
) -> Answer<pb::DeleteTasksResponse> {
    let r = req.get_ref();
    let metadata = meta([
        ("ids", r.ids.len().to_string()),
        ("queue", r.queue.clone()),
        ("state", r.state.clone()),
        ("handler", r.handler.clone()),
        ("dry_run", r.dry_run.to_string()),
    ]);
    let dry_run = r.dry_run;
    api.mutation_or_dry_run(
        req,
        Op::DeleteTasks,
        "*",
        metadata,
        dry_run,
        |r, stamp| async move {
            let target = if r.ids.is_empty() {
                let filter = TaskFilter {
                    queue: optional(&r.queue, |s| QueueName::new(s))?,
                    state: optional(&r.state, TaskState::parse)?,
                    handler: optional(&r.handler, |s| HandlerName::new(s))?,
                    ..TaskFilter::default()
                };
                if filter.queue.is_none()
                    && filter.state.is_none()
                    && filter.handler.is_none()
                    && !r.all
                {
                    return Err(missing_filter());
                }
                Target::Filter(filter, batch(api, r.limit, r.dry_run)?)
            } else {
                Target::Ids(ids(api, &r.ids)?)
            };
            if r.dry_run {
                let (matched, results) = dry_run_of(api, &target, false, async |filter, limit| {
                    let page = api.engine.list_tasks(filter, limit, 0).await?;
                    let items = page.items.iter().map(|t| (t.id.clone(), t.state)).collect();
                    Ok((page.total, items))
                })
                .await?;
                return Ok((
                    pb::DeleteTasksResponse {
                        deleted: 0,
                        results,
                        matched: matched as i64,
                        dry_run: true,
                    },
                    format!("dry run: {matched} matched"),
                ));
            }
            let deleted = match target {
                Target::Ids(ids) => {
                    let audit = stamp.entry(
                        None,
                        format!("deleted {COUNT_PLACEHOLDER} of {}", ids.len()),
                    );
                    api.engine.delete_tasks(&ids, audit).await
                }
                Target::Filter(filter, limit) => {
                    let audit = stamp.entry(None, format!("deleted {COUNT_PLACEHOLDER} by filter"));
                    api.engine
                        .delete_tasks_matching(&filter, limit, audit)
                        .await
                }
            }
            .map_err(engine_err)?;
            let n = deleted.deleted();
            Ok((
                pb::DeleteTasksResponse {
                    deleted: n as i32,
                    results: results(&deleted),
                    matched: deleted.matched as i64,
                    dry_run: false,
                },
                format!("deleted {n}"),
            ))
        },
    )
    .await
}

pub(super) async fn delete_dlq(
    api: &AdminApi,
    req: Request<pb::DeleteDlqRequest>,
) -> Answer<pb::DeleteDlqResponse> {
    let r = req.get_ref();
    let metadata = meta([
        ("ids", r.ids.len().to_string()),
        ("queue", r.queue.clone()),
        ("handler", r.handler.clone()),
        ("query", r.query.clone()),
        ("fingerprint", r.fingerprint.clone()),
        ("dry_run", r.dry_run.to_string()),
    ]);
    let dry_run = r.dry_run;
    api.mutation_or_dry_run(
        req,
        Op::DeleteDlq,
        "*",
        metadata,
        dry_run,
        |r, stamp| async move {
            let target = if r.ids.is_empty() {
                let filter = DlqFilter {
                    queue: optional(&r.queue, |s| QueueName::new(s))?,
                    handler: optional(&r.handler, |s| HandlerName::new(s))?,
                    query: (!r.query.trim().is_empty()).then(|| r.query.trim().to_string()),
                    fingerprint: (!r.fingerprint.is_empty()).then(|| r.fingerprint.clone()),
                    failed_before_ms: None,
                };
                if filter.queue.is_none()
                    && filter.handler.is_none()
                    && filter.query.is_none()
                    && filter.fingerprint.is_none()
                    && !r.all
                {
                    return Err(missing_filter());
                }
                Target::Filter(filter, batch(api, r.limit, r.dry_run)?)
            } else {
                Target::Ids(ids(api, &r.ids)?)
            };
            if r.dry_run {
                let (matched, results) = dry_run_of(api, &target, true, async |filter, limit| {
                    let page = api.engine.list_dlq(filter, limit, 0).await?;
                    let items = page.items.iter().map(|e| (e.id.clone(), TaskState::Dead));
                    Ok((page.total, items.collect()))
                })
                .await?;
                return Ok((
                    pb::DeleteDlqResponse {
                        deleted: 0,
                        results,
                        matched: matched as i64,
                        dry_run: true,
                    },
                    format!("dry run: {matched} matched"),
                ));
            }
            let deleted = match target {
                Target::Ids(ids) => {
                    let audit = stamp.entry(
                        None,
                        format!("deleted {COUNT_PLACEHOLDER} of {}", ids.len()),
                    );
                    api.engine.delete_dlq(&ids, audit).await
                }
                Target::Filter(filter, limit) => {
                    let audit = stamp.entry(None, format!("deleted {COUNT_PLACEHOLDER} by filter"));
                    api.engine.delete_dlq_matching(&filter, limit, audit).await
                }
            }
            .map_err(engine_err)?;
            let n = deleted.deleted();
            Ok((
                pb::DeleteDlqResponse {
                    deleted: n as i32,
                    results: results(&deleted),
                    matched: deleted.matched as i64,
                    dry_run: false,
                },
                format!("deleted {n}"),
            ))
        },
    )
    .await
}

pub(super) async fn delete_queue(
    api: &AdminApi,
    req: Request<pb::DeleteQueueRequest>,
) -> Answer<pb::DeleteQueueResponse> {
    let name = req.get_ref().name.clone();
    let metadata = meta([
        ("force", req.get_ref().force.to_string()),
        ("dry_run", req.get_ref().dry_run.to_string()),
    ]);
    let dry_run = req.get_ref().dry_run;
    api.mutation_or_dry_run(
        req,
        Op::DeleteQueue,
        &name,
        metadata,
        dry_run,
        |r, stamp| async move {
            let name = queue_name(&r.name)?;
            if r.dry_run {
                api.engine.get_queue(&name).await.map_err(engine_err)?;
                let filter = TaskFilter {
                    queue: Some(name.clone()),
                    ..Default::default()
                };
                let tasks = api
                    .engine
                    .list_tasks(&filter, 1, 0)
                    .await
                    .map_err(engine_err)?
                    .total;
                return Ok((
                    pb::DeleteQueueResponse {
                        name: name.to_string(),
                        deleted: false,
                        tasks: tasks as i64,
                        dry_run: true,
                    },
                    format!("dry run: {tasks} tasks"),
                ));
            }
            let audit = stamp.entry(
                None,
                format!("deleted with {COUNT_PLACEHOLDER} tasks (force {})", r.force),
            );
            let tasks = api
                .engine
                .delete_queue(&name, r.force, audit)
                .await
                .map_err(engine_err)?;
            Ok((
                pb::DeleteQueueResponse {
                    name: name.to_string(),
                    deleted: true,
                    tasks: tasks as i64,
                    dry_run: false,
                },
                format!("deleted with {tasks} tasks"),
            ))
        },
    )
    .await
}
