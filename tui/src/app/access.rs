//! Who may do what from the dashboard: the certificate's role and `--readonly`, read against
//! the permission table of `worker_proto::access` through the operation each intent calls, so
//! the dashboard offers exactly what the server allows.

use worker_proto::access::{self, Op};

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
    /// Reads a certificate's OU as the server does (`worker_proto::access::Role::parse`: case
    /// and surrounding spaces do not matter), so the dashboard offers what the server allows.
    pub fn parse(ou: &str) -> Self {
        match access::Role::parse(ou) {
            Some(access::Role::Admin) => Role::Admin,
            Some(access::Role::Operator) => Role::Operator,
            Some(access::Role::Viewer) => Role::Viewer,
            // A gateway certificate or an unknown OU: the server allows it only health.
            Some(access::Role::Gateway) | None => Role::Other(ou.to_string()),
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

    /// The role as the permission table knows it; none for a role the dashboard does not.
    fn access(&self) -> Option<access::Role> {
        match self {
            Role::Admin => Some(access::Role::Admin),
            Role::Operator => Some(access::Role::Operator),
            Role::Viewer => Some(access::Role::Viewer),
            Role::Other(_) => None,
        }
    }

    fn may(&self, op: Op) -> bool {
        op.access().allows(self.access())
    }
}

impl Intent {
    /// The operation the intent calls: its entry in the permission table says who may. The
    /// companions it may call too (resetting a weight, resuming dequeue, replaying by id or
    /// after a filtered listing) need the same.
    pub fn op(self) -> Op {
        match self {
            Intent::PauseQueue => Op::PauseQueue,
            Intent::Weight => Op::UpdateQueueWeight,
            Intent::PauseDequeue => Op::PauseDequeue,
            Intent::Cancel => Op::CancelTask,
            Intent::Retry => Op::RetryTask,
            Intent::ReplaySelected => Op::ReplayDlqById,
            Intent::ReplayN => Op::ReplayDlq,
            Intent::ReplayAll => Op::StartBulkReplayDlq,
            Intent::Recycle => Op::RecycleWorker,
            Intent::PauseSchedule => Op::PauseSchedule,
            Intent::RunSchedule => Op::RunSchedule,
            Intent::DeleteSchedule => Op::DeleteSchedule,
            Intent::RunJob => Op::RunJob,
            Intent::CancelJobRun => Op::CancelJobRun,
            Intent::DeleteSelected => Op::DeleteDlq,
            Intent::DeleteAll => Op::StartBulkDeleteDlq,
        }
    }

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
            Intent::PauseSchedule => "pause or resume schedules",
            Intent::RunSchedule => "run schedules now",
            Intent::DeleteSchedule => "delete schedules",
            Intent::RunJob => "run jobs",
            Intent::CancelJobRun => "cancel job runs",
            Intent::DeleteSelected | Intent::DeleteAll => "delete DLQ entries",
        }
    }
}

impl Options {
    /// May this dashboard change anything at all?
    pub fn can_act(&self) -> bool {
        !self.readonly && Intent::ALL.iter().any(|i| self.role.may(i.op()))
    }

    /// The audit log is for those the table lets list it (`--readonly` still reads it).
    pub fn can_read_audit(&self) -> bool {
        self.role.may(Op::ListAuditEvents)
    }

    /// Why `intent` is not offered, if it is not.
    pub fn refusal(&self, intent: Intent) -> Option<String> {
        if self.readonly {
            return Some("read-only dashboard (--readonly): actions are off".into());
        }
        let op = intent.op();
        (!self.role.may(op)).then(|| {
            format!(
                "your certificate's role ({}) cannot {}; it needs {}",
                self.role.name(),
                intent.words(),
                op.access().roles()
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

#[cfg(test)]
mod tests {
    use worker_proto::access::Access;

    use super::*;

    #[test]
    fn an_intents_companions_need_what_it_needs() {
        for (intent, companions) in [
            (Intent::Weight, &[Op::ResetQueueWeight][..]),
            (Intent::PauseDequeue, &[Op::ResumeDequeue][..]),
            (Intent::ReplayN, &[Op::ReplayDlqById, Op::ListDlq][..]),
            (
                Intent::ReplayAll,
                &[Op::ReplayDlq, Op::CancelBulkOperation][..],
            ),
            (Intent::DeleteAll, &[Op::CancelBulkOperation][..]),
        ] {
            for op in companions {
                for role in [Role::Admin, Role::Operator, Role::Viewer] {
                    assert!(
                        !role.may(intent.op()) || role.may(*op),
                        "{role:?} may {intent:?} but not {op}"
                    );
                }
            }
        }
    }

    #[test]
    fn roles_are_read_as_the_server_reads_them() {
        assert_eq!(Role::parse(" Admin "), Role::Admin);
        assert_eq!(Role::parse("OPERATOR"), Role::Operator);
        assert_eq!(Role::parse("viewer"), Role::Viewer);
        assert_eq!(Role::parse("gateway"), Role::Other("gateway".into()));
        assert_eq!(Role::parse(""), Role::Other(String::new()));
        assert_eq!(Role::parse("").name(), "no role");
    }

    #[test]
    fn the_needed_roles_read_as_they_always_did() {
        assert_eq!(Access::Administer.roles(), "admin");
        assert_eq!(Access::Operate.roles(), "operator or admin");
    }
}
