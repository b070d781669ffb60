//! Cron schedules over real mutual TLS: the schedule RPCs (create and its refusals, list and
//! get with the next run, pause and resume, run now under the run cap with its audited refusal,
//! pause all, delete keeping the factory, permissions per role) and the gateway's routes with
//! go-worker's JSON and derived fields.

use std::time::Duration;

use futures::StreamExt;
use reqwest::StatusCode;
use serde_json::{Value, json};
use tonic::transport::Channel;
use tonic::{Code, Request};
use worker_proto::v1 as pb;
use worker_proto::v1::admin_service_client::AdminServiceClient;

use crate::grpc_support::{TestServer, reason};

const WAIT: Duration = Duration::from_secs(20);

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

/// Waits until a live worker has registered `handler`, so a schedule may name it: follows
/// `worker_joined` events (subscribed before looking, so none is missed) instead of sleeping.
pub(crate) async fn wait_for_factory(server: &TestServer, handler: &str) {
    let mut admin = server.admin("viewer").await;
    let mut joins = admin
        .stream_events(pb::StreamEventsRequest {
            kinds: vec!["worker_joined".into()],
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let factories = admin
            .list_schedule_factories(pb::ListScheduleFactoriesRequest {})
            .await
            .unwrap()
            .into_inner()
            .factories;
        if factories.iter().any(|f| f.name == handler) {
            return;
        }
        tokio::time::timeout_at(deadline, joins.next())
            .await
            .unwrap_or_else(|_| panic!("no worker registered {handler} in time"));
    }
}

fn nightly(spec: &str) -> pb::CreateScheduleRequest {
    pb::CreateScheduleRequest {
        name: "nightly".into(),
        spec: spec.into(),
        durable: true,
        timezone: "Europe/Paris".into(),
        handler: "noop".into(),
        payload: b"hi".to_vec(),
        metadata: [("team".to_string(), "ops".to_string())].into(),
        ..Default::default()
    }
}

/// `(action, status, detail)` of the audit entries on `target`, newest first.
async fn audit(
    admin: &mut AdminServiceClient<Channel>,
    target: &str,
) -> Vec<(String, String, String)> {
    admin
        .list_audit_events(pb::ListAuditEventsRequest {
            target: target.into(),
            limit: 100,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .events
        .into_iter()
        .map(|e| (e.action, e.status, e.detail))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schedules_over_grpc_from_create_to_delete() {
    let server = TestServer::start(&[("WORKER_ADMIN_SCHEDULE_RUN_MAX", "2")]).await;
    wait_for_factory(&server, "noop").await;
    let mut admin = server.admin("admin").await;
    let mut operator = server.admin("operator").await;
    let mut viewer = server.admin("viewer").await;

    // Refusals change nothing and say why.
    let refusals = [
        (
            pb::CreateScheduleRequest {
                name: "bad name".into(),
                ..nightly("@daily")
            },
            Code::InvalidArgument,
            "invalid_schedule_name",
        ),
        (nightly("61 * * * *"), Code::InvalidArgument, "invalid_spec"),
        (
            pb::CreateScheduleRequest {
                timezone: "Mars/Olympus".into(),
                ..nightly("@daily")
            },
            Code::InvalidArgument,
            "invalid_timezone",
        ),
        (
            pb::CreateScheduleRequest {
                max_retries: Some(-1),
                ..nightly("@daily")
            },
            Code::InvalidArgument,
            "invalid_max_retries",
        ),
        (
            pb::CreateScheduleRequest {
                misfire: "whenever".into(),
                ..nightly("@daily")
            },
            Code::InvalidArgument,
            "invalid_misfire",
        ),
        (
            pb::CreateScheduleRequest {
                handler: "nobody-runs-this".into(),
                ..nightly("@daily")
            },
            Code::FailedPrecondition,
            "schedule_factory_not_found",
        ),
    ];
    for (req, code, expected) in refusals {
        let err = admin.create_schedule(req).await.unwrap_err();
        assert_eq!(
            (err.code(), reason(&err)),
            (code, expected.to_string()),
            "{err:?}"
        );
    }
    let listed = admin
        .list_schedules(pb::ListSchedulesRequest {})
        .await
        .unwrap()
        .into_inner();
    assert!(listed.schedules.is_empty(), "{listed:?}");

    // Create, then replace.
    let before = now_ms();
    let created = admin
        .create_schedule(nightly("0 3 * * *"))
        .await
        .unwrap()
        .into_inner();
    assert!(created.created);
    let entry = created.schedule.unwrap();
    assert_eq!(
        (
            entry.name.as_str(),
            entry.spec.as_str(),
            entry.timezone.as_str(),
            entry.handler.as_str(),
            entry.durable,
            entry.paused,
            entry.max_retries,
            entry.misfire.as_str(),
            entry.overlap.as_str(),
        ),
        (
            "nightly",
            "0 3 * * *",
            "Europe/Paris",
            "noop",
            true,
            false,
            -1,
            "skip",
            "allow"
        )
    );
    assert!(entry.next_run_ms > before, "{entry:?}");
    assert!(entry.next_run_ms <= before + 25 * 3_600_000, "{entry:?}");
    assert_eq!(
        (entry.payload.as_slice(), entry.payload_redacted),
        (&b"hi"[..], false)
    );
    let replaced = admin
        .create_schedule(nightly("30 4 * * *"))
        .await
        .unwrap()
        .into_inner();
    assert!(!replaced.created);
    let trail = audit(&mut admin, "nightly").await;
    assert_eq!(trail.len(), 7, "five refusals and two writes: {trail:?}");
    assert_eq!(
        (trail[0].0.as_str(), trail[0].1.as_str()),
        ("schedule.create", "ok")
    );
    assert!(
        trail[0].2.starts_with("replaced:")
            && trail[0].2.contains("spec \"0 3 * * *\" -> \"30 4 * * *\""),
        "{trail:?}"
    );
    assert!(trail[1].2.starts_with("created:"), "{trail:?}");
    assert!(
        trail[2..].iter().all(|(_, status, _)| status == "error"),
        "{trail:?}"
    );

    // Read: viewers see the payload's size, not its bytes.
    let seen = viewer
        .list_schedules(pb::ListSchedulesRequest {})
        .await
        .unwrap()
        .into_inner()
        .schedules;
    assert_eq!(seen.len(), 1);
    assert_eq!(
        (
            seen[0].payload.is_empty(),
            seen[0].payload_redacted,
            seen[0].payload_size
        ),
        (true, true, 2)
    );
    assert!(!seen[0].description.is_empty());
    let got = viewer
        .get_schedule(pb::GetScheduleRequest {
            name: "nightly".into(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(got.schedule.unwrap().spec, "30 4 * * *");
    let err = viewer
        .get_schedule(pb::GetScheduleRequest {
            name: "ghost".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err)),
        (Code::NotFound, "schedule_not_found".into())
    );

    // Pause and resume (operators may): no next run while paused.
    let paused = operator
        .pause_schedule(pb::PauseScheduleRequest {
            name: "nightly".into(),
            paused: true,
        })
        .await
        .unwrap()
        .into_inner()
        .schedule
        .unwrap();
    assert_eq!((paused.paused, paused.next_run_ms), (true, 0));
    let resumed = operator
        .pause_schedule(pb::PauseScheduleRequest {
            name: "nightly".into(),
            paused: false,
        })
        .await
        .unwrap()
        .into_inner()
        .schedule
        .unwrap();
    assert!(!resumed.paused && resumed.next_run_ms > 0, "{resumed:?}");
    let trail = audit(&mut admin, "nightly").await;
    assert_eq!(
        (trail[0].0.as_str(), trail[1].0.as_str()),
        ("schedule.resume", "schedule.pause")
    );

    // Run now: a task carrying the schedule's name, twice; the third is over the cap of 2.
    // The event stream, opened first, carries the runs' events.
    let mut stream = viewer
        .stream_events(pb::StreamEventsRequest {
            kinds: vec!["schedule_event".into()],
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let mut runs = Vec::new();
    for _ in 0..2 {
        let id = operator
            .run_schedule(pb::RunScheduleRequest {
                name: "nightly".into(),
            })
            .await
            .unwrap()
            .into_inner()
            .task_id;
        let task = admin
            .get_task(pb::GetTaskRequest { id: id.clone() })
            .await
            .unwrap()
            .into_inner()
            .task
            .unwrap();
        assert_eq!(
            task.metadata
                .get("worker.schedule.name")
                .map(String::as_str),
            Some("nightly"),
            "{task:?}"
        );
        assert_eq!(task.metadata.get("team").map(String::as_str), Some("ops"));
        runs.push(id);
    }
    let err = operator
        .run_schedule(pb::RunScheduleRequest {
            name: "nightly".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err)),
        (Code::ResourceExhausted, "schedule_run_limited".into())
    );
    let first = loop {
        let event = tokio::time::timeout(WAIT, stream.next())
            .await
            .expect("a schedule event in time")
            .expect("the stream stays open")
            .unwrap();
        if let Some(pb::admin_event::Event::ScheduleEvent(e)) = event.event
            && e.status == "fired"
            && e.trigger == "manual"
        {
            break e;
        }
    };
    assert_eq!(
        (
            first.task_id.as_str(),
            first.name.as_str(),
            first.trigger.as_str()
        ),
        (runs[0].as_str(), "nightly", "manual")
    );
    let trail = audit(&mut admin, "nightly").await;
    assert_eq!(
        (trail[0].0.as_str(), trail[0].1.as_str()),
        ("schedule.run", "error")
    );
    assert!(trail[0].2.contains("ResourceExhausted"), "{trail:?}");
    assert_eq!(
        (trail[1].0.as_str(), trail[1].1.as_str(), trail[1].2.clone()),
        ("schedule.run", "ok", format!("task {}", runs[1]))
    );
    let events = viewer
        .list_schedule_events(pb::ListScheduleEventsRequest {
            name: "nightly".into(),
            limit: 0,
        })
        .await
        .unwrap()
        .into_inner()
        .events;
    let manual: Vec<&str> = events
        .iter()
        .filter(|e| e.trigger == "manual" && e.status == "fired")
        .map(|e| e.task_id.as_str())
        .collect();
    assert_eq!(
        manual,
        [runs[1].as_str(), runs[0].as_str()],
        "newest first: {events:?}"
    );
    let err = viewer
        .list_schedule_events(pb::ListScheduleEventsRequest {
            name: "no\0pe".into(),
            limit: -3,
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::InvalidArgument);

    // Pause all and resume all: how many changed.
    let all = operator
        .pause_schedules(pb::PauseSchedulesRequest { paused: true })
        .await
        .unwrap()
        .into_inner();
    assert_eq!((all.updated, all.paused), (1, true));
    let again = operator
        .pause_schedules(pb::PauseSchedulesRequest { paused: true })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(again.updated, 0);
    let all = operator
        .pause_schedules(pb::PauseSchedulesRequest { paused: false })
        .await
        .unwrap()
        .into_inner();
    assert_eq!((all.updated, all.paused), (1, false));
    assert_eq!(audit(&mut admin, "*").await[0].0, "schedule.resume_all");

    // Permissions: viewers read, operators pause and run, admins create and delete.
    let err = viewer
        .pause_schedule(pb::PauseScheduleRequest {
            name: "nightly".into(),
            paused: true,
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::PermissionDenied);
    for err in [
        operator
            .create_schedule(nightly("@hourly"))
            .await
            .unwrap_err(),
        operator
            .delete_schedule(pb::DeleteScheduleRequest {
                name: "nightly".into(),
            })
            .await
            .unwrap_err(),
    ] {
        assert_eq!(
            (err.code(), reason(&err)),
            (Code::PermissionDenied, "permission_denied".into())
        );
    }

    // Delete: gone, its factory stays, so it can be created again.
    let deleted = admin
        .delete_schedule(pb::DeleteScheduleRequest {
            name: "nightly".into(),
        })
        .await
        .unwrap()
        .into_inner();
    assert!(deleted.deleted);
    let again = admin
        .delete_schedule(pb::DeleteScheduleRequest {
            name: "nightly".into(),
        })
        .await
        .unwrap()
        .into_inner();
    assert!(!again.deleted);
    let err = admin
        .get_schedule(pb::GetScheduleRequest {
            name: "nightly".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::NotFound);
    let factories = viewer
        .list_schedule_factories(pb::ListScheduleFactoriesRequest {})
        .await
        .unwrap()
        .into_inner()
        .factories;
    assert!(
        factories
            .iter()
            .any(|f| f.name == "noop" && f.durable && f.origin == "handler"),
        "{factories:?}"
    );
    assert!(
        admin
            .create_schedule(nightly("@hourly"))
            .await
            .unwrap()
            .into_inner()
            .created
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_now_needs_approval_when_the_policy_asks_for_it() {
    let server = TestServer::start(&[
        ("WORKER_ADMIN_REQUIRE_APPROVAL", "true"),
        ("WORKER_ADMIN_APPROVAL_TOKEN", "let-me"),
    ])
    .await;
    wait_for_factory(&server, "noop").await;
    let mut admin = server.admin("admin").await;
    admin.create_schedule(nightly("@daily")).await.unwrap();
    let run = |token: Option<&str>| {
        let mut req = Request::new(pb::RunScheduleRequest {
            name: "nightly".into(),
        });
        if let Some(token) = token {
            req.metadata_mut()
                .insert("x-admin-approval", token.parse().unwrap());
        }
        req
    };
    let err = admin.run_schedule(run(None)).await.unwrap_err();
    assert_eq!(reason(&err), "approval_required");
    let id = admin
        .run_schedule(run(Some("let-me")))
        .await
        .unwrap()
        .into_inner()
        .task_id;
    assert!(!id.is_empty());
}

/// Makes the audit table unwritable (a trigger on the real file stands in for a full disk);
/// dropping the trigger makes it writable again.
fn break_audit(conn: &rusqlite::Connection) {
    conn.execute_batch(
        "CREATE TRIGGER audit_disk_full BEFORE INSERT ON audit
         BEGIN SELECT RAISE(ABORT, 'disk full'); END;",
    )
    .unwrap();
}

/// Issue 12, item 2: with the audit log unwritable, every schedule change (create, replace,
/// pause, pause all, delete, run now) answers `Unavailable` (`audit_unavailable`) and changes
/// nothing; once it is writable again, each change is written with an entry saying what it did.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schedule_changes_whose_audit_entry_cannot_be_written_fail_and_change_nothing() {
    let server = TestServer::start(&[]).await;
    wait_for_factory(&server, "noop").await;
    let mut admin = server.admin("admin").await;
    // Once a year, so no fire makes a task while the test looks.
    admin.create_schedule(nightly("0 0 1 1 *")).await.unwrap();
    let conn = rusqlite::Connection::open(server.data_dir().join("worker.db")).unwrap();
    break_audit(&conn);
    let unavailable = |err: tonic::Status| {
        assert_eq!(
            (err.code(), reason(&err)),
            (Code::Unavailable, "audit_unavailable".to_string()),
            "{err:?}"
        );
    };
    let weekly = pb::CreateScheduleRequest {
        name: "weekly".into(),
        ..nightly("0 0 * * 1")
    };
    unavailable(admin.create_schedule(weekly.clone()).await.unwrap_err());
    unavailable(
        admin
            .create_schedule(nightly("30 4 1 1 *"))
            .await
            .unwrap_err(),
    );
    let pause = |paused| pb::PauseScheduleRequest {
        name: "nightly".into(),
        paused,
    };
    unavailable(admin.pause_schedule(pause(true)).await.unwrap_err());
    unavailable(
        admin
            .pause_schedules(pb::PauseSchedulesRequest { paused: true })
            .await
            .unwrap_err(),
    );
    let delete = pb::DeleteScheduleRequest {
        name: "nightly".into(),
    };
    unavailable(admin.delete_schedule(delete.clone()).await.unwrap_err());
    let run = pb::RunScheduleRequest {
        name: "nightly".into(),
    };
    unavailable(admin.run_schedule(run.clone()).await.unwrap_err());
    // Nothing changed: no weekly, nightly as it was, unpaused, and no task made.
    let schedules = admin
        .list_schedules(pb::ListSchedulesRequest {})
        .await
        .unwrap()
        .into_inner()
        .schedules;
    assert_eq!(schedules.len(), 1, "{schedules:?}");
    assert_eq!(
        (
            schedules[0].name.as_str(),
            schedules[0].spec.as_str(),
            schedules[0].paused
        ),
        ("nightly", "0 0 1 1 *", false)
    );
    // (The server's demo tasks are there; none was made by a schedule.)
    let tasks = admin
        .list_tasks(pb::ListTasksRequest {
            limit: 1_000,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .tasks;
    assert!(
        tasks
            .iter()
            .all(|t| !t.metadata.contains_key("worker.schedule.name")),
        "{tasks:?}"
    );
    let events = admin
        .list_schedule_events(pb::ListScheduleEventsRequest::default())
        .await
        .unwrap()
        .into_inner()
        .events;
    assert!(events.is_empty(), "{events:?}");

    // Writable again: each change is written with its entry, which says what it did.
    conn.execute_batch("DROP TRIGGER audit_disk_full").unwrap();
    admin.create_schedule(weekly).await.unwrap();
    admin.pause_schedule(pause(true)).await.unwrap();
    admin
        .pause_schedules(pb::PauseSchedulesRequest { paused: false })
        .await
        .unwrap();
    let task = admin.run_schedule(run).await.unwrap().into_inner().task_id;
    admin.delete_schedule(delete.clone()).await.unwrap();
    admin.delete_schedule(delete).await.unwrap();
    let ok = |trail: Vec<(String, String, String)>| -> Vec<(String, String)> {
        trail
            .into_iter()
            .filter(|(_, status, _)| status == "ok")
            .map(|(action, _, detail)| (action, detail))
            .collect()
    };
    let nightly_trail = ok(audit(&mut admin, "nightly").await);
    let actions: Vec<&str> = nightly_trail.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(
        actions,
        [
            "schedule.delete",
            "schedule.delete",
            "schedule.run",
            "schedule.pause",
            "schedule.create"
        ],
        "{nightly_trail:?}"
    );
    assert_eq!(nightly_trail[0].1, "no such schedule");
    assert_eq!(nightly_trail[1].1, "deleted");
    assert_eq!(nightly_trail[2].1, format!("task {task}"));
    assert_eq!(nightly_trail[3].1, "paused");
    let weekly_trail = ok(audit(&mut admin, "weekly").await);
    assert_eq!(weekly_trail.len(), 1, "{weekly_trail:?}");
    assert!(
        weekly_trail[0].1.starts_with("created: spec \"0 0 * * 1\""),
        "{weekly_trail:?}"
    );
    // Resuming both (nightly paused, weekly new and running): one changed.
    let all = ok(audit(&mut admin, "*").await);
    assert_eq!(
        all,
        [("schedule.resume_all".to_string(), "resumed 1".to_string())]
    );
}

/// The keys of a JSON object, sorted.
fn keys(value: &Value) -> Vec<String> {
    let mut keys: Vec<String> = value
        .as_object()
        .unwrap_or_else(|| panic!("an object: {value}"))
        .keys()
        .cloned()
        .collect();
    keys.sort();
    keys
}

async fn call(req: reqwest::RequestBuilder) -> (StatusCode, Value) {
    let resp = req.send().await.unwrap();
    let status = resp.status();
    let text = resp.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schedules_over_http_have_the_reference_shapes() {
    let server = TestServer::start(&[]).await;
    wait_for_factory(&server, "noop").await;
    let admin = server.http("admin");
    let viewer = server.http("viewer");

    let (status, body) = call(admin.post(server.url("/schedules")).json(&json!({
        "name": "report", "spec": "0 0 1 1 *", "durable": true, "handler": "noop",
        "payload": "hello", "maxRetries": 2, "misfire": "catch_up", "catchUpMax": 3,
    })))
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["created"], true);
    let schedule = &body["schedule"];
    for key in [
        // go-worker's keys.
        "name",
        "schedule",
        "nextRun",
        "lastRun",
        "nextRunMs",
        "lastRunMs",
        "status",
        "paused",
        "durable",
        // Ours.
        "timezone",
        "handler",
        "queue",
        "priority",
        "maxRetries",
        "timeoutMs",
        "metadata",
        "misfire",
        "catchUpMax",
        "overlap",
        "jitterMs",
        "lastStatus",
        "lastTaskId",
        "description",
        "createdAtMs",
        "updatedAtMs",
        "payloadBase64",
        "payloadRedacted",
        "payloadSize",
    ] {
        assert!(schedule.get(key).is_some(), "{key} in {schedule}");
    }
    assert_eq!(
        (
            &schedule["schedule"],
            &schedule["status"],
            &schedule["lastRun"],
            &schedule["maxRetries"],
            &schedule["misfire"],
            &schedule["catchUpMax"],
            &schedule["payloadBase64"],
        ),
        (
            &json!("0 0 1 1 *"),
            &json!("healthy"),
            &json!("n/a"),
            &json!(2),
            &json!("catch_up"),
            &json!(3),
            &json!("aGVsbG8="),
        )
    );
    let next_run = schedule["nextRun"].as_str().unwrap();
    assert!(next_run.starts_with("in "), "{next_run}");

    let (status, body) = call(viewer.get(server.url("/schedules"))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(keys(&body), ["schedules"]);
    let listed = &body["schedules"][0];
    assert_eq!(
        (&listed["name"], &listed["payloadRedacted"]),
        (&json!("report"), &json!(true))
    );
    assert!(listed.get("payloadBase64").is_none(), "{listed}");

    // Pause: an empty body pauses; the derived fields follow.
    let (status, body) = call(admin.post(server.url("/schedules/report/pause"))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (
            &body["schedule"]["status"],
            &body["schedule"]["nextRun"],
            &body["schedule"]["nextRunMs"]
        ),
        (&json!("paused"), &json!("n/a"), &json!(0))
    );
    let (_, body) = call(
        admin
            .post(server.url("/schedules/report/pause"))
            .json(&json!({"paused": false})),
    )
    .await;
    assert_eq!(body["schedule"]["status"], "healthy");

    let (status, body) = call(admin.post(server.url("/schedules/report/run"))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(keys(&body), ["taskId"]);
    let task_id = body["taskId"].as_str().unwrap().to_string();
    let (_, body) = call(viewer.get(server.url("/schedules/report"))).await;
    assert_eq!(keys(&body), ["events", "schedule"]);
    assert_eq!(body["schedule"]["lastTaskId"], task_id.as_str());
    assert!(
        body["schedule"]["lastRun"]
            .as_str()
            .unwrap()
            .ends_with(" ago"),
        "{body}"
    );

    let (status, body) =
        call(viewer.get(server.url("/schedules/events?name=report&limit=200"))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let event = body["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["taskId"] == task_id.as_str() && e["status"] == "fired")
        .unwrap_or_else(|| panic!("the run's event in {body}"))
        .clone();
    for key in [
        "taskId",
        "name",
        "spec",
        "durable",
        "status",
        "queue",
        "startedAtMs",
        "finishedAtMs",
        "durationMs",
        "result",
        "error",
        "trigger",
        "fireAtMs",
        "atMs",
        "handler",
        "attempt",
    ] {
        assert!(event.get(key).is_some(), "{key} in {event}");
    }
    assert_eq!(
        (&event["trigger"], &event["name"]),
        (&json!("manual"), &json!("report"))
    );

    let (_, body) = call(admin.post(server.url("/schedules/pause"))).await;
    assert_eq!(body, json!({"updated": 1, "paused": true}));
    let (_, body) = call(
        admin
            .post(server.url("/schedules/pause"))
            .json(&json!({"paused": false})),
    )
    .await;
    assert_eq!(body, json!({"updated": 1, "paused": false}));

    let (_, body) = call(viewer.get(server.url("/schedules/factories"))).await;
    let noop = body["factories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "noop")
        .unwrap_or_else(|| panic!("noop in {body}"));
    assert_eq!(
        noop,
        &json!({"name": "noop", "durable": true, "origin": "handler"})
    );

    // Bad input: 4xx with a reason, never 5xx.
    for (req, expected) in [
        (admin.post(server.url("/schedules")), (400, "invalid_body")),
        (
            admin
                .post(server.url("/schedules"))
                .header("content-type", "application/json")
                .body("{"),
            (400, "invalid_json"),
        ),
        (
            admin
                .post(server.url("/schedules"))
                .json(&json!({"name": "x", "spec": "@daily", "maxRetries": 1e30})),
            (400, "invalid_json"),
        ),
        (
            admin
                .post(server.url("/schedules"))
                .json(&json!({"name": "x", "spec": "@daily", "color": "red"})),
            (400, "invalid_json"),
        ),
        (
            admin
                .post(server.url("/schedules"))
                .json(&json!({"name": "x\u{0}y", "spec": "@daily"})),
            (400, "invalid_schedule_name"),
        ),
        (
            admin
                .post(server.url("/schedules"))
                .json(&json!({"name": "x", "spec": "@daily\u{0}", "handler": "noop"})),
            (400, "invalid_spec"),
        ),
        (
            admin
                .post(server.url("/schedules"))
                .json(&json!({"name": "x", "spec": "@daily", "handler": "ghost"})),
            (412, "schedule_factory_not_found"),
        ),
        (
            viewer.get(server.url("/schedules/events?name=%00")),
            (400, "invalid_schedule_name"),
        ),
        (
            viewer.get(server.url("/schedules/events?limit=-1")),
            (400, "invalid_limit"),
        ),
        (
            viewer.get(server.url("/schedules/events?limit=99999999999999999999")),
            (200, ""),
        ),
        (
            viewer.get(server.url("/schedules/%F0%9F%98%80")),
            (400, "invalid_name"),
        ),
        (
            viewer.get(server.url("/schedules/ghost")),
            (404, "schedule_not_found"),
        ),
        (
            admin.post(server.url("/schedules/ghost/run")),
            (404, "schedule_not_found"),
        ),
        (
            viewer.post(server.url("/schedules/report/run")),
            (403, "permission_denied"),
        ),
    ] {
        let (status, body) = call(req).await;
        assert_eq!(
            (
                status.as_u16(),
                body["error"]["reason"].as_str().unwrap_or_default()
            ),
            expected,
            "{body}"
        );
    }

    let (_, body) = call(admin.delete(server.url("/schedules/report"))).await;
    assert_eq!(body, json!({"deleted": true}));
    let (_, body) = call(admin.delete(server.url("/schedules/report"))).await;
    assert_eq!(body, json!({"deleted": false}));
}
