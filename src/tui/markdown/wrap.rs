//! Line breaking of styled text.
//!
//! Inline content arrives as a flat list of [`Piece`]s (text, style, and the
//! link it belongs to, if any). [`wrap`] joins their text and finds the break
//! opportunities of Unicode's line breaking algorithm (UAX #14, the
//! `unicode-linebreak` crate), so CJK text breaks between characters, no line
//! starts with closing punctuation (`、。」)`) and `**bold**,` stays one
//! word. Of those opportunities only the ones after white space, or next to
//! an ideograph, kana, hangul or emoji, are taken: a URL, a path or a
//! hyphenated word is cut only when it is wider than the line on its own,
//! and then between grapheme clusters. Lines are filled greedily; spaces at
//! a break are dropped. The result is a list of [`RLine`]s: spans plus the
//! display columns of every link fragment, so that prefixes (gutters, list
//! markers, table borders) can be added later while link columns stay right.
//!
//! Widths are display columns by grapheme cluster ([`width`]): what the
//! terminal buffer draws. No line is wider than the width asked for, down to
//! 1 column (a 2-column character that cannot fit at all is shown as `…`).
//!
//! Cost: linear in the text; ASCII runs are measured without segmenting.

mod width;

#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::ops::Range;

use ratatui::style::Style;
use ratatui::text::Span;
use unicode_linebreak::{BreakClass, BreakOpportunity, break_property, linebreaks};
use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

pub(super) use width::{char_width, for_display, source, str_width};
use width::{grapheme_width, stands_alone};

/// A run of inline text with one style.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Piece {
    pub text: String,
    pub style: Style,
    /// Index into the renderer's list of link targets.
    pub link: Option<usize>,
}

/// A link fragment within an [`RLine`]: display columns `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct LinkSpan {
    pub id: usize,
    pub start: usize,
    pub end: usize,
}

/// A rendered line under construction.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct RLine {
    pub spans: Vec<Span<'static>>,
    pub width: usize,
    pub links: Vec<LinkSpan>,
}

impl RLine {
    pub fn styled(text: impl Into<String>, style: Style) -> Self {
        let mut line = Self::default();
        line.push(text, style, None);
        line
    }

    /// Appends text, merging with the last span when the style is the same.
    /// Tabs and newlines become spaces, other control characters visible
    /// stand-ins.
    pub fn push(&mut self, text: impl Into<String>, style: Style, link: Option<usize>) {
        let text = text.into();
        let text = for_display(&text, false);
        self.push_clean(&text, str_width(&text), style, link);
    }

    /// Appends text free of control characters whose width is known.
    fn push_clean(&mut self, text: &str, width: usize, style: Style, link: Option<usize>) {
        if text.is_empty() {
            return;
        }
        let merge = self.spans.last().is_some_and(|last| last.style == style);
        let width = match self.spans.last() {
            Some(last) if merge && !text.is_ascii() => joined_width(&last.content, text),
            _ => width,
        };
        self.grow(width, link);
        match self.spans.last_mut() {
            Some(last) if merge => last.content.to_mut().push_str(text),
            _ => self.spans.push(Span::styled(text.to_owned(), style)),
        }
    }

    fn grow(&mut self, width: usize, link: Option<usize>) {
        if let Some(id) = link {
            self.add_link(id, width);
        }
        self.width += width;
    }

    fn add_link(&mut self, id: usize, width: usize) {
        let (start, end) = (self.width, self.width + width);
        match self.links.last_mut() {
            Some(last) if last.id == id && last.end == start => last.end = end,
            _ => self.links.push(LinkSpan { id, start, end }),
        }
    }

    /// Appends `other`, shifting its link columns.
    pub fn append(&mut self, other: RLine) {
        let shift = self.width;
        self.links.extend(other.links.into_iter().map(|l| LinkSpan {
            start: l.start + shift,
            end: l.end + shift,
            ..l
        }));
        self.width += other.width;
        self.spans.extend(other.spans);
    }

    /// `prefix` followed by `self`.
    pub fn prefixed(self, prefix: RLine) -> RLine {
        if prefix.spans.is_empty() && prefix.width == 0 {
            return self;
        }
        let mut line = prefix;
        line.append(self);
        line
    }

    /// Adds spaces up to `width` columns.
    pub fn pad_to(&mut self, width: usize, style: Style) {
        if self.width < width {
            self.push(" ".repeat(width - self.width), style, None);
        }
    }
}

/// Columns that `text` adds after `before` in one span: a cluster may
/// continue across the join (a base, then its combining mark).
fn joined_width(before: &str, text: &str) -> usize {
    let alone = |c: Option<char>| c.is_some_and(stands_alone);
    if alone(before.chars().next_back()) && alone(text.chars().next()) {
        return str_width(text);
    }
    let tail = before.graphemes(true).next_back().unwrap_or("");
    str_width(&format!("{tail}{text}")).saturating_sub(str_width(tail))
}

/// `line` cut to `width` columns, cluster by cluster: the last resort for a
/// pane narrower than the gutters and markers in front of its text (a quote
/// in a list at width 3). Lines that fit are returned as they are.
pub(super) fn clip(mut line: RLine, width: usize) -> RLine {
    if line.width <= width {
        return line;
    }
    let mut used = 0;
    let mut spans = Vec::new();
    for span in line.spans {
        let mut kept = String::new();
        for g in span.content.graphemes(true) {
            let w = str_width(g);
            if used + w > width {
                break;
            }
            used += w;
            kept.push_str(g);
        }
        let full = kept.len() == span.content.len();
        if !kept.is_empty() {
            spans.push(Span::styled(kept, span.style));
        }
        if !full {
            break;
        }
    }
    line.links.retain(|l| l.start < used);
    for l in &mut line.links {
        l.end = l.end.min(used);
    }
    line.spans = spans;
    line.width = used;
    line
}

/// Removes trailing spaces (a blank line's gutter should not end in them).
pub(super) fn trim_end(mut line: RLine) -> RLine {
    while let Some(last) = line.spans.last_mut() {
        let trimmed = last.content.trim_end_matches(' ').len();
        line.width -= last.content.len() - trimmed;
        if trimmed > 0 {
            last.content.to_mut().truncate(trimmed);
            break;
        }
        line.spans.pop();
    }
    line
}

/// The pieces' text joined (control characters replaced), with where each
/// piece ends in it.
struct Joined<'a> {
    text: Cow<'a, str>,
    ends: Vec<usize>,
    pieces: &'a [Piece],
}

impl<'a> Joined<'a> {
    fn new(pieces: &'a [Piece]) -> Self {
        if let [one] = pieces {
            let text = for_display(&one.text, true);
            let ends = vec![text.len()];
            return Joined { text, ends, pieces };
        }
        let mut text = String::with_capacity(pieces.iter().map(|p| p.text.len()).sum());
        let mut ends = Vec::with_capacity(pieces.len());
        for piece in pieces {
            text.push_str(&for_display(&piece.text, true));
            ends.push(text.len());
        }
        Joined {
            text: Cow::Owned(text),
            ends,
            pieces,
        }
    }

    fn slice(&self, range: Range<usize>) -> &str {
        self.text.get(range).unwrap_or_default()
    }

    /// Appends the text in `range` to `line`, piece by piece. `width` is the
    /// range's width when known.
    fn put(&self, line: &mut RLine, range: Range<usize>, width: Option<usize>) {
        let mut at = range.start;
        let mut index = self.ends.partition_point(|&end| end <= at);
        while at < range.end {
            let (Some(&end), Some(piece)) = (self.ends.get(index), self.pieces.get(index)) else {
                return;
            };
            let stop = end.min(range.end);
            let text = self.slice(at..stop);
            let w = match width {
                Some(w) if at == range.start && stop == range.end => w,
                _ => str_width(text),
            };
            line.push_clean(text, w, piece.style, piece.link);
            at = stop;
            index += 1;
        }
    }
}

/// A stretch between two break opportunities: its content, the spaces
/// after it, and whether a hard break ends it.
struct Segment {
    content: Range<usize>,
    spaces: Range<usize>,
    hard: bool,
}

/// The stretches of `text` between the break opportunities taken.
fn segments(text: &str) -> impl Iterator<Item = Segment> + '_ {
    let mut start = 0;
    linebreaks(text).filter_map(move |(at, kind)| {
        if kind == BreakOpportunity::Allowed && !taken(text, at) {
            return None;
        }
        let mut body = text.get(start..at).unwrap_or_default();
        let hard = kind == BreakOpportunity::Mandatory && body.ends_with(is_hard_break);
        if hard {
            body = body.trim_end_matches(is_hard_break);
        }
        let content = body.trim_end_matches(' ').len();
        let segment = Segment {
            content: start..start + content,
            spaces: start + content..start + body.len(),
            hard,
        };
        start = at;
        Some(segment)
    })
}

fn is_hard_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Whether the wrapper takes the break opportunity at `at`: after white
/// space, or next to a character that lines break around in East Asian
/// text (ideographs, kana, hangul, emoji). Never inside a grapheme cluster.
fn taken(text: &str, at: usize) -> bool {
    let (Some(before), Some(after)) = (text.get(..at), text.get(at..)) else {
        return false;
    };
    let (Some(a), Some(b)) = (before.chars().next_back(), after.chars().next()) else {
        return false;
    };
    if a.is_ascii() && b.is_ascii() {
        return a == ' ';
    }
    let context = a.is_whitespace() || a == '\u{200b}' || east_asian(a) || east_asian(b);
    context
        && (stands_alone(a) && stands_alone(b)
            || GraphemeCursor::new(at, text.len(), true)
                .is_boundary(text, 0)
                .unwrap_or(false))
}

fn east_asian(c: char) -> bool {
    use BreakClass as B;
    matches!(
        break_property(u32::from(c)),
        B::Ideographic
            | B::ConditionalJapaneseStarter
            | B::HangulLvSyllable
            | B::HangulLvtSyllable
            | B::HangulLJamo
            | B::HangulVJamo
            | B::HangulTJamo
            | B::EmojiBase
            | B::EmojiModifier
            | B::RegionalIndicator
    )
}

/// Greedy line filling.
struct Filler<'a> {
    source: &'a Joined<'a>,
    width: usize,
    lines: Vec<RLine>,
    line: RLine,
    /// Spaces after the line's last word, put only if another word follows.
    space: Range<usize>,
}

impl Filler<'_> {
    fn finish_line(&mut self) {
        self.space = 0..0;
        self.lines.push(std::mem::take(&mut self.line));
    }

    fn segment(&mut self, segment: Segment) {
        self.word(segment.content);
        if segment.hard {
            self.finish_line();
        } else {
            self.space = segment.spaces;
        }
    }

    fn word(&mut self, mut range: Range<usize>) {
        if self.line.width == 0 {
            let text = self.source.slice(range.clone());
            range.start += text.len() - text.trim_start_matches(' ').len();
        }
        if range.is_empty() {
            return;
        }
        let width = str_width(self.source.slice(range.clone()));
        let space = self.space.len();
        if self.line.width > 0 && self.line.width + space + width > self.width {
            self.finish_line();
        }
        if self.line.width > 0 {
            let space = std::mem::replace(&mut self.space, 0..0);
            self.source
                .put(&mut self.line, space.clone(), Some(space.len()));
        }
        if self.line.width + width <= self.width {
            self.source.put(&mut self.line, range, Some(width));
        } else {
            self.long_word(range);
        }
    }

    /// Cuts a word that does not fit on an empty line between grapheme
    /// clusters. A cluster wider than the whole line is shown as `…`.
    fn long_word(&mut self, range: Range<usize>) {
        let source = self.source;
        let text = source.slice(range.clone());
        let mut run = range.start..range.start;
        let mut run_width = 0;
        for (i, g) in text.grapheme_indices(true) {
            let w = grapheme_width(g);
            if self.line.width + run_width + w > self.width {
                source.put(&mut self.line, run.clone(), Some(run_width));
                if self.line.width > 0 {
                    self.finish_line();
                }
                run = range.start + i..range.start + i;
                run_width = 0;
                if w > self.width {
                    let style = self.style_at(run.start);
                    self.line.push_clean("…", 1, style, None);
                    run = run.end + g.len()..run.end + g.len();
                    continue;
                }
            }
            run.end += g.len();
            run_width += w;
        }
        source.put(&mut self.line, run, Some(run_width));
    }

    fn style_at(&self, at: usize) -> Style {
        let index = self.source.ends.partition_point(|&end| end <= at);
        self.source
            .pieces
            .get(index)
            .map_or_else(Style::new, |p| p.style)
    }
}

/// Wraps `pieces` to `width` columns (at least 1). Empty input gives no lines.
pub(super) fn wrap(pieces: &[Piece], width: usize) -> Vec<RLine> {
    let source = Joined::new(pieces);
    if source.text.is_empty() {
        return Vec::new();
    }
    let mut filler = Filler {
        source: &source,
        width: width.max(1),
        lines: Vec::new(),
        line: RLine::default(),
        space: 0..0,
    };
    for segment in segments(&source.text) {
        filler.segment(segment);
    }
    filler.finish_line();
    filler.lines
}

/// The unwrapped width of `pieces` (their widest line between hard breaks),
/// and the width of their widest unbreakable stretch.
pub(super) fn measure(pieces: &[Piece]) -> (usize, usize) {
    let source = Joined::new(pieces);
    let (mut widest, mut line, mut space, mut longest) = (0, 0, 0, 0);
    for segment in segments(&source.text) {
        let width = str_width(source.slice(segment.content));
        if width > 0 {
            line += space + width;
            longest = longest.max(width);
        }
        space = segment.spaces.len();
        if segment.hard {
            widest = widest.max(line);
            (line, space) = (0, 0);
        }
    }
    (widest.max(line), longest)
}
