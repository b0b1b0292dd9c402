//! Which students a grading run grades: every student of the class, or the
//! one named with `--student` (graded again even if unchanged), less those
//! whose stored grade still stands because their exercise files, the
//! course and parlab are the same as when it was made. This is what lets an
//! interrupted run resume where it stopped.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use super::records::{RECORD_FORMAT, StoredGrade};
use super::submissions::{self, Files};
use super::{Progress, store};
use crate::course::Course;

/// A student to grade.
pub struct Todo {
    pub name: String,
    pub files: Files,
    /// The hash of their files (`submissions::submission_hash`).
    pub sha: String,
    /// When they submitted (`submissions::submitted_at`).
    pub submitted_at: Option<i64>,
}

/// The students to grade, and those whose grade stands.
pub struct Plan {
    pub todo: Vec<Todo>,
    pub unchanged: Vec<String>,
}

/// The plan for `students`, from their submissions and stored grades in
/// `out`; each unchanged student is reported as it is found.
pub fn plan(
    course: &Course,
    out: &Path,
    students: &[(String, PathBuf)],
    only: Option<&str>,
    course_sha: &str,
    on_progress: &mut dyn FnMut(Progress),
) -> Plan {
    let mut plan = Plan {
        todo: Vec::new(),
        unchanged: Vec::new(),
    };
    for (name, dir) in students {
        if !wanted(name, only) {
            continue;
        }
        let files = submissions::submitted_files(course, dir);
        let sha = submissions::submission_hash(&files);
        let stored = store::read_stored(out, name);
        if only.is_none() && stands(stored.as_ref(), &sha, course_sha) {
            on_progress(Progress::Unchanged { name: name.clone() });
            plan.unchanged.push(name.clone());
        } else {
            let submitted_at = submissions::submitted_at(dir, &files);
            plan.todo.push(Todo {
                name: name.clone(),
                files,
                sha,
                submitted_at,
            });
        }
    }
    plan
}

/// Whether student `name` is graded this run: every one, or the one asked
/// for.
pub fn wanted(name: &str, only: Option<&str>) -> bool {
    only.is_none_or(|only| only == name)
}

/// An error when `--student` names no student of the class in `dir`.
pub fn check_only(students: &[(String, PathBuf)], only: Option<&str>, dir: &Path) -> Result<()> {
    if let Some(name) = only
        && !students.iter().any(|(n, _)| n == name)
    {
        bail!("there is no student {name:?} in {}", dir.display());
    }
    Ok(())
}

/// Whether a stored grade still stands for a submission hashed `sha`
/// against the course hashed `course_sha`: same record format, same files,
/// same course, same parlab.
pub fn stands(stored: Option<&StoredGrade>, sha: &str, course_sha: &str) -> bool {
    stored.is_some_and(|s| {
        s.format == RECORD_FORMAT
            && s.replay.submission_sha256 == sha
            && s.replay.course_sha256 == course_sha
            && s.replay.parlab_version == env!("CARGO_PKG_VERSION")
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::classroom::records::{Hardware, Replay};

    fn stored(format: u32, sha: &str, course_sha: &str, version: &str) -> StoredGrade {
        StoredGrade {
            format,
            student: "ada".into(),
            total: 0.0,
            max: 0.0,
            late: None,
            exercises: Vec::new(),
            replay: Replay {
                submission_sha256: sha.into(),
                files: BTreeMap::new(),
                course_sha256: course_sha.into(),
                parlab_version: version.into(),
                toolchain: None,
                hardware: Hardware {
                    host: None,
                    cores: 1,
                    cpu_model: None,
                    memory_bytes: None,
                    os: String::new(),
                },
                load_average: None,
                graded_at: String::new(),
                command: String::new(),
            },
        }
    }

    #[test]
    fn a_grade_stands_while_files_course_format_and_parlab_are_the_same() {
        let version = env!("CARGO_PKG_VERSION");
        let same = stored(RECORD_FORMAT, "s", "c", version);
        assert!(stands(Some(&same), "s", "c"));
        assert!(!stands(None, "s", "c"), "never graded");
        assert!(!stands(Some(&same), "t", "c"), "the files changed");
        assert!(!stands(Some(&same), "s", "d"), "the course changed");
        let old = stored(RECORD_FORMAT + 1, "s", "c", version);
        assert!(!stands(Some(&old), "s", "c"), "another record format");
        let other = stored(RECORD_FORMAT, "s", "c", "0.0.0-other");
        assert!(!stands(Some(&other), "s", "c"), "another parlab");
    }

    #[test]
    fn one_student_or_all_are_wanted() {
        assert!(wanted("ada", None));
        assert!(wanted("ada", Some("ada")));
        assert!(!wanted("bob", Some("ada")));
    }

    #[test]
    fn a_student_asked_for_must_be_in_the_class() {
        let students = vec![("ada".to_owned(), PathBuf::from("class/ada"))];
        let dir = Path::new("class");
        assert!(check_only(&students, None, dir).is_ok());
        assert!(check_only(&students, Some("ada"), dir).is_ok());
        let error = check_only(&students, Some("../ada"), dir).unwrap_err();
        assert_eq!(error.to_string(), "there is no student \"../ada\" in class");
        assert!(check_only(&[], Some("ada"), dir).is_err());
    }

    #[test]
    fn the_plan_keeps_a_standing_grade_unless_its_student_is_asked_for() {
        let course = crate::classroom::testing::course();
        let dir = tempfile::tempdir().unwrap();
        let (class, out) = (dir.path().join("class"), dir.path().join("out"));
        for name in ["ada", "bob"] {
            std::fs::create_dir_all(class.join(name).join("class")).unwrap();
            std::fs::write(class.join(name).join("class/sum.rs"), name).unwrap();
        }
        let students = submissions::list_students(&class).unwrap();
        let sha = submissions::submission_hash(&submissions::submitted_files(
            &course,
            &class.join("ada"),
        ));
        let mut record = serde_json::to_value(
            stored(RECORD_FORMAT, &sha, "course", env!("CARGO_PKG_VERSION")).replay,
        )
        .unwrap();
        record = serde_json::json!({
            "format": RECORD_FORMAT, "student": "ada", "total": 0.0, "max": 0.0,
            "exercises": [], "replay": record,
        });
        store::write_json(&out.join("students/ada/grade.json"), &record).unwrap();
        let mut heard = Vec::new();
        let mut hear = |p: Progress| heard.push(format!("{p:?}"));
        let all = plan(&course, &out, &students, None, "course", &mut hear);
        let todo: Vec<&str> = all.todo.iter().map(|t| t.name.as_str()).collect();
        assert_eq!((todo, all.unchanged), (vec!["bob"], vec!["ada".to_owned()]));
        assert_eq!(heard.len(), 1, "{heard:?}");
        let one = plan(&course, &out, &students, Some("ada"), "course", &mut |_| {});
        let todo: Vec<&str> = one.todo.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(todo, ["ada"]);
        assert!(one.unchanged.is_empty());
        let changed = plan(&course, &out, &students, None, "another", &mut |_| {});
        assert_eq!(changed.todo.len(), 2, "the course changed");
        assert_eq!(changed.todo[1].files.len(), course.exercises.len());
    }
}
