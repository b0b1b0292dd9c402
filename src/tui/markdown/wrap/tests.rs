use ratatui::style::Style;

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

fn wrapped(text: &str, width: usize) -> Vec<String> {
    texts(&wrap(&plain(text), width))
}

#[test]
fn wraps_at_spaces_and_cuts_long_words() {
    assert_eq!(
        wrapped("aa bb cc abcdefgh", 5),
        ["aa bb", "cc", "abcde", "fgh"]
    );
}

#[test]
fn hard_break_and_wide_chars() {
    assert_eq!(wrapped("日本語\nx", 4), ["日本", "語", "x"]);
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
    let link = |start, end| LinkSpan { id: 0, start, end };
    assert_eq!(lines[0].links, [link(4, 7)]);
    assert_eq!(lines[1].links, [link(0, 4)]);
}

#[test]
fn cjk_breaks_between_characters_but_not_before_closing_punctuation() {
    assert_eq!(
        wrapped("日本語のテキストです。", 8),
        ["日本語の", "テキスト", "です。"]
    );
    // At 6 columns "語、" cannot be parted: the comma goes with its character.
    assert_eq!(wrapped("日本語、中文", 6), ["日本", "語、中", "文"]);
    assert_eq!(wrapped("「引用」です", 6), ["「引", "用」で", "す"]);
}

#[test]
fn urls_paths_and_hyphenated_words_stay_whole() {
    assert_eq!(
        wrapped("see https://example.com/a/b-c now", 26),
        ["see", "https://example.com/a/b-c", "now"]
    );
    assert_eq!(
        wrapped("well-known thread-safe", 18),
        ["well-known", "thread-safe"]
    );
    assert_eq!(wrapped("abcdef", 4), ["abcd", "ef"]);
}

#[test]
fn joined_emoji_are_two_columns() {
    let family = "👨\u{200d}👩\u{200d}👧";
    assert_eq!(str_width(family), 2);
    assert_eq!(str_width("🇫🇮"), 2);
    assert_eq!(str_width("👍🏽"), 2);
    assert_eq!(str_width("e\u{301}"), 1);
    assert_eq!(wrapped(&format!("{family}{family}{family}"), 4).len(), 2);
}

#[test]
fn no_line_is_wider_than_the_width() {
    let text = "日本語 https://example.com/x 👨\u{200d}👩\u{200d}👧 e\u{301}e\u{301} wörds";
    for width in 1..40 {
        for line in wrap(&plain(text), width) {
            let measured: usize = line.spans.iter().map(|s| str_width(&s.content)).sum();
            assert!(line.width <= width, "{width}: {line:?}");
            assert_eq!(measured, line.width, "{width}: {line:?}");
        }
    }
}

#[test]
fn control_characters_become_visible() {
    assert_eq!(wrapped("a\u{1b}[2Jb\tc\u{9b}", 20), ["a␛[2Jb c\u{fffd}"]);
    assert_eq!(source("\u{feff}# T\r\nx\ry\u{7}"), "# T\nx␍y␇");
    assert!(matches!(source("plain\ttext\n"), Cow::Borrowed(_)));
}

#[test]
fn measure_takes_the_widest_line_and_word() {
    assert_eq!(measure(&plain("ab cdef\nxy")), (7, 4));
    assert_eq!(measure(&plain("日本語")), (6, 2));
}

/// Every character the fast path takes alone: no two of them, nor one with
/// itself, form one grapheme cluster, and each is measured as its cluster.
#[test]
fn characters_that_stand_alone_never_join() {
    use super::width::{alone_width, grapheme_width, stands_alone};
    use unicode_segmentation::UnicodeSegmentation;
    let alone: Vec<char> = (0..=0x10ffff_u32)
        .filter_map(char::from_u32)
        .filter(|&c| stands_alone(c))
        .collect();
    assert!(alone.len() > 20_000);
    let mut buf = String::new();
    for (i, &a) in alone.iter().enumerate() {
        assert!(!a.is_control(), "{a:?}");
        // Each against a spread of the others, itself and its neighbours.
        for &b in alone.iter().skip(i % 997).step_by(997).chain([&a]) {
            buf.clear();
            buf.push(a);
            buf.push(b);
            assert_eq!(buf.graphemes(true).count(), 2, "{a:?} {b:?}");
        }
        buf.clear();
        buf.push(a);
        assert_eq!(alone_width(a), grapheme_width(&buf), "{a:?}");
        assert_eq!(char_width(a), grapheme_width(&buf), "{a:?}");
    }
    let mixed = "並列 ─┼─ «ñ» ｛ｘ｝ カタカナ。";
    let by_cluster: usize = mixed.graphemes(true).map(grapheme_width).sum();
    assert_eq!(str_width(mixed), by_cluster);
}
