//! System routes: health, the overview, pausing and resuming dequeue everywhere, the metrics
//! (JSON or Prometheus text) and the OpenAPI document.

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use worker_proto::v1 as pb;

use crate::api::auth::Op;
use crate::api::http::Gateway;
use crate::api::http::error::ApiError;
use crate::api::http::extract::{Caller, Params};
use crate::api::http::json::{Health, Overview, Paused};
use crate::api::http::routes::{Answer, allow};
use crate::engine::model::truncate_for_message;

pub(super) const METRICS_QUERY: &[(&str, &str, &str)] =
    &[("format", "string", "json (default) or prometheus.")];

pub(super) async fn health(State(gw): State<Gateway>, c: Caller) -> Answer<Health> {
    Ok(Json(
        gw.backend()
            .get_health(&c.0, pb::GetHealthRequest {})
            .await?
            .into(),
    ))
}

pub(super) async fn overview(State(gw): State<Gateway>, c: Caller) -> Answer<Overview> {
    Ok(Json(
        gw.backend()
            .get_overview(&c.0, pb::GetOverviewRequest {})
            .await?
            .into(),
    ))
}

pub(super) async fn pause_dequeue(State(gw): State<Gateway>, c: Caller) -> Answer<Paused> {
    let r = gw
        .backend()
        .pause_dequeue(&c.0, pb::PauseDequeueRequest {})
        .await?;
    Ok(Json(Paused { paused: r.paused }))
}

pub(super) async fn resume_dequeue(State(gw): State<Gateway>, c: Caller) -> Answer<Paused> {
    let r = gw
        .backend()
        .resume_dequeue(&c.0, pb::ResumeDequeueRequest {})
        .await?;
    Ok(Json(Paused { paused: r.paused }))
}

pub(super) async fn metrics_route(
    State(gw): State<Gateway>,
    c: Caller,
    p: Params,
) -> Result<Response, ApiError> {
    match p.text("format").as_str() {
        "" | "json" => {
            allow(Op::GetOverview, &c)?;
            Ok(Json(crate::telemetry::metrics().json()).into_response())
        }
        "prom" | "prometheus" | "text" => prometheus(State(gw), c).await,
        other => Err(ApiError::bad_request(
            "invalid_format",
            format!(
                "format {:?} is unknown; use json or prometheus",
                truncate_for_message(other)
            ),
        )),
    }
}

pub(super) async fn prometheus(State(gw): State<Gateway>, c: Caller) -> Result<Response, ApiError> {
    let overview = gw
        .backend()
        .get_overview(&c.0, pb::GetOverviewRequest {})
        .await?;
    let queues: Vec<crate::telemetry::QueueGauge> = overview
        .queues
        .iter()
        .map(|q| crate::telemetry::QueueGauge {
            name: q.name.clone(),
            states: [
                ("ready", q.ready),
                ("scheduled", q.scheduled),
                ("running", q.processing),
                ("retrying", q.retrying),
                ("dead", q.dead),
                ("succeeded", q.succeeded),
            ],
            latency_ms: q.latency_ms,
        })
        .collect();
    let mut text = crate::telemetry::metrics().prometheus_text();
    text.push_str(&crate::telemetry::queue_gauges_text(&queues));
    Ok((
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        text,
    )
        .into_response())
}

pub(super) async fn openapi(c: Caller) -> Result<Response, ApiError> {
    allow(Op::GetHealth, &c)?;
    Ok((
        [(header::CONTENT_TYPE, "application/json")],
        crate::api::http::openapi::document_json(),
    )
        .into_response())
}
