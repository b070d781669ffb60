//! Integration tests of `worker-server`, one binary: the store conformance suite, the worker
//! runtime on a real store, and the crash test of the `workerd` process.

mod crash;
mod runtime;
mod store_conformance;
mod support;
