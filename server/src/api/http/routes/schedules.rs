//! Schedule routes: go-worker's (list, create, delete, pause one or all, run now, factories,
//! events) with its JSON, and our `GET /schedules/{name}` with the schedule's newest events.

use axum::Json;
use axum::extract::State;
use worker_proto::v1 as pb;

use crate::api::http::Gateway;
use crate::api::http::extract::{Body, Caller, Name, OptionalBody, Params};
use crate::api::http::json::{
    CreateScheduleBody, Deleted, PauseBody, Schedule, ScheduleCreated, ScheduleDetail,
    ScheduleEnvelope, ScheduleEvent, ScheduleEventList, ScheduleFactory, ScheduleFactoryList,
    ScheduleList, ScheduleRun, SchedulesPaused,
};
use crate::api::http::routes::Answer;

pub(super) const EVENTS_QUERY: &[(&str, &str, &str)] = &[
    ("name", "string", "Only this schedule's events."),
    (
        "limit",
        "integer",
        "Events, newest first (default 200, at most 1000).",
    ),
];

/// The derived fields (`status`, `nextRun`, `lastRun`) are relative to the gateway's clock, as
/// in go-worker's gateway.
fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

pub(super) async fn list_schedules(State(gw): State<Gateway>, c: Caller) -> Answer<ScheduleList> {
    let r = gw
        .backend()
        .list_schedules(&c.0, pb::ListSchedulesRequest {})
        .await?;
    let now = now_ms();
    Ok(Json(ScheduleList {
        schedules: r
            .schedules
            .into_iter()
            .map(|s| Schedule::new(s, now))
            .collect(),
    }))
}

pub(super) async fn get_schedule(
    State(gw): State<Gateway>,
    c: Caller,
    Name(name): Name,
) -> Answer<ScheduleDetail> {
    let r = gw
        .backend()
        .get_schedule(&c.0, pb::GetScheduleRequest { name })
        .await?;
    Ok(Json(ScheduleDetail {
        schedule: Schedule::of(r.schedule, now_ms()),
        events: r.recent.into_iter().map(ScheduleEvent::from).collect(),
    }))
}

pub(super) async fn create_schedule(
    State(gw): State<Gateway>,
    c: Caller,
    Body(body): Body<CreateScheduleBody>,
) -> Answer<ScheduleCreated> {
    let payload = super::payload(body.payload, body.payload_base64)?;
    let r = gw
        .backend()
        .create_schedule(
            &c.0,
            pb::CreateScheduleRequest {
                name: body.name,
                spec: body.spec,
                durable: body.durable,
                timezone: body.timezone,
                handler: body.handler,
                queue: body.queue,
                payload,
                priority: body.priority,
                max_retries: body.max_retries,
                timeout_ms: body.timeout_ms,
                metadata: body.metadata,
                misfire: body.misfire,
                catch_up_max: body.catch_up_max,
                overlap: body.overlap,
                jitter_ms: body.jitter_ms,
            },
        )
        .await?;
    // 200 as in the reference (it answers nothing else); `created` tells a replacement apart.
    Ok(Json(ScheduleCreated {
        schedule: Schedule::of(r.schedule, now_ms()),
        created: r.created,
    }))
}

pub(super) async fn delete_schedule(
    State(gw): State<Gateway>,
    c: Caller,
    Name(name): Name,
) -> Answer<Deleted> {
    let r = gw
        .backend()
        .delete_schedule(&c.0, pb::DeleteScheduleRequest { name })
        .await?;
    Ok(Json(Deleted { deleted: r.deleted }))
}

pub(super) async fn pause_schedule(
    State(gw): State<Gateway>,
    c: Caller,
    Name(name): Name,
    OptionalBody(body): OptionalBody<PauseBody>,
) -> Answer<ScheduleEnvelope> {
    let r = gw
        .backend()
        .pause_schedule(
            &c.0,
            pb::PauseScheduleRequest {
                name,
                paused: body.paused.unwrap_or(true),
            },
        )
        .await?;
    Ok(Json(ScheduleEnvelope {
        schedule: Schedule::of(r.schedule, now_ms()),
    }))
}

pub(super) async fn run_schedule(
    State(gw): State<Gateway>,
    c: Caller,
    Name(name): Name,
) -> Answer<ScheduleRun> {
    let r = gw
        .backend()
        .run_schedule(&c.0, pb::RunScheduleRequest { name })
        .await?;
    Ok(Json(ScheduleRun { task_id: r.task_id }))
}

pub(super) async fn pause_schedules(
    State(gw): State<Gateway>,
    c: Caller,
    OptionalBody(body): OptionalBody<PauseBody>,
) -> Answer<SchedulesPaused> {
    let r = gw
        .backend()
        .pause_schedules(
            &c.0,
            pb::PauseSchedulesRequest {
                paused: body.paused.unwrap_or(true),
            },
        )
        .await?;
    Ok(Json(SchedulesPaused {
        updated: r.updated,
        paused: r.paused,
    }))
}

pub(super) async fn schedule_factories(
    State(gw): State<Gateway>,
    c: Caller,
) -> Answer<ScheduleFactoryList> {
    let r = gw
        .backend()
        .list_schedule_factories(&c.0, pb::ListScheduleFactoriesRequest {})
        .await?;
    Ok(Json(ScheduleFactoryList {
        factories: r.factories.into_iter().map(ScheduleFactory::from).collect(),
    }))
}

pub(super) async fn schedule_events(
    State(gw): State<Gateway>,
    c: Caller,
    p: Params,
) -> Answer<ScheduleEventList> {
    let r = gw
        .backend()
        .list_schedule_events(
            &c.0,
            pb::ListScheduleEventsRequest {
                name: p.text("name"),
                limit: p.limit("limit", 200)?.min(1_000) as i32,
            },
        )
        .await?;
    Ok(Json(ScheduleEventList {
        events: r.events.into_iter().map(ScheduleEvent::from).collect(),
    }))
}
