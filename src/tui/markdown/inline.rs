//! Inline content: text, emphasis, code spans, links, images, breaks.
//!
//! [`Inline`] collects the pieces of the block being read (a paragraph, a
//! heading, a table cell, a tight list item) until the block ends and the
//! renderer wraps them. Emphasis is a set of counters rather than a stack of
//! styles, because Markdown nests them freely (`***a** b*`); the current
//! style is derived from the counters whenever text arrives. Alongside the
//! styled pieces it keeps the plain text, which is what a heading records for
//! the table of contents.
//!
//! Links: with hyperlinks the text is tagged with an index into [`Inline::urls`]
//! so its columns can be reported; without them ` (url)` follows the text,
//! unless the text already is the url (autolinks).

use std::borrow::Cow;

use ratatui::style::{Modifier, Style};

use super::style::Styles;
use super::wrap::Piece;

struct OpenLink {
    url: String,
    id: Option<usize>,
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
    image: u32,
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
            image: 0,
            link: None,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    /// Takes the collected pieces and plain text, leaving the styles open.
    pub fn take(&mut self) -> (Vec<Piece>, String) {
        if let Some(link) = &mut self.link {
            link.plain_start = 0;
        }
        (
            std::mem::take(&mut self.pieces),
            std::mem::take(&mut self.plain),
        )
    }

    fn style(&self, styles: &Styles) -> Style {
        let mut style = if self.image > 0 {
            styles.image()
        } else if self.link.is_some() {
            styles.link(self.hyperlinks)
        } else {
            Style::new()
        };
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

    fn push(&mut self, text: String, style: Style) {
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

    /// Raw HTML, dimmed. In an HTML block newlines are hard breaks; inline
    /// they are spaces.
    pub fn html(&mut self, text: &str, styles: &Styles, block: bool) {
        if !block {
            self.push(clean(text).into_owned(), styles.html());
            return;
        }
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                self.hard_break();
            }
            self.push(clean(line).into_owned(), styles.html());
        }
    }

    /// Drops hard breaks at the end (an HTML block's last newline).
    pub fn trim_breaks(&mut self) {
        while self.pieces.last().is_some_and(|p| p.text == "\n") {
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

    pub fn image_start(&mut self, styles: &Styles) {
        self.image += 1;
        self.push("[image: ".into(), self.style(styles));
    }

    pub fn image_end(&mut self, styles: &Styles) {
        self.push("]".into(), self.style(styles));
        self.image = step(self.image, false);
    }

    pub fn link_start(&mut self, url: &str) {
        let id = self.hyperlinks.then(|| {
            self.urls.push(url.to_owned());
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
}

fn step(count: u32, open: bool) -> u32 {
    if open {
        count.saturating_add(1)
    } else {
        count.saturating_sub(1)
    }
}

/// Tabs and newlines become spaces; other control characters are dropped.
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
