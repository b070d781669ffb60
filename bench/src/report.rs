//! The suite's report: each figure with its median and range over repeats, beside the floor
//! measured in the same run and the ratio to it, and beside its target from issue 15 (met or
//! missed); printed as a table while the run goes, and written as JSON at the end.

use std::future::Future;
use std::io::Write;
use std::path::Path;
use std::time::Duration;

use serde_json::{Value, json};

/// A figure's target from issue 15's Targets list.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Target {
    /// The median is at least this.
    AtLeast(f64),
    /// The median is at most this.
    AtMost(f64),
    /// The median is at least this many times the floor's median.
    RatioAtLeast(f64),
}

impl Target {
    fn text(self, unit: &str) -> String {
        match self {
            Target::AtLeast(v) => format!("≥ {} {unit}", short(v)),
            Target::AtMost(v) => format!("≤ {} {unit}", short(v)),
            Target::RatioAtLeast(r) => format!("≥ {r}× floor"),
        }
    }

    fn met(self, median: f64, floor: Option<f64>) -> Option<bool> {
        match self {
            Target::AtLeast(v) => Some(median >= v),
            Target::AtMost(v) => Some(median <= v),
            Target::RatioAtLeast(r) => floor.filter(|f| f.is_finite()).map(|f| median >= r * f),
        }
    }
}

/// One figure: its samples (one per repeat) and what it is compared with.
pub(crate) struct Figure {
    pub name: String,
    pub unit: &'static str,
    pub samples: Vec<f64>,
    /// The floor's name and median, measured in the same run.
    pub floor: Option<(String, f64)>,
    pub target: Option<Target>,
    /// Extra facts (a histogram, a count) carried into the JSON.
    pub extra: Value,
}

impl Figure {
    pub(crate) fn new(name: impl Into<String>, unit: &'static str, samples: Vec<f64>) -> Self {
        Self {
            name: name.into(),
            unit,
            samples,
            floor: None,
            target: None,
            extra: Value::Null,
        }
    }

    pub(crate) fn floor(mut self, name: impl Into<String>, median: f64) -> Self {
        self.floor = Some((name.into(), median));
        self
    }

    pub(crate) fn target(mut self, target: Target) -> Self {
        self.target = Some(target);
        self
    }

    pub(crate) fn extra(mut self, extra: Value) -> Self {
        self.extra = extra;
        self
    }

    pub(crate) fn median(&self) -> f64 {
        median(&self.samples)
    }

    fn range(&self) -> (f64, f64) {
        let min = self.samples.iter().copied().fold(f64::INFINITY, f64::min);
        let max = self
            .samples
            .iter()
            .copied()
            .fold(f64::NEG_INFINITY, f64::max);
        (min, max)
    }

    fn ratio(&self) -> Option<f64> {
        let (_, floor) = self.floor.as_ref()?;
        (floor.is_finite() && *floor != 0.0).then(|| self.median() / floor)
    }

    fn met(&self) -> Option<bool> {
        self.target?
            .met(self.median(), self.floor.as_ref().map(|f| f.1))
    }
}

/// The median of samples (NaN when there are none).
pub(crate) fn median(samples: &[f64]) -> f64 {
    let mut sorted: Vec<f64> = samples.iter().copied().filter(|v| !v.is_nan()).collect();
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    if sorted.len().is_multiple_of(2) {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    } else {
        sorted[mid]
    }
}

/// The `p`-th percentile (0–100) of sorted samples, nearest rank.
pub(crate) fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

pub(crate) fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1_000.0
}

pub(crate) fn per_sec(n: u64, elapsed: Duration) -> f64 {
    n as f64 / elapsed.as_secs_f64()
}

/// A number in few characters: 12345 → "12,345", 0.123 → "0.123".
fn short(v: f64) -> String {
    if !v.is_finite() {
        return "-".into();
    }
    if v.abs() >= 100.0 {
        let int = v.round() as i64;
        let digits = int.abs().to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        if int < 0 {
            out.insert(0, '-');
        }
        out
    } else if v.abs() >= 10.0 {
        format!("{v:.1}")
    } else if v.abs() >= 1.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.3}")
    }
}

/// Runs a scenario `repeats` times; each run yields `K` figures' samples.
pub(crate) async fn repeat<const K: usize, F, Fut>(repeats: usize, mut run: F) -> [Vec<f64>; K]
where
    F: FnMut() -> Fut,
    Fut: Future<Output = [f64; K]>,
{
    let mut out: [Vec<f64>; K] = std::array::from_fn(|_| Vec::with_capacity(repeats));
    for _ in 0..repeats.max(1) {
        for (k, v) in run().await.into_iter().enumerate() {
            out[k].push(v);
        }
    }
    out
}

/// The machine and software the figures were measured on.
pub(crate) fn environment(redis: Option<String>) -> Vec<(&'static str, String)> {
    let read = |p: &str| std::fs::read_to_string(p).unwrap_or_default();
    let cpu = read("/proc/cpuinfo")
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|l| l.trim_start_matches([' ', '\t', ':']).to_string())
        .unwrap_or_else(|| "unknown".into());
    let mut env = vec![
        (
            "cores",
            std::thread::available_parallelism()
                .map_or(0, |p| p.get())
                .to_string(),
        ),
        ("cpu", cpu),
        (
            "kernel",
            read("/proc/sys/kernel/osrelease").trim().to_string(),
        ),
        ("sqlite", rusqlite::version().to_string()),
        (
            "build",
            if cfg!(debug_assertions) {
                "debug (figures are not comparable with a release run)".into()
            } else {
                "release".into()
            },
        ),
        (
            "load average at start",
            read("/proc/loadavg").trim().to_string(),
        ),
    ];
    if let Some(redis) = redis {
        env.push(("redis", redis));
    }
    env
}

/// Every figure of the run, printed as it comes.
pub(crate) struct Report {
    figures: Vec<Figure>,
    env: Vec<(&'static str, String)>,
    notes: Vec<String>,
}

const HEADER: [&str; 7] = [
    "scenario",
    "median",
    "range",
    "floor (same run)",
    "ratio",
    "target",
    "",
];

impl Report {
    pub(crate) fn new(env: Vec<(&'static str, String)>, repeats: usize) -> Self {
        println!("workerbench: issue 15's suite; {repeats} repeat(s) per figure");
        for (k, v) in &env {
            println!("  {k:<22} {v}");
        }
        println!();
        Self::row(&HEADER.map(String::from));
        Self {
            figures: Vec::new(),
            env,
            notes: Vec::new(),
        }
    }

    fn row(cells: &[String; 7]) {
        println!(
            "{:<52} {:>16} {:>24} {:>36} {:>7} {:>16} {}",
            cells[0], cells[1], cells[2], cells[3], cells[4], cells[5], cells[6]
        );
        let _ = std::io::stdout().flush();
    }

    /// Prints the figure and keeps it; returns its median.
    pub(crate) fn add(&mut self, figure: Figure) -> f64 {
        let median = figure.median();
        let (min, max) = figure.range();
        let unit = figure.unit;
        let floor = figure
            .floor
            .as_ref()
            .map(|(name, v)| format!("{name} {}", short(*v)))
            .unwrap_or_default();
        let ratio = figure
            .ratio()
            .map(|r| format!("{r:.2}×"))
            .unwrap_or_default();
        let target = figure.target.map(|t| t.text(unit)).unwrap_or_default();
        let verdict = match figure.met() {
            Some(true) => "met",
            Some(false) => "MISSED",
            None => "",
        };
        let range = if figure.samples.len() > 1 {
            format!("{}–{}", short(min), short(max))
        } else {
            String::new()
        };
        Self::row(&[
            figure.name.clone(),
            format!("{} {unit}", short(median)),
            range,
            floor,
            ratio,
            target,
            verdict.into(),
        ]);
        self.figures.push(figure);
        median
    }

    /// A line in the table that is not a figure: a skipped scenario and why, a fact.
    pub(crate) fn note(&mut self, note: impl Into<String>) {
        let note = note.into();
        println!("  ({note})");
        let _ = std::io::stdout().flush();
        self.notes.push(note);
    }

    pub(crate) fn summary(&self) {
        let targets: Vec<_> = self.figures.iter().filter_map(Figure::met).collect();
        let met = targets.iter().filter(|m| **m).count();
        println!(
            "\n{} figures; targets met {met} of {}",
            self.figures.len(),
            targets.len()
        );
    }

    pub(crate) fn write_json(&self, path: &Path) -> anyhow::Result<()> {
        let figures: Vec<Value> = self
            .figures
            .iter()
            .map(|f| {
                let (min, max) = f.range();
                json!({
                    "name": f.name,
                    "unit": f.unit,
                    "samples": f.samples,
                    "median": f.median(),
                    "min": min,
                    "max": max,
                    "floor": f.floor.as_ref().map(|(n, v)| json!({"name": n, "median": v})),
                    "ratio": f.ratio(),
                    "target": f.target.map(|t| t.text(f.unit)),
                    "met": f.met(),
                    "extra": f.extra,
                })
            })
            .collect();
        let env: serde_json::Map<String, Value> = self
            .env
            .iter()
            .map(|(k, v)| ((*k).to_string(), Value::String(v.clone())))
            .collect();
        let doc = json!({"environment": env, "figures": figures, "notes": self.notes});
        std::fs::write(path, serde_json::to_string_pretty(&doc)?)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_percentiles_of_small_samples() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
        let sorted: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(percentile(&sorted, 50.0), Duration::from_millis(50));
        assert_eq!(percentile(&sorted, 99.0), Duration::from_millis(99));
        assert_eq!(percentile(&sorted, 100.0), Duration::from_millis(100));
    }

    #[test]
    fn a_ratio_target_is_judged_against_the_floor_of_the_same_run() {
        let f = Figure::new("x", "/s", vec![60.0])
            .floor("raw", 100.0)
            .target(Target::RatioAtLeast(0.5));
        assert_eq!(f.met(), Some(true));
        let f = Figure::new("x", "ms", vec![6.0]).target(Target::AtMost(5.0));
        assert_eq!(f.met(), Some(false));
        assert_eq!(short(27_040.4), "27,040");
    }
}
