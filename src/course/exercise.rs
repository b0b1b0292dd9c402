//! Loading one `exercise.toml`: the keys it states, the folder's conventions
//! (see `conventions`) for the keys it leaves out, and a problem with file
//! and line for everything wrong. A problem about a key the manifest states
//! is on that key's line; one about a key it leaves out is on its first
//! line. Nothing here panics on what a manifest holds, and one broken
//! exercise never stops the others.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::check::{Grading, convert_check, convert_grading};
use super::conventions::{self, PYTHON_HARNESS, VARIANTS};
use super::manifest::ExerciseFile;
use super::problem::line_of_key;
use super::{Exercise, Language, Problem};

/// Where course.toml lists an exercise, and what the course around it has.
pub(super) struct Listing<'a> {
    pub root: &'a Path,
    /// The id course.toml lists (or the module's folder gives), which is
    /// also the exercise's folder under `exercises/course/`.
    pub id: &'a str,
    /// The module that lists it.
    pub module: &'a str,
    /// The `[[bin]]` names of `exercises/Cargo.toml`.
    pub bins: &'a BTreeSet<String>,
}

/// A manifest's path and text, to place a problem on the line of its key.
struct Manifest<'a> {
    path: &'a Path,
    src: &'a str,
}

impl Manifest<'_> {
    /// A problem about `key`: on the line that states it, or on the first
    /// line when the key is left out (its value is the convention's).
    fn at(&self, key: &str, message: impl Into<String>) -> Problem {
        let line = line_of_key(self.src, key).or(Some(1));
        Problem::new(self.path, line, message)
    }
}

/// Loads the manifest at `path`. Returns `None` (with problems recorded)
/// when the exercise cannot be used at all.
pub(super) fn load_exercise(
    listing: &Listing,
    path: &Path,
    problems: &mut Vec<Problem>,
) -> Option<Exercise> {
    let src = fs::read_to_string(path).ok()?;
    let raw: ExerciseFile = match toml::from_str(&src) {
        Ok(raw) => raw,
        Err(e) => {
            problems.push(Problem::from_toml(path, &src, &e));
            return None;
        }
    };
    let manifest = Manifest { path, src: &src };
    let dir = path.parent().unwrap_or(listing.root);
    let exercises = listing.root.join("exercises");
    check_identity(&raw, listing, &manifest, problems);
    let language = conventions::language(raw.language, raw.starter.as_deref(), dir);
    let file_rel = learner_file(&raw, listing.id, language, &manifest, problems);
    let (bin, harness) = harness(&raw, language, listing, dir, &manifest, problems);
    check_values(&raw, language, &manifest, problems);
    let [starter, reference, baseline] =
        VARIANTS.map(|variant| variant_file(&raw, variant, language, dir, &manifest, problems));
    let grading =
        convert_grading(&raw.grading, raw.efficiency.is_some()).unwrap_or_else(|(key, message)| {
            problems.push(manifest.at(key, message));
            Grading::fallback()
        });
    let check = match convert_check(raw.check) {
        Ok(check) => check,
        Err(message) => {
            problems.push(manifest.at("kind", message));
            return None;
        }
    };
    Some(Exercise {
        id: listing.id.to_owned(),
        title: raw.title,
        module: listing.module.to_owned(),
        lesson: raw.lesson,
        file: exercises.join(&file_rel),
        file_rel: PathBuf::from(file_rel),
        language,
        bin,
        harness_rel: harness
            .as_deref()
            .map(|h| h.strip_prefix(&exercises).unwrap_or(h).to_path_buf())
            .unwrap_or_default(),
        starter,
        reference,
        baseline,
        manifest: path.to_path_buf(),
        time_limit: Duration::from_secs_f64(raw.time_limit_secs.clamp(0.1, 3600.0)),
        efficiency: raw.efficiency,
        overlaps_waits: raw.overlaps_waits,
        mpi: raw.mpi,
        dask: raw.dask,
        task: raw.task,
        hints: raw.hints,
        check,
        grading,
    })
}

/// A stated `id` or `module` must be the one the folder and course.toml give.
fn check_identity(
    raw: &ExerciseFile,
    listing: &Listing,
    manifest: &Manifest,
    problems: &mut Vec<Problem>,
) {
    let id = listing.id;
    if let Some(stated) = raw.id.as_deref().filter(|s| *s != id) {
        problems.push(manifest.at(
            "id",
            format!(
                "id {stated:?} does not match {id:?}, the id course.toml lists here and the folder {}/{id}/ gives; leave `id` out to take the folder's",
                conventions::EXERCISES_DIR
            ),
        ));
    }
    let module = listing.module;
    if let Some(stated) = raw.module.as_deref().filter(|s| *s != module) {
        problems.push(manifest.at(
            "module",
            format!(
                "module {stated:?} but course.toml lists this exercise under {module:?}; leave `module` out to take that one"
            ),
        ));
    }
}

/// The learner's file, relative to the exercises package.
fn learner_file(
    raw: &ExerciseFile,
    id: &str,
    language: Language,
    manifest: &Manifest,
    problems: &mut Vec<Problem>,
) -> String {
    let Some(file) = &raw.file else {
        return conventions::learner_file(id, language);
    };
    let ext = language.extension();
    if !file.ends_with(&format!(".{ext}")) {
        problems.push(manifest.at(
            "file",
            format!(
                "file {file:?} of a {} exercise must end in .{ext}",
                language.title()
            ),
        ));
    }
    file.clone()
}

/// The harness: a Rust exercise's `[[bin]]` (and no file), or a Python
/// exercise's script (and no bin).
fn harness(
    raw: &ExerciseFile,
    language: Language,
    listing: &Listing,
    dir: &Path,
    manifest: &Manifest,
    problems: &mut Vec<Problem>,
) -> (String, Option<PathBuf>) {
    match (language, &raw.bin) {
        (Language::Rust, stated) => {
            let bin = stated
                .clone()
                .unwrap_or_else(|| conventions::bin(listing.id));
            if !listing.bins.contains(&bin) {
                problems
                    .push(manifest.at("bin", undeclared_bin(&bin, stated.is_some(), listing.id)));
            }
            (bin, None)
        }
        (Language::Python, Some(_)) => {
            problems.push(manifest.at(
                "bin",
                "a Python exercise has no `bin`: its harness is `harness` (harness.py by default)",
            ));
            (String::new(), None)
        }
        (Language::Python, None) => {
            let name = raw.harness.as_deref().unwrap_or(PYTHON_HARNESS);
            let harness = dir.join(name);
            if !harness.is_file() {
                let key = if raw.harness.is_some() {
                    "harness"
                } else {
                    "language"
                };
                problems.push(manifest.at(
                    key,
                    format!("harness file {name:?} does not exist in {}", dir.display()),
                ));
            }
            (String::new(), Some(harness))
        }
    }
}

/// What to say when the harness's `[[bin]]` is not in exercises/Cargo.toml.
fn undeclared_bin(bin: &str, stated: bool, id: &str) -> String {
    if stated {
        format!("bin {bin:?} is not a [[bin]] of exercises/Cargo.toml")
    } else {
        format!(
            "bin {bin:?}, this exercise's harness by its folder's name, is not a [[bin]] of exercises/Cargo.toml; add\n[[bin]]\nname = \"{bin}\"\npath = \"{}\"\nto exercises/Cargo.toml, or name the harness's bin with `bin = \"...\"`",
            conventions::bin_path(id)
        )
    }
}

/// The values that must lie in a range, or go together.
fn check_values(
    raw: &ExerciseFile,
    language: Language,
    manifest: &Manifest,
    problems: &mut Vec<Problem>,
) {
    if !(raw.time_limit_secs > 0.0 && raw.time_limit_secs <= 3600.0) {
        problems.push(manifest.at(
            "time_limit_secs",
            format!(
                "time_limit_secs must be between 0 and 3600, not {}",
                raw.time_limit_secs
            ),
        ));
    }
    if let Some(eff) = raw.efficiency.filter(|e| !(*e > 0.0 && *e <= 1.0)) {
        problems.push(manifest.at(
            "efficiency",
            format!("efficiency must be in (0, 1], not {eff}"),
        ));
    }
    if raw.hints.is_empty() {
        problems.push(manifest.at("hints", "an exercise needs at least one hint"));
    }
    if raw.dask && (language != Language::Python || raw.mpi) {
        problems.push(manifest.at(
            "dask",
            "dask = true is for Python exercises whose harness calls parlab_support.dask_client(), not for Rust or MPI ones",
        ));
    }
}

/// The file of `variant` (starter, reference, baseline) in the exercise's
/// folder, reported when it is missing.
fn variant_file(
    raw: &ExerciseFile,
    variant: &str,
    language: Language,
    dir: &Path,
    manifest: &Manifest,
    problems: &mut Vec<Problem>,
) -> PathBuf {
    let stated = match variant {
        "starter" => &raw.starter,
        "reference" => &raw.reference,
        _ => &raw.baseline,
    };
    let rel = stated
        .clone()
        .unwrap_or_else(|| conventions::variant_file(variant, language));
    let path = dir.join(&rel);
    if !path.is_file() {
        problems.push(manifest.at(
            variant,
            format!("{variant} file {rel:?} does not exist in {}", dir.display()),
        ));
    }
    path
}
