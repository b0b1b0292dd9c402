//! `parlab validate --quick`: correctness only (starters fail, references
//! and baselines are correct, no timing), the warning for a serial baseline
//! whose result changes with the worker count, and a course's load problems
//! printed once.

mod common;

use std::fs;
use std::path::Path;

use common::{Lab, fixture, text};

/// A copy of the fixture course in `dir` with its support crate found by an
/// absolute path, and a lesson without the fixture's deliberately broken link.
fn course_copy(dir: &Path) {
    common::fixture_course("course", dir);
    fs::write(
        dir.join("lessons/fixture/01-only.md"),
        "# The only lesson\n\nA lesson with no links.\n",
    )
    .unwrap();
}

fn strings(value: &serde_json::Value, key: &str) -> Vec<String> {
    value["exercises"][0]["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v[key].as_str().unwrap_or("none").to_owned())
        .collect()
}

#[test]
fn quick_checks_correctness_and_names_a_baseline_that_follows_the_workers() {
    let dir = tempfile::tempdir().unwrap();
    course_copy(dir.path());
    let lab = Lab::new(dir.path().to_path_buf());
    let out = lab.run(&["new", "fixture/fresh"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    let (code, validation) = lab.json(&["validate", "--quick", "fixture/fresh"]);
    assert!(code == 0 && validation["ok"] == true, "{validation:#}");
    assert_eq!(validation["mode"], "quick");
    assert_eq!(
        strings(&validation, "expected"),
        ["fail", "be correct", "be correct"]
    );
    assert_eq!(
        strings(&validation, "outcome"),
        ["crashed", "passed", "passed"]
    );
    for variant in validation["exercises"][0]["variants"].as_array().unwrap() {
        assert!(variant.get("speedup").is_none(), "no timing: {variant:#}");
    }
    let out = lab.run(&["validate", "--quick", "fixture/fresh"]);
    let shown = text(&out.stdout);
    assert!(shown.contains("must be correct"), "{shown}");
    assert!(!shown.contains("must correct"), "{shown}");
    assert!(shown.contains("1 of 1 exercise sound"), "{shown}");

    // A baseline whose total moves with the worker count.
    let baseline = dir
        .path()
        .join("exercises/course/fixture/fresh/baseline.rs");
    let src = fs::read_to_string(&baseline).unwrap();
    let odd = src
        .replace("_workers: usize", "workers: usize")
        .replace("    total\n}", "    total + (workers as u64 % 2)\n}");
    assert_ne!(src, odd, "the scaffolded baseline changed shape");
    fs::write(&baseline, odd).unwrap();
    let (code, validation) = lab.json(&["validate", "--quick", "fixture/fresh"]);
    assert_eq!(code, 1, "{validation:#}");
    let warnings: Vec<&str> = validation["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| w.as_str())
        .collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("the serial baseline's result changed with the worker count")),
        "{validation:#}"
    );
}

#[test]
fn validate_prints_each_load_problem_once() {
    let lab = Lab::new(fixture("broken"));
    let out = lab.run(&["validate", "--quick", "broken/no-exercise-matches"]);
    assert_eq!(out.status.code(), Some(1));
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert_eq!(all.matches("unknown field `efficency`").count(), 1, "{all}");
    assert!(!all.contains("problem(s)"), "{all}");
}
