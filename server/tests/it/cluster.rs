//! Many `workerd` processes on one real `redis-server`: weights, pauses, idempotency keys, the
//! rate limit and the leader hold cluster-wide; a node killed with SIGKILL loses nothing; a
//! stalled node's late acks are refused; a Redis restart with AOF loses no acknowledged task;
//! events made through one node reach the others and resume by id after it dies; nodes reach a
//! TLS-only Redis as an ACL user, and refused credentials are reported at once; nodes share a
//! Redis Cluster through any seed, and the store follows a failover. This process enqueues and
//! inspects through its own engine on the same Redis (a node without a worker).

use std::collections::{BTreeMap, HashSet};
use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

use worker_proto::v1 as pb;
use worker_server::engine::clock::{ManualClock, SystemClock};
use worker_server::engine::model::{
    HandlerName, QueueName, TaskFilter, TaskId, TaskRecord, TaskSpec, TaskState, WorkerId,
};
use worker_server::engine::{Engine, EngineConfig};
use worker_server::store::Extended;
use worker_server::store::redis::RedisStore;
use worker_testkit::redis::{RedisCluster, RedisServer};

use crate::support::{NODE_PREFIX, Node, eventually, live, redis_cluster_options, redis_options};

const WAIT: Duration = Duration::from_secs(60);

/// This process's engine on the shared Redis: it enqueues and inspects, and runs no worker.
async fn engine(redis: &RedisServer) -> Engine {
    let store = RedisStore::connect(&redis_options(redis, NODE_PREFIX))
        .await
        .unwrap();
    let config = EngineConfig {
        queue_weights: BTreeMap::from([
            ("critical".to_string(), 6),
            ("default".to_string(), 3),
            ("low".to_string(), 1),
        ]),
        ..EngineConfig::default()
    };
    Engine::new(Arc::new(store), Arc::new(SystemClock), config)
        .await
        .unwrap()
}

fn specs(queue: &str, handler: &str, payload: &str, n: usize) -> Vec<TaskSpec> {
    (0..n)
        .map(|_| TaskSpec {
            handler: handler.into(),
            queue: queue.into(),
            payload: payload.as_bytes().to_vec(),
            ..TaskSpec::default()
        })
        .collect()
}

async fn enqueue(engine: &Engine, specs: Vec<TaskSpec>) {
    for chunk in specs.chunks(500) {
        engine.enqueue_batch(chunk.to_vec()).await.unwrap();
    }
}

async fn all_tasks(engine: &Engine) -> Vec<TaskRecord> {
    let mut out = Vec::new();
    loop {
        let page = engine
            .list_tasks(&TaskFilter::default(), 1_000, out.len() as u64)
            .await
            .unwrap();
        if page.items.is_empty() {
            return out;
        }
        out.extend(page.items);
    }
}

async fn count(engine: &Engine, queue: Option<&str>, state: TaskState) -> u64 {
    engine
        .list_tasks(
            &TaskFilter {
                queue: queue.map(|q| QueueName::new(q).unwrap()),
                state: Some(state),
                ..TaskFilter::default()
            },
            1,
            0,
        )
        .await
        .unwrap()
        .total
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn weights_hold_across_three_nodes() {
    let Some(redis) = RedisServer::start().await else {
        return;
    };
    let engine = engine(&redis).await;
    for queue in ["critical", "default", "low"] {
        enqueue(&engine, specs(queue, "sleep", "5", 2_000)).await;
    }
    let nodes = [
        Node::spawn(&redis, "a", &[]).await,
        Node::spawn(&redis, "b", &[]).await,
        Node::spawn(&redis, "c", &[]).await,
    ];
    live(&engine, &nodes.iter().collect::<Vec<_>>()).await;
    eventually("1500 tasks to have run", WAIT, || async {
        let mut done = 0;
        for q in ["critical", "default", "low"] {
            done += count(&engine, Some(q), TaskState::Succeeded).await;
        }
        (done >= 1_500).then_some(())
    })
    .await;
    // Stop leasing everywhere, let what runs finish, then count what each queue got while all
    // three were backlogged.
    engine
        .set_dequeue_paused(
            true,
            worker_server::engine::audit::AuditEntry::system(0, "dequeue.pause", "*", "test"),
        )
        .await
        .unwrap();
    eventually("in-flight tasks to finish", WAIT, || async {
        (count(&engine, None, TaskState::Running).await == 0).then_some(())
    })
    .await;
    let mut done = BTreeMap::new();
    for q in ["critical", "default", "low"] {
        let n = count(&engine, Some(q), TaskState::Succeeded).await;
        assert!(n < 2_000, "{q} was backlogged throughout");
        done.insert(q, n as f64);
    }
    let total: f64 = done.values().sum();
    let share = |q: &str| done[q] / total;
    let shares = (share("critical"), share("default"), share("low"));
    assert!((shares.0 - 0.6).abs() <= 0.05, "{shares:?} of {total}");
    assert!((shares.1 - 0.3).abs() <= 0.05, "{shares:?} of {total}");
    assert!((shares.2 - 0.1).abs() <= 0.05, "{shares:?} of {total}");
    // Every node took part.
    let workers: HashSet<String> = all_tasks(&engine)
        .await
        .into_iter()
        .filter(|t| t.state == TaskState::Succeeded)
        .filter_map(|t| t.worker_id.map(|w| w.as_str().to_string()))
        .collect();
    assert_eq!(workers.len(), 3, "{workers:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pause_through_one_node_stops_leasing_on_all() {
    let Some(redis) = RedisServer::start().await else {
        return;
    };
    let engine = engine(&redis).await;
    // A task for tomorrow: the store is not empty, so no node seeds the demo's tasks.
    let mut later = specs("default", "noop", "", 1).remove(0);
    later.run_at_ms = engine.now_ms() + 86_400_000;
    engine.enqueue(later).await.unwrap();
    let nodes = [
        Node::spawn(&redis, "a", &[]).await,
        Node::spawn(&redis, "b", &[]).await,
        Node::spawn(&redis, "c", &[]).await,
    ];
    live(&engine, &nodes.iter().collect::<Vec<_>>()).await;
    let mut a = nodes[0].admin().await;
    a.pause_queue(pb::PauseQueueRequest {
        name: "low".into(),
        paused: true,
    })
    .await
    .unwrap();

    enqueue(&engine, specs("low", "noop", "", 20)).await;
    enqueue(&engine, specs("default", "sleep", "20", 90)).await;
    // Every node keeps leasing (each runs some of the default tasks) while low waits.
    eventually("the default tasks to finish", WAIT, || async {
        (count(&engine, Some("default"), TaskState::Succeeded).await == 90).then_some(())
    })
    .await;
    let runners: HashSet<String> = all_tasks(&engine)
        .await
        .into_iter()
        .filter(|t| t.queue.as_str() == "default")
        .filter_map(|t| t.worker_id.map(|w| w.as_str().to_string()))
        .collect();
    assert_eq!(runners.len(), 3, "every node was leasing: {runners:?}");
    assert_eq!(count(&engine, Some("low"), TaskState::Pending).await, 20);
    assert_eq!(count(&engine, Some("low"), TaskState::Succeeded).await, 0);

    // Resumed through another node, the queue drains.
    let mut b = nodes[1].admin().await;
    b.pause_queue(pb::PauseQueueRequest {
        name: "low".into(),
        paused: false,
    })
    .await
    .unwrap();
    eventually("the low tasks to run after the resume", WAIT, || async {
        (count(&engine, Some("low"), TaskState::Succeeded).await == 20).then_some(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_of_one_node_loses_nothing_and_reruns_only_its_in_flight_tasks() {
    let Some(redis) = RedisServer::start().await else {
        return;
    };
    let engine = engine(&redis).await;
    const TASKS: u64 = 300;
    enqueue(&engine, specs("default", "sleep", "20", TASKS as usize)).await;
    let mut nodes = [
        Node::spawn(&redis, "a", &[]).await,
        Node::spawn(&redis, "b", &[]).await,
        Node::spawn(&redis, "c", &[]).await,
    ];
    live(&engine, &nodes.iter().collect::<Vec<_>>()).await;
    let victim_pid = nodes[1].pid();
    let victim = engine
        .list_workers()
        .await
        .unwrap()
        .into_iter()
        .find(|w| w.pid == victim_pid)
        .expect("node b's worker")
        .id;
    eventually("node b to be mid-work", WAIT, || async {
        let tasks = all_tasks(&engine).await;
        let done = tasks
            .iter()
            .filter(|t| t.state == TaskState::Succeeded)
            .count();
        let busy = tasks
            .iter()
            .any(|t| t.state == TaskState::Running && t.worker_id.as_ref() == Some(&victim));
        (done >= 60 && busy).then_some(())
    })
    .await;
    nodes[1].sigkill();
    // Its leases stay until they expire, so what it held is still visible as its own.
    let in_flight: HashSet<TaskId> = all_tasks(&engine)
        .await
        .into_iter()
        .filter(|t| t.state == TaskState::Running && t.worker_id.as_ref() == Some(&victim))
        .map(|t| t.id)
        .collect();
    assert!(!in_flight.is_empty());
    // What node b held: its 4 running, up to 4 held ahead of free slots (`WORKER_PREFETCH` is
    // `auto`), and those finished whose outcome had not committed yet, as many again at most.
    assert!(
        in_flight.len() <= 16,
        "at most what node b can hold: {}",
        in_flight.len()
    );

    eventually("every task to finish on the other nodes", WAIT, || async {
        (count(&engine, None, TaskState::Succeeded).await == TASKS).then_some(())
    })
    .await;
    let tasks = all_tasks(&engine).await;
    assert_eq!(tasks.len() as u64, TASKS, "no task is lost");
    for task in &tasks {
        assert_eq!(task.state, TaskState::Succeeded);
        if in_flight.contains(&task.id) {
            assert_eq!(
                task.attempts, 2,
                "node b's in-flight task ran again: {task:?}"
            );
            assert_ne!(task.worker_id.as_ref(), Some(&victim));
            let detail = engine.get_task(&task.id).await.unwrap();
            assert!(
                detail.errors[0].error.contains("lease expired"),
                "{:?}",
                detail.errors
            );
        } else {
            assert_eq!(task.attempts, 1, "ran once: {task:?}");
        }
    }
    eventually("node b's worker to be marked lost", WAIT, || async {
        engine
            .list_workers()
            .await
            .unwrap()
            .into_iter()
            .find(|w| w.id == victim && w.state.as_str() == "lost")
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_leader_moves_when_its_node_dies() {
    let Some(redis) = RedisServer::start().await else {
        return;
    };
    let engine = engine(&redis).await;
    let mut nodes = [
        Node::spawn(&redis, "a", &[]).await,
        Node::spawn(&redis, "b", &[]).await,
        Node::spawn(&redis, "c", &[]).await,
    ];
    live(&engine, &nodes.iter().collect::<Vec<_>>()).await;
    let first = eventually("a leader", WAIT, || async {
        engine.coordination().await.unwrap().leader
    })
    .await;
    let names: Vec<String> = nodes.iter().map(|n| n.name.clone()).collect();
    assert!(names.contains(&first.holder), "{first:?}");
    let dead = nodes.iter().position(|n| n.name == first.holder).unwrap();
    nodes[dead].sigkill();
    let next = eventually("another leader", WAIT, || async {
        engine
            .coordination()
            .await
            .unwrap()
            .leader
            .filter(|l| l.holder != first.holder)
    })
    .await;
    assert!(names.contains(&next.holder), "{next:?}");
    assert!(next.token > first.token, "a new holder gets a newer token");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redis_restart_with_aof_loses_no_acknowledged_task() {
    let Some(mut redis) = RedisServer::start_with(true).await else {
        return;
    };
    let engine = engine(&redis).await;
    const TASKS: u64 = 400;
    enqueue(&engine, specs("default", "sleep", "10", TASKS as usize)).await;
    let nodes = [
        Node::spawn(&redis, "a", &[]).await,
        Node::spawn(&redis, "b", &[]).await,
    ];
    live(&engine, &nodes.iter().collect::<Vec<_>>()).await;
    eventually("the nodes to be mid-work", WAIT, || async {
        (count(&engine, None, TaskState::Succeeded).await >= 50).then_some(())
    })
    .await;
    let mut a = nodes[0].admin().await;
    redis.kill().await;
    // While Redis is down the admin API says so.
    let down = a
        .get_overview(pb::GetOverviewRequest {})
        .await
        .expect_err("the store is down");
    assert_eq!(down.code(), tonic::Code::Unavailable, "{down:?}");
    let (status, body) = nodes[0].http_get("/admin/v1/overview").await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["error"]["reason"], "store_unavailable", "{body}");
    assert_eq!(body["error"]["code"], "unavailable", "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("unavailable") || m.contains("unreachable")),
        "{body}"
    );
    // Enqueued while Redis was down: refused, never acknowledged.
    assert!(
        engine
            .enqueue(specs("default", "noop", "", 1).remove(0))
            .await
            .is_err()
    );
    redis.restart().await;

    eventually("every task to finish after the restart", WAIT, || async {
        (count(&engine, None, TaskState::Succeeded).await == TASKS).then_some(())
    })
    .await;
    let tasks = all_tasks(&engine).await;
    assert_eq!(tasks.len() as u64, TASKS, "no acknowledged task is lost");
    assert!(tasks.iter().all(|t| t.state == TaskState::Succeeded));
    a.get_overview(pb::GetOverviewRequest {})
        .await
        .expect("the admin API is back");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nodes_reach_redis_over_tls_as_an_acl_user() {
    let Some(redis) = RedisServer::start_secure().await else {
        return;
    };
    let engine = engine(&redis).await;
    enqueue(&engine, specs("default", "noop", "", 50)).await;
    let node = Node::spawn(&redis, "a", &[]).await;
    eventually("50 tasks to succeed through a TLS node", WAIT, || async {
        (count(&engine, Some("default"), TaskState::Succeeded).await == 50).then_some(())
    })
    .await;
    let overview = node
        .admin()
        .await
        .get_overview(pb::GetOverviewRequest {})
        .await
        .expect("the node's admin API answers")
        .into_inner();
    let stats = overview.stats.expect("stats");
    assert_eq!(stats.succeeded_tasks, 50, "{stats:?}");
    assert!(stats.active_workers >= 1, "{stats:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_or_an_untrusted_redis_is_reported_at_once() {
    let Some(redis) = RedisServer::start_secure().await else {
        return;
    };
    let secure = redis.secure().unwrap();
    // Redis refuses these for as long as it runs, so they must not be waited on like a Redis
    // that is still starting (a minute); the bound only tells the two apart.
    let at_once = Duration::from_secs(30);

    let mut options = redis_options(&redis, "cluster");
    options.url = options.url.replace(&secure.password, "not-the-password");
    let err = tokio::time::timeout(at_once, RedisStore::connect(&options))
        .await
        .expect("a wrong password is reported at once")
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("refused the user and password of WORKER_STORE"),
        "{err}"
    );

    let mut options = redis_options(&redis, "cluster");
    options.tls_ca_pem = Some(
        worker_pki::Authority::new("another CA")
            .unwrap()
            .material()
            .cert_pem
            .clone()
            .into_bytes(),
    );
    let err = tokio::time::timeout(at_once, RedisStore::connect(&options))
        .await
        .expect("an untrusted certificate is reported at once")
        .unwrap_err();
    assert!(err.to_string().contains("certificate"), "{err}");

    // workerd itself says so and exits non-zero.
    let dir = tempfile::tempdir().unwrap();
    let out = tokio::time::timeout(
        at_once,
        tokio::process::Command::new(env!("CARGO_BIN_EXE_workerd"))
            .env("WORKER_DATA_DIR", dir.path())
            .env(
                "WORKER_STORE",
                redis.url().replace(&secure.password, "not-the-password"),
            )
            .env("WORKER_REDIS_TLS_CA", &secure.ca)
            .env("WORKER_REDIS_TLS_CERT", &secure.client_cert)
            .env("WORKER_REDIS_TLS_KEY", &secure.client_key)
            .env("WORKER_ADMIN_GRPC_ADDR", "127.0.0.1:0")
            .env("WORKER_ADMIN_HTTP_ADDR", "127.0.0.1:0")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .kill_on_drop(true)
            .output(),
    )
    .await
    .expect("workerd gives up at once")
    .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("refused the user and password of WORKER_STORE"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("not-the-password"),
        "the password stays out of the log: {stderr}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_forgets_the_leases_it_acked_or_lost() {
    let Some(redis) = RedisServer::start().await else {
        return;
    };
    let store = Arc::new(
        RedisStore::connect(&redis_options(&redis, "cluster"))
            .await
            .unwrap(),
    );
    let clock = Arc::new(ManualClock::new(1_700_000_000_000));
    let config = EngineConfig {
        lease_ms: 1_000,
        ..EngineConfig::default()
    };
    let engine = Engine::new(store.clone(), clock.clone(), config)
        .await
        .unwrap();
    enqueue(&engine, specs("default", "noop", "", 3)).await;
    let worker = WorkerId::new("w1").unwrap();
    let leased = engine
        .lease(&worker, &[HandlerName::new("noop").unwrap()], None, 3)
        .await
        .unwrap();
    assert_eq!(leased.len(), 3);
    assert_eq!(store.remembered_leases(), 3);

    engine.complete(&leased[0]).await.unwrap();
    assert_eq!(store.remembered_leases(), 2, "an ack forgets its lease");

    // The other two expire and are reclaimed; the heartbeat that finds them lost forgets them
    // (the runtime abandons a lost lease without acking it).
    clock.advance_ms(5_000);
    assert_eq!(engine.reclaim_expired().await.unwrap(), 2);
    let held: Vec<_> = leased[1..]
        .iter()
        .map(|t| (t.id.clone(), t.token))
        .collect();
    let extended = engine.extend(&held).await.unwrap();
    assert!(
        extended.iter().all(|e| matches!(e, Extended::Lost)),
        "{extended:?}"
    );
    assert_eq!(store.remembered_leases(), 0, "lost leases are forgotten");
}

/// The next queue change on `stream`, skipping snapshots and heartbeats.
async fn next_queue_change(
    stream: &mut tonic::Streaming<pb::AdminEvent>,
) -> (String, pb::QueueChangedEvent) {
    loop {
        let event = tokio::time::timeout(WAIT, stream.message())
            .await
            .expect("an event in time")
            .expect("the stream stays up")
            .expect("the stream does not end");
        if let Some(pb::admin_event::Event::QueueChanged(change)) = event.event {
            return (event.id, change);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_reach_every_node_and_resume_by_id_after_a_node_dies() {
    let Some(redis) = RedisServer::start().await else {
        return;
    };
    let mut a = Node::spawn(&redis, "a", &[]).await;
    let b = Node::spawn(&redis, "b", &[]).await;
    let mut on_b = b
        .admin()
        .await
        .stream_events(pb::StreamEventsRequest {
            kinds: vec!["queue_changed".into()],
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let mut admin_a = a.admin().await;
    for paused in [true, false] {
        admin_a
            .pause_queue(pb::PauseQueueRequest {
                name: "default".into(),
                paused,
            })
            .await
            .unwrap();
    }
    // Changes made through node a reach a follower of node b.
    let (pause_id, pause) = next_queue_change(&mut on_b).await;
    let (resume_id, resume) = next_queue_change(&mut on_b).await;
    assert_eq!(
        (pause.queue.as_str(), pause.action.as_str()),
        ("default", "pause")
    );
    assert_eq!(resume.action, "resume");
    drop(on_b);

    // The node the changes went through dies; node b resumes exactly after the pause.
    a.sigkill();
    let mut resumed = b
        .admin()
        .await
        .stream_events(pb::StreamEventsRequest {
            after_id: pause_id.clone(),
            kinds: vec!["queue_changed".into()],
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let (id, change) = next_queue_change(&mut resumed).await;
    assert_eq!((id, change.action), (resume_id, "resume".to_string()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_node_that_wakes_up_cannot_ack_what_another_node_finished() {
    let Some(redis) = RedisServer::start().await else {
        return;
    };
    let engine = engine(&redis).await;
    // Enqueued first, so the demo nodes seed nothing.
    enqueue(&engine, specs("default", "sleep", "1500", 4)).await;
    let a = Node::spawn(&redis, "a", &[]).await;
    eventually("node a to run all four", WAIT, || async {
        (count(&engine, None, TaskState::Running).await == 4).then_some(())
    })
    .await;
    let stalled_worker = all_tasks(&engine).await[0]
        .worker_id
        .clone()
        .expect("a running task has a worker");
    // Node a stalls mid-task; its leases (1 s) expire and node b finishes the tasks.
    a.signal("STOP");
    let b = Node::spawn(&redis, "b", &[]).await;
    eventually("node b to finish the stalled tasks", WAIT, || async {
        (count(&engine, None, TaskState::Succeeded).await == 4).then_some(())
    })
    .await;
    let finished = all_tasks(&engine).await;
    // Node a wakes up with results for leases it no longer holds: fencing refuses them.
    a.signal("CONT");
    eventually("node a to find its leases lost", WAIT, || async {
        a.logged("lease lost").then_some(())
    })
    .await;
    let after = all_tasks(&engine).await;
    assert_eq!(after.len(), 4);
    for (task, before) in after.iter().zip(&finished) {
        assert_eq!(task.state, TaskState::Succeeded, "{task:?}");
        assert_eq!(task.attempts, 2, "ran again on node b: {task:?}");
        assert_ne!(task.worker_id.as_ref(), Some(&stalled_worker), "{task:?}");
        assert_eq!(
            (task.finished_at_ms, task.updated_at_ms),
            (before.finished_at_ms, before.updated_at_ms),
            "node a changed nothing"
        );
    }
    drop(b);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idempotency_keys_and_the_rate_limit_hold_across_nodes() {
    let Some(redis) = RedisServer::start().await else {
        return;
    };
    let engine = engine(&redis).await;
    // Paused while the nodes start, so the limit is measured with all three leasing.
    engine
        .set_dequeue_paused(
            true,
            worker_server::engine::audit::AuditEntry::system(0, "dequeue.pause", "*", "test"),
        )
        .await
        .unwrap();
    const TASKS: usize = 100;
    const RATE: f64 = 20.0;
    const BURST: f64 = 5.0;
    enqueue(&engine, specs("default", "noop", "", TASKS)).await;
    let limit = [("WORKER_GLOBAL_RATE", "20"), ("WORKER_GLOBAL_BURST", "5")];
    let nodes = [
        Node::spawn(&redis, "a", &limit).await,
        Node::spawn(&redis, "b", &limit).await,
        Node::spawn(&redis, "c", &limit).await,
    ];
    live(&engine, &nodes.iter().collect::<Vec<_>>()).await;

    // The same key through different nodes at once: one task, one first enqueue.
    let mut calls = Vec::new();
    for i in 0..12 {
        let node = &nodes[i % 3];
        let mut tasks = node.tasks().await;
        calls.push(tokio::spawn(async move {
            tasks
                .enqueue(pb::EnqueueRequest {
                    task: Some(pb::TaskSpec {
                        handler: "noop".into(),
                        queue: "other".into(),
                        idempotency_key: "invoice-42".into(),
                        ..Default::default()
                    }),
                })
                .await
                .expect("enqueue")
                .into_inner()
        }));
    }
    let mut answers = Vec::new();
    for call in calls {
        answers.push(call.await.unwrap());
    }
    let ids: HashSet<&str> = answers.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids.len(), 1, "{answers:?}");
    assert_eq!(
        answers.iter().filter(|a| !a.deduplicated).count(),
        1,
        "{answers:?}"
    );

    // Three nodes share one bucket: 20 per second with a burst of 5 in all, not each.
    engine
        .set_dequeue_paused(
            false,
            worker_server::engine::audit::AuditEntry::system(0, "dequeue.pause", "*", "test"),
        )
        .await
        .unwrap();
    eventually("every task to run", WAIT, || async {
        (count(&engine, Some("default"), TaskState::Succeeded).await == TASKS as u64).then_some(())
    })
    .await;
    let mut started: Vec<i64> = all_tasks(&engine)
        .await
        .into_iter()
        .filter(|t| t.queue.as_str() == "default")
        .filter_map(|t| t.started_at_ms)
        .collect();
    started.sort_unstable();
    let span_s = (started[TASKS - 1] - started[0]) as f64 / 1_000.0;
    // With the limit held, the tasks after the burst need (100 - 5) / 20 = 4.75 s. The nodes
    // stamp starts and refill the bucket with their own clocks, each set to Redis's `TIME` over
    // a round trip, which on a loaded machine can be off by tens of milliseconds; the clock that
    // runs ahead gains those milliseconds' tokens at every handover between nodes. So a quarter
    // of the tasks is allowed as margin: at least 3.5 s. Without a shared limit three nodes run
    // 100 noop tasks in well under a second, and with one bucket per node at three times the
    // rate, in (100 - 3 × 5) / 60 = 1.4 s: both fail here.
    let margin = TASKS as f64 / 4.0;
    let at_least_s = (TASKS as f64 - BURST - margin) / RATE;
    assert!(
        span_s >= at_least_s,
        "{TASKS} tasks started within {span_s:.2} s; the shared limit of {RATE}/s with a burst of \
         {BURST} needs {:.2} s (at least {at_least_s:.2} s allowing for the nodes' clocks)",
        (TASKS as f64 - BURST) / RATE
    );
    // And the limit let work flow: every task ran, at no less than a quarter of the rate.
    let at_most_s = 4.0 * TASKS as f64 / RATE;
    assert!(
        span_s <= at_most_s,
        "{TASKS} tasks took {span_s:.2} s to start; the limit allows {RATE}/s"
    );
    let workers: HashSet<String> = all_tasks(&engine)
        .await
        .into_iter()
        .filter_map(|t| t.worker_id.map(|w| w.as_str().to_string()))
        .collect();
    assert!(workers.len() >= 2, "several nodes leased: {workers:?}");
}

/// This process's engine on a Redis Cluster, reached through its first node.
async fn cluster_engine(redis: &RedisCluster, prefix: &str) -> Engine {
    let store = RedisStore::connect(&redis_cluster_options(redis, prefix))
        .await
        .unwrap();
    Engine::new(
        Arc::new(store),
        Arc::new(SystemClock),
        EngineConfig::default(),
    )
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nodes_share_a_redis_cluster_through_any_seed() {
    let Some(redis) = RedisCluster::start().await else {
        return;
    };
    let engine = cluster_engine(&redis, "cluster").await;
    enqueue(&engine, specs("default", "noop", "", 200)).await;
    // Each node is seeded with a different cluster node; at most one of them owns the slot.
    let urls = redis.urls();
    let mut nodes = Vec::new();
    for (name, url) in ["a", "b", "c"].into_iter().zip(&urls) {
        let env = [
            ("WORKER_STORE", url.clone()),
            ("WORKER_REDIS_CLUSTER", "true".to_string()),
        ];
        nodes.push(Node::spawn_with(name, &env).await);
    }
    live(&engine, &nodes.iter().collect::<Vec<_>>()).await;
    eventually("every task to run on the cluster", WAIT, || async {
        (count(&engine, Some("default"), TaskState::Succeeded).await == 200).then_some(())
    })
    .await;
    // The admin API of a node seeded elsewhere reads the same data.
    let stats = nodes[2]
        .admin()
        .await
        .get_overview(pb::GetOverviewRequest {})
        .await
        .expect("the admin API answers")
        .into_inner()
        .stats
        .expect("stats");
    assert_eq!(stats.succeeded_tasks, 200, "{stats:?}");
    assert_eq!(stats.active_workers, 3, "{stats:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_store_follows_a_failover_of_its_slot_primary() {
    let Some(mut redis) = RedisCluster::start_with(1).await else {
        return;
    };
    let engine = cluster_engine(&redis, "failover").await;
    enqueue(&engine, specs("default", "noop", "", 20)).await;
    let primary = redis
        .primary_of("{failover}")
        .await
        .expect("a primary holds the slot");
    redis.settle(primary).await;
    redis.kill(primary).await;

    // The replica takes over the slot; the client finds it and carries on.
    eventually("a replica to take over the slot", WAIT, || async {
        redis.primary_of("{failover}").await
    })
    .await;
    eventually("the store to answer after the failover", WAIT, || async {
        engine
            .list_tasks(&TaskFilter::default(), 1, 0)
            .await
            .ok()
            .map(|page| page.total)
    })
    .await;
    let worker = WorkerId::new("after-failover").unwrap();
    let leased = engine
        .lease(&worker, &[HandlerName::new("noop").unwrap()], None, 20)
        .await
        .unwrap();
    assert_eq!(
        leased.len(),
        20,
        "every task enqueued before the failover is there"
    );
    for task in &leased {
        engine.complete(task).await.unwrap();
    }
    assert_eq!(count(&engine, None, TaskState::Succeeded).await, 20);
}
