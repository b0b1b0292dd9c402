//! Code block tests: highlighting, folding, and snapshots of a page of code
//! in every language of the course at 40, 80 and 120 columns (the text
//! only, trailing spaces trimmed), kept beside the renderer's snapshots.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;

use super::super::{Options, render as render_page};
use super::*;

const PAGE: &str = include_str!("../../../../tests/fixtures/markdown/code.md");

fn options(width: u16, color: bool) -> Options {
    Options {
        width,
        color,
        hyperlinks: false,
    }
}

fn line_text(line: &Line) -> String {
    line.spans.iter().map(|s| s.content.as_ref()).collect()
}

fn plain(lines: &[Line]) -> String {
    let lines: Vec<String> = lines
        .iter()
        .map(|l| line_text(l).trim_end().to_owned())
        .collect();
    lines.join("\n")
}

#[test]
fn page_of_code() {
    for width in [40, 80, 120] {
        let rendered = render_page(PAGE, &options(width, true));
        insta::with_settings!({ snapshot_path => "../snapshots" }, {
            insta::assert_snapshot!(format!("code_page_{width}"), plain(&rendered.lines));
        });
    }
}

#[test]
fn no_line_is_wider_than_the_pane() {
    for width in 1..=120 {
        for color in [true, false] {
            for line in render_page(PAGE, &options(width, color)).lines {
                assert!(line.width() <= usize::from(width), "{width}: {line:?}");
            }
        }
    }
}

#[test]
fn no_code_is_lost() {
    let compact = |text: &str| -> String {
        text.chars()
            .filter(|c| !c.is_whitespace() && *c != '↪')
            .collect()
    };
    for width in [10, 40, 80] {
        let rendered = render_page(PAGE, &options(width, true));
        let text: String = rendered
            .lines
            .iter()
            .map(|l| compact(&line_text(l)))
            .collect();
        let code = PAGE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("```"));
        for line in code {
            assert!(text.contains(&compact(line)), "{width}: {line}");
        }
    }
}

#[test]
fn continuations_are_marked_dim_and_keep_the_style() {
    let long = format!("```rust\nlet s = \"{}\";\n```", "x".repeat(60));
    let lines = render_page(&long, &options(40, true)).lines;
    assert_eq!(lines.len(), 2);
    let mark = &lines[1].spans[1];
    assert_eq!(
        (lines[1].spans[0].content.as_ref(), mark.content.as_ref()),
        ("  ", "↪ ")
    );
    assert!(mark.style.add_modifier.contains(Modifier::DIM));
    // The string runs across the cut in the string's color.
    let string = lines[1].spans[2].style;
    assert_eq!(lines[0].spans.last().map(|s| s.style), Some(string));
    assert!(matches!(string.fg, Some(Color::Rgb(..))));
    let lines = render_page(&long, &options(40, false)).lines;
    assert_eq!(
        lines[1].spans[1].style,
        Style::new().add_modifier(Modifier::DIM)
    );
}

#[test]
fn a_folded_prompt_line_keeps_its_prompt() {
    let lines = render_page(
        "```console\n$ mpicc -O3 -o hello hello.c -lm && mpirun -np 4 ./hello\nok\n```",
        &options(40, true),
    )
    .lines;
    assert_eq!(
        line_text(&lines[0]),
        "  $ mpicc -O3 -o hello hello.c -lm && mp"
    );
    assert_eq!(line_text(&lines[1]), "  ↪ irun -np 4 ./hello");
    assert_eq!(lines[0].spans[1].style, styles().code_prompt());
    assert_eq!(line_text(&lines[2]), "  ok");
}

fn styles() -> Styles {
    Styles { color: true }
}

#[test]
fn expands_tabs_to_stops() {
    assert_eq!(expand("\tab\tc\x07\n\tx"), "    ab  c\n    x");
}

/// The texts of `code` highlighted as `lang`, grouped by color.
fn runs(code: &str, lang: &str) -> Vec<String> {
    lines(code, Some(lang), &styles())
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
    assert_eq!(runs("int iffy;", "c"), ["int", " iffy;"]);
    assert_eq!(runs("END DO ! x", "f90")[..3], ["END", " ", "DO"]);
    assert_eq!(runs("endless = 1", "jl")[0], "endless = ");
}

#[test]
fn multi_line_strings_and_comments_carry_over() {
    let python = runs("s = \"\"\"a\nb\"\"\"\nx = 1", "python");
    assert!(python.contains(&"b\"\"\"".to_owned()), "{python:?}");
    let rust = runs("/* a\nb */ x", "rust");
    assert_eq!(rust[..2], ["/* a", "b */"]);
    let c = runs("/* a\nb */ x", "cpp");
    assert_eq!(c[..2], ["/* a", "b */"]);
    let julia = runs("#= a\nb =# x", "julia");
    assert_eq!(julia[..2], ["#= a", "b =#"]);
}

#[test]
fn console_highlights_commands_only() {
    let lines = lines("$ cargo run\nit's done\n", Some("console"), &styles());
    assert!(lines[0].spans.len() > 2);
    assert_eq!(lines[1].spans.len(), 1);
    assert_eq!(lines[1].spans[0].style, Style::new());
}

#[test]
fn the_lesson_languages_use_the_light_grammars() {
    for token in ["rust", "python", "bash", "toml", "cpp", "fortran", "julia"] {
        let found = find(token).map(|(_, set)| std::ptr::eq(set, light()));
        assert_eq!(found, Some(true), "{token}");
    }
    for info in ["c", "h", "c++", "hpp", "f", "f95", "jl", "sh", "{.python}"] {
        let Lang::Token(token) = lang(Some(info)) else {
            panic!("{info}: not a language");
        };
        let found = find(&token).map(|(_, set)| std::ptr::eq(set, light()));
        assert_eq!(found, Some(true), "{info}");
    }
    assert!(find("no-such-language").is_none());
}

#[test]
fn unknown_languages_are_plain() {
    for info in ["no-such-language", "text", "{.nope}", ""] {
        let lines = lines("x = 1\ny", Some(info), &styles());
        assert_eq!(lines.len(), 2, "{info}");
        assert!(
            lines
                .iter()
                .flat_map(|l| &l.spans)
                .all(|s| s.style == Style::new()),
            "{info}"
        );
    }
}
