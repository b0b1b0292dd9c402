//! What HTML tags mean on the page.
//!
//! HTML reaches the renderer in two ways: as blocks (a `<p align="center">`
//! or a comment on lines of their own) and inline (`<kbd>` in a paragraph,
//! whose text arrives as ordinary Markdown text between the tags). Both go
//! through the same [`super::html::Reader`], and each tag does what it means:
//!
//! - comments are hidden, and so are the insides of `<script>` and `<style>`;
//! - `<br>` breaks the line, `<hr>` draws a rule, block tags (`<p>`, `<div>`,
//!   `<ul>`, `<table>`...) start a new paragraph, `<li>` a bulleted line,
//!   `<tr>` a line with ` │ ` between its cells;
//! - `<b>`/`<strong>`, `<i>`/`<em>`, `<s>`/`<del>`, `<code>`, `<kbd>`,
//!   `<sup>`/`<sub>` and `<a href>` style the text like their Markdown
//!   counterparts, `<img>` shows its alt text and address;
//! - `<h1>`..`<h6>` are headings, and enter the contents;
//! - any other tag is dropped and its text kept.
//!
//! Text inside HTML blocks has its entities decoded and its white space
//! folded, so it wraps like prose. Tags that style text and are left open
//! are closed when the block ends, so they cannot leak into the next one.

use pulldown_cmark::HeadingLevel;

use super::Renderer;
use super::html::{Reader, Token, decode};

/// A tag that changes the inline style until it closes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Effect {
    Strong,
    Emphasis,
    Strike,
    Code,
    Key,
    Link,
    /// Super- (true) or subscript, from this piece on.
    Raise(bool, usize),
}

/// The HTML state of the renderer.
#[derive(Debug, Default)]
pub(super) struct Html {
    reader: Reader,
    open: Vec<(String, Effect)>,
    /// Inside `<script>` or `<style>` (in a block): hidden until it closes.
    skip: Option<String>,
    /// An open `<h1>`..`<h6>`.
    heading: Option<u8>,
    /// Inside `<pre>`: line breaks are kept.
    pre: bool,
    /// Cells seen in the current `<tr>`.
    cells: usize,
    /// Lines emitted before the current HTML block began.
    block_start: usize,
    /// An inline comment was just hidden: the space after it is not needed
    /// when one came before it.
    gap: bool,
}

impl Html {
    /// Whether text arriving now is hidden (in a comment or a script).
    pub fn hidden(&self) -> bool {
        self.reader.in_comment || self.skip.is_some()
    }

    /// At the end of a paragraph: a comment or script cannot stay open.
    /// Whether nothing is open: no comment, script, element or heading.
    pub fn settled(&self) -> bool {
        !self.reader.in_comment
            && self.open.is_empty()
            && self.skip.is_none()
            && self.heading.is_none()
            && !self.pre
            && !self.gap
    }

    pub fn end_paragraph(&mut self) {
        self.reader = Reader::default();
        self.skip = None;
        self.gap = false;
    }

    /// Whether a comment was hidden just before the text arriving now.
    pub fn take_gap(&mut self) -> bool {
        std::mem::take(&mut self.gap)
    }
}

const BLOCKS: [&str; 24] = [
    "p",
    "div",
    "center",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "nav",
    "aside",
    "figure",
    "figcaption",
    "details",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "ul",
    "ol",
    "dl",
    "pre",
    "address",
    "picture",
    "caption",
];

fn effect(name: &str) -> Option<Effect> {
    Some(match name {
        "b" | "strong" | "summary" | "dt" => Effect::Strong,
        "i" | "em" | "cite" | "var" | "dfn" => Effect::Emphasis,
        "s" | "del" | "strike" => Effect::Strike,
        "code" | "tt" | "samp" => Effect::Code,
        "kbd" => Effect::Key,
        _ => return None,
    })
}

fn heading_level(name: &str) -> Option<u8> {
    match name.as_bytes() {
        [b'h', d @ b'1'..=b'6'] => Some(d - b'0'),
        _ => None,
    }
}

pub(super) fn level(n: u8) -> HeadingLevel {
    match n {
        1 => HeadingLevel::H1,
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

impl Renderer {
    pub(super) fn html_block_start(&mut self) {
        self.flush_inline();
        self.html.block_start = self.out.lines.len();
    }

    pub(super) fn html_block_end(&mut self) {
        if let Some(n) = self.html.heading {
            self.heading_end(level(n));
        }
        self.close_html();
        self.inline.trim_breaks();
        let shown = !self.inline.is_empty() || self.out.lines.len() > self.html.block_start;
        self.flush_inline();
        self.html = Html::default();
        if shown {
            self.need_blank = true;
        }
    }

    /// HTML text: a block's lines, or an inline tag.
    pub(super) fn html(&mut self, text: &str, block: bool) {
        let mut reader = std::mem::take(&mut self.html.reader);
        self.html.gap = !block && (reader.in_comment || text.contains("<!--"));
        for token in reader.tokens(text) {
            match token {
                Token::Text(text) => self.html_text(text),
                Token::Open { .. } => self.open_tag(&token, block),
                Token::Close(name) => self.close_tag(&name),
            }
        }
        self.html.reader = reader;
    }

    fn html_text(&mut self, text: &str) {
        if self.html.skip.is_some() {
            return;
        }
        if self.html.pre {
            self.html_content();
            for (i, line) in text.split('\n').enumerate() {
                if i > 0 {
                    self.inline.hard_break();
                }
                self.inline.text(&decode(line), &self.styles);
            }
            return;
        }
        let decoded = decode(text);
        let words: Vec<&str> = decoded.split(' ').filter(|w| !w.is_empty()).collect();
        let folded = words.join(" ");
        let lead = decoded.starts_with(' ') && !self.inline.ends_in_space();
        let trail = decoded.ends_with(' ') && !folded.is_empty();
        if folded.is_empty() && !lead {
            return;
        }
        self.html_content();
        let text = format!(
            "{}{folded}{}",
            if lead { " " } else { "" },
            if trail { " " } else { "" }
        );
        self.inline.text(&text, &self.styles);
    }

    /// Before content: the blank line owed to the previous block, if any.
    fn html_content(&mut self) {
        if self.inline.is_empty() && self.need_blank {
            self.begin_block();
        }
    }

    /// Ends the paragraph being read, if there is one.
    fn html_paragraph(&mut self) {
        self.close_html();
        if !self.inline.is_empty() {
            self.end_block();
        }
    }

    fn open_tag(&mut self, token: &Token, block: bool) {
        let Token::Open { name, .. } = token else {
            return;
        };
        let name = name.as_str();
        if let Some(effect) = effect(name) {
            return self.open_effect(name, effect);
        }
        if let Some(n) = heading_level(name) {
            self.html_paragraph();
            self.begin_block();
            self.html.heading = Some(n);
            return;
        }
        match name {
            "br" => {
                self.html_content();
                self.inline.hard_break();
            }
            "hr" => {
                self.html_paragraph();
                self.rule();
            }
            "img" => self.html_image(token),
            "a" => self.html_link(token),
            "sup" | "sub" => {
                let start = self.inline.pieces.len();
                self.html
                    .open
                    .push((name.into(), Effect::Raise(name == "sup", start)));
            }
            "li" => self.html_item(),
            "tr" => {
                self.html.cells = 0;
                self.flush_inline();
            }
            "td" | "th" => self.html_cell(name),
            "script" | "style" if block => self.html.skip = Some(name.into()),
            "pre" => {
                self.html_paragraph();
                self.html.pre = true;
            }
            _ if BLOCKS.contains(&name) => self.html_paragraph(),
            _ => {}
        }
    }

    fn close_tag(&mut self, name: &str) {
        if let Some(skip) = &self.html.skip {
            if skip == name {
                self.html.skip = None;
            }
            return;
        }
        if let Some(at) = self.html.open.iter().rposition(|(n, _)| n == name) {
            let (_, effect) = self.html.open.remove(at);
            self.close_effect(effect);
        }
        match heading_level(name) {
            Some(_) if self.html.heading.is_some() => {
                let n = self.html.heading.take().unwrap_or(1);
                self.close_html();
                self.heading_end(level(n));
            }
            _ if name == "pre" => {
                self.html.pre = false;
                self.html_paragraph();
            }
            _ if name == "summary" || name == "dt" || name == "li" || name == "tr" => {
                self.flush_inline();
            }
            _ if BLOCKS.contains(&name) => self.html_paragraph(),
            _ => {}
        }
    }

    fn open_effect(&mut self, name: &str, effect: Effect) {
        if name == "summary" || name == "dt" {
            self.html_paragraph();
        }
        if matches!(effect, Effect::Key | Effect::Code) {
            self.html_content();
        }
        self.html.open.push((name.into(), effect));
        self.apply(effect, true);
    }

    fn close_effect(&mut self, effect: Effect) {
        match effect {
            Effect::Raise(up, start) => self.inline.raise(start, up),
            effect => self.apply(effect, false),
        }
    }

    fn apply(&mut self, effect: Effect, open: bool) {
        let styles = &self.styles;
        match effect {
            Effect::Strong => self.inline.strong(open),
            Effect::Emphasis => self.inline.emphasis(open),
            Effect::Strike => self.inline.strike(open),
            Effect::Code => self.inline.code_tag(open, styles),
            Effect::Key => self.inline.key(open, styles),
            Effect::Link if open => {}
            Effect::Link => self.inline.link_end(styles),
            Effect::Raise(..) => {}
        }
    }

    /// Closes every tag still open (at the end of a block).
    pub(super) fn close_html(&mut self) {
        while let Some((_, effect)) = self.html.open.pop() {
            self.close_effect(effect);
        }
    }

    fn html_image(&mut self, token: &Token) {
        self.html_content();
        let alt = token.attr("alt").unwrap_or_default();
        let src = token.attr("src").unwrap_or_default();
        let title = token.attr("title").unwrap_or_default();
        self.inline.image(&alt, &src, &title, &self.styles);
    }

    fn html_link(&mut self, token: &Token) {
        let Some(href) = token.attr("href") else {
            return;
        };
        self.html_content();
        self.inline.link_start(&href);
        self.html.open.push(("a".into(), Effect::Link));
    }

    fn html_item(&mut self) {
        self.flush_inline();
        self.html_content();
        let bullet = self.styles.bullet();
        self.inline.push("• ".into(), bullet);
    }

    fn html_cell(&mut self, name: &str) {
        self.html_content();
        if self.html.cells > 0 {
            let border = self.styles.table_border();
            self.inline.push(" │ ".into(), border);
        }
        self.html.cells += 1;
        if name == "th" {
            self.open_effect(name, Effect::Strong);
        }
    }
}
