//! Running a live demo (see `course::demo`): each run of the demo in turn,
//! on this machine, timed by the demo's own course-owned code, with how many
//! cores it kept busy and the peak memory of its process tree. A run that
//! cannot start (no python3 here) is reported as such and the others still
//! run.
//!
//! [`run_demo`] reads top to bottom: build the Rust programs, find the
//! Python, then for each run its command (`Tools`), its output and its
//! figures. The report and its table are in `report.rs`.

mod report;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use anyhow::Result;

pub use report::{DemoReport, DemoRow, table};

use crate::course::{Course, Demo, DemoProgram, DemoRun, Language, Need, expand};
use crate::grader::parse_result;
use crate::runner::mpi::{LaunchOptions, Launcher};
use crate::runner::{self, BuildOutcome, Ending, Program, RunOutput, RunSpec, Variant};
use report::{Figures, row};

/// The Python interpreter demos run: `PARLAB_PYTHON`, or `python3`.
pub fn python() -> String {
    std::env::var(runner::python::PYTHON_ENV)
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
        .then(|| runner::mpi::detect(&LaunchOptions::default()))
        .flatten();
    let tools = Tools {
        binaries: build_programs(course, demo, launcher.is_some(), cancel, on_event)?,
        python: DemoPython::find(course, demo, cancel, on_event),
        launcher,
    };
    let mut needs = NeedCache::default();
    let mut rows: Vec<DemoRow> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    for run in &demo.runs {
        let label = expand(&run.label, cores);
        if let Some(missing) = run
            .needs
            .iter()
            .find_map(|&need| needs.missing(need, &tools.python.course))
        {
            rows.push(row(&label, &run.group, Err(missing)));
            continue;
        }
        on_event(DemoEvent::Running {
            label: label.clone(),
        });
        let spec = match tools.spec(run, demo) {
            Ok(spec) => spec,
            Err(why) => {
                rows.push(row(&label, &run.group, Err(why)));
                continue;
            }
        };
        let mut spec = run.args.iter().fold(spec, |s, a| s.arg(expand(a, cores)));
        spec.cwd = Some(demo.dir.clone());
        spec.cancel = cancel.clone();
        spec.output_cap = 64 * 1024;
        let output = runner::run(&spec)?;
        if output.ending == Ending::Cancelled {
            anyhow::bail!("cancelled");
        }
        keep_notes(&output.stdout, &mut notes);
        let mut r = row(&label, &run.group, figures(&output, demo));
        r.speedup = speedup(&rows, &run.group, r.seconds);
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

/// Builds the demo's Rust programs, each once (the MPI ones only where
/// `mpi` has a launcher), by the name of their `bin`.
fn build_programs(
    course: &Course,
    demo: &Demo,
    mpi: bool,
    cancel: &Arc<AtomicBool>,
    on_event: &mut dyn FnMut(DemoEvent),
) -> Result<BTreeMap<String, Program>> {
    let mut binaries = BTreeMap::new();
    for run in &demo.runs {
        if run.ranks.is_some() && !mpi {
            continue;
        }
        let DemoProgram::Bin(bin) = &run.program else {
            continue;
        };
        if binaries.contains_key(bin) {
            continue;
        }
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
    Ok(binaries)
}

/// The Python a demo's runs use: the course's interpreter (mpi4py is in
/// it), made now if a run needs it; where it cannot be made, runs that need
/// no package fall back to python3.
struct DemoPython {
    /// What a plain Python run starts.
    interpreter: String,
    /// Whether `interpreter` answers here.
    found: bool,
    /// The course's environment, or why there is none (empty where the demo
    /// has no Python run).
    course: Result<runner::python::Python, String>,
}

impl DemoPython {
    fn find(
        course: &Course,
        demo: &Demo,
        cancel: &Arc<AtomicBool>,
        on_event: &mut dyn FnMut(DemoEvent),
    ) -> DemoPython {
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
        let (interpreter, course) = match course_python {
            Some(Ok(p)) => (p.interpreter.to_string_lossy().into_owned(), Ok(p)),
            Some(Err(e)) => (python(), Err(format!("{e:#}"))),
            None => (python(), Err(String::new())),
        };
        let found = runner::probe(&interpreter, &["--version"]).is_some();
        DemoPython {
            interpreter,
            found,
            course,
        }
    }
}

/// What the demo's runs are started with on this machine.
struct Tools {
    binaries: BTreeMap<String, Program>,
    python: DemoPython,
    launcher: Option<Launcher>,
}

impl Tools {
    /// The command of one run (without its arguments), or why it cannot
    /// run here, with what to install.
    fn spec(&self, run: &DemoRun, demo: &Demo) -> Result<RunSpec, String> {
        let mpi_missing = || {
            format!(
                "{MPI_MISSING}: install MPI with `{}`",
                crate::doctor::mpi_install_line()
            )
        };
        let built = |bin: &str| {
            self.binaries
                .get(bin)
                .ok_or_else(|| format!("the demo's program {bin} was not built"))
        };
        let options = LaunchOptions::default();
        let limit = demo.time_limit;
        Ok(match (&run.program, run.ranks) {
            (DemoProgram::Bin(bin), Some(ranks)) => {
                let launcher = self.launcher.as_ref().ok_or_else(mpi_missing)?;
                runner::mpi::spec(launcher, &options, ranks, built(bin)?, limit)
            }
            (DemoProgram::Python(script), Some(ranks)) => {
                let launcher = self.launcher.as_ref().ok_or_else(mpi_missing)?;
                let python =
                    self.python.course.as_ref().map_err(|why| {
                        format!("the course's Python environment is missing: {why}")
                    })?;
                let program = python_ranks(python).with_arg(script);
                runner::mpi::spec(launcher, &options, ranks, &program, limit)
            }
            (DemoProgram::Python(_), _) if !self.python.found => {
                return Err(format!(
                    "{} not found: {PYTHON_INSTALL}",
                    self.python.interpreter
                ));
            }
            (DemoProgram::Python(script), _) => {
                RunSpec::new(&self.python.interpreter, limit).arg(script)
            }
            (DemoProgram::Bin(bin), None) => built(bin)?.spec(limit),
        })
    }
}

/// The course's interpreter as each rank of an MPI run starts it.
fn python_ranks(python: &runner::python::Python) -> Program {
    let mut program = Program::native(&python.interpreter);
    program.args = vec!["-u".into(), "-s".into()];
    program
}

/// Adds each line a program printed about itself (not its result line) to
/// `notes`, once.
fn keep_notes(stdout: &str, notes: &mut Vec<String>) {
    for line in crate::grader::output_lines(stdout) {
        let line = line.trim();
        if !line.is_empty() && !notes.iter().any(|n| n == line) {
            notes.push(line.to_owned());
        }
    }
}

/// A run's figures, from the result line it printed, or why it has none.
fn figures(output: &RunOutput, demo: &Demo) -> Result<Figures, String> {
    match (output.ending, parse_result(&output.stdout)) {
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
    }
}

/// The first run of `group`'s time over this one's (`seconds`): how much
/// faster it is than the group's first; `None` where either has no time.
fn speedup(rows: &[DemoRow], group: &str, seconds: Option<f64>) -> Option<f64> {
    let s = seconds?;
    let first = rows
        .iter()
        .find(|o| o.group == group)
        .map_or(Some(s), |o| o.seconds)?;
    Some(first / s)
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
            Need::Java => runner::java_version()
                .is_none()
                .then(|| format!("{JAVA_MISSING}: {}", crate::doctor::java_install_line())),
            Need::PySpark => {
                let found = python
                    .as_ref()
                    .is_ok_and(|p| runner::python::pyspark_version(&p.interpreter).is_some());
                (!found).then(|| format!("{PYSPARK_MISSING}: {}", crate::doctor::SPARK_INSTALL))
            }
        };
        self.asked.push((need, answer.clone()));
        answer
    }
}
