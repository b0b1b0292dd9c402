//! Loading a broken course: every problem named with its file and line, and
//! the sound parts still load.

mod common;

use common::{Lab, fixture, text};

fn problems() -> String {
    let lab = Lab::new(fixture("broken"));
    let (code, validation) = lab.json(&["validate", "broken/no-exercise-matches"]);
    assert_eq!(code, 1);
    validation["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{}:{}: {}",
                p["file"].as_str().unwrap(),
                p["line"],
                p["message"].as_str().unwrap()
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn each_problem_names_its_file_and_line() {
    let all = problems();
    let expect = [
        ("syntax/exercise.toml:2:", "invalid basic string"),
        ("unknown_key/exercise.toml:9:", "unknown field `efficency`"),
        (
            "bad_values/exercise.toml:5:",
            "bin \"broken-undeclared\" is not a [[bin]]",
        ),
        (
            "bad_values/exercise.toml:9:",
            "efficiency must be in (0, 1], not 1.5",
        ),
        (
            "bad_values/exercise.toml:7:",
            "reference file \"no-such-reference.rs\" does not exist",
        ),
        (
            "course.toml:17:",
            "exercise \"broken/missing\" has no manifest",
        ),
        (
            "course.toml:9:",
            "has the id \"broken/fine\" of an exercise",
        ),
        (
            "course.toml:10:",
            "lesson \"broken/02-missing.md\" cannot be read",
        ),
        ("03-unclosed.md:5:", "code fence is never closed"),
    ];
    for (place, words) in expect {
        assert!(
            all.lines().any(|l| l.contains(place) && l.contains(words)),
            "no problem at {place} saying {words:?} in:\n{all}"
        );
    }
}

#[test]
fn the_sound_parts_still_load() {
    let lab = Lab::new(fixture("broken"));
    let (code, list) = lab.json(&["list"]);
    assert_eq!(code, 0);
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["broken/bad_values", "broken/fine"]);
    let out = lab.run(&["show", "broken/fine"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text(&out.stderr).contains("problem"),
        "load problems are reported: {}",
        text(&out.stderr)
    );
}

#[test]
fn an_unknown_format_is_refused_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("course.toml"),
        "title = \"x\"\nformat = 7\n",
    )
    .unwrap();
    let lab = Lab::new(dir.path().to_path_buf());
    let out = lab.run(&["list"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("course.toml:2") && stderr.contains("course format 7"),
        "{stderr}"
    );
}

#[test]
fn a_syntax_error_in_course_toml_names_the_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("course.toml"),
        "format = 1\ntitle = \"x\"\n[[module]\nid = \"m\"\n",
    )
    .unwrap();
    let lab = Lab::new(dir.path().to_path_buf());
    let out = lab.run(&["list"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("course.toml:3"),
        "{}",
        text(&out.stderr)
    );
}
