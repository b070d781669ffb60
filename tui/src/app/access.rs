//! Who may do what from the dashboard: the certificate's role and `--readonly`.

use crate::action::Intent;
use crate::app::{App, Options};

/// The role the client certificate's OU names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    Admin,
    Operator,
    Viewer,
    /// A certificate without a role the server knows: read-only at best.
    Other(String),
}

impl Role {
    pub fn parse(ou: &str) -> Self {
        match ou {
            "admin" => Role::Admin,
            "operator" => Role::Operator,
            "viewer" => Role::Viewer,
            other => Role::Other(other.to_string()),
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Role::Admin => "admin",
            Role::Operator => "operator",
            Role::Viewer => "viewer",
            Role::Other(name) if name.is_empty() => "no role",
            Role::Other(name) => name,
        }
    }

    fn operates(&self) -> bool {
        matches!(self, Role::Admin | Role::Operator)
    }
}

impl Intent {
    /// What the intent does, after "cannot".
    fn words(self) -> &'static str {
        match self {
            Intent::PauseQueue => "pause or resume queues",
            Intent::Weight => "change queue weights",
            Intent::PauseDequeue => "pause or resume dequeue",
            Intent::Cancel => "cancel tasks",
            Intent::Retry => "retry tasks",
            Intent::ReplaySelected | Intent::ReplayN | Intent::ReplayAll => "replay the DLQ",
            Intent::Recycle => "recycle workers",
        }
    }
}

impl Options {
    /// May this dashboard change anything at all?
    pub fn can_act(&self) -> bool {
        !self.readonly && self.role.operates()
    }

    /// The audit log needs an operator or admin certificate (`--readonly` still reads it).
    pub fn can_read_audit(&self) -> bool {
        self.role.operates()
    }

    /// Why `intent` is not offered, if it is not.
    pub fn refusal(&self, intent: Intent) -> Option<String> {
        if self.readonly {
            return Some("read-only dashboard (--readonly): actions are off".into());
        }
        let admin_only = matches!(intent, Intent::Weight | Intent::Recycle);
        let allowed = if admin_only {
            self.role == Role::Admin
        } else {
            self.role.operates()
        };
        (!allowed).then(|| {
            format!(
                "your certificate's role ({}) cannot {}; it needs {}",
                self.role.name(),
                intent.words(),
                if admin_only {
                    "admin"
                } else {
                    "operator or admin"
                }
            )
        })
    }
}

impl App {
    /// May this dashboard change anything at all?
    pub fn can_act(&self) -> bool {
        self.opts.can_act()
    }

    /// The audit log needs an operator or admin certificate (`--readonly` still reads it).
    pub fn can_read_audit(&self) -> bool {
        self.opts.can_read_audit()
    }

    /// Why `intent` is not offered, if it is not.
    pub fn refusal(&self, intent: Intent) -> Option<String> {
        self.opts.refusal(intent)
    }
}
