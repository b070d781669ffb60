//! Workers: registration, heartbeats and state, recycling, and stuck history.

use crate::engine::audit::AuditEntry;
use crate::engine::events::Event;
use crate::engine::model::{
    HandlerName, StuckSummary, WorkerDetail, WorkerId, WorkerRecord, WorkerState,
};
use crate::engine::{Engine, Error, truncate_error};
use crate::store::{NewWorker, WorkerCommand};

impl Engine {
    pub async fn list_workers(&self) -> Result<Vec<WorkerRecord>, Error> {
        Ok(self.inner.store.list_workers().await?)
    }

    pub async fn get_worker(&self, id: &WorkerId) -> Result<WorkerDetail, Error> {
        self.inner
            .store
            .get_worker(id)
            .await?
            .ok_or_else(|| worker_not_found(id))
    }

    /// Asks a live worker to drain and restart its loop; it acts at its next heartbeat. `audit`
    /// is written with the request, both or neither.
    pub async fn recycle_worker(
        &self,
        id: &WorkerId,
        reason: &str,
        audit: AuditEntry,
    ) -> Result<WorkerRecord, Error> {
        let current = self.get_worker(id).await?;
        if !current.worker.state.is_live() {
            return Err(Error::precondition(
                "worker_not_live",
                format!(
                    "worker {id} is {}; only a live worker can be recycled",
                    current.worker.state.as_str()
                ),
            ));
        }
        let reason = if reason.trim().is_empty() {
            "manual_recycle".to_string()
        } else {
            truncate_error(reason.trim())
        };
        let (record, entry) = self
            .inner
            .store
            .request_recycle(id, &reason, self.now_ms(), &self.audit_write(audit))
            .await?
            .ok_or_else(|| worker_not_found(id))?;
        self.announce_audit(entry).await;
        self.append(Event::WorkerRecycle {
            worker_id: id.to_string(),
            phase: "requested".into(),
            reason,
        })
        .await;
        Ok(record)
    }

    pub(crate) async fn register_worker(&self, worker: NewWorker) -> Result<(), Error> {
        let event = Event::WorkerJoined {
            worker_id: worker.id.to_string(),
            host: worker.host.clone(),
            pid: worker.pid,
            concurrency: worker.concurrency,
        };
        self.inner.store.register_worker(worker).await?;
        self.append(event).await;
        Ok(())
    }

    pub(crate) async fn worker_heartbeat(
        &self,
        id: &WorkerId,
        in_flight: u32,
        state: WorkerState,
    ) -> Result<WorkerCommand, Error> {
        Ok(self
            .inner
            .store
            .worker_heartbeat(id, in_flight, state, self.now_ms())
            .await?)
    }

    pub(crate) async fn set_worker_state(
        &self,
        id: &WorkerId,
        state: WorkerState,
        recycled: bool,
    ) -> Result<(), Error> {
        self.inner
            .store
            .set_worker_state(id, state, recycled, self.now_ms())
            .await?;
        Ok(())
    }

    /// Stuck history grouped by handler over the last `window_ms`.
    pub async fn stuck_history(
        &self,
        window_ms: i64,
        handler: Option<&HandlerName>,
    ) -> Result<Vec<StuckSummary>, Error> {
        if window_ms <= 0 {
            return Err(Error::invalid(
                "invalid_window",
                "the window must be positive",
            ));
        }
        Ok(self
            .inner
            .store
            .stuck_history(self.now_ms() - window_ms, handler)
            .await?)
    }
}

fn worker_not_found(id: &WorkerId) -> Error {
    Error::not_found("worker_not_found", format!("worker {id} not found"))
}
