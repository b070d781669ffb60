//! The dashboard's real client against a real `workerd` on loopback: the app driven by its
//! actions exactly as the event loop does, with keys pressed in between.

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use worker_proto::v1 as pb;
use worker_testkit::TestServer;
use worker_tui::action::Link;
use worker_tui::{Action, App, Command, Connection, Role, View, now_ms};

use crate::fixtures::options;

struct Live {
    app: App,
    actions: mpsc::Receiver<Action>,
    commands: mpsc::Sender<Command>,
    client: JoinHandle<()>,
    terminal: Terminal<TestBackend>,
}

impl Live {
    async fn connect(server: &TestServer, who: &str, role: Role, approval: Option<&str>) -> Self {
        let conn = Connection {
            admin: server.admin(who).await,
            approval: approval.map(str::to_string),
            timeout: Duration::from_secs(5),
        };
        let (command_tx, command_rx) = mpsc::channel(256);
        let (action_tx, action_rx) = mpsc::channel(256);
        let client = tokio::spawn(worker_tui::client::run(conn, command_rx, action_tx));
        let mut live = Self {
            app: App::new(options(role), 100, 30, now_ms()),
            actions: action_rx,
            commands: command_tx,
            client,
            terminal: Terminal::new(TestBackend::new(100, 30)).unwrap(),
        };
        let first = live.app.start();
        live.send(first);
        live
    }

    fn send(&mut self, commands: Vec<Command>) {
        for c in commands {
            self.commands.try_send(c).expect("the client keeps up");
        }
    }

    fn apply(&mut self, action: Action) {
        let out = self.app.update(action);
        self.send(out);
    }

    fn press(&mut self, code: KeyCode) {
        if let Some(action) = self.app.key(KeyEvent::new(code, KeyModifiers::NONE)) {
            self.apply(action);
        }
    }

    fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.press(KeyCode::Char(c));
        }
    }

    /// Runs the app on the client's actions and the clock until `done` holds.
    async fn until(&mut self, what: &str, done: impl Fn(&App) -> bool) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        let mut tick = tokio::time::interval(Duration::from_millis(100));
        while !done(&self.app) {
            tokio::select! {
                Some(action) = self.actions.recv() => self.apply(action),
                _ = tick.tick() => self.apply(Action::Tick { now_ms: now_ms() }),
                _ = tokio::time::sleep_until(deadline) => {
                    let screen = self.screen();
                    panic!("timed out waiting for {what}; the screen:\n{screen}");
                }
            }
        }
    }

    fn screen(&mut self) -> String {
        self.terminal
            .draw(|f| worker_tui::views::render(&self.app, f))
            .unwrap();
        self.terminal.backend().to_string()
    }

    fn status(&self) -> String {
        self.app
            .status
            .as_ref()
            .map(|s| s.text.clone())
            .unwrap_or_default()
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        self.client.abort();
    }
}

async fn fill_dlq(server: &TestServer, queue: &str, n: usize) {
    let mut tasks = server.tasks("operator").await;
    let specs = (0..n)
        .map(|_| pb::TaskSpec {
            handler: "fail".into(),
            queue: queue.into(),
            max_retries: Some(0),
            ..Default::default()
        })
        .collect();
    tasks
        .enqueue_batch(pb::EnqueueBatchRequest { tasks: specs })
        .await
        .unwrap();
}

async fn dlq_total(server: &TestServer, queue: &str) -> i64 {
    let mut admin = server.admin("viewer").await;
    admin
        .list_dlq(pb::ListDlqRequest {
            limit: 1,
            queue: queue.into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .total
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replay_all_moves_more_than_the_servers_cap_in_batches() {
    // The server replays at most 40 per call (so per bulk batch); the DLQ holds 130 of
    // default and 25 of low. Replay-all is a server bulk operation followed by its events.
    let server = TestServer::start(&[
        ("WORKER_DEMO", "0"),
        ("WORKER_ADMIN_REPLAY_LIMIT_MAX", "40"),
    ])
    .await;
    fill_dlq(&server, "default", 130).await;
    fill_dlq(&server, "low", 25).await;
    let mut live = Live::connect(&server, "operator", Role::Operator, None).await;
    live.press(KeyCode::Char('4'));
    live.until("155 DLQ entries", |app| {
        app.views.dlq.rows.total() == Some(155)
    })
    .await;
    // Replayed tasks would fail again at once; with dequeue paused they stay pending.
    let mut admin = server.admin("operator").await;
    admin
        .pause_dequeue(pb::PauseDequeueRequest {})
        .await
        .unwrap();

    // Only the entries of `low`: the operation's filter is the view's.
    live.press(KeyCode::Char('/'));
    live.type_text("queue:low");
    live.press(KeyCode::Enter);
    live.until("the low entries", |app| {
        app.views.dlq.rows.total() == Some(25)
    })
    .await;
    live.press(KeyCode::Char('A'));
    assert!(
        live.screen()
            .contains("Replay all 25 DLQ entries matching /queue:low?")
    );
    live.press(KeyCode::Char('y'));
    live.until("the filtered replay", |app| app.bulk.is_none())
        .await;
    assert_eq!(live.status(), "replayed 25 of 25");
    assert_eq!(dlq_total(&server, "low").await, 0);
    assert_eq!(dlq_total(&server, "default").await, 130, "the filter held");

    // Everything else: more than three times the cap.
    live.press(KeyCode::Esc);
    live.until("the whole DLQ again", |app| {
        app.views.dlq.rows.total() == Some(130) && app.views.dlq.filter.is_empty()
    })
    .await;
    live.press(KeyCode::Char('A'));
    live.press(KeyCode::Char('y'));
    let mut progress = Vec::new();
    while live.app.bulk.is_some() {
        let action = tokio::time::timeout(Duration::from_secs(30), live.actions.recv())
            .await
            .expect("progress")
            .expect("the client runs");
        if let Action::Progress { done, .. } = &action {
            progress.push(*done);
        }
        live.apply(action);
    }
    assert_eq!(live.status(), "replayed 130 of 130");
    assert!(
        progress.len() >= 4,
        "in batches of at most 40: {progress:?}"
    );
    assert_eq!(progress.last(), Some(&130));
    assert_eq!(dlq_total(&server, "default").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delete_all_of_a_filter_is_one_server_bulk_operation() {
    let server = TestServer::start(&[
        ("WORKER_DEMO", "0"),
        ("WORKER_ADMIN_REPLAY_LIMIT_MAX", "10"),
    ])
    .await;
    fill_dlq(&server, "default", 30).await;
    fill_dlq(&server, "low", 25).await;
    let mut live = Live::connect(&server, "admin", Role::Admin, None).await;
    live.press(KeyCode::Char('4'));
    live.until("55 DLQ entries", |app| {
        app.views.dlq.rows.total() == Some(55)
    })
    .await;
    live.press(KeyCode::Char('/'));
    live.type_text("queue:low");
    live.press(KeyCode::Enter);
    live.until("the low entries", |app| {
        app.views.dlq.rows.total() == Some(25)
    })
    .await;
    live.press(KeyCode::Char('X'));
    let screen = live.screen();
    assert!(
        screen.contains("Delete all 25 DLQ entries matching /queue:low?"),
        "{screen}"
    );
    live.press(KeyCode::Char('y'));
    let mut progress = Vec::new();
    while live.app.bulk.is_some() {
        let action = tokio::time::timeout(Duration::from_secs(30), live.actions.recv())
            .await
            .expect("progress")
            .expect("the client runs");
        if let Action::Progress { done, .. } = &action {
            progress.push(*done);
        }
        live.apply(action);
    }
    assert_eq!(live.status(), "deleted 25 of 25");
    assert_eq!(progress.last(), Some(&25), "{progress:?}");
    assert_eq!(dlq_total(&server, "low").await, 0);
    assert_eq!(dlq_total(&server, "default").await, 30, "the filter held");
    // It ran on the server: one operation, by the admin, in batches of the server's cap.
    let mut admin = server.admin("viewer").await;
    let ops = admin
        .list_bulk_operations(pb::ListBulkOperationsRequest { limit: 10 })
        .await
        .unwrap()
        .into_inner()
        .operations;
    assert_eq!(ops.len(), 1, "{ops:?}");
    let op = &ops[0];
    assert_eq!(
        (
            op.action.as_str(),
            op.state.as_str(),
            op.succeeded,
            op.batches
        ),
        ("delete_dlq", "done", 25, 3),
        "{op:?}"
    );
    assert_eq!(op.filter.as_ref().map(|f| f.queue.as_str()), Some("low"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_change_shows_the_servers_reason_and_changes_nothing() {
    let server = TestServer::start_with(
        &[
            ("WORKER_ADMIN_REQUIRE_APPROVAL", "1"),
            ("WORKER_ADMIN_APPROVAL_TOKEN", "s3cret"),
        ],
        true,
    )
    .await;
    let mut live = Live::connect(&server, "operator", Role::Operator, None).await;
    live.press(KeyCode::Char('2'));
    live.until("the queues", |app| {
        !app.views.queues.visible(app.overview.as_ref()).is_empty()
    })
    .await;
    live.press(KeyCode::Char('P'));
    live.press(KeyCode::Char('y'));
    live.until("the refusal", |app| {
        app.status
            .as_ref()
            .is_some_and(|s| s.text.contains("approval"))
    })
    .await;
    let status = live.status();
    assert!(status.contains("--approval-token"), "{status}");
    let queue = live.app.views.queues.visible(live.app.overview.as_ref())[0]
        .name
        .clone();
    let mut admin = server.admin("viewer").await;
    let q = admin
        .get_queue(pb::GetQueueRequest {
            name: queue.clone(),
        })
        .await
        .unwrap()
        .into_inner()
        .queue
        .unwrap();
    assert!(!q.paused, "nothing changed");

    // With the token, the same keys pause it, and the audit log names the operator.
    let mut live = Live::connect(&server, "operator", Role::Operator, Some("s3cret")).await;
    live.press(KeyCode::Char('2'));
    live.until("the queues", |app| {
        !app.views.queues.visible(app.overview.as_ref()).is_empty()
    })
    .await;
    live.press(KeyCode::Char('P'));
    live.press(KeyCode::Char('y'));
    live.until("the pause", |app| {
        app.status
            .as_ref()
            .is_some_and(|s| s.text.ends_with("paused"))
    })
    .await;
    live.press(KeyCode::Char('7'));
    live.until("the audit entry", |app| {
        app.views
            .audit
            .list
            .iter()
            .any(|a| a.action == "queue.pause" && a.status == "ok" && a.actor == "operator-user")
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_restart_it_reconnects_and_resumes_the_stream_without_gaps() {
    let mut server = TestServer::start_with(&[("WORKER_DEMO", "0")], true).await;
    let mut live = Live::connect(&server, "admin", Role::Admin, None).await;
    live.until("connected", |app| app.link == Link::Connected)
        .await;
    let mut admin = server.admin("admin").await;
    admin
        .pause_queue(pb::PauseQueueRequest {
            name: "default".into(),
            paused: true,
        })
        .await
        .unwrap();
    live.until("the pause event", |app| {
        app.views
            .events
            .list
            .iter()
            .any(|e| e.text == "queue default paused")
    })
    .await;

    server.stop().await;
    live.until("disconnected", |app| {
        matches!(app.link, Link::Disconnected { .. })
    })
    .await;
    live.press(KeyCode::Char('2'));
    let screen = live.screen();
    assert!(screen.contains("● disconnected"), "{screen}");
    assert!(screen.contains("disconnected: "), "{screen}");
    assert!(
        screen.contains("default"),
        "the last data stays on screen: {screen}"
    );

    server.restart().await;
    live.until("reconnected", |app| app.link == Link::Connected)
        .await;
    let mut admin = server.admin("admin").await;
    admin
        .pause_queue(pb::PauseQueueRequest {
            name: "default".into(),
            paused: false,
        })
        .await
        .unwrap();
    live.until("the resume event", |app| {
        app.views
            .events
            .list
            .iter()
            .any(|e| e.text == "queue default resumed")
    })
    .await;
    // Resumed after the last id: nothing seen twice.
    let ids: Vec<&str> = live
        .app
        .views
        .events
        .list
        .iter()
        .map(|e| e.id.as_str())
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "no event twice: {ids:?}");
    let paused = live
        .app
        .views
        .events
        .list
        .iter()
        .filter(|e| e.text == "queue default paused")
        .count();
    assert_eq!(paused, 1);
    assert_eq!(live.app.view, View::Queues);
}

/// Waits until a live worker has registered `handler`: follows `worker_joined` events
/// (subscribed before looking, so none is missed) instead of sleeping.
async fn wait_for_factory(server: &TestServer, handler: &str) {
    use futures::StreamExt;
    let mut admin = server.admin("viewer").await;
    let mut joins = admin
        .stream_events(pb::StreamEventsRequest {
            kinds: vec!["worker_joined".into()],
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schedules_are_listed_opened_paused_run_and_deleted_through_the_real_client() {
    let server = TestServer::start(&[("WORKER_DEMO", "0")]).await;
    wait_for_factory(&server, "noop").await;
    let mut admin = server.admin("admin").await;
    admin
        .create_schedule(pb::CreateScheduleRequest {
            name: "ticker".into(),
            spec: "@every 1s".into(),
            durable: true,
            handler: "noop".into(),
            timezone: "Europe/Berlin".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let mut live = Live::connect(&server, "admin", Role::Admin, None).await;
    live.press(KeyCode::Char(':'));
    live.type_text("schedules");
    live.press(KeyCode::Enter);
    assert_eq!(live.app.view, View::Schedules);
    live.until("the ticker listed", |app| {
        app.views.schedules.list.iter().any(|s| s.name == "ticker")
    })
    .await;
    // Its fires arrive in the open detail (refreshed while open) and in the events view.
    live.press(KeyCode::Enter);
    live.until("a succeeded fire in the detail", |app| {
        app.views.schedules.detail.as_ref().is_some_and(|p| {
            p.data
                .as_ref()
                .is_some_and(|d| d.recent.iter().any(|f| f.status == "succeeded"))
        })
    })
    .await;
    assert!(live.screen().contains("Europe/Berlin"));
    live.until("a schedule event in the events view", |app| {
        app.views
            .events
            .list
            .iter()
            .any(|e| e.text.starts_with("schedule ticker "))
    })
    .await;

    live.press(KeyCode::Char('P'));
    live.press(KeyCode::Char('y'));
    live.until("the ticker paused", |app| {
        app.views
            .schedules
            .list
            .iter()
            .any(|s| s.name == "ticker" && s.paused)
    })
    .await;
    assert_eq!(live.status(), "schedule ticker paused");

    live.press(KeyCode::Char('R'));
    live.press(KeyCode::Char('y'));
    live.until("run now done", |app| {
        app.status
            .as_ref()
            .is_some_and(|s| s.text.starts_with("schedule ticker fired now: task "))
    })
    .await;

    live.press(KeyCode::Char('D'));
    live.press(KeyCode::Char('y'));
    live.until("the ticker deleted and gone from the list", |app| {
        app.status
            .as_ref()
            .is_some_and(|s| s.text.starts_with("schedule ticker deleted"))
            && app.views.schedules.list.is_empty()
    })
    .await;
    assert!(live.app.views.schedules.detail.is_none());
    assert_eq!(live.status(), "schedule ticker deleted; its factory stays");
    let left = admin
        .list_schedules(pb::ListSchedulesRequest {})
        .await
        .unwrap()
        .into_inner()
        .schedules;
    assert!(left.is_empty(), "{left:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_is_listed_run_now_and_its_run_cancelled_through_the_real_client() {
    // No worker and jobs off (the testkit's default): a run stays queued until cancelled.
    let server = TestServer::start_with(&[("WORKER_DEMO", "0")], true).await;
    let mut admin = server.admin("admin").await;
    admin
        .upsert_job(pb::UpsertJobRequest {
            spec: Some(pb::JobSpec {
                name: "site".into(),
                source: "tarball_path".into(),
                tarball_path: "site.tar.gz".into(),
                command: vec!["make".into(), "all".into()],
                queue: "jobs".into(),
                cpus: 0.5,
                memory_mb: 128,
                pids: 64,
                ..Default::default()
            }),
        })
        .await
        .unwrap();
    let mut live = Live::connect(&server, "operator", Role::Operator, None).await;
    live.press(KeyCode::Char(':'));
    live.type_text("jobs");
    live.press(KeyCode::Enter);
    assert_eq!(live.app.view, View::Jobs);
    live.until("the job listed with its runs (none)", |app| {
        app.views.jobs.jobs.iter().any(|j| j.name == "site")
            && app.views.jobs.shown_runs().is_some_and(<[_]>::is_empty)
    })
    .await;
    let screen = live.screen();
    assert!(screen.contains("tarball_path"), "{screen}");
    assert!(screen.contains("128M"), "{screen}");

    // Run now: the confirmation names the job, and the queued run appears in its runs.
    live.press(KeyCode::Char('R'));
    let screen = live.screen();
    assert!(screen.contains("Run job site now?"), "{screen}");
    assert!(screen.contains("from queue jobs"), "{screen}");
    live.press(KeyCode::Char('y'));
    live.until("the queued run listed, and as the job's last run", |app| {
        let jobs = &app.views.jobs;
        jobs.shown_runs()
            .is_some_and(|r| r.len() == 1 && r[0].status == "queued")
            && jobs
                .last_runs
                .get("site")
                .is_some_and(|r| r.status == "queued")
    })
    .await;
    let run_id = live.app.views.jobs.shown_runs().unwrap()[0].run_id.clone();
    assert!(
        live.status().starts_with("job site: run "),
        "{}",
        live.status()
    );
    assert_eq!(live.app.views.jobs.last_runs["site"].run_id, run_id);

    // Open it (its log is followed: empty while queued), then cancel it from there.
    live.press(KeyCode::Enter);
    live.press(KeyCode::Enter);
    assert!(live.app.views.jobs.detail.is_some());
    live.press(KeyCode::Char('C'));
    let screen = live.screen();
    assert!(screen.contains("It is queued"), "{screen}");
    live.press(KeyCode::Char('y'));
    live.until("the run cancelled", |app| {
        app.views.jobs.detail.as_ref().is_some_and(|d| {
            d.run.as_ref().is_some_and(|r| r.status == "cancelled")
                && d.feed == worker_tui::views::jobs::Feed::Ended
        }) && app
            .views
            .jobs
            .shown_runs()
            .is_some_and(|r| r.iter().all(|r| r.status == "cancelled"))
    })
    .await;
    assert_eq!(
        live.status(),
        format!("run {run_id} cancelled before it started")
    );
    let run = admin
        .get_job_run(pb::GetJobRunRequest {
            run_id: run_id.clone(),
        })
        .await
        .unwrap()
        .into_inner()
        .run
        .unwrap();
    assert_eq!(run.status, "cancelled");
    // Closing the run stops nothing more: its log already ended.
    live.press(KeyCode::Esc);
    assert!(live.app.views.jobs.detail.is_none());
}

/// How many runs the job `site` has.
async fn site_runs(server: &TestServer) -> usize {
    let mut viewer = server.admin("viewer").await;
    viewer
        .list_job_runs(pb::ListJobRunsRequest {
            job: "site".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .runs
        .len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_now_needs_the_approval_token_when_approval_is_required() {
    let server = TestServer::start_with(
        &[
            ("WORKER_DEMO", "0"),
            ("WORKER_ADMIN_REQUIRE_APPROVAL", "1"),
            ("WORKER_ADMIN_APPROVAL_TOKEN", "s3cret"),
        ],
        true,
    )
    .await;
    let mut admin = server.admin("admin").await;
    admin
        .upsert_job(pb::UpsertJobRequest {
            spec: Some(pb::JobSpec {
                name: "site".into(),
                source: "tarball_path".into(),
                tarball_path: "site.tar.gz".into(),
                ..Default::default()
            }),
        })
        .await
        .unwrap();
    for (token, refused) in [(None, true), (Some("s3cret"), false)] {
        let mut live = Live::connect(&server, "operator", Role::Operator, token).await;
        live.press(KeyCode::Char('0'));
        live.until("the job listed", |app| {
            app.views.jobs.jobs.iter().any(|j| j.name == "site")
        })
        .await;
        live.press(KeyCode::Char('R'));
        live.press(KeyCode::Char('y'));
        live.until("the outcome", |app| {
            app.status.as_ref().is_some_and(|s| {
                s.text.contains("approval") || s.text.starts_with("job site: run ")
            })
        })
        .await;
        let status = live.status();
        if refused {
            assert!(status.contains("--approval-token"), "{status}");
            assert_eq!(site_runs(&server).await, 0, "nothing was run");
        } else {
            assert!(status.starts_with("job site: run "), "{status}");
            assert_eq!(site_runs(&server).await, 1);
        }
    }
}
