//! The folder's conventions: a short manifest, a full one as courses wrote
//! them before, and the problems a manifest that contradicts its folder or
//! misses a file gets, each on its line.

use std::fs;
use std::path::Path;

use super::{Course, Language};

const CHECK: &str =
    "task = \"Sum.\"\nhints = [\"a nudge\"]\n\n[check]\nkind = \"exact\"\nexpected = 1\n";

/// A course in `root` with one module `m`, whose `exercises` line is
/// `listing` (empty: none), and `[[bin]]`s named `bins`.
fn course(root: &Path, listing: &str, bins: &[&str]) {
    fs::create_dir_all(root.join("exercises")).unwrap();
    fs::write(
        root.join("course.toml"),
        format!("format = 1\ntitle = \"T\"\n\n[[module]]\nid = \"m\"\ntitle = \"M\"\n{listing}\n"),
    )
    .unwrap();
    let bins: String = bins
        .iter()
        .map(|b| format!("[[bin]]\nname = \"{b}\"\npath = \"x.rs\"\n"))
        .collect();
    fs::write(
        root.join("exercises/Cargo.toml"),
        format!("[package]\nname = \"x\"\n\n{bins}"),
    )
    .unwrap();
}

/// The exercise `m/<name>`: its manifest and the files named in `files`.
fn exercise(root: &Path, name: &str, manifest: &str, files: &[&str]) {
    let dir = root.join("exercises/course/m").join(name);
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("exercise.toml"), manifest).unwrap();
    for file in files {
        fs::write(dir.join(file), "").unwrap();
    }
}

const RUST_FILES: [&str; 3] = ["starter.rs", "reference.rs", "baseline.rs"];

fn problems(course: &Course) -> Vec<String> {
    course.problems.iter().map(|p| p.to_string()).collect()
}

#[test]
fn a_short_manifest_takes_the_rest_from_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    course(root, "exercises = [\"m/sum\"]", &["m-sum"]);
    exercise(
        root,
        "sum",
        &format!("title = \"Sum\"\n{CHECK}"),
        &RUST_FILES,
    );
    let course = Course::load(root).unwrap();
    assert_eq!(problems(&course), Vec::<String>::new());
    let e = course.exercise("m/sum").unwrap();
    let folder = root.join("exercises/course/m/sum");
    assert_eq!(e.module, "m");
    assert_eq!(e.language, Language::Rust);
    assert_eq!(e.file_rel, Path::new("m/sum.rs"));
    assert_eq!(e.file, root.join("exercises/m/sum.rs"));
    assert_eq!(e.bin, "m-sum");
    assert_eq!(e.harness_rel, Path::new(""));
    assert_eq!(e.starter, folder.join("starter.rs"));
    assert_eq!(e.reference, folder.join("reference.rs"));
    assert_eq!(e.baseline, folder.join("baseline.rs"));
}

#[test]
fn a_python_exercise_is_known_by_its_starter() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    course(root, "exercises = [\"m/py\"]", &[]);
    let files = ["starter.py", "reference.py", "baseline.py", "harness.py"];
    exercise(root, "py", &format!("title = \"Py\"\n{CHECK}"), &files);
    let course = Course::load(root).unwrap();
    assert_eq!(problems(&course), Vec::<String>::new());
    let e = course.exercise("m/py").unwrap();
    assert_eq!(e.language, Language::Python);
    assert_eq!(e.file_rel, Path::new("m/py.py"));
    assert_eq!(e.bin, "");
    assert_eq!(e.harness_rel, Path::new("course/m/py/harness.py"));
    assert!(e.baseline.ends_with("m/py/baseline.py"));
}

#[test]
fn a_full_manifest_loads_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    course(
        root,
        "exercises = [\"m/sum\", \"m/full\"]",
        &["m-sum", "own-bin"],
    );
    exercise(
        root,
        "sum",
        &format!("title = \"Sum\"\n{CHECK}"),
        &RUST_FILES,
    );
    let full = format!(
        "id = \"m/full\"\ntitle = \"Sum\"\nmodule = \"m\"\nlanguage = \"rust\"\nfile = \"m/full.rs\"\nbin = \"own-bin\"\nstarter = \"s.rs\"\nreference = \"r.rs\"\nbaseline = \"b.rs\"\n{CHECK}"
    );
    exercise(root, "full", &full, &["s.rs", "r.rs", "b.rs"]);
    let course = Course::load(root).unwrap();
    assert_eq!(problems(&course), Vec::<String>::new());
    let e = course.exercise("m/full").unwrap();
    assert_eq!(e.bin, "own-bin");
    assert_eq!(e.file_rel, Path::new("m/full.rs"));
    assert!(e.starter.ends_with("m/full/s.rs"));
    assert!(e.reference.ends_with("m/full/r.rs"));
    assert!(e.baseline.ends_with("m/full/b.rs"));
    assert_eq!(course.module("m").unwrap().exercises, ["m/sum", "m/full"]);
}

#[test]
fn a_stated_id_or_module_that_contradicts_the_folder_is_a_problem_on_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    course(root, "exercises = [\"m/sum\"]", &["m-sum"]);
    let manifest = format!("title = \"Sum\"\nid = \"m/other\"\nmodule = \"n\"\n{CHECK}");
    exercise(root, "sum", &manifest, &RUST_FILES);
    let course = Course::load(root).unwrap();
    let all = problems(&course);
    assert_eq!(all.len(), 2, "{all:#?}");
    assert!(
        all[0].contains("exercise.toml:2: id \"m/other\" does not match \"m/sum\""),
        "{all:#?}"
    );
    assert!(
        all[1].contains(
            "exercise.toml:3: module \"n\" but course.toml lists this exercise under \"m\""
        ),
        "{all:#?}"
    );
    assert_eq!(
        course.exercise("m/sum").map(|e| e.module.as_str()),
        Some("m")
    );
}

#[test]
fn a_missing_file_is_reported_where_it_is_stated_or_on_the_first_line() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    course(root, "exercises = [\"m/sum\"]", &["m-sum"]);
    let manifest = format!("title = \"Sum\"\nbaseline = \"slow.rs\"\n{CHECK}");
    exercise(root, "sum", &manifest, &["starter.rs"]);
    let course = Course::load(root).unwrap();
    let all = problems(&course);
    assert_eq!(all.len(), 2, "{all:#?}");
    assert!(
        all[0].contains("exercise.toml:1: reference file \"reference.rs\" does not exist in"),
        "{all:#?}"
    );
    assert!(
        all[1].contains("exercise.toml:2: baseline file \"slow.rs\" does not exist in"),
        "{all:#?}"
    );
}

#[test]
fn a_conventional_bin_missing_from_cargo_toml_says_what_to_add() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    course(root, "exercises = [\"m/sum\"]", &[]);
    exercise(
        root,
        "sum",
        &format!("title = \"Sum\"\n{CHECK}"),
        &RUST_FILES,
    );
    let course = Course::load(root).unwrap();
    let all = problems(&course);
    assert_eq!(all.len(), 1, "{all:#?}");
    assert!(
        all[0].contains("exercise.toml:1: bin \"m-sum\""),
        "{all:#?}"
    );
    assert!(
        all[0].contains("name = \"m-sum\"\npath = \"course/m/sum/harness.rs\""),
        "{all:#?}"
    );
}

#[test]
fn empty_hints_load_with_a_problem() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    course(root, "exercises = [\"m/sum\"]", &["m-sum"]);
    let manifest =
        "title = \"Sum\"\ntask = \"Sum.\"\nhints = []\n\n[check]\nkind = \"exact\"\nexpected = 1\n";
    exercise(root, "sum", manifest, &RUST_FILES);
    let course = Course::load(root).unwrap();
    let all = problems(&course);
    assert_eq!(all.len(), 1, "{all:#?}");
    assert!(all[0].contains("exercise.toml:3: an exercise needs at least one hint"));
    assert_eq!(course.exercise("m/sum").map(|e| e.hints.len()), Some(0));
}

#[test]
fn a_module_without_a_list_has_every_exercise_folder_in_name_order() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    course(root, "", &["m-b", "m-a"]);
    for name in ["b", "a"] {
        exercise(
            root,
            name,
            &format!("title = \"{name}\"\n{CHECK}"),
            &RUST_FILES,
        );
    }
    fs::create_dir_all(root.join("exercises/course/m/not-an-exercise")).unwrap();
    let course = Course::load(root).unwrap();
    assert_eq!(problems(&course), Vec::<String>::new());
    assert_eq!(course.module("m").unwrap().exercises, ["m/a", "m/b"]);
}

#[test]
fn iso_dates() {
    assert!(super::is_iso_date("2030-01-31"));
    for bad in ["2030-1-31", "2030/01/31", "2030-01-3x", "", "2030-01-31 "] {
        assert!(!super::is_iso_date(bad), "{bad}");
    }
}
