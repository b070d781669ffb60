//! The server under test and its clients come from `worker-testkit`, shared with the CLI's and
//! the dashboard's tests; reading the gRPC call counters out of the Prometheus text.

pub(crate) use worker_testkit::{TestServer, http_client, reason};

/// The gateway's Prometheus text, as a scraper reads it.
pub(crate) async fn prometheus_text(server: &TestServer) -> String {
    server
        .http("viewer")
        .get(server.url("/metrics/prometheus"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// `worker_admin_grpc_calls_total` for one method and code (0 when never recorded). The counters
/// are process-wide and tests run in parallel, so callers compare before and after.
pub(crate) fn grpc_calls(text: &str, method: &str, code: &str) -> u64 {
    let method = format!(r#"method="{method}""#);
    let code = format!(r#"code="{code}""#);
    text.lines()
        .filter(|line| line.starts_with("worker_admin_grpc_calls_total{"))
        .filter(|line| line.contains(&method) && line.contains(&code))
        .filter_map(|line| line.rsplit(' ').next()?.parse::<u64>().ok())
        .sum()
}
