//! A problem found while loading or validating a course: always a file, and a
//! line where one can be found, so an author can jump straight to it.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// One thing wrong with the course, located in a file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Problem {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl Problem {
    pub fn new(file: &Path, line: Option<usize>, message: impl Into<String>) -> Self {
        Self {
            file: file.to_path_buf(),
            line,
            column: None,
            message: message.into(),
        }
    }

    /// A problem at a byte offset of `src`, the text of `file`.
    pub fn at_offset(file: &Path, src: &str, offset: usize, message: impl Into<String>) -> Self {
        let (line, column) = line_col(src, offset);
        Self {
            file: file.to_path_buf(),
            line: Some(line),
            column: Some(column),
            message: message.into(),
        }
    }

    /// A problem about `key = ...` in the TOML text `src`: located at the
    /// first line that assigns the key, or at the file when none does.
    pub fn at_key(file: &Path, src: &str, key: &str, message: impl Into<String>) -> Self {
        Self::new(file, line_of_key(src, key), message)
    }

    /// A TOML syntax or type error, at the span the parser reports.
    pub fn from_toml(file: &Path, src: &str, err: &toml::de::Error) -> Self {
        let message = err.message().trim().to_owned();
        match err.span() {
            Some(span) => Self::at_offset(file, src, span.start, message),
            None => Self::new(file, None, message),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

/// 1-based line and column of a byte offset.
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(src.len());
    let before = &src[..floor_char_boundary(src, offset)];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The 1-based line on which `key` is first assigned in TOML text, if any.
pub fn line_of_key(src: &str, key: &str) -> Option<usize> {
    src.lines()
        .position(|line| {
            let line = line.trim_start();
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|i| i + 1)
}

/// The 1-based line on which a quoted string value first appears.
pub fn line_of_value(src: &str, value: &str) -> Option<usize> {
    let quoted = format!("\"{value}\"");
    src.lines().position(|l| l.contains(&quoted)).map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based() {
        let src = "a = 1\nbb = 2\n";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 6), (2, 1));
        assert_eq!(line_col(src, 9), (2, 4));
    }

    #[test]
    fn finds_the_line_of_a_key() {
        let src = "id = \"x\"\n  efficiency = 2.0\nefficiency_note = 1\n";
        assert_eq!(line_of_key(src, "efficiency"), Some(2));
        assert_eq!(line_of_key(src, "missing"), None);
    }

    #[test]
    fn displays_file_line_column() {
        let p = Problem::at_offset(Path::new("c.toml"), "x\ny", 2, "bad");
        assert_eq!(p.to_string(), "c.toml:2:1: bad");
    }
}
