//! The gRPC listener: `AdminService` and `TaskService` behind mutual TLS, plus the standard
//! health service and server reflection, so off-the-shelf gRPC tools work.

pub mod admin;
mod call;
pub mod convert;
mod parse;
mod settings;
pub mod status;
pub mod tasks;

use std::future::Future;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio_stream::wrappers::TcpListenerStream;
use tonic::transport::{Certificate, Identity, Server, ServerTlsConfig};
use worker_proto::v1::admin_service_server::AdminServiceServer;
use worker_proto::v1::task_service_server::TaskServiceServer;

pub use admin::AdminApi;
pub use settings::{ApiSettings, BuildInfo};
pub use tasks::TaskApi;

use crate::api::tls::TlsMaterial;

/// Serves the gRPC services on `listener` until `shutdown` resolves.
pub async fn serve(
    admin: AdminApi,
    tls: &TlsMaterial,
    listener: TcpListener,
    shutdown: impl Future<Output = ()>,
) -> Result<(), String> {
    let tls_config = ServerTlsConfig::new()
        .identity(Identity::from_pem(&tls.cert_pem, &tls.key_pem))
        .client_ca_root(Certificate::from_pem(&tls.ca_pem))
        // A client that opens a connection and never finishes the handshake is dropped.
        .timeout(Duration::from_secs(10));
    let (health_reporter, health) = tonic_health::server::health_reporter();
    health_reporter
        .set_serving::<AdminServiceServer<AdminApi>>()
        .await;
    health_reporter
        .set_serving::<TaskServiceServer<TaskApi>>()
        .await;
    // Reflection is served in both versions: v1 for current tools, v1alpha for the many
    // still in use (grpcurl 1.8, older Postman and Evans) that ask only v1alpha.
    let reflection = reflection_builder()
        .build_v1()
        .map_err(|e| format!("cannot build gRPC reflection: {e}"))?;
    let reflection_v1alpha = reflection_builder()
        .build_v1alpha()
        .map_err(|e| format!("cannot build gRPC reflection v1alpha: {e}"))?;
    Server::builder()
        .tls_config(tls_config)
        .map_err(|e| format!("invalid TLS material: {e}"))?
        .add_service(health)
        .add_service(reflection)
        .add_service(reflection_v1alpha)
        .add_service(AdminServiceServer::new(admin.clone()))
        .add_service(TaskServiceServer::new(TaskApi::new(admin)))
        .serve_with_incoming_shutdown(TcpListenerStream::new(listener), shutdown)
        .await
        .map_err(|e| format!("gRPC server failed: {e}"))
}

/// The reflection builder with every file descriptor we serve; one per reflection version,
/// as the builder is consumed by each build.
fn reflection_builder() -> tonic_reflection::server::Builder<'static> {
    tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(worker_proto::v1::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
}
