//! `Config::from_map`: defaults, parsing, every bad value reported by name, secrets kept out of
//! logs.

use super::*;

fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
        .collect()
}

#[test]
fn defaults_match_the_documentation() {
    let cfg = Config::from_map(&env(&[("WORKER_DATA_DIR", "/tmp/w")])).unwrap();
    assert_eq!(
        cfg.store,
        StoreConfig::Sqlite {
            path: PathBuf::from("/tmp/w/worker.db"),
            durability: Durability::Full
        }
    );
    assert_eq!(cfg.engine.lease_ms, 30_000);
    assert_eq!(cfg.engine.task_retention_ms, 7 * 24 * 3_600_000);
    assert_eq!(cfg.engine.default_queue.as_str(), "default");
    assert_eq!(cfg.engine.stuck_after_ms, 20_000);
    assert_eq!(cfg.engine.rate_limit, None);
    assert!(!cfg.demo);
    assert_eq!(cfg.demo_feed, 2, "the demo keeps 2 tasks a second coming");
    assert_eq!(
        cfg.worker.prefetch,
        Prefetch::Auto,
        "tasks are leased ahead as the pool's pace says unless a number is given"
    );
}

#[test]
fn reads_store_weights_and_durations() {
    let cfg = Config::from_map(&env(&[
        ("WORKER_STORE", "sqlite:/data/x.db"),
        ("WORKER_SQLITE_SYNC", "normal"),
        ("WORKER_ADMIN_QUEUE_WEIGHTS", "critical=6, default=3,low=1"),
        ("WORKER_TASK_RETENTION", "1h30m"),
        ("WORKER_GLOBAL_RATE", "50"),
        ("WORKER_GLOBAL_BURST", "10"),
        ("WORKER_DEMO", "1"),
        ("WORKER_PREFETCH", "90"),
    ]))
    .unwrap();
    assert_eq!(cfg.worker.prefetch, Prefetch::Fixed(90));
    assert_eq!(
        cfg.store,
        StoreConfig::Sqlite {
            path: PathBuf::from("/data/x.db"),
            durability: Durability::Normal
        }
    );
    assert_eq!(cfg.engine.queue_weights.get("critical"), Some(&6));
    assert_eq!(cfg.engine.default_weight("low"), 1);
    assert_eq!(cfg.engine.default_weight("critical"), 6);
    assert_eq!(cfg.engine.task_retention_ms, 90 * 60_000);
    assert_eq!(
        cfg.engine.rate_limit,
        Some(RateLimit {
            per_second: 50.0,
            burst: 10
        })
    );
    assert!(cfg.demo);
}

#[test]
fn prefetch_is_auto_or_a_number_of_tasks() {
    let read = |v: &str| Config::from_map(&env(&[("WORKER_PREFETCH", v)]));
    for auto in ["auto", "AUTO", " Auto "] {
        assert_eq!(
            read(auto).unwrap().worker.prefetch,
            Prefetch::Auto,
            "{auto:?}"
        );
    }
    assert_eq!(read("0").unwrap().worker.prefetch, Prefetch::Fixed(0));
    assert_eq!(
        read("100000").unwrap().worker.prefetch,
        Prefetch::Fixed(100_000)
    );
    for (bad, says) in [
        ("lots", "\"lots\" is neither `auto` nor a number of tasks"),
        ("-1", "\"-1\" is neither `auto` nor a number of tasks"),
        ("100001", "100001 is out of range; use auto or 0 to 100000"),
    ] {
        let err = read(bad).unwrap_err();
        assert_eq!(
            err.problems,
            vec![format!("WORKER_PREFETCH: {says}")],
            "{bad:?}"
        );
    }
}

#[test]
fn every_bad_value_is_reported_once_by_name() {
    let err = Config::from_map(&env(&[
        ("WORKER_STORE", "mysql://x"),
        ("WORKER_DURABLE_LEASE", "soon"),
        ("WORKER_ADMIN_QUEUE_WEIGHTS", "a=0"),
        ("WORKER_CONCURRENCY", "0"),
        ("WORKER_PREFETCH", "-1"),
        ("WORKER_GLOBAL_RATE", "5"),
    ]))
    .unwrap_err();
    let text = err.to_string();
    for key in [
        "WORKER_STORE",
        "WORKER_DURABLE_LEASE",
        "WORKER_ADMIN_QUEUE_WEIGHTS",
        "WORKER_CONCURRENCY",
        "WORKER_PREFETCH",
        "WORKER_GLOBAL_RATE and WORKER_GLOBAL_BURST",
    ] {
        assert_eq!(
            err.problems.iter().filter(|p| p.starts_with(key)).count(),
            1,
            "{key} in {text}"
        );
    }
    assert_eq!(err.problems.len(), 6, "{text}");
}

#[test]
fn admin_settings_and_their_checks() {
    let cfg = Config::from_map(&env(&[("WORKER_DATA_DIR", "/tmp/w")])).unwrap();
    assert_eq!(cfg.admin.grpc_addr.to_string(), "127.0.0.1:50052");
    assert_eq!(cfg.admin.tls, None);
    assert_eq!(
        (cfg.admin.replay_limit_max, cfg.admin.replay_ids_max),
        (1_000, 1_000)
    );
    // The audit log is kept by age (90 days), archived into the data directory, with a count
    // bound far above normal use; refusals and enqueues are coalesced over a minute.
    assert_eq!(cfg.engine.audit_limit, 1_000_000);
    assert_eq!(cfg.engine.audit_retention_ms, Some(90 * 24 * 3_600_000));
    assert_eq!(
        cfg.admin.audit_archive_dir,
        Some(std::path::PathBuf::from("/tmp/w/audit"))
    );
    assert_eq!(
        (
            cfg.engine.audit_coalesce.window_ms,
            cfg.engine.audit_coalesce.refusal_budget_per_minute
        ),
        (60_000, 20)
    );
    let off = Config::from_map(&env(&[
        ("WORKER_ADMIN_AUDIT_ARCHIVE_DIR", "off"),
        ("WORKER_ADMIN_AUDIT_RETENTION", "0"),
        ("WORKER_ADMIN_AUDIT_COALESCE_WINDOW", "0"),
    ]))
    .unwrap();
    assert_eq!(off.admin.audit_archive_dir, None);
    assert_eq!(off.engine.audit_retention_ms, None);
    assert_eq!(off.engine.audit_coalesce.window_ms, 0);
    let elsewhere =
        Config::from_map(&env(&[("WORKER_ADMIN_AUDIT_ARCHIVE_DIR", "/var/audit")])).unwrap();
    assert_eq!(
        elsewhere.admin.audit_archive_dir,
        Some(std::path::PathBuf::from("/var/audit"))
    );
    assert_eq!(cfg.admin.audit_export_limit_max, 5_000);
    assert_eq!(cfg.admin.sse_snapshot_interval, Duration::from_secs(10));
    assert_eq!(
        (cfg.admin.schedule_run_max, cfg.admin.schedule_run_window),
        (30, Duration::from_secs(60))
    );
    let err = Config::from_map(&env(&[
        ("WORKER_ADMIN_TLS_CERT", "/x.pem"),
        ("WORKER_ADMIN_REQUIRE_APPROVAL", "yes"),
        ("WORKER_ADMIN_GRPC_ADDR", "nowhere"),
    ]))
    .unwrap_err();
    assert_eq!(err.problems.len(), 3, "{err}");
    assert!(
        err.to_string()
            .contains("WORKER_ADMIN_APPROVAL_TOKEN is empty")
    );
    let cfg = Config::from_map(&env(&[
        ("WORKER_ADMIN_REQUIRE_APPROVAL", "true"),
        ("WORKER_ADMIN_APPROVAL_TOKEN", "t0ken"),
    ]))
    .unwrap();
    assert!(cfg.admin.approval.required);
    assert!(
        !format!("{cfg:?}").contains("t0ken"),
        "secrets stay out of Debug"
    );
}

#[test]
fn redis_urls_are_checked_and_their_passwords_kept_out_of_logs() {
    let cfg = Config::from_map(&env(&[
        ("WORKER_STORE", "rediss://app:s3cret@redis.internal:6380/2"),
        ("WORKER_REDIS_PREFIX", "prod"),
    ]))
    .unwrap();
    assert_eq!(
        cfg.store,
        StoreConfig::Redis {
            url: "rediss://app:s3cret@redis.internal:6380/2".into(),
            prefix: "prod".into(),
            tls: RedisTlsFiles::default(),
            cluster: false,
        }
    );
    let shown = format!("{cfg:?}");
    assert!(!shown.contains("s3cret"), "{shown}");
    assert!(
        shown.contains("rediss://app:***@redis.internal:6380/2"),
        "{shown}"
    );
    let err = Config::from_map(&env(&[("WORKER_STORE", "redis://")])).unwrap_err();
    assert!(err.problems[0].contains("is not a Redis URL"), "{err:?}");
    let err = Config::from_map(&env(&[
        ("WORKER_STORE", "redis://127.0.0.1:6379/0"),
        ("WORKER_REDIS_PREFIX", "{bad}"),
    ]))
    .unwrap_err();
    assert!(err.problems[0].contains("is not a key prefix"), "{err:?}");
}

#[test]
fn redis_tls_files_need_a_rediss_url_and_come_as_a_pair_and_cluster_mode_is_a_bool() {
    let cfg = Config::from_map(&env(&[
        ("WORKER_STORE", "rediss://redis.internal:6380/0"),
        ("WORKER_REDIS_TLS_CA", "/etc/worker/redis-ca.pem"),
        ("WORKER_REDIS_TLS_CERT", "/etc/worker/redis-client.pem"),
        ("WORKER_REDIS_TLS_KEY", "/etc/worker/redis-client-key.pem"),
    ]))
    .unwrap();
    let StoreConfig::Redis { tls, .. } = cfg.store else {
        panic!("a redis store: {:?}", cfg.store);
    };
    assert_eq!(
        tls,
        RedisTlsFiles {
            ca: Some("/etc/worker/redis-ca.pem".into()),
            client: Some((
                "/etc/worker/redis-client.pem".into(),
                "/etc/worker/redis-client-key.pem".into()
            )),
        }
    );

    let cfg = Config::from_map(&env(&[
        ("WORKER_STORE", "redis://redis-0.internal:6379/0"),
        ("WORKER_REDIS_CLUSTER", "true"),
    ]))
    .unwrap();
    assert!(
        matches!(cfg.store, StoreConfig::Redis { cluster: true, .. }),
        "{:?}",
        cfg.store
    );
    let err = Config::from_map(&env(&[
        ("WORKER_STORE", "redis://redis-0.internal:6379/0"),
        ("WORKER_REDIS_CLUSTER", "sometimes"),
    ]))
    .unwrap_err();
    assert!(
        err.problems[0].starts_with("WORKER_REDIS_CLUSTER"),
        "{err:?}"
    );

    let err = Config::from_map(&env(&[
        ("WORKER_STORE", "redis://redis.internal:6379/0"),
        ("WORKER_REDIS_TLS_CA", "/etc/worker/redis-ca.pem"),
    ]))
    .unwrap_err();
    assert!(
        err.problems[0].contains("is not a rediss:// URL"),
        "{err:?}"
    );

    let err = Config::from_map(&env(&[
        ("WORKER_STORE", "rediss://redis.internal:6380/0"),
        ("WORKER_REDIS_TLS_CERT", "/etc/worker/redis-client.pem"),
    ]))
    .unwrap_err();
    assert!(
        err.problems[0].contains("WORKER_REDIS_TLS_CERT and WORKER_REDIS_TLS_KEY"),
        "{err:?}"
    );
}
