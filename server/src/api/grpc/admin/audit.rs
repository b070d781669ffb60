//! The audit log: pages newest first for `ListAuditEvents`, and `ExportAuditEvents`, which
//! streams every matching entry oldest first, fetching pages as the client reads, and
//! `VerifyAuditChain`, which walks the whole chain and names its first break.

use std::collections::VecDeque;

use tonic::Request;
use worker_proto::v1 as pb;

use crate::api::auth::Op;
use crate::api::grpc::AdminApi;
use crate::api::grpc::call::{Answer, ServerStream, meta};
use crate::api::grpc::convert;
use crate::api::grpc::parse::{audit_filter, page_limit};
use crate::api::grpc::status::engine_err;
use crate::engine::Engine;
use crate::engine::audit::{AuditCursor, AuditFilter};

pub(super) async fn list_audit_events(
    api: &AdminApi,
    req: Request<pb::ListAuditEventsRequest>,
) -> Answer<pb::ListAuditEventsResponse> {
    api.query(req, Op::ListAuditEvents, |r, _| async move {
        let limit = match page_limit(r.limit)? {
            0 => crate::engine::PAGE_DEFAULT,
            n => n.min(crate::engine::PAGE_MAX),
        };
        let filter = audit_filter(&r.action, &r.target, &r.actor, r.since_ms, r.until_ms)?;
        let cursor = (!r.cursor.trim().is_empty()).then(|| r.cursor.trim().to_string());
        let records = api
            .engine
            .list_audit(&filter, &AuditCursor::Before(cursor), limit)
            .await
            .map_err(engine_err)?;
        let next_cursor = if records.len() as u32 == limit {
            records.last().map(|r| r.id.clone()).unwrap_or_default()
        } else {
            String::new()
        };
        Ok(pb::ListAuditEventsResponse {
            events: records.iter().map(convert::audit_event).collect(),
            next_cursor,
        })
    })
    .await
}

pub(super) async fn verify_audit_chain(
    api: &AdminApi,
    req: Request<pb::VerifyAuditChainRequest>,
) -> Answer<pb::VerifyAuditChainResponse> {
    api.query(req, Op::VerifyAuditChain, |_, _| async move {
        let verification = api.engine.verify_audit().await.map_err(engine_err)?;
        Ok(convert::audit_verification(&verification))
    })
    .await
}

pub(super) async fn export_audit_events(
    api: &AdminApi,
    req: Request<pb::ExportAuditEventsRequest>,
) -> Answer<ServerStream<pb::AuditEvent>> {
    let metadata = meta([("limit", req.get_ref().limit.to_string())]);
    api.stream(
        req,
        Op::ExportAuditEvents,
        "*",
        metadata,
        |r, _| async move {
            let filter = audit_filter(&r.action, &r.target, &r.actor, r.since_ms, r.until_ms)?;
            let limit = page_limit(r.limit)?;
            let export = Export {
                engine: api.engine.clone(),
                filter,
                after: None,
                left: (limit > 0).then_some(limit),
                buffer: VecDeque::new(),
                done: false,
            };
            Ok((export.stream(), "export started".into()))
        },
    )
    .await
}

/// An export in progress: where it is in the log and how many entries it may still send.
struct Export {
    engine: Engine,
    filter: AuditFilter,
    after: Option<String>,
    left: Option<u32>,
    buffer: VecDeque<pb::AuditEvent>,
    done: bool,
}

impl Export {
    fn stream(self) -> impl futures::Stream<Item = Result<pb::AuditEvent, tonic::Status>> {
        futures::stream::unfold(self, |mut st| async move {
            loop {
                if st.left == Some(0) {
                    return None;
                }
                if let Some(event) = st.buffer.pop_front() {
                    st.left = st.left.map(|l| l - 1);
                    return Some((Ok(event), st));
                }
                if st.done {
                    return None;
                }
                match st
                    .engine
                    .list_audit(&st.filter, &AuditCursor::After(st.after.clone()), 500)
                    .await
                {
                    Ok(page) => {
                        if page.len() < 500 {
                            st.done = true;
                        }
                        st.after = page.last().map(|r| r.id.clone()).or(st.after);
                        st.buffer.extend(page.iter().map(convert::audit_event));
                        if st.buffer.is_empty() {
                            return None;
                        }
                    }
                    Err(e) => {
                        st.done = true;
                        return Some((Err(engine_err(e)), st));
                    }
                }
            }
        })
    }
}
