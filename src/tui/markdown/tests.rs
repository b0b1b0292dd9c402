//! Renderer tests: a snapshot per construct at 40 and 80 columns (the text
//! only, trailing spaces trimmed), assertions where style matters, and
//! robustness on messy input and tiny widths.

use ratatui::style::{Color, Modifier};

use super::*;

pub(super) fn options(width: u16) -> Options {
    Options {
        width,
        color: true,
        hyperlinks: false,
    }
}

pub(super) fn line_text(line: &Line) -> String {
    line.spans.iter().map(|s| s.content.as_ref()).collect()
}

pub(super) fn plain(rendered: &Rendered) -> String {
    let lines: Vec<String> = rendered
        .lines
        .iter()
        .map(|l| line_text(l).trim_end().to_owned())
        .collect();
    lines.join("\n")
}

/// Snapshots `markdown` rendered with `base` at 40 and 80 columns.
fn snap_with(name: &str, markdown: &str, base: Options) {
    for width in [40, 80] {
        let rendered = render(markdown, &Options { width, ..base });
        insta::assert_snapshot!(format!("{name}_{width}"), plain(&rendered), markdown);
    }
}

fn snap(name: &str, markdown: &str) {
    snap_with(name, markdown, options(80));
}

const HEADINGS: &str = "\
# Why threads

Intro.

## Sharing data between threads, a heading long enough to wrap at forty

### Scoped threads

#### Level four

Text.";

const INLINE: &str = "\
Plain, *emphasis*, **strong**, ***both***, ~~struck~~ and `inline code`. A soft
break joins lines, while two trailing spaces  
break the line, and so does a backslash\\
like this. A very long word: `std::sync::atomic::AtomicU64::fetch_add` ends it.";

const CODE: &str = "\
```rust
fn main() {
    println!(\"hello\"); // a comment that runs well past forty columns of width
}
```

```python
def f(x):
    return x * 2
```

```toml
[package]
name = \"demo\"
```

```sh
cargo run --release
```

```console
$ parlab check threads/histogram
ok: 3 tests passed
```

```text
read-only input               &T in thread::scope
```

    indented code";

const LISTS: &str = "\
- First item, long enough that it has to wrap onto a second line at forty columns.
- Second item
  - Nested item, which also wraps because it is rather long for forty columns.
    - Third level, wrapping again to show that the hanging indent holds.
  - Back to two
- [x] Done task
- [ ] Open task

9. Nine
10. Ten, where the text lines up with item nine and the wrap does too, yes.
11. Eleven

A paragraph between lists.

1. Loose item one.

   Its second paragraph.

2. Loose item two, with code:

   ```rust
   let x = 1;
   ```

Another paragraph.

-
- after an empty item";

const QUOTES: &str = "\
> A quote long enough to wrap at forty columns, so the gutter repeats.
>
> > A nested quote, also long enough to wrap at forty columns of width.
>
> - a list in a quote
> - second item

> [!NOTE]
> Useful information.

> [!TIP]
> A tip.

> [!IMPORTANT]
> Key information.

> [!WARNING]
> Urgent information that needs attention and wraps at forty columns.

> [!CAUTION]
> Risks.";

const TABLES: &str = "\
| Tool | Safe to share | Cost |
|:-----|:-------------:|-----:|
| `Mutex<T>` | yes | a lock per access |
| `AtomicU64` | yes | one instruction |
| `Rc<T>` | **no** | none |

| Pattern | When to use it |
|---|---|
| local results merged at the end | the usual best answer when each thread can compute its own part of the result |
| a channel | a stream of values between stages of a pipeline |";

const LINKS: &str = "\
See [the Rust book](https://doc.rust-lang.org/book/) and
<https://example.com>, or [**bold link** text that wraps](https://example.com/a/long/path).";

const MISC: &str = "\
Before the rule.

---

![a diagram of threads](threads.png)

<div class=\"note\">
raw html
</div>

Inline <b>html</b> too.";

const NESTING: &str = "\
1. A step with a quote:

   > Quoted inside a list item, long enough to wrap at forty columns.

2. A step with code and a table:

   ```sh
   cargo run --release
   ```

   | n | time |
   |--:|-----:|
   | 1 | 1.2 s |

> [!TIP]
> - a list inside an alert, long enough to wrap at forty columns wide
>   - and a nested item
>
> ```rust
> let x = 1;
> ```
>
> ## A heading in a quote";

#[test]
fn headings() {
    snap("headings", HEADINGS);
}

#[test]
fn inline() {
    snap("inline", INLINE);
}

#[test]
fn inline_without_color() {
    snap_with(
        "inline_no_color",
        INLINE,
        Options {
            color: false,
            ..options(80)
        },
    );
}

#[test]
fn code_blocks() {
    snap("code", CODE);
}

#[test]
fn lists() {
    snap("lists", LISTS);
}

#[test]
fn quotes_and_alerts() {
    snap("quotes", QUOTES);
}

#[test]
fn tables() {
    snap("tables", TABLES);
}

#[test]
fn links_as_text() {
    snap("links", LINKS);
}

#[test]
fn links_as_hyperlinks() {
    snap_with(
        "links_hyperlinks",
        LINKS,
        Options {
            hyperlinks: true,
            ..options(80)
        },
    );
}

#[test]
fn rule_image_html() {
    snap("misc", MISC);
}

#[test]
fn nested_containers() {
    snap("nesting", NESTING);
}

#[test]
fn mixed_document() {
    let doc = [HEADINGS, INLINE, LISTS, QUOTES, TABLES].join("\n\n");
    snap("mixed", &doc);
}

// --- styles and metadata ---

fn all_constructs() -> String {
    [HEADINGS, INLINE, CODE, LISTS, QUOTES, TABLES, LINKS, MISC].join("\n\n")
}

#[test]
fn headings_are_bold_and_recorded() {
    let rendered = render(HEADINGS, &options(80));
    let levels: Vec<u8> = rendered.headings.iter().map(|h| h.level).collect();
    assert_eq!(levels, [1, 2, 3, 4]);
    for heading in &rendered.headings {
        let line = &rendered.lines[heading.line];
        assert!(line_text(line).starts_with(&heading.text[..5]));
        assert!(
            line.spans
                .iter()
                .all(|s| s.style.add_modifier.contains(Modifier::BOLD))
        );
    }
    let rule = line_text(&rendered.lines[1]);
    assert_eq!(rule, "─".repeat("Why threads".len()));
    let styles: Vec<_> = rendered.headings[..3]
        .iter()
        .map(|h| rendered.lines[h.line].spans[0].style)
        .collect();
    assert!(styles[0] != styles[1] && styles[1] != styles[2] && styles[0] != styles[2]);
}

#[test]
fn inline_code_has_its_own_style() {
    let rendered = render("text `code` text", &options(80));
    let spans = &rendered.lines[0].spans;
    let code = spans
        .iter()
        .find(|s| s.content == "code")
        .expect("a code span");
    assert_ne!(code.style, spans[0].style);
    assert!(code.style.bg.is_some());

    let plain_code = render(
        "text `code` text",
        &Options {
            color: false,
            ..options(80)
        },
    );
    assert_eq!(line_text(&plain_code.lines[0]), "text `code` text");
}

#[test]
fn emphasis_styles() {
    let rendered = render("*i* **b** ~~s~~", &options(80));
    let style_of = |text: &str| {
        let spans = &rendered.lines[0].spans;
        spans
            .iter()
            .find(|s| s.content == text)
            .map(|s| s.style.add_modifier)
    };
    assert_eq!(style_of("i"), Some(Modifier::ITALIC));
    assert_eq!(style_of("b"), Some(Modifier::BOLD));
    assert_eq!(style_of("s"), Some(Modifier::CROSSED_OUT));
}

#[test]
fn no_color_means_no_colors_anywhere() {
    let doc = all_constructs();
    for hyperlinks in [false, true] {
        let rendered = render(
            &doc,
            &Options {
                width: 60,
                color: false,
                hyperlinks,
            },
        );
        for line in &rendered.lines {
            assert_eq!(line.style.fg, None);
            for span in &line.spans {
                assert_eq!((span.style.fg, span.style.bg), (None, None), "{span:?}");
            }
        }
    }
}

#[test]
fn code_is_highlighted_with_color() {
    let rendered = render("```rust\nfn main() {}\n```", &options(80));
    let line = &rendered.lines[0];
    assert_eq!(line_text(line), "  fn main() {}");
    assert!(
        line.spans
            .iter()
            .any(|s| matches!(s.style.fg, Some(Color::Rgb(..))))
    );
}

#[test]
fn code_lines_fold_behind_a_mark() {
    let long = "x".repeat(100);
    let rendered = render(&format!("```\n{long}\n```"), &options(40));
    let lines: Vec<String> = rendered.lines.iter().map(line_text).collect();
    let x = |n| "x".repeat(n);
    assert_eq!(
        lines,
        [
            format!("  {}", x(38)),
            format!("  ↪ {}", x(36)),
            format!("  ↪ {}", x(26))
        ]
    );
}

#[test]
fn alert_gutter_and_title_share_the_alert_color() {
    let rendered = render("> [!WARNING]\n> Careful.", &options(80));
    let title = &rendered.lines[0].spans;
    assert_eq!(title[0].content, "│ ");
    assert_eq!(title[1].content, "Warning");
    assert_eq!(title[0].style.fg, title[1].style.fg);
    assert!(title[1].style.add_modifier.contains(Modifier::BOLD));
}

#[test]
fn hyperlinks_report_their_columns() {
    let rendered = render(
        LINKS,
        &Options {
            hyperlinks: true,
            ..options(40)
        },
    );
    assert!(!rendered.links.is_empty());
    let mut text = String::new();
    for link in &rendered.links {
        let line = line_text(&rendered.lines[link.line]);
        let chars: String = line
            .chars()
            .skip(usize::from(link.start))
            .take(usize::from(link.end - link.start))
            .collect();
        text.push_str(&chars);
        text.push('|');
    }
    assert_eq!(
        text,
        "the Rust book|https://example.com|bold link text|that wraps|"
    );
    let first = &rendered.lines[rendered.links[0].line].spans;
    let book = first
        .iter()
        .find(|s| s.content.contains("Rust"))
        .expect("link span");
    assert!(book.style.add_modifier.contains(Modifier::UNDERLINED));
}

#[test]
fn links_inside_containers_count_the_prefix() {
    let rendered = render(
        "> - [x](u)",
        &Options {
            hyperlinks: true,
            ..options(40)
        },
    );
    assert_eq!(line_text(&rendered.lines[0]), "│ • x");
    assert_eq!((rendered.links[0].start, rendered.links[0].end), (4, 5));
}

#[test]
fn links_inside_table_cells_count_the_borders() {
    let table = "| a | b |\n|---|---|\n| x | [link](u) |";
    let rendered = render(
        table,
        &Options {
            hyperlinks: true,
            ..options(40)
        },
    );
    let link = &rendered.links[0];
    let line = line_text(&rendered.lines[link.line]);
    let text: String = line
        .chars()
        .skip(usize::from(link.start))
        .take(usize::from(link.end - link.start))
        .collect();
    assert_eq!(text, "link");
}

#[test]
fn every_line_fits_the_width_except_code_and_tiny_widths() {
    let doc = [HEADINGS, INLINE, LISTS, QUOTES, TABLES, LINKS, MISC].join("\n\n");
    for width in [20u16, 40, 80] {
        for line in &render(&doc, &options(width)).lines {
            assert!(line.width() <= usize::from(width), "{width}: {line:?}");
        }
    }
}

// --- robustness ---

const MESSY: &str = "\
# \n\n#\n> > > > > > > > > > > > deep\n>\n- - - - - - nested\n\
| a | b |\n|---|\n| 1 | 2 | 3 | 4 |\n\n| x |\n|:-:|\n\n\
```rust\nunterminated \t\x07\x1b[31m red\r\n\
</div>\n<!-- comment\n\n* [ ] \n1. \n1000000000000000000000. big\n\
**unclosed *nested ~~strike `code\n[link](<> \"title\") ![img]() [^1]\n\
日本語のテキストが折り返されるかどうか 😀😀😀 e\u{301}\u{200b}\n\
___\n\n\\\n  \n\t\ttabs\n> [!UNKNOWN]\n> [!NOTE]\n> > [!TIP]\n";

#[test]
fn messy_input_does_not_panic() {
    for width in [0, 1, 2, 3, 5, 13, 40, 80, u16::MAX] {
        for color in [false, true] {
            for hyperlinks in [false, true] {
                let _ = render(
                    MESSY,
                    &Options {
                        width,
                        color,
                        hyperlinks,
                    },
                );
            }
        }
    }
}

#[test]
fn width_zero_and_one_do_not_panic() {
    let doc = all_constructs();
    for width in [0, 1] {
        let rendered = render(&doc, &options(width));
        assert!(!rendered.lines.is_empty());
        assert_eq!(rendered.headings.len(), 4);
    }
}

#[test]
fn generated_documents_do_not_panic() {
    const ATOMS: [&str; 24] = [
        "# ", "> ", "- ", "1. ", "* ", "`", "```", "\n", "\n\n", "|", "---", "**", "_", "~~", "[",
        "](", ")", "<", ">", "![", "word ", "日本", "\t", "[!NOTE]",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..300 {
        let mut doc = String::new();
        for _ in 0..40 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            doc.push_str(ATOMS[(state % ATOMS.len() as u64) as usize]);
        }
        for width in [0, 1, 7, 40] {
            let _ = render(&doc, &options(width));
        }
    }
}

#[test]
fn empty_input_renders_nothing() {
    assert_eq!(render("", &options(80)), Rendered::default());
}

#[test]
fn real_lessons_render() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons/threads");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("lessons/threads exists") {
        let path = entry.expect("directory entry").path();
        if path.extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(&path).expect("lesson is UTF-8");
            let rendered = render(&text, &options(80));
            assert!(!rendered.headings.is_empty(), "{}", path.display());
            assert_eq!(rendered.headings[0].level, 1, "{}", path.display());
            seen += 1;
        }
    }
    assert!(seen > 0);
}
