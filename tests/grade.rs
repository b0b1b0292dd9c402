//! Instructor grading of a fixture class (tests/fixtures/class) against the
//! graded fixture course (tests/fixtures/graded): one student per way a
//! submission can go right or wrong, the hostile ones included.
//!
//! The course and the class are copied into one temporary folder with the
//! output folder beside them, so a submission that walks up the folders
//! from its program would find the course's references and the other
//! students' files if the sandbox let it. With CI=true, bubblewrap must be
//! in use; without it (a laptop without bubblewrap) the hostile students'
//! containment is not asserted, only that the results say so.

mod common;

use std::fs;
use std::net::TcpListener;
use std::path::Path;

use common::{Lab, fixture, text};
use serde_json::Value;

/// The port hal's submission tries to reach.
const HAL_PORT: u16 = 39217;

/// The tests of this file one at a time: speedups are measured.
static QUIET: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn quiet() -> std::sync::MutexGuard<'static, ()> {
    QUIET.lock().unwrap_or_else(|e| e.into_inner())
}

/// The course, the class and the output folder in one temporary folder.
struct Class {
    dir: tempfile::TempDir,
    lab: Lab,
}

impl Class {
    fn new() -> Self {
        Self::of("class")
    }

    /// The graded course with the students of `tests/fixtures/<folder>`.
    fn of(folder: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let course = dir.path().join("course");
        common::fixture_course("graded", &course);
        common::copy_tree(&fixture(folder), &dir.path().join("class"));
        let lab = Lab::new(course);
        Self { dir, lab }
    }

    fn grade(&self, extra: &[&str]) -> (i32, Value, String) {
        self.grade_into("out", extra)
    }

    fn grade_into(&self, out: &str, extra: &[&str]) -> (i32, Value, String) {
        let class = self.dir.path().join("class");
        let out = self.dir.path().join(out);
        let mut args = vec![
            "grade",
            class.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--memory-mib",
            "1024",
            "--json",
        ];
        args.extend_from_slice(extra);
        let output = self.lab.run(&args);
        let stdout = text(&output.stdout);
        let value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
            panic!("not JSON ({e}): {stdout}\nstderr: {}", text(&output.stderr))
        });
        (
            output.status.code().unwrap_or(-1),
            value,
            text(&output.stderr),
        )
    }

    fn student(&self, name: &str) -> Value {
        self.student_in("out", name)
    }

    fn student_in(&self, out: &str, name: &str) -> Value {
        let path = self
            .dir
            .path()
            .join(out)
            .join("students")
            .join(name)
            .join("grade.json");
        serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap()
    }
}

fn exercise<'a>(student: &'a Value, id: &str) -> &'a Value {
    student["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == id)
        .unwrap_or_else(|| panic!("no {id} in {student}"))
}

fn outcome(student: &Value, id: &str) -> String {
    exercise(student, id)["outcome"]
        .as_str()
        .unwrap_or("none")
        .to_owned()
}

fn points(student: &Value, id: &str) -> f64 {
    exercise(student, id)["points"]["total"].as_f64().unwrap()
}

fn files_named(dir: &Path, name: &str, found: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_name() == name {
            found.push(path.display().to_string());
        }
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            files_named(&path, name, found);
        }
    }
}

#[test]
fn a_fixture_class_is_graded_contained_and_resumed() {
    let _quiet = quiet();
    let class = Class::new();
    let listener = TcpListener::bind(("127.0.0.1", HAL_PORT)).expect("the port for hal is free");
    listener.set_nonblocking(true).unwrap();
    let ada_before = fs::read(class.dir.path().join("class/ada/exercises/class/sum.rs")).unwrap();

    let (code, summary, stderr) = class.grade(&[]);
    assert_eq!(code, 0, "{summary}\n{stderr}");
    assert_eq!(summary["students"], 9);
    assert_eq!(summary["graded"].as_array().unwrap().len(), 9);
    let sandboxed = summary["isolation"]["sandbox"] == "bubblewrap";
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        assert!(
            sandboxed,
            "CI must grade inside bubblewrap: {}",
            summary["isolation"]
        );
    }

    // The honest students.
    let ada = class.student("ada");
    assert_eq!(outcome(&ada, "class/sum"), "passed", "{ada}");
    assert_eq!(points(&ada, "class/sum"), 10.0);
    assert_eq!(outcome(&ada, "class/secret"), "passed");
    assert_eq!(outcome(&ada, "class/seeded"), "passed");
    assert_eq!(ada["total"], 20.0);
    let bob = class.student("bob");
    let serial = outcome(&bob, "class/sum");
    assert_eq!(
        serial, "too_slow",
        "a serial solution is correct and not fast enough, on a quiet machine, in the sandbox too: {bob}"
    );
    assert_eq!(points(&bob, "class/sum"), 5.0, "the correctness half only");

    // The hidden check: bob's answer is wrong, and nothing he can see
    // tells him the expected value.
    assert_eq!(outcome(&bob, "class/secret"), "wrong_output");
    for file in ["grade.json", "results.json"] {
        let path = class.dir.path().join("out/students/bob").join(file);
        let content = fs::read_to_string(&path).unwrap();
        assert!(
            !content.contains("7777777"),
            "{file} leaks the hidden expected value"
        );
    }

    // The ones whose programs fail, each stopped and explained.
    let expect = [
        ("cy", &["race", "wrong_output"][..]),
        ("dee", &["timed_out"][..]),
        ("eve", &["output_limit"][..]),
        ("fay", &["crashed"][..]),
    ];
    for (name, outcomes) in expect {
        let s = class.student(name);
        let got = outcome(&s, "class/sum");
        assert!(outcomes.contains(&got.as_str()), "{name}: {got}: {s}");
        assert_eq!(s["total"], 0.0, "{name}");
        assert_eq!(
            outcome(&s, "class/secret"),
            "none",
            "{name} did not submit it"
        );
    }
    let fay = class.student("fay");
    assert!(
        exercise(&fay, "class/sum")["message"]
            .as_str()
            .unwrap()
            .contains("memory allocation"),
        "{fay}"
    );

    // The hostile ones: contained inside bubblewrap.
    let gus = class.student("gus");
    let hal = class.student("hal");
    let ivy = class.student("ivy");
    let isolation = &exercise(&hal, "class/sum")["isolation"];
    assert_eq!(isolation["sandbox"], summary["isolation"]["sandbox"]);
    assert!(isolation["limits"].as_array().unwrap().len() >= 4);
    let mut planted = Vec::new();
    files_named(class.dir.path(), "PWNED-ivy", &mut planted);
    if sandboxed {
        let reading = outcome(&gus, "class/sum");
        assert!(
            reading == "too_slow" || reading == "inconclusive",
            "gus found the reference: {gus}"
        );
        // A leak would make them hand in a wrong result on purpose.
        let correct = ["passed", "too_slow", "inconclusive"];
        let network = outcome(&hal, "class/sum");
        assert!(
            correct.contains(&network.as_str()),
            "hal reached the network: {hal}"
        );
        assert!(listener.accept().is_err(), "a connection reached the test");
        let writing = outcome(&ivy, "class/sum");
        assert!(
            correct.contains(&writing.as_str()),
            "ivy wrote outside: {ivy}"
        );
        assert!(planted.is_empty(), "files planted: {planted:?}");
        assert_eq!(isolation["network_blocked"], true);
    } else {
        assert_eq!(isolation["network_blocked"], false);
        eprintln!("bubblewrap is not in use here; containment of gus, hal and ivy not asserted");
    }
    let ada_after = fs::read(class.dir.path().join("class/ada/exercises/class/sum.rs")).unwrap();
    assert_eq!(
        ada_before, ada_after,
        "another student's submission was changed"
    );
    assert_eq!(
        class.student("ada")["total"],
        20.0,
        "ada's grade is her own"
    );

    // The outputs: the gradebook, Gradescope's results, the replay record.
    let gradebook = fs::read_to_string(class.dir.path().join("out/gradebook.csv")).unwrap();
    let mut lines = gradebook.lines();
    assert_eq!(
        lines.next(),
        Some("student,class/sum,class/secret,class/seeded,total,max,notes")
    );
    assert_eq!(lines.clone().count(), 9);
    assert!(gradebook.contains("\nada,10,5,5,20,20,\n"), "{gradebook}");
    let results: Value = serde_json::from_str(
        &fs::read_to_string(class.dir.path().join("out/students/ada/results.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(results["score"], 20.0);
    assert_eq!(results["tests"].as_array().unwrap().len(), 4);
    assert_eq!(results["tests"][2]["visibility"], "hidden");
    let replay = &ada["replay"];
    assert_eq!(replay["submission_sha256"].as_str().unwrap().len(), 64);
    assert_eq!(replay["course_sha256"].as_str().unwrap().len(), 64);
    assert!(replay["files"]["class/sum.rs"].is_string());
    assert!(replay["hardware"]["cores"].as_u64().unwrap() >= 1);
    assert!(replay["toolchain"].as_str().unwrap().starts_with("cargo"));

    // Resuming: nothing changed, nothing is graded again.
    let (code, again, _) = class.grade(&[]);
    assert_eq!(code, 0);
    assert_eq!(again["graded"].as_array().unwrap().len(), 0, "{again}");
    assert_eq!(again["unchanged"].as_array().unwrap().len(), 9);

    // A changed submission is graded again, and --student regrades one.
    fs::write(
        class.dir.path().join("class/bob/exercises/class/secret.rs"),
        "pub fn answer() -> u64 {\n    7_777_777\n}\n",
    )
    .unwrap();
    let (_, again, _) = class.grade(&[]);
    assert_eq!(again["graded"], serde_json::json!(["bob"]));
    assert_eq!(outcome(&class.student("bob"), "class/secret"), "passed");
    let (_, one, _) = class.grade(&["--student", "cy"]);
    assert_eq!(one["graded"], serde_json::json!(["cy"]));
    let out = class.dir.path().join("out");
    let missing = class.lab.run(&[
        "grade",
        class.dir.path().join("class").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--student",
        "nobody-here",
    ]);
    assert_ne!(missing.status.code(), Some(0));
    assert!(
        text(&missing.stderr).contains("no student"),
        "{}",
        text(&missing.stderr)
    );
}

/// Live processes whose command line is `sleep 3117` (rod's daemon).
fn daemons_left() -> Vec<String> {
    let Ok(entries) = fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| {
            let pid = e.file_name().to_str()?.parse::<u32>().ok()?;
            let cmdline = fs::read(format!("/proc/{pid}/cmdline")).ok()?;
            let words: Vec<&[u8]> = cmdline.split(|b| *b == 0).collect();
            let daemon = words.len() >= 2 && words[0].ends_with(b"sleep") && words[1] == b"3117";
            let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            let zombie = stat.rsplit(')').next()?.trim_start().starts_with('Z');
            (daemon && !zombie).then(|| pid.to_string())
        })
        .collect()
}

/// The cheaters of tests/fixtures/cheaters, each tried as a learner would
/// (`parlab check`) and in a graded class: none passes, each verdict names
/// what it did, and nothing they started is alive afterwards.
#[test]
fn cheaters_are_rejected_in_check_and_in_grade() {
    let _quiet = quiet();
    let class = Class::of("cheaters");
    // (student, exercise, outcome, words the message must carry)
    let expect: [(&str, &str, &str, &str); 7] = [
        ("kim", "class/sum", "rejected", "did not write"),
        ("lou", "class/sum", "rejected", "did not write"),
        ("max", "class/sum", "rejected", "did not write"),
        ("ned", "class/sum", "rejected", "inside the timed kernel"),
        ("pat", "class/sum", "rejected", "did not do the work"),
        ("quin", "class/seeded", "wrong_output", "expected"),
        ("rod", "class/sum", "passed", ""),
    ];

    // As learners: the cheat in the learner's file, `parlab check`.
    for (name, id, want, words) in expect {
        let file = id.strip_prefix("class/").unwrap();
        let from = class
            .dir
            .path()
            .join(format!("class/{name}/exercises/class/{file}.rs"));
        let to = class.lab.course.join(format!("exercises/class/{file}.rs"));
        fs::copy(&from, &to).unwrap();
        let (code, report) = class.lab.json(&["check", id]);
        let got = report["outcome"].as_str().unwrap_or("none");
        let message = report["message"].as_str().unwrap_or("");
        let accepted: &[&str] = if want == "passed" {
            &["passed", "inconclusive"]
        } else {
            &[want]
        };
        assert!(accepted.contains(&got), "check, {name}: {got}: {report}");
        assert!(message.contains(words), "check, {name}: {message}");
        if want != "passed" {
            assert_eq!(code, 1, "check, {name}");
        }
        assert_eq!(daemons_left(), Vec::<String>::new(), "check, {name}");
    }

    // As a class: graded in the sandbox.
    let (code, summary, stderr) = class.grade(&[]);
    assert_eq!(code, 0, "{summary}\n{stderr}");
    for (name, id, want, words) in expect {
        let s = class.student(name);
        let got = outcome(&s, id);
        if want == "passed" {
            assert!(
                got == "passed" || got == "inconclusive",
                "grade, {name}: {got}: {s}"
            );
            continue;
        }
        assert_eq!(got, want, "grade, {name}: {s}");
        assert_eq!(s["total"], 0.0, "grade, {name} earns nothing");
        let message = exercise(&s, id)["message"].as_str().unwrap();
        assert!(message.contains(words), "grade, {name}: {message}");
    }
    assert_eq!(daemons_left(), Vec::<String>::new(), "after grading");
}

/// The serial student is too slow, in bubblewrap and without it: the
/// sandboxed program's own CPU is never taken for other programs' load.
#[test]
fn a_serial_submission_is_too_slow_with_and_without_the_sandbox() {
    let _quiet = quiet();
    let class = Class::new();
    for (out, extra) in [
        ("out-sandbox", &[][..]),
        ("out-plain", &["--no-sandbox"][..]),
    ] {
        let mut args = vec!["--student", "bob"];
        args.extend_from_slice(extra);
        let (code, summary, stderr) = class.grade_into(out, &args);
        assert_eq!(code, 0, "{summary}\n{stderr}");
        let bob = class.student_in(out, "bob");
        assert_eq!(outcome(&bob, "class/sum"), "too_slow", "{out}: {bob}");
        let sum = exercise(&bob, "class/sum");
        assert_eq!(sum["attempts"], 1, "{out}: measured once, not retried");
    }
}

/// A target a serial program reaches (one worker: 0.6x) is not graded: the
/// check passes on correctness and says so, and the baseline itself cannot
/// pass on speed.
#[test]
fn a_target_at_or_below_one_is_not_graded() {
    let _quiet = quiet();
    let class = Class::new();
    for variant in ["--reference", "--baseline"] {
        let (code, report) = class
            .lab
            .json(&["check", "class/sum", variant, "--workers", "1"]);
        assert_eq!(report["outcome"], "passed", "{variant}: {report}");
        assert_eq!(code, 0);
        let why = report["speed_not_graded"].as_str().unwrap();
        assert!(why.contains("target would be 0.60x"), "{why}");
        assert!(report.get("speedup").is_none(), "no speedup is claimed");
    }
}

#[test]
fn check_all_prints_what_the_classroom_reporter_reads() {
    let _quiet = quiet();
    let class = Class::new();
    let export = class.lab.run(&["export", "classroom"]);
    assert_eq!(export.status.code(), Some(0), "{}", text(&export.stderr));
    let out = class.lab.run(&["check", "--all", "--classroom"]);
    let encoded = text(&out.stdout);
    let decoded = common::decode_base64(encoded.trim());
    let results: Value = serde_json::from_slice(&decoded).unwrap();
    assert_eq!(results["version"], 1);
    assert_eq!(results["status"], "fail", "the starters fail");
    assert_eq!(results["max_score"], 20.0);
    let tests = results["tests"].as_array().unwrap();
    assert_eq!(tests.len(), 3);
    assert_eq!(tests[0]["name"], "class/sum");
    assert_eq!(tests[0]["status"], "fail");
    assert_eq!(tests[0]["score"], 0.0);
    assert!(!tests[1]["message"].as_str().unwrap().contains("7777777"));
    assert_eq!(out.status.code(), Some(1));
}

/// The Python track graded like the Rust one: a multiprocessing exercise
/// with a speed target and an mpi4py exercise, against honest, serial,
/// deadlocking, copying and forging students (tests/fixtures/class-python).
#[test]
fn a_python_class_is_graded_in_the_sandbox() {
    let _quiet = quiet();
    let Some(python) = common::python() else {
        return;
    };
    let (dir, course) = common::python_course("graded-python");
    common::copy_tree(&fixture("class-python"), &dir.path().join("class"));
    let lab = Lab::new(course);
    let out = dir.path().join("out");
    let output = lab
        .command(&[
            "grade",
            dir.path().join("class").to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--json",
        ])
        .env("PARLAB_PYTHON", &python)
        .output()
        .unwrap();
    let stdout = text(&output.stdout);
    let summary: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}\n{}", text(&output.stderr)));
    assert_eq!(output.status.code(), Some(0), "{summary}");
    assert_eq!(summary["students"], 5);
    let sandboxed = summary["isolation"]["sandbox"] == "bubblewrap";
    let student = |name: &str| -> Value {
        let path = out.join("students").join(name).join("grade.json");
        serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
    };

    let pia = student("pia");
    assert_eq!(outcome(&pia, "py/sum"), "passed", "{pia}");
    assert_eq!(outcome(&pia, "py/ring"), "passed", "{pia}");
    assert_eq!(points(&pia, "py/sum"), 10.0, "{pia}");

    let sam = student("sam");
    assert_eq!(outcome(&sam, "py/sum"), "too_slow", "{sam}");
    assert_eq!(points(&sam, "py/sum"), 5.0, "the correctness half only");

    let dot = student("dot");
    assert_eq!(outcome(&dot, "py/ring"), "timed_out", "{dot}");
    let message = exercise(&dot, "py/ring")["message"].as_str().unwrap();
    assert!(message.contains("deadlock"), "{message}");
    assert_eq!(outcome(&dot, "py/sum"), "passed", "{dot}");

    let fox = student("fox");
    assert_eq!(outcome(&fox, "py/sum"), "rejected", "{fox}");
    assert_eq!(points(&fox, "py/sum"), 0.0);

    let rex = student("rex");
    if sandboxed {
        assert_ne!(
            outcome(&rex, "py/sum"),
            "passed",
            "the sandbox hides the course's reference: {rex}"
        );
        assert_eq!(points(&rex, "py/sum"), 0.0, "{rex}");
    }
    assert_eq!(outcome(&rex, "py/ring"), "passed", "{rex}");
}

/// A learner's Python file: a syntax error names its line, an exception
/// the line of the learner's file it was raised on.
#[test]
fn python_errors_point_at_the_learners_line() {
    let Some(python) = common::python() else {
        return;
    };
    let (_dir, course) = common::python_course("graded-python");
    let lab = Lab::new(course.clone());
    let file = course.join("exercises/py/sum.py");
    let check = |lab: &Lab| -> Value {
        let out = lab
            .command(&["check", "py/sum", "--json"])
            .env("PARLAB_PYTHON", &python)
            .output()
            .unwrap();
        serde_json::from_str(&text(&out.stdout)).unwrap()
    };
    fs::write(&file, "def total(seed, n, workers:\n    return 0\n").unwrap();
    let report = check(&lab);
    assert_eq!(report["outcome"], "compile_error", "{report}");
    let message = report["message"].as_str().unwrap();
    assert!(message.contains("exercises/py/sum.py:1:"), "{message}");

    fs::write(
        &file,
        "def total(seed, n, workers):\n    x = 0\n    return n / x\n",
    )
    .unwrap();
    let report = check(&lab);
    assert_eq!(report["outcome"], "crashed", "{report}");
    let message = report["message"].as_str().unwrap();
    assert!(
        message.contains("exercises/py/sum.py:3 raised ZeroDivisionError"),
        "{message}"
    );
}
