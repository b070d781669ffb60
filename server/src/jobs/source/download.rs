//! Getting a tarball into the workspace, hashing every byte on the way: over HTTPS with the
//! host allowlist checked on every redirect hop (redirects are followed here, not by the
//! client) and the size cap enforced while streaming; or copied from inside the tarball
//! directory, refusing `..`, links and files outside it. Each hop's host is resolved once and
//! the connection pinned to those addresses, which must be public unless the operator allowed
//! private ones for a host named in the allowlist; no proxy of the environment is used.

use std::fs::File;
use std::io::{self, Read, Write};
use std::net::{IpAddr, SocketAddr};
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
        check_addresses(&current, pinned.as_ref(), policy).map_err(|e| {
            if hops == 0 {
                return e;
            }
            let message = format!("{} redirected: {}", shown_url(url), e.message());
            SourceError::new(e.reason(), message)
        })?;
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

/// Refuses a hop whose host is, or resolved to, an address inside the network (see
/// [`is_internal`]) unless the policy allows private addresses and its allowlist names the
/// host itself: an allowlisted public name whose DNS comes to point at the metadata service or
/// a neighbour must not reach it.
fn check_addresses(
    url: &Url,
    pinned: Option<&(String, Vec<SocketAddr>)>,
    policy: &SourcePolicy,
) -> Result<(), SourceError> {
    let literal = || {
        url.host_str()
            .map(|h| h.trim_start_matches('[').trim_end_matches(']'))
            .and_then(|h| h.parse::<IpAddr>().ok())
    };
    let addrs: Vec<IpAddr> = match pinned {
        Some((_, addrs)) => addrs.iter().map(SocketAddr::ip).collect(),
        None => literal().into_iter().collect(),
    };
    let Some(internal) = addrs.into_iter().find(|ip| is_internal(*ip)) else {
        return Ok(());
    };
    let host = url.host_str().unwrap_or("");
    if policy.allow_private && policy.tarball_hosts.names(host) {
        return Ok(());
    }
    Err(SourceError::new(
        Reason::TarballAddressNotAllowed,
        format!(
            "host {} of {} is at {internal}, an address inside the network; to allow it, set \
             WORKER_JOB_TARBALL_ALLOW_PRIVATE=true and name the host in WORKER_JOB_TARBALL_ALLOWLIST",
            quoted(host),
            shown_url(url)
        ),
    ))
}

/// Loopback, private (RFC 1918, unique local), link-local, shared (RFC 6598), unspecified,
/// multicast, broadcast, benchmarking and documentation addresses, and IPv4 addresses inside
/// IPv6 (mapped, compatible, NAT64) that are any of those.
pub(super) fn is_internal(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_multicast()
                || v4.is_broadcast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
                || (a == 198 && (b == 18 || b == 19))
                || a >= 240
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_internal(IpAddr::V4(v4));
            }
            let seg = v6.segments();
            // ::a.b.c.d (deprecated compatible) and 64:ff9b::/96 (NAT64) carry an IPv4 address.
            if (seg[..6] == [0; 6] && !v6.is_loopback() && !v6.is_unspecified())
                || seg[..6] == [0x64, 0xff9b, 0, 0, 0, 0]
            {
                let v4 = std::net::Ipv4Addr::from((u32::from(seg[6]) << 16) | u32::from(seg[7]));
                return is_internal(IpAddr::V4(v4));
            }
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (seg[0] & 0xfe00) == 0xfc00
                || (seg[0] & 0xffc0) == 0xfe80
                || (seg[0] & 0xffc0) == 0xfec0
                || (seg[0] == 0x2001 && seg[1] == 0x0db8)
        }
    }
}

fn client(
    policy: &SourcePolicy,
    pinned: Option<&(String, Vec<SocketAddr>)>,
) -> Result<reqwest::Client, SourceError> {
    let mut builder = reqwest::Client::builder()
        .use_rustls_tls()
        .https_only(true)
        .redirect(reqwest::redirect::Policy::none())
        // No HTTP(S)_PROXY of the environment may carry the download elsewhere: the checks
        // above are of the addresses this client connects to.
        .no_proxy()
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
