//! Getting a tarball into the workspace, hashing every byte on the way: over HTTPS with the
//! host allowlist checked on every redirect hop (redirects are followed here, not by the
//! client) and the size cap enforced while streaming; or copied from inside the tarball
//! directory, refusing `..`, links and files outside it. Each hop's host is resolved once and
//! the connection pinned to those addresses.

use std::fs::File;
use std::io::{self, Read, Write};
use std::net::SocketAddr;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use reqwest::{StatusCode, Url, header};
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

use super::error::{Reason, SourceError, quoted};
use super::policy::{SourcePolicy, shown_url};

/// A tarball in the workspace.
#[derive(Clone, Debug)]
pub(super) struct Downloaded {
    /// Lowercase hex SHA-256 of every byte.
    pub(super) sha256: String,
    pub(super) bytes: u64,
}

/// Downloads `url` to `dest`, following up to `policy.max_redirects` redirects, each checked
/// against the policy. The caller bounds the whole call by the policy's timeout.
pub(super) async fn fetch_url(
    url: &Url,
    policy: &SourcePolicy,
    dest: &Path,
) -> Result<Downloaded, SourceError> {
    let mut current = url.clone();
    let mut hops = 0;
    let response = loop {
        policy.check_url(&current).map_err(|e| {
            if hops == 0 {
                return e;
            }
            let message = format!("{} redirected: {}", shown_url(url), e.message());
            SourceError::new(e.reason(), message)
        })?;
        // Each hop's host is resolved once, here, and the client connects only to those
        // addresses: a name that answers differently by the time the connection is made (DNS
        // rebinding) cannot move the download elsewhere.
        let pinned = pin_host(&current).await?;
        let client = client(policy, pinned.as_ref())?;
        let response = client
            .get(current.clone())
            .send()
            .await
            .map_err(|e| request_error(&current, e))?;
        let status = response.status();
        if !status.is_redirection() || status == StatusCode::NOT_MODIFIED {
            break response;
        }
        let location = response
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| {
                SourceError::new(
                    Reason::FetchFailed,
                    format!(
                        "{} redirected ({status}) without a Location",
                        shown_url(&current)
                    ),
                )
            })?;
        let next = current.join(location).map_err(|e| {
            SourceError::new(
                Reason::FetchFailed,
                format!(
                    "{} redirected to {}, which is not a URL ({e})",
                    shown_url(&current),
                    quoted(location)
                ),
            )
        })?;
        hops += 1;
        if hops > policy.max_redirects {
            return Err(SourceError::new(
                Reason::TarballTooManyRedirects,
                format!(
                    "{} redirected more than {} times",
                    shown_url(url),
                    policy.max_redirects
                ),
            ));
        }
        current = next;
    };
    let status = response.status();
    if !status.is_success() {
        return Err(SourceError::new(
            Reason::FetchFailed,
            format!("{} answered {status}", shown_url(&current)),
        ));
    }
    let max = policy.tarball_max_bytes;
    if response.content_length().is_some_and(|len| len > max) {
        return Err(too_large(max));
    }
    let mut out = tokio::fs::File::create(dest)
        .await
        .map_err(|e| SourceError::workspace("creating the download file", &e))?;
    let mut hasher = Sha256::new();
    let mut bytes = 0u64;
    let mut response = response;
    // Content-Length may be absent or false: the cap holds on what arrives.
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| request_error(&current, e))?
    {
        bytes += chunk.len() as u64;
        if bytes > max {
            return Err(too_large(max));
        }
        hasher.update(&chunk);
        out.write_all(&chunk)
            .await
            .map_err(|e| SourceError::workspace("writing the download file", &e))?;
    }
    out.flush()
        .await
        .map_err(|e| SourceError::workspace("writing the download file", &e))?;
    Ok(Downloaded {
        sha256: hex::encode(hasher.finalize()),
        bytes,
    })
}

/// The addresses `url`'s host resolves to now, for the client to connect to and nothing else;
/// `None` for an IP literal (nothing to resolve).
async fn pin_host(url: &Url) -> Result<Option<(String, Vec<SocketAddr>)>, SourceError> {
    let Some(host) = url.domain() else {
        return Ok(None);
    };
    let port = url.port_or_known_default().unwrap_or(443);
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host, port))
        .await
        .map_err(|e| {
            SourceError::new(
                Reason::FetchFailed,
                format!("{}: cannot resolve {}: {e}", shown_url(url), quoted(host)),
            )
        })?
        .collect();
    if addrs.is_empty() {
        return Err(SourceError::new(
            Reason::FetchFailed,
            format!(
                "{}: {} resolves to no address",
                shown_url(url),
                quoted(host)
            ),
        ));
    }
    Ok(Some((host.to_owned(), addrs)))
}

fn client(
    policy: &SourcePolicy,
    pinned: Option<&(String, Vec<SocketAddr>)>,
) -> Result<reqwest::Client, SourceError> {
    let mut builder = reqwest::Client::builder()
        .use_rustls_tls()
        .https_only(true)
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(policy.timeout)
        .user_agent(concat!("workerd/", env!("CARGO_PKG_VERSION")));
    for root in &policy.extra_roots {
        let cert = reqwest::Certificate::from_der(root).map_err(|e| {
            SourceError::new(
                Reason::FetchFailed,
                format!("a WORKER_JOB_TARBALL_CA certificate is unusable: {e}"),
            )
        })?;
        builder = builder.add_root_certificate(cert);
    }
    if let Some((host, addrs)) = pinned {
        builder = builder.resolve_to_addrs(host, addrs);
    }
    builder.build().map_err(|e| {
        SourceError::new(
            Reason::FetchFailed,
            format!("the HTTPS client could not be made: {e}"),
        )
    })
}

fn request_error(url: &Url, e: reqwest::Error) -> SourceError {
    let timeout = e.is_timeout();
    // reqwest's own text is terse ("error sending request"); the causes say what happened
    // (refused connection, unknown issuer, …).
    let e = e.without_url();
    let mut text = e.to_string();
    let mut cause = std::error::Error::source(&e);
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    let reason = if timeout {
        Reason::FetchTimeout
    } else {
        Reason::FetchFailed
    };
    SourceError::new(reason, format!("GET {} failed: {text}", shown_url(url)))
}

fn too_large(max: u64) -> SourceError {
    SourceError::new(
        Reason::TarballTooLarge,
        format!("the tarball is larger than {max} bytes (WORKER_JOB_TARBALL_MAX_BYTES)"),
    )
}

/// Copies `rel` from inside `dir` to `dest` while hashing it. The copy is what gets
/// verified and extracted, so a file changed in the directory meanwhile cannot slip past the
/// SHA-256. Blocking.
pub(super) fn copy_file(
    dir: &Path,
    rel: &Path,
    max: u64,
    dest: &Path,
) -> Result<Downloaded, SourceError> {
    let shown = quoted(&rel.display().to_string());
    let root = dir.canonicalize().map_err(|e| {
        SourceError::new(
            Reason::TarballDirNotConfigured,
            format!(
                "WORKER_JOB_TARBALL_DIR {} cannot be read: {e}",
                quoted(&dir.display().to_string())
            ),
        )
    })?;
    let candidate = root.join(rel);
    let not_found = || {
        SourceError::new(
            Reason::TarballNotFound,
            format!("no tarball {shown} in WORKER_JOB_TARBALL_DIR"),
        )
    };
    let meta = match std::fs::symlink_metadata(&candidate) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(not_found()),
        Err(e) => return Err(SourceError::workspace("reading the tarball", &e)),
    };
    let escape = |why: &str| {
        SourceError::new(
            Reason::TarballPathEscape,
            format!("tarball_path {shown} {why}"),
        )
    };
    if meta.file_type().is_symlink() {
        return Err(escape("is a symbolic link; name the file itself"));
    }
    // A linked directory on the way may still lead outside.
    let real: PathBuf = candidate.canonicalize().map_err(|_| not_found())?;
    if !real.starts_with(&root) {
        return Err(escape(
            "leads outside WORKER_JOB_TARBALL_DIR through a link",
        ));
    }
    // O_NOFOLLOW: a link swapped in after the checks is refused, not followed.
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(&real)
        .map_err(|e| match e.raw_os_error() {
            Some(libc::ELOOP) => escape("is a symbolic link; name the file itself"),
            _ => SourceError::workspace("opening the tarball", &e),
        })?;
    let meta = file
        .metadata()
        .map_err(|e| SourceError::workspace("reading the tarball", &e))?;
    if !meta.is_file() {
        return Err(SourceError::new(
            Reason::TarballNotFound,
            format!("tarball_path {shown} is not a regular file"),
        ));
    }
    if meta.len() > max {
        return Err(too_large(max));
    }
    let mut out =
        File::create(dest).map_err(|e| SourceError::workspace("creating the copy", &e))?;
    let mut hasher = Sha256::new();
    let mut bytes = 0u64;
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = file
            .read(&mut buf)
            .map_err(|e| SourceError::workspace("reading the tarball", &e))?;
        if n == 0 {
            break;
        }
        bytes += n as u64;
        // The file may grow after the size check.
        if bytes > max {
            return Err(too_large(max));
        }
        hasher.update(&buf[..n]);
        out.write_all(&buf[..n])
            .map_err(|e| SourceError::workspace("writing the copy", &e))?;
    }
    Ok(Downloaded {
        sha256: hex::encode(hasher.finalize()),
        bytes,
    })
}
