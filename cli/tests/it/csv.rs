//! `-o csv` is the JSON: for every command that prints records, the CSV header is the JSON
//! object's keys in order and each row holds the same values; `audit export --format csv` is
//! the same as its JSON too.

use crate::support::{Server, eventually};

/// A JSON object's fields in their written order (`serde_json::Value` would sort them).
struct Fields(Vec<(String, serde_json::Value)>);

impl<'de> serde::Deserialize<'de> for Fields {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Fields;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Fields, A::Error> {
                let mut out = Vec::new();
                while let Some(field) = map.next_entry::<String, serde_json::Value>()? {
                    out.push(field);
                }
                Ok(Fields(out))
            }
        }
        d.deserialize_map(Visit)
    }
}

/// A JSON value as a CSV cell: text as it is, null empty, the rest as JSON writes it.
fn cell(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Keys whose values move with the clock between the JSON run and the CSV run.
const MOVING: &[&str] = &[
    "age_ms",
    "latency_ms",
    "avg_latency_ms",
    "p95_latency_ms",
    "last_heartbeat",
    "in_flight",
    "throughput",
    "queue_list",
    // Queue history: which step the outcomes land in moves with the clock.
    "points",
    "history",
];

/// Runs `args` with `-o jsonl` and `-o csv` and checks that they say the same; returns the
/// number of records.
async fn csv_is_json(server: &Server, role: &str, args: &[&str]) -> usize {
    let with = |format: &'static str| {
        let mut all = args.to_vec();
        all.extend(["-o", format]);
        all
    };
    let jsonl = server.ok(role, &with("jsonl")).await;
    let csv_text = server.ok(role, &with("csv")).await;
    let objects: Vec<Fields> = jsonl
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), objects.len(), "{args:?}: {csv_text}");
    if let Some(first) = objects.first() {
        let keys: Vec<&str> = first.0.iter().map(|(k, _)| k.as_str()).collect();
        let header: Vec<&str> = reader.headers().unwrap().iter().collect();
        assert_eq!(header, keys, "{args:?}: the header is the JSON keys");
    }
    for (object, row) in objects.iter().zip(&rows) {
        assert_eq!(row.len(), object.0.len(), "{args:?}");
        for ((key, value), cell_text) in object.0.iter().zip(row.iter()) {
            // Two runs a moment apart: what moves with the clock may differ between them.
            if !MOVING.contains(&key.as_str()) {
                assert_eq!(
                    cell_text,
                    cell(value),
                    "{args:?}: {key} holds the JSON value"
                );
            }
        }
    }
    objects.len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_csv_output_is_its_json() {
    let server = Server::start(&[], true).await;
    let id = server
        .json(
            "operator",
            &[
                "task", "enqueue", "noop", "--queue", "default", "--meta", "k=v",
            ],
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let dead = server
        .json(
            "operator",
            &[
                "task",
                "enqueue",
                "fail",
                "--queue",
                "jobs",
                "--max-retries",
                "0",
            ],
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    eventually("the failing task in the DLQ", || async {
        server
            .json("viewer", &["dlq", "ls"])
            .await
            .as_array()
            .is_some_and(|a| !a.is_empty())
    })
    .await;
    server
        .ok("operator", &["queue", "pause", "default", "-y"])
        .await;
    let commands: &[(&str, &[&str])] = &[
        ("viewer", &["health"]),
        ("viewer", &["overview"]),
        ("viewer", &["queue", "ls"]),
        ("viewer", &["queue", "get", "default"]),
        ("viewer", &["queue", "history", "default", "--range", "24h"]),
        ("viewer", &["overview", "--range", "30d"]),
        ("viewer", &["task", "ls", "--queue", "default"]),
        ("operator", &["task", "get", &id]),
        ("viewer", &["dlq", "ls"]),
        ("viewer", &["dlq", "groups"]),
        ("operator", &["dlq", "get", &dead]),
        ("viewer", &["worker", "ls"]),
        ("viewer", &["stuck", "ls"]),
        ("viewer", &["schedule", "ls"]),
        ("viewer", &["schedule", "factories"]),
        ("operator", &["audit", "ls"]),
        ("viewer", &["events", "--kind", "queue_changed"]),
        // Deletes, dry: what they print without changing anything.
        ("admin", &["dlq", "delete", "--queue", "jobs", "--dry-run"]),
        (
            "admin",
            &["task", "delete", "--queue", "default", "--dry-run"],
        ),
        ("admin", &["queue", "delete", "default", "--dry-run"]),
    ];
    for (role, args) in commands {
        csv_is_json(&server, role, args).await;
    }
    assert!(csv_is_json(&server, "viewer", &["task", "ls", "--queue", "default"]).await >= 1);
    assert!(csv_is_json(&server, "operator", &["audit", "ls"]).await >= 1);

    // The audit export's CSV is its JSON, the reference's eight columns first.
    let export = |format: &'static str| {
        let server = &server;
        async move {
            server
                .ok("admin", &["audit", "export", "--format", format])
                .await
        }
    };
    let jsonl = export("jsonl").await;
    let csv_text = export("csv").await;
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header[..8],
        [
            "at",
            "actor",
            "request_id",
            "action",
            "target",
            "status",
            "payload_hash",
            "detail"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let objects: Vec<Fields> = jsonl
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert!(!objects.is_empty());
    // The export's own entry may follow the JSONL's; compare what both hold.
    for (object, row) in objects.iter().zip(&rows) {
        let keys: Vec<&str> = object.0.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, header, "the export's JSON keys are its CSV header");
        let values: Vec<String> = object.0.iter().map(|(_, v)| cell(v)).collect();
        assert_eq!(row.iter().collect::<Vec<_>>(), values);
    }
}
