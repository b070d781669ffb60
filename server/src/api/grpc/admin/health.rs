//! Health and the overview: what the build says about itself, and the system at a glance.

use tonic::Request;
use worker_proto::v1 as pb;

use crate::api::auth::Op;
use crate::api::grpc::AdminApi;
use crate::api::grpc::call::Answer;
use crate::api::grpc::convert;
use crate::api::grpc::status::engine_err;

pub(super) async fn get_health(
    api: &AdminApi,
    req: Request<pb::GetHealthRequest>,
) -> Answer<pb::GetHealthResponse> {
    api.query(req, Op::GetHealth, |_, _| async move {
        let build = &api.settings.build;
        Ok(pb::GetHealthResponse {
            status: "ok".into(),
            version: build.version.clone(),
            commit: build.commit.clone(),
            build_time: build.build_time.clone(),
            go_version: build.rustc.clone(),
        })
    })
    .await
}

pub(super) async fn get_overview(
    api: &AdminApi,
    req: Request<pb::GetOverviewRequest>,
) -> Answer<pb::GetOverviewResponse> {
    api.query(req, Op::GetOverview, |_, _| async move {
        let overview = api.engine.overview_shared().await.map_err(engine_err)?;
        Ok(convert::overview(
            &overview,
            api.engine.action_counters(),
            api.engine.now_ms(),
        ))
    })
    .await
}
