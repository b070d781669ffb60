//! Request fields into engine values: names, ids, filters and paging, each refusal an
//! `InvalidArgument` with its reason.

use tonic::Status;
use worker_proto::v1 as pb;

use crate::api::grpc::convert;
use crate::api::grpc::status::{self, invalid};
use crate::engine::audit::AuditFilter;
use crate::engine::model::{QueueName, ScheduleName, TaskId, TaskSpec, WorkerId};
use crate::engine::schedules::ScheduleInput;

pub(crate) fn queue_name(name: &str) -> Result<QueueName, Status> {
    QueueName::new(name.trim()).map_err(|e| status::from_engine(&e))
}

pub(crate) fn schedule_name(name: &str) -> Result<ScheduleName, Status> {
    ScheduleName::new(name.trim()).map_err(|e| status::from_engine(&e))
}

pub(crate) fn task_id(id: &str) -> Result<TaskId, Status> {
    TaskId::parse(id).map_err(|e| status::from_engine(&e))
}

pub(crate) fn worker_id(id: &str) -> Result<WorkerId, Status> {
    WorkerId::new(id.trim()).map_err(|e| status::from_engine(&e))
}

/// An optional filter field: empty means "any".
pub(crate) fn optional<T>(
    text: &str,
    parse: impl FnOnce(&str) -> Result<T, crate::engine::Error>,
) -> Result<Option<T>, Status> {
    let text = text.trim();
    if text.is_empty() {
        Ok(None)
    } else {
        parse(text).map(Some).map_err(|e| status::from_engine(&e))
    }
}

pub(crate) fn page_limit(limit: i32) -> Result<u32, Status> {
    if limit < 0 {
        return Err(invalid(
            "invalid_limit",
            format!("limit is {limit}; use 0 for the default or a positive number"),
        ));
    }
    Ok(limit as u32)
}

pub(crate) fn offset(offset: i64) -> Result<u64, Status> {
    u64::try_from(offset).map_err(|_| {
        invalid(
            "invalid_offset",
            format!("offset is {offset}; it must not be negative"),
        )
    })
}

/// A task to enqueue; in a batch, `index` prefixes the message with the task's place.
pub(crate) fn task_spec(
    spec: Option<pb::TaskSpec>,
    index: Option<usize>,
) -> Result<TaskSpec, Status> {
    let at = |message: String| match index {
        Some(i) => format!("task {i}: {message}"),
        None => message,
    };
    let spec = spec.ok_or_else(|| invalid("missing_task", at("task is required".into())))?;
    convert::task_spec(spec).map_err(|(reason, message)| invalid(reason, at(message)))
}

pub(crate) fn audit_filter(
    action: &str,
    target: &str,
    actor: &str,
    since_ms: i64,
    until_ms: i64,
) -> Result<AuditFilter, Status> {
    let text = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
    if since_ms < 0 || until_ms < 0 {
        return Err(invalid(
            "invalid_time_range",
            "since_ms and until_ms must not be negative",
        ));
    }
    if since_ms > 0 && until_ms > 0 && until_ms <= since_ms {
        return Err(invalid(
            "invalid_time_range",
            "until_ms must be after since_ms",
        ));
    }
    Ok(AuditFilter {
        action: text(action),
        target: text(target),
        actor: text(actor),
        since_ms: (since_ms > 0).then_some(since_ms),
        until_ms: (until_ms > 0).then_some(until_ms),
    })
}

/// How many schedule events one listing returns: 0 is the reference's 200, a negative limit
/// is refused as every list's is; more than 1000 is clamped, as every list is.
pub(crate) fn schedule_event_limit(limit: i32) -> Result<u32, Status> {
    match page_limit(limit)? {
        0 => Ok(200),
        n => Ok(n.min(1_000)),
    }
}

/// A schedule as written; the name is checked here, every other field by the engine.
pub(crate) fn schedule_input(r: pb::CreateScheduleRequest) -> Result<ScheduleInput, Status> {
    let name = schedule_name(&r.name)?;
    let max_retries = match r.max_retries {
        None => None,
        Some(n) => Some(u32::try_from(n).map_err(|_| {
            invalid(
                "invalid_max_retries",
                format!("max_retries is {n}; it must not be negative"),
            )
        })?),
    };
    let catch_up_max = u32::try_from(r.catch_up_max).map_err(|_| {
        invalid(
            "invalid_misfire",
            format!(
                "catch_up_max is {}; it must not be negative",
                r.catch_up_max
            ),
        )
    })?;
    Ok(ScheduleInput {
        name: name.to_string(),
        spec: r.spec,
        timezone: r.timezone,
        durable: r.durable,
        handler: r.handler,
        queue: r.queue,
        payload: r.payload,
        priority: r.priority,
        max_retries,
        timeout_ms: r.timeout_ms,
        metadata: r.metadata,
        misfire: r.misfire,
        catch_up_max,
        overlap: r.overlap,
        jitter_ms: r.jitter_ms,
    })
}
