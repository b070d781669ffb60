//! Every view as the operator sees it, at 80×24 unless said otherwise, and what each key does
//! to the screen and to the requests sent.

use crossterm::event::{KeyCode, KeyModifiers};
use insta::assert_snapshot;
use worker_tui::action::{Link, Op};
use worker_tui::model::{DlqFilter, Range, TaskState, WorkerDetail};
use worker_tui::{Action, Command, Role, View};

use crate::fixtures::{self, DLQ_SIZE, Dash, options};

fn runs(sent: &[Command]) -> Vec<&Op> {
    sent.iter()
        .filter_map(|c| match c {
            Command::Run(op) => Some(op),
            _ => None,
        })
        .collect()
}

#[test]
fn overview_shows_totals_coordination_sparklines_and_alerts() {
    let mut dash = Dash::new(Role::Admin, 80, 24);
    assert_snapshot!("overview_80x24", dash.screen());
    let mut big = Dash::new(Role::Admin, 200, 50);
    assert_snapshot!("overview_200x50", big.screen());
}

#[test]
fn the_range_key_cycles_the_overview_sparklines_through_15m_24h_and_30d() {
    let mut dash = Dash::new(Role::Admin, 80, 24);
    dash.take_sent();
    dash.press(KeyCode::Char('t'));
    assert_eq!(dash.take_sent(), [Command::History(Range::Hours24)]);
    assert_snapshot!("overview_range_24h", dash.screen());
    // Refreshes fetch the range on screen again, beside the overview, every 30 s at most.
    dash.apply(Action::Refresh);
    let sent = dash.take_sent();
    assert!(sent.contains(&Command::Overview), "{sent:?}");
    assert!(
        !sent.contains(&Command::History(Range::Hours24)),
        "{sent:?}"
    );
    dash.apply(Action::Tick {
        now_ms: fixtures::NOW + 31_000,
    });
    assert!(dash.take_sent().contains(&Command::History(Range::Hours24)));
    dash.press(KeyCode::Char('t'));
    assert_eq!(dash.take_sent(), [Command::History(Range::Days30)]);
    assert_snapshot!("overview_range_30d", dash.screen());
    let mut wide = Dash::new(Role::Admin, 200, 50);
    wide.press(KeyCode::Char('t'));
    wide.press(KeyCode::Char('t'));
    assert_snapshot!("overview_range_30d_200x50", wide.screen());
    // Back to 15 minutes: the overview's own minutes, nothing more to fetch.
    dash.press(KeyCode::Char('t'));
    assert_eq!(dash.take_sent(), []);
    assert_snapshot!("overview_range_15m", dash.screen());
    dash.press(KeyCode::Char('?'));
    assert_snapshot!("overview_help", dash.screen());
}

#[test]
fn an_idle_fleet_raises_an_alert_per_waiting_queue() {
    let mut dash = Dash::new(Role::Admin, 80, 24);
    dash.apply(Action::Workers {
        workers: Vec::new(),
        stuck: Vec::new(),
    });
    let alerts: Vec<String> = dash.app.alerts().into_iter().map(|a| a.text).collect();
    assert!(
        alerts.contains(&"queue critical: 120 ready tasks and no live worker".to_string()),
        "{alerts:?}"
    );
    assert!(
        alerts.contains(&"queue default: 1,830 ready tasks and no live worker".to_string()),
        "{alerts:?}"
    );
    // A paused queue waits on purpose: no "no worker" alert for it.
    assert!(
        !alerts.iter().any(|a| a.starts_with("queue low:")),
        "{alerts:?}"
    );
}

#[test]
fn keys_move_between_views_and_back() {
    let mut dash = Dash::new(Role::Admin, 80, 24);
    dash.press(KeyCode::Char('2'));
    dash.press(KeyCode::Char('j'));
    assert_eq!(dash.app.view, View::Queues);
    assert_snapshot!("queues", dash.screen());
    // Enter opens the selected queue's tasks, fetching only the first page.
    dash.take_sent();
    dash.press(KeyCode::Enter);
    assert_eq!(dash.app.view, View::Tasks);
    let pages: Vec<_> = dash
        .take_sent()
        .into_iter()
        .filter(|c| matches!(c, Command::Tasks { .. }))
        .collect();
    assert!(
        matches!(&pages[..], [Command::Tasks { queue, offset: 0, state: None, .. }] if queue == "default"),
        "{pages:?}"
    );
    assert_snapshot!("tasks_of_default", dash.screen());
    // → moves to the next state tab and asks the server for that state.
    dash.press(KeyCode::Right);
    assert!(dash.take_sent().iter().any(|c| matches!(
        c,
        Command::Tasks {
            state: Some(TaskState::Pending),
            ..
        }
    )));
    // Esc goes back to the queues, then to the overview.
    dash.press(KeyCode::Esc);
    assert_eq!(dash.app.view, View::Queues);
    dash.press(KeyCode::Esc);
    assert_eq!(dash.app.view, View::Overview);
    dash.press(KeyCode::Tab);
    assert_eq!(dash.app.view, View::Queues);
    dash.press(KeyCode::Char('q'));
    assert!(dash.app.quit);
}

#[test]
fn ten_thousand_dlq_rows_scroll_by_pages_fetched_on_demand() {
    let mut dash = Dash::new(Role::Admin, 80, 24);
    dash.press(KeyCode::Char('4'));
    let first: Vec<_> = dash
        .take_sent()
        .into_iter()
        .filter(|c| matches!(c, Command::Dlq { .. }))
        .collect();
    assert_eq!(first.len(), 1, "only the page on screen: {first:?}");
    assert_snapshot!("dlq_top", dash.screen());
    dash.press(KeyCode::Char('G'));
    let offsets: Vec<u64> = dash
        .take_sent()
        .into_iter()
        .filter_map(|c| match c {
            Command::Dlq { offset, .. } => Some(offset),
            _ => None,
        })
        .collect();
    assert_eq!(
        offsets,
        vec![9_900],
        "the last page only, not the 98 between"
    );
    assert_snapshot!("dlq_bottom", dash.screen());
    dash.press(KeyCode::PageUp);
    assert_eq!(
        dash.app.views.dlq.cursor.selected,
        DLQ_SIZE as usize - 1 - dash.app.page_rows()
    );
}

#[test]
fn the_dlq_filter_goes_to_the_server() {
    let mut dash = Dash::new(Role::Admin, 80, 24);
    dash.press(KeyCode::Char('4'));
    dash.press(KeyCode::Char('/'));
    dash.type_text("queue:default handler:resize Timeout");
    assert_snapshot!("dlq_typing_a_filter", dash.screen());
    dash.take_sent();
    dash.press(KeyCode::Enter);
    let filter = dash
        .take_sent()
        .into_iter()
        .find_map(|c| match c {
            Command::Dlq {
                filter, offset: 0, ..
            } => Some(filter),
            _ => None,
        })
        .expect("a DLQ request with the filter");
    assert_eq!(
        filter,
        DlqFilter {
            queue: Some("default".into()),
            handler: Some("resize".into()),
            text: Some("Timeout".into()),
            fingerprint: None,
            ..Default::default()
        }
    );
    assert_snapshot!("dlq_filtered", dash.screen());
    // A typo in a key is refused with the keys that exist, and changes nothing.
    dash.press(KeyCode::Char('/'));
    dash.press_with(KeyCode::Backspace, KeyModifiers::NONE);
    dash.type_text(" qeue:x");
    dash.press(KeyCode::Enter);
    let status = dash.app.status.clone().unwrap().text;
    assert!(status.contains("unknown filter key \"qeue\""), "{status}");
    assert_eq!(dash.app.views.dlq.filter.handler.as_deref(), Some("resize"));
    // Esc clears the filter.
    dash.press(KeyCode::Esc);
    assert!(dash.app.views.dlq.filter.is_empty());
}

#[test]
fn a_task_detail_shows_payload_errors_and_its_actions() {
    let mut dash = Dash::new(Role::Operator, 80, 24);
    dash.press(KeyCode::Char('2'));
    dash.press(KeyCode::Enter);
    dash.press(KeyCode::Enter);
    assert_snapshot!("task_detail", dash.screen());
    dash.press(KeyCode::Char('C'));
    assert_snapshot!("task_cancel_confirmation", dash.screen());
    dash.press(KeyCode::Char('y'));
    assert_eq!(
        runs(&dash.take_sent()),
        vec![&Op::CancelTask {
            id: "019ab0c0-0000-7000-8000-000000100000".into()
        }]
    );
}

#[test]
fn pausing_a_queue_asks_first_and_shows_the_impact() {
    let mut dash = Dash::new(Role::Operator, 80, 24);
    dash.press(KeyCode::Char('2'));
    dash.press(KeyCode::Char('j'));
    dash.press(KeyCode::Char('P'));
    assert_snapshot!("pause_confirmation", dash.screen());
    // n: nothing is sent.
    dash.press(KeyCode::Char('n'));
    assert!(runs(&dash.take_sent()).is_empty());
    assert_eq!(
        dash.app.status.clone().unwrap().text,
        "cancelled; nothing was changed"
    );
    dash.press(KeyCode::Char('P'));
    dash.press(KeyCode::Char('y'));
    assert_eq!(
        runs(&dash.take_sent()),
        vec![&Op::PauseQueue {
            name: "default".into(),
            paused: true
        }]
    );
    dash.apply(Action::Done {
        ok: true,
        message: "queue default paused".into(),
    });
    assert!(dash.screen().contains("queue default paused"));
}

#[test]
fn a_weight_change_shows_the_new_share_of_leases() {
    let mut dash = Dash::new(Role::Admin, 80, 24);
    dash.press(KeyCode::Char('2'));
    dash.press(KeyCode::Char('W'));
    dash.type_text("12");
    assert_snapshot!("weight_prompt", dash.screen());
    dash.press(KeyCode::Enter);
    // critical 6 of 6+3 (low is paused): 67%; at 12: 80%.
    assert_snapshot!("weight_confirmation", dash.screen());
    dash.press(KeyCode::Char('y'));
    assert_eq!(
        runs(&dash.take_sent()),
        vec![&Op::SetWeight {
            name: "critical".into(),
            weight: 12
        }]
    );
    // Out of range: refused before any question.
    dash.press(KeyCode::Char('W'));
    dash.type_text("0");
    dash.press(KeyCode::Enter);
    assert!(
        dash.app
            .status
            .clone()
            .unwrap()
            .text
            .contains("from 1 to 10000")
    );
    assert!(runs(&dash.take_sent()).is_empty());
    dash.press(KeyCode::Char('W'));
    dash.type_text("10001");
    dash.press(KeyCode::Enter);
    assert!(
        runs(&dash.take_sent()).is_empty(),
        "above the server's limit"
    );
    // The server's whole range is accepted, not only up to 1000.
    dash.press(KeyCode::Char('W'));
    dash.type_text("10000");
    dash.press(KeyCode::Enter);
    dash.press(KeyCode::Char('y'));
    assert_eq!(
        runs(&dash.take_sent()),
        vec![&Op::SetWeight {
            name: "critical".into(),
            weight: 10_000
        }]
    );
}

#[test]
fn replay_all_confirms_the_count_then_shows_progress() {
    let mut dash = Dash::new(Role::Operator, 80, 24);
    dash.press(KeyCode::Char('4'));
    dash.press(KeyCode::Char('A'));
    assert_snapshot!("replay_all_confirmation", dash.screen());
    dash.press(KeyCode::Char('y'));
    assert_eq!(
        runs(&dash.take_sent()),
        vec![&Op::ReplayMatching {
            filter: DlqFilter::default(),
            total: DLQ_SIZE
        }]
    );
    dash.apply(Action::Progress {
        done: 3_000,
        total: DLQ_SIZE,
    });
    assert_snapshot!("replay_progress", dash.screen());
    // Esc stops after the current batch.
    dash.press(KeyCode::Esc);
    assert!(dash.take_sent().contains(&Command::StopBulk));
}

#[test]
fn marked_entries_are_replayed_together() {
    let mut dash = Dash::new(Role::Operator, 80, 24);
    dash.press(KeyCode::Char('4'));
    dash.press(KeyCode::Char(' '));
    dash.press(KeyCode::Char(' '));
    dash.press(KeyCode::Char('j'));
    dash.press(KeyCode::Char(' '));
    assert_eq!(dash.app.views.dlq.marked.len(), 3);
    dash.press(KeyCode::Char('R'));
    assert!(dash.screen().contains("Replay 3 marked DLQ entries?"));
    dash.press(KeyCode::Char('y'));
    match runs(&dash.take_sent())[..] {
        [Op::ReplayIds { ids }] => assert_eq!(ids.len(), 3),
        ref other => panic!("{other:?}"),
    }
}

#[test]
fn a_viewer_sees_no_actions_and_is_told_why_a_key_does_nothing() {
    let mut dash = Dash::new(Role::Viewer, 80, 24);
    dash.press(KeyCode::Char('2'));
    dash.press(KeyCode::Char('P'));
    assert!(runs(&dash.take_sent()).is_empty());
    assert_eq!(
        dash.app.mode,
        worker_tui::app::Mode::Normal,
        "no confirmation opens"
    );
    assert_snapshot!("viewer_refused", dash.screen());
    dash.press(KeyCode::Char('?'));
    assert_snapshot!("viewer_help", dash.screen());
    // The audit log is not asked for with a viewer certificate.
    dash.press(KeyCode::Esc);
    dash.take_sent();
    dash.press(KeyCode::Char('7'));
    assert!(
        !dash
            .take_sent()
            .iter()
            .any(|c| matches!(c, Command::Audit { .. }))
    );
}

#[test]
fn readonly_hides_actions_even_for_an_admin() {
    let mut opts = options(Role::Admin);
    opts.readonly = true;
    let mut dash = Dash::with(opts, 80, 24);
    dash.press(KeyCode::Char('4'));
    dash.press(KeyCode::Char('A'));
    assert!(runs(&dash.take_sent()).is_empty());
    let screen = dash.screen();
    assert!(
        screen.contains("read-only dashboard (--readonly)"),
        "{screen}"
    );
    // Every action key is gone (at 80 columns the hint line would show `R replay` first).
    assert!(!screen.contains("R replay"), "{screen}");
    assert!(screen.contains("? help"), "{screen}");
}

#[test]
fn an_operator_is_not_offered_admin_actions() {
    let mut dash = Dash::new(Role::Operator, 80, 24);
    dash.press(KeyCode::Char('2'));
    assert!(!dash.screen().contains("W weight"));
    dash.press(KeyCode::Char('W'));
    let status = dash.app.status.clone().unwrap().text;
    assert_eq!(
        status,
        "your certificate's role (operator) cannot change queue weights; it needs admin"
    );
}

#[test]
fn the_disconnected_state_is_shown_with_the_retry() {
    let mut dash = Dash::new(Role::Admin, 80, 24);
    dash.press(KeyCode::Char('2'));
    dash.apply(Action::Link(Link::Disconnected {
        reason: "connection refused".into(),
        retry_in_ms: 2_000,
        attempt: 3,
    }));
    assert_snapshot!("disconnected", dash.screen());
    // Back online: everything is fetched again.
    dash.take_sent();
    dash.apply(Action::Link(Link::Connected));
    let sent = dash.take_sent();
    assert!(sent.contains(&Command::Overview), "{sent:?}");
}

#[test]
fn command_mode_completes_and_navigates() {
    let mut dash = Dash::new(Role::Admin, 80, 24);
    dash.press(KeyCode::Char(':'));
    dash.type_text("ta");
    dash.press(KeyCode::Tab);
    dash.type_text("d");
    dash.press(KeyCode::Tab);
    assert_eq!(
        dash.app.mode,
        worker_tui::app::Mode::Command("tasks default".into())
    );
    dash.type_text(" de");
    assert_snapshot!("command_completion", dash.screen());
    dash.press(KeyCode::Tab);
    dash.press(KeyCode::Enter);
    assert_eq!(dash.app.view, View::Tasks);
    assert_eq!(dash.app.views.tasks.state(), Some(TaskState::Dead));
    // An unknown command says what exists.
    dash.press(KeyCode::Char(':'));
    dash.type_text("nope");
    dash.press(KeyCode::Enter);
    assert!(
        dash.app
            .status
            .clone()
            .unwrap()
            .text
            .starts_with("unknown command :nope; try :overview")
    );
}

#[test]
fn events_are_filtered_by_kind_and_text() {
    let mut dash = Dash::new(Role::Admin, 80, 24);
    dash.press(KeyCode::Char('6'));
    assert_snapshot!("events", dash.screen());
    dash.press(KeyCode::Char('/'));
    dash.type_text("kind:tasks critical");
    dash.press(KeyCode::Enter);
    assert_eq!(dash.app.views.events.visible().len(), 1);
    assert_snapshot!("events_filtered", dash.screen());
}

#[test]
fn workers_and_audit_views() {
    let mut dash = Dash::new(Role::Admin, 80, 24);
    dash.press(KeyCode::Char('5'));
    assert_snapshot!("workers", dash.screen());
    dash.press(KeyCode::Char('7'));
    assert_snapshot!("audit", dash.screen());
    dash.press(KeyCode::Enter);
    assert!(dash.screen().contains("request id      r-2"));
}

#[test]
fn help_lists_the_keys_of_the_view() {
    let mut dash = Dash::new(Role::Admin, 80, 24);
    dash.press(KeyCode::Char('4'));
    dash.press(KeyCode::Char('?'));
    assert_snapshot!("dlq_help", dash.screen());
    dash.press(KeyCode::Char('?'));
    assert_eq!(dash.app.mode, worker_tui::app::Mode::Normal);
}

#[test]
fn the_event_filter_takes_the_stream_kind_names() {
    let mut dash = Dash::new(Role::Admin, 80, 24);
    dash.press(KeyCode::Char('6'));
    // The names gRPC, the gateway's SSE and `workerctl events` use.
    for (filter, expected) in [
        ("kind:dlq_changed", vec!["3"]),
        ("kind:task_summary", vec!["2", "7"]),
        ("kind:task_summary critical", vec!["7"]),
        ("kind:worker_joined", vec!["1"]),
        ("kind:audit_event", vec!["5"]),
        ("kind:schedule_event", vec!["8"]),
        // The short names stay as aliases.
        ("kind:dlq", vec!["3"]),
        ("kind:tasks", vec!["2", "7"]),
    ] {
        dash.press(KeyCode::Char('/'));
        dash.type_text(filter);
        dash.press(KeyCode::Enter);
        let ids: Vec<&str> = dash
            .app
            .views
            .events
            .visible()
            .iter()
            .map(|e| e.id.as_str())
            .collect();
        assert_eq!(ids, expected, "{filter}");
        dash.press(KeyCode::Esc);
    }
    // A kind nobody has matches nothing, and the status line lists the names that exist.
    dash.press(KeyCode::Char('/'));
    dash.type_text("kind:dlq_change");
    dash.press(KeyCode::Enter);
    let status = dash.app.status.clone().unwrap().text;
    assert!(
        status.starts_with("unknown event kind \"dlq_change\": kinds are queue_changed"),
        "{status}"
    );
    assert!(status.contains("dlq_changed"), "{status}");
    assert!(dash.app.views.events.visible().is_empty());
}

#[test]
fn a_lost_worker_is_not_offered_a_recycle() {
    let mut dash = Dash::new(Role::Admin, 80, 24);
    dash.press(KeyCode::Char('5'));
    let Action::Workers { mut workers, stuck } = fixtures::workers() else {
        unreachable!()
    };
    workers[0].state = "lost".into();
    workers[0].in_flight = 0;
    dash.apply(Action::Workers {
        workers: workers.clone(),
        stuck,
    });
    // From the list: not listed while the lost worker is selected, listed on a live one.
    let screen = dash.screen();
    assert!(!screen.contains("R recycle"), "{screen}");
    dash.press(KeyCode::Char('j'));
    let screen = dash.screen();
    assert!(screen.contains("R recycle"), "{screen}");
    dash.press(KeyCode::Char('k'));
    // Pressed anyway: refused with the reason, nothing asked, nothing sent.
    dash.take_sent();
    dash.press(KeyCode::Char('R'));
    let status = dash.app.status.clone().unwrap().text;
    assert_eq!(
        status,
        "worker node-a-4121 is lost; only a live worker can be recycled"
    );
    assert!(!dash.screen().contains("Recycle worker"));
    dash.press(KeyCode::Char('y'));
    assert!(runs(&dash.take_sent()).is_empty());
    // From its detail: the key is not listed.
    dash.press(KeyCode::Enter);
    dash.apply(Action::WorkerDetail(WorkerDetail {
        worker: workers[0].clone(),
        running: Vec::new(),
    }));
    let screen = dash.screen();
    assert!(screen.contains("0 of 8 slots"), "{screen}");
    assert!(!screen.contains("R recycle"), "{screen}");
    dash.press(KeyCode::Char('R'));
    assert!(!dash.screen().contains("Recycle worker"));
    // A live worker's detail still offers it.
    dash.press(KeyCode::Esc);
    dash.press(KeyCode::Char('j'));
    dash.press(KeyCode::Enter);
    dash.apply(Action::WorkerDetail(WorkerDetail {
        worker: workers[1].clone(),
        running: Vec::new(),
    }));
    assert!(dash.screen().contains("R recycle"));
    dash.press(KeyCode::Char('R'));
    assert!(dash.screen().contains("Recycle worker node-b-977?"));
}

#[test]
fn a_task_detail_shows_the_new_state_after_a_cancel() {
    let mut dash = Dash::new(Role::Operator, 80, 24);
    dash.press(KeyCode::Char('2'));
    dash.press(KeyCode::Enter);
    dash.press(KeyCode::Enter);
    let id = "019ab0c0-0000-7000-8000-000000100000".to_string();
    assert!(dash.screen().contains("retrying"));
    dash.press(KeyCode::Char('C'));
    dash.press(KeyCode::Char('y'));
    dash.take_sent();
    dash.apply(Action::Done {
        ok: true,
        message: format!("task {id} cancelled"),
    });
    // The change is done: the open detail is fetched again with everything else.
    assert!(
        dash.take_sent().contains(&Command::Task(id.clone())),
        "the detail is fetched again"
    );
    let mut cancelled = fixtures::task_detail();
    cancelled.task.id = id.clone();
    cancelled.task.state = Some(TaskState::Cancelled);
    dash.apply(Action::TaskDetail(cancelled));
    let screen = dash.screen();
    assert!(screen.contains("cancelled"), "{screen}");
    assert!(!screen.contains("retrying"), "{screen}");
}

/// The DLQ's `/` reads the one filter language of `workerctl dlq ls --filter` (quotes, `older:`,
/// `fp:`); what does not parse, or names a state other than dead, says why in the status line
/// and changes nothing; delete-all acts on exactly the filter shown.
#[test]
fn the_dlq_filter_is_the_cli_s_and_delete_all_acts_on_it() {
    let mut dash = Dash::new(Role::Admin, 100, 24);
    dash.press(KeyCode::Char('4'));
    dash.press(KeyCode::Char('/'));
    dash.type_text(r#"queue:default older:2h "smtp: 421""#);
    dash.take_sent();
    dash.press(KeyCode::Enter);
    let want = DlqFilter::parse(r#"queue:default older:2h "smtp: 421""#).unwrap();
    assert_eq!(want.older_than, Some(std::time::Duration::from_secs(7_200)));
    let sent = dash.take_sent();
    assert!(
        sent.iter()
            .any(|c| matches!(c, Command::Dlq { filter, offset: 0, .. } if *filter == want)),
        "{sent:?}"
    );
    assert_eq!(dash.app.views.dlq.filter, want);
    for (typed, says) in [
        ("older:soon", "not a duration"),
        ("state:pending", "dead tasks only"),
        (r#"queue:a "open"#, "not closed"),
        ("queue:a queue:b", "given twice"),
    ] {
        dash.press(KeyCode::Char('/'));
        for _ in 0..60 {
            dash.press_with(KeyCode::Backspace, KeyModifiers::NONE);
        }
        dash.type_text(typed);
        dash.take_sent();
        dash.press(KeyCode::Enter);
        let status = dash.app.status.clone().unwrap().text;
        assert!(status.contains(says), "{typed}: {status}");
        assert_eq!(dash.app.views.dlq.filter, want, "{typed} changed nothing");
        assert!(
            !dash
                .take_sent()
                .iter()
                .any(|c| matches!(c, Command::Dlq { .. })),
            "{typed} fetched nothing"
        );
    }
    dash.press(KeyCode::Char('X'));
    dash.press(KeyCode::Char('y'));
    let ops: Vec<Op> = dash
        .take_sent()
        .into_iter()
        .filter_map(|c| match c {
            Command::Run(op) => Some(op),
            _ => None,
        })
        .collect();
    assert!(
        matches!(&ops[..], [Op::DeleteMatching { filter, .. }] if *filter == want),
        "{ops:?}"
    );
}

/// The tasks view's `/` reads the same language: `queue:` and `state:` move the view (to a
/// queue that exists, a state that is one), the rest narrows the list on the server and shows
/// in the title; an error says why and changes nothing.
#[test]
fn the_tasks_filter_is_the_cli_s() {
    let mut dash = Dash::new(Role::Operator, 100, 24);
    dash.press(KeyCode::Char('2'));
    dash.press(KeyCode::Enter);
    assert_eq!(dash.app.view, View::Tasks);
    let shown = dash.app.views.tasks.queue.clone().expect("a queue's tasks");
    dash.press(KeyCode::Char('/'));
    dash.type_text("state:dead handler:resize older:1h timeout");
    dash.take_sent();
    dash.press(KeyCode::Enter);
    let sent = dash.take_sent();
    let asked = sent.iter().find_map(|c| match c {
        Command::Tasks {
            queue,
            state,
            filter,
            offset: 0,
            ..
        } => Some((queue.clone(), *state, filter.clone())),
        _ => None,
    });
    let (queue, state, filter) = asked.expect("a page of the filtered tasks");
    assert_eq!(queue, shown);
    assert_eq!(state, Some(TaskState::Dead));
    assert_eq!(
        filter,
        DlqFilter::parse("handler:resize older:1h timeout").unwrap()
    );
    let screen = dash.screen();
    assert!(
        screen.contains(&format!(
            "tasks · {shown} · /handler:resize older:1h timeout"
        )),
        "{screen}"
    );
    for (typed, says) in [
        ("queue:nope", "no queue named"),
        ("colour:red", "unknown filter key"),
        ("state:sleepy", "unknown state"),
    ] {
        dash.press(KeyCode::Char('/'));
        for _ in 0..60 {
            dash.press_with(KeyCode::Backspace, KeyModifiers::NONE);
        }
        dash.type_text(typed);
        dash.press(KeyCode::Enter);
        let status = dash.app.status.clone().unwrap().text;
        assert!(status.contains(says), "{typed}: {status}");
        assert_eq!(
            dash.app.views.tasks.filter, filter,
            "{typed} changed nothing"
        );
        assert_eq!(dash.app.views.tasks.state(), Some(TaskState::Dead));
    }
}
