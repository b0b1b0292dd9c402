//! Real-world-shaped pages (tests/fixtures/markdown/): a course page in the
//! style of CSC's, a crate README and a book chapter, snapshotted at 40, 80
//! and 120 columns, and the constructs they carry checked one by one: no
//! text lost, no markup shown raw, no control character emitted.

use ratatui::style::Modifier;

use super::tests::{line_text, options, plain};
use super::{Options, Rendered, render};

const COURSE: &str = include_str!("../../../tests/fixtures/markdown/course_page.md");
const README: &str = include_str!("../../../tests/fixtures/markdown/crate_readme.md");
const BOOK: &str = include_str!("../../../tests/fixtures/markdown/book_chapter.md");

fn at(markdown: &str, width: u16) -> String {
    plain(&render(markdown, &options(width)))
}

/// The text with line breaks undone: the lines, trimmed, joined by spaces.
fn flat(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    lines.join(" ")
}

fn snap_page(name: &str, markdown: &str) {
    for width in [40u16, 80, 120] {
        let rendered = render(markdown, &options(width));
        insta::assert_snapshot!(format!("{name}_{width}"), plain(&rendered));
        for line in &rendered.lines {
            assert!(line.width() <= usize::from(width), "{width}: {line:?}");
        }
    }
}

#[test]
fn course_page() {
    snap_page("course_page", COURSE);
}

#[test]
fn crate_readme() {
    snap_page("crate_readme", README);
}

#[test]
fn book_chapter() {
    snap_page("book_chapter", BOOK);
}

fn titles(rendered: &Rendered) -> Vec<(u8, &str)> {
    rendered
        .headings
        .iter()
        .map(|h| (h.level, h.text.as_str()))
        .collect()
}

#[test]
fn course_page_keeps_math_keys_and_footnotes_and_hides_comments() {
    let rendered = render(COURSE, &options(80));
    assert_eq!(
        titles(&rendered),
        [
            (1, "Parallel reduction"),
            (2, "Why reduce in parallel?"),
            (2, "Collective call")
        ]
    );
    let text = plain(&rendered);
    assert!(text.contains("\n    $$\n"), "{text}");
    let flat = flat(&text);
    for shown in [
        r"S = \sum_{r=0}^{p-1} \sum_{j=0}^{n-1} x_{rj} \, , \qquad",
        r"$\lceil \log_2 p \rceil$",
        "[Ctrl]+[C]",
        "rounds after the local sums[1].",
        "[1] The tree has height",
        "Footnotes",
    ] {
        assert!(flat.contains(shown), "{shown:?} missing in\n{text}");
    }
    for hidden in ["SPDX", "instructors", "<br>", "<kbd>", "{.section", "[^"] {
        assert!(!text.contains(hidden), "{hidden:?} shown in\n{text}");
    }
    assert!(text.contains("logical and.\nWith p"), "{text}");
}

#[test]
fn readme_shows_images_badges_and_hidden_columns() {
    let text = at(README, 120);
    let flat = flat(&text);
    assert!(text.starts_with("Rayon\n─────"), "{text}");
    for shown in [
        "[image: Rayon crate] (https://img.shields.io/crates/v/rayon.svg) (https://crates.io/crates/rayon)",
        "[image: Rayon logo] (https://raw.githubusercontent.com/rayon-rs/rayon/main/logo.svg)",
        "Data parallelism for Rust — light & safe, documented (https://docs.rs/rayon).",
        "[x] Parallel iterators",
        "[ ] Futures integration (moved",
    ] {
        assert!(flat.contains(shown), "{shown:?} missing in\n{text}");
    }
    assert!(at(README, 80).contains("2 more columns not shown: Notes, Link"));
    assert!(at(README, 40).contains("more columns not shown: Scheduling,"));
    for width in [40, 80, 120] {
        let text = at(README, width);
        assert!(!text.contains("Strikethroug\n") && !text.contains("Interoperabilit\n"));
    }
    let rendered = render(README, &options(80));
    assert_eq!(titles(&rendered)[0], (1, "Rayon"));
}

#[test]
fn book_chapter_reads_html_entities_and_definition_lists() {
    let rendered = render(BOOK, &options(120));
    let text = plain(&rendered);
    for shown in [
        "Filename: src/main.rs",
        "Listing 16-1: Creating a new thread",
        "See “Threads” in the standard library’s docs (https://doc.rust-lang.org/std/thread/) & the Rustonomicon.",
        "Race condition\n    Threads access data",
        "Deadlock\n    Two threads wait for each other, so neither can go on.\n    A program",
        "Trait │ Meaning",
        "`Send` │ may move to another thread",
        "may be shared <by reference> — & only",
        "Water is H₂O, energy is E = mc², and this is the 1^(st) rule",
        "[1] We say concurrent for both",
        "[2] A detached thread",
    ] {
        let shown = shown.replace('`', "");
        let found = text.contains(&shown) || flat(&text).contains(&shown);
        assert!(found, "{shown:?} missing in\n{text}");
    }
    for hidden in ["<span", "<div", "&amp;", "&lt;", "<td>", "<sup>", "<h3"] {
        assert!(!text.contains(hidden), "{hidden:?} shown in\n{text}");
    }
    assert_eq!(titles(&rendered).last(), Some(&(3, "Summary")));
    let term = rendered
        .lines
        .iter()
        .find(|l| line_text(l) == "Race condition")
        .expect("the term has a line of its own");
    assert!(term.spans[0].style.add_modifier.contains(Modifier::BOLD));
}

#[test]
fn footnotes_are_numbered_by_reference_and_listed_at_the_end() {
    let text = at(
        "[^z]: Zed.\n\nOne[^a], two[^z], again[^a], none[^x].\n\n[^a]: First\n\n    second paragraph.\n\nEnd.",
        40,
    );
    assert_eq!(
        text,
        "One[1], two[2], again[1], none[^x].\n\nEnd.\n\n\
         ────────────────────────────────────────\nFootnotes\n\n\
         [1] First\n\n    second paragraph.\n\n[2] Zed."
    );
}

#[test]
fn tables_wrap_at_words_and_name_hidden_columns() {
    let table =
        "| Feature | Support |\n|---|---|\n| Strikethrough and tables | Supported everywhere |";
    assert_eq!(
        at(table, 30),
        "┌───────────────┬────────────┐\n\
         │ Feature       │ Support    │\n\
         ├───────────────┼────────────┤\n\
         │ Strikethrough │ Supported  │\n\
         │ and tables    │ everywhere │\n\
         └───────────────┴────────────┘"
    );
    let text = at(table, 20);
    assert!(
        text.ends_with("│\n└──────────────────┘\n1 more column not\nshown: Support"),
        "{text}"
    );
}

#[test]
fn images_show_alt_text_and_address() {
    assert_eq!(
        at("![a diagram](img/d.png \"Threads\") ![](x.svg)", 80),
        "[image: a diagram] (img/d.png \"Threads\") [image] (x.svg)"
    );
}

#[test]
fn math_keeps_every_backslash() {
    let text = at(
        "Inline $a\\,b \\{x\\}$ and\n$$\\frac{1}{2}\\;\\\\ x$$\nafter.",
        80,
    );
    assert_eq!(
        text,
        "Inline $a\\,b \\{x\\}$ and\n\n    $$\\frac{1}{2}\\;\\\\ x$$\n\nafter."
    );
}

#[test]
fn attributes_and_byte_order_mark_leave_headings_clean() {
    let rendered = render("\u{feff}# Title {.section #t}\n\ntext", &options(40));
    assert_eq!(titles(&rendered), [(1, "Title")]);
    assert_eq!(plain(&rendered), "Title\n─────\n\ntext");
}

#[test]
fn html_comments_vanish_and_inline_tags_mean_what_they_say() {
    let doc = "<!-- a\n\nb -->\nPara <!-- x --> one<br>two <b>bold</b> <i>it</i> \
               <code>c</code> <a href=\"u\">link</a> <unknown>kept</unknown>.";
    assert_eq!(at(doc, 80), "Para one\ntwo bold it c link (u) kept.");
    let html = "<div>\n  A &amp; B &lt;tag&gt;\n  wraps   like prose\n</div>";
    assert_eq!(at(html, 12), "A & B <tag>\nwraps like\nprose");
}

#[test]
fn nothing_emitted_carries_a_control_character() {
    let doc = "a &#27;[2J b &#x9b;c &#7;\n\n<p title=\"&#27;\">&#x1b;]0;title&#7;x</p>\n\n\
               ![al\u{1b}t](u\u{1b}[31m) [l](x&#27;y) $m\u{7}$ [^n]\n\n[^n]: &#27;d\n\n\
               <img alt=\"&#27;\" src=\"&#x1b;\">\n\n| h&#27; |\n|---|\n| &#27; |";
    for width in [1u16, 10, 40, 300] {
        for hyperlinks in [false, true] {
            let rendered = render(
                doc,
                &Options {
                    hyperlinks,
                    ..options(width)
                },
            );
            for span in rendered.lines.iter().flat_map(|l| &l.spans) {
                assert!(!span.content.chars().any(char::is_control), "{span:?}");
            }
            for link in &rendered.links {
                assert!(!link.url.chars().any(char::is_control), "{link:?}");
            }
        }
    }
}
