//! The jobs view: definitions with their limits and last runs, a job's runs, a run's detail
//! with its live log (bounded, scrollable, following the tail), and run now and cancel behind
//! confirmations that show the impact.

use crossterm::event::KeyCode;
use insta::assert_snapshot;
use worker_tui::action::Op;
use worker_tui::model::{Event, EventKind, LogChunk};
use worker_tui::views::jobs::{Focus, LOG_BYTES, LOG_LINES};
use worker_tui::{Action, Command, Role, View};

use crate::fixtures::{Dash, NOW, options};

fn runs(sent: &[Command]) -> Vec<&Op> {
    sent.iter()
        .filter_map(|c| match c {
            Command::Run(op) => Some(op),
            _ => None,
        })
        .collect()
}

/// The dashboard on the jobs view (`0`), the list loaded.
fn on_jobs(role: Role, width: u16, height: u16) -> Dash {
    let mut dash = Dash::new(role, width, height);
    dash.take_sent();
    dash.press(KeyCode::Char('0'));
    assert_eq!(dash.app.view, View::Jobs);
    let sent = dash.take_sent();
    assert!(sent.contains(&Command::Jobs), "{sent:?}");
    dash
}

/// The follow the app asked for last: its id and run.
fn followed(sent: &[Command]) -> Option<(u64, String, i64)> {
    sent.iter().rev().find_map(|c| match c {
        Command::FollowJobLog {
            follow,
            run_id,
            after_seq,
        } => Some((*follow, run_id.clone(), *after_seq)),
        _ => None,
    })
}

/// Opens the running run of nightly-etl; returns its follow id and run id.
fn open_running_run(dash: &mut Dash) -> (u64, String) {
    dash.press(KeyCode::Enter);
    assert_eq!(dash.app.views.jobs.focus, Focus::Runs);
    dash.take_sent();
    dash.press(KeyCode::Enter);
    let sent = dash.take_sent();
    let (follow, run_id, after) = followed(&sent).expect("the open run's log is followed");
    assert_eq!(after, 0);
    assert!(sent.contains(&Command::JobRun(run_id.clone())), "{sent:?}");
    (follow, run_id)
}

fn log(follow: u64, run_id: &str, from: i64, lines: &[&str]) -> Action {
    Action::JobLog {
        follow,
        run_id: run_id.into(),
        chunks: lines
            .iter()
            .enumerate()
            .map(|(i, text)| LogChunk {
                seq: from + i as i64,
                stream: if text.starts_with("WARN") {
                    "stderr".into()
                } else {
                    "stdout".into()
                },
                data: format!("{text}\n"),
                at_ms: NOW,
            })
            .collect(),
    }
}

fn numbered(follow: u64, run_id: &str, from: i64, n: usize) -> Action {
    let lines: Vec<String> = (0..n)
        .map(|i| format!("row {} of the extract", from as usize + i))
        .collect();
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    log(follow, run_id, from, &refs)
}

#[test]
fn the_list_shows_sources_queues_limits_and_last_runs() {
    let mut dash = on_jobs(Role::Operator, 80, 24);
    assert_snapshot!("jobs", dash.screen());
    let mut wide = on_jobs(Role::Admin, 140, 30);
    assert_snapshot!("jobs_140x30", wide.screen());
    // The selected job's runs were fetched for the pane below.
    assert!(
        dash.app
            .views
            .jobs
            .shown_runs()
            .is_some_and(|r| r.len() == 4)
    );
    // Moving to another job fetches its runs.
    dash.press(KeyCode::Char('j'));
    assert!(dash.take_sent().contains(&Command::JobRuns {
        job: "report".into(),
        limit: 50
    }));
    // `:jobs` and the filter reach it too.
    let mut other = Dash::new(Role::Viewer, 80, 24);
    other.press(KeyCode::Char(':'));
    other.type_text("jobs site");
    other.press(KeyCode::Enter);
    assert_eq!(other.app.view, View::Jobs);
    assert_eq!(other.app.views.jobs.visible().len(), 1);
}

#[test]
fn enter_moves_to_the_runs_with_their_trigger_timing_exit_and_commit() {
    let mut dash = on_jobs(Role::Operator, 80, 24);
    dash.press(KeyCode::Enter);
    assert_snapshot!("job_runs", dash.screen());
    let mut wide = on_jobs(Role::Operator, 140, 30);
    wide.press(KeyCode::Enter);
    assert_snapshot!("job_runs_140x30", wide.screen());
    // Esc goes back to the jobs, then to the previous view.
    dash.press(KeyCode::Esc);
    assert_eq!(dash.app.views.jobs.focus, Focus::Jobs);
    assert_eq!(dash.app.view, View::Jobs);
    // `:jobs NAME` opens that job's runs.
    dash.press(KeyCode::Char(':'));
    dash.type_text("jobs report");
    dash.press(KeyCode::Enter);
    assert_eq!(dash.app.views.jobs.focus, Focus::Runs);
    assert_eq!(dash.app.views.jobs.selected_job().unwrap().name, "report");
}

#[test]
fn a_run_opens_with_its_live_log_followed_only_while_open() {
    let mut dash = on_jobs(Role::Operator, 80, 24);
    let (follow, run_id) = open_running_run(&mut dash);
    dash.apply(log(
        follow,
        &run_id,
        1,
        &[
            "extracting orders for 2026-11-22",
            "WARN: 3 orders without a customer",
            "loaded 18,734 rows",
        ],
    ));
    assert_snapshot!("job_run_detail", dash.screen());
    // A refresh fetches the active run again but does not follow its log twice.
    dash.press(KeyCode::Char('r'));
    let sent = dash.take_sent();
    assert!(sent.contains(&Command::JobRun(run_id.clone())), "{sent:?}");
    assert!(followed(&sent).is_none(), "{sent:?}");
    // Esc closes the run and stops its log.
    dash.press(KeyCode::Esc);
    assert!(dash.app.views.jobs.detail.is_none());
    assert!(dash.take_sent().contains(&Command::StopJobLog));
    // What the stopped follow still brings is dropped; opening again follows anew.
    dash.apply(log(follow, &run_id, 4, &["late"]));
    dash.press(KeyCode::Enter);
    let (again, _, after) = followed(&dash.take_sent()).unwrap();
    assert!(again > follow);
    assert_eq!(after, 0);
    dash.apply(log(follow, &run_id, 1, &["from the old follow"]));
    assert!(dash.app.views.jobs.log().unwrap().is_empty());
    // Leaving the view stops it too.
    dash.press(KeyCode::Char('1'));
    assert!(dash.take_sent().contains(&Command::StopJobLog));
}

#[test]
fn a_broken_log_is_followed_again_from_its_last_chunk_and_an_ended_one_is_complete() {
    let mut dash = on_jobs(Role::Operator, 80, 24);
    let (follow, run_id) = open_running_run(&mut dash);
    dash.apply(numbered(follow, &run_id, 1, 3));
    dash.apply(Action::JobLogEnded {
        follow,
        run_id: run_id.clone(),
        error: Some("connection reset".into()),
    });
    assert!(dash.screen().contains("interrupted (connection reset)"));
    dash.press(KeyCode::Char('r'));
    let (again, id, after) = followed(&dash.take_sent()).expect("followed again");
    assert_eq!((id.as_str(), after), (run_id.as_str(), 3));
    // Chunks seen before are not added twice.
    dash.apply(numbered(again, &run_id, 2, 4));
    assert_eq!(dash.app.views.jobs.log().unwrap().len(), 5);
    dash.apply(Action::JobLogEnded {
        follow: again,
        run_id: run_id.clone(),
        error: None,
    });
    let screen = dash.screen();
    assert!(screen.contains("log · complete"), "{screen}");
    // Nothing is left to stop once it ended.
    dash.press(KeyCode::Esc);
    assert!(!dash.take_sent().contains(&Command::StopJobLog));
}

#[test]
fn the_log_is_bounded_and_says_what_it_dropped() {
    let mut dash = on_jobs(Role::Operator, 80, 24);
    let (follow, run_id) = open_running_run(&mut dash);
    let total = LOG_LINES + 2_500;
    let mut seq = 1;
    while (seq as usize) <= total {
        let n = 500.min(total + 1 - seq as usize);
        dash.apply(numbered(follow, &run_id, seq, n));
        seq += n as i64;
    }
    let kept = dash.app.views.jobs.log().unwrap();
    assert_eq!(kept.len(), LOG_LINES);
    assert_eq!(kept.dropped(), 2_500);
    assert!(kept.bytes() <= LOG_BYTES, "{}", kept.bytes());
    // Following: the newest lines are on screen.
    let screen = dash.screen();
    assert!(
        screen.contains(&format!("row {total} of the extract")),
        "{screen}"
    );
    // At the top, the marker stands where the dropped lines were.
    dash.press(KeyCode::Home);
    assert_snapshot!("job_log_dropped", dash.screen());
}

#[test]
fn scrolling_up_stops_following_and_end_resumes_it() {
    let mut dash = on_jobs(Role::Operator, 80, 24);
    let (follow, run_id) = open_running_run(&mut dash);
    dash.apply(numbered(follow, &run_id, 1, 100));
    assert!(dash.screen().contains("row 100 of the extract"));
    dash.press(KeyCode::PageUp);
    dash.press(KeyCode::Char('k'));
    assert!(!dash.app.views.jobs.detail.as_ref().unwrap().scroll.follow);
    let held = dash.screen();
    assert_snapshot!("job_log_held", held);
    // New output does not move what the operator reads.
    dash.apply(numbered(follow, &run_id, 101, 20));
    assert_eq!(dash.screen(), held.replace(" of 100 ", " of 120 "));
    dash.press(KeyCode::End);
    assert!(dash.app.views.jobs.detail.as_ref().unwrap().scroll.follow);
    let screen = dash.screen();
    assert!(screen.contains("row 120 of the extract"), "{screen}");
    assert!(screen.contains("log · following"), "{screen}");
    dash.apply(numbered(follow, &run_id, 121, 1));
    assert!(dash.screen().contains("row 121 of the extract"));
}

#[test]
fn run_now_names_the_job_source_queue_and_limits() {
    let mut dash = on_jobs(Role::Operator, 80, 24);
    dash.press(KeyCode::Char('R'));
    assert_snapshot!("job_run_confirmation", dash.screen());
    dash.press(KeyCode::Char('n'));
    assert!(runs(&dash.take_sent()).is_empty());
    dash.press(KeyCode::Char('R'));
    dash.press(KeyCode::Char('y'));
    assert_eq!(
        runs(&dash.take_sent()),
        vec![&Op::RunJob {
            name: "nightly-etl".into()
        }]
    );
    // A job on node defaults says so; one with nothing running says nothing of other runs.
    dash.press(KeyCode::Char('j'));
    dash.press(KeyCode::Char('R'));
    let screen = dash.screen();
    assert!(screen.contains("Run job report now?"), "{screen}");
    assert!(screen.contains("CPUs node default"), "{screen}");
    assert!(!screen.contains("already queued"), "{screen}");
}

#[test]
fn cancel_names_the_run_and_its_state() {
    let mut dash = on_jobs(Role::Operator, 80, 24);
    // On the job list, C says where runs are.
    dash.press(KeyCode::Char('C'));
    assert!(
        dash.app
            .status
            .clone()
            .unwrap()
            .text
            .contains("Enter shows the job's runs")
    );
    let (_, running) = open_running_run(&mut dash);
    dash.press(KeyCode::Char('C'));
    assert_snapshot!("job_cancel_running_confirmation", dash.screen());
    dash.press(KeyCode::Char('y'));
    assert_eq!(
        runs(&dash.take_sent()),
        vec![&Op::CancelJobRun { run_id: running }]
    );
    // A queued run, from the list: no container will start.
    dash.press(KeyCode::Esc);
    dash.press(KeyCode::Char('j'));
    dash.press(KeyCode::Char('C'));
    let screen = dash.screen();
    assert!(screen.contains("It is queued (queued 12s ago)"), "{screen}");
    assert!(screen.contains("schedule etl-nightly"), "{screen}");
    dash.press(KeyCode::Char('n'));
    // An ended run offers no cancel, and asking anyway says why.
    dash.press(KeyCode::Char('j'));
    assert!(!dash.screen().contains("C cancel run"));
    dash.press(KeyCode::Char('C'));
    assert_eq!(dash.app.mode, worker_tui::app::Mode::Normal);
    assert!(
        dash.app
            .status
            .clone()
            .unwrap()
            .text
            .contains("has already ended (succeeded); nothing to cancel")
    );
}

#[test]
fn a_viewer_sees_the_jobs_runs_and_logs_without_actions() {
    let mut dash = on_jobs(Role::Viewer, 80, 24);
    let (follow, run_id) = open_running_run(&mut dash);
    dash.apply(log(follow, &run_id, 1, &["hello"]));
    let screen = dash.screen();
    assert!(screen.contains("hello"), "{screen}");
    assert!(!screen.contains("run now"), "{screen}");
    assert!(!screen.contains("cancel"), "{screen}");
    dash.press(KeyCode::Char('C'));
    dash.press(KeyCode::Char('R'));
    assert_eq!(dash.app.mode, worker_tui::app::Mode::Normal);
    assert!(runs(&dash.take_sent()).is_empty());
    dash.press(KeyCode::Esc);
    assert!(!dash.screen().contains("run now"));
    // --readonly hides them from an admin too.
    let mut opts = options(Role::Admin);
    opts.readonly = true;
    let mut ro = Dash::with(opts, 80, 24);
    ro.press(KeyCode::Char('0'));
    ro.press(KeyCode::Enter);
    let screen = ro.screen();
    assert!(!screen.contains("run now"), "{screen}");
    ro.press(KeyCode::Char('R'));
    assert!(runs(&ro.take_sent()).is_empty());
}

#[test]
fn help_lists_the_job_keys() {
    let mut dash = on_jobs(Role::Operator, 80, 30);
    dash.press(KeyCode::Enter);
    dash.press(KeyCode::Char('?'));
    assert_snapshot!("jobs_help", dash.screen());
}

#[test]
fn a_job_event_refreshes_the_runs_soon() {
    let mut dash = on_jobs(Role::Operator, 80, 24);
    dash.apply(Action::Tick { now_ms: NOW + 600 });
    dash.take_sent();
    dash.apply(Action::Tick {
        now_ms: NOW + 1_200,
    });
    assert!(!dash.take_sent().contains(&Command::Jobs));
    dash.apply(Action::Events(vec![Event {
        id: "10".into(),
        at_ms: NOW + 700,
        kind: EventKind::Job,
        stream: worker_proto::events::EventKind::JobEvent,
        queue: Some("jobs".into()),
        text: "job nightly-etl queued (attempt 1)".into(),
    }]));
    dash.apply(Action::Tick {
        now_ms: NOW + 1_300,
    });
    let sent = dash.take_sent();
    assert!(sent.contains(&Command::Jobs), "{sent:?}");
    assert!(
        sent.contains(&Command::JobRuns {
            job: "nightly-etl".into(),
            limit: 50
        }),
        "{sent:?}"
    );
}
