//! `workerctl bulk`: start a bulk action by filter on the server and follow its
//! `bulk_progress` events to the end (a progress bar on a terminal), or dry-run it; list,
//! show, cancel and resume operations. The server does the work: stopping here (Ctrl-C,
//! `--detach`) only stops following.

use futures::StreamExt;
use worker_proto::filter::{Filter, parse_age};
use worker_proto::v1 as pb;

use crate::args::{BulkAction, BulkCommand, BulkRunArgs, FilterArgs, GlobalArgs};
use crate::client::Connection;
use crate::commands::confirm;
use crate::commands::dlq::{interrupt_flag, progress};
use crate::exit::{CliError, Exit};
use crate::output::view::{BulkOp, BulkSample};
use crate::output::{Output, note};

pub(crate) async fn bulk(
    g: &GlobalArgs,
    conn: &mut Connection,
    out: &mut Output,
    cmd: BulkCommand,
) -> Result<(), CliError> {
    match cmd {
        BulkCommand::Run(args) => run(g, conn, out, args).await,
        BulkCommand::Ls { limit } => {
            let req = conn.req(pb::ListBulkOperationsRequest {
                limit: limit.min(i32::MAX as u32) as i32,
            });
            let ops = conn
                .admin
                .list_bulk_operations(req)
                .await
                .map_err(|s| conn.err(s))?
                .into_inner()
                .operations;
            out.list(&ops.iter().map(BulkOp::from).collect::<Vec<_>>())
        }
        BulkCommand::Get { id } => {
            let req = conn.req(pb::GetBulkOperationRequest { id });
            let r = conn.admin.get_bulk_operation(req).await;
            let op = operation(r.map_err(|s| conn.err(s))?.into_inner().operation)?;
            out.item(&BulkOp::from(&op))
        }
        BulkCommand::Cancel { id } => {
            confirm(g, &format!("Stop bulk operation {id}?"))?;
            let req = conn.req(pb::CancelBulkOperationRequest { id });
            let r = conn.admin.cancel_bulk_operation(req).await;
            let op = operation(r.map_err(|s| conn.err(s))?.into_inner().operation)?;
            note(format!(
                "stopped {} after {} of {} processed",
                op.id, op.processed, op.matched
            ));
            out.item(&BulkOp::from(&op))
        }
        BulkCommand::Resume { id } => {
            let req = conn.req(pb::ResumeBulkOperationRequest { id });
            let r = conn.admin.resume_bulk_operation(req).await;
            let op = operation(r.map_err(|s| conn.err(s))?.into_inner().operation)?;
            follow(conn, out, op).await
        }
    }
}

/// The operation an answer carries: a server that answered without one is a failure, not an
/// empty record printed as if it were one.
fn operation(op: Option<pb::BulkOperation>) -> Result<pb::BulkOperation, CliError> {
    op.ok_or_else(|| CliError::failed("the server answered without the bulk operation"))
}

/// The filter of the flags or of `--filter`, checked as the server checks it.
pub(crate) fn filter_of(args: &FilterArgs) -> Result<Filter, CliError> {
    let usage = |e: worker_proto::filter::FilterError| CliError::usage(e.0);
    if let Some(text) = &args.filter {
        return Filter::parse(text).map_err(usage);
    }
    let filter = Filter {
        queue: args.queue.clone(),
        handler: args.handler.clone(),
        state: args.state.as_ref().map(|s| s.trim().to_ascii_lowercase()),
        text: args.query.clone(),
        fingerprint: args.fingerprint.clone(),
        older_than: args
            .older_than
            .as_deref()
            .map(parse_age)
            .transpose()
            .map_err(usage)?,
    };
    filter.check().map_err(usage)?;
    Ok(filter)
}

/// One bulk action to start on the server: what `bulk run` takes, and what `dlq replay`,
/// `dlq delete` and `task delete|cancel|retry` build from their filter flags.
pub(crate) struct Start<'a> {
    pub action: BulkAction,
    pub filter: &'a FilterArgs,
    pub all: bool,
    pub dry_run: bool,
    pub detach: bool,
    pub batch: u32,
    pub sample: u32,
}

async fn run(
    g: &GlobalArgs,
    conn: &mut Connection,
    out: &mut Output,
    args: BulkRunArgs,
) -> Result<(), CliError> {
    let start_args = Start {
        action: args.action,
        filter: &args.filter,
        all: args.all,
        dry_run: args.dry_run,
        detach: args.detach,
        batch: args.batch,
        sample: args.sample,
    };
    start(g, conn, out, start_args).await
}

/// Starts a bulk action by filter on the server (after a dry run for the confirmation's
/// count) and follows its progress to the end; a dry run prints the count and a sample.
pub(crate) async fn start(
    g: &GlobalArgs,
    conn: &mut Connection,
    out: &mut Output,
    args: Start<'_>,
) -> Result<(), CliError> {
    let filter = filter_of(args.filter)?;
    if filter.is_empty() && !args.all {
        return Err(
            CliError::usage("name a filter, or ask for everything with --all")
                .hint("--queue, --handler, --state, --query, --fingerprint, --older-than or --filter EXPR"),
        );
    }
    let request = |dry_run: bool, batch: u32| pb::StartBulkOperationRequest {
        action: args.action.name().into(),
        filter: Some(filter.to_message()),
        dry_run,
        batch_size: batch.min(i32::MAX as u32) as i32,
        sample_size: args.sample as i32,
        all: args.all,
    };
    let shown = if filter.is_empty() {
        "everything".to_string()
    } else {
        filter.to_string()
    };
    if args.dry_run || crate::commands::asks(g) {
        let req = conn.req(request(true, args.batch));
        let dry = conn
            .admin
            .start_bulk_operation(req)
            .await
            .map_err(|s| conn.err(s))?
            .into_inner();
        if args.dry_run {
            note(format!(
                "dry run: {} {} match {shown}; nothing changed",
                dry.matched,
                noun(args.action)
            ));
            return out.list(&dry.sample.iter().map(BulkSample::from).collect::<Vec<_>>());
        }
        confirm(
            g,
            &format!(
                "{} {} {} matching {shown}?",
                verb(args.action),
                dry.matched,
                noun(args.action)
            ),
        )?;
    }
    // Subscribed before the start, so no progress event can be missed.
    let events = if args.detach {
        None
    } else {
        let req = conn.stream_req(pb::StreamEventsRequest {
            kinds: vec!["bulk_progress".into()],
            ..Default::default()
        });
        Some(
            conn.admin
                .stream_events(req)
                .await
                .map_err(|s| conn.err(s))?
                .into_inner(),
        )
    };
    // A batch above the server's maximum is refused before anything starts: halve it and ask
    // again, as the client-side loops did, so `--batch` keeps working on any server.
    let mut batch = args.batch;
    let started = loop {
        let req = conn.req(request(false, batch));
        match conn.admin.start_bulk_operation(req).await {
            Ok(r) => break r.into_inner(),
            Err(s) if batch > 1 && batch_exceeded(&s) => batch /= 2,
            Err(s) => return Err(conn.err(s)),
        }
    };
    let op = started.operation.unwrap_or_default();
    note(format!(
        "started {} {}: {} match {shown}",
        op.action, op.id, op.matched
    ));
    match events {
        None => out.item(&BulkOp::from(&op)),
        Some(events) => watch(conn, out, op, events).await,
    }
}

/// Follows a resumed operation (its events from now) to the end.
async fn follow(
    conn: &mut Connection,
    out: &mut Output,
    op: pb::BulkOperation,
) -> Result<(), CliError> {
    let req = conn.stream_req(pb::StreamEventsRequest {
        kinds: vec!["bulk_progress".into()],
        ..Default::default()
    });
    let events = conn
        .admin
        .stream_events(req)
        .await
        .map_err(|s| conn.err(s))?
        .into_inner();
    // It may have ended before the subscription: read it once more.
    let req = conn.req(pb::GetBulkOperationRequest { id: op.id.clone() });
    let op = conn
        .admin
        .get_bulk_operation(req)
        .await
        .map_err(|s| conn.err(s))?
        .into_inner()
        .operation
        .unwrap_or(op);
    watch(conn, out, op, events).await
}

async fn watch(
    conn: &mut Connection,
    out: &mut Output,
    mut op: pb::BulkOperation,
    mut events: tonic::Streaming<pb::AdminEvent>,
) -> Result<(), CliError> {
    let stop = interrupt_flag();
    let bar = progress(op.matched.max(0) as u64, &op.action);
    let mut tick = tokio::time::interval(std::time::Duration::from_millis(200));
    while op.state == "running" {
        tokio::select! {
            event = events.next() => match event {
                Some(Ok(pb::AdminEvent { event: Some(pb::admin_event::Event::BulkProgress(p)), .. })) => {
                    if let Some(p) = p.operation.filter(|p| p.id == op.id) {
                        bar.set_position(p.processed.max(0) as u64);
                        op = p;
                    }
                }
                Some(Ok(_)) => {}
                Some(Err(s)) => {
                    bar.abandon();
                    return Err(conn.err(s).hint(format!("the operation goes on: workerctl bulk get {}", op.id)));
                }
                None => {
                    bar.abandon();
                    return Err(CliError::failed("the event stream ended").hint(format!("the operation goes on: workerctl bulk get {}", op.id)));
                }
            },
            _ = tick.tick() => {
                if stop.load(std::sync::atomic::Ordering::SeqCst) {
                    bar.abandon();
                    return Err(CliError::new(Exit::Interrupted, format!("stopped following {}; it goes on on the server", op.id))
                        .hint(format!("workerctl bulk get {} shows its progress; workerctl bulk cancel {} stops it", op.id, op.id)));
                }
            }
        }
    }
    bar.finish_and_clear();
    note(format!(
        "{} {} {}: {} of {} processed, {} changed, {} skipped in {} batches",
        op.action, op.id, op.state, op.processed, op.matched, op.succeeded, op.skipped, op.batches
    ));
    out.item(&BulkOp::from(&op))?;
    match op.state.as_str() {
        "done" if op.action == "delete_tasks" && op.skipped > 0 => Err(CliError::failed(format!(
            "{} task(s) were left (running ones are never deleted)",
            op.skipped
        ))
        .hint("cancel them first, then delete again")),
        "done" => Ok(()),
        "failed" => Err(CliError::failed(format!(
            "bulk operation {} failed: {}",
            op.id, op.last_error
        ))
        .hint(format!(
            "workerctl bulk resume {} continues where it stopped",
            op.id
        ))),
        other => Err(CliError::failed(format!(
            "bulk operation {} ended {other}",
            op.id
        ))),
    }
}

/// The server's refusal of a batch size above its maximum (and of nothing else).
fn batch_exceeded(status: &tonic::Status) -> bool {
    use tonic_types::StatusExt;
    status.code() == tonic::Code::ResourceExhausted
        && status
            .get_error_details()
            .error_info()
            .is_some_and(|info| info.reason == "bulk_batch_exceeded")
}

fn noun(action: BulkAction) -> &'static str {
    match action {
        BulkAction::ReplayDlq | BulkAction::DeleteDlq => "DLQ entries",
        _ => "tasks",
    }
}

fn verb(action: BulkAction) -> &'static str {
    match action {
        BulkAction::ReplayDlq => "Replay",
        BulkAction::DeleteDlq | BulkAction::DeleteTasks => "Delete",
        BulkAction::CancelTasks => "Cancel",
        BulkAction::RetryTasks => "Retry",
    }
}
