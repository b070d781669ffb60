//! The JSONL audit archive behind a real engine: one file per evicted batch, in the format the
//! archive promises, chaining into the entries that remain.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use tempfile::TempDir;

use super::JsonlArchive;
use crate::engine::clock::ManualClock;
use crate::engine::events::Event;
use crate::engine::random::ThreadRandom;
use crate::engine::{Engine, EngineConfig, EngineParts, Error, audit};
use crate::store::sqlite::{Durability, SqliteStore};

const T0: i64 = 1_800_000_000_000;

struct Fixture {
    _dir: TempDir,
    engine: Engine,
}

/// An engine that keeps two audit entries and archives the rest to `archive_dir`.
async fn fixture(archive_dir: PathBuf) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(SqliteStore::open(dir.path().join("w.db"), Durability::Normal).unwrap());
    let parts = EngineParts {
        store,
        clock: Arc::new(ManualClock::new(T0)),
        random: Arc::new(ThreadRandom),
        audit_archive: Some(Arc::new(JsonlArchive::new(archive_dir))),
        audit_anchors: None,
        job_event_sink: None,
    };
    let config = EngineConfig {
        audit_limit: 2,
        node_id: "node-a".into(),
        ..EngineConfig::default()
    };
    let engine = Engine::from_parts(parts, config).await.unwrap();
    Fixture { _dir: dir, engine }
}

/// The `i`-th of a run of audit entries, one millisecond apart.
fn entry(i: i64) -> audit::AuditEntry {
    audit::AuditEntry {
        at_ms: T0 + i,
        actor: "alice".into(),
        role: "admin".into(),
        request_id: format!("r{i}"),
        action: "queue.pause".into(),
        target: "default".into(),
        status: "ok".into(),
        payload_hash: String::new(),
        detail: "ok".into(),
        metadata: BTreeMap::new(),
    }
}

#[tokio::test]
async fn audit_retention_archives_then_evicts_and_the_rest_still_verifies() {
    let archive = tempfile::tempdir().unwrap();
    let f = fixture(archive.path().to_path_buf()).await;
    for i in 0..5 {
        f.engine.record_audit(entry(i)).await.unwrap();
    }
    let report = f.engine.maintain().await.unwrap();
    assert_eq!(report.audit_evicted, 3);
    let files: Vec<_> = std::fs::read_dir(archive.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1);
    let name = files[0].file_name().unwrap().to_string_lossy().to_string();
    assert!(
        name.starts_with("audit-") && name.ends_with(".jsonl"),
        "{name}"
    );
    let text = std::fs::read_to_string(&files[0]).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["request_id"], "r0");
    assert!(
        lines[0]["at"].as_str().unwrap().ends_with('Z'),
        "RFC 3339 time"
    );
    let kept = f
        .engine
        .list_audit(
            &audit::AuditFilter::default(),
            &audit::AuditCursor::After(None),
            10,
        )
        .await
        .unwrap();
    assert_eq!(
        kept.iter()
            .map(|r| r.entry.request_id.as_str())
            .collect::<Vec<_>>(),
        vec!["r3", "r4"]
    );
    assert_eq!(audit::verify_chain(&kept, None), Ok(()));
    // The archived entries chain into what remains.
    assert_eq!(lines[2]["hash"].as_str().unwrap(), kept[0].prev_hash);
    // Each entry also reached the event log.
    let events = f.engine.read_events(None, 100).await.unwrap();
    assert_eq!(
        events
            .iter()
            .filter(|e| matches!(e.event, Event::Audit(_)))
            .count(),
        5
    );
}

#[tokio::test]
async fn an_unwritable_archive_directory_fails_the_sweep_and_evicts_nothing() {
    let parent = tempfile::tempdir().unwrap();
    // A file where the directory should be: the archive cannot create it.
    let blocked = parent.path().join("blocked");
    std::fs::write(&blocked, b"").unwrap();
    let f = fixture(blocked.clone()).await;
    for i in 0..5 {
        f.engine.record_audit(entry(i)).await.unwrap();
    }
    match f.engine.sweep_audit().await {
        Err(Error::Unavailable(message)) => assert!(
            message.starts_with(&format!(
                "cannot write the audit archive in {}: ",
                blocked.display()
            )),
            "{message}"
        ),
        other => panic!("expected the sweep to fail, got {other:?}"),
    }
    let kept = f
        .engine
        .list_audit(
            &audit::AuditFilter::default(),
            &audit::AuditCursor::After(None),
            10,
        )
        .await
        .unwrap();
    assert_eq!(kept.len(), 5);
}
