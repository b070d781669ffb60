
use builtin;
use str;

set edit:completion:arg-completer[workerctl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'workerctl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'workerctl'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand health 'Server health and build'
            cand overview 'Counts, coordination, workers and throughput'
            cand queue 'Queues: list, inspect, pause, resume, weights'
            cand dequeue 'Pause or resume leasing from every queue'
            cand task 'Tasks: enqueue, inspect, list, cancel, retry'
            cand schedule 'Cron schedules: list, inspect, create, delete, pause, resume, run now, events'
            cand job 'Containerized jobs: define (apply a file), list, inspect, run, follow logs, cancel'
            cand dlq 'The dead-letter queue: list, inspect, replay'
            cand bulk 'Bulk actions by filter, run on the server: replay, delete, cancel, retry; and their progress'
            cand worker 'Workers: list, inspect, recycle'
            cand stuck 'Stuck-task history by handler'
            cand audit 'The audit log: list and export'
            cand events 'The event log; -f follows it live'
            cand dash 'The live terminal dashboard'
            cand certs 'Certificates for mutual TLS'
            cand completion 'Shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'workerctl;health'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;overview'= {
            cand --range 'Also show outcomes over this range against the range before it (24h: today against yesterday)'
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;queue'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand ls 'List queues'
            cand list 'List queues'
            cand get 'Show one queue'
            cand pause 'Stop leasing from a queue (enqueue still works)'
            cand resume 'Lease from a queue again'
            cand weight 'Set or reset a queue''s weight'
            cand delete 'Remove a queue from the registry (admin). Refused while it holds tasks unless --force, which deletes them too (never while one runs). A later enqueue registers it again'
            cand history 'Task outcomes over a range, against the range before it'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'workerctl;queue;ls'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;queue;list'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;queue;get'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;queue;pause'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;queue;resume'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;queue;weight'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand set 'Set a queue''s weight (1 to 10000), persisted cluster-wide'
            cand reset 'Return a queue to its configured weight'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'workerctl;queue;weight;set'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;queue;weight;reset'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;queue;weight;help'= {
            cand set 'Set a queue''s weight (1 to 10000), persisted cluster-wide'
            cand reset 'Return a queue to its configured weight'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'workerctl;queue;weight;help;set'= {
        }
        &'workerctl;queue;weight;help;reset'= {
        }
        &'workerctl;queue;weight;help;help'= {
        }
        &'workerctl;queue;delete'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand --force 'Delete the queue''s tasks with it'
            cand --dry-run 'Show how many tasks it holds; change nothing'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;queue;history'= {
            cand --range '15m (minutes), 24h (15-minute steps) or 30d (6-hour steps)'
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;queue;help'= {
            cand ls 'List queues'
            cand get 'Show one queue'
            cand pause 'Stop leasing from a queue (enqueue still works)'
            cand resume 'Lease from a queue again'
            cand weight 'Set or reset a queue''s weight'
            cand delete 'Remove a queue from the registry (admin). Refused while it holds tasks unless --force, which deletes them too (never while one runs). A later enqueue registers it again'
            cand history 'Task outcomes over a range, against the range before it'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'workerctl;queue;help;ls'= {
        }
        &'workerctl;queue;help;get'= {
        }
        &'workerctl;queue;help;pause'= {
        }
        &'workerctl;queue;help;resume'= {
        }
        &'workerctl;queue;help;weight'= {
            cand set 'Set a queue''s weight (1 to 10000), persisted cluster-wide'
            cand reset 'Return a queue to its configured weight'
        }
        &'workerctl;queue;help;weight;set'= {
        }
        &'workerctl;queue;help;weight;reset'= {
        }
        &'workerctl;queue;help;delete'= {
        }
        &'workerctl;queue;help;history'= {
        }
        &'workerctl;queue;help;help'= {
        }
        &'workerctl;dequeue'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand pause 'Stop leasing from every queue'
            cand resume 'Lease again'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'workerctl;dequeue;pause'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;dequeue;resume'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;dequeue;help'= {
            cand pause 'Stop leasing from every queue'
            cand resume 'Lease again'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'workerctl;dequeue;help;pause'= {
        }
        &'workerctl;dequeue;help;resume'= {
        }
        &'workerctl;dequeue;help;help'= {
        }
        &'workerctl;task'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand enqueue 'Enqueue a task, or many from JSON lines (--jsonl)'
            cand get 'Show a task with its error history'
            cand ls 'List tasks, newest first'
            cand list 'List tasks, newest first'
            cand cancel 'Cancel a task: a waiting one at once, a running one by signal'
            cand retry 'Run a scheduled, retrying or finished task again'
            cand delete 'Delete tasks by id, or every task matching the filter (admin); running tasks are refused (cancel them first)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'workerctl;task;enqueue'= {
            cand --queue 'Queue (default: the server''s default queue)'
            cand --payload 'Payload as text'
            cand --payload-file 'Payload from a file; - reads stdin'
            cand --priority 'Lower runs first'
            cand --max-retries 'Retries after the first attempt (default: the server''s)'
            cand --task-timeout 'Per-attempt timeout of the task, like 30s or 5m (default: the server''s)'
            cand --at 'Run at this time (RFC 3339, like 2026-12-01T09:00:00Z)'
            cand --in 'Run after this delay, like 10m'
            cand --idempotency-key 'Deduplicates enqueues of this handler for the server''s idempotency TTL'
            cand --meta 'Metadata, key=value; repeatable'
            cand --jsonl 'Enqueue every JSON line of this file (- for stdin) instead'
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;task;get'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;task;ls'= {
            cand --filter 'The whole filter as text: queue:, handler:, state:, fp:, older: and free text'
            cand --queue 'queue'
            cand --handler 'handler'
            cand --state 'scheduled, pending, running, retrying, succeeded, dead or cancelled'
            cand --query 'Case-insensitive text in the id, the handler or the last error'
            cand --fingerprint 'Dead tasks whose error has this fingerprint (see `dlq groups`)'
            cand --older-than 'Only tasks created (DLQ entries: dead) at least this long ago, like 2h or 7d'
            cand --limit 'limit'
            cand --offset 'offset'
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;task;list'= {
            cand --filter 'The whole filter as text: queue:, handler:, state:, fp:, older: and free text'
            cand --queue 'queue'
            cand --handler 'handler'
            cand --state 'scheduled, pending, running, retrying, succeeded, dead or cancelled'
            cand --query 'Case-insensitive text in the id, the handler or the last error'
            cand --fingerprint 'Dead tasks whose error has this fingerprint (see `dlq groups`)'
            cand --older-than 'Only tasks created (DLQ entries: dead) at least this long ago, like 2h or 7d'
            cand --limit 'limit'
            cand --offset 'offset'
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;task;cancel'= {
            cand --filter 'The whole filter as text: queue:, handler:, state:, fp:, older: and free text'
            cand --queue 'queue'
            cand --handler 'handler'
            cand --state 'scheduled, pending, running, retrying, succeeded, dead or cancelled'
            cand --query 'Case-insensitive text in the id, the handler or the last error'
            cand --fingerprint 'Dead tasks whose error has this fingerprint (see `dlq groups`)'
            cand --older-than 'Only tasks created (DLQ entries: dead) at least this long ago, like 2h or 7d'
            cand --batch 'Tasks per batch (the server caps it)'
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand --all 'Every task (no filter)'
            cand --dry-run 'Count and show a sample; change nothing'
            cand --detach 'Print the bulk operation''s id and return at once'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;task;retry'= {
            cand --filter 'The whole filter as text: queue:, handler:, state:, fp:, older: and free text'
            cand --queue 'queue'
            cand --handler 'handler'
            cand --state 'scheduled, pending, running, retrying, succeeded, dead or cancelled'
            cand --query 'Case-insensitive text in the id, the handler or the last error'
            cand --fingerprint 'Dead tasks whose error has this fingerprint (see `dlq groups`)'
            cand --older-than 'Only tasks created (DLQ entries: dead) at least this long ago, like 2h or 7d'
            cand --batch 'Tasks per batch (the server caps it)'
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand --all 'Every task (no filter)'
            cand --dry-run 'Count and show a sample; change nothing'
            cand --detach 'Print the bulk operation''s id and return at once'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;task;delete'= {
            cand --filter 'The whole filter as text: queue:, handler:, state:, fp:, older: and free text'
            cand --queue 'queue'
            cand --handler 'handler'
            cand --state 'scheduled, pending, running, retrying, succeeded, dead or cancelled'
            cand --query 'Case-insensitive text in the id, the handler or the last error'
            cand --fingerprint 'Dead tasks whose error has this fingerprint (see `dlq groups`)'
            cand --older-than 'Only tasks created (DLQ entries: dead) at least this long ago, like 2h or 7d'
            cand --batch 'Tasks per call'
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand --all 'Every task (no filter)'
            cand --detach 'By filter: print the bulk operation''s id and return at once'
            cand --dry-run 'Count and show a sample; change nothing'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;task;help'= {
            cand enqueue 'Enqueue a task, or many from JSON lines (--jsonl)'
            cand get 'Show a task with its error history'
            cand ls 'List tasks, newest first'
            cand cancel 'Cancel a task: a waiting one at once, a running one by signal'
            cand retry 'Run a scheduled, retrying or finished task again'
            cand delete 'Delete tasks by id, or every task matching the filter (admin); running tasks are refused (cancel them first)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'workerctl;task;help;enqueue'= {
        }
        &'workerctl;task;help;get'= {
        }
        &'workerctl;task;help;ls'= {
        }
        &'workerctl;task;help;cancel'= {
        }
        &'workerctl;task;help;retry'= {
        }
        &'workerctl;task;help;delete'= {
        }
        &'workerctl;task;help;help'= {
        }
        &'workerctl;schedule'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand ls 'List schedules with their next and last runs'
            cand list 'List schedules with their next and last runs'
            cand get 'Show a schedule with its recent fires'
            cand factories 'The names a schedule may take: handlers live workers register, and jobs'
            cand create 'Create a schedule, or replace the one of that name (which resumes it)'
            cand delete 'Delete a schedule; its factory stays, so it can be created again'
            cand pause 'Stop a schedule firing (its fires are skipped until resumed)'
            cand resume 'Let a paused schedule fire again'
            cand run 'Fire a schedule now, once, besides its timetable'
            cand pause-all 'Pause every schedule'
            cand resume-all 'Resume every schedule'
            cand events 'Recent fires of every schedule, or of one, newest first'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'workerctl;schedule;ls'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;schedule;list'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;schedule;get'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;schedule;factories'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;schedule;create'= {
            cand --spec 'Cron spec, like ''*/5 * * * *'', ''0 30 9 * * 1-5'' or ''@every 90s'''
            cand --tz 'IANA time zone the spec is read in, like Europe/Berlin (default: UTC)'
            cand --handler 'The handler each fire''s task runs, or the job each fire runs (default: the schedule''s name)'
            cand --queue 'Queue of each fire''s task (default: the server''s default queue)'
            cand --payload 'Payload as text'
            cand --payload-file 'Payload from a file; - reads stdin'
            cand --priority 'Lower runs first'
            cand --max-retries 'Retries after the first attempt (default: the server''s at fire time)'
            cand --task-timeout 'Per-attempt timeout of each fire''s task, like 30s or 5m (default: the server''s)'
            cand --meta 'Metadata of each fire''s task, key=value; repeatable'
            cand --misfire 'Fires missed while no node ran (default: skip)'
            cand --catch-up-max 'With --misfire catch_up: the most missed fires made up'
            cand --overlap 'A fire while the previous fire''s task still runs (default: allow)'
            cand --jitter 'Delay each fire''s task by up to this much, at random, like 30s'
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;schedule;delete'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;schedule;pause'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;schedule;resume'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;schedule;run'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;schedule;pause-all'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;schedule;resume-all'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;schedule;events'= {
            cand --limit 'At most this many (the server keeps the newest 200 per schedule)'
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;schedule;help'= {
            cand ls 'List schedules with their next and last runs'
            cand get 'Show a schedule with its recent fires'
            cand factories 'The names a schedule may take: handlers live workers register, and jobs'
            cand create 'Create a schedule, or replace the one of that name (which resumes it)'
            cand delete 'Delete a schedule; its factory stays, so it can be created again'
            cand pause 'Stop a schedule firing (its fires are skipped until resumed)'
            cand resume 'Let a paused schedule fire again'
            cand run 'Fire a schedule now, once, besides its timetable'
            cand pause-all 'Pause every schedule'
            cand resume-all 'Resume every schedule'
            cand events 'Recent fires of every schedule, or of one, newest first'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'workerctl;schedule;help;ls'= {
        }
        &'workerctl;schedule;help;get'= {
        }
        &'workerctl;schedule;help;factories'= {
        }
        &'workerctl;schedule;help;create'= {
        }
        &'workerctl;schedule;help;delete'= {
        }
        &'workerctl;schedule;help;pause'= {
        }
        &'workerctl;schedule;help;resume'= {
        }
        &'workerctl;schedule;help;run'= {
        }
        &'workerctl;schedule;help;pause-all'= {
        }
        &'workerctl;schedule;help;resume-all'= {
        }
        &'workerctl;schedule;help;events'= {
        }
        &'workerctl;schedule;help;help'= {
        }
        &'workerctl;job'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand ls 'List jobs (secret env values read [redacted])'
            cand list 'List jobs (secret env values read [redacted])'
            cand get 'Show a job''s definition'
            cand apply 'Create or replace a job from a TOML file an operator keeps in git'
            cand delete 'Delete a job; its runs and events stay'
            cand run 'Run a job now'
            cand runs 'Runs, newest first: of one job, or of every job'
            cand logs 'A run''s output; -f follows it until the run ends and exits with its status (0 when it succeeded, 1 when it failed or was cancelled)'
            cand cancel 'Cancel a run: a queued one at once, a running one is stopped'
            cand events 'Job events, newest first: of one job, or of every job'
            cand artifact 'Where a job''s artifact is: its URL, its file in the tarball directory, or none (git)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'workerctl;job;ls'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;job;list'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;job;get'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;job;apply'= {
            cand -f 'The job file ("-" reads stdin)'
            cand --file 'The job file ("-" reads stdin)'
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;job;delete'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;job;run'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;job;runs'= {
            cand --status 'Only runs with this status: queued, running, succeeded, failed, cancelled'
            cand --limit 'limit'
            cand --cursor 'Older runs: the cursor a previous page printed'
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;job;logs'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -f 'f'
            cand --follow 'follow'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;job;cancel'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;job;events'= {
            cand --limit 'limit'
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;job;artifact'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;job;help'= {
            cand ls 'List jobs (secret env values read [redacted])'
            cand get 'Show a job''s definition'
            cand apply 'Create or replace a job from a TOML file an operator keeps in git'
            cand delete 'Delete a job; its runs and events stay'
            cand run 'Run a job now'
            cand runs 'Runs, newest first: of one job, or of every job'
            cand logs 'A run''s output; -f follows it until the run ends and exits with its status (0 when it succeeded, 1 when it failed or was cancelled)'
            cand cancel 'Cancel a run: a queued one at once, a running one is stopped'
            cand events 'Job events, newest first: of one job, or of every job'
            cand artifact 'Where a job''s artifact is: its URL, its file in the tarball directory, or none (git)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'workerctl;job;help;ls'= {
        }
        &'workerctl;job;help;get'= {
        }
        &'workerctl;job;help;apply'= {
        }
        &'workerctl;job;help;delete'= {
        }
        &'workerctl;job;help;run'= {
        }
        &'workerctl;job;help;runs'= {
        }
        &'workerctl;job;help;logs'= {
        }
        &'workerctl;job;help;cancel'= {
        }
        &'workerctl;job;help;events'= {
        }
        &'workerctl;job;help;artifact'= {
        }
        &'workerctl;job;help;help'= {
        }
        &'workerctl;dlq'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand ls 'List DLQ entries, newest first'
            cand list 'List DLQ entries, newest first'
            cand get 'Show one entry with its error history'
            cand groups 'Dead tasks grouped by cause: per handler, the error with numbers, ids, hex strings, quoted values and addresses masked, with how many, since when and an example'
            cand replay 'Move entries back to pending (attempts reset, history kept)'
            cand delete 'Delete entries by id, or every entry matching the filter (admin)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'workerctl;dlq;ls'= {
            cand --filter 'The whole filter as text: queue:, handler:, state:, fp:, older: and free text'
            cand --queue 'queue'
            cand --handler 'handler'
            cand --state 'scheduled, pending, running, retrying, succeeded, dead or cancelled'
            cand --query 'Case-insensitive text in the id, the handler or the last error'
            cand --fingerprint 'Dead tasks whose error has this fingerprint (see `dlq groups`)'
            cand --older-than 'Only tasks created (DLQ entries: dead) at least this long ago, like 2h or 7d'
            cand --limit 'limit'
            cand --offset 'offset'
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;dlq;list'= {
            cand --filter 'The whole filter as text: queue:, handler:, state:, fp:, older: and free text'
            cand --queue 'queue'
            cand --handler 'handler'
            cand --state 'scheduled, pending, running, retrying, succeeded, dead or cancelled'
            cand --query 'Case-insensitive text in the id, the handler or the last error'
            cand --fingerprint 'Dead tasks whose error has this fingerprint (see `dlq groups`)'
            cand --older-than 'Only tasks created (DLQ entries: dead) at least this long ago, like 2h or 7d'
            cand --limit 'limit'
            cand --offset 'offset'
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;dlq;get'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;dlq;groups'= {
            cand --queue 'Only entries of this queue'
            cand --handler 'handler'
            cand --limit 'Groups to show, largest first (the server caps it at 1000)'
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;dlq;replay'= {
            cand --limit 'The oldest N entries, replayed in batches from here (not a server operation)'
            cand --ids 'These ids (comma-separated)'
            cand --filter 'The whole filter as text: queue:, handler:, state:, fp:, older: and free text'
            cand --queue 'queue'
            cand --handler 'handler'
            cand --state 'scheduled, pending, running, retrying, succeeded, dead or cancelled'
            cand --query 'Case-insensitive text in the id, the handler or the last error'
            cand --fingerprint 'Dead tasks whose error has this fingerprint (see `dlq groups`)'
            cand --older-than 'Only tasks created (DLQ entries: dead) at least this long ago, like 2h or 7d'
            cand --batch 'Entries per call'
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand --all 'Every entry, as a bulk operation on the server'
            cand --dry-run 'Show what would move; change nothing'
            cand --detach 'By filter: print the bulk operation''s id and return at once'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;dlq;delete'= {
            cand --filter 'The whole filter as text: queue:, handler:, state:, fp:, older: and free text'
            cand --queue 'queue'
            cand --handler 'handler'
            cand --state 'scheduled, pending, running, retrying, succeeded, dead or cancelled'
            cand --query 'Case-insensitive text in the id, the handler or the last error'
            cand --fingerprint 'Dead tasks whose error has this fingerprint (see `dlq groups`)'
            cand --older-than 'Only tasks created (DLQ entries: dead) at least this long ago, like 2h or 7d'
            cand --batch 'Entries per call'
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand --all 'The whole DLQ (no filter)'
            cand --dry-run 'dry-run'
            cand --detach 'By filter: print the bulk operation''s id and return at once'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;dlq;help'= {
            cand ls 'List DLQ entries, newest first'
            cand get 'Show one entry with its error history'
            cand groups 'Dead tasks grouped by cause: per handler, the error with numbers, ids, hex strings, quoted values and addresses masked, with how many, since when and an example'
            cand replay 'Move entries back to pending (attempts reset, history kept)'
            cand delete 'Delete entries by id, or every entry matching the filter (admin)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'workerctl;dlq;help;ls'= {
        }
        &'workerctl;dlq;help;get'= {
        }
        &'workerctl;dlq;help;groups'= {
        }
        &'workerctl;dlq;help;replay'= {
        }
        &'workerctl;dlq;help;delete'= {
        }
        &'workerctl;dlq;help;help'= {
        }
        &'workerctl;bulk'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand run 'Start a bulk action on what a filter selects, and follow it to the end'
            cand ls 'List bulk operations, newest first'
            cand list 'List bulk operations, newest first'
            cand get 'Show an operation''s progress'
            cand cancel 'Stop an operation between batches; what is done stays done'
            cand resume 'Continue a failed operation past where it stopped'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'workerctl;bulk;run'= {
            cand --filter 'The whole filter as text: queue:, handler:, state:, fp:, older: and free text'
            cand --queue 'queue'
            cand --handler 'handler'
            cand --state 'scheduled, pending, running, retrying, succeeded, dead or cancelled'
            cand --query 'Case-insensitive text in the id, the handler or the last error'
            cand --fingerprint 'Dead tasks whose error has this fingerprint (see `dlq groups`)'
            cand --older-than 'Only tasks created (DLQ entries: dead) at least this long ago, like 2h or 7d'
            cand --batch 'Tasks per batch (the server caps it)'
            cand --sample 'A dry run''s sample size (at most 100)'
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand --all 'An empty filter: everything the action''s listing holds'
            cand --dry-run 'Count and show a sample; change nothing'
            cand --detach 'Print the operation''s id and return at once'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;bulk;ls'= {
            cand --limit 'limit'
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;bulk;list'= {
            cand --limit 'limit'
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;bulk;get'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;bulk;cancel'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;bulk;resume'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;bulk;help'= {
            cand run 'Start a bulk action on what a filter selects, and follow it to the end'
            cand ls 'List bulk operations, newest first'
            cand get 'Show an operation''s progress'
            cand cancel 'Stop an operation between batches; what is done stays done'
            cand resume 'Continue a failed operation past where it stopped'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'workerctl;bulk;help;run'= {
        }
        &'workerctl;bulk;help;ls'= {
        }
        &'workerctl;bulk;help;get'= {
        }
        &'workerctl;bulk;help;cancel'= {
        }
        &'workerctl;bulk;help;resume'= {
        }
        &'workerctl;bulk;help;help'= {
        }
        &'workerctl;worker'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand ls 'List workers'
            cand list 'List workers'
            cand get 'Show a worker with the tasks it runs'
            cand recycle 'Drain a worker and restart its loop'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'workerctl;worker;ls'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;worker;list'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;worker;get'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;worker;recycle'= {
            cand --reason 'Why, for the audit log and the worker''s log'
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;worker;help'= {
            cand ls 'List workers'
            cand get 'Show a worker with the tasks it runs'
            cand recycle 'Drain a worker and restart its loop'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'workerctl;worker;help;ls'= {
        }
        &'workerctl;worker;help;get'= {
        }
        &'workerctl;worker;help;recycle'= {
        }
        &'workerctl;worker;help;help'= {
        }
        &'workerctl;stuck'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand ls 'Stuck tasks by handler over a window'
            cand list 'Stuck tasks by handler over a window'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'workerctl;stuck;ls'= {
            cand --hours 'The window in hours'
            cand --handler 'handler'
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;stuck;list'= {
            cand --hours 'The window in hours'
            cand --handler 'handler'
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;stuck;help'= {
            cand ls 'Stuck tasks by handler over a window'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'workerctl;stuck;help;ls'= {
        }
        &'workerctl;stuck;help;help'= {
        }
        &'workerctl;audit'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand ls 'Recent audit entries, newest first'
            cand list 'Recent audit entries, newest first'
            cand export 'Stream every matching entry, oldest first (admin only)'
            cand verify 'Walk the whole hash chain and check every link (admin only). Exits 1 when it is broken, naming the first broken entry'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'workerctl;audit;ls'= {
            cand --action 'Like queue.pause or dlq.replay'
            cand --target 'target'
            cand --actor 'The certificate CN of the caller'
            cand --since 'From this time: RFC 3339, or a duration back from now like 1h'
            cand --until 'Before this time: RFC 3339, or a duration back from now'
            cand --limit 'limit'
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;audit;list'= {
            cand --action 'Like queue.pause or dlq.replay'
            cand --target 'target'
            cand --actor 'The certificate CN of the caller'
            cand --since 'From this time: RFC 3339, or a duration back from now like 1h'
            cand --until 'Before this time: RFC 3339, or a duration back from now'
            cand --limit 'limit'
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;audit;export'= {
            cand --action 'Like queue.pause or dlq.replay'
            cand --target 'target'
            cand --actor 'The certificate CN of the caller'
            cand --since 'From this time: RFC 3339, or a duration back from now like 1h'
            cand --until 'Before this time: RFC 3339, or a duration back from now'
            cand --format 'format'
            cand --out 'Write here instead of stdout'
            cand --limit 'At most this many entries (0: all)'
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;audit;verify'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;audit;help'= {
            cand ls 'Recent audit entries, newest first'
            cand export 'Stream every matching entry, oldest first (admin only)'
            cand verify 'Walk the whole hash chain and check every link (admin only). Exits 1 when it is broken, naming the first broken entry'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'workerctl;audit;help;ls'= {
        }
        &'workerctl;audit;help;export'= {
        }
        &'workerctl;audit;help;verify'= {
        }
        &'workerctl;audit;help;help'= {
        }
        &'workerctl;events'= {
            cand --after 'Start exactly after this event id'
            cand --tail 'Without --after: start from the last N events'
            cand --kind 'Only these kinds (repeatable), like queue_changed or task_summary'
            cand --queue 'Only events about these queues (repeatable)'
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -f 'Follow: stream new events as they happen, reconnecting from the last id'
            cand --follow 'Follow: stream new events as they happen, reconnecting from the last id'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;dash'= {
            cand --refresh 'How often to refresh besides the pushed events (at least 500ms)'
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand --readonly 'Show everything, change nothing: no action keys whatever the certificate''s role'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;certs'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Make a CA, a server certificate and admin, operator and viewer client certificates'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'workerctl;certs;init'= {
            cand --out 'Where to write them (default: the development PKI directory)'
            cand --san 'Extra names for the server certificate (repeatable); localhost and 127.0.0.1 are always included'
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand --force 'Replace an existing PKI in that directory'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;certs;help'= {
            cand init 'Make a CA, a server certificate and admin, operator and viewer client certificates'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'workerctl;certs;help;init'= {
        }
        &'workerctl;certs;help;help'= {
        }
        &'workerctl;completion'= {
            cand --server 'Server address, host:port'
            cand --ca 'CA certificate that signed the server''s certificate (PEM)'
            cand --cert 'Client certificate (PEM); its OU is your role'
            cand --key 'Private key of the client certificate (PEM)'
            cand --context 'Named context from the config file'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --approval-token 'Approval token for destructive and bulk actions (sent as x-admin-approval)'
            cand --request-id 'Request id for the audit log (default: generated)'
            cand --timeout 'Deadline of each call (default 10s)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'No colour, even on a terminal (NO_COLOR does the same)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'workerctl;help'= {
            cand health 'Server health and build'
            cand overview 'Counts, coordination, workers and throughput'
            cand queue 'Queues: list, inspect, pause, resume, weights'
            cand dequeue 'Pause or resume leasing from every queue'
            cand task 'Tasks: enqueue, inspect, list, cancel, retry'
            cand schedule 'Cron schedules: list, inspect, create, delete, pause, resume, run now, events'
            cand job 'Containerized jobs: define (apply a file), list, inspect, run, follow logs, cancel'
            cand dlq 'The dead-letter queue: list, inspect, replay'
            cand bulk 'Bulk actions by filter, run on the server: replay, delete, cancel, retry; and their progress'
            cand worker 'Workers: list, inspect, recycle'
            cand stuck 'Stuck-task history by handler'
            cand audit 'The audit log: list and export'
            cand events 'The event log; -f follows it live'
            cand dash 'The live terminal dashboard'
            cand certs 'Certificates for mutual TLS'
            cand completion 'Shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'workerctl;help;health'= {
        }
        &'workerctl;help;overview'= {
        }
        &'workerctl;help;queue'= {
            cand ls 'List queues'
            cand get 'Show one queue'
            cand pause 'Stop leasing from a queue (enqueue still works)'
            cand resume 'Lease from a queue again'
            cand weight 'Set or reset a queue''s weight'
            cand delete 'Remove a queue from the registry (admin). Refused while it holds tasks unless --force, which deletes them too (never while one runs). A later enqueue registers it again'
            cand history 'Task outcomes over a range, against the range before it'
        }
        &'workerctl;help;queue;ls'= {
        }
        &'workerctl;help;queue;get'= {
        }
        &'workerctl;help;queue;pause'= {
        }
        &'workerctl;help;queue;resume'= {
        }
        &'workerctl;help;queue;weight'= {
            cand set 'Set a queue''s weight (1 to 10000), persisted cluster-wide'
            cand reset 'Return a queue to its configured weight'
        }
        &'workerctl;help;queue;weight;set'= {
        }
        &'workerctl;help;queue;weight;reset'= {
        }
        &'workerctl;help;queue;delete'= {
        }
        &'workerctl;help;queue;history'= {
        }
        &'workerctl;help;dequeue'= {
            cand pause 'Stop leasing from every queue'
            cand resume 'Lease again'
        }
        &'workerctl;help;dequeue;pause'= {
        }
        &'workerctl;help;dequeue;resume'= {
        }
        &'workerctl;help;task'= {
            cand enqueue 'Enqueue a task, or many from JSON lines (--jsonl)'
            cand get 'Show a task with its error history'
            cand ls 'List tasks, newest first'
            cand cancel 'Cancel a task: a waiting one at once, a running one by signal'
            cand retry 'Run a scheduled, retrying or finished task again'
            cand delete 'Delete tasks by id, or every task matching the filter (admin); running tasks are refused (cancel them first)'
        }
        &'workerctl;help;task;enqueue'= {
        }
        &'workerctl;help;task;get'= {
        }
        &'workerctl;help;task;ls'= {
        }
        &'workerctl;help;task;cancel'= {
        }
        &'workerctl;help;task;retry'= {
        }
        &'workerctl;help;task;delete'= {
        }
        &'workerctl;help;schedule'= {
            cand ls 'List schedules with their next and last runs'
            cand get 'Show a schedule with its recent fires'
            cand factories 'The names a schedule may take: handlers live workers register, and jobs'
            cand create 'Create a schedule, or replace the one of that name (which resumes it)'
            cand delete 'Delete a schedule; its factory stays, so it can be created again'
            cand pause 'Stop a schedule firing (its fires are skipped until resumed)'
            cand resume 'Let a paused schedule fire again'
            cand run 'Fire a schedule now, once, besides its timetable'
            cand pause-all 'Pause every schedule'
            cand resume-all 'Resume every schedule'
            cand events 'Recent fires of every schedule, or of one, newest first'
        }
        &'workerctl;help;schedule;ls'= {
        }
        &'workerctl;help;schedule;get'= {
        }
        &'workerctl;help;schedule;factories'= {
        }
        &'workerctl;help;schedule;create'= {
        }
        &'workerctl;help;schedule;delete'= {
        }
        &'workerctl;help;schedule;pause'= {
        }
        &'workerctl;help;schedule;resume'= {
        }
        &'workerctl;help;schedule;run'= {
        }
        &'workerctl;help;schedule;pause-all'= {
        }
        &'workerctl;help;schedule;resume-all'= {
        }
        &'workerctl;help;schedule;events'= {
        }
        &'workerctl;help;job'= {
            cand ls 'List jobs (secret env values read [redacted])'
            cand get 'Show a job''s definition'
            cand apply 'Create or replace a job from a TOML file an operator keeps in git'
            cand delete 'Delete a job; its runs and events stay'
            cand run 'Run a job now'
            cand runs 'Runs, newest first: of one job, or of every job'
            cand logs 'A run''s output; -f follows it until the run ends and exits with its status (0 when it succeeded, 1 when it failed or was cancelled)'
            cand cancel 'Cancel a run: a queued one at once, a running one is stopped'
            cand events 'Job events, newest first: of one job, or of every job'
            cand artifact 'Where a job''s artifact is: its URL, its file in the tarball directory, or none (git)'
        }
        &'workerctl;help;job;ls'= {
        }
        &'workerctl;help;job;get'= {
        }
        &'workerctl;help;job;apply'= {
        }
        &'workerctl;help;job;delete'= {
        }
        &'workerctl;help;job;run'= {
        }
        &'workerctl;help;job;runs'= {
        }
        &'workerctl;help;job;logs'= {
        }
        &'workerctl;help;job;cancel'= {
        }
        &'workerctl;help;job;events'= {
        }
        &'workerctl;help;job;artifact'= {
        }
        &'workerctl;help;dlq'= {
            cand ls 'List DLQ entries, newest first'
            cand get 'Show one entry with its error history'
            cand groups 'Dead tasks grouped by cause: per handler, the error with numbers, ids, hex strings, quoted values and addresses masked, with how many, since when and an example'
            cand replay 'Move entries back to pending (attempts reset, history kept)'
            cand delete 'Delete entries by id, or every entry matching the filter (admin)'
        }
        &'workerctl;help;dlq;ls'= {
        }
        &'workerctl;help;dlq;get'= {
        }
        &'workerctl;help;dlq;groups'= {
        }
        &'workerctl;help;dlq;replay'= {
        }
        &'workerctl;help;dlq;delete'= {
        }
        &'workerctl;help;bulk'= {
            cand run 'Start a bulk action on what a filter selects, and follow it to the end'
            cand ls 'List bulk operations, newest first'
            cand get 'Show an operation''s progress'
            cand cancel 'Stop an operation between batches; what is done stays done'
            cand resume 'Continue a failed operation past where it stopped'
        }
        &'workerctl;help;bulk;run'= {
        }
        &'workerctl;help;bulk;ls'= {
        }
        &'workerctl;help;bulk;get'= {
        }
        &'workerctl;help;bulk;cancel'= {
        }
        &'workerctl;help;bulk;resume'= {
        }
        &'workerctl;help;worker'= {
            cand ls 'List workers'
            cand get 'Show a worker with the tasks it runs'
            cand recycle 'Drain a worker and restart its loop'
        }
        &'workerctl;help;worker;ls'= {
        }
        &'workerctl;help;worker;get'= {
        }
        &'workerctl;help;worker;recycle'= {
        }
        &'workerctl;help;stuck'= {
            cand ls 'Stuck tasks by handler over a window'
        }
        &'workerctl;help;stuck;ls'= {
        }
        &'workerctl;help;audit'= {
            cand ls 'Recent audit entries, newest first'
            cand export 'Stream every matching entry, oldest first (admin only)'
            cand verify 'Walk the whole hash chain and check every link (admin only). Exits 1 when it is broken, naming the first broken entry'
        }
        &'workerctl;help;audit;ls'= {
        }
        &'workerctl;help;audit;export'= {
        }
        &'workerctl;help;audit;verify'= {
        }
        &'workerctl;help;events'= {
        }
        &'workerctl;help;dash'= {
        }
        &'workerctl;help;certs'= {
            cand init 'Make a CA, a server certificate and admin, operator and viewer client certificates'
        }
        &'workerctl;help;certs;init'= {
        }
        &'workerctl;help;completion'= {
        }
        &'workerctl;help;help'= {
        }
    ]
    $completions[$command]
}
