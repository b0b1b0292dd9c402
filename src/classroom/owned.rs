//! The course's own files in a student's copy (harnesses, manifests, the
//! support library, the GitHub Classroom workflow) and their hashes, so
//! `parlab check --all --classroom` can tell that a student repository
//! still checks with the course's tests.
//!
//! `parlab export classroom` writes `course.sha256` at the course root, in
//! `sha256sum`'s format, from the instructor's course; it is committed to
//! the template repository. The check reads it back and reports every
//! course file that changed, went missing or was added. The file itself is
//! in the student's hands too, so the digest of `course.sha256` (printed by
//! the export) can also be given in `PARLAB_COURSE_HASH`, from a place the
//! student cannot edit (an organization's Actions variable).
//!
//! The learner's files, and every file in a folder that holds one, are the
//! student's; so are build output (`target`), `Cargo.lock` (cargo may
//! rewrite it), Python's `__pycache__` and hidden files.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use sha2::{Digest, Sha256};

use crate::course::Course;

/// The hash file's name, at the course root.
pub const HASH_FILE: &str = "course.sha256";

/// The environment variable that may hold the digest of `course.sha256`.
pub const DIGEST_VARIABLE: &str = "PARLAB_COURSE_HASH";

/// The course's own files, by their path from the course root (with `/`),
/// in name order.
pub fn owned_files(course: &Course) -> Result<BTreeMap<String, PathBuf>> {
    let learner_dirs: Vec<PathBuf> = course
        .exercises
        .iter()
        .filter_map(|e| e.file.parent().map(Path::to_path_buf))
        .collect();
    let mut files = Vec::new();
    collect(&course.exercises_dir(), &learner_dirs, &mut files)?;
    let workflows = course.root.join(".github/workflows");
    if workflows.is_dir() {
        collect(&workflows, &learner_dirs, &mut files)?;
    }
    files.push(course.root.join("course.toml"));
    Ok(files
        .into_iter()
        .map(|f| {
            let rel = f.strip_prefix(&course.root).unwrap_or(&f);
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            (rel, f)
        })
        .collect())
}

fn collect(dir: &Path, learner_dirs: &[PathBuf], out: &mut Vec<PathBuf>) -> Result<()> {
    if learner_dirs.iter().any(|d| d == dir) {
        return Ok(());
    }
    let entries = fs::read_dir(dir).with_context(|| format!("failed to read {}", dir.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("failed to read {}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let skipped = name.starts_with('.')
            || matches!(name.as_str(), "target" | "__pycache__" | "Cargo.lock")
            || name.ends_with(".pyc");
        if skipped {
            continue;
        }
        let kind = entry
            .file_type()
            .with_context(|| format!("failed to read {}", entry.path().display()))?;
        if kind.is_dir() {
            collect(&entry.path(), learner_dirs, out)?;
        } else {
            // A link or a plain file: either is the course's.
            out.push(entry.path());
        }
    }
    Ok(())
}

/// `course.sha256`: a line `<sha256>  <path>` per course file.
pub fn hash_file(course: &Course) -> Result<String> {
    let mut text = String::new();
    for (rel, path) in owned_files(course)? {
        text.push_str(&format!("{}  {rel}\n", file_digest(&path)?));
    }
    Ok(text)
}

/// The SHA-256 of `bytes`, in hex.
pub fn digest(bytes: &[u8]) -> String {
    crate::hex::encode(&Sha256::digest(bytes))
}

fn file_digest(path: &Path) -> Result<String> {
    let bytes = fs::read(path).with_context(|| format!("failed to read {}", path.display()))?;
    Ok(digest(&bytes))
}

/// What differs between the course's files and `course.sha256`, a line
/// each; empty when they agree. `expected_digest` is the digest the hash
/// file itself must have, where one is given.
pub fn verify(course: &Course, expected_digest: Option<&str>) -> Result<Vec<String>> {
    let path = course.root.join(HASH_FILE);
    let Ok(text) = fs::read_to_string(&path) else {
        return Ok(vec![format!(
            "{HASH_FILE} is missing: the course's files cannot be verified \
             (the instructor writes it with `parlab export classroom`)"
        )]);
    };
    let mut problems = Vec::new();
    if let Some(expected) = expected_digest.map(str::trim).filter(|d| !d.is_empty())
        && !digest(text.as_bytes()).eq_ignore_ascii_case(expected)
    {
        problems.push(format!(
            "{HASH_FILE} is not the course's: its digest is not the one in {DIGEST_VARIABLE}"
        ));
    }
    let listed: BTreeMap<&str, &str> = text
        .lines()
        .filter_map(|line| line.split_once("  "))
        .map(|(hash, rel)| (rel, hash))
        .collect();
    let present = owned_files(course)?;
    for (rel, hash) in &listed {
        match present.get(*rel) {
            None => problems.push(format!("missing: {rel}")),
            Some(file) => {
                if !file_digest(file).is_ok_and(|d| d.eq_ignore_ascii_case(hash)) {
                    problems.push(format!("changed: {rel}"));
                }
            }
        }
    }
    for rel in present.keys() {
        if !listed.contains_key(rel.as_str()) {
            problems.push(format!("added: {rel}"));
        }
    }
    Ok(problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classroom::testing;

    fn course() -> (tempfile::TempDir, Course) {
        let dir = tempfile::tempdir().unwrap();
        testing::copy_tree(&testing::fixtures().join("graded"), dir.path());
        let course = Course::load(dir.path()).unwrap();
        (dir, course)
    }

    #[test]
    fn the_course_files_are_its_harnesses_and_manifests_not_the_learners() {
        let (dir, course) = course();
        fs::create_dir_all(dir.path().join("exercises/course/class/sum/__pycache__")).unwrap();
        fs::write(
            dir.path()
                .join("exercises/course/class/sum/__pycache__/x.pyc"),
            "",
        )
        .unwrap();
        let files: Vec<String> = owned_files(&course).unwrap().into_keys().collect();
        assert!(files.contains(&"course.toml".to_owned()), "{files:?}");
        assert!(files.contains(&"exercises/Cargo.toml".to_owned()));
        assert!(files.contains(&"exercises/course/class/sum/harness.rs".to_owned()));
        assert!(files.contains(&"exercises/course/class/sum/exercise.toml".to_owned()));
        assert!(!files.iter().any(|f| f.starts_with("exercises/class/")));
        assert!(
            !files
                .iter()
                .any(|f| f.contains("Cargo.lock") || f.contains("pyc"))
        );
    }

    #[test]
    fn an_edited_harness_an_added_file_and_a_missing_one_are_named() {
        let (dir, course) = course();
        assert!(verify(&course, None).unwrap()[0].contains("course.sha256 is missing"));
        let text = hash_file(&course).unwrap();
        fs::write(dir.path().join(HASH_FILE), &text).unwrap();
        assert_eq!(verify(&course, None).unwrap(), Vec::<String>::new());
        assert_eq!(
            verify(&course, Some(&digest(text.as_bytes()))).unwrap(),
            Vec::<String>::new()
        );

        fs::write(dir.path().join("exercises/class/sum.rs"), "// mine").unwrap();
        fs::write(dir.path().join("exercises/class/helper.rs"), "// mine").unwrap();
        assert_eq!(verify(&course, None).unwrap(), Vec::<String>::new());

        let harness = dir.path().join("exercises/course/class/sum/harness.rs");
        fs::write(&harness, "fn main() { println!(\"passed\") }").unwrap();
        fs::remove_file(dir.path().join("exercises/course/class/seeded/starter.rs")).unwrap();
        fs::write(dir.path().join("exercises/course/class/sum/easy.rs"), "").unwrap();
        assert_eq!(
            verify(&course, None).unwrap(),
            [
                "missing: exercises/course/class/seeded/starter.rs",
                "changed: exercises/course/class/sum/harness.rs",
                "added: exercises/course/class/sum/easy.rs",
            ]
        );
    }

    #[test]
    fn a_rewritten_hash_file_is_caught_by_the_digest_given_apart() {
        let (dir, course) = course();
        let text = hash_file(&course).unwrap();
        let expected = digest(text.as_bytes());
        let harness = dir.path().join("exercises/course/class/sum/harness.rs");
        fs::write(&harness, "fn main() {}").unwrap();
        fs::write(dir.path().join(HASH_FILE), hash_file(&course).unwrap()).unwrap();
        assert_eq!(verify(&course, None).unwrap(), Vec::<String>::new());
        let problems = verify(&course, Some(&expected)).unwrap();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("PARLAB_COURSE_HASH"));
    }
}
