use std::fs;

use super::*;
use crate::course::Course;

#[test]
fn a_new_course_loads_without_problems() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("my-course");
    let made = init(&root, None).unwrap();
    assert_eq!(made.exercise.id, FIRST_EXERCISE);
    let course = Course::load(&root).unwrap();
    assert!(course.problems.is_empty(), "{:?}", course.problems);
    assert_eq!(course.title, "My course");
    assert_eq!(course.modules.len(), 1);
    assert_eq!(course.modules[0].lessons.len(), 1);
    assert_eq!(course.modules[0].lessons[0].id, "intro/welcome");
    assert_eq!(course.modules[0].exercises, [FIRST_EXERCISE]);
    assert!(course.exercise(FIRST_EXERCISE).is_some());
}

#[test]
fn the_support_library_is_a_copy_and_the_package_is_wired_like_the_bundled_one() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path(), Some("A course")).unwrap();
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("exercises");
    for (rel, _) in SUPPORT {
        assert_eq!(
            fs::read_to_string(dir.path().join("exercises").join(rel)).unwrap(),
            fs::read_to_string(bundled.join(rel)).unwrap(),
            "{rel}"
        );
    }
    let support_files: Vec<String> = fs::read_dir(bundled.join("support/src"))
        .unwrap()
        .map(|e| format!("support/src/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    for file in support_files {
        assert!(
            SUPPORT.iter().any(|(rel, _)| *rel == file),
            "{file} is not copied by parlab init"
        );
    }
    let cargo: toml::Table =
        toml::from_str(&fs::read_to_string(dir.path().join("exercises/Cargo.toml")).unwrap())
            .unwrap();
    let bundled_cargo: toml::Table =
        toml::from_str(&fs::read_to_string(bundled.join("Cargo.toml")).unwrap()).unwrap();
    for key in [
        "package",
        "dependencies",
        "features",
        "workspace",
        "profile",
    ] {
        assert_eq!(cargo.get(key), bundled_cargo.get(key), "[{key}]");
    }
    assert_eq!(
        cargo["dependencies"]["parlab-support"]["path"].as_str(),
        Some("support"),
        "the course's own copy, not parlab's checkout"
    );
    let bins = cargo["bin"].as_array().unwrap();
    assert_eq!(bins.len(), 1);
    assert_eq!(bins[0]["name"].as_str(), Some("intro-collatz"));
}

#[test]
fn the_schemas_and_taplo_configuration_are_written() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path(), None).unwrap();
    for (name, _) in crate::course::schema::NAMES {
        let text =
            fs::read_to_string(dir.path().join(format!("schemas/{name}.schema.json"))).unwrap();
        let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(Some(schema), crate::course::schema::named(name));
    }
    let taplo: toml::Table =
        toml::from_str(&fs::read_to_string(dir.path().join(".taplo.toml")).unwrap()).unwrap();
    assert_eq!(taplo["rule"].as_array().map(Vec::len), Some(2));
}

#[test]
fn a_folder_with_anything_in_it_is_refused_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let err = init(dir.path(), None).unwrap_err();
    assert!(matches!(err, ScaffoldError::Refused(_)), "{err}");
    assert!(err.to_string().contains("notes.txt"), "{err}");
    let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1);

    let git = tempfile::tempdir().unwrap();
    fs::create_dir(git.path().join(".git")).unwrap();
    init(git.path(), None).unwrap();
}
