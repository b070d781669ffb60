//! [`CoordinationStore`] conformance: the leader lock.

use std::sync::Arc;

use worker_server::store::*;

use super::T0;

pub(super) async fn leader_lock_moves_only_when_it_expires(store: Arc<dyn Store>) {
    let a = store.acquire_leader("a", 1_000, T0).await.unwrap();
    assert_eq!(a.holder, "a");
    let b = store.acquire_leader("b", 1_000, T0 + 500).await.unwrap();
    assert_eq!((b.holder.as_str(), b.token), ("a", a.token));
    let renewed = store.acquire_leader("a", 1_000, T0 + 900).await.unwrap();
    assert_eq!(
        (renewed.token, renewed.expires_at_ms),
        (a.token, T0 + 1_900)
    );
    let b = store.acquire_leader("b", 1_000, T0 + 2_000).await.unwrap();
    assert_eq!(b.holder, "b");
    assert!(b.token > a.token, "a new holder gets a newer token");
    store.release_leader("a").await.unwrap();
    assert_eq!(
        store.coordination().await.unwrap().leader.unwrap().holder,
        "b"
    );
    store.release_leader("b").await.unwrap();
    let c = store.acquire_leader("c", 1_000, T0 + 2_001).await.unwrap();
    assert_eq!(c.holder, "c");
}
