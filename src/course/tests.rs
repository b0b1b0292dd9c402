//! Loading a course: the folder's conventions (a short manifest, a full one
//! as courses wrote them before, the problems a manifest that contradicts its
//! folder or misses a file gets, each on its line), and the lessons listed in
//! course.toml (paths inside `lessons/`, one file per id, UTF-8).

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

/// A course with module `m` listing `lessons` (one entry a line, from line
/// 8 of course.toml on) and the lesson files `files` under `lessons/m`.
fn lessons_course(root: &Path, lessons: &[&str], files: &[(&str, &[u8])]) -> Course {
    let listing: String = lessons.iter().map(|l| format!("  \"{l}\",\n")).collect();
    course(root, &format!("lessons = [\n{listing}]"), &[]);
    fs::create_dir_all(root.join("lessons/m")).unwrap();
    for (name, bytes) in files {
        fs::write(root.join("lessons/m").join(name), bytes).unwrap();
    }
    Course::load(root).unwrap()
}

fn lesson_ids(course: &Course) -> Vec<&str> {
    course.lessons().map(|l| l.id.as_str()).collect()
}

#[test]
fn two_lessons_with_one_id_are_a_problem_on_both_lines_and_the_first_stays() {
    let dir = tempfile::tempdir().unwrap();
    let files: [(&str, &[u8]); 3] = [
        ("01-a.md", b"# A\n"),
        ("04-dup.md", b"# First\n"),
        ("05-dup.md", b"# Second\n"),
    ];
    let course = lessons_course(
        dir.path(),
        &["m/01-a.md", "m/04-dup.md", "m/05-dup.md"],
        &files,
    );
    let all = problems(&course);
    assert_eq!(all.len(), 2, "{all:#?}");
    for (problem, line) in all.iter().zip([9, 10]) {
        assert!(problem.contains(&format!("course.toml:{line}: lessons \"m/04-dup.md\" (line 9) and \"m/05-dup.md\" (line 10) both have the id \"m/dup\"")), "{all:#?}");
    }
    assert_eq!(lesson_ids(&course), ["m/a", "m/dup"]);
    assert_eq!(
        course.lesson("m/dup").map(|l| l.title.as_str()),
        Some("First")
    );
}

#[test]
fn a_lesson_path_that_leaves_lessons_is_a_problem_on_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("elsewhere")).unwrap();
    fs::write(root.join("elsewhere/x.md"), "# Outside\n").unwrap();
    #[cfg(unix)]
    {
        fs::create_dir_all(root.join("lessons/m")).unwrap();
        std::os::unix::fs::symlink(
            root.join("elsewhere/x.md"),
            root.join("lessons/m/03-link.md"),
        )
        .unwrap();
    }
    let listed = [
        "m/01-a.md",
        "../../../../etc/hostname",
        "/etc/os-release",
        "m/03-link.md",
        "m/../../elsewhere/x.md",
    ];
    let course = lessons_course(root, &listed, &[("01-a.md", b"# A\n")]);
    let all = problems(&course);
    let expect = [
        (9, "leaves lessons/ through `..`"),
        (10, "is an absolute path"),
        (12, "leaves lessons/ through `..`"),
    ];
    for (line, words) in expect {
        let place = format!("course.toml:{line}: ");
        assert!(
            all.iter().any(|p| p.contains(&place) && p.contains(words)),
            "{place}{words} in {all:#?}"
        );
    }
    #[cfg(unix)]
    assert!(
        all.iter()
            .any(|p| p.contains("course.toml:11: ") && p.contains("is a link to")),
        "{all:#?}"
    );
    assert_eq!(lesson_ids(&course), ["m/a"]);
}

#[test]
fn a_lesson_that_is_not_utf8_is_a_problem_at_its_byte() {
    let dir = tempfile::tempdir().unwrap();
    let files: [(&str, &[u8]); 1] = [("01-latin.md", b"Caf\xe9\n# T\n")];
    let course = lessons_course(dir.path(), &["m/01-latin.md"], &files);
    let all = problems(&course);
    assert_eq!(all.len(), 1, "{all:#?}");
    assert!(
        all[0].contains("01-latin.md:1: lesson \"m/01-latin.md\" is not UTF-8 at byte 3 (line 1)"),
        "{all:#?}"
    );
}

/// A course whose course.toml has the `[grading]` table `grading`.
fn graded_course(root: &Path, grading: &str) -> Course {
    course(root, "", &[]);
    fs::write(
        root.join("course.toml"),
        format!("format = 1\ntitle = \"T\"\n\n[grading]\n{grading}\n\n[[module]]\nid = \"m\"\ntitle = \"M\"\n"),
    )
    .unwrap();
    Course::load(root).unwrap()
}

#[test]
fn a_late_policy_loads_from_the_grading_table() {
    let dir = tempfile::tempdir().unwrap();
    let course = graded_course(
        dir.path(),
        "due = \"2030-01-31\"\nlate_penalty_per_day = 0.1\nlate_penalty_max = 0.3\ngrace_days = 2\n\
         [grading.grace_days_for]\nada = 5",
    );
    assert_eq!(problems(&course), Vec::<String>::new());
    assert!(course.late.is_set());
    assert_eq!(course.late.penalty_per_day, 0.1);
    assert_eq!(course.late.max_penalty, 0.3);
    assert_eq!(course.late.grace_days_of("ada"), 5);
    assert_eq!(course.late.grace_days_of("bob"), 2);
    let none = graded_course(dir.path(), "due = \"2030-01-31\"");
    assert!(!none.late.is_set());
    assert_eq!(none.late.penalty_per_day, 0.0, "no policy, nothing taken");
}

#[test]
fn a_late_policy_out_of_range_or_without_a_due_date_is_a_problem() {
    let dir = tempfile::tempdir().unwrap();
    let course = graded_course(dir.path(), "due = \"2030-01-31\"\nlate_penalty_per_day = 2");
    let found = problems(&course);
    assert!(
        found.len() == 1 && found[0].contains("late_penalty_per_day is a share of the points"),
        "{found:?}"
    );
    assert!(!course.late.is_set(), "a wrong policy is not applied");
    let course = graded_course(dir.path(), "grace_days = 1");
    let found = problems(&course);
    assert!(
        found.len() == 1 && found[0].contains("needs a due date"),
        "{found:?}"
    );
}
