//! Fenced and indented code blocks: highlighted with syntect, folded to the
//! pane.
//!
//! The course's languages (Python, C and C++, Fortran, Julia, Rust, shell,
//! TOML) use the light grammars of [`super::grammar`] (fast enough to
//! highlight a whole lesson on every render); any other language named in the
//! info string ([`lang`] reads it) is looked up in syntect's bundled
//! syntaxes, and a block nothing knows is plain. Each set, and the theme,
//! loads once into a `OnceLock` on first use (the bundled set takes about
//! 100 ms, so a lesson in the course's languages never pays it). With
//! `color: false` syntect is never touched. Tabs expand to 4-column stops,
//! other control characters are dropped.
//!
//! No code is cut off: a line wider than the pane continues on rows that
//! start with a dim `↪ ` ([`fold`]). Highlighting does not depend on the
//! width and is remembered per block, so a resize only folds again.
//!
//! `console` blocks are a transcript: lines starting with `$ ` are commands
//! (highlighted as shell, one line at a time so that the output between them
//! cannot open a string that never closes), every other line is output.
//! `text`, unknown languages and indented blocks are plain.

mod fold;
mod lang;

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use ratatui::style::{Color, Modifier, Style};
use syntect::easy::HighlightLines;
use syntect::highlighting::{FontStyle, Theme, ThemeSet};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use super::grammar;
use super::style::Styles;
use super::wrap::{RLine, char_width};
use lang::{Lang, lang};

const THEME: &str = "base16-ocean.dark";
const TAB: usize = 4;

fn theme() -> &'static Theme {
    static THEME_: OnceLock<Theme> = OnceLock::new();
    THEME_.get_or_init(|| {
        ThemeSet::load_defaults()
            .themes
            .remove(THEME)
            .unwrap_or_default()
    })
}

/// The light grammars for the lesson languages.
fn light() -> &'static SyntaxSet {
    static LIGHT: OnceLock<SyntaxSet> = OnceLock::new();
    LIGHT.get_or_init(grammar::syntax_set)
}

/// syntect's bundled grammars, for every other language.
fn bundled() -> &'static SyntaxSet {
    static BUNDLED: OnceLock<SyntaxSet> = OnceLock::new();
    BUNDLED.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// A grammar for `token`, and the set it belongs to.
fn find(token: &str) -> Option<(&'static SyntaxReference, &'static SyntaxSet)> {
    [light(), bundled()]
        .into_iter()
        .find_map(|set| set.find_syntax_by_token(token).map(|syntax| (syntax, set)))
}

/// Renders a code block's text as rows of at most `width` columns (at
/// least 1), indented by two columns where the pane has room.
pub(super) fn render(code: &str, info: Option<&str>, styles: &Styles, width: usize) -> Vec<RLine> {
    // The mark is an annotation, not code: it takes the prompt's dim style.
    let mark = styles.code_prompt();
    lines(code, info, styles)
        .into_iter()
        .flat_map(|line| fold::fold(line, width, mark))
        .collect()
}

/// Renders a code block's text in plain text, folded as [`render`] folds
/// it (colour never moves text), for [`super::paint`] to colour later.
pub(super) fn render_plain(code: &str, styles: &Styles, width: usize) -> Vec<RLine> {
    let mark = styles.code_prompt();
    expand(code)
        .lines()
        .map(|l| RLine::styled(l, Style::new()))
        .flat_map(|line| fold::fold(line, width, mark))
        .collect()
}

/// Whether [`render`] would colour this block: with colour on, anything
/// but plain text (an unknown language is looked up only when shown).
pub(super) fn deferred(info: Option<&str>, styles: &Styles) -> bool {
    styles.color && !matches!(lang(info), Lang::Plain)
}

/// A code block's text as unfolded lines (without indentation).
fn lines(code: &str, info: Option<&str>, styles: &Styles) -> Vec<RLine> {
    let code = expand(code);
    let plain = || -> Vec<RLine> {
        code.lines()
            .map(|l| RLine::styled(l, Style::new()))
            .collect()
    };
    if !styles.color {
        return plain();
    }
    match lang(info) {
        Lang::Plain => plain(),
        Lang::Console => console(&code, styles),
        Lang::Token(token) => match find(&token) {
            Some((syntax, set)) => highlight(&code, syntax, set),
            None => plain(),
        },
    }
}

/// Highlighted blocks already seen, by grammar and text. Highlighting does
/// not depend on the width: a resize or a lesson opened again only folds the
/// lines again. Highlighting costs a few to tens of microseconds a line with
/// the pure-Rust regex engine.
fn highlight(code: &str, syntax: &SyntaxReference, set: &SyntaxSet) -> Vec<RLine> {
    type Memo = Mutex<HashMap<(String, String), Vec<RLine>>>;
    static MEMO: OnceLock<Memo> = OnceLock::new();
    let memo = MEMO.get_or_init(Memo::default);
    let key = (syntax.name.clone(), code.to_owned());
    if let Some(lines) = memo.lock().ok().and_then(|m| m.get(&key).cloned()) {
        return lines;
    }
    let lines = highlight_uncached(code, syntax, set);
    if let Ok(mut m) = memo.lock() {
        if m.len() >= 512 {
            m.clear();
        }
        m.insert(key, lines.clone());
    }
    lines
}

fn highlight_uncached(code: &str, syntax: &SyntaxReference, set: &SyntaxSet) -> Vec<RLine> {
    let mut highlighter = HighlightLines::new(syntax, theme());
    LinesWithEndings::from(code)
        .map(|line| match highlighter.highlight_line(line, set) {
            Ok(regions) => to_line(&regions),
            Err(_) => RLine::styled(line.trim_end_matches('\n'), Style::new()),
        })
        .collect()
}

fn to_line(regions: &[(syntect::highlighting::Style, &str)]) -> RLine {
    let mut line = RLine::default();
    for (style, text) in regions {
        line.push(text.trim_end_matches('\n'), convert(*style), None);
    }
    line
}

fn convert(style: syntect::highlighting::Style) -> Style {
    let c = style.foreground;
    let mut out = Style::new().fg(Color::Rgb(c.r, c.g, c.b));
    for (font, modifier) in [
        (FontStyle::BOLD, Modifier::BOLD),
        (FontStyle::ITALIC, Modifier::ITALIC),
        (FontStyle::UNDERLINE, Modifier::UNDERLINED),
    ] {
        if style.font_style.contains(font) {
            out = out.add_modifier(modifier);
        }
    }
    out
}

fn console(code: &str, styles: &Styles) -> Vec<RLine> {
    let shell = light().find_syntax_by_token("bash");
    code.lines()
        .map(|line| match (line.strip_prefix("$ "), shell) {
            (Some(command), Some(shell)) => {
                let mut out = RLine::styled("$ ", styles.code_prompt());
                for part in highlight(&format!("{command}\n"), shell, light()) {
                    out.append(part);
                }
                out
            }
            _ => RLine::styled(line, Style::new()),
        })
        .collect()
}

/// Expands tabs to 4-column stops and drops control characters but newlines.
fn expand(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut column = 0;
    for c in code.chars() {
        match c {
            '\n' => {
                out.push('\n');
                column = 0;
            }
            '\t' => {
                let n = TAB - column % TAB;
                out.extend(std::iter::repeat_n(' ', n));
                column += n;
            }
            c if c.is_control() => {}
            c => {
                out.push(c);
                column += char_width(c);
            }
        }
    }
    out
}
