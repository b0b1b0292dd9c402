//! The instructor's tools beyond grading itself, on the graded fixture
//! course (tests/fixtures/graded): late penalties and grace days, the LMS
//! exports, the similarity report, the course files' hashes for GitHub
//! Classroom, and the Gradescope autograder bundle run end to end.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, UNIX_EPOCH};

use common::{Lab, fixture, text};
use serde_json::Value;

/// The tests that grade, one at a time: speedups are measured.
static QUIET: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn quiet() -> std::sync::MutexGuard<'static, ()> {
    QUIET.lock().unwrap_or_else(|e| e.into_inner())
}

/// The graded course copied into a temporary folder, its support crate
/// pointed at parlab's own.
struct Course {
    dir: tempfile::TempDir,
    lab: Lab,
}

impl Course {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let course = dir.path().join("course");
        common::copy_tree(&fixture("graded"), &course);
        let manifest = course.join("exercises/Cargo.toml");
        let support = Path::new(env!("CARGO_MANIFEST_DIR")).join("exercises/support");
        let text = fs::read_to_string(&manifest)
            .unwrap()
            .replace("../../../../exercises/support", &support.to_string_lossy());
        fs::write(&manifest, text).unwrap();
        let lab = Lab::new(course);
        Self { dir, lab }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Student `name` of the class in `class`, with `file` (a path under
    /// `exercises/`) copied from fixture student `from`.
    fn submit(&self, class: &str, name: &str, file: &str, from: &Path) -> PathBuf {
        let to = self.path(class).join(name).join("exercises").join(file);
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::copy(from, &to).unwrap();
        to
    }

    fn grade(&self, class: &str, out: &str) -> Value {
        let class = self.path(class);
        let out = self.path(out);
        let output = self.lab.run(&[
            "grade",
            class.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--memory-mib",
            "1024",
            "--json",
        ]);
        let stdout = text(&output.stdout);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{stdout}\n{}",
            text(&output.stderr)
        );
        serde_json::from_str(&stdout).unwrap()
    }
}

fn set_modified(file: &Path, secs: u64) {
    fs::File::options()
        .write(true)
        .open(file)
        .unwrap()
        .set_modified(UNIX_EPOCH + Duration::from_secs(secs))
        .unwrap();
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

/// Two students hand in the same correct file two and a half days after
/// the due date: kai has no grace days and loses three days' penalty, up
/// to the cap; lin's two grace days absorb two of the three days.
#[test]
fn a_late_submission_is_penalized_and_grace_days_absorb_lateness() {
    let _quiet = quiet();
    let course = Course::new();
    let toml = course.lab.course.join("course.toml");
    let text = fs::read_to_string(&toml).unwrap().replace(
        "due = \"2099-01-01\"",
        "due = \"2024-01-10\"\nlate_penalty_per_day = 0.1\nlate_penalty_max = 0.25\n\n\
         [grading.grace_days_for]\nlin = 2",
    );
    fs::write(&toml, text).unwrap();
    // The end of 2024-01-10 in UTC, and two and a half days past it.
    let due_end = 1_704_931_200;
    let late = due_end + 2 * 86_400 + 43_200;
    let seeded = fixture("class/ada/exercises/class/seeded.rs");
    for name in ["kai", "lin"] {
        let file = course.submit("class", name, "class/seeded.rs", &seeded);
        set_modified(&file, late);
    }
    let summary = course.grade("class", "out");
    assert_eq!(summary["graded"].as_array().unwrap().len(), 2, "{summary}");

    let kai = read_json(&course.path("out/students/kai/grade.json"));
    assert_eq!(kai["late"]["days_late"], 3, "{kai}");
    assert_eq!(kai["late"]["grace_days_used"], 0);
    assert_eq!(kai["late"]["share"], 0.25, "capped");
    assert_eq!(kai["late"]["points"], 1.25);
    assert_eq!(kai["late"]["submitted_at"], "2024-01-13T12:00:00Z");
    assert_eq!(kai["total"], 3.75);
    let lin = read_json(&course.path("out/students/lin/grade.json"));
    assert_eq!(lin["late"]["grace_days"], 2, "{lin}");
    assert_eq!(lin["late"]["grace_days_used"], 2);
    assert_eq!(lin["late"]["points"], 0.5);
    assert_eq!(lin["total"], 4.5);
    let results = read_json(&course.path("out/students/lin/results.json"));
    assert_eq!(results["score"], 4.5);
    assert!(
        results["output"]
            .as_str()
            .unwrap()
            .contains("grace days used: 2 of 2"),
        "{results}"
    );

    let gradebook = fs::read_to_string(course.path("out/gradebook.csv")).unwrap();
    assert_eq!(
        gradebook,
        "student,class/sum,class/secret,class/seeded,days_late,grace_days_used,late_penalty,total,max,notes\n\
         kai,0,0,5,3,0,1.25,3.75,20,\n\
         lin,0,0,5,3,2,0.5,4.5,20,\n"
    );

    // The LMS forms beside it, with the total after the penalty.
    let canvas = fs::read_to_string(course.path("out/gradebook-canvas.csv")).unwrap();
    assert_eq!(
        canvas,
        "Student,ID,SIS User ID,SIS Login ID,Section,Graded fixture course (parlab)\n\
         \x20   Points Possible,,,,,20\n\
         kai,,,kai,,3.75\n\
         lin,,,lin,,4.5\n"
    );
    let moodle = fs::read_to_string(course.path("out/gradebook-moodle.csv")).unwrap();
    assert_eq!(
        moodle,
        "Username,Email address,Graded fixture course (parlab)\nkai,,3.75\nlin,,4.5\n"
    );
}
