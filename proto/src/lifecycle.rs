//! Which operator actions a task's state allows. `workerd`'s stores apply these rules (the
//! store conformance suite checks every state against them); `workerctl` and the dashboard
//! read them to offer only actions the server will accept.

use crate::v1::TaskState;

/// Cancel applies to a task that has not finished: a waiting one is cancelled at once, a
/// running one is asked to stop.
pub fn cancellable(state: TaskState) -> bool {
    matches!(
        state,
        TaskState::Scheduled | TaskState::Pending | TaskState::Running | TaskState::Retrying
    )
}

/// Retry makes a task pending now: a scheduled or retrying one skips its wait, a finished one
/// runs again. Pending and running tasks are already on their way.
pub fn retryable(state: TaskState) -> bool {
    matches!(
        state,
        TaskState::Scheduled
            | TaskState::Retrying
            | TaskState::Succeeded
            | TaskState::Dead
            | TaskState::Cancelled
    )
}

/// Succeeded, dead and cancelled tasks are finished.
pub fn is_terminal(state: TaskState) -> bool {
    matches!(
        state,
        TaskState::Succeeded | TaskState::Dead | TaskState::Cancelled
    )
}

/// The lower-case name filters and JSON use (`pending`, `dead`, …; `unknown` for a state this
/// build does not know).
pub fn state_name(state: TaskState) -> &'static str {
    match state {
        TaskState::Unspecified => "unknown",
        TaskState::Scheduled => "scheduled",
        TaskState::Pending => "pending",
        TaskState::Running => "running",
        TaskState::Retrying => "retrying",
        TaskState::Succeeded => "succeeded",
        TaskState::Dead => "dead",
        TaskState::Cancelled => "cancelled",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_is_cancellable_until_it_finishes() {
        for state in [
            TaskState::Scheduled,
            TaskState::Pending,
            TaskState::Running,
            TaskState::Retrying,
            TaskState::Succeeded,
            TaskState::Dead,
            TaskState::Cancelled,
        ] {
            assert_eq!(cancellable(state), !is_terminal(state), "{state:?}");
            assert_eq!(
                retryable(state),
                !matches!(state, TaskState::Pending | TaskState::Running),
                "{state:?}"
            );
        }
        assert!(!cancellable(TaskState::Unspecified) && !retryable(TaskState::Unspecified));
    }
}
