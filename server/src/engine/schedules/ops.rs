//! Schedule definitions and operator actions: validation, create (upsert), read, delete,
//! pause and resume, the factories a schedule may name, start-up presets and the history.
//!
//! An operator's change is planned on the schedules read and written with its audit entry
//! (`ScheduleStore::write_schedules_audited`), both or neither; the store refuses a plan whose
//! schedules changed meanwhile, and the change is planned again.

use std::collections::BTreeSet;

use crate::engine::audit::{AuditEntry, AuditWrite};
use crate::engine::jobs::JOB_RUNNER_HANDLER;
use crate::engine::model::truncate_for_message;
use crate::engine::model::{JobName, ScheduleName, TaskSpec, WorkerState};
use crate::engine::schedules::cron::CronSpec;
use crate::engine::schedules::describe::definition_change;
use crate::engine::schedules::{
    CAS_TRIES, META_DURABLE, META_FIRE_AT, META_NAME, META_QUEUE, META_SPEC, META_TRIGGER, Misfire,
    Overlap, SCHEDULE_META_PREFIX, ScheduleEventRecord, ScheduleFactory, ScheduleInput,
    ScheduleRecord, ScheduleTarget, ScheduleTask, ScheduleView,
};
use crate::engine::{Engine, Error, page_limit};
use crate::store::SchedulePlan;

/// The longest jitter a schedule may ask for: one hour.
pub(super) const JITTER_MAX_MS: i64 = 3_600_000;

/// A checked definition, before it meets the stored state.
struct Definition {
    name: ScheduleName,
    spec: String,
    timezone: String,
    cron: CronSpec,
    task: ScheduleTask,
    misfire: Misfire,
    overlap: Overlap,
    jitter_ms: i64,
    /// A task field the operator set that a job's run takes from the job instead (the first
    /// one found), so a schedule that runs a job can refuse it rather than ignore it.
    custom_template: Option<&'static str>,
    /// Resolved against the handlers and jobs when the schedule is written.
    target: ScheduleTarget,
}

pub(super) fn view(record: ScheduleRecord) -> ScheduleView {
    let description = CronSpec::parse(&record.spec, &record.timezone)
        .map(|c| c.describe())
        .unwrap_or_else(|_| record.spec.clone());
    ScheduleView {
        next_run_ms: if record.paused {
            0
        } else {
            record.next_fire_ms
        },
        last_run_ms: record.last_fire_ms.unwrap_or(0),
        description,
        record,
    }
}

/// How many times pausing or resuming every schedule is planned again after one changed under
/// it (each fire advances its schedule), more than for one schedule: any of them may move.
const PLAN_ALL_TRIES: usize = 20;

fn kept_changing(name: &ScheduleName) -> Error {
    Error::Unavailable(format!(
        "schedule {:?} kept changing; try again",
        name.as_str()
    ))
}

fn not_found(name: &ScheduleName) -> Error {
    Error::not_found(
        "schedule_not_found",
        format!("schedule {:?} does not exist", name.as_str()),
    )
}

impl Engine {
    /// Checks every field of `input` as create would, without the factory check.
    fn check_definition(&self, input: ScheduleInput) -> Result<Definition, Error> {
        let name = ScheduleName::new(input.name)?;
        let cron = CronSpec::parse(&input.spec, &input.timezone)?;
        let misfire = Misfire::parse(&input.misfire, input.catch_up_max)?;
        let overlap = Overlap::parse(&input.overlap)?;
        if !(0..=JITTER_MAX_MS).contains(&input.jitter_ms) {
            return Err(Error::invalid(
                "invalid_jitter",
                format!(
                    "jitter_ms is {}; use 0 to {JITTER_MAX_MS} (one hour)",
                    input.jitter_ms
                ),
            ));
        }
        let handler = if input.handler.trim().is_empty() {
            name.as_str().to_string()
        } else {
            input.handler
        };
        // The template is checked exactly like an enqueue, with the metadata every fire adds,
        // so a fire can never be refused later for what the definition holds.
        if let Some(key) = input
            .metadata
            .keys()
            .find(|k| k.starts_with(SCHEDULE_META_PREFIX))
        {
            return Err(Error::invalid(
                "invalid_metadata",
                format!(
                    "metadata key {key:?} is reserved: keys under {SCHEDULE_META_PREFIX:?} are set by the schedule"
                ),
            ));
        }
        let custom_template = [
            ("payload", !input.payload.is_empty()),
            ("queue", !input.queue.trim().is_empty()),
            ("priority", input.priority != 0),
            ("max_retries", input.max_retries.is_some()),
            ("timeout_ms", input.timeout_ms != 0),
        ]
        .into_iter()
        .find_map(|(field, set)| set.then_some(field));
        let mut metadata = input.metadata.clone();
        for key in [META_NAME, META_SPEC, META_DURABLE, META_QUEUE, META_TRIGGER] {
            metadata.insert(key.to_string(), String::new());
        }
        metadata.insert(META_FIRE_AT.to_string(), i64::MAX.to_string());
        metadata.insert(META_SPEC.to_string(), input.spec.trim().to_string());
        let probe = TaskSpec {
            handler: handler.clone(),
            queue: input.queue.clone(),
            payload: input.payload,
            priority: input.priority,
            max_retries: input.max_retries,
            timeout_ms: input.timeout_ms,
            run_at_ms: 0,
            idempotency_key: format!("schedule:{}:{}", name.as_str(), i64::MAX),
            metadata,
        };
        let prepared = self.prepare(probe, self.now_ms())?;
        let task = ScheduleTask {
            handler: prepared.handler.as_str().to_string(),
            queue: prepared.queue.as_str().to_string(),
            payload: prepared.payload,
            priority: input.priority,
            max_retries: input.max_retries,
            timeout_ms: input.timeout_ms,
            metadata: input.metadata,
        };
        Ok(Definition {
            name,
            spec: input.spec.trim().to_string(),
            // Stored by name so listings say which zone an empty one meant.
            timezone: match input.timezone.trim() {
                "" => "UTC".to_string(),
                tz => tz.to_string(),
            },
            cron,
            task,
            misfire,
            overlap,
            jitter_ms: input.jitter_ms,
            custom_template,
            target: ScheduleTarget::Handler,
        })
    }

    /// What a new definition's fires run: the job or the live worker's handler its `handler`
    /// names. Both at once is refused (`schedule_target_ambiguous`), so what fires never
    /// depends on a guess; neither is `schedule_factory_not_found`. A job's schedule takes its
    /// queue, payload, retries and timeout from the job, so setting them is refused too.
    async fn resolve_target(&self, def: &mut Definition) -> Result<(), Error> {
        let name = def.task.handler.clone();
        let job = match JobName::new(name.clone()) {
            Ok(job) => self.inner.store.get_job(&job).await?,
            Err(_) => None,
        };
        let handlers = self.live_handlers().await?;
        let live = handlers.contains(&name);
        match job {
            Some(_) if live => Err(Error::precondition(
                "schedule_target_ambiguous",
                format!(
                    "both a job and a live worker's handler are named {:?}; rename the job (or the handler) so a schedule names one of them",
                    truncate_for_message(&name)
                ),
            )),
            Some(job) => {
                if let Some(field) = def.custom_template {
                    return Err(Error::invalid(
                        "job_schedule_template",
                        format!(
                            "schedule {:?} runs job {:?}, which sets its own queue, payload, retries and timeout: leave {field} unset",
                            def.name.as_str(),
                            truncate_for_message(&name)
                        ),
                    ));
                }
                def.task.queue = job.spec.queue.to_string();
                def.target = ScheduleTarget::Job;
                Ok(())
            }
            None if live && name == JOB_RUNNER_HANDLER => Err(Error::precondition(
                "schedule_factory_reserved",
                format!(
                    "handler {JOB_RUNNER_HANDLER:?} runs job runs; name the job the schedule should run instead"
                ),
            )),
            None if live => {
                def.target = ScheduleTarget::Handler;
                Ok(())
            }
            None => {
                let known: Vec<String> = self
                    .schedule_factories()
                    .await?
                    .into_iter()
                    .map(|f| match f.origin {
                        "job" => format!("{} (job)", f.name),
                        _ => f.name,
                    })
                    .collect();
                let known = if known.is_empty() {
                    "none (no live worker has registered a handler and there is no job)".to_string()
                } else {
                    known.join(", ")
                };
                Err(Error::precondition(
                    "schedule_factory_not_found",
                    format!(
                        "no live worker runs handler {:?} and no job has that name; known factories: {known}",
                        truncate_for_message(&name)
                    ),
                ))
            }
        }
    }

    /// The handlers live workers registered.
    pub(crate) async fn live_handlers(&self) -> Result<BTreeSet<String>, Error> {
        let workers = self.inner.store.list_workers().await?;
        Ok(workers
            .into_iter()
            .filter(|w| matches!(w.state, WorkerState::Active | WorkerState::Draining))
            .flat_map(|w| w.handlers)
            .collect())
    }

    /// The record a checked definition becomes over `existing` (keeping its creation time and
    /// run history), at the revision read (0: none): pause is cleared and the next fire is the
    /// next time after `now`.
    fn definition_record(
        &self,
        def: &Definition,
        existing: Option<&ScheduleRecord>,
        now: i64,
    ) -> Result<ScheduleRecord, Error> {
        let next_fire_ms = def.cron.next_after(now).ok_or_else(|| {
            Error::invalid(
                "invalid_spec",
                format!(
                    "cron spec {:?} never fires after now",
                    truncate_for_message(&def.spec)
                ),
            )
        })?;
        Ok(ScheduleRecord {
            name: def.name.clone(),
            spec: def.spec.clone(),
            timezone: def.timezone.clone(),
            task: def.task.clone(),
            target: def.target,
            durable: true,
            misfire: def.misfire,
            overlap: def.overlap,
            jitter_ms: def.jitter_ms,
            paused: false,
            next_fire_ms,
            last_fire_ms: existing.and_then(|e| e.last_fire_ms),
            last_task_id: existing.and_then(|e| e.last_task_id.clone()),
            last_status: existing.map(|e| e.last_status.clone()).unwrap_or_default(),
            created_at_ms: existing.map_or(now, |e| e.created_at_ms),
            updated_at_ms: now,
            revision: existing.map_or(0, |e| e.revision),
        })
    }

    /// Writes a start-up preset's definition over whatever is stored (no operator, so no
    /// audit entry).
    async fn write_definition(&self, def: Definition) -> Result<(ScheduleView, bool), Error> {
        let existing = self.inner.store.get_schedule(&def.name).await?;
        let record = self.definition_record(&def, existing.as_ref(), self.now_ms())?;
        let (stored, created) = self.inner.store.upsert_schedule(record).await?;
        Ok((view(stored), created))
    }

    /// Writes an operator's schedule change planned on what was read, with its audit entry
    /// (both or neither), and announces the entry: the records put, or `None` when a schedule
    /// changed since it was read (nothing written; plan again).
    async fn write_planned(
        &self,
        plan: Vec<SchedulePlan>,
        audit: &AuditWrite,
    ) -> Result<Option<Vec<ScheduleRecord>>, Error> {
        match self
            .inner
            .store
            .write_schedules_audited(&plan, audit)
            .await?
        {
            Some((put, entry)) => {
                self.announce_audit(entry).await;
                Ok(Some(put))
            }
            None => Ok(None),
        }
    }

    /// Creates or replaces a schedule by name (the reference's upsert: pause is cleared).
    /// Returns it and whether it is new. `audit` is written with it, both or neither, its
    /// detail's `{outcome}` filled with what the write did (the new definition, or what a
    /// replacement changed).
    pub async fn create_schedule(
        &self,
        input: ScheduleInput,
        audit: AuditEntry,
    ) -> Result<(ScheduleView, bool), Error> {
        let mut def = self.check_definition(input)?;
        self.resolve_target(&mut def).await?;
        let write = self.audit_write(audit);
        // The entry says what the write replaced, so the write is planned on the schedule read
        // (or its absence) and refused if it changed meanwhile.
        for _ in 0..CAS_TRIES {
            let existing = self.inner.store.get_schedule(&def.name).await?;
            let record = self.definition_record(&def, existing.as_ref(), self.now_ms())?;
            let detail = definition_change(existing.as_ref(), &record);
            let plan = vec![SchedulePlan::put(record)];
            if let Some(mut put) = self
                .write_planned(plan, &write.with_outcome(&detail))
                .await?
            {
                return Ok((view(put.remove(0)), existing.is_none()));
            }
        }
        Err(kept_changing(&def.name))
    }

    pub async fn get_schedule(&self, name: &ScheduleName) -> Result<ScheduleView, Error> {
        let record = self.inner.store.get_schedule(name).await?;
        record.map(view).ok_or_else(|| not_found(name))
    }

    /// By name.
    pub async fn list_schedules(&self) -> Result<Vec<ScheduleView>, Error> {
        let records = self.inner.store.list_schedules().await?;
        Ok(records.into_iter().map(view).collect())
    }

    /// Removes the schedule; its factory stays. False when there was none. `audit` is written
    /// with it, both or neither, its detail's `{outcome}` filled with `deleted` or `no such
    /// schedule` (a call that deleted nothing is audited too).
    pub async fn delete_schedule(
        &self,
        name: &ScheduleName,
        audit: AuditEntry,
    ) -> Result<bool, Error> {
        let write = self.audit_write(audit);
        for _ in 0..CAS_TRIES {
            let existing = self.inner.store.get_schedule(name).await?;
            let (plan, outcome) = match &existing {
                Some(record) => (
                    vec![SchedulePlan::Delete {
                        name: name.clone(),
                        revision: record.revision,
                    }],
                    "deleted",
                ),
                None => (Vec::new(), "no such schedule"),
            };
            if self
                .write_planned(plan, &write.with_outcome(outcome))
                .await?
                .is_some()
            {
                return Ok(existing.is_some());
            }
        }
        Err(kept_changing(name))
    }

    /// Pauses or resumes one schedule; a resumed schedule fires next at its next time after
    /// now (fires missed while paused are not made up). `audit` is written with it, both or
    /// neither (a schedule already so is unchanged, and the call is audited still).
    pub async fn pause_schedule(
        &self,
        name: &ScheduleName,
        paused: bool,
        audit: AuditEntry,
    ) -> Result<ScheduleView, Error> {
        let write = self.audit_write(audit);
        for _ in 0..CAS_TRIES {
            let Some(record) = self.inner.store.get_schedule(name).await? else {
                return Err(not_found(name));
            };
            let plan: Vec<SchedulePlan> = self
                .paused_record(&record, paused)?
                .into_iter()
                .map(SchedulePlan::put)
                .collect();
            if let Some(put) = self.write_planned(plan, &write).await? {
                return Ok(view(put.into_iter().next().unwrap_or(record)));
            }
        }
        Err(kept_changing(name))
    }

    /// `record` with the pause flag set to `paused` (a resume fires next at its next time after
    /// now), to write over its revision; `None` when the flag already is so.
    fn paused_record(
        &self,
        record: &ScheduleRecord,
        paused: bool,
    ) -> Result<Option<ScheduleRecord>, Error> {
        if record.paused == paused {
            return Ok(None);
        }
        let now = self.now_ms();
        let mut record = record.clone();
        record.paused = paused;
        record.updated_at_ms = now;
        if !paused {
            let cron = CronSpec::parse(&record.spec, &record.timezone)?;
            record.next_fire_ms = cron.next_after(now).unwrap_or(i64::MAX);
        }
        Ok(Some(record))
    }

    /// Pauses or resumes every schedule, all in one write with `audit` (its `{count}` filled
    /// with how many changed), both or neither; returns how many changed. A schedule that
    /// changes meanwhile (a fire advanced it) makes the whole change planned again.
    pub async fn pause_schedules(&self, paused: bool, audit: AuditEntry) -> Result<u32, Error> {
        let write = self.audit_write(audit);
        for _ in 0..PLAN_ALL_TRIES {
            let mut plan = Vec::new();
            for record in self.inner.store.list_schedules().await? {
                if let Some(next) = self.paused_record(&record, paused)? {
                    plan.push(SchedulePlan::put(next));
                }
            }
            if let Some(put) = self.write_planned(plan, &write).await? {
                return Ok(u32::try_from(put.len()).unwrap_or(u32::MAX));
            }
        }
        Err(Error::Unavailable(
            "the schedules kept changing; try again".into(),
        ))
    }

    /// What a schedule can run, by name: every handler a live worker registered (but
    /// `job_runner`, which runs jobs' runs) and every job (the reference registers a durable
    /// factory per job). A name both a handler and a job have is listed twice, once per origin;
    /// a schedule cannot name it until one is renamed.
    pub async fn schedule_factories(&self) -> Result<Vec<ScheduleFactory>, Error> {
        let mut factories: Vec<ScheduleFactory> = self
            .live_handlers()
            .await?
            .into_iter()
            .filter(|name| name != JOB_RUNNER_HANDLER)
            .map(|name| ScheduleFactory {
                name,
                durable: true,
                origin: ScheduleTarget::Handler.name(),
            })
            .collect();
        factories.extend(self.inner.store.list_jobs().await?.into_iter().map(|job| {
            ScheduleFactory {
                name: job.spec.name.to_string(),
                durable: true,
                origin: ScheduleTarget::Job.name(),
            }
        }));
        factories.sort_by(|a, b| (&a.name, a.origin).cmp(&(&b.name, b.origin)));
        Ok(factories)
    }

    /// Newest first.
    pub async fn list_schedule_events(
        &self,
        name: Option<&ScheduleName>,
        limit: u32,
    ) -> Result<Vec<ScheduleEventRecord>, Error> {
        Ok(self
            .inner
            .store
            .list_schedule_events(name, page_limit(limit))
            .await?)
    }

    /// Creates the schedules in `presets` that do not exist yet (start-up presets from the
    /// environment); an invalid preset is logged and skipped, never fatal.
    pub async fn ensure_schedules(&self, presets: Vec<ScheduleInput>) -> Result<u32, Error> {
        let mut created = 0;
        for preset in presets {
            let shown = preset.name.clone();
            let mut def = match self.check_definition(preset) {
                Ok(def) => def,
                Err(e) => {
                    tracing::error!(schedule = %shown, error = %e, "invalid schedule preset skipped");
                    continue;
                }
            };
            if self.inner.store.get_schedule(&def.name).await?.is_some() {
                continue;
            }
            // Workers may not have registered yet at start, so a preset runs the job its
            // handler names when there is one, else that handler.
            if let Ok(job) = JobName::new(def.task.handler.clone())
                && let Some(job) = self.inner.store.get_job(&job).await?
            {
                def.task.queue = job.spec.queue.to_string();
                def.target = ScheduleTarget::Job;
            }
            match self.write_definition(def).await {
                Ok((_, true)) => created += 1,
                Ok((_, false)) => {}
                Err(e) => {
                    tracing::error!(schedule = %shown, error = %e, "schedule preset not created");
                }
            }
        }
        Ok(created)
    }
}
