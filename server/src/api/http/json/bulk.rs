//! Bulk operations as JSON: the start body (the filter as fields or as the one textual filter
//! language of `worker_proto::filter`), an operation, a dry run's answer, and the list.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use worker_proto::filter::{Filter, parse_age};
use worker_proto::v1 as pb;

use crate::api::http::error::ApiError;
use crate::api::http::json::state;

/// Start (or dry-run) a bulk action. The filter is either `filter`, the textual form
/// (`queue:emails handler:send state:dead older:2h "some text"`), or the separate fields.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct BulkBody {
    /// replay_dlq, delete_dlq, delete_tasks, cancel_tasks or retry_tasks.
    pub action: String,
    #[serde(default)]
    pub filter: String,
    #[serde(default)]
    pub queue: String,
    #[serde(default)]
    pub handler: String,
    #[serde(default)]
    pub state: String,
    /// Case-insensitive substring of the id, the handler or the last error.
    #[serde(default)]
    pub query: String,
    #[serde(default)]
    pub fingerprint: String,
    /// Only tasks created (entries dead) at least this long ago: `90s`, `2h`, `7d`.
    #[serde(default)]
    pub older_than: String,
    /// Count and sample now; change nothing.
    #[serde(default)]
    pub dry_run: bool,
    /// Tasks per batch: 0 or missing means 100; at most the server's bulk maximum.
    #[serde(default)]
    pub batch_size: i32,
    /// A dry run's sample: 0 or missing means 10; at most 100.
    #[serde(default)]
    pub sample_size: i32,
    /// An empty filter selects the whole listing; so it must be asked for.
    #[serde(default)]
    pub all: bool,
}

impl BulkBody {
    /// The request, its filter read from one of the two forms.
    pub fn request(self) -> Result<pb::StartBulkOperationRequest, ApiError> {
        let filter = filter_of(
            &self.filter,
            FilterFields {
                queue: &self.queue,
                handler: &self.handler,
                state: &self.state,
                query: &self.query,
                fingerprint: &self.fingerprint,
                older_than: &self.older_than,
            },
        )?;
        Ok(pb::StartBulkOperationRequest {
            action: self.action,
            filter: Some(filter.to_message()),
            dry_run: self.dry_run,
            batch_size: self.batch_size,
            sample_size: self.sample_size,
            all: self.all,
        })
    }
}

/// A filter's separate fields as a body or a query string gives them; empty ones are absent.
#[derive(Default)]
pub struct FilterFields<'a> {
    pub queue: &'a str,
    pub handler: &'a str,
    pub state: &'a str,
    pub query: &'a str,
    pub fingerprint: &'a str,
    pub older_than: &'a str,
}

/// The one filter of a bulk start or a listing: `text` in the textual form (`queue:emails
/// state:dead older:2h "some text"`), or the separate fields, not both. What does not parse is
/// a 400 `invalid_filter`.
pub fn filter_of(text: &str, fields: FilterFields<'_>) -> Result<Filter, ApiError> {
    let bad = |message: String| ApiError::bad_request("invalid_filter", message);
    let some = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
    let given = [
        fields.queue,
        fields.handler,
        fields.state,
        fields.query,
        fields.fingerprint,
        fields.older_than,
    ];
    if text.trim().is_empty() {
        let filter = Filter {
            queue: some(fields.queue),
            handler: some(fields.handler),
            state: some(fields.state).map(|s| s.to_ascii_lowercase()),
            text: some(fields.query),
            fingerprint: some(fields.fingerprint),
            older_than: some(fields.older_than)
                .map(|a| parse_age(&a))
                .transpose()
                .map_err(|e| bad(e.to_string()))?,
        };
        filter.check().map_err(|e| bad(e.to_string()))?;
        Ok(filter)
    } else if given.iter().any(|f| !f.trim().is_empty()) {
        Err(bad("give the filter as text or as fields, not both".into()))
    } else {
        Filter::parse(text).map_err(|e| bad(e.to_string()))
    }
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BulkOperation {
    pub id: String,
    pub action: String,
    /// The filter in its textual form.
    pub filter: String,
    /// running, done, failed or cancelled.
    pub state: String,
    pub matched: i64,
    pub processed: i64,
    pub succeeded: i64,
    pub skipped: i64,
    pub batches: i64,
    pub batch_size: i32,
    pub actor: String,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    pub finished_at_ms: i64,
    /// Tasks created (entries dead) at or after this time are not taken.
    pub before_ms: i64,
    pub cursor: String,
    pub last_error: String,
}

impl From<pb::BulkOperation> for BulkOperation {
    fn from(o: pb::BulkOperation) -> Self {
        Self {
            filter: o
                .filter
                .as_ref()
                .and_then(|f| Filter::from_message(f).ok())
                .map(|f| f.to_string())
                .unwrap_or_default(),
            id: o.id,
            action: o.action,
            state: o.state,
            matched: o.matched,
            processed: o.processed,
            succeeded: o.succeeded,
            skipped: o.skipped,
            batches: o.batches,
            batch_size: o.batch_size,
            actor: o.actor,
            created_at_ms: o.created_at_ms,
            updated_at_ms: o.updated_at_ms,
            finished_at_ms: o.finished_at_ms,
            before_ms: o.before_ms,
            cursor: o.cursor,
            last_error: o.last_error,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct BulkSample {
    pub id: String,
    pub queue: String,
    pub handler: String,
    pub state: String,
}

/// A start's answer: the operation, or a dry run's count and sample.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BulkStarted {
    pub dry_run: bool,
    pub matched: i64,
    pub sample: Vec<BulkSample>,
    pub operation: Option<BulkOperation>,
}

impl From<pb::StartBulkOperationResponse> for BulkStarted {
    fn from(r: pb::StartBulkOperationResponse) -> Self {
        Self {
            dry_run: r.dry_run,
            matched: r.matched,
            sample: r
                .sample
                .into_iter()
                .map(|s| BulkSample {
                    state: state(s.state),
                    id: s.id,
                    queue: s.queue,
                    handler: s.handler,
                })
                .collect(),
            operation: r.operation.map(Into::into),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct BulkEnvelope {
    pub operation: Option<BulkOperation>,
}

#[derive(Serialize, ToSchema)]
pub struct BulkList {
    pub operations: Vec<BulkOperation>,
}
