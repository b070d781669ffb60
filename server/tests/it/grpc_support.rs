//! The server under test and its clients come from `worker-testkit`, shared with the CLI's and
//! the dashboard's tests.

pub(crate) use worker_testkit::{TestServer, http_client, reason};
