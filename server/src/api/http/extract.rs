//! Request extractors whose failures are envelopes with stable codes: the caller, typed and
//! validated path names, lenient query parameters, and size-limited JSON bodies.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::api::auth::{self, Identity};
use crate::api::http::backend::CallMeta;
use crate::api::http::error::ApiError;
use crate::engine::model::truncate_for_message;

/// Bodies larger than this get 413.
pub const BODY_MAX: usize = 1 << 20;

/// The request id the middleware settled on.
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

/// Who is calling (from the TLS client certificate) and what they sent along.
pub struct Caller(pub(crate) CallMeta);

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let identity = parts
            .extensions
            .get::<Identity>()
            .cloned()
            .unwrap_or_else(Identity::anonymous);
        let request_id = parts
            .extensions
            .get::<RequestId>()
            .map(|r| r.0.clone())
            .unwrap_or_else(|| auth::clean_request_id(None));
        let approval = parts
            .headers
            .get("x-admin-approval")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        Ok(Caller(CallMeta {
            identity,
            request_id,
            approval,
            refused: None,
        }))
    }
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 128
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b':' | b'-'))
}

/// One path segment, decoded once by the router and checked against the name rules.
pub struct Name(pub String);

impl<S: Send + Sync> FromRequestParts<S> for Name {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let Path(name) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|e| ApiError::bad_request("invalid_name", e.body_text()))?;
        if !valid_name(&name) {
            return Err(ApiError::bad_request(
                "invalid_name",
                format!(
                    "{:?} is not a valid name: use 1 to 128 characters from A-Z, a-z, 0-9, '.', '_', ':' and '-'",
                    truncate_for_message(&name)
                ),
            ));
        }
        Ok(Name(name))
    }
}

/// Query parameters as text; routes parse them leniently (the reference falls back to the
/// default for a bad number).
pub struct Params(pub HashMap<String, String>);

impl Params {
    pub fn text(&self, key: &str) -> String {
        self.0
            .get(key)
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    }

    /// A positive integer, or `default` when missing or not one.
    pub fn positive(&self, key: &str, default: i64) -> i64 {
        self.0
            .get(key)
            .and_then(|v| v.trim().parse::<i64>().ok())
            .filter(|n| *n > 0)
            .unwrap_or(default)
    }

    /// A page size: `default` when missing, not a number or 0 (the reference's "0 or less
    /// means default" for listings); a negative number is refused, as the gRPC API does.
    pub fn limit(&self, key: &str, default: i64) -> Result<i64, ApiError> {
        match self.number(key) {
            Some(n) if n < 0 => Err(ApiError::bad_request(
                "invalid_limit",
                format!("{key} is {n}; use 0 for the default or a positive number"),
            )),
            Some(n) if n > 0 => Ok(n),
            _ => Ok(default),
        }
    }

    /// Entries to skip: 0 when missing or not a number; a negative number is refused.
    pub fn offset(&self, key: &str) -> Result<i64, ApiError> {
        match self.number(key) {
            Some(n) if n < 0 => Err(ApiError::bad_request(
                "invalid_offset",
                format!("{key} is {n}; it must not be negative"),
            )),
            Some(n) => Ok(n),
            None => Ok(0),
        }
    }

    fn number(&self, key: &str) -> Option<i64> {
        self.0.get(key).and_then(|v| v.trim().parse::<i64>().ok())
    }

    /// Repeated or comma-separated values.
    pub fn list(&self, key: &str) -> Vec<String> {
        self.text(key)
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let Query(map) = Query::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map_err(|e| ApiError::bad_request("invalid_query", e.body_text()))?;
        Ok(Params(map))
    }
}

/// A JSON body of at most [`BODY_MAX`] bytes; an empty body is `T::default()` where the route
/// allows it (`Body<T>` with `T: Default` via [`OptionalBody`]).
pub struct Body<T>(pub T);

async fn read_body<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, ApiError> {
    Bytes::from_request(req, state).await.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "body_too_large",
                format!("the body is larger than {BODY_MAX} bytes"),
            )
        } else {
            ApiError::bad_request("invalid_body", e.body_text())
        }
    })
}

fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| ApiError::bad_request("invalid_json", e.to_string()))
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let bytes = read_body(req, state).await?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(ApiError::bad_request(
                "invalid_body",
                "a JSON body is required",
            ));
        }
        parse(&bytes).map(Body)
    }
}

/// Like [`Body`], but an empty body means the default.
pub struct OptionalBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Default> FromRequest<S> for OptionalBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let bytes = read_body(req, state).await?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(OptionalBody(T::default()));
        }
        parse(&bytes).map(OptionalBody)
    }
}
