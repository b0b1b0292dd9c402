//! Lessons: Markdown files under `lessons/`, read as they are. The id of
//! `lessons/threads/01-why-threads.md` is `threads/why-threads`: the module and
//! the file name without its ordering number.
//!
//! Loading a lesson checks that its path stays inside `lessons/` and reads
//! only the file's beginning, up to its first heading, for the title
//! ([`title`]). [`Lesson::text`] reads the whole file for the reader; the lint
//! does too.

mod html;
#[cfg(test)]
mod tests;
mod title;

use std::fmt;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use pulldown_cmark::{Event, Parser, Tag};

pub use title::NotUtf8;
use title::first_heading;

use super::Problem;

#[derive(Clone, Debug)]
pub struct Lesson {
    pub id: String,
    pub module: String,
    pub title: String,
    pub path: PathBuf,
}

/// Why a lesson listed in course.toml was not loaded.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadError {
    /// About the entry in course.toml: a path that leaves `lessons/`, a file
    /// that cannot be read.
    Entry(String),
    /// About the lesson file, at a line: bytes before its title that are not
    /// UTF-8.
    File { line: usize, message: String },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Entry(message) => f.write_str(message),
            LoadError::File { line, message } => write!(f, "line {line}: {message}"),
        }
    }
}

impl Lesson {
    /// Loads `lessons/<rel>` of the course in `root` as a lesson of `module`,
    /// reading the file only up to its first heading.
    pub fn load(root: &Path, module: &str, rel: &str) -> Result<Lesson, LoadError> {
        let path = inside_lessons(root, rel).map_err(LoadError::Entry)?;
        let stem = Path::new(rel)
            .file_stem()
            .and_then(|s| s.to_str())
            .ok_or_else(|| LoadError::Entry(format!("lesson {rel:?} has no file name")))?;
        let name = stem.trim_start_matches(|c: char| c.is_ascii_digit() || c == '-' || c == '_');
        let unreadable = |e: io::Error| match NotUtf8::of(&e) {
            Some(bad) => LoadError::File {
                line: bad.line,
                message: format!("lesson {rel:?} is {bad}; save it as UTF-8"),
            },
            None => LoadError::Entry(format!(
                "lesson {rel:?} cannot be read from {}: {e}",
                path.display()
            )),
        };
        let file = fs::File::open(&path).map_err(unreadable)?;
        let title = first_heading(file).map_err(unreadable)?;
        Ok(Lesson {
            id: format!("{module}/{name}"),
            module: module.to_owned(),
            title: title.unwrap_or_else(|| name.to_owned()),
            path,
        })
    }

    /// The lesson's Markdown, without a byte-order mark. Bytes that are not
    /// UTF-8 are an `InvalidData` error holding a [`NotUtf8`] ("not UTF-8 at
    /// byte N (line L)").
    pub fn text(&self) -> io::Result<String> {
        decode(fs::read(&self.path)?)
    }
}

/// A lesson file's bytes as text, without a byte-order mark.
fn decode(bytes: Vec<u8>) -> io::Result<String> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_owned(),
            None => text,
        }),
        Err(e) => {
            let bad = NotUtf8::at(e.as_bytes(), e.utf8_error().valid_up_to());
            Err(io::Error::new(io::ErrorKind::InvalidData, bad))
        }
    }
}

/// `lessons/<rel>`, when it stays inside `lessons/`: not an absolute path, no
/// `..` that leaves the folder, no symbolic link that resolves outside it.
fn inside_lessons(root: &Path, rel: &str) -> Result<PathBuf, String> {
    const INSIDE: &str = "a lesson path is relative to lessons/ and stays inside it";
    let mut depth = 0usize;
    for component in Path::new(rel).components() {
        match component {
            Component::Prefix(_) | Component::RootDir => {
                return Err(format!("lesson {rel:?} is an absolute path: {INSIDE}"));
            }
            Component::ParentDir if depth == 0 => {
                return Err(format!(
                    "lesson {rel:?} leaves lessons/ through `..`: {INSIDE}"
                ));
            }
            Component::ParentDir => depth -= 1,
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
        }
    }
    let lessons = root.join("lessons");
    let path = lessons.join(rel);
    if let (Ok(real), Ok(base)) = (path.canonicalize(), lessons.canonicalize())
        && !real.starts_with(&base)
    {
        return Err(format!(
            "lesson {rel:?} is a link to {}, outside lessons/: {INSIDE}",
            real.display()
        ));
    }
    Ok(path)
}

/// What the lint says of a lesson in which no title heading is found.
const NO_HEADING: &str = "this lesson has no heading in its first 64 KiB, so its title is its file name; start it with its title as a heading (`# Title`)";

/// What an author should fix in a lesson's Markdown: no heading to take the
/// title from, an unclosed code fence, a relative link to a file that does
/// not exist, a demo that is not one of `demos`, bytes that are not UTF-8.
pub fn lint_lesson(lesson: &Lesson, demos: &[&str]) -> Vec<Problem> {
    let file = &lesson.path;
    let text = match lesson.text() {
        Ok(text) => text,
        Err(e) => {
            let line = NotUtf8::of(&e).map(|bad| bad.line);
            return vec![Problem::new(file, line, format!("cannot read: {e}"))];
        }
    };
    let mut problems = Vec::new();
    if matches!(first_heading(text.as_bytes()), Ok(None)) {
        problems.push(Problem::new(file, Some(1), NO_HEADING));
    }
    if let Some(line) = unclosed_fence(&text) {
        problems.push(Problem::new(
            file,
            Some(line),
            "this code fence is never closed, so the rest of the lesson renders as code",
        ));
    }
    for (id, line) in super::named_demos(&text) {
        if !demos.contains(&id.as_str()) {
            problems.push(Problem::new(
                file,
                Some(line),
                format!("demo {id:?} is not a folder of exercises/course/demos with a demo.toml"),
            ));
        }
    }
    let dir = file.parent().unwrap_or(Path::new("."));
    for (event, range) in Parser::new(&text).into_offset_iter() {
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event {
            let target = dest_url.split('#').next().unwrap_or_default();
            let is_local = !target.is_empty() && !target.contains("://") && !target.contains(':');
            if is_local && !dir.join(target).exists() {
                problems.push(Problem::at_offset(
                    file,
                    &text,
                    range.start,
                    format!("link to {target:?}, which does not exist"),
                ));
            }
        }
    }
    problems
}

/// The line of a ``` or ~~~ fence that has no closing fence.
fn unclosed_fence(text: &str) -> Option<usize> {
    let mut open: Option<(usize, &str)> = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let fence = ["```", "~~~"].into_iter().find(|f| trimmed.starts_with(f));
        match (open, fence) {
            (None, Some(f)) => open = Some((i + 1, f)),
            (Some((_, f)), Some(g)) if f == g && trimmed.trim_end() == f => open = None,
            _ => {}
        }
    }
    open.map(|(line, _)| line)
}
