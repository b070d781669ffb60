//! The OpenAPI 3.1 document of the gateway, built from the route table (paths, parameters,
//! bodies) and the JSON types' schemas (utoipa), so it lists exactly what the router serves.

use std::sync::LazyLock;

use axum::http::Method;
use serde_json::{Map, Value, json};
use utoipa::openapi::ComponentsBuilder;

use crate::api::http::json::*;
use crate::api::http::routes::{Reply, routes};

/// Where the gateway's routes live.
pub const PREFIX: &str = "/admin/v1";

fn components() -> Value {
    let components = ComponentsBuilder::new()
        .schema_from::<ErrorEnvelope>()
        .schema_from::<ErrorBody>()
        .schema_from::<Health>()
        .schema_from::<Overview>()
        .schema_from::<OverviewStats>()
        .schema_from::<Coordination>()
        .schema_from::<Actions>()
        .schema_from::<ThroughputPoint>()
        .schema_from::<QueueHistory>()
        .schema_from::<HistoryPoint>()
        .schema_from::<HistoryTotals>()
        .schema_from::<UnservedHandler>()
        .schema_from::<Queue>()
        .schema_from::<QueueList>()
        .schema_from::<QueueEnvelope>()
        .schema_from::<DlqEntry>()
        .schema_from::<DlqList>()
        .schema_from::<AttemptError>()
        .schema_from::<DlqEntryDetail>()
        .schema_from::<DlqEntryEnvelope>()
        .schema_from::<Moved>()
        .schema_from::<ReplayResult>()
        .schema_from::<ReplayIdsResult>()
        .schema_from::<Paused>()
        .schema_from::<Audit>()
        .schema_from::<AuditList>()
        .schema_from::<AuditVerification>()
        .schema_from::<AuditBreak>()
        .schema_from::<DlqGroup>()
        .schema_from::<DlqGroupList>()
        .schema_from::<Task>()
        .schema_from::<TaskList>()
        .schema_from::<TaskDetail>()
        .schema_from::<CancelResult>()
        .schema_from::<RetryResult>()
        .schema_from::<Enqueued>()
        .schema_from::<Worker>()
        .schema_from::<WorkerList>()
        .schema_from::<WorkerEnvelope>()
        .schema_from::<WorkerDetail>()
        .schema_from::<StuckHandler>()
        .schema_from::<StuckHistory>()
        .schema_from::<WeightBody>()
        .schema_from::<PauseBody>()
        .schema_from::<ReplayBody>()
        .schema_from::<ReplayIdsBody>()
        .schema_from::<RecycleBody>()
        .schema_from::<EnqueueBody>()
        .schema_from::<AnyBody>()
        .schema_from::<Schedule>()
        .schema_from::<ScheduleList>()
        .schema_from::<ScheduleEnvelope>()
        .schema_from::<ScheduleCreated>()
        .schema_from::<ScheduleDetail>()
        .schema_from::<Deleted>()
        .schema_from::<ScheduleRun>()
        .schema_from::<SchedulesPaused>()
        .schema_from::<ScheduleFactory>()
        .schema_from::<ScheduleFactoryList>()
        .schema_from::<ScheduleEvent>()
        .schema_from::<ScheduleEventList>()
        .schema_from::<CreateScheduleBody>()
        .schema_from::<Job>()
        .schema_from::<JobBody>()
        .schema_from::<JobEnvelope>()
        .schema_from::<JobList>()
        .schema_from::<JobEvent>()
        .schema_from::<JobEventList>()
        .schema_from::<JobRun>()
        .schema_from::<JobRunStarted>()
        .schema_from::<JobRunList>()
        .schema_from::<JobRunEnvelope>()
        .schema_from::<JobRunCancelled>()
        .schema_from::<JobLogChunk>()
        .schema_from::<JobLogEvent>()
        .schema_from::<JobLog>()
        .schema_from::<Artifact>()
        .schema_from::<ArtifactEnvelope>()
        // Removing things (issue 17).
        .schema_from::<DeleteTasksBody>()
        .schema_from::<DeleteDlqBody>()
        .schema_from::<DeleteResult>()
        .schema_from::<DeleteOutcome>()
        .schema_from::<QueueDeleted>()
        // Bulk actions by filter (issue 17).
        .schema_from::<BulkBody>()
        .schema_from::<BulkOperation>()
        .schema_from::<BulkSample>()
        .schema_from::<BulkStarted>()
        .schema_from::<BulkEnvelope>()
        .schema_from::<BulkList>()
        .build();
    let mut value = serde_json::to_value(components).expect("schemas serialize");
    value["securitySchemes"] = json!({
        "mtls": {
            "type": "mutualTLS",
            "description": "A client certificate signed by the server's CA; its CN is the caller, its OU the role (viewer, operator, admin)."
        }
    });
    value
}

fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn error_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": { "application/json": { "schema": schema_ref("ErrorEnvelope") } },
    })
}

fn operation_id(method: &str, path: &str) -> String {
    let mut id = method.to_ascii_lowercase();
    for part in path.split('/').filter(|p| !p.is_empty()) {
        let part = part.trim_start_matches('{').trim_end_matches('}');
        for word in part.split(['.', '-', '_']) {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                id.push(first.to_ascii_uppercase());
                id.extend(chars);
            }
        }
    }
    id
}

fn build() -> Value {
    let mut paths: Map<String, Value> = Map::new();
    for route in routes() {
        let mut parameters = Vec::new();
        for segment in route.path.split('/') {
            if let Some(name) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                parameters.push(json!({
                    "name": name,
                    "in": "path",
                    "required": true,
                    "schema": { "type": "string", "pattern": "^[A-Za-z0-9._:-]{1,128}$" },
                }));
            }
        }
        for (name, ty, description) in route.query {
            parameters.push(json!({
                "name": name,
                "in": "query",
                "required": false,
                "description": description,
                "schema": { "type": ty },
            }));
        }
        if matches!(route.reply, Reply::Events) {
            parameters.push(json!({
                "name": "Last-Event-ID",
                "in": "header",
                "required": false,
                "description": "Resume exactly after this event.",
                "schema": { "type": "string" },
            }));
        }
        let mut responses = Map::new();
        match route.reply {
            Reply::Json(name) => {
                responses.insert(
                    "200".into(),
                    json!({ "description": "OK", "content": { "application/json": { "schema": schema_ref(name) } } }),
                );
            }
            Reply::Events => {
                responses.insert(
                    "200".into(),
                    json!({ "description": "Server-sent events: id, event (the kind) and data (compact JSON).",
                            "content": { "text/event-stream": { "schema": { "type": "string" } } } }),
                );
            }
            Reply::Metrics => {
                responses.insert(
                    "200".into(),
                    json!({ "description": "Metrics",
                            "content": {
                                "application/json": { "schema": { "type": "object" } },
                                "text/plain": { "schema": { "type": "string" } },
                            } }),
                );
            }
            Reply::Export => {
                responses.insert(
                    "200".into(),
                    json!({ "description": "A download: JSON lines, JSON ({events}) or CSV with the reference's columns first.",
                            "content": {
                                "application/x-ndjson": { "schema": { "type": "string" } },
                                "application/json": { "schema": { "type": "object" } },
                                "text/csv": { "schema": { "type": "string" } },
                            } }),
                );
            }
            Reply::Document => {
                responses.insert(
                    "200".into(),
                    json!({ "description": "This document", "content": { "application/json": { "schema": { "type": "object" } } } }),
                );
            }
            Reply::Artifact => {
                responses.insert(
                    "200".into(),
                    json!({ "description": "The tarball of a tarball_path job.",
                            "content": { "application/gzip": { "schema": { "type": "string", "format": "binary" } } } }),
                );
                responses.insert(
                    "206".into(),
                    json!({ "description": "The requested range of the tarball.",
                            "content": { "application/gzip": { "schema": { "type": "string", "format": "binary" } } } }),
                );
                responses.insert(
                    "307".into(),
                    json!({ "description": "A tarball_url job: its URL, in Location." }),
                );
            }
        }
        // What the cross-site write guard answers (`guard.rs`), beside the role refusals.
        if !matches!(route.method, Method::GET) {
            responses.insert(
                "403".into(),
                error_response(
                    "Refused: the caller's role may not do this (permissiondenied), or the write came from another origin (cross_origin_refused).",
                ),
            );
            responses.insert(
                "415".into(),
                error_response(
                    "A body sent without Content-Type: application/json (unsupported_media_type).",
                ),
            );
        }
        responses.insert(
            "default".into(),
            error_response(
                "An error: {requestId, error: {code, message}} with a stable snake_case code.",
            ),
        );
        let method = route.method.as_str().to_ascii_lowercase();
        let mut operation = json!({
            "tags": [route.tag],
            "summary": route.summary,
            "operationId": operation_id(&method, route.path),
            "parameters": parameters,
            "responses": responses,
        });
        // A route kept only for older clients says so in its summary, and here.
        if route.summary.starts_with("Deprecated:") {
            operation["deprecated"] = json!(true);
        }
        if let Some((schema, optional)) = route.body {
            operation["requestBody"] = json!({
                "required": !optional,
                "content": { "application/json": { "schema": schema_ref(schema) } },
            });
        }
        let item = paths
            .entry(format!("{PREFIX}{}", route.path))
            .or_insert_with(|| json!({}));
        item[method] = operation;
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "worker admin gateway",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The HTTP/JSON face of worker.v1.AdminService, behind mutual TLS.",
        },
        "security": [ { "mtls": [] } ],
        "paths": paths,
        "components": components(),
    })
}

/// The document as JSON text (built once).
pub fn document_json() -> String {
    static DOC: LazyLock<String> =
        LazyLock::new(|| serde_json::to_string(&build()).expect("the document serializes"));
    DOC.clone()
}

/// The document as a JSON value, for tests.
pub fn document() -> Value {
    build()
}
