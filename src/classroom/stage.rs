//! The clean course a submission is graded in: a copy of the course's
//! exercises package with the submitted files in place and every
//! reference, baseline and starter removed, so that the harness, the checks
//! and the clock are the course's own and nothing in the copy gives an
//! answer away.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::submissions::Files;
use crate::course::Course;
use crate::runner;

/// A copy of the course's exercises package in `dest` with the submitted
/// files in place (the starter where a file is missing) and every
/// reference, baseline and starter removed.
pub fn stage_clean(course: &Course, dest: &Path, files: &Files) -> Result<()> {
    let replacements: Vec<(&Path, &Path)> = course
        .exercises
        .iter()
        .map(|e| {
            let rel = e.file_rel.to_string_lossy();
            let from = files
                .get(rel.as_ref())
                .and_then(Option::as_deref)
                .unwrap_or(&e.starter);
            (e.file_rel.as_path(), from)
        })
        .collect();
    runner::stage(&course.exercises_dir(), dest, &replacements)
        .with_context(|| format!("failed to copy the course into {}", dest.display()))?;
    let src = course.exercises_dir();
    for exercise in &course.exercises {
        for variant in [&exercise.reference, &exercise.baseline, &exercise.starter] {
            if let Ok(rel) = variant.strip_prefix(&src) {
                let _ = fs::remove_file(dest.join(rel));
            }
        }
    }
    Ok(())
}

/// Absolute path dependencies of the staged package (the stage makes
/// paths that leave the package absolute).
pub fn external_paths(package: &Path) -> Vec<PathBuf> {
    fs::read_to_string(package.join("Cargo.toml"))
        .map(|text| absolute_path_dependencies(&text))
        .unwrap_or_default()
}

/// The absolute `path`s of the `[dependencies]` of a Cargo manifest; none
/// where it does not parse.
pub fn absolute_path_dependencies(manifest: &str) -> Vec<PathBuf> {
    let Ok(table) = toml::from_str::<toml::Table>(manifest) else {
        return Vec::new();
    };
    table
        .get("dependencies")
        .and_then(|d| d.as_table())
        .into_iter()
        .flat_map(|deps| deps.values())
        .filter_map(|dep| dep.get("path")?.as_str().map(PathBuf::from))
        .filter(|p| p.is_absolute())
        .collect()
}

/// The run folder belongs to root while the program runs as nobody.
pub fn make_writable_by_all(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = fs::set_permissions(dir, fs::Permissions::from_mode(0o1777));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_absolute_path_dependencies_are_outside_the_package() {
        let manifest = r#"
[package]
name = "exercises"

[dependencies]
support = { path = "/course/support" }
local = { path = "local" }
rayon = "1"
mpi = { version = "0.8", optional = true }
"#;
        assert_eq!(
            absolute_path_dependencies(manifest),
            vec![PathBuf::from("/course/support")]
        );
    }

    #[test]
    fn a_manifest_that_does_not_parse_has_none() {
        assert!(absolute_path_dependencies("[dependencies\nsupport = {").is_empty());
        assert!(absolute_path_dependencies("dependencies = 3").is_empty());
        assert!(absolute_path_dependencies("").is_empty());
    }
}
