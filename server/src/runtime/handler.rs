//! Handlers: the async functions users register by name, and what they receive and return.

use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::sync::Arc;

use futures::future::BoxFuture;
use tokio_util::sync::CancellationToken;

use crate::engine::Error;
use crate::engine::model::{HandlerName, LeasedTask, QueueName, TaskId};

/// What a handler gets: the task and a cancellation signal.
#[derive(Clone)]
pub struct TaskContext {
    task: Arc<LeasedTask>,
    cancel: CancellationToken,
}

impl TaskContext {
    pub(crate) fn new(task: Arc<LeasedTask>, cancel: CancellationToken) -> Self {
        Self { task, cancel }
    }

    pub fn id(&self) -> &TaskId {
        &self.task.id
    }

    pub fn handler(&self) -> &HandlerName {
        &self.task.handler
    }

    pub fn queue(&self) -> &QueueName {
        &self.task.queue
    }

    pub fn payload(&self) -> &[u8] {
        &self.task.payload
    }

    /// This attempt's number, starting at 1.
    pub fn attempt(&self) -> u32 {
        self.task.attempt
    }

    pub fn max_retries(&self) -> u32 {
        self.task.max_retries
    }

    /// The task's timeout: the runtime stops the handler this long after it started, so a
    /// handler with something to tidy up (a container to kill) acts a little before.
    pub fn timeout_ms(&self) -> i64 {
        self.task.timeout_ms
    }

    pub fn metadata(&self) -> &BTreeMap<String, String> {
        &self.task.metadata
    }

    /// Resolves when an operator cancels the task. A handler that stops promptly ends as
    /// cancelled; one that ignores it is stopped after the engine's grace period.
    pub async fn cancelled(&self) {
        self.cancel.cancelled().await;
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancel.is_cancelled()
    }
}

impl fmt::Debug for TaskContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TaskContext")
            .field("id", &self.task.id)
            .field("handler", &self.task.handler)
            .field("attempt", &self.task.attempt)
            .finish()
    }
}

/// A handler's failure. Ordinary failures are retried while attempts remain; permanent ones go
/// straight to the DLQ.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HandlerError {
    message: String,
    permanent: bool,
}

impl HandlerError {
    pub fn new(message: impl fmt::Display) -> Self {
        Self {
            message: message.to_string(),
            permanent: false,
        }
    }

    /// A failure retrying cannot fix (a malformed payload, say).
    pub fn permanent(message: impl fmt::Display) -> Self {
        Self {
            message: message.to_string(),
            permanent: true,
        }
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    pub fn is_permanent(&self) -> bool {
        self.permanent
    }
}

impl fmt::Display for HandlerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<String> for HandlerError {
    fn from(message: String) -> Self {
        Self::new(message)
    }
}

impl From<&str> for HandlerError {
    fn from(message: &str) -> Self {
        Self::new(message)
    }
}

impl From<std::io::Error> for HandlerError {
    fn from(err: std::io::Error) -> Self {
        Self::new(err)
    }
}

pub type HandlerResult = Result<(), HandlerError>;

/// Something that runs tasks of one handler name. Any `Fn(TaskContext) -> impl Future` is one.
pub trait Handler: Send + Sync + 'static {
    fn call(&self, ctx: TaskContext) -> BoxFuture<'static, HandlerResult>;
}

impl<F, Fut> Handler for F
where
    F: Fn(TaskContext) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = HandlerResult> + Send + 'static,
{
    fn call(&self, ctx: TaskContext) -> BoxFuture<'static, HandlerResult> {
        Box::pin(self(ctx))
    }
}

/// The handlers a worker can run, by name.
#[derive(Clone, Default)]
pub struct Handlers {
    map: BTreeMap<HandlerName, Arc<dyn Handler>>,
}

impl fmt::Debug for Handlers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.map.keys()).finish()
    }
}

impl Handlers {
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers `handler` under `name`, replacing any handler of that name.
    pub fn register(&mut self, name: &str, handler: impl Handler) -> Result<&mut Self, Error> {
        self.map.insert(HandlerName::new(name)?, Arc::new(handler));
        Ok(self)
    }

    pub fn names(&self) -> Vec<HandlerName> {
        self.map.keys().cloned().collect()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    pub(crate) fn get(&self, name: &HandlerName) -> Option<Arc<dyn Handler>> {
        self.map.get(name).cloned()
    }
}
