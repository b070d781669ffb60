//! `certs init` and `completion`: the commands that need no server.

#![allow(clippy::print_stdout, reason = "they print their output directly")]

use std::io::Write;

use worker_proto::access::Role;

use crate::args::{CertsCommand, CompletionArgs, GlobalArgs, OutputFormat};
use crate::exit::CliError;
use crate::output::view::Pki;
use crate::output::{Output, note};

pub(crate) fn certs(g: &GlobalArgs, out: &mut Output, cmd: CertsCommand) -> Result<(), CliError> {
    let CertsCommand::Init {
        out: dir,
        sans,
        force,
    } = cmd;
    let dir = dir.unwrap_or_else(|| worker_pki::data_dir_from_env().join("pki"));
    let paths = worker_pki::PkiPaths::new(&dir);
    if paths.ca_cert().exists() && !force {
        return Err(
            CliError::failed(format!("{} already holds a PKI", dir.display())).hint(
                "pass --force to replace it (clients holding the old certificates stop working)",
            ),
        );
    }
    let mut names = vec!["localhost".to_string(), "127.0.0.1".to_string()];
    names.extend(sans);
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    worker_pki::init(&dir, &refs).map_err(|e| CliError::failed(e.to_string()))?;
    let s = |p: std::path::PathBuf| p.display().to_string();
    let pki = Pki {
        dir: s(dir.clone()),
        ca: s(paths.ca_cert()),
        server_cert: s(paths.server_cert()),
        server_key: s(paths.server_key()),
        admin_cert: s(paths.client_cert(Role::Admin.as_str())),
        admin_key: s(paths.client_key(Role::Admin.as_str())),
        operator_cert: s(paths.client_cert(Role::Operator.as_str())),
        operator_key: s(paths.client_key(Role::Operator.as_str())),
        viewer_cert: s(paths.client_cert(Role::Viewer.as_str())),
        viewer_key: s(paths.client_key(Role::Viewer.as_str())),
    };
    note(format!(
        "made a CA, a server certificate for {} and admin, operator, viewer and gateway client certificates in {} (keys are 0600)",
        names.join(", "),
        dir.display()
    ));
    if matches!(g.output, OutputFormat::Table | OutputFormat::Wide) {
        let mut stdout = std::io::stdout().lock();
        writeln!(stdout, "# start workerd with:")?;
        writeln!(stdout, "export WORKER_ADMIN_TLS_CERT={}", pki.server_cert)?;
        writeln!(stdout, "export WORKER_ADMIN_TLS_KEY={}", pki.server_key)?;
        writeln!(stdout, "export WORKER_ADMIN_TLS_CA={}", pki.ca)?;
        writeln!(stdout, "# and use workerctl as admin with:")?;
        writeln!(stdout, "export WORKERCTL_CA={}", pki.ca)?;
        writeln!(stdout, "export WORKERCTL_CERT={}", pki.admin_cert)?;
        writeln!(stdout, "export WORKERCTL_KEY={}", pki.admin_key)?;
        stdout.flush()?;
        return Ok(());
    }
    out.item(&pki)
}

pub(crate) fn completion(args: CompletionArgs) -> Result<(), CliError> {
    let buf = crate::generate::completion(args.shell);
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&buf)?;
    stdout.flush()?;
    Ok(())
}
