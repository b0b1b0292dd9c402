//! `parlab new`: the scaffolded exercise is sound at once (its starter fails,
//! its reference passes with its speedup, its baseline is correct and too
//! slow), and `new` refuses, with exit code 2, to overwrite or to take a bad
//! id. Each test works on its own copy of the fixture course.

mod common;

use std::fs;
use std::path::Path;

use common::{Lab, text};

/// A copy of the fixture course in `dir`, its support crate found by an
/// absolute path (the fixture's is relative to where it lies). The fixture's
/// lesson links to a missing file on purpose, which `validate` reports as a
/// problem of the course; the copy's lesson drops that link, so that a sound
/// new exercise leaves `validate` nothing to report.
fn course_copy(dir: &Path) {
    common::fixture_course("course", dir);
    fs::write(
        dir.join("lessons/fixture/01-only.md"),
        "# The only lesson\n\nA lesson with no links.\n",
    )
    .unwrap();
}

#[test]
fn a_new_exercise_validates_at_once_and_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    course_copy(dir.path());
    let lab = Lab::new(dir.path().to_path_buf());

    let out = lab.run(&["new", "fixture/fresh", "--title", "Fresh"]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains("parlab validate fixture/fresh"), "{stdout}");
    let exercise = dir.path().join("exercises/course/fixture/fresh");
    for file in [
        "exercise.toml",
        "harness.rs",
        "starter.rs",
        "reference.rs",
        "baseline.rs",
    ] {
        assert!(exercise.join(file).is_file(), "{file} missing");
    }
    let learner = dir.path().join("exercises/fixture/fresh.rs");
    assert_eq!(
        fs::read_to_string(&learner).unwrap(),
        fs::read_to_string(exercise.join("starter.rs")).unwrap()
    );

    fs::write(&learner, "// the learner's work\n").unwrap();
    let course_toml = fs::read_to_string(dir.path().join("course.toml")).unwrap();
    let again = lab.run(&["new", "fixture/fresh"]);
    assert_eq!(again.status.code(), Some(2), "{}", text(&again.stderr));
    assert!(
        text(&again.stderr).contains("already"),
        "{}",
        text(&again.stderr)
    );
    assert_eq!(
        fs::read_to_string(&learner).unwrap(),
        "// the learner's work\n"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("course.toml")).unwrap(),
        course_toml
    );

    let (code, validation) = lab.json(&["validate", "fixture/fresh"]);
    assert!(
        code == 0 && validation["ok"] == true,
        "the scaffolded exercise did not validate:\n{validation:#}"
    );
    let exercises = validation["exercises"].as_array().unwrap();
    assert_eq!(exercises.len(), 1, "{validation:#}");
    let outcomes: Vec<&str> = exercises[0]["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["outcome"].as_str().unwrap_or("none"))
        .collect();
    assert_eq!(
        outcomes,
        ["crashed", "passed", "too_slow"],
        "{validation:#}"
    );
}

#[test]
fn bad_ids_and_folders_that_are_not_courses_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    course_copy(dir.path());
    let lab = Lab::new(dir.path().to_path_buf());
    let course_toml = fs::read_to_string(dir.path().join("course.toml")).unwrap();
    for bad in [
        "fresh",
        "Fixture/fresh",
        "fixture/fresh/more",
        "fixture/",
        "a/b.rs",
    ] {
        let out = lab.run(&["new", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", text(&out.stderr));
        assert!(
            text(&out.stderr).contains("MODULE/NAME"),
            "{bad}: {}",
            text(&out.stderr)
        );
    }
    assert_eq!(
        fs::read_to_string(dir.path().join("course.toml")).unwrap(),
        course_toml
    );
    assert!(!dir.path().join("exercises/course/fixture/fresh").exists());

    fs::remove_file(dir.path().join("exercises/Cargo.toml")).unwrap();
    let out = lab.run(&["new", "fixture/fresh"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("exercises/Cargo.toml is missing"),
        "{}",
        text(&out.stderr)
    );
}
