//! Errors and exit codes: every failure becomes one `CliError` with a code, a message, causes
//! and hints, in one place.

use std::fmt;
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use tonic::Code;
use tonic_types::StatusExt;

/// Whether a transport error's text is a failed TLS handshake (a certificate the other side
/// refused, a CA that does not match), not a server that is down.
pub(crate) fn is_tls_failure(text: &str) -> bool {
    let text = text.to_ascii_lowercase();
    [
        "certificate",
        "alert",
        "tls",
        "handshake",
        "unknownissuer",
        "unknown ca",
    ]
    .iter()
    .any(|word| text.contains(word))
}

/// The exit codes (documented in `--help` and the man pages).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Exit {
    Ok = 0,
    Failed = 1,
    Usage = 2,
    Unreachable = 3,
    Refused = 4,
    NotFound = 5,
    Interrupted = 130,
}

#[derive(Debug)]
pub(crate) struct CliError {
    pub exit: Exit,
    pub message: String,
    pub causes: Vec<String>,
    pub hints: Vec<String>,
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CliError {}

impl CliError {
    pub(crate) fn new(exit: Exit, message: impl Into<String>) -> Self {
        Self {
            exit,
            message: message.into(),
            causes: Vec::new(),
            hints: Vec::new(),
        }
    }

    pub(crate) fn failed(message: impl Into<String>) -> Self {
        Self::new(Exit::Failed, message)
    }

    pub(crate) fn usage(message: impl Into<String>) -> Self {
        Self::new(Exit::Usage, message)
    }

    pub(crate) fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    pub(crate) fn cause(mut self, cause: impl Into<String>) -> Self {
        self.causes.push(cause.into());
        self
    }

    /// A failure writing output: a closed pipe ends quietly, anything else is an error.
    pub(crate) fn io(err: io::Error) -> Self {
        if err.kind() == io::ErrorKind::BrokenPipe {
            return Self::new(Exit::Ok, String::new());
        }
        Self::failed(format!("cannot write the output: {err}"))
    }

    /// Classifies a status from the server (or from the transport under it).
    pub(crate) fn status(status: &tonic::Status, tls_files: &str) -> Self {
        let reason = status
            .get_error_details()
            .error_info()
            .map(|info| info.reason.clone())
            .unwrap_or_default();
        let transport = {
            let mut causes = Vec::new();
            let mut source = std::error::Error::source(status);
            while let Some(err) = source {
                causes.push(err.to_string());
                source = err.source();
            }
            causes
        };
        // The handshake's failure can surface in the causes or only in the status message
        // ("error trying to connect: invalid peer certificate: UnknownIssuer").
        let tls_alert = transport.iter().any(|c| is_tls_failure(c))
            || (matches!(status.code(), Code::Unavailable | Code::Unknown)
                && is_tls_failure(status.message()));
        let (exit, message) = match status.code() {
            Code::PermissionDenied | Code::Unauthenticated => {
                (Exit::Refused, status.message().to_string())
            }
            Code::NotFound => (Exit::NotFound, status.message().to_string()),
            Code::Unavailable | Code::DeadlineExceeded => (
                Exit::Unreachable,
                if status.message().is_empty() {
                    "the server is unreachable".to_string()
                } else {
                    status.message().to_string()
                },
            ),
            Code::Unknown | Code::Cancelled if !transport.is_empty() => (
                Exit::Unreachable,
                if tls_alert {
                    "the server refused the TLS handshake".to_string()
                } else {
                    "the connection to the server failed".to_string()
                },
            ),
            _ => (Exit::Failed, status.message().to_string()),
        };
        let mut err = Self::new(exit, message);
        err.causes = transport;
        match (exit, reason.as_str()) {
            (Exit::Refused, "approval_required" | "approval_invalid") => {
                err = err.hint("pass --approval-token or set WORKERCTL_APPROVAL_TOKEN");
            }
            (Exit::Refused, _) => {
                err = err.hint(format!(
                    "your role comes from the OU of the client certificate ({tls_files})"
                ));
            }
            (Exit::Unreachable, _) if tls_alert => {
                let said = std::mem::replace(&mut err.message, "the TLS handshake failed".into());
                err.causes.insert(0, said);
                err = err.hint(format!(
                    "the server refused the client certificate or the CA does not match: check that --ca signed the server's certificate and that the client certificate and key ({tls_files}) are signed by the CA the server trusts and have not expired"
                ));
            }
            (Exit::Unreachable, "store_unavailable") => {
                err = err.hint(
                    "workerd answered, but its store (Redis) is unreachable; it reconnects on its own, so retry once Redis is back",
                );
            }
            (Exit::Unreachable, _) => {
                err = err.hint("check --server (or WORKERCTL_SERVER) and that workerd is running");
            }
            _ => {}
        }
        if !reason.is_empty() {
            err.causes.insert(0, format!("reason: {reason}"));
        }
        err
    }

    /// Prints `error: …`, its causes and hints to stderr.
    pub(crate) fn print(&self) {
        if self.exit == Exit::Ok {
            return;
        }
        let stderr = io::stderr();
        let color = stderr.is_terminal() && std::env::var_os("NO_COLOR").is_none();
        let mut out = stderr.lock();
        let (red, yellow, reset) = if color {
            ("\x1b[1;31m", "\x1b[1;33m", "\x1b[0m")
        } else {
            ("", "", "")
        };
        let _ = writeln!(out, "{red}error:{reset} {}", self.message);
        let mut previous: Option<&String> = None;
        for cause in &self.causes {
            // Transport errors often repeat themselves one level down.
            if previous != Some(cause) && *cause != self.message {
                let _ = writeln!(out, "  caused by: {cause}");
            }
            previous = Some(cause);
        }
        for hint in &self.hints {
            let _ = writeln!(out, "{yellow}hint:{reset} {hint}");
        }
    }

    pub(crate) fn exit_code(&self) -> ExitCode {
        ExitCode::from(self.exit as u8)
    }
}

impl From<io::Error> for CliError {
    fn from(err: io::Error) -> Self {
        Self::io(err)
    }
}
