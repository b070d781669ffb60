//! What an operator's schedule change did, in words, for its audit entry: a new schedule's
//! definition, or what a replacement changed field by field.

use crate::engine::schedules::ScheduleRecord;

/// The detail of a create (`old` is `None`) or a replacement of `old` by `new`.
pub(super) fn definition_change(old: Option<&ScheduleRecord>, new: &ScheduleRecord) -> String {
    match old {
        Some(old) => format!("replaced: {}", changes(old, new)),
        None => format!("created: {}", summary(new)),
    }
}

/// What a new schedule is.
fn summary(r: &ScheduleRecord) -> String {
    format!(
        "spec {:?} in {}, {} {}, queue {}, misfire {}, overlap {}{}",
        r.spec,
        r.timezone,
        r.target.name(),
        r.task.handler,
        r.task.queue,
        r.misfire.name(),
        r.overlap.name(),
        if r.paused { ", paused" } else { "" }
    )
}

/// What a replacement changed, field by field.
fn changes(o: &ScheduleRecord, n: &ScheduleRecord) -> String {
    let retries = |m: Option<u32>| m.map_or_else(|| "default".to_string(), |m| m.to_string());
    let misfire = |r: &ScheduleRecord| format!("{}/{}", r.misfire.name(), r.misfire.catch_up_max());
    let fields = [
        ("spec", format!("{:?}", o.spec), format!("{:?}", n.spec)),
        ("timezone", o.timezone.clone(), n.timezone.clone()),
        ("target", o.target.name().into(), n.target.name().into()),
        ("handler", o.task.handler.clone(), n.task.handler.clone()),
        ("queue", o.task.queue.clone(), n.task.queue.clone()),
        (
            "priority",
            o.task.priority.to_string(),
            n.task.priority.to_string(),
        ),
        (
            "max_retries",
            retries(o.task.max_retries),
            retries(n.task.max_retries),
        ),
        (
            "timeout_ms",
            o.task.timeout_ms.to_string(),
            n.task.timeout_ms.to_string(),
        ),
        (
            "payload_bytes",
            o.task.payload.len().to_string(),
            n.task.payload.len().to_string(),
        ),
        ("misfire", misfire(o), misfire(n)),
        ("overlap", o.overlap.name().into(), n.overlap.name().into()),
        (
            "jitter_ms",
            o.jitter_ms.to_string(),
            n.jitter_ms.to_string(),
        ),
        ("paused", o.paused.to_string(), n.paused.to_string()),
    ];
    let mut out: Vec<String> = fields
        .into_iter()
        .filter(|(_, before, after)| before != after)
        .map(|(name, before, after)| format!("{name} {before} -> {after}"))
        .collect();
    if o.task.payload.len() == n.task.payload.len() && o.task.payload != n.task.payload {
        out.push("payload changed".into());
    }
    if o.task.metadata != n.task.metadata {
        out.push("metadata changed".into());
    }
    if out.is_empty() {
        "unchanged".into()
    } else {
        out.join(", ")
    }
}
