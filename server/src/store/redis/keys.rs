//! The Redis store's key names: the global keys and each queue's group, in the order
//! `lua/prelude.lua` numbers them, all under one `{prefix}` hash tag (so one Cluster slot).

/// The global keys, in the order `prelude.lua` numbers them.
pub(super) const GLOBAL_KEYS: [&str; 27] = [
    "t",
    "payload",
    "errors",
    "counts",
    "running",
    "beats",
    "throughput",
    "dlq",
    "coord",
    "queues",
    "idem",
    "idemexp",
    "all",
    "s0",
    "s1",
    "s2",
    "s3",
    "s4",
    "s5",
    "s6",
    "workers",
    "stuck",
    "stucktime",
    "events",
    "audit",
    "auditids",
    "finished",
];

/// The per-queue keys, in the order `prelude.lua` numbers them.
pub(super) const QUEUE_KEYS: [&str; 12] = [
    "ready", "due", "readyage", "all", "s0", "s1", "s2", "s3", "s4", "s5", "s6", "dlq",
];

/// Names of every key, built once.
#[derive(Debug)]
pub(super) struct Keys {
    pub(super) base: String,
    pub(super) globals: Vec<String>,
}

impl Keys {
    pub(super) fn new(prefix: &str) -> Self {
        let base = format!("{{{prefix}}}");
        let globals = GLOBAL_KEYS.iter().map(|k| format!("{base}:{k}")).collect();
        Self { base, globals }
    }

    pub(super) fn global(&self, name: &str) -> String {
        format!("{}:{name}", self.base)
    }

    pub(super) fn queue(&self, queue: &str) -> impl Iterator<Item = String> + '_ {
        let queue = queue.to_string();
        QUEUE_KEYS
            .iter()
            .map(move |k| format!("{}:q:{queue}:{k}", self.base))
    }

    pub(super) fn queue_key(&self, queue: &str, name: &str) -> String {
        format!("{}:q:{queue}:{name}", self.base)
    }

    pub(super) fn handler_dlq(&self, handler: &str) -> String {
        format!("{}:h:{handler}:dlq", self.base)
    }
}
