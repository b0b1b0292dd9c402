//! A lesson's title: the text of its first heading, found by reading the
//! file's beginning line by line and stopping there, so loading a course never
//! reads every lesson in full.
//!
//! A heading is an ATX (`#`..`######`) or setext (`===`/`---`) heading at the
//! top level, or an HTML `<h1>`..`<h6>` element in an HTML block. Fenced and
//! indented code, HTML comments and other HTML blocks, YAML front matter,
//! block quotes and list items are followed across lines and never give a
//! title. Past [`TITLE_CAP`] bytes the search stops. Bytes that are not
//! UTF-8 before the heading are an error ([`NotUtf8`]).

use std::fmt;
use std::io::{self, BufRead, BufReader, Read};

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::html;

/// How much of a lesson is read to find its title.
pub const TITLE_CAP: u64 = 64 * 1024;

/// Bytes that are not UTF-8: the byte offset of the first invalid byte in the
/// file, and its 1-based line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotUtf8 {
    pub offset: usize,
    pub line: usize,
}

impl NotUtf8 {
    /// The first invalid byte of `bytes`, which is valid up to `valid`.
    pub fn at(bytes: &[u8], valid: usize) -> NotUtf8 {
        let before = bytes.get(..valid).unwrap_or(bytes);
        NotUtf8 {
            offset: valid,
            line: before.iter().filter(|&&b| b == b'\n').count() + 1,
        }
    }

    /// The `NotUtf8` inside an I/O error, if that is what it is.
    pub fn of(error: &io::Error) -> Option<NotUtf8> {
        error.get_ref()?.downcast_ref::<NotUtf8>().copied()
    }
}

impl fmt::Display for NotUtf8 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not UTF-8 at byte {} (line {})", self.offset, self.line)
    }
}

impl std::error::Error for NotUtf8 {}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The text of the first heading in the first [`TITLE_CAP`] bytes of
/// `reader`, or `None` when there is none. An `io::Error` holding a
/// [`NotUtf8`] when a line before the heading is not UTF-8.
pub fn first_heading(reader: impl Read) -> io::Result<Option<String>> {
    let mut reader = BufReader::new(reader.take(TITLE_CAP));
    let mut scan = Scan::default();
    let mut buf = Vec::new();
    let mut offset = 0;
    loop {
        buf.clear();
        let n = reader.read_until(b'\n', &mut buf)?;
        let cut = offset + n >= TITLE_CAP as usize && buf.last() != Some(&b'\n');
        if n == 0 || cut {
            break;
        }
        let mut start = 0;
        if offset == 0 && buf.starts_with(BOM) {
            start = BOM.len();
        }
        let line = std::str::from_utf8(&buf[start..]).map_err(|e| {
            let bad = NotUtf8 {
                offset: offset + start + e.valid_up_to(),
                line: scan.number + 1,
            };
            io::Error::new(io::ErrorKind::InvalidData, bad)
        })?;
        if let Some(title) = scan.line(line.trim_end_matches(['\n', '\r'])) {
            return Ok(Some(title));
        }
        offset += n;
    }
    Ok(scan.finish())
}

/// Where the scan stands between lines.
#[derive(Default)]
struct Scan {
    /// Lines seen so far.
    number: usize,
    /// Inside YAML front matter: its lines after the opening `---`.
    front: Option<Vec<String>>,
    fence: Option<Fence>,
    html: Option<Html>,
    para: Para,
    /// Inside a list item: the indentation of its content.
    list: Option<usize>,
}

/// An open code fence: its character, its length, and the indentation its
/// container's content starts at.
struct Fence {
    mark: char,
    len: usize,
    base: usize,
}

/// An open HTML block.
enum Html {
    /// Ends on a line that contains this (lowercase) text.
    Until(&'static str),
    /// Ends at a blank line; its text so far, searched for `<hN>` (`None`
    /// inside a list item or quote, where no title is taken).
    Blank(Option<String>),
}

/// The paragraph open at this line, if any.
#[derive(Default)]
enum Para {
    #[default]
    None,
    /// At the top level: its lines, which a setext underline makes a heading.
    Top(Vec<String>),
    /// In a list item or block quote.
    Nested,
}

impl Scan {
    /// Takes one line (without its line break); the title if it ends one.
    fn line(&mut self, line: &str) -> Option<String> {
        self.number += 1;
        if self.number == 1 && line.trim_end() == "---" {
            self.front = Some(Vec::new());
            return None;
        }
        let Some(front) = &mut self.front else {
            return self.body(line);
        };
        let end = matches!(line.trim_end(), "---" | "...");
        if front.is_empty() && line.trim().is_empty() {
            // `---` and a blank line: a thematic break, not front matter.
            front.push(line.to_owned());
            return self.replay();
        }
        if end {
            self.front = None;
        } else {
            front.push(line.to_owned());
        }
        None
    }

    /// At the end of what is read: front matter that never closed was text.
    fn finish(&mut self) -> Option<String> {
        self.front.as_ref()?;
        self.replay()
    }

    /// Scans `---` and the lines taken for front matter as ordinary lines.
    fn replay(&mut self) -> Option<String> {
        let lines = self.front.take().unwrap_or_default();
        let first = "---".to_owned();
        std::iter::once(first)
            .chain(lines)
            .find_map(|line| self.body(&line))
    }

    fn body(&mut self, line: &str) -> Option<String> {
        let (indent, rest) = indentation(line);
        let blank = rest.is_empty();
        if let Some(fence) = &self.fence {
            if blank || indent >= fence.base {
                if closes(fence, indent - fence.base.min(indent), rest) {
                    self.fence = None;
                }
                return None;
            }
            // A line left of its list item's content ends the item and the fence.
            self.fence = None;
            self.list = None;
        }
        if self.html.is_some() {
            return self.in_html(line, blank);
        }
        if blank {
            self.para = Para::None;
            return None;
        }
        let nested = match self.list {
            Some(k) if indent >= k => true,
            Some(_) if matches!(self.para, Para::Nested) && !starts_block(rest) => return None,
            _ => {
                self.list = None;
                false
            }
        };
        let base = if nested { self.list.unwrap_or(0) } else { 0 };
        if indent - base >= 4 {
            // Indented code, or a paragraph's continuation.
            if let Para::Top(lines) = &mut self.para {
                lines.push(line.to_owned());
            }
            return None;
        }
        self.block(line, rest, indent, nested)
    }

    /// A line at most 3 columns right of its container's content.
    fn block(&mut self, line: &str, rest: &str, indent: usize, nested: bool) -> Option<String> {
        let base = if nested { self.list.unwrap_or(0) } else { 0 };
        if let Some((mark, len)) = fence_open(rest) {
            self.fence = Some(Fence { mark, len, base });
            self.para = Para::None;
            return None;
        }
        if atx(rest) {
            self.para = Para::None;
            return if nested { None } else { heading_text(rest) };
        }
        if let Para::Top(lines) = &self.para
            && setext(rest)
        {
            let source = format!("{}\n{rest}", lines.join("\n"));
            self.para = Para::None;
            return heading_text(&source);
        }
        if thematic_break(rest) {
            self.para = Para::None;
            return None;
        }
        let in_para = !matches!(self.para, Para::None);
        if let Some(start) = html::block_start(rest, in_para) {
            self.para = Para::None;
            self.html = Some(match start {
                html::Start::Until(end) => Html::Until(end),
                html::Start::Blank => Html::Blank((!nested).then(String::new)),
            });
            return self.in_html(rest, false);
        }
        if rest.starts_with('>') {
            self.para = Para::Nested;
        } else if let Some(width) = list_item(rest) {
            if !nested {
                self.list = Some(indent + width);
            }
            self.para = Para::Nested;
            let content = rest.get(width..).unwrap_or_default();
            if let Some((mark, len)) = fence_open(content.trim_start()) {
                let base = self.list.unwrap_or(0);
                self.fence = Some(Fence { mark, len, base });
                self.para = Para::None;
            }
        } else {
            match &mut self.para {
                Para::None if nested => self.para = Para::Nested,
                Para::None => self.para = Para::Top(vec![line.to_owned()]),
                Para::Top(lines) => lines.push(line.to_owned()),
                Para::Nested => {}
            }
        }
        None
    }

    /// A line of an open HTML block (its first line included).
    fn in_html(&mut self, line: &str, blank: bool) -> Option<String> {
        match &mut self.html {
            Some(Html::Until(end)) => {
                if line.to_ascii_lowercase().contains(*end) {
                    self.html = None;
                }
                None
            }
            Some(Html::Blank(text)) => {
                if blank {
                    self.html = None;
                    return None;
                }
                let text = text.as_mut()?;
                text.push_str(line);
                text.push('\n');
                let title = html::heading(text);
                if title.is_some() {
                    self.html = None;
                }
                title
            }
            None => None,
        }
    }
}

/// The indentation of a line in columns (a tab to the next multiple of 4),
/// and the line after it, without trailing white space.
fn indentation(line: &str) -> (usize, &str) {
    let mut columns = 0;
    for (i, c) in line.char_indices() {
        match c {
            ' ' => columns += 1,
            '\t' => columns += 4 - columns % 4,
            _ => return (columns, line[i..].trim_end()),
        }
    }
    (columns, "")
}

/// A run of at least three backticks or tildes that opens a fence.
fn fence_open(rest: &str) -> Option<(char, usize)> {
    let mark = rest.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let len = rest.chars().take_while(|&c| c == mark).count();
    let info = &rest[len..];
    (len >= 3 && !(mark == '`' && info.contains('`'))).then_some((mark, len))
}

/// Whether a line closes `fence`; `indent` is relative to its container.
fn closes(fence: &Fence, indent: usize, rest: &str) -> bool {
    let len = rest.chars().take_while(|&c| c == fence.mark).count();
    indent < 4 && len >= fence.len && rest[len..].trim().is_empty()
}

/// `#` to `######` followed by a space, a tab or the end of the line.
fn atx(rest: &str) -> bool {
    let hashes = rest.bytes().take_while(|&b| b == b'#').count();
    (1..=6).contains(&hashes) && matches!(rest.as_bytes().get(hashes), None | Some(b' ' | b'\t'))
}

/// A setext underline: only `=` or only `-`.
fn setext(rest: &str) -> bool {
    !rest.is_empty() && (rest.bytes().all(|b| b == b'=') || rest.bytes().all(|b| b == b'-'))
}

/// Three or more `*`, `-` or `_`, spaces between allowed.
fn thematic_break(rest: &str) -> bool {
    let marks: Vec<char> = rest.chars().filter(|c| !matches!(c, ' ' | '\t')).collect();
    marks.len() >= 3
        && matches!(marks.first(), Some('*' | '-' | '_'))
        && marks.iter().all(|&c| Some(&c) == marks.first())
}

/// A list item's marker: the width up to its content.
fn list_item(rest: &str) -> Option<usize> {
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let marker = match rest.as_bytes().get(digits) {
        Some(b'-' | b'+' | b'*') if digits == 0 => 1,
        Some(b'.' | b')') if (1..=9).contains(&digits) => digits + 1,
        _ => return None,
    };
    let after = rest.get(marker..)?;
    if after.is_empty() {
        return Some(marker + 1);
    }
    let spaces = after.bytes().take_while(|&b| b == b' ').count();
    match spaces {
        0 => None,
        1..=4 if spaces < after.len() => Some(marker + spaces),
        _ => Some(marker + 1),
    }
}

/// Whether a line starts a block of its own, so it cannot continue a
/// paragraph lazily.
fn starts_block(rest: &str) -> bool {
    atx(rest)
        || fence_open(rest).is_some()
        || thematic_break(rest)
        || list_item(rest).is_some()
        || rest.starts_with('>')
        || html::block_start(rest, true).is_some()
}

/// The text of the first heading of a small Markdown source: attribute blocks
/// removed, inline Markdown reduced to its text; `None` when it is empty.
pub fn heading_text(source: &str) -> Option<String> {
    let options = Options::ENABLE_HEADING_ATTRIBUTES | Options::ENABLE_STRIKETHROUGH;
    let mut inside = false;
    let mut text = String::new();
    for event in Parser::new_ext(source, options) {
        match event {
            Event::Start(Tag::Heading { .. }) => inside = true,
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t)
                if inside =>
            {
                text.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak if inside => text.push(' '),
            _ => {}
        }
    }
    tidy(&text)
}

/// White space collapsed, control characters dropped; `None` when empty.
pub fn tidy(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| w.chars().filter(|c| !c.is_control()).collect::<String>())
        .filter(|w| !w.is_empty())
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}
