//! Inline content: text, emphasis, code spans, links, images, breaks.
//!
//! [`Inline`] collects the pieces of the block being read (a paragraph, a
//! heading, a table cell, a tight list item) until the block ends and the
//! renderer wraps them. Emphasis is a set of counters rather than a stack of
//! styles, because Markdown nests them freely (`***a** b*`) and HTML tags
//! (`<b>`, `<kbd>`, `<code>`) may open and close anywhere; the current
//! style is derived from the counters whenever text arrives. Alongside the
//! styled pieces it keeps the plain text, which is what a heading records for
//! the table of contents.
//!
//! Links: with hyperlinks the text is tagged with an index into [`Inline::urls`]
//! so its columns can be reported; without them ` (url)` follows the text,
//! unless the text already is the url (autolinks). Images show their alt
//! text and their address: `[image: alt] (path)`. Math is shown verbatim
//! between its dollars. Every text that enters goes through [`clean`], so
//! no control character reaches the terminal.

use std::borrow::Cow;

use ratatui::style::{Modifier, Style};

use super::style::Styles;
use super::wrap::Piece;

struct OpenLink {
    url: String,
    id: Option<usize>,
    plain_start: usize,
}

/// An image whose alt text is being read.
struct OpenImage {
    url: String,
    title: String,
    /// Index of the `[image: ` piece, and of the plain text where the alt begins.
    piece: usize,
    plain_start: usize,
}

pub(super) struct Inline {
    pub pieces: Vec<Piece>,
    /// The text without decoration, for heading titles.
    pub plain: String,
    /// Link targets, indexed by [`Piece::link`].
    pub urls: Vec<String>,
    hyperlinks: bool,
    emphasis: u32,
    strong: u32,
    strike: u32,
    code: u32,
    key: u32,
    images: Vec<OpenImage>,
    link: Option<OpenLink>,
}

impl Inline {
    pub fn new(hyperlinks: bool) -> Self {
        Inline {
            pieces: Vec::new(),
            plain: String::new(),
            urls: Vec::new(),
            hyperlinks,
            emphasis: 0,
            strong: 0,
            strike: 0,
            code: 0,
            key: 0,
            images: Vec::new(),
            link: None,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    /// Whether the pieces so far end in a space or a break (or there are none).
    pub fn ends_in_space(&self) -> bool {
        self.pieces
            .last()
            .is_none_or(|p| p.text.ends_with([' ', '\n']))
    }

    /// Takes the collected pieces and plain text, leaving the styles open.
    pub fn take(&mut self) -> (Vec<Piece>, String) {
        if let Some(link) = &mut self.link {
            link.plain_start = 0;
        }
        for image in &mut self.images {
            image.plain_start = 0;
            image.piece = usize::MAX;
        }
        (
            std::mem::take(&mut self.pieces),
            std::mem::take(&mut self.plain),
        )
    }

    fn style(&self, styles: &Styles) -> Style {
        let mut style = if !self.images.is_empty() {
            styles.image()
        } else if self.link.is_some() {
            styles.link(self.hyperlinks)
        } else {
            Style::new()
        };
        if self.code > 0 {
            style = style.patch(styles.inline_code());
        }
        if self.key > 0 {
            style = style.patch(styles.key());
        }
        for (count, modifier) in [
            (self.emphasis, Modifier::ITALIC),
            (self.strong, Modifier::BOLD),
            (self.strike, Modifier::CROSSED_OUT),
        ] {
            if count > 0 {
                style = style.add_modifier(modifier);
            }
        }
        style
    }

    pub fn push(&mut self, text: String, style: Style) {
        let link = self.link.as_ref().and_then(|l| l.id);
        if !text.is_empty() {
            self.pieces.push(Piece { text, style, link });
        }
    }

    pub fn text(&mut self, text: &str, styles: &Styles) {
        let text = clean(text);
        self.plain.push_str(&text);
        self.push(text.into_owned(), self.style(styles));
    }

    pub fn code(&mut self, text: &str, styles: &Styles) {
        let text = clean(text);
        self.plain.push_str(&text);
        let style = self.style(styles).patch(styles.inline_code());
        let shown = if styles.color {
            text.into_owned()
        } else {
            format!("`{text}`")
        };
        self.push(shown, style);
    }

    /// Math, verbatim between its delimiters (`$` inline, `$$` display).
    pub fn math(&mut self, text: &str, delimiter: &str, styles: &Styles) {
        let text = clean(text);
        self.plain.push_str(&text);
        let style = self.style(styles).patch(styles.math());
        self.push(format!("{delimiter}{text}{delimiter}"), style);
    }

    /// A footnote reference: its number in brackets.
    pub fn footnote(&mut self, marker: &str, styles: &Styles) {
        self.push(clean(marker).into_owned(), styles.footnote());
    }

    /// Drops hard breaks at the end (an HTML block's last `<br>`).
    pub fn trim_breaks(&mut self) {
        while self.pieces.last().is_some_and(|p| p.text == "\n") {
            self.pieces.pop();
        }
    }

    /// Drops spaces and breaks at the end (before a block that interrupts
    /// the paragraph, such as display math).
    pub fn trim_spaces(&mut self) {
        while self
            .pieces
            .last()
            .is_some_and(|p| p.text.trim_matches([' ', '\n']).is_empty())
        {
            self.pieces.pop();
        }
    }

    pub fn soft_break(&mut self, styles: &Styles) {
        self.text(" ", styles);
    }

    pub fn hard_break(&mut self) {
        self.plain.push(' ');
        self.pieces.push(Piece {
            text: "\n".into(),
            style: Style::new(),
            link: None,
        });
    }

    pub fn task_marker(&mut self, checked: bool, styles: &Styles) {
        let mark = if checked { "[x] " } else { "[ ] " };
        self.push(mark.into(), styles.bullet());
    }

    pub fn emphasis(&mut self, open: bool) {
        self.emphasis = step(self.emphasis, open);
    }

    pub fn strong(&mut self, open: bool) {
        self.strong = step(self.strong, open);
    }

    pub fn strike(&mut self, open: bool) {
        self.strike = step(self.strike, open);
    }

    /// `<code>`: the code style, and backticks when there is no color.
    pub fn code_tag(&mut self, open: bool, styles: &Styles) {
        if !styles.color && !open {
            self.push("`".into(), self.style(styles));
        }
        self.code = step(self.code, open);
        if !styles.color && open {
            self.push("`".into(), self.style(styles));
        }
    }

    /// `<kbd>`: a key, in brackets and the key style.
    pub fn key(&mut self, open: bool, styles: &Styles) {
        if open {
            self.key = step(self.key, true);
            self.push("[".into(), self.style(styles));
        } else if self.key > 0 {
            self.push("]".into(), self.style(styles));
            self.key = step(self.key, false);
        }
    }

    pub fn image_start(&mut self, url: &str, title: &str, styles: &Styles) {
        let piece = self.pieces.len();
        self.images.push(OpenImage {
            url: url.to_owned(),
            title: title.to_owned(),
            piece,
            plain_start: self.plain.len(),
        });
        self.push("[image: ".into(), self.style(styles));
    }

    pub fn image_end(&mut self, styles: &Styles) {
        let style = self.style(styles);
        let Some(image) = self.images.pop() else {
            return;
        };
        let alt = self.plain.get(image.plain_start..).unwrap_or_default();
        if alt.trim().is_empty()
            && let Some(piece) = self.pieces.get_mut(image.piece)
        {
            piece.text = "[image".into();
        }
        self.push("]".into(), style);
        let url = clean(&image.url);
        let title = clean(&image.title);
        let address = match (url.is_empty(), title.is_empty()) {
            (true, true) => return,
            (false, true) => format!(" ({url})"),
            (true, false) => format!(" (\"{title}\")"),
            (false, false) => format!(" ({url} \"{title}\")"),
        };
        self.push(address, styles.url());
    }

    /// A whole image, as `<img>` gives it.
    pub fn image(&mut self, alt: &str, url: &str, title: &str, styles: &Styles) {
        self.image_start(url, title, styles);
        self.text(alt, styles);
        self.image_end(styles);
    }

    pub fn link_start(&mut self, url: &str) {
        let id = self.hyperlinks.then(|| {
            self.urls.push(clean(url).into_owned());
            self.urls.len() - 1
        });
        let plain_start = self.plain.len();
        self.link = Some(OpenLink {
            url: url.to_owned(),
            id,
            plain_start,
        });
    }

    pub fn link_end(&mut self, styles: &Styles) {
        let Some(link) = self.link.take() else { return };
        if link.id.is_some() || link.url.is_empty() {
            return;
        }
        let text = self.plain.get(link.plain_start..).unwrap_or_default();
        let bare = link.url.strip_prefix("mailto:").unwrap_or(&link.url);
        if text != link.url && text != bare {
            self.push(format!(" ({})", clean(&link.url)), styles.url());
        }
    }

    /// Rewrites the pieces from `start` on as super- or subscript: in
    /// Unicode's small digits and signs when every character has one,
    /// otherwise as `^(text)` or `_(text)`.
    pub fn raise(&mut self, start: usize, up: bool) {
        let Some(tail) = self.pieces.get_mut(start..) else {
            return;
        };
        if tail.is_empty() {
            return;
        }
        let small = |c| if up { superscript(c) } else { subscript(c) };
        if tail
            .iter()
            .all(|p| p.text.chars().all(|c| small(c).is_some()))
        {
            for piece in tail.iter_mut() {
                piece.text = piece.text.chars().filter_map(small).collect();
            }
            return;
        }
        let (open, close) = if up { ("^(", ")") } else { ("_(", ")") };
        let style = tail.first().map_or(Style::new(), |p| p.style);
        self.pieces.insert(
            start,
            Piece {
                text: open.into(),
                style,
                link: None,
            },
        );
        self.push(close.into(), style);
    }
}

fn superscript(c: char) -> Option<char> {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    match c {
        '0'..='9' => DIGITS.get(c as usize - '0' as usize).copied(),
        '+' => Some('⁺'),
        '-' | '−' => Some('⁻'),
        '=' => Some('⁼'),
        '(' => Some('⁽'),
        ')' => Some('⁾'),
        'n' => Some('ⁿ'),
        'i' => Some('ⁱ'),
        _ => None,
    }
}

fn subscript(c: char) -> Option<char> {
    const DIGITS: [char; 10] = ['₀', '₁', '₂', '₃', '₄', '₅', '₆', '₇', '₈', '₉'];
    match c {
        '0'..='9' => DIGITS.get(c as usize - '0' as usize).copied(),
        '+' => Some('₊'),
        '-' | '−' => Some('₋'),
        '=' => Some('₌'),
        '(' => Some('₍'),
        ')' => Some('₎'),
        _ => None,
    }
}

fn step(count: u32, open: bool) -> u32 {
    if open {
        count.saturating_add(1)
    } else {
        count.saturating_sub(1)
    }
}

/// Tabs and newlines become spaces; other control characters (C0, DEL and
/// C1, ESC among them) are dropped.
pub(super) fn clean(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let cleaned = text
        .chars()
        .filter_map(|c| match c {
            '\t' | '\n' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect();
    Cow::Owned(cleaned)
}
