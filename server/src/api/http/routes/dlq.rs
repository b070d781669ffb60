//! Dead-letter queue routes: list and inspect entries, replay the oldest or chosen ones.

use axum::Json;
use axum::extract::State;
use worker_proto::v1 as pb;

use crate::api::http::Gateway;
use crate::api::http::extract::{Body, Caller, Name, OptionalBody, Params};
use crate::api::http::json::{
    DlqEntry, DlqEntryEnvelope, DlqGroupList, DlqList, FilterFields, Moved, ReplayBody,
    ReplayIdsBody, ReplayIdsResult, filter_of,
};
use crate::api::http::routes::{Answer, ListingFields};

pub(super) const DLQ_QUERY: &[(&str, &str, &str)] = &[
    (
        "limit",
        "integer",
        "Entries per page (default 200, at most 1000).",
    ),
    ("offset", "integer", "Entries to skip (not with cursor)."),
    (
        "cursor",
        "string",
        "Continue from a page's nextCursor. A page asked for with a cursor looks at a bounded number of entries, so it may come back short (even empty) with a nextCursor; without one, the page is full.",
    ),
    ("queue", "string", "Only this queue."),
    ("handler", "string", "Only this handler."),
    (
        "query",
        "string",
        "Case-insensitive text in the id, the handler or the last error.",
    ),
    (
        "fingerprint",
        "string",
        "Only entries whose error has this fingerprint (see /dlq/groups).",
    ),
    (
        "filter",
        "string",
        "The whole filter as text, as workerctl's --filter and the bulk routes take it: queue:, handler:, state:, fp:, older: and free text (not with the separate filter parameters).",
    ),
    (
        "older_than",
        "string",
        "Only entries dead at least this long ago: 90s, 2h, 7d.",
    ),
];

pub(super) async fn list_dlq(State(gw): State<Gateway>, c: Caller, p: Params) -> Answer<DlqList> {
    let fields = ListingFields::new(&p);
    let filter = filter_of(
        &p.text("filter"),
        FilterFields {
            queue: &fields.for_filter("queue"),
            handler: &fields.for_filter("handler"),
            query: &fields.for_filter("query"),
            fingerprint: &p.text("fingerprint"),
            older_than: &p.text("older_than"),
            // The DLQ holds dead tasks only; a state comes as `state:dead` in the text.
            state: "",
        },
    )?;
    let limit = p.limit("limit", 200)?.min(1_000) as i32;
    let cursor = p.text("cursor");
    let mut request = pb::ListDlqRequest {
        // The gateway's default page is 200, as in the reference.
        limit,
        offset: p.offset("offset")?.min(i64::from(i32::MAX)) as i32,
        queue: fields.for_request("queue"),
        handler: fields.for_request("handler"),
        query: fields.for_request("query"),
        filter: Some(filter.to_message()),
        cursor: cursor.clone(),
        ..Default::default()
    };
    let mut r = gw.backend().list_dlq(&c.0, request.clone()).await?;
    // Without a cursor the page is full, as offset paging (the reference's) expects: a bounded
    // scan that came back short is followed until the page fills or the DLQ ends.
    if cursor.is_empty() && request.offset == 0 {
        while r.entries.len() < limit as usize && !r.next_cursor.is_empty() {
            request.cursor = std::mem::take(&mut r.next_cursor);
            request.limit = limit - r.entries.len() as i32;
            let more = gw.backend().list_dlq(&c.0, request.clone()).await?;
            r.entries.extend(more.entries);
            r.next_cursor = more.next_cursor;
        }
    }
    Ok(Json(DlqList {
        entries: r.entries.into_iter().map(DlqEntry::from).collect(),
        total: r.total,
        total_capped: r.total_capped,
        next_cursor: (!r.next_cursor.is_empty()).then_some(r.next_cursor),
    }))
}

pub(super) const GROUPS_QUERY: &[(&str, &str, &str)] = &[
    (
        "limit",
        "integer",
        "Groups per page, largest first (default 100, at most 1000).",
    ),
    ("queue", "string", "Only entries of this queue."),
    ("handler", "string", "Only this handler."),
];

/// Dead tasks grouped by handler and error fingerprint.
pub(super) async fn list_dlq_groups(
    State(gw): State<Gateway>,
    c: Caller,
    p: Params,
) -> Answer<DlqGroupList> {
    let r = gw
        .backend()
        .list_dlq_groups(
            &c.0,
            pb::ListDlqGroupsRequest {
                limit: p.limit("limit", 100)?.min(1_000) as i32,
                queue: p.text("queue"),
                handler: p.text("handler"),
            },
        )
        .await?;
    Ok(Json(r.into()))
}

pub(super) async fn get_dlq_entry(
    State(gw): State<Gateway>,
    c: Caller,
    Name(id): Name,
) -> Answer<DlqEntryEnvelope> {
    let r = gw
        .backend()
        .get_dlq_entry(&c.0, pb::GetDlqEntryRequest { id })
        .await?;
    Ok(Json(r.entry.unwrap_or_default().into()))
}

pub(super) async fn replay_dlq(
    State(gw): State<Gateway>,
    c: Caller,
    OptionalBody(body): OptionalBody<ReplayBody>,
) -> Answer<Moved> {
    // Missing, not a number or 0 is the reference's 100; a negative number goes through so
    // the server refuses it (`invalid_limit`) instead of replaying the default.
    let limit = match body.limit.and_then(|v| v.as_i64()) {
        Some(n) if n < 0 => n.max(i64::from(i32::MIN)) as i32,
        Some(n) if n > 0 => n.min(i64::from(i32::MAX)) as i32,
        _ => 100,
    };
    let r = gw
        .backend()
        .replay_dlq(&c.0, pb::ReplayDlqRequest { limit })
        .await?;
    Ok(Json(Moved {
        moved: r.moved,
        ids: r.ids,
    }))
}

pub(super) async fn replay_dlq_ids(
    State(gw): State<Gateway>,
    c: Caller,
    Body(body): Body<ReplayIdsBody>,
) -> Answer<ReplayIdsResult> {
    let r = gw
        .backend()
        .replay_dlq_by_id(&c.0, pb::ReplayDlqByIdRequest { ids: body.ids })
        .await?;
    Ok(Json(r.into()))
}
