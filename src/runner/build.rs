//! Building one exercise with cargo, in release mode, with the course's one
//! shared build folder (cargo's `build-dir`), so dependencies compile once for
//! every exercise and every variant. Each variant gets its own final-output
//! folder: cargo copies a binary out only when that folder lacks it or it
//! changed, so two packages sharing one output folder could leave the other
//! variant's binary in place.
//!
//! The learner's variant builds in place, so compiler messages point at the
//! learner's own file. The reference, baseline and starter variants build in a
//! staged copy of the package (see `stage`). Each built binary is copied out
//! under `bin/<variant>/`, so variants can run interleaved and a rebuild never
//! replaces a program while it runs.

use std::ffi::OsString;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use anyhow::{Context, Result};
use serde::Serialize;

use super::process::{Ending, RunSpec, run};
use super::program::Program;
use super::stage::stage;
use crate::course::{Course, Exercise};

/// Cargo gets this long for one build (a first build may fetch crates).
const BUILD_LIMIT: Duration = Duration::from_secs(20 * 60);

/// Which source is compiled in place of the learner's file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Variant {
    Learner,
    Reference,
    Baseline,
    Starter,
}

impl Variant {
    pub fn name(self) -> &'static str {
        match self {
            Variant::Learner => "learner",
            Variant::Reference => "reference",
            Variant::Baseline => "baseline",
            Variant::Starter => "starter",
        }
    }

    /// The course file that stands in for the learner's, if any.
    pub fn source(self, exercise: &Exercise) -> Option<&Path> {
        match self {
            Variant::Learner => None,
            Variant::Reference => Some(&exercise.reference),
            Variant::Baseline => Some(&exercise.baseline),
            Variant::Starter => Some(&exercise.starter),
        }
    }
}

#[derive(Debug)]
pub enum BuildOutcome {
    Built {
        program: Program,
    },
    /// The compiler's messages, as cargo printed them.
    CompileError {
        diagnostics: String,
    },
    Cancelled,
}

/// Builds `exercise` as `variant` and returns the program that runs it.
/// Setting `cancel` stops the build (its whole process group). `progress`
/// hears of long set-up (the first Python environment).
pub fn build_exercise(
    course: &Course,
    exercise: &Exercise,
    variant: Variant,
    progress: &mut dyn FnMut(&str),
    cancel: &Arc<AtomicBool>,
) -> Result<BuildOutcome> {
    if exercise.language == crate::course::Language::Python {
        let file = variant.source(exercise).unwrap_or(&exercise.file);
        return super::python::build(course, exercise, file, progress, cancel);
    }
    let features: &[&str] = if exercise.mpi { &["mpi"] } else { &[] };
    let outcome = build_bin(
        course,
        &exercise.bin,
        &exercise.id,
        features,
        variant,
        cancel,
    )?;
    Ok(match outcome {
        BuildOutcome::CompileError { diagnostics } if !exercise.mpi => BuildOutcome::CompileError {
            diagnostics: explain_missing_feature(&diagnostics, &exercise.manifest)
                .unwrap_or(diagnostics),
        },
        other => other,
    })
}

/// Cargo's refusal to build a `[[bin]]` with `required-features = ["mpi"]`
/// without that feature, explained: the manifest lacks `mpi = true`.
fn explain_missing_feature(diagnostics: &str, manifest: &Path) -> Option<String> {
    diagnostics
        .contains("requires the features: `mpi`")
        .then(|| {
            format!(
                "This exercise's [[bin]] needs the mpi feature (required-features in exercises/Cargo.toml), \
                 but its manifest does not say it is an MPI exercise: set mpi = true in {}.\n\
                 parlab then builds it with the mpi feature and runs it under the MPI launcher.\n\n\
                 cargo said:\n{diagnostics}",
                manifest.display()
            )
        })
}

/// Builds the binary `bin` of the exercises package as `variant`, with the
/// package's `features` on; `what` names it in errors.
pub fn build_bin(
    course: &Course,
    bin: &str,
    what: &str,
    features: &[&str],
    variant: Variant,
    cancel: &Arc<AtomicBool>,
) -> Result<BuildOutcome> {
    let state = course.state_dir();
    fs::create_dir_all(&state).with_context(|| format!("failed to create {}", state.display()))?;
    let lock_path = state.join("build.lock");
    let lock = File::create(&lock_path)
        .with_context(|| format!("failed to open {}", lock_path.display()))?;
    lock.lock()
        .with_context(|| format!("failed to lock {}", lock_path.display()))?;
    let package = package_for(course, variant)?;
    let target = state.join("out").join(variant.name());
    let mut spec = cargo_spec(&package, &build_dir(course), &target, bin);
    if !features.is_empty() {
        spec = spec.arg("--features").arg(features.join(","));
    }
    spec.cancel = cancel.clone();
    let output = run(&spec).context("failed to start cargo: is it on PATH?")?;
    match output.ending {
        Ending::Exited { code: 0 } => {}
        Ending::Cancelled => return Ok(BuildOutcome::Cancelled),
        Ending::TimedOut => anyhow::bail!(
            "cargo did not finish building {} within {} s:\n{}",
            what,
            BUILD_LIMIT.as_secs(),
            output.tail(20)
        ),
        _ => {
            return Ok(BuildOutcome::CompileError {
                diagnostics: output.stderr.trim_end().to_owned(),
            });
        }
    }
    let built = target.join("release").join(bin);
    let dest_dir = state.join("bin").join(variant.name());
    fs::create_dir_all(&dest_dir)
        .with_context(|| format!("failed to create {}", dest_dir.display()))?;
    let dest = dest_dir.join(bin);
    let partial = dest_dir.join(format!(".{bin}.partial"));
    fs::copy(&built, &partial).with_context(|| format!("failed to copy {}", built.display()))?;
    fs::rename(&partial, &dest).with_context(|| format!("failed to place {}", dest.display()))?;
    Ok(BuildOutcome::Built {
        program: Program::native(dest),
    })
}

/// Builds `bin` of a staged package (a submission's copy of the exercises
/// package), offline, with the class's shared `build_dir` and the copy's own
/// `target`, through `wrap` (the grading sandbox). The binary stays in
/// `target/release`.
pub fn build_staged(
    package: &Path,
    build_dir: &Path,
    target: &Path,
    bin: &str,
    features: &[&str],
    cancel: &Arc<AtomicBool>,
    wrap: &dyn Fn(RunSpec) -> RunSpec,
) -> Result<BuildOutcome> {
    let mut spec = cargo_spec(package, build_dir, target, bin).arg("--offline");
    if !features.is_empty() {
        spec = spec.arg("--features").arg(features.join(","));
    }
    spec.cancel = cancel.clone();
    let spec = wrap(spec);
    let output = run(&spec).context("failed to start cargo: is it on PATH?")?;
    match output.ending {
        Ending::Exited { code: 0 } => Ok(BuildOutcome::Built {
            program: Program::native(target.join("release").join(bin)),
        }),
        Ending::Cancelled => Ok(BuildOutcome::Cancelled),
        Ending::TimedOut => anyhow::bail!(
            "cargo did not finish building {bin} within {} s:\n{}",
            BUILD_LIMIT.as_secs(),
            output.tail(20)
        ),
        _ => Ok(BuildOutcome::CompileError {
            diagnostics: output.stderr.trim_end().to_owned(),
        }),
    }
}

/// The shared build folder: `PARLAB_TARGET_DIR`, or `target` in the state
/// folder.
fn build_dir(course: &Course) -> PathBuf {
    std::env::var_os("PARLAB_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| course.state_dir().join("target"))
}

/// The package to build: the course's own for the learner, else a stage in
/// which every learner file is replaced by that variant's file.
fn package_for(course: &Course, variant: Variant) -> Result<PathBuf> {
    let src = course.exercises_dir();
    if variant == Variant::Learner {
        return Ok(src);
    }
    let dest = course.state_dir().join("stage").join(variant.name());
    let replacements: Vec<(&Path, &Path)> = course
        .exercises
        .iter()
        .filter_map(|e| Some((e.file_rel.as_path(), variant.source(e)?)))
        .filter(|(_, from)| from.is_file())
        .collect();
    stage(&src, &dest, &replacements).with_context(|| {
        format!(
            "failed to stage the {} build in {}",
            variant.name(),
            dest.display()
        )
    })?;
    Ok(dest)
}

fn cargo_spec(package: &Path, build_dir: &Path, target: &Path, bin: &str) -> RunSpec {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
    let mut spec = RunSpec::new(cargo, BUILD_LIMIT)
        .arg("build")
        .arg("--release")
        .arg("--quiet")
        .arg("--color")
        .arg("never")
        .arg("--bin")
        .arg(bin)
        .arg("--manifest-path")
        .arg(package.join("Cargo.toml"))
        .env("CARGO_BUILD_BUILD_DIR", build_dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_TERM_COLOR", "never");
    spec.output_cap = 8 << 20;
    spec.limits = super::Limits::none();
    spec
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cargos_missing_feature_error_says_set_mpi_true() {
        let cargo = "error: target `mpi-ring` in package `parlab-exercises` requires the features: `mpi`\nConsider enabling them by passing, e.g., `--features=\"mpi\"`";
        let manifest = Path::new("/c/exercises/course/mpi/ring/exercise.toml");
        let explained = explain_missing_feature(cargo, manifest).unwrap();
        assert!(
            explained.contains("set mpi = true in /c/exercises/course/mpi/ring/exercise.toml"),
            "{explained}"
        );
        assert!(explained.ends_with(cargo), "cargo's own words are kept");
        assert_eq!(explain_missing_feature("error[E0425]: x", manifest), None);
    }
}
