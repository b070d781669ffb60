//! The `worker.v1` wire contract and what every side of it agrees on: the generated messages,
//! clients and servers of `AdminService` and `TaskService` (`v1`), who may call what
//! (`access`), which actions a task's state allows (`lifecycle`), the names of event kinds
//! (`events`), the filter language of listings and bulk actions (`filter`) and the audit
//! export's CSV layout (`audit`). `workerd`, `workerctl` and the
//! dashboard all read these, so none of them keeps its own copy.
//!
//! `v1` is generated from `proto/worker/v1/*.proto` at build time; edit the `.proto` files,
//! never the output. Proto types stay at the edges: servers and clients convert them in one
//! module each.

pub mod access;
pub mod audit;
pub mod events;
pub mod filter;
pub mod lifecycle;

#[allow(
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
