//! Lessons: Markdown files under `lessons/`, read as they are. The id of
//! `lessons/threads/01-why-threads.md` is `threads/why-threads`: the module and
//! the file name without its ordering number.

use std::fs;
use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, Parser, Tag};

use super::Problem;

#[derive(Clone, Debug)]
pub struct Lesson {
    pub id: String,
    pub module: String,
    pub title: String,
    pub path: PathBuf,
}

impl Lesson {
    pub fn load(root: &Path, module: &str, rel: &str) -> Result<Lesson, String> {
        let path = root.join("lessons").join(rel);
        let text = fs::read_to_string(&path)
            .map_err(|e| format!("lesson {rel:?} cannot be read from {}: {e}", path.display()))?;
        let stem = Path::new(rel)
            .file_stem()
            .and_then(|s| s.to_str())
            .ok_or_else(|| format!("lesson {rel:?} has no file name"))?;
        let name = stem.trim_start_matches(|c: char| c.is_ascii_digit() || c == '-' || c == '_');
        let title = text
            .lines()
            .find_map(|l| l.strip_prefix("# "))
            .unwrap_or(name)
            .trim()
            .to_owned();
        Ok(Lesson {
            id: format!("{module}/{name}"),
            module: module.to_owned(),
            title,
            path,
        })
    }

    pub fn text(&self) -> std::io::Result<String> {
        fs::read_to_string(&self.path)
    }
}

/// What an author should fix in a lesson's Markdown: a missing title, an
/// unclosed code fence, a relative link to a file that does not exist, a demo
/// that is not one of `demos`.
pub fn lint_lesson(lesson: &Lesson, demos: &[&str]) -> Vec<Problem> {
    let file = &lesson.path;
    let text = match lesson.text() {
        Ok(text) => text,
        Err(e) => return vec![Problem::new(file, None, format!("cannot read: {e}"))],
    };
    let mut problems = Vec::new();
    if !text.starts_with("# ") {
        problems.push(Problem::new(
            file,
            Some(1),
            "a lesson starts with its title as a level-1 heading (`# Title`)",
        ));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_an_unclosed_fence() {
        assert_eq!(unclosed_fence("# T\n```rust\nfn x() {}\n```\n"), None);
        assert_eq!(unclosed_fence("# T\n\n```rust\nfn x() {}\n"), Some(3));
    }

    #[test]
    fn a_demo_that_does_not_exist_is_reported_at_its_line() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("lessons/m")).unwrap();
        fs::write(
            dir.path().join("lessons/m/01-a.md"),
            "# A\n\n```demo\ngil\n```\n\n```demo\nnope\n```\n",
        )
        .unwrap();
        let lesson = Lesson::load(dir.path(), "m", "m/01-a.md").unwrap();
        let problems = lint_lesson(&lesson, &["gil"]);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].line, Some(7));
        assert!(problems[0].message.contains("nope"));
    }

    #[test]
    fn id_drops_the_ordering_number() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("lessons/m")).unwrap();
        fs::write(
            dir.path().join("lessons/m/02-sharing-data.md"),
            "# Sharing\n",
        )
        .unwrap();
        let lesson = Lesson::load(dir.path(), "m", "m/02-sharing-data.md").unwrap();
        assert_eq!(lesson.id, "m/sharing-data");
        assert_eq!(lesson.title, "Sharing");
    }
}
