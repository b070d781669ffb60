//! The Redis store's guard: a hash under the store's hash tag (`{prefix}:guard`) holding a
//! random store id and when it was made, written once when the store is first used. A node
//! that finds it gone, or holding another id than it saw before, knows the store lost data
//! (Redis restarted without persistence, `FLUSHALL`, another Redis behind the URL); the node's
//! own memory of the id lives in its data directory (`server/src/redis_guard.rs`).

use redis::AsyncCommands;

use super::RedisStore;
use crate::store::StoreError;

impl RedisStore {
    fn guard_key(&self) -> String {
        self.keys.global("guard")
    }

    /// The store's id, `None` when the guard is missing.
    pub async fn store_id(&self) -> Result<Option<String>, StoreError> {
        Ok(self.conn().hget(self.guard_key(), "store_id").await?)
    }

    /// Makes the guard with a new id unless one exists (several nodes may race: one id wins)
    /// and returns the store's id.
    pub async fn ensure_store_id(&self, now_ms: i64) -> Result<String, StoreError> {
        let key = self.guard_key();
        let fresh = uuid::Uuid::new_v4().to_string();
        let made: bool = self.conn().hset_nx(&key, "store_id", &fresh).await?;
        if made {
            let _: () = self.conn().hset(&key, "created_at_ms", now_ms).await?;
        }
        self.store_id().await?.ok_or_else(|| {
            StoreError::Unavailable("the Redis store's guard vanished as it was made".into())
        })
    }
}
