//! Completions and man pages, generated from the clap command: what `cargo xtask gen` writes
//! to `completions/` and `man/`, and what the staleness test compares with.

use std::path::PathBuf;

use clap_complete::Shell;

use crate::args::EXIT_CODES;

/// Bash: names from the server where an argument takes them. `_workerctl_names` asks
/// `workerctl __complete` about the line (`complete.rs`); it answers with the names (or with
/// nothing, quickly, when the server cannot be asked) or says with exit 1 that no names fit
/// here, and then clap's static completion runs as before.
pub const BASH_NAMES: &str = r#"
# Names from the server (queues, handlers, task and DLQ ids, workers, schedules) where an
# argument takes them: `workerctl __complete` answers within a second, printing nothing when
# the server cannot be asked.
_workerctl_names() {
    local cur="${COMP_WORDS[COMP_CWORD]}" names
    if names="$("${COMP_WORDS[0]}" __complete "${COMP_CWORD}" -- "${COMP_WORDS[@]}" 2>/dev/null)"; then
        # Names or nothing: no file names in their place.
        compopt +o default +o bashdefault 2>/dev/null
        COMPREPLY=()
        if [[ -n "${names}" ]]; then
            local IFS=$'
'
            COMPREPLY=($(compgen -W "${names}" -- "${cur}"))
        fi
        return 0
    fi
    _workerctl "$@"
}

if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _workerctl_names -o nosort -o bashdefault -o default workerctl
else
    complete -F _workerctl_names -o bashdefault -o default workerctl
fi
"#;

/// Zsh: the same, around clap's function, which is renamed `_workerctl_static`: `_workerctl`
/// asks `workerctl __complete` about `words` (the cursor at `CURRENT`) and offers its names in
/// the server's order (newest task ids first), or calls clap's function where no names fit.
/// Defined before the file's last lines, which call `_workerctl` when the file is autoloaded
/// from `fpath` and register it with `compdef` when the file is sourced.
pub const ZSH_NAMES: &str = r#"
# Names from the server (queues, handlers, task and DLQ ids, workers, schedules, jobs) where an
# argument takes them: `workerctl __complete` answers within a second, printing nothing when
# the server cannot be asked; where no names fit it exits 1 and clap's completion runs.
_workerctl() {
    local out
    if out="$("${words[1]}" __complete $((CURRENT - 1)) -- "${words[@]}" 2>/dev/null)"; then
        local -a names
        names=("${(@f)out}")
        names=("${(@)names:#}")
        (( ${#names} )) || return 1
        compadd -V workerctl-names -- "${names[@]}"
        return
    fi
    _workerctl_static "$@"
}

"#;

/// Fish: completions that apply where `workerctl __complete` says names fit (their condition
/// asks, once per completion as fish keeps a condition's answer, and keeps the names for the
/// completions themselves), offering them and no files: one for arguments, one per option that
/// takes names. Elsewhere the condition fails and clap's completions answer alone.
pub const FISH_NAMES: &str = r#"
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
"#;

/// The completion script of `shell`: clap's, plus names from the server for bash, zsh and fish.
pub fn completion(shell: Shell) -> Vec<u8> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut crate::command(), "workerctl", &mut buf);
    match shell {
        Shell::Bash => buf.extend_from_slice(BASH_NAMES.as_bytes()),
        Shell::Zsh => {
            let script = String::from_utf8_lossy(&buf).into_owned();
            let tail = "if [ \"$funcstack[1]\" = \"_workerctl\" ]; then";
            let (Some(at), true) = (script.rfind(tail), script.contains("\n_workerctl() {\n"))
            else {
                // clap's layout changed: the names are left out rather than misplaced (the
                // zsh completion test fails then).
                return buf;
            };
            let (body, tail) = script.split_at(at);
            let body = body.replacen("\n_workerctl() {\n", "\n_workerctl_static() {\n", 1);
            buf = format!("{body}{}{tail}", ZSH_NAMES.trim_start()).into_bytes();
        }
        Shell::Fish => buf.extend_from_slice(FISH_NAMES.as_bytes()),
        _ => {}
    }
    buf
}

/// Every generated file: its path relative to the repository root, and its contents.
pub fn files() -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for (shell, name) in [
        (Shell::Bash, "workerctl.bash"),
        (Shell::Zsh, "_workerctl"),
        (Shell::Fish, "workerctl.fish"),
        (Shell::PowerShell, "_workerctl.ps1"),
        (Shell::Elvish, "workerctl.elv"),
    ] {
        out.push((PathBuf::from("completions").join(name), completion(shell)));
    }
    let root = crate::command();
    pages(&root, "workerctl", &mut out);
    out
}

/// The page of `command` named `name`, then one per subcommand, recursively.
fn pages(command: &clap::Command, name: &str, out: &mut Vec<(PathBuf, Vec<u8>)>) {
    let page = command
        .clone()
        .name(name.to_string())
        .bin_name(name.replace('-', " "));
    let mut buf = Vec::new();
    clap_mangen::Man::new(page)
        .render(&mut buf)
        .expect("rendering to memory cannot fail");
    buf.extend_from_slice(common_sections().as_bytes());
    out.push((PathBuf::from("man").join(format!("{name}.1")), buf));
    for sub in command.get_subcommands() {
        if sub.get_name() == "help" {
            continue;
        }
        pages(sub, &format!("{name}-{}", sub.get_name()), out);
    }
}

/// EXIT STATUS, ENVIRONMENT and FILES, which clap_mangen does not render.
fn common_sections() -> String {
    let mut s = String::from(".SH \"EXIT STATUS\"\n");
    for (code, meaning) in EXIT_CODES {
        s.push_str(&format!(".TP\n\\fB{code}\\fR\n{meaning}\n"));
    }
    s.push_str(".SH ENVIRONMENT\n");
    for (var, meaning) in [
        (
            "WORKERCTL_SERVER",
            "server address, host:port (default 127.0.0.1:50052)",
        ),
        (
            "WORKERCTL_CA",
            "CA certificate that signed the server's certificate",
        ),
        ("WORKERCTL_CERT", "client certificate; its OU is the role"),
        ("WORKERCTL_KEY", "private key of the client certificate"),
        ("WORKERCTL_CONTEXT", "named context from the config file"),
        ("WORKERCTL_CONFIG", "path of the config file"),
        (
            "WORKERCTL_APPROVAL_TOKEN",
            "approval token for destructive and bulk actions",
        ),
        (
            "WORKER_DATA_DIR",
            "data directory whose pki/ holds the development PKI",
        ),
        ("NO_COLOR", "no colour in any output"),
    ] {
        s.push_str(&format!(".TP\n\\fB{var}\\fR\n{meaning}\n"));
    }
    s.push_str(".SH FILES\n");
    for (file, meaning) in [
        (
            "~/.config/worker/workerctl.toml",
            "contexts: current_context = \"NAME\" and [contexts.NAME] tables with server, ca, cert and key",
        ),
        (
            "~/.local/share/worker/pki/",
            "the development PKI workerd makes on first start (ca.pem, admin.pem, admin-key.pem, …), used when nothing else names certificates",
        ),
    ] {
        s.push_str(&format!(".TP\n\\fI{file}\\fR\n{meaning}\n"));
    }
    s
}
