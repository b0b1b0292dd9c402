//! Word wrapping of styled text.
//!
//! Inline content arrives as a flat list of [`Piece`]s (text, style, and the
//! link it belongs to, if any). [`wrap`] cuts it into words and runs of spaces
//! that may span several pieces (so `**bold**,` stays one word), then fills
//! lines greedily. Spaces at a break are dropped; a word wider than the line
//! is cut by characters. The result is a list of [`RLine`]s: spans plus the
//! display columns of every link fragment, so that prefixes (gutters, list
//! markers, table borders) can be added later while link columns stay right.
//!
//! Widths are display columns as ratatui measures them ([`Span::width`]).

use ratatui::style::Style;
use ratatui::text::Span;

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
    pub fn push(&mut self, text: impl Into<String>, style: Style, link: Option<usize>) {
        let text = text.into();
        if text.is_empty() {
            return;
        }
        let width = str_width(&text);
        if let Some(id) = link {
            self.add_link(id, width);
        }
        self.width += width;
        match self.spans.last_mut() {
            Some(last) if last.style == style => last.content.to_mut().push_str(&text),
            _ => self.spans.push(Span::styled(text, style)),
        }
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

/// Display width of a string.
pub(super) fn str_width(s: &str) -> usize {
    Span::raw(s).width()
}

/// Display width of one character.
pub(super) fn char_width(c: char) -> usize {
    let mut buf = [0u8; 4];
    str_width(c.encode_utf8(&mut buf))
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

#[derive(Debug, PartialEq)]
enum Kind {
    Word,
    Space,
    Break,
}

/// A word, a run of spaces, or a hard break, possibly over several pieces.
#[derive(Debug)]
struct Token {
    kind: Kind,
    parts: Vec<Piece>,
    width: usize,
}

impl Token {
    fn new(kind: Kind) -> Self {
        Token {
            kind,
            parts: Vec::new(),
            width: 0,
        }
    }

    fn push(&mut self, c: char, piece: &Piece) {
        self.width += char_width(c);
        match self.parts.last_mut() {
            Some(last) if last.style == piece.style && last.link == piece.link => last.text.push(c),
            _ => self.parts.push(Piece {
                text: c.to_string(),
                ..piece.clone()
            }),
        }
    }
}

fn kind_of(c: char) -> Kind {
    match c {
        '\n' => Kind::Break,
        ' ' => Kind::Space,
        _ => Kind::Word,
    }
}

fn tokenize(pieces: &[Piece]) -> Vec<Token> {
    let mut tokens: Vec<Token> = Vec::new();
    for piece in pieces {
        for c in piece.text.chars() {
            let kind = kind_of(c);
            let extend = matches!(tokens.last(), Some(t) if t.kind == kind && kind != Kind::Break);
            if !extend {
                tokens.push(Token::new(kind));
            }
            if let (Some(token), false) = (tokens.last_mut(), c == '\n') {
                token.push(c, piece);
            }
        }
    }
    tokens
}

/// Greedy line filling.
struct Filler {
    width: usize,
    lines: Vec<RLine>,
    line: RLine,
    space: Option<Token>,
}

impl Filler {
    fn finish_line(&mut self) {
        self.space = None;
        self.lines.push(std::mem::take(&mut self.line));
    }

    fn put(&mut self, parts: Vec<Piece>) {
        for part in parts {
            self.line.push(part.text, part.style, part.link);
        }
    }

    fn word(&mut self, word: Token) {
        let space = self.space.as_ref().map_or(0, |s| s.width);
        if self.line.width > 0 && self.line.width + space + word.width > self.width {
            self.finish_line();
        }
        if let Some(space) = self.space.take().filter(|_| self.line.width > 0) {
            self.put(space.parts);
        }
        if self.line.width + word.width <= self.width {
            self.put(word.parts);
        } else {
            self.long_word(word.parts);
        }
    }

    /// Cuts a word that does not fit on an empty line, character by character.
    fn long_word(&mut self, parts: Vec<Piece>) {
        for part in parts {
            for c in part.text.chars() {
                let w = char_width(c);
                if self.line.width > 0 && self.line.width + w > self.width {
                    self.finish_line();
                }
                self.line.push(c.to_string(), part.style, part.link);
            }
        }
    }
}

/// Wraps `pieces` to `width` columns (at least 1). Empty input gives no lines.
pub(super) fn wrap(pieces: &[Piece], width: usize) -> Vec<RLine> {
    let tokens = tokenize(pieces);
    if tokens.is_empty() {
        return Vec::new();
    }
    let mut filler = Filler {
        width: width.max(1),
        lines: Vec::new(),
        line: RLine::default(),
        space: None,
    };
    for token in tokens {
        match token.kind {
            Kind::Break => filler.finish_line(),
            Kind::Space => filler.space = Some(token),
            Kind::Word => filler.word(token),
        }
    }
    filler.finish_line();
    filler.lines
}

/// The unwrapped width of `pieces`, and the width of their longest word.
pub(super) fn measure(pieces: &[Piece]) -> (usize, usize) {
    let tokens = tokenize(pieces);
    let total = tokens.iter().map(|t| t.width).sum();
    let longest = tokens
        .iter()
        .filter(|t| t.kind == Kind::Word)
        .map(|t| t.width)
        .max()
        .unwrap_or(0);
    (total, longest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> Vec<Piece> {
        vec![Piece {
            text: text.into(),
            style: Style::new(),
            link: None,
        }]
    }

    fn texts(lines: &[RLine]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn wraps_at_spaces_and_cuts_long_words() {
        let lines = wrap(&plain("aa bb cc abcdefgh"), 5);
        assert_eq!(texts(&lines), ["aa bb", "cc", "abcde", "fgh"]);
    }

    #[test]
    fn hard_break_and_wide_chars() {
        let lines = wrap(&plain("日本語\nx"), 4);
        assert_eq!(texts(&lines), ["日本", "語", "x"]);
    }

    #[test]
    fn link_columns_follow_the_text() {
        let mut pieces = plain("see ");
        pieces.push(Piece {
            text: "the docs".into(),
            style: Style::new(),
            link: Some(0),
        });
        let lines = wrap(&pieces, 7);
        assert_eq!(texts(&lines), ["see the", "docs"]);
        assert_eq!(
            lines[0].links,
            [LinkSpan {
                id: 0,
                start: 4,
                end: 7
            }]
        );
        assert_eq!(
            lines[1].links,
            [LinkSpan {
                id: 0,
                start: 0,
                end: 4
            }]
        );
    }
}
