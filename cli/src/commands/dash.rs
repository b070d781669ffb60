//! `workerctl dash`: hands the connection to the dashboard (worker-tui). The role shown and
//! the actions offered come from the client certificate's OU, as the server reads it.

use crate::args::{DashArgs, GlobalArgs};
use crate::client::Connection;
use crate::exit::CliError;

pub(crate) async fn dash(g: &GlobalArgs, conn: Connection, args: DashArgs) -> Result<(), CliError> {
    let pem = std::fs::read_to_string(&conn.target.cert)?;
    let subject = worker_pki::subject_of_pem(&pem).map_err(|e| {
        CliError::usage(format!(
            "cannot read the client certificate {}",
            conn.target.cert.display()
        ))
        .cause(e.to_string())
    })?;
    let options = worker_tui::Options {
        server: conn.target.server.clone(),
        identity: subject.common_name,
        role: worker_tui::Role::parse(&subject.role),
        readonly: args.readonly,
        refresh: args.refresh,
    };
    let connection = worker_tui::Connection {
        admin: conn.admin.clone(),
        approval: g.approval_token.clone(),
        timeout: g.deadline(),
    };
    worker_tui::run(connection, options)
        .await
        .map_err(|e| CliError::failed(format!("the dashboard stopped: {e}")))
}
