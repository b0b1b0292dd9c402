//! Rendered lines as terminal text, for `parlab show`: the same lines the
//! TUI draws, written either with ANSI SGR sequences made from each span's
//! ratatui style ([`styled`], for a terminal) or as plain text ([`plain`],
//! for a pipe or a file).
//!
//! Nothing from a lesson reaches the terminal as a control sequence: every
//! control character left in a span is dropped (a tab becomes a space), so
//! the only escape sequences in [`styled`]'s output are the SGR ones made
//! here, and [`plain`]'s output has none at all. [`visible_controls`] does
//! the same for source text shown as it is (`parlab show --raw` on a
//! terminal), where the control characters are shown as their Unicode
//! pictures (`␛`, `␇`) instead.

use std::borrow::Cow;
use std::fmt::Write;

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;

/// The lines as plain text, one per line, without trailing spaces: no
/// escape sequence, no control character.
pub fn plain(lines: &[Line]) -> String {
    let mut out = String::new();
    for line in lines {
        let start = out.len();
        for span in &line.spans {
            push_clean(&mut out, &span.content);
        }
        let kept = out[start..].trim_end().len();
        out.truncate(start + kept);
        out.push('\n');
    }
    out
}

/// The lines with their styles as SGR sequences (colours, bold, dim,
/// italic, underline, reverse, strike-through); each line ends with the
/// style reset, so nothing leaks into the next line or the shell prompt.
pub fn styled(lines: &[Line]) -> String {
    let mut out = String::new();
    for line in lines {
        let mut current = Style::new();
        for span in &line.spans {
            let style = line.style.patch(span.style);
            if style != current {
                if current != Style::new() {
                    out.push_str(RESET);
                }
                out.push_str(&sgr(style));
                current = style;
            }
            push_clean(&mut out, &span.content);
        }
        if current != Style::new() {
            out.push_str(RESET);
        }
        let kept = out.trim_end_matches(' ').len();
        out.truncate(kept);
        out.push('\n');
    }
    out
}

/// `text` with every control character but newline and tab (and the
/// carriage return of a CRLF line end) shown as its Unicode picture: safe to
/// print on a terminal, and the bytes that were there stay visible.
pub fn visible_controls(text: &str) -> Cow<'_, str> {
    let unsafe_at = |i: usize, c: char| c.is_control() && !is_kept(text, i, c);
    if !text.char_indices().any(|(i, c)| unsafe_at(i, c)) {
        return Cow::Borrowed(text);
    }
    let shown = text
        .char_indices()
        .map(|(i, c)| if unsafe_at(i, c) { picture(c) } else { c })
        .collect();
    Cow::Owned(shown)
}

const RESET: &str = "\x1b[0m";

/// Newline, tab, and a carriage return right before a newline.
fn is_kept(text: &str, i: usize, c: char) -> bool {
    match c {
        '\n' | '\t' => true,
        '\r' => text.as_bytes().get(i + 1) == Some(&b'\n'),
        _ => false,
    }
}

/// The Unicode control picture of `c` (U+2400 to U+2421), or `�` for the
/// C1 controls, which have none.
fn picture(c: char) -> char {
    match u32::from(c) {
        n @ 0..=0x1f => char::from_u32(0x2400 + n).unwrap_or('\u{fffd}'),
        0x7f => '\u{2421}',
        _ => '\u{fffd}',
    }
}

/// Appends `text` without its control characters (a tab becomes a space).
fn push_clean(out: &mut String, text: &str) {
    if !text.chars().any(char::is_control) {
        out.push_str(text);
        return;
    }
    for c in text.chars() {
        match c {
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
}

/// The SGR sequence that sets `style` from the default.
fn sgr(style: Style) -> String {
    let mut codes: Vec<String> = Vec::new();
    let on = style.add_modifier.difference(style.sub_modifier);
    for (modifier, code) in [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::REVERSED, "7"),
        (Modifier::CROSSED_OUT, "9"),
    ] {
        if on.contains(modifier) {
            codes.push(code.to_owned());
        }
    }
    if let Some(fg) = style.fg {
        codes.push(color(fg, false));
    }
    if let Some(bg) = style.bg {
        codes.push(color(bg, true));
    }
    if codes.is_empty() {
        return String::new();
    }
    let mut out = String::from("\x1b[");
    let _ = write!(out, "{}m", codes.join(";"));
    out
}

/// The SGR parameters of a foreground (or background) colour.
fn color(color: Color, background: bool) -> String {
    let base = |n: u8| (if background { n + 10 } else { n }).to_string();
    let prefix = if background { "48" } else { "38" };
    match color {
        Color::Reset => base(39),
        Color::Black => base(30),
        Color::Red => base(31),
        Color::Green => base(32),
        Color::Yellow => base(33),
        Color::Blue => base(34),
        Color::Magenta => base(35),
        Color::Cyan => base(36),
        Color::Gray => base(37),
        Color::DarkGray => base(90),
        Color::LightRed => base(91),
        Color::LightGreen => base(92),
        Color::LightYellow => base(93),
        Color::LightBlue => base(94),
        Color::LightMagenta => base(95),
        Color::LightCyan => base(96),
        Color::White => base(97),
        Color::Indexed(n) => format!("{prefix};5;{n}"),
        Color::Rgb(r, g, b) => format!("{prefix};2;{r};{g};{b}"),
    }
}

#[cfg(test)]
mod tests {
    use ratatui::text::Span;

    use super::*;

    fn line(spans: Vec<Span<'static>>) -> Line<'static> {
        Line::from(spans)
    }

    #[test]
    fn plain_text_has_no_escape_and_no_trailing_space() {
        let lines = [
            line(vec![
                Span::styled("Title", Style::new().bold()),
                Span::raw("  "),
            ]),
            line(vec![Span::raw("a\u{1b}]0;x\u{7}b\u{1b}[2J\tc")]),
        ];
        assert_eq!(plain(&lines), "Title\na]0;xb[2J c\n");
    }

    #[test]
    fn styles_become_sgr_sequences_reset_at_each_line_end() {
        let bold_cyan = Style::new()
            .add_modifier(Modifier::BOLD)
            .fg(Color::LightCyan);
        let code = Style::new().fg(Color::LightYellow).bg(Color::Indexed(236));
        let lines = [
            line(vec![Span::styled("Head", bold_cyan)]),
            line(vec![
                Span::raw("say "),
                Span::styled("x", code),
                Span::styled("y", Style::new().italic().underlined().dim()),
                Span::raw(" z"),
            ]),
            line(vec![Span::styled(
                "rgb",
                Style::new().bg(Color::Rgb(1, 2, 3)),
            )]),
        ];
        assert_eq!(
            styled(&lines),
            "\x1b[1;96mHead\x1b[0m\n\
             say \x1b[93;48;5;236mx\x1b[0m\x1b[2;3;4my\x1b[0m z\n\
             \x1b[48;2;1;2;3mrgb\x1b[0m\n"
        );
    }

    #[test]
    fn only_our_own_sequences_reach_the_terminal() {
        let lines = [line(vec![Span::styled(
            "\u{1b}]0;title\u{7}\u{1b}[2J\u{9b}31m",
            Style::new().bold(),
        )])];
        let out = styled(&lines);
        assert_eq!(out, "\x1b[1m]0;title[2J31m\x1b[0m\n");
        assert_eq!(out.matches('\u{1b}').count(), 2);
    }

    #[test]
    fn raw_text_shows_its_control_characters() {
        assert!(matches!(
            visible_controls("# T\n\tcode\r\n"),
            Cow::Borrowed(_)
        ));
        assert_eq!(
            visible_controls("a\u{1b}[2Jb\u{7}\rc\u{7f}\u{9b}"),
            "a␛[2Jb␇␍c␡\u{fffd}"
        );
    }
}
