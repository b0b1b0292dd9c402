//! Places in a lesson's rendered text that survive a re-wrap, and the
//! search's matches.
//!
//! A line number means nothing once the width changes, so a place is an
//! [`Anchor`]: the section it is in (the last heading at or before it) and
//! how many letters and digits into that section it is. Letters and digits
//! are what re-wrapping keeps: it moves spaces, repeats gutters and list
//! indents on every line, and draws rules to the width, but never adds or
//! drops a word. A place on a line without any (a blank line, a rule)
//! remembers how many lines before the next letter it was.
//!
//! A [`Match`] is one occurrence of the query within one rendered line,
//! found ignoring case; its bytes are those of the line's text, the spans'
//! contents one after another.
//!
//! Cost: linear in the rendered text (one count of its letters), a few
//! milliseconds for a 1 MB lesson.

use ratatui::text::Line;

use crate::tui::markdown::Rendered;

/// One occurrence of the search query.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match {
    /// Index into the rendered lines.
    pub line: usize,
    /// Bytes `[start, end)` of the line's text.
    pub start: usize,
    pub end: usize,
}

/// A place in the text that does not depend on the width.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Anchor {
    /// Index into the headings: the section the place is in.
    section: Option<usize>,
    /// Letters and digits from the section's first line to the place.
    chars: usize,
    /// Lines from the place to the line that holds that letter.
    back: usize,
}

impl Anchor {
    /// The place of line `line`, the first on screen.
    pub fn of_line(rendered: &Rendered, line: usize) -> Anchor {
        let prefix = prefix(&rendered.lines);
        let line = line.min(rendered.lines.len());
        let section = section(rendered, line);
        let start = section_start(rendered, section);
        let chars = prefix[line] - prefix[start];
        // The line whose letters go past those before `line`.
        let holder = prefix.partition_point(|&p| p <= prefix[line]) - 1;
        Anchor {
            section,
            chars,
            back: holder - line,
        }
    }

    /// The place where match `m` starts.
    pub fn of_match(rendered: &Rendered, m: Match) -> Anchor {
        let prefix = prefix(&rendered.lines);
        let line = m.line.min(rendered.lines.len());
        let section = section(rendered, line);
        let start = section_start(rendered, section);
        let within = rendered
            .lines
            .get(line)
            .map_or(0, |l| letters(text(l).get(..m.start).unwrap_or("")));
        Anchor {
            section,
            chars: prefix[line] - prefix[start] + within,
            back: 0,
        }
    }

    /// The line that shows this place in `rendered`.
    pub fn line(&self, rendered: &Rendered) -> usize {
        let prefix = prefix(&rendered.lines);
        let start = section_start(rendered, self.section);
        let target = prefix[start] + self.chars;
        let holder = prefix.partition_point(|&p| p <= target) - 1;
        holder.saturating_sub(self.back).max(start)
    }

    /// Of `matches` (in reading order, in `rendered`), the index of the
    /// first at or after this place, else the last one's.
    pub fn nearest(&self, rendered: &Rendered, matches: &[Match]) -> usize {
        let prefix = prefix(&rendered.lines);
        let target = prefix[section_start(rendered, self.section)] + self.chars;
        let position = |m: &Match| {
            let within = rendered
                .lines
                .get(m.line)
                .map_or(0, |l| letters(text(l).get(..m.start).unwrap_or("")));
            prefix[m.line.min(rendered.lines.len())] + within
        };
        matches
            .iter()
            .position(|m| position(m) >= target)
            .unwrap_or(matches.len().saturating_sub(1))
    }
}

/// Every occurrence of `query` in the rendered lines, ignoring case, in
/// reading order; none for an empty query.
pub fn find(rendered: &Rendered, query: &str) -> Vec<Match> {
    let query: Vec<char> = query.chars().flat_map(char::to_lowercase).collect();
    if query.is_empty() {
        return Vec::new();
    }
    let mut matches = Vec::new();
    for (index, line) in rendered.lines.iter().enumerate() {
        let text = text(line);
        let (folded, at) = fold(&text);
        let mut i = 0;
        while i + query.len() <= folded.len() {
            if folded[i..i + query.len()] == query[..] {
                let last = at[i + query.len() - 1];
                let end = last + text[last..].chars().next().map_or(0, char::len_utf8);
                matches.push(Match {
                    line: index,
                    start: at[i],
                    end,
                });
                i += query.len();
            } else {
                i += 1;
            }
        }
    }
    matches
}

/// A line's text: its spans' contents one after another.
pub fn text(line: &Line) -> String {
    line.spans.iter().map(|s| s.content.as_ref()).collect()
}

/// `text` in lower case, a char at a time, with the byte in `text` that
/// each lower-case char comes from.
fn fold(text: &str) -> (Vec<char>, Vec<usize>) {
    let mut folded = Vec::with_capacity(text.len());
    let mut at = Vec::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        for lower in c.to_lowercase() {
            folded.push(lower);
            at.push(i);
        }
    }
    (folded, at)
}

fn letters(text: &str) -> usize {
    text.chars().filter(|c| c.is_alphanumeric()).count()
}

/// Letters and digits before each line, and in all of them at the end.
fn prefix(lines: &[Line]) -> Vec<usize> {
    let mut prefix = Vec::with_capacity(lines.len() + 1);
    let mut total = 0;
    prefix.push(0);
    for line in lines {
        total += line
            .spans
            .iter()
            .map(|s| letters(&s.content))
            .sum::<usize>();
        prefix.push(total);
    }
    prefix
}

/// The heading whose section holds line `line`.
fn section(rendered: &Rendered, line: usize) -> Option<usize> {
    rendered.headings.iter().rposition(|h| h.line <= line)
}

/// The first line of a section (of the text before the first heading).
fn section_start(rendered: &Rendered, section: Option<usize>) -> usize {
    section
        .and_then(|s| rendered.headings.get(s))
        .map_or(0, |h| h.line.min(rendered.lines.len()))
}
