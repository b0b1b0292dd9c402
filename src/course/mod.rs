//! The course: modules, lessons and exercises, loaded from a course folder.
//!
//! Loading never stops at the first problem. A course whose `course.toml`
//! cannot be read is an error; past that, every broken lesson or exercise is
//! recorded as a [`Problem`] with its file and line, and the rest of the course
//! loads. This module only reads files: it never builds or runs anything.

mod check;
pub mod conventions;
mod demo;
mod exercise;
mod lesson;
pub mod manifest;
mod problem;
pub mod schema;
pub mod suggest;
#[cfg(test)]
mod tests;

pub use check::{Check, DEFAULT_TIERS, Grading, LatePolicy};
pub use demo::{Demo, DemoProgram, DemoRun, Need, expand, named_demos};
pub use lesson::{Lesson, LoadError, NotUtf8, lint_lesson};
pub use manifest::{FORMAT, Language};
pub use problem::{Problem, line_col};

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use exercise::{Listing, load_exercise};
use manifest::{CourseFile, ModuleEntry};
use problem::line_of_value;

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
    /// From the late keys of `[grading]` in course.toml.
    pub late: LatePolicy,
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
            late: LatePolicy::default(),
        };
        course.late = late_policy(&file.grading, &manifest, &src, &mut course.problems);
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
        let lessons = self.load_lessons(&entry, manifest, src);
        let ids = match &entry.exercises {
            Some(ids) => ids.clone(),
            None => conventions::exercise_ids(&self.root, &entry.id),
        };
        let mut exercises = Vec::new();
        for id in &ids {
            let path = conventions::manifest_path(&self.root, id);
            let listing = Listing {
                root: &self.root,
                id,
                module: &entry.id,
                bins,
            };
            match load_exercise(&listing, &path, &mut self.problems) {
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

    /// The lessons of a module. A path that leaves `lessons/`, a file that
    /// cannot be read or whose beginning is not UTF-8, and a second file with
    /// the id of an earlier one are problems on their line, and leave that
    /// lesson out (of two with one id, the first stays).
    fn load_lessons(&mut self, entry: &ModuleEntry, manifest: &Path, src: &str) -> Vec<Lesson> {
        let mut lessons: Vec<(Lesson, &str, usize)> = Vec::new();
        for spanned in &entry.lessons {
            let rel = spanned.get_ref().as_str();
            let line = line_col(src, spanned.span().start).0;
            match Lesson::load(&self.root, &entry.id, rel) {
                Ok(lesson) => match lessons.iter().find(|(l, ..)| l.id == lesson.id) {
                    Some((first, first_rel, first_line)) => {
                        let both = [(*first_rel, *first_line), (rel, line)];
                        self.duplicate_lessons(&first.id, both, manifest);
                    }
                    None => lessons.push((lesson, rel, line)),
                },
                Err(LoadError::Entry(message)) => {
                    self.problems
                        .push(Problem::new(manifest, Some(line), message));
                }
                Err(LoadError::File { line, message }) => {
                    let file = self.root.join("lessons").join(rel);
                    self.problems.push(Problem::new(&file, Some(line), message));
                }
            }
        }
        lessons.into_iter().map(|(lesson, ..)| lesson).collect()
    }

    /// Two lesson files with one id: a problem on each one's line.
    fn duplicate_lessons(&mut self, id: &str, both: [(&str, usize); 2], manifest: &Path) {
        let [(first, first_line), (second, second_line)] = both;
        let message = format!(
            "lessons {first:?} (line {first_line}) and {second:?} (line {second_line}) both have the id {id:?}, so only the first is loaded; rename one of the files"
        );
        for line in [first_line, second_line] {
            self.problems
                .push(Problem::new(manifest, Some(line), message.clone()));
        }
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

/// A date written `YYYY-MM-DD`.
/// The late policy of `[grading]`; a share outside 0 to 1, or a policy
/// without a due date, is a problem.
fn late_policy(
    grading: &manifest::CourseGrading,
    manifest: &Path,
    src: &str,
    problems: &mut Vec<Problem>,
) -> LatePolicy {
    let mut policy = LatePolicy {
        penalty_per_day: grading.late_penalty_per_day,
        max_penalty: grading.late_penalty_max.unwrap_or(1.0),
        grace_days: grading.grace_days,
        grace_days_for: grading.grace_days_for.clone(),
    };
    for (key, value) in [
        ("late_penalty_per_day", policy.penalty_per_day),
        ("late_penalty_max", policy.max_penalty),
    ] {
        if !(0.0..=1.0).contains(&value) {
            problems.push(Problem::at_key(
                manifest,
                src,
                key,
                format!("{key} is a share of the points, from 0 to 1, not {value}"),
            ));
            policy = LatePolicy::default();
        }
    }
    if policy.is_set() && grading.due.is_none() {
        problems.push(Problem::at_key(
            manifest,
            src,
            "grace_days",
            "a late policy needs a due date: add due = \"YYYY-MM-DD\" to [grading]",
        ));
    }
    policy
}

fn is_iso_date(text: &str) -> bool {
    text.len() == 10
        && text.char_indices().all(|(i, c)| match i {
            4 | 7 => c == '-',
            _ => c.is_ascii_digit(),
        })
}
