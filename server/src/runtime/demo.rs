//! Demo handlers for tours, tests and benchmarks; registered only when asked (`--demo`).

use std::time::Duration;

use crate::runtime::handler::{HandlerError, Handlers, TaskContext};

/// Registers `noop`, `sleep`, `fail` and `flaky`.
///
/// - `noop` succeeds at once.
/// - `sleep` waits for the number of milliseconds its payload spells in ASCII digits (an empty
///   payload waits 0 ms) and stops early when cancelled.
/// - `fail` always fails.
/// - `flaky` fails its first attempt and succeeds after.
pub fn register(handlers: &mut Handlers) {
    handlers
        .register("noop", |_ctx: TaskContext| async { Ok(()) })
        .expect("valid name");
    handlers.register("sleep", sleep).expect("valid name");
    handlers
        .register("fail", |ctx: TaskContext| async move {
            Err(HandlerError::new(format!(
                "demo failure on attempt {}",
                ctx.attempt()
            )))
        })
        .expect("valid name");
    handlers
        .register("flaky", |ctx: TaskContext| async move {
            if ctx.attempt() == 1 {
                Err(HandlerError::new("flaky: the first attempt always fails"))
            } else {
                Ok(())
            }
        })
        .expect("valid name");
}

/// The names [`register`] adds.
pub const NAMES: [&str; 4] = ["noop", "sleep", "fail", "flaky"];

async fn sleep(ctx: TaskContext) -> Result<(), HandlerError> {
    let text = std::str::from_utf8(ctx.payload())
        .map_err(|_| HandlerError::permanent("sleep: the payload is not ASCII digits"))?
        .trim();
    let ms: u64 = if text.is_empty() {
        0
    } else {
        text.parse().map_err(|_| {
            HandlerError::permanent(format!(
                "sleep: the payload {:?} is not a number of milliseconds",
                text.chars().take(32).collect::<String>()
            ))
        })?
    };
    tokio::select! {
        () = tokio::time::sleep(Duration::from_millis(ms)) => Ok(()),
        () = ctx.cancelled() => Err(HandlerError::new("sleep: cancelled")),
    }
}
