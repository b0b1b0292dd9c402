//! What every student's grading shares, made once per grading run: the
//! course's serial baselines (built outside the sandbox), the Python
//! interpreter where the course has Python exercises, the class's build
//! folder with its dependencies, and the run's secret seed.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result, bail};

use super::{GradeOptions, Hardware, Progress, external_paths, hardware, stage_clean};
use crate::check;
use crate::course::{Course, Exercise, Language};
use crate::runner::python::Python;
use crate::runner::sandbox::Sandbox;
use crate::runner::{self, BuildOutcome, Program, Variant};

/// What every student's grading shares: the course's baselines, the
/// class's build folder, the sandbox.
pub(super) struct Class {
    pub(super) work: PathBuf,
    pub(super) build_dir: PathBuf,
    pub(super) baselines: BTreeMap<String, Program>,
    pub(super) sandbox: Arc<Sandbox>,
    /// Path dependencies outside the package (the support crate of a
    /// course whose package points outside itself): readable in builds.
    pub(super) external: Vec<PathBuf>,
    pub(super) hardware: Hardware,
    pub(super) toolchain: Option<String>,
    /// This grading run's secret seed: every input is drawn from it, and
    /// every expected value computed by the course's baseline on it.
    pub(super) seed: u64,
    /// The course's Python, where it has Python exercises; the error where
    /// it could not be made (those exercises are then not graded).
    pub(super) python: Option<std::result::Result<Python, String>>,
}

/// Builds the course's serial baselines and the class's dependencies once.
pub(super) fn prepare(
    course: &Course,
    out: &Path,
    sandbox: &Arc<Sandbox>,
    options: &GradeOptions,
    on_progress: &mut dyn FnMut(Progress),
) -> Result<Class> {
    let work = out.join("work");
    let build_dir = work.join("build");
    fs::create_dir_all(&build_dir)
        .with_context(|| format!("failed to create {}", build_dir.display()))?;
    let python = course
        .exercises
        .iter()
        .any(|e| e.language == Language::Python)
        .then(|| {
            let mut progress = |line: &str| {
                on_progress(Progress::Preparing {
                    what: line.to_owned(),
                })
            };
            runner::python::prepare(course, &mut progress, &options.cancel)
                .map_err(|e| format!("{e:#}"))
        });
    let baselines = build_baselines(course, &python, options, on_progress)?;
    // The dependencies: one build of a pristine copy, outside the sandbox
    // and online, so the submissions' builds find every crate offline.
    let pristine = work.join("pristine");
    stage_clean(course, &pristine, &BTreeMap::new())?;
    let mpi_here = runner::mpi::detect(&Default::default()).is_some();
    let rust = |mpi: bool| {
        course
            .exercises
            .iter()
            .find(|e| e.language == Language::Rust && e.mpi == mpi)
    };
    let warm: Vec<&Exercise> = [rust(false), rust(true).filter(|_| mpi_here)]
        .into_iter()
        .flatten()
        .collect();
    for exercise in warm {
        on_progress(Progress::Preparing {
            what: format!("the class's dependencies (with {})", exercise.id),
        });
        let features: &[&str] = if exercise.mpi { &["mpi"] } else { &[] };
        let target = work.join("pristine-target");
        let built = runner::build_staged(
            &pristine,
            &build_dir,
            &target,
            &exercise.bin,
            features,
            &options.cancel,
            &|mut spec| {
                // Online: this build may fetch the course's crates.
                spec.args.retain(|a| a != "--offline");
                spec
            },
        )?;
        if let BuildOutcome::CompileError { diagnostics } = built {
            bail!("the course's exercises package does not build:\n{diagnostics}");
        }
    }
    let external = external_paths(&pristine);
    Ok(Class {
        work,
        build_dir,
        baselines,
        sandbox: sandbox.clone(),
        external,
        hardware: hardware(),
        toolchain: runner::probe("cargo", &["--version"]).map(|v| v.trim().to_owned()),
        seed: check::random_seed(),
        python,
    })
}

/// Every exercise's serial baseline: the timed ones race it, and every one
/// computes the expected value on the grading run's secret seed. An
/// exercise whose language or MPI is missing here has none.
fn build_baselines(
    course: &Course,
    python: &Option<std::result::Result<Python, String>>,
    options: &GradeOptions,
    on_progress: &mut dyn FnMut(Progress),
) -> Result<BTreeMap<String, Program>> {
    let mpi_here = runner::mpi::detect(&Default::default()).is_some();
    let mut baselines = BTreeMap::new();
    for exercise in &course.exercises {
        let no_python = exercise.language == Language::Python && !matches!(python, Some(Ok(_)));
        if (exercise.mpi && !mpi_here) || no_python {
            continue;
        }
        on_progress(Progress::Preparing {
            what: format!("the course's serial baseline of {}", exercise.id),
        });
        let built = runner::build_exercise(
            course,
            exercise,
            Variant::Baseline,
            &mut |_| {},
            &options.cancel,
        )?;
        match built {
            BuildOutcome::Built { program } => {
                baselines.insert(exercise.id.clone(), program);
            }
            BuildOutcome::Cancelled => bail!("cancelled"),
            BuildOutcome::CompileError { diagnostics } => bail!(
                "the course's serial baseline of {} does not compile:\n{diagnostics}",
                exercise.id
            ),
        }
    }
    Ok(baselines)
}
