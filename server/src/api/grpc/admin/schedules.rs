//! Cron schedules: listing and reading them with their events, creating (or replacing),
//! deleting, pausing one or all, and running one now under the server's run cap.

use std::collections::BTreeMap;

use tonic::Request;
use worker_proto::v1 as pb;

use crate::api::auth::{self, Identity, Op};
use crate::api::grpc::AdminApi;
use crate::api::grpc::call::{Answer, Audited, meta};
use crate::api::grpc::convert;
use crate::api::grpc::parse::{schedule_event_limit, schedule_input, schedule_name};
use crate::api::grpc::status::engine_err;
use crate::engine::Error;
use crate::engine::schedules::{RunLimit, ScheduleView};

/// How many of its newest events `GetSchedule` returns with a schedule.
const RECENT_EVENTS: u32 = 20;

fn sees_payloads(identity: &Identity) -> bool {
    identity.role.is_some_and(auth::Role::sees_payloads)
}

pub(super) async fn list_schedule_factories(
    api: &AdminApi,
    req: Request<pb::ListScheduleFactoriesRequest>,
) -> Answer<pb::ListScheduleFactoriesResponse> {
    api.query(req, Op::ListScheduleFactories, |_, _| async move {
        let factories = api.engine.schedule_factories().await.map_err(engine_err)?;
        Ok(pb::ListScheduleFactoriesResponse {
            factories: factories.iter().map(convert::schedule_factory).collect(),
        })
    })
    .await
}

pub(super) async fn list_schedule_events(
    api: &AdminApi,
    req: Request<pb::ListScheduleEventsRequest>,
) -> Answer<pb::ListScheduleEventsResponse> {
    api.query(req, Op::ListScheduleEvents, |r, _| async move {
        let name = if r.name.trim().is_empty() {
            None
        } else {
            Some(schedule_name(&r.name)?)
        };
        let events = api
            .engine
            .list_schedule_events(name.as_ref(), schedule_event_limit(r.limit)?)
            .await
            .map_err(engine_err)?;
        Ok(pb::ListScheduleEventsResponse {
            events: events.iter().map(convert::schedule_event).collect(),
        })
    })
    .await
}

pub(super) async fn list_schedules(
    api: &AdminApi,
    req: Request<pb::ListSchedulesRequest>,
) -> Answer<pb::ListSchedulesResponse> {
    api.query(req, Op::ListSchedules, |_, identity| async move {
        let sees = sees_payloads(&identity);
        let schedules = api.engine.list_schedules().await.map_err(engine_err)?;
        Ok(pb::ListSchedulesResponse {
            schedules: schedules
                .iter()
                .map(|s| convert::schedule_entry(s, sees))
                .collect(),
        })
    })
    .await
}

pub(super) async fn get_schedule(
    api: &AdminApi,
    req: Request<pb::GetScheduleRequest>,
) -> Answer<pb::GetScheduleResponse> {
    api.query(req, Op::GetSchedule, |r, identity| async move {
        let name = schedule_name(&r.name)?;
        let view = api.engine.get_schedule(&name).await.map_err(engine_err)?;
        let recent = api
            .engine
            .list_schedule_events(Some(&name), RECENT_EVENTS)
            .await
            .map_err(engine_err)?;
        Ok(pb::GetScheduleResponse {
            schedule: Some(convert::schedule_entry(&view, sees_payloads(&identity))),
            recent: recent.iter().map(convert::schedule_event).collect(),
        })
    })
    .await
}

pub(super) async fn create_schedule(
    api: &AdminApi,
    req: Request<pb::CreateScheduleRequest>,
) -> Answer<pb::CreateScheduleResponse> {
    let r = req.get_ref();
    let name = r.name.clone();
    let metadata = meta([
        ("spec", r.spec.chars().take(256).collect()),
        ("timezone", r.timezone.chars().take(64).collect()),
    ]);
    api.mutation(
        req,
        Op::CreateSchedule,
        &name,
        metadata,
        |r, identity| async move {
            let input = schedule_input(r)?;
            let name = schedule_name(&input.name)?;
            // Read before the write only to say in the audit log what a replacement changed.
            let before = match api.engine.get_schedule(&name).await {
                Ok(view) => Some(view),
                Err(Error::NotFound { .. }) => None,
                Err(e) => return Err(engine_err(e)),
            };
            let (view, created) = api
                .engine
                .create_schedule(input)
                .await
                .map_err(engine_err)?;
            let detail = match (&before, created) {
                (Some(old), false) => format!("replaced: {}", changes(old, &view)),
                _ => format!("created: {}", summary(&view)),
            };
            Ok((
                pb::CreateScheduleResponse {
                    schedule: Some(convert::schedule_entry(&view, sees_payloads(&identity))),
                    created,
                },
                detail,
            ))
        },
    )
    .await
}

pub(super) async fn delete_schedule(
    api: &AdminApi,
    req: Request<pb::DeleteScheduleRequest>,
) -> Answer<pb::DeleteScheduleResponse> {
    let name = req.get_ref().name.clone();
    api.mutation(
        req,
        Op::DeleteSchedule,
        &name,
        BTreeMap::new(),
        |r, _| async move {
            let deleted = api
                .engine
                .delete_schedule(&schedule_name(&r.name)?)
                .await
                .map_err(engine_err)?;
            let detail = if deleted {
                "deleted"
            } else {
                "no such schedule"
            };
            Ok((pb::DeleteScheduleResponse { deleted }, detail.to_string()))
        },
    )
    .await
}

pub(super) async fn pause_schedule(
    api: &AdminApi,
    req: Request<pb::PauseScheduleRequest>,
) -> Answer<pb::PauseScheduleResponse> {
    let name = req.get_ref().name.clone();
    let metadata = meta([("paused", req.get_ref().paused.to_string())]);
    api.mutation(
        req,
        Op::PauseSchedule,
        &name,
        metadata,
        |r, identity| async move {
            let view = api
                .engine
                .pause_schedule(&schedule_name(&r.name)?, r.paused)
                .await
                .map_err(engine_err)?;
            let audited = if r.paused {
                Audited {
                    detail: "paused".into(),
                    action: None,
                }
            } else {
                Audited {
                    detail: "resumed".into(),
                    action: Some("schedule.resume"),
                }
            };
            Ok((
                pb::PauseScheduleResponse {
                    schedule: Some(convert::schedule_entry(&view, sees_payloads(&identity))),
                },
                audited,
            ))
        },
    )
    .await
}

pub(super) async fn run_schedule(
    api: &AdminApi,
    req: Request<pb::RunScheduleRequest>,
) -> Answer<pb::RunScheduleResponse> {
    let name = req.get_ref().name.clone();
    let limit = RunLimit {
        max: api.settings.schedule_run_max,
        window_ms: i64::try_from(api.settings.schedule_run_window.as_millis()).unwrap_or(i64::MAX),
    };
    let metadata = meta([
        ("run_max", limit.max.to_string()),
        ("run_window_ms", limit.window_ms.to_string()),
    ]);
    api.mutation(req, Op::RunSchedule, &name, metadata, |r, _| async move {
        let task = api
            .engine
            .run_schedule(&schedule_name(&r.name)?, Some(limit))
            .await
            .map_err(engine_err)?;
        Ok((
            pb::RunScheduleResponse {
                task_id: task.to_string(),
            },
            format!("task {task}"),
        ))
    })
    .await
}

pub(super) async fn pause_schedules(
    api: &AdminApi,
    req: Request<pb::PauseSchedulesRequest>,
) -> Answer<pb::PauseSchedulesResponse> {
    let metadata = meta([("paused", req.get_ref().paused.to_string())]);
    api.mutation(req, Op::PauseSchedules, "*", metadata, |r, _| async move {
        let updated = api
            .engine
            .pause_schedules(r.paused)
            .await
            .map_err(engine_err)?;
        let verb = if r.paused { "paused" } else { "resumed" };
        Ok((
            pb::PauseSchedulesResponse {
                updated: i32::try_from(updated).unwrap_or(i32::MAX),
                paused: r.paused,
            },
            Audited {
                detail: format!("{verb} {updated}"),
                action: (!r.paused).then_some("schedule.resume_all"),
            },
        ))
    })
    .await
}

/// What a new schedule is, for its audit entry.
fn summary(view: &ScheduleView) -> String {
    let r = &view.record;
    format!(
        "spec {:?} in {}, handler {}, queue {}, misfire {}, overlap {}{}",
        r.spec,
        r.timezone,
        r.task.handler,
        r.task.queue,
        r.misfire.name(),
        r.overlap.name(),
        if r.paused { ", paused" } else { "" }
    )
}

/// What a replacement changed, field by field, for its audit entry.
fn changes(old: &ScheduleView, new: &ScheduleView) -> String {
    let (o, n) = (&old.record, &new.record);
    let retries = |m: Option<u32>| m.map_or_else(|| "default".to_string(), |m| m.to_string());
    let misfire = |r: &crate::engine::schedules::ScheduleRecord| {
        format!("{}/{}", r.misfire.name(), r.misfire.catch_up_max())
    };
    let fields = [
        ("spec", format!("{:?}", o.spec), format!("{:?}", n.spec)),
        ("timezone", o.timezone.clone(), n.timezone.clone()),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_event_limits_default_and_clamp() {
        use crate::api::grpc::parse::schedule_event_limit as limit;
        assert_eq!(
            (limit(0).ok(), limit(7).ok(), limit(5_000).ok()),
            (Some(200), Some(7), Some(1_000))
        );
        assert_eq!(limit(-5).unwrap_err().code(), tonic::Code::InvalidArgument);
    }

    #[test]
    fn a_negative_max_retries_is_refused_before_the_engine() {
        let err = schedule_input(pb::CreateScheduleRequest {
            name: "nightly".into(),
            spec: "@daily".into(),
            max_retries: Some(-1),
            ..Default::default()
        })
        .unwrap_err();
        assert_eq!(err.code(), tonic::Code::InvalidArgument);
        let err: tonic::Status = schedule_input(pb::CreateScheduleRequest {
            name: "bad name".into(),
            ..Default::default()
        })
        .unwrap_err();
        assert_eq!(err.code(), tonic::Code::InvalidArgument);
    }
}
