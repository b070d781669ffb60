//! `queue history` and `overview --range`: outcomes over 15m, 24h or 30d against the window
//! before, from a real server whose worker runs the tasks.

use crate::support::{Server, code, eventually, stderr};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queue_history_and_the_overview_range() {
    let server = Server::start(&[], true).await;
    for _ in 0..2 {
        server
            .ok(
                "operator",
                &["task", "enqueue", "noop", "--queue", "default"],
            )
            .await;
    }
    server
        .ok(
            "operator",
            &[
                "task",
                "enqueue",
                "fail",
                "--queue",
                "jobs",
                "--max-retries",
                "0",
            ],
        )
        .await;
    eventually("the tasks to finish", || async {
        let o = server.json("viewer", &["overview"]).await;
        o["succeeded"] == 2 && o["dead"] == 1
    })
    .await;

    let day = server
        .json("viewer", &["queue", "history", "default"])
        .await;
    assert_eq!(day["queue"], "default");
    assert_eq!(day["range"], "24h");
    assert_eq!(day["step"], "15m");
    assert_eq!(
        (day["succeeded"].as_i64(), day["dead"].as_i64()),
        (Some(2), Some(0))
    );
    assert_eq!(day["previous_succeeded"], 0);
    assert_eq!(day["points"].as_array().unwrap().len(), 96);

    let table = server
        .ok("viewer", &["queue", "history", "jobs", "--range", "30d"])
        .await;
    let mut settings = insta::Settings::clone_current();
    // Where in the window the outcomes land moves with the clock.
    settings.add_filter(r"(?m)[ ▁▂▃▄▅▆▇█]+$", " [sparkline]");
    settings.bind(|| insta::assert_snapshot!("queue_history_30d_table", table));

    let month = server.json("viewer", &["overview", "--range", "30d"]).await;
    let h = &month["history"];
    assert_eq!(
        (h["queue"].as_str(), h["range"].as_str()),
        (Some(""), Some("30d"))
    );
    assert_eq!(
        (h["succeeded"].as_i64(), h["dead"].as_i64()),
        (Some(2), Some(1))
    );
    assert_eq!(h["points"].as_array().unwrap().len(), 120);
    let plain = server.json("viewer", &["overview"]).await;
    assert!(plain.get("history").is_none(), "no range, no history");
    let overview = server.ok("viewer", &["overview", "--range", "15m"]).await;
    assert!(
        overview.contains("Last 15 minutes against the 15 before:"),
        "{overview}"
    );

    // A range clap does not know, and a queue the server does not know.
    let bad = server
        .run("viewer", &["queue", "history", "default", "--range", "1y"])
        .await;
    assert_eq!(code(&bad), 2, "{}", stderr(&bad));
    let missing = server.run("viewer", &["queue", "history", "nowhere"]).await;
    assert_ne!(code(&missing), 0);
    assert!(
        stderr(&missing).contains("queue nowhere not found"),
        "{}",
        stderr(&missing)
    );
}
