//! The CLI's commands other than check: list, show, hint, reset, progress,
//! doctor, and the exit codes of usage errors.

mod common;

use common::{Lab, bundled, text};

#[test]
fn list_json_has_every_exercise_with_its_status() {
    let lab = Lab::fixture();
    let (code, list) = lab.json(&["list"]);
    assert_eq!(code, 0);
    let items = list.as_array().unwrap();
    assert_eq!(items.len(), 8);
    for item in items {
        for key in ["id", "module", "title", "status"] {
            assert!(item.get(key).is_some(), "{key} missing in {item}");
        }
        assert_eq!(item["status"], "pending");
    }
}

#[test]
fn a_check_updates_the_status() {
    let lab = Lab::fixture();
    lab.json(&["check", "fixture/passes"]);
    lab.json(&["check", "fixture/wrong"]);
    let (_, list) = lab.json(&["list"]);
    let status = |id: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == id)
            .unwrap()["status"]
            .clone()
    };
    assert_eq!(status("fixture/passes"), "passed");
    assert_eq!(status("fixture/wrong"), "failed");
    assert_eq!(status("fixture/race"), "pending");
    let (_, progress) = lab.json(&["progress"]);
    assert_eq!(progress["passed"], 1);
    assert_eq!(
        progress["exercises"]["fixture/wrong"]["last_outcome"],
        "wrong_output"
    );
}

#[test]
fn show_prints_lessons_and_exercises() {
    let lab = Lab::fixture();
    let out = lab.run(&["show", "fixture/only", "--raw"]);
    assert!(text(&out.stdout).starts_with("# The only lesson"));
    let source = common::fixture("course").join("lessons/fixture/01-only.md");
    assert_eq!(
        out.stdout,
        std::fs::read(source).unwrap(),
        "--raw: the source"
    );
    let out = lab.run(&["show", "fixture/only"]);
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with("The only lesson\n───"),
        "rendered: {stdout}"
    );
    assert!(stdout.contains("(../../course.toml)"), "{stdout}");
    let out = lab.run(&["show", "fixture/passes"]);
    let stdout = text(&out.stdout);
    assert!(stdout.contains("Sum 1 to 1000."), "{stdout}");
    assert!(stdout.contains("exercises/fixture/passes.rs"), "{stdout}");
    assert!(
        stdout.starts_with("Fixture that ends as passes\n───"),
        "{stdout}"
    );
    assert!(stdout.contains("parlab check fixture/passes"), "{stdout}");
}

/// A lesson that would retitle the terminal and clear it: piped, `show`
/// prints its words without any escape sequence; `--raw` piped prints the
/// file as it is.
#[test]
fn show_lets_no_control_sequence_of_a_lesson_through() {
    let dir = tempfile::tempdir().unwrap();
    let course = dir.path().join("course");
    common::copy_tree(&common::fixture("course"), &course);
    let lesson = "# Esc\u{1b}[2Japes\n\nA title: \u{1b}]0;pwned\u{7} and a clear: \u{1b}[2J done.\n\n| a\u{1b}[5m | b |\n|---|---|\n| \u{9b}1m | \u{1b}P |\n\n```\ncode \u{1b}[31mred\u{1b}[0m\n```\n";
    std::fs::write(course.join("lessons/fixture/01-only.md"), lesson).unwrap();
    let lab = Lab::new(course);
    let out = lab.run(&["show", "fixture/only"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        !stdout.chars().any(|c| c.is_control() && c != '\n'),
        "a control character got through: {stdout:?}"
    );
    for words in ["pwned", "done.", "red"] {
        assert!(stdout.contains(words), "{words} is shown: {stdout}");
    }
    let out = lab.run(&["show", "fixture/only", "--raw"]);
    assert_eq!(text(&out.stdout), lesson, "--raw: the source as it is");
}

#[test]
fn hints_come_one_at_a_time_and_are_remembered() {
    let lab = Lab::fixture();
    let (_, first) = lab.json(&["hint", "fixture/passes"]);
    assert_eq!(
        (first["number"].as_u64(), first["hint"].as_str()),
        (Some(1), Some("first hint"))
    );
    let (_, second) = lab.json(&["hint", "fixture/passes"]);
    assert_eq!(second["number"], 2);
    let (_, again) = lab.json(&["hint", "fixture/passes"]);
    assert_eq!(again["number"], 2, "the last hint stays the last");
}

#[test]
fn an_exercise_without_hints_says_so_instead_of_failing() {
    let dir = tempfile::tempdir().unwrap();
    let course = dir.path().join("course");
    common::copy_tree(&common::fixture("course"), &course);
    let manifest = course.join("exercises/course/fixture/passes/exercise.toml");
    let toml = std::fs::read_to_string(&manifest).unwrap();
    let toml = toml.replace(r#"hints = ["first hint", "second hint"]"#, "hints = []");
    assert!(toml.contains("hints = []"), "{toml}");
    std::fs::write(&manifest, toml).unwrap();
    let lab = Lab::new(course);
    let out = lab.run(&["hint", "fixture/passes"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("fixture/passes has no hints"),
        "{}",
        text(&out.stderr)
    );
    let out = lab.run(&["show", "fixture/passes"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn unknown_ids_and_bad_usage_exit_2() {
    let lab = Lab::fixture();
    let out = lab.run(&["check", "fixture/nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("no exercise \"fixture/nope\""),
        "{}",
        text(&out.stderr)
    );
    let out = lab.run(&["check"]);
    assert_eq!(out.status.code(), Some(2));
    let out = lab.run(&["check", "fixture/passes", "--reference", "--baseline"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_missing_course_is_a_course_error() {
    let lab = Lab::new(std::path::PathBuf::from("/nonexistent/course"));
    let out = lab.run(&["list"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("course.toml"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn reset_restores_the_starter_and_keeps_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(&common::fixture("course"), dir.path());
    let lab = Lab::new(dir.path().to_path_buf());
    let file = dir.path().join("exercises/fixture/wrong.rs");
    let out = lab.run(&["reset", "fixture/wrong"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "without a terminal, reset needs --yes"
    );
    assert!(std::fs::read_to_string(&file).unwrap().contains("42"));
    let out = lab.run(&["reset", "fixture/wrong", "--yes"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("thread::scope")
    );
    let backups: Vec<_> = std::fs::read_dir(lab.state.path().join("backups"))
        .unwrap()
        .collect();
    assert_eq!(backups.len(), 1);
}

#[test]
fn the_solution_unlocks_with_a_pass_and_reset_all_keeps_progress() {
    // The check runs in the fixture course itself (a copy lacks the support
    // crate); the solution and the reset use a copy with the same progress.
    let mut lab = Lab::fixture();
    let out = lab.run(&["show", "fixture/passes", "--solution"]);
    assert_eq!(out.status.code(), Some(1), "locked before a pass");
    assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
    assert!(
        text(&out.stderr).contains(
            "the reference solution of fixture/passes unlocks once your solution has passed"
        ),
        "{}",
        text(&out.stderr)
    );
    let (_, report) = lab.json(&["check", "fixture/passes"]);
    assert_eq!(report["outcome"], "passed", "{report:#}");
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(&common::fixture("course"), dir.path());
    lab.course = dir.path().to_path_buf();
    let reference = dir.path().join("exercises/course/fixture/reference.rs");
    let out = lab.run(&["show", "fixture/passes", "--solution"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(out.stdout, std::fs::read(&reference).unwrap());

    let file = dir.path().join("exercises/fixture/passes.rs");
    std::fs::write(&file, "// mine\n").unwrap();
    let out = lab.run(&["reset", "--all"]);
    assert_eq!(out.status.code(), Some(2), "without a terminal, --yes");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "// mine\n");
    let out = lab.run(&["reset", "--all", "--yes"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("Your progress is unchanged."),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(
        std::fs::read(&file).unwrap(),
        std::fs::read(&reference).unwrap()
    );
    let kept: Vec<String> = std::fs::read_dir(lab.state.path().join("backups"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert!(kept.contains(&"// mine\n".to_owned()), "{kept:?}");
    let (_, progress) = lab.json(&["progress"]);
    assert_eq!(progress["passed"], 1, "{progress:#}");
    let out = lab.run(&["show", "fixture/passes", "--solution"]);
    assert_eq!(out.status.code(), Some(0), "still unlocked after a reset");
    let out = lab.run(&["reset", "fixture/passes", "--all"]);
    assert_eq!(out.status.code(), Some(2), "an id or --all, not both");
}

#[test]
fn doctor_json_names_each_tool() {
    let lab = Lab::fixture();
    let (code, doctor) = lab.json(&["doctor"]);
    assert_eq!(code, 0);
    assert!(doctor["cores"].as_u64().unwrap() >= 1);
    let names: Vec<&str> = doctor["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "cargo",
            "mpi",
            "libclang",
            "python3",
            "bubblewrap",
            "containment"
        ]
    );
    let containment = &doctor["items"][5];
    assert!(
        containment["detail"].as_str().unwrap().contains("per run")
            || containment["detail"].as_str().unwrap().contains("orphans"),
        "{containment}"
    );
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        // CI runs as root on a machine with cgroup v2: the strongest kind.
        assert_eq!(containment["version"], "cgroup v2 per run", "{containment}");
    }
    for item in doctor["items"].as_array().unwrap() {
        if item["found"] == false {
            assert!(
                item["install"].as_str().is_some(),
                "a missing tool comes with its install command: {item}"
            );
        }
    }
}

#[test]
fn the_overview_suggests_a_next_step() {
    let lab = Lab::fixture();
    let out = lab.run(&[]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text(&out.stdout).contains("Next: parlab show"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn tracks_are_chosen_saved_and_shown() {
    let (_dir, course) = common::python_course("tracks");
    let lab = Lab::new(course);
    let (_, rust) = lab.json(&["list"]);
    let ids: Vec<&str> = rust
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["rs/add"], "the Rust track is the default");
    assert_eq!(rust[0]["language"], "rust");
    assert_eq!(rust[0]["track"], "rust");

    let out = lab.run(&["track", "python"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let (_, python) = lab.json(&["list"]);
    assert_eq!(python[0]["id"], "py/sum");
    assert_eq!(python[0]["language"], "python");
    let overview = text(&lab.run(&[]).stdout);
    assert!(overview.contains("Track: Python"), "{overview}");
    assert!(
        overview.contains("A lesson for both tracks") || overview.contains("intro"),
        "{overview}"
    );
    assert!(!overview.contains("Rust only"), "{overview}");

    // --track on any command switches, and is saved.
    let (_, again) = lab.json(&["--track", "rust", "list"]);
    assert_eq!(again[0]["id"], "rs/add");
    let (_, saved) = lab.json(&["list"]);
    assert_eq!(saved[0]["id"], "rs/add");
    let bad = lab.run(&["track", "cobol"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn doctor_reports_the_courses_python() {
    let Some(python) = common::python() else {
        return;
    };
    let (_dir, course) = common::python_course("tracks");
    let lab = Lab::new(course);
    let out = lab
        .command(&["doctor", "--json"])
        .env("PARLAB_PYTHON", &python)
        .output()
        .unwrap();
    let doctor: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    let item = |name: &str| {
        doctor["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["name"] == name)
            .unwrap_or_else(|| panic!("no {name} in {doctor}"))
            .clone()
    };
    let env = item("python environment");
    assert_eq!(env["found"], true, "{env}");
    assert!(env["detail"].as_str().unwrap().contains("GIL"), "{env}");
    for package in ["numpy", "mpi4py", "dask"] {
        let p = item(package);
        if std::env::var("CI").as_deref() == Ok("true") {
            assert_eq!(p["found"], true, "{p}");
        }
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        let mpi4py = item("mpi4py");
        assert!(
            mpi4py["detail"].as_str().unwrap().contains("Open MPI"),
            "{mpi4py}"
        );
    }
}

#[test]
fn the_python_track_lists_every_python_module_and_no_rust_exercise() {
    let lab = Lab::new(bundled());
    let (code, list) = lab.json(&["list", "--track", "python"]);
    assert_eq!(code, 0, "{list}");
    let rows = list.as_array().unwrap();
    assert!(
        rows.len() >= 22,
        "{} Python exercises: {list:#}",
        rows.len()
    );
    assert!(rows.iter().all(|r| r["language"] == "python"), "{list:#}");
    for module in [
        "threading",
        "multiprocessing",
        "concurrent-futures",
        "dask",
        "mpi4py",
    ] {
        assert!(
            rows.iter().any(|r| r["module"] == module),
            "no {module} exercise in {list:#}"
        );
    }
}
