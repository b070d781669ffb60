//! `schedule ls|get|factories|create|delete|pause|resume|run|pause-all|resume-all|events`.
//! Delete, run now and the bulk pauses ask first on a terminal, showing what they touch (the
//! spec and next run, or how many schedules).

use worker_proto::v1 as pb;

use crate::args::{GlobalArgs, ScheduleCommand, ScheduleCreateArgs};
use crate::client::Connection;
use crate::commands::task::{parse_meta, read_input};
use crate::commands::{asks, confirm};
use crate::exit::CliError;
use crate::output::view::{
    Deleted, Factory, Fired, PausedAll, Schedule, ScheduleDetail, ScheduleEvent,
};
use crate::output::{Output, note};

fn schedule_of(s: Option<pb::ScheduleEntry>) -> Schedule {
    Schedule::from(&s.unwrap_or_default())
}

pub(crate) async fn schedule(
    g: &GlobalArgs,
    conn: &mut Connection,
    out: &mut Output,
    cmd: ScheduleCommand,
) -> Result<(), CliError> {
    match cmd {
        ScheduleCommand::Ls => {
            let list = list(conn).await?;
            out.list(&list.iter().map(Schedule::from).collect::<Vec<_>>())
        }
        ScheduleCommand::Get { name } => {
            let r = get(conn, &name).await?;
            out.item(&ScheduleDetail::at(&r, now_ms()))
        }
        ScheduleCommand::Factories => {
            let req = conn.req(pb::ListScheduleFactoriesRequest {});
            let r = conn
                .admin
                .list_schedule_factories(req)
                .await
                .map_err(|s| conn.err(s))?
                .into_inner();
            out.list(&r.factories.iter().map(Factory::from).collect::<Vec<_>>())
        }
        ScheduleCommand::Create(args) => create(conn, out, *args).await,
        ScheduleCommand::Delete { name } => {
            if asks(g) {
                let s = Schedule::from(&get(conn, &name).await?.schedule.unwrap_or_default());
                confirm(
                    g,
                    &format!(
                        "Delete schedule {name} ({}, {}, next run {})? Its factory stays, so \
                         it can be created again.",
                        s.spec,
                        s.timezone,
                        s.next_run_words()
                    ),
                )?;
            }
            let req = conn.req(pb::DeleteScheduleRequest { name: name.clone() });
            let r = conn
                .admin
                .delete_schedule(req)
                .await
                .map_err(|s| conn.err(s))?
                .into_inner();
            note(format!("deleted schedule {name}; its factory stays"));
            out.item(&Deleted {
                name,
                deleted: r.deleted,
            })
        }
        ScheduleCommand::Pause { name } => pause(conn, out, name, true).await,
        ScheduleCommand::Resume { name } => pause(conn, out, name, false).await,
        ScheduleCommand::Run { name } => {
            if asks(g) {
                let s = Schedule::from(&get(conn, &name).await?.schedule.unwrap_or_default());
                confirm(
                    g,
                    &format!(
                        "Run schedule {name} now? It enqueues one {} task on {} besides its \
                         timetable ({}, next run {}).",
                        s.handler,
                        if s.queue.is_empty() {
                            "the default queue"
                        } else {
                            &s.queue
                        },
                        s.spec,
                        s.next_run_words()
                    ),
                )?;
            }
            let req = conn.req(pb::RunScheduleRequest { name: name.clone() });
            let r = conn
                .admin
                .run_schedule(req)
                .await
                .map_err(|s| conn.err(s))?
                .into_inner();
            note(format!("ran schedule {name}: task {}", r.task_id));
            out.item(&Fired {
                name,
                task_id: r.task_id,
            })
        }
        ScheduleCommand::PauseAll => pause_all(g, conn, out, true).await,
        ScheduleCommand::ResumeAll => pause_all(g, conn, out, false).await,
        ScheduleCommand::Events { name, limit } => {
            let req = conn.req(pb::ListScheduleEventsRequest {
                name: name.unwrap_or_default(),
                limit: limit.min(i32::MAX as u32) as i32,
            });
            let r = conn
                .admin
                .list_schedule_events(req)
                .await
                .map_err(|s| conn.err(s))?
                .into_inner();
            out.list(&r.events.iter().map(ScheduleEvent::from).collect::<Vec<_>>())
        }
    }
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

async fn list(conn: &mut Connection) -> Result<Vec<pb::ScheduleEntry>, CliError> {
    let req = conn.req(pb::ListSchedulesRequest {});
    Ok(conn
        .admin
        .list_schedules(req)
        .await
        .map_err(|s| conn.err(s))?
        .into_inner()
        .schedules)
}

async fn get(conn: &mut Connection, name: &str) -> Result<pb::GetScheduleResponse, CliError> {
    let req = conn.req(pb::GetScheduleRequest {
        name: name.to_string(),
    });
    Ok(conn
        .admin
        .get_schedule(req)
        .await
        .map_err(|s| conn.err(s))?
        .into_inner())
}

/// The request `schedule create` sends; usage errors before anything is sent.
pub(crate) fn create_request(
    args: &ScheduleCreateArgs,
) -> Result<pb::CreateScheduleRequest, CliError> {
    let payload = match (&args.payload, &args.payload_file) {
        (Some(text), _) => text.as_bytes().to_vec(),
        (None, Some(path)) => read_input(path)?,
        (None, None) => Vec::new(),
    };
    let misfire = args.misfire.map(|m| m.name()).unwrap_or_default();
    if args.catch_up_max.is_some() && misfire != "catch_up" {
        return Err(CliError::usage(
            "--catch-up-max applies only with --misfire catch_up",
        ));
    }
    Ok(pb::CreateScheduleRequest {
        name: args.name.clone(),
        spec: args.spec.clone(),
        durable: true,
        timezone: args.timezone.clone().unwrap_or_default(),
        handler: args.handler.clone().unwrap_or_default(),
        queue: args.queue.clone().unwrap_or_default(),
        payload,
        priority: args.priority,
        max_retries: args.max_retries.map(|n| n.min(i32::MAX as u32) as i32),
        timeout_ms: args.task_timeout.map_or(0, |t| t.as_millis() as i64),
        metadata: parse_meta(&args.meta)?,
        misfire: misfire.to_string(),
        catch_up_max: args
            .catch_up_max
            .map_or(0, |n| n.min(i32::MAX as u32) as i32),
        overlap: args
            .overlap
            .map(|o| o.name())
            .unwrap_or_default()
            .to_string(),
        jitter_ms: args.jitter.map_or(0, |j| j.as_millis() as i64),
    })
}

async fn create(
    conn: &mut Connection,
    out: &mut Output,
    args: ScheduleCreateArgs,
) -> Result<(), CliError> {
    let request = create_request(&args)?;
    let req = conn.req(request);
    let r = conn
        .admin
        .create_schedule(req)
        .await
        .map_err(|s| conn.err(s))?
        .into_inner();
    let view = schedule_of(r.schedule);
    note(format!(
        "{} schedule {}: {}{}, next run {}",
        if r.created { "created" } else { "replaced" },
        view.name,
        view.spec,
        if view.description.is_empty() {
            String::new()
        } else {
            format!(" ({})", view.description)
        },
        view.next_run_words()
    ));
    out.item(&view)
}

async fn pause(
    conn: &mut Connection,
    out: &mut Output,
    name: String,
    paused: bool,
) -> Result<(), CliError> {
    let req = conn.req(pb::PauseScheduleRequest {
        name: name.clone(),
        paused,
    });
    let r = conn
        .admin
        .pause_schedule(req)
        .await
        .map_err(|s| conn.err(s))?
        .into_inner();
    let view = schedule_of(r.schedule);
    note(if paused {
        format!("paused schedule {name}")
    } else {
        format!(
            "resumed schedule {name}: next run {}",
            view.next_run_words()
        )
    });
    out.item(&view)
}

async fn pause_all(
    g: &GlobalArgs,
    conn: &mut Connection,
    out: &mut Output,
    paused: bool,
) -> Result<(), CliError> {
    if asks(g) {
        let all = list(conn).await?;
        let changing = all.iter().filter(|s| s.paused != paused).count();
        confirm(
            g,
            &if paused {
                format!(
                    "Pause all schedules? {changing} of {} are running and stop firing.",
                    all.len()
                )
            } else {
                format!(
                    "Resume all schedules? {changing} of {} are paused and fire again.",
                    all.len()
                )
            },
        )?;
    }
    let req = conn.req(pb::PauseSchedulesRequest { paused });
    let r = conn
        .admin
        .pause_schedules(req)
        .await
        .map_err(|s| conn.err(s))?
        .into_inner();
    note(format!(
        "{} {} schedules",
        if r.paused { "paused" } else { "resumed" },
        r.updated
    ));
    out.item(&PausedAll {
        paused: r.paused,
        updated: r.updated,
    })
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::args::{Cli, Command};

    fn create_args(line: &[&str]) -> ScheduleCreateArgs {
        let mut argv = vec!["workerctl", "schedule", "create"];
        argv.extend_from_slice(line);
        match Cli::try_parse_from(argv).expect("parses").command {
            Command::Schedule(ScheduleCommand::Create(args)) => *args,
            other => panic!("not schedule create: {other:?}"),
        }
    }

    #[test]
    fn create_sends_every_flag_in_the_servers_words() {
        let args = create_args(&[
            "nightly",
            "--spec",
            "*/5 * * * *",
            "--tz",
            "Europe/Berlin",
            "--handler",
            "report",
            "--queue",
            "critical",
            "--payload",
            "{}",
            "--priority",
            "-2",
            "--max-retries",
            "0",
            "--task-timeout",
            "30s",
            "--meta",
            "team=ops",
            "--meta",
            "k=v=w",
            "--misfire",
            "catch_up",
            "--catch-up-max",
            "4",
            "--overlap",
            "skip",
            "--jitter",
            "1m",
        ]);
        let r = create_request(&args).unwrap();
        assert_eq!(
            (r.name.as_str(), r.spec.as_str(), r.timezone.as_str()),
            ("nightly", "*/5 * * * *", "Europe/Berlin")
        );
        assert!(r.durable);
        assert_eq!(
            (r.handler.as_str(), r.queue.as_str()),
            ("report", "critical")
        );
        assert_eq!(r.payload, b"{}");
        assert_eq!(
            (r.priority, r.max_retries, r.timeout_ms),
            (-2, Some(0), 30_000)
        );
        assert_eq!(r.metadata["team"], "ops");
        assert_eq!(r.metadata["k"], "v=w");
        assert_eq!((r.misfire.as_str(), r.catch_up_max), ("catch_up", 4));
        assert_eq!((r.overlap.as_str(), r.jitter_ms), ("skip", 60_000));
    }

    #[test]
    fn create_leaves_the_servers_defaults_alone() {
        let r = create_request(&create_args(&["nightly", "--spec", "@hourly"])).unwrap();
        assert_eq!(r.max_retries, None);
        assert_eq!(
            (
                r.misfire.as_str(),
                r.overlap.as_str(),
                r.timeout_ms,
                r.jitter_ms
            ),
            ("", "", 0, 0)
        );
        assert_eq!(
            create_request(&create_args(&[
                "n",
                "--spec",
                "@hourly",
                "--misfire",
                "run_once"
            ]))
            .unwrap()
            .misfire,
            "run_once"
        );
    }

    #[test]
    fn create_refuses_what_cannot_mean_anything() {
        let err = create_request(&create_args(&[
            "n",
            "--spec",
            "@daily",
            "--catch-up-max",
            "3",
        ]))
        .unwrap_err();
        assert_eq!(err.exit, crate::exit::Exit::Usage);
        let err = create_request(&create_args(&[
            "n", "--spec", "@daily", "--meta", "novalue",
        ]))
        .unwrap_err();
        assert_eq!(err.exit, crate::exit::Exit::Usage);
        for bad in [
            &["n", "--spec", "@daily", "--misfire", "later"][..],
            &["n", "--spec", "@daily", "--overlap", "queue"][..],
            &["n", "--spec", "@daily", "--jitter", "soon"][..],
            &[
                "n",
                "--spec",
                "@daily",
                "--payload",
                "a",
                "--payload-file",
                "f",
            ][..],
            &["n"][..],
        ] {
            let mut argv = vec!["workerctl", "schedule", "create"];
            argv.extend_from_slice(bad);
            assert!(Cli::try_parse_from(argv).is_err(), "{bad:?} parsed");
        }
    }
}
