//! The course: modules, lessons and exercises, loaded from a course folder.
//!
//! Loading never stops at the first problem. A course whose `course.toml`
//! cannot be read is an error; past that, every broken lesson or exercise is
//! recorded as a [`Problem`] with its file and line, and the rest of the course
//! loads. This module only reads files: it never builds or runs anything.

mod demo;
mod lesson;
pub mod manifest;
mod problem;

pub use demo::{Demo, DemoProgram, DemoRun, Need, expand, named_demos};
pub use lesson::{Lesson, lint_lesson};
pub use manifest::{FORMAT, Language};
pub use problem::{Problem, line_col};

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use manifest::{CheckSpec, CourseFile, ExerciseFile, ModuleEntry};
use problem::{line_of_key, line_of_value};

/// The name of the course manifest at the root of a course folder.
pub const COURSE_FILE: &str = "course.toml";

#[derive(Debug)]
pub struct Course {
    pub root: PathBuf,
    pub title: String,
    pub summary: String,
    pub modules: Vec<Module>,
    /// Every exercise that loaded, in course order.
    pub exercises: Vec<Exercise>,
    /// Live demos that lessons can name (see [`demo`]).
    pub demos: Vec<Demo>,
    pub problems: Vec<Problem>,
    /// From `[grading] due` in course.toml (`YYYY-MM-DD`).
    pub due: Option<String>,
}

#[derive(Debug)]
pub struct Module {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub lessons: Vec<Lesson>,
    /// Ids of the exercises listed for this module that loaded.
    pub exercises: Vec<String>,
    pub requires: Vec<String>,
    /// The tracks that show this module.
    pub tracks: Vec<Language>,
}

impl Module {
    pub fn in_track(&self, track: Language) -> bool {
        self.tracks.contains(&track)
    }
}

impl Exercise {
    /// The harness of a Python exercise in an exercises package (the
    /// course's, or a submission's clean copy).
    pub fn harness_in(&self, exercises: &Path) -> PathBuf {
        exercises.join(&self.harness_rel)
    }
}

#[derive(Clone, Debug)]
pub struct Exercise {
    pub id: String,
    pub title: String,
    pub module: String,
    pub lesson: Option<String>,
    /// The one file the learner edits.
    pub file: PathBuf,
    /// `file` relative to the exercises package, as the learner sees it.
    pub file_rel: PathBuf,
    /// Rust or Python: how the runner builds and starts it, and its track.
    pub language: Language,
    /// Rust: the `[[bin]]` of the exercises package (empty for Python).
    pub bin: String,
    /// Python: the harness, relative to the exercises package.
    pub harness_rel: PathBuf,
    pub starter: PathBuf,
    pub reference: PathBuf,
    pub baseline: PathBuf,
    pub manifest: PathBuf,
    pub time_limit: Duration,
    pub efficiency: Option<f64>,
    /// About overlapping waits: one busy core may still earn a speedup.
    pub overlaps_waits: bool,
    /// Built with the `mpi` feature and run under mpirun, a rank per worker.
    pub mpi: bool,
    /// Runs on a Dask cluster: a local one, or the learner's (the address
    /// in `--dask-scheduler` or the saved setting).
    pub dask: bool,
    pub task: String,
    pub hints: Vec<String>,
    pub check: Check,
    /// Points, speed tiers and visibility for `parlab grade`.
    pub grading: Grading,
}

/// How an exercise is scored when an instructor grades it.
#[derive(Clone, Debug, PartialEq)]
pub struct Grading {
    pub points: f64,
    /// Of `points`, the part given for speed (0 where speed is not graded).
    pub speedup_points: f64,
    /// Best first; see `manifest::TierSpec`.
    pub tiers: Vec<manifest::TierSpec>,
    pub visibility: manifest::Visibility,
    pub speedup_visibility: manifest::Visibility,
}

/// Full speed points at the target, half at half the way from 1x to it.
pub const DEFAULT_TIERS: [manifest::TierSpec; 2] = [
    manifest::TierSpec {
        at: 1.0,
        share: 1.0,
    },
    manifest::TierSpec {
        at: 0.5,
        share: 0.5,
    },
];

/// How a result is compared with the expected one (see the grader).
#[derive(Clone, Debug, PartialEq)]
pub enum Check {
    Exact(serde_json::Value),
    Tolerance {
        expected: Vec<f64>,
        /// The expected value was one number rather than a list.
        scalar: bool,
        abs: f64,
        rel: f64,
    },
    SortedLines(Vec<String>),
}

impl Check {
    /// The same check against another expected value: the serial
    /// baseline's result on the check's own seed. Tolerances stay the
    /// manifest's; `sorted_lines` does not depend on the input and stays.
    pub fn with_expected(&self, value: &serde_json::Value) -> Option<Check> {
        match self {
            Check::Exact(_) => Some(Check::Exact(value.clone())),
            Check::Tolerance { abs, rel, .. } => {
                let (expected, scalar) = match value {
                    serde_json::Value::Array(items) => (
                        items
                            .iter()
                            .map(serde_json::Value::as_f64)
                            .collect::<Option<Vec<f64>>>()?,
                        false,
                    ),
                    v => (vec![v.as_f64()?], true),
                };
                Some(Check::Tolerance {
                    expected,
                    scalar,
                    abs: *abs,
                    rel: *rel,
                })
            }
            Check::SortedLines(_) => Some(self.clone()),
        }
    }

    /// The check for a run with `workers` workers (ranks, for MPI): in
    /// `sorted_lines`, a line with `{rank}` stands for one line per rank, 0 to
    /// workers - 1, and `{size}` is the worker count. Other checks are as
    /// they are.
    pub fn for_workers(&self, workers: usize) -> std::borrow::Cow<'_, Check> {
        use std::borrow::Cow;
        let Check::SortedLines(lines) = self else {
            return Cow::Borrowed(self);
        };
        if !lines
            .iter()
            .any(|l| l.contains("{rank}") || l.contains("{size}"))
        {
            return Cow::Borrowed(self);
        }
        let size = workers.to_string();
        let expanded = lines
            .iter()
            .flat_map(|line| {
                let line = line.replace("{size}", &size);
                if line.contains("{rank}") {
                    (0..workers)
                        .map(|r| line.replace("{rank}", &r.to_string()))
                        .collect()
                } else {
                    vec![line]
                }
            })
            .collect();
        Cow::Owned(Check::SortedLines(expanded))
    }
}

impl Course {
    /// Loads the course in `root`. Errs only when `course.toml` itself is
    /// missing or unreadable; everything else becomes a problem.
    pub fn load(root: &Path) -> Result<Course, Problem> {
        let manifest = root.join(COURSE_FILE);
        let src = fs::read_to_string(&manifest).map_err(|e| {
            Problem::new(
                &manifest,
                None,
                format!("cannot read the course manifest: {e}"),
            )
        })?;
        let file: CourseFile =
            toml::from_str(&src).map_err(|e| Problem::from_toml(&manifest, &src, &e))?;
        if file.format != FORMAT {
            return Err(Problem::at_key(
                &manifest,
                &src,
                "format",
                format!(
                    "course format {} is not supported by this parlab, which reads format {FORMAT}",
                    file.format
                ),
            ));
        }
        let mut course = Course {
            root: root.to_path_buf(),
            title: file.title,
            summary: file.summary,
            modules: Vec::new(),
            exercises: Vec::new(),
            demos: Vec::new(),
            problems: Vec::new(),
            due: None,
        };
        match file.grading.due {
            Some(due) if !is_iso_date(&due) => course.problems.push(Problem::at_key(
                &manifest,
                &src,
                "due",
                format!("due must be a date written YYYY-MM-DD, not {due:?}"),
            )),
            due => course.due = due,
        }
        let bins = declared_bins(root, &mut course.problems);
        for entry in file.modules {
            let module = course.load_module(entry, &manifest, &src, &bins);
            course.modules.push(module);
        }
        course.demos = demo::load_demos(root, &bins, &mut course.problems);
        course.check_lesson_links();
        course.check_unique_ids(&manifest, &src);
        Ok(course)
    }

    fn load_module(
        &mut self,
        entry: ModuleEntry,
        manifest: &Path,
        src: &str,
        bins: &BTreeSet<String>,
    ) -> Module {
        let mut lessons = Vec::new();
        for rel in &entry.lessons {
            match Lesson::load(&self.root, &entry.id, rel) {
                Ok(lesson) => lessons.push(lesson),
                Err(message) => {
                    self.problems
                        .push(Problem::new(manifest, line_of_value(src, rel), message))
                }
            }
        }
        let mut exercises = Vec::new();
        for id in &entry.exercises {
            let path = self.exercise_manifest(id);
            match load_exercise(&self.root, &path, id, &entry.id, bins, &mut self.problems) {
                Some(exercise) => {
                    exercises.push(exercise.id.clone());
                    self.exercises.push(exercise);
                }
                None if !path.exists() => self.problems.push(Problem::new(
                    manifest,
                    line_of_value(src, id),
                    format!("exercise {id:?} has no manifest at {}", path.display()),
                )),
                None => {}
            }
        }
        let tracks = match entry.tracks {
            Some(tracks) => tracks,
            None => {
                let mut tracks: Vec<Language> = self
                    .exercises
                    .iter()
                    .filter(|e| exercises.contains(&e.id))
                    .map(|e| e.language)
                    .collect();
                tracks.sort();
                tracks.dedup();
                if tracks.is_empty() {
                    Language::ALL.to_vec()
                } else {
                    tracks
                }
            }
        };
        Module {
            id: entry.id,
            title: entry.title,
            summary: entry.summary,
            lessons,
            exercises,
            requires: entry.requires,
            tracks,
        }
    }

    fn exercise_manifest(&self, id: &str) -> PathBuf {
        self.root
            .join("exercises/course")
            .join(id)
            .join("exercise.toml")
    }

    /// Lessons and exercises share one namespace (`parlab show ID`), so an
    /// id may name only one of them.
    fn check_unique_ids(&mut self, manifest: &Path, src: &str) {
        let clashes: Vec<String> = self
            .lessons()
            .filter(|l| self.exercise(&l.id).is_some())
            .map(|l| l.id.clone())
            .collect();
        for id in clashes {
            let file = self.lesson(&id).map(|l| l.path.clone()).unwrap_or_default();
            let rel = file
                .strip_prefix(self.root.join("lessons"))
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            self.problems.push(Problem::new(
                manifest,
                line_of_value(src, &rel),
                format!("lesson {} has the id {id:?} of an exercise; rename the lesson file so `parlab show {id}` can reach both", file.display()),
            ));
        }
    }

    /// An exercise's `lesson` must name a lesson of the course.
    fn check_lesson_links(&mut self) {
        for exercise in &self.exercises {
            let Some(lesson) = &exercise.lesson else {
                continue;
            };
            if self.lesson(lesson).is_none() {
                let src = fs::read_to_string(&exercise.manifest).unwrap_or_default();
                self.problems.push(Problem::at_key(
                    &exercise.manifest,
                    &src,
                    "lesson",
                    format!("lesson {lesson:?} is not a lesson of this course"),
                ));
            }
        }
    }

    /// The languages of this course's exercises: the tracks it offers.
    pub fn tracks(&self) -> Vec<Language> {
        let mut tracks: Vec<Language> = self.exercises.iter().map(|e| e.language).collect();
        tracks.sort();
        tracks.dedup();
        if tracks.is_empty() {
            tracks.push(Language::Rust);
        }
        tracks
    }

    /// Keeps only what a learner of `track` sees: the modules of the track,
    /// and of those the exercises in its language. Lessons of a module
    /// shared by both tracks stay.
    pub fn retain_track(&mut self, track: Language) {
        self.modules.retain(|m| m.in_track(track));
        self.exercises.retain(|e| e.language == track);
        let ids: BTreeSet<String> = self.exercises.iter().map(|e| e.id.clone()).collect();
        for module in &mut self.modules {
            module.exercises.retain(|id| ids.contains(id));
        }
    }

    pub fn exercise(&self, id: &str) -> Option<&Exercise> {
        self.exercises.iter().find(|e| e.id == id)
    }

    pub fn demo(&self, id: &str) -> Option<&Demo> {
        self.demos.iter().find(|d| d.id == id)
    }

    pub fn lesson(&self, id: &str) -> Option<&Lesson> {
        self.lessons().find(|l| l.id == id)
    }

    pub fn lessons(&self) -> impl Iterator<Item = &Lesson> {
        self.modules.iter().flat_map(|m| m.lessons.iter())
    }

    pub fn module(&self, id: &str) -> Option<&Module> {
        self.modules.iter().find(|m| m.id == id)
    }

    /// The exercises package: a Cargo package of its own.
    pub fn exercises_dir(&self) -> PathBuf {
        self.root.join("exercises")
    }

    /// Where parlab keeps its state for this course (progress, builds).
    pub fn state_dir(&self) -> PathBuf {
        match std::env::var_os("PARLAB_STATE_DIR") {
            Some(dir) => PathBuf::from(dir),
            None => self.root.join(".parlab"),
        }
    }
}

/// The `[[bin]]` names of the exercises package, to catch a manifest whose
/// `bin` was never declared.
fn declared_bins(root: &Path, problems: &mut Vec<Problem>) -> BTreeSet<String> {
    let path = root.join("exercises/Cargo.toml");
    let src = match fs::read_to_string(&path) {
        Ok(src) => src,
        Err(e) => {
            problems.push(Problem::new(&path, None, format!("cannot read: {e}")));
            return BTreeSet::new();
        }
    };
    match toml::from_str::<toml::Table>(&src) {
        Ok(table) => table
            .get("bin")
            .and_then(|b| b.as_array())
            .into_iter()
            .flatten()
            .filter_map(|b| b.get("name")?.as_str().map(str::to_owned))
            .collect(),
        Err(e) => {
            problems.push(Problem::from_toml(&path, &src, &e));
            BTreeSet::new()
        }
    }
}

/// Loads one exercise manifest. Returns `None` (with problems recorded) when
/// the exercise cannot be used at all.
fn load_exercise(
    root: &Path,
    path: &Path,
    listed_id: &str,
    module: &str,
    bins: &BTreeSet<String>,
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
    let at = |key: &str, message: String| Problem::at_key(path, &src, key, message);
    if raw.id != listed_id {
        problems.push(at(
            "id",
            format!(
                "id {:?} does not match {listed_id:?}, the id course.toml lists here",
                raw.id
            ),
        ));
    }
    if raw.module != module {
        problems.push(at(
            "module",
            format!(
                "module {:?} but course.toml lists this exercise under {module:?}",
                raw.module
            ),
        ));
    }
    let dir = path.parent().unwrap_or(root);
    let exercises = root.join("exercises");
    let ext = raw.language.extension();
    if !raw.file.ends_with(&format!(".{ext}")) {
        problems.push(at(
            "file",
            format!(
                "file {:?} of a {} exercise must end in .{ext}",
                raw.file,
                raw.language.title()
            ),
        ));
    }
    let mut harness_rel = PathBuf::new();
    match (raw.language, &raw.bin) {
        (Language::Rust, Some(bin)) if !bins.contains(bin) => problems.push(at(
            "bin",
            format!("bin {bin:?} is not a [[bin]] of exercises/Cargo.toml"),
        )),
        (Language::Rust, Some(_)) => {}
        (Language::Rust, None) => problems.push(at(
            "id",
            "a Rust exercise needs `bin`, the [[bin]] of exercises/Cargo.toml that is its harness"
                .into(),
        )),
        (Language::Python, Some(_)) => problems.push(at(
            "bin",
            "a Python exercise has no `bin`: its harness is `harness` (harness.py by default)"
                .into(),
        )),
        (Language::Python, None) => {
            let name = raw.harness.as_deref().unwrap_or("harness.py");
            let harness = dir.join(name);
            if !harness.is_file() {
                problems.push(at(
                    if raw.harness.is_some() {
                        "harness"
                    } else {
                        "language"
                    },
                    format!("harness file {name:?} does not exist in {}", dir.display()),
                ));
            }
            harness_rel = harness
                .strip_prefix(&exercises)
                .map(Path::to_path_buf)
                .unwrap_or(harness);
        }
    }
    if !(raw.time_limit_secs > 0.0 && raw.time_limit_secs <= 3600.0) {
        problems.push(at(
            "time_limit_secs",
            format!(
                "time_limit_secs must be between 0 and 3600, not {}",
                raw.time_limit_secs
            ),
        ));
    }
    if let Some(eff) = raw.efficiency.filter(|e| !(*e > 0.0 && *e <= 1.0)) {
        problems.push(at(
            "efficiency",
            format!("efficiency must be in (0, 1], not {eff}"),
        ));
    }
    if raw.hints.is_empty() {
        problems.push(at("hints", "an exercise needs at least one hint".into()));
    }
    if raw.dask && (raw.language != Language::Python || raw.mpi) {
        problems.push(at(
            "dask",
            "dask = true is for Python exercises whose harness calls parlab_support.dask_client(), not for Rust or MPI ones".into(),
        ));
    }
    for (key, rel) in [
        ("starter", &raw.starter),
        ("reference", &raw.reference),
        ("baseline", &raw.baseline),
    ] {
        if !dir.join(rel).is_file() {
            problems.push(at(
                key,
                format!("{key} file {rel:?} does not exist in {}", dir.display()),
            ));
        }
    }
    let grading = convert_grading(&raw.grading, raw.efficiency.is_some())
        .map_err(|(key, message)| problems.push(at(key, message)))
        .unwrap_or_else(|()| {
            convert_grading(&Default::default(), false).expect("defaults are valid")
        });
    let check = match convert_check(raw.check) {
        Ok(check) => check,
        Err(message) => {
            problems.push(Problem::new(path, line_of_key(&src, "kind"), message));
            return None;
        }
    };
    Some(Exercise {
        id: listed_id.to_owned(),
        title: raw.title,
        module: module.to_owned(),
        lesson: raw.lesson,
        file: exercises.join(&raw.file),
        file_rel: PathBuf::from(&raw.file),
        language: raw.language,
        bin: raw.bin.unwrap_or_default(),
        harness_rel,
        starter: dir.join(raw.starter),
        reference: dir.join(raw.reference),
        baseline: dir.join(raw.baseline),
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

fn convert_check(spec: CheckSpec) -> Result<Check, String> {
    match spec {
        CheckSpec::Exact { expected } => serde_json::to_value(expected)
            .map(Check::Exact)
            .map_err(|e| format!("check: expected value cannot be compared: {e}")),
        CheckSpec::Tolerance { expected, abs, rel } => {
            let (numbers, scalar) = match &expected {
                toml::Value::Array(items) => (items.iter().map(as_number).collect(), false),
                other => (vec![as_number(other)], true),
            };
            let expected: Option<Vec<f64>> = numbers.into_iter().collect();
            let expected =
                expected.ok_or("check: a tolerance check expects a number or a list of numbers")?;
            if !(abs >= 0.0 && rel >= 0.0) || abs + rel == 0.0 {
                return Err("check: a tolerance check needs abs or rel above 0".into());
            }
            Ok(Check::Tolerance {
                expected,
                scalar,
                abs,
                rel,
            })
        }
        CheckSpec::SortedLines { expected } => Ok(Check::SortedLines(expected)),
    }
}

fn as_number(value: &toml::Value) -> Option<f64> {
    match value {
        toml::Value::Float(x) => Some(*x),
        toml::Value::Integer(n) => Some(*n as f64),
        _ => None,
    }
}

fn is_iso_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// The grading table of an exercise, checked; `Err((key, message))` names
/// the key that is wrong.
fn convert_grading(
    spec: &manifest::GradingSpec,
    timed: bool,
) -> Result<Grading, (&'static str, String)> {
    if !(spec.points.is_finite() && spec.points >= 0.0) {
        return Err((
            "points",
            format!("points must be 0 or more, not {}", spec.points),
        ));
    }
    let share = spec.speedup_share.unwrap_or(if timed { 0.5 } else { 0.0 });
    if !(0.0..=1.0).contains(&share) {
        return Err((
            "speedup_share",
            format!("speedup_share must be between 0 and 1, not {share}"),
        ));
    }
    if share > 0.0 && !timed {
        return Err((
            "speedup_share",
            "speedup_share needs an `efficiency`: this exercise's speed is not measured".into(),
        ));
    }
    let tiers = spec.tiers.clone().unwrap_or_else(|| DEFAULT_TIERS.to_vec());
    let ordered = tiers.windows(2).all(|w| w[0].at > w[1].at);
    let in_range = tiers
        .iter()
        .all(|t| t.at > 0.0 && t.at <= 1.0 && (0.0..=1.0).contains(&t.share));
    if tiers.is_empty() || !ordered || !in_range {
        return Err((
            "tiers",
            "tiers must be a list, best first, of { at, share } with at in (0, 1], decreasing, and share in [0, 1]".into(),
        ));
    }
    Ok(Grading {
        points: spec.points,
        speedup_points: spec.points * share,
        tiers,
        visibility: spec.visibility,
        speedup_visibility: spec.speedup_visibility,
    })
}

#[cfg(test)]
mod tests {
    use super::Check;

    #[test]
    fn rank_lines_expand_for_each_run() {
        let check = Check::SortedLines(vec![
            "hello from rank {rank} of {size}".into(),
            "world has {size} ranks".into(),
        ]);
        let Check::SortedLines(lines) = check.for_workers(3).into_owned() else {
            panic!()
        };
        assert_eq!(
            lines,
            [
                "hello from rank 0 of 3",
                "hello from rank 1 of 3",
                "hello from rank 2 of 3",
                "world has 3 ranks"
            ]
        );
        let plain = Check::SortedLines(vec!["a".into()]);
        assert!(matches!(
            plain.for_workers(5),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
