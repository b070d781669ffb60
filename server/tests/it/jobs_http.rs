//! The gateway's job routes over HTTPS with client certificates: go-worker's JSON for jobs and
//! runs with secrets redacted, a run cancelled and its log followed as server-sent events to
//! its `end`, and artifacts (a redirect for a URL, the file with ranges for a path, refusals for
//! git, a missing file and a link out of the tarball directory).

use futures::StreamExt;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::grpc_support::TestServer;

const SECRET: &str = "s3cret-value-0xBEEF";
const SHA: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

async fn body(resp: reqwest::Response) -> (StatusCode, Value) {
    let status = resp.status();
    let text = resp.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn post(
    client: &reqwest::Client,
    server: &TestServer,
    path: &str,
    v: Value,
) -> (StatusCode, Value) {
    body(client.post(server.url(path)).json(&v).send().await.unwrap()).await
}

async fn get(client: &reqwest::Client, server: &TestServer, path: &str) -> (StatusCode, Value) {
    body(client.get(server.url(path)).send().await.unwrap()).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jobs_and_runs_read_as_the_reference_with_secrets_redacted_and_a_log_followed_to_its_end() {
    let server = TestServer::start_with(&[], true).await;
    let admin = server.http("admin");
    let operator = server.http("operator");
    let viewer = server.http("viewer");

    let (status, created) = post(
        &admin,
        &server,
        "/jobs",
        json!({
            "name": "site",
            "tarballPath": "site.tar.gz",
            "command": ["make", "all"],
            "env": ["MODE=release"],
            "secretEnv": [format!("TOKEN={SECRET}")],
            "memoryMb": 64,
        }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{created}");
    let job = &created["job"];
    assert_eq!(job["source"], "tarball_path");
    assert_eq!(job["secretEnv"], json!(["TOKEN=[redacted]"]));
    assert_eq!(job["env"], json!(["MODE=release"]));
    assert_eq!(job["memoryMb"], 64);
    // The reference always has repo and tag, and leaves out what is empty.
    assert_eq!(
        (job["repo"].as_str(), job["tag"].as_str()),
        (Some(""), Some(""))
    );
    assert!(
        job.get("tarballUrl").is_none() && job.get("cpus").is_none(),
        "{job}"
    );
    assert!(job["createdAtMs"].as_i64().unwrap() > 0);

    let (_, listed) = get(&viewer, &server, "/jobs").await;
    assert_eq!(listed["jobs"].as_array().unwrap().len(), 1);
    let (_, one) = get(&viewer, &server, "/jobs/site").await;
    assert_eq!(one["job"]["name"], "site");
    assert!(!format!("{listed}{one}").contains(SECRET));

    let (status, ran) = post(&operator, &server, "/jobs/site/run", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{ran}");
    let run_id = ran["taskId"].as_str().unwrap().to_string();
    assert_eq!(ran["run"]["status"], "queued");
    assert_eq!(ran["run"]["spec"]["secretEnv"], json!(["TOKEN=[redacted]"]));
    for path in ["/jobs/runs?job=site&status=queued", "/jobs/site/runs"] {
        let (status, runs) = get(&viewer, &server, path).await;
        assert_eq!(status, StatusCode::OK, "{runs}");
        assert_eq!(runs["runs"][0]["runId"], run_id.as_str(), "{path}: {runs}");
        assert_eq!(runs["nextCursor"], "");
    }
    let (_, run) = get(&viewer, &server, &format!("/jobs/runs/{run_id}")).await;
    assert_eq!(run["run"]["trigger"], "manual");
    let (_, log) = get(&viewer, &server, &format!("/jobs/runs/{run_id}/logs")).await;
    assert_eq!(log["chunks"], json!([]));

    let (status, cancelled) = post(
        &operator,
        &server,
        &format!("/jobs/runs/{run_id}/cancel"),
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{cancelled}");
    assert_eq!(cancelled["outcome"], "cancelled");
    assert_eq!(cancelled["run"]["status"], "cancelled");

    // The follow of an ended run sends its `end` with the run, then closes.
    let resp = viewer
        .get(server.url(&format!("/jobs/runs/{run_id}/logs/follow")))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(
        resp.headers()[reqwest::header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream")
    );
    let mut text = String::new();
    let mut bytes = resp.bytes_stream();
    while let Some(chunk) = bytes.next().await {
        text.push_str(&String::from_utf8_lossy(&chunk.unwrap()));
    }
    assert!(text.contains("event: end"), "{text}");
    assert!(text.contains("\"status\":\"cancelled\""), "{text}");

    let (_, events) = get(&viewer, &server, "/jobs/events?name=site").await;
    let statuses: Vec<&str> = events["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["cancelled", "queued"]);
    // The operator event stream carries them as `event: job_event` (issue 14).
    let resp = viewer
        .get(server.url("/events?kind=job_event&lastEventId=0"))
        .send()
        .await
        .unwrap();
    let streamed = crate::http::read_events(resp, 2).await;
    let seen: Vec<(&str, &str)> = streamed
        .iter()
        .map(|(_, kind, data)| (kind.as_str(), data["status"].as_str().unwrap()))
        .collect();
    assert_eq!(seen, [("job_event", "queued"), ("job_event", "cancelled")]);
    for (id, _, data) in &streamed {
        assert!(!id.is_empty());
        assert_eq!(data["taskId"], run_id.as_str(), "{data}");
        assert_eq!(data["name"], "site", "{data}");
        assert_eq!(data["queue"], "default", "{data}");
        assert_eq!(data["metadata"]["attempt"], "1", "{data}");
        assert!(!data.to_string().contains(SECRET), "{data}");
    }

    // Refusals read as the service's, with their reasons.
    let (status, err) = post(
        &admin,
        &server,
        "/jobs",
        json!({"name": "x", "tarballPath": "a.tgz", "env": ["HOME"]}),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(err["error"]["reason"], "invalid_job_env");
    let (status, err) = post(&admin, &server, "/jobs", json!({"name": "x", "bogus": 1})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    let (status, err) = get(&viewer, &server, "/jobs/runs?status=sleepy").await;
    assert_eq!(
        (status, err["error"]["reason"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_job_run_status"))
    );
    let (status, err) = get(
        &viewer,
        &server,
        "/jobs/runs/0190c7c8-0000-7000-8000-000000000000/logs/follow",
    )
    .await;
    assert_eq!(
        (status, err["error"]["reason"].as_str()),
        (StatusCode::NOT_FOUND, Some("job_run_not_found"))
    );

    let (status, deleted) =
        body(admin.delete(server.url("/jobs/site")).send().await.unwrap()).await;
    assert_eq!(
        (status, deleted),
        (StatusCode::OK, json!({"deleted": true}))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn artifacts_redirect_for_a_url_stream_a_file_with_ranges_and_refuse_git_and_escapes() {
    let tarballs = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let content: Vec<u8> = (0..=255u8).cycle().take(100_000).collect();
    std::fs::write(tarballs.path().join("site.tar.gz"), &content).unwrap();
    std::fs::write(outside.path().join("secret.tar.gz"), b"not yours").unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.tar.gz"),
        tarballs.path().join("link.tar.gz"),
    )
    .unwrap();
    let dir = tarballs.path().display().to_string();
    let server = TestServer::start_with(&[("WORKER_JOB_TARBALL_DIR", dir.as_str())], true).await;
    let admin = server.http("admin");
    let viewer = server.http("viewer");
    for job in [
        json!({"name": "file", "tarballPath": "site.tar.gz", "tarballSha256": SHA}),
        json!({"name": "link", "tarballPath": "link.tar.gz"}),
        json!({"name": "gone", "tarballPath": "gone.tar.gz"}),
        json!({"name": "url", "tarballUrl": "https://files.example.com/r/site-1.2.tgz?sig=x"}),
        json!({"name": "git", "repo": "https://git.example.com/site.git", "tag": "v1.0.0"}),
    ] {
        let (status, r) = post(&admin, &server, "/jobs", job).await;
        assert_eq!(status, StatusCode::OK, "{r}");
    }

    let (status, meta) = get(&viewer, &server, "/jobs/file/artifact/meta").await;
    assert_eq!(status, StatusCode::OK, "{meta}");
    assert_eq!(
        meta["artifact"],
        json!({"name": "file", "source": "tarball_path", "downloadable": true,
               "filename": "site.tar.gz", "sizeBytes": content.len(), "sha256": SHA})
    );
    let resp = viewer
        .get(server.url("/jobs/file/artifact"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let h = resp.headers().clone();
    assert_eq!(h["content-type"], "application/gzip");
    assert_eq!(h["cache-control"], "no-store");
    assert_eq!(h["x-tarball-sha256"], SHA);
    assert_eq!(
        h["content-disposition"],
        "attachment; filename=\"site.tar.gz\""
    );
    assert_eq!(resp.bytes().await.unwrap().as_ref(), content.as_slice());
    let resp = viewer
        .get(server.url("/jobs/file/artifact"))
        .header("range", "bytes=70000-70009")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        resp.headers()["content-range"],
        format!("bytes 70000-70009/{}", content.len()).as_str()
    );
    assert_eq!(
        resp.bytes().await.unwrap().as_ref(),
        &content[70_000..70_010]
    );
    let resp = viewer
        .get(server.url("/jobs/file/artifact"))
        .header("range", "bytes=999999-")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::RANGE_NOT_SATISFIABLE);

    // A URL's artifact is a redirect, not fetched by the gateway.
    let (_, meta) = get(&viewer, &server, "/jobs/url/artifact/meta").await;
    assert_eq!(
        meta["artifact"]["redirectUrl"],
        "https://files.example.com/r/site-1.2.tgz?sig=x"
    );
    assert_eq!(meta["artifact"]["filename"], "site-1.2.tgz");
    let pki = &server.pki;
    let no_redirects = {
        let who = &pki.clients["viewer"];
        let pem = format!("{}{}", who.cert_pem, who.key_pem);
        reqwest::Client::builder()
            .use_rustls_tls()
            .add_root_certificate(
                reqwest::Certificate::from_pem(pki.ca.cert_pem.as_bytes()).unwrap(),
            )
            .identity(reqwest::Identity::from_pem(pem.as_bytes()).unwrap())
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
    };
    let resp = no_redirects
        .get(server.url("/jobs/url/artifact"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(
        resp.headers()["location"],
        "https://files.example.com/r/site-1.2.tgz?sig=x"
    );

    for (path, status, reason) in [
        (
            "/jobs/git/artifact/meta",
            StatusCode::BAD_REQUEST,
            "artifact_unsupported",
        ),
        (
            "/jobs/git/artifact",
            StatusCode::BAD_REQUEST,
            "artifact_unsupported",
        ),
        (
            "/jobs/link/artifact",
            StatusCode::NOT_FOUND,
            "artifact_not_found",
        ),
        (
            "/jobs/link/artifact/meta",
            StatusCode::NOT_FOUND,
            "artifact_not_found",
        ),
        (
            "/jobs/gone/artifact",
            StatusCode::NOT_FOUND,
            "artifact_not_found",
        ),
        (
            "/jobs/nope/artifact",
            StatusCode::NOT_FOUND,
            "job_not_found",
        ),
    ] {
        let (got, err) = get(&viewer, &server, path).await;
        assert_eq!(
            (got, err["error"]["reason"].as_str()),
            (status, Some(reason)),
            "{path}: {err}"
        );
        assert!(!format!("{err}").contains("not yours"));
    }
}
