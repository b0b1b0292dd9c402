//! Fenced and indented code blocks, highlighted with syntect.
//!
//! Rust, Python, shell and TOML use the light grammars of [`super::grammar`]
//! (fast enough to highlight a whole lesson on every render); any other
//! language named in the info string is looked up in syntect's bundled
//! syntaxes. Each set, and the theme, loads once into a `OnceLock` on first
//! use (the bundled set takes about 100 ms, the light one well under that).
//! With `color: false` syntect is never touched. Lines are never wrapped:
//! code keeps its shape and the view clips what runs past the pane. Tabs
//! expand to 4-column stops, other control characters are dropped.
//!
//! `console` blocks are a transcript: lines starting with `$ ` are commands
//! (highlighted as shell, one line at a time so that the output between them
//! cannot open a string that never closes), every other line is output.
//! `text`, unknown languages and indented blocks are plain.

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

/// What to do with a block, from the first word of its info string.
enum Lang {
    Plain,
    Console,
    Token(String),
}

fn lang(info: Option<&str>) -> Lang {
    let word = info
        .and_then(|i| i.split([' ', ',', '{']).next())
        .unwrap_or_default()
        .to_ascii_lowercase();
    match word.as_str() {
        "" | "text" | "txt" | "plain" | "output" => Lang::Plain,
        "console" | "shell-session" => Lang::Console,
        "sh" | "bash" | "shell" | "zsh" => Lang::Token("bash".into()),
        _ => Lang::Token(word),
    }
}

/// Renders a code block's text as unwrapped lines (without indentation).
pub(super) fn render(code: &str, info: Option<&str>, styles: &Styles) -> Vec<RLine> {
    let code = expand(code);
    if !styles.color {
        return code
            .lines()
            .map(|l| RLine::styled(l, Style::new()))
            .collect();
    }
    match lang(info) {
        Lang::Plain => code
            .lines()
            .map(|l| RLine::styled(l, Style::new()))
            .collect(),
        Lang::Console => console(&code, styles),
        Lang::Token(token) => match find(&token) {
            Some((syntax, set)) => highlight(&code, syntax, set),
            None => code
                .lines()
                .map(|l| RLine::styled(l, Style::new()))
                .collect(),
        },
    }
}

/// Highlighted blocks already seen, by grammar and text. Code is never
/// wrapped, so a block's highlighting does not depend on the width: a resize
/// or a lesson opened again only re-wraps the prose around it. Highlighting
/// costs tens of microseconds a line with the pure-Rust regex engine.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_tabs_to_stops() {
        assert_eq!(expand("\tab\tc\x07\n\tx"), "    ab  c\n    x");
    }

    /// The texts of `code` highlighted as `lang`, grouped by color.
    fn runs(code: &str, lang: &str) -> Vec<String> {
        render(code, Some(lang), &Styles { color: true })
            .into_iter()
            .flat_map(|line| line.spans)
            .map(|span| span.content.into_owned())
            .collect()
    }

    #[test]
    fn keywords_match_whole_words_only() {
        assert_eq!(
            runs("let iffy = diff(x);", "rust"),
            ["let", " iffy = ", "diff", "(x);"]
        );
        assert_eq!(runs("x = ifx  # c", "python"), ["x = ifx  ", "# c"]);
        assert_eq!(runs("a; then b", "sh")[..3], ["a", "; ", "then"]);
    }

    #[test]
    fn multi_line_strings_and_comments_carry_over() {
        let python = runs("s = \"\"\"a\nb\"\"\"\nx = 1", "python");
        assert!(python.contains(&"b\"\"\"".to_owned()), "{python:?}");
        let rust = runs("/* a\nb */ x", "rust");
        assert_eq!(rust[..2], ["/* a", "b */"]);
    }

    #[test]
    fn console_highlights_commands_only() {
        let lines = render(
            "$ cargo run\nit's done\n",
            Some("console"),
            &Styles { color: true },
        );
        assert!(lines[0].spans.len() > 2);
        assert_eq!(lines[1].spans.len(), 1);
        assert_eq!(lines[1].spans[0].style, Style::new());
    }

    #[test]
    fn the_lesson_languages_use_the_light_grammars() {
        for token in ["rust", "python", "bash", "toml"] {
            let found = find(token).map(|(_, set)| std::ptr::eq(set, light()));
            assert_eq!(found, Some(true), "{token}");
        }
        assert!(find("c").is_some());
        assert!(find("no-such-language").is_none());
    }
}
