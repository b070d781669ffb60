//! The `workerctl` binary.

fn main() -> std::process::ExitCode {
    workerctl::main()
}
