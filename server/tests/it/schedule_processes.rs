//! Cron schedules across real `workerd` processes: three nodes on one Redis make exactly one
//! task and one `fired` event per fire time, with no gap, even when the leader's node is killed
//! mid-run; a node on its SQLite file keeps its schedules (spec, time zone, policies, pause)
//! across SIGTERM and SIGKILL, and the unpaused one keeps firing after each restart.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use tonic::transport::Channel;
use worker_proto::v1 as pb;
use worker_proto::v1::admin_service_client::AdminServiceClient;
use worker_server::engine::clock::SystemClock;
use worker_server::engine::model::TaskFilter;
use worker_server::engine::schedules::{META_FIRE_AT, META_NAME};
use worker_server::engine::{Engine, EngineConfig};
use worker_server::store::redis::RedisStore;
use worker_testkit::redis::RedisServer;

use crate::support::{NODE_PREFIX, Node, eventually, live, redis_options};

/// Long enough for a debug `workerd` on a loaded 2-core machine; waits end on their condition.
const WAIT: Duration = Duration::from_secs(30);

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

/// The `fired` events of `name`, as `(fire time, task id)`, oldest fire first.
async fn fired(admin: &mut AdminServiceClient<Channel>, name: &str) -> Vec<(i64, String)> {
    let mut out: Vec<(i64, String)> = admin
        .list_schedule_events(pb::ListScheduleEventsRequest {
            name: name.into(),
            limit: 1_000,
        })
        .await
        .unwrap()
        .into_inner()
        .events
        .into_iter()
        .filter(|e| e.status == "fired")
        .map(|e| {
            assert_eq!(e.trigger, "cron", "{e:?}");
            (e.fire_at_ms, e.task_id)
        })
        .collect();
    out.sort();
    out
}

/// Waits until `name` has a registered factory on the node, so a schedule may name it.
async fn wait_for_factory(admin: &mut AdminServiceClient<Channel>, name: &str) {
    eventually("a live worker to register the factory", WAIT, || {
        let mut admin = admin.clone();
        async move {
            let factories = admin
                .list_schedule_factories(pb::ListScheduleFactoriesRequest {})
                .await
                .unwrap()
                .into_inner()
                .factories;
            factories.iter().any(|f| f.name == name).then_some(())
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schedule_fires_once_per_second_across_three_nodes_through_a_leader_kill() {
    let Some(redis) = RedisServer::start().await else {
        return;
    };
    let store = RedisStore::connect(&redis_options(&redis, NODE_PREFIX))
        .await
        .unwrap();
    let engine = Engine::new(
        Arc::new(store),
        Arc::new(SystemClock),
        EngineConfig::default(),
    )
    .await
    .unwrap();
    let mut nodes = [
        Node::spawn(&redis, "a", &[]).await,
        Node::spawn(&redis, "b", &[]).await,
        Node::spawn(&redis, "c", &[]).await,
    ];
    live(&engine, &nodes.iter().collect::<Vec<_>>()).await;
    let mut admin = nodes[0].admin().await;
    wait_for_factory(&mut admin, "noop").await;
    admin
        .create_schedule(pb::CreateScheduleRequest {
            name: "tick".into(),
            spec: "@every 1s".into(),
            handler: "noop".into(),
            ..Default::default()
        })
        .await
        .unwrap();

    // Ten fires with every node up, then the leader's node dies mid-run.
    eventually("ten fires", WAIT, || {
        let mut admin = admin.clone();
        async move { (fired(&mut admin, "tick").await.len() >= 10).then_some(()) }
    })
    .await;
    let leader = eventually("a leader", WAIT, || async {
        engine.coordination().await.unwrap().leader
    })
    .await;
    let dead = nodes
        .iter()
        .position(|n| n.name == leader.holder)
        .unwrap_or_else(|| panic!("the leader is a node: {leader:?}"));
    let killed_at = now_ms();
    nodes[dead].sigkill();
    let admin = nodes[(dead + 1) % nodes.len()].admin().await;

    let events = eventually(
        "twenty fires after the kill",
        Duration::from_secs(45),
        || {
            let mut admin = admin.clone();
            async move {
                let events = fired(&mut admin, "tick").await;
                let after = events.iter().filter(|(at, _)| *at > killed_at).count();
                (after >= 20).then_some(events)
            }
        },
    )
    .await;
    // Read after the events, so every fire they name has its task; a fire newer than the last
    // event may be half made (task inserted, record not yet advanced) and is not judged.
    let last = events.last().unwrap().0;
    let mut tasks: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    let mut offset = 0;
    loop {
        let page = engine
            .list_tasks(&TaskFilter::default(), 1_000, offset)
            .await
            .unwrap();
        if page.items.is_empty() {
            break;
        }
        offset += page.items.len() as u64;
        for task in page.items {
            if task.metadata.get(META_NAME).map(String::as_str) != Some("tick") {
                continue;
            }
            let at: i64 = task.metadata[META_FIRE_AT].parse().unwrap();
            if at <= last {
                tasks.entry(at).or_default().push(task.id.to_string());
            }
        }
    }

    let times: Vec<i64> = events.iter().map(|(at, _)| *at).collect();
    for pair in times.windows(2) {
        assert_eq!(
            pair[1] - pair[0],
            1_000,
            "one fired event per second, no gap and no repeat: {times:?}"
        );
    }
    assert!(
        times.iter().filter(|at| **at <= killed_at).count() >= 10,
        "{times:?}"
    );
    assert_eq!(
        tasks.keys().copied().collect::<Vec<_>>(),
        times,
        "a task for every fire time, and none for a time without its fired event"
    );
    for (at, task_id) in &events {
        assert_eq!(
            tasks[at],
            vec![task_id.clone()],
            "fire {at} made exactly the task its event names"
        );
    }
}

/// What a restart must keep of a schedule: all but the fields that move as it fires.
fn kept(mut entry: pb::ScheduleEntry) -> pb::ScheduleEntry {
    entry.next_run_ms = 0;
    entry.last_run_ms = 0;
    entry.last_status.clear();
    entry.last_task_id.clear();
    entry.updated_at_ms = 0;
    entry
}

async fn schedules(admin: &mut AdminServiceClient<Channel>) -> Vec<pb::ScheduleEntry> {
    let mut out = admin
        .list_schedules(pb::ListSchedulesRequest {})
        .await
        .unwrap()
        .into_inner()
        .schedules;
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schedules_survive_sigterm_and_sigkill_of_workerd_on_sqlite() {
    // No WORKER_STORE: the default SQLite file in the node's data directory.
    let mut node = Node::spawn_with("solo", &[]).await;
    let mut admin = node.admin().await;
    wait_for_factory(&mut admin, "noop").await;
    admin
        .create_schedule(pb::CreateScheduleRequest {
            name: "ticking".into(),
            spec: "@every 1s".into(),
            timezone: "Europe/Paris".into(),
            handler: "noop".into(),
            payload: b"tick".to_vec(),
            metadata: [("team".to_string(), "ops".to_string())].into(),
            misfire: "catch_up".into(),
            catch_up_max: 3,
            overlap: "skip".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    admin
        .create_schedule(pb::CreateScheduleRequest {
            name: "weekday-night".into(),
            spec: "30 2 * * 1-5".into(),
            timezone: "America/New_York".into(),
            handler: "noop".into(),
            queue: "low".into(),
            priority: 5,
            max_retries: Some(2),
            timeout_ms: 30_000,
            misfire: "run_once".into(),
            overlap: "allow".into(),
            jitter_ms: 500,
            ..Default::default()
        })
        .await
        .unwrap();
    let paused = admin
        .pause_schedule(pb::PauseScheduleRequest {
            name: "weekday-night".into(),
            paused: true,
        })
        .await
        .unwrap()
        .into_inner()
        .schedule
        .unwrap();
    assert!(paused.paused);
    let before: Vec<pb::ScheduleEntry> =
        schedules(&mut admin).await.into_iter().map(kept).collect();
    assert_eq!(
        before
            .iter()
            .map(|s| (s.name.as_str(), s.paused))
            .collect::<Vec<_>>(),
        [("ticking", false), ("weekday-night", true)]
    );
    eventually("a first fire", WAIT, || {
        let mut admin = admin.clone();
        async move { (!fired(&mut admin, "ticking").await.is_empty()).then_some(()) }
    })
    .await;

    for signal in ["TERM", "KILL"] {
        if signal == "TERM" {
            node.signal("TERM");
            assert!(
                node.child.wait().unwrap().success(),
                "workerd exits cleanly on SIGTERM"
            );
        } else {
            node.sigkill();
        }
        let restarted_at = now_ms();
        node.restart(&[]).await;
        let mut admin = node.admin().await;

        let after: Vec<pb::ScheduleEntry> =
            schedules(&mut admin).await.into_iter().map(kept).collect();
        assert_eq!(
            after, before,
            "after SIG{signal}: every schedule is kept whole"
        );
        let entries = schedules(&mut admin).await;
        assert_eq!(entries[1].next_run_ms, 0, "still paused: {:?}", entries[1]);
        eventually(
            &format!("a fire after the restart that followed SIG{signal}"),
            WAIT,
            || {
                let mut admin = admin.clone();
                async move {
                    let events = fired(&mut admin, "ticking").await;
                    events
                        .iter()
                        .any(|(at, _)| *at > restarted_at)
                        .then_some(())
                }
            },
        )
        .await;
        assert!(
            fired(&mut admin, "weekday-night").await.is_empty(),
            "a paused schedule never fires"
        );
    }
    // Every restart took far less than the misfire grace, so each fire time missed while
    // workerd was down was handled late: fired, or skipped under the overlap policy while the
    // previous fire's task had not run yet. One a second, no gap, no repeat, nothing missed.
    let handled: Vec<(i64, String)> = node
        .admin()
        .await
        .list_schedule_events(pb::ListScheduleEventsRequest {
            name: "ticking".into(),
            limit: 1_000,
        })
        .await
        .unwrap()
        .into_inner()
        .events
        .into_iter()
        // What the scheduler decided per fire time; the runs of its tasks are other events.
        .filter(|e| matches!(e.status.as_str(), "fired" | "skipped" | "missed"))
        .map(|e| (e.fire_at_ms, e.status))
        .collect();
    let mut handled = handled;
    handled.sort();
    assert!(
        handled.iter().all(|(_, status)| status != "missed"),
        "{handled:?}"
    );
    for pair in handled.windows(2) {
        assert_eq!(pair[1].0 - pair[0].0, 1_000, "{handled:?}");
    }
}
