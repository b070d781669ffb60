//! The gateway's defence against cross-site writes: a state-changing request must come from
//! its own origin and carry JSON (or nothing), and `OPTIONS` is answered without any CORS
//! allowance, so a browser holding a client certificate cannot be made to change state from
//! another site.
//!
//! Why each rule: a page on another site can send a "simple" cross-origin request without a
//! preflight — a POST whose body is `text/plain`, a form encoding, or a typeless blob. Requiring
//! `application/json` on every body forces a preflight, which gets no CORS allowance here; the
//! origin check catches the rest (a bodiless POST), since browsers send `Origin` (and
//! `Sec-Fetch-Site`) on every write. Non-browser clients (curl, the CLI, go-worker's admin UI
//! server side) send neither header, and JSON or no body at all.

use axum::body::{Body, HttpBody};
use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures::StreamExt;

use crate::api::http::error::ApiError;

/// Methods that change state; every other method the gateway serves only reads.
fn is_write(method: &Method) -> bool {
    matches!(
        *method,
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    )
}

/// Checks every write that reached a route; reads, `OPTIONS` and unrouted requests (404) pass.
pub async fn writes(req: Request, next: Next) -> Response {
    if !is_write(req.method()) || req.extensions().get::<MatchedPath>().is_none() {
        return next.run(req).await;
    }
    if let Err(refusal) = same_origin(req.headers(), req.uri()) {
        return refusal.into_response();
    }
    match json_or_nothing(req).await {
        Ok(req) => next.run(req).await,
        Err(refusal) => refusal.into_response(),
    }
}

fn cross_origin(message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::FORBIDDEN, "cross_origin_refused", message)
}

/// Refuses a write a browser marks as coming from another site, or whose `Origin` is not the
/// gateway's own (`https://` and the host and port the request was sent to).
fn same_origin(headers: &HeaderMap, uri: &axum::http::Uri) -> Result<(), ApiError> {
    let fetch_site = headers
        .get("sec-fetch-site")
        .map(|v| v.as_bytes().trim_ascii());
    if fetch_site.is_some_and(|site| site.eq_ignore_ascii_case(b"cross-site")) {
        return Err(cross_origin(
            "a write from another site is refused (Sec-Fetch-Site: cross-site)",
        ));
    }
    let mut origins = headers.get_all(header::ORIGIN).iter();
    let Some(origin) = origins.next() else {
        return Ok(());
    };
    if origins.next().is_some() {
        return Err(cross_origin(
            "a write with several Origin headers is refused",
        ));
    }
    let origin = origin.to_str().unwrap_or("").trim();
    // HTTP/2 carries the target in `:authority`, HTTP/1.1 in `Host`.
    let own = uri.authority().map(|a| a.as_str().to_string()).or_else(|| {
        headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .map(str::to_string)
    });
    match own {
        Some(own) if same_authority(origin, &own) => Ok(()),
        _ => Err(cross_origin(format!(
            "a write from origin {:?} is refused: only the gateway's own origin may change state",
            origin.chars().take(128).collect::<String>()
        ))),
    }
}

/// Whether `origin` (`scheme://host[:port]`) is `https://` at `authority` (`host[:port]`); the
/// gateway serves only HTTPS, whose default port is 443.
fn same_authority(origin: &str, authority: &str) -> bool {
    let Some(rest) = origin
        .get(..8)
        .filter(|scheme| scheme.eq_ignore_ascii_case("https://"))
        .map(|_| &origin[8..])
    else {
        return false;
    };
    // An origin is exactly scheme, host and port: no path, user or query.
    if rest.is_empty() || rest.contains(['/', '@', '?', '#']) {
        return false;
    }
    normalized(rest) == normalized(authority.trim())
}

/// `host:port` lower-cased, with HTTPS's default port made explicit.
fn normalized(authority: &str) -> String {
    let lower = authority.to_ascii_lowercase();
    // A port follows the last ':' unless that ':' is inside an IPv6 literal's brackets.
    let has_port = match lower.rfind(':') {
        Some(i) => !lower[i..].contains(']'),
        None => false,
    };
    if has_port {
        lower
    } else {
        format!("{lower}:443")
    }
}

fn unsupported(message: &str) -> ApiError {
    ApiError::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
        message,
    )
}

/// Lets a write through when it says its body is JSON, or has no `Content-Type` and no body
/// at all (curl's `-X POST`, a bodiless `/pause` or `/run`). A typeless body is refused even
/// when it holds JSON: a browser sends a blob without a type and without a preflight.
async fn json_or_nothing(req: Request) -> Result<Request, ApiError> {
    let mut types = req.headers().get_all(header::CONTENT_TYPE).iter();
    match (types.next(), types.next()) {
        (Some(_), Some(_)) => {
            return Err(unsupported(
                "send one Content-Type: application/json with a body",
            ));
        }
        (Some(value), None) if is_json(value) => return Ok(req),
        (Some(_), None) => {
            return Err(unsupported(
                "a body must be JSON, sent with Content-Type: application/json",
            ));
        }
        (None, _) => {}
    }
    if req.body().is_end_stream() || req.body().size_hint().exact() == Some(0) {
        return Ok(req);
    }
    // The length is not known up front (chunked): read until the first byte or the end.
    let (parts, body) = req.into_parts();
    let mut data = body.into_data_stream();
    while let Some(chunk) = data.next().await {
        let chunk = chunk.map_err(|e| ApiError::bad_request("invalid_body", e.to_string()))?;
        if !chunk.is_empty() {
            return Err(unsupported(
                "a body must be sent with Content-Type: application/json",
            ));
        }
    }
    Ok(Request::from_parts(parts, Body::empty()))
}

/// `application/json`, in any case, with or without parameters (`; charset=utf-8`).
fn is_json(value: &HeaderValue) -> bool {
    value
        .to_str()
        .ok()
        .and_then(|v| v.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"))
}

/// The answer to `OPTIONS` on a route: 204 with the methods it serves in `Allow`, and no
/// `Access-Control-Allow-*` headers, so a browser's preflight for a cross-site write fails.
pub fn options_answer(methods: &[Method]) -> Response {
    let mut allow: Vec<&str> = Vec::new();
    for method in methods {
        allow.push(method.as_str());
        // axum serves HEAD wherever it serves GET.
        if *method == Method::GET {
            allow.push(Method::HEAD.as_str());
        }
    }
    allow.push(Method::OPTIONS.as_str());
    let mut response = StatusCode::NO_CONTENT.into_response();
    if let Ok(value) = HeaderValue::from_str(&allow.join(", ")) {
        response.headers_mut().insert(header::ALLOW, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_match_only_the_gateways_own_scheme_host_and_port() {
        for (origin, authority, same) in [
            ("https://localhost:8081", "localhost:8081", true),
            ("HTTPS://LocalHost:8081", "localhost:8081", true),
            ("https://admin.example", "admin.example:443", true),
            ("https://admin.example:443", "admin.example", true),
            ("https://[::1]:8081", "[::1]:8081", true),
            ("https://[::1]", "[::1]:443", true),
            ("http://localhost:8081", "localhost:8081", false),
            ("https://localhost:8082", "localhost:8081", false),
            ("https://evil.example", "localhost:8081", false),
            ("https://localhost", "localhost:8081", false),
            ("https://user@localhost:8081", "localhost:8081", false),
            ("https://localhost:8081/x", "localhost:8081", false),
            ("null", "localhost:8081", false),
            ("", "localhost:8081", false),
            ("https://", "localhost:8081", false),
        ] {
            assert_eq!(
                same_authority(origin, authority),
                same,
                "{origin} vs {authority}"
            );
        }
    }

    #[test]
    fn only_json_is_json() {
        for (value, json) in [
            ("application/json", true),
            ("Application/JSON; charset=utf-8", true),
            (" application/json ;charset=UTF-8", true),
            ("text/plain", false),
            ("text/plain;charset=UTF-8", false),
            ("application/x-www-form-urlencoded", false),
            ("multipart/form-data; boundary=x", false),
            ("application/jsonx", false),
            ("", false),
        ] {
            assert_eq!(is_json(&HeaderValue::from_static(value)), json, "{value}");
        }
    }

    #[test]
    fn options_lists_the_routes_methods() {
        let response = options_answer(&[Method::GET, Method::DELETE]);
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        assert_eq!(
            response.headers()[header::ALLOW],
            "GET, HEAD, DELETE, OPTIONS"
        );
        assert!(
            !response
                .headers()
                .contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN)
        );
    }
}
