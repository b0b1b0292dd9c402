//! The schemas against the loader: the same property names as the serde
//! types accept (read from the loader's own "unknown field" errors), and
//! every manifest of the bundled and fixture courses valid. A small
//! validator of the keywords the schemas use stands in for a JSON Schema
//! crate.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

use super::{course, exercise};
use crate::course::manifest::{CourseFile, ExerciseFile};

/// The names serde lists in its "unknown field `x`, expected one of ..."
/// error for `toml`, which must hold the unknown key `zz_unknown`.
fn known_keys<T: serde::de::DeserializeOwned + std::fmt::Debug>(
    toml_text: &str,
) -> BTreeSet<String> {
    let err = toml::from_str::<T>(toml_text).expect_err("an unknown key is an error");
    let message = err.to_string();
    let expected = message
        .lines()
        .find(|line| line.starts_with("unknown"))
        .and_then(|line| line.split_once(", expected"))
        .map(|(_, rest)| rest)
        .unwrap_or_else(|| panic!("no list of fields in {message}"));
    expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

fn properties(schema: &Value) -> BTreeSet<String> {
    schema["properties"]
        .as_object()
        .expect("properties")
        .keys()
        .cloned()
        .collect()
}

const EXERCISE_HEAD: &str = "title = \"t\"\ntask = \"x\"\nhints = []\n";

#[test]
fn course_properties_are_the_loaders_keys() {
    let top = known_keys::<CourseFile>("format = 1\ntitle = \"t\"\nzz_unknown = 1\n");
    assert_eq!(properties(&course()), top);
    let module = known_keys::<CourseFile>(
        "format = 1\ntitle = \"t\"\n[[module]]\nid = \"m\"\ntitle = \"m\"\nzz_unknown = 1\n",
    );
    assert_eq!(
        properties(&course()["properties"]["module"]["items"]),
        module
    );
    let grading =
        known_keys::<CourseFile>("format = 1\ntitle = \"t\"\n[grading]\nzz_unknown = 1\n");
    assert_eq!(properties(&course()["properties"]["grading"]), grading);
}

#[test]
fn exercise_properties_are_the_loaders_keys() {
    let schema = exercise();
    let top = known_keys::<ExerciseFile>(&format!(
        "{EXERCISE_HEAD}zz_unknown = 1\n[check]\nkind = \"exact\"\nexpected = 1\n"
    ));
    assert_eq!(properties(&schema), top);
    let grading = known_keys::<ExerciseFile>(&format!(
        "{EXERCISE_HEAD}[check]\nkind = \"exact\"\nexpected = 1\n[grading]\nzz_unknown = 1\n"
    ));
    assert_eq!(properties(&schema["properties"]["grading"]), grading);
    let tier = known_keys::<ExerciseFile>(&format!(
        "{EXERCISE_HEAD}[check]\nkind = \"exact\"\nexpected = 1\n[grading]\ntiers = [{{ at = 1.0, share = 1.0, zz_unknown = 1 }}]\n"
    ));
    assert_eq!(
        properties(&schema["properties"]["grading"]["properties"]["tiers"]["items"]),
        tier
    );
    let kinds = known_keys::<ExerciseFile>(&format!(
        "{EXERCISE_HEAD}[check]\nkind = \"zz_unknown\"\nexpected = 1\n"
    ));
    let branches = schema["properties"]["check"]["oneOf"].as_array().unwrap();
    let schema_kinds: BTreeSet<String> = branches
        .iter()
        .map(|b| {
            b["properties"]["kind"]["const"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(schema_kinds, kinds);
    for branch in branches {
        let kind = branch["properties"]["kind"]["const"].as_str().unwrap();
        let mut keys = known_keys::<ExerciseFile>(&format!(
            "{EXERCISE_HEAD}[check]\nkind = \"{kind}\"\nzz_unknown = 1\n"
        ));
        keys.insert("kind".into());
        assert_eq!(properties(branch), keys, "check kind {kind}");
    }
}

#[test]
fn enums_are_the_loaders_names() {
    let schema = exercise();
    let languages = known_keys::<ExerciseFile>(&format!(
        "{EXERCISE_HEAD}language = \"zz_unknown\"\n[check]\nkind = \"exact\"\nexpected = 1\n"
    ));
    let listed = |v: &Value| -> BTreeSet<String> {
        v["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(listed(&schema["properties"]["language"]), languages);
    let visibility = known_keys::<ExerciseFile>(&format!(
        "{EXERCISE_HEAD}[check]\nkind = \"exact\"\nexpected = 1\n[grading]\nvisibility = \"zz_unknown\"\n"
    ));
    assert_eq!(
        listed(&schema["properties"]["grading"]["properties"]["visibility"]),
        visibility
    );
}

#[test]
fn every_bundled_and_fixture_manifest_validates() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let courses = [root.to_path_buf(), root.join("tests/fixtures/course")];
    let mut exercises = 0;
    for course_root in courses {
        let text = std::fs::read_to_string(course_root.join("course.toml")).unwrap();
        let errors = validate(&course(), &to_json(&text));
        assert!(errors.is_empty(), "{}: {errors:?}", course_root.display());
        for manifest in manifests(&course_root.join("exercises/course")) {
            let text = std::fs::read_to_string(&manifest).unwrap();
            let errors = validate(&exercise(), &to_json(&text));
            assert!(errors.is_empty(), "{}: {errors:?}", manifest.display());
            exercises += 1;
        }
    }
    assert!(exercises > 40, "only {exercises} manifests found");
}

#[test]
fn the_validator_rejects_what_the_loader_rejects() {
    let misspelt = "title = \"t\"\ntask = \"x\"\nhints = []\ntime_limit = 3\n[check]\nkind = \"exact\"\nexpected = 1\n";
    assert!(!validate(&exercise(), &to_json(misspelt)).is_empty());
    let bad_kind =
        "title = \"t\"\ntask = \"x\"\nhints = []\n[check]\nkind = \"close\"\nexpected = 1\n";
    assert!(!validate(&exercise(), &to_json(bad_kind)).is_empty());
    let no_title = "format = 1\n";
    assert!(!validate(&course(), &to_json(no_title)).is_empty());
    let wrong_format = "format = 2\ntitle = \"t\"\n";
    assert!(!validate(&course(), &to_json(wrong_format)).is_empty());
}

fn to_json(text: &str) -> Value {
    let table: toml::Table = toml::from_str(text).unwrap();
    serde_json::to_value(table).unwrap()
}

fn manifests(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(manifests(&path));
        } else if path.file_name().is_some_and(|n| n == "exercise.toml") {
            out.push(path);
        }
    }
    out
}

/// The keywords the schemas use: type, const, enum, required, properties,
/// additionalProperties (false), items, oneOf, minimum, maximum,
/// exclusiveMinimum. `pattern` and descriptions are not checked.
fn validate(schema: &Value, value: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    check(schema, value, "", &mut errors);
    errors
}

fn check(schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
    if let Some(kind) = schema["type"].as_str() {
        let ok = match kind {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "boolean" => value.is_boolean(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            other => panic!("the validator does not know type {other}"),
        };
        if !ok {
            errors.push(format!("{at}: not {kind}: {value}"));
            return;
        }
    }
    if let Some(c) = schema.get("const")
        && c != value
    {
        errors.push(format!("{at}: {value} is not {c}"));
    }
    if let Some(options) = schema["enum"].as_array()
        && !options.contains(value)
    {
        errors.push(format!("{at}: {value} is not one of {options:?}"));
    }
    if let Some(n) = value.as_f64()
        && (schema["minimum"].as_f64().is_some_and(|m| n < m)
            || schema["maximum"].as_f64().is_some_and(|m| n > m)
            || schema["exclusiveMinimum"].as_f64().is_some_and(|m| n <= m))
    {
        errors.push(format!("{at}: {n} is out of range"));
    }
    if let Some(object) = value.as_object() {
        for key in schema["required"].as_array().into_iter().flatten() {
            if !object.contains_key(key.as_str().unwrap()) {
                errors.push(format!("{at}: {key} is missing"));
            }
        }
        for (key, item) in object {
            match schema["properties"].get(key) {
                Some(sub) => check(sub, item, &format!("{at}.{key}"), errors),
                None if schema["additionalProperties"] == false => {
                    errors.push(format!("{at}: unknown key {key}"));
                }
                None => {}
            }
        }
    }
    if let (Some(items), Some(sub)) = (value.as_array(), schema.get("items")) {
        for (i, item) in items.iter().enumerate() {
            check(sub, item, &format!("{at}[{i}]"), errors);
        }
    }
    if let Some(branches) = schema["oneOf"].as_array() {
        let passing = branches
            .iter()
            .filter(|b| validate(b, value).is_empty())
            .count();
        if passing != 1 {
            errors.push(format!("{at}: {passing} of oneOf's branches match"));
        }
    }
}
