//! Names from the server for shell completion (`workerctl __complete`, outside the clap
//! command so it is in no help, completion or man page): queue, handler, task, DLQ entry,
//! worker, schedule and job names for the arguments that take them, as kubectl completes
//! resource names. The generated bash, zsh and fish completions call it (see `generate.rs`).
//!
//! Two forms:
//! - `workerctl __complete KIND PREFIX` prints the names of KIND (`queue`, `handler`, `task`,
//!   `dlq`, `worker`, `schedule`, `job`) starting with PREFIX, one a line.
//! - `workerctl __complete CWORD -- WORD…` is the shell's command line (bash's `COMP_WORDS`,
//!   zsh's `words`, fish's tokens; the word under the cursor at CWORD, from 0): it finds, from the clap command, the argument being typed and
//!   its kind, connects with the flags on the line (else the environment, the context, the
//!   development PKI), and prints the names. Exit 1, printing nothing, says "no names here"
//!   so the shell falls back to the static completion.
//!
//! Either way the server has [`BUDGET`] to answer; on any failure (no server, a refused
//! certificate, a timeout) nothing is printed, on stdout or stderr, and the exit code is 0.

use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use worker_proto::v1 as pb;

use crate::args::Cli;
use crate::client::Connection;

/// How long completion waits for the server, connection included.
const BUDGET: Duration = Duration::from_millis(1_000);

/// At most this many names of the kinds that grow without bound (task and DLQ ids).
const IDS: i32 = 100;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Queue,
    Handler,
    Task,
    Dlq,
    Worker,
    Schedule,
    Job,
}

impl Kind {
    fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "queue" => Kind::Queue,
            "handler" => Kind::Handler,
            "task" => Kind::Task,
            "dlq" => Kind::Dlq,
            "worker" => Kind::Worker,
            "schedule" => Kind::Schedule,
            "job" => Kind::Job,
            _ => return None,
        })
    }
}

/// What the cursor is on: the kind of name, the text typed so far (after the last comma of a
/// comma-separated list, which `head` keeps), the global flags on the line and the `--queue`
/// given, which narrows task ids.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Want {
    pub kind: Kind,
    pub head: String,
    pub prefix: String,
    pub globals: Vec<String>,
    pub queue: Option<String>,
}

/// `workerctl __complete …`, given the arguments after `__complete`.
pub(crate) fn main(args: &[String]) -> ExitCode {
    let want = match args {
        [kind, rest @ ..] if rest.len() <= 1 && Kind::parse(kind).is_some() => Want {
            kind: Kind::parse(kind).unwrap_or(Kind::Queue),
            head: String::new(),
            prefix: rest.first().cloned().unwrap_or_default(),
            globals: Vec::new(),
            queue: None,
        },
        [cword, dashes, words @ ..] if dashes == "--" => {
            let Ok(cword) = cword.parse::<usize>() else {
                return ExitCode::from(1);
            };
            match wanted(words, cword) {
                Some(want) => want,
                None => return ExitCode::from(1),
            }
        }
        _ => return ExitCode::from(1),
    };
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    else {
        return ExitCode::SUCCESS;
    };
    if let Ok(Some(names)) =
        runtime.block_on(async { tokio::time::timeout(BUDGET, names(&want)).await })
    {
        let mut out = String::new();
        for name in names.iter().filter(|n| n.starts_with(&want.prefix)) {
            out.push_str(&want.head);
            out.push_str(name);
            out.push('\n');
        }
        use std::io::Write;
        let mut stdout = std::io::stdout().lock();
        let _ = stdout.write_all(out.as_bytes());
        let _ = stdout.flush();
    }
    ExitCode::SUCCESS
}

/// The argument under the cursor and its kind, from the clap command; `None` where no names
/// from the server fit.
pub(crate) fn wanted(words: &[String], cword: usize) -> Option<Want> {
    if cword == 0 || cword > words.len() {
        return None;
    }
    let mut root = crate::command();
    root.build();
    let mut cmd = &root;
    let mut path: Vec<String> = Vec::new();
    let mut positionals = 0usize;
    let mut globals = Vec::new();
    let mut queue = None;
    let mut i = 1;
    // The argument a flag before the cursor waits a value for.
    let mut pending: Option<clap::Arg> = None;
    while i < cword {
        let word = &words[i];
        i += 1;
        if let Some(arg) = pending.take() {
            if arg.is_global_set() {
                globals.push(word.clone());
            }
            if arg.get_id() == "queue" {
                queue = Some(word.clone());
            }
            continue;
        }
        if word.starts_with('-') && word.len() > 1 {
            let arg = if let Some(long) = word.strip_prefix("--") {
                let name = long.split('=').next().unwrap_or(long);
                cmd.get_arguments()
                    .find(|a| a.get_long() == Some(name))
                    .cloned()
            } else {
                let short = word.chars().nth(1);
                cmd.get_arguments()
                    .find(|a| a.get_short().is_some() && a.get_short() == short)
                    .cloned()
            };
            if let Some(arg) = arg {
                if arg.is_global_set() {
                    globals.push(word.clone());
                }
                // `--queue=q` and `-ojson` carry their value; `--queue q` and `-o json` do not.
                let attached = word.contains('=') || (!word.starts_with("--") && word.len() > 2);
                if arg.get_action().takes_values() && !attached {
                    pending = Some(arg);
                }
            }
            continue;
        }
        if let Some(sub) = cmd.find_subcommand(word) {
            path.push(sub.get_name().to_string());
            cmd = sub;
            positionals = 0;
        } else {
            positionals += 1;
        }
    }
    let current = words.get(cword).cloned().unwrap_or_default();
    let arg = match pending {
        Some(arg) => arg,
        None if current.starts_with('-') => return None,
        // A positional that takes many values (`task delete ID…`) takes every later one too.
        None => cmd
            .get_positionals()
            .nth(positionals)
            .or_else(|| {
                cmd.get_positionals()
                    .last()
                    .filter(|a| a.get_num_args().is_some_and(|n| n.max_values() > 1))
            })?
            .clone(),
    };
    let id = arg.get_id().as_str();
    let path: Vec<&str> = path.iter().map(String::as_str).collect();
    let kind = match (path.as_slice(), id) {
        (_, "queue") => Kind::Queue,
        (["queue", ..], "name") => Kind::Queue,
        (_, "handler") => Kind::Handler,
        (["task", "get" | "cancel" | "retry"], "id") | (["task", "delete"], "ids") => Kind::Task,
        (["dlq", "get"], "id") | (["dlq", "replay" | "delete"], "ids") => Kind::Dlq,
        (["worker", "get" | "recycle"], "id") => Kind::Worker,
        (
            [
                "schedule",
                "get" | "delete" | "pause" | "resume" | "run" | "events",
            ],
            "name",
        ) => Kind::Schedule,
        (
            [
                "job",
                "get" | "delete" | "run" | "runs" | "events" | "artifact",
            ],
            "name",
        ) => Kind::Job,
        _ => return None,
    };
    // `--ids a,b,<TAB>`: complete the last of the list, keeping the rest.
    let (head, prefix) = match current.rfind(',') {
        Some(at) if kind == Kind::Dlq => {
            (current[..=at].to_string(), current[at + 1..].to_string())
        }
        _ => (String::new(), current),
    };
    Some(Want {
        kind,
        head,
        prefix,
        globals,
        queue,
    })
}

/// The names of `want.kind` from the server; `None` on any failure.
async fn names(want: &Want) -> Option<Vec<String>> {
    // The connection flags typed on the line, else the environment (clap reads it).
    let mut argv = vec!["workerctl".to_string()];
    argv.extend(want.globals.iter().cloned());
    argv.push("health".into());
    let cli = Cli::try_parse_from(&argv)
        .or_else(|_| Cli::try_parse_from(["workerctl", "health"]))
        .ok()?;
    let mut global = cli.global;
    global.timeout = Some(BUDGET);
    let conn = Connection::open(&global).await.ok()?;
    let mut admin = conn.admin.clone();
    let mut names: Vec<String> = match want.kind {
        Kind::Queue => admin
            .list_queues(conn.req(pb::ListQueuesRequest {}))
            .await
            .ok()?
            .into_inner()
            .queues
            .into_iter()
            .map(|q| q.name)
            .collect(),
        Kind::Handler => admin
            .list_workers(conn.req(pb::ListWorkersRequest {}))
            .await
            .ok()?
            .into_inner()
            .workers
            .into_iter()
            .flat_map(|w| w.handlers)
            .collect(),
        Kind::Task => admin
            .list_tasks(conn.req(pb::ListTasksRequest {
                queue: want.queue.clone().unwrap_or_default(),
                limit: IDS,
                ..Default::default()
            }))
            .await
            .ok()?
            .into_inner()
            .tasks
            .into_iter()
            .map(|t| t.id)
            .collect(),
        Kind::Dlq => admin
            .list_dlq(conn.req(pb::ListDlqRequest {
                limit: IDS,
                queue: want.queue.clone().unwrap_or_default(),
                ..Default::default()
            }))
            .await
            .ok()?
            .into_inner()
            .entries
            .into_iter()
            .map(|e| e.id)
            .collect(),
        Kind::Worker => admin
            .list_workers(conn.req(pb::ListWorkersRequest {}))
            .await
            .ok()?
            .into_inner()
            .workers
            .into_iter()
            .map(|w| w.id)
            .collect(),
        Kind::Schedule => admin
            .list_schedules(conn.req(pb::ListSchedulesRequest {}))
            .await
            .ok()?
            .into_inner()
            .schedules
            .into_iter()
            .map(|s| s.name)
            .collect(),
        Kind::Job => admin
            .list_jobs(conn.req(pb::ListJobsRequest {}))
            .await
            .ok()?
            .into_inner()
            .jobs
            .into_iter()
            .filter_map(|j| j.spec.map(|s| s.name))
            .collect(),
    };
    if !matches!(want.kind, Kind::Task | Kind::Dlq) {
        names.sort();
    }
    names.dedup();
    Some(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: &str) -> Option<(Kind, String, String, Vec<String>)> {
        let mut words: Vec<String> = line.split(' ').map(String::from).collect();
        let cword = words.len() - 1;
        if words[cword] == "_" {
            words[cword] = String::new();
        }
        wanted(&words, cword).map(|w| (w.kind, w.head, w.prefix, w.globals))
    }

    #[test]
    fn the_argument_under_the_cursor_names_its_kind() {
        let q = |prefix: &str| Some((Kind::Queue, String::new(), prefix.to_string(), vec![]));
        assert_eq!(at("workerctl queue pause _"), q(""));
        assert_eq!(at("workerctl queue pause cri"), q("cri"));
        assert_eq!(at("workerctl queue weight set _"), q(""));
        assert_eq!(at("workerctl queue history _"), q(""));
        assert_eq!(at("workerctl task ls --queue _"), q(""));
        assert_eq!(
            at("workerctl -o json task ls --queue _").unwrap().3,
            ["-o", "json"]
        );
        assert_eq!(
            at("workerctl --server h:1 dlq ls --queue a").unwrap().3,
            ["--server", "h:1"]
        );
        assert_eq!(at("workerctl task get _").unwrap().0, Kind::Task);
        assert_eq!(at("workerctl task enqueue _").unwrap().0, Kind::Handler);
        assert_eq!(at("workerctl dlq ls --handler _").unwrap().0, Kind::Handler);
        assert_eq!(at("workerctl dlq get _").unwrap().0, Kind::Dlq);
        assert_eq!(
            at("workerctl dlq replay --ids a,b,c").map(|w| (w.0, w.1, w.2)),
            Some((Kind::Dlq, "a,b,".to_string(), "c".to_string()))
        );
        assert_eq!(at("workerctl worker recycle _").unwrap().0, Kind::Worker);
        assert_eq!(at("workerctl schedule run _").unwrap().0, Kind::Schedule);
        // Deletes take many ids: every one of them is completed.
        assert_eq!(at("workerctl task delete _").unwrap().0, Kind::Task);
        assert_eq!(at("workerctl task delete a b _").unwrap().0, Kind::Task);
        assert_eq!(at("workerctl dlq delete _").unwrap().0, Kind::Dlq);
        assert_eq!(at("workerctl dlq delete a _").unwrap().0, Kind::Dlq);
        assert_eq!(
            at("workerctl task delete --queue _").unwrap().0,
            Kind::Queue
        );
        assert_eq!(at("workerctl job run _").unwrap().0, Kind::Job);
        assert_eq!(at("workerctl job runs _").unwrap().0, Kind::Job);
        // No names here: a second positional, a flag, a subcommand, a free-text value.
        assert_eq!(at("workerctl queue pause default _"), None);
        assert_eq!(at("workerctl queue pause --_"), None);
        assert_eq!(at("workerctl queue _"), None);
        assert_eq!(at("workerctl _"), None);
        assert_eq!(at("workerctl task enqueue h --payload _"), None);
        assert_eq!(at("workerctl --server _"), None);
    }
}
