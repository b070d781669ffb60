//! Encodings every backend shares: task state codes, audit ids, and the error for a cursor
//! another store issued. One definition, so the backends cannot drift apart.

use crate::engine::model::TaskState;
use crate::store::StoreError;

/// The number a task state is stored as (SQLite columns, Redis records and Lua scripts).
/// Persisted: never renumber.
pub(crate) fn state_code(state: TaskState) -> i64 {
    match state {
        TaskState::Scheduled => 0,
        TaskState::Pending => 1,
        TaskState::Running => 2,
        TaskState::Retrying => 3,
        TaskState::Succeeded => 4,
        TaskState::Dead => 5,
        TaskState::Cancelled => 6,
    }
}

/// The state a stored code stands for; `None` for a code no version wrote.
pub(crate) fn state_from_code(code: i64) -> Option<TaskState> {
    TaskState::ALL.into_iter().find(|s| state_code(*s) == code)
}

/// A cursor (`what`: "event id", "audit cursor") that this store did not issue.
pub(crate) fn foreign_cursor(what: &str, id: &str) -> StoreError {
    StoreError::InvalidCursor(format!(
        "{what} {:?} was not issued by this store",
        id.chars().take(64).collect::<String>()
    ))
}

/// An audit entry's id as both stores number them.
pub(crate) fn parse_audit_id(id: &str) -> Result<i64, StoreError> {
    id.trim()
        .parse::<i64>()
        .map_err(|_| foreign_cursor("audit cursor", id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_codes_round_trip_and_unknown_codes_are_refused() {
        for state in TaskState::ALL {
            assert_eq!(state_from_code(state_code(state)), Some(state));
        }
        assert_eq!(state_from_code(7), None);
        assert_eq!(state_from_code(-1), None);
    }

    #[test]
    fn foreign_cursors_are_named_and_truncated() {
        let long = "x".repeat(200);
        let StoreError::InvalidCursor(message) = parse_audit_id(&long).unwrap_err() else {
            panic!("not an invalid cursor");
        };
        assert!(message.starts_with("audit cursor \"xxx"));
        assert!(message.len() < 120, "{message}");
        assert_eq!(parse_audit_id(" 42 "), Ok(42));
    }
}
