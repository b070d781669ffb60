//! `health`: the server's status and build.

use serde::Serialize;

use crate::output::Record;

#[derive(Serialize, Debug, Clone)]
pub(crate) struct Health {
    pub status: String,
    pub version: String,
    pub commit: String,
    pub build_time: String,
    /// The Rust toolchain the server was built with.
    pub rustc: String,
    pub server: String,
}

impl Record for Health {
    fn header(_: bool) -> Vec<&'static str> {
        vec![
            "STATUS",
            "VERSION",
            "COMMIT",
            "BUILD_TIME",
            "RUSTC",
            "SERVER",
        ]
    }
    fn row(&self, _: bool) -> Vec<String> {
        vec![
            self.status.clone(),
            self.version.clone(),
            self.commit.clone(),
            self.build_time.clone(),
            self.rustc.clone(),
            self.server.clone(),
        ]
    }
}
