
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'workerctl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'workerctl'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'workerctl' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('health', 'health', [CompletionResultType]::ParameterValue, 'Server health and build')
            [CompletionResult]::new('overview', 'overview', [CompletionResultType]::ParameterValue, 'Counts, coordination, workers and throughput')
            [CompletionResult]::new('queue', 'queue', [CompletionResultType]::ParameterValue, 'Queues: list, inspect, pause, resume, weights')
            [CompletionResult]::new('dequeue', 'dequeue', [CompletionResultType]::ParameterValue, 'Pause or resume leasing from every queue')
            [CompletionResult]::new('task', 'task', [CompletionResultType]::ParameterValue, 'Tasks: enqueue, inspect, list, cancel, retry')
            [CompletionResult]::new('schedule', 'schedule', [CompletionResultType]::ParameterValue, 'Cron schedules: list, inspect, create, delete, pause, resume, run now, events')
            [CompletionResult]::new('job', 'job', [CompletionResultType]::ParameterValue, 'Containerized jobs: define (apply a file), list, inspect, run, follow logs, cancel')
            [CompletionResult]::new('dlq', 'dlq', [CompletionResultType]::ParameterValue, 'The dead-letter queue: list, inspect, replay')
            [CompletionResult]::new('bulk', 'bulk', [CompletionResultType]::ParameterValue, 'Bulk actions by filter, run on the server: replay, delete, cancel, retry; and their progress')
            [CompletionResult]::new('worker', 'worker', [CompletionResultType]::ParameterValue, 'Workers: list, inspect, recycle')
            [CompletionResult]::new('stuck', 'stuck', [CompletionResultType]::ParameterValue, 'Stuck-task history by handler')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'The audit log: list and export')
            [CompletionResult]::new('events', 'events', [CompletionResultType]::ParameterValue, 'The event log; -f follows it live')
            [CompletionResult]::new('dash', 'dash', [CompletionResultType]::ParameterValue, 'The live terminal dashboard')
            [CompletionResult]::new('certs', 'certs', [CompletionResultType]::ParameterValue, 'Certificates for mutual TLS')
            [CompletionResult]::new('completion', 'completion', [CompletionResultType]::ParameterValue, 'Shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'workerctl;health' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;overview' {
            [CompletionResult]::new('--range', '--range', [CompletionResultType]::ParameterName, 'Also show outcomes over this range against the range before it (24h: today against yesterday)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;queue' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List queues')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List queues')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show one queue')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Stop leasing from a queue (enqueue still works)')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Lease from a queue again')
            [CompletionResult]::new('weight', 'weight', [CompletionResultType]::ParameterValue, 'Set or reset a queue''s weight')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Remove a queue from the registry (admin). Refused while it holds tasks unless --force, which deletes them too (never while one runs). A later enqueue registers it again')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Task outcomes over a range, against the range before it')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'workerctl;queue;ls' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;queue;list' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;queue;get' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;queue;pause' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;queue;resume' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;queue;weight' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set a queue''s weight (1 to 10000), persisted cluster-wide')
            [CompletionResult]::new('reset', 'reset', [CompletionResultType]::ParameterValue, 'Return a queue to its configured weight')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'workerctl;queue;weight;set' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;queue;weight;reset' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;queue;weight;help' {
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set a queue''s weight (1 to 10000), persisted cluster-wide')
            [CompletionResult]::new('reset', 'reset', [CompletionResultType]::ParameterValue, 'Return a queue to its configured weight')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'workerctl;queue;weight;help;set' {
            break
        }
        'workerctl;queue;weight;help;reset' {
            break
        }
        'workerctl;queue;weight;help;help' {
            break
        }
        'workerctl;queue;delete' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Delete the queue''s tasks with it')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show how many tasks it holds; change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;queue;history' {
            [CompletionResult]::new('--range', '--range', [CompletionResultType]::ParameterName, '15m (minutes), 24h (15-minute steps) or 30d (6-hour steps)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;queue;help' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List queues')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show one queue')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Stop leasing from a queue (enqueue still works)')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Lease from a queue again')
            [CompletionResult]::new('weight', 'weight', [CompletionResultType]::ParameterValue, 'Set or reset a queue''s weight')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Remove a queue from the registry (admin). Refused while it holds tasks unless --force, which deletes them too (never while one runs). A later enqueue registers it again')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Task outcomes over a range, against the range before it')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'workerctl;queue;help;ls' {
            break
        }
        'workerctl;queue;help;get' {
            break
        }
        'workerctl;queue;help;pause' {
            break
        }
        'workerctl;queue;help;resume' {
            break
        }
        'workerctl;queue;help;weight' {
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set a queue''s weight (1 to 10000), persisted cluster-wide')
            [CompletionResult]::new('reset', 'reset', [CompletionResultType]::ParameterValue, 'Return a queue to its configured weight')
            break
        }
        'workerctl;queue;help;weight;set' {
            break
        }
        'workerctl;queue;help;weight;reset' {
            break
        }
        'workerctl;queue;help;delete' {
            break
        }
        'workerctl;queue;help;history' {
            break
        }
        'workerctl;queue;help;help' {
            break
        }
        'workerctl;dequeue' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Stop leasing from every queue')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Lease again')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'workerctl;dequeue;pause' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;dequeue;resume' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;dequeue;help' {
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Stop leasing from every queue')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Lease again')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'workerctl;dequeue;help;pause' {
            break
        }
        'workerctl;dequeue;help;resume' {
            break
        }
        'workerctl;dequeue;help;help' {
            break
        }
        'workerctl;task' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('enqueue', 'enqueue', [CompletionResultType]::ParameterValue, 'Enqueue a task, or many from JSON lines (--jsonl)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show a task with its error history')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List tasks, newest first')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List tasks, newest first')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel a task: a waiting one at once, a running one by signal')
            [CompletionResult]::new('retry', 'retry', [CompletionResultType]::ParameterValue, 'Run a scheduled, retrying or finished task again')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete tasks by id, or every task matching the filter (admin); running tasks are refused (cancel them first)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'workerctl;task;enqueue' {
            [CompletionResult]::new('--queue', '--queue', [CompletionResultType]::ParameterName, 'Queue (default: the server''s default queue)')
            [CompletionResult]::new('--payload', '--payload', [CompletionResultType]::ParameterName, 'Payload as text')
            [CompletionResult]::new('--payload-file', '--payload-file', [CompletionResultType]::ParameterName, 'Payload from a file; - reads stdin')
            [CompletionResult]::new('--priority', '--priority', [CompletionResultType]::ParameterName, 'Lower runs first')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries after the first attempt (default: the server''s)')
            [CompletionResult]::new('--task-timeout', '--task-timeout', [CompletionResultType]::ParameterName, 'Per-attempt timeout of the task, like 30s or 5m (default: the server''s)')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Run at this time (RFC 3339, like 2026-12-01T09:00:00Z)')
            [CompletionResult]::new('--in', '--in', [CompletionResultType]::ParameterName, 'Run after this delay, like 10m')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Deduplicates enqueues of this handler for the server''s idempotency TTL')
            [CompletionResult]::new('--meta', '--meta', [CompletionResultType]::ParameterName, 'Metadata, key=value; repeatable')
            [CompletionResult]::new('--jsonl', '--jsonl', [CompletionResultType]::ParameterName, 'Enqueue every JSON line of this file (- for stdin) instead')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;task;get' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;task;ls' {
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'The whole filter as text: queue:, handler:, state:, fp:, older: and free text')
            [CompletionResult]::new('--queue', '--queue', [CompletionResultType]::ParameterName, 'queue')
            [CompletionResult]::new('--handler', '--handler', [CompletionResultType]::ParameterName, 'handler')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'scheduled, pending, running, retrying, succeeded, dead or cancelled')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'Case-insensitive text in the id, the handler or the last error')
            [CompletionResult]::new('--fingerprint', '--fingerprint', [CompletionResultType]::ParameterName, 'Dead tasks whose error has this fingerprint (see `dlq groups`)')
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Only tasks created (DLQ entries: dead) at least this long ago, like 2h or 7d')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'limit')
            [CompletionResult]::new('--offset', '--offset', [CompletionResultType]::ParameterName, 'offset')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;task;list' {
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'The whole filter as text: queue:, handler:, state:, fp:, older: and free text')
            [CompletionResult]::new('--queue', '--queue', [CompletionResultType]::ParameterName, 'queue')
            [CompletionResult]::new('--handler', '--handler', [CompletionResultType]::ParameterName, 'handler')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'scheduled, pending, running, retrying, succeeded, dead or cancelled')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'Case-insensitive text in the id, the handler or the last error')
            [CompletionResult]::new('--fingerprint', '--fingerprint', [CompletionResultType]::ParameterName, 'Dead tasks whose error has this fingerprint (see `dlq groups`)')
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Only tasks created (DLQ entries: dead) at least this long ago, like 2h or 7d')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'limit')
            [CompletionResult]::new('--offset', '--offset', [CompletionResultType]::ParameterName, 'offset')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;task;cancel' {
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'The whole filter as text: queue:, handler:, state:, fp:, older: and free text')
            [CompletionResult]::new('--queue', '--queue', [CompletionResultType]::ParameterName, 'queue')
            [CompletionResult]::new('--handler', '--handler', [CompletionResultType]::ParameterName, 'handler')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'scheduled, pending, running, retrying, succeeded, dead or cancelled')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'Case-insensitive text in the id, the handler or the last error')
            [CompletionResult]::new('--fingerprint', '--fingerprint', [CompletionResultType]::ParameterName, 'Dead tasks whose error has this fingerprint (see `dlq groups`)')
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Only tasks created (DLQ entries: dead) at least this long ago, like 2h or 7d')
            [CompletionResult]::new('--batch', '--batch', [CompletionResultType]::ParameterName, 'Tasks per batch (the server caps it)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every task (no filter)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Count and show a sample; change nothing')
            [CompletionResult]::new('--detach', '--detach', [CompletionResultType]::ParameterName, 'Print the bulk operation''s id and return at once')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;task;retry' {
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'The whole filter as text: queue:, handler:, state:, fp:, older: and free text')
            [CompletionResult]::new('--queue', '--queue', [CompletionResultType]::ParameterName, 'queue')
            [CompletionResult]::new('--handler', '--handler', [CompletionResultType]::ParameterName, 'handler')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'scheduled, pending, running, retrying, succeeded, dead or cancelled')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'Case-insensitive text in the id, the handler or the last error')
            [CompletionResult]::new('--fingerprint', '--fingerprint', [CompletionResultType]::ParameterName, 'Dead tasks whose error has this fingerprint (see `dlq groups`)')
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Only tasks created (DLQ entries: dead) at least this long ago, like 2h or 7d')
            [CompletionResult]::new('--batch', '--batch', [CompletionResultType]::ParameterName, 'Tasks per batch (the server caps it)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every task (no filter)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Count and show a sample; change nothing')
            [CompletionResult]::new('--detach', '--detach', [CompletionResultType]::ParameterName, 'Print the bulk operation''s id and return at once')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;task;delete' {
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'The whole filter as text: queue:, handler:, state:, fp:, older: and free text')
            [CompletionResult]::new('--queue', '--queue', [CompletionResultType]::ParameterName, 'queue')
            [CompletionResult]::new('--handler', '--handler', [CompletionResultType]::ParameterName, 'handler')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'scheduled, pending, running, retrying, succeeded, dead or cancelled')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'Case-insensitive text in the id, the handler or the last error')
            [CompletionResult]::new('--fingerprint', '--fingerprint', [CompletionResultType]::ParameterName, 'Dead tasks whose error has this fingerprint (see `dlq groups`)')
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Only tasks created (DLQ entries: dead) at least this long ago, like 2h or 7d')
            [CompletionResult]::new('--batch', '--batch', [CompletionResultType]::ParameterName, 'Tasks per call')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every task (no filter)')
            [CompletionResult]::new('--detach', '--detach', [CompletionResultType]::ParameterName, 'By filter: print the bulk operation''s id and return at once')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Count and show a sample; change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;task;help' {
            [CompletionResult]::new('enqueue', 'enqueue', [CompletionResultType]::ParameterValue, 'Enqueue a task, or many from JSON lines (--jsonl)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show a task with its error history')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List tasks, newest first')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel a task: a waiting one at once, a running one by signal')
            [CompletionResult]::new('retry', 'retry', [CompletionResultType]::ParameterValue, 'Run a scheduled, retrying or finished task again')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete tasks by id, or every task matching the filter (admin); running tasks are refused (cancel them first)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'workerctl;task;help;enqueue' {
            break
        }
        'workerctl;task;help;get' {
            break
        }
        'workerctl;task;help;ls' {
            break
        }
        'workerctl;task;help;cancel' {
            break
        }
        'workerctl;task;help;retry' {
            break
        }
        'workerctl;task;help;delete' {
            break
        }
        'workerctl;task;help;help' {
            break
        }
        'workerctl;schedule' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List schedules with their next and last runs')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List schedules with their next and last runs')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show a schedule with its recent fires')
            [CompletionResult]::new('factories', 'factories', [CompletionResultType]::ParameterValue, 'The names a schedule may take: handlers live workers register, and jobs')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a schedule, or replace the one of that name (which resumes it)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a schedule; its factory stays, so it can be created again')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Stop a schedule firing (its fires are skipped until resumed)')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Let a paused schedule fire again')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Fire a schedule now, once, besides its timetable')
            [CompletionResult]::new('pause-all', 'pause-all', [CompletionResultType]::ParameterValue, 'Pause every schedule')
            [CompletionResult]::new('resume-all', 'resume-all', [CompletionResultType]::ParameterValue, 'Resume every schedule')
            [CompletionResult]::new('events', 'events', [CompletionResultType]::ParameterValue, 'Recent fires of every schedule, or of one, newest first')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'workerctl;schedule;ls' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;schedule;list' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;schedule;get' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;schedule;factories' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;schedule;create' {
            [CompletionResult]::new('--spec', '--spec', [CompletionResultType]::ParameterName, 'Cron spec, like ''*/5 * * * *'', ''0 30 9 * * 1-5'' or ''@every 90s''')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'IANA time zone the spec is read in, like Europe/Berlin (default: UTC)')
            [CompletionResult]::new('--handler', '--handler', [CompletionResultType]::ParameterName, 'The handler each fire''s task runs, or the job each fire runs (default: the schedule''s name)')
            [CompletionResult]::new('--queue', '--queue', [CompletionResultType]::ParameterName, 'Queue of each fire''s task (default: the server''s default queue)')
            [CompletionResult]::new('--payload', '--payload', [CompletionResultType]::ParameterName, 'Payload as text')
            [CompletionResult]::new('--payload-file', '--payload-file', [CompletionResultType]::ParameterName, 'Payload from a file; - reads stdin')
            [CompletionResult]::new('--priority', '--priority', [CompletionResultType]::ParameterName, 'Lower runs first')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries after the first attempt (default: the server''s at fire time)')
            [CompletionResult]::new('--task-timeout', '--task-timeout', [CompletionResultType]::ParameterName, 'Per-attempt timeout of each fire''s task, like 30s or 5m (default: the server''s)')
            [CompletionResult]::new('--meta', '--meta', [CompletionResultType]::ParameterName, 'Metadata of each fire''s task, key=value; repeatable')
            [CompletionResult]::new('--misfire', '--misfire', [CompletionResultType]::ParameterName, 'Fires missed while no node ran (default: skip)')
            [CompletionResult]::new('--catch-up-max', '--catch-up-max', [CompletionResultType]::ParameterName, 'With --misfire catch_up: the most missed fires made up')
            [CompletionResult]::new('--overlap', '--overlap', [CompletionResultType]::ParameterName, 'A fire while the previous fire''s task still runs (default: allow)')
            [CompletionResult]::new('--jitter', '--jitter', [CompletionResultType]::ParameterName, 'Delay each fire''s task by up to this much, at random, like 30s')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;schedule;delete' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;schedule;pause' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;schedule;resume' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;schedule;run' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;schedule;pause-all' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;schedule;resume-all' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;schedule;events' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many (the server keeps the newest 200 per schedule)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;schedule;help' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List schedules with their next and last runs')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show a schedule with its recent fires')
            [CompletionResult]::new('factories', 'factories', [CompletionResultType]::ParameterValue, 'The names a schedule may take: handlers live workers register, and jobs')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a schedule, or replace the one of that name (which resumes it)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a schedule; its factory stays, so it can be created again')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Stop a schedule firing (its fires are skipped until resumed)')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Let a paused schedule fire again')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Fire a schedule now, once, besides its timetable')
            [CompletionResult]::new('pause-all', 'pause-all', [CompletionResultType]::ParameterValue, 'Pause every schedule')
            [CompletionResult]::new('resume-all', 'resume-all', [CompletionResultType]::ParameterValue, 'Resume every schedule')
            [CompletionResult]::new('events', 'events', [CompletionResultType]::ParameterValue, 'Recent fires of every schedule, or of one, newest first')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'workerctl;schedule;help;ls' {
            break
        }
        'workerctl;schedule;help;get' {
            break
        }
        'workerctl;schedule;help;factories' {
            break
        }
        'workerctl;schedule;help;create' {
            break
        }
        'workerctl;schedule;help;delete' {
            break
        }
        'workerctl;schedule;help;pause' {
            break
        }
        'workerctl;schedule;help;resume' {
            break
        }
        'workerctl;schedule;help;run' {
            break
        }
        'workerctl;schedule;help;pause-all' {
            break
        }
        'workerctl;schedule;help;resume-all' {
            break
        }
        'workerctl;schedule;help;events' {
            break
        }
        'workerctl;schedule;help;help' {
            break
        }
        'workerctl;job' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List jobs (secret env values read [redacted])')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List jobs (secret env values read [redacted])')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show a job''s definition')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Create or replace a job from a TOML file an operator keeps in git')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a job; its runs and events stay')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a job now')
            [CompletionResult]::new('runs', 'runs', [CompletionResultType]::ParameterValue, 'Runs, newest first: of one job, or of every job')
            [CompletionResult]::new('logs', 'logs', [CompletionResultType]::ParameterValue, 'A run''s output; -f follows it until the run ends and exits with its status (0 when it succeeded, 1 when it failed or was cancelled)')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel a run: a queued one at once, a running one is stopped')
            [CompletionResult]::new('events', 'events', [CompletionResultType]::ParameterValue, 'Job events, newest first: of one job, or of every job')
            [CompletionResult]::new('artifact', 'artifact', [CompletionResultType]::ParameterValue, 'Where a job''s artifact is: its URL, its file in the tarball directory, or none (git)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'workerctl;job;ls' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;job;list' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;job;get' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;job;apply' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'The job file ("-" reads stdin)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The job file ("-" reads stdin)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;job;delete' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;job;run' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;job;runs' {
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only runs with this status: queued, running, succeeded, failed, cancelled')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'limit')
            [CompletionResult]::new('--cursor', '--cursor', [CompletionResultType]::ParameterName, 'Older runs: the cursor a previous page printed')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;job;logs' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'f')
            [CompletionResult]::new('--follow', '--follow', [CompletionResultType]::ParameterName, 'follow')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;job;cancel' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;job;events' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'limit')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;job;artifact' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;job;help' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List jobs (secret env values read [redacted])')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show a job''s definition')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Create or replace a job from a TOML file an operator keeps in git')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a job; its runs and events stay')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a job now')
            [CompletionResult]::new('runs', 'runs', [CompletionResultType]::ParameterValue, 'Runs, newest first: of one job, or of every job')
            [CompletionResult]::new('logs', 'logs', [CompletionResultType]::ParameterValue, 'A run''s output; -f follows it until the run ends and exits with its status (0 when it succeeded, 1 when it failed or was cancelled)')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel a run: a queued one at once, a running one is stopped')
            [CompletionResult]::new('events', 'events', [CompletionResultType]::ParameterValue, 'Job events, newest first: of one job, or of every job')
            [CompletionResult]::new('artifact', 'artifact', [CompletionResultType]::ParameterValue, 'Where a job''s artifact is: its URL, its file in the tarball directory, or none (git)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'workerctl;job;help;ls' {
            break
        }
        'workerctl;job;help;get' {
            break
        }
        'workerctl;job;help;apply' {
            break
        }
        'workerctl;job;help;delete' {
            break
        }
        'workerctl;job;help;run' {
            break
        }
        'workerctl;job;help;runs' {
            break
        }
        'workerctl;job;help;logs' {
            break
        }
        'workerctl;job;help;cancel' {
            break
        }
        'workerctl;job;help;events' {
            break
        }
        'workerctl;job;help;artifact' {
            break
        }
        'workerctl;job;help;help' {
            break
        }
        'workerctl;dlq' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List DLQ entries, newest first')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List DLQ entries, newest first')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show one entry with its error history')
            [CompletionResult]::new('groups', 'groups', [CompletionResultType]::ParameterValue, 'Dead tasks grouped by cause: per handler, the error with numbers, ids, hex strings, quoted values and addresses masked, with how many, since when and an example')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Move entries back to pending (attempts reset, history kept)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete entries by id, or every entry matching the filter (admin)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'workerctl;dlq;ls' {
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'The whole filter as text: queue:, handler:, state:, fp:, older: and free text')
            [CompletionResult]::new('--queue', '--queue', [CompletionResultType]::ParameterName, 'queue')
            [CompletionResult]::new('--handler', '--handler', [CompletionResultType]::ParameterName, 'handler')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'scheduled, pending, running, retrying, succeeded, dead or cancelled')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'Case-insensitive text in the id, the handler or the last error')
            [CompletionResult]::new('--fingerprint', '--fingerprint', [CompletionResultType]::ParameterName, 'Dead tasks whose error has this fingerprint (see `dlq groups`)')
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Only tasks created (DLQ entries: dead) at least this long ago, like 2h or 7d')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'limit')
            [CompletionResult]::new('--offset', '--offset', [CompletionResultType]::ParameterName, 'offset')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;dlq;list' {
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'The whole filter as text: queue:, handler:, state:, fp:, older: and free text')
            [CompletionResult]::new('--queue', '--queue', [CompletionResultType]::ParameterName, 'queue')
            [CompletionResult]::new('--handler', '--handler', [CompletionResultType]::ParameterName, 'handler')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'scheduled, pending, running, retrying, succeeded, dead or cancelled')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'Case-insensitive text in the id, the handler or the last error')
            [CompletionResult]::new('--fingerprint', '--fingerprint', [CompletionResultType]::ParameterName, 'Dead tasks whose error has this fingerprint (see `dlq groups`)')
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Only tasks created (DLQ entries: dead) at least this long ago, like 2h or 7d')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'limit')
            [CompletionResult]::new('--offset', '--offset', [CompletionResultType]::ParameterName, 'offset')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;dlq;get' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;dlq;groups' {
            [CompletionResult]::new('--queue', '--queue', [CompletionResultType]::ParameterName, 'Only entries of this queue')
            [CompletionResult]::new('--handler', '--handler', [CompletionResultType]::ParameterName, 'handler')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Groups to show, largest first (the server caps it at 1000)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;dlq;replay' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'The oldest N entries, replayed in batches from here (not a server operation)')
            [CompletionResult]::new('--ids', '--ids', [CompletionResultType]::ParameterName, 'These ids (comma-separated)')
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'The whole filter as text: queue:, handler:, state:, fp:, older: and free text')
            [CompletionResult]::new('--queue', '--queue', [CompletionResultType]::ParameterName, 'queue')
            [CompletionResult]::new('--handler', '--handler', [CompletionResultType]::ParameterName, 'handler')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'scheduled, pending, running, retrying, succeeded, dead or cancelled')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'Case-insensitive text in the id, the handler or the last error')
            [CompletionResult]::new('--fingerprint', '--fingerprint', [CompletionResultType]::ParameterName, 'Dead tasks whose error has this fingerprint (see `dlq groups`)')
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Only tasks created (DLQ entries: dead) at least this long ago, like 2h or 7d')
            [CompletionResult]::new('--batch', '--batch', [CompletionResultType]::ParameterName, 'Entries per call')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every entry, as a bulk operation on the server')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would move; change nothing')
            [CompletionResult]::new('--detach', '--detach', [CompletionResultType]::ParameterName, 'By filter: print the bulk operation''s id and return at once')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;dlq;delete' {
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'The whole filter as text: queue:, handler:, state:, fp:, older: and free text')
            [CompletionResult]::new('--queue', '--queue', [CompletionResultType]::ParameterName, 'queue')
            [CompletionResult]::new('--handler', '--handler', [CompletionResultType]::ParameterName, 'handler')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'scheduled, pending, running, retrying, succeeded, dead or cancelled')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'Case-insensitive text in the id, the handler or the last error')
            [CompletionResult]::new('--fingerprint', '--fingerprint', [CompletionResultType]::ParameterName, 'Dead tasks whose error has this fingerprint (see `dlq groups`)')
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Only tasks created (DLQ entries: dead) at least this long ago, like 2h or 7d')
            [CompletionResult]::new('--batch', '--batch', [CompletionResultType]::ParameterName, 'Entries per call')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'The whole DLQ (no filter)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'dry-run')
            [CompletionResult]::new('--detach', '--detach', [CompletionResultType]::ParameterName, 'By filter: print the bulk operation''s id and return at once')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;dlq;help' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List DLQ entries, newest first')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show one entry with its error history')
            [CompletionResult]::new('groups', 'groups', [CompletionResultType]::ParameterValue, 'Dead tasks grouped by cause: per handler, the error with numbers, ids, hex strings, quoted values and addresses masked, with how many, since when and an example')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Move entries back to pending (attempts reset, history kept)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete entries by id, or every entry matching the filter (admin)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'workerctl;dlq;help;ls' {
            break
        }
        'workerctl;dlq;help;get' {
            break
        }
        'workerctl;dlq;help;groups' {
            break
        }
        'workerctl;dlq;help;replay' {
            break
        }
        'workerctl;dlq;help;delete' {
            break
        }
        'workerctl;dlq;help;help' {
            break
        }
        'workerctl;bulk' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Start a bulk action on what a filter selects, and follow it to the end')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List bulk operations, newest first')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List bulk operations, newest first')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show an operation''s progress')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Stop an operation between batches; what is done stays done')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Continue a failed operation past where it stopped')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'workerctl;bulk;run' {
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'The whole filter as text: queue:, handler:, state:, fp:, older: and free text')
            [CompletionResult]::new('--queue', '--queue', [CompletionResultType]::ParameterName, 'queue')
            [CompletionResult]::new('--handler', '--handler', [CompletionResultType]::ParameterName, 'handler')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'scheduled, pending, running, retrying, succeeded, dead or cancelled')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'Case-insensitive text in the id, the handler or the last error')
            [CompletionResult]::new('--fingerprint', '--fingerprint', [CompletionResultType]::ParameterName, 'Dead tasks whose error has this fingerprint (see `dlq groups`)')
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Only tasks created (DLQ entries: dead) at least this long ago, like 2h or 7d')
            [CompletionResult]::new('--batch', '--batch', [CompletionResultType]::ParameterName, 'Tasks per batch (the server caps it)')
            [CompletionResult]::new('--sample', '--sample', [CompletionResultType]::ParameterName, 'A dry run''s sample size (at most 100)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'An empty filter: everything the action''s listing holds')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Count and show a sample; change nothing')
            [CompletionResult]::new('--detach', '--detach', [CompletionResultType]::ParameterName, 'Print the operation''s id and return at once')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;bulk;ls' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'limit')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;bulk;list' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'limit')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;bulk;get' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;bulk;cancel' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;bulk;resume' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;bulk;help' {
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Start a bulk action on what a filter selects, and follow it to the end')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List bulk operations, newest first')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show an operation''s progress')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Stop an operation between batches; what is done stays done')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Continue a failed operation past where it stopped')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'workerctl;bulk;help;run' {
            break
        }
        'workerctl;bulk;help;ls' {
            break
        }
        'workerctl;bulk;help;get' {
            break
        }
        'workerctl;bulk;help;cancel' {
            break
        }
        'workerctl;bulk;help;resume' {
            break
        }
        'workerctl;bulk;help;help' {
            break
        }
        'workerctl;worker' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List workers')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List workers')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show a worker with the tasks it runs')
            [CompletionResult]::new('recycle', 'recycle', [CompletionResultType]::ParameterValue, 'Drain a worker and restart its loop')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'workerctl;worker;ls' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;worker;list' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;worker;get' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;worker;recycle' {
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why, for the audit log and the worker''s log')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;worker;help' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List workers')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show a worker with the tasks it runs')
            [CompletionResult]::new('recycle', 'recycle', [CompletionResultType]::ParameterValue, 'Drain a worker and restart its loop')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'workerctl;worker;help;ls' {
            break
        }
        'workerctl;worker;help;get' {
            break
        }
        'workerctl;worker;help;recycle' {
            break
        }
        'workerctl;worker;help;help' {
            break
        }
        'workerctl;stuck' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'Stuck tasks by handler over a window')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Stuck tasks by handler over a window')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'workerctl;stuck;ls' {
            [CompletionResult]::new('--hours', '--hours', [CompletionResultType]::ParameterName, 'The window in hours')
            [CompletionResult]::new('--handler', '--handler', [CompletionResultType]::ParameterName, 'handler')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;stuck;list' {
            [CompletionResult]::new('--hours', '--hours', [CompletionResultType]::ParameterName, 'The window in hours')
            [CompletionResult]::new('--handler', '--handler', [CompletionResultType]::ParameterName, 'handler')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;stuck;help' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'Stuck tasks by handler over a window')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'workerctl;stuck;help;ls' {
            break
        }
        'workerctl;stuck;help;help' {
            break
        }
        'workerctl;audit' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'Recent audit entries, newest first')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Recent audit entries, newest first')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Stream every matching entry, oldest first (admin only)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Walk the whole hash chain and check every link (admin only). Exits 1 when it is broken, naming the first broken entry')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'workerctl;audit;ls' {
            [CompletionResult]::new('--action', '--action', [CompletionResultType]::ParameterName, 'Like queue.pause or dlq.replay')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'target')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'The certificate CN of the caller')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'From this time: RFC 3339, or a duration back from now like 1h')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Before this time: RFC 3339, or a duration back from now')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'limit')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;audit;list' {
            [CompletionResult]::new('--action', '--action', [CompletionResultType]::ParameterName, 'Like queue.pause or dlq.replay')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'target')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'The certificate CN of the caller')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'From this time: RFC 3339, or a duration back from now like 1h')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Before this time: RFC 3339, or a duration back from now')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'limit')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;audit;export' {
            [CompletionResult]::new('--action', '--action', [CompletionResultType]::ParameterName, 'Like queue.pause or dlq.replay')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'target')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'The certificate CN of the caller')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'From this time: RFC 3339, or a duration back from now like 1h')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Before this time: RFC 3339, or a duration back from now')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write here instead of stdout')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many entries (0: all)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;audit;verify' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;audit;help' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'Recent audit entries, newest first')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Stream every matching entry, oldest first (admin only)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Walk the whole hash chain and check every link (admin only). Exits 1 when it is broken, naming the first broken entry')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'workerctl;audit;help;ls' {
            break
        }
        'workerctl;audit;help;export' {
            break
        }
        'workerctl;audit;help;verify' {
            break
        }
        'workerctl;audit;help;help' {
            break
        }
        'workerctl;events' {
            [CompletionResult]::new('--after', '--after', [CompletionResultType]::ParameterName, 'Start exactly after this event id')
            [CompletionResult]::new('--tail', '--tail', [CompletionResultType]::ParameterName, 'Without --after: start from the last N events')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Only these kinds (repeatable), like queue_changed or task_summary')
            [CompletionResult]::new('--queue', '--queue', [CompletionResultType]::ParameterName, 'Only events about these queues (repeatable)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Follow: stream new events as they happen, reconnecting from the last id')
            [CompletionResult]::new('--follow', '--follow', [CompletionResultType]::ParameterName, 'Follow: stream new events as they happen, reconnecting from the last id')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;dash' {
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'How often to refresh besides the pushed events (at least 500ms)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('--readonly', '--readonly', [CompletionResultType]::ParameterName, 'Show everything, change nothing: no action keys whatever the certificate''s role')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;certs' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Make a CA, a server certificate and admin, operator and viewer client certificates')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'workerctl;certs;init' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Where to write them (default: the development PKI directory)')
            [CompletionResult]::new('--san', '--san', [CompletionResultType]::ParameterName, 'Extra names for the server certificate (repeatable); localhost and 127.0.0.1 are always included')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing PKI in that directory')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;certs;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Make a CA, a server certificate and admin, operator and viewer client certificates')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'workerctl;certs;help;init' {
            break
        }
        'workerctl;certs;help;help' {
            break
        }
        'workerctl;completion' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server address, host:port')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificate that signed the server''s certificate (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM); its OU is your role')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of the client certificate (PEM)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--approval-token', '--approval-token', [CompletionResultType]::ParameterName, 'Approval token for destructive and bulk actions (sent as x-admin-approval)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Request id for the audit log (default: generated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call (default 10s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR does the same)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'workerctl;help' {
            [CompletionResult]::new('health', 'health', [CompletionResultType]::ParameterValue, 'Server health and build')
            [CompletionResult]::new('overview', 'overview', [CompletionResultType]::ParameterValue, 'Counts, coordination, workers and throughput')
            [CompletionResult]::new('queue', 'queue', [CompletionResultType]::ParameterValue, 'Queues: list, inspect, pause, resume, weights')
            [CompletionResult]::new('dequeue', 'dequeue', [CompletionResultType]::ParameterValue, 'Pause or resume leasing from every queue')
            [CompletionResult]::new('task', 'task', [CompletionResultType]::ParameterValue, 'Tasks: enqueue, inspect, list, cancel, retry')
            [CompletionResult]::new('schedule', 'schedule', [CompletionResultType]::ParameterValue, 'Cron schedules: list, inspect, create, delete, pause, resume, run now, events')
            [CompletionResult]::new('job', 'job', [CompletionResultType]::ParameterValue, 'Containerized jobs: define (apply a file), list, inspect, run, follow logs, cancel')
            [CompletionResult]::new('dlq', 'dlq', [CompletionResultType]::ParameterValue, 'The dead-letter queue: list, inspect, replay')
            [CompletionResult]::new('bulk', 'bulk', [CompletionResultType]::ParameterValue, 'Bulk actions by filter, run on the server: replay, delete, cancel, retry; and their progress')
            [CompletionResult]::new('worker', 'worker', [CompletionResultType]::ParameterValue, 'Workers: list, inspect, recycle')
            [CompletionResult]::new('stuck', 'stuck', [CompletionResultType]::ParameterValue, 'Stuck-task history by handler')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'The audit log: list and export')
            [CompletionResult]::new('events', 'events', [CompletionResultType]::ParameterValue, 'The event log; -f follows it live')
            [CompletionResult]::new('dash', 'dash', [CompletionResultType]::ParameterValue, 'The live terminal dashboard')
            [CompletionResult]::new('certs', 'certs', [CompletionResultType]::ParameterValue, 'Certificates for mutual TLS')
            [CompletionResult]::new('completion', 'completion', [CompletionResultType]::ParameterValue, 'Shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'workerctl;help;health' {
            break
        }
        'workerctl;help;overview' {
            break
        }
        'workerctl;help;queue' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List queues')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show one queue')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Stop leasing from a queue (enqueue still works)')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Lease from a queue again')
            [CompletionResult]::new('weight', 'weight', [CompletionResultType]::ParameterValue, 'Set or reset a queue''s weight')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Remove a queue from the registry (admin). Refused while it holds tasks unless --force, which deletes them too (never while one runs). A later enqueue registers it again')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Task outcomes over a range, against the range before it')
            break
        }
        'workerctl;help;queue;ls' {
            break
        }
        'workerctl;help;queue;get' {
            break
        }
        'workerctl;help;queue;pause' {
            break
        }
        'workerctl;help;queue;resume' {
            break
        }
        'workerctl;help;queue;weight' {
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set a queue''s weight (1 to 10000), persisted cluster-wide')
            [CompletionResult]::new('reset', 'reset', [CompletionResultType]::ParameterValue, 'Return a queue to its configured weight')
            break
        }
        'workerctl;help;queue;weight;set' {
            break
        }
        'workerctl;help;queue;weight;reset' {
            break
        }
        'workerctl;help;queue;delete' {
            break
        }
        'workerctl;help;queue;history' {
            break
        }
        'workerctl;help;dequeue' {
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Stop leasing from every queue')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Lease again')
            break
        }
        'workerctl;help;dequeue;pause' {
            break
        }
        'workerctl;help;dequeue;resume' {
            break
        }
        'workerctl;help;task' {
            [CompletionResult]::new('enqueue', 'enqueue', [CompletionResultType]::ParameterValue, 'Enqueue a task, or many from JSON lines (--jsonl)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show a task with its error history')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List tasks, newest first')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel a task: a waiting one at once, a running one by signal')
            [CompletionResult]::new('retry', 'retry', [CompletionResultType]::ParameterValue, 'Run a scheduled, retrying or finished task again')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete tasks by id, or every task matching the filter (admin); running tasks are refused (cancel them first)')
            break
        }
        'workerctl;help;task;enqueue' {
            break
        }
        'workerctl;help;task;get' {
            break
        }
        'workerctl;help;task;ls' {
            break
        }
        'workerctl;help;task;cancel' {
            break
        }
        'workerctl;help;task;retry' {
            break
        }
        'workerctl;help;task;delete' {
            break
        }
        'workerctl;help;schedule' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List schedules with their next and last runs')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show a schedule with its recent fires')
            [CompletionResult]::new('factories', 'factories', [CompletionResultType]::ParameterValue, 'The names a schedule may take: handlers live workers register, and jobs')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a schedule, or replace the one of that name (which resumes it)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a schedule; its factory stays, so it can be created again')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Stop a schedule firing (its fires are skipped until resumed)')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Let a paused schedule fire again')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Fire a schedule now, once, besides its timetable')
            [CompletionResult]::new('pause-all', 'pause-all', [CompletionResultType]::ParameterValue, 'Pause every schedule')
            [CompletionResult]::new('resume-all', 'resume-all', [CompletionResultType]::ParameterValue, 'Resume every schedule')
            [CompletionResult]::new('events', 'events', [CompletionResultType]::ParameterValue, 'Recent fires of every schedule, or of one, newest first')
            break
        }
        'workerctl;help;schedule;ls' {
            break
        }
        'workerctl;help;schedule;get' {
            break
        }
        'workerctl;help;schedule;factories' {
            break
        }
        'workerctl;help;schedule;create' {
            break
        }
        'workerctl;help;schedule;delete' {
            break
        }
        'workerctl;help;schedule;pause' {
            break
        }
        'workerctl;help;schedule;resume' {
            break
        }
        'workerctl;help;schedule;run' {
            break
        }
        'workerctl;help;schedule;pause-all' {
            break
        }
        'workerctl;help;schedule;resume-all' {
            break
        }
        'workerctl;help;schedule;events' {
            break
        }
        'workerctl;help;job' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List jobs (secret env values read [redacted])')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show a job''s definition')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Create or replace a job from a TOML file an operator keeps in git')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a job; its runs and events stay')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a job now')
            [CompletionResult]::new('runs', 'runs', [CompletionResultType]::ParameterValue, 'Runs, newest first: of one job, or of every job')
            [CompletionResult]::new('logs', 'logs', [CompletionResultType]::ParameterValue, 'A run''s output; -f follows it until the run ends and exits with its status (0 when it succeeded, 1 when it failed or was cancelled)')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel a run: a queued one at once, a running one is stopped')
            [CompletionResult]::new('events', 'events', [CompletionResultType]::ParameterValue, 'Job events, newest first: of one job, or of every job')
            [CompletionResult]::new('artifact', 'artifact', [CompletionResultType]::ParameterValue, 'Where a job''s artifact is: its URL, its file in the tarball directory, or none (git)')
            break
        }
        'workerctl;help;job;ls' {
            break
        }
        'workerctl;help;job;get' {
            break
        }
        'workerctl;help;job;apply' {
            break
        }
        'workerctl;help;job;delete' {
            break
        }
        'workerctl;help;job;run' {
            break
        }
        'workerctl;help;job;runs' {
            break
        }
        'workerctl;help;job;logs' {
            break
        }
        'workerctl;help;job;cancel' {
            break
        }
        'workerctl;help;job;events' {
            break
        }
        'workerctl;help;job;artifact' {
            break
        }
        'workerctl;help;dlq' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List DLQ entries, newest first')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show one entry with its error history')
            [CompletionResult]::new('groups', 'groups', [CompletionResultType]::ParameterValue, 'Dead tasks grouped by cause: per handler, the error with numbers, ids, hex strings, quoted values and addresses masked, with how many, since when and an example')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Move entries back to pending (attempts reset, history kept)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete entries by id, or every entry matching the filter (admin)')
            break
        }
        'workerctl;help;dlq;ls' {
            break
        }
        'workerctl;help;dlq;get' {
            break
        }
        'workerctl;help;dlq;groups' {
            break
        }
        'workerctl;help;dlq;replay' {
            break
        }
        'workerctl;help;dlq;delete' {
            break
        }
        'workerctl;help;bulk' {
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Start a bulk action on what a filter selects, and follow it to the end')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List bulk operations, newest first')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show an operation''s progress')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Stop an operation between batches; what is done stays done')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Continue a failed operation past where it stopped')
            break
        }
        'workerctl;help;bulk;run' {
            break
        }
        'workerctl;help;bulk;ls' {
            break
        }
        'workerctl;help;bulk;get' {
            break
        }
        'workerctl;help;bulk;cancel' {
            break
        }
        'workerctl;help;bulk;resume' {
            break
        }
        'workerctl;help;worker' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List workers')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show a worker with the tasks it runs')
            [CompletionResult]::new('recycle', 'recycle', [CompletionResultType]::ParameterValue, 'Drain a worker and restart its loop')
            break
        }
        'workerctl;help;worker;ls' {
            break
        }
        'workerctl;help;worker;get' {
            break
        }
        'workerctl;help;worker;recycle' {
            break
        }
        'workerctl;help;stuck' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'Stuck tasks by handler over a window')
            break
        }
        'workerctl;help;stuck;ls' {
            break
        }
        'workerctl;help;audit' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'Recent audit entries, newest first')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Stream every matching entry, oldest first (admin only)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Walk the whole hash chain and check every link (admin only). Exits 1 when it is broken, naming the first broken entry')
            break
        }
        'workerctl;help;audit;ls' {
            break
        }
        'workerctl;help;audit;export' {
            break
        }
        'workerctl;help;audit;verify' {
            break
        }
        'workerctl;help;events' {
            break
        }
        'workerctl;help;dash' {
            break
        }
        'workerctl;help;certs' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Make a CA, a server certificate and admin, operator and viewer client certificates')
            break
        }
        'workerctl;help;certs;init' {
            break
        }
        'workerctl;help;completion' {
            break
        }
        'workerctl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
