//! Who is calling and what they may do: identities from client certificates, authorization
//! against `worker-proto`'s permission table (`Op`), the approval policy and request ids.
//! Shared by every transport.

use std::fmt;

pub use worker_proto::access::{Access, Op, Role};

/// Who is calling.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    /// The certificate's CN (or the forwarded caller's).
    pub actor: String,
    /// `None` when the certificate names no known role.
    pub role: Option<Role>,
    /// The gateway's CN when the identity was forwarded by one.
    pub via: Option<String>,
}

impl Identity {
    pub fn role_name(&self) -> &'static str {
        self.role.map_or("unknown", Role::as_str)
    }

    /// A caller with no usable identity.
    pub fn anonymous() -> Self {
        Self {
            actor: "unknown".into(),
            role: None,
            via: None,
        }
    }
}

/// Metadata keys a gateway uses to forward its caller's identity. Honoured only from a
/// certificate whose role is `gateway`.
pub const FORWARDED_ACTOR: &str = "x-worker-forwarded-actor";
pub const FORWARDED_ROLE: &str = "x-worker-forwarded-role";
/// The approval token header (gRPC metadata; `X-Admin-Approval` on HTTP).
pub const APPROVAL_HEADER: &str = "x-admin-approval";
pub const REQUEST_ID_HEADER: &str = "x-request-id";
/// Marks a call the HTTP gateway refused itself and hands on only to be audited:
/// `<http status> <reason> <message>` (see `http::refusals`).
pub const GATEWAY_REFUSED_HEADER: &str = "x-worker-gateway-refused";

/// Reads CN and OU from a client certificate (DER). An unreadable certificate gives an
/// anonymous identity, which may only ask for health.
pub fn identity_from_cert(der: &[u8]) -> Identity {
    let Ok((_, cert)) = x509_parser::parse_x509_certificate(der) else {
        return Identity::anonymous();
    };
    let subject = cert.subject();
    let actor = subject
        .iter_common_name()
        .find_map(|cn| cn.as_str().ok())
        .map(str::to_string)
        .unwrap_or_else(|| "unknown".into());
    let role = subject
        .iter_organizational_unit()
        .filter_map(|ou| ou.as_str().ok())
        .find_map(Role::parse);
    Identity {
        actor,
        role,
        via: None,
    }
}

/// The identity of a connection's client certificate, read once when its handshake is done and
/// put on each of its requests (a request's forwarded identity is still applied per call).
#[derive(Clone, Debug)]
pub struct PeerIdentity(pub Identity);

/// Applies a gateway's forwarded identity: only a `gateway` certificate may forward, and only a
/// non-gateway role. Anything else keeps the connection's own identity.
pub fn with_forwarded(conn: Identity, actor: Option<&str>, role: Option<&str>) -> Identity {
    if conn.role != Some(Role::Gateway) {
        return conn;
    }
    let (Some(actor), Some(role)) = (actor, role) else {
        return conn;
    };
    let actor = actor.trim();
    match Role::parse(role) {
        Some(role) if role != Role::Gateway && !actor.is_empty() && actor.len() <= 256 => {
            Identity {
                actor: actor.to_string(),
                role: Some(role),
                via: Some(conn.actor),
            }
        }
        // A forwarded caller whose certificate had no known role.
        None if !actor.is_empty() && actor.len() <= 256 => Identity {
            actor: actor.to_string(),
            role: None,
            via: Some(conn.actor),
        },
        _ => conn,
    }
}

/// Why a call was refused before it ran.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The certificate names no known role.
    UnknownRole,
    /// The role may not do this.
    Forbidden {
        needs: Access,
    },
    ApprovalRequired,
    ApprovalInvalid,
}

impl Refusal {
    pub fn reason(&self) -> &'static str {
        match self {
            Refusal::UnknownRole => "unknown_role",
            Refusal::Forbidden { .. } => "permission_denied",
            Refusal::ApprovalRequired => "approval_required",
            Refusal::ApprovalInvalid => "approval_invalid",
        }
    }

    pub fn message(&self, op: Op, identity: &Identity) -> String {
        match self {
            Refusal::UnknownRole => format!(
                "the certificate of {:?} names no known role (OU viewer, operator or admin); only GetHealth is allowed",
                identity.actor
            ),
            Refusal::Forbidden { needs } => format!(
                "{op} needs {}; {:?} has the {} role",
                needs.describe(),
                identity.actor,
                identity.role_name()
            ),
            Refusal::ApprovalRequired => format!(
                "{op} needs an approval token (x-admin-approval); this server requires approval for destructive and bulk actions"
            ),
            Refusal::ApprovalInvalid => format!("the approval token given for {op} is not valid"),
        }
    }
}

/// Approval settings.
#[derive(Clone, Default)]
pub struct ApprovalPolicy {
    pub required: bool,
    pub token: Option<String>,
}

impl fmt::Debug for ApprovalPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApprovalPolicy")
            .field("required", &self.required)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

/// Compares without an early exit, so timing does not reveal how much of a token matched.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let mut diff = a.len() ^ b.len();
    for i in 0..a.len().max(b.len()) {
        let x = a.get(i).copied().unwrap_or(0);
        let y = b.get(i).copied().unwrap_or(0);
        diff |= usize::from(x ^ y);
    }
    diff == 0
}

/// Decides whether `identity` may run `op`, given the approval token it sent.
pub fn authorize(
    op: Op,
    identity: &Identity,
    approval: Option<&str>,
    policy: &ApprovalPolicy,
) -> Result<(), Refusal> {
    let access = op.access();
    if access != Access::Anyone && identity.role.is_none() {
        return Err(Refusal::UnknownRole);
    }
    if !access.allows(identity.role) {
        return Err(Refusal::Forbidden { needs: access });
    }
    if policy.required && op.needs_approval() {
        let Some(given) = approval.map(str::trim).filter(|a| !a.is_empty()) else {
            return Err(Refusal::ApprovalRequired);
        };
        // Startup refuses "approval required" without a token, so one is always set here.
        let expected = policy.token.as_deref().unwrap_or_default();
        if expected.is_empty() || !constant_time_eq(given.as_bytes(), expected.as_bytes()) {
            return Err(Refusal::ApprovalInvalid);
        }
    }
    Ok(())
}

/// Keeps `[A-Za-z0-9_.-]`, at most 128 characters; anything empty after cleaning becomes a new
/// UUID.
pub fn clean_request_id(given: Option<&str>) -> String {
    let cleaned: String = given
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        .take(128)
        .collect();
    if cleaned.is_empty() {
        new_request_id()
    } else {
        cleaned
    }
}

/// A fresh request id in UUID v4 form. Request ids correlate log lines and audit entries: they
/// must not repeat, and need not be unguessable, so they come from a per-thread generator seeded
/// once from the OS rather than from a `getrandom` system call on every call that brought none.
fn new_request_id() -> String {
    use std::cell::Cell;
    /// SplitMix64's step: a bijection of its input, so distinct counters give distinct halves.
    fn mix(mut z: u64) -> u64 {
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    const GAMMA: u64 = 0x9e37_79b9_7f4a_7c15;
    thread_local! {
        static STATE: Cell<(u64, u64)> = Cell::new({
            let seed = uuid::Uuid::new_v4().as_u64_pair();
            (seed.0, seed.1)
        });
    }
    let (a, b) = STATE.with(|state| {
        let (a, b) = state.get();
        let next = (a.wrapping_add(GAMMA), b.wrapping_add(GAMMA));
        state.set(next);
        next
    });
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&mix(a).to_be_bytes());
    bytes[8..].copy_from_slice(&mix(b).to_be_bytes());
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn who(role: Option<Role>) -> Identity {
        Identity {
            actor: "alice".into(),
            role,
            via: None,
        }
    }

    #[test]
    fn the_permission_table_by_role() {
        let none = ApprovalPolicy::default();
        for op in Op::ALL {
            let allowed = |role| authorize(*op, &who(role), None, &none).is_ok();
            let (viewer, operator, admin) = (
                allowed(Some(Role::Viewer)),
                allowed(Some(Role::Operator)),
                allowed(Some(Role::Admin)),
            );
            match op.access() {
                Access::Anyone | Access::Read => assert!(viewer && operator && admin, "{op}"),
                Access::Operate => assert!(!viewer && operator && admin, "{op}"),
                Access::Administer => assert!(!viewer && !operator && admin, "{op}"),
            }
            // Every mutation is audited; reads are not (export is audited as sensitive;
            // verifying the chain reads it and changes nothing, so it is not).
            if op.access() == Access::Operate || op.access() == Access::Administer {
                assert!(
                    op.audit_action().is_some()
                        || matches!(op, Op::ListAuditEvents | Op::VerifyAuditChain),
                    "{op} mutates and must be audited"
                );
            }
            assert_eq!(allowed(None), *op == Op::GetHealth, "{op} with no role");
            assert_eq!(
                allowed(Some(Role::Gateway)),
                *op == Op::GetHealth,
                "{op} as a bare gateway"
            );
        }
    }

    #[test]
    fn approval_when_required() {
        let policy = ApprovalPolicy {
            required: true,
            token: Some("s3cret".into()),
        };
        let admin = who(Some(Role::Admin));
        assert_eq!(
            authorize(Op::ReplayDlq, &admin, None, &policy),
            Err(Refusal::ApprovalRequired)
        );
        assert_eq!(
            authorize(Op::ReplayDlq, &admin, Some("s3cre"), &policy),
            Err(Refusal::ApprovalInvalid)
        );
        assert_eq!(
            authorize(Op::ReplayDlq, &admin, Some("s3cret"), &policy),
            Ok(())
        );
        // Operations outside the policy need no token.
        assert_eq!(
            authorize(Op::UpdateQueueWeight, &admin, None, &policy),
            Ok(())
        );
        // Permission is checked before approval.
        assert!(matches!(
            authorize(
                Op::ReplayDlq,
                &who(Some(Role::Viewer)),
                Some("s3cret"),
                &policy
            ),
            Err(Refusal::Forbidden { .. })
        ));
    }

    #[test]
    fn only_gateways_forward_identities() {
        let gateway = Identity {
            actor: "gw".into(),
            role: Some(Role::Gateway),
            via: None,
        };
        let forwarded = with_forwarded(gateway.clone(), Some("bob"), Some("operator"));
        assert_eq!(forwarded.actor, "bob");
        assert_eq!(forwarded.role, Some(Role::Operator));
        assert_eq!(forwarded.via.as_deref(), Some("gw"));
        // A gateway cannot forward a gateway, nor can a viewer forward anything.
        assert_eq!(
            with_forwarded(gateway.clone(), Some("x"), Some("gateway")),
            gateway
        );
        let viewer = who(Some(Role::Viewer));
        assert_eq!(
            with_forwarded(viewer.clone(), Some("root"), Some("admin")),
            viewer
        );
    }

    #[test]
    fn request_ids_are_cleaned() {
        assert_eq!(clean_request_id(Some("abc-1.2_3")), "abc-1.2_3");
        assert_eq!(clean_request_id(Some("a b/c\n")), "abc");
        assert_eq!(clean_request_id(Some(&"x".repeat(300))).len(), 128);
        assert_eq!(clean_request_id(Some("//")).len(), 36);
        assert_eq!(clean_request_id(None).len(), 36);
        let ids: std::collections::HashSet<String> =
            (0..10_000).map(|_| clean_request_id(None)).collect();
        assert_eq!(ids.len(), 10_000, "fresh ids do not repeat");
        let id = uuid::Uuid::parse_str(ids.iter().next().unwrap()).unwrap();
        assert_eq!(id.get_version_num(), 4, "fresh ids are in UUID v4 form");
    }

    #[test]
    fn constant_time_compare() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
        assert!(!constant_time_eq(b"", b"a"));
    }
}
