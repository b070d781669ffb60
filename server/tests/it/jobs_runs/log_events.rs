//! Job-log events end to end: a real `workerd` in process (the job runner on the Docker
//! engine) runs a job that prints far more than its output cap; its output reaches
//! `StreamEvents` and the gateway's SSE as `job_log` events, filtered by kind and queue,
//! bounded in number and bytes, and never carrying the job's secret env.

use futures::StreamExt;
use worker_proto::v1 as pb;

use super::{JobHarness, RUN_WAIT};
use crate::grpc_support::TestServer;
use crate::support::eventually;

const SECRET: &str = "s3cret-0xBEEF";
const CAP: usize = 8_192;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_runs_output_reaches_the_event_stream_as_bounded_job_log_events() {
    // The harness checks busybox and the engine and makes the tarball; its own worker runs
    // nothing here (the job is in the server's store).
    let Some(h) = JobHarness::start(&[]).await else {
        return;
    };
    let cap = CAP.to_string();
    let tarballs = h.tarballs().display().to_string();
    let work = tempfile::tempdir().unwrap();
    let work_dir = work.path().display().to_string();
    let node = format!("test-{}", uuid::Uuid::now_v7().simple());
    let server = TestServer::start(&[
        ("WORKER_JOBS", "auto"),
        ("WORKER_NODE_ID", &node),
        ("WORKER_JOB_TARBALL_DIR", &tarballs),
        ("WORKER_JOB_WORKDIR", &work_dir),
        ("WORKER_JOB_MEMORY_MB", "64"),
        ("WORKER_JOB_OUTPUT_BYTES", &cap),
    ])
    .await;
    let mut admin = server.admin("admin").await;
    admin
        .upsert_job(pb::UpsertJobRequest {
            spec: Some(pb::JobSpec {
                name: "chatty".into(),
                source: "tarball_path".into(),
                tarball_path: "job.tar.gz".into(),
                command: vec![
                    "echo first; echo second >&2; i=0; while [ $i -lt 2000 ]; do \
                     echo line-$i-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx; i=$((i+1)); done"
                        .into(),
                ],
                secret_env: vec![format!("TOKEN={SECRET}")],
                timeout_seconds: 120,
                ..Default::default()
            }),
        })
        .await
        .unwrap();
    let run = admin
        .run_job(pb::RunJobRequest {
            name: "chatty".into(),
        })
        .await
        .unwrap()
        .into_inner();
    let run_id = run.task_id.clone();
    let viewer = server.admin("viewer").await;
    let done = eventually("the run to end", RUN_WAIT, || {
        let mut viewer = viewer.clone();
        let run_id = run_id.clone();
        async move {
            let runs = viewer
                .list_job_runs(pb::ListJobRunsRequest {
                    job: "chatty".into(),
                    ..Default::default()
                })
                .await
                .ok()?
                .into_inner()
                .runs;
            runs.into_iter()
                .find(|r| r.run_id == run_id && r.finished_at_ms > 0)
        }
    })
    .await;
    assert_eq!(done.status, "succeeded", "{done:?}");
    assert!(done.truncated, "the job printed past its cap: {done:?}");

    // All of the run's job_log events, as a viewer reads them.
    let stored = |kinds: Vec<String>, queues: Vec<String>| {
        let mut viewer = viewer.clone();
        async move {
            let mut stream = viewer
                .stream_events(pb::StreamEventsRequest {
                    after_id: "0".into(),
                    stored_only: true,
                    kinds,
                    queues,
                    ..Default::default()
                })
                .await
                .unwrap()
                .into_inner();
            let mut events = Vec::new();
            while let Some(event) = stream.next().await {
                events.push(event.unwrap());
            }
            events
        }
    };
    let events = stored(vec!["job_log".into()], Vec::new()).await;
    let logs: Vec<pb::JobLogChunk> = events
        .iter()
        .filter_map(|e| match &e.event {
            Some(pb::admin_event::Event::JobLog(l)) if l.task_id == run_id => Some(l.clone()),
            Some(pb::admin_event::Event::JobLog(_)) => None,
            other => panic!("a job_log filter let through {other:?}"),
        })
        .collect();
    assert!(!logs.is_empty(), "no job_log events");
    // Bounded: a few events (the cap over 4 KiB, at least 16), all of them within the cap.
    assert!(logs.len() <= 16, "{} events", logs.len());
    let bytes: usize = logs.iter().map(|l| l.data.len()).sum();
    let marker = format!("\n[output truncated: a run keeps at most {CAP} bytes of output]\n");
    assert!(bytes <= CAP + marker.len(), "{bytes} bytes of events");
    // In order, without overlaps, each about one attempt of this job.
    let mut last = 0;
    for l in &logs {
        assert!(l.seq > last && l.last_seq >= l.seq, "{l:?}");
        last = l.last_seq;
        assert_eq!((l.job.as_str(), l.attempt), ("chatty", 1), "{l:?}");
        assert_eq!(l.queue, "default");
        assert!(l.data.len() <= 4_096, "{}", l.data.len());
        assert!(!l.data.contains(SECRET));
    }
    let all: String = logs.iter().map(|l| l.data.as_str()).collect();
    assert!(all.contains("first\n"), "{all}");
    assert!(!all.contains("line-1999"), "past the cap: {all}");
    // The events reach the log's end, its truncation marker; what an event could not hold it
    // says, and GetJobRunLogs has from its seq on.
    let mut log = viewer
        .clone()
        .get_job_run_logs(pb::GetJobRunLogsRequest {
            run_id: run_id.clone(),
            follow: false,
            after_seq: 0,
        })
        .await
        .unwrap()
        .into_inner();
    let mut chunks = Vec::new();
    while let Some(chunk) = log.next().await {
        chunks.push(chunk.unwrap());
    }
    let end = chunks.last().unwrap();
    assert!(end.data.starts_with("\n[output truncated"), "{end:?}");
    assert_eq!(logs.last().unwrap().last_seq, end.seq);
    assert!(
        all.contains("[output truncated") || logs.last().unwrap().truncated,
        "{all}"
    );
    for l in &logs {
        let whole: String = chunks
            .iter()
            .filter(|c| (l.seq..=l.last_seq).contains(&c.seq))
            .map(|c| c.data.as_str())
            .collect();
        if l.truncated {
            assert!(
                whole.starts_with(&l.data) && whole.len() > l.data.len(),
                "{l:?}"
            );
        } else {
            assert_eq!(whole, l.data, "{l:?}");
        }
    }

    // Other kinds and other queues' filters leave them out.
    let others = stored(vec!["job_event".into()], Vec::new()).await;
    assert!(
        others
            .iter()
            .all(|e| !matches!(e.event, Some(pb::admin_event::Event::JobLog(_))))
    );
    let elsewhere = stored(Vec::new(), vec!["elsewhere".into()]).await;
    assert!(
        elsewhere
            .iter()
            .all(|e| !matches!(e.event, Some(pb::admin_event::Event::JobLog(_))))
    );

    // The gateway's SSE: `event: job_log` with the proto's field names in camelCase.
    let resp = server
        .http("viewer")
        .get(server.url("/events?kind=job_log&lastEventId=0"))
        .send()
        .await
        .unwrap();
    let streamed = crate::http::read_events(resp, logs.len()).await;
    for ((id, kind, data), l) in streamed.iter().zip(&logs) {
        assert!(!id.is_empty());
        assert_eq!(kind, "job_log");
        assert_eq!(data["taskId"], run_id.as_str(), "{data}");
        assert_eq!(data["job"], "chatty");
        assert_eq!(data["attempt"], 1);
        assert_eq!(data["seq"], l.seq);
        assert_eq!(data["lastSeq"], l.last_seq);
        assert_eq!(data["data"], l.data.as_str());
        assert_eq!(data["truncated"], l.truncated);
        assert!(!data.to_string().contains(SECRET));
    }
    drop(viewer);
    let mut server = server;
    server.stop().await;
    h.stop().await;
}
