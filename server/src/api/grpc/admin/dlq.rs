//! The dead-letter queue: listing and reading entries, replaying in bulk or by id, each bulk
//! action bounded by the server's guardrails.

use tonic::Request;
use worker_proto::v1 as pb;

use crate::api::auth::{self, Op};
use crate::api::grpc::AdminApi;
use crate::api::grpc::call::{Answer, meta};
use crate::api::grpc::convert;
use crate::api::grpc::parse::{offset, optional, page_limit, task_id};
use crate::api::grpc::status::{self, engine_err, invalid};
use crate::engine::audit::COUNT_PLACEHOLDER;
use crate::engine::listing::dlq_cursor;
use crate::engine::model::{HandlerName, QueueName, ReplayOutcome};

/// Dead tasks grouped by cause, of one queue and/or handler when given.
pub(super) async fn list_dlq_groups(
    api: &AdminApi,
    req: Request<pb::ListDlqGroupsRequest>,
) -> Answer<pb::ListDlqGroupsResponse> {
    api.query(req, Op::ListDlqGroups, |r, _| async move {
        let limit = page_limit(r.limit)?;
        let queue = optional(&r.queue, |s| QueueName::new(s))?;
        let handler = optional(&r.handler, |s| HandlerName::new(s))?;
        let groups = api
            .engine
            .dlq_groups(queue.as_ref(), handler.as_ref(), limit)
            .await
            .map_err(engine_err)?;
        Ok(convert::dlq_groups(&groups))
    })
    .await
}

pub(super) async fn list_dlq(
    api: &AdminApi,
    req: Request<pb::ListDlqRequest>,
) -> Answer<pb::ListDlqResponse> {
    api.query(req, Op::ListDlq, |r, _| async move {
        let limit = page_limit(r.limit)?;
        let offset = offset(i64::from(r.offset))?;
        // The old fields keep their own refusals (a bad name's reason).
        optional(&r.queue, |s| QueueName::new(s))?;
        optional(&r.handler, |s| HandlerName::new(s))?;
        let legacy = pb::TaskFilter {
            queue: r.queue.clone(),
            handler: r.handler.clone(),
            text: r.query.clone(),
            fingerprint: r.fingerprint.clone(),
            ..Default::default()
        };
        let filter = convert::listing_filter(legacy, r.filter.as_ref())?;
        let page = api
            .engine
            .list_dlq_matching(&filter, limit, offset, r.cursor.trim())
            .await
            .map_err(engine_err)?;
        let now = api.engine.now_ms();
        Ok(pb::ListDlqResponse {
            // The cursor first: it reads the page, whose entries then move into the answer.
            next_cursor: dlq_cursor(&page).unwrap_or_default(),
            total: page.total as i64,
            total_capped: page.total_capped,
            entries: page
                .items
                .into_iter()
                .map(|e| convert::dlq_entry(e, now))
                .collect(),
        })
    })
    .await
}

pub(super) async fn get_dlq_entry(
    api: &AdminApi,
    req: Request<pb::GetDlqEntryRequest>,
) -> Answer<pb::GetDlqEntryResponse> {
    api.query(req, Op::GetDlqEntry, |r, identity| async move {
        let id = task_id(&r.id)?;
        let (entry, errors) = api.engine.get_dlq_entry(&id).await.map_err(engine_err)?;
        let detail = api.engine.get_task(&id).await.map_err(engine_err)?;
        let sees = identity.role.is_some_and(auth::Role::sees_payloads);
        Ok(pb::GetDlqEntryResponse {
            entry: Some(convert::dlq_detail(
                &entry,
                &errors,
                sees.then_some(detail.payload),
                detail.task.max_retries,
                api.engine.now_ms(),
            )),
        })
    })
    .await
}

pub(super) async fn replay_dlq(
    api: &AdminApi,
    req: Request<pb::ReplayDlqRequest>,
) -> Answer<pb::ReplayDlqResponse> {
    let requested = req.get_ref().limit;
    let metadata = meta([("limit", requested.to_string())]);
    api.mutation(req, Op::ReplayDlq, "*", metadata, |r, stamp| async move {
        // 0 is the reference's default of 100; a negative limit is refused like every list's.
        let limit = match page_limit(r.limit)? {
            0 => 100,
            n => n,
        };
        let max = api.settings.replay_limit_max;
        if limit > max {
            return Err(status::with_reason(
                tonic::Code::ResourceExhausted,
                "replay_limit_exceeded",
                format!("replay limit {limit} is above this server's maximum of {max}; replay in batches"),
            ));
        }
        let audit = stamp.entry(None, format!("moved {COUNT_PLACEHOLDER}"));
        let ids = api
            .engine
            .replay_dlq(limit, audit)
            .await
            .map_err(engine_err)?;
        let moved = ids.len();
        Ok((
            pb::ReplayDlqResponse {
                moved: moved as i32,
                ids: ids.iter().map(ToString::to_string).collect(),
            },
            format!("moved {moved}"),
        ))
    })
    .await
}

pub(super) async fn replay_dlq_by_id(
    api: &AdminApi,
    req: Request<pb::ReplayDlqByIdRequest>,
) -> Answer<pb::ReplayDlqByIdResponse> {
    let metadata = meta([("ids", req.get_ref().ids.len().to_string())]);
    api.mutation(req, Op::ReplayDlqById, "*", metadata, |r, stamp| async move {
        if r.ids.is_empty() {
            return Err(invalid("missing_ids", "at least one id is required"));
        }
        let max = api.settings.replay_ids_max as usize;
        if r.ids.len() > max {
            return Err(status::with_reason(
                tonic::Code::ResourceExhausted,
                "replay_ids_exceeded",
                format!(
                    "{} ids is above this server's maximum of {max} per call; replay in batches",
                    r.ids.len()
                ),
            ));
        }
        let ids = r
            .ids
            .iter()
            .map(|id| task_id(id))
            .collect::<Result<Vec<_>, _>>()?;
        let audit = stamp.entry(None, format!("moved {COUNT_PLACEHOLDER} of {}", ids.len()));
        let outcomes = api
            .engine
            .replay_dlq_ids(&ids, audit)
            .await
            .map_err(engine_err)?;
        let moved = outcomes
            .iter()
            .filter(|(_, o)| *o == ReplayOutcome::Replayed)
            .count();
        Ok((
            pb::ReplayDlqByIdResponse {
                moved: moved as i32,
                results: outcomes
                    .iter()
                    .map(|(id, outcome)| convert::replay_result(id, *outcome))
                    .collect(),
            },
            format!("moved {moved} of {}", ids.len()),
        ))
    })
    .await
}
