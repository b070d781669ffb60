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
