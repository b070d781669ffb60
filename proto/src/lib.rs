//! The `worker.v1` wire contract: generated messages, clients and servers for `AdminService` and
//! `TaskService`, the file descriptor set for server reflection, and the audit export's CSV
//! columns (part of the contract both the gateway and `workerctl` write).
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

/// The columns of an audit export in CSV, as the gateway's `/audit/export?format=csv` and
/// `workerctl audit export --format csv` write them: the reference's columns first (`at` in
/// epoch milliseconds), then the new ones.
pub const AUDIT_CSV_HEADER: [&str; 13] = [
    "at",
    "actor",
    "request_id",
    "action",
    "target",
    "status",
    "payload_hash",
    "detail",
    "role",
    "metadata",
    "id",
    "hash",
    "prev_hash",
];
