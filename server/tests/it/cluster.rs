//! Many `workerd` processes on one real `redis-server`: weights, pauses and the leader hold
//! cluster-wide; a node killed with SIGKILL loses nothing; a Redis restart with AOF loses no
//! acknowledged task. This process enqueues and inspects through its own engine on the same
//! Redis (a node without a worker).

use std::collections::{BTreeMap, HashSet};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use tonic::transport::{Certificate, Channel, ClientTlsConfig, Identity};
use worker_proto::v1 as pb;
use worker_proto::v1::admin_service_client::AdminServiceClient;
use worker_server::engine::clock::SystemClock;
use worker_server::engine::model::{
    QueueName, TaskFilter, TaskId, TaskRecord, TaskSpec, TaskState,
};
use worker_server::engine::{Engine, EngineConfig};
use worker_server::store::redis::{RedisOptions, RedisStore};
use worker_testkit::redis::RedisServer;

use crate::support::eventually;

const WAIT: Duration = Duration::from_secs(60);

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// One `workerd` process on the shared Redis.
struct Node {
    name: String,
    child: Child,
    dir: tempfile::TempDir,
    grpc_port: u16,
}

impl Node {
    fn spawn(redis: &RedisServer, name: &str, extra: &[(&str, &str)]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let grpc_port = free_port();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_workerd"));
        cmd.arg("--demo")
            .env("WORKER_DATA_DIR", dir.path())
            .env("WORKER_STORE", redis.url())
            .env("WORKER_REDIS_PREFIX", "cluster")
            .env("WORKER_NODE_ID", name)
            .env("WORKER_ADMIN_GRPC_ADDR", format!("127.0.0.1:{grpc_port}"))
            .env(
                "WORKER_ADMIN_HTTP_ADDR",
                format!("127.0.0.1:{}", free_port()),
            )
            .env("WORKER_CONCURRENCY", "4")
            .env("WORKER_DURABLE_LEASE", "1s")
            .env("WORKER_RETRY_BASE", "50ms")
            .env("WORKER_POLL_INTERVAL", "20ms")
            .env("WORKER_MAINTENANCE_INTERVAL", "100ms")
            .env("WORKER_LEADER_LEASE", "1s")
            .env("WORKER_ADMIN_QUEUE_WEIGHTS", "critical=6,default=3,low=1")
            .env("WORKER_LOG", "warn");
        for (k, v) in extra {
            cmd.env(k, v);
        }
        let child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("workerd starts");
        Self {
            name: name.to_string(),
            child,
            dir,
            grpc_port,
        }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    fn sigkill(&mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().unwrap();
    }

    /// The node's admin API, as the admin of its development PKI.
    async fn admin(&self) -> AdminServiceClient<Channel> {
        let pki = self.dir.path().join("pki");
        let read = |name: &str| std::fs::read_to_string(pki.join(name)).unwrap();
        let tls = ClientTlsConfig::new()
            .ca_certificate(Certificate::from_pem(read("ca.pem")))
            .identity(Identity::from_pem(read("admin.pem"), read("admin-key.pem")))
            .domain_name("localhost");
        let channel = Channel::from_shared(format!("https://127.0.0.1:{}", self.grpc_port))
            .unwrap()
            .tls_config(tls)
            .unwrap()
            .connect()
            .await
            .expect("connect to the node");
        AdminServiceClient::new(channel)
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// This process's engine on the shared Redis: it enqueues and inspects, and runs no worker.
async fn engine(redis: &RedisServer) -> Engine {
    let store = RedisStore::connect(&RedisOptions {
        url: redis.url(),
        prefix: "cluster".into(),
        event_log_limit: 10_000,
    })
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

/// Waits until every node's worker is registered and live.
async fn live(engine: &Engine, nodes: &[&Node]) {
    let pids: HashSet<u32> = nodes.iter().map(|n| n.pid()).collect();
    eventually("every node to register its worker", WAIT, || async {
        let workers = engine.list_workers().await.unwrap();
        let up: HashSet<u32> = workers
            .iter()
            .filter(|w| w.state.as_str() == "active")
            .map(|w| w.pid)
            .collect();
        pids.is_subset(&up).then_some(())
    })
    .await;
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
        Node::spawn(&redis, "a", &[]),
        Node::spawn(&redis, "b", &[]),
        Node::spawn(&redis, "c", &[]),
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
    engine.set_dequeue_paused(true).await.unwrap();
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
        Node::spawn(&redis, "a", &[]),
        Node::spawn(&redis, "b", &[]),
        Node::spawn(&redis, "c", &[]),
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
        Node::spawn(&redis, "a", &[]),
        Node::spawn(&redis, "b", &[]),
        Node::spawn(&redis, "c", &[]),
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
    assert!(in_flight.len() <= 4, "at most node b's concurrency");

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
        Node::spawn(&redis, "a", &[]),
        Node::spawn(&redis, "b", &[]),
        Node::spawn(&redis, "c", &[]),
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
    let nodes = [Node::spawn(&redis, "a", &[]), Node::spawn(&redis, "b", &[])];
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
