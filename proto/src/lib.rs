//! The `worker.v1` wire contract: generated messages, clients and servers for `AdminService` and
//! `TaskService`, and the file descriptor set for server reflection.
//!
//! Generated from `proto/worker/v1/*.proto` at build time; edit the `.proto` files, never the
//! output. Proto types stay at the edges: servers and clients convert them in one module each.

#![allow(
    unreachable_pub,
    clippy::all,
    elided_lifetimes_in_paths,
    reason = "generated code"
)]

pub mod v1 {
    tonic::include_proto!("worker.v1");

    /// The encoded `FileDescriptorSet` of `worker.v1`, for gRPC server reflection.
    pub const FILE_DESCRIPTOR_SET: &[u8] =
        include_bytes!(concat!(env!("OUT_DIR"), "/worker_v1_descriptor.bin"));
}
