//! `parlab new MODULE/NAME`: scaffolds a new exercise for a course author.
//!
//! It writes a complete, working exercise (the templates in `scaffold/`: a
//! compute-bound kernel on scoped threads whose starter fails, whose
//! reference passes and whose serial baseline is correct and too slow), the
//! learner's file as a copy of the starter, a `[[bin]]` in
//! `exercises/Cargo.toml` and the id in its module's `exercises` list in
//! `course.toml` (a new `[[module]]` when the module is new). With
//! `--language python` the same exercise is written in Python (a
//! multiprocessing pool; `*.py.in`), with no `[[bin]]`.
//!
//! It must never overwrite anything, and never reformat what it edits: every
//! check is made before the first file is written, new files are created with
//! `create_new`, the two manifests are edited as text (an insertion in
//! `course.toml`, an appended table in `Cargo.toml`, so the rest of each
//! stays byte for byte, comments included), and each edit is parsed back and
//! compared with the intended change before it is written. When a write
//! fails part way, what was written is removed again.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};

use anyhow::Context;
use toml::de::{DeTable, DeValue};

/// Module ids that name folders of the exercises package itself.
const RESERVED_MODULES: [&str; 4] = ["course", "demos", "support", "target"];

const EXERCISE_TOML: &str = include_str!("scaffold/exercise.toml.in");
const HARNESS: &str = include_str!("scaffold/harness.rs.in");
const STARTER: &str = include_str!("scaffold/starter.rs.in");
const REFERENCE: &str = include_str!("scaffold/reference.rs.in");
const BASELINE: &str = include_str!("scaffold/baseline.rs.in");
const PY_EXERCISE_TOML: &str = include_str!("scaffold/exercise.py.toml.in");
const PY_HARNESS: &str = include_str!("scaffold/harness.py.in");
const PY_STARTER: &str = include_str!("scaffold/starter.py.in");
const PY_REFERENCE: &str = include_str!("scaffold/reference.py.in");
const PY_BASELINE: &str = include_str!("scaffold/baseline.py.in");

use crate::course::Language;

/// What `parlab new` did.
#[derive(Clone, Debug)]
pub struct Scaffold {
    pub id: String,
    pub title: String,
    pub module: String,
    /// The `[[bin]]` added to `exercises/Cargo.toml` (Rust; empty for Python).
    pub bin: String,
    pub language: Language,
    /// The files created, the learner's last.
    pub created: Vec<NewFile>,
    /// `course.toml` got a new `[[module]]` for this exercise.
    pub new_module: bool,
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

/// Scaffolds the exercise `id` in the course at `root`.
pub fn create(
    root: &Path,
    id: &str,
    title: Option<&str>,
    language: Language,
) -> Result<Scaffold, ScaffoldError> {
    let plan = plan(root, id, title, language)?;
    let mut undo = Undo::default();
    let written = write_all(root, &plan.files, &mut undo)
        .and_then(|()| match &plan.cargo {
            Some(cargo) => replace(cargo, &mut undo),
            None => Ok(()),
        })
        .and_then(|()| replace(&plan.course, &mut undo));
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
    course: Edit,
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
) -> Result<Plan, ScaffoldError> {
    let (module, name) = parse_id(id).map_err(refused)?;
    let title = match title {
        Some(t) => check_title(t).map_err(refused)?,
        None => default_title(name),
    };
    let course_path = root.join(crate::course::COURSE_FILE);
    let cargo_path = root.join("exercises/Cargo.toml");
    let course_src = read_manifest(root, &course_path)?;
    let cargo_src = read_manifest(root, &cargo_path)?;
    let bin = match language {
        Language::Rust => format!("{module}-{name}"),
        Language::Python => String::new(),
    };
    let (course_new, new_module) = add_to_course(&course_src, module, id)
        .map_err(|e| refused(format!("{}: {e}", course_path.display())))?;
    let cargo = match language {
        Language::Rust => Some(Edit {
            new: add_bin(&cargo_src, &bin, &format!("course/{id}/harness.rs"))
                .map_err(|e| refused(format!("{}: {e}", cargo_path.display())))?,
            path: cargo_path,
            old: cargo_src,
        }),
        Language::Python => None,
    };
    let files = render_files(id, module, name, &title, language);
    let taken: Vec<String> = std::iter::once(root.join("exercises/course").join(id))
        .chain(files.iter().map(|(rel, _)| root.join(rel)))
        .filter(|p| p.symlink_metadata().is_ok())
        .map(|p| p.display().to_string())
        .collect();
    if !taken.is_empty() {
        return Err(refused(format!(
            "exercise {id:?} cannot be created: {} already exist(s); parlab new never overwrites",
            taken.join(", ")
        )));
    }
    Ok(Plan {
        scaffold: Scaffold {
            id: id.to_owned(),
            title,
            module: module.to_owned(),
            bin,
            language,
            created: Vec::new(),
            new_module,
        },
        files,
        course: Edit {
            path: course_path,
            old: course_src,
            new: course_new,
        },
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
    name: &str,
    title: &str,
    language: Language,
) -> [(PathBuf, String); 6] {
    let ext = language.extension();
    let file = format!("{module}/{name}.{ext}");
    let [manifest, harness, starter, reference, baseline] = match language {
        Language::Rust => [EXERCISE_TOML, HARNESS, STARTER, REFERENCE, BASELINE],
        Language::Python => [
            PY_EXERCISE_TOML,
            PY_HARNESS,
            PY_STARTER,
            PY_REFERENCE,
            PY_BASELINE,
        ],
    };
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
            .replace("@BIN@", &format!("{module}-{name}"))
    };
    let dir = Path::new("exercises/course").join(id);
    let starter = fill(starter);
    [
        (dir.join("exercise.toml"), fill(manifest)),
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

/// `course.toml` with `id` added to the `exercises` of module `module`, and
/// whether that module is new. Only an insertion: the rest of the text is
/// kept byte for byte.
pub fn add_to_course(src: &str, module: &str, id: &str) -> Result<(String, bool), String> {
    let doc = DeTable::parse(src).map_err(|e| format!("does not parse: {e}"))?;
    let mut target = None;
    if let Some(modules) = doc.get_ref().get("module") {
        let DeValue::Array(entries) = modules.get_ref() else {
            return Err(CANNOT_EDIT.into());
        };
        for entry in entries.iter() {
            let DeValue::Table(table) = entry.get_ref() else {
                return Err(CANNOT_EDIT.into());
            };
            if str_list(table, "exercises").any(|e| e == id) {
                return Err(format!(
                    "exercise {id:?} is already listed; parlab new never overwrites"
                ));
            }
            let is_module = table.get("id").and_then(|v| v.get_ref().as_str()) == Some(module);
            if is_module && target.is_none() {
                target = Some(table);
            }
        }
    }
    let item = format!("\"{id}\"");
    let (new, new_module) = match target {
        Some(table) => (insert_in_module(src, table, &item)?, false),
        None => (append_module(src, module, &item), true),
    };
    verify_course(src, &new, module, id, new_module)?;
    Ok((new, new_module))
}

fn str_list<'a>(table: &'a DeTable<'_>, key: &str) -> impl Iterator<Item = &'a str> {
    let items = match table.get(key).map(|v| v.get_ref()) {
        Some(DeValue::Array(items)) => items.iter().collect(),
        _ => Vec::new(),
    };
    items.into_iter().filter_map(|v| v.get_ref().as_str())
}

fn insert_in_module(src: &str, table: &DeTable<'_>, item: &str) -> Result<String, String> {
    match table.get("exercises") {
        Some(value) => {
            let DeValue::Array(items) = value.get_ref() else {
                return Err("the module's `exercises` is not a list".into());
            };
            let last = items.iter().last().map(|v| v.span());
            Ok(push_to_array(src, value.span(), last, item))
        }
        None => {
            // After the line of the module's last value.
            let end = table
                .iter()
                .map(|(_, v)| v.span().end)
                .max()
                .ok_or(CANNOT_EDIT)?;
            let at = src[end..].find('\n').map_or(src.len(), |i| end + i + 1);
            let lead = if src[..at].ends_with('\n') { "" } else { "\n" };
            Ok(splice(
                src,
                &[(at, format!("{lead}exercises = [\n    {item},\n]\n"))],
            ))
        }
    }
}

/// Adds `item` as the last element of the array spanning `array` (from `[`
/// to `]`), in the array's own layout: one element a line with the last
/// element's indent when it spans lines, else inline.
fn push_to_array(src: &str, array: Range<usize>, last: Option<Range<usize>>, item: &str) -> String {
    let close = array.end - 1;
    let close_line = line_start(src, close);
    let on_own_line = src[close_line..close].trim().is_empty() && close_line > array.start;
    let Some(last) = last else {
        return if on_own_line {
            splice(src, &[(close_line, format!("    {item},\n"))])
        } else {
            splice(src, &[(array.start + 1, item.to_owned())])
        };
    };
    let after = &src[last.end..close];
    let comma = after
        .find(|c: char| !c.is_whitespace())
        .filter(|&i| after[i..].starts_with(','))
        .map(|i| last.end + i);
    if on_own_line && after.contains('\n') {
        let indent: String = src[line_start(src, last.start)..]
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        let mut edits = vec![(close_line, format!("{indent}{item},\n"))];
        if comma.is_none() {
            edits.push((last.end, ",".to_owned()));
        }
        splice(src, &edits)
    } else {
        match comma {
            Some(at) => splice(src, &[(at + 1, format!(" {item},"))]),
            None => splice(src, &[(last.end, format!(", {item}"))]),
        }
    }
}

fn append_module(src: &str, module: &str, item: &str) -> String {
    let block = format!(
        "[[module]]\nid = \"{module}\"\ntitle = \"{module}\"\nlessons = []\nexercises = [\n    {item},\n]\n"
    );
    append_block(src, &block)
}

/// `src` with `block` appended after one blank line.
fn append_block(src: &str, block: &str) -> String {
    let sep = if src.is_empty() || src.ends_with("\n\n") {
        ""
    } else if src.ends_with('\n') {
        "\n"
    } else {
        "\n\n"
    };
    format!("{src}{sep}{block}")
}

/// The start of the line that holds byte `at`.
fn line_start(src: &str, at: usize) -> usize {
    src[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// `src` with each text inserted at its byte offset.
fn splice(src: &str, edits: &[(usize, String)]) -> String {
    let mut edits: Vec<&(usize, String)> = edits.iter().collect();
    edits.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
    let mut out = src.to_owned();
    for (at, text) in edits {
        out.insert_str(*at, text);
    }
    out
}

/// The edited course.toml must read as the old one plus exactly this change.
fn verify_course(
    old: &str,
    new: &str,
    module: &str,
    id: &str,
    new_module: bool,
) -> Result<(), String> {
    let mut want: toml::Table = toml::from_str(old).map_err(|e| format!("does not parse: {e}"))?;
    let got: Option<toml::Table> = toml::from_str(new).ok();
    let modules = want
        .entry("module")
        .or_insert_with(|| toml::Value::Array(Vec::new()));
    if let Some(modules) = modules.as_array_mut() {
        if new_module {
            let mut table = toml::Table::new();
            table.insert("id".into(), module.into());
            table.insert("title".into(), module.into());
            table.insert("lessons".into(), toml::Value::Array(Vec::new()));
            table.insert("exercises".into(), toml::Value::Array(vec![id.into()]));
            modules.push(table.into());
        } else if let Some(table) = modules
            .iter_mut()
            .filter_map(toml::Value::as_table_mut)
            .find(|t| t.get("id").and_then(|v| v.as_str()) == Some(module))
        {
            let list = table
                .entry("exercises")
                .or_insert_with(|| toml::Value::Array(Vec::new()));
            if let Some(list) = list.as_array_mut() {
                list.push(id.into());
            }
        }
    }
    if got.as_ref() == Some(&want) {
        Ok(())
    } else {
        Err(CANNOT_EDIT.into())
    }
}

/// `exercises/Cargo.toml` with a `[[bin]]` for the exercise appended; the
/// rest of the text is kept byte for byte.
pub fn add_bin(src: &str, bin: &str, path: &str) -> Result<String, String> {
    let old: toml::Table = toml::from_str(src).map_err(|e| format!("does not parse: {e}"))?;
    let bins = match old.get("bin") {
        None => Vec::new(),
        Some(toml::Value::Array(bins)) => bins.clone(),
        Some(_) => return Err("`bin` is not a list of [[bin]] tables".into()),
    };
    for b in &bins {
        if b.get("name").and_then(|v| v.as_str()) == Some(bin) {
            return Err(format!(
                "there is already a [[bin]] named {bin:?}; parlab new never overwrites"
            ));
        }
        if b.get("path").and_then(|v| v.as_str()) == Some(path) {
            return Err(format!(
                "there is already a [[bin]] with the path {path:?}; parlab new never overwrites"
            ));
        }
    }
    let new = append_block(
        src,
        &format!("[[bin]]\nname = \"{bin}\"\npath = \"{path}\"\n"),
    );
    let mut want = old;
    let mut entry = toml::Table::new();
    entry.insert("name".into(), bin.into());
    entry.insert("path".into(), path.into());
    let mut all = bins;
    all.push(entry.into());
    want.insert("bin".into(), all.into());
    if toml::from_str::<toml::Table>(&new).ok() == Some(want) {
        Ok(new)
    } else {
        Err(format!(
            "cannot add a [[bin]] named {bin:?} automatically; add it by hand"
        ))
    }
}

const ID_FORMAT: &str = "an id is MODULE/NAME, two parts of lowercase letters, digits, `_` and `-`, such as `threads/pi`";

const NOT_A_COURSE: &str = "Run parlab new in a course folder (with course.toml and exercises/Cargo.toml), or name one with --course DIR.";

const CANNOT_EDIT: &str = "cannot add the exercise to this file automatically (its layout is unusual); add the id to the module's `exercises` list by hand";

#[cfg(test)]
mod tests {
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
    fn adding_to_empty_inline_and_missing_lists() {
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
        let (new, _) = add_to_course(COURSE, "bare", "bare/x").unwrap();
        assert_eq!(
            new,
            COURSE.replace(
                "lessons = [] # none yet\n",
                "lessons = [] # none yet\nexercises = [\n    \"bare/x\",\n]\n"
            )
        );
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
        let new = add_bin(CARGO, "threads-new", "course/threads/new/harness.rs").unwrap();
        assert_eq!(
            new,
            format!(
                "{CARGO}\n[[bin]]\nname = \"threads-new\"\npath = \"course/threads/new/harness.rs\"\n"
            )
        );
        let err = add_bin(CARGO, "threads-pi", "course/threads/pi2/harness.rs").unwrap_err();
        assert!(err.contains("already a [[bin]] named"), "{err}");
        let err = add_bin(CARGO, "other", "course/threads/pi/harness.rs").unwrap_err();
        assert!(err.contains("already a [[bin]] with the path"), "{err}");
    }

    #[test]
    fn templates_are_filled_in() {
        let files = render_files(
            "fixture/fresh",
            "fixture",
            "fresh",
            "A \"quoted\" title",
            Language::Rust,
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
        assert_eq!(manifest["bin"].as_str(), Some("fixture-fresh"));
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
}
