//! Audit routes: pages of the audit log, its export as JSON lines, JSON or CSV, and the
//! verification of its hash chain.

use std::collections::VecDeque;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures::StreamExt;
use worker_proto::v1 as pb;

use crate::api::http::Gateway;
use crate::api::http::error::ApiError;
use crate::api::http::extract::{Caller, Params};
use crate::api::http::json::{Audit, AuditExport, AuditList, AuditVerification};
use crate::api::http::routes::Answer;
use crate::engine::model::truncate_for_message;

pub(super) const AUDIT_QUERY: &[(&str, &str, &str)] = &[
    ("limit", "integer", "Entries (default 500)."),
    ("action", "string", "Only this action, like queue.pause."),
    ("target", "string", "Only this target."),
    ("actor", "string", "Only this caller (certificate CN)."),
    (
        "since",
        "integer",
        "At or after this Unix time in milliseconds.",
    ),
    ("until", "integer", "Before this Unix time in milliseconds."),
    ("cursor", "string", "The previous page's nextCursor."),
];
pub(super) const EXPORT_QUERY: &[(&str, &str, &str)] = &[
    ("format", "string", "jsonl (default), json or csv."),
    (
        "limit",
        "integer",
        "The newest N entries (default 500, capped by the server).",
    ),
    ("action", "string", "Only this action."),
    ("target", "string", "Only this target."),
    ("actor", "string", "Only this caller."),
    (
        "since",
        "integer",
        "At or after this Unix time in milliseconds.",
    ),
    ("until", "integer", "Before this Unix time in milliseconds."),
];

fn time_param(p: &Params, key: &str) -> i64 {
    p.0.get(key)
        .and_then(|v| v.trim().parse::<i64>().ok())
        .filter(|n| *n > 0)
        .unwrap_or(0)
}

pub(super) async fn list_audit(
    State(gw): State<Gateway>,
    c: Caller,
    p: Params,
) -> Answer<AuditList> {
    let r = gw
        .backend()
        .list_audit_events(
            &c.0,
            pb::ListAuditEventsRequest {
                action: p.text("action"),
                target: p.text("target"),
                // The gateway's default page is 500, as in the reference.
                limit: p.limit("limit", 500)?.min(1_000) as i32,
                actor: p.text("actor"),
                since_ms: time_param(&p, "since"),
                until_ms: time_param(&p, "until"),
                cursor: p.text("cursor"),
            },
        )
        .await?;
    Ok(Json(AuditList {
        events: r.events.into_iter().map(Audit::from).collect(),
        next_cursor: r.next_cursor,
    }))
}

/// Walks the whole chain: 200 with `ok: false` and the first break when it is broken (the
/// request succeeded; the answer is the finding).
pub(super) async fn verify_audit(
    State(gw): State<Gateway>,
    c: Caller,
) -> Answer<AuditVerification> {
    let r = gw
        .backend()
        .verify_audit_chain(&c.0, pb::VerifyAuditChainRequest {})
        .await?;
    Ok(Json(AuditVerification::from(r)))
}

/// The newest `limit` matching entries (500 by default, capped at the export maximum), oldest
/// first, as a download.
pub(super) async fn export_audit(
    State(gw): State<Gateway>,
    c: Caller,
    p: Params,
) -> Result<Response, ApiError> {
    let format = match p.text("format").as_str() {
        "" | "jsonl" => "jsonl",
        "json" => "json",
        "csv" => "csv",
        other => {
            return Err(ApiError::bad_request(
                "invalid_format",
                format!(
                    "format {:?} is unknown; use jsonl, json or csv",
                    truncate_for_message(other)
                ),
            ));
        }
    };
    let limit = p.limit("limit", 500)?.min(i64::from(gw.export_limit_max())) as usize;
    let mut stream = gw
        .backend()
        .export_audit_events(
            &c.0,
            pb::ExportAuditEventsRequest {
                action: p.text("action"),
                target: p.text("target"),
                actor: p.text("actor"),
                since_ms: time_param(&p, "since"),
                until_ms: time_param(&p, "until"),
                limit: 0,
            },
        )
        .await?;
    let mut kept: VecDeque<pb::AuditEvent> = VecDeque::with_capacity(limit.min(10_000));
    while let Some(event) = stream.next().await {
        if kept.len() == limit {
            kept.pop_front();
        }
        kept.push_back(event?);
    }
    let (content_type, body) = match format {
        "json" => {
            let export = AuditExport {
                events: kept.into_iter().map(Audit::from).collect(),
            };
            (
                "application/json",
                serde_json::to_vec(&export).unwrap_or_default(),
            )
        }
        "csv" => {
            let mut w = csv::Writer::from_writer(Vec::new());
            let fail = |e: csv::Error| {
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string())
            };
            w.write_record(worker_proto::audit::CSV_HEADER)
                .map_err(fail)?;
            for event in &kept {
                w.write_record(worker_proto::audit::csv_row(event))
                    .map_err(fail)?;
            }
            ("text/csv", w.into_inner().unwrap_or_default())
        }
        _ => {
            let mut out = Vec::new();
            for event in kept {
                out.extend(serde_json::to_vec(&Audit::from(event)).unwrap_or_default());
                out.push(b'\n');
            }
            ("application/x-ndjson", out)
        }
    };
    let now_s = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"admin-audit-{now_s}.{format}\""
    )) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok((headers, body).into_response())
}
