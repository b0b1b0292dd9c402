//! A class's submissions on disk: the student folders, the exercise files
//! each one holds, and the hashes that tell whether a submission or the
//! course changed since a student's last grade.
//!
//! Only plain files are taken: a symbolic link in a submission could point
//! at the course's reference, so it counts as not submitted.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};

use crate::course::Course;

/// Each exercise file of the course (by its path in the exercises package)
/// and where the submission has it; `None` where it does not.
pub type Files = BTreeMap<String, Option<PathBuf>>;

/// The student folders of `dir`, by name (hidden folders and plain files
/// left out).
pub fn list_students(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    let entries = fs::read_dir(dir).with_context(|| format!("failed to read {}", dir.display()))?;
    let mut students = Vec::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("failed to read {}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_dir = entry
            .file_type()
            .with_context(|| format!("failed to read {}", entry.path().display()))?
            .is_dir();
        if name.starts_with('.') || !is_dir {
            continue;
        }
        if !safe_name(&name) {
            bail!("student folder {name:?}: use letters, digits and - _ . @ + only");
        }
        students.push((name, entry.path()));
    }
    students.sort();
    Ok(students)
}

/// Whether a student's name can name their output folder and a gradebook
/// row: letters, digits and `- _ . @ +`.
pub fn safe_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '@' | '+'))
}

/// Each exercise file of the course, as the submission in `dir` has it:
/// `exercises/<file>` (a checkout of the course) or `<file>` (the files
/// alone). `None` for a file that is missing or is not a plain file.
pub fn submitted_files(course: &Course, dir: &Path) -> Files {
    course
        .exercises
        .iter()
        .map(|e| {
            let rel = e.file_rel.to_string_lossy().into_owned();
            let found = [
                dir.join("exercises").join(&e.file_rel),
                dir.join(&e.file_rel),
            ]
            .into_iter()
            .find(|p| fs::symlink_metadata(p).is_ok_and(|m| m.is_file()));
            (rel, found)
        })
        .collect()
}

/// When the submission in `dir` was made, in seconds since 1970: the time
/// of its last commit in a git checkout, else the newest modification time
/// of its exercise files; `None` when neither can be read.
pub fn submitted_at(dir: &Path, files: &Files) -> Option<i64> {
    if dir.join(".git").exists() {
        let dir = dir.to_string_lossy();
        let committed = crate::runner::probe("git", &["-C", &dir, "log", "-1", "--format=%ct"])
            .and_then(|out| out.trim().parse().ok());
        if committed.is_some() {
            return committed;
        }
    }
    files
        .values()
        .flatten()
        .filter_map(|p| fs::metadata(p).ok()?.modified().ok())
        .filter_map(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .filter_map(|d| i64::try_from(d.as_secs()).ok())
        .max()
}

/// A hash of a submission: each file's path and content (a file that
/// cannot be read counts as missing).
pub fn submission_hash(files: &Files) -> String {
    hash_contents(
        files
            .iter()
            .map(|(rel, path)| (rel, path.as_ref().and_then(|p| fs::read(p).ok()))),
    )
}

/// The hash of `(path, content)` pairs in the order given, `None` for a
/// missing file; a path and its content cannot run into the next pair's.
pub fn hash_contents<S: AsRef<str>, B: AsRef<[u8]>>(
    files: impl IntoIterator<Item = (S, Option<B>)>,
) -> String {
    let mut hasher = Sha256::new();
    for (rel, bytes) in files {
        hasher.update(rel.as_ref().as_bytes());
        hasher.update([0]);
        match bytes {
            Some(bytes) => {
                let bytes = bytes.as_ref();
                hasher.update((bytes.len() as u64).to_le_bytes());
                hasher.update(bytes);
            }
            None => hasher.update(u64::MAX.to_le_bytes()),
        }
    }
    crate::hex::encode(&hasher.finalize())
}

pub fn file_hash(path: &Path) -> Result<String> {
    let bytes = fs::read(path).with_context(|| format!("failed to read {}", path.display()))?;
    Ok(crate::hex::encode(&Sha256::digest(&bytes)))
}

/// A hash of everything of the course that grading depends on: the
/// manifests, the exercises package (its harnesses, support crate,
/// references and baselines), but not the learner files in it.
pub fn course_hash(course: &Course) -> Result<String> {
    let learner: Vec<PathBuf> = course.exercises.iter().map(|e| e.file.clone()).collect();
    let mut files = Vec::new();
    collect_files(&course.exercises_dir(), &mut files)?;
    files.push(course.root.join("course.toml"));
    files.retain(|f| !learner.contains(f));
    files.sort();
    let mut contents = Vec::new();
    for file in files {
        let rel = file.strip_prefix(&course.root).unwrap_or(&file);
        let bytes =
            fs::read(&file).with_context(|| format!("failed to read {}", file.display()))?;
        contents.push((rel.to_string_lossy().into_owned(), Some(bytes)));
    }
    Ok(hash_contents(contents))
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in fs::read_dir(dir).with_context(|| format!("failed to read {}", dir.display()))? {
        let entry = entry.with_context(|| format!("failed to read {}", dir.display()))?;
        let name = entry.file_name();
        if name == "target" || name.to_string_lossy().starts_with('.') {
            continue;
        }
        let kind = entry
            .file_type()
            .with_context(|| format!("failed to read {}", entry.path().display()))?;
        if kind.is_dir() {
            collect_files(&entry.path(), out)?;
        } else if kind.is_file() {
            out.push(entry.path());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classroom::testing;

    #[test]
    fn student_names_are_plain() {
        for good in [
            "ada",
            "ada.lovelace",
            "a-b_c",
            "x@uni.edu",
            "a+b",
            "élodie",
            "李",
        ] {
            assert!(safe_name(good), "{good}");
        }
        for bad in [
            "",
            "a b",
            "a/b",
            "..\\x",
            "a;b",
            "$(x)",
            "a\nb",
            "a\u{fffd}",
        ] {
            assert!(!safe_name(bad), "{bad:?}");
        }
    }

    #[test]
    fn student_folders_are_listed_by_name_without_hidden_ones_or_files() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["bob", "ada", ".git"] {
            fs::create_dir(dir.path().join(name)).unwrap();
        }
        fs::write(dir.path().join("notes.txt"), "not a student").unwrap();
        let names: Vec<String> = list_students(dir.path())
            .unwrap()
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        assert_eq!(names, ["ada", "bob"]);
    }

    #[test]
    fn an_odd_student_folder_is_an_error_that_names_it() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("ada")).unwrap();
        fs::create_dir(dir.path().join("bad name")).unwrap();
        let error = list_students(dir.path()).unwrap_err().to_string();
        assert!(error.contains("\"bad name\""), "{error}");
        let missing = list_students(&dir.path().join("nowhere")).unwrap_err();
        assert!(format!("{missing:#}").contains("nowhere"));
    }

    #[test]
    fn exercise_files_are_found_in_a_checkout_or_alone_and_never_through_a_link() {
        let course = testing::course();
        let dir = tempfile::tempdir().unwrap();
        let checkout = dir.path().join("exercises/class");
        fs::create_dir_all(&checkout).unwrap();
        fs::write(checkout.join("sum.rs"), "// checkout").unwrap();
        fs::create_dir_all(dir.path().join("class")).unwrap();
        fs::write(dir.path().join("class/sum.rs"), "// alone").unwrap();
        fs::write(dir.path().join("class/secret.rs"), "// alone").unwrap();
        let target = course.exercises[2].reference.clone();
        std::os::unix::fs::symlink(target, checkout.join("seeded.rs")).unwrap();
        let files = submitted_files(&course, dir.path());
        assert_eq!(
            files["class/sum.rs"].as_deref(),
            Some(checkout.join("sum.rs").as_path()),
            "the checkout's file first"
        );
        assert_eq!(
            files["class/secret.rs"].as_deref(),
            Some(dir.path().join("class/secret.rs").as_path())
        );
        assert_eq!(files["class/seeded.rs"], None, "a link is not submitted");
    }

    #[test]
    fn a_submission_was_made_when_its_newest_file_was_changed() {
        let dir = tempfile::tempdir().unwrap();
        let (old, new) = (dir.path().join("old.rs"), dir.path().join("new.rs"));
        let at = |secs| std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs);
        for (file, secs) in [(&old, 1_000), (&new, 2_000)] {
            fs::write(file, "x").unwrap();
            fs::File::options()
                .write(true)
                .open(file)
                .unwrap()
                .set_modified(at(secs))
                .unwrap();
        }
        let files: Files = [
            ("a.rs".to_owned(), Some(old)),
            ("b.rs".to_owned(), Some(new)),
            ("c.rs".to_owned(), None),
        ]
        .into();
        assert_eq!(submitted_at(dir.path(), &files), Some(2_000));
        assert_eq!(submitted_at(dir.path(), &Files::new()), None);
    }

    #[test]
    fn a_submission_hash_tells_missing_from_empty_and_moved_bytes() {
        let hash = |files: &[(&str, Option<&[u8]>)]| hash_contents(files.iter().copied());
        let base = hash(&[("a.rs", Some(b"x")), ("b.rs", Some(b"y"))]);
        assert_eq!(base.len(), 64);
        assert_eq!(base, hash(&[("a.rs", Some(b"x")), ("b.rs", Some(b"y"))]));
        assert_ne!(base, hash(&[("a.rs", Some(b"xb.rs")), ("", Some(b"y"))]));
        assert_ne!(
            hash(&[("a.rs", None)]),
            hash(&[("a.rs", Some(b"".as_slice()))])
        );
        assert_ne!(base, hash(&[("a.rs", Some(b"y")), ("b.rs", Some(b"x"))]));
    }

    #[test]
    fn a_submission_hash_reads_the_files_and_counts_an_unreadable_one_missing() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("sum.rs");
        fs::write(&file, "fn main() {}").unwrap();
        let files: Files = [
            ("class/sum.rs".to_owned(), Some(file.clone())),
            ("class/gone.rs".to_owned(), Some(dir.path().join("gone.rs"))),
        ]
        .into();
        let expected = hash_contents([
            ("class/gone.rs", None),
            ("class/sum.rs", Some(b"fn main() {}".as_slice())),
        ]);
        assert_eq!(submission_hash(&files), expected);
        assert_eq!(file_hash(&file).unwrap().len(), 64);
        assert!(file_hash(&dir.path().join("gone.rs")).is_err());
    }

    #[test]
    fn the_course_hash_leaves_the_learner_files_out() {
        let dir = tempfile::tempdir().unwrap();
        crate::classroom::testing::copy_tree(&testing::fixtures().join("graded"), dir.path());
        let course = Course::load(dir.path()).unwrap();
        let before = course_hash(&course).unwrap();
        fs::write(&course.exercises[0].file, "// the learner's edit").unwrap();
        assert_eq!(course_hash(&course).unwrap(), before);
        fs::write(&course.exercises[0].reference, "// a new reference").unwrap();
        assert_ne!(course_hash(&course).unwrap(), before);
    }
}
