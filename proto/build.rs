//! Compiles `worker/v1/*.proto` with protox (pure Rust: no `protoc` needed) and tonic-prost-build,
//! and writes the encoded file descriptor set for gRPC server reflection.

use prost::Message;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let protos = ["worker/v1/admin.proto", "worker/v1/tasks.proto"];
    for proto in protos {
        println!("cargo:rerun-if-changed={proto}");
    }
    let fds = protox::compile(protos, ["."])?;
    let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR")?);
    std::fs::write(
        out_dir.join("worker_v1_descriptor.bin"),
        fds.encode_to_vec(),
    )?;
    tonic_prost_build::configure()
        // Deterministic map encoding, so a request's payload hash is stable.
        .btree_map(".")
        .compile_fds(fds)?;
    Ok(())
}
