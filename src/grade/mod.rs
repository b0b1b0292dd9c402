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

pub mod outputs;
pub mod score;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::check::{self, CheckOptions, Prebuilt, Stage};
use crate::course::{Course, Exercise, Language};
use crate::grader::{Outcome, RunVerdict, Sample, Timing};
use crate::runner::python::Python;
use crate::runner::sandbox::{Confinement, Isolation, Sandbox};
use crate::runner::{self, BuildOutcome, Program, Variant};

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
        outputs::write_student(&out, &grade, course)?;
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
    let gradebook = outputs::write_gradebook(&out, course, &stored)?;
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
    outputs::write_json(&out.join("summary.json"), &summary)?;
    Ok(summary)
}

/// What every student's grading shares: the course's baselines, the
/// class's build folder, the sandbox.
struct Class {
    work: PathBuf,
    build_dir: PathBuf,
    baselines: BTreeMap<String, Program>,
    sandbox: Arc<Sandbox>,
    /// Path dependencies outside the package (the support crate of a
    /// course whose package points outside itself): readable in builds.
    external: Vec<PathBuf>,
    hardware: Hardware,
    toolchain: Option<String>,
    /// This grading run's secret seed: every input is drawn from it, and
    /// every expected value computed by the course's baseline on it.
    seed: u64,
    /// The course's Python, where it has Python exercises; the error where
    /// it could not be made (those exercises are then not graded).
    python: Option<std::result::Result<Python, String>>,
}

/// Builds the course's serial baselines and the class's dependencies once.
fn prepare(
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

/// One student's submission being graded.
struct Student<'a> {
    name: &'a str,
    files: &'a BTreeMap<String, Option<PathBuf>>,
    sha: &'a str,
}

/// The folders of one student's grading: the clean course copy with their
/// files, its build output, their programs, and the one folder their runs
/// may write.
struct Folders {
    package: PathBuf,
    target: PathBuf,
    bin: PathBuf,
    run: PathBuf,
}

impl Folders {
    fn make(class: &Class, name: &str) -> Result<Folders> {
        let home = class.work.join("students").join(name);
        let folders = Folders {
            package: home.join("package"),
            target: home.join("target"),
            bin: home.join("bin"),
            run: home.join("run"),
        };
        for dir in [&folders.target, &folders.bin, &folders.run] {
            fs::create_dir_all(dir)
                .with_context(|| format!("failed to create {}", dir.display()))?;
        }
        make_writable_by_all(&folders.run);
        Ok(folders)
    }
}

fn grade_student(
    course: &Course,
    class: &Class,
    options: &GradeOptions,
    student: &Student,
    course_sha: &str,
    tell: &mut dyn FnMut(String),
) -> Result<StudentGrade> {
    let folders = Folders::make(class, student.name)?;
    tell("copying the exercise files into a clean course".into());
    stage_clean(course, &folders.package, student.files)?;
    let (mut grades, programs) =
        build_submission(course, class, options, &folders, student.files, tell)?;
    let grading = Grading {
        course,
        class,
        options,
        folders: &folders,
        programs: &programs,
    };
    grading.correctness(&mut grades, tell)?;
    grading.speed(&mut grades, tell)?;

    let after_due = course
        .due
        .as_deref()
        .is_some_and(|due| score::today().as_str() >= due);
    let mut total = 0.0;
    let mut max = 0.0;
    for (grade, exercise) in grades.iter_mut().zip(&course.exercises) {
        grade.finish(exercise, &class.sandbox, options, after_due);
        total += grade.points.total;
        max += grade.points.max;
    }
    let limits = run_limits(&class.sandbox, None, options);
    Ok(StudentGrade {
        format: RECORD_FORMAT,
        student: student.name.to_owned(),
        total: (total * 100.0_f64).round() / 100.0,
        max,
        exercises: grades,
        isolation: class.sandbox.isolation(&limits),
        replay: Replay {
            submission_sha256: student.sha.to_owned(),
            files: student
                .files
                .iter()
                .filter_map(|(rel, path)| Some((rel.clone(), file_hash(path.as_ref()?).ok()?)))
                .collect(),
            course_sha256: course_sha.to_owned(),
            parlab_version: env!("CARGO_PKG_VERSION").to_owned(),
            toolchain: class.toolchain.clone(),
            hardware: class.hardware.clone(),
            load_average: check::load_average(),
            graded_at: score::now_rfc3339(),
            command: options.command.clone(),
        },
    })
}

/// Builds (or, for Python, compiles) every submitted exercise in the
/// sandbox: a grade per exercise, and the program of each that built.
fn build_submission(
    course: &Course,
    class: &Class,
    options: &GradeOptions,
    folders: &Folders,
    files: &BTreeMap<String, Option<PathBuf>>,
    tell: &mut dyn FnMut(String),
) -> Result<(Vec<ExerciseGrade>, Vec<Option<Program>>)> {
    let mut grades: Vec<ExerciseGrade> = Vec::new();
    let mut programs: Vec<Option<Program>> = Vec::new();
    for exercise in &course.exercises {
        let mut grade = ExerciseGrade::new(exercise);
        let rel = exercise.file_rel.to_string_lossy().into_owned();
        grade.submitted = files.get(&rel).is_some_and(Option::is_some);
        if !grade.submitted {
            grade.message =
                format!("Not submitted: exercises/{rel} is missing or not a plain file.");
            grades.push(grade);
            programs.push(None);
            continue;
        }
        tell(format!("building {}", exercise.id));
        let t = Instant::now();
        let built = match exercise.language {
            Language::Rust => build_rust(class, options, folders, exercise)?,
            Language::Python => match &class.python {
                Some(Ok(python)) => compile_python(class, options, folders, exercise, python)?,
                other => {
                    let why = match other {
                        Some(Err(why)) => why.as_str(),
                        _ => "no Python",
                    };
                    grade.message = format!(
                        "Not graded: the course's Python could not be set up on the grading machine: {why}"
                    );
                    grades.push(grade);
                    programs.push(None);
                    continue;
                }
            },
        };
        grade.build_seconds = t.elapsed().as_secs_f64();
        match built {
            BuildOutcome::Built { program } => programs.push(Some(program)),
            BuildOutcome::Cancelled => bail!("cancelled; run the same command again to resume"),
            BuildOutcome::CompileError { diagnostics } => {
                grade.outcome = Some(Outcome::CompileError);
                grade.message = match crate::grader::python_syntax_error(&diagnostics) {
                    Some((line, col, what)) => {
                        format!("Compile error: exercises/{rel}:{line}:{col}: {what}.")
                    }
                    None => format!("Compile error: exercises/{rel} does not compile."),
                };
                grade.diagnostics = Some(diagnostics);
                programs.push(None);
            }
        }
        grades.push(grade);
    }
    Ok((grades, programs))
}
fn build_rust(
    class: &Class,
    options: &GradeOptions,
    folders: &Folders,
    exercise: &Exercise,
) -> Result<BuildOutcome> {
    // The copy is the submission's own: cargo may rewrite its Cargo.lock
    // (the package is renamed after the copy's folder).
    let wrap = |spec: runner::RunSpec| {
        let mut spec = class.sandbox.wrap(
            spec,
            &class.external,
            &[
                folders.package.clone(),
                class.build_dir.clone(),
                folders.target.clone(),
            ],
            &runner::Limits::none(),
            true,
        );
        spec.env.extend(runner::sandbox::toolchain_env());
        spec
    };
    let features: &[&str] = if exercise.mpi { &["mpi"] } else { &[] };
    let built = runner::build_staged(
        &folders.package,
        &class.build_dir,
        &folders.target,
        &exercise.bin,
        features,
        &options.cancel,
        &wrap,
    )?;
    let BuildOutcome::Built { program } = built else {
        return Ok(built);
    };
    let dest = folders.bin.join(&exercise.bin);
    fs::copy(&program.path, &dest)
        .with_context(|| format!("failed to copy {}", program.path.display()))?;
    Ok(BuildOutcome::Built {
        program: Program::native(dest),
    })
}

/// A Python submission: the student's file in the clean copy, compiled in
/// the sandbox; it runs on the course's harness in that copy.
fn compile_python(
    class: &Class,
    options: &GradeOptions,
    folders: &Folders,
    exercise: &Exercise,
    python: &Python,
) -> Result<BuildOutcome> {
    let file = folders.package.join(&exercise.file_rel);
    let program = runner::python::program(python, &folders.package, exercise, &file);
    let wrap = |spec: runner::RunSpec| {
        class.sandbox.wrap(
            spec,
            &program.reads,
            std::slice::from_ref(&folders.run),
            &runner::Limits::none(),
            false,
        )
    };
    runner::python::compile(python, &file, program.clone(), &options.cancel, &wrap)
}

/// One student's checks, after their build.
struct Grading<'a> {
    course: &'a Course,
    class: &'a Class,
    options: &'a GradeOptions,
    folders: &'a Folders,
    programs: &'a [Option<Program>],
}

impl Grading<'_> {
    fn check_options(&self, exercise: &Exercise, program: &Program, stage: Stage) -> CheckOptions {
        let limits = run_limits(&self.class.sandbox, Some(exercise), self.options);
        let mut readable = vec![self.folders.bin.clone()];
        readable.extend(
            program
                .reads
                .iter()
                .filter(|r| !readable.contains(r))
                .cloned()
                .collect::<Vec<_>>(),
        );
        CheckOptions {
            variant: Variant::Learner,
            cancel: self.options.cancel.clone(),
            workers: self.options.workers,
            stage,
            prebuilt: Some(Prebuilt {
                solution: program.clone(),
                baseline: self.class.baselines.get(&exercise.id).cloned(),
            }),
            confinement: Some(Confinement {
                sandbox: self.class.sandbox.clone(),
                readable,
                writable: vec![self.folders.run.clone()],
                limits,
            }),
            seed: check::SeedChoice::Given(self.class.seed),
            ..CheckOptions::default()
        }
    }

    /// Correctness, side by side (`--jobs`).
    fn correctness(
        &self,
        grades: &mut [ExerciseGrade],
        tell: &mut dyn FnMut(String),
    ) -> Result<()> {
        tell("checking correctness".into());
        let jobs = self.options.jobs.max(1);
        let next = AtomicUsize::new(0);
        type Checked = Option<(Result<check::Report>, f64)>;
        let results: Mutex<Vec<Checked>> = Mutex::new((0..grades.len()).map(|_| None).collect());
        std::thread::scope(|scope| {
            for _ in 0..jobs {
                scope.spawn(|| {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= grades.len() {
                            break;
                        }
                        let (Some(program), exercise) =
                            (&self.programs[i], &self.course.exercises[i])
                        else {
                            continue;
                        };
                        let t = Instant::now();
                        let options = self.check_options(exercise, program, Stage::Correctness);
                        let report = check::check(self.course, exercise, &options, &mut |_| {});
                        let seconds = t.elapsed().as_secs_f64();
                        results.lock().expect("no panics while holding it")[i] =
                            Some((report, seconds));
                    }
                });
            }
        });
        let results = results.into_inner().expect("no panics while holding it");
        for (i, result) in results.into_iter().enumerate() {
            let Some((report, seconds)) = result else {
                continue;
            };
            grades[i].check_seconds += seconds;
            grades[i].apply(report?);
        }
        Ok(())
    }

    /// Speed, one exercise at a time, on a machine with nothing else of
    /// ours running; an inconclusive measurement is taken again, twice.
    fn speed(&self, grades: &mut [ExerciseGrade], tell: &mut dyn FnMut(String)) -> Result<()> {
        for (i, exercise) in self.course.exercises.iter().enumerate() {
            let (Some(program), Some(_)) = (&self.programs[i], exercise.efficiency) else {
                continue;
            };
            if grades[i].outcome != Some(Outcome::Passed)
                || !self.class.baselines.contains_key(&exercise.id)
            {
                continue;
            }
            let correctness_samples = std::mem::take(&mut grades[i].samples);
            for attempt in 1..=3 {
                tell(format!(
                    "timing {} against the serial baseline",
                    exercise.id
                ));
                let t = Instant::now();
                let options = self.check_options(exercise, program, Stage::Timing);
                let report = check::check(self.course, exercise, &options, &mut |_| {})?;
                grades[i].check_seconds += t.elapsed().as_secs_f64();
                grades[i].attempts = attempt;
                let again = report.outcome == Outcome::Inconclusive;
                grades[i].apply(report);
                if !again {
                    break;
                }
            }
            let timed = std::mem::replace(&mut grades[i].samples, correctness_samples);
            grades[i].samples.extend(timed);
        }
        Ok(())
    }
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
