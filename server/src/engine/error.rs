//! The engine's error type, classified by what a caller can do about it.
//!
//! Every variant carries a stable snake_case `reason` that transports put on the wire
//! (`google.rpc.ErrorInfo.reason`, the gateway's `error.code`), and a clean message.

#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum Error {
    /// The request is malformed; retrying it unchanged fails again.
    #[error("{message}")]
    InvalidArgument {
        reason: &'static str,
        message: String,
    },
    /// The thing named does not exist.
    #[error("{message}")]
    NotFound {
        reason: &'static str,
        message: String,
    },
    /// The target is in a state that does not allow this.
    #[error("{message}")]
    FailedPrecondition {
        reason: &'static str,
        message: String,
    },
    /// A cap or quota was exceeded.
    #[error("{message}")]
    ResourceExhausted {
        reason: &'static str,
        message: String,
    },
    /// The caller's lease on a task is gone: it expired, the task was re-leased, or it finished.
    #[error("lease lost: the task was reclaimed or finished elsewhere")]
    LeaseLost,
    /// The store cannot be reached right now; retrying later may succeed.
    #[error("store unavailable: {0}")]
    Unavailable(String),
    /// The audit entry of a mutation could not be written, so the mutation was not made either.
    #[error("audit log unavailable: {0}")]
    AuditUnavailable(String),
    /// A bug or a corrupted store; the details are logged, not shown.
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    pub fn invalid(reason: &'static str, message: impl Into<String>) -> Self {
        Error::InvalidArgument {
            reason,
            message: message.into(),
        }
    }

    pub fn not_found(reason: &'static str, message: impl Into<String>) -> Self {
        Error::NotFound {
            reason,
            message: message.into(),
        }
    }

    pub fn precondition(reason: &'static str, message: impl Into<String>) -> Self {
        Error::FailedPrecondition {
            reason,
            message: message.into(),
        }
    }

    pub fn exhausted(reason: &'static str, message: impl Into<String>) -> Self {
        Error::ResourceExhausted {
            reason,
            message: message.into(),
        }
    }

    /// The stable snake_case reason for the wire.
    pub fn reason(&self) -> &'static str {
        match self {
            Error::InvalidArgument { reason, .. }
            | Error::NotFound { reason, .. }
            | Error::FailedPrecondition { reason, .. }
            | Error::ResourceExhausted { reason, .. } => reason,
            Error::LeaseLost => "lease_lost",
            Error::Unavailable(_) => "store_unavailable",
            Error::AuditUnavailable(_) => "audit_unavailable",
            Error::Internal(_) => "internal",
        }
    }
}
