//! The scheduler tick, manual runs and run events.

use crate::engine::events::Event;
use crate::engine::retry::AttemptFailure;
use crate::engine::schedules::{RunLimit, Trigger};

use super::*;

async fn events(engine: &Engine, name: &str) -> Vec<ScheduleEventRecord> {
    let mut out = engine
        .list_schedule_events(Some(&sname(name)), 100)
        .await
        .unwrap();
    out.reverse();
    out
}

#[tokio::test]
async fn two_engines_on_one_file_fire_each_time_once() {
    let f = fixture().await;
    let other = engine_on(&f.dir, &f.clock, Arc::new(ThreadRandom)).await;
    f.engine
        .create_schedule(input("r", "@every 1m"), sys("schedule.create"))
        .await
        .unwrap();
    for round in 1..=5 {
        f.clock.set_ms(T0 + round * MINUTE);
        let (a, b) = tokio::join!(f.engine.fire_due_schedules(), other.fire_due_schedules());
        let (a, b) = (a.unwrap(), b.unwrap());
        assert_eq!(a.fired + b.fired, 1, "round {round}: {a:?} {b:?}");
        // A late tick of either finds nothing left to do.
        assert_eq!(other.fire_due_schedules().await.unwrap().fired, 0);
    }
    assert_eq!(tasks(&f.engine).await.len(), 5);
    let fired = events(&f.engine, "r").await;
    assert_eq!(statuses(&fired), vec![ScheduleEventStatus::Fired; 5]);
    let times: Vec<i64> = fired.iter().map(|e| e.fire_ms).collect();
    assert_eq!(times, (1..=5).map(|k| T0 + k * MINUTE).collect::<Vec<_>>());
}

/// A tick that made a fire's task while an operator paused the schedule (so its write of the
/// record lost to the pause) still records the fire: no task without its `fired` event. The
/// race is run many times on two threads; before the fix most rounds lost the event.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pause_racing_a_tick_keeps_each_fire_recorded_once() {
    let f = fixture().await;
    let other = engine_on(&f.dir, &f.clock, Arc::new(ThreadRandom)).await;
    f.engine
        .create_schedule(input("r", "@every 1s"), sys("schedule.create"))
        .await
        .unwrap();
    for _ in 0..60 {
        f.clock.advance_ms(1_000);
        let tick = tokio::spawn({
            let engine = f.engine.clone();
            async move { engine.fire_due_schedules().await }
        });
        let pause = tokio::spawn({
            let other = other.clone();
            async move {
                other
                    .pause_schedule(&sname("r"), true, sys("schedule.pause"))
                    .await
            }
        });
        tick.await.unwrap().unwrap();
        assert!(pause.await.unwrap().unwrap().record.paused);
        other
            .pause_schedule(&sname("r"), false, sys("schedule.pause"))
            .await
            .unwrap();
    }
    let fired: Vec<i64> = events(&f.engine, "r")
        .await
        .iter()
        .filter(|e| e.status == ScheduleEventStatus::Fired)
        .map(|e| e.fire_ms)
        .collect();
    let mut made: Vec<i64> = f
        .engine
        .list_tasks(&crate::engine::model::TaskFilter::default(), 1_000, 0)
        .await
        .unwrap()
        .items
        .iter()
        .map(|t| {
            t.metadata[crate::engine::schedules::META_FIRE_AT]
                .parse()
                .unwrap()
        })
        .collect();
    made.sort_unstable();
    assert!(!made.is_empty());
    assert_eq!(
        fired, made,
        "one fired event per task made, and one task per fire"
    );
}

#[tokio::test]
async fn a_fire_carries_its_schedule_in_metadata_and_the_event_log() {
    let f = fixture().await;
    let mut def = input("r", "*/5 * * * *");
    def.queue = "reports".into();
    def.metadata.insert("team".into(), "ops".into());
    def.payload = b"{}".to_vec();
    f.engine
        .create_schedule(def, sys("schedule.create"))
        .await
        .unwrap();
    f.clock.set_ms(T0 + 5 * MINUTE);
    assert_eq!(f.engine.fire_due_schedules().await.unwrap().fired, 1);
    let (id, state) = tasks(&f.engine).await.remove(0);
    assert_eq!(state, TaskState::Pending);
    let detail = f.engine.get_task(&id).await.unwrap();
    let meta = &detail.task.metadata;
    let fire = (T0 + 5 * MINUTE).to_string();
    assert_eq!(meta["team"], "ops");
    assert_eq!(meta["worker.schedule.name"], "r");
    assert_eq!(meta["worker.schedule.spec"], "*/5 * * * *");
    assert_eq!(meta["worker.schedule.durable"], "true");
    assert_eq!(meta["worker.schedule.queue"], "reports");
    assert_eq!(meta["worker.schedule.fire_at_ms"], fire);
    assert_eq!(meta["worker.schedule.trigger"], "cron");
    assert_eq!(
        detail.task.idempotency_key,
        Some(format!("schedule:r:{fire}"))
    );
    assert_eq!(detail.task.queue.as_str(), "reports");
    assert_eq!(detail.payload, b"{}");
    let view = f.engine.get_schedule(&sname("r")).await.unwrap();
    assert_eq!(view.record.last_task_id, Some(id.clone()));
    assert_eq!(view.record.last_status, "fired");
    assert_eq!(view.last_run_ms, T0 + 5 * MINUTE);
    assert_eq!(view.next_run_ms, T0 + 10 * MINUTE);
    let logged = f.engine.read_events(None, 1_000).await.unwrap();
    let fired: Vec<_> = logged
        .iter()
        .filter_map(|e| match &e.event {
            Event::Schedule(s) => Some(s),
            _ => None,
        })
        .collect();
    assert_eq!(fired.len(), 1);
    assert_eq!(fired[0].status, ScheduleEventStatus::Fired);
    assert_eq!(fired[0].task_id, Some(id));
    assert_eq!(fired[0].queue, "reports");
}

/// `@every 1h` created at T0, then nothing runs until 5h30m: the fires at 1h..5h are all older
/// than the one-minute grace.
async fn after_downtime(misfire: &str, catch_up_max: u32) -> (Fixture, Vec<i64>) {
    let f = fixture().await;
    let mut def = input("r", "@every 1h");
    def.misfire = misfire.into();
    def.catch_up_max = catch_up_max;
    f.engine
        .create_schedule(def, sys("schedule.create"))
        .await
        .unwrap();
    f.clock.set_ms(T0 + 5 * HOUR + 30 * MINUTE);
    f.engine.fire_due_schedules().await.unwrap();
    let mut fires = Vec::new();
    for (id, _) in tasks(&f.engine).await {
        let detail = f.engine.get_task(&id).await.unwrap();
        fires.push(
            detail.task.metadata["worker.schedule.fire_at_ms"]
                .parse()
                .unwrap(),
        );
    }
    fires.sort();
    let view = f.engine.get_schedule(&sname("r")).await.unwrap();
    assert_eq!(view.next_run_ms, T0 + 6 * HOUR);
    assert_eq!(view.last_run_ms, T0 + 5 * HOUR);
    (f, fires)
}

#[tokio::test]
async fn misfire_skip_drops_missed_fires_with_one_event() {
    let (f, fires) = after_downtime("skip", 0).await;
    assert!(fires.is_empty());
    let history = events(&f.engine, "r").await;
    assert_eq!(statuses(&history), [ScheduleEventStatus::Missed]);
    assert!(
        history[0].error.contains("missed 5 fires"),
        "{}",
        history[0].error
    );
    assert_eq!(history[0].fire_ms, T0 + HOUR);
}

#[tokio::test]
async fn misfire_run_once_makes_one_task_for_the_newest() {
    let (f, fires) = after_downtime("run_once", 0).await;
    assert_eq!(fires, [T0 + 5 * HOUR]);
    let history = events(&f.engine, "r").await;
    assert_eq!(
        statuses(&history),
        [ScheduleEventStatus::Missed, ScheduleEventStatus::Fired]
    );
    assert!(
        history[0].error.contains("missed 4 fires"),
        "{}",
        history[0].error
    );
}

#[tokio::test]
async fn misfire_catch_up_makes_the_newest_max_tasks() {
    let (f, fires) = after_downtime("catch_up", 3).await;
    assert_eq!(fires, [T0 + 3 * HOUR, T0 + 4 * HOUR, T0 + 5 * HOUR]);
    let history = events(&f.engine, "r").await;
    assert_eq!(
        history
            .iter()
            .filter(|e| e.status == ScheduleEventStatus::Fired)
            .count(),
        3
    );
    let missed: Vec<_> = history
        .iter()
        .filter(|e| e.status == ScheduleEventStatus::Missed)
        .collect();
    assert_eq!(missed.len(), 1);
    assert!(
        missed[0].error.contains("missed 2 fires"),
        "{}",
        missed[0].error
    );
}

#[tokio::test]
async fn a_fire_inside_the_grace_is_made_and_older_ones_are_missed() {
    let f = fixture().await;
    f.engine
        .create_schedule(input("r", "@every 1h"), sys("schedule.create"))
        .await
        .unwrap();
    f.clock.set_ms(T0 + 3 * HOUR + 30_000);
    let report = f.engine.fire_due_schedules().await.unwrap();
    assert_eq!((report.fired, report.missed), (1, 1));
    let history = events(&f.engine, "r").await;
    assert!(
        history[0].error.contains("missed 2 fires"),
        "{}",
        history[0].error
    );
    assert_eq!(history[1].fire_ms, T0 + 3 * HOUR);
}

#[tokio::test]
async fn overlap_skip_waits_for_the_previous_task_to_finish() {
    let f = fixture().await;
    let mut def = input("r", "@every 1m");
    def.overlap = "skip".into();
    f.engine
        .create_schedule(def, sys("schedule.create"))
        .await
        .unwrap();
    f.clock.set_ms(T0 + MINUTE);
    assert_eq!(f.engine.fire_due_schedules().await.unwrap().fired, 1);
    f.clock.set_ms(T0 + 2 * MINUTE);
    let report = f.engine.fire_due_schedules().await.unwrap();
    assert_eq!((report.fired, report.skipped), (0, 1));
    assert_eq!(tasks(&f.engine).await.len(), 1);
    let worker = WorkerId::new("w1").unwrap();
    let leased = f
        .engine
        .lease(&worker, &report_handler(), None, 1)
        .await
        .unwrap();
    f.clock.set_ms(T0 + 3 * MINUTE);
    assert_eq!(
        f.engine.fire_due_schedules().await.unwrap().skipped,
        1,
        "still running"
    );
    f.engine.complete(&leased[0]).await.unwrap();
    f.clock.set_ms(T0 + 4 * MINUTE);
    assert_eq!(f.engine.fire_due_schedules().await.unwrap().fired, 1);
    let history: Vec<_> = events(&f.engine, "r")
        .await
        .into_iter()
        .filter(|e| e.trigger == Trigger::Cron)
        .map(|e| (e.status, e.fire_ms))
        .collect();
    use ScheduleEventStatus::*;
    assert_eq!(
        history,
        [
            (Fired, T0 + MINUTE),
            (Skipped, T0 + 2 * MINUTE),
            (Running, T0 + MINUTE),
            (Skipped, T0 + 3 * MINUTE),
            (Succeeded, T0 + MINUTE),
            (Fired, T0 + 4 * MINUTE),
        ]
    );
}

#[tokio::test]
async fn jitter_delays_a_fire_within_its_bound() {
    for (sample, expected) in [(0.0, 0), (0.5, 15_000), (0.999_999_9, 30_000)] {
        let f = fixture_with(Arc::new(FixedRandom(sample))).await;
        let mut def = input("r", "@every 1m");
        def.jitter_ms = 30_000;
        f.engine
            .create_schedule(def, sys("schedule.create"))
            .await
            .unwrap();
        f.clock.set_ms(T0 + MINUTE);
        f.engine.fire_due_schedules().await.unwrap();
        let (id, state) = tasks(&f.engine).await.remove(0);
        let run_at = f.engine.get_task(&id).await.unwrap().task.run_at_ms;
        assert!((T0 + MINUTE..=T0 + MINUTE + 30_000).contains(&run_at));
        assert_eq!(run_at, T0 + MINUTE + expected, "sample {sample}");
        let want = if expected > 0 {
            TaskState::Scheduled
        } else {
            TaskState::Pending
        };
        assert_eq!(state, want);
    }
}

#[tokio::test]
async fn manual_runs_are_capped_over_a_window() {
    let f = fixture().await;
    f.engine
        .create_schedule(input("r", "@daily"), sys("schedule.create"))
        .await
        .unwrap();
    let limit = Some(RunLimit {
        max: 2,
        window_ms: HOUR,
    });
    let first = f
        .engine
        .run_schedule(&sname("r"), limit, sys("schedule.run"))
        .await
        .unwrap();
    f.clock.advance_ms(MINUTE);
    f.engine
        .run_schedule(&sname("r"), limit, sys("schedule.run"))
        .await
        .unwrap();
    assert_eq!(
        reason(
            f.engine
                .run_schedule(&sname("r"), limit, sys("schedule.run"))
                .await
        ),
        "schedule_run_limited"
    );
    f.engine
        .run_schedule(&sname("r"), None, sys("schedule.run"))
        .await
        .unwrap();
    // Unlimited runs count too; the window slides past all three.
    f.clock.advance_ms(HOUR + 1);
    f.engine
        .run_schedule(&sname("r"), limit, sys("schedule.run"))
        .await
        .unwrap();
    assert_eq!(
        reason(
            f.engine
                .run_schedule(&sname("zz"), None, sys("schedule.run"))
                .await
        ),
        "schedule_not_found"
    );
    assert_eq!(tasks(&f.engine).await.len(), 4);
    let meta = f.engine.get_task(&first).await.unwrap().task.metadata;
    assert_eq!(meta["worker.schedule.trigger"], "manual");
    let history = events(&f.engine, "r").await;
    assert!(history.iter().all(|e| e.trigger == Trigger::Manual));
    let view = f.engine.get_schedule(&sname("r")).await.unwrap();
    assert_eq!(view.record.last_status, "fired");
    assert_eq!(view.last_run_ms, T0 + MINUTE + HOUR + 1);
}

/// Manual runs racing pauses and resumes from another engine: whether a run's write of the
/// record wins (event written with it) or keeps losing (event written on its own), every task
/// it made has exactly one `fired` event.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn manual_runs_racing_pauses_are_each_recorded_once() {
    let f = fixture().await;
    let other = engine_on(&f.dir, &f.clock, Arc::new(ThreadRandom)).await;
    f.engine
        .create_schedule(input("r", "@daily"), sys("schedule.create"))
        .await
        .unwrap();
    let mut made = Vec::new();
    for round in 0..40 {
        let run = tokio::spawn({
            let engine = f.engine.clone();
            async move {
                engine
                    .run_schedule(&sname("r"), None, sys("schedule.run"))
                    .await
            }
        });
        let toggle = tokio::spawn({
            let other = other.clone();
            async move {
                other
                    .pause_schedule(&sname("r"), round % 2 == 0, sys("schedule.pause"))
                    .await
            }
        });
        made.push(run.await.unwrap().unwrap());
        toggle.await.unwrap().unwrap();
    }
    let mut recorded: Vec<_> = events(&f.engine, "r")
        .await
        .into_iter()
        .filter(|e| e.status == ScheduleEventStatus::Fired && e.trigger == Trigger::Manual)
        .map(|e| e.task_id.unwrap())
        .collect();
    recorded.sort();
    made.sort();
    assert_eq!(recorded, made, "one fired event per manual run");
    let view = f.engine.get_schedule(&sname("r")).await.unwrap();
    assert!(
        view.record
            .last_task_id
            .is_some_and(|id| made.contains(&id))
    );
}

#[tokio::test]
async fn runs_record_running_succeeded_failed_and_dead() {
    let f = fixture().await;
    let mut def = input("r", "@every 1m");
    def.max_retries = Some(1);
    f.engine
        .create_schedule(def, sys("schedule.create"))
        .await
        .unwrap();
    let worker = WorkerId::new("w1").unwrap();

    f.clock.set_ms(T0 + MINUTE);
    f.engine.fire_due_schedules().await.unwrap();
    let leased = f
        .engine
        .lease(&worker, &report_handler(), None, 1)
        .await
        .unwrap();
    f.clock.advance_ms(5_000);
    f.engine.complete(&leased[0]).await.unwrap();
    let view = f.engine.get_schedule(&sname("r")).await.unwrap();
    assert_eq!(view.record.last_status, "succeeded");

    f.clock.set_ms(T0 + 2 * MINUTE);
    f.engine.fire_due_schedules().await.unwrap();
    let leased = f
        .engine
        .lease(&worker, &report_handler(), None, 1)
        .await
        .unwrap();
    let state = f
        .engine
        .fail(&leased[0], AttemptFailure::Error, "disk on fire")
        .await
        .unwrap();
    assert_eq!(state, TaskState::Retrying);
    assert_eq!(
        f.engine
            .get_schedule(&sname("r"))
            .await
            .unwrap()
            .record
            .last_status,
        "failed"
    );
    f.clock.advance_ms(10_000);
    let leased = f
        .engine
        .lease(&worker, &report_handler(), None, 1)
        .await
        .unwrap();
    assert_eq!(leased[0].attempt, 2);
    let state = f
        .engine
        .fail(&leased[0], AttemptFailure::Error, &"x".repeat(10_000))
        .await
        .unwrap();
    assert_eq!(state, TaskState::Dead);

    let history = events(&f.engine, "r").await;
    use ScheduleEventStatus::*;
    assert_eq!(
        statuses(&history),
        [
            Fired, Running, Succeeded, Fired, Running, Failed, Running, Dead
        ]
    );
    let succeeded = &history[2];
    assert_eq!(succeeded.duration_ms, 5_000);
    assert_eq!(succeeded.started_at_ms, T0 + MINUTE);
    assert_eq!(succeeded.finished_at_ms, T0 + MINUTE + 5_000);
    assert_eq!(succeeded.fire_ms, T0 + MINUTE);
    assert_eq!(succeeded.handler, "report");
    assert_eq!(history[5].error, "disk on fire");
    assert_eq!(history[5].attempt, 1);
    assert!(history[7].error.len() < 1_000, "errors are shortened");
    assert_eq!(
        f.engine
            .get_schedule(&sname("r"))
            .await
            .unwrap()
            .record
            .last_status,
        "dead"
    );
}

#[tokio::test]
async fn schedule_events_are_trimmed_by_retention() {
    let f = fixture().await;
    f.engine
        .create_schedule(input("r", "@daily"), sys("schedule.create"))
        .await
        .unwrap();
    for _ in 0..5 {
        f.engine
            .run_schedule(&sname("r"), None, sys("schedule.run"))
            .await
            .unwrap();
    }
    let counts = f
        .engine
        .inner
        .store
        .sweep(crate::store::Sweep {
            now_ms: T0,
            terminal_before_ms: 0,
            dead_before_ms: None,
            events_keep: 1_000,
            schedule_events_keep: 2,
            workers_before_ms: 0,
            throughput_before_ms: 0,
            throughput_hours_before_ms: 0,
            stuck_before_ms: 0,
            batch: 100,
        })
        .await
        .unwrap();
    assert_eq!(counts.schedule_events, 3);
    assert_eq!(events(&f.engine, "r").await.len(), 2);
}

#[tokio::test]
async fn cancels_and_reclaims_record_their_run_events() {
    let f = fixture().await;
    f.engine
        .create_schedule(input("r", "@every 1m"), sys("schedule.create"))
        .await
        .unwrap();
    f.clock.set_ms(T0 + MINUTE);
    f.engine.fire_due_schedules().await.unwrap();
    let (waiting, _) = tasks(&f.engine).await.remove(0);
    f.engine
        .cancel_task(
            &waiting,
            crate::engine::audit::AuditEntry::system(0, "task.cancel", "*", "test"),
        )
        .await
        .unwrap();
    assert_eq!(
        f.engine
            .get_schedule(&sname("r"))
            .await
            .unwrap()
            .record
            .last_status,
        "cancelled"
    );

    f.clock.set_ms(T0 + 2 * MINUTE);
    f.engine.fire_due_schedules().await.unwrap();
    let worker = WorkerId::new("w1").unwrap();
    let leased = f
        .engine
        .lease(&worker, &report_handler(), None, 1)
        .await
        .unwrap();
    assert_eq!(leased.len(), 1);
    f.clock.advance_ms(f.engine.config().lease_ms + 1);
    assert_eq!(f.engine.reclaim_expired().await.unwrap(), 1);

    let history = events(&f.engine, "r").await;
    use ScheduleEventStatus::*;
    assert_eq!(
        statuses(&history),
        [Fired, Cancelled, Fired, Running, Failed]
    );
    assert!(
        history[4].error.contains("lease expired"),
        "{}",
        history[4].error
    );
    assert_eq!(history[4].task_id, Some(leased[0].id.clone()));
}
