//! `task enqueue|get|ls|cancel|retry` (`task delete` is in `delete.rs`); cancel and retry by
//! filter start a server bulk operation (`bulk.rs`).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::Read;
use std::path::Path;

use base64::Engine as _;
use serde::Deserialize;
use worker_proto::v1 as pb;

use crate::args::{BulkAction, EnqueueArgs, GlobalArgs, TaskBulkArgs, TaskCommand};
use crate::client::Connection;
use crate::commands::bulk::filter_of;
use crate::commands::confirm;
use crate::exit::CliError;
use crate::output::view::{Enqueued, Outcome, Task, TaskDetail, state_name};
use crate::output::{Output, note};

/// Most tasks per `EnqueueBatch` call (the server's limit).
const BATCH: usize = 1_000;

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

pub(crate) fn read_input(path: &Path) -> Result<Vec<u8>, CliError> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| CliError::failed(format!("cannot read stdin: {e}")))?;
        Ok(bytes)
    } else {
        std::fs::read(path)
            .map_err(|e| CliError::usage(format!("cannot read {}: {e}", path.display())))
    }
}

pub(crate) fn parse_meta(pairs: &[String]) -> Result<BTreeMap<String, String>, CliError> {
    pairs
        .iter()
        .map(|pair| {
            pair.split_once('=')
                .map(|(k, v)| (k.trim().to_string(), v.to_string()))
                .filter(|(k, _)| !k.is_empty())
                .ok_or_else(|| CliError::usage(format!("--meta {pair:?} is not key=value")))
        })
        .collect()
}

fn spec_from_args(args: &EnqueueArgs) -> Result<pb::TaskSpec, CliError> {
    let payload = match (&args.payload, &args.payload_file) {
        (Some(text), _) => text.as_bytes().to_vec(),
        (None, Some(path)) => read_input(path)?,
        (None, None) => Vec::new(),
    };
    let run_at_ms = match (&args.at, args.in_) {
        (Some(at), _) => crate::commands::parse_time(at, "--at")?,
        (None, Some(delay)) => now_ms() + delay.as_millis() as i64,
        (None, None) => 0,
    };
    Ok(pb::TaskSpec {
        handler: args.handler.clone().unwrap_or_default(),
        queue: args.queue.clone().unwrap_or_default(),
        payload,
        priority: args.priority,
        max_retries: args.max_retries.map(|n| n.min(i32::MAX as u32) as i32),
        timeout_ms: args.task_timeout.map_or(0, |t| t.as_millis() as i64),
        run_at_ms,
        idempotency_key: args.idempotency_key.clone().unwrap_or_default(),
        metadata: parse_meta(&args.meta)?,
    })
}

/// One line of `task enqueue --jsonl`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonTask {
    handler: String,
    #[serde(default)]
    queue: String,
    payload: Option<String>,
    payload_b64: Option<String>,
    #[serde(default)]
    priority: i32,
    max_retries: Option<u32>,
    timeout: Option<String>,
    run_at: Option<String>,
    #[serde(default)]
    idempotency_key: String,
    #[serde(default)]
    metadata: BTreeMap<String, String>,
}

fn spec_from_json(line_no: usize, line: &str) -> Result<pb::TaskSpec, CliError> {
    let at = |msg: String| CliError::usage(format!("line {line_no}: {msg}"));
    let task: JsonTask = serde_json::from_str(line).map_err(|e| at(e.to_string()))?;
    let payload = match (task.payload, task.payload_b64) {
        (Some(_), Some(_)) => return Err(at("use payload or payload_b64, not both".into())),
        (Some(text), None) => text.into_bytes(),
        (None, Some(b64)) => base64::engine::general_purpose::STANDARD
            .decode(b64.trim())
            .map_err(|e| at(format!("payload_b64 is not base64: {e}")))?,
        (None, None) => Vec::new(),
    };
    let timeout_ms = match task.timeout {
        None => 0,
        Some(t) => humantime::parse_duration(&t)
            .map_err(|e| at(format!("timeout {t:?}: {e}")))?
            .as_millis() as i64,
    };
    let run_at_ms = match task.run_at {
        None => 0,
        Some(t) => crate::commands::parse_time(&t, "run_at").map_err(|e| at(e.message))?,
    };
    Ok(pb::TaskSpec {
        handler: task.handler,
        queue: task.queue,
        payload,
        priority: task.priority,
        max_retries: task.max_retries.map(|n| n.min(i32::MAX as u32) as i32),
        timeout_ms,
        run_at_ms,
        idempotency_key: task.idempotency_key,
        metadata: task.metadata,
    })
}

async fn enqueue_jsonl(
    conn: &mut Connection,
    out: &mut Output,
    path: &Path,
) -> Result<(), CliError> {
    let input = read_input(path)?;
    let text =
        String::from_utf8(input).map_err(|_| CliError::usage("the JSON lines are not UTF-8"))?;
    let specs = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| spec_from_json(i + 1, l))
        .collect::<Result<Vec<_>, _>>()?;
    if specs.is_empty() {
        return Err(CliError::usage("no tasks in the input"));
    }
    let mut all = Vec::with_capacity(specs.len());
    for (n, chunk) in specs.chunks(BATCH).enumerate() {
        let req = conn.req(pb::EnqueueBatchRequest {
            tasks: chunk.to_vec(),
        });
        let resp = conn.tasks.enqueue_batch(req).await.map_err(|s| {
            let mut err = conn.err(s);
            if n > 0 {
                err = err.hint(format!(
                    "the first {} tasks were enqueued; each batch of {BATCH} is all or nothing",
                    n * BATCH
                ));
            }
            err
        })?;
        let resp = resp.into_inner();
        all.extend(
            resp.ids
                .iter()
                .zip(resp.deduplicated.iter().chain(std::iter::repeat(&false)))
                .map(|(id, dedup)| Enqueued {
                    id: id.clone(),
                    deduplicated: *dedup,
                }),
        );
    }
    note(format!("enqueued {} tasks", all.len()));
    warn_unserved(conn, specs.iter().map(|s| s.handler.as_str())).await;
    out.list(&all)
}

/// Says on stderr which of `handlers` no live worker has: their tasks are enqueued but wait,
/// silently otherwise, until a worker with the handler registers. Best effort: when the
/// workers cannot be listed, nothing is said.
async fn warn_unserved(conn: &mut Connection, handlers: impl Iterator<Item = &str>) {
    let req = conn.req(pb::ListWorkersRequest {});
    let Ok(workers) = conn.admin.list_workers(req).await else {
        return;
    };
    let served: HashSet<&str> = workers
        .get_ref()
        .workers
        .iter()
        .filter(|w| matches!(w.state.as_str(), "active" | "draining"))
        .flat_map(|w| w.handlers.iter().map(String::as_str))
        .collect();
    let unserved: BTreeSet<&str> = handlers.filter(|h| !served.contains(h)).collect();
    for handler in unserved {
        note(format!(
            "warning: no live worker has handler {handler}; its tasks wait until one registers"
        ));
    }
}

/// `task cancel|retry` with filter flags: a server bulk operation, followed to its end.
async fn by_filter(
    g: &GlobalArgs,
    conn: &mut Connection,
    out: &mut Output,
    action: BulkAction,
    args: &TaskBulkArgs,
) -> Result<(), CliError> {
    let start = crate::commands::bulk::Start {
        action,
        filter: &args.filter,
        all: args.all,
        dry_run: args.dry_run,
        detach: args.detach,
        batch: args.batch,
        sample: 10,
    };
    crate::commands::bulk::start(g, conn, out, start).await
}

pub(crate) async fn task(
    g: &GlobalArgs,
    conn: &mut Connection,
    out: &mut Output,
    cmd: TaskCommand,
) -> Result<(), CliError> {
    match cmd {
        TaskCommand::Enqueue(args) => {
            if let Some(path) = &args.jsonl {
                return enqueue_jsonl(conn, out, path).await;
            }
            let spec = spec_from_args(&args)?;
            let handler = spec.handler.clone();
            let req = conn.req(pb::EnqueueRequest { task: Some(spec) });
            let r = conn
                .tasks
                .enqueue(req)
                .await
                .map_err(|s| conn.err(s))?
                .into_inner();
            if r.deduplicated {
                note(format!(
                    "deduplicated: the idempotency key matched task {}",
                    r.id
                ));
            }
            warn_unserved(conn, std::iter::once(handler.as_str())).await;
            out.item(&Enqueued {
                id: r.id,
                deduplicated: r.deduplicated,
            })
        }
        TaskCommand::Get { id } => {
            let req = conn.req(pb::GetTaskRequest { id });
            let r = conn
                .admin
                .get_task(req)
                .await
                .map_err(|s| conn.err(s))?
                .into_inner();
            out.item(&TaskDetail::from(&r))
        }
        TaskCommand::Ls(args) => {
            let filter = filter_of(&args.filter)?;
            let req = conn.req(pb::ListTasksRequest {
                filter: Some(filter.to_message()),
                limit: args.limit.min(i32::MAX as u32) as i32,
                offset: args.offset.min(i64::MAX as u64) as i64,
                ..Default::default()
            });
            let r = conn
                .admin
                .list_tasks(req)
                .await
                .map_err(|s| conn.err(s))?
                .into_inner();
            if r.total > r.tasks.len() as i64 {
                note(format!("{} of {} tasks", r.tasks.len(), r.total));
            }
            out.list(&r.tasks.iter().map(Task::from).collect::<Vec<_>>())
        }
        TaskCommand::Cancel(args) => {
            let Some(id) = args.id.clone() else {
                return by_filter(g, conn, out, BulkAction::CancelTasks, &args).await;
            };
            confirm(g, &format!("Cancel task {id}?"))?;
            let req = conn.req(pb::CancelTaskRequest { id: id.clone() });
            let r = conn
                .admin
                .cancel_task(req)
                .await
                .map_err(|s| conn.err(s))?
                .into_inner();
            let state = r
                .task
                .as_ref()
                .map(|t| state_name(t.state))
                .unwrap_or_default();
            note(match r.outcome.as_str() {
                "cancel_requested" => {
                    format!("task {id} is running; its worker was told to stop it")
                }
                "already_finished" => {
                    format!("task {id} had already finished ({state}); nothing changed")
                }
                _ => format!("cancelled task {id}"),
            });
            out.item(&Outcome {
                id,
                outcome: r.outcome,
                state,
            })
        }
        TaskCommand::Retry(args) => {
            let Some(id) = args.id.clone() else {
                return by_filter(g, conn, out, BulkAction::RetryTasks, &args).await;
            };
            let req = conn.req(pb::RetryTaskRequest { id: id.clone() });
            let r = conn
                .admin
                .retry_task(req)
                .await
                .map_err(|s| conn.err(s))?
                .into_inner();
            note(format!(
                "task {id} is pending again (it was {})",
                state_name(r.previous_state)
            ));
            out.item(&Outcome {
                id,
                outcome: "retried".into(),
                state: r
                    .task
                    .as_ref()
                    .map(|t| state_name(t.state))
                    .unwrap_or_default(),
            })
        }
        TaskCommand::Delete(args) => crate::commands::delete::task_delete(g, conn, out, args).await,
    }
}
