//! Identifiers: the validated names (queues, handlers, workers, schedules, jobs), task ids,
//! lease tokens and event-log positions. Re-exported by `model.rs`, where the rest of the
//! domain's types are.

use std::fmt;

use crate::engine::error::Error;

/// Allowed characters for every name type here (queues, handlers, workers, schedules, jobs):
/// `[A-Za-z0-9._:-]{1,128}`.
pub const NAME_MAX_LEN: usize = 128;

fn check_name(kind: &'static str, reason: &'static str, value: &str) -> Result<(), Error> {
    let ok = !value.is_empty()
        && value.len() <= NAME_MAX_LEN
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b':' | b'-'));
    if ok {
        Ok(())
    } else if value.is_empty() {
        Err(Error::invalid(reason, format!("{kind} is required")))
    } else {
        Err(Error::invalid(
            reason,
            format!(
                "{kind} {:?} is invalid: use 1 to {NAME_MAX_LEN} characters from A-Z, a-z, 0-9, '.', '_', ':' and '-'",
                truncate_for_message(value)
            ),
        ))
    }
}

/// Keeps client input quoted in an error message short (64 characters, then "…"), so a
/// 10 KB field never comes back as a 10 KB message. Every message that quotes input uses it.
pub fn truncate_for_message(value: &str) -> String {
    const MAX: usize = 64;
    if value.chars().count() <= MAX {
        value.to_string()
    } else {
        let head: String = value.chars().take(MAX).collect();
        format!("{head}…")
    }
}

macro_rules! name_type {
    ($(#[$doc:meta])* $name:ident, $kind:literal, $reason:literal) => {
        $(#[$doc])*
        // Serde reads stored records only, which held validated names when written.
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Validates `value` against the name rules.
            pub fn new(value: impl Into<String>) -> Result<Self, Error> {
                let value = value.into();
                check_name($kind, $reason, &value)?;
                Ok(Self(value))
            }

            /// Wraps a value that was validated before it was stored.
            #[allow(dead_code, reason = "not every name type is read back from rows")]
            pub(crate) fn from_trusted(value: String) -> Self {
                Self(value)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The name as a string, without copying it.
            #[allow(dead_code, reason = "not every name type is handed out by value")]
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&self.0, f)
            }
        }
    };
}

name_type!(
    /// A queue's name.
    QueueName,
    "queue name",
    "invalid_queue"
);
name_type!(
    /// The name a handler is registered under.
    HandlerName,
    "handler name",
    "invalid_handler"
);
name_type!(
    /// A worker pool's identity in the registry.
    WorkerId,
    "worker id",
    "invalid_worker_id"
);

name_type!(
    /// A cron schedule's name; unique in the store.
    ScheduleName,
    "schedule name",
    "invalid_schedule_name"
);

name_type!(
    /// A containerized job's name; unique in the store.
    JobName,
    "job name",
    "invalid_job_name"
);

/// A task's identity: a UUID (version 7, so ids sort by creation time).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct TaskId(String);

impl TaskId {
    /// A new time-ordered id.
    pub fn generate() -> Self {
        Self(uuid::Uuid::now_v7().to_string())
    }

    /// The id every caller naming the same `parts` gets (a version 8 UUID of their SHA-256):
    /// nodes that make the same thing at once (a schedule's fire of a job) agree on its id, so
    /// the store's insert-if-absent keeps one of it. The parts are length-prefixed, so no two
    /// lists of parts share an id.
    pub fn derived(parts: &[&str]) -> Self {
        use sha2::Digest as _;
        let mut hash = sha2::Sha256::new();
        for part in parts {
            hash.update((part.len() as u64).to_be_bytes());
            hash.update(part.as_bytes());
        }
        let digest = hash.finalize();
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&digest[..16]);
        Self(
            uuid::Builder::from_custom_bytes(bytes)
                .into_uuid()
                .hyphenated()
                .to_string(),
        )
    }

    /// Parses a client-supplied id; anything that is not a UUID is refused.
    pub fn parse(value: &str) -> Result<Self, Error> {
        let trimmed = value.trim();
        if trimmed.is_empty() {
            return Err(Error::invalid("missing_task_id", "task id is required"));
        }
        match uuid::Uuid::try_parse(trimmed) {
            Ok(uuid) => Ok(Self(uuid.hyphenated().to_string())),
            Err(_) => Err(Error::invalid(
                "invalid_task_id",
                format!("task id {:?} is not a UUID", truncate_for_message(trimmed)),
            )),
        }
    }

    pub(crate) fn from_trusted(value: String) -> Self {
        Self(value)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The id as a string, without copying it.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for TaskId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for TaskId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

/// The fencing token of one lease. Every lease of a task gets a token larger than any before it,
/// so a worker holding an older token can no longer change the task.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct LeaseToken(pub i64);

/// A position in the event log. Its text is opaque to clients and store-specific; it orders the log.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct EventId(pub String);

impl fmt::Display for EventId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
