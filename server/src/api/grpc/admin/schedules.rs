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
use crate::engine::audit::{COUNT_PLACEHOLDER, OUTCOME_PLACEHOLDER};
use crate::engine::schedules::RunLimit;

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
        |r, stamp| async move {
            let input = schedule_input(r)?;
            // The store writes the entry with the schedule, its detail what the write did (the
            // new definition, or what a replacement changed).
            let (view, created) = api
                .engine
                .create_schedule(input, stamp.entry(None, OUTCOME_PLACEHOLDER))
                .await
                .map_err(engine_err)?;
            let detail = if created { "created" } else { "replaced" };
            Ok((
                pb::CreateScheduleResponse {
                    schedule: Some(convert::schedule_entry(&view, sees_payloads(&stamp))),
                    created,
                },
                detail.to_string(),
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
        |r, stamp| async move {
            // The store writes the entry with the delete, its detail whether there was one.
            let deleted = api
                .engine
                .delete_schedule(
                    &schedule_name(&r.name)?,
                    stamp.entry(None, OUTCOME_PLACEHOLDER),
                )
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
        |r, stamp| async move {
            // A resume is its own action, so `audit ls --action schedule.resume` finds it.
            let audited = Audited {
                detail: if r.paused { "paused" } else { "resumed" }.to_string(),
                action: (!r.paused).then_some("schedule.resume"),
            };
            let view = api
                .engine
                .pause_schedule(
                    &schedule_name(&r.name)?,
                    r.paused,
                    stamp.entry(audited.action, audited.detail.clone()),
                )
                .await
                .map_err(engine_err)?;
            Ok((
                pb::PauseScheduleResponse {
                    schedule: Some(convert::schedule_entry(&view, sees_payloads(&stamp))),
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
    api.mutation(
        req,
        Op::RunSchedule,
        &name,
        metadata,
        |r, stamp| async move {
            // The store writes the entry with the run's task, its detail the task's id.
            let task = api
                .engine
                .run_schedule(
                    &schedule_name(&r.name)?,
                    Some(limit),
                    stamp.entry(None, format!("task {OUTCOME_PLACEHOLDER}")),
                )
                .await
                .map_err(engine_err)?;
            Ok((
                pb::RunScheduleResponse {
                    task_id: task.to_string(),
                },
                format!("task {task}"),
            ))
        },
    )
    .await
}

pub(super) async fn pause_schedules(
    api: &AdminApi,
    req: Request<pb::PauseSchedulesRequest>,
) -> Answer<pb::PauseSchedulesResponse> {
    let metadata = meta([("paused", req.get_ref().paused.to_string())]);
    api.mutation(
        req,
        Op::PauseSchedules,
        "*",
        metadata,
        |r, stamp| async move {
            let verb = if r.paused { "paused" } else { "resumed" };
            let action = (!r.paused).then_some("schedule.resume_all");
            // The store writes the entry with every change, its `{count}` how many changed.
            let updated = api
                .engine
                .pause_schedules(
                    r.paused,
                    stamp.entry(action, format!("{verb} {COUNT_PLACEHOLDER}")),
                )
                .await
                .map_err(engine_err)?;
            Ok((
                pb::PauseSchedulesResponse {
                    updated: i32::try_from(updated).unwrap_or(i32::MAX),
                    paused: r.paused,
                },
                Audited {
                    detail: format!("{verb} {updated}"),
                    action,
                },
            ))
        },
    )
    .await
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
