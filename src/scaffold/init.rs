//! `parlab init DIR`: a working course from nothing.
//!
//! It writes, into an empty or new folder, everything a course needs before
//! its first `parlab new`: `course.toml` (format 1, one module), a lesson
//! stub, the exercises package (`exercises/Cargo.toml`, the same package
//! header, dependencies and `mpi` feature as the bundled course's, with its
//! `Cargo.lock`), a copy of the support library for Rust harnesses
//! (`exercises/support`) and for Python ones (`exercises/python`), the JSON
//! Schemas of the two manifests with a taplo configuration that applies
//! them, and then one exercise through `parlab new`, which validates as it
//! is.
//!
//! The copies are embedded in the parlab binary (`include_str!`), so the new
//! course depends on nothing outside its own folder: not on parlab's
//! checkout, not on a registry for the support crate (which is not
//! published). The course owns its copy from then on.
//!
//! It never overwrites: a folder that holds anything but `.git` is refused
//! before a file is written, files are created with `create_new`, and when a
//! write fails part way, what was written is removed again.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::{Scaffold, ScaffoldError, refused};
use crate::course::Language;

/// The module, lesson and exercise a new course starts with.
pub const FIRST_MODULE: &str = "intro";
pub const FIRST_LESSON: &str = "intro/01-welcome.md";
pub const FIRST_EXERCISE: &str = "intro/collatz";

/// The bundled exercises package: its header (everything before the first
/// `[[bin]]`) is the new course's, so the `mpi` feature is wired the same.
const BUNDLED_CARGO: &str = include_str!("../../exercises/Cargo.toml");
const BUNDLED_LOCK: &str = include_str!("../../exercises/Cargo.lock");

/// The support library, file by file, relative to `exercises/`.
const SUPPORT: [(&str, &str); 11] = [
    (
        "support/Cargo.toml",
        include_str!("../../exercises/support/Cargo.toml"),
    ),
    (
        "support/src/lib.rs",
        include_str!("../../exercises/support/src/lib.rs"),
    ),
    (
        "support/src/json.rs",
        include_str!("../../exercises/support/src/json.rs"),
    ),
    (
        "support/src/mpi.rs",
        include_str!("../../exercises/support/src/mpi.rs"),
    ),
    (
        "support/src/rng.rs",
        include_str!("../../exercises/support/src/rng.rs"),
    ),
    (
        "support/src/session.rs",
        include_str!("../../exercises/support/src/session.rs"),
    ),
    (
        "support/src/sha256.rs",
        include_str!("../../exercises/support/src/sha256.rs"),
    ),
    (
        "support/src/worker.rs",
        include_str!("../../exercises/support/src/worker.rs"),
    ),
    (
        "python/parlab_support.py",
        include_str!("../../exercises/python/parlab_support.py"),
    ),
    (
        "python/requirements.txt",
        include_str!("../../exercises/python/requirements.txt"),
    ),
    (
        "python/requirements-spark.txt",
        include_str!("../../exercises/python/requirements-spark.txt"),
    ),
];

const SUPPORT_README: &str = "\
# The course's support library

A copy of parlab's support library, written here by `parlab init` (parlab
@VERSION@), so that this course builds on its own. The course owns it now:
every harness calls it (`parlab_support::workers`, `seed`, `time`, `report`,
...; `import parlab_support as ps` for Python, in ../python), and every build
compiles it. Its API is described in parlab's `exercises/course/README.md`,
under \"The support library\". Change it only knowing that the workbench reads
the one result line it prints; a newer parlab's copy can replace it whole.
";

/// What `parlab init` did.
#[derive(Debug)]
pub struct Init {
    pub root: PathBuf,
    /// The files written before the exercise, relative to `root`.
    pub written: Vec<PathBuf>,
    /// The first exercise, written by `parlab new`.
    pub exercise: Scaffold,
}

/// Writes a new course into `root`, which must be empty or not yet exist.
pub fn init(root: &Path, title: Option<&str>) -> Result<Init, ScaffoldError> {
    check_empty(root)?;
    let title = match title {
        Some(t) => super::check_title(t).map_err(refused)?,
        None => default_title(root),
    };
    let files = course_files(&title);
    let mut written = Written::default();
    let result = written
        .all(root, &files)
        .map_err(ScaffoldError::Failed)
        .and_then(|()| super::create(root, FIRST_EXERCISE, Some("Collatz steps"), Language::Rust));
    match result {
        Ok(exercise) => Ok(Init {
            root: root.to_path_buf(),
            written: files.into_iter().map(|(path, _)| path).collect(),
            exercise,
        }),
        Err(e) => {
            written.undo();
            Err(e)
        }
    }
}

fn check_empty(root: &Path) -> Result<(), ScaffoldError> {
    let entries = match fs::read_dir(root) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => {
            return Err(refused(format!(
                "{} cannot be read as a folder: {e}",
                root.display()
            )));
        }
    };
    let taken: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name != ".git")
        .collect();
    if taken.is_empty() {
        Ok(())
    } else {
        Err(refused(format!(
            "{} is not empty ({}); parlab init writes a course only into an empty or new folder, and never overwrites",
            root.display(),
            taken.join(", ")
        )))
    }
}

/// "my-course" becomes "My course".
fn default_title(root: &Path) -> String {
    let name = root
        .canonicalize()
        .unwrap_or_else(|_| root.to_path_buf())
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let title = super::default_title(&name);
    if title.trim().is_empty() || title.chars().any(char::is_control) {
        "A parallel programming course".to_owned()
    } else {
        title
    }
}

/// Every file `init` writes before the first exercise, relative to the root.
fn course_files(title: &str) -> Vec<(PathBuf, String)> {
    let mut files = vec![
        (PathBuf::from("course.toml"), course_toml(title)),
        (PathBuf::from("README.md"), readme(title)),
        (PathBuf::from(".gitignore"), GITIGNORE.to_owned()),
        (PathBuf::from(".taplo.toml"), TAPLO.to_owned()),
        (Path::new("lessons").join(FIRST_LESSON), LESSON.to_owned()),
        (PathBuf::from("exercises/Cargo.toml"), exercises_cargo()),
        (
            PathBuf::from("exercises/Cargo.lock"),
            BUNDLED_LOCK.to_owned(),
        ),
        (
            PathBuf::from("exercises/support/README.md"),
            SUPPORT_README.replace("@VERSION@", env!("CARGO_PKG_VERSION")),
        ),
    ];
    for (rel, text) in SUPPORT {
        files.push((Path::new("exercises").join(rel), text.to_owned()));
    }
    for (name, _) in crate::course::schema::NAMES {
        let schema = crate::course::schema::named(name).unwrap_or_default();
        let text = serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n";
        files.push((PathBuf::from(format!("schemas/{name}.schema.json")), text));
    }
    files
}

fn course_toml(title: &str) -> String {
    let title = toml::Value::String(title.to_owned());
    format!(
        "\
# A parlab course, written by `parlab init`. `format` is the version of this
# file's layout. Every key is described in parlab's exercises/course/README.md,
# and the JSON Schema in schemas/ gives editors (taplo, Even Better TOML)
# completion and errors.
format = 1
title = {title}
summary = \"What this course teaches, in a sentence or two.\"

[[module]]
id = \"{FIRST_MODULE}\"
title = \"Getting started\"
summary = \"The first module: replace its lessons and exercises with your own.\"
# Lesson files under lessons/, in reading order. A lesson's id is the
# module's id and the file's name without its number and `.md`:
# {FIRST_LESSON} is intro/welcome.
lessons = [
    \"{FIRST_LESSON}\",
]
# Exercise ids, <module>/<name>, in the order a learner meets them;
# `parlab new` adds to this list.
exercises = []
"
    )
}

fn readme(title: &str) -> String {
    format!(
        "\
# {title}

A course for parlab, the terminal workbench for parallel programming.

- `parlab` (in this folder) opens the course; `parlab list` shows its
  lessons and exercises.
- `parlab new MODULE/NAME` adds an exercise (`--rayon`, `--mpi`,
  `--language python`); `parlab validate` proves the course sound.
- `exercises/support` and `exercises/python/parlab_support.py` are the
  course's copy of parlab's support library; `schemas/` holds the JSON
  Schemas of course.toml and exercise.toml, which `.taplo.toml` applies.
"
    )
}

/// The bundled package's header: everything before its first `[[bin]]`.
fn exercises_cargo() -> String {
    let header = BUNDLED_CARGO
        .find("\n[[bin]]")
        .map_or(BUNDLED_CARGO, |at| &BUNDLED_CARGO[..=at]);
    let header = header
        .trim_end()
        .replace(
            "parlab-support = { path = \"support\" }\n",
            "# The support library (clock, seed, signed result line): the course's own\n\
             # copy in support/, written by `parlab init`.\n\
             parlab-support = { path = \"support\" }\n",
        )
        .replace(
            "# The data module (partitioned collections and task graphs) runs on rayon.\n",
            "# Parallel iterators, for exercises on rayon (`parlab new --rayon`).\n",
        );
    format!(
        "{header}\n\n# One [[bin]] per Rust exercise, added by `parlab new`; an MPI exercise's\n# has required-features = [\"mpi\"].\n"
    )
}

const GITIGNORE: &str = "\
# parlab's state (progress, builds, the Python environment) and cargo's.
/.parlab
/exercises/target
__pycache__/
";

const TAPLO: &str = "\
# taplo (and the Even Better TOML extension, which uses it) applies the
# course's JSON Schemas: completion, hover text and errors as you type.
# `parlab schema course` and `parlab schema exercise` print them again.
[[rule]]
include = [\"course.toml\"]

[rule.schema]
path = \"./schemas/course.schema.json\"

[[rule]]
include = [\"exercises/course/**/exercise.toml\"]

[rule.schema]
path = \"./schemas/exercise.schema.json\"
";

const LESSON: &str = "\
# Welcome

This lesson is a stub written by `parlab init`: replace it with your own.
A lesson is Markdown. Its title is its first heading, and its id is its path
under `lessons/` without the `NN-` prefix and `.md` (this one is
`intro/welcome`).

The first exercise, `intro/collatz`, adds up Collatz steps on scoped
threads. Try it with `parlab check intro/collatz`.
";

/// The files and folders `init` created, to take back on a failure.
#[derive(Default)]
struct Written {
    files: Vec<PathBuf>,
    dirs: Vec<PathBuf>,
}

impl Written {
    fn all(&mut self, root: &Path, files: &[(PathBuf, String)]) -> anyhow::Result<()> {
        for (rel, text) in files {
            let path = root.join(rel);
            if let Some(parent) = path.parent() {
                let missing: Vec<PathBuf> = parent
                    .ancestors()
                    .take_while(|d| !d.exists())
                    .map(Path::to_path_buf)
                    .collect();
                fs::create_dir_all(parent)
                    .with_context(|| format!("failed to create {}", parent.display()))?;
                self.dirs.extend(missing.into_iter().rev());
            }
            let mut file = OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
                .with_context(|| format!("failed to create {}", path.display()))?;
            self.files.push(path.clone());
            file.write_all(text.as_bytes())
                .with_context(|| format!("failed to write {}", path.display()))?;
        }
        Ok(())
    }

    fn undo(self) {
        for file in self.files.iter().rev() {
            let _ = fs::remove_file(file);
        }
        for dir in self.dirs.iter().rev() {
            let _ = fs::remove_dir(dir);
        }
    }
}

#[cfg(test)]
mod tests;
