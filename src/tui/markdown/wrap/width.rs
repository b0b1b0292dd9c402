//! Display widths by grapheme cluster, and visible stand-ins for control
//! characters.
//!
//! The terminal buffer draws a span grapheme cluster by grapheme cluster, so
//! widths are measured the same way: a joined emoji (family, flag, skin
//! tone) is one cluster of 2 columns, a combining mark adds nothing to its
//! base. Control characters never reach a span: a tab becomes a space (a
//! newline too, except where the wrapper still needs it as a hard break),
//! every other control character its control picture (`␛` for ESC) or,
//! for C1 controls, which have none, U+FFFD. Everything here borrows when
//! there is nothing to replace, and pure ASCII takes a fast path.

use std::borrow::Cow;

use ratatui::buffer::CellWidth;
use unicode_segmentation::UnicodeSegmentation;

/// Display width of a string: the sum of its grapheme clusters' widths.
pub(in crate::tui::markdown) fn str_width(s: &str) -> usize {
    if s.is_ascii() {
        return s.len() - s.bytes().filter(u8::is_ascii_control).count();
    }
    if s.chars().all(stands_alone) {
        return s.chars().map(alone_width).sum();
    }
    s.graphemes(true).map(grapheme_width).sum()
}

/// Width of a character that [`stands_alone`]: what the terminal buffer
/// gives its one-character cluster (checked for every one in a test).
pub(in crate::tui::markdown) fn alone_width(c: char) -> usize {
    unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)
}

/// Whether `c` is one of the characters that never join each other into a
/// grapheme cluster: printable ASCII and Latin (below the combining marks),
/// general punctuation, arrows, box drawing and shapes, CJK punctuation,
/// kana (without the combining sound marks), the common ideographs and the
/// full-width forms. None of these is a control, an extending or spacing
/// mark, a joiner, a prepended mark, a Hangul jamo or a regional indicator,
/// and every rule of Unicode's segmentation that joins two characters needs
/// one of those. So between two of them there is always a cluster boundary,
/// and a string of them is measured character by character, several times
/// faster than by cluster and with the same widths.
pub(in crate::tui::markdown) fn stands_alone(c: char) -> bool {
    matches!(c,
        ' '..='~'
            | '\u{a0}'..='\u{2ff}'
            | '\u{2010}'..='\u{2027}'
            | '\u{2030}'..='\u{205e}'
            | '\u{2190}'..='\u{21ff}'
            | '\u{2500}'..='\u{25ff}'
            | '\u{3000}'..='\u{3029}'
            | '\u{3030}'..='\u{3096}'
            | '\u{309b}'..='\u{30ff}'
            | '\u{4e00}'..='\u{9fff}'
            | '\u{ff01}'..='\u{ff60}'
    )
}

/// Display width of one grapheme cluster, as the terminal buffer counts it
/// (a cluster holding a control character is not drawn at all).
pub(in crate::tui::markdown) fn grapheme_width(g: &str) -> usize {
    if g.chars().any(char::is_control) {
        0
    } else {
        usize::from(g.cell_width())
    }
}

/// Display width of one character on its own.
pub(in crate::tui::markdown) fn char_width(c: char) -> usize {
    if stands_alone(c) {
        return alone_width(c);
    }
    let mut buf = [0u8; 4];
    grapheme_width(c.encode_utf8(&mut buf))
}

/// The visible stand-in for a control character: its control picture for
/// C0 controls and DEL, U+FFFD for C1 controls.
pub(in crate::tui::markdown) fn stand_in(c: char) -> char {
    match c {
        '\0'..='\u{1f}' => char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        _ => '\u{fffd}',
    }
}

/// Whether `s` may hold a control character (cheap, bytewise; `0xC2` leads
/// the C1 controls, and also Latin-1 letters, so a hit is checked again).
fn may_hold_controls(s: &str) -> bool {
    s.bytes().any(|b| b < 0x20 || b == 0x7f || b == 0xc2) && s.chars().any(char::is_control)
}

/// `s` fit for a span: tabs (and newlines unless `keep_newlines`) become
/// spaces, other control characters their stand-ins.
pub(in crate::tui::markdown) fn for_display(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    if !may_hold_controls(s) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\n' if keep_newlines => '\n',
                '\t' | '\n' => ' ',
                c if c.is_control() => stand_in(c),
                c => c,
            })
            .collect(),
    )
}

/// A lesson's source with a leading byte-order mark removed, CRLF line ends
/// made LF, and every other control character but newline and tab replaced
/// by its stand-in. Borrows when there is nothing to replace.
pub(in crate::tui::markdown) fn source(markdown: &str) -> Cow<'_, str> {
    let markdown = markdown.strip_prefix('\u{feff}').unwrap_or(markdown);
    let clean = |s: &str| !s.chars().any(|c| c.is_control() && c != '\n' && c != '\t');
    if !may_hold_controls(markdown) || clean(markdown) {
        return Cow::Borrowed(markdown);
    }
    let mut out = String::with_capacity(markdown.len() + 16);
    let mut chars = markdown.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\t' => out.push(c),
            c if c.is_control() => out.push(stand_in(c)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}
