//! Randomness as the engine sees it (retry jitter): injected like the clock, so tests can fix it.

/// A source of uniform samples in `[0, 1)`.
pub trait Random: Send + Sync + 'static {
    fn unit(&self) -> f64;
}

/// The thread-local generator.
#[derive(Clone, Copy, Debug, Default)]
pub struct ThreadRandom;

impl Random for ThreadRandom {
    fn unit(&self) -> f64 {
        rand::random()
    }
}

/// Always the same sample; for tests that want exact backoff delays.
#[derive(Clone, Copy, Debug)]
pub struct FixedRandom(pub f64);

impl Random for FixedRandom {
    fn unit(&self) -> f64 {
        self.0
    }
}
