//! The DLQ groups view: causes largest first with the selected one's sample, the `queue:`/
//! `handler:` filter, Enter into the DLQ filtered to one group (whose replay-all replays the
//! group), deleting a group (admin only), and no replay offered to a viewer.

use crossterm::event::KeyCode;
use insta::assert_snapshot;
use worker_tui::action::Op;
use worker_tui::model::DlqFilter;
use worker_tui::{Action, Command, Role, View};

use crate::fixtures::Dash;

const SMTP: &str = "smtp: <n> try again later (attempt <n>, entry <n>)";
const PNG: &str = "image <q> is not a png or jpeg";

fn runs(sent: &[Command]) -> Vec<&Op> {
    sent.iter()
        .filter_map(|c| match c {
            Command::Run(op) => Some(op),
            _ => None,
        })
        .collect()
}

/// The bottom line: the keys the view offers.
fn keys_line(dash: &mut Dash) -> String {
    let screen = dash.screen();
    screen.lines().last().unwrap_or_default().to_string()
}

fn dlq_requests(sent: &[Command]) -> Vec<&DlqFilter> {
    sent.iter()
        .filter_map(|c| match c {
            Command::Dlq { filter, .. } => Some(filter),
            _ => None,
        })
        .collect()
}

/// The dashboard on the groups view (`9`), the groups loaded.
fn on_groups(role: Role, width: u16, height: u16) -> Dash {
    let mut dash = Dash::new(role, width, height);
    dash.take_sent();
    dash.press(KeyCode::Char('9'));
    assert_eq!(dash.app.view, View::Groups);
    assert!(
        dash.take_sent()
            .iter()
            .any(|c| matches!(c, Command::DlqGroups { filter, .. } if filter.is_empty()))
    );
    dash
}

#[test]
fn the_table_shows_causes_largest_first_with_the_sample_of_the_selected_one() {
    let mut dash = on_groups(Role::Operator, 80, 24);
    assert_snapshot!("groups", dash.screen());
    let mut wide = on_groups(Role::Admin, 140, 30);
    assert_snapshot!("groups_140x30", wide.screen());
    // The sample follows the selection.
    dash.press(KeyCode::Char('j'));
    let screen = dash.screen();
    assert!(screen.contains("\"img-77.png\""), "{screen}");
    // `:groups` reaches it too.
    let mut other = Dash::new(Role::Viewer, 80, 24);
    other.press(KeyCode::Char(':'));
    other.type_text("groups");
    other.press(KeyCode::Enter);
    assert_eq!(other.app.view, View::Groups);
}

#[test]
fn the_filter_asks_the_server_for_a_queue_or_handler_and_matches_text_here() {
    let mut dash = on_groups(Role::Operator, 80, 24);
    dash.press(KeyCode::Char('/'));
    dash.type_text("handler:resize");
    dash.press(KeyCode::Enter);
    let sent = dash.take_sent();
    assert!(
        sent.iter()
            .any(|c| matches!(c, Command::DlqGroups { filter, .. }
            if filter.handler.as_deref() == Some("resize") && filter.queue.is_none())),
        "{sent:?}"
    );
    assert_eq!(dash.app.views.groups.visible().len(), 2);
    let screen = dash.screen();
    assert!(screen.contains("/handler:resize"), "{screen}");
    // Free text narrows what came back without asking again.
    dash.press(KeyCode::Char('/'));
    dash.press(KeyCode::Char(' '));
    dash.type_text("refused");
    dash.press(KeyCode::Enter);
    assert!(
        !dash
            .take_sent()
            .iter()
            .any(|c| matches!(c, Command::DlqGroups { .. }))
    );
    assert_eq!(dash.app.views.groups.visible().len(), 1);
    // A typo is said and changes nothing.
    dash.press(KeyCode::Char('/'));
    dash.type_text("queu:x");
    dash.press(KeyCode::Enter);
    assert!(dash.screen().contains("unknown filter key"));
    assert_eq!(dash.app.views.groups.visible().len(), 1);
}

#[test]
fn enter_lists_the_group_in_the_dlq_and_replay_all_replays_it_with_its_count() {
    let mut dash = on_groups(Role::Operator, 80, 24);
    dash.press(KeyCode::Enter);
    assert_eq!(dash.app.view, View::Dlq);
    let group = DlqFilter {
        queue: None,
        handler: Some("send_email".into()),
        text: None,
        fingerprint: Some(SMTP.into()),
        ..Default::default()
    };
    let sent = dash.take_sent();
    let asked = dlq_requests(&sent);
    assert!(!asked.is_empty());
    assert!(asked.iter().all(|f| **f == group), "{asked:?}");
    assert_snapshot!("group_in_dlq", dash.screen());
    // Opening the filter and leaving it as it was (Esc or Enter) keeps the group.
    dash.press(KeyCode::Char('/'));
    dash.press(KeyCode::Esc);
    dash.press(KeyCode::Char('/'));
    dash.press(KeyCode::Enter);
    assert_eq!(dash.app.views.dlq.filter, group);
    // Replay-all asks with the group's count and replays by the group's filter.
    dash.press(KeyCode::Char('A'));
    let screen = dash.screen();
    assert!(screen.contains("Replay all 6,667"), "{screen}");
    dash.press(KeyCode::Char('y'));
    assert_eq!(
        runs(&dash.take_sent()),
        vec![&Op::ReplayMatching {
            filter: group,
            total: 6_667
        }]
    );
    dash.apply(Action::Done {
        ok: true,
        message: "6,667 DLQ entries replayed".into(),
    });
    dash.take_sent();
    // Esc clears the group: the whole DLQ again.
    dash.press(KeyCode::Esc);
    assert!(dash.app.views.dlq.filter.is_empty());
    assert!(dlq_requests(&dash.take_sent()).iter().all(|f| f.is_empty()));
    assert!(!dash.screen().contains("group"));
}

#[test]
fn enter_keeps_the_queue_of_the_groups_filter() {
    let mut dash = on_groups(Role::Operator, 80, 24);
    dash.press(KeyCode::Char('/'));
    dash.type_text("queue:low");
    dash.press(KeyCode::Enter);
    dash.take_sent();
    dash.press(KeyCode::Enter);
    let sent = dash.take_sent();
    let asked = dlq_requests(&sent);
    assert!(!asked.is_empty());
    assert!(
        asked.iter().all(|f| f.queue.as_deref() == Some("low")
            && f.handler.as_deref() == Some("resize")
            && f.fingerprint.as_deref() == Some(PNG)),
        "{asked:?}"
    );
    assert!(dash.screen().contains("/queue:low handler:resize"));
}

#[test]
fn a_group_is_replayed_from_the_groups_view_after_a_confirmation() {
    let mut dash = on_groups(Role::Operator, 80, 24);
    dash.press(KeyCode::Char('j'));
    dash.press(KeyCode::Char('A'));
    assert_snapshot!("group_replay_confirmation", dash.screen());
    dash.press(KeyCode::Char('y'));
    assert_eq!(
        runs(&dash.take_sent()),
        vec![&Op::ReplayMatching {
            filter: DlqFilter {
                queue: None,
                handler: Some("resize".into()),
                text: None,
                fingerprint: Some(PNG.into()),
                ..Default::default()
            },
            total: 3_300
        }]
    );
}

#[test]
fn a_viewer_sees_no_replay_in_the_groups_or_the_group_s_entries() {
    let mut dash = on_groups(Role::Viewer, 80, 24);
    let keys = keys_line(&mut dash);
    assert!(keys.contains("Enter entries"), "{keys}");
    assert!(!keys.contains("replay"), "{keys}");
    dash.press(KeyCode::Char('A'));
    assert_eq!(
        dash.app.mode,
        worker_tui::app::Mode::Normal,
        "no confirmation opens"
    );
    dash.press(KeyCode::Enter);
    assert_eq!(dash.app.view, View::Dlq);
    let keys = keys_line(&mut dash);
    assert!(keys.contains("Enter detail"), "{keys}");
    assert!(!keys.contains("replay"), "{keys}");
    dash.press(KeyCode::Char('A'));
    assert_eq!(dash.app.mode, worker_tui::app::Mode::Normal);
    assert!(runs(&dash.take_sent()).is_empty());
}

#[test]
fn an_admin_deletes_a_group_after_a_confirmation_with_its_count_and_an_operator_cannot() {
    let mut dash = on_groups(Role::Admin, 100, 24);
    dash.press(KeyCode::Char('j'));
    dash.press(KeyCode::Char('D'));
    let screen = dash.screen();
    assert!(
        screen.contains("Delete all 3,300 of resize's DLQ entries"),
        "{screen}"
    );
    dash.press(KeyCode::Char('y'));
    assert_eq!(
        runs(&dash.take_sent()),
        vec![&Op::DeleteMatching {
            filter: DlqFilter {
                queue: None,
                handler: Some("resize".into()),
                text: None,
                fingerprint: Some(PNG.into()),
                ..Default::default()
            },
            total: 3_300
        }]
    );
    // An operator replays but is not offered the delete (admin only).
    let mut dash = on_groups(Role::Operator, 100, 24);
    let keys = keys_line(&mut dash);
    assert!(
        keys.contains("replay group") && !keys.contains("delete"),
        "{keys}"
    );
    dash.press(KeyCode::Char('D'));
    assert_eq!(dash.app.mode, worker_tui::app::Mode::Normal);
    assert!(runs(&dash.take_sent()).is_empty());
}
