//! `parlab new MODULE/NAME`: scaffolds a new exercise for a course author.
//!
//! It writes a complete, working exercise (the templates in `scaffold/`: a
//! compute-bound kernel on scoped threads whose starter fails, whose
//! reference passes and whose serial baseline is correct and too slow), the
//! learner's file as a copy of the starter, a `[[bin]]` in
//! `exercises/Cargo.toml` and the id in its module's `exercises` list in
//! `course.toml` (a new `[[module]]` when the module is new; nothing where
//! the module lists none and so has every exercise folder). The manifest is
//! in its short form: what the folder says (`course::conventions`) is left
//! out. With
//! `--language python` the same exercise is written in Python (a
//! multiprocessing pool; `*.py.in`), with no `[[bin]]`; `--rayon` (Rust)
//! and `--mpi` (Rust with rsmpi, or Python with mpi4py) pick another of the
//! `templates`. An MPI exercise's `[[bin]]` requires the `mpi` feature.
//!
//! It must never overwrite anything, and never reformat what it edits: every
//! check is made before the first file is written, new files are created with
//! `create_new`, the two manifests are edited as text (`edit`: an insertion
//! in `course.toml`, an appended table in `Cargo.toml`, so the rest of each
//! stays byte for byte, comments included), and each edit is parsed back and
//! compared with the intended change before it is written. When a write
//! fails part way, what was written is removed again.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

/// Module ids that name folders of the exercises package itself.
const RESERVED_MODULES: [&str; 4] = ["course", "demos", "support", "target"];

use crate::course::{Language, conventions};

mod edit;
pub mod init;
mod templates;

pub use templates::Template;

use edit::{add_bin, add_to_course};

/// What `parlab new` did.
#[derive(Clone, Debug)]
pub struct Scaffold {
    pub id: String,
    pub title: String,
    pub module: String,
    /// The `[[bin]]` added to `exercises/Cargo.toml` (Rust; empty for Python).
    pub bin: String,
    pub language: Language,
    pub template: Template,
    /// The files created, the learner's last.
    pub created: Vec<NewFile>,
    /// `course.toml` got a new `[[module]]` for this exercise.
    pub new_module: bool,
    /// `course.toml` lists the id in its module's `exercises`; false where
    /// the module lists none, and so has every exercise folder, this one too.
    pub listed: bool,
}

#[derive(Clone, Debug)]
pub struct NewFile {
    /// Relative to the course root.
    pub path: PathBuf,
    /// What the file is for, in a few words.
    pub role: &'static str,
}

#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    /// Nothing was written: the id, the title or the course said no.
    #[error("{0}")]
    Refused(String),
    /// A file could not be written; what had been written was removed.
    #[error(transparent)]
    Failed(#[from] anyhow::Error),
}

fn refused(message: impl Into<String>) -> ScaffoldError {
    ScaffoldError::Refused(message.into())
}

/// Scaffolds the exercise `id` in the course at `root`, from the plain
/// template of its language.
pub fn create(
    root: &Path,
    id: &str,
    title: Option<&str>,
    language: Language,
) -> Result<Scaffold, ScaffoldError> {
    create_from(root, id, title, language, Template::Plain)
}

/// Scaffolds the exercise `id` in the course at `root` from `template`.
pub fn create_from(
    root: &Path,
    id: &str,
    title: Option<&str>,
    language: Language,
    template: Template,
) -> Result<Scaffold, ScaffoldError> {
    let plan = plan(root, id, title, language, template)?;
    let mut undo = Undo::default();
    let written = write_all(root, &plan.files, &mut undo)
        .and_then(|()| match &plan.cargo {
            Some(cargo) => replace(cargo, &mut undo),
            None => Ok(()),
        })
        .and_then(|()| match &plan.course {
            Some(course) => replace(course, &mut undo),
            None => Ok(()),
        });
    if let Err(e) = written {
        undo.run();
        return Err(ScaffoldError::Failed(e.context(format!(
            "failed to create exercise {id:?}; what had been written was removed"
        ))));
    }
    Ok(Scaffold {
        created: plan
            .files
            .into_iter()
            .zip(ROLES)
            .map(|((path, _), role)| NewFile { path, role })
            .collect(),
        ..plan.scaffold
    })
}

/// Everything `create` will write, checked before anything is.
struct Plan {
    scaffold: Scaffold,
    files: [(PathBuf, String); 6],
    /// None where course.toml needs no change.
    course: Option<Edit>,
    /// Rust only: the `[[bin]]` added to `exercises/Cargo.toml`.
    cargo: Option<Edit>,
}

/// A manifest's path, its text now and its text to be.
struct Edit {
    path: PathBuf,
    old: String,
    new: String,
}

fn plan(
    root: &Path,
    id: &str,
    title: Option<&str>,
    language: Language,
    template: Template,
) -> Result<Plan, ScaffoldError> {
    let (module, name) = parse_id(id).map_err(refused)?;
    let sources = templates::sources(language, template).map_err(refused)?;
    let title = match title {
        Some(t) => check_title(t).map_err(refused)?,
        None => default_title(name),
    };
    let course_path = root.join(crate::course::COURSE_FILE);
    let cargo_path = root.join("exercises/Cargo.toml");
    let course_src = read_manifest(root, &course_path)?;
    let cargo_src = read_manifest(root, &cargo_path)?;
    let bin = match language {
        Language::Rust => conventions::bin(id),
        Language::Python => String::new(),
    };
    let (course_new, new_module) = add_to_course(&course_src, module, id)
        .map_err(|e| refused(format!("{}: {e}", course_path.display())))?;
    let cargo = match language {
        Language::Rust => Some(Edit {
            new: add_bin(
                &cargo_src,
                &bin,
                &conventions::bin_path(id),
                template.features(),
            )
            .map_err(|e| refused(format!("{}: {e}", cargo_path.display())))?,
            path: cargo_path,
            old: cargo_src,
        }),
        Language::Python => None,
    };
    let files = render_files(id, module, &title, language, sources);
    let taken: Vec<String> = std::iter::once(root.join(conventions::EXERCISES_DIR).join(id))
        .chain(files.iter().map(|(rel, _)| root.join(rel)))
        .filter(|p| p.symlink_metadata().is_ok())
        .map(|p| p.display().to_string())
        .collect();
    if !taken.is_empty() {
        return Err(refused(format!(
            "exercise {id:?} cannot be created: {} already {}; parlab new never overwrites",
            crate::grader::and_list(&taken),
            if taken.len() == 1 { "exists" } else { "exist" }
        )));
    }
    Ok(Plan {
        scaffold: Scaffold {
            id: id.to_owned(),
            title,
            module: module.to_owned(),
            bin,
            language,
            template,
            created: Vec::new(),
            new_module,
            listed: course_new != course_src,
        },
        files,
        course: (course_new != course_src).then_some(Edit {
            path: course_path,
            old: course_src,
            new: course_new,
        }),
        cargo,
    })
}

/// `MODULE/NAME`, two segments of lowercase letters, digits, `_` and `-`.
pub fn parse_id(id: &str) -> Result<(&str, &str), String> {
    let segments: Vec<&str> = id.split('/').collect();
    let good = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
    };
    match segments[..] {
        [module, name] if good(module) && good(name) => {
            if RESERVED_MODULES.contains(&module) {
                Err(format!(
                    "{id:?}: the module id {module:?} is reserved, as the exercises package uses a folder of that name for itself; choose another"
                ))
            } else {
                Ok((module, name))
            }
        }
        _ => Err(format!("{id:?} is not an exercise id: {ID_FORMAT}")),
    }
}

fn check_title(title: &str) -> Result<String, String> {
    let title = title.trim();
    if title.is_empty() {
        return Err("the title is empty".into());
    }
    if title.chars().any(char::is_control) {
        return Err(format!("the title {title:?} must be one line of text"));
    }
    Ok(title.to_owned())
}

/// `out-of-core` becomes "Out of core".
fn default_title(name: &str) -> String {
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

fn read_manifest(root: &Path, path: &Path) -> Result<String, ScaffoldError> {
    match fs::read_to_string(path) {
        Ok(src) => Ok(src),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(refused(format!(
            "{} is not a parlab course: {} is missing. {NOT_A_COURSE}",
            root.display(),
            path.display()
        ))),
        Err(e) => Err(anyhow::Error::new(e)
            .context(format!("failed to read {}", path.display()))
            .into()),
    }
}

/// What each file of [`render_files`] is for, in its order.
const ROLES: [&str; 6] = [
    "manifest: task, hints, check",
    "harness: input, clock, result",
    "starter: must fail",
    "reference: must pass",
    "serial baseline: too slow",
    "learner's file: the starter",
];

/// The new files, relative to the course root, the learner's file last.
fn render_files(
    id: &str,
    module: &str,
    title: &str,
    language: Language,
    sources: [&str; 5],
) -> [(PathBuf, String); 6] {
    let ext = language.extension();
    let file = conventions::learner_file(id, language);
    let [manifest, harness, starter, reference, baseline] = sources;
    let fill = |template: &str| {
        template
            .replace(
                "@TITLE_TOML@",
                &toml::Value::String(title.to_owned()).to_string(),
            )
            .replace("@TITLE@", title)
            .replace("@ID@", id)
            .replace("@MODULE@", module)
            .replace("@FILE@", &file)
            .replace("@BIN@", &conventions::bin(id))
    };
    let dir = Path::new(conventions::EXERCISES_DIR).join(id);
    let starter = fill(starter);
    [
        (dir.join(conventions::MANIFEST), fill(manifest)),
        (dir.join(format!("harness.{ext}")), fill(harness)),
        (dir.join(format!("starter.{ext}")), starter.clone()),
        (dir.join(format!("reference.{ext}")), fill(reference)),
        (dir.join(format!("baseline.{ext}")), fill(baseline)),
        (Path::new("exercises").join(file), starter),
    ]
}

/// What to take back when a write fails part way.
#[derive(Default)]
struct Undo {
    files: Vec<PathBuf>,
    /// Folders this run created, outermost first.
    dirs: Vec<PathBuf>,
    /// Manifests replaced, with their text before.
    manifests: Vec<(PathBuf, String)>,
}

impl Undo {
    fn run(self) {
        for (path, text) in self.manifests.iter().rev() {
            let _ = fs::write(path, text);
        }
        for file in self.files.iter().rev() {
            let _ = fs::remove_file(file);
        }
        for dir in self.dirs.iter().rev() {
            let _ = fs::remove_dir(dir);
        }
    }
}

fn write_all(root: &Path, files: &[(PathBuf, String)], undo: &mut Undo) -> anyhow::Result<()> {
    for (rel, text) in files {
        let path = root.join(rel);
        if let Some(parent) = path.parent() {
            create_dirs(parent, undo)?;
        }
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .with_context(|| format!("failed to create {}", path.display()))?;
        undo.files.push(path.clone());
        file.write_all(text.as_bytes())
            .with_context(|| format!("failed to write {}", path.display()))?;
    }
    Ok(())
}

/// Creates `dir` and its missing parents, remembering which were new.
fn create_dirs(dir: &Path, undo: &mut Undo) -> anyhow::Result<()> {
    let missing: Vec<&Path> = dir.ancestors().take_while(|d| !d.exists()).collect();
    fs::create_dir_all(dir).with_context(|| format!("failed to create {}", dir.display()))?;
    undo.dirs
        .extend(missing.into_iter().rev().map(Path::to_path_buf));
    Ok(())
}

/// Replaces a manifest's text through a temporary file and a rename, so a
/// reader never sees half of it.
fn replace(edit: &Edit, undo: &mut Undo) -> anyhow::Result<()> {
    let name = edit
        .path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("file");
    let temp = edit.path.with_file_name(format!(".{name}.parlab-new"));
    fs::write(&temp, &edit.new).with_context(|| format!("failed to write {}", temp.display()))?;
    if let Err(e) = fs::rename(&temp, &edit.path) {
        let _ = fs::remove_file(&temp);
        return Err(e).with_context(|| format!("failed to replace {}", edit.path.display()));
    }
    undo.manifests.push((edit.path.clone(), edit.old.clone()));
    Ok(())
}

const ID_FORMAT: &str = "an id is MODULE/NAME, two parts of lowercase letters, digits, `_` and `-`, such as `threads/pi`";

const NOT_A_COURSE: &str = "Run parlab new in a course folder (with course.toml and exercises/Cargo.toml), or name one with --course DIR; `parlab init DIR` writes a new course.";

#[cfg(test)]
mod tests;
