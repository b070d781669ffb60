//! `worker ls|get|recycle` and `stuck ls`.

use worker_proto::v1 as pb;

use crate::args::{GlobalArgs, StuckCommand, WorkerCommand};
use crate::client::Connection;
use crate::commands::confirm;
use crate::exit::CliError;
use crate::output::view::{Stuck, Task, Worker, WorkerDetail, time};
use crate::output::{Output, note};

pub(crate) async fn worker(
    g: &GlobalArgs,
    conn: &mut Connection,
    out: &mut Output,
    cmd: WorkerCommand,
) -> Result<(), CliError> {
    match cmd {
        WorkerCommand::Ls => {
            let req = conn.req(pb::ListWorkersRequest {});
            let r = conn
                .admin
                .list_workers(req)
                .await
                .map_err(|s| conn.err(s))?
                .into_inner();
            out.list(&r.workers.iter().map(Worker::from).collect::<Vec<_>>())
        }
        WorkerCommand::Get { id } => {
            let req = conn.req(pb::GetWorkerRequest { id });
            let r = conn
                .admin
                .get_worker(req)
                .await
                .map_err(|s| conn.err(s))?
                .into_inner();
            out.item(&WorkerDetail {
                worker: Worker::from(&r.worker.unwrap_or_default()),
                running: r.running.iter().map(Task::from).collect(),
            })
        }
        WorkerCommand::Recycle { id, reason } => {
            confirm(
                g,
                &format!("Recycle worker {id}? It drains its tasks, then restarts its loop."),
            )?;
            let req = conn.req(pb::RecycleWorkerRequest {
                id: id.clone(),
                reason: reason.unwrap_or_default(),
            });
            let r = conn
                .admin
                .recycle_worker(req)
                .await
                .map_err(|s| conn.err(s))?
                .into_inner();
            note(format!(
                "asked worker {id} to recycle; it acts at its next heartbeat"
            ));
            out.item(&Worker::from(&r.worker.unwrap_or_default()))
        }
    }
}

pub(crate) async fn stuck(
    conn: &mut Connection,
    out: &mut Output,
    cmd: StuckCommand,
) -> Result<(), CliError> {
    let StuckCommand::Ls { hours, handler } = cmd;
    let req = conn.req(pb::ListStuckTasksRequest {
        hours,
        handler: handler.unwrap_or_default(),
    });
    let r = conn
        .admin
        .list_stuck_tasks(req)
        .await
        .map_err(|s| conn.err(s))?
        .into_inner();
    out.list(
        &r.handlers
            .iter()
            .map(|h| Stuck {
                handler: h.handler.clone(),
                stuck_count: h.stuck_count,
                last_stuck_at: time(h.last_stuck_at_ms),
            })
            .collect::<Vec<_>>(),
    )
}
