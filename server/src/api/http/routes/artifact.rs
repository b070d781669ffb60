//! Job artifacts, as go-worker's gateway serves them: a `tarball_url` job's is a redirect to its
//! URL, a `tarball_path` job's is the file inside the tarball directory (streamed, with range
//! requests), and a `git_tag` job has none (`artifact_unsupported`). The job is read through
//! `GetJob`, so the caller's role is checked as for reading the job.

use std::io::SeekFrom;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tokio::io::{AsyncReadExt, AsyncSeekExt};
use worker_proto::v1 as pb;

use crate::api::http::Gateway;
use crate::api::http::error::ApiError;
use crate::api::http::extract::{Caller, Name};
use crate::api::http::json::{Artifact, ArtifactEnvelope};
use crate::api::http::routes::Answer;

/// Bytes read from the file per body chunk.
const CHUNK: usize = 64 * 1024;

/// Where a job's artifact is.
enum Located {
    Url {
        url: String,
        spec: pb::JobSpec,
    },
    File {
        path: PathBuf,
        size: u64,
        spec: pb::JobSpec,
    },
}

fn unsupported() -> ApiError {
    ApiError::bad_request(
        "artifact_unsupported",
        "a git_tag job has no artifact to download",
    )
}

fn not_found(shown: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "artifact_not_found",
        format!("no tarball {shown:?} in the tarball directory"),
    )
}

/// The file a `tarball_path` names, inside `dir`: no link as the file, no way out through a
/// linked directory (canonical prefix), a regular file.
fn resolve(dir: &Path, rel: &str) -> Result<(PathBuf, u64), ApiError> {
    let shown: String = rel.chars().take(200).collect();
    let root = dir.canonicalize().map_err(|e| {
        ApiError::bad_request(
            "artifact_unavailable",
            format!("the tarball directory cannot be read: {e}"),
        )
    })?;
    let rel = Path::new(rel);
    if rel.is_absolute()
        || rel
            .components()
            .any(|c| matches!(c, std::path::Component::ParentDir))
    {
        return Err(not_found(&shown));
    }
    let candidate = root.join(rel);
    let meta = std::fs::symlink_metadata(&candidate).map_err(|_| not_found(&shown))?;
    if meta.file_type().is_symlink() {
        return Err(not_found(&shown));
    }
    let real = candidate.canonicalize().map_err(|_| not_found(&shown))?;
    if !real.starts_with(&root) || !meta.is_file() {
        return Err(not_found(&shown));
    }
    Ok((real, meta.len()))
}

async fn locate(gw: &Gateway, c: &Caller, name: String) -> Result<Located, ApiError> {
    let job = gw
        .backend()
        .get_job(&c.0, pb::GetJobRequest { name })
        .await?
        .job
        .unwrap_or_default();
    let spec = job.spec.unwrap_or_default();
    match spec.source.as_str() {
        "tarball_url" => Ok(Located::Url {
            url: spec.tarball_url.clone(),
            spec,
        }),
        "tarball_path" => {
            let dir = gw.job_tarball_dir().ok_or_else(|| {
                ApiError::bad_request(
                    "artifact_unavailable",
                    "this gateway has no tarball directory (WORKER_ADMIN_JOB_TARBALL_DIR or WORKER_JOB_TARBALL_DIR)",
                )
            })?;
            let (path, size) = resolve(dir, &spec.tarball_path)?;
            Ok(Located::File { path, size, spec })
        }
        _ => Err(unsupported()),
    }
}

/// The last path segment of a URL, without its query or fragment.
fn url_filename(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let after_host = path.splitn(4, '/').nth(3).unwrap_or_default();
    after_host
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_string()
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

pub(super) async fn artifact_meta(
    State(gw): State<Gateway>,
    c: Caller,
    Name(name): Name,
) -> Answer<ArtifactEnvelope> {
    let artifact = match locate(&gw, &c, name).await? {
        Located::Url { url, spec } => Artifact {
            name: spec.name,
            source: spec.source,
            downloadable: true,
            filename: url_filename(&url),
            redirect_url: url,
            size_bytes: None,
            sha256: spec.tarball_sha256,
        },
        Located::File { path, size, spec } => Artifact {
            name: spec.name,
            source: spec.source,
            downloadable: true,
            redirect_url: String::new(),
            filename: file_name(&path),
            size_bytes: Some(size),
            sha256: spec.tarball_sha256,
        },
    };
    Ok(Json(ArtifactEnvelope { artifact }))
}

/// A single `bytes=` range over `size` bytes: `(start, end)` inclusive. `None` when the header
/// asks for something else (several ranges, another unit): the whole file is sent then, as
/// RFC 9110 allows. `Err` when the range lies outside the file.
fn range(headers: &HeaderMap, size: u64) -> Result<Option<(u64, u64)>, ()> {
    let Some(text) = headers.get(header::RANGE).and_then(|v| v.to_str().ok()) else {
        return Ok(None);
    };
    let Some(spec) = text.trim().strip_prefix("bytes=") else {
        return Ok(None);
    };
    if spec.contains(',') {
        return Ok(None);
    }
    let Some((start, end)) = spec.split_once('-') else {
        return Ok(None);
    };
    let (start, end) = (start.trim(), end.trim());
    let parsed = match (start.is_empty(), end.is_empty()) {
        // The last N bytes.
        (true, false) => {
            let n: u64 = end.parse().map_err(|_| ())?;
            if n == 0 || size == 0 {
                return Err(());
            }
            (size.saturating_sub(n), size - 1)
        }
        (false, _) => {
            let s: u64 = start.parse().map_err(|_| ())?;
            let e: u64 = if end.is_empty() {
                size.saturating_sub(1)
            } else {
                end.parse::<u64>()
                    .map_err(|_| ())?
                    .min(size.saturating_sub(1))
            };
            (s, e)
        }
        (true, true) => return Ok(None),
    };
    if parsed.0 >= size || parsed.0 > parsed.1 {
        return Err(());
    }
    Ok(Some(parsed))
}

pub(super) async fn artifact(
    State(gw): State<Gateway>,
    c: Caller,
    Name(name): Name,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (path, size, spec) = match locate(&gw, &c, name).await? {
        Located::Url { url, .. } => {
            let location = HeaderValue::from_str(&url).map_err(|_| {
                ApiError::new(
                    StatusCode::BAD_GATEWAY,
                    "artifact_unavailable",
                    "the job's tarball_url cannot be a Location header",
                )
            })?;
            let mut out = HeaderMap::new();
            out.insert(header::LOCATION, location);
            out.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            return Ok((StatusCode::TEMPORARY_REDIRECT, out).into_response());
        }
        Located::File { path, size, spec } => (path, size, spec),
    };
    let mut out = HeaderMap::new();
    out.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/gzip"),
    );
    out.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    out.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    let filename: String = file_name(&path)
        .chars()
        .filter(|c| c.is_ascii_graphic() && *c != '"' && *c != '\\')
        .collect();
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        out.insert(header::CONTENT_DISPOSITION, v);
    }
    if let Ok(v) = HeaderValue::from_str(&spec.tarball_sha256) {
        out.insert("x-tarball-sha256", v);
    }
    let (status, start, len) = match range(&headers, size) {
        Ok(None) => (StatusCode::OK, 0, size),
        Ok(Some((start, end))) => {
            if let Ok(v) = HeaderValue::from_str(&format!("bytes {start}-{end}/{size}")) {
                out.insert(header::CONTENT_RANGE, v);
            }
            (StatusCode::PARTIAL_CONTENT, start, end - start + 1)
        }
        Err(()) => {
            let mut refused = ApiError::new(
                StatusCode::RANGE_NOT_SATISFIABLE,
                "invalid_range",
                format!("the range lies outside the file's {size} bytes"),
            )
            .into_response();
            if let Ok(v) = HeaderValue::from_str(&format!("bytes */{size}")) {
                refused.headers_mut().insert(header::CONTENT_RANGE, v);
            }
            return Ok(refused);
        }
    };
    // O_NOFOLLOW: a link swapped in after the checks is refused, not followed.
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(&path)
        .map_err(|_| not_found(&file_name(&path)))?;
    let mut file = tokio::fs::File::from_std(file);
    file.seek(SeekFrom::Start(start))
        .await
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string()))?;
    out.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    let body = futures::stream::unfold((file, len), |(mut file, left)| async move {
        if left == 0 {
            return None;
        }
        let mut buf = vec![0; CHUNK.min(left as usize)];
        match file.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok::<_, std::io::Error>(buf), (file, left - n as u64)))
            }
            Err(e) => Some((Err(e), (file, 0))),
        }
    });
    Ok((status, out, Body::from_stream(body)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_range(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::RANGE, HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn ranges_are_read_as_rfc_9110_says() {
        assert_eq!(range(&HeaderMap::new(), 10), Ok(None));
        assert_eq!(range(&with_range("bytes=2-4"), 10), Ok(Some((2, 4))));
        assert_eq!(range(&with_range("bytes=7-"), 10), Ok(Some((7, 9))));
        assert_eq!(range(&with_range("bytes=-3"), 10), Ok(Some((7, 9))));
        assert_eq!(range(&with_range("bytes=5-99"), 10), Ok(Some((5, 9))));
        assert_eq!(range(&with_range("bytes=0-1,4-5"), 10), Ok(None));
        assert_eq!(range(&with_range("items=1-2"), 10), Ok(None));
        assert_eq!(range(&with_range("bytes=10-"), 10), Err(()));
        assert_eq!(range(&with_range("bytes=4-2"), 10), Err(()));
        assert_eq!(range(&with_range("bytes=x-2"), 10), Err(()));
    }

    #[test]
    fn a_url_names_its_file_by_its_last_segment() {
        assert_eq!(
            url_filename("https://files.example.com/r/site-1.2.tgz?sig=abc"),
            "site-1.2.tgz"
        );
        assert_eq!(url_filename("https://files.example.com"), "");
    }
}
