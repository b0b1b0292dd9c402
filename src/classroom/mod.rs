//! Instructor grading: a class's submissions, one folder (or git checkout)
//! per student, graded offline into a gradebook.
//!
//! For every student, only the exercise files are taken from the
//! submission, and they are placed into a fresh copy of the course's
//! exercises package from which every reference, baseline and starter has
//! been removed: the harness, the checks and the clock are the course's own.
//! Symbolic links in a submission are refused, so a file cannot point at the
//! course's reference. Each exercise builds in the sandbox (see
//! `runner::sandbox`), offline, with one build folder shared by the whole
//! class so that dependencies compile once.
//!
//! Correctness runs of a student's exercises run side by side (`--jobs`),
//! each in the sandbox under limits; speed is then measured one exercise at
//! a time, interleaved with the course's serial baseline (built once, outside
//! the sandbox), and an inconclusive measurement is taken again up to twice.
//!
//! Each student's result is written, atomically, to
//! `OUT/students/<name>/grade.json` with a replay record, and with
//! Gradescope's `results.json` beside it; `OUT/gradebook.csv` is rewritten
//! from all of them at the end. A student whose exercise files, course and
//! parlab are unchanged since their last grade is not graded again, so an
//! interrupted run resumes where it stopped.

mod clock;
pub mod exports;
mod prepare;
mod student;

use prepare::prepare;
use student::{Student, grade_student};

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::check;
use crate::course::{Course, Exercise};
use crate::grader::score;
use crate::grader::{Outcome, RunVerdict, Sample, Timing};
use crate::runner;
use crate::runner::sandbox::{Isolation, Sandbox};

/// The format of `grade.json`; a record of another format is graded again.
pub const RECORD_FORMAT: u32 = 1;

#[derive(Clone, Debug)]
pub struct GradeOptions {
    pub submissions: PathBuf,
    pub out: PathBuf,
    /// Grade this student only, even if unchanged.
    pub student: Option<String>,
    /// Correctness runs at once.
    pub jobs: usize,
    /// Use bubblewrap where it works.
    pub sandbox: bool,
    /// Workers for the timed runs; the core count when `None`.
    pub workers: Option<usize>,
    /// Address space of each process of a submission.
    pub memory_bytes: u64,
    pub cancel: Arc<AtomicBool>,
    /// The command line, for the replay record.
    pub command: String,
}

/// What the grader is doing, for a progress bar.
#[derive(Clone, Debug)]
pub enum Progress {
    /// The one-time work before the first student.
    Preparing {
        what: String,
    },
    Student {
        name: String,
        /// Students finished so far, of `total` to grade.
        done: usize,
        total: usize,
        /// What is happening to this student now.
        doing: String,
        /// Seconds left, from the students graded so far.
        eta_seconds: Option<f64>,
    },
    Finished {
        name: String,
        done: usize,
        total: usize,
        points: f64,
        max: f64,
    },
    Unchanged {
        name: String,
    },
}

/// One exercise of one student.
#[derive(Clone, Debug, Serialize)]
pub struct ExerciseGrade {
    pub id: String,
    pub title: String,
    pub submitted: bool,
    /// Why speed was not graded on the grading machine, when it was not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speed_not_graded: Option<String>,
    /// `None` when nothing was submitted.
    pub outcome: Option<Outcome>,
    pub message: String,
    pub points: score::Points,
    pub correctness_visibility: crate::course::manifest::Visibility,
    pub speedup_visibility: crate::course::manifest::Visibility,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speedup: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_speedup: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speedup_low: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speedup_high: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpu_parallelism: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub peak_rss_bytes: Option<u64>,
    pub workers: usize,
    pub cores: usize,
    /// Speed measurements taken (more than one when a busy machine made one
    /// inconclusive).
    pub attempts: usize,
    pub samples: Vec<Sample>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timing: Option<Timing>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diagnostics: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub isolation: Option<Isolation>,
    pub build_seconds: f64,
    pub check_seconds: f64,
    /// The submission's own run times (the harness's clock), summed.
    pub run_seconds: f64,
    /// The message before hidden checks were redacted, for Gradescope's
    /// after-due-date tests; never written to grade.json.
    #[serde(skip)]
    pub full_message: String,
}

/// How to replay a grade: what was graded, with what, on what.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Replay {
    pub submission_sha256: String,
    /// Each exercise file taken from the submission, by its path.
    pub files: BTreeMap<String, String>,
    pub course_sha256: String,
    pub parlab_version: String,
    pub toolchain: Option<String>,
    pub hardware: Hardware,
    pub load_average: Option<f64>,
    pub graded_at: String,
    pub command: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Hardware {
    pub cores: usize,
    pub cpu_model: Option<String>,
    pub memory_bytes: Option<u64>,
    pub os: String,
}

/// Everything about one student: `OUT/students/<name>/grade.json`.
#[derive(Clone, Debug, Serialize)]
pub struct StudentGrade {
    pub format: u32,
    pub student: String,
    pub total: f64,
    pub max: f64,
    pub exercises: Vec<ExerciseGrade>,
    pub isolation: Isolation,
    pub replay: Replay,
}

/// The part of a stored grade that resuming and the gradebook read back.
#[derive(Clone, Debug, Deserialize)]
pub struct StoredGrade {
    pub format: u32,
    pub student: String,
    pub total: f64,
    pub max: f64,
    pub exercises: Vec<StoredExercise>,
    pub replay: Replay,
}

#[derive(Clone, Debug, Deserialize)]
pub struct StoredExercise {
    pub id: String,
    pub submitted: bool,
    pub outcome: Option<Outcome>,
    pub points: StoredPoints,
    #[serde(default)]
    pub speed_not_graded: Option<String>,
}

#[derive(Clone, Copy, Debug, Deserialize)]
pub struct StoredPoints {
    pub total: f64,
}

/// Where the time of a grading run went, for the benchmark.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Timings {
    /// Baselines and the class's dependencies, once.
    pub one_time_seconds: f64,
    /// Building the submissions.
    pub build_seconds: f64,
    /// Checking them (correctness and speed), wall time.
    pub check_seconds: f64,
    /// The submissions' own run times, summed.
    pub run_seconds: f64,
    pub total_seconds: f64,
}

/// The class: `OUT/summary.json`.
#[derive(Clone, Debug, Serialize)]
pub struct ClassSummary {
    pub students: usize,
    pub graded: Vec<String>,
    pub unchanged: Vec<String>,
    pub isolation: Isolation,
    pub timings: Timings,
    pub gradebook: PathBuf,
}

/// Grades the class in `options.submissions` into `options.out`.
pub fn grade(
    course: &Course,
    options: &GradeOptions,
    on_progress: &mut dyn FnMut(Progress),
) -> Result<ClassSummary> {
    let started = Instant::now();
    let out = absolute(&options.out)?;
    fs::create_dir_all(out.join("students"))
        .with_context(|| format!("failed to create {}", out.display()))?;
    let students = list_students(&options.submissions)?;
    if let Some(name) = &options.student
        && !students.iter().any(|(n, _)| n == name)
    {
        bail!(
            "there is no student {name:?} in {}",
            options.submissions.display()
        );
    }
    let course_sha = course_hash(course)?;
    let mut todo = Vec::new();
    let mut unchanged = Vec::new();
    for (name, dir) in &students {
        if options.student.as_ref().is_some_and(|s| s != name) {
            continue;
        }
        let files = submitted_files(course, dir);
        let sha = submission_hash(&files);
        let forced = options.student.is_some();
        let stored = read_stored(&out, name);
        let same = stored.as_ref().is_some_and(|s| {
            s.format == RECORD_FORMAT
                && s.replay.submission_sha256 == sha
                && s.replay.course_sha256 == course_sha
                && s.replay.parlab_version == env!("CARGO_PKG_VERSION")
        });
        if same && !forced {
            on_progress(Progress::Unchanged { name: name.clone() });
            unchanged.push(name.clone());
        } else {
            todo.push((name.clone(), files, sha));
        }
    }

    let sandbox = Arc::new(Sandbox::detect(options.sandbox));
    let mut timings = Timings::default();
    let class = if todo.is_empty() {
        None
    } else {
        let t = Instant::now();
        let class = prepare(course, &out, &sandbox, options, on_progress)?;
        timings.one_time_seconds = t.elapsed().as_secs_f64();
        Some(class)
    };
    let mut graded = Vec::new();
    let total = todo.len();
    let grading_started = Instant::now();
    for (i, (name, files, sha)) in todo.into_iter().enumerate() {
        if options.cancel.load(Ordering::Relaxed) {
            bail!("cancelled; run the same command again to resume");
        }
        let class = class.as_ref().expect("prepared when there is work");
        let eta = (i > 0)
            .then(|| grading_started.elapsed().as_secs_f64() / i as f64 * (total - i) as f64);
        let mut tell = |doing: String| {
            on_progress(Progress::Student {
                name: name.clone(),
                done: i,
                total,
                doing,
                eta_seconds: eta,
            })
        };
        let student = Student {
            name: &name,
            files: &files,
            sha: &sha,
        };
        let grade = grade_student(course, class, options, &student, &course_sha, &mut tell)?;
        for e in &grade.exercises {
            timings.build_seconds += e.build_seconds;
            timings.check_seconds += e.check_seconds;
            timings.run_seconds += e.run_seconds;
        }
        exports::write_student(&out, &grade, course)?;
        on_progress(Progress::Finished {
            name: name.clone(),
            done: i + 1,
            total,
            points: grade.total,
            max: grade.max,
        });
        graded.push(name);
    }
    let stored: Vec<StoredGrade> = students
        .iter()
        .filter_map(|(name, _)| read_stored(&out, name))
        .collect();
    let gradebook = exports::write_gradebook(&out, course, &stored)?;
    timings.total_seconds = started.elapsed().as_secs_f64();
    let limits = run_limits(&sandbox, None, options);
    let summary = ClassSummary {
        students: students.len(),
        graded,
        unchanged,
        isolation: sandbox.isolation(&limits),
        timings,
        gradebook,
    };
    exports::write_json(&out.join("summary.json"), &summary)?;
    Ok(summary)
}

impl ExerciseGrade {
    fn new(exercise: &Exercise) -> Self {
        Self {
            id: exercise.id.clone(),
            title: exercise.title.clone(),
            submitted: false,
            speed_not_graded: None,
            outcome: None,
            message: String::new(),
            points: score::points(&exercise.grading, None, None, None),
            correctness_visibility: exercise.grading.visibility,
            speedup_visibility: exercise.grading.speedup_visibility,
            speedup: None,
            target_speedup: None,
            speedup_low: None,
            speedup_high: None,
            cpu_parallelism: None,
            peak_rss_bytes: None,
            workers: 0,
            cores: runner::cores(),
            attempts: 0,
            samples: Vec::new(),
            timing: None,
            diagnostics: None,
            isolation: None,
            build_seconds: 0.0,
            check_seconds: 0.0,
            run_seconds: 0.0,
            full_message: String::new(),
        }
    }

    fn apply(&mut self, report: check::Report) {
        self.outcome = Some(report.outcome);
        self.message = report.message;
        self.workers = report.workers;
        self.cores = report.cores;
        self.speedup = report.speedup;
        self.target_speedup = report.target_speedup;
        self.speedup_low = report.speedup_low;
        self.speedup_high = report.speedup_high;
        self.cpu_parallelism = report.cpu_parallelism;
        self.peak_rss_bytes = report.peak_rss_bytes.or(self.peak_rss_bytes);
        self.timing = report.timing;
        self.samples = report.samples;
        self.speed_not_graded = report.speed_not_graded;
        if report.diagnostics.is_some() {
            self.diagnostics = report.diagnostics;
        }
    }

    /// Scores the exercise, records the isolation, and keeps hidden
    /// checks' details out of what the student may see.
    fn finish(
        &mut self,
        exercise: &Exercise,
        sandbox: &Sandbox,
        options: &GradeOptions,
        after_due: bool,
    ) {
        self.points = score::points(
            &exercise.grading,
            self.outcome,
            self.speedup,
            self.target_speedup,
        );
        if self.speed_not_graded.is_some() {
            // Correct, but this machine could not tell serial from parallel
            // work: no speed points are earned here, and the notes say so.
            self.points.speedup = 0.0;
            self.points.total = self.points.correctness;
        }
        self.run_seconds = self
            .samples
            .iter()
            .filter_map(|s| s.verdict.seconds())
            .sum();
        if self.submitted && self.outcome != Some(Outcome::CompileError) {
            let limits = run_limits(sandbox, Some(exercise), options);
            self.isolation = Some(sandbox.isolation(&limits));
        }
        if self.outcome.is_none() && self.submitted {
            self.message = "Not graded.".into();
        }
        self.full_message = self.message.clone();
        if !score::shown(exercise.grading.visibility, after_due) {
            self.message = score::hidden_message(self.outcome);
            for sample in &mut self.samples {
                if let RunVerdict::Wrong { why, .. } = &mut sample.verdict {
                    *why = "hidden check".into();
                }
            }
        }
    }
}

/// The limits of a submission's runs of `exercise`: CPU enough for every
/// thread of every run to use its whole time limit twice over (a minute for
/// the record of a whole student).
fn run_limits(
    sandbox: &Sandbox,
    exercise: Option<&Exercise>,
    options: &GradeOptions,
) -> runner::Limits {
    let cpu = exercise.map_or(60, |e| {
        (e.time_limit.as_secs() + 1) * 2 * (runner::cores() as u64 + 2) + 10
    });
    runner::sandbox::run_limits(sandbox, cpu, options.memory_bytes)
}

/// The student folders of `dir`, by name (hidden folders left out).
pub fn list_students(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    let entries = fs::read_dir(dir).with_context(|| format!("failed to read {}", dir.display()))?;
    let mut students = Vec::new();
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || !entry.file_type()?.is_dir() {
            continue;
        }
        let safe = name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '@' | '+'));
        if !safe {
            bail!("student folder {name:?}: use letters, digits and - _ . @ + only");
        }
        students.push((name, entry.path()));
    }
    students.sort();
    Ok(students)
}

/// Each exercise file of the course, as the submission in `dir` has it:
/// `exercises/<file>` (a checkout of the course) or `<file>` (the files
/// alone). `None` for a file that is missing or is not a plain file (a
/// symbolic link could point anywhere).
pub fn submitted_files(course: &Course, dir: &Path) -> BTreeMap<String, Option<PathBuf>> {
    course
        .exercises
        .iter()
        .map(|e| {
            let rel = e.file_rel.to_string_lossy().into_owned();
            let found = [
                dir.join("exercises").join(&e.file_rel),
                dir.join(&e.file_rel),
            ]
            .into_iter()
            .find(|p| fs::symlink_metadata(p).is_ok_and(|m| m.is_file()));
            (rel, found)
        })
        .collect()
}

fn submission_hash(files: &BTreeMap<String, Option<PathBuf>>) -> String {
    let mut hasher = Sha256::new();
    for (rel, path) in files {
        hasher.update(rel.as_bytes());
        hasher.update([0]);
        match path.as_ref().and_then(|p| fs::read(p).ok()) {
            Some(bytes) => {
                hasher.update((bytes.len() as u64).to_le_bytes());
                hasher.update(&bytes);
            }
            None => hasher.update(u64::MAX.to_le_bytes()),
        }
    }
    hex(&hasher.finalize())
}

fn file_hash(path: &Path) -> Result<String> {
    let bytes = fs::read(path).with_context(|| format!("failed to read {}", path.display()))?;
    Ok(hex(&Sha256::digest(&bytes)))
}

/// A hash of everything of the course that grading depends on: the
/// manifests, the exercises package (its harnesses, support crate,
/// references and baselines), but not the learner files in it.
pub fn course_hash(course: &Course) -> Result<String> {
    let learner: Vec<PathBuf> = course.exercises.iter().map(|e| e.file.clone()).collect();
    let mut files = Vec::new();
    collect_files(&course.exercises_dir(), &mut files)?;
    files.push(course.root.join("course.toml"));
    files.retain(|f| !learner.contains(f));
    files.sort();
    let mut hasher = Sha256::new();
    for file in files {
        let rel = file.strip_prefix(&course.root).unwrap_or(&file);
        hasher.update(rel.to_string_lossy().as_bytes());
        hasher.update([0]);
        let bytes =
            fs::read(&file).with_context(|| format!("failed to read {}", file.display()))?;
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(&bytes);
    }
    Ok(hex(&hasher.finalize()))
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in fs::read_dir(dir).with_context(|| format!("failed to read {}", dir.display()))? {
        let entry = entry?;
        let name = entry.file_name();
        if name == "target" || name.to_string_lossy().starts_with('.') {
            continue;
        }
        let kind = entry.file_type()?;
        if kind.is_dir() {
            collect_files(&entry.path(), out)?;
        } else if kind.is_file() {
            out.push(entry.path());
        }
    }
    Ok(())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A copy of the course's exercises package in `dest` with the submitted
/// files in place (the starter where a file is missing) and every
/// reference, baseline and starter removed.
fn stage_clean(
    course: &Course,
    dest: &Path,
    files: &BTreeMap<String, Option<PathBuf>>,
) -> Result<()> {
    let replacements: Vec<(&Path, &Path)> = course
        .exercises
        .iter()
        .map(|e| {
            let rel = e.file_rel.to_string_lossy();
            let from = files
                .get(rel.as_ref())
                .and_then(Option::as_deref)
                .unwrap_or(&e.starter);
            (e.file_rel.as_path(), from)
        })
        .collect();
    runner::stage(&course.exercises_dir(), dest, &replacements)
        .with_context(|| format!("failed to copy the course into {}", dest.display()))?;
    let src = course.exercises_dir();
    for exercise in &course.exercises {
        for variant in [&exercise.reference, &exercise.baseline, &exercise.starter] {
            if let Ok(rel) = variant.strip_prefix(&src) {
                let _ = fs::remove_file(dest.join(rel));
            }
        }
    }
    Ok(())
}

/// Absolute path dependencies of the staged package (the stage makes
/// paths that leave the package absolute).
fn external_paths(package: &Path) -> Vec<PathBuf> {
    let Ok(text) = fs::read_to_string(package.join("Cargo.toml")) else {
        return Vec::new();
    };
    let Ok(table) = toml::from_str::<toml::Table>(&text) else {
        return Vec::new();
    };
    table
        .get("dependencies")
        .and_then(|d| d.as_table())
        .into_iter()
        .flat_map(|deps| deps.values())
        .filter_map(|dep| dep.get("path")?.as_str().map(PathBuf::from))
        .filter(|p| p.is_absolute())
        .collect()
}

fn read_stored(out: &Path, name: &str) -> Option<StoredGrade> {
    let text = fs::read_to_string(out.join("students").join(name).join("grade.json")).ok()?;
    serde_json::from_str(&text).ok()
}

fn absolute(path: &Path) -> Result<PathBuf> {
    if path.is_absolute() {
        return Ok(path.to_path_buf());
    }
    Ok(std::env::current_dir()
        .context("failed to read the current folder")?
        .join(path))
}

/// The run folder belongs to root while the program runs as nobody.
fn make_writable_by_all(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = fs::set_permissions(dir, fs::Permissions::from_mode(0o1777));
}

fn hardware() -> Hardware {
    let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu_model = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, v)| v.trim().to_owned());
    Hardware {
        cores: runner::cores(),
        cpu_model,
        memory_bytes: runner::total_memory_bytes(),
        os: format!("{} {}", std::env::consts::OS, std::env::consts::ARCH),
    }
}
