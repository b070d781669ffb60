//! The shared helpers' spelling, which the JSON contract depends on.

use worker_proto::v1 as pb;

use super::state_name;

#[test]
fn state_names_are_the_lower_case_wire_names_and_unknown_otherwise() {
    for state in [
        pb::TaskState::Pending,
        pb::TaskState::Scheduled,
        pb::TaskState::Running,
        pb::TaskState::Retrying,
        pb::TaskState::Succeeded,
        pb::TaskState::Dead,
        pb::TaskState::Cancelled,
    ] {
        assert_eq!(
            state_name(state as i32),
            state.as_str_name().to_ascii_lowercase()
        );
    }
    assert_eq!(state_name(pb::TaskState::Unspecified as i32), "unknown");
    assert_eq!(state_name(99), "unknown");
    assert_eq!(state_name(-1), "unknown");
}

/// A job-log event as `workerctl events` prints it: one line with the job, the run's id's
/// tail, the attempt, the stream and the first line of its data (control characters blanked),
/// and its fields for `-o json`.
#[test]
fn a_job_log_event_is_one_line_with_its_first_line_of_output() {
    use crate::output::Record;
    let event = pb::AdminEvent {
        id: "17".into(),
        at_ms: 1_700_000_000_000,
        event: Some(pb::admin_event::Event::JobLog(pb::JobLogChunk {
            task_id: "0190c7c8-0000-7000-8000-00000000abcd".into(),
            data: "\u{1b}[31mred\u{1b}[0m start\nsecond\nthird\n".into(),
            seq: 4,
            stream: "stdout".into(),
            at_ms: 1_700_000_000_000,
            job: "nightly".into(),
            attempt: 2,
            queue: "jobs".into(),
            last_seq: 9,
            truncated: true,
        })),
    };
    let view = super::Event::from(&event);
    assert_eq!(view.kind, "job_log");
    assert_eq!(view.queue, "jobs");
    assert_eq!(
        view.summary,
        "job nightly run …0000abcd #2 stdout:  [31mred [0m start (+2 lines) [cut; chunks 4-9]"
    );
    let row = view.row(false);
    assert_eq!(row[2], "job_log");
    assert!(!row.concat().contains('\u{1b}'));
    assert_eq!(view.data["run_id"], "0190c7c8-0000-7000-8000-00000000abcd");
    assert_eq!(view.data["first_seq"], 4);
    assert_eq!(view.data["last_seq"], 9);
    assert_eq!(view.data["truncated"], true);
    assert_eq!(
        view.data["data"],
        "\u{1b}[31mred\u{1b}[0m start\nsecond\nthird\n"
    );
}
