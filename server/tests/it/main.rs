//! Integration tests of `worker-server`, one binary: the store conformance suite, the worker
//! runtime on a real store, and the crash test of the `workerd` process.

mod binary;
mod cluster;
mod crash;
mod grpc;
mod grpc_support;
mod http;
mod requirements;
mod runtime;
mod store_conformance;
mod support;
