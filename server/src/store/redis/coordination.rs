//! [`CoordinationStore`] on Redis: the global dequeue pause, the rate limiter's state and the
//! leader lease, all in the `coord` hash.

use async_trait::async_trait;
use redis::Value;

use crate::engine::audit::{AuditRecord, AuditWrite};
use crate::engine::model::{CoordinationRecord, LeaderRecord};
use crate::store::{CoordinationStore, StoreError};

use super::RedisStore;
use super::audit::{AUDIT_ATTEMPTS, audited_error, is_retry, too_busy};
use super::records::{array, int, text};

#[async_trait]
impl CoordinationStore for RedisStore {
    async fn set_dequeue_paused(
        &self,
        paused: bool,
        _now_ms: i64,
        audit: &AuditWrite,
    ) -> Result<AuditRecord, StoreError> {
        for _ in 0..AUDIT_ATTEMPTS {
            let (args, sealed) = self.audit_args(audit, None).await?;
            let result: Result<i64, _> = self
                .invocation(&self.scripts.set_dequeue, &[], &[])
                .arg(args)
                .arg(i64::from(paused))
                .invoke_async(&mut self.conn())
                .await;
            match result {
                Ok(id) => {
                    return Ok(AuditRecord {
                        id: id.to_string(),
                        ..sealed
                    });
                }
                Err(e) if is_retry(&e) => continue,
                Err(e) => return Err(audited_error(e)),
            }
        }
        Err(too_busy())
    }

    async fn coordination(&self) -> Result<CoordinationRecord, StoreError> {
        let (paused, tokens, at, leader, token, exp): (
            Option<i64>,
            Option<f64>,
            Option<i64>,
            Option<String>,
            Option<i64>,
            Option<i64>,
        ) = redis::cmd("HMGET")
            .arg(self.keys.global("coord"))
            .arg(&[
                "paused",
                "rate_tokens",
                "rate_at",
                "leader",
                "leader_token",
                "leader_exp",
            ])
            .query_async(&mut self.conn())
            .await?;
        Ok(CoordinationRecord {
            dequeue_paused: paused == Some(1),
            rate_tokens: tokens,
            rate_updated_at_ms: at,
            leader: leader.map(|holder| LeaderRecord {
                holder,
                token: token.unwrap_or(0),
                expires_at_ms: exp.unwrap_or(0),
            }),
        })
    }

    async fn acquire_leader(
        &self,
        holder: &str,
        ttl_ms: i64,
        now_ms: i64,
    ) -> Result<LeaderRecord, StoreError> {
        let out = array(
            self.invocation(&self.scripts.acquire_leader, &[], &[])
                .arg(holder)
                .arg(ttl_ms)
                .arg(now_ms)
                .invoke_async::<Value>(&mut self.conn())
                .await?,
        );
        Ok(LeaderRecord {
            holder: text(&out[0]),
            token: int(&out[1]),
            expires_at_ms: int(&out[2]),
        })
    }

    async fn release_leader(&self, holder: &str) -> Result<(), StoreError> {
        self.invocation(&self.scripts.release_leader, &[], &[])
            .arg(holder)
            .invoke_async::<i64>(&mut self.conn())
            .await?;
        Ok(())
    }
}
