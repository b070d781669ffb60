//! The gRPC listener: `AdminService` and `TaskService` behind mutual TLS, plus the standard
//! health service and server reflection, so off-the-shelf gRPC tools work.

pub mod admin;
mod call;
pub mod convert;
mod parse;
mod settings;
pub mod status;
pub mod tasks;

use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tonic::transport::server::Connected;
use tower::ServiceExt;
use worker_proto::v1::admin_service_server::AdminServiceServer;
use worker_proto::v1::task_service_server::TaskServiceServer;

pub use admin::AdminApi;
pub use settings::{ApiSettings, BuildInfo};
pub use tasks::TaskApi;

use crate::api::auth::{self, Identity, PeerIdentity};
use crate::api::listen::{self, Handler, Listen};
use crate::api::tls::{self, TlsMaterial};
use crate::config::TransportLimits;

/// Serves the gRPC services on `listener` until `shutdown` is cancelled; open connections
/// then get `grace` to finish.
pub async fn serve(
    admin: AdminApi,
    material: &TlsMaterial,
    listener: TcpListener,
    limits: TransportLimits,
    shutdown: CancellationToken,
    grace: Duration,
) -> Result<(), String> {
    let tls = tls::grpc_server_config(material)?;
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
    let routes = tonic::service::Routes::new(health)
        .add_service(reflection)
        .add_service(reflection_v1alpha)
        .add_service(AdminServiceServer::new(admin.clone()))
        .add_service(TaskServiceServer::new(TaskApi::new(admin)))
        .prepare();
    // The connection's TLS details go on every request as tonic's own server puts them, so
    // `Request::peer_certs` finds the client certificate.
    let make: listen::MakeHandler = Arc::new(move |tls| {
        let info = tls.connect_info();
        // The certificate is parsed once per connection, not once per call.
        let peer = PeerIdentity(
            info.peer_certs()
                .and_then(|certs| certs.first().map(|c| auth::identity_from_cert(c.as_ref())))
                .unwrap_or_else(Identity::anonymous),
        );
        let routes = routes.clone();
        let handler: Handler = Arc::new(move |mut req| {
            req.extensions_mut().insert(info.clone());
            req.extensions_mut().insert(peer.clone());
            let routes = routes.clone();
            Box::pin(async move {
                match routes.oneshot(req).await {
                    Ok(response) => response.map(axum::body::Body::new),
                    Err(never) => match never {},
                }
            })
        });
        handler
    });
    listen::serve(
        Listen {
            port: "grpc",
            listener,
            tls,
            limits,
            http2_only: true,
            buffers: None,
            shutdown,
            grace,
        },
        make,
    )
    .await;
    Ok(())
}

/// The reflection builder with every file descriptor we serve; one per reflection version,
/// as the builder is consumed by each build.
fn reflection_builder() -> tonic_reflection::server::Builder<'static> {
    tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(worker_proto::v1::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
}
