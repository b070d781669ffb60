//! [`ScheduleStore`] conformance: schedules written whole under a revision, the compare-and-set
//! that keeps one node's fire from overwriting another's, and the history of their runs with
//! its retention.

use std::collections::BTreeMap;
use std::sync::Arc;

use worker_server::engine::model::*;
use worker_server::engine::schedules::*;
use worker_server::store::*;

use super::T0;

pub(super) fn name(value: &str) -> ScheduleName {
    ScheduleName::new(value).unwrap()
}

pub(super) fn schedule(value: &str) -> ScheduleRecord {
    ScheduleRecord {
        name: name(value),
        spec: "*/15 * * * *".into(),
        timezone: "UTC".into(),
        task: ScheduleTask {
            handler: "report".into(),
            queue: "default".into(),
            payload: b"{}".to_vec(),
            priority: 0,
            max_retries: None,
            timeout_ms: 0,
            metadata: BTreeMap::new(),
        },
        target: ScheduleTarget::Handler,
        durable: true,
        misfire: Misfire::Skip,
        overlap: Overlap::Allow,
        jitter_ms: 0,
        paused: false,
        next_fire_ms: T0 + 900_000,
        last_fire_ms: None,
        last_task_id: None,
        last_status: String::new(),
        created_at_ms: T0,
        updated_at_ms: T0,
        revision: 0,
    }
}

fn event(
    value: &str,
    status: ScheduleEventStatus,
    trigger: Trigger,
    at_ms: i64,
) -> ScheduleEventRecord {
    ScheduleEventRecord {
        name: name(value),
        spec: "*/15 * * * *".into(),
        status,
        trigger,
        // A fire is recorded after its time; counting goes by when it was recorded.
        fire_ms: at_ms - 1_000,
        task_id: Some(TaskId::generate()),
        queue: "default".into(),
        handler: "report".into(),
        attempt: 1,
        started_at_ms: at_ms,
        finished_at_ms: 0,
        duration_ms: 0,
        error: String::new(),
        at_ms,
    }
}

fn fired(value: &str, trigger: Trigger, at_ms: i64) -> ScheduleEventRecord {
    event(value, ScheduleEventStatus::Fired, trigger, at_ms)
}

fn names(events: &[ScheduleEventRecord]) -> Vec<(&str, i64)> {
    events.iter().map(|e| (e.name.as_str(), e.at_ms)).collect()
}

pub(super) async fn upsert_creates_then_replaces(store: Arc<dyn Store>) {
    let (stored, created) = store.upsert_schedule(schedule("nightly")).await.unwrap();
    assert!(created);
    assert_eq!(stored.revision, 1);
    let mut replacement = schedule("nightly");
    replacement.spec = "0 3 * * *".into();
    // Whatever revision the caller holds, an upsert writes over the stored one.
    replacement.revision = 17;
    let (stored, created) = store.upsert_schedule(replacement).await.unwrap();
    assert!(!created);
    assert_eq!((stored.revision, stored.spec.as_str()), (2, "0 3 * * *"));
    assert_eq!(
        store.get_schedule(&name("nightly")).await.unwrap(),
        Some(stored)
    );
}

pub(super) async fn get_and_list_by_name(store: Arc<dyn Store>) {
    assert_eq!(store.get_schedule(&name("nope")).await.unwrap(), None);
    assert!(store.list_schedules().await.unwrap().is_empty());
    for value in ["b-report", "a:cleanup", "c.sync"] {
        store.upsert_schedule(schedule(value)).await.unwrap();
    }
    let listed = store.list_schedules().await.unwrap();
    assert_eq!(
        listed.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        vec!["a:cleanup", "b-report", "c.sync"],
        "by name"
    );
    assert!(listed.iter().all(|s| s.revision == 1));
    let got = store.get_schedule(&name("c.sync")).await.unwrap().unwrap();
    assert_eq!(got, listed[2]);
}

pub(super) async fn delete_keeps_the_events(store: Arc<dyn Store>) {
    let (before, _) = store.upsert_schedule(schedule("nightly")).await.unwrap();
    store
        .append_schedule_events(&[fired("nightly", Trigger::Cron, T0)])
        .await
        .unwrap();
    assert!(store.delete_schedule(&name("nightly")).await.unwrap());
    assert!(!store.delete_schedule(&name("nightly")).await.unwrap());
    assert_eq!(store.get_schedule(&name("nightly")).await.unwrap(), None);
    assert!(store.list_schedules().await.unwrap().is_empty());
    let kept = store
        .list_schedule_events(Some(&name("nightly")), 10)
        .await
        .unwrap();
    assert_eq!(names(&kept), vec![("nightly", T0)], "events stay");
    assert_eq!(
        store
            .count_schedule_fires(&name("nightly"), Trigger::Cron, T0)
            .await
            .unwrap(),
        1
    );
    // A schedule made again under the name is new, and its revisions go on from the deleted
    // one's: a node that read the old schedule before the delete cannot write over the new one.
    let (again, created) = store.upsert_schedule(schedule("nightly")).await.unwrap();
    assert!(created);
    assert!(again.revision > before.revision);
    assert_eq!(store.update_schedule(before, &[]).await.unwrap(), None);
    assert_eq!(
        store.get_schedule(&name("nightly")).await.unwrap(),
        Some(again)
    );
}

pub(super) async fn update_compares_the_revision(store: Arc<dyn Store>) {
    let (read, _) = store.upsert_schedule(schedule("nightly")).await.unwrap();
    let mut advanced = read.clone();
    advanced.last_fire_ms = Some(T0 + 900_000);
    advanced.next_fire_ms = T0 + 1_800_000;
    let stored = store
        .update_schedule(advanced.clone(), &[])
        .await
        .unwrap()
        .expect("the revision read is still stored");
    assert_eq!(stored.revision, 2);
    assert_eq!(
        ScheduleRecord {
            revision: read.revision,
            ..stored.clone()
        },
        advanced
    );
    assert_eq!(
        store.get_schedule(&name("nightly")).await.unwrap(),
        Some(stored.clone())
    );
    // A writer still holding revision 1 lost: nothing changes.
    let mut stale = read.clone();
    stale.last_status = "fired".into();
    assert_eq!(store.update_schedule(stale, &[]).await.unwrap(), None);
    assert_eq!(
        store.get_schedule(&name("nightly")).await.unwrap(),
        Some(stored.clone())
    );
    // Replacing moves the revision too, so an update over the old one loses.
    store.upsert_schedule(schedule("nightly")).await.unwrap();
    assert_eq!(
        store.update_schedule(stored.clone(), &[]).await.unwrap(),
        None
    );
    // A deleted schedule is not made again by an update.
    let current = store.get_schedule(&name("nightly")).await.unwrap().unwrap();
    assert!(store.delete_schedule(&name("nightly")).await.unwrap());
    assert_eq!(store.update_schedule(current, &[]).await.unwrap(), None);
    assert_eq!(store.get_schedule(&name("nightly")).await.unwrap(), None);
    // Nor is one that never existed.
    let mut never = schedule("never");
    never.revision = 1;
    assert_eq!(store.update_schedule(never, &[]).await.unwrap(), None);
    assert_eq!(store.get_schedule(&name("never")).await.unwrap(), None);
}

pub(super) async fn update_writes_its_events_with_the_record_or_neither(store: Arc<dyn Store>) {
    let (read, _) = store.upsert_schedule(schedule("nightly")).await.unwrap();
    store.upsert_schedule(schedule("other")).await.unwrap();
    let earlier = event("other", ScheduleEventStatus::Skipped, Trigger::Cron, T0);
    store.append_schedule_events(&[earlier]).await.unwrap();
    let history = |store: Arc<dyn Store>| async move {
        (
            names(&store.list_schedule_events(None, 100).await.unwrap())
                .into_iter()
                .map(|(n, at)| (n.to_string(), at))
                .collect::<Vec<_>>(),
            store
                .list_schedule_events(Some(&name("nightly")), 100)
                .await
                .unwrap(),
        )
    };

    // A tick's advance and its events: both are written.
    let mut advanced = read.clone();
    advanced.last_fire_ms = Some(T0 + 900_000);
    advanced.next_fire_ms = T0 + 1_800_000;
    let fire = fired("nightly", Trigger::Cron, T0 + 10);
    let missed = event(
        "nightly",
        ScheduleEventStatus::Missed,
        Trigger::Cron,
        T0 + 11,
    );
    let stored = store
        .update_schedule(advanced, &[fire.clone(), missed.clone()])
        .await
        .unwrap()
        .expect("the revision read is still stored");
    assert_eq!(stored.revision, read.revision + 1);
    assert_eq!(
        store.get_schedule(&name("nightly")).await.unwrap(),
        Some(stored.clone())
    );
    let (all, own) = history(store.clone()).await;
    assert_eq!(own, vec![missed.clone(), fire.clone()], "newest first");
    assert_eq!(
        all,
        vec![
            ("nightly".to_string(), T0 + 11),
            ("nightly".to_string(), T0 + 10),
            ("other".to_string(), T0),
        ],
        "the events take the global sequence after the ones before them"
    );
    assert_eq!(
        store
            .count_schedule_fires(&name("nightly"), Trigger::Cron, T0)
            .await
            .unwrap(),
        1
    );

    // A stale revision writes neither the record nor its events.
    let mut stale = read.clone();
    stale.last_status = "fired".into();
    let lost = fired("nightly", Trigger::Manual, T0 + 20);
    assert_eq!(store.update_schedule(stale, &[lost]).await.unwrap(), None);
    assert_eq!(
        store.get_schedule(&name("nightly")).await.unwrap(),
        Some(stored.clone())
    );
    assert_eq!(history(store.clone()).await, (all.clone(), own.clone()));
    assert_eq!(
        store
            .count_schedule_fires(&name("nightly"), Trigger::Manual, T0)
            .await
            .unwrap(),
        0,
        "a fire that was not written is not counted"
    );

    // Two writers of one revision: only the winner's events are kept.
    let (mut a, mut b) = (stored.clone(), stored.clone());
    a.last_status = "a".into();
    b.last_status = "b".into();
    let (ea, eb) = (
        fired("nightly", Trigger::Cron, T0 + 30),
        fired("nightly", Trigger::Cron, T0 + 31),
    );
    let (ra, rb) = tokio::join!(
        store.update_schedule(a, std::slice::from_ref(&ea)),
        store.update_schedule(b, std::slice::from_ref(&eb))
    );
    let (ra, rb) = (ra.unwrap(), rb.unwrap());
    assert_eq!(
        ra.is_some() as u8 + rb.is_some() as u8,
        1,
        "one writer wins"
    );
    let winner = if ra.is_some() { ea } else { eb };
    let (_, own) = history(store.clone()).await;
    assert_eq!(own, vec![winner, missed, fire], "only the winner's event");

    // A deleted schedule takes no update and no events.
    let current = store.get_schedule(&name("nightly")).await.unwrap().unwrap();
    assert!(store.delete_schedule(&name("nightly")).await.unwrap());
    let before = history(store.clone()).await;
    assert_eq!(
        store
            .update_schedule(current, &[fired("nightly", Trigger::Cron, T0 + 40)])
            .await
            .unwrap(),
        None
    );
    assert_eq!(history(store.clone()).await, before);
}

pub(super) async fn concurrent_updates_of_one_revision_let_one_win(store: Arc<dyn Store>) {
    let (read, _) = store.upsert_schedule(schedule("nightly")).await.unwrap();
    for round in 0..10 {
        let current = store.get_schedule(&name("nightly")).await.unwrap().unwrap();
        let (mut a, mut b) = (current.clone(), current.clone());
        a.last_status = format!("a{round}");
        b.last_status = format!("b{round}");
        let (ra, rb) = tokio::join!(store.update_schedule(a, &[]), store.update_schedule(b, &[]));
        let winners: Vec<ScheduleRecord> =
            [ra.unwrap(), rb.unwrap()].into_iter().flatten().collect();
        assert_eq!(winners.len(), 1, "exactly one update of a revision wins");
        assert_eq!(winners[0].revision, current.revision + 1);
        assert_eq!(
            store.get_schedule(&name("nightly")).await.unwrap().as_ref(),
            Some(&winners[0]),
            "the winner is what is stored"
        );
    }
    assert_eq!(
        store
            .get_schedule(&name("nightly"))
            .await
            .unwrap()
            .unwrap()
            .revision,
        read.revision + 10
    );
    // Upserts at once both write, one after the other: one makes the schedule, one replaces it.
    let (ra, rb) = tokio::join!(
        store.upsert_schedule(schedule("fresh")),
        store.upsert_schedule(schedule("fresh"))
    );
    let (ra, rb) = (ra.unwrap(), rb.unwrap());
    assert_eq!(ra.1 as u8 + rb.1 as u8, 1, "exactly one upsert makes it");
    let mut revisions = [ra.0.revision, rb.0.revision];
    revisions.sort();
    assert_eq!(revisions, [1, 2]);
}

pub(super) async fn records_round_trip_exactly(store: Arc<dyn Store>) {
    let mut record = schedule("etl:daily");
    record.spec = "@every 90s".into();
    record.timezone = "Europe/Berlin".into();
    record.task = ScheduleTask {
        handler: "etl.load".into(),
        queue: "bulk".into(),
        payload: vec![0x00, 0xff, 0xfe, b'"', b'\\', 0x80, b'\n'],
        priority: -3,
        max_retries: Some(7),
        timeout_ms: 120_000,
        metadata: BTreeMap::from([
            ("owner".to_string(), "data-team".to_string()),
            ("quote".to_string(), "\"x\"\u{1f}\u{0}ü".to_string()),
        ]),
    };
    record.misfire = Misfire::CatchUp { max: 250 };
    record.overlap = Overlap::Skip;
    record.jitter_ms = 4_500;
    record.paused = true;
    record.last_fire_ms = Some(T0 - 90_000);
    record.last_task_id = Some(TaskId::generate());
    record.last_status = "succeeded".into();
    record.updated_at_ms = T0 + 5;
    let (stored, _) = store.upsert_schedule(record.clone()).await.unwrap();
    assert_eq!(
        stored,
        ScheduleRecord {
            revision: 1,
            ..record.clone()
        }
    );
    let got = store
        .get_schedule(&name("etl:daily"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got, stored);
    assert_eq!(store.list_schedules().await.unwrap(), vec![stored.clone()]);
    // The other policies too, through an update.
    let mut other = got;
    other.misfire = Misfire::RunOnce;
    other.overlap = Overlap::Allow;
    other.last_task_id = None;
    other.last_fire_ms = None;
    other.task.max_retries = None;
    other.task.payload = Vec::new();
    // What the schedule runs is kept with it.
    other.target = ScheduleTarget::Job;
    let updated = store
        .update_schedule(other.clone(), &[])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        updated,
        ScheduleRecord {
            revision: 2,
            ..other
        }
    );
    assert_eq!(
        store.get_schedule(&name("etl:daily")).await.unwrap(),
        Some(updated)
    );

    let mut failed = event(
        "etl:daily",
        ScheduleEventStatus::Failed,
        Trigger::Manual,
        T0,
    );
    failed.attempt = 3;
    failed.finished_at_ms = T0 + 250;
    failed.duration_ms = 250;
    failed.error = "connection refused: \"db\"\n\u{1f}".into();
    let mut missed = event(
        "etl:daily",
        ScheduleEventStatus::Missed,
        Trigger::Cron,
        T0 + 1,
    );
    missed.task_id = None;
    missed.attempt = 0;
    store
        .append_schedule_events(&[failed.clone(), missed.clone()])
        .await
        .unwrap();
    assert_eq!(
        store.list_schedule_events(None, 10).await.unwrap(),
        vec![missed, failed]
    );
}

pub(super) async fn events_are_listed_newest_first(store: Arc<dyn Store>) {
    assert!(
        store
            .list_schedule_events(None, 10)
            .await
            .unwrap()
            .is_empty()
    );
    store
        .append_schedule_events(&[
            fired("a", Trigger::Cron, T0),
            event("a", ScheduleEventStatus::Running, Trigger::Cron, T0 + 1),
            fired("b", Trigger::Manual, T0 + 2),
        ])
        .await
        .unwrap();
    store.append_schedule_events(&[]).await.unwrap();
    store
        .append_schedule_events(&[event(
            "a",
            ScheduleEventStatus::Succeeded,
            Trigger::Cron,
            T0 + 3,
        )])
        .await
        .unwrap();
    assert_eq!(
        names(&store.list_schedule_events(None, 10).await.unwrap()),
        vec![("a", T0 + 3), ("b", T0 + 2), ("a", T0 + 1), ("a", T0)]
    );
    assert_eq!(
        names(&store.list_schedule_events(None, 2).await.unwrap()),
        vec![("a", T0 + 3), ("b", T0 + 2)]
    );
    let of_a = store
        .list_schedule_events(Some(&name("a")), 10)
        .await
        .unwrap();
    assert_eq!(
        of_a.iter().map(|e| e.status).collect::<Vec<_>>(),
        vec![
            ScheduleEventStatus::Succeeded,
            ScheduleEventStatus::Running,
            ScheduleEventStatus::Fired
        ]
    );
    assert_eq!(
        names(
            &store
                .list_schedule_events(Some(&name("a")), 1)
                .await
                .unwrap()
        ),
        vec![("a", T0 + 3)]
    );
    assert_eq!(
        names(
            &store
                .list_schedule_events(Some(&name("b")), 10)
                .await
                .unwrap()
        ),
        vec![("b", T0 + 2)]
    );
    assert!(
        store
            .list_schedule_events(Some(&name("c")), 10)
            .await
            .unwrap()
            .is_empty()
    );
}

pub(super) async fn fires_are_counted_by_trigger_and_time(store: Arc<dyn Store>) {
    let count = |value: &'static str, trigger: Trigger, since: i64| {
        let store = store.clone();
        async move {
            store
                .count_schedule_fires(&name(value), trigger, since)
                .await
                .unwrap()
        }
    };
    assert_eq!(count("a", Trigger::Manual, 0).await, 0);
    store
        .append_schedule_events(&[
            fired("a", Trigger::Manual, T0),
            fired("a", Trigger::Cron, T0 + 5),
            fired("a", Trigger::Manual, T0 + 10),
            // Only fires count: not the runs they started, nor skipped fires.
            event("a", ScheduleEventStatus::Running, Trigger::Manual, T0 + 11),
            event(
                "a",
                ScheduleEventStatus::Succeeded,
                Trigger::Manual,
                T0 + 12,
            ),
            event("a", ScheduleEventStatus::Skipped, Trigger::Cron, T0 + 13),
            fired("b", Trigger::Manual, T0 + 10),
        ])
        .await
        .unwrap();
    store
        .append_schedule_events(&[fired("a", Trigger::Manual, T0 + 20)])
        .await
        .unwrap();
    assert_eq!(count("a", Trigger::Manual, T0).await, 3);
    assert_eq!(count("a", Trigger::Manual, T0 + 1).await, 2);
    assert_eq!(count("a", Trigger::Manual, T0 + 10).await, 2, "at or after");
    assert_eq!(count("a", Trigger::Manual, T0 + 21).await, 0);
    // The events' fire times are 1 s before they were recorded: the window reads the latter.
    assert_eq!(count("a", Trigger::Manual, T0 + 19).await, 1);
    assert_eq!(count("a", Trigger::Cron, 0).await, 1);
    assert_eq!(count("a", Trigger::Cron, T0 + 6).await, 0);
    assert_eq!(count("b", Trigger::Manual, 0).await, 1);
    assert_eq!(count("b", Trigger::Cron, 0).await, 0);
}

pub(super) async fn retention_keeps_the_newest_schedule_events(store: Arc<dyn Store>) {
    let mut events = Vec::new();
    for i in 0..6 {
        let value = if i % 2 == 0 { "a" } else { "b" };
        events.push(fired(value, Trigger::Manual, T0 + i));
        events.push(event(
            value,
            ScheduleEventStatus::Succeeded,
            Trigger::Manual,
            T0 + i,
        ));
    }
    store.append_schedule_events(&events).await.unwrap();
    let sweep = Sweep {
        now_ms: T0 + 10,
        terminal_before_ms: 0,
        dead_before_ms: None,
        events_keep: 1_000,
        schedule_events_keep: 3,
        workers_before_ms: 0,
        throughput_before_ms: 0,
        throughput_hours_before_ms: 0,
        stuck_before_ms: 0,
        batch: 100,
    };
    assert_eq!(store.sweep(sweep).await.unwrap().schedule_events, 9);
    let kept = store.list_schedule_events(None, 100).await.unwrap();
    assert_eq!(kept, events[9..].iter().rev().cloned().collect::<Vec<_>>());
    assert_eq!(
        names(
            &store
                .list_schedule_events(Some(&name("a")), 100)
                .await
                .unwrap()
        ),
        vec![("a", T0 + 4)]
    );
    assert_eq!(
        names(
            &store
                .list_schedule_events(Some(&name("b")), 100)
                .await
                .unwrap()
        ),
        vec![("b", T0 + 5), ("b", T0 + 5)]
    );
    // Trimmed fires are no longer counted.
    assert_eq!(
        store
            .count_schedule_fires(&name("a"), Trigger::Manual, 0)
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        store
            .count_schedule_fires(&name("b"), Trigger::Manual, 0)
            .await
            .unwrap(),
        1
    );
    assert_eq!(store.sweep(sweep).await.unwrap().schedule_events, 0);
    // New events are kept beside the newest, whose order stays.
    store
        .append_schedule_events(&[fired("a", Trigger::Cron, T0 + 20)])
        .await
        .unwrap();
    assert_eq!(store.sweep(sweep).await.unwrap().schedule_events, 1);
    assert_eq!(
        names(&store.list_schedule_events(None, 100).await.unwrap()),
        vec![("a", T0 + 20), ("b", T0 + 5), ("b", T0 + 5)]
    );
}

/// Every audit entry, oldest first.
async fn audit_log(store: &Arc<dyn Store>) -> Vec<worker_server::engine::audit::AuditRecord> {
    use worker_server::engine::audit::{AuditCursor, AuditFilter};
    store
        .list_audit(&AuditFilter::default(), &AuditCursor::After(None), 100)
        .await
        .unwrap()
}

/// Issue 12 item 2: an operator's schedule change is written with its audit entry, planned on
/// the schedules as read; a plan a schedule no longer matches writes nothing, entry included.
pub(super) async fn operator_changes_commit_with_their_entry_as_planned(store: Arc<dyn Store>) {
    use worker_server::engine::audit::COUNT_PLACEHOLDER;
    let write = |action: &str| super::audit::write(action, "alice", T0);
    // A create, planned on the absence of the schedule.
    let (put, entry) = store
        .write_schedules_audited(
            &[SchedulePlan::put(schedule("a"))],
            &write("schedule.create"),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(put[0].revision, 1);
    assert_eq!(
        store.get_schedule(&name("a")).await.unwrap(),
        Some(put[0].clone())
    );
    assert_eq!(entry.entry.action, "schedule.create");
    // The same plan once the schedule exists, and a pause planned on a revision another write
    // moved: refused, nothing written.
    assert!(
        store
            .write_schedules_audited(
                &[SchedulePlan::put(schedule("a"))],
                &write("schedule.create")
            )
            .await
            .unwrap()
            .is_none()
    );
    let advanced = store
        .update_schedule(put[0].clone(), &[])
        .await
        .unwrap()
        .unwrap();
    let mut stale = put[0].clone();
    stale.paused = true;
    assert!(
        store
            .write_schedules_audited(&[SchedulePlan::put(stale)], &write("schedule.pause"))
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        store.get_schedule(&name("a")).await.unwrap(),
        Some(advanced.clone())
    );
    // Two schedules paused in one write, the entry counting them.
    let (b, _) = store.upsert_schedule(schedule("b")).await.unwrap();
    let paused = |r: &ScheduleRecord| ScheduleRecord {
        paused: true,
        ..r.clone()
    };
    let mut all = write("schedule.pause_all");
    all.entry.detail = format!("paused {COUNT_PLACEHOLDER}");
    // One of the two moved: neither is written.
    let b_moved = store
        .update_schedule(b.clone(), &[])
        .await
        .unwrap()
        .unwrap();
    assert!(
        store
            .write_schedules_audited(
                &[
                    SchedulePlan::put(paused(&advanced)),
                    SchedulePlan::put(paused(&b))
                ],
                &all
            )
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        !store
            .get_schedule(&name("a"))
            .await
            .unwrap()
            .unwrap()
            .paused
    );
    let (put, entry) = store
        .write_schedules_audited(
            &[
                SchedulePlan::put(paused(&advanced)),
                SchedulePlan::put(paused(&b_moved)),
            ],
            &all,
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(entry.entry.detail, "paused 2");
    assert_eq!(
        (put[0].revision, put[1].revision),
        (advanced.revision + 1, b_moved.revision + 1)
    );
    for (written, n) in put.iter().zip(["a", "b"]) {
        let stored = store.get_schedule(&name(n)).await.unwrap().unwrap();
        assert!(stored.paused);
        assert_eq!(&stored, written);
    }
    // A delete planned on a revision that moved is refused; one as read removes the schedule,
    // whose revision stays, so a create planned on its absence continues from it.
    let a = store.get_schedule(&name("a")).await.unwrap().unwrap();
    let delete = |revision| SchedulePlan::Delete {
        name: name("a"),
        revision,
    };
    assert!(
        store
            .write_schedules_audited(&[delete(a.revision - 1)], &write("schedule.delete"))
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .write_schedules_audited(&[delete(a.revision)], &write("schedule.delete"))
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(store.get_schedule(&name("a")).await.unwrap(), None);
    assert!(
        store
            .write_schedules_audited(&[delete(a.revision)], &write("schedule.delete"))
            .await
            .unwrap()
            .is_none(),
        "a delete of a schedule that is gone"
    );
    let (again, _) = store
        .write_schedules_audited(
            &[SchedulePlan::put(schedule("a"))],
            &write("schedule.create"),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again[0].revision, a.revision + 1);
    // An empty plan (a call that changed nothing) writes its entry alone.
    let (put, _) = store
        .write_schedules_audited(&[], &write("schedule.pause"))
        .await
        .unwrap()
        .unwrap();
    assert!(put.is_empty());
    let actions: Vec<String> = audit_log(&store)
        .await
        .into_iter()
        .map(|r| r.entry.action)
        .collect();
    assert_eq!(
        actions,
        [
            "schedule.create",
            "schedule.pause_all",
            "schedule.delete",
            "schedule.create",
            "schedule.pause"
        ]
    );
    assert_eq!(
        worker_server::engine::audit::verify_chain(&audit_log(&store).await, None),
        Ok(())
    );
}
