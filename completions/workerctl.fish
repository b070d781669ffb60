# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_workerctl_global_optspecs
    string join \n server= ca= cert= key= context= o/output= y/yes approval-token= request-id= no-color timeout= h/help V/version
end

function __fish_workerctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_workerctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_workerctl_using_subcommand
    set -l cmd (__fish_workerctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c workerctl -n "__fish_workerctl_needs_command" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_needs_command" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_needs_command" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_needs_command" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_needs_command" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_needs_command" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_needs_command" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_needs_command" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_needs_command" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_needs_command" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_needs_command" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_needs_command" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_needs_command" -f -a "health" -d 'Server health and build'
complete -c workerctl -n "__fish_workerctl_needs_command" -f -a "overview" -d 'Counts, coordination, workers and throughput'
complete -c workerctl -n "__fish_workerctl_needs_command" -f -a "queue" -d 'Queues: list, inspect, pause, resume, weights'
complete -c workerctl -n "__fish_workerctl_needs_command" -f -a "dequeue" -d 'Pause or resume leasing from every queue'
complete -c workerctl -n "__fish_workerctl_needs_command" -f -a "task" -d 'Tasks: enqueue, inspect, list, cancel, retry'
complete -c workerctl -n "__fish_workerctl_needs_command" -f -a "schedule" -d 'Cron schedules: list, inspect, create, delete, pause, resume, run now, events'
complete -c workerctl -n "__fish_workerctl_needs_command" -f -a "job" -d 'Containerized jobs: define (apply a file), list, inspect, run, follow logs, cancel'
complete -c workerctl -n "__fish_workerctl_needs_command" -f -a "dlq" -d 'The dead-letter queue: list, inspect, replay'
complete -c workerctl -n "__fish_workerctl_needs_command" -f -a "bulk" -d 'Bulk actions by filter, run on the server: replay, delete, cancel, retry; and their progress'
complete -c workerctl -n "__fish_workerctl_needs_command" -f -a "worker" -d 'Workers: list, inspect, recycle'
complete -c workerctl -n "__fish_workerctl_needs_command" -f -a "stuck" -d 'Stuck-task history by handler'
complete -c workerctl -n "__fish_workerctl_needs_command" -f -a "audit" -d 'The audit log: list and export'
complete -c workerctl -n "__fish_workerctl_needs_command" -f -a "events" -d 'The event log; -f follows it live'
complete -c workerctl -n "__fish_workerctl_needs_command" -f -a "dash" -d 'The live terminal dashboard'
complete -c workerctl -n "__fish_workerctl_needs_command" -f -a "certs" -d 'Certificates for mutual TLS'
complete -c workerctl -n "__fish_workerctl_needs_command" -f -a "completion" -d 'Shell completion script'
complete -c workerctl -n "__fish_workerctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c workerctl -n "__fish_workerctl_using_subcommand health" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand health" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand health" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand health" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand health" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand health" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand health" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand health" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand health" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand health" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand health" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand health" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand health" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand overview" -l range -d 'Also show outcomes over this range against the range before it (24h: today against yesterday)' -r -f -a "15m\t''
24h\t''
30d\t''"
complete -c workerctl -n "__fish_workerctl_using_subcommand overview" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand overview" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand overview" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand overview" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand overview" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand overview" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand overview" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand overview" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand overview" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand overview" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand overview" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand overview" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand overview" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and not __fish_seen_subcommand_from ls list get pause resume weight delete history help" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and not __fish_seen_subcommand_from ls list get pause resume weight delete history help" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and not __fish_seen_subcommand_from ls list get pause resume weight delete history help" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and not __fish_seen_subcommand_from ls list get pause resume weight delete history help" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and not __fish_seen_subcommand_from ls list get pause resume weight delete history help" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and not __fish_seen_subcommand_from ls list get pause resume weight delete history help" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and not __fish_seen_subcommand_from ls list get pause resume weight delete history help" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and not __fish_seen_subcommand_from ls list get pause resume weight delete history help" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and not __fish_seen_subcommand_from ls list get pause resume weight delete history help" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and not __fish_seen_subcommand_from ls list get pause resume weight delete history help" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and not __fish_seen_subcommand_from ls list get pause resume weight delete history help" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and not __fish_seen_subcommand_from ls list get pause resume weight delete history help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and not __fish_seen_subcommand_from ls list get pause resume weight delete history help" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and not __fish_seen_subcommand_from ls list get pause resume weight delete history help" -f -a "ls" -d 'List queues'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and not __fish_seen_subcommand_from ls list get pause resume weight delete history help" -f -a "list" -d 'List queues'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and not __fish_seen_subcommand_from ls list get pause resume weight delete history help" -f -a "get" -d 'Show one queue'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and not __fish_seen_subcommand_from ls list get pause resume weight delete history help" -f -a "pause" -d 'Stop leasing from a queue (enqueue still works)'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and not __fish_seen_subcommand_from ls list get pause resume weight delete history help" -f -a "resume" -d 'Lease from a queue again'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and not __fish_seen_subcommand_from ls list get pause resume weight delete history help" -f -a "weight" -d 'Set or reset a queue\'s weight'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and not __fish_seen_subcommand_from ls list get pause resume weight delete history help" -f -a "delete" -d 'Remove a queue from the registry (admin). Refused while it holds tasks unless --force, which deletes them too (never while one runs). A later enqueue registers it again'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and not __fish_seen_subcommand_from ls list get pause resume weight delete history help" -f -a "history" -d 'Task outcomes over a range, against the range before it'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and not __fish_seen_subcommand_from ls list get pause resume weight delete history help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from ls" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from ls" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from ls" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from ls" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from ls" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from ls" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from ls" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from ls" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from ls" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from ls" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from ls" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from list" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from list" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from list" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from list" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from list" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from list" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from list" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from list" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from list" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from list" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from get" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from get" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from get" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from get" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from get" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from get" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from get" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from get" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from get" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from get" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from get" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from pause" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from pause" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from pause" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from pause" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from pause" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from pause" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from pause" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from pause" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from pause" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from pause" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from pause" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from pause" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from pause" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from resume" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from resume" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from resume" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from resume" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from resume" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from resume" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from resume" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from resume" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from resume" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from resume" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from resume" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from resume" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from resume" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from weight" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from weight" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from weight" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from weight" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from weight" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from weight" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from weight" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from weight" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from weight" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from weight" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from weight" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from weight" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from weight" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from weight" -f -a "set" -d 'Set a queue\'s weight (1 to 10000), persisted cluster-wide'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from weight" -f -a "reset" -d 'Return a queue to its configured weight'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from weight" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from delete" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from delete" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from delete" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from delete" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from delete" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from delete" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from delete" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from delete" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from delete" -l force -d 'Delete the queue\'s tasks with it'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from delete" -l dry-run -d 'Show how many tasks it holds; change nothing'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from delete" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from history" -l range -d '15m (minutes), 24h (15-minute steps) or 30d (6-hour steps)' -r -f -a "15m\t''
24h\t''
30d\t''"
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from history" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from history" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from history" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from history" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from history" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from history" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from history" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from history" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from history" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from history" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from history" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from history" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "ls" -d 'List queues'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "get" -d 'Show one queue'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "pause" -d 'Stop leasing from a queue (enqueue still works)'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "resume" -d 'Lease from a queue again'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "weight" -d 'Set or reset a queue\'s weight'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Remove a queue from the registry (admin). Refused while it holds tasks unless --force, which deletes them too (never while one runs). A later enqueue registers it again'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "history" -d 'Task outcomes over a range, against the range before it'
complete -c workerctl -n "__fish_workerctl_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c workerctl -n "__fish_workerctl_using_subcommand dequeue; and not __fish_seen_subcommand_from pause resume help" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dequeue; and not __fish_seen_subcommand_from pause resume help" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand dequeue; and not __fish_seen_subcommand_from pause resume help" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand dequeue; and not __fish_seen_subcommand_from pause resume help" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand dequeue; and not __fish_seen_subcommand_from pause resume help" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dequeue; and not __fish_seen_subcommand_from pause resume help" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand dequeue; and not __fish_seen_subcommand_from pause resume help" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dequeue; and not __fish_seen_subcommand_from pause resume help" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dequeue; and not __fish_seen_subcommand_from pause resume help" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dequeue; and not __fish_seen_subcommand_from pause resume help" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand dequeue; and not __fish_seen_subcommand_from pause resume help" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand dequeue; and not __fish_seen_subcommand_from pause resume help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand dequeue; and not __fish_seen_subcommand_from pause resume help" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand dequeue; and not __fish_seen_subcommand_from pause resume help" -f -a "pause" -d 'Stop leasing from every queue'
complete -c workerctl -n "__fish_workerctl_using_subcommand dequeue; and not __fish_seen_subcommand_from pause resume help" -f -a "resume" -d 'Lease again'
complete -c workerctl -n "__fish_workerctl_using_subcommand dequeue; and not __fish_seen_subcommand_from pause resume help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c workerctl -n "__fish_workerctl_using_subcommand dequeue; and __fish_seen_subcommand_from pause" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dequeue; and __fish_seen_subcommand_from pause" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand dequeue; and __fish_seen_subcommand_from pause" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand dequeue; and __fish_seen_subcommand_from pause" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand dequeue; and __fish_seen_subcommand_from pause" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dequeue; and __fish_seen_subcommand_from pause" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand dequeue; and __fish_seen_subcommand_from pause" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dequeue; and __fish_seen_subcommand_from pause" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dequeue; and __fish_seen_subcommand_from pause" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dequeue; and __fish_seen_subcommand_from pause" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand dequeue; and __fish_seen_subcommand_from pause" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand dequeue; and __fish_seen_subcommand_from pause" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand dequeue; and __fish_seen_subcommand_from pause" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand dequeue; and __fish_seen_subcommand_from resume" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dequeue; and __fish_seen_subcommand_from resume" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand dequeue; and __fish_seen_subcommand_from resume" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand dequeue; and __fish_seen_subcommand_from resume" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand dequeue; and __fish_seen_subcommand_from resume" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dequeue; and __fish_seen_subcommand_from resume" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand dequeue; and __fish_seen_subcommand_from resume" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dequeue; and __fish_seen_subcommand_from resume" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dequeue; and __fish_seen_subcommand_from resume" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dequeue; and __fish_seen_subcommand_from resume" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand dequeue; and __fish_seen_subcommand_from resume" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand dequeue; and __fish_seen_subcommand_from resume" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand dequeue; and __fish_seen_subcommand_from resume" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand dequeue; and __fish_seen_subcommand_from help" -f -a "pause" -d 'Stop leasing from every queue'
complete -c workerctl -n "__fish_workerctl_using_subcommand dequeue; and __fish_seen_subcommand_from help" -f -a "resume" -d 'Lease again'
complete -c workerctl -n "__fish_workerctl_using_subcommand dequeue; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and not __fish_seen_subcommand_from enqueue get ls list cancel retry delete help" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and not __fish_seen_subcommand_from enqueue get ls list cancel retry delete help" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and not __fish_seen_subcommand_from enqueue get ls list cancel retry delete help" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and not __fish_seen_subcommand_from enqueue get ls list cancel retry delete help" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and not __fish_seen_subcommand_from enqueue get ls list cancel retry delete help" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and not __fish_seen_subcommand_from enqueue get ls list cancel retry delete help" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and not __fish_seen_subcommand_from enqueue get ls list cancel retry delete help" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and not __fish_seen_subcommand_from enqueue get ls list cancel retry delete help" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and not __fish_seen_subcommand_from enqueue get ls list cancel retry delete help" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and not __fish_seen_subcommand_from enqueue get ls list cancel retry delete help" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and not __fish_seen_subcommand_from enqueue get ls list cancel retry delete help" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and not __fish_seen_subcommand_from enqueue get ls list cancel retry delete help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and not __fish_seen_subcommand_from enqueue get ls list cancel retry delete help" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and not __fish_seen_subcommand_from enqueue get ls list cancel retry delete help" -f -a "enqueue" -d 'Enqueue a task, or many from JSON lines (--jsonl)'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and not __fish_seen_subcommand_from enqueue get ls list cancel retry delete help" -f -a "get" -d 'Show a task with its error history'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and not __fish_seen_subcommand_from enqueue get ls list cancel retry delete help" -f -a "ls" -d 'List tasks, newest first'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and not __fish_seen_subcommand_from enqueue get ls list cancel retry delete help" -f -a "list" -d 'List tasks, newest first'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and not __fish_seen_subcommand_from enqueue get ls list cancel retry delete help" -f -a "cancel" -d 'Cancel a task: a waiting one at once, a running one by signal'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and not __fish_seen_subcommand_from enqueue get ls list cancel retry delete help" -f -a "retry" -d 'Run a scheduled, retrying or finished task again'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and not __fish_seen_subcommand_from enqueue get ls list cancel retry delete help" -f -a "delete" -d 'Delete tasks by id, or every task matching the filter (admin); running tasks are refused (cancel them first)'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and not __fish_seen_subcommand_from enqueue get ls list cancel retry delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from enqueue" -l queue -d 'Queue (default: the server\'s default queue)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from enqueue" -l payload -d 'Payload as text' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from enqueue" -l payload-file -d 'Payload from a file; - reads stdin' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from enqueue" -l priority -d 'Lower runs first' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from enqueue" -l max-retries -d 'Retries after the first attempt (default: the server\'s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from enqueue" -l task-timeout -d 'Per-attempt timeout of the task, like 30s or 5m (default: the server\'s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from enqueue" -l at -d 'Run at this time (RFC 3339, like 2026-12-01T09:00:00Z)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from enqueue" -l in -d 'Run after this delay, like 10m' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from enqueue" -l idempotency-key -d 'Deduplicates enqueues of this handler for the server\'s idempotency TTL' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from enqueue" -l meta -d 'Metadata, key=value; repeatable' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from enqueue" -l jsonl -d 'Enqueue every JSON line of this file (- for stdin) instead' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from enqueue" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from enqueue" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from enqueue" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from enqueue" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from enqueue" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from enqueue" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from enqueue" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from enqueue" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from enqueue" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from enqueue" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from enqueue" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from enqueue" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from enqueue" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from get" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from get" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from get" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from get" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from get" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from get" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from get" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from get" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from get" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from get" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from get" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from ls" -l filter -d 'The whole filter as text: queue:, handler:, state:, fp:, older: and free text' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from ls" -l queue -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from ls" -l handler -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from ls" -l state -d 'scheduled, pending, running, retrying, succeeded, dead or cancelled' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from ls" -l query -d 'Case-insensitive text in the id, the handler or the last error' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from ls" -l fingerprint -d 'Dead tasks whose error has this fingerprint (see `dlq groups`)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from ls" -l older-than -d 'Only tasks created (DLQ entries: dead) at least this long ago, like 2h or 7d' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from ls" -l limit -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from ls" -l offset -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from ls" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from ls" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from ls" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from ls" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from ls" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from ls" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from ls" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from ls" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from ls" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from ls" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from ls" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from list" -l filter -d 'The whole filter as text: queue:, handler:, state:, fp:, older: and free text' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from list" -l queue -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from list" -l handler -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from list" -l state -d 'scheduled, pending, running, retrying, succeeded, dead or cancelled' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from list" -l query -d 'Case-insensitive text in the id, the handler or the last error' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from list" -l fingerprint -d 'Dead tasks whose error has this fingerprint (see `dlq groups`)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from list" -l older-than -d 'Only tasks created (DLQ entries: dead) at least this long ago, like 2h or 7d' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from list" -l limit -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from list" -l offset -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from list" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from list" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from list" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from list" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from list" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from list" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from list" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from list" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from list" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from list" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from cancel" -l filter -d 'The whole filter as text: queue:, handler:, state:, fp:, older: and free text' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from cancel" -l queue -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from cancel" -l handler -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from cancel" -l state -d 'scheduled, pending, running, retrying, succeeded, dead or cancelled' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from cancel" -l query -d 'Case-insensitive text in the id, the handler or the last error' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from cancel" -l fingerprint -d 'Dead tasks whose error has this fingerprint (see `dlq groups`)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from cancel" -l older-than -d 'Only tasks created (DLQ entries: dead) at least this long ago, like 2h or 7d' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from cancel" -l batch -d 'Tasks per batch (the server caps it)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from cancel" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from cancel" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from cancel" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from cancel" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from cancel" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from cancel" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from cancel" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from cancel" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from cancel" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from cancel" -l all -d 'Every task (no filter)'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from cancel" -l dry-run -d 'Count and show a sample; change nothing'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from cancel" -l detach -d 'Print the bulk operation\'s id and return at once'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from cancel" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from cancel" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from cancel" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from cancel" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from retry" -l filter -d 'The whole filter as text: queue:, handler:, state:, fp:, older: and free text' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from retry" -l queue -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from retry" -l handler -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from retry" -l state -d 'scheduled, pending, running, retrying, succeeded, dead or cancelled' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from retry" -l query -d 'Case-insensitive text in the id, the handler or the last error' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from retry" -l fingerprint -d 'Dead tasks whose error has this fingerprint (see `dlq groups`)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from retry" -l older-than -d 'Only tasks created (DLQ entries: dead) at least this long ago, like 2h or 7d' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from retry" -l batch -d 'Tasks per batch (the server caps it)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from retry" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from retry" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from retry" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from retry" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from retry" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from retry" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from retry" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from retry" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from retry" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from retry" -l all -d 'Every task (no filter)'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from retry" -l dry-run -d 'Count and show a sample; change nothing'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from retry" -l detach -d 'Print the bulk operation\'s id and return at once'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from retry" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from retry" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from retry" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from retry" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from delete" -l filter -d 'The whole filter as text: queue:, handler:, state:, fp:, older: and free text' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from delete" -l queue -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from delete" -l handler -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from delete" -l state -d 'scheduled, pending, running, retrying, succeeded, dead or cancelled' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from delete" -l query -d 'Case-insensitive text in the id, the handler or the last error' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from delete" -l fingerprint -d 'Dead tasks whose error has this fingerprint (see `dlq groups`)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from delete" -l older-than -d 'Only tasks created (DLQ entries: dead) at least this long ago, like 2h or 7d' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from delete" -l batch -d 'Tasks per call' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from delete" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from delete" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from delete" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from delete" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from delete" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from delete" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from delete" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from delete" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from delete" -l all -d 'Every task (no filter)'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from delete" -l detach -d 'By filter: print the bulk operation\'s id and return at once'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from delete" -l dry-run -d 'Count and show a sample; change nothing'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from delete" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from help" -f -a "enqueue" -d 'Enqueue a task, or many from JSON lines (--jsonl)'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from help" -f -a "get" -d 'Show a task with its error history'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from help" -f -a "ls" -d 'List tasks, newest first'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from help" -f -a "cancel" -d 'Cancel a task: a waiting one at once, a running one by signal'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from help" -f -a "retry" -d 'Run a scheduled, retrying or finished task again'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete tasks by id, or every task matching the filter (admin); running tasks are refused (cancel them first)'
complete -c workerctl -n "__fish_workerctl_using_subcommand task; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and not __fish_seen_subcommand_from ls list get factories create delete pause resume run pause-all resume-all events help" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and not __fish_seen_subcommand_from ls list get factories create delete pause resume run pause-all resume-all events help" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and not __fish_seen_subcommand_from ls list get factories create delete pause resume run pause-all resume-all events help" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and not __fish_seen_subcommand_from ls list get factories create delete pause resume run pause-all resume-all events help" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and not __fish_seen_subcommand_from ls list get factories create delete pause resume run pause-all resume-all events help" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and not __fish_seen_subcommand_from ls list get factories create delete pause resume run pause-all resume-all events help" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and not __fish_seen_subcommand_from ls list get factories create delete pause resume run pause-all resume-all events help" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and not __fish_seen_subcommand_from ls list get factories create delete pause resume run pause-all resume-all events help" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and not __fish_seen_subcommand_from ls list get factories create delete pause resume run pause-all resume-all events help" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and not __fish_seen_subcommand_from ls list get factories create delete pause resume run pause-all resume-all events help" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and not __fish_seen_subcommand_from ls list get factories create delete pause resume run pause-all resume-all events help" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and not __fish_seen_subcommand_from ls list get factories create delete pause resume run pause-all resume-all events help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and not __fish_seen_subcommand_from ls list get factories create delete pause resume run pause-all resume-all events help" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and not __fish_seen_subcommand_from ls list get factories create delete pause resume run pause-all resume-all events help" -f -a "ls" -d 'List schedules with their next and last runs'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and not __fish_seen_subcommand_from ls list get factories create delete pause resume run pause-all resume-all events help" -f -a "list" -d 'List schedules with their next and last runs'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and not __fish_seen_subcommand_from ls list get factories create delete pause resume run pause-all resume-all events help" -f -a "get" -d 'Show a schedule with its recent fires'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and not __fish_seen_subcommand_from ls list get factories create delete pause resume run pause-all resume-all events help" -f -a "factories" -d 'The names a schedule may take: handlers live workers register, and jobs'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and not __fish_seen_subcommand_from ls list get factories create delete pause resume run pause-all resume-all events help" -f -a "create" -d 'Create a schedule, or replace the one of that name (which resumes it)'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and not __fish_seen_subcommand_from ls list get factories create delete pause resume run pause-all resume-all events help" -f -a "delete" -d 'Delete a schedule; its factory stays, so it can be created again'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and not __fish_seen_subcommand_from ls list get factories create delete pause resume run pause-all resume-all events help" -f -a "pause" -d 'Stop a schedule firing (its fires are skipped until resumed)'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and not __fish_seen_subcommand_from ls list get factories create delete pause resume run pause-all resume-all events help" -f -a "resume" -d 'Let a paused schedule fire again'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and not __fish_seen_subcommand_from ls list get factories create delete pause resume run pause-all resume-all events help" -f -a "run" -d 'Fire a schedule now, once, besides its timetable'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and not __fish_seen_subcommand_from ls list get factories create delete pause resume run pause-all resume-all events help" -f -a "pause-all" -d 'Pause every schedule'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and not __fish_seen_subcommand_from ls list get factories create delete pause resume run pause-all resume-all events help" -f -a "resume-all" -d 'Resume every schedule'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and not __fish_seen_subcommand_from ls list get factories create delete pause resume run pause-all resume-all events help" -f -a "events" -d 'Recent fires of every schedule, or of one, newest first'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and not __fish_seen_subcommand_from ls list get factories create delete pause resume run pause-all resume-all events help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from ls" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from ls" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from ls" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from ls" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from ls" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from ls" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from ls" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from ls" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from ls" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from ls" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from ls" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from list" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from list" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from list" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from list" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from list" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from list" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from list" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from list" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from list" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from list" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from get" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from get" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from get" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from get" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from get" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from get" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from get" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from get" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from get" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from get" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from get" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from factories" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from factories" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from factories" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from factories" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from factories" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from factories" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from factories" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from factories" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from factories" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from factories" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from factories" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from factories" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from factories" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from create" -l spec -d 'Cron spec, like \'*/5 * * * *\', \'0 30 9 * * 1-5\' or \'@every 90s\'' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from create" -l tz -d 'IANA time zone the spec is read in, like Europe/Berlin (default: UTC)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from create" -l handler -d 'The handler each fire\'s task runs, or the job each fire runs (default: the schedule\'s name)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from create" -l queue -d 'Queue of each fire\'s task (default: the server\'s default queue)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from create" -l payload -d 'Payload as text' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from create" -l payload-file -d 'Payload from a file; - reads stdin' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from create" -l priority -d 'Lower runs first' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from create" -l max-retries -d 'Retries after the first attempt (default: the server\'s at fire time)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from create" -l task-timeout -d 'Per-attempt timeout of each fire\'s task, like 30s or 5m (default: the server\'s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from create" -l meta -d 'Metadata of each fire\'s task, key=value; repeatable' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from create" -l misfire -d 'Fires missed while no node ran (default: skip)' -r -f -a "skip\t'Drop them; fire at the next time on the timetable'
run_once\t'Fire once for all of them'
catch_up\t'Fire each of them, up to --catch-up-max'"
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from create" -l catch-up-max -d 'With --misfire catch_up: the most missed fires made up' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from create" -l overlap -d 'A fire while the previous fire\'s task still runs (default: allow)' -r -f -a "allow\t'Enqueue anyway'
skip\t'Skip this fire'"
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from create" -l jitter -d 'Delay each fire\'s task by up to this much, at random, like 30s' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from create" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from create" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from create" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from create" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from create" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from create" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from create" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from create" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from create" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from create" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from delete" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from delete" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from delete" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from delete" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from delete" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from delete" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from delete" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from delete" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from delete" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from pause" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from pause" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from pause" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from pause" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from pause" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from pause" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from pause" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from pause" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from pause" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from pause" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from pause" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from pause" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from pause" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from resume" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from resume" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from resume" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from resume" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from resume" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from resume" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from resume" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from resume" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from resume" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from resume" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from resume" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from resume" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from resume" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from run" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from run" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from run" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from run" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from run" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from run" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from run" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from run" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from run" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from run" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from run" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from run" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from run" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from pause-all" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from pause-all" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from pause-all" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from pause-all" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from pause-all" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from pause-all" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from pause-all" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from pause-all" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from pause-all" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from pause-all" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from pause-all" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from pause-all" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from pause-all" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from resume-all" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from resume-all" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from resume-all" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from resume-all" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from resume-all" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from resume-all" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from resume-all" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from resume-all" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from resume-all" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from resume-all" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from resume-all" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from resume-all" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from resume-all" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from events" -l limit -d 'At most this many (the server keeps the newest 200 per schedule)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from events" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from events" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from events" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from events" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from events" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from events" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from events" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from events" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from events" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from events" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from events" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from events" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from events" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from help" -f -a "ls" -d 'List schedules with their next and last runs'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from help" -f -a "get" -d 'Show a schedule with its recent fires'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from help" -f -a "factories" -d 'The names a schedule may take: handlers live workers register, and jobs'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a schedule, or replace the one of that name (which resumes it)'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a schedule; its factory stays, so it can be created again'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from help" -f -a "pause" -d 'Stop a schedule firing (its fires are skipped until resumed)'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from help" -f -a "resume" -d 'Let a paused schedule fire again'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from help" -f -a "run" -d 'Fire a schedule now, once, besides its timetable'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from help" -f -a "pause-all" -d 'Pause every schedule'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from help" -f -a "resume-all" -d 'Resume every schedule'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from help" -f -a "events" -d 'Recent fires of every schedule, or of one, newest first'
complete -c workerctl -n "__fish_workerctl_using_subcommand schedule; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and not __fish_seen_subcommand_from ls list get apply delete run runs logs cancel events artifact help" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and not __fish_seen_subcommand_from ls list get apply delete run runs logs cancel events artifact help" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and not __fish_seen_subcommand_from ls list get apply delete run runs logs cancel events artifact help" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and not __fish_seen_subcommand_from ls list get apply delete run runs logs cancel events artifact help" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and not __fish_seen_subcommand_from ls list get apply delete run runs logs cancel events artifact help" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and not __fish_seen_subcommand_from ls list get apply delete run runs logs cancel events artifact help" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and not __fish_seen_subcommand_from ls list get apply delete run runs logs cancel events artifact help" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and not __fish_seen_subcommand_from ls list get apply delete run runs logs cancel events artifact help" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and not __fish_seen_subcommand_from ls list get apply delete run runs logs cancel events artifact help" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and not __fish_seen_subcommand_from ls list get apply delete run runs logs cancel events artifact help" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and not __fish_seen_subcommand_from ls list get apply delete run runs logs cancel events artifact help" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and not __fish_seen_subcommand_from ls list get apply delete run runs logs cancel events artifact help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and not __fish_seen_subcommand_from ls list get apply delete run runs logs cancel events artifact help" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and not __fish_seen_subcommand_from ls list get apply delete run runs logs cancel events artifact help" -f -a "ls" -d 'List jobs (secret env values read [redacted])'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and not __fish_seen_subcommand_from ls list get apply delete run runs logs cancel events artifact help" -f -a "list" -d 'List jobs (secret env values read [redacted])'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and not __fish_seen_subcommand_from ls list get apply delete run runs logs cancel events artifact help" -f -a "get" -d 'Show a job\'s definition'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and not __fish_seen_subcommand_from ls list get apply delete run runs logs cancel events artifact help" -f -a "apply" -d 'Create or replace a job from a TOML file an operator keeps in git'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and not __fish_seen_subcommand_from ls list get apply delete run runs logs cancel events artifact help" -f -a "delete" -d 'Delete a job; its runs and events stay'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and not __fish_seen_subcommand_from ls list get apply delete run runs logs cancel events artifact help" -f -a "run" -d 'Run a job now'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and not __fish_seen_subcommand_from ls list get apply delete run runs logs cancel events artifact help" -f -a "runs" -d 'Runs, newest first: of one job, or of every job'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and not __fish_seen_subcommand_from ls list get apply delete run runs logs cancel events artifact help" -f -a "logs" -d 'A run\'s output; -f follows it until the run ends and exits with its status (0 when it succeeded, 1 when it failed or was cancelled)'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and not __fish_seen_subcommand_from ls list get apply delete run runs logs cancel events artifact help" -f -a "cancel" -d 'Cancel a run: a queued one at once, a running one is stopped'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and not __fish_seen_subcommand_from ls list get apply delete run runs logs cancel events artifact help" -f -a "events" -d 'Job events, newest first: of one job, or of every job'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and not __fish_seen_subcommand_from ls list get apply delete run runs logs cancel events artifact help" -f -a "artifact" -d 'Where a job\'s artifact is: its URL, its file in the tarball directory, or none (git)'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and not __fish_seen_subcommand_from ls list get apply delete run runs logs cancel events artifact help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from ls" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from ls" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from ls" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from ls" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from ls" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from ls" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from ls" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from ls" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from ls" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from ls" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from ls" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from list" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from list" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from list" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from list" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from list" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from list" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from list" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from list" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from list" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from list" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from get" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from get" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from get" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from get" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from get" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from get" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from get" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from get" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from get" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from get" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from get" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from apply" -s f -l file -d 'The job file ("-" reads stdin)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from apply" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from apply" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from apply" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from apply" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from apply" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from apply" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from apply" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from apply" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from apply" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from apply" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from apply" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from apply" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from apply" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from delete" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from delete" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from delete" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from delete" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from delete" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from delete" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from delete" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from delete" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from delete" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from run" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from run" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from run" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from run" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from run" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from run" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from run" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from run" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from run" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from run" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from run" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from run" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from run" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from runs" -l status -d 'Only runs with this status: queued, running, succeeded, failed, cancelled' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from runs" -l limit -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from runs" -l cursor -d 'Older runs: the cursor a previous page printed' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from runs" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from runs" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from runs" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from runs" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from runs" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from runs" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from runs" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from runs" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from runs" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from runs" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from runs" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from runs" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from runs" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from logs" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from logs" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from logs" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from logs" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from logs" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from logs" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from logs" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from logs" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from logs" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from logs" -s f -l follow
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from logs" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from logs" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from logs" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from logs" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from cancel" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from cancel" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from cancel" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from cancel" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from cancel" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from cancel" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from cancel" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from cancel" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from cancel" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from cancel" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from cancel" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from cancel" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from cancel" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from events" -l limit -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from events" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from events" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from events" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from events" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from events" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from events" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from events" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from events" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from events" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from events" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from events" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from events" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from events" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from artifact" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from artifact" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from artifact" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from artifact" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from artifact" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from artifact" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from artifact" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from artifact" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from artifact" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from artifact" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from artifact" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from artifact" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from artifact" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from help" -f -a "ls" -d 'List jobs (secret env values read [redacted])'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from help" -f -a "get" -d 'Show a job\'s definition'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from help" -f -a "apply" -d 'Create or replace a job from a TOML file an operator keeps in git'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a job; its runs and events stay'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from help" -f -a "run" -d 'Run a job now'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from help" -f -a "runs" -d 'Runs, newest first: of one job, or of every job'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from help" -f -a "logs" -d 'A run\'s output; -f follows it until the run ends and exits with its status (0 when it succeeded, 1 when it failed or was cancelled)'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from help" -f -a "cancel" -d 'Cancel a run: a queued one at once, a running one is stopped'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from help" -f -a "events" -d 'Job events, newest first: of one job, or of every job'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from help" -f -a "artifact" -d 'Where a job\'s artifact is: its URL, its file in the tarball directory, or none (git)'
complete -c workerctl -n "__fish_workerctl_using_subcommand job; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and not __fish_seen_subcommand_from ls list get groups replay delete help" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and not __fish_seen_subcommand_from ls list get groups replay delete help" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and not __fish_seen_subcommand_from ls list get groups replay delete help" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and not __fish_seen_subcommand_from ls list get groups replay delete help" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and not __fish_seen_subcommand_from ls list get groups replay delete help" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and not __fish_seen_subcommand_from ls list get groups replay delete help" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and not __fish_seen_subcommand_from ls list get groups replay delete help" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and not __fish_seen_subcommand_from ls list get groups replay delete help" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and not __fish_seen_subcommand_from ls list get groups replay delete help" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and not __fish_seen_subcommand_from ls list get groups replay delete help" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and not __fish_seen_subcommand_from ls list get groups replay delete help" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and not __fish_seen_subcommand_from ls list get groups replay delete help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and not __fish_seen_subcommand_from ls list get groups replay delete help" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and not __fish_seen_subcommand_from ls list get groups replay delete help" -f -a "ls" -d 'List DLQ entries, newest first'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and not __fish_seen_subcommand_from ls list get groups replay delete help" -f -a "list" -d 'List DLQ entries, newest first'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and not __fish_seen_subcommand_from ls list get groups replay delete help" -f -a "get" -d 'Show one entry with its error history'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and not __fish_seen_subcommand_from ls list get groups replay delete help" -f -a "groups" -d 'Dead tasks grouped by cause: per handler, the error with numbers, ids, hex strings, quoted values and addresses masked, with how many, since when and an example'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and not __fish_seen_subcommand_from ls list get groups replay delete help" -f -a "replay" -d 'Move entries back to pending (attempts reset, history kept)'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and not __fish_seen_subcommand_from ls list get groups replay delete help" -f -a "delete" -d 'Delete entries by id, or every entry matching the filter (admin)'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and not __fish_seen_subcommand_from ls list get groups replay delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l filter -d 'The whole filter as text: queue:, handler:, state:, fp:, older: and free text' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l queue -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l handler -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l state -d 'scheduled, pending, running, retrying, succeeded, dead or cancelled' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l query -d 'Case-insensitive text in the id, the handler or the last error' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l fingerprint -d 'Dead tasks whose error has this fingerprint (see `dlq groups`)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l older-than -d 'Only tasks created (DLQ entries: dead) at least this long ago, like 2h or 7d' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l limit -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l offset -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from ls" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from ls" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -l filter -d 'The whole filter as text: queue:, handler:, state:, fp:, older: and free text' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -l queue -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -l handler -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -l state -d 'scheduled, pending, running, retrying, succeeded, dead or cancelled' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -l query -d 'Case-insensitive text in the id, the handler or the last error' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -l fingerprint -d 'Dead tasks whose error has this fingerprint (see `dlq groups`)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -l older-than -d 'Only tasks created (DLQ entries: dead) at least this long ago, like 2h or 7d' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -l limit -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -l offset -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from get" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from get" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from get" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from get" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from get" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from get" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from get" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from get" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from get" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from get" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from get" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from groups" -l queue -d 'Only entries of this queue' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from groups" -l handler -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from groups" -l limit -d 'Groups to show, largest first (the server caps it at 1000)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from groups" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from groups" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from groups" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from groups" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from groups" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from groups" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from groups" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from groups" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from groups" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from groups" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from groups" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from groups" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from groups" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l limit -d 'The oldest N entries, replayed in batches from here (not a server operation)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l ids -d 'These ids (comma-separated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l filter -d 'The whole filter as text: queue:, handler:, state:, fp:, older: and free text' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l queue -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l handler -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l state -d 'scheduled, pending, running, retrying, succeeded, dead or cancelled' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l query -d 'Case-insensitive text in the id, the handler or the last error' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l fingerprint -d 'Dead tasks whose error has this fingerprint (see `dlq groups`)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l older-than -d 'Only tasks created (DLQ entries: dead) at least this long ago, like 2h or 7d' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l batch -d 'Entries per call' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l all -d 'Every entry, as a bulk operation on the server'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l dry-run -d 'Show what would move; change nothing'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l detach -d 'By filter: print the bulk operation\'s id and return at once'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from delete" -l filter -d 'The whole filter as text: queue:, handler:, state:, fp:, older: and free text' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from delete" -l queue -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from delete" -l handler -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from delete" -l state -d 'scheduled, pending, running, retrying, succeeded, dead or cancelled' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from delete" -l query -d 'Case-insensitive text in the id, the handler or the last error' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from delete" -l fingerprint -d 'Dead tasks whose error has this fingerprint (see `dlq groups`)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from delete" -l older-than -d 'Only tasks created (DLQ entries: dead) at least this long ago, like 2h or 7d' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from delete" -l batch -d 'Entries per call' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from delete" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from delete" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from delete" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from delete" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from delete" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from delete" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from delete" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from delete" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from delete" -l all -d 'The whole DLQ (no filter)'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from delete" -l dry-run
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from delete" -l detach -d 'By filter: print the bulk operation\'s id and return at once'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from delete" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from help" -f -a "ls" -d 'List DLQ entries, newest first'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from help" -f -a "get" -d 'Show one entry with its error history'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from help" -f -a "groups" -d 'Dead tasks grouped by cause: per handler, the error with numbers, ids, hex strings, quoted values and addresses masked, with how many, since when and an example'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from help" -f -a "replay" -d 'Move entries back to pending (attempts reset, history kept)'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete entries by id, or every entry matching the filter (admin)'
complete -c workerctl -n "__fish_workerctl_using_subcommand dlq; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and not __fish_seen_subcommand_from run ls list get cancel resume help" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and not __fish_seen_subcommand_from run ls list get cancel resume help" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and not __fish_seen_subcommand_from run ls list get cancel resume help" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and not __fish_seen_subcommand_from run ls list get cancel resume help" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and not __fish_seen_subcommand_from run ls list get cancel resume help" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and not __fish_seen_subcommand_from run ls list get cancel resume help" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and not __fish_seen_subcommand_from run ls list get cancel resume help" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and not __fish_seen_subcommand_from run ls list get cancel resume help" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and not __fish_seen_subcommand_from run ls list get cancel resume help" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and not __fish_seen_subcommand_from run ls list get cancel resume help" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and not __fish_seen_subcommand_from run ls list get cancel resume help" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and not __fish_seen_subcommand_from run ls list get cancel resume help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and not __fish_seen_subcommand_from run ls list get cancel resume help" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and not __fish_seen_subcommand_from run ls list get cancel resume help" -f -a "run" -d 'Start a bulk action on what a filter selects, and follow it to the end'
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and not __fish_seen_subcommand_from run ls list get cancel resume help" -f -a "ls" -d 'List bulk operations, newest first'
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and not __fish_seen_subcommand_from run ls list get cancel resume help" -f -a "list" -d 'List bulk operations, newest first'
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and not __fish_seen_subcommand_from run ls list get cancel resume help" -f -a "get" -d 'Show an operation\'s progress'
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and not __fish_seen_subcommand_from run ls list get cancel resume help" -f -a "cancel" -d 'Stop an operation between batches; what is done stays done'
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and not __fish_seen_subcommand_from run ls list get cancel resume help" -f -a "resume" -d 'Continue a failed operation past where it stopped'
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and not __fish_seen_subcommand_from run ls list get cancel resume help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from run" -l filter -d 'The whole filter as text: queue:, handler:, state:, fp:, older: and free text' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from run" -l queue -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from run" -l handler -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from run" -l state -d 'scheduled, pending, running, retrying, succeeded, dead or cancelled' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from run" -l query -d 'Case-insensitive text in the id, the handler or the last error' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from run" -l fingerprint -d 'Dead tasks whose error has this fingerprint (see `dlq groups`)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from run" -l older-than -d 'Only tasks created (DLQ entries: dead) at least this long ago, like 2h or 7d' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from run" -l batch -d 'Tasks per batch (the server caps it)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from run" -l sample -d 'A dry run\'s sample size (at most 100)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from run" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from run" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from run" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from run" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from run" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from run" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from run" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from run" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from run" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from run" -l all -d 'An empty filter: everything the action\'s listing holds'
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from run" -l dry-run -d 'Count and show a sample; change nothing'
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from run" -l detach -d 'Print the operation\'s id and return at once'
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from run" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from run" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from run" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from run" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from ls" -l limit -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from ls" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from ls" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from ls" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from ls" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from ls" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from ls" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from ls" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from ls" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from ls" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from ls" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from ls" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from list" -l limit -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from list" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from list" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from list" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from list" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from list" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from list" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from list" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from list" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from list" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from list" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from get" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from get" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from get" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from get" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from get" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from get" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from get" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from get" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from get" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from get" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from get" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from cancel" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from cancel" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from cancel" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from cancel" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from cancel" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from cancel" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from cancel" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from cancel" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from cancel" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from cancel" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from cancel" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from cancel" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from cancel" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from resume" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from resume" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from resume" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from resume" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from resume" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from resume" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from resume" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from resume" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from resume" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from resume" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from resume" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from resume" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from resume" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from help" -f -a "run" -d 'Start a bulk action on what a filter selects, and follow it to the end'
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from help" -f -a "ls" -d 'List bulk operations, newest first'
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from help" -f -a "get" -d 'Show an operation\'s progress'
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from help" -f -a "cancel" -d 'Stop an operation between batches; what is done stays done'
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from help" -f -a "resume" -d 'Continue a failed operation past where it stopped'
complete -c workerctl -n "__fish_workerctl_using_subcommand bulk; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and not __fish_seen_subcommand_from ls list get recycle help" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and not __fish_seen_subcommand_from ls list get recycle help" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and not __fish_seen_subcommand_from ls list get recycle help" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and not __fish_seen_subcommand_from ls list get recycle help" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and not __fish_seen_subcommand_from ls list get recycle help" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and not __fish_seen_subcommand_from ls list get recycle help" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and not __fish_seen_subcommand_from ls list get recycle help" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and not __fish_seen_subcommand_from ls list get recycle help" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and not __fish_seen_subcommand_from ls list get recycle help" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and not __fish_seen_subcommand_from ls list get recycle help" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and not __fish_seen_subcommand_from ls list get recycle help" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and not __fish_seen_subcommand_from ls list get recycle help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and not __fish_seen_subcommand_from ls list get recycle help" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and not __fish_seen_subcommand_from ls list get recycle help" -f -a "ls" -d 'List workers'
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and not __fish_seen_subcommand_from ls list get recycle help" -f -a "list" -d 'List workers'
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and not __fish_seen_subcommand_from ls list get recycle help" -f -a "get" -d 'Show a worker with the tasks it runs'
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and not __fish_seen_subcommand_from ls list get recycle help" -f -a "recycle" -d 'Drain a worker and restart its loop'
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and not __fish_seen_subcommand_from ls list get recycle help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from ls" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from ls" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from ls" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from ls" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from ls" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from ls" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from ls" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from ls" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from ls" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from ls" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from ls" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from list" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from list" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from list" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from list" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from list" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from list" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from list" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from list" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from list" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from list" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from get" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from get" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from get" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from get" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from get" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from get" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from get" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from get" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from get" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from get" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from get" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from recycle" -l reason -d 'Why, for the audit log and the worker\'s log' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from recycle" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from recycle" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from recycle" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from recycle" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from recycle" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from recycle" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from recycle" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from recycle" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from recycle" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from recycle" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from recycle" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from recycle" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from recycle" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from help" -f -a "ls" -d 'List workers'
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from help" -f -a "get" -d 'Show a worker with the tasks it runs'
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from help" -f -a "recycle" -d 'Drain a worker and restart its loop'
complete -c workerctl -n "__fish_workerctl_using_subcommand worker; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and not __fish_seen_subcommand_from ls list help" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and not __fish_seen_subcommand_from ls list help" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and not __fish_seen_subcommand_from ls list help" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and not __fish_seen_subcommand_from ls list help" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and not __fish_seen_subcommand_from ls list help" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and not __fish_seen_subcommand_from ls list help" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and not __fish_seen_subcommand_from ls list help" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and not __fish_seen_subcommand_from ls list help" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and not __fish_seen_subcommand_from ls list help" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and not __fish_seen_subcommand_from ls list help" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and not __fish_seen_subcommand_from ls list help" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and not __fish_seen_subcommand_from ls list help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and not __fish_seen_subcommand_from ls list help" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and not __fish_seen_subcommand_from ls list help" -f -a "ls" -d 'Stuck tasks by handler over a window'
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and not __fish_seen_subcommand_from ls list help" -f -a "list" -d 'Stuck tasks by handler over a window'
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and not __fish_seen_subcommand_from ls list help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and __fish_seen_subcommand_from ls" -l hours -d 'The window in hours' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and __fish_seen_subcommand_from ls" -l handler -r
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and __fish_seen_subcommand_from ls" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and __fish_seen_subcommand_from ls" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and __fish_seen_subcommand_from ls" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and __fish_seen_subcommand_from ls" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and __fish_seen_subcommand_from ls" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and __fish_seen_subcommand_from ls" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and __fish_seen_subcommand_from ls" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and __fish_seen_subcommand_from ls" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and __fish_seen_subcommand_from ls" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and __fish_seen_subcommand_from ls" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and __fish_seen_subcommand_from ls" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and __fish_seen_subcommand_from list" -l hours -d 'The window in hours' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and __fish_seen_subcommand_from list" -l handler -r
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and __fish_seen_subcommand_from list" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and __fish_seen_subcommand_from list" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and __fish_seen_subcommand_from list" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and __fish_seen_subcommand_from list" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and __fish_seen_subcommand_from list" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and __fish_seen_subcommand_from list" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and __fish_seen_subcommand_from list" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and __fish_seen_subcommand_from list" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and __fish_seen_subcommand_from list" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and __fish_seen_subcommand_from list" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and __fish_seen_subcommand_from help" -f -a "ls" -d 'Stuck tasks by handler over a window'
complete -c workerctl -n "__fish_workerctl_using_subcommand stuck; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and not __fish_seen_subcommand_from ls list export verify help" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and not __fish_seen_subcommand_from ls list export verify help" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and not __fish_seen_subcommand_from ls list export verify help" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and not __fish_seen_subcommand_from ls list export verify help" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and not __fish_seen_subcommand_from ls list export verify help" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and not __fish_seen_subcommand_from ls list export verify help" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and not __fish_seen_subcommand_from ls list export verify help" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and not __fish_seen_subcommand_from ls list export verify help" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and not __fish_seen_subcommand_from ls list export verify help" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and not __fish_seen_subcommand_from ls list export verify help" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and not __fish_seen_subcommand_from ls list export verify help" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and not __fish_seen_subcommand_from ls list export verify help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and not __fish_seen_subcommand_from ls list export verify help" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and not __fish_seen_subcommand_from ls list export verify help" -f -a "ls" -d 'Recent audit entries, newest first'
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and not __fish_seen_subcommand_from ls list export verify help" -f -a "list" -d 'Recent audit entries, newest first'
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and not __fish_seen_subcommand_from ls list export verify help" -f -a "export" -d 'Stream every matching entry, oldest first (admin only)'
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and not __fish_seen_subcommand_from ls list export verify help" -f -a "verify" -d 'Walk the whole hash chain and check every link (admin only). Exits 1 when it is broken, naming the first broken entry'
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and not __fish_seen_subcommand_from ls list export verify help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from ls" -l action -d 'Like queue.pause or dlq.replay' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from ls" -l target -r
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from ls" -l actor -d 'The certificate CN of the caller' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from ls" -l since -d 'From this time: RFC 3339, or a duration back from now like 1h' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from ls" -l until -d 'Before this time: RFC 3339, or a duration back from now' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from ls" -l limit -r
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from ls" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from ls" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from ls" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from ls" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from ls" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from ls" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from ls" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from ls" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from ls" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from ls" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from ls" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from list" -l action -d 'Like queue.pause or dlq.replay' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from list" -l target -r
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from list" -l actor -d 'The certificate CN of the caller' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from list" -l since -d 'From this time: RFC 3339, or a duration back from now like 1h' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from list" -l until -d 'Before this time: RFC 3339, or a duration back from now' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from list" -l limit -r
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from list" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from list" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from list" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from list" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from list" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from list" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from list" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from list" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from list" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from list" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from export" -l action -d 'Like queue.pause or dlq.replay' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from export" -l target -r
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from export" -l actor -d 'The certificate CN of the caller' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from export" -l since -d 'From this time: RFC 3339, or a duration back from now like 1h' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from export" -l until -d 'Before this time: RFC 3339, or a duration back from now' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from export" -l format -r -f -a "csv\t''
json\t''
jsonl\t''"
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from export" -l out -d 'Write here instead of stdout' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from export" -l limit -d 'At most this many entries (0: all)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from export" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from export" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from export" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from export" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from export" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from export" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from export" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from export" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from export" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from export" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from export" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from verify" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from verify" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from verify" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from verify" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from verify" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from verify" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from verify" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from verify" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from verify" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from verify" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from verify" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from verify" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "ls" -d 'Recent audit entries, newest first'
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "export" -d 'Stream every matching entry, oldest first (admin only)'
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Walk the whole hash chain and check every link (admin only). Exits 1 when it is broken, naming the first broken entry'
complete -c workerctl -n "__fish_workerctl_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c workerctl -n "__fish_workerctl_using_subcommand events" -l after -d 'Start exactly after this event id' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand events" -l tail -d 'Without --after: start from the last N events' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand events" -l kind -d 'Only these kinds (repeatable), like queue_changed or task_summary' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand events" -l queue -d 'Only events about these queues (repeatable)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand events" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand events" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand events" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand events" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand events" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand events" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand events" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand events" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand events" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand events" -s f -l follow -d 'Follow: stream new events as they happen, reconnecting from the last id'
complete -c workerctl -n "__fish_workerctl_using_subcommand events" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand events" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand events" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand events" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand dash" -l refresh -d 'How often to refresh besides the pushed events (at least 500ms)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dash" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dash" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand dash" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand dash" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand dash" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dash" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand dash" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dash" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dash" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand dash" -l readonly -d 'Show everything, change nothing: no action keys whatever the certificate\'s role'
complete -c workerctl -n "__fish_workerctl_using_subcommand dash" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand dash" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand dash" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand dash" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand certs; and not __fish_seen_subcommand_from init help" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand certs; and not __fish_seen_subcommand_from init help" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand certs; and not __fish_seen_subcommand_from init help" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand certs; and not __fish_seen_subcommand_from init help" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand certs; and not __fish_seen_subcommand_from init help" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand certs; and not __fish_seen_subcommand_from init help" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand certs; and not __fish_seen_subcommand_from init help" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand certs; and not __fish_seen_subcommand_from init help" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand certs; and not __fish_seen_subcommand_from init help" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand certs; and not __fish_seen_subcommand_from init help" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand certs; and not __fish_seen_subcommand_from init help" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand certs; and not __fish_seen_subcommand_from init help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand certs; and not __fish_seen_subcommand_from init help" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand certs; and not __fish_seen_subcommand_from init help" -f -a "init" -d 'Make a CA, a server certificate and admin, operator and viewer client certificates'
complete -c workerctl -n "__fish_workerctl_using_subcommand certs; and not __fish_seen_subcommand_from init help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c workerctl -n "__fish_workerctl_using_subcommand certs; and __fish_seen_subcommand_from init" -l out -d 'Where to write them (default: the development PKI directory)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand certs; and __fish_seen_subcommand_from init" -l san -d 'Extra names for the server certificate (repeatable); localhost and 127.0.0.1 are always included' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand certs; and __fish_seen_subcommand_from init" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand certs; and __fish_seen_subcommand_from init" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand certs; and __fish_seen_subcommand_from init" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand certs; and __fish_seen_subcommand_from init" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand certs; and __fish_seen_subcommand_from init" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand certs; and __fish_seen_subcommand_from init" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand certs; and __fish_seen_subcommand_from init" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand certs; and __fish_seen_subcommand_from init" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand certs; and __fish_seen_subcommand_from init" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand certs; and __fish_seen_subcommand_from init" -l force -d 'Replace an existing PKI in that directory'
complete -c workerctl -n "__fish_workerctl_using_subcommand certs; and __fish_seen_subcommand_from init" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand certs; and __fish_seen_subcommand_from init" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand certs; and __fish_seen_subcommand_from init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand certs; and __fish_seen_subcommand_from init" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand certs; and __fish_seen_subcommand_from help" -f -a "init" -d 'Make a CA, a server certificate and admin, operator and viewer client certificates'
complete -c workerctl -n "__fish_workerctl_using_subcommand certs; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c workerctl -n "__fish_workerctl_using_subcommand completion" -l server -d 'Server address, host:port' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand completion" -l ca -d 'CA certificate that signed the server\'s certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand completion" -l cert -d 'Client certificate (PEM); its OU is your role' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand completion" -l key -d 'Private key of the client certificate (PEM)' -r -F
complete -c workerctl -n "__fish_workerctl_using_subcommand completion" -l context -d 'Named context from the config file' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand completion" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'A table with every column'
json\t'One JSON document (an array for lists)'
jsonl\t'One JSON object per line'
csv\t'A header row, then one row per record'"
complete -c workerctl -n "__fish_workerctl_using_subcommand completion" -l approval-token -d 'Approval token for destructive and bulk actions (sent as x-admin-approval)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand completion" -l request-id -d 'Request id for the audit log (default: generated)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand completion" -l timeout -d 'Deadline of each call (default 10s)' -r
complete -c workerctl -n "__fish_workerctl_using_subcommand completion" -s y -l yes -d 'Do not ask for confirmation'
complete -c workerctl -n "__fish_workerctl_using_subcommand completion" -l no-color -d 'No colour, even on a terminal (NO_COLOR does the same)'
complete -c workerctl -n "__fish_workerctl_using_subcommand completion" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c workerctl -n "__fish_workerctl_using_subcommand completion" -s V -l version -d 'Print version'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and not __fish_seen_subcommand_from health overview queue dequeue task schedule job dlq bulk worker stuck audit events dash certs completion help" -f -a "health" -d 'Server health and build'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and not __fish_seen_subcommand_from health overview queue dequeue task schedule job dlq bulk worker stuck audit events dash certs completion help" -f -a "overview" -d 'Counts, coordination, workers and throughput'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and not __fish_seen_subcommand_from health overview queue dequeue task schedule job dlq bulk worker stuck audit events dash certs completion help" -f -a "queue" -d 'Queues: list, inspect, pause, resume, weights'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and not __fish_seen_subcommand_from health overview queue dequeue task schedule job dlq bulk worker stuck audit events dash certs completion help" -f -a "dequeue" -d 'Pause or resume leasing from every queue'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and not __fish_seen_subcommand_from health overview queue dequeue task schedule job dlq bulk worker stuck audit events dash certs completion help" -f -a "task" -d 'Tasks: enqueue, inspect, list, cancel, retry'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and not __fish_seen_subcommand_from health overview queue dequeue task schedule job dlq bulk worker stuck audit events dash certs completion help" -f -a "schedule" -d 'Cron schedules: list, inspect, create, delete, pause, resume, run now, events'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and not __fish_seen_subcommand_from health overview queue dequeue task schedule job dlq bulk worker stuck audit events dash certs completion help" -f -a "job" -d 'Containerized jobs: define (apply a file), list, inspect, run, follow logs, cancel'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and not __fish_seen_subcommand_from health overview queue dequeue task schedule job dlq bulk worker stuck audit events dash certs completion help" -f -a "dlq" -d 'The dead-letter queue: list, inspect, replay'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and not __fish_seen_subcommand_from health overview queue dequeue task schedule job dlq bulk worker stuck audit events dash certs completion help" -f -a "bulk" -d 'Bulk actions by filter, run on the server: replay, delete, cancel, retry; and their progress'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and not __fish_seen_subcommand_from health overview queue dequeue task schedule job dlq bulk worker stuck audit events dash certs completion help" -f -a "worker" -d 'Workers: list, inspect, recycle'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and not __fish_seen_subcommand_from health overview queue dequeue task schedule job dlq bulk worker stuck audit events dash certs completion help" -f -a "stuck" -d 'Stuck-task history by handler'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and not __fish_seen_subcommand_from health overview queue dequeue task schedule job dlq bulk worker stuck audit events dash certs completion help" -f -a "audit" -d 'The audit log: list and export'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and not __fish_seen_subcommand_from health overview queue dequeue task schedule job dlq bulk worker stuck audit events dash certs completion help" -f -a "events" -d 'The event log; -f follows it live'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and not __fish_seen_subcommand_from health overview queue dequeue task schedule job dlq bulk worker stuck audit events dash certs completion help" -f -a "dash" -d 'The live terminal dashboard'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and not __fish_seen_subcommand_from health overview queue dequeue task schedule job dlq bulk worker stuck audit events dash certs completion help" -f -a "certs" -d 'Certificates for mutual TLS'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and not __fish_seen_subcommand_from health overview queue dequeue task schedule job dlq bulk worker stuck audit events dash certs completion help" -f -a "completion" -d 'Shell completion script'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and not __fish_seen_subcommand_from health overview queue dequeue task schedule job dlq bulk worker stuck audit events dash certs completion help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "ls" -d 'List queues'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "get" -d 'Show one queue'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "pause" -d 'Stop leasing from a queue (enqueue still works)'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "resume" -d 'Lease from a queue again'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "weight" -d 'Set or reset a queue\'s weight'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "delete" -d 'Remove a queue from the registry (admin). Refused while it holds tasks unless --force, which deletes them too (never while one runs). A later enqueue registers it again'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "history" -d 'Task outcomes over a range, against the range before it'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from dequeue" -f -a "pause" -d 'Stop leasing from every queue'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from dequeue" -f -a "resume" -d 'Lease again'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from task" -f -a "enqueue" -d 'Enqueue a task, or many from JSON lines (--jsonl)'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from task" -f -a "get" -d 'Show a task with its error history'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from task" -f -a "ls" -d 'List tasks, newest first'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from task" -f -a "cancel" -d 'Cancel a task: a waiting one at once, a running one by signal'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from task" -f -a "retry" -d 'Run a scheduled, retrying or finished task again'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from task" -f -a "delete" -d 'Delete tasks by id, or every task matching the filter (admin); running tasks are refused (cancel them first)'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from schedule" -f -a "ls" -d 'List schedules with their next and last runs'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from schedule" -f -a "get" -d 'Show a schedule with its recent fires'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from schedule" -f -a "factories" -d 'The names a schedule may take: handlers live workers register, and jobs'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from schedule" -f -a "create" -d 'Create a schedule, or replace the one of that name (which resumes it)'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from schedule" -f -a "delete" -d 'Delete a schedule; its factory stays, so it can be created again'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from schedule" -f -a "pause" -d 'Stop a schedule firing (its fires are skipped until resumed)'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from schedule" -f -a "resume" -d 'Let a paused schedule fire again'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from schedule" -f -a "run" -d 'Fire a schedule now, once, besides its timetable'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from schedule" -f -a "pause-all" -d 'Pause every schedule'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from schedule" -f -a "resume-all" -d 'Resume every schedule'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from schedule" -f -a "events" -d 'Recent fires of every schedule, or of one, newest first'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from job" -f -a "ls" -d 'List jobs (secret env values read [redacted])'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from job" -f -a "get" -d 'Show a job\'s definition'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from job" -f -a "apply" -d 'Create or replace a job from a TOML file an operator keeps in git'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from job" -f -a "delete" -d 'Delete a job; its runs and events stay'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from job" -f -a "run" -d 'Run a job now'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from job" -f -a "runs" -d 'Runs, newest first: of one job, or of every job'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from job" -f -a "logs" -d 'A run\'s output; -f follows it until the run ends and exits with its status (0 when it succeeded, 1 when it failed or was cancelled)'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from job" -f -a "cancel" -d 'Cancel a run: a queued one at once, a running one is stopped'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from job" -f -a "events" -d 'Job events, newest first: of one job, or of every job'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from job" -f -a "artifact" -d 'Where a job\'s artifact is: its URL, its file in the tarball directory, or none (git)'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from dlq" -f -a "ls" -d 'List DLQ entries, newest first'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from dlq" -f -a "get" -d 'Show one entry with its error history'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from dlq" -f -a "groups" -d 'Dead tasks grouped by cause: per handler, the error with numbers, ids, hex strings, quoted values and addresses masked, with how many, since when and an example'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from dlq" -f -a "replay" -d 'Move entries back to pending (attempts reset, history kept)'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from dlq" -f -a "delete" -d 'Delete entries by id, or every entry matching the filter (admin)'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from bulk" -f -a "run" -d 'Start a bulk action on what a filter selects, and follow it to the end'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from bulk" -f -a "ls" -d 'List bulk operations, newest first'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from bulk" -f -a "get" -d 'Show an operation\'s progress'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from bulk" -f -a "cancel" -d 'Stop an operation between batches; what is done stays done'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from bulk" -f -a "resume" -d 'Continue a failed operation past where it stopped'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from worker" -f -a "ls" -d 'List workers'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from worker" -f -a "get" -d 'Show a worker with the tasks it runs'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from worker" -f -a "recycle" -d 'Drain a worker and restart its loop'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from stuck" -f -a "ls" -d 'Stuck tasks by handler over a window'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "ls" -d 'Recent audit entries, newest first'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "export" -d 'Stream every matching entry, oldest first (admin only)'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "verify" -d 'Walk the whole hash chain and check every link (admin only). Exits 1 when it is broken, naming the first broken entry'
complete -c workerctl -n "__fish_workerctl_using_subcommand help; and __fish_seen_subcommand_from certs" -f -a "init" -d 'Make a CA, a server certificate and admin, operator and viewer client certificates'

# Names from the server (queues, handlers, task and DLQ ids, workers, schedules, jobs) where an
# argument takes them: `workerctl __complete` answers within a second, printing nothing when
# the server cannot be asked; where no names fit it exits 1 and the completions above answer.
function __fish_workerctl_names
    set -l tokens (commandline -opc)
    set -l current (commandline -ct)
    set -a tokens "$current"
    set -g __fish_workerctl_names_found (command $tokens[1] __complete (math (count $tokens) - 1) -- $tokens 2>/dev/null)
end
complete -c workerctl -n __fish_workerctl_names -f -a '(string join \n -- $__fish_workerctl_names_found)'
# The values of options that take names (fish completes an option's value from its own entries).
for option in queue handler ids
    complete -c workerctl -n __fish_workerctl_names -l $option -f -r -a '(string join \n -- $__fish_workerctl_names_found)'
end
