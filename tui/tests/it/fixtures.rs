//! Recorded responses and a fixed clock, so screens are the same on every run; and helpers
//! that press keys and answer the app's commands the way the server would.

use std::collections::BTreeMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use worker_proto::events::EventKind as Streamed;
use worker_tui::action::Link;
use worker_tui::model::{
    AttemptError, AuditEntry, Coordination, DlqEntry, DlqFilter, DlqGroup, DlqGroups, Event,
    EventKind, Job, JobRun, Minute, Overview, Payload, Queue, Schedule, ScheduleDetail,
    ScheduleFire, Stuck, Task, TaskDetail, TaskState, Totals, Worker,
};
use worker_tui::{Action, App, Command, Options, Role};

/// 2026-11-23T10:00:00Z.
pub(crate) const NOW: i64 = 1_795_428_000_000;
pub(crate) const DLQ_SIZE: u64 = 10_000;

pub(crate) fn options(role: Role) -> Options {
    Options {
        server: "127.0.0.1:50052".into(),
        identity: "ada".into(),
        role,
        readonly: false,
        refresh: std::time::Duration::from_secs(2),
    }
}

pub(crate) fn queue(
    name: &str,
    weight: i32,
    ready: i64,
    running: i64,
    dead: i64,
    paused: bool,
) -> Queue {
    Queue {
        name: name.into(),
        paused,
        weight,
        weight_overridden: name == "critical",
        ready,
        scheduled: 3,
        running,
        retrying: 1,
        dead,
        succeeded: 12_400,
        cancelled: 2,
        latency_ms: ready * 40,
    }
}

pub(crate) fn overview() -> Overview {
    let queues = vec![
        queue("critical", 6, 120, 4, 0, false),
        queue("default", 3, 1_830, 6, DLQ_SIZE as i64, false),
        queue("low", 1, 45, 0, 0, true),
    ];
    Overview {
        totals: Totals {
            ready: 1_995,
            scheduled: 9,
            running: 10,
            retrying: 3,
            dead: DLQ_SIZE as i64,
            succeeded: 37_200,
            cancelled: 6,
            workers: 2,
            queues: 3,
            avg_latency_ms: 2_400,
            p95_latency_ms: 9_100,
        },
        coordination: Coordination {
            paused: false,
            rate_per_second: 0.0,
            rate_burst: 0,
            rate_tokens: 0.0,
            leader: "node-a".into(),
            lease_ms: 30_000,
        },
        queues,
        throughput: (0..15)
            .map(|i| Minute {
                at_ms: NOW - (15 - i) * 60_000,
                succeeded: 400 + (i * 37) % 300,
                failed: (i * 7) % 5,
                dead: if i == 14 { 3 } else { 0 },
            })
            .collect(),
    }
}

pub(crate) fn workers() -> Action {
    Action::Workers {
        workers: vec![
            Worker {
                id: "node-a-4121".into(),
                host: "node-a".into(),
                pid: 4121,
                version: "0.1.0".into(),
                concurrency: 8,
                in_flight: 6,
                handlers: vec!["send_email".into(), "resize".into()],
                state: "active".into(),
                started_at_ms: NOW - 3_600_000,
                last_heartbeat_ms: NOW - 2_000,
                recycle_reason: String::new(),
                recycles: 0,
            },
            Worker {
                id: "node-b-977".into(),
                host: "node-b".into(),
                pid: 977,
                version: "0.1.0".into(),
                concurrency: 8,
                in_flight: 4,
                handlers: vec!["send_email".into()],
                state: "active".into(),
                started_at_ms: NOW - 7_200_000,
                last_heartbeat_ms: NOW - 4_000,
                recycle_reason: String::new(),
                recycles: 1,
            },
        ],
        stuck: vec![Stuck {
            handler: "resize".into(),
            count: 2,
            last_at_ms: NOW - 600_000,
        }],
    }
}

fn id(n: u64) -> String {
    format!("019ab0c0-0000-7000-8000-{n:012}")
}

/// The DLQ, newest first, as the server pages it.
pub(crate) fn dlq_entry(i: u64) -> DlqEntry {
    DlqEntry {
        id: id(i),
        queue: "default".into(),
        handler: if i.is_multiple_of(3) {
            "resize"
        } else {
            "send_email"
        }
        .into(),
        attempts: 4,
        failed_at_ms: NOW - (i as i64 + 1) * 1_000,
        reason: "retries_exhausted".into(),
        last_error: format!("smtp: 421 try again later (attempt 4, entry {i})"),
    }
}

/// The DLQ grouped by cause, as the server answers for `filter` (largest first).
pub(crate) fn dlq_groups(filter: &DlqFilter) -> DlqGroups {
    let group = |handler: &str,
                 fingerprint: &str,
                 queues: &[&str],
                 count: u64,
                 last_s: i64,
                 first_s: i64,
                 n: u64| DlqGroup {
        handler: handler.into(),
        fingerprint: fingerprint.into(),
        queues: queues.iter().map(|q| q.to_string()).collect(),
        count,
        first_failed_at_ms: NOW - first_s * 1_000,
        last_failed_at_ms: NOW - last_s * 1_000,
        sample_task_id: id(n),
        sample_error: fingerprint
            .replacen("<n>", "421", 1)
            .replacen("<n>", "4", 1)
            .replacen("<n>", &n.to_string(), 1)
            .replace("<q>", "\"img-77.png\"")
            .replace("<addr>", "10.0.4.12:6379"),
    };
    let groups: Vec<DlqGroup> = vec![
        group(
            "send_email",
            "smtp: <n> try again later (attempt <n>, entry <n>)",
            &["default"],
            6_667,
            2,
            86_400,
            1,
        ),
        group(
            "resize",
            "image <q> is not a png or jpeg",
            &["default", "low"],
            3_300,
            3,
            7_200,
            3,
        ),
        group(
            "resize",
            "redis <addr>: connection refused",
            &["critical"],
            33,
            600,
            5_400,
            42,
        ),
    ]
    .into_iter()
    .filter(|g| filter.handler.as_ref().is_none_or(|h| *h == g.handler))
    .filter(|g| filter.queue.as_ref().is_none_or(|q| g.queues.contains(q)))
    .collect();
    DlqGroups {
        total_groups: groups.len() as u64,
        total_entries: groups.iter().map(|g| g.count).sum(),
        groups,
    }
}

pub(crate) fn task(i: u64, queue: &str, state: TaskState) -> Task {
    Task {
        id: id(100_000 + i),
        handler: "send_email".into(),
        queue: queue.into(),
        state: Some(state),
        attempts: 1,
        max_retries: 3,
        priority: 0,
        created_at_ms: NOW - 60_000,
        started_at_ms: if state == TaskState::Pending {
            0
        } else {
            NOW - 30_000
        },
        finished_at_ms: 0,
        run_at_ms: NOW - 60_000,
        updated_at_ms: NOW - (i as i64) * 1_000,
        timeout_ms: 30_000,
        payload_size: 42,
        last_error: String::new(),
        worker_id: if state == TaskState::Running {
            "node-a-4121".into()
        } else {
            String::new()
        },
        dead_reason: String::new(),
        idempotency_key: String::new(),
        cancel_requested: false,
        metadata: BTreeMap::new(),
    }
}

pub(crate) fn task_detail() -> TaskDetail {
    let mut t = task(7, "default", TaskState::Retrying);
    t.attempts = 2;
    t.last_error = "smtp: connection reset".into();
    t.metadata.insert("tenant".into(), "acme".into());
    TaskDetail {
        task: t,
        payload: Payload::Text("{\"to\":\"ops@example.com\",\"template\":\"welcome\"}".into()),
        errors: vec![
            AttemptError {
                attempt: 1,
                at_ms: NOW - 20_000,
                error: "smtp: 421 try again later".into(),
            },
            AttemptError {
                attempt: 2,
                at_ms: NOW - 5_000,
                error: "smtp: connection reset".into(),
            },
        ],
    }
}

pub(crate) fn events() -> Vec<Event> {
    let e = |n: i64, stream, queue: Option<&str>, text: &str| Event {
        id: format!("{n}"),
        at_ms: NOW - (20 - n) * 1_000,
        kind: EventKind::of(stream).unwrap(),
        stream,
        queue: queue.map(str::to_string),
        text: text.into(),
    };
    vec![
        e(
            1,
            Streamed::WorkerJoined,
            None,
            "worker node-a-4121 joined (node-a pid 4121, concurrency 8)",
        ),
        e(
            2,
            Streamed::TaskSummary,
            Some("default"),
            "default: 120 enqueued, 98 started, 97 succeeded in 1.0s",
        ),
        e(
            3,
            Streamed::DlqChanged,
            Some("default"),
            "3 tasks of default moved to the DLQ",
        ),
        e(4, Streamed::QueueChanged, Some("low"), "queue low paused"),
        e(5, Streamed::Audit, None, "ada (admin) queue.pause low ok"),
        e(
            6,
            Streamed::WorkerStuck,
            Some("critical"),
            "task 019ab0c0 (resize) stuck on worker node-a-4121",
        ),
        e(
            7,
            Streamed::TaskSummary,
            Some("critical"),
            "critical: 40 enqueued, 40 started, 40 succeeded in 1.0s",
        ),
        e(
            8,
            Streamed::ScheduleEvent,
            Some("default"),
            "schedule nightly-report succeeded: task 019ab0c0 in 1.2s",
        ),
        e(
            9,
            Streamed::Alert,
            None,
            "CRITICAL audit_chain_broken: audit chain broken at entry 42 (hash_mismatch)",
        ),
    ]
}

/// Three schedules: one due in 4m12s, one paused, one in Berlin time that failed last.
pub(crate) fn schedules() -> Vec<Schedule> {
    vec![
        Schedule {
            name: "cleanup".into(),
            spec: "*/5 * * * *".into(),
            description: "every 5 minutes".into(),
            timezone: "UTC".into(),
            next_run_ms: NOW + 252_000,
            last_run_ms: NOW - 48_000,
            last_status: "succeeded".into(),
            last_task_id: "019ab0c0-0000-7000-8000-000000000c01".into(),
            handler: "cleanup".into(),
            max_retries: -1,
            misfire: "skip".into(),
            overlap: "skip".into(),
            ..Default::default()
        },
        Schedule {
            name: "nightly-report".into(),
            spec: "0 3 * * *".into(),
            description: "at 03:00".into(),
            timezone: "Europe/Berlin".into(),
            next_run_ms: NOW + 61_200_000,
            last_run_ms: NOW - 25_200_000,
            last_status: "failed".into(),
            last_task_id: "019ab0c0-0000-7000-8000-000000000e01".into(),
            handler: "report".into(),
            queue: "critical".into(),
            priority: -1,
            max_retries: 2,
            timeout_ms: 300_000,
            misfire: "catch_up".into(),
            catch_up_max: 3,
            overlap: "allow".into(),
            jitter_ms: 30_000,
            metadata: BTreeMap::from([("team".to_string(), "billing".to_string())]),
            payload: Payload::Text("{\"format\":\"pdf\"}".into()),
            payload_size: 16,
            paused: false,
        },
        Schedule {
            name: "warmup".into(),
            spec: "@every 90s".into(),
            description: "every 90 seconds".into(),
            timezone: "UTC".into(),
            paused: true,
            next_run_ms: 0,
            last_run_ms: NOW - 7_200_000,
            last_status: "skipped".into(),
            handler: "warmup".into(),
            queue: "low".into(),
            max_retries: -1,
            misfire: "run_once".into(),
            overlap: "allow".into(),
            ..Default::default()
        },
    ]
}

pub(crate) fn schedule_detail(name: &str) -> ScheduleDetail {
    let schedule = schedules()
        .into_iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| Schedule {
            name: name.into(),
            ..Default::default()
        });
    let fire = |n: i64, status: &str, trigger: &str, error: &str| ScheduleFire {
        name: name.into(),
        status: status.into(),
        trigger: trigger.into(),
        fire_at_ms: NOW - n * 86_400_000,
        at_ms: NOW - n * 86_400_000 + 2_000,
        task_id: format!("019ab0c0-0000-7000-8000-00000000{n:04}"),
        queue: schedule.queue.clone(),
        attempt: 1,
        duration_ms: 1_250,
        error: error.into(),
    };
    ScheduleDetail {
        recent: vec![
            fire(0, "failed", "cron", "report: upstream timed out"),
            fire(1, "succeeded", "manual", ""),
            fire(2, "succeeded", "cron", ""),
        ],
        schedule,
    }
}

pub(crate) fn audit() -> Vec<AuditEntry> {
    vec![
        AuditEntry {
            id: "a2".into(),
            at_ms: NOW - 5_000,
            actor: "ada".into(),
            role: "admin".into(),
            action: "queue.pause".into(),
            target: "low".into(),
            status: "ok".into(),
            detail: "paused".into(),
            request_id: "r-2".into(),
        },
        AuditEntry {
            id: "a1".into(),
            at_ms: NOW - 50_000,
            actor: "vic".into(),
            role: "viewer".into(),
            action: "dlq.replay".into(),
            target: "dlq".into(),
            status: "refused".into(),
            detail: "viewer may not replay the DLQ".into(),
            request_id: "r-1".into(),
        },
    ]
}

/// Three jobs: one from a git tag with limits set, one from a tarball on node defaults, one
/// that never ran.
pub(crate) fn jobs() -> Vec<Job> {
    vec![
        Job {
            name: "nightly-etl".into(),
            description: "load yesterday's orders".into(),
            source: "git_tag".into(),
            origin: "https://git.example.com/data/etl.git@v1.4.2".into(),
            commit: "9f2c1e7a".into(),
            queue: "jobs".into(),
            command: vec![
                "python".into(),
                "etl.py".into(),
                "--day".into(),
                "yesterday".into(),
            ],
            retries: 2,
            timeout_seconds: 1_800,
            cpus: 2.0,
            memory_mb: 2_048,
            pids: 256,
            updated_at_ms: NOW - 86_400_000,
        },
        Job {
            name: "report".into(),
            source: "tarball_url".into(),
            origin: "https://artifacts.example.com/report.tar.gz".into(),
            queue: "default".into(),
            ..Default::default()
        },
        Job {
            name: "site-build".into(),
            source: "tarball_path".into(),
            origin: "/srv/builds/site.tar".into(),
            queue: "jobs".into(),
            cpus: 0.5,
            memory_mb: 512,
            ..Default::default()
        },
    ]
}

fn run_id(n: u64) -> String {
    format!("019ab0d0-0000-7000-8000-{n:012}")
}

/// The runs of `job`, newest first: running, queued behind it, then ended ones.
pub(crate) fn job_runs(job: &str) -> Vec<JobRun> {
    let spec = jobs().into_iter().find(|j| j.name == job);
    let base = |n: u64, status: &str, queued_s: i64| JobRun {
        run_id: run_id(n),
        job: job.into(),
        status: status.into(),
        trigger: "manual".into(),
        actor: "ada".into(),
        queued_at_ms: NOW - queued_s * 1_000,
        attempt: 1,
        spec: spec.clone(),
        ..Default::default()
    };
    match job {
        "nightly-etl" => vec![
            JobRun {
                started_at_ms: NOW - 184_000,
                queue_delay_ms: 1_200,
                resolved_commit: "9f2c1e7a5b3d".into(),
                output_bytes: 18_734,
                ..base(5, "running", 185)
            },
            JobRun {
                trigger: "schedule".into(),
                actor: String::new(),
                schedule: "etl-nightly".into(),
                ..base(4, "queued", 12)
            },
            JobRun {
                started_at_ms: NOW - 86_390_000,
                finished_at_ms: NOW - 86_000_000,
                queue_delay_ms: 10_000,
                duration_ms: 390_000,
                exit_code: Some(0),
                peak_memory_bytes: Some(1_200 << 20),
                resolved_commit: "9f2c1e7a5b3d".into(),
                ..base(3, "succeeded", 86_400)
            },
            JobRun {
                started_at_ms: NOW - 172_790_000,
                finished_at_ms: NOW - 172_700_000,
                queue_delay_ms: 10_000,
                duration_ms: 90_000,
                exit_code: Some(137),
                oom_killed: true,
                error: "the container was killed: out of memory (2048 MB)".into(),
                resolved_commit: "9f2c1e7a5b3d".into(),
                ..base(2, "failed", 172_800)
            },
        ],
        "report" => vec![JobRun {
            started_at_ms: NOW - 3_590_000,
            finished_at_ms: NOW - 3_000_000,
            duration_ms: 590_000,
            timed_out: true,
            error: "timed out after 10m".into(),
            ..base(1, "failed", 3_600)
        }],
        _ => Vec::new(),
    }
}

/// The dashboard under test at a terminal size, with the first data loaded.
pub(crate) struct Dash {
    pub(crate) app: App,
    pub(crate) terminal: Terminal<TestBackend>,
    /// Every command the app sent, in order.
    pub(crate) sent: Vec<Command>,
}

impl Dash {
    pub(crate) fn new(role: Role, width: u16, height: u16) -> Self {
        Self::with(options(role), width, height)
    }

    pub(crate) fn with(options: Options, width: u16, height: u16) -> Self {
        let mut app = App::new(options, width, height, NOW);
        let first = app.start();
        let mut dash = Self {
            app,
            terminal: Terminal::new(TestBackend::new(width, height)).unwrap(),
            sent: Vec::new(),
        };
        dash.answer(first);
        dash.apply(Action::Link(Link::Connected));
        dash.apply(Action::Events(events()));
        dash
    }

    /// Applies an action and answers whatever it asks, like the server would.
    pub(crate) fn apply(&mut self, action: Action) {
        let commands = self.app.update(action);
        self.answer(commands);
    }

    pub(crate) fn press(&mut self, code: KeyCode) {
        self.press_with(code, KeyModifiers::NONE);
    }

    pub(crate) fn press_with(&mut self, code: KeyCode, modifiers: KeyModifiers) {
        if let Some(action) = self.app.key(KeyEvent::new(code, modifiers)) {
            self.apply(action);
        }
    }

    pub(crate) fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.press(KeyCode::Char(c));
        }
    }

    /// Recorded answers; changes (`Run`) are only recorded, not answered.
    fn answer(&mut self, commands: Vec<Command>) {
        let mut queue = std::collections::VecDeque::from(commands);
        while let Some(command) = queue.pop_front() {
            self.sent.push(command.clone());
            let reply = match command {
                Command::Overview => Some(Action::Overview(overview())),
                Command::Workers => Some(workers()),
                Command::Audit { generation, .. } => Some(Action::Audit {
                    generation,
                    entries: audit(),
                }),
                Command::Dlq {
                    generation,
                    filter,
                    offset,
                    limit,
                } => {
                    // A group's entries are as many as the group counted.
                    let group = filter.fingerprint.as_ref().and_then(|f| {
                        dlq_groups(&filter)
                            .groups
                            .into_iter()
                            .find(|g| g.fingerprint == *f)
                    });
                    let total = match group {
                        Some(g) => g.count,
                        None if filter.is_empty() => DLQ_SIZE,
                        None => 12,
                    };
                    let rows = (offset..(offset + u64::from(limit)).min(total))
                        .map(|i| {
                            let mut e = dlq_entry(i);
                            if let Some(handler) = &filter.handler {
                                e.handler.clone_from(handler);
                            }
                            e
                        })
                        .collect();
                    Some(Action::DlqPage {
                        generation,
                        offset,
                        rows,
                        total,
                    })
                }
                Command::Tasks {
                    generation,
                    queue: q,
                    state,
                    offset,
                    limit,
                    ..
                } => {
                    let total = 240;
                    let rows = (offset..(offset + u64::from(limit)).min(total))
                        .map(|i| {
                            task(
                                i,
                                &q,
                                state.unwrap_or(if i.is_multiple_of(2) {
                                    TaskState::Pending
                                } else {
                                    TaskState::Running
                                }),
                            )
                        })
                        .collect();
                    Some(Action::TasksPage {
                        generation,
                        offset,
                        rows,
                        total,
                    })
                }
                Command::DlqGroups { filter, .. } => Some(Action::DlqGroups {
                    groups: dlq_groups(&filter),
                    filter,
                }),
                Command::Schedules => Some(Action::Schedules(schedules())),
                Command::Schedule(name) => Some(Action::ScheduleDetail(schedule_detail(&name))),
                Command::Jobs => Some(Action::Jobs {
                    jobs: jobs(),
                    last_runs: jobs()
                        .iter()
                        .filter_map(|j| job_runs(&j.name).into_iter().next())
                        .collect(),
                }),
                Command::JobRuns { job, .. } => Some(Action::JobRuns {
                    runs: job_runs(&job),
                    job,
                }),
                Command::JobRun(id) => jobs()
                    .iter()
                    .flat_map(|j| job_runs(&j.name))
                    .find(|r| r.run_id == id)
                    .map(Action::JobRun),
                Command::Task(id) => {
                    let mut detail = task_detail();
                    detail.task.id = id;
                    Some(Action::TaskDetail(detail))
                }
                _ => None,
            };
            if let Some(reply) = reply {
                queue.extend(self.app.update(reply));
            }
        }
    }

    /// Commands sent since the last call.
    pub(crate) fn take_sent(&mut self) -> Vec<Command> {
        std::mem::take(&mut self.sent)
    }

    pub(crate) fn screen(&mut self) -> String {
        self.terminal
            .draw(|f| worker_tui::views::render(&self.app, f))
            .unwrap();
        self.terminal.backend().to_string()
    }
}
