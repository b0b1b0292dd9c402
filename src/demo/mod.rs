//! Running a live demo (see `course::demo`): each run of the demo in turn,
//! on this machine, timed by the demo's own course-owned code, with how many
//! cores it kept busy and the peak memory of its process tree. A run that
//! cannot start (no python3 here) is reported as such and the others still
//! run.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use anyhow::Result;
use serde::Serialize;

use crate::course::{Course, Demo, DemoProgram, Language, Need, expand};
use crate::grader::parse_result;
use crate::runner::{self, BuildOutcome, Ending, RunSpec, Variant};

/// The Python interpreter demos run: `PARLAB_PYTHON`, or `python3`.
pub fn python() -> String {
    std::env::var("PARLAB_PYTHON")
        .ok()
        .filter(|p| !p.trim().is_empty())
        .unwrap_or_else(|| "python3".to_owned())
}

/// The start of a row's error where MPI is not installed.
pub const MPI_MISSING: &str = "no MPI launcher here";

/// The start of a row's error where Java is not installed.
pub const JAVA_MISSING: &str = "no Java runtime here";

/// The start of a row's error where PySpark is not installed.
pub const PYSPARK_MISSING: &str = "PySpark is not in the course's Python environment";

/// Whether a row's error says only that an optional part of the machine is
/// missing (python3, MPI, Java, PySpark), with its install line.
pub fn is_missing_part(error: &str) -> bool {
    error.contains(PYTHON_INSTALL)
        || [MPI_MISSING, JAVA_MISSING, PYSPARK_MISSING]
            .iter()
            .any(|p| error.starts_with(p))
}

/// How to get python3, for the message where it is missing.
pub const PYTHON_INSTALL: &str = "install Python 3 (Debian and Ubuntu: `sudo apt-get install python3`; macOS: `brew install python3`) to see this row";

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

/// What a running demo is doing, for a front end to show.
#[derive(Clone, Debug)]
pub enum DemoEvent {
    Building,
    /// A line about long set-up (the course's Python environment).
    Preparing(String),
    Running {
        label: String,
    },
}

/// Runs every run of `demo` once, in order. Errs only when the demo cannot
/// be run at all (its Rust programs do not build, or it was cancelled).
pub fn run_demo(
    course: &Course,
    demo: &Demo,
    track: Option<Language>,
    cancel: &Arc<AtomicBool>,
    on_event: &mut dyn FnMut(DemoEvent),
) -> Result<DemoReport> {
    let cores = runner::cores();
    let launcher = demo
        .runs
        .iter()
        .any(|r| r.ranks.is_some())
        .then(|| runner::mpi::detect(&runner::mpi::LaunchOptions::default()))
        .flatten();
    let mut binaries = std::collections::BTreeMap::new();
    for run in &demo.runs {
        if run.ranks.is_some() && launcher.is_none() {
            continue;
        }
        if let DemoProgram::Bin(bin) = &run.program
            && !binaries.contains_key(bin)
        {
            let features: &[&str] = if run.ranks.is_some() { &["mpi"] } else { &[] };
            on_event(DemoEvent::Building);
            let what = format!("demo {}", demo.id);
            match runner::build_bin(course, bin, &what, features, Variant::Learner, cancel)? {
                BuildOutcome::Built { program } => {
                    binaries.insert(bin.clone(), program);
                }
                BuildOutcome::CompileError { diagnostics } => {
                    anyhow::bail!("the demo's program {bin} does not build:\n{diagnostics}")
                }
                BuildOutcome::Cancelled => anyhow::bail!("cancelled"),
            }
        }
    }
    // Python runs use the course's interpreter (mpi4py is in it); where it
    // cannot be made, runs that need no package fall back to python3.
    let python_ranks = |python: &runner::python::Python| {
        let mut program = runner::Program::native(&python.interpreter);
        program.args = vec!["-u".into(), "-s".into()];
        program
    };
    let course_python = demo
        .runs
        .iter()
        .any(|r| matches!(r.program, DemoProgram::Python(_)))
        .then(|| {
            runner::python::prepare(
                course,
                &mut |line| on_event(DemoEvent::Preparing(line.to_owned())),
                cancel,
            )
        });
    let (python, course_python) = match course_python {
        Some(Ok(p)) => (p.interpreter.to_string_lossy().into_owned(), Ok(p)),
        Some(Err(e)) => (python(), Err(format!("{e:#}"))),
        None => (python(), Err(String::new())),
    };
    let python_found = runner::probe(&python, &["--version"]).is_some();
    let mut needs = NeedCache::default();
    let mut rows: Vec<DemoRow> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    for run in &demo.runs {
        let label = expand(&run.label, cores);
        if let Some(missing) = run
            .needs
            .iter()
            .find_map(|&need| needs.missing(need, &course_python))
        {
            rows.push(row(&label, &run.group, Err(missing)));
            continue;
        }
        on_event(DemoEvent::Running {
            label: label.clone(),
        });
        let mut spec = match (&run.program, run.ranks) {
            (DemoProgram::Bin(bin), Some(ranks)) => match &launcher {
                Some(launcher) => runner::mpi::spec(
                    launcher,
                    &runner::mpi::LaunchOptions::default(),
                    ranks,
                    &binaries[bin],
                    demo.time_limit,
                ),
                None => {
                    rows.push(row(
                        &label,
                        &run.group,
                        Err(format!(
                            "{MPI_MISSING}: install MPI with `{}`",
                            crate::doctor::mpi_install_line()
                        )),
                    ));
                    continue;
                }
            },
            (DemoProgram::Python(script), Some(ranks)) => match (&launcher, &course_python) {
                (Some(launcher), Ok(py)) => runner::mpi::spec(
                    launcher,
                    &runner::mpi::LaunchOptions::default(),
                    ranks,
                    &python_ranks(py).with_arg(script),
                    demo.time_limit,
                ),
                (None, _) => {
                    rows.push(row(
                        &label,
                        &run.group,
                        Err(format!(
                            "{MPI_MISSING}: install MPI with `{}`",
                            crate::doctor::mpi_install_line()
                        )),
                    ));
                    continue;
                }
                (_, Err(why)) => {
                    rows.push(row(
                        &label,
                        &run.group,
                        Err(format!("the course's Python environment is missing: {why}")),
                    ));
                    continue;
                }
            },
            (DemoProgram::Python(_), _) if !python_found => {
                rows.push(row(
                    &label,
                    &run.group,
                    Err(format!("{python} not found: {PYTHON_INSTALL}")),
                ));
                continue;
            }
            (DemoProgram::Python(script), _) => RunSpec::new(&python, demo.time_limit).arg(script),
            (DemoProgram::Bin(bin), None) => binaries[bin].spec(demo.time_limit),
        };
        for arg in &run.args {
            spec = spec.arg(expand(arg, cores));
        }
        spec.cwd = Some(demo.dir.clone());
        spec.cancel = cancel.clone();
        spec.output_cap = 64 * 1024;
        let output = runner::run(&spec)?;
        if output.ending == Ending::Cancelled {
            anyhow::bail!("cancelled");
        }
        for line in crate::grader::output_lines(&output.stdout) {
            let line = line.trim();
            if !line.is_empty() && !notes.iter().any(|n| n == line) {
                notes.push(line.to_owned());
            }
        }
        let figures = match (output.ending, parse_result(&output.stdout)) {
            (Ending::Exited { code: 0 }, Some(Ok(reported))) => Ok((
                reported.seconds,
                reported.cpu_seconds.map(|c| c / reported.seconds.max(1e-9)),
                output.peak_rss_bytes,
            )),
            (Ending::TimedOut, _) => Err(format!(
                "stopped at the demo's limit of {} s",
                demo.time_limit.as_secs()
            )),
            _ => Err(format!(
                "ended without figures ({:?}): {}",
                output.ending,
                output.tail(3)
            )),
        };
        let mut r = row(&label, &run.group, figures);
        r.speedup = r.seconds.and_then(|s| {
            let first = rows
                .iter()
                .find(|o| o.group == run.group)
                .map_or(Some(s), |o| o.seconds)?;
            Some(first / s)
        });
        rows.push(r);
    }
    Ok(DemoReport {
        id: demo.id.clone(),
        title: demo.title.clone(),
        about: demo.about_for(track).to_owned(),
        cores,
        load_average: crate::check::load_average(),
        rows,
        notes,
    })
}

/// What each optional part of the machine lacks, asked once per demo.
#[derive(Default)]
struct NeedCache {
    asked: Vec<(Need, Option<String>)>,
}

impl NeedCache {
    /// Why a run that needs `need` cannot run here, with the install line,
    /// or `None` when it can.
    fn missing(
        &mut self,
        need: Need,
        python: &Result<runner::python::Python, String>,
    ) -> Option<String> {
        if let Some((_, answer)) = self.asked.iter().find(|(n, _)| *n == need) {
            return answer.clone();
        }
        let answer = match need {
            Need::Java => runner::probe("java", &["-version"])
                .is_none()
                .then(|| format!("{JAVA_MISSING}: {}", crate::doctor::java_install_line())),
            Need::PySpark => {
                let found = python.as_ref().is_ok_and(|p| {
                    runner::probe(
                        &p.interpreter.to_string_lossy(),
                        &["-s", "-c", "import pyspark"],
                    )
                    .is_some()
                });
                (!found).then(|| format!("{PYSPARK_MISSING}: {}", crate::doctor::SPARK_INSTALL))
            }
        };
        self.asked.push((need, answer.clone()));
        answer
    }
}

type Figures = (f64, Option<f64>, Option<u64>);

fn row(label: &str, group: &str, figures: Result<Figures, String>) -> DemoRow {
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
