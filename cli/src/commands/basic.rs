//! `health` and `overview`.

use worker_proto::v1 as pb;

use crate::client::Connection;
use crate::exit::CliError;
use crate::output::view::{Health, History, Overview};
use crate::output::{Output, note};

pub(crate) async fn health(conn: &mut Connection, out: &mut Output) -> Result<(), CliError> {
    let req = conn.req(pb::GetHealthRequest {});
    let h = conn
        .admin
        .get_health(req)
        .await
        .map_err(|s| conn.err(s))?
        .into_inner();
    out.item(&Health {
        status: h.status,
        version: h.version,
        commit: h.commit,
        build_time: h.build_time,
        rustc: h.go_version,
        server: conn.target.server.clone(),
    })
}

pub(crate) async fn overview(
    conn: &mut Connection,
    out: &mut Output,
    range: Option<String>,
) -> Result<(), CliError> {
    let req = conn.req(pb::GetOverviewRequest {});
    let o = conn
        .admin
        .get_overview(req)
        .await
        .map_err(|s| conn.err(s))?
        .into_inner();
    for u in &o.unserved_handlers {
        note(format!(
            "warning: no live worker has handler {}; its tasks in {} wait until one registers",
            u.handler,
            u.queues.join(", ")
        ));
    }
    let mut view = Overview::from(&o);
    if let Some(range) = range {
        let req = conn.req(pb::GetQueueHistoryRequest {
            queue: String::new(),
            range,
        });
        let h = conn
            .admin
            .get_queue_history(req)
            .await
            .map_err(|s| conn.err(s))?
            .into_inner();
        view.history = Some(History::from(&h));
    }
    out.item(&view)
}
