//! The connection: where the server is and which certificates to use (flags and environment,
//! then the context, then the development PKI), the mTLS channel, and request metadata. The
//! only place that knows TLS files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use tonic::Request;
use tonic::metadata::MetadataValue;
use tonic::transport::{Certificate, Channel, ClientTlsConfig, Identity};
use worker_proto::access::Role;
use worker_proto::v1::admin_service_client::AdminServiceClient;
use worker_proto::v1::task_service_client::TaskServiceClient;

use crate::args::GlobalArgs;
use crate::exit::{CliError, Exit};

pub(crate) const DEFAULT_SERVER: &str = "127.0.0.1:50052";

/// One named connection in the config file.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Context {
    pub server: Option<String>,
    pub ca: Option<PathBuf>,
    pub cert: Option<PathBuf>,
    pub key: Option<PathBuf>,
}

/// The config file: `current_context` and `[contexts.NAME]` tables.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ConfigFile {
    pub current_context: Option<String>,
    #[serde(default)]
    pub contexts: BTreeMap<String, Context>,
}

/// `WORKERCTL_CONFIG`, or `workerctl.toml` in the platform config directory
/// (`~/.config/worker/workerctl.toml` on Linux).
pub(crate) fn config_path() -> PathBuf {
    if let Some(path) = std::env::var_os("WORKERCTL_CONFIG").filter(|p| !p.is_empty()) {
        return PathBuf::from(path);
    }
    directories::ProjectDirs::from("dev", "worker", "worker")
        .map(|d| d.config_dir().join("workerctl.toml"))
        .unwrap_or_else(|| PathBuf::from("workerctl.toml"))
}

fn load_config(path: &Path) -> Result<ConfigFile, CliError> {
    match std::fs::read_to_string(path) {
        Ok(text) => toml::from_str(&text).map_err(|e| {
            CliError::usage(format!("the config file {} is invalid", path.display()))
                .cause(e.to_string())
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(ConfigFile::default()),
        Err(e) => Err(CliError::failed(format!(
            "cannot read the config file {}: {e}",
            path.display()
        ))),
    }
}

/// Where and how to connect, resolved.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    pub server: String,
    pub ca: PathBuf,
    pub cert: PathBuf,
    pub key: PathBuf,
}

impl Target {
    /// The files named in TLS hints.
    pub(crate) fn files(&self) -> String {
        format!(
            "--ca {}, --cert {}, --key {}",
            self.ca.display(),
            self.cert.display(),
            self.key.display()
        )
    }
}

/// Flags and environment first, then the context, then the development PKI (admin
/// certificate) in the data directory.
pub(crate) fn resolve(global: &GlobalArgs) -> Result<Target, CliError> {
    let path = config_path();
    let file = load_config(&path)?;
    let context_name = global.context.clone().or(file.current_context.clone());
    let context = match &context_name {
        None => Context::default(),
        Some(name) => file.contexts.get(name).cloned().ok_or_else(|| {
            let known: Vec<&str> = file.contexts.keys().map(String::as_str).collect();
            CliError::usage(format!("no context named {name:?} in {}", path.display())).hint(
                if known.is_empty() {
                    "the config file defines no contexts".to_string()
                } else {
                    format!("known contexts: {}", known.join(", "))
                },
            )
        })?,
    };
    let dev = worker_pki::PkiPaths::new(worker_pki::data_dir_from_env().join("pki"));
    let dev_role = Role::Admin.as_str();
    let server = global
        .server
        .clone()
        .or(context.server)
        .unwrap_or_else(|| DEFAULT_SERVER.to_string());
    let pick = |flag: &Option<PathBuf>, ctx: Option<PathBuf>, dev: PathBuf| {
        flag.clone().or(ctx).unwrap_or(dev)
    };
    // A certificate and its key are one identity: filling in the missing half from the
    // development PKI would pair a user's certificate with the admin key and fail obscurely.
    let cert = global.cert.clone().or(context.cert);
    let key = global.key.clone().or(context.key);
    match (&cert, &key) {
        (Some(cert), None) => {
            return Err(CliError::usage(format!(
                "--cert {} is given without --key",
                cert.display()
            ))
            .hint("pass --key (or WORKERCTL_KEY) with the certificate's private key"));
        }
        (None, Some(key)) => {
            return Err(CliError::usage(format!(
                "--key {} is given without --cert",
                key.display()
            ))
            .hint("pass --cert (or WORKERCTL_CERT) with the key's certificate"));
        }
        _ => {}
    }
    let target = Target {
        server,
        ca: pick(&global.ca, context.ca, dev.ca_cert()),
        cert: cert.unwrap_or_else(|| dev.client_cert(dev_role)),
        key: key.unwrap_or_else(|| dev.client_key(dev_role)),
    };
    Ok(target)
}

fn read_pem(path: &Path, what: &str, flag: &str) -> Result<String, CliError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        CliError::new(
            Exit::Unreachable,
            format!("cannot read the {what} {}", path.display()),
        )
        .cause(e.to_string())
        .hint(format!(
            "pass {flag}, set WORKERCTL_{}, use a context, or start workerd once to make the development PKI",
            flag.trim_start_matches("--").to_ascii_uppercase()
        ))
    })?;
    if !text.contains("-----BEGIN") {
        return Err(CliError::new(
            Exit::Unreachable,
            format!("the {what} {} is not PEM", path.display()),
        )
        .hint(format!("check {flag}")));
    }
    Ok(text)
}

/// The connected clients of one invocation, plus what every request carries.
#[derive(Clone)]
pub(crate) struct Connection {
    pub admin: AdminServiceClient<Channel>,
    pub tasks: TaskServiceClient<Channel>,
    pub target: Target,
    request_id: String,
    approval: Option<String>,
    timeout: Duration,
}

impl Connection {
    pub(crate) async fn open(global: &GlobalArgs) -> Result<Self, CliError> {
        let target = resolve(global)?;
        let ca = read_pem(&target.ca, "CA certificate", "--ca")?;
        let cert = read_pem(&target.cert, "client certificate", "--cert")?;
        let key = read_pem(&target.key, "client key", "--key")?;
        let server = target
            .server
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        let host = match server.rsplit_once(':') {
            Some((host, _)) => host
                .trim_start_matches('[')
                .trim_end_matches(']')
                .to_string(),
            None => {
                return Err(CliError::usage(format!(
                    "--server {server:?} needs a port, like {DEFAULT_SERVER}"
                )));
            }
        };
        let tls = ClientTlsConfig::new()
            .ca_certificate(Certificate::from_pem(ca))
            .identity(Identity::from_pem(cert, key))
            .domain_name(host);
        let unreachable = |e: tonic::transport::Error| {
            let mut err = CliError::new(Exit::Unreachable, format!("cannot connect to {server}"));
            let mut source: Option<&dyn std::error::Error> = Some(&e);
            while let Some(cause) = source {
                err = err.cause(cause.to_string());
                source = cause.source();
            }
            if crate::exit::is_tls_failure(&err.causes.join(" ")) {
                err.message = format!("the TLS handshake with {server} failed");
                err.hint(format!(
                    "the server refused the client certificate or the CA does not match: check that --ca ({}) signed the server's certificate and that --cert/--key ({}, {}) are a pair signed by the CA the server trusts",
                    target.ca.display(),
                    target.cert.display(),
                    target.key.display()
                ))
            } else {
                err.hint("check --server (or WORKERCTL_SERVER) and that workerd is running")
            }
        };
        let channel = Channel::from_shared(format!("https://{server}"))
            .map_err(|e| CliError::usage(format!("--server {server:?} is not an address: {e}")))?
            .tls_config(tls)
            .map_err(unreachable)?
            .connect_timeout(Duration::from_secs(5))
            // A follow (`logs -f`, `events`, the dashboard's streams) waits on a quiet stream
            // for as long as it lasts; pings find a connection that died without a reset, so
            // the stream ends with an error instead of looking live forever.
            .http2_keep_alive_interval(Duration::from_secs(20))
            .keep_alive_timeout(Duration::from_secs(10))
            .keep_alive_while_idle(true)
            .connect()
            .await
            .map_err(unreachable)?;
        Ok(Self {
            admin: AdminServiceClient::new(channel.clone()),
            tasks: TaskServiceClient::new(channel),
            target,
            request_id: global
                .request_id
                .clone()
                .unwrap_or_else(|| uuid::Uuid::new_v4().to_string()),
            approval: global.approval_token.clone(),
            timeout: global.deadline(),
        })
    }

    fn decorate<T>(&self, mut request: Request<T>) -> Request<T> {
        if let Ok(value) = MetadataValue::try_from(self.request_id.as_str()) {
            request.metadata_mut().insert("x-request-id", value);
        }
        if let Some(token) = &self.approval
            && let Ok(value) = MetadataValue::try_from(token.as_str())
        {
            request.metadata_mut().insert("x-admin-approval", value);
        }
        request
    }

    /// A unary request: metadata and the call deadline.
    pub(crate) fn req<T>(&self, message: T) -> Request<T> {
        let mut request = self.decorate(Request::new(message));
        request.set_timeout(self.timeout);
        request
    }

    /// A streaming request: metadata, no deadline.
    pub(crate) fn stream_req<T>(&self, message: T) -> Request<T> {
        self.decorate(Request::new(message))
    }

    /// Maps a status to an error with the right exit code and hints.
    pub(crate) fn err(&self, status: tonic::Status) -> CliError {
        CliError::status(&status, &self.target.files())
    }
}
