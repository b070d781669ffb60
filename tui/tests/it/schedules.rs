//! The schedules view: its table with countdowns that move with the clock, the detail with the
//! recent fires, and pause, run now and delete behind confirmations that show the impact.

use crossterm::event::KeyCode;
use insta::assert_snapshot;
use worker_tui::action::Op;
use worker_tui::model::{Event, EventKind};
use worker_tui::{Action, Command, Role, View};

use crate::fixtures::{Dash, NOW};

fn runs(sent: &[Command]) -> Vec<&Op> {
    sent.iter()
        .filter_map(|c| match c {
            Command::Run(op) => Some(op),
            _ => None,
        })
        .collect()
}

/// The dashboard on the schedules view (`8`), the list loaded.
fn on_schedules(role: Role, width: u16, height: u16) -> Dash {
    let mut dash = Dash::new(role, width, height);
    dash.take_sent();
    dash.press(KeyCode::Char('8'));
    assert_eq!(dash.app.view, View::Schedules);
    assert!(dash.take_sent().contains(&Command::Schedules));
    dash
}

#[test]
fn the_table_shows_spec_words_zone_countdown_last_run_and_state() {
    let mut dash = on_schedules(Role::Operator, 80, 24);
    assert_snapshot!("schedules", dash.screen());
    let mut wide = on_schedules(Role::Admin, 140, 30);
    assert_snapshot!("schedules_140x30", wide.screen());
    // The countdown moves with the clock; nothing is fetched for it.
    assert!(dash.screen().contains("in 4m12s"));
    dash.apply(Action::Tick {
        now_ms: NOW + 1_000,
    });
    let screen = dash.screen();
    assert!(screen.contains("in 4m11s"), "{screen}");
    // `:schedules` and the tab bar reach it too.
    let mut other = Dash::new(Role::Viewer, 80, 24);
    other.press(KeyCode::Char(':'));
    other.type_text("sch");
    other.press(KeyCode::Tab);
    other.press(KeyCode::Enter);
    assert_eq!(other.app.view, View::Schedules);
}

#[test]
fn the_filter_narrows_as_typed() {
    let mut dash = on_schedules(Role::Operator, 80, 24);
    dash.press(KeyCode::Char('/'));
    dash.type_text("berlin");
    assert_eq!(dash.app.views.schedules.visible().len(), 1);
    dash.press(KeyCode::Enter);
    assert!(dash.screen().contains("schedules · /berlin"));
    dash.press(KeyCode::Esc);
    assert_eq!(dash.app.views.schedules.visible().len(), 3);
}

#[test]
fn enter_opens_the_schedule_with_its_recent_fires() {
    let mut dash = on_schedules(Role::Operator, 80, 30);
    dash.press(KeyCode::Char('j'));
    dash.press(KeyCode::Enter);
    assert!(
        dash.take_sent()
            .contains(&Command::Schedule("nightly-report".into()))
    );
    assert_snapshot!("schedule_detail", dash.screen());
    // A refresh fetches the open detail again, so new fires show.
    dash.press(KeyCode::Char('r'));
    assert!(
        dash.take_sent()
            .contains(&Command::Schedule("nightly-report".into()))
    );
    dash.press(KeyCode::Esc);
    assert!(dash.app.views.schedules.detail.is_none());
}

#[test]
fn pause_and_resume_ask_first_with_the_timetable() {
    let mut dash = on_schedules(Role::Operator, 80, 24);
    dash.press(KeyCode::Char('P'));
    assert_snapshot!("schedule_pause_confirmation", dash.screen());
    dash.press(KeyCode::Char('n'));
    assert!(runs(&dash.take_sent()).is_empty());
    dash.press(KeyCode::Char('P'));
    dash.press(KeyCode::Char('y'));
    assert_eq!(
        runs(&dash.take_sent()),
        vec![&Op::PauseSchedule {
            name: "cleanup".into(),
            paused: true
        }]
    );
    // The paused one resumes.
    dash.press(KeyCode::Char('G'));
    dash.press(KeyCode::Char('P'));
    let screen = dash.screen();
    assert!(screen.contains("Resume schedule warmup?"), "{screen}");
    dash.press(KeyCode::Char('y'));
    assert_eq!(
        runs(&dash.take_sent()),
        vec![&Op::PauseSchedule {
            name: "warmup".into(),
            paused: false
        }]
    );
}

#[test]
fn run_now_says_what_it_enqueues() {
    let mut dash = on_schedules(Role::Operator, 80, 24);
    dash.press(KeyCode::Char('j'));
    dash.press(KeyCode::Char('R'));
    assert_snapshot!("schedule_run_confirmation", dash.screen());
    dash.press(KeyCode::Char('y'));
    assert_eq!(
        runs(&dash.take_sent()),
        vec![&Op::RunSchedule {
            name: "nightly-report".into()
        }]
    );
}

#[test]
fn delete_is_for_admins_and_says_the_factory_stays() {
    let mut operator = on_schedules(Role::Operator, 80, 24);
    assert!(!operator.screen().contains("D delete"));
    operator.press(KeyCode::Char('D'));
    assert_eq!(
        operator.app.status.clone().unwrap().text,
        "your certificate's role (operator) cannot delete schedules; it needs admin"
    );
    assert!(runs(&operator.take_sent()).is_empty());

    let mut dash = on_schedules(Role::Admin, 80, 24);
    dash.press(KeyCode::Char('j'));
    dash.press(KeyCode::Enter);
    dash.press(KeyCode::Char('D'));
    assert_snapshot!("schedule_delete_confirmation", dash.screen());
    dash.press(KeyCode::Char('y'));
    assert_eq!(
        runs(&dash.take_sent()),
        vec![&Op::DeleteSchedule {
            name: "nightly-report".into()
        }]
    );
    // Once deleted, its detail closes instead of being fetched again and found missing.
    dash.apply(Action::Done {
        ok: true,
        message: "schedule nightly-report deleted; its factory stays".into(),
    });
    assert!(dash.app.views.schedules.detail.is_none());
    assert!(
        !dash
            .take_sent()
            .contains(&Command::Schedule("nightly-report".into()))
    );
    assert!(dash.screen().contains("its factory stays"));
}

#[test]
fn a_viewer_sees_the_schedules_without_actions() {
    let mut dash = on_schedules(Role::Viewer, 80, 24);
    let screen = dash.screen();
    assert!(!screen.contains("run now"), "{screen}");
    dash.press(KeyCode::Char('R'));
    assert!(runs(&dash.take_sent()).is_empty());
    assert_eq!(dash.app.mode, worker_tui::app::Mode::Normal);
}

#[test]
fn help_lists_the_schedule_keys() {
    let mut dash = on_schedules(Role::Admin, 80, 24);
    dash.press(KeyCode::Char('?'));
    assert_snapshot!("schedules_help", dash.screen());
}

#[test]
fn a_schedule_event_refreshes_the_list_soon() {
    let mut dash = on_schedules(Role::Operator, 80, 24);
    // What the first events made stale is refreshed first; then nothing is due.
    dash.apply(Action::Tick { now_ms: NOW + 600 });
    dash.take_sent();
    dash.apply(Action::Tick {
        now_ms: NOW + 1_200,
    });
    assert!(!dash.take_sent().contains(&Command::Schedules));
    dash.apply(Action::Events(vec![Event {
        id: "9".into(),
        at_ms: NOW + 700,
        kind: EventKind::Schedule,
        stream: worker_proto::events::EventKind::ScheduleEvent,
        queue: Some("default".into()),
        text: "schedule cleanup fired: task 019ab0c0".into(),
    }]));
    dash.apply(Action::Tick {
        now_ms: NOW + 1_300,
    });
    assert!(dash.take_sent().contains(&Command::Schedules));
    // And it is listed in the events view with the others.
    dash.press(KeyCode::Char('6'));
    assert!(dash.screen().contains("schedule cleanup fired"));
}
