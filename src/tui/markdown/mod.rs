//! Markdown to ratatui lines: the lesson renderer.
//!
//! [`render`] is a pure function of the text and [`Options`]: it parses with
//! pulldown-cmark (CommonMark plus GitHub's tables, strikethrough, task lists
//! and alerts, and footnotes, math, definition lists and heading attributes)
//! and walks the events once, keeping
//!
//! - a stack of open containers (quotes, list items), which decide what
//!   stands before every line: gutters, markers, hanging indents
//!   ([`container`]);
//! - the inline content of the block being read ([`inline`]), which is
//!   wrapped ([`wrap`]) to the width left by the containers when the block
//!   ends;
//! - code blocks ([`code`]) and tables ([`table`]), collected whole and laid
//!   out at their end.
//!
//! Blocks are separated by one blank line: ending a block sets `need_blank`,
//! and the next block to start emits the blank line inside its own
//! containers. Items of a tight list therefore follow each other directly.
//!
//! Footnote definitions are moved to the end before the walk ([`footnote`]).
//! HTML is read by a small reader of its own ([`html`]) and rendered as what
//! it means ([`html_tags`]); no text, URL or entity reaches the terminal with
//! a control character in it.
//!
//! Headings are recorded with the index of their first line, links (when the
//! terminal takes OSC 8) with their display columns.
//!
//! Cost: the first render that highlights a code block builds the light
//! grammars, loads the theme into `OnceLock`s and compiles the regexes, a
//! one-time cost of about 10 ms (about 100 ms more the first time a language
//! other than the course's appears: syntect's bundled grammars). After that
//! a 250-line lesson renders in about 1.5-2 ms in release (measured on a
//! 2-core EPYC), against a 5 ms budget. Long lessons are cut at top-level
//! headings and rendered a piece a core ([`split`]); the lesson screen uses
//! [`render_lazy`], which leaves code plain until its rows are shown
//! ([`paint`]), because highlighting costs more than the rest of the layout.
//! `cargo bench --bench tui` prints the figures for a 1 MB lesson. With
//! `color: false` syntect is never loaded.

pub mod ansi;
mod code;
mod container;
mod deflist;
mod footnote;
mod grammar;
mod html;
mod html_tags;
mod inline;
mod list;
mod math;
mod paint;
mod quote;
mod split;
mod style;
mod table;
mod wrap;

#[cfg(test)]
mod pages_tests;
#[cfg(test)]
mod tests;

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, HeadingLevel, Parser, Tag, TagEnd};
use ratatui::text::Line;

use container::Container;
use footnote::Notes;
use html_tags::Html;
use inline::Inline;
use list::List;
use style::Styles;
use table::Table;
use wrap::{Piece, RLine, wrap};

/// How to render.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Columns available; text wraps to this width.
    pub width: u16,
    /// False under NO_COLOR: structure is kept with bold/italic/underline only.
    pub color: bool,
    /// True when the terminal takes OSC 8 hyperlinks: links render as their
    /// text only and are listed in [`Rendered::links`]; otherwise as `text (url)`.
    pub hyperlinks: bool,
}

/// A heading, for the table of contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    /// Index into [`Rendered::lines`].
    pub line: usize,
}

/// A link's place in the rendered lines, for OSC 8 output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub line: usize,
    /// Display columns [start, end) within that line.
    pub start: u16,
    pub end: u16,
    pub url: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rendered {
    pub lines: Vec<Line<'static>>,
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
    /// Live demos the text names (a fenced block with the info `demo`), with
    /// the line each is drawn on.
    pub demos: Vec<(String, usize)>,
    /// Code blocks laid out in plain text, to be coloured when shown
    /// ([`render_lazy`]), in order.
    code: Vec<paint::CodeRows>,
    /// The options those blocks are coloured with.
    painter: Option<Options>,
}

/// Renders `markdown` for a pane `options.width` columns wide. Pure.
///
/// A leading byte-order mark is ignored, and every control character but
/// newline and tab shows as a visible stand-in (`␛` for ESC), so nothing in
/// a lesson reaches the terminal as a control sequence.
pub fn render(markdown: &str, options: &Options) -> Rendered {
    let mut out = render_with(markdown, options, false);
    out.paint_all();
    out
}

/// Renders as [`render`] does, but leaves code blocks plain until they are
/// shown: [`Rendered::lines_in`] colours the lines it returns. The text and
/// every line break are the same; a long lesson opens several times faster
/// ([`paint`]).
pub fn render_lazy(markdown: &str, options: &Options) -> Rendered {
    render_with(markdown, options, true)
}

fn render_with(markdown: &str, options: &Options, lazy: bool) -> Rendered {
    let source = wrap::source(markdown);
    let (events, notes) = parse(&source);
    let mut out = split::render(&events, notes, options, source.len(), lazy);
    out.painter = paint::painter(options, lazy);
    // A destination may still hold one as an entity (`&#27;`).
    for link in &mut out.links {
        if let std::borrow::Cow::Owned(url) = wrap::for_display(&link.url, false) {
            link.url = url;
        }
    }
    out
}

/// The events of `markdown` (a byte-order mark at its start ignored), with
/// footnote definitions moved to the end.
fn parse(markdown: &str) -> (Vec<Event<'_>>, Notes) {
    let markdown = markdown.strip_prefix('\u{feff}').unwrap_or(markdown);
    footnote::arrange(Parser::new_ext(markdown, parser_options()).collect())
}

fn parser_options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options as O;
    O::ENABLE_TABLES
        | O::ENABLE_STRIKETHROUGH
        | O::ENABLE_GFM
        | O::ENABLE_TASKLISTS
        | O::ENABLE_FOOTNOTES
        | O::ENABLE_MATH
        | O::ENABLE_DEFINITION_LIST
        | O::ENABLE_HEADING_ATTRIBUTES
}

/// A code block being read.
struct CodeBlock {
    info: Option<String>,
    text: String,
}

struct Renderer {
    width: usize,
    styles: Styles,
    out: Rendered,
    stack: Vec<Container>,
    lists: Vec<List>,
    inline: Inline,
    need_blank: bool,
    code: Option<CodeBlock>,
    table: Option<Table>,
    html: Html,
    notes: Notes,
    /// Inside a Markdown heading.
    heading: bool,
    /// Display math was just shown: the paragraph's text after it is a
    /// block of its own.
    math_gap: bool,
    /// Lines stand before this renderer's first line: it renders a piece
    /// of a lesson after the first ([`split`]).
    after_text: bool,
    /// Code blocks are laid out plain, to be coloured when shown ([`paint`]).
    lazy: bool,
}

impl Renderer {
    fn new(options: &Options, notes: Notes, lazy: bool) -> Self {
        Renderer {
            width: usize::from(options.width),
            styles: Styles::new(options),
            out: Rendered::default(),
            stack: Vec::new(),
            lists: Vec::new(),
            inline: Inline::new(options.hyperlinks),
            need_blank: false,
            code: None,
            table: None,
            html: Html::default(),
            notes,
            heading: false,
            math_gap: false,
            after_text: false,
            lazy,
        }
    }

    /// A renderer for the piece of a lesson that follows a settled one whose
    /// last block asked for a blank line after it ([`split`]).
    fn after_piece(options: &Options, notes: Notes, lazy: bool) -> Self {
        Renderer {
            need_blank: true,
            after_text: true,
            ..Renderer::new(options, notes, lazy)
        }
    }

    /// Whether nothing is open: no container, list, pending text, code
    /// block, table, heading or HTML element. A fresh renderer would go on
    /// from here exactly as this one does ([`split`]).
    fn settled(&self) -> bool {
        self.stack.is_empty()
            && self.lists.is_empty()
            && self.inline.is_empty()
            && self.code.is_none()
            && self.table.is_none()
            && !self.heading
            && !self.math_gap
            && self.html.settled()
    }

    fn finish(mut self) -> Rendered {
        self.flush_inline();
        self.out
    }

    fn event(&mut self, event: &Event, events: &[Event], i: usize) {
        let styles = &self.styles;
        match event {
            Event::Start(tag) => self.start(tag, events, i),
            Event::End(tag) => self.end(*tag),
            Event::Text(text) => self.text(text),
            Event::Code(text) => self.inline.code(text, styles),
            Event::InlineMath(text) => self.inline.math(text, "$", styles),
            Event::DisplayMath(text) => self.display_math(text),
            Event::Html(text) => self.html(text, true),
            Event::InlineHtml(text) => self.html(text, false),
            Event::FootnoteReference(label) => self.footnote_reference(label),
            Event::SoftBreak => self.soft_break(),
            Event::HardBreak => self.inline.hard_break(),
            Event::Rule => self.rule(),
            Event::TaskListMarker(checked) => self.inline.task_marker(*checked, styles),
        }
    }

    fn text(&mut self, text: &CowStr) {
        if self.html.hidden() {
            return;
        }
        let gap = self.html.take_gap() && self.inline.ends_in_space();
        match &mut self.code {
            Some(code) => code.text.push_str(text),
            None if gap => self.inline.text(text.trim_start_matches(' '), &self.styles),
            None => self.inline.text(text, &self.styles),
        }
    }

    fn soft_break(&mut self) {
        let after_math = self.math_gap && self.inline.is_empty();
        if !after_math && !self.html.hidden() {
            self.inline.soft_break(&self.styles);
        }
    }

    fn start(&mut self, tag: &Tag, events: &[Event], i: usize) {
        let styles = &self.styles;
        match tag {
            Tag::Paragraph | Tag::MetadataBlock(_) | Tag::DefinitionList => self.begin_block(),
            Tag::Heading { .. } => {
                self.begin_block();
                self.heading = true;
            }
            Tag::HtmlBlock => self.html_block_start(),
            Tag::BlockQuote(kind) => self.quote_start(*kind),
            Tag::CodeBlock(kind) => self.code_start(kind),
            Tag::List(start) => self.list_start(*start, events, i),
            Tag::Item => self.item_start(),
            Tag::Table(aligns) => {
                self.begin_block();
                self.table = Some(Table::new(aligns.clone()));
            }
            Tag::Emphasis => self.inline.emphasis(true),
            Tag::Strong => self.inline.strong(true),
            Tag::Strikethrough => self.inline.strike(true),
            Tag::Link { dest_url, .. } => self.inline.link_start(dest_url),
            Tag::Image {
                dest_url, title, ..
            } => self.inline.image_start(dest_url, title, styles),
            Tag::FootnoteDefinition(label) => self.footnote_start(label),
            Tag::DefinitionListTitle => self.term_start(),
            Tag::DefinitionListDefinition => self.definition_start(),
            Tag::TableHead | Tag::TableRow | Tag::TableCell => {}
            Tag::Superscript | Tag::Subscript => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        let styles = &self.styles;
        match tag {
            TagEnd::Heading(level) => self.heading_end(level),
            TagEnd::BlockQuote(_) => self.quote_end(),
            TagEnd::CodeBlock => self.code_end(),
            TagEnd::HtmlBlock => self.html_block_end(),
            TagEnd::List(_) => self.list_end(),
            TagEnd::Item => self.item_end(),
            TagEnd::Table => self.table_end(),
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some(table) = &mut self.table {
                    table.end_row(tag == TagEnd::TableHead, styles);
                }
            }
            TagEnd::TableCell => self.cell_end(),
            TagEnd::Emphasis => self.inline.emphasis(false),
            TagEnd::Strong => self.inline.strong(false),
            TagEnd::Strikethrough => self.inline.strike(false),
            TagEnd::Link => self.inline.link_end(styles),
            TagEnd::Image => self.inline.image_end(styles),
            TagEnd::Paragraph => {
                self.end_block();
                self.html.end_paragraph();
            }
            TagEnd::FootnoteDefinition => self.footnote_end(),
            TagEnd::DefinitionListTitle => self.term_end(),
            TagEnd::DefinitionListDefinition => self.definition_end(),
            TagEnd::DefinitionList | TagEnd::MetadataBlock(_) => self.end_block(),
            TagEnd::Superscript | TagEnd::Subscript => {}
        }
    }

    // --- output ---

    /// Columns left for content inside the open containers (at least 1).
    fn avail(&self) -> usize {
        self.width
            .saturating_sub(container::width(&self.stack))
            .max(1)
    }

    /// Emits one content line behind the containers' prefix.
    fn emit(&mut self, line: RLine) {
        let prefix = container::content_prefix(&mut self.stack);
        self.emit_behind(line, prefix);
    }

    /// Emits one content line behind `prefix`.
    fn emit_behind(&mut self, line: RLine, prefix: RLine) {
        let line = line.prefixed(prefix);
        let line = wrap::clip(line, self.width);
        let index = self.out.lines.len();
        for link in &line.links {
            let Some(url) = self.inline.urls.get(link.id) else {
                continue;
            };
            self.out.links.push(Link {
                line: index,
                start: to_u16(link.start),
                end: to_u16(link.end),
                url: url.clone(),
            });
        }
        self.out.lines.push(Line::from(line.spans));
    }

    fn emit_all(&mut self, lines: Vec<RLine>) {
        for line in lines {
            self.emit(line);
        }
    }

    /// Wraps and emits the pending inline content, if any.
    fn flush_inline(&mut self) {
        self.close_html();
        self.inline.trim_breaks();
        if self.inline.is_empty() {
            return;
        }
        if std::mem::take(&mut self.math_gap) {
            let blank = wrap::clip(container::blank_line(&self.stack), self.width);
            self.out.lines.push(Line::from(blank.spans));
        }
        let (pieces, _) = self.inline.take();
        let lines = wrap(&pieces, self.avail());
        self.emit_all(lines);
    }

    /// Before a block: emits what is pending, then the blank line that
    /// separates it from the previous block.
    fn begin_block(&mut self) {
        self.flush_inline();
        if self.need_blank && (self.after_text || !self.out.lines.is_empty()) {
            let blank = wrap::clip(container::blank_line(&self.stack), self.width);
            self.out.lines.push(Line::from(blank.spans));
        }
        self.need_blank = false;
        self.math_gap = false;
    }

    fn end_block(&mut self) {
        self.flush_inline();
        self.need_blank = true;
        self.math_gap = false;
    }

    // --- blocks ---

    fn heading_end(&mut self, level: HeadingLevel) {
        let level = level as u8;
        self.heading = false;
        self.close_html();
        let (pieces, plain) = self.inline.take();
        let style = self.styles.heading(level);
        let pieces: Vec<Piece> = pieces
            .into_iter()
            .map(|p| Piece {
                style: style.patch(p.style),
                ..p
            })
            .collect();
        let lines = wrap(&pieces, self.avail());
        let rule = lines.iter().map(|l| l.width).max().unwrap_or(0);
        if !lines.is_empty() {
            let line = self.out.lines.len();
            self.out.headings.push(Heading {
                level,
                text: plain.trim().to_owned(),
                line,
            });
        }
        self.emit_all(lines);
        if level == 1 && rule > 0 {
            self.emit(RLine::styled("─".repeat(rule), self.styles.heading_rule()));
        }
        self.need_blank = true;
    }

    fn rule(&mut self) {
        self.begin_block();
        self.emit(RLine::styled("─".repeat(self.avail()), self.styles.rule()));
        self.need_blank = true;
    }

    fn quote_start(&mut self, kind: Option<BlockQuoteKind>) {
        self.begin_block();
        self.stack.push(Container::Quote(self.styles.gutter(kind)));
        if let Some(kind) = kind {
            self.emit(quote::alert_title(kind, &self.styles));
        }
    }

    fn quote_end(&mut self) {
        self.flush_inline();
        self.stack.pop();
        self.need_blank = true;
    }

    fn code_start(&mut self, kind: &pulldown_cmark::CodeBlockKind) {
        self.begin_block();
        let info = match kind {
            pulldown_cmark::CodeBlockKind::Fenced(info) => Some(info.to_string()),
            pulldown_cmark::CodeBlockKind::Indented => None,
        };
        self.code = Some(CodeBlock {
            info,
            text: String::new(),
        });
    }

    fn code_end(&mut self) {
        let Some(block) = self.code.take() else {
            return;
        };
        if block.info.as_deref().map(str::trim) == Some("demo") {
            self.demo(inline::clean(block.text.trim()).trim());
            return;
        }
        let info = block.info.as_deref();
        if self.lazy && code::deferred(info, &self.styles) {
            let avail = self.avail();
            let rows = code::render_plain(&block.text, &self.styles, avail);
            let first = self.out.lines.len();
            let mut record = paint::CodeRows::new(block.text, block.info, avail, first);
            for row in rows {
                let prefix = container::content_prefix(&mut self.stack);
                record.add_row(prefix.clone());
                self.emit_behind(row, prefix);
            }
            self.out.code.push(record);
        } else {
            let lines = code::render(&block.text, info, &self.styles, self.avail());
            self.emit_all(lines);
        }
        self.need_blank = true;
    }

    /// A live demo: a call to action in place of the block.
    fn demo(&mut self, id: &str) {
        let line = self.out.lines.len();
        self.out.demos.push((id.to_owned(), line));
        let style = self.styles.alert_title(pulldown_cmark::BlockQuoteKind::Tip);
        self.emit(RLine::styled(
            format!("▶ Live demo `{id}`: press d to run it on this machine"),
            style,
        ));
        self.emit(RLine::styled(
            format!("  (or, in a shell: cargo run --release -- demo {id})"),
            self.styles.url(),
        ));
        self.need_blank = true;
    }

    fn list_start(&mut self, start: Option<u64>, events: &[Event], i: usize) {
        self.begin_block();
        let items = list::count_items(events, i);
        self.lists.push(List::new(start, items, self.lists.len()));
    }

    fn list_end(&mut self) {
        self.flush_inline();
        self.lists.pop();
        if !matches!(self.stack.last(), Some(Container::Item { .. })) {
            self.need_blank = true;
        }
    }

    fn item_start(&mut self) {
        self.flush_inline();
        let marker = self
            .lists
            .last_mut()
            .map_or_else(|| "• ".to_owned(), List::marker);
        self.stack
            .push(Container::item(marker, self.styles.bullet()));
    }

    fn item_end(&mut self) {
        self.flush_inline();
        if self.stack.last().is_some_and(Container::unused_item) {
            self.emit(RLine::default());
        }
        self.stack.pop();
    }

    fn cell_end(&mut self) {
        self.close_html();
        let (pieces, _) = self.inline.take();
        if let Some(table) = &mut self.table {
            table.cell(pieces);
        }
    }

    fn table_end(&mut self) {
        let Some(table) = self.table.take() else {
            return;
        };
        let lines = table.render(self.avail(), &self.styles);
        self.emit_all(lines);
        self.need_blank = true;
    }
}

fn to_u16(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}
