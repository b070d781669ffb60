//! The store conformance suite: what every [`Store`] must do, written once against the traits and
//! run on each backend. One module per sub-trait holds its cases; this one holds the helpers they
//! share and instantiates every case per backend (`conformance!` below: SQLite on a real file,
//! Redis, and a three-primary Redis Cluster), as `store_conformance::<backend>::<module>::<case>`.

mod audit;
mod audit_faults;
mod bulk;
mod bulk_ops;
mod coordination;
mod deletes;
mod dlq;
mod events;
mod jobs;
mod leases;
mod queues;
mod retention;
mod schedules;
mod tasks;
mod throughput;
mod workers;

use std::collections::BTreeMap;
use std::sync::Arc;

use worker_server::engine::model::*;
use worker_server::store::*;

const T0: i64 = 1_700_000_000_000;

pub(crate) fn q(name: &str) -> QueueName {
    QueueName::new(name).unwrap()
}

pub(crate) fn h(name: &str) -> HandlerName {
    HandlerName::new(name).unwrap()
}

fn w(name: &str) -> WorkerId {
    WorkerId::new(name).unwrap()
}

pub(crate) fn new_task(queue: &str, handler: &str, now: i64) -> NewTask {
    NewTask {
        id: TaskId::generate(),
        handler: h(handler),
        queue: q(queue),
        payload: b"payload".to_vec(),
        priority: 0,
        max_retries: 3,
        timeout_ms: 60_000,
        run_at_ms: now,
        state: TaskState::Pending,
        idempotency: None,
        metadata: BTreeMap::new(),
        created_at_ms: now,
    }
}

async fn insert(store: &Arc<dyn Store>, task: NewTask) -> TaskId {
    match store.insert_tasks(vec![task], T0).await.unwrap().remove(0) {
        Inserted::Created(id) => id,
        other => panic!("expected a new task, got {other:?}"),
    }
}

fn lease_req(plan: &[(&str, u32)], handlers: &[&str], now: i64) -> LeaseRequest {
    LeaseRequest {
        worker_id: w("w1"),
        plan: plan.iter().map(|(name, n)| (q(name), *n)).collect(),
        handlers: handlers.iter().map(|name| h(name)).collect(),
        now_ms: now,
        lease_until_ms: now + 30_000,
        rate_limit: None,
    }
}

async fn lease_one(store: &Arc<dyn Store>, queue: &str, now: i64) -> LeasedTask {
    let mut res = store
        .lease(lease_req(&[(queue, 1)], &["h"], now))
        .await
        .unwrap();
    assert_eq!(res.tasks.len(), 1, "expected one task from {queue}");
    res.tasks.remove(0)
}

async fn state_of(store: &Arc<dyn Store>, id: &TaskId) -> TaskState {
    store.get_task(id).await.unwrap().unwrap().task.state
}

/// Counters must always equal what a scan finds; the handler filter forces a scan.
async fn assert_counters_match(store: &Arc<dyn Store>, queue: &str, handler: &str) {
    for state in TaskState::ALL {
        let counted = store
            .list_tasks(
                &TaskFilter {
                    queue: Some(q(queue)),
                    state: Some(state),
                    ..TaskFilter::default()
                },
                1,
                0,
            )
            .await
            .unwrap()
            .total;
        let scanned = store
            .list_tasks(
                &TaskFilter {
                    queue: Some(q(queue)),
                    state: Some(state),
                    handler: Some(h(handler)),
                    ..TaskFilter::default()
                },
                1,
                0,
            )
            .await
            .unwrap()
            .total;
        assert_eq!(counted, scanned, "counter of {state} in {queue}");
    }
}

async fn kill(store: &Arc<dyn Store>, queue: &str, handler: &str, error: &str, now: i64) -> TaskId {
    let id = insert(store, new_task(queue, handler, now)).await;
    let mut res = store
        .lease(lease_req(&[(queue, 1)], &[handler], now))
        .await
        .unwrap();
    let leased = res.tasks.remove(0);
    assert_eq!(leased.id, id);
    store
        .fail(
            &id,
            leased.token,
            error,
            FailNext::Dead(DeadReason::RetriesExhausted),
            now,
        )
        .await
        .unwrap();
    id
}

/// One test per case of `$module`, in a module of that name, each on a fresh store from
/// `$harness` (an `Option`). A case missing from its module's list is dead code, which clippy
/// refuses, so none is silently skipped.
macro_rules! cases {
    ($harness:expr, $module:ident: [$($case:ident),+ $(,)?]) => {
        mod $module {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    // `None`: the backend's server is not installed (and not required).
                    let Some(harness) = $harness else {
                        return;
                    };
                    crate::store_conformance::$module::$case(harness.store()).await;
                }
            )+
        }
    };
}

/// Like `cases!`, for cases that reach under the store through the harness
/// (`crate::support::AuditFault`).
macro_rules! harness_cases {
    ($harness:expr, $module:ident: [$($case:ident),+ $(,)?]) => {
        mod $module {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    let Some(harness) = $harness else {
                        return;
                    };
                    crate::store_conformance::$module::$case(&harness).await;
                }
            )+
        }
    };
}

/// Runs every case on one backend, one line per module: a new capability is a new module and
/// its line here.
macro_rules! conformance {
    ($backend:ident, $harness:expr) => {
        mod $backend {
            cases!($harness, tasks: [
                insert_and_get,
                insert_is_all_or_nothing,
                idempotency_keys_deduplicate_until_they_expire,
                scheduled_tasks_wait_for_their_time,
                cancel_by_state,
                retry_by_state,
                cancel_and_retry_follow_the_shared_lifecycle_rules,
                an_operators_insert_commits_with_its_entry,
                task_listings_take_text_fingerprint_and_age,
                listing_one_state_across_queues,
            ]);
            cases!($harness, leases: [
                leases_are_fenced,
                concurrent_completions_each_check_their_own_lease,
                every_lease_gets_a_newer_token,
                lease_order_is_priority_then_time_then_fifo,
                lease_follows_the_plan_and_reports_short_queues,
                lease_takes_only_known_handlers,
                rate_limit_charges_only_leased_tasks,
                failures_record_history_and_reach_the_dlq,
                expired_leases_are_listed,
                a_task_reads_the_same_everywhere_through_its_lease,
            ]);
            cases!($harness, queues: [pauses_stop_leasing, queue_registry_weights_and_latency]);
            cases!($harness, coordination: [leader_lock_moves_only_when_it_expires]);
            cases!($harness, dlq: [
                dlq_listing_filters_and_pages,
                dlq_replay_and_purge,
                dlq_groups_count_entries_by_cause_as_they_come_and_go,
                dlq_listings_take_an_age,
                dlq_cursor_pages_see_every_match_once,
                dlq_totals_are_capped_with_text,
                dlq_counted_totals_follow_every_change,
                dlq_text_is_searched_in_errors_as_written,
            ]);
            cases!($harness, workers: [
                worker_registry_and_recycle,
                stuck_tasks_are_recorded_once_per_lease,
            ]);
            cases!($harness, deletes: [
                deletes_by_id_keep_running_tasks_and_the_indexes,
                queues_are_deleted_only_when_empty_or_forced,
            ]);
            cases!($harness, bulk: [
                candidates_follow_the_filter_the_snapshot_and_the_cursor,
                dlq_candidates_follow_failure_order_and_the_filter,
                operations_are_written_under_their_revision,
                running_operations_are_indexed_and_finished_ones_pruned,
            ]);
            cases!($harness, bulk_ops: [
                a_dry_run_counts_and_samples_and_writes_nothing,
                an_interrupted_delete_is_finished_by_another_node,
                replay_cancel_and_retry_act_by_filter,
                a_cancelled_operation_stops_between_batches,
                a_failed_operation_is_resumed_and_finishes,
            ]);
            cases!($harness, events: [event_log_reads_after_an_id]);
            cases!($harness, audit: [audit_log_chains_filters_pages_and_evicts]);
            harness_cases!($harness, audit_faults: [
                a_mutation_whose_audit_entry_fails_changes_nothing,
                a_job_mutation_whose_audit_entry_fails_changes_nothing,
            ]);
            cases!($harness, retention: [retention_sweeps_old_finished_tasks]);
            cases!($harness, throughput: [
                minutes_are_kept_two_days_and_hours_sixty,
                a_deleted_queue_takes_its_history_with_it,
                completions_together_count_in_their_own_minutes,
            ]);
            cases!($harness, schedules: [
                upsert_creates_then_replaces,
                get_and_list_by_name,
                delete_keeps_the_events,
                update_compares_the_revision,
                update_writes_its_events_with_the_record_or_neither,
                concurrent_updates_of_one_revision_let_one_win,
                records_round_trip_exactly,
                events_are_listed_newest_first,
                fires_are_counted_by_trigger_and_time,
                retention_keeps_the_newest_schedule_events,
                operator_changes_commit_with_their_entry_as_planned,
            ]);
            cases!($harness, jobs: [
                upsert_keeps_created_at_and_bumps_revision,
                jobs_are_listed_by_name_and_deleted_alone,
                runs_are_listed_newest_first_by_job_status_and_cursor,
                a_finished_run_does_not_go_back,
                concurrent_ends_of_one_run_let_one_win,
                concurrent_inserts_of_one_run_id_let_one_win,
                log_chunks_are_read_in_order_after_a_seq,
                the_log_cap_truncates_once_and_counts_what_it_drops,
                events_of_like_named_jobs_stay_apart,
                events_of_one_task_in_one_millisecond_are_all_kept,
                retention_keeps_the_newest_runs_and_events_per_job,
                job_mutations_write_their_audit_entry,
            ]);
        }
    };
}

conformance!(sqlite, Some(crate::support::SqliteHarness::new()));
conformance!(redis, crate::support::RedisHarness::start().await);
// Every key lives in the slot of `{test}`; the client reaches it through a seed node that may
// not own that slot, following redirects.
conformance!(
    redis_cluster,
    crate::support::RedisHarness::start_cluster().await
);
