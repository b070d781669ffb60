//! Who may do what: roles from client certificates and the one permission table of every
//! operation (access, audit action, approval policy). `workerd` enforces it; `workerctl` and
//! the dashboard read it to offer only what a role may do. Defined once, here.

use std::fmt;

/// A caller's role, from the client certificate's OU.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Viewer,
    Operator,
    Admin,
    /// A gateway's own certificate: it may forward its callers' identities.
    Gateway,
}

impl Role {
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "viewer" => Some(Role::Viewer),
            "operator" => Some(Role::Operator),
            "admin" => Some(Role::Admin),
            "gateway" => Some(Role::Gateway),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Operator => "operator",
            Role::Admin => "admin",
            Role::Gateway => "gateway",
        }
    }

    /// Operators and admins see payload bytes; viewers see sizes only.
    pub fn sees_payloads(self) -> bool {
        matches!(self, Role::Operator | Role::Admin)
    }
}

/// What an operation needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Any verified certificate, even one without a known role.
    Anyone,
    /// viewer, operator or admin.
    Read,
    /// operator or admin.
    Operate,
    /// admin only.
    Administer,
}

impl Access {
    pub fn allows(self, role: Option<Role>) -> bool {
        match (self, role) {
            (Access::Anyone, _) => true,
            (_, None | Some(Role::Gateway)) => false,
            (Access::Read, Some(_)) => true,
            (Access::Operate, Some(r)) => matches!(r, Role::Operator | Role::Admin),
            (Access::Administer, Some(r)) => r == Role::Admin,
        }
    }

    /// The roles that may, as words: `admin`, `operator or admin`, …
    pub fn roles(self) -> &'static str {
        match self {
            Access::Anyone => "any client",
            Access::Read => "viewer, operator or admin",
            Access::Operate => "operator or admin",
            Access::Administer => "admin",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Access::Anyone => "any client",
            Access::Read => "the viewer, operator or admin role",
            Access::Operate => "the operator or admin role",
            Access::Administer => "the admin role",
        }
    }
}

macro_rules! ops {
    ($( $op:ident => $rpc:literal, $access:ident, $action:expr, $approval:literal; )*) => {
        /// Every operation of the admin and task APIs.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Op { $( $op, )* }

        impl Op {
            pub const ALL: &'static [Op] = &[ $( Op::$op, )* ];

            /// The RPC's name (`Service/Method` for the task service).
            pub fn rpc(self) -> &'static str {
                match self { $( Op::$op => $rpc, )* }
            }

            /// The permission table: what each operation needs.
            pub fn access(self) -> Access {
                match self { $( Op::$op => Access::$access, )* }
            }

            /// The audit action of a mutating operation; `None` for reads.
            pub fn audit_action(self) -> Option<&'static str> {
                match self { $( Op::$op => $action, )* }
            }

            /// The approval policy: destructive and bulk operations need the approval token
            /// when approval is required.
            pub fn needs_approval(self) -> bool {
                match self { $( Op::$op => $approval, )* }
            }
        }
    };
}

ops! {
    GetHealth => "GetHealth", Anyone, None, false;
    GetOverview => "GetOverview", Read, None, false;
    ListQueues => "ListQueues", Read, None, false;
    GetQueue => "GetQueue", Read, None, false;
    UpdateQueueWeight => "UpdateQueueWeight", Administer, Some("queue.update_weight"), false;
    ResetQueueWeight => "ResetQueueWeight", Administer, Some("queue.reset_weight"), false;
    PauseQueue => "PauseQueue", Operate, Some("queue.pause"), true;
    ListJobs => "ListJobs", Read, None, false;
    ListJobEvents => "ListJobEvents", Read, None, false;
    ListAuditEvents => "ListAuditEvents", Operate, None, false;
    GetJob => "GetJob", Read, None, false;
    UpsertJob => "UpsertJob", Administer, Some("job.upsert"), false;
    DeleteJob => "DeleteJob", Administer, Some("job.delete"), true;
    RunJob => "RunJob", Operate, Some("job.run"), true;
    ListScheduleFactories => "ListScheduleFactories", Read, None, false;
    ListScheduleEvents => "ListScheduleEvents", Read, None, false;
    ListSchedules => "ListSchedules", Read, None, false;
    CreateSchedule => "CreateSchedule", Administer, Some("schedule.create"), false;
    DeleteSchedule => "DeleteSchedule", Administer, Some("schedule.delete"), true;
    PauseSchedule => "PauseSchedule", Operate, Some("schedule.pause"), false;
    RunSchedule => "RunSchedule", Operate, Some("schedule.run"), true;
    PauseSchedules => "PauseSchedules", Operate, Some("schedule.pause_all"), true;
    ListDlq => "ListDLQ", Read, None, false;
    GetDlqEntry => "GetDLQEntry", Read, None, false;
    PauseDequeue => "PauseDequeue", Operate, Some("dequeue.pause"), true;
    ResumeDequeue => "ResumeDequeue", Operate, Some("dequeue.resume"), true;
    ReplayDlq => "ReplayDLQ", Operate, Some("dlq.replay"), true;
    ReplayDlqById => "ReplayDLQByID", Operate, Some("dlq.replay_ids"), true;
    StreamEvents => "StreamEvents", Read, None, false;
    ListTasks => "ListTasks", Read, None, false;
    GetTask => "GetTask", Read, None, false;
    CancelTask => "CancelTask", Operate, Some("task.cancel"), true;
    RetryTask => "RetryTask", Operate, Some("task.retry"), false;
    ListWorkers => "ListWorkers", Read, None, false;
    GetWorker => "GetWorker", Read, None, false;
    RecycleWorker => "RecycleWorker", Administer, Some("worker.recycle"), true;
    ListStuckTasks => "ListStuckTasks", Read, None, false;
    ExportAuditEvents => "ExportAuditEvents", Administer, Some("audit.export"), false;
    GetSchedule => "GetSchedule", Read, None, false;
    VerifyAuditChain => "VerifyAuditChain", Administer, None, false;
    ListDlqGroups => "ListDLQGroups", Read, None, false;
    ListJobRuns => "ListJobRuns", Read, None, false;
    GetJobRun => "GetJobRun", Read, None, false;
    GetJobRunLogs => "GetJobRunLogs", Read, None, false;
    CancelJobRun => "CancelJobRun", Operate, Some("job.cancel"), true;
    // Removing things (issue 17): admin only, approval-gated. Their dry runs change nothing:
    // the admin role still, but no approval, and audited only when refused.
    DeleteTasks => "DeleteTasks", Administer, Some("task.delete"), true;
    DeleteDlq => "DeleteDLQ", Administer, Some("dlq.delete"), true;
    DeleteQueue => "DeleteQueue", Administer, Some("queue.delete"), true;
    // Queue history (issue 17).
    GetQueueHistory => "GetQueueHistory", Read, None, false;
    // Bulk actions by filter (issue 17). StartBulkOperation's row is chosen by its request:
    // a dry run reads; a real run needs what the action's single form needs (deletes: admin;
    // replay, cancel, retry: operator) and, being bulk, approval. An unknown action is admin's
    // row and refused as invalid. Resume also needs the row of the operation's action.
    StartBulkDryRun => "StartBulkOperation:dry_run", Read, None, false;
    StartBulkReplayDlq => "StartBulkOperation:replay_dlq", Operate, Some("bulk.replay_dlq"), true;
    StartBulkDeleteDlq => "StartBulkOperation:delete_dlq", Administer, Some("bulk.delete_dlq"), true;
    StartBulkDeleteTasks => "StartBulkOperation:delete_tasks", Administer, Some("bulk.delete_tasks"), true;
    StartBulkCancelTasks => "StartBulkOperation:cancel_tasks", Operate, Some("bulk.cancel_tasks"), true;
    StartBulkRetryTasks => "StartBulkOperation:retry_tasks", Operate, Some("bulk.retry_tasks"), true;
    StartBulkOperation => "StartBulkOperation", Administer, Some("bulk.start"), true;
    GetBulkOperation => "GetBulkOperation", Read, None, false;
    ListBulkOperations => "ListBulkOperations", Read, None, false;
    // Stopping only ever does less; an operator may stop any operation.
    CancelBulkOperation => "CancelBulkOperation", Operate, Some("bulk.cancel"), false;
    ResumeBulkOperation => "ResumeBulkOperation", Operate, Some("bulk.resume"), true;
    Enqueue => "TaskService/Enqueue", Operate, Some("task.enqueue"), false;
    EnqueueBatch => "TaskService/EnqueueBatch", Operate, Some("task.enqueue_batch"), false;
    TaskServiceGetTask => "TaskService/GetTask", Read, None, false;
}

impl Op {
    /// The row of `StartBulkOperation` for a request: its dry run, or its action's row
    /// (`action` as the request names it; an unknown one gets the generic row).
    pub fn bulk_start(action: &str, dry_run: bool) -> Op {
        if dry_run {
            return Op::StartBulkDryRun;
        }
        match action {
            "replay_dlq" => Op::StartBulkReplayDlq,
            "delete_dlq" => Op::StartBulkDeleteDlq,
            "delete_tasks" => Op::StartBulkDeleteTasks,
            "cancel_tasks" => Op::StartBulkCancelTasks,
            "retry_tasks" => Op::StartBulkRetryTasks,
            _ => Op::StartBulkOperation,
        }
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.rpc())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_access_describes_the_roles_it_names() {
        for access in [Access::Read, Access::Operate, Access::Administer] {
            assert_eq!(access.describe(), format!("the {} role", access.roles()));
            assert!(access.allows(Some(Role::Admin)));
        }
        assert_eq!(Access::Anyone.describe(), Access::Anyone.roles());
    }
}
