//! [`DlqStore`] conformance: listing with filters and search, replay and purge.

use std::sync::Arc;

use worker_server::engine::listing::{DLQ_TOTAL_CAP, DlqStart};
use worker_server::engine::model::*;
use worker_server::store::*;

use super::{T0, assert_counters_match, h, insert, kill, new_task, q, state_of};

pub(super) async fn dlq_listing_filters_and_pages(store: Arc<dyn Store>) {
    let a1 = kill(&store, "a", "send_email", "SMTP timeout", T0).await;
    let a2 = kill(&store, "a", "resize", "image too large", T0 + 1).await;
    let b1 = kill(&store, "b", "send_email", "Connection refused", T0 + 2).await;
    let all = store.list_dlq(&DlqFilter::default(), 10, 0).await.unwrap();
    assert_eq!(all.total, 3);
    assert_eq!(
        all.items.iter().map(|e| e.id.clone()).collect::<Vec<_>>(),
        vec![b1.clone(), a2.clone(), a1.clone()],
        "newest first"
    );
    let page = store.list_dlq(&DlqFilter::default(), 1, 1).await.unwrap();
    assert_eq!((page.total, page.items[0].id.clone()), (3, a2.clone()));
    let by_queue = store
        .list_dlq(
            &DlqFilter {
                queue: Some(q("a")),
                ..Default::default()
            },
            10,
            0,
        )
        .await
        .unwrap();
    assert_eq!(by_queue.total, 2);
    let by_handler = store
        .list_dlq(
            &DlqFilter {
                handler: Some(h("send_email")),
                ..Default::default()
            },
            10,
            0,
        )
        .await
        .unwrap();
    assert_eq!(
        by_handler
            .items
            .iter()
            .map(|e| e.id.clone())
            .collect::<Vec<_>>(),
        vec![b1.clone(), a1.clone()]
    );
    let text = |query: &str| DlqFilter {
        query: Some(query.into()),
        ..Default::default()
    };
    // Case-insensitive substrings of the error, the handler and the id.
    let hits = store.list_dlq(&text("TIMEOUT"), 10, 0).await.unwrap();
    assert_eq!(
        hits.items.iter().map(|e| e.id.clone()).collect::<Vec<_>>(),
        vec![a1.clone()]
    );
    let hits = store.list_dlq(&text("resiz"), 10, 0).await.unwrap();
    assert_eq!(hits.total, 1);
    let id_part = &b1.as_str()[24..32];
    let hits = store.list_dlq(&text(id_part), 10, 0).await.unwrap();
    assert_eq!(
        hits.items.iter().map(|e| e.id.clone()).collect::<Vec<_>>(),
        vec![b1.clone()]
    );
    // Short queries and characters with meaning to the search syntax work too.
    assert_eq!(store.list_dlq(&text("la"), 10, 0).await.unwrap().total, 1);
    assert_eq!(store.list_dlq(&text("%"), 10, 0).await.unwrap().total, 0);
    assert_eq!(
        store
            .list_dlq(&text("\"refused AND"), 10, 0)
            .await
            .unwrap()
            .total,
        0
    );
    // Control characters and characters outside the BMP are only text to search for.
    assert_eq!(
        store
            .list_dlq(&text("\u{18}W\u{f2c38}N\u{11}"), 10, 0)
            .await
            .unwrap()
            .total,
        0
    );
    assert_eq!(
        store.list_dlq(&text("a\u{4}"), 10, 0).await.unwrap().total,
        0
    );
    // Filters combine.
    let both = store
        .list_dlq(
            &DlqFilter {
                queue: Some(q("b")),
                handler: Some(h("send_email")),
                query: Some("refused".into()),
                ..Default::default()
            },
            10,
            0,
        )
        .await
        .unwrap();
    assert_eq!(
        both.items.iter().map(|e| e.id.clone()).collect::<Vec<_>>(),
        vec![b1]
    );
}

pub(super) async fn dlq_replay_and_purge(store: Arc<dyn Store>) {
    let oldest = kill(&store, "a", "h", "e1", T0).await;
    let middle = kill(&store, "a", "h", "e2", T0 + 1).await;
    let newest = kill(&store, "b", "h", "e3", T0 + 2).await;
    let live = insert(&store, new_task("a", "h", T0)).await;
    let (ids, entry) = store
        .replay_oldest(1, T0 + 10, &replay_audit())
        .await
        .unwrap();
    assert_eq!(ids, vec![oldest.clone()]);
    assert_eq!(entry.entry.detail, "moved 1");
    let replayed = store.get_task(&oldest).await.unwrap().unwrap();
    assert_eq!(replayed.task.state, TaskState::Pending);
    assert_eq!(replayed.task.attempts, 0);
    assert_eq!(replayed.errors.len(), 1, "history survives a replay");
    let unknown = TaskId::generate();
    let (outcomes, entry) = store
        .replay_ids(
            &[middle.clone(), live.clone(), unknown],
            T0 + 20,
            &replay_audit(),
        )
        .await
        .unwrap();
    assert_eq!(entry.entry.detail, "moved 1");
    assert_eq!(
        outcomes,
        vec![
            ReplayOutcome::Replayed,
            ReplayOutcome::NotDead(TaskState::Pending),
            ReplayOutcome::NotFound
        ]
    );
    assert_eq!(state_of(&store, &live).await, TaskState::Pending);
    assert_eq!(
        store
            .list_dlq(&DlqFilter::default(), 10, 0)
            .await
            .unwrap()
            .total,
        1
    );
    let extra = kill(&store, "b", "h", "e4", T0 + 3).await;
    // Purge by id touches only DLQ members.
    let purge_ids = DlqPurge {
        ids: Some(vec![extra.clone(), live.clone()]),
        limit: 100,
        ..Default::default()
    };
    assert_eq!(store.purge_dlq(&purge_ids).await.unwrap(), 1);
    assert!(store.get_task(&live).await.unwrap().is_some());
    assert!(store.get_task(&extra).await.unwrap().is_none());
    let purge_all = DlqPurge {
        limit: 100,
        ..Default::default()
    };
    assert_eq!(store.purge_dlq(&purge_all).await.unwrap(), 1);
    assert!(store.get_task(&newest).await.unwrap().is_none());
    assert_eq!(
        store
            .list_dlq(&DlqFilter::default(), 10, 0)
            .await
            .unwrap()
            .total,
        0
    );
    assert_counters_match(&store, "a", "h").await;
    assert_counters_match(&store, "b", "h").await;
}

/// A replay's audit write, its count filled in by the store.
fn replay_audit() -> worker_server::engine::audit::AuditWrite {
    let mut write = super::audit::write("dlq.replay", "alice", T0);
    write.entry.detail = format!("moved {}", worker_server::engine::audit::COUNT_PLACEHOLDER);
    write
}

/// Groups of one store, sorted by queue, handler and fingerprint, as (queue, handler,
/// fingerprint, count, first, last, sample id).
async fn groups(
    store: &Arc<dyn Store>,
    queue: Option<&str>,
    handler: Option<&str>,
) -> Vec<(String, String, String, u64, i64, i64, TaskId)> {
    let queue = queue.map(q);
    let handler = handler.map(h);
    let mut out: Vec<_> = store
        .dlq_groups(queue.as_ref(), handler.as_ref())
        .await
        .unwrap()
        .into_iter()
        .map(|g| {
            (
                g.queue.as_str().to_owned(),
                g.handler.as_str().to_owned(),
                g.fingerprint,
                g.count,
                g.first_failed_ms,
                g.last_failed_ms,
                g.sample_task_id,
            )
        })
        .collect();
    out.sort();
    out
}

pub(super) async fn dlq_groups_count_entries_by_cause_as_they_come_and_go(store: Arc<dyn Store>) {
    let t1 = kill(
        &store,
        "a",
        "mail",
        "dial tcp 10.0.0.1:25: connection refused",
        T0,
    )
    .await;
    let t2 = kill(
        &store,
        "a",
        "mail",
        "dial tcp 10.0.0.2:587: connection refused",
        T0 + 5,
    )
    .await;
    let t3 = kill(
        &store,
        "b",
        "mail",
        "dial tcp 10.0.0.3:25: connection refused",
        T0 + 7,
    )
    .await;
    let t4 = kill(&store, "a", "mail", "user \"bob\" unknown", T0 + 9).await;
    let refused = "dial tcp <addr>: connection refused".to_string();
    let unknown = "user <q> unknown".to_string();
    assert_eq!(
        groups(&store, None, None).await,
        vec![
            (
                "a".into(),
                "mail".into(),
                refused.clone(),
                2,
                T0,
                T0 + 5,
                t2.clone()
            ),
            (
                "a".into(),
                "mail".into(),
                unknown.clone(),
                1,
                T0 + 9,
                T0 + 9,
                t4.clone()
            ),
            (
                "b".into(),
                "mail".into(),
                refused.clone(),
                1,
                T0 + 7,
                T0 + 7,
                t3.clone()
            ),
        ]
    );
    // Opening a group: its entries, newest first, by handler and fingerprint.
    let opened = store
        .list_dlq(
            &DlqFilter {
                handler: Some(h("mail")),
                fingerprint: Some(refused.clone()),
                ..Default::default()
            },
            10,
            0,
        )
        .await
        .unwrap();
    assert_eq!(opened.total, 3);
    assert_eq!(
        opened
            .items
            .iter()
            .map(|e| e.id.clone())
            .collect::<Vec<_>>(),
        vec![t3.clone(), t2.clone(), t1.clone()]
    );
    let in_a = store
        .list_dlq(
            &DlqFilter {
                queue: Some(q("a")),
                fingerprint: Some(unknown.clone()),
                ..Default::default()
            },
            10,
            0,
        )
        .await
        .unwrap();
    assert_eq!(
        in_a.items.iter().map(|e| e.id.clone()).collect::<Vec<_>>(),
        vec![t4.clone()]
    );
    assert_eq!(
        in_a.total, 1,
        "the total counts the group's entries, not the queue's"
    );
    // A fingerprint alone, and with text: the totals are the group's (a text query beside a
    // fingerprint once failed on SQLite with a parameter count error).
    for query in [None, Some("refused".to_string())] {
        let page = store
            .list_dlq(
                &DlqFilter {
                    fingerprint: Some(refused.clone()),
                    query: query.clone(),
                    ..Default::default()
                },
                10,
                0,
            )
            .await
            .unwrap();
        assert_eq!(page.total, 3, "{query:?}");
        assert_eq!(
            page.items.iter().map(|e| e.id.clone()).collect::<Vec<_>>(),
            vec![t3.clone(), t2.clone(), t1.clone()],
            "{query:?}"
        );
    }
    let sample = store.dlq_groups(Some(&q("b")), None).await.unwrap();
    assert_eq!(
        sample[0].sample_error,
        "dial tcp 10.0.0.3:25: connection refused"
    );
    assert_eq!(groups(&store, Some("b"), Some("mail")).await.len(), 1);
    assert!(groups(&store, None, Some("resize")).await.is_empty());

    // A replay takes its entry out of its group; an emptied group is gone.
    store
        .replay_ids(&[t1.clone(), t4.clone()], T0 + 20, &replay_audit())
        .await
        .unwrap();
    assert_eq!(
        groups(&store, Some("a"), None).await,
        vec![(
            "a".into(),
            "mail".into(),
            refused.clone(),
            1,
            T0,
            T0 + 5,
            t2.clone()
        )]
    );
    // A purge too; and a task that dies again counts again.
    let purge = DlqPurge {
        ids: Some(vec![t3.clone()]),
        limit: 100,
        ..Default::default()
    };
    assert_eq!(store.purge_dlq(&purge).await.unwrap(), 1);
    assert!(groups(&store, Some("b"), None).await.is_empty());
    // The replayed t1 dies again (it is the oldest pending task of its queue): it counts again.
    let mut leased = store
        .lease(super::lease_req(&[("a", 1)], &["mail"], T0 + 30))
        .await
        .unwrap();
    let again = leased.tasks.remove(0);
    assert_eq!(again.id, t1);
    store
        .fail(
            &t1,
            again.token,
            "dial tcp 10.0.0.9:25: connection refused",
            FailNext::Dead(DeadReason::RetriesExhausted),
            T0 + 30,
        )
        .await
        .unwrap();
    assert_eq!(
        groups(&store, None, None).await,
        vec![("a".into(), "mail".into(), refused, 2, T0, T0 + 30, t1)]
    );
}

/// The DLQ listing's age: entries that became dead before a time, alone and with text, queue,
/// handler and fingerprint (the trigram path included); totals count the matches.
pub(super) async fn dlq_listings_take_an_age(store: Arc<dyn Store>) {
    let old = kill(&store, "a", "mail", "connection refused", T0).await;
    let mid = kill(&store, "b", "mail", "connection refused", T0 + 1_000).await;
    let new = kill(&store, "a", "mail", "timed out", T0 + 2_000).await;
    let ids = |filter: DlqFilter| {
        let store = store.clone();
        async move {
            let page = store.list_dlq(&filter, 10, 0).await.unwrap();
            let ids: Vec<TaskId> = page.items.into_iter().map(|e| e.id).collect();
            assert_eq!(page.total, ids.len() as u64, "the total counts the matches");
            ids
        }
    };
    let before = |ms: i64| DlqFilter {
        failed_before_ms: Some(ms),
        ..Default::default()
    };
    assert_eq!(
        ids(before(T0 + 1_500)).await,
        vec![mid.clone(), old.clone()]
    );
    assert!(ids(before(T0)).await.is_empty());
    assert_eq!(
        ids(before(T0 + 5_000)).await,
        vec![new.clone(), mid.clone(), old.clone()]
    );
    assert_eq!(
        ids(DlqFilter {
            queue: Some(q("a")),
            ..before(T0 + 1_500)
        })
        .await,
        vec![old.clone()]
    );
    assert_eq!(
        ids(DlqFilter {
            query: Some("refused".into()),
            ..before(T0 + 5_000)
        })
        .await,
        vec![mid.clone(), old.clone()]
    );
    assert_eq!(
        ids(DlqFilter {
            query: Some("timed".into()),
            ..before(T0 + 1_500)
        })
        .await,
        Vec::<TaskId>::new()
    );
    assert_eq!(
        ids(DlqFilter {
            handler: Some(h("mail")),
            fingerprint: Some("connection refused".into()),
            ..before(T0 + 500)
        })
        .await,
        vec![old.clone()]
    );
}

/// A text is looked for in an error as it was written, whatever the stored form escapes
/// (newlines, quotes, slashes, backslashes, non-ASCII): a text that only the escaped form holds
/// finds nothing, one beside an escaped character finds its entry, with an age and without.
pub(super) async fn dlq_text_is_searched_in_errors_as_written(store: Arc<dyn Store>) {
    let odd = kill(
        &store,
        "a",
        "mail",
        "line one\nline two \"quoted\" a/b back\\slash é\u{7f}end",
        T0,
    )
    .await;
    let plain = kill(&store, "a", "mail", "nothing special", T0 + 1_000).await;
    let find = |query: &str, before: Option<i64>| {
        let store = store.clone();
        let filter = DlqFilter {
            queue: Some(q("a")),
            handler: Some(h("mail")),
            query: Some(query.into()),
            failed_before_ms: before,
            ..Default::default()
        };
        async move {
            let page = store.list_dlq(&filter, 10, 0).await.unwrap();
            let ids: Vec<TaskId> = page.items.into_iter().map(|e| e.id).collect();
            assert_eq!(page.total, ids.len() as u64, "the total counts the matches");
            ids
        }
    };
    for before in [None, Some(T0 + 500)] {
        for hit in [
            "line two",
            "QUOTED",
            "a/b",
            "back\\slash",
            "é",
            "two \"q",
            "\u{7f}end",
        ] {
            assert_eq!(
                find(hit, before).await,
                vec![odd.clone()],
                "{hit:?} {before:?}"
            );
        }
        // What the stored JSON would hold for the newline, the quote and the backslash.
        for miss in ["nline", "oneline", "\\n", "\\\"", "u007f", "back\\\\"] {
            assert!(find(miss, before).await.is_empty(), "{miss:?} {before:?}");
        }
    }
    assert_eq!(find("special", None).await, vec![plain.clone()]);
    assert!(find("special", Some(T0 + 500)).await.is_empty());
    assert_eq!(find("n", None).await, vec![plain, odd]);
}

/// A bounded scan's pages, followed by their `next`, return every match exactly once, newest
/// first, however short the budget makes them; the age is checked inside the scan.
pub(super) async fn dlq_cursor_pages_see_every_match_once(store: Arc<dyn Store>) {
    let mut dead = Vec::new();
    for n in 0..24_i64 {
        let (queue, handler) = [("a", "mail"), ("b", "mail"), ("a", "resize")][n as usize % 3];
        let error = if n % 4 == 0 {
            format!("timeout after {n}s")
        } else {
            "connection refused".to_string()
        };
        let id = kill(&store, queue, handler, &error, T0 + n * 1_000).await;
        dead.push((id, queue, handler, error, T0 + n * 1_000));
    }
    let fp_refused = worker_server::engine::fingerprint::fingerprint("connection refused");
    let filters = [
        DlqFilter::default(),
        DlqFilter {
            queue: Some(q("a")),
            ..Default::default()
        },
        DlqFilter {
            handler: Some(h("mail")),
            ..Default::default()
        },
        DlqFilter {
            queue: Some(q("a")),
            handler: Some(h("mail")),
            ..Default::default()
        },
        DlqFilter {
            query: Some("TIMEOUT".into()),
            ..Default::default()
        },
        DlqFilter {
            queue: Some(q("a")),
            query: Some("timeout".into()),
            ..Default::default()
        },
        DlqFilter {
            handler: Some(h("mail")),
            fingerprint: Some(fp_refused.clone()),
            ..Default::default()
        },
        DlqFilter {
            fingerprint: Some(fp_refused.clone()),
            ..Default::default()
        },
        DlqFilter {
            failed_before_ms: Some(T0 + 15_500),
            ..Default::default()
        },
        DlqFilter {
            queue: Some(q("b")),
            query: Some("refused".into()),
            failed_before_ms: Some(T0 + 15_500),
            ..Default::default()
        },
    ];
    for filter in filters {
        let expected: Vec<TaskId> = dead
            .iter()
            .rev()
            .filter(|(_, queue, handler, error, at)| {
                filter.queue.as_ref().is_none_or(|q| q.as_str() == *queue)
                    && filter
                        .handler
                        .as_ref()
                        .is_none_or(|h| h.as_str() == *handler)
                    && filter
                        .query
                        .as_ref()
                        .is_none_or(|t| error.to_lowercase().contains(&t.to_lowercase()))
                    && filter.fingerprint.as_ref().is_none_or(|f| {
                        *f == worker_server::engine::fingerprint::fingerprint(error)
                    })
                    && filter.failed_before_ms.is_none_or(|b| *at < b)
            })
            .map(|(id, ..)| id.clone())
            .collect();
        assert!(!expected.is_empty(), "{filter:?} selects something");
        let mut seen = Vec::new();
        let mut below = None;
        let mut calls = 0;
        let mut short = 0;
        loop {
            let page = store
                .list_dlq_page(
                    &filter,
                    4,
                    DlqStart::Below {
                        below,
                        budget: Some(3),
                    },
                )
                .await
                .unwrap();
            calls += 1;
            assert!(
                page.items.len() <= 3,
                "the budget bounds what a call looks at"
            );
            if page.items.len() < 4 && page.next.is_some() {
                short += 1;
            }
            seen.extend(page.items.into_iter().map(|e| e.id));
            match page.next {
                Some(next) => below = Some(next),
                None => break,
            }
            assert!(calls <= 24, "{filter:?}: the scan ends");
        }
        assert_eq!(seen, expected, "{filter:?}: every match once, newest first");
        assert!(short > 0, "{filter:?}: pages came back short");
        // The first page on the store's own budget is full, with its total.
        let first = store
            .list_dlq_page(&filter, 100, DlqStart::NEWEST)
            .await
            .unwrap();
        assert_eq!(
            first.items.into_iter().map(|e| e.id).collect::<Vec<_>>(),
            expected
        );
        assert_eq!(
            (first.total, first.total_capped, first.next),
            (expected.len() as u64, false, None)
        );
        // A full page says where the next one starts, and that one ends the listing.
        let two = store
            .list_dlq_page(&filter, 1, DlqStart::NEWEST)
            .await
            .unwrap();
        assert_eq!(two.items.len(), 1);
        if expected.len() > 1 {
            let rest = store
                .list_dlq_page(
                    &filter,
                    100,
                    DlqStart::Below {
                        below: two.next,
                        budget: None,
                    },
                )
                .await
                .unwrap();
            assert_eq!(rest.items.len(), expected.len() - 1);
            assert_eq!(rest.next, None);
        } else {
            assert_eq!(two.next, None);
        }
    }
}

/// Totals are exact without text or age; with them they are counted up to
/// [`DLQ_TOTAL_CAP`] and said to be capped, and a page at an offset past the cap still comes.
pub(super) async fn dlq_totals_are_capped_with_text(store: Arc<dyn Store>) {
    let n = DLQ_TOTAL_CAP as usize + 5;
    let tasks: Vec<NewTask> = (0..n).map(|_| new_task("a", "mail", T0)).collect();
    store.insert_tasks(tasks, T0).await.unwrap();
    let leased = store
        .lease(super::lease_req(&[("a", n as u32)], &["mail"], T0))
        .await
        .unwrap();
    assert_eq!(leased.tasks.len(), n);
    let mut fails = tokio::task::JoinSet::new();
    for t in leased.tasks {
        let store = store.clone();
        fails.spawn(async move {
            store
                .fail(
                    &t.id,
                    t.token,
                    "boom",
                    FailNext::Dead(DeadReason::RetriesExhausted),
                    T0 + 1,
                )
                .await
                .unwrap();
        });
    }
    while let Some(done) = fails.join_next().await {
        done.unwrap();
    }
    let exact = |filter: DlqFilter| {
        let store = store.clone();
        async move {
            let page = store
                .list_dlq_page(&filter, 10, DlqStart::NEWEST)
                .await
                .unwrap();
            (page.total, page.total_capped)
        }
    };
    assert_eq!(exact(DlqFilter::default()).await, (n as u64, false));
    assert_eq!(
        exact(DlqFilter {
            queue: Some(q("a")),
            handler: Some(h("mail")),
            ..Default::default()
        })
        .await,
        (n as u64, false)
    );
    let text = DlqFilter {
        query: Some("boom".into()),
        ..Default::default()
    };
    let (total, capped) = exact(text.clone()).await;
    assert!(capped, "a text's total is capped");
    assert!(total <= DLQ_TOTAL_CAP && total > 0, "{total}");
    let none = DlqFilter {
        query: Some("nothing like it".into()),
        ..Default::default()
    };
    let page = store.list_dlq(&none, 10, 0).await.unwrap();
    assert_eq!((page.total, page.items.len()), (0, 0));
    // Offset paging still reaches past the cap, and its total covers what it returned.
    let tail = store.list_dlq(&text, 100, DLQ_TOTAL_CAP).await.unwrap();
    assert_eq!(tail.items.len(), 5);
    assert!(tail.total >= n as u64);
}

/// A counted total (text) is remembered per filter while the DLQ is unchanged, and follows every
/// change to it: an entry in, a replay and a purge each show in the next listing's total, from
/// the newest and at an offset alike, with and without a narrower filter beside the text.
pub(super) async fn dlq_counted_totals_follow_every_change(store: Arc<dyn Store>) {
    let mut boom = Vec::new();
    for i in 0..3 {
        boom.push(kill(&store, "a", "mail", "boom: relay down", T0 + i).await);
    }
    kill(&store, "a", "mail", "quota exceeded", T0 + 3).await;
    kill(&store, "b", "mail", "boom: relay down", T0 + 4).await;
    let text = DlqFilter {
        query: Some("boom".into()),
        ..Default::default()
    };
    let narrowed = DlqFilter {
        queue: Some(q("a")),
        handler: Some(h("mail")),
        ..text.clone()
    };
    let totals = |want: [u64; 2]| {
        let (store, text, narrowed) = (store.clone(), text.clone(), narrowed.clone());
        async move {
            for (filter, want) in [(&text, want[0]), (&narrowed, want[1])] {
                // Twice each way: the second call answers from what the first learned.
                for _ in 0..2 {
                    let page = store
                        .list_dlq_page(filter, 10, DlqStart::NEWEST)
                        .await
                        .unwrap();
                    assert_eq!((page.total, page.items.len() as u64), (want, want));
                    assert!(!page.total_capped);
                    let page = store.list_dlq(filter, 10, 0).await.unwrap();
                    assert_eq!((page.total, page.items.len() as u64), (want, want));
                    // A page that holds the last match says nothing follows, remembered or not.
                    let exact = store
                        .list_dlq_page(filter, want as u32, DlqStart::NEWEST)
                        .await
                        .unwrap();
                    assert_eq!((exact.items.len() as u64, exact.next), (want, None));
                    let short = store
                        .list_dlq_page(filter, want as u32 - 1, DlqStart::NEWEST)
                        .await
                        .unwrap();
                    assert!(short.next.is_some(), "one match is left after the page");
                }
            }
        }
    };
    totals([4, 3]).await;
    let fourth = kill(&store, "a", "mail", "boom: relay down", T0 + 5).await;
    totals([5, 4]).await;
    let (outcomes, _) = store
        .replay_ids(&[boom[0].clone()], T0 + 10, &replay_audit())
        .await
        .unwrap();
    assert_eq!(outcomes, vec![ReplayOutcome::Replayed]);
    totals([4, 3]).await;
    let purge = DlqPurge {
        ids: Some(vec![fourth]),
        limit: 10,
        ..Default::default()
    };
    assert_eq!(store.purge_dlq(&purge).await.unwrap(), 1);
    totals([3, 2]).await;
}
