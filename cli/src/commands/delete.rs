//! `task delete`, `dlq delete` and `queue delete`: removing things (admin). Deletes by id go in
//! batches under the server's cap; deletes by filter call again while the server says fewer
//! were deleted than matched, so each batch is one audited write on the server. Both stop
//! between batches on Ctrl-C (exit 130; the same command continues). `--dry-run` asks the
//! server what would go and changes nothing.

use std::sync::atomic::Ordering;

use tonic::{Code, Status};
use worker_proto::v1 as pb;

use crate::args::{DlqDeleteArgs, GlobalArgs, OutputFormat, TaskDeleteArgs};
use crate::client::Connection;
use crate::commands::confirm;
use crate::commands::dlq::{interrupt_flag, progress};
use crate::exit::{CliError, Exit};
use crate::output::view::{DeleteSummary, Outcome, QueueDeleted, state_name};
use crate::output::{Output, note};

/// Which delete: of DLQ entries or of tasks, with the filter the command line gave.
enum Target {
    Dlq(pb::DeleteDlqRequest),
    Tasks(pb::DeleteTasksRequest),
}

/// What one call answered.
struct Reply {
    deleted: u64,
    matched: u64,
    results: Vec<pb::DeleteResult>,
}

impl Target {
    fn noun(&self) -> &'static str {
        match self {
            Target::Dlq(_) => "DLQ entries",
            Target::Tasks(_) => "tasks",
        }
    }

    async fn call(
        &self,
        conn: &mut Connection,
        ids: &[String],
        limit: u32,
        dry_run: bool,
    ) -> Result<Reply, Status> {
        let limit = limit.min(i32::MAX as u32) as i32;
        match self {
            Target::Dlq(base) => {
                let req = conn.req(pb::DeleteDlqRequest {
                    ids: ids.to_vec(),
                    limit,
                    dry_run,
                    ..base.clone()
                });
                let r = conn.admin.delete_dlq(req).await?.into_inner();
                Ok(Reply {
                    deleted: r.deleted.max(0) as u64,
                    matched: r.matched.max(0) as u64,
                    results: r.results,
                })
            }
            Target::Tasks(base) => {
                let req = conn.req(pb::DeleteTasksRequest {
                    ids: ids.to_vec(),
                    limit,
                    dry_run,
                    ..base.clone()
                });
                let r = conn.admin.delete_tasks(req).await?.into_inner();
                Ok(Reply {
                    deleted: r.deleted.max(0) as u64,
                    matched: r.matched.max(0) as u64,
                    results: r.results,
                })
            }
        }
    }

    /// How many match now, from the listing (a read), for the confirmation's question.
    async fn count(&self, conn: &mut Connection) -> Result<u64, Status> {
        Ok(match self {
            Target::Dlq(f) => {
                let req = conn.req(pb::ListDlqRequest {
                    limit: 1,
                    queue: f.queue.clone(),
                    handler: f.handler.clone(),
                    query: f.query.clone(),
                    fingerprint: f.fingerprint.clone(),
                    ..Default::default()
                });
                conn.admin.list_dlq(req).await?.into_inner().total
            }
            Target::Tasks(f) => {
                let req = conn.req(pb::ListTasksRequest {
                    limit: 1,
                    queue: f.queue.clone(),
                    state: f.state.clone(),
                    handler: f.handler.clone(),
                    ..Default::default()
                });
                conn.admin.list_tasks(req).await?.into_inner().total
            }
        }
        .max(0) as u64)
    }
}

fn outcomes(results: &[pb::DeleteResult]) -> Vec<Outcome> {
    results
        .iter()
        .map(|r| Outcome {
            id: r.id.clone(),
            outcome: r.outcome.clone(),
            state: state_name(r.state),
        })
        .collect()
}

fn clean(ids: Vec<String>) -> Vec<String> {
    ids.into_iter()
        .map(|id| id.trim().to_string())
        .filter(|id| !id.is_empty())
        .collect()
}

pub(crate) async fn dlq_delete(
    g: &GlobalArgs,
    conn: &mut Connection,
    out: &mut Output,
    a: DlqDeleteArgs,
) -> Result<(), CliError> {
    let target = Target::Dlq(pb::DeleteDlqRequest {
        queue: a.queue.unwrap_or_default(),
        handler: a.handler.unwrap_or_default(),
        query: a.query.unwrap_or_default(),
        fingerprint: a.fingerprint.unwrap_or_default(),
        all: a.all,
        ..Default::default()
    });
    run(g, conn, out, target, clean(a.ids), a.dry_run, a.batch).await
}

pub(crate) async fn task_delete(
    g: &GlobalArgs,
    conn: &mut Connection,
    out: &mut Output,
    a: TaskDeleteArgs,
) -> Result<(), CliError> {
    let target = Target::Tasks(pb::DeleteTasksRequest {
        queue: a.queue.unwrap_or_default(),
        state: a.state.unwrap_or_default(),
        handler: a.handler.unwrap_or_default(),
        all: a.all,
        ..Default::default()
    });
    run(g, conn, out, target, clean(a.ids), a.dry_run, a.batch).await
}

async fn run(
    g: &GlobalArgs,
    conn: &mut Connection,
    out: &mut Output,
    target: Target,
    ids: Vec<String>,
    dry_run: bool,
    batch: u32,
) -> Result<(), CliError> {
    let noun = target.noun();
    if dry_run {
        let r = target
            .call(conn, &ids, batch, true)
            .await
            .map_err(|s| conn.err(s))?;
        let sample = outcomes(&r.results);
        note(format!(
            "dry run: {} {noun} match{}; nothing changed",
            r.matched,
            if ids.is_empty() && r.matched > sample.len() as u64 {
                format!(" (the newest {} listed)", sample.len())
            } else {
                String::new()
            }
        ));
        if out.format() == OutputFormat::Json && ids.is_empty() {
            return out.item(&DeleteSummary {
                dry_run: true,
                matched: r.matched,
                deleted: 0,
                batches: 0,
                interrupted: false,
            });
        }
        return out.list(&sample);
    }
    if ids.is_empty() {
        by_filter(g, conn, out, target, batch).await
    } else {
        by_ids(g, conn, out, target, ids, batch).await
    }
}

async fn by_ids(
    g: &GlobalArgs,
    conn: &mut Connection,
    out: &mut Output,
    target: Target,
    ids: Vec<String>,
    batch: u32,
) -> Result<(), CliError> {
    let noun = target.noun();
    confirm(g, &format!("Delete {} {noun} by id?", ids.len()))?;
    let stop = interrupt_flag();
    let bar = progress(ids.len() as u64, "deleting");
    let (mut results, mut done, mut batch) = (Vec::new(), 0, batch as usize);
    while done < ids.len() && !stop.load(Ordering::SeqCst) {
        let chunk = &ids[done..(done + batch).min(ids.len())];
        match target.call(conn, chunk, 0, false).await {
            Ok(r) => {
                results.extend(outcomes(&r.results));
                done += chunk.len();
                bar.set_position(done as u64);
            }
            // Above the server's cap: halve the batch and go on.
            Err(s) if s.code() == Code::ResourceExhausted && batch > 1 => batch /= 2,
            Err(s) => {
                bar.abandon();
                return Err(conn.err(s));
            }
        }
    }
    bar.finish_and_clear();
    let deleted = results.iter().filter(|r| r.outcome == "deleted").count();
    note(format!("deleted {deleted} of {} ids", ids.len()));
    out.list(&results)?;
    if done < ids.len() {
        return Err(interrupted(deleted as u64));
    }
    Ok(())
}

async fn by_filter(
    g: &GlobalArgs,
    conn: &mut Connection,
    out: &mut Output,
    target: Target,
    batch: u32,
) -> Result<(), CliError> {
    let noun = target.noun();
    if crate::commands::asks(g) {
        let n = target.count(conn).await.map_err(|s| conn.err(s))?;
        confirm(g, &format!("Delete {n} {noun} matching the filter?"))?;
    }
    let stop = interrupt_flag();
    let (mut deleted, mut batches, mut matched, mut batch) = (0_u64, 0_u64, None, batch);
    let mut bar = None;
    while !stop.load(Ordering::SeqCst) {
        match target.call(conn, &[], batch, false).await {
            Ok(r) => {
                batches += 1;
                deleted += r.deleted;
                let total = *matched.get_or_insert(r.matched);
                let bar = bar.get_or_insert_with(|| progress(total, "deleting"));
                bar.set_position(deleted.min(total));
                // Done when this batch took everything that still matched, or took nothing
                // (what is left is refused: running tasks).
                if r.deleted == 0 || r.deleted >= r.matched {
                    break;
                }
            }
            Err(s) if s.code() == Code::ResourceExhausted && batch > 1 => batch /= 2,
            Err(s) => {
                if let Some(bar) = bar {
                    bar.abandon();
                }
                let mut err = conn.err(s);
                if deleted > 0 {
                    err = err.hint(format!("{deleted} {noun} were deleted before this failure"));
                }
                return Err(err);
            }
        }
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let matched = matched.unwrap_or(0);
    let was_interrupted = stop.load(Ordering::SeqCst) && deleted < matched;
    note(format!(
        "deleted {deleted} of {matched} {noun} in {batches} batches"
    ));
    out.item(&DeleteSummary {
        dry_run: false,
        matched,
        deleted,
        batches,
        interrupted: was_interrupted,
    })?;
    if was_interrupted {
        return Err(interrupted(deleted));
    }
    Ok(())
}

fn interrupted(deleted: u64) -> CliError {
    CliError::new(
        Exit::Interrupted,
        format!("interrupted after deleting {deleted}"),
    )
    .hint("run the same command again to continue")
}

pub(crate) async fn queue_delete(
    g: &GlobalArgs,
    conn: &mut Connection,
    out: &mut Output,
    name: String,
    force: bool,
    dry_run: bool,
) -> Result<(), CliError> {
    let call = |conn: &mut Connection, dry_run: bool| {
        conn.req(pb::DeleteQueueRequest {
            name: name.clone(),
            force,
            dry_run,
        })
    };
    if !dry_run {
        let question = if force {
            format!("Delete queue {name} with every task it holds?")
        } else {
            format!("Delete queue {name}?")
        };
        confirm(g, &question)?;
    }
    let req = call(conn, dry_run);
    let r = conn
        .admin
        .delete_queue(req)
        .await
        .map_err(|s| conn.err(s))?
        .into_inner();
    note(if r.dry_run {
        format!(
            "dry run: queue {} holds {} tasks; nothing changed",
            r.name, r.tasks
        )
    } else {
        format!("deleted queue {} with {} tasks", r.name, r.tasks)
    });
    out.item(&QueueDeleted {
        name: r.name,
        deleted: r.deleted,
        tasks: r.tasks.max(0) as u64,
        dry_run: r.dry_run,
    })
}
