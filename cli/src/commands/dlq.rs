//! `dlq ls|get|groups|replay` (`dlq delete` is in `delete.rs`). A replay by filter is a server
//! bulk operation (`bulk.rs` starts and follows it); `--limit N` and `--ids` replay in batches
//! from here under the server's caps, show progress on a terminal, and stop cleanly between
//! batches on Ctrl-C.

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use indicatif::{ProgressBar, ProgressStyle};
use tonic::Code;
use worker_proto::lifecycle;
use worker_proto::v1 as pb;

use crate::args::{BulkAction, DlqCommand, GlobalArgs, OutputFormat, ReplayArgs};
use crate::client::Connection;
use crate::commands::bulk::filter_of;
use crate::commands::confirm;
use crate::exit::{CliError, Exit};
use crate::output::view::{DlqDetail, DlqEntry, DlqGroup, Outcome, ReplaySummary, state_name};
use crate::output::{Output, note};

pub(crate) async fn dlq(
    g: &GlobalArgs,
    conn: &mut Connection,
    out: &mut Output,
    cmd: DlqCommand,
) -> Result<(), CliError> {
    match cmd {
        DlqCommand::Ls(args) => {
            let filter = filter_of(&args.filter)?;
            if filter.state.as_deref().is_some_and(|s| s != "dead") {
                return Err(CliError::usage(
                    "the DLQ holds dead tasks only; leave the state out or say dead",
                ));
            }
            let limit = args.limit.min(i32::MAX as u32) as i32;
            let mut request = pb::ListDlqRequest {
                limit,
                offset: args.offset.min(i32::MAX as u32) as i32,
                filter: Some(filter.to_message()),
                ..Default::default()
            };
            let mut r = conn
                .admin
                .list_dlq(conn.req(request.clone()))
                .await
                .map_err(|s| conn.err(s))?
                .into_inner();
            // A filtered page looks at a bounded number of entries per call and may come back
            // short with where to continue: follow it until the page is full.
            let want = if limit <= 0 { 100 } else { limit as usize };
            while r.entries.len() < want && !r.next_cursor.is_empty() {
                request.offset = 0;
                request.limit = (want - r.entries.len()) as i32;
                request.cursor = std::mem::take(&mut r.next_cursor);
                let more = conn
                    .admin
                    .list_dlq(conn.req(request.clone()))
                    .await
                    .map_err(|s| conn.err(s))?
                    .into_inner();
                r.entries.extend(more.entries);
                r.next_cursor = more.next_cursor;
            }
            if r.total_capped {
                note(format!(
                    "{} of at least {} entries",
                    r.entries.len(),
                    r.total
                ));
            } else if r.total > r.entries.len() as i64 {
                note(format!("{} of {} entries", r.entries.len(), r.total));
            }
            out.list(&r.entries.iter().map(DlqEntry::from).collect::<Vec<_>>())
        }
        DlqCommand::Get { id } => {
            let req = conn.req(pb::GetDlqEntryRequest { id });
            let r = conn
                .admin
                .get_dlq_entry(req)
                .await
                .map_err(|s| conn.err(s))?
                .into_inner();
            out.item(&DlqDetail::from(&r.entry.unwrap_or_default()))
        }
        DlqCommand::Groups(args) => {
            let req = conn.req(pb::ListDlqGroupsRequest {
                limit: args.limit.min(i32::MAX as u32) as i32,
                queue: args.queue.unwrap_or_default(),
                handler: args.handler.unwrap_or_default(),
            });
            let r = conn
                .admin
                .list_dlq_groups(req)
                .await
                .map_err(|s| conn.err(s))?
                .into_inner();
            if r.total_groups > r.groups.len() as i64 {
                note(format!(
                    "{} of {} groups ({} entries in all)",
                    r.groups.len(),
                    r.total_groups,
                    r.total_entries
                ));
            }
            out.list(&r.groups.iter().map(DlqGroup::from).collect::<Vec<_>>())
        }
        DlqCommand::Replay(args) => replay(g, conn, out, args).await,
        DlqCommand::Delete(args) => crate::commands::delete::dlq_delete(g, conn, out, args).await,
    }
}

async fn total(conn: &mut Connection) -> Result<u64, CliError> {
    let req = conn.req(pb::ListDlqRequest {
        limit: 1,
        ..Default::default()
    });
    let r = conn
        .admin
        .list_dlq(req)
        .await
        .map_err(|s| conn.err(s))?
        .into_inner();
    Ok(r.total.max(0) as u64)
}

/// Sets a flag on Ctrl-C instead of dying, so a replay stops between batches.
pub(crate) fn interrupt_flag() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    let set = flag.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            set.store(true, Ordering::SeqCst);
        }
    });
    flag
}

pub(crate) fn progress(total: u64, what: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({per_sec}, {eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message(what.to_string());
    bar
}

fn interrupted(moved: u64) -> CliError {
    CliError::new(
        Exit::Interrupted,
        format!("interrupted after moving {moved} entries"),
    )
    .hint("run the same command again to continue where it stopped")
}

async fn replay(
    g: &GlobalArgs,
    conn: &mut Connection,
    out: &mut Output,
    args: ReplayArgs,
) -> Result<(), CliError> {
    if let Some(ids) = args.ids.clone() {
        return replay_ids(g, conn, out, &args, ids).await;
    }
    let Some(limit) = args.limit else {
        let start = crate::commands::bulk::Start {
            action: BulkAction::ReplayDlq,
            filter: &args.filter,
            all: args.all,
            dry_run: args.dry_run,
            detach: args.detach,
            batch: args.batch,
            sample: 10,
        };
        return crate::commands::bulk::start(g, conn, out, start).await;
    };
    let dlq_size = total(conn).await?;
    let requested = u64::from(limit).min(dlq_size);
    if args.dry_run {
        // The oldest `requested` entries are the last ones of the newest-first listing.
        let mut entries = Vec::new();
        let mut offset = dlq_size - requested;
        while offset < dlq_size {
            let req = conn.req(pb::ListDlqRequest {
                limit: 1_000,
                offset: offset.min(i32::MAX as u64) as i32,
                ..Default::default()
            });
            let page = conn
                .admin
                .list_dlq(req)
                .await
                .map_err(|s| conn.err(s))?
                .into_inner();
            if page.entries.is_empty() {
                break;
            }
            offset += page.entries.len() as u64;
            entries.extend(page.entries.iter().map(DlqEntry::from));
        }
        entries.reverse();
        note(format!(
            "dry run: would replay {} of {dlq_size} entries, oldest first; nothing changed",
            entries.len()
        ));
        // `-o json` keeps the documented summary object (README, "JSON output"), as a real
        // replay prints; tables and `-o jsonl`/`csv` list the entries that would move.
        if out.format() == OutputFormat::Json {
            return out.item(&ReplaySummary {
                dry_run: true,
                requested: entries.len() as u64,
                moved: 0,
                batches: 0,
                interrupted: false,
            });
        }
        return out.list(&entries);
    }
    if requested == 0 {
        note("the DLQ is empty; nothing to replay");
        return out.item(&ReplaySummary {
            dry_run: false,
            requested: 0,
            moved: 0,
            batches: 0,
            interrupted: false,
        });
    }
    confirm(
        g,
        &format!("Replay {requested} DLQ entries (oldest first)?"),
    )?;
    let stop = interrupt_flag();
    let bar = progress(requested, "replaying");
    let mut batch = args.batch;
    let (mut moved, mut batches) = (0_u64, 0_u64);
    while moved < requested {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let n = u64::from(batch).min(requested - moved) as i32;
        let req = conn.req(pb::ReplayDlqRequest { limit: n });
        match conn.admin.replay_dlq(req).await {
            Ok(r) => {
                let r = r.into_inner();
                batches += 1;
                moved += r.moved.max(0) as u64;
                bar.set_position(moved);
                if r.moved == 0 {
                    break;
                }
            }
            // Above the server's cap: halve the batch and go on.
            Err(s) if s.code() == Code::ResourceExhausted && batch > 1 => batch /= 2,
            Err(s) => {
                bar.abandon();
                let mut err = conn.err(s);
                if moved > 0 {
                    err = err.hint(format!("{moved} entries were replayed before this failure"));
                }
                return Err(err);
            }
        }
    }
    bar.finish_and_clear();
    let was_interrupted = stop.load(Ordering::SeqCst) && moved < requested;
    note(format!(
        "replayed {moved} of {requested} entries in {batches} batches"
    ));
    out.item(&ReplaySummary {
        dry_run: false,
        requested,
        moved,
        batches,
        interrupted: was_interrupted,
    })?;
    if was_interrupted {
        return Err(interrupted(moved));
    }
    Ok(())
}

async fn replay_ids(
    g: &GlobalArgs,
    conn: &mut Connection,
    out: &mut Output,
    args: &ReplayArgs,
    ids: Vec<String>,
) -> Result<(), CliError> {
    let ids: Vec<String> = ids
        .into_iter()
        .map(|id| id.trim().to_string())
        .filter(|id| !id.is_empty())
        .collect();
    if ids.is_empty() {
        return Err(CliError::usage("--ids names no id"));
    }
    if args.dry_run {
        let mut outcomes = Vec::with_capacity(ids.len());
        for id in &ids {
            let req = conn.req(pb::GetDlqEntryRequest { id: id.clone() });
            let outcome = match conn.admin.get_dlq_entry(req).await {
                Ok(_) => "would_replay",
                Err(s) if s.code() == Code::NotFound => "not_in_dlq",
                Err(s) => return Err(conn.err(s)),
            };
            outcomes.push(Outcome {
                id: id.clone(),
                outcome: outcome.into(),
                state: if outcome == "would_replay" {
                    lifecycle::state_name(pb::TaskState::Dead)
                } else {
                    ""
                }
                .into(),
            });
        }
        let n = outcomes
            .iter()
            .filter(|o| o.outcome == "would_replay")
            .count();
        note(format!(
            "dry run: would replay {n} of {} ids; nothing changed",
            ids.len()
        ));
        return out.list(&outcomes);
    }
    confirm(g, &format!("Replay {} DLQ entries by id?", ids.len()))?;
    let stop = interrupt_flag();
    let bar = progress(ids.len() as u64, "replaying");
    let mut results = Vec::with_capacity(ids.len());
    let mut batch = args.batch as usize;
    let mut done = 0;
    while done < ids.len() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let chunk = &ids[done..(done + batch).min(ids.len())];
        let req = conn.req(pb::ReplayDlqByIdRequest {
            ids: chunk.to_vec(),
        });
        match conn.admin.replay_dlq_by_id(req).await {
            Ok(r) => {
                results.extend(r.into_inner().results.iter().map(|r| Outcome {
                    id: r.id.clone(),
                    outcome: r.outcome.clone(),
                    state: if r.outcome == "not_found" {
                        String::new()
                    } else {
                        state_name(r.state)
                    },
                }));
                done += chunk.len();
                bar.set_position(done as u64);
            }
            Err(s) if s.code() == Code::ResourceExhausted && batch > 1 => batch /= 2,
            Err(s) => {
                bar.abandon();
                return Err(conn.err(s));
            }
        }
    }
    bar.finish_and_clear();
    let moved = results.iter().filter(|r| r.outcome == "replayed").count();
    note(format!("replayed {moved} of {} ids", ids.len()));
    out.list(&results)?;
    if done < ids.len() {
        return Err(interrupted(moved as u64));
    }
    Ok(())
}
