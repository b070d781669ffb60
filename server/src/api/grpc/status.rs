//! The one mapping from engine errors and refusals to gRPC statuses, each with a stable
//! snake_case reason in `google.rpc.ErrorInfo` and a clean message.

use std::collections::HashMap;

use tonic::{Code, Status};
use tonic_types::{ErrorDetails, StatusExt};

use crate::api::auth::{Identity, Op, Refusal};
use crate::engine::Error;

/// The `ErrorInfo.domain` of every error this server returns.
pub const DOMAIN: &str = "worker.v1";

pub(crate) fn with_reason(code: Code, reason: &str, message: impl Into<String>) -> Status {
    Status::with_error_details(
        code,
        message,
        ErrorDetails::with_error_info(reason, DOMAIN, HashMap::<String, String>::new()),
    )
}

pub(crate) fn invalid(reason: &str, message: impl Into<String>) -> Status {
    with_reason(Code::InvalidArgument, reason, message)
}

pub(crate) fn from_engine(err: &Error) -> Status {
    match err {
        Error::InvalidArgument { reason, message } => {
            with_reason(Code::InvalidArgument, reason, message.clone())
        }
        Error::NotFound { reason, message } => with_reason(Code::NotFound, reason, message.clone()),
        Error::FailedPrecondition { reason, message } => {
            with_reason(Code::FailedPrecondition, reason, message.clone())
        }
        Error::ResourceExhausted { reason, message } => {
            with_reason(Code::ResourceExhausted, reason, message.clone())
        }
        Error::LeaseLost => with_reason(Code::FailedPrecondition, err.reason(), err.to_string()),
        Error::Unavailable(detail) => {
            tracing::warn!(error = %detail, "store unavailable");
            with_reason(
                Code::Unavailable,
                err.reason(),
                "the store is unavailable; retry later",
            )
        }
        Error::AuditUnavailable(detail) => {
            tracing::error!(error = %detail, "could not write the audit entry; nothing was changed");
            with_reason(
                Code::Unavailable,
                err.reason(),
                "the audit log cannot be written, so nothing was changed; retry later",
            )
        }
        Error::Internal(detail) => {
            tracing::error!(error = %detail, "internal error");
            with_reason(
                Code::Internal,
                err.reason(),
                "internal error; the server log has the details",
            )
        }
    }
}

/// `from_engine` for `map_err`, which hands the error over by value.
pub(crate) fn engine_err(err: Error) -> Status {
    from_engine(&err)
}

pub(crate) fn from_refusal(refusal: &Refusal, op: Op, identity: &Identity) -> Status {
    with_reason(
        Code::PermissionDenied,
        refusal.reason(),
        refusal.message(op, identity),
    )
}
