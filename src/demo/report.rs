//! A demo's results: one row per run with its figures (or why it has none),
//! the notes the programs printed about themselves, and the text table the
//! CLI and the TUI both show. Plain data and formatting; nothing here runs.

use serde::Serialize;

/// A demo as it ran here: its rows, and the machine it ran on.
#[derive(Clone, Debug, Serialize)]
pub struct DemoReport {
    pub id: String,
    pub title: String,
    pub about: String,
    pub cores: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub load_average: Option<f64>,
    pub rows: Vec<DemoRow>,
    /// What the programs said about themselves (the Python version, whether
    /// its global interpreter lock is on), once each.
    pub notes: Vec<String>,
}

/// One run of a demo.
#[derive(Clone, Debug, Serialize)]
pub struct DemoRow {
    pub label: String,
    pub group: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seconds: Option<f64>,
    /// The group's first run's time / this run's time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speedup: Option<f64>,
    /// CPU time / wall time: the cores the run kept busy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpu_parallelism: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub peak_rss_bytes: Option<u64>,
    /// Why there are no figures for this run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A run's figures: its time in seconds, the cores it kept busy, its peak
/// memory.
pub(super) type Figures = (f64, Option<f64>, Option<u64>);

/// A row of the report: the run's figures, or why it has none.
pub(super) fn row(label: &str, group: &str, figures: Result<Figures, String>) -> DemoRow {
    let (seconds, cpu_parallelism, peak_rss_bytes, error) = match figures {
        Ok((s, c, m)) => (Some(s), c, m, None),
        Err(e) => (None, None, None, Some(e)),
    };
    DemoRow {
        label: label.to_owned(),
        group: group.to_owned(),
        seconds,
        speedup: None,
        cpu_parallelism,
        peak_rss_bytes,
        error,
    }
}

/// The figures as text rows, a header first: shared by the CLI and the TUI.
pub fn table(report: &DemoReport) -> Vec<String> {
    let width = report
        .rows
        .iter()
        .map(|r| r.label.chars().count())
        .max()
        .unwrap_or(3)
        .max(3);
    let mut rows = vec![format!(
        "{:<width$}  {:>8}  {:>7}  {:>10}  {:>11}",
        "run", "seconds", "speedup", "cores busy", "peak memory"
    )];
    for r in &report.rows {
        let line = match (&r.error, r.seconds) {
            (Some(error), _) => format!("{:<width$}  {error}", r.label),
            (None, Some(seconds)) => format!(
                "{:<width$}  {:>8.3}  {:>7}  {:>10}  {:>11}",
                r.label,
                seconds,
                r.speedup.map(|s| format!("{s:.2}x")).unwrap_or_default(),
                r.cpu_parallelism
                    .map(|c| format!("{c:.1}"))
                    .unwrap_or_default(),
                r.peak_rss_bytes
                    .map(crate::grader::fmt_bytes)
                    .unwrap_or_default(),
            ),
            (None, None) => r.label.clone(),
        };
        rows.push(line);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_shows_figures_and_why_a_row_has_none() {
        let report = DemoReport {
            id: "gil".into(),
            title: "t".into(),
            about: String::new(),
            cores: 2,
            load_average: None,
            rows: vec![
                DemoRow {
                    label: "Rust, 2 threads".into(),
                    group: "rust".into(),
                    seconds: Some(0.5),
                    speedup: Some(1.9),
                    cpu_parallelism: Some(1.95),
                    peak_rss_bytes: Some(2_100_000),
                    error: None,
                },
                row(
                    "Python, 1 thread",
                    "python",
                    Err("python3 not found".into()),
                ),
            ],
            notes: Vec::new(),
        };
        let t = table(&report);
        assert_eq!(t.len(), 3);
        assert!(
            t[1].contains("1.90x") && t[1].contains(" 1.9 ") && t[1].contains("2.1 MB"),
            "{}",
            t[1]
        );
        assert!(t[2].ends_with("python3 not found"), "{}", t[2]);
    }
}
