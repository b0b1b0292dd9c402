//! Loading a broken course: every problem named with its file and line, and
//! the sound parts still load.

mod common;

use common::{Lab, fixture, text};

fn problems() -> String {
    problems_of(&Lab::new(fixture("broken")))
}

/// `parlab validate` of a course with a filter no exercise matches: its
/// problems, one `file:line: message` a line.
fn problems_of(lab: &Lab) -> String {
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

const LESSONS_GONE_WRONG: &str = r#"format = 1
title = "Lessons gone wrong"

[[module]]
id = "m"
title = "M"
exercises = []
lessons = [
    "m/01-fine.md",
    "../../../../etc/hostname",
    "/etc/os-release",
    "m/03-link.md",
    "m/04-dup.md",
    "m/05-dup.md",
    "m/06-latin.md",
    "m/07-late.md",
    "m/08-html.md",
]
"#;

#[test]
fn lesson_paths_ids_and_encodings_are_problems_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let lessons = root.join("lessons/m");
    std::fs::create_dir_all(&lessons).unwrap();
    std::fs::create_dir_all(root.join("exercises")).unwrap();
    std::fs::write(
        root.join("exercises/Cargo.toml"),
        "[package]\nname = \"x\"\n",
    )
    .unwrap();
    std::fs::write(root.join("course.toml"), LESSONS_GONE_WRONG).unwrap();
    std::fs::write(root.join("outside.md"), "# Outside\n").unwrap();
    let files: [(&str, &[u8]); 6] = [
        ("01-fine.md", b"## Fine, at level 2\n"),
        ("04-dup.md", b"# Dup\n"),
        ("05-dup.md", b"# Dup again\n"),
        ("06-latin.md", b"Caf\xe9\n"),
        ("07-late.md", b"## Late\n\n\xff\n"),
        ("08-html.md", b"<!-- SPDX -->\n<h1 class=\"x\">Html</h1>\n"),
    ];
    for (name, bytes) in files {
        std::fs::write(lessons.join(name), bytes).unwrap();
    }
    #[cfg(unix)]
    std::os::unix::fs::symlink("../../outside.md", lessons.join("03-link.md")).unwrap();
    let all = problems_of(&Lab::new(root.to_path_buf()));
    let dup = "lessons \"m/04-dup.md\" (line 13) and \"m/05-dup.md\" (line 14) both have the id \"m/dup\"";
    let mut expect = vec![
        ("course.toml:10:", "leaves lessons/ through `..`"),
        ("course.toml:11:", "is an absolute path"),
        ("course.toml:13:", dup),
        ("course.toml:14:", dup),
        ("06-latin.md:1:", "is not UTF-8 at byte 3 (line 1)"),
        ("07-late.md:3:", "not UTF-8 at byte 9 (line 3)"),
    ];
    if cfg!(unix) {
        expect.push(("course.toml:12:", "is a link to"));
    }
    for (place, words) in &expect {
        assert!(
            all.lines().any(|l| l.contains(place) && l.contains(words)),
            "no problem at {place} saying {words:?} in:\n{all}"
        );
    }
    assert_eq!(all.lines().count(), expect.len(), "{all}");
}
