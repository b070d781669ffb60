//! The operator API: validation, upsert, pause and resume, factories and presets.

use super::*;

#[tokio::test]
async fn create_refuses_bad_fields_and_stores_nothing() {
    let f = fixture().await;
    let e = &f.engine;
    assert_eq!(
        reason(
            e.create_schedule(input("r", "* * *"), sys("schedule.create"))
                .await
        ),
        "invalid_spec"
    );
    assert_eq!(
        reason(
            e.create_schedule(input("r", "@every 0s"), sys("schedule.create"))
                .await
        ),
        "invalid_spec"
    );
    let mut bad_tz = input("r", "@daily");
    bad_tz.timezone = "Nowhere/City".into();
    assert_eq!(
        reason(e.create_schedule(bad_tz, sys("schedule.create")).await),
        "invalid_timezone"
    );
    let mut unknown = input("r", "@daily");
    unknown.handler = "nobody-runs-this".into();
    let err = e
        .create_schedule(unknown, sys("schedule.create"))
        .await
        .unwrap_err();
    assert_eq!(err.reason(), "schedule_factory_not_found");
    assert!(err.to_string().contains("cleanup, report"), "{err}");
    let mut misfire = input("r", "@daily");
    misfire.misfire = "sometimes".into();
    assert_eq!(
        reason(e.create_schedule(misfire, sys("schedule.create")).await),
        "invalid_misfire"
    );
    let mut catch_up = input("r", "@daily");
    catch_up.misfire = "catch_up".into();
    assert_eq!(
        reason(e.create_schedule(catch_up, sys("schedule.create")).await),
        "invalid_misfire"
    );
    let mut overlap = input("r", "@daily");
    overlap.overlap = "queue".into();
    assert_eq!(
        reason(e.create_schedule(overlap, sys("schedule.create")).await),
        "invalid_overlap"
    );
    for jitter in [-1, 3_600_001] {
        let mut jittery = input("r", "@daily");
        jittery.jitter_ms = jitter;
        assert_eq!(
            reason(e.create_schedule(jittery, sys("schedule.create")).await),
            "invalid_jitter"
        );
    }
    assert_eq!(
        reason(
            e.create_schedule(input("bad name!", "@daily"), sys("schedule.create"))
                .await
        ),
        "invalid_schedule_name"
    );
    let mut queue = input("r", "@daily");
    queue.queue = "no spaces allowed".into();
    assert!(
        e.create_schedule(queue, sys("schedule.create"))
            .await
            .is_err()
    );
    let mut timeout = input("r", "@daily");
    timeout.timeout_ms = -5;
    assert_eq!(
        reason(e.create_schedule(timeout, sys("schedule.create")).await),
        "invalid_timeout"
    );
    let mut forged = input("r", "@daily");
    forged
        .metadata
        .insert("worker.schedule.name".into(), "other".into());
    assert_eq!(
        reason(e.create_schedule(forged, sys("schedule.create")).await),
        "invalid_metadata"
    );
    assert!(e.list_schedules().await.unwrap().is_empty());
}

#[tokio::test]
async fn producers_cannot_forge_schedule_metadata() {
    let f = fixture().await;
    for key in ["worker.schedule.name", "worker.schedule.anything"] {
        let spec = crate::engine::model::TaskSpec {
            handler: "report".into(),
            metadata: [(key.to_string(), "nightly".to_string())].into(),
            ..Default::default()
        };
        assert_eq!(
            reason(f.engine.enqueue(spec.clone()).await),
            "invalid_metadata"
        );
        assert_eq!(
            reason(f.engine.enqueue_batch(vec![spec]).await),
            "invalid_metadata"
        );
    }
}

#[tokio::test]
async fn create_defaults_and_upsert_keeps_created_at() {
    let f = fixture().await;
    let mut first = input("report", "*/15 * * * *");
    first.handler = String::new();
    first.durable = false;
    let (view, created) = f
        .engine
        .create_schedule(first, sys("schedule.create"))
        .await
        .unwrap();
    assert!(created);
    let r = &view.record;
    assert_eq!(
        r.task.handler, "report",
        "the handler defaults to the schedule's name"
    );
    assert_eq!(r.task.queue, "default");
    assert!(r.durable, "every schedule is durable here");
    assert_eq!(
        r.timezone, "UTC",
        "an empty time zone is stored by its name"
    );
    assert_eq!(r.created_at_ms, T0);
    assert_eq!(view.next_run_ms, T0 + 15 * MINUTE);
    assert_eq!(view.last_run_ms, 0);
    assert!(!view.description.is_empty());

    f.engine
        .pause_schedule(&sname("report"), true, sys("schedule.pause"))
        .await
        .unwrap();
    f.clock.advance_ms(HOUR + 1);
    let mut second = input("report", "@every 1h");
    second.queue = "reports".into();
    let (view, created) = f
        .engine
        .create_schedule(second, sys("schedule.create"))
        .await
        .unwrap();
    assert!(!created);
    assert_eq!(view.record.created_at_ms, T0);
    assert_eq!(view.record.updated_at_ms, T0 + HOUR + 1);
    assert!(!view.record.paused, "an upsert clears the pause");
    assert_eq!(view.record.spec, "@every 1h");
    assert_eq!(view.record.task.queue, "reports");
    assert_eq!(view.next_run_ms, T0 + 2 * HOUR);
    assert_eq!(view.description, "every hour");
    assert_eq!(f.engine.list_schedules().await.unwrap().len(), 1);
}

#[tokio::test]
async fn paused_schedules_show_no_next_run_and_unknown_names_are_not_found() {
    let f = fixture().await;
    f.engine
        .create_schedule(input("b", "@hourly"), sys("schedule.create"))
        .await
        .unwrap();
    f.engine
        .create_schedule(input("a", "@daily"), sys("schedule.create"))
        .await
        .unwrap();
    let paused = f
        .engine
        .pause_schedule(&sname("b"), true, sys("schedule.pause"))
        .await
        .unwrap();
    assert_eq!(paused.next_run_ms, 0);
    assert!(paused.record.paused);
    let list = f.engine.list_schedules().await.unwrap();
    let names: Vec<&str> = list.iter().map(|v| v.record.name.as_str()).collect();
    assert_eq!(names, ["a", "b"]);
    assert_eq!(list[0].next_run_ms, T0 + 24 * HOUR);
    assert_eq!(list[1].next_run_ms, 0);
    assert_eq!(
        f.engine
            .get_schedule(&sname("b"))
            .await
            .unwrap()
            .next_run_ms,
        0
    );
    assert_eq!(
        reason(f.engine.get_schedule(&sname("zz")).await),
        "schedule_not_found"
    );
    assert_eq!(
        reason(
            f.engine
                .pause_schedule(&sname("zz"), true, sys("schedule.pause"))
                .await
        ),
        "schedule_not_found"
    );
    assert_eq!(
        f.engine
            .pause_schedules(true, sys("schedule.pause_all"))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        f.engine
            .pause_schedules(true, sys("schedule.pause_all"))
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        f.engine
            .pause_schedules(false, sys("schedule.pause_all"))
            .await
            .unwrap(),
        2
    );
    assert!(
        f.engine
            .delete_schedule(&sname("a"), sys("schedule.delete"))
            .await
            .unwrap()
    );
    assert!(
        !f.engine
            .delete_schedule(&sname("a"), sys("schedule.delete"))
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn resume_skips_fires_missed_while_paused() {
    let f = fixture().await;
    f.engine
        .create_schedule(input("r", "@every 1m"), sys("schedule.create"))
        .await
        .unwrap();
    f.engine
        .pause_schedule(&sname("r"), true, sys("schedule.pause"))
        .await
        .unwrap();
    f.clock.advance_ms(10 * MINUTE + 30_000);
    assert_eq!(f.engine.fire_due_schedules().await.unwrap().fired, 0);
    let view = f
        .engine
        .pause_schedule(&sname("r"), false, sys("schedule.pause"))
        .await
        .unwrap();
    assert_eq!(view.next_run_ms, T0 + 11 * MINUTE);
    let report = f.engine.fire_due_schedules().await.unwrap();
    assert_eq!(report, Default::default(), "nothing is made up");
    assert!(tasks(&f.engine).await.is_empty());
    f.clock.set_ms(T0 + 11 * MINUTE);
    assert_eq!(f.engine.fire_due_schedules().await.unwrap().fired, 1);
}

#[tokio::test]
async fn factories_are_the_handlers_of_live_workers() {
    let f = fixture().await;
    let factories = f.engine.schedule_factories().await.unwrap();
    let names: Vec<&str> = factories.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(names, ["cleanup", "report"]);
    assert!(factories.iter().all(|x| x.durable && x.origin == "handler"));
}

#[tokio::test]
async fn presets_create_only_absent_valid_schedules_without_a_factory_check() {
    let f = fixture().await;
    let mut existing = input("kept", "@hourly");
    existing.queue = "mine".into();
    f.engine
        .create_schedule(existing, sys("schedule.create"))
        .await
        .unwrap();
    let mut other = input("kept", "@daily");
    other.queue = "theirs".into();
    let mut unknown_handler = input("nightly", "0 3 * * *");
    unknown_handler.handler = "not-registered-yet".into();
    let created = f
        .engine
        .ensure_schedules(vec![other, unknown_handler, input("broken", "every day")])
        .await
        .unwrap();
    assert_eq!(created, 1);
    let list = f.engine.list_schedules().await.unwrap();
    let names: Vec<&str> = list.iter().map(|v| v.record.name.as_str()).collect();
    assert_eq!(names, ["kept", "nightly"]);
    assert_eq!(
        list[0].record.task.queue, "mine",
        "an existing schedule is left alone"
    );
    assert_eq!(list[1].record.task.handler, "not-registered-yet");
}

#[tokio::test]
async fn the_store_writes_a_schedule_only_over_the_revision_it_was_read_at() {
    let f = fixture().await;
    let (view, _) = f
        .engine
        .create_schedule(input("r", "@hourly"), sys("schedule.create"))
        .await
        .unwrap();
    let store = &f.engine.inner.store;
    let read = store.get_schedule(&sname("r")).await.unwrap().unwrap();
    assert_eq!(read.revision, 1);
    assert_eq!(read, view.record);
    let mut first = read.clone();
    first.last_status = "first".into();
    let written = store.update_schedule(first, &[]).await.unwrap().unwrap();
    assert_eq!(written.revision, 2);
    let mut stale = read.clone();
    stale.last_status = "stale".into();
    assert_eq!(store.update_schedule(stale, &[]).await.unwrap(), None);
    let now = store.get_schedule(&sname("r")).await.unwrap().unwrap();
    assert_eq!((now.revision, now.last_status.as_str()), (2, "first"));
    let (again, created) = store.upsert_schedule(read).await.unwrap();
    assert_eq!((again.revision, created), (3, false));
    assert!(store.delete_schedule(&sname("r")).await.unwrap());
    assert_eq!(store.update_schedule(again, &[]).await.unwrap(), None);
}
