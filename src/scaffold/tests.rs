//! `parlab new`: ids, titles, the two manifest edits, the templates, and
//! that nothing is written when anything is in the way.

use super::*;

const COURSE: &str = r#"# The course. A comment to keep.
format = 1
title = "T"

[[module]]
id = "threads"
title = "Threads"   # trailing comment
lessons = ["threads/01-a.md"]
exercises = [
    "threads/pi",  # the first
    "threads/histogram"
    # a comment before the end
]

[[module]]
id = "empty"
title = "Empty"
exercises = []

[[module]]
id = "inline"
title = "Inline"
exercises = ["inline/a", "inline/b",]

[[module]]
id = "bare"
title = "Bare"
lessons = [] # none yet

[grading]
due = "2030-01-01"
"#;

#[test]
fn ids_are_two_lowercase_segments() {
    assert_eq!(parse_id("threads/pi"), Ok(("threads", "pi")));
    assert_eq!(parse_id("data/out-of_core2"), Ok(("data", "out-of_core2")));
    for bad in [
        "",
        "pi",
        "a/b/c",
        "Threads/pi",
        "threads/",
        "/pi",
        "a b/c",
        "a/b.rs",
        "../x",
        "a/é",
    ] {
        let err = parse_id(bad).unwrap_err();
        assert!(err.contains("MODULE/NAME"), "{bad}: {err}");
    }
    assert!(parse_id("demos/x").unwrap_err().contains("reserved"));
}

#[test]
fn titles_default_from_the_name() {
    assert_eq!(default_title("out-of_core"), "Out of core");
    assert_eq!(check_title("  Pi  "), Ok("Pi".into()));
    assert!(check_title("two\nlines").is_err());
    assert!(check_title(" ").is_err());
}

#[test]
fn adding_to_a_multiline_list_keeps_comments_and_layout() {
    let (new, created) = add_to_course(COURSE, "threads", "threads/new").unwrap();
    assert!(!created);
    let want = COURSE.replace(
        "    \"threads/histogram\"\n    # a comment before the end\n]",
        "    \"threads/histogram\",\n    # a comment before the end\n    \"threads/new\",\n]",
    );
    assert_eq!(new, want);
}

#[test]
fn adding_to_empty_and_inline_lists_and_none_to_a_missing_one() {
    let (new, _) = add_to_course(COURSE, "empty", "empty/x").unwrap();
    assert_eq!(
        new,
        COURSE.replace("exercises = []", "exercises = [\"empty/x\"]")
    );
    let (new, _) = add_to_course(COURSE, "inline", "inline/c").unwrap();
    assert_eq!(
        new,
        COURSE.replace("\"inline/b\",]", "\"inline/b\", \"inline/c\",]")
    );
    // A module without a list has every exercise folder: nothing to add.
    let (new, created) = add_to_course(COURSE, "bare", "bare/x").unwrap();
    assert!(!created);
    assert_eq!(new, COURSE);
}

#[test]
fn a_new_module_is_appended() {
    let (new, created) = add_to_course(COURSE, "mpi", "mpi/ring").unwrap();
    assert!(created);
    assert_eq!(
        new,
        format!(
            "{COURSE}\n[[module]]\nid = \"mpi\"\ntitle = \"mpi\"\nlessons = []\nexercises = [\n    \"mpi/ring\",\n]\n"
        )
    );
    let (new, created) = add_to_course("format = 1\ntitle = \"T\"", "a", "a/b").unwrap();
    assert!(created);
    assert!(
        new.starts_with("format = 1\ntitle = \"T\"\n\n[[module]]\n"),
        "{new}"
    );
}

#[test]
fn a_listed_exercise_is_refused() {
    let err = add_to_course(COURSE, "threads", "threads/pi").unwrap_err();
    assert!(err.contains("already listed"), "{err}");
    let err = add_to_course(COURSE, "other", "inline/a").unwrap_err();
    assert!(err.contains("already listed"), "{err}");
    assert!(add_to_course("format = [", "a", "a/b").is_err());
}

const CARGO: &str = r#"# The exercises. A comment to keep.
[package]
name = "x"
autobins = false

[dependencies]
parlab-support = { path = "support" } # the harness's half

[[bin]]
name = "threads-pi"
path = "course/threads/pi/harness.rs"

[profile.release]
debug = false
"#;

#[test]
fn a_bin_is_appended_and_the_rest_kept() {
    let new = add_bin(CARGO, "threads-new", "course/threads/new/harness.rs", &[]).unwrap();
    assert_eq!(
        new,
        format!(
            "{CARGO}\n[[bin]]\nname = \"threads-new\"\npath = \"course/threads/new/harness.rs\"\n"
        )
    );
    let err = add_bin(CARGO, "threads-pi", "course/threads/pi2/harness.rs", &[]).unwrap_err();
    assert!(err.contains("already a [[bin]] named"), "{err}");
    let err = add_bin(CARGO, "other", "course/threads/pi/harness.rs", &[]).unwrap_err();
    assert!(err.contains("already a [[bin]] with the path"), "{err}");
}

#[test]
fn templates_are_filled_in() {
    let files = render_files(
        "fixture/fresh",
        "fixture",
        "A \"quoted\" title",
        Language::Rust,
        super::templates::sources(Language::Rust, super::Template::Plain).unwrap(),
    );
    assert_eq!(files.len(), 6);
    for (path, text) in &files {
        assert!(
            !text.contains('@'),
            "{} keeps a placeholder",
            path.display()
        );
    }
    assert_eq!(files[2].1, files[5].1, "the learner's file is the starter");
    assert_eq!(files[5].0, Path::new("exercises/fixture/fresh.rs"));
    let manifest: toml::Table = toml::from_str(&files[0].1).unwrap();
    assert_eq!(manifest["title"].as_str(), Some("A \"quoted\" title"));
    assert!(files[0].1.contains("the [[bin]] fixture-fresh"));
    for key in [
        "id",
        "module",
        "file",
        "bin",
        "starter",
        "reference",
        "baseline",
    ] {
        assert!(!manifest.contains_key(key), "{key}: the folder says it");
    }
    assert_eq!(manifest["hints"].as_array().map(Vec::len), Some(3));
    assert!(
        files[1]
            .1
            .contains("#[path = \"../../../fixture/fresh.rs\"]")
    );
}

#[test]
fn nothing_is_written_when_a_file_exists() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("exercises/m")).unwrap();
    fs::write(root.join("course.toml"), "format = 1\ntitle = \"T\"\n").unwrap();
    fs::write(root.join("exercises/Cargo.toml"), CARGO).unwrap();
    fs::write(root.join("exercises/m/x.rs"), "mine").unwrap();
    let err = create(root, "m/x", None, Language::Rust).unwrap_err();
    assert!(matches!(err, ScaffoldError::Refused(_)), "{err}");
    assert!(err.to_string().contains("x.rs"), "{err}");
    assert!(!root.join("exercises/course").exists());
    assert_eq!(
        fs::read_to_string(root.join("exercises/Cargo.toml")).unwrap(),
        CARGO
    );
    assert_eq!(
        fs::read_to_string(root.join("exercises/m/x.rs")).unwrap(),
        "mine"
    );

    let made = create(root, "m/y", Some("Why"), Language::Rust).unwrap();
    assert!(made.new_module);
    assert!(root.join("exercises/course/m/y/harness.rs").is_file());
    assert!(root.join("exercises/m/y.rs").is_file());
    let again = create(root, "m/y", None, Language::Rust).unwrap_err();
    assert!(matches!(again, ScaffoldError::Refused(_)), "{again}");
}

#[test]
fn a_folder_that_is_not_a_course_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let err = create(dir.path(), "m/x", None, Language::Rust).unwrap_err();
    assert!(err.to_string().contains("course.toml is missing"), "{err}");
}

#[test]
fn a_module_without_a_list_finds_the_new_exercise_unlisted() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let course = "format = 1\ntitle = \"T\"\n\n[[module]]\nid = \"m\"\ntitle = \"M\"\n";
    fs::write(root.join("course.toml"), course).unwrap();
    fs::create_dir_all(root.join("exercises")).unwrap();
    fs::write(root.join("exercises/Cargo.toml"), CARGO).unwrap();
    let made = create(root, "m/y", None, Language::Python).unwrap();
    assert!(!made.listed && !made.new_module);
    assert_eq!(
        fs::read_to_string(root.join("course.toml")).unwrap(),
        course
    );
    let loaded = crate::course::Course::load(root).unwrap();
    assert_eq!(loaded.problems, []);
    let exercise = loaded.exercise("m/y").unwrap();
    assert_eq!(exercise.language, Language::Python);
    assert_eq!(exercise.file_rel, Path::new("m/y.py"));
}

#[test]
fn every_template_fills_in_and_says_what_it_is() {
    let kinds = [
        (Language::Rust, Template::Plain),
        (Language::Rust, Template::Rayon),
        (Language::Rust, Template::Mpi),
        (Language::Python, Template::Plain),
        (Language::Python, Template::Mpi),
    ];
    for (language, template) in kinds {
        let sources = super::templates::sources(language, template).unwrap();
        let files = render_files("m/x", "m", "X", language, sources);
        for (path, text) in &files {
            assert!(!text.contains('@'), "{}: a placeholder", path.display());
        }
        let manifest: toml::Table = toml::from_str(&files[0].1).unwrap();
        let mpi = manifest.get("mpi").and_then(toml::Value::as_bool);
        assert_eq!(
            mpi == Some(true),
            template == Template::Mpi,
            "{language:?} {template:?}"
        );
        assert_eq!(files[2].1, files[5].1, "the learner's file is the starter");
    }
    let rayon = super::templates::sources(Language::Rust, Template::Rayon).unwrap();
    assert!(rayon[3].contains("ThreadPoolBuilder"));
    let err = super::templates::sources(Language::Python, Template::Rayon).unwrap_err();
    assert!(err.contains("--rayon"), "{err}");
}

#[test]
fn an_mpi_exercise_gets_a_bin_that_requires_the_feature() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join("course.toml"), COURSE).unwrap();
    fs::create_dir_all(root.join("exercises")).unwrap();
    fs::write(root.join("exercises/Cargo.toml"), CARGO).unwrap();
    let made = create_from(root, "ranks/sum", None, Language::Rust, Template::Mpi).unwrap();
    assert!(made.new_module);
    let cargo: toml::Table =
        toml::from_str(&fs::read_to_string(root.join("exercises/Cargo.toml")).unwrap()).unwrap();
    let bin = cargo["bin"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["name"].as_str() == Some("ranks-sum"))
        .unwrap();
    assert_eq!(
        bin["required-features"],
        toml::Value::Array(vec!["mpi".into()])
    );
    let loaded = crate::course::Course::load(root).unwrap();
    assert!(loaded.exercise("ranks/sum").unwrap().mpi);
}
