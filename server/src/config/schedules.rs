//! The scheduler's settings: tick, misfire grace, history size, and the start-up presets
//! `WORKER_DURABLE_CRON_HANDLERS` / `WORKER_DURABLE_CRON_PRESETS` (and the reference's
//! `WORKER_CRON_*` names, read as durable: every schedule here is persisted).
//!
//! Presets never stop a start: an entry that makes no sense is passed on as written and the
//! engine logs and skips it when it checks it like any schedule.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::engine::schedules::ScheduleInput;

use super::reader::Reader;

/// The spec of a preset handler that `..._PRESETS` gives none, as in the reference.
pub const DEFAULT_PRESET_SPEC: &str = "@every 1m";

/// How the scheduler loop runs on this node.
#[derive(Clone, Debug)]
pub struct ScheduleSettings {
    /// `WORKER_SCHEDULE_TICK`: how often due schedules are fired.
    pub tick: Duration,
    /// Created at start when absent (existing schedules are left alone).
    pub presets: Vec<ScheduleInput>,
}

/// The grace, history limit and settings; problems go to `r`.
pub(super) fn read(r: &mut Reader<'_>) -> (Duration, u64, ScheduleSettings) {
    let grace = r.duration("WORKER_SCHEDULE_MISFIRE_GRACE", Duration::from_secs(60));
    let limit = r.number("WORKER_SCHEDULE_EVENTS_LIMIT", 10_000_u64, 10, 100_000_000);
    let tick = r.positive_duration("WORKER_SCHEDULE_TICK", Duration::from_secs(1));
    let default_spec = r
        .raw("WORKER_CRON_DEFAULT_SPEC")
        .map_or(DEFAULT_PRESET_SPEC, str::trim)
        .to_string();
    let mut handlers = Vec::new();
    let mut specs: BTreeMap<String, String> = BTreeMap::new();
    // The in-memory names of the reference first, so the durable ones win on a clash.
    for key in ["WORKER_CRON_HANDLERS", "WORKER_DURABLE_CRON_HANDLERS"] {
        if let Some(text) = r.raw(key) {
            handlers.extend(
                text.split(',')
                    .map(str::trim)
                    .filter(|h| !h.is_empty())
                    .map(String::from),
            );
        }
    }
    for key in ["WORKER_CRON_PRESETS", "WORKER_DURABLE_CRON_PRESETS"] {
        if let Some(text) = r.raw(key) {
            specs.extend(parse_presets(text));
        }
    }
    let mut presets = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for name in handlers.iter().chain(specs.keys()) {
        if !seen.insert(name.clone()) {
            continue;
        }
        let spec = specs
            .get(name)
            .cloned()
            .unwrap_or_else(|| default_spec.clone());
        presets.push(ScheduleInput {
            name: name.clone(),
            spec,
            durable: true,
            ..ScheduleInput::default()
        });
    }
    (grace, limit, ScheduleSettings { tick, presets })
}

/// `name=spec,name=spec`. A cron spec may hold commas (`0 9,17 * * *`): a piece without `=`
/// continues the previous spec. A piece with no name before it is kept with an empty name,
/// so the engine refuses it loudly rather than this reader dropping it quietly.
pub fn parse_presets(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for piece in text.split(',') {
        match piece.split_once('=') {
            Some((name, spec)) => out.push((name.trim().to_string(), spec.trim().to_string())),
            None => match out.last_mut() {
                Some((_, spec)) => {
                    spec.push(',');
                    spec.push_str(piece.trim());
                }
                None if piece.trim().is_empty() => {}
                None => out.push((String::new(), piece.trim().to_string())),
            },
        }
    }
    out.retain(|(name, spec)| !(name.is_empty() && spec.is_empty()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_keep_commas_inside_specs() {
        assert_eq!(
            parse_presets("a=@every 5m, b=0 9,17 * * 1-5 ,c=@hourly"),
            vec![
                ("a".to_string(), "@every 5m".to_string()),
                ("b".to_string(), "0 9,17 * * 1-5".to_string()),
                ("c".to_string(), "@hourly".to_string()),
            ]
        );
        assert_eq!(
            parse_presets("nonsense"),
            vec![(String::new(), "nonsense".to_string())]
        );
        assert!(parse_presets(" , ").is_empty());
    }

    #[test]
    fn handlers_and_presets_become_durable_schedules() {
        let env: BTreeMap<String, String> = [
            ("WORKER_DURABLE_CRON_HANDLERS", "report, cleanup"),
            (
                "WORKER_DURABLE_CRON_PRESETS",
                "cleanup=@every 10m,nightly=0 3 * * *",
            ),
            ("WORKER_CRON_HANDLERS", "legacy"),
            ("WORKER_CRON_DEFAULT_SPEC", "@every 2m"),
            ("WORKER_SCHEDULE_TICK", "250ms"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let mut r = Reader {
            env: &env,
            problems: Vec::new(),
        };
        let (grace, limit, settings) = read(&mut r);
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        assert_eq!(grace, Duration::from_secs(60));
        assert_eq!(limit, 10_000);
        assert_eq!(settings.tick, Duration::from_millis(250));
        let got: Vec<(&str, &str, bool)> = settings
            .presets
            .iter()
            .map(|p| (p.name.as_str(), p.spec.as_str(), p.durable))
            .collect();
        assert_eq!(
            got,
            [
                ("legacy", "@every 2m", true),
                ("report", "@every 2m", true),
                ("cleanup", "@every 10m", true),
                ("nightly", "0 3 * * *", true),
            ]
        );
    }
}
