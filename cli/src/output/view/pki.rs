//! `certs init`: where the new PKI's files are.

use serde::Serialize;

use crate::output::Record;

#[derive(Serialize, Debug, Clone)]
pub(crate) struct Pki {
    pub dir: String,
    pub ca: String,
    pub server_cert: String,
    pub server_key: String,
    pub admin_cert: String,
    pub admin_key: String,
    pub operator_cert: String,
    pub operator_key: String,
    pub viewer_cert: String,
    pub viewer_key: String,
}

impl Record for Pki {
    fn header(_: bool) -> Vec<&'static str> {
        vec![
            "DIR",
            "CA",
            "SERVER_CERT",
            "SERVER_KEY",
            "ADMIN_CERT",
            "ADMIN_KEY",
            "OPERATOR_CERT",
            "OPERATOR_KEY",
            "VIEWER_CERT",
            "VIEWER_KEY",
        ]
    }
    fn row(&self, _: bool) -> Vec<String> {
        vec![
            self.dir.clone(),
            self.ca.clone(),
            self.server_cert.clone(),
            self.server_key.clone(),
            self.admin_cert.clone(),
            self.admin_key.clone(),
            self.operator_cert.clone(),
            self.operator_key.clone(),
            self.viewer_cert.clone(),
            self.viewer_key.clone(),
        ]
    }
}
