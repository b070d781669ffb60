//! `audit ls`, `audit export` and `audit verify`.

use std::io::Write;

use futures::StreamExt;
use worker_proto::v1 as pb;

use crate::args::{AuditCommand, AuditFilterArgs, ExportFormat};
use crate::client::Connection;
use crate::commands::parse_time;
use crate::exit::CliError;
use crate::output::view::{Audit, AuditVerification};
use crate::output::{Output, note};

fn times(filter: &AuditFilterArgs) -> Result<(i64, i64), CliError> {
    let since = filter
        .since
        .as_deref()
        .map(|t| parse_time(t, "--since"))
        .transpose()?
        .unwrap_or(0);
    let until = filter
        .until
        .as_deref()
        .map(|t| parse_time(t, "--until"))
        .transpose()?
        .unwrap_or(0);
    Ok((since, until))
}

pub(crate) async fn audit(
    conn: &mut Connection,
    out: &mut Output,
    cmd: AuditCommand,
) -> Result<(), CliError> {
    match cmd {
        AuditCommand::Verify => {
            let req = conn.req(pb::VerifyAuditChainRequest {});
            let r = conn
                .admin
                .verify_audit_chain(req)
                .await
                .map_err(|s| conn.err(s))?
                .into_inner();
            let view = AuditVerification::from(&r);
            out.item(&view)?;
            match view.broken {
                None => Ok(()),
                Some(b) => {
                    out.flush()?;
                    Err(CliError::failed(format!(
                        "the audit chain is broken at entry {} ({}): {}",
                        b.id, b.reason, b.message
                    ))
                    .cause(format!(
                        "{} entries before it verified",
                        view.checked
                    ))
                    .hint("compare with an export or archive taken before the break; an entry changed or removed by hand, or a rewrite without the audit key, breaks the chain"))
                }
            }
        }
        AuditCommand::Ls { filter, limit } => {
            let (since_ms, until_ms) = times(&filter)?;
            let mut events: Vec<Audit> = Vec::new();
            let mut cursor = String::new();
            while (events.len() as u32) < limit {
                let page = (limit - events.len() as u32).min(1_000) as i32;
                let req = conn.req(pb::ListAuditEventsRequest {
                    action: filter.action.clone().unwrap_or_default(),
                    target: filter.target.clone().unwrap_or_default(),
                    actor: filter.actor.clone().unwrap_or_default(),
                    since_ms,
                    until_ms,
                    limit: page,
                    cursor: cursor.clone(),
                });
                let r = conn
                    .admin
                    .list_audit_events(req)
                    .await
                    .map_err(|s| conn.err(s))?
                    .into_inner();
                events.extend(r.events.iter().map(Audit::from));
                if r.next_cursor.is_empty() {
                    break;
                }
                cursor = r.next_cursor;
            }
            out.list(&events)
        }
        AuditCommand::Export {
            filter,
            format,
            out: path,
            limit,
        } => {
            let (since_ms, until_ms) = times(&filter)?;
            let req = conn.stream_req(pb::ExportAuditEventsRequest {
                action: filter.action.clone().unwrap_or_default(),
                target: filter.target.clone().unwrap_or_default(),
                actor: filter.actor.clone().unwrap_or_default(),
                since_ms,
                until_ms,
                limit: limit.min(i32::MAX as u32) as i32,
            });
            let mut stream = conn
                .admin
                .export_audit_events(req)
                .await
                .map_err(|s| conn.err(s))?
                .into_inner();
            let mut sink: Box<dyn Write> = match &path {
                Some(path) => Box::new(std::io::BufWriter::new(
                    std::fs::File::create(path).map_err(|e| {
                        CliError::failed(format!("cannot create {}: {e}", path.display()))
                    })?,
                )),
                None => {
                    out.flush()?;
                    Box::new(std::io::BufWriter::new(std::io::stdout()))
                }
            };
            let csv_err = |e: csv::Error| match e.into_kind() {
                csv::ErrorKind::Io(io) => CliError::io(io),
                other => CliError::failed(format!("cannot write CSV: {other:?}")),
            };
            let json_err =
                |e: serde_json::Error| CliError::failed(format!("cannot write JSON: {e}"));
            let mut n = 0_u64;
            match format {
                ExportFormat::Csv => {
                    let mut w = csv::Writer::from_writer(&mut sink);
                    w.write_record(worker_proto::audit::CSV_HEADER)
                        .map_err(csv_err)?;
                    while let Some(item) = stream.next().await {
                        let event = item.map_err(|s| conn.err(s))?;
                        w.write_record(worker_proto::audit::csv_row(&event))
                            .map_err(csv_err)?;
                        n += 1;
                    }
                    w.flush()?;
                }
                ExportFormat::Json => {
                    sink.write_all(b"[")?;
                    while let Some(item) = stream.next().await {
                        let event = Audit::from(&item.map_err(|s| conn.err(s))?);
                        sink.write_all(if n == 0 { b"\n" } else { b",\n" })?;
                        serde_json::to_writer(&mut sink, &event).map_err(json_err)?;
                        n += 1;
                    }
                    sink.write_all(b"\n]\n")?;
                }
                ExportFormat::Jsonl => {
                    while let Some(item) = stream.next().await {
                        let event = Audit::from(&item.map_err(|s| conn.err(s))?);
                        serde_json::to_writer(&mut sink, &event).map_err(json_err)?;
                        sink.write_all(b"\n")?;
                        n += 1;
                    }
                }
            }
            sink.flush()?;
            match path {
                Some(path) => note(format!("exported {n} audit entries to {}", path.display())),
                None => note(format!("exported {n} audit entries")),
            }
            Ok(())
        }
    }
}
