//! Transports: the only code that knows tonic (and, later, axum) and the `worker.v1` messages.
//! Each adapts the engine; `auth` holds what every transport shares.

pub mod auth;
pub mod grpc;
pub mod http;
pub mod listen;
pub mod tls;
