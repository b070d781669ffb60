//! The one pipeline every `AdminService` and `TaskService` call goes through: authorize (with the
//! approval policy), run, count in the gRPC metrics, audit mutations allowed or refused, and echo
//! `x-request-id`.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use futures::Stream;
use prost::Message;
use tonic::metadata::MetadataValue;
use tonic::{Request, Response, Status};
use tonic_types::StatusExt;

use crate::api::auth::{self, Identity, Op};
use crate::api::grpc::AdminApi;
use crate::api::grpc::status;
use crate::engine::audit::{AuditEntry, sha256_hex};

/// What every RPC answers.
pub(crate) type Answer<R> = Result<Response<R>, Status>;

/// What a call's `run` answers: the response and, for the audit log, what it did.
pub(crate) type Outcome<R> = Result<(R, String), Status>;

/// What a mutation did, for the audit log: its detail, and the action when it is not the
/// operation's usual one (a weight update that registered its queue is a `queue.create`).
pub(crate) struct Audited {
    pub(crate) detail: String,
    pub(crate) action: Option<&'static str>,
}

impl From<String> for Audited {
    fn from(detail: String) -> Self {
        Self {
            detail,
            action: None,
        }
    }
}

/// What a call's `run` is given: the caller's identity and, for a mutation that commits its
/// audit entry with its change, the entry to hand the engine (`Stamp::entry`). Derefs to the
/// [`Identity`].
pub(crate) struct Stamp {
    identity: Identity,
    /// The entry's fields made once: only for an operation the audit log keeps (a read never
    /// asks for an entry, and builds none).
    base: Option<AuditEntry>,
    handed: Arc<AtomicBool>,
}

impl Stamp {
    /// The audit entry of this call, allowed, with `action` (or the operation's usual one) and
    /// `detail`, which describes the request (`{count}` is filled in by the store). The call's
    /// `run` passes it to the engine, which writes it with the change: the pipeline then writes
    /// no entry of its own when the call succeeds.
    pub(crate) fn entry(&self, action: Option<&str>, detail: impl Into<String>) -> AuditEntry {
        self.handed.store(true, Ordering::SeqCst);
        let mut entry = self
            .base
            .clone()
            .expect("only an audited operation asks for its entry");
        if let Some(action) = action {
            entry.action = action.to_string();
        }
        entry.detail = detail.into();
        entry
    }
}

impl std::ops::Deref for Stamp {
    type Target = Identity;
    fn deref(&self) -> &Identity {
        &self.identity
    }
}

/// A server stream's answer, boxed so every stream RPC names one type.
pub(crate) type ServerStream<I> = Pin<Box<dyn Stream<Item = Result<I, Status>> + Send + 'static>>;

/// One call in progress: who, what, and what to write in the audit log.
struct Call {
    op: Op,
    identity: Identity,
    request_id: String,
    target: String,
    payload_hash: String,
    metadata: BTreeMap<String, String>,
    /// A dry run of a mutating operation: no approval needed, audited only when refused.
    dry_run: bool,
}

/// Metadata for an audit entry from string pairs.
pub(crate) fn meta<const N: usize>(pairs: [(&str, String); N]) -> BTreeMap<String, String> {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

fn metadata_str<'a, T>(req: &'a Request<T>, key: &str) -> Option<&'a str> {
    req.metadata().get(key).and_then(|v| v.to_str().ok())
}

/// The caller's identity: set by an in-process gateway, or read from the TLS client
/// certificate (and a gateway certificate's forwarded identity).
fn identity_of<T>(req: &Request<T>) -> Identity {
    if let Some(identity) = req.extensions().get::<Identity>() {
        return identity.clone();
    }
    let conn = match req.extensions().get::<auth::PeerIdentity>() {
        Some(peer) => peer.0.clone(),
        None => req
            .peer_certs()
            .and_then(|certs| certs.first().map(|c| auth::identity_from_cert(c.as_ref())))
            .unwrap_or_else(Identity::anonymous),
    };
    auth::with_forwarded(
        conn,
        metadata_str(req, auth::FORWARDED_ACTOR),
        metadata_str(req, auth::FORWARDED_ROLE),
    )
}

fn with_request_id<R>(mut response: Response<R>, request_id: &str) -> Response<R> {
    if let Ok(value) = MetadataValue::try_from(request_id) {
        response
            .metadata_mut()
            .insert(auth::REQUEST_ID_HEADER, value);
    }
    response
}

impl AdminApi {
    /// Runs a read: authorize, run, count, answer.
    pub(crate) async fn query<T, R, F, Fut>(
        &self,
        req: Request<T>,
        op: Op,
        run: F,
    ) -> Result<Response<R>, Status>
    where
        T: Message,
        F: FnOnce(T, Identity) -> Fut,
        Fut: Future<Output = Result<R, Status>>,
    {
        self.call(
            req,
            op,
            "",
            BTreeMap::new(),
            None,
            false,
            |r, stamp| async move {
                run(r, stamp.identity)
                    .await
                    .map(|r| (r, String::new().into()))
            },
        )
        .await
    }

    /// Runs a mutating call: authorize, run, count, audit, answer. `target` and `metadata` go
    /// into the audit entry, allowed or refused.
    pub(crate) async fn mutation<T, R, D, F, Fut>(
        &self,
        req: Request<T>,
        op: Op,
        target: &str,
        metadata: BTreeMap<String, String>,
        run: F,
    ) -> Result<Response<R>, Status>
    where
        T: Message,
        D: Into<Audited>,
        F: FnOnce(T, Stamp) -> Fut,
        Fut: Future<Output = Result<(R, D), Status>>,
    {
        self.mutation_or_dry_run(req, op, target, metadata, false, run)
            .await
    }

    /// [`AdminApi::mutation`] for a request that may be a dry run. A dry run changes nothing,
    /// so it is a read of the operation: the operation's role is needed, the approval token is
    /// not, and it is not written to the audit log when it succeeds (its refusals and failures
    /// are, as the operation's). The audit log keeps what changed, and who was refused.
    pub(crate) async fn mutation_or_dry_run<T, R, D, F, Fut>(
        &self,
        req: Request<T>,
        op: Op,
        target: &str,
        metadata: BTreeMap<String, String>,
        dry_run: bool,
        run: F,
    ) -> Result<Response<R>, Status>
    where
        T: Message,
        D: Into<Audited>,
        F: FnOnce(T, Stamp) -> Fut,
        Fut: Future<Output = Result<(R, D), Status>>,
    {
        self.call(
            req,
            op,
            target,
            metadata,
            None,
            dry_run,
            |r, stamp| async move { run(r, stamp).await.map(|(r, done)| (r, done.into())) },
        )
        .await
    }

    /// [`AdminApi::mutation`] for a request that carries secrets: the audit entry's payload
    /// hash is taken over `redacted` (the request with its secrets replaced), so the log holds
    /// no hash a secret could be guessed back from.
    pub(crate) async fn mutation_redacted<T, R, D, F, Fut>(
        &self,
        req: Request<T>,
        op: Op,
        target: &str,
        metadata: BTreeMap<String, String>,
        redacted: &T,
        run: F,
    ) -> Result<Response<R>, Status>
    where
        T: Message,
        D: Into<Audited>,
        F: FnOnce(T, Stamp) -> Fut,
        Fut: Future<Output = Result<(R, D), Status>>,
    {
        let hash = sha256_hex(&redacted.encode_to_vec());
        self.call(
            req,
            op,
            target,
            metadata,
            Some(hash),
            false,
            |r, stamp| async move { run(r, stamp).await.map(|(r, done)| (r, done.into())) },
        )
        .await
    }

    /// Opens a server stream. The call is counted, and audited when `op` mutates, once: when
    /// the stream is accepted or refused; what it sends afterwards is not a call.
    pub(crate) async fn stream<T, I, S, F, Fut>(
        &self,
        req: Request<T>,
        op: Op,
        target: &str,
        metadata: BTreeMap<String, String>,
        run: F,
    ) -> Result<Response<ServerStream<I>>, Status>
    where
        T: Message,
        S: Stream<Item = Result<I, Status>> + Send + 'static,
        F: FnOnce(T, Identity) -> Fut,
        Fut: Future<Output = Outcome<S>>,
    {
        self.call(
            req,
            op,
            target,
            metadata,
            None,
            false,
            |r, stamp| async move {
                let (stream, detail) = run(r, stamp.identity).await?;
                Ok((Box::pin(stream) as ServerStream<I>, detail.into()))
            },
        )
        .await
    }

    /// The pipeline; whether the call is audited is the `Op` table's word.
    // Private, and each argument is one wrapper's knob (`query`, `mutation`, `mutation_redacted`,
    // `mutation_or_dry_run`, `stream`); a struct would only restate them.
    #[allow(clippy::too_many_arguments)]
    async fn call<T, R, F, Fut>(
        &self,
        req: Request<T>,
        op: Op,
        target: &str,
        metadata: BTreeMap<String, String>,
        payload_hash: Option<String>,
        dry_run: bool,
        run: F,
    ) -> Result<Response<R>, Status>
    where
        T: Message,
        F: FnOnce(T, Stamp) -> Fut,
        Fut: Future<Output = Result<(R, Audited), Status>>,
    {
        let started = Instant::now();
        let mut call = self.start(&req, op, target);
        call.metadata = metadata;
        call.dry_run = dry_run;
        if let Some(hash) = payload_hash {
            call.payload_hash = hash;
        }
        let handed = Arc::new(AtomicBool::new(false));
        let outcome = match self.check(&req, &call) {
            Err(status) => Err(status),
            Ok(()) => {
                let stamp = Stamp {
                    identity: call.identity.clone(),
                    base: call
                        .op
                        .audit_action()
                        .map(|action| self.entry(&call, action, "ok", String::new())),
                    handed: handed.clone(),
                };
                // A request the HTTP gateway refused itself comes here only to be audited.
                match gateway_refusal(&req) {
                    Some(status) => Err(status),
                    None => run(req.into_inner(), stamp).await,
                }
            }
        };
        crate::telemetry::metrics().record_grpc(
            op.rpc(),
            outcome
                .as_ref()
                .map_or_else(tonic::Status::code, |_| tonic::Code::Ok),
            started.elapsed(),
        );
        // A mutation that handed its entry to the engine and succeeded has its entry committed
        // with its change; one that failed changed nothing, and its failure is recorded here.
        let committed = outcome.is_ok() && handed.load(Ordering::SeqCst);
        self.finish(
            &call,
            outcome.as_ref().map(|(_, audited)| audited),
            committed,
        )
        .await;
        outcome.map(|(r, _)| with_request_id(Response::new(r), &call.request_id))
    }

    fn start<T: Message>(&self, req: &Request<T>, op: Op, target: &str) -> Call {
        Call {
            op,
            identity: identity_of(req),
            request_id: auth::clean_request_id(metadata_str(req, auth::REQUEST_ID_HEADER)),
            target: if target.trim().is_empty() {
                "*".into()
            } else {
                target.trim().chars().take(256).collect()
            },
            // Only audited operations write the hash; a read would hash every call for nothing.
            payload_hash: if op.audit_action().is_some() {
                sha256_hex(&req.get_ref().encode_to_vec())
            } else {
                String::new()
            },
            metadata: BTreeMap::new(),
            dry_run: false,
        }
    }

    fn check<T>(&self, req: &Request<T>, call: &Call) -> Result<(), Status> {
        let settings = self.settings();
        let no_approval = auth::ApprovalPolicy::default();
        let policy = if call.dry_run {
            &no_approval
        } else {
            &settings.approval
        };
        auth::authorize(
            call.op,
            &call.identity,
            metadata_str(req, auth::APPROVAL_HEADER),
            policy,
        )
        .map_err(|refusal| {
            tracing::warn!(
                rpc = %call.op,
                actor = %call.identity.actor,
                role = call.identity.role_name(),
                request_id = %call.request_id,
                reason = refusal.reason(),
                "refused"
            );
            status::from_refusal(&refusal, call.op, &call.identity)
        })
    }

    /// Writes the audit entry of a mutating call, allowed or refused, unless the store already
    /// `committed` it with the change, and logs its outcome.
    async fn finish(&self, call: &Call, outcome: Result<&Audited, &Status>, committed: bool) {
        let Some(usual) = call.op.audit_action() else {
            return;
        };
        // A producer's enqueues are summarized per actor and queue (`tasks.rs` hands them to
        // `Engine::record_enqueues`), so producer traffic cannot crowd out operator history.
        if outcome.is_ok() && matches!(call.op, Op::Enqueue | Op::EnqueueBatch) {
            return;
        }
        // A dry run that was allowed changed nothing: a read, which the log does not keep.
        if outcome.is_ok() && call.dry_run {
            return;
        }
        let action = match outcome {
            Ok(Audited {
                action: Some(action),
                ..
            }) => action,
            _ => usual,
        };
        let (status, detail) = match outcome {
            Ok(audited) => ("ok", audited.detail.clone()),
            Err(status) => (
                "error",
                format!("{:?}: {}", status.code(), status.message()),
            ),
        };
        tracing::info!(
            action,
            actor = %call.identity.actor,
            role = call.identity.role_name(),
            via = call.identity.via.as_deref(),
            target = %call.target,
            status,
            request_id = %call.request_id,
            detail = %detail,
            "admin action"
        );
        if committed {
            return;
        }
        let entry = self.entry(call, action, status, detail);
        let engine = self.engine();
        // Refusals go through the coalescer so a flood of them cannot evict history.
        let written = match outcome {
            Err(status) if coalesces(status) => {
                // Refusals of one reason coalesce; the reason tells approval_required from
                // permission_denied, say, where the code alone does not.
                let mut entry = entry;
                if let Some(info) = status.get_error_details().error_info() {
                    entry.metadata.insert("reason".into(), info.reason.clone());
                }
                engine.record_refusal(entry).await.map(|folded| {
                    if folded {
                        crate::telemetry::metrics().record_audit_coalesced("refusal");
                    }
                })
            }
            _ => engine.record_audit(entry).await.map(drop),
        };
        if let Err(e) = written {
            // A refusal changed nothing, and a mutation the store could not commit with its
            // entry did not happen; the log says the audit failed.
            tracing::error!(error = %e, action, request_id = %call.request_id, "could not write the audit entry");
        }
    }

    /// The audit entry of `call`.
    fn entry(&self, call: &Call, action: &str, status: &str, detail: String) -> AuditEntry {
        let mut metadata = call.metadata.clone();
        if let Some(via) = &call.identity.via {
            metadata.insert("via".into(), via.clone());
        }
        AuditEntry {
            at_ms: self.engine().now_ms(),
            actor: call.identity.actor.clone(),
            role: call.identity.role_name().to_string(),
            request_id: call.request_id.clone(),
            action: action.to_string(),
            target: call.target.clone(),
            status: status.to_string(),
            payload_hash: call.payload_hash.clone(),
            detail,
            metadata,
        }
    }
}

/// A refusal the audit log coalesces: the caller was not allowed, or sent a request that was
/// refused as invalid. Other failures (unavailable, not found, …) are written on their own.
fn coalesces(status: &Status) -> bool {
    matches!(
        status.code(),
        tonic::Code::PermissionDenied | tonic::Code::Unauthenticated | tonic::Code::InvalidArgument
    )
}

/// The refusal of a request the HTTP gateway refused itself (`<status> <reason> <message>` in
/// `refusals::REFUSED_HEADER`): the call is refused with it, not run. Anyone may set it, and it
/// can only refuse their own call.
fn gateway_refusal<T>(req: &Request<T>) -> Option<Status> {
    let value = metadata_str(req, auth::GATEWAY_REFUSED_HEADER)?;
    let mut parts = value.splitn(3, ' ');
    let http = parts.next().unwrap_or("");
    let reason = parts
        .next()
        .filter(|r| !r.is_empty())
        .unwrap_or("bad_request");
    let message = parts.next().unwrap_or("");
    let code = if http == "403" {
        tonic::Code::PermissionDenied
    } else {
        tonic::Code::InvalidArgument
    };
    Some(status::with_reason(
        code,
        reason,
        format!("the gateway refused the request ({http}): {message}"),
    ))
}
