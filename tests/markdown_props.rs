//! Property test of the lesson renderer: arbitrary Markdown, built from a
//! grammar of the constructs real pages use (nested quotes and lists,
//! tables, fenced code with long lines, headings, links, images, HTML,
//! footnotes, math) filled with random Unicode, control characters, huge
//! lines and bytes that are not UTF-8, rendered at every width from 1 to 300
//! with and without colour. No panic, no line wider than the pane (measured
//! as the terminal buffer draws it: grapheme clusters, span by span), no
//! control character in any span, heading or link. The lazy render of the
//! lesson screen shows exactly the lines of the eager one.
//!
//! Bounded so that it runs with `cargo test`: 256 cases of small documents.
//! `PROPTEST_CASES=5000 cargo test --test markdown_props` searches longer.

use parlab::tui::markdown::{Options, Rendered, render, render_lazy};
use proptest::prelude::*;
use ratatui::buffer::CellWidth;
use unicode_segmentation::UnicodeSegmentation;

/// Characters a lesson may hold: ASCII, accents and combining marks, CJK
/// with its punctuation, emoji sequences, control characters, odd spaces.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z0-9]{1,12}",
        1 => "[ \t]{1,3}",
        2 => prop::sample::select(vec![
            "日本語", "中文文本", "、", "。", "」", "「", "（注）", "한국어", "ﾊﾟﾗﾚﾙ",
            "👨\u{200d}👩\u{200d}👧", "🇫🇮", "👍🏽", "❤\u{fe0f}", "e\u{301}", "\u{200b}",
            "\u{a0}", "\u{3000}", "\u{2028}", "\u{feff}", "\u{ad}", "-", "/", "—",
        ])
        .prop_map(str::to_owned),
        1 => prop::sample::select(vec![
            "\u{1b}]0;title\u{7}", "\u{1b}[2J", "\r", "\r\n", "\u{7f}", "\u{9b}31m", "\u{0}",
            "\u{85}", "\u{8}", "\u{c}", "&#27;", "&#x9b;", "&#0;", "&amp;", "&#10;",
        ])
        .prop_map(str::to_owned),
        1 => any::<char>().prop_map(String::from),
        1 => (1usize..600).prop_map(|n| "x".repeat(n)),
    ]
}

/// Inline text: fragments, some of them decorated.
fn inline() -> impl Strategy<Value = String> {
    let piece = (fragment(), 0..12u8).prop_map(|(text, kind)| match kind {
        0 => format!("**{text}**"),
        1 => format!("*{text}*"),
        2 => format!("`{text}`"),
        3 => format!("[{text}](https://example.com/{text})"),
        4 => format!("![{text}](img/{text}.png \"t\")"),
        5 => format!("<kbd>{text}</kbd><br>"),
        6 => format!("[^{text}]"),
        7 => format!("${text}$ and \\\\({text}\\\\)"),
        8 => format!("~~{text}~~ <https://x.org/{text}>"),
        _ => text,
    });
    prop::collection::vec(piece, 0..8).prop_map(|pieces| pieces.join(" "))
}

fn leaf() -> impl Strategy<Value = String> {
    let code_line = prop_oneof![inline(), (1usize..400).prop_map(|n| "y".repeat(n))];
    prop_oneof![
        3 => inline(),
        1 => (1usize..7, inline()).prop_map(|(n, t)| format!("{} {t} {{.section}}", "#".repeat(n))),
        2 => (
            prop::sample::select(vec!["rust", "python", "console", "text", "toml", "c", "", "no-such"]),
            prop::collection::vec(code_line, 0..5),
        )
            .prop_map(|(lang, lines)| format!("```{lang}\n{}\n```", lines.join("\n"))),
        1 => (1usize..5, prop::collection::vec(inline(), 1..4))
            .prop_map(|(cols, rows)| table(cols, &rows)),
        1 => inline().prop_map(|t| format!("<div align=\"center\">\n<h1>{t}</h1>\n</div>")),
        1 => inline().prop_map(|t| format!("<!-- SPDX {t} -->")),
        1 => inline().prop_map(|t| format!("[^1]: {t}\n\n[^1]")),
        1 => inline().prop_map(|t| format!("$$\n\\,{t}\\alpha\n$$")),
        1 => inline().prop_map(|t| format!("Term\n: {t}")),
        1 => Just("---".to_owned()),
    ]
}

fn table(columns: usize, rows: &[String]) -> String {
    let row = |text: &str| format!("| {} |", vec![text; columns].join(" | "));
    let mut out = vec![row("head"), format!("|{}", ":---|".repeat(columns))];
    out.extend(rows.iter().map(|r| row(&r.replace('|', "\\|"))));
    out.join("\n")
}

/// Blocks, nested in quotes and list items up to 8 deep.
fn block() -> impl Strategy<Value = String> {
    leaf().prop_recursive(8, 64, 4, |inner| {
        prop_oneof![
            inner.clone().prop_map(|b| indent(&b, "> ", "> ")),
            inner.clone().prop_map(|b| indent(&b, "- ", "  ")),
            inner.clone().prop_map(|b| indent(&b, "1. ", "   ")),
            inner.clone().prop_map(|b| indent(&b, "- [x] ", "      ")),
            prop::collection::vec(inner, 1..4).prop_map(|bs| bs.join("\n\n")),
        ]
    })
}

fn indent(block: &str, first: &str, rest: &str) -> String {
    let mut out = String::new();
    for (i, line) in block.split('\n').enumerate() {
        out.push_str(if i == 0 { first } else { rest });
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// A document, sometimes with bytes that are not UTF-8 spliced in.
fn document() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(block(), 1..5),
        prop::collection::vec(any::<u8>(), 0..16),
        any::<prop::sample::Index>(),
    )
        .prop_map(|(blocks, bytes, at)| {
            let mut raw = blocks.join("\n\n").into_bytes();
            let at = at.index(raw.len() + 1);
            raw.splice(at..at, bytes);
            String::from_utf8_lossy(&raw).into_owned()
        })
}

/// Columns a line takes in the terminal buffer.
fn drawn_width(line: &ratatui::text::Line) -> usize {
    line.spans
        .iter()
        .flat_map(|span| span.content.graphemes(true))
        .filter(|g| !g.chars().any(char::is_control))
        .map(|g| usize::from(g.cell_width()))
        .sum()
}

fn check(markdown: &str, rendered: &Rendered, width: usize) -> Result<(), TestCaseError> {
    for (i, line) in rendered.lines.iter().enumerate() {
        let drawn = drawn_width(line);
        prop_assert!(
            drawn <= width,
            "line {i} is {drawn} columns wide at width {width}: {line:?}\nin {markdown:?}"
        );
        for span in &line.spans {
            prop_assert!(
                !span.content.chars().any(char::is_control),
                "control character in line {i} at width {width}: {span:?}\nin {markdown:?}"
            );
        }
    }
    for text in rendered.headings.iter().map(|h| &h.text) {
        prop_assert!(!text.chars().any(char::is_control), "heading {text:?}");
    }
    for url in rendered.links.iter().map(|l| &l.url) {
        prop_assert!(!url.chars().any(char::is_control), "link {url:?}");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_markdown_renders_within_the_width(
        markdown in document(),
        width in 1u16..=300,
        color in any::<bool>(),
        hyperlinks in any::<bool>(),
    ) {
        for width in [width, width / 7 + 1] {
            let options = Options { width, color, hyperlinks };
            let rendered = render(&markdown, &options);
            check(&markdown, &rendered, usize::from(width))?;
            // The lesson screen's lazy render shows exactly the same lines.
            let lazy = render_lazy(&markdown, &options);
            prop_assert_eq!(lazy.lines_in(0..lazy.lines.len()), rendered.lines.clone());
            prop_assert_eq!(&lazy.headings, &rendered.headings);
        }
    }
}
