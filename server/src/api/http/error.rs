//! The gateway's one error type and the one mapping from gRPC statuses to HTTP, with the
//! reference's envelope `{"requestId", "error": {"code", "message"}}` plus our `reason`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tonic::Code;
use tonic_types::StatusExt;

/// An error on its way out. The envelope (with the request id) is written by the outermost
/// middleware, which also gives errors made outside handlers (405, 404) the same shape.
#[derive(Clone, Debug)]
pub struct ApiError {
    pub status: StatusCode,
    /// The reference's `code`: the gateway's own code (`invalid_json`, …) for an error made
    /// here, the gRPC code's name (`notfound`, …) for one from upstream, which go-worker's admin
    /// UI picks its recovery hint by.
    pub code: String,
    /// Our stable snake_case reason (`queue_not_found`, `invalid_json`, …), for scripts.
    pub reason: String,
    pub message: String,
    /// Whether the error came from the gRPC pipeline (which audited the call), not the gateway.
    pub upstream: bool,
}

impl ApiError {
    /// An error made by the gateway itself: its code is its reason.
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        Self {
            status,
            code: code.to_string(),
            reason: code.to_string(),
            message: message.into(),
            upstream: false,
        }
    }

    pub fn bad_request(code: &str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }
}

/// The reference's mapping of gRPC codes to HTTP statuses.
pub fn http_status(code: Code) -> StatusCode {
    match code {
        Code::Ok => StatusCode::OK,
        Code::InvalidArgument | Code::OutOfRange => StatusCode::BAD_REQUEST,
        Code::Unauthenticated => StatusCode::UNAUTHORIZED,
        Code::PermissionDenied => StatusCode::FORBIDDEN,
        Code::NotFound => StatusCode::NOT_FOUND,
        Code::AlreadyExists | Code::Aborted => StatusCode::CONFLICT,
        Code::FailedPrecondition => StatusCode::PRECONDITION_FAILED,
        Code::ResourceExhausted => StatusCode::TOO_MANY_REQUESTS,
        Code::Cancelled => StatusCode::REQUEST_TIMEOUT,
        Code::Internal | Code::DataLoss => StatusCode::INTERNAL_SERVER_ERROR,
        Code::Unimplemented => StatusCode::NOT_IMPLEMENTED,
        Code::Unknown => StatusCode::BAD_GATEWAY,
        Code::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        Code::DeadlineExceeded => StatusCode::GATEWAY_TIMEOUT,
    }
}

/// A gRPC code as the reference's envelope names it: Go's code name, lower-cased, without
/// separators (`Canceled` is spelt as Go spells it).
pub fn code_name(code: Code) -> &'static str {
    match code {
        Code::Ok => "ok",
        Code::Cancelled => "canceled",
        Code::Unknown => "unknown",
        Code::InvalidArgument => "invalidargument",
        Code::DeadlineExceeded => "deadlineexceeded",
        Code::NotFound => "notfound",
        Code::AlreadyExists => "alreadyexists",
        Code::PermissionDenied => "permissiondenied",
        Code::ResourceExhausted => "resourceexhausted",
        Code::FailedPrecondition => "failedprecondition",
        Code::Aborted => "aborted",
        Code::OutOfRange => "outofrange",
        Code::Unimplemented => "unimplemented",
        Code::Internal => "internal",
        Code::Unavailable => "unavailable",
        Code::DataLoss => "dataloss",
        Code::Unauthenticated => "unauthenticated",
    }
}

impl From<tonic::Status> for ApiError {
    fn from(status: tonic::Status) -> Self {
        let code = code_name(status.code());
        // The stable reason when the server gave one; else the code's name.
        let reason = status
            .get_error_details()
            .error_info()
            .map(|info| info.reason.clone())
            .filter(|r| !r.is_empty())
            .unwrap_or_else(|| code.to_string());
        let message = match status.code() {
            Code::Unknown | Code::Unavailable if status.message() == "transport error" => {
                "the admin service is unreachable".to_string()
            }
            _ => status.message().to_string(),
        };
        Self {
            status: http_status(status.code()),
            code: code.to_string(),
            reason,
            message,
            upstream: true,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = self.status.into_response();
        response.extensions_mut().insert(self);
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_as_the_reference_does() {
        for (code, http) in [
            (Code::InvalidArgument, 400),
            (Code::Unauthenticated, 401),
            (Code::PermissionDenied, 403),
            (Code::NotFound, 404),
            (Code::FailedPrecondition, 412),
            (Code::ResourceExhausted, 429),
            (Code::Unimplemented, 501),
            (Code::Unknown, 502),
            (Code::Unavailable, 503),
            (Code::DeadlineExceeded, 504),
        ] {
            assert_eq!(http_status(code).as_u16(), http, "{code:?}");
        }
        let plain = ApiError::from(tonic::Status::not_found("gone"));
        assert_eq!(
            (
                plain.code.as_str(),
                plain.reason.as_str(),
                plain.message.as_str()
            ),
            ("notfound", "notfound", "gone")
        );
        let cancelled = ApiError::from(tonic::Status::cancelled("stop"));
        assert_eq!(cancelled.code, "canceled");
        let local = ApiError::bad_request("invalid_json", "no");
        assert_eq!(
            (local.code.as_str(), local.reason.as_str()),
            ("invalid_json", "invalid_json")
        );
    }

    #[test]
    fn upstream_errors_carry_the_reference_code_and_our_reason() {
        let status = tonic::Status::with_error_details(
            Code::NotFound,
            "queue \"q\" does not exist",
            tonic_types::ErrorDetails::with_error_info("queue_not_found", "worker.v1", []),
        );
        let err = ApiError::from(status);
        assert_eq!(err.status, StatusCode::NOT_FOUND);
        assert_eq!(err.code, "notfound");
        assert_eq!(err.reason, "queue_not_found");
    }
}
