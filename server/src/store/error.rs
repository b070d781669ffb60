//! The store's error type, classified by what the caller can do, and how the engine sees it.

/// A store failure, classified by what the caller can do.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// The caller's fencing token is not the task's current one.
    #[error("lease lost")]
    LeaseLost,
    /// An event id that this store did not issue.
    #[error("{0}")]
    InvalidCursor(String),
    /// The backend cannot be reached; retry later.
    #[error("{0}")]
    Unavailable(String),
    /// A mutation's audit entry could not be written; the mutation was not made either.
    #[error("{0}")]
    AuditUnavailable(String),
    #[error("{0}")]
    Internal(String),
}

/// How the engine sees a store failure: the one place store errors become engine errors.
impl From<StoreError> for crate::engine::Error {
    fn from(err: StoreError) -> Self {
        use crate::engine::Error;
        match err {
            StoreError::LeaseLost => Error::LeaseLost,
            StoreError::Unavailable(msg) => Error::Unavailable(msg),
            StoreError::InvalidCursor(msg) => Error::invalid("invalid_event_id", msg),
            StoreError::AuditUnavailable(msg) => Error::AuditUnavailable(msg),
            StoreError::Internal(msg) => Error::Internal(msg),
        }
    }
}
