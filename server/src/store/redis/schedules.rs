//! Cron schedules on redis: definitions with firing state under a revision check, and the
//! history of their runs.

use async_trait::async_trait;

use crate::engine::model::ScheduleName;
use crate::engine::schedules::{ScheduleEventRecord, ScheduleRecord, Trigger};
use crate::store::redis::RedisStore;
use crate::store::{ScheduleStore, StoreError};

fn unbuilt() -> StoreError {
    StoreError::Internal("schedules are not stored yet".into())
}

#[async_trait]
impl ScheduleStore for RedisStore {
    async fn upsert_schedule(
        &self,
        record: ScheduleRecord,
    ) -> Result<(ScheduleRecord, bool), StoreError> {
        let _ = record;
        Err(unbuilt())
    }

    async fn get_schedule(
        &self,
        name: &ScheduleName,
    ) -> Result<Option<ScheduleRecord>, StoreError> {
        let _ = name;
        Err(unbuilt())
    }

    async fn list_schedules(&self) -> Result<Vec<ScheduleRecord>, StoreError> {
        Err(unbuilt())
    }

    async fn delete_schedule(&self, name: &ScheduleName) -> Result<bool, StoreError> {
        let _ = name;
        Err(unbuilt())
    }

    async fn update_schedule(
        &self,
        record: ScheduleRecord,
    ) -> Result<Option<ScheduleRecord>, StoreError> {
        let _ = record;
        Err(unbuilt())
    }

    async fn append_schedule_events(
        &self,
        events: &[ScheduleEventRecord],
    ) -> Result<(), StoreError> {
        let _ = events;
        Err(unbuilt())
    }

    async fn list_schedule_events(
        &self,
        name: Option<&ScheduleName>,
        limit: u32,
    ) -> Result<Vec<ScheduleEventRecord>, StoreError> {
        let _ = (name, limit);
        Err(unbuilt())
    }

    async fn count_schedule_fires(
        &self,
        name: &ScheduleName,
        trigger: Trigger,
        since_ms: i64,
    ) -> Result<u64, StoreError> {
        let _ = (name, trigger, since_ms);
        Err(unbuilt())
    }
}
