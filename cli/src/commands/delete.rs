//! `task delete`, `dlq delete` and `queue delete`: removing things (admin). Deletes by id go in
//! batches under the server's cap and stop between batches on Ctrl-C (exit 130; the same
//! command continues); deletes by filter are server bulk operations (`bulk.rs` starts and
//! follows them). `--dry-run` asks the server what would go and changes nothing.

use std::sync::atomic::Ordering;

use tonic::{Code, Status};
use worker_proto::v1 as pb;

use crate::args::{BulkAction, DlqDeleteArgs, GlobalArgs, TaskDeleteArgs};
use crate::client::Connection;
use crate::commands::bulk::{self, Start};
use crate::commands::confirm;
use crate::commands::dlq::{interrupt_flag, progress};
use crate::exit::{CliError, Exit};
use crate::output::view::{Outcome, QueueDeleted, state_name};
use crate::output::{Output, note};

/// Which delete by id: of DLQ entries or of tasks.
#[derive(Clone, Copy)]
enum Target {
    Dlq,
    Tasks,
}

/// What one call answered.
struct Reply {
    matched: u64,
    results: Vec<pb::DeleteResult>,
}

impl Target {
    fn noun(self) -> &'static str {
        match self {
            Target::Dlq => "DLQ entries",
            Target::Tasks => "tasks",
        }
    }

    async fn call(
        self,
        conn: &mut Connection,
        ids: &[String],
        dry_run: bool,
    ) -> Result<Reply, Status> {
        match self {
            Target::Dlq => {
                let req = conn.req(pb::DeleteDlqRequest {
                    ids: ids.to_vec(),
                    dry_run,
                    ..Default::default()
                });
                let r = conn.admin.delete_dlq(req).await?.into_inner();
                Ok(Reply {
                    matched: r.matched.max(0) as u64,
                    results: r.results,
                })
            }
            Target::Tasks => {
                let req = conn.req(pb::DeleteTasksRequest {
                    ids: ids.to_vec(),
                    dry_run,
                    ..Default::default()
                });
                let r = conn.admin.delete_tasks(req).await?.into_inner();
                Ok(Reply {
                    matched: r.matched.max(0) as u64,
                    results: r.results,
                })
            }
        }
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
    if a.ids.is_empty() {
        let start = Start {
            action: BulkAction::DeleteDlq,
            filter: &a.filter,
            all: a.all,
            dry_run: a.dry_run,
            detach: a.detach,
            batch: a.batch,
            sample: 10,
        };
        return bulk::start(g, conn, out, start).await;
    }
    by_ids(g, conn, out, Target::Dlq, clean(a.ids), a.dry_run, a.batch).await
}

pub(crate) async fn task_delete(
    g: &GlobalArgs,
    conn: &mut Connection,
    out: &mut Output,
    a: TaskDeleteArgs,
) -> Result<(), CliError> {
    if a.ids.is_empty() {
        let start = Start {
            action: BulkAction::DeleteTasks,
            filter: &a.filter,
            all: a.all,
            dry_run: a.dry_run,
            detach: a.detach,
            batch: a.batch,
            sample: 10,
        };
        return bulk::start(g, conn, out, start).await;
    }
    by_ids(
        g,
        conn,
        out,
        Target::Tasks,
        clean(a.ids),
        a.dry_run,
        a.batch,
    )
    .await
}

async fn by_ids(
    g: &GlobalArgs,
    conn: &mut Connection,
    out: &mut Output,
    target: Target,
    ids: Vec<String>,
    dry_run: bool,
    batch: u32,
) -> Result<(), CliError> {
    let noun = target.noun();
    if ids.is_empty() {
        return Err(CliError::usage("the ids name no id"));
    }
    if dry_run {
        let r = target
            .call(conn, &ids, true)
            .await
            .map_err(|s| conn.err(s))?;
        note(format!(
            "dry run: {} {noun} match; nothing changed",
            r.matched
        ));
        return out.list(&outcomes(&r.results));
    }
    confirm(g, &format!("Delete {} {noun} by id?", ids.len()))?;
    let stop = interrupt_flag();
    let bar = progress(ids.len() as u64, "deleting");
    let (mut results, mut done, mut batch) = (Vec::new(), 0, batch as usize);
    while done < ids.len() && !stop.load(Ordering::SeqCst) {
        let chunk = &ids[done..(done + batch).min(ids.len())];
        match target.call(conn, chunk, false).await {
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
