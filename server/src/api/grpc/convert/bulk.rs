//! Bulk operations between engine types and `worker.v1` messages: the filter (through
//! worker-proto's one filter language, so the wire and the CLI read it alike), the record and
//! a dry run's sample.

use tonic::Status;
use worker_proto::filter::Filter;
use worker_proto::v1 as pb;

use crate::api::grpc::convert::task_state;
use crate::api::grpc::status::{self, invalid};
use crate::engine::bulk::{BulkCandidate, BulkFilter, BulkOp};
use crate::engine::model::{HandlerName, QueueName, TaskState};

/// A request's filter: checked by worker-proto's rules, then names and state validated.
pub(crate) fn bulk_filter(message: Option<&pb::TaskFilter>) -> Result<BulkFilter, Status> {
    let Some(message) = message else {
        return Ok(BulkFilter::default());
    };
    let filter =
        Filter::from_message(message).map_err(|e| invalid("invalid_filter", e.to_string()))?;
    let engine = |e: crate::engine::Error| status::from_engine(&e);
    Ok(BulkFilter {
        queue: filter
            .queue
            .map(QueueName::new)
            .transpose()
            .map_err(engine)?,
        handler: filter
            .handler
            .map(HandlerName::new)
            .transpose()
            .map_err(engine)?,
        state: filter
            .state
            .as_deref()
            .map(TaskState::parse)
            .transpose()
            .map_err(engine)?,
        text: filter.text,
        fingerprint: filter.fingerprint,
        older_than_ms: filter
            .older_than
            .map(|d| d.as_millis().min(i64::MAX as u128) as i64),
    })
}

fn filter_message(f: &BulkFilter) -> pb::TaskFilter {
    pb::TaskFilter {
        queue: f
            .queue
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        handler: f
            .handler
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        state: f.state.map(|s| s.as_str().to_string()).unwrap_or_default(),
        text: f.text.clone().unwrap_or_default(),
        fingerprint: f.fingerprint.clone().unwrap_or_default(),
        older_than_ms: f.older_than_ms.unwrap_or(0),
    }
}

pub(crate) fn bulk_operation(op: &BulkOp) -> pb::BulkOperation {
    let clamp = |n: u64| n.min(i64::MAX as u64) as i64;
    pb::BulkOperation {
        id: op.id.clone(),
        action: op.action.name().into(),
        filter: Some(filter_message(&op.filter)),
        state: op.state.name().into(),
        matched: clamp(op.matched),
        processed: clamp(op.processed),
        succeeded: clamp(op.succeeded),
        skipped: clamp(op.skipped),
        cursor: op.cursor.map(|c| c.to_string()).unwrap_or_default(),
        actor: op.actor.clone(),
        created_at_ms: op.created_at_ms,
        updated_at_ms: op.updated_at_ms,
        last_error: op.last_error.clone().unwrap_or_default(),
        batch_size: op.batch_size.min(i32::MAX as u32) as i32,
        before_ms: op.before_ms,
        batches: clamp(op.batches),
        finished_at_ms: op.finished_at_ms.unwrap_or(0),
    }
}

pub(crate) fn bulk_sample(c: &BulkCandidate) -> pb::BulkSample {
    pb::BulkSample {
        id: c.id.to_string(),
        queue: c.queue.to_string(),
        handler: c.handler.to_string(),
        state: task_state(c.state) as i32,
    }
}

/// A listing's filter: its `filter` message merged with the request's older fields (given as
/// `legacy`), so old clients keep working. A field given both ways must say the same.
pub(crate) fn listing_filter(
    legacy: pb::TaskFilter,
    message: Option<&pb::TaskFilter>,
) -> Result<BulkFilter, Status> {
    let Some(message) = message else {
        return bulk_filter(Some(&legacy));
    };
    let pick = |name: &str, old: &str, new: &str| -> Result<String, Status> {
        let (old, new) = (old.trim(), new.trim());
        match (old.is_empty(), new.is_empty()) {
            (true, _) => Ok(new.to_string()),
            (false, true) => Ok(old.to_string()),
            // States are read case-insensitively; names are not.
            (false, false) if old == new || (name == "state" && old.eq_ignore_ascii_case(new)) => {
                Ok(new.to_string())
            }
            (false, false) => Err(invalid(
                "invalid_filter",
                format!("{name} is given twice ({old:?} and filter.{name} {new:?}); give it once"),
            )),
        }
    };
    let merged = pb::TaskFilter {
        queue: pick("queue", &legacy.queue, &message.queue)?,
        handler: pick("handler", &legacy.handler, &message.handler)?,
        state: pick("state", &legacy.state, &message.state)?,
        text: pick("text", &legacy.text, &message.text)?,
        fingerprint: pick("fingerprint", &legacy.fingerprint, &message.fingerprint)?,
        older_than_ms: message.older_than_ms,
    };
    bulk_filter(Some(&merged))
}
