//! Plain values for the classroom wing's tests: the graded fixture course
//! (tests/fixtures/graded), check reports as `check::check` makes them, and
//! a small class whose records are kept, as written before grades held
//! their reports, in tests/fixtures/classroom-records.

use std::path::{Path, PathBuf};

use serde_json::json;

use super::records::{ExerciseGrade, Hardware, Reached, Replay, StudentGrade};
use crate::check::Report;
use crate::course::Course;
use crate::course::manifest::Visibility;
use crate::grader::score;
use crate::grader::{Outcome, RunVerdict, Sample, Timing};
use crate::runner::Variant;
use crate::runner::sandbox::Isolation;

/// The fixture course graded in tests/grade.rs: `class/sum` (timed, 10
/// points), `class/secret` (hidden, 5), `class/seeded` (5).
pub fn course() -> Course {
    Course::load(&fixtures().join("graded")).expect("the graded fixture course loads")
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A stored record of tests/fixtures/classroom-records.
pub fn record(name: &str) -> String {
    let path = fixtures().join("classroom-records").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn report(id: &str, outcome: Outcome, message: &str) -> Report {
    Report {
        id: id.into(),
        variant: Variant::Learner,
        outcome,
        passed: outcome == Outcome::Passed,
        message: message.into(),
        workers: 2,
        cores: 2,
        speedup: None,
        target_speedup: None,
        speedup_low: None,
        speedup_high: None,
        cpu_parallelism: None,
        peak_rss_bytes: None,
        load_average: Some(0.5),
        timing: None,
        samples: Vec::new(),
        diagnostics: None,
        workbench_peak_rss_bytes: Some(9),
        speed_not_graded: None,
        seed: Some(42),
        cluster: None,
        host: None,
    }
}

pub fn sample(workers: usize, verdict: RunVerdict) -> Sample {
    Sample {
        workers,
        verdict,
        cpu_seconds: Some(0.25),
        peak_rss_bytes: Some(1000),
        busy_elsewhere: None,
        wall_seconds: Some(0.5),
        tree_cpu_seconds: Some(0.3),
        seed: Some(1),
        cluster: None,
    }
}

pub fn correct(workers: usize, seconds: f64) -> Sample {
    sample(
        workers,
        RunVerdict::Correct {
            result: json!(5),
            seconds,
        },
    )
}

pub fn wrong(result: u64) -> Sample {
    sample(
        2,
        RunVerdict::Wrong {
            result: json!(result),
            seconds: 0.5,
            why: "expected 7777777".into(),
        },
    )
}

pub fn isolation() -> Isolation {
    Isolation {
        sandbox: "none".into(),
        network_blocked: false,
        filesystem_confined: false,
        user: "me".into(),
        limits: vec!["cpu".into()],
        note: "limits only".into(),
    }
}

fn replay() -> Replay {
    Replay {
        submission_sha256: "ab".repeat(32),
        files: [("class/sum.rs".to_string(), "cd".repeat(32))].into(),
        course_sha256: "ef".repeat(32),
        parlab_version: "0.1.0".into(),
        toolchain: Some("cargo 1.0".into()),
        hardware: Hardware {
            host: None,
            cores: 2,
            cpu_model: Some("cpu".into()),
            memory_bytes: Some(1 << 30),
            os: "linux x86_64".into(),
        },
        load_average: Some(0.25),
        graded_at: "2025-01-01T00:00:00Z".into(),
        command: "parlab grade".into(),
    }
}

/// A student's grade of `grades`, finished as `student::grade_student`
/// finishes them.
pub fn student(
    course: &Course,
    name: &str,
    after_due: bool,
    mut grades: Vec<ExerciseGrade>,
) -> StudentGrade {
    for (grade, exercise) in grades.iter_mut().zip(&course.exercises) {
        grade.finish(exercise, after_due, isolation());
    }
    let (total, max) = score::sum(grades.iter().map(|g| g.points));
    StudentGrade {
        student: name.into(),
        total,
        max,
        late: None,
        exercises: grades,
        isolation: isolation(),
        replay: replay(),
    }
}

/// ada: `class/sum` passes after an inconclusive timing; her answer to the
/// hidden check is wrong; `class/seeded` is missing.
pub fn ada(course: &Course) -> StudentGrade {
    let ex = &course.exercises;
    let mut sum = ExerciseGrade::new(&ex[0], Reached::Built);
    sum.build_seconds = 1.5;
    let mut checked = report(
        "class/sum",
        Outcome::Passed,
        "Correct with 2 and 3 workers.",
    );
    checked.peak_rss_bytes = Some(100);
    checked.diagnostics = Some("warning: unused".into());
    checked.samples = vec![correct(2, 0.5), correct(3, 0.25)];
    sum.check_seconds += 2.0;
    sum.take(checked);
    let correctness_samples = sum.take_samples();
    let mut busy = report("class/sum", Outcome::Inconclusive, "Busy.");
    busy.speedup = Some(1.2);
    busy.target_speedup = Some(1.4);
    busy.samples = vec![correct(2, 0.125)];
    sum.attempts = 1;
    sum.take(busy);
    sum.attempts = 2;
    sum.check_seconds += 3.0;
    sum.take(timed_pass());
    sum.put_back_samples(correctness_samples);

    let mut secret = ExerciseGrade::new(&ex[1], Reached::Built);
    let mut w = report(
        "class/secret",
        Outcome::WrongOutput,
        "Wrong: expected 7777777, got 1.",
    );
    let crashed = RunVerdict::Crashed {
        how: "signal 9".into(),
    };
    w.samples = vec![wrong(1), sample(3, crashed)];
    secret.take(w);

    let message = "Not submitted: exercises/class/seeded.rs is missing or not a plain file.";
    let seeded = ExerciseGrade::new(
        &ex[2],
        Reached::NotSubmitted {
            message: message.into(),
        },
    );
    student(course, "ada", false, vec![sum, secret, seeded])
}

fn timed_pass() -> Report {
    let mut passed = report("class/sum", Outcome::Passed, "Speedup 1.50x.");
    passed.speedup = Some(1.5);
    passed.target_speedup = Some(1.4);
    passed.speedup_low = Some(1.25);
    passed.speedup_high = Some(1.75);
    passed.cpu_parallelism = Some(1.9);
    let mut timing = Timing::new(2, 2, 0.6);
    timing.baseline_seconds = vec![1.0, 1.0];
    timing.solution_seconds = vec![0.5, 0.75];
    timing.doubts = vec!["one".into()];
    passed.timing = Some(timing);
    passed.samples = vec![correct(2, 0.0625)];
    passed
}

/// bob (named `=bob,x`, for the gradebook's quoting): `class/sum` does not
/// compile, `class/secret` could not be built here, `class/seeded` passes
/// on a machine that cannot grade its speed.
pub fn bob(course: &Course) -> StudentGrade {
    let ex = &course.exercises;
    let sum = ExerciseGrade::new(
        &ex[0],
        Reached::CompileError {
            message: "Compile error: exercises/class/sum.rs does not compile.".into(),
            diagnostics: "error[E0308]: mismatched types".into(),
        },
    );
    let why =
        "Not graded: the course's Python could not be set up on the grading machine: no Python";
    let secret = ExerciseGrade::new(&ex[1], Reached::NotBuilt { why: why.into() });
    let mut seeded = ExerciseGrade::new(&ex[2], Reached::Built);
    let mut p = report(
        "class/seeded",
        Outcome::Passed,
        "Correct, \"quoted\", and, commas",
    );
    p.speed_not_graded = Some("target would be 0.60x".into());
    p.peak_rss_bytes = Some(77);
    seeded.take(p);
    student(course, "=bob,x", false, vec![sum, secret, seeded])
}

/// cy, with `class/secret` shown after the due date: too slow by a tier, a
/// wrong answer, and a race; graded after the due date or before it.
pub fn cy(course: &mut Course, name: &str, after_due: bool) -> StudentGrade {
    course.exercises[1].grading.visibility = Visibility::AfterDueDate;
    let ex = &course.exercises;
    let mut sum = ExerciseGrade::new(&ex[0], Reached::Built);
    let mut s = report("class/sum", Outcome::TooSlow, "Too slow: 1.25x.");
    s.speedup = Some(1.25);
    s.target_speedup = Some(1.4);
    sum.take(s);
    sum.attempts = 1;
    let mut secret = ExerciseGrade::new(&ex[1], Reached::Built);
    let mut w = report(
        "class/secret",
        Outcome::WrongOutput,
        "Wrong: expected 7777777, got 2.",
    );
    w.samples = vec![wrong(2)];
    secret.take(w);
    let mut seeded = ExerciseGrade::new(&ex[2], Reached::Built);
    seeded.take(report("class/seeded", Outcome::Race, "Race: 1 then 2."));
    student(course, name, after_due, vec![sum, secret, seeded])
}

/// A copy of the folder `from` in `to` (plain files and folders).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), dest).unwrap();
        }
    }
}
