//! `queue …` and `dequeue …`.

use worker_proto::v1 as pb;

use crate::args::{DequeueCommand, GlobalArgs, QueueCommand, WeightCommand};
use crate::client::Connection;
use crate::commands::confirm;
use crate::exit::CliError;
use crate::output::view::{History, Queue};
use crate::output::{Output, note};

fn queue_of(q: Option<pb::QueueSummary>) -> Queue {
    Queue::from(&q.unwrap_or_default())
}

pub(crate) async fn queue(
    g: &GlobalArgs,
    conn: &mut Connection,
    out: &mut Output,
    cmd: QueueCommand,
) -> Result<(), CliError> {
    match cmd {
        QueueCommand::Ls => {
            let req = conn.req(pb::ListQueuesRequest {});
            let list = conn
                .admin
                .list_queues(req)
                .await
                .map_err(|s| conn.err(s))?
                .into_inner();
            out.list(&list.queues.iter().map(Queue::from).collect::<Vec<_>>())
        }
        QueueCommand::Get { name } => {
            let req = conn.req(pb::GetQueueRequest { name });
            let q = conn
                .admin
                .get_queue(req)
                .await
                .map_err(|s| conn.err(s))?
                .into_inner();
            out.item(&queue_of(q.queue))
        }
        QueueCommand::Pause { name } => {
            confirm(
                g,
                &format!("Pause queue {name}? Workers stop leasing from it."),
            )?;
            let req = conn.req(pb::PauseQueueRequest {
                name: name.clone(),
                paused: true,
            });
            let q = conn
                .admin
                .pause_queue(req)
                .await
                .map_err(|s| conn.err(s))?
                .into_inner();
            note(format!("paused queue {name}"));
            out.item(&queue_of(q.queue))
        }
        QueueCommand::Resume { name } => {
            let req = conn.req(pb::PauseQueueRequest {
                name: name.clone(),
                paused: false,
            });
            let q = conn
                .admin
                .pause_queue(req)
                .await
                .map_err(|s| conn.err(s))?
                .into_inner();
            note(format!("resumed queue {name}"));
            out.item(&queue_of(q.queue))
        }
        QueueCommand::Weight(WeightCommand::Set { name, weight }) => {
            let req = conn.req(pb::UpdateQueueWeightRequest {
                name: name.clone(),
                weight,
            });
            let q = conn
                .admin
                .update_queue_weight(req)
                .await
                .map_err(|s| conn.err(s))?
                .into_inner();
            note(format!("set the weight of {name} to {weight}"));
            out.item(&queue_of(q.queue))
        }
        QueueCommand::Delete {
            name,
            force,
            dry_run,
        } => crate::commands::delete::queue_delete(g, conn, out, name, force, dry_run).await,
        QueueCommand::History { name, range } => {
            let req = conn.req(pb::GetQueueHistoryRequest { queue: name, range });
            let h = conn
                .admin
                .get_queue_history(req)
                .await
                .map_err(|s| conn.err(s))?
                .into_inner();
            out.item(&History::from(&h))
        }
        QueueCommand::Weight(WeightCommand::Reset { name }) => {
            let req = conn.req(pb::ResetQueueWeightRequest { name: name.clone() });
            let q = conn
                .admin
                .reset_queue_weight(req)
                .await
                .map_err(|s| conn.err(s))?
                .into_inner();
            let view = queue_of(q.queue);
            note(format!(
                "reset the weight of {name} to its default, {}",
                view.weight
            ));
            out.item(&view)
        }
    }
}

pub(crate) async fn dequeue(
    g: &GlobalArgs,
    conn: &mut Connection,
    out: &mut Output,
    cmd: DequeueCommand,
) -> Result<(), CliError> {
    let paused = match cmd {
        DequeueCommand::Pause => {
            confirm(
                g,
                "Pause dequeue? No worker leases any task until it is resumed.",
            )?;
            let req = conn.req(pb::PauseDequeueRequest {});
            conn.admin
                .pause_dequeue(req)
                .await
                .map_err(|s| conn.err(s))?
                .into_inner()
                .paused
        }
        DequeueCommand::Resume => {
            let req = conn.req(pb::ResumeDequeueRequest {});
            conn.admin
                .resume_dequeue(req)
                .await
                .map_err(|s| conn.err(s))?
                .into_inner()
                .paused
        }
    };
    note(if paused {
        "dequeue paused"
    } else {
        "dequeue resumed"
    });
    out.item(&DequeueState { paused })
}

#[derive(serde::Serialize)]
struct DequeueState {
    paused: bool,
}

impl crate::output::Record for DequeueState {
    fn header(_: bool) -> Vec<&'static str> {
        vec!["PAUSED"]
    }
    fn row(&self, _: bool) -> Vec<String> {
        vec![self.paused.to_string()]
    }
}
