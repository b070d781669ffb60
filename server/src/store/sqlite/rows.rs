//! Mapping between SQLite rows and the engine's records.

use std::collections::BTreeMap;

use rusqlite::Row;
use rusqlite::types::Value;

use crate::store::codec;
pub(crate) use crate::store::codec::state_code;

use crate::engine::model::{
    DeadReason, HandlerName, QueueName, TaskId, TaskRecord, TaskState, WorkerId, WorkerRecord,
    WorkerState,
};

/// A stored state code as a column value; an unknown code fails the row.
pub(crate) fn state_from_code(code: i64) -> rusqlite::Result<TaskState> {
    codec::state_from_code(code).ok_or(rusqlite::Error::IntegralValueOutOfRange(0, code))
}

pub(crate) fn encode_metadata(metadata: &BTreeMap<String, String>) -> Option<String> {
    if metadata.is_empty() {
        None
    } else {
        Some(serde_json::to_string(metadata).expect("string maps serialize"))
    }
}

pub(crate) fn decode_metadata(text: Option<String>) -> BTreeMap<String, String> {
    text.and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

/// The terms of a listing's WHERE clause that keep tasks in `state`, and the value to bind for
/// them, if any; `qualified` names the column `t.state`. Written so the planner walks the index
/// that holds the state: `tasks_by_state` leaves running tasks out (migration 0014) and SQLite
/// proves a partial index usable only from the query's own words, so every state but running
/// says `state <> 2` literally; running says `state = 2`, the condition of `tasks_running`,
/// which its listings walk (see [`tasks_source`]).
pub(crate) fn state_terms(state: TaskState, qualified: bool) -> (&'static str, Option<Value>) {
    let bound = Some(Value::Integer(state_code(state)));
    match (state, qualified) {
        (TaskState::Running, false) => ("state = 2", None),
        (TaskState::Running, true) => ("t.state = 2", None),
        (_, false) => ("state = ? AND state <> 2", bound),
        (_, true) => ("t.state = ? AND t.state <> 2", bound),
    }
}

/// The table a listing of tasks reads, with its alias if any: running tasks through
/// `tasks_running` (they are few, and `tasks_by_state` leaves them out), the rest as the
/// planner chooses.
pub(crate) fn tasks_source(state: Option<TaskState>, alias: &str) -> String {
    match state {
        Some(TaskState::Running) => format!("tasks {alias} INDEXED BY tasks_running"),
        _ => format!("tasks {alias}"),
    }
}

/// The columns [`task_from_row`] expects, in order.
pub(crate) const TASK_COLUMNS: &str = "id, handler, queue, state, priority, length(payload), \
    attempts, max_retries, timeout_ms, run_at_ms, created_at_ms, started_at_ms, finished_at_ms, \
    updated_at_ms, last_error, dead_reason, worker_id, lease_until_ms, heartbeat_at_ms, \
    idempotency_key, cancel_requested, metadata";

pub(crate) fn task_from_row(row: &Row<'_>) -> rusqlite::Result<TaskRecord> {
    Ok(TaskRecord {
        id: TaskId::from_trusted(row.get(0)?),
        handler: HandlerName::from_trusted(row.get(1)?),
        queue: QueueName::from_trusted(row.get(2)?),
        state: state_from_code(row.get(3)?)?,
        priority: row.get(4)?,
        payload_size: row.get(5)?,
        attempts: row.get(6)?,
        max_retries: row.get(7)?,
        timeout_ms: row.get(8)?,
        run_at_ms: row.get(9)?,
        created_at_ms: row.get(10)?,
        started_at_ms: row.get(11)?,
        finished_at_ms: row.get(12)?,
        updated_at_ms: row.get(13)?,
        last_error: row.get(14)?,
        dead_reason: row
            .get::<_, Option<String>>(15)?
            .and_then(|r| DeadReason::parse(&r)),
        worker_id: row
            .get::<_, Option<String>>(16)?
            .map(WorkerId::from_trusted),
        lease_until_ms: row.get(17)?,
        heartbeat_at_ms: row.get(18)?,
        idempotency_key: row.get(19)?,
        cancel_requested: row.get::<_, i64>(20)? != 0,
        metadata: decode_metadata(row.get(21)?),
    })
}

/// The columns [`worker_from_row`] expects, in order.
pub(crate) const WORKER_COLUMNS: &str = "id, host, pid, version, concurrency, in_flight, handlers, \
    state, started_at_ms, last_heartbeat_ms, recycle_reason, recycles";

pub(crate) fn worker_from_row(row: &Row<'_>) -> rusqlite::Result<WorkerRecord> {
    let handlers: String = row.get(6)?;
    let state: String = row.get(7)?;
    Ok(WorkerRecord {
        id: WorkerId::from_trusted(row.get(0)?),
        host: row.get(1)?,
        pid: row.get(2)?,
        version: row.get(3)?,
        concurrency: row.get(4)?,
        in_flight: row.get(5)?,
        handlers: serde_json::from_str(&handlers).unwrap_or_default(),
        state: WorkerState::parse(&state).unwrap_or(WorkerState::Lost),
        started_at_ms: row.get(8)?,
        last_heartbeat_ms: row.get(9)?,
        recycle_reason: row.get(10)?,
        recycles: row.get(11)?,
    })
}
