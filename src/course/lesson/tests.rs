//! Lessons: titles found in real-world Markdown without reading whole files,
//! paths kept inside `lessons/`, bytes that are not UTF-8 located, the lint.

use std::io::{Cursor, Read};

use super::title::TITLE_CAP;
use super::*;

fn title(text: &str) -> Option<String> {
    first_heading(text.as_bytes()).unwrap()
}

fn some(text: &str) -> Option<String> {
    Some(text.to_owned())
}

/// A course folder with `lessons/m/<name>` holding `bytes`.
fn lesson_file(name: &str, bytes: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("lessons/m")).unwrap();
    fs::write(dir.path().join("lessons/m").join(name), bytes).unwrap();
    dir
}

#[test]
fn a_heading_of_any_level_is_the_title() {
    assert_eq!(title("# One\n"), some("One"));
    assert_eq!(title("Intro text.\n\n## Two ##\n\n# Later\n"), some("Two"));
    assert_eq!(title("   ###### Six\n"), some("Six"));
    assert_eq!(title("#NoSpace\n\n### Three\n"), some("Three"));
    assert_eq!(title("#\n\n# Empty first\n"), some("Empty first"));
}

#[test]
fn setext_headings_count_and_a_rule_is_not_one() {
    assert_eq!(title("Title\n=====\n"), some("Title"));
    assert_eq!(title("A long\ntitle\n---\n"), some("A long title"));
    assert_eq!(title("---\n\n- item\n---\nSub\n---\n"), some("Sub"));
    assert_eq!(title("    code\n---\n"), None);
}

#[test]
fn a_heading_inside_code_is_not_the_title() {
    let fenced = "Run:\n\n```bash\n# install it\npip install x\n```\n\n# Real\n";
    assert_eq!(title(fenced), some("Real"));
    let tilde = "~~~~\n# no\n~~~\n# still code\n~~~~\n## Real\n";
    assert_eq!(title(tilde), some("Real"));
    assert_eq!(title("Text\n\n    # indented code\n\nOk\n==\n"), some("Ok"));
    let in_list = "1. Install:\n\n   ```sh\n   # comment\n   ```\n2. Run\n\n# Real\n";
    assert_eq!(title(in_list), some("Real"));
    assert_eq!(title("> # Quoted\n\n- # Listed\n\n# Real\n"), some("Real"));
}

#[test]
fn html_comments_and_blocks_are_skipped() {
    let spdx = "<!-- SPDX-License-Identifier: CC-BY-4.0\n# not a title\n-->\n# Title\n";
    assert_eq!(title(spdx), some("Title"));
    assert_eq!(title("<!-- one line -->\n## Two\n"), some("Two"));
    let div = "<div align=\"center\">\n# inside html\n</div>\n\n# Outside\n";
    assert_eq!(title(div), some("Outside"));
    let pre = "<pre>\n\n# in pre\n</pre>\n# After\n";
    assert_eq!(title(pre), some("After"));
}

#[test]
fn an_html_heading_counts() {
    assert_eq!(title("<h1 class=\"x\">Title</h1>\n"), some("Title"));
    assert_eq!(
        title("<H2>Two &amp; <em>more</em></H2>\n"),
        some("Two & more")
    );
    let lines = "<div align=\"center\">\n  <h1 align=\"center\">\n    <img src=\"logo.png\">\n    Rayon\n  </h1>\n</div>\n";
    assert_eq!(title(lines), some("Rayon"));
    let logo_only = "<h1><img src=\"logo.svg\"></h1>\n\n## Real\n";
    assert_eq!(title(logo_only), some("Real"));
    assert_eq!(title("<!-- <h1>old</h1> -->\n<h3>New</h3>\n"), some("New"));
}

#[test]
fn attributes_and_inline_markdown_are_reduced_to_text() {
    assert_eq!(title("# Intro {.section #intro}\n"), some("Intro"));
    assert_eq!(
        title("# **Bold** `code` [link](http://x)\n"),
        some("Bold code link")
    );
    assert_eq!(title("Setext *x* {#id}\n===\n"), some("Setext x"));
    assert_eq!(title("# A &amp; B <small>v2</small>\n"), some("A & B v2"));
    assert_eq!(title("# Bell\u{7}\u{1b}]0;x here\n"), some("Bell]0;x here"));
}

#[test]
fn a_byte_order_mark_is_ignored() {
    assert_eq!(title("\u{feff}# Title\n"), some("Title"));
    assert_eq!(
        title("\u{feff}---\ntitle: x\n---\n# After front matter\n"),
        some("After front matter")
    );
}

#[test]
fn a_page_without_a_heading_has_the_file_name() {
    assert_eq!(title("Just text.\n\n- a list\n"), None);
    assert_eq!(title("---\nnot: closed\n"), None);
    let dir = lesson_file("03-no-heading.md", b"Just text.\n");
    let lesson = Lesson::load(dir.path(), "m", "m/03-no-heading.md").unwrap();
    assert_eq!(lesson.title, "no-heading");
    let problems = lint_lesson(&lesson, &[]);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].message.contains("no heading"), "{problems:?}");
    let level2 = lesson_file("01-a.md", b"<!-- x -->\n## Two\n");
    let lesson = Lesson::load(level2.path(), "m", "m/01-a.md").unwrap();
    assert_eq!(lint_lesson(&lesson, &[]), Vec::new());
}

/// Counts the bytes read through it.
struct Counting<R> {
    inner: R,
    read: usize,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n;
        Ok(n)
    }
}

#[test]
fn a_large_lesson_is_read_only_up_to_its_title() {
    let mut text = "<!-- licence -->\n\n# Big\n\n".to_owned();
    while text.len() < 5_000_000 {
        text.push_str("A line of a long lesson, one of many.\n");
    }
    let mut reader = Counting {
        inner: Cursor::new(text.as_bytes()),
        read: 0,
    };
    assert_eq!(first_heading(&mut reader).unwrap(), some("Big"));
    assert!(reader.read <= 16 * 1024, "read {} bytes", reader.read);

    let late = format!("{}\n# Too late\n", &text[30..]);
    let mut reader = Counting {
        inner: Cursor::new(late.as_bytes()),
        read: 0,
    };
    assert_eq!(first_heading(&mut reader).unwrap(), None);
    assert!(
        reader.read as u64 <= TITLE_CAP,
        "read {} bytes",
        reader.read
    );
}

#[test]
fn bytes_that_are_not_utf8_are_located() {
    let bytes = b"<!-- x -->\nab\xffc\n# T\n";
    let error = first_heading(&bytes[..]).unwrap_err();
    assert_eq!(
        NotUtf8::of(&error),
        Some(NotUtf8 {
            offset: 13,
            line: 2
        })
    );
    assert_eq!(error.to_string(), "not UTF-8 at byte 13 (line 2)");

    let dir = lesson_file("01-bad.md", bytes);
    let error = Lesson::load(dir.path(), "m", "m/01-bad.md").unwrap_err();
    assert_eq!(
        error,
        LoadError::File {
            line: 2,
            message: "lesson \"m/01-bad.md\" is not UTF-8 at byte 13 (line 2); save it as UTF-8"
                .into()
        }
    );

    let dir = lesson_file("02-late.md", b"\xEF\xBB\xBF# T\n\nok\n\xe9t\xe9\n");
    let lesson = Lesson::load(dir.path(), "m", "m/02-late.md").unwrap();
    assert_eq!(lesson.title, "T");
    let error = lesson.text().unwrap_err();
    assert_eq!(error.kind(), io::ErrorKind::InvalidData);
    assert_eq!(error.to_string(), "not UTF-8 at byte 11 (line 4)");
    let problems = lint_lesson(&lesson, &[]);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].line, Some(4));
    assert!(
        problems[0]
            .message
            .contains("not UTF-8 at byte 11 (line 4)")
    );
}

#[test]
fn text_drops_a_byte_order_mark() {
    let dir = lesson_file("01-bom.md", b"\xEF\xBB\xBF# Bom\n");
    let lesson = Lesson::load(dir.path(), "m", "m/01-bom.md").unwrap();
    assert_eq!(lesson.text().unwrap(), "# Bom\n");
}

#[test]
fn a_path_must_stay_inside_lessons() {
    let dir = lesson_file("01-a.md", b"# A\n");
    let root = dir.path();
    fs::write(root.join("secret.md"), "# Secret\n").unwrap();
    let err = |rel: &str| match Lesson::load(root, "m", rel) {
        Err(LoadError::Entry(message)) => message,
        other => panic!("{rel}: {other:?}"),
    };
    assert!(err("../secret.md").contains("leaves lessons/ through `..`"));
    assert!(err("m/../../secret.md").contains("leaves lessons/"));
    assert!(err("/etc/os-release").contains("is an absolute path"));
    assert_eq!(
        Lesson::load(root, "m", "m/../m/01-a.md").unwrap().title,
        "A"
    );
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(root.join("secret.md"), root.join("lessons/m/02-link.md"))
            .unwrap();
        std::os::unix::fs::symlink("01-a.md", root.join("lessons/m/03-inside.md")).unwrap();
        assert!(err("m/02-link.md").contains("is a link to"));
        assert_eq!(
            Lesson::load(root, "m", "m/03-inside.md").unwrap().title,
            "A"
        );
    }
}

#[test]
fn finds_an_unclosed_fence() {
    assert_eq!(unclosed_fence("# T\n```rust\nfn x() {}\n```\n"), None);
    assert_eq!(unclosed_fence("# T\n\n```rust\nfn x() {}\n"), Some(3));
}

#[test]
fn a_demo_that_does_not_exist_is_reported_at_its_line() {
    let dir = lesson_file(
        "01-a.md",
        b"# A\n\n```demo\ngil\n```\n\n```demo\nnope\n```\n",
    );
    let lesson = Lesson::load(dir.path(), "m", "m/01-a.md").unwrap();
    let problems = lint_lesson(&lesson, &["gil"]);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].line, Some(7));
    assert!(problems[0].message.contains("nope"));
}

#[test]
fn id_drops_the_ordering_number() {
    let dir = lesson_file("02-sharing-data.md", b"# Sharing\n");
    let lesson = Lesson::load(dir.path(), "m", "m/02-sharing-data.md").unwrap();
    assert_eq!(lesson.id, "m/sharing-data");
    assert_eq!(lesson.title, "Sharing");
}
