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
        common::fixture_course("graded", &course);
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

/// A student's copy whose harness was edited (or whose course.sha256 is
/// missing) fails `check --all --classroom` before anything is checked,
/// and says which file changed; a rewritten course.sha256 is caught by the
/// digest given apart.
#[test]
fn check_all_classroom_fails_on_an_edited_harness() {
    let course = Course::new();
    let classroom = |digest: Option<&str>| {
        let mut command = course.lab.command(&["check", "--all", "--classroom"]);
        if let Some(d) = digest {
            command.env("PARLAB_COURSE_HASH", d);
        }
        let out = command.output().unwrap();
        let results: Value =
            serde_json::from_slice(&common::decode_base64(text(&out.stdout).trim())).unwrap();
        (out.status.code(), results, text(&out.stderr))
    };
    let (code, results, _) = classroom(None);
    assert_eq!(code, Some(1));
    assert_eq!(results["status"], "error", "{results}");
    assert!(
        results["tests"][0]["message"]
            .as_str()
            .unwrap()
            .contains("course.sha256 is missing"),
        "{results}"
    );

    let export = course.lab.run(&["export", "classroom"]);
    assert_eq!(export.status.code(), Some(0), "{}", text(&export.stderr));
    let digest = text(&export.stdout).lines().last().unwrap().to_owned();
    assert_eq!(digest.len(), 64, "{}", text(&export.stdout));
    let harness = course
        .lab
        .course
        .join("exercises/course/class/sum/harness.rs");
    let mut edited = fs::read_to_string(&harness).unwrap();
    edited.push_str("\n// the student's easier test\n");
    fs::write(&harness, edited).unwrap();
    let (code, results, stderr) = classroom(None);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(results["status"], "error");
    assert_eq!(results["max_score"], 20.0);
    let tests = results["tests"].as_array().unwrap();
    assert_eq!(tests.len(), 1, "nothing was checked: {results}");
    assert_eq!(tests[0]["name"], "course files");
    assert_eq!(tests[0]["score"], 0.0);
    let message = tests[0]["message"].as_str().unwrap();
    assert!(
        message.contains("changed: exercises/course/class/sum/harness.rs"),
        "{message}"
    );
    assert!(stderr.contains("changed: exercises/course/class/sum/harness.rs"));

    // The student writes course.sha256 again: the digest given apart
    // (from a variable the student cannot edit) tells.
    let again = course.lab.run(&["export", "classroom"]);
    assert_eq!(again.status.code(), Some(0));
    let (_, results, _) = classroom(None);
    assert_ne!(results["tests"][0]["name"], "course files", "{results}");
    let (code, results, _) = classroom(Some(&digest));
    assert_eq!(code, Some(1));
    let message = results["tests"][0]["message"].as_str().unwrap();
    assert!(message.contains("PARLAB_COURSE_HASH"), "{message}");
}

/// `parlab export gradescope` writes an autograder; its `run_autograder`,
/// run in Gradescope's layout (a temporary folder standing for
/// /autograder) with the parlab under test, grades ada's submission (two
/// files in the course's folders, one uploaded alone) into
/// results/results.json.
#[test]
fn the_gradescope_autograder_grades_a_submission_end_to_end() {
    let _quiet = quiet();
    let course = Course::new();
    let root = course.path("autograder");
    let source = root.join("source");
    let export = course
        .lab
        .run(&["export", "gradescope", "--out", source.to_str().unwrap()]);
    assert_eq!(export.status.code(), Some(0), "{}", text(&export.stderr));
    assert!(text(&export.stdout).contains("autograder.zip"));
    for file in [
        "setup.sh",
        "run_autograder",
        "bin/parlab",
        "course/course.toml",
    ] {
        assert!(source.join(file).is_file(), "{file}");
    }
    let zip = source.join("autograder.zip");
    check_zip(&zip);

    let ada = fixture("class/ada/exercises/class");
    let submission = root.join("submission");
    fs::create_dir_all(submission.join("exercises/class")).unwrap();
    for file in ["sum.rs", "secret.rs"] {
        fs::copy(
            ada.join(file),
            submission.join("exercises/class").join(file),
        )
        .unwrap();
    }
    fs::copy(ada.join("seeded.rs"), submission.join("seeded.rs")).unwrap();

    let out = std::process::Command::new("bash")
        .arg(source.join("run_autograder"))
        .env("PARLAB_AUTOGRADER_ROOT", &root)
        .env("PARLAB_BIN", env!("CARGO_BIN_EXE_parlab"))
        .env("PARLAB_STATE_DIR", course.lab.state.path())
        .env_remove("PARLAB_COURSE")
        .output()
        .unwrap();
    let log = format!("{}\n{}", text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{log}");
    let results = read_json(&root.join("results/results.json"));
    let tests = results["tests"].as_array().unwrap();
    assert_eq!(tests.len(), 4, "{results}\n{log}");
    assert_eq!(tests[0]["name"], "class/sum: correct result");
    // Every result is correct (the file uploaded alone included); the
    // speedup depends on how busy this machine is.
    for n in [0, 2, 3] {
        assert_eq!(tests[n]["status"], "passed", "{n}: {results}");
    }
    assert_eq!(tests[1]["name"], "class/sum: speedup");
    let speed = tests[1]["score"].as_f64().unwrap();
    assert_eq!(
        results["score"].as_f64().unwrap(),
        15.0 + speed,
        "{results}"
    );
    assert_eq!(tests[2]["visibility"], "hidden");
}

/// The zip opens in Python's zipfile, every entry's CRC agrees, and the
/// scripts are at its root.
fn check_zip(zip: &Path) {
    let script = "import sys, zipfile\n\
        z = zipfile.ZipFile(sys.argv[1])\n\
        assert z.testzip() is None\n\
        names = z.namelist()\n\
        assert 'setup.sh' in names and 'run_autograder' in names, names\n\
        mode = z.getinfo('run_autograder').external_attr >> 16\n\
        assert mode & 0o111, oct(mode)\n\
        print(len(names))\n";
    match std::process::Command::new("python3")
        .args(["-c", script])
        .arg(zip)
        .output()
    {
        Ok(out) => assert!(out.status.success(), "{}", text(&out.stderr)),
        Err(e) => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "CI=true and python3 does not run: {e}"
            );
            eprintln!("python3 does not run here; the zip is not opened: {e}");
        }
    }
}

/// The class of tests/fixtures/similar: ben's `class/sum` is amy's with
/// its names changed, its lines moved and its comments rewritten; cal and
/// dan solved it their own ways; eli handed in the starter; dan and eli's
/// `class/seeded` is the same one line, which weighs less than a whole
/// program. amy and ben rank first, with the lines that match, and nothing
/// is graded.
#[test]
fn the_similarity_report_ranks_a_copied_pair_first() {
    let course = Course::new();
    common::copy_tree(&fixture("similar"), &course.path("class"));
    let out = course.path("out");
    let (code, report) = course.lab.json(&[
        "grade",
        course.path("class").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--similarity",
    ]);
    assert_eq!(code, 0, "{report}");
    assert!(
        report["caveat"]
            .as_str()
            .unwrap()
            .contains("not an accusation")
    );
    assert_eq!(report["students"], 5);
    let pairs = report["pairs"].as_array().unwrap();
    let first = &pairs[0];
    assert_eq!(
        (
            first["exercise"].as_str(),
            first["a"].as_str(),
            first["b"].as_str()
        ),
        (Some("class/sum"), Some("amy"), Some("ben")),
        "{report}"
    );
    assert!(first["similarity"].as_f64().unwrap() >= 0.8, "{first}");
    assert_eq!(first["a_file"], "amy/exercises/class/sum.rs");
    let region = &first["regions"][0];
    assert!(
        region["a"][1].as_u64().unwrap() > region["a"][0].as_u64().unwrap() + 10,
        "{first}"
    );
    for other in pairs.iter().skip(1) {
        let similarity = other["similarity"].as_f64().unwrap();
        if other["exercise"] == "class/sum" {
            assert!(similarity < 0.5, "an honest pair looks copied: {other}");
        }
    }
    // dan's and eli's one-line checksums are alike, and weigh less.
    let seeded = pairs
        .iter()
        .position(|p| p["exercise"] == "class/seeded")
        .unwrap();
    assert!(seeded > 0, "{report}");
    // eli's sum is the starter: nothing of it is compared.
    assert_eq!(report["too_short"]["class/sum"], serde_json::json!(["eli"]));

    let text = fs::read_to_string(out.join("similarity.txt")).unwrap();
    assert!(text.contains("not an accusation"), "{text}");
    assert!(text.contains("1. class/sum: amy and ben"), "{text}");
    assert!(text.contains("amy/exercises/class/sum.rs lines "), "{text}");
    assert!(out.join("similarity.json").is_file());
    assert!(!out.join("gradebook.csv").exists(), "nothing was graded");
}
