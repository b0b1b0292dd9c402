//! Convention over repetition: what an exercise's folder already says, so
//! that its manifest need not say it again.
//!
//! An exercise `<module>/<name>` lives in `exercises/course/<module>/<name>/`,
//! and by convention:
//!
//! | key         | default                                              |
//! |-------------|------------------------------------------------------|
//! | `id`        | `<module>/<name>`, the folder under `exercises/course/` |
//! | `module`    | the module whose `exercises` list names it (`<module>`) |
//! | `language`  | Python when the starter is a `.py` file (the stated one, or `starter.py` where there is no `starter.rs`), else Rust |
//! | `file`      | `<module>/<name>.<ext>`, the learner's file under `exercises/` |
//! | `bin`       | `<module>-<name>` (Rust), a `[[bin]]` of `exercises/Cargo.toml` |
//! | `harness`   | `harness.py` (Python)                                |
//! | `starter`, `reference`, `baseline` | `starter.<ext>`, `reference.<ext>`, `baseline.<ext>` |
//!
//! A manifest states only what differs; a stated key always wins, so a
//! manifest that states everything loads as it always did. A module of
//! `course.toml` without an `exercises` list has every folder with an
//! `exercise.toml` under `exercises/course/<module>/`, in name order.
//!
//! A demo (`exercises/course/demos/<id>/demo.toml`) follows the same idea: a
//! run's `python = true` is the script `<id>.py` in its folder, and
//! `bin = true` the `[[bin]]` `demo-<id>`.
//!
//! Everything here is a pure function of names, except [`language`] and
//! [`exercise_ids`], which look at which files exist.

use std::fs;
use std::path::{Path, PathBuf};

use super::Language;

/// The folder of every exercise's course-owned files, under the course root.
pub const EXERCISES_DIR: &str = "exercises/course";

/// The name of an exercise's manifest in its folder.
pub const MANIFEST: &str = "exercise.toml";

/// The harness of a Python exercise, beside its manifest.
pub const PYTHON_HARNESS: &str = "harness.py";

/// The three course-owned variants of an exercise, by their manifest key.
pub const VARIANTS: [&str; 3] = ["starter", "reference", "baseline"];

/// The manifest of the exercise `id` in the course at `root`.
pub fn manifest_path(root: &Path, id: &str) -> PathBuf {
    root.join(EXERCISES_DIR).join(id).join(MANIFEST)
}

/// The learner's file, relative to the exercises package.
pub fn learner_file(id: &str, language: Language) -> String {
    format!("{id}.{}", language.extension())
}

/// The `[[bin]]` that is a Rust exercise's harness: `threads/pi` is
/// `threads-pi`.
pub fn bin(id: &str) -> String {
    id.replace('/', "-")
}

/// The path of that `[[bin]]`'s source, relative to the exercises package.
pub fn bin_path(id: &str) -> String {
    format!("course/{id}/harness.rs")
}

/// A variant's file (`starter`, `reference` or `baseline`) in the
/// exercise's folder.
pub fn variant_file(variant: &str, language: Language) -> String {
    format!("{variant}.{}", language.extension())
}

/// The exercise's language: the stated one; else Python when the starter is
/// a Python file (the stated starter, or `starter.py` in a folder without
/// `starter.rs`); else Rust.
pub fn language(stated: Option<Language>, starter: Option<&str>, dir: &Path) -> Language {
    let python = Language::Python.extension();
    match (stated, starter) {
        (Some(language), _) => language,
        (None, Some(starter)) if has_extension(starter, python) => Language::Python,
        (None, Some(_)) => Language::Rust,
        (None, None) => {
            let rust = variant_file("starter", Language::Rust);
            let py = variant_file("starter", Language::Python);
            if dir.join(py).is_file() && !dir.join(rust).is_file() {
                Language::Python
            } else {
                Language::Rust
            }
        }
    }
}

/// Whether a file name ends in `.<ext>`.
pub fn has_extension(name: &str, ext: &str) -> bool {
    Path::new(name).extension().and_then(|e| e.to_str()) == Some(ext)
}

/// The exercises of a module that lists none: every folder under
/// `exercises/course/<module>/` that holds an `exercise.toml`, in name order.
/// A module without such a folder has none.
pub fn exercise_ids(root: &Path, module: &str) -> Vec<String> {
    let Ok(entries) = fs::read_dir(root.join(EXERCISES_DIR).join(module)) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| manifest_path(root, &format!("{module}/{name}")).is_file())
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| format!("{module}/{name}"))
        .collect()
}

/// A demo run's Python script when its `python = true`: `<id>.py` in the
/// demo's folder.
pub fn demo_script(id: &str) -> String {
    format!("{id}.{}", Language::Python.extension())
}

/// A demo run's `[[bin]]` when its `bin = true`: `demo-<id>`.
pub fn demo_bin(id: &str) -> String {
    format!("demo-{id}")
}
