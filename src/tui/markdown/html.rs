//! HTML inside Markdown: a small reader of tags, comments and entities.
//!
//! Lessons bring HTML they were not written with parlab in mind: licence
//! comments, `<br>`, `<kbd>`, badges in `<p align="center">`, listings with
//! `<span class="caption">`. This is no HTML engine: [`Reader::tokens`]
//! splits text into text, start tags (with their attributes) and end tags,
//! and hides comments, declarations and processing instructions; a comment
//! may span several pieces of input, so the reader remembers that one is
//! open. [`decode`] turns entities into characters, using pulldown-cmark's
//! own HTML5 entity table for the named ones. What each tag means on the
//! page is decided in [`super::html_tags`]. Nothing here can panic on any
//! input, and [`decode`] never returns a control character.

use pulldown_cmark::{Event, Parser};

use super::inline::clean;

#[derive(Debug, PartialEq, Eq)]
pub(super) enum Token<'a> {
    Text(&'a str),
    Open {
        /// Lower-case name.
        name: String,
        /// Lower-case names, raw values (entities not yet decoded).
        attrs: Vec<(String, String)>,
    },
    Close(String),
}

impl Token<'_> {
    /// The decoded value of an attribute of a start tag.
    pub fn attr(&self, key: &str) -> Option<String> {
        match self {
            Token::Open { attrs, .. } => {
                attrs.iter().find(|(k, _)| k == key).map(|(_, v)| decode(v))
            }
            _ => None,
        }
    }
}

/// Reads HTML piece by piece, remembering an open comment.
#[derive(Debug, Default)]
pub(super) struct Reader {
    pub in_comment: bool,
}

impl Reader {
    pub fn tokens<'a>(&mut self, mut text: &'a str) -> Vec<Token<'a>> {
        let mut out = Vec::new();
        while !text.is_empty() {
            if self.in_comment {
                match text.find("-->") {
                    Some(end) => {
                        self.in_comment = false;
                        text = text.get(end + 3..).unwrap_or_default();
                    }
                    None => text = "",
                }
                continue;
            }
            let Some(at) = text.find('<') else {
                out.push(Token::Text(text));
                break;
            };
            if at > 0 {
                out.push(Token::Text(&text[..at]));
            }
            let rest = &text[at..];
            let (token, used) = self.markup(rest);
            out.extend(token);
            text = rest.get(used..).unwrap_or_default();
        }
        out
    }

    /// What `s` (which starts with `<`) opens: a token or nothing, and the bytes used.
    fn markup<'a>(&mut self, s: &'a str) -> (Option<Token<'a>>, usize) {
        if s.starts_with("<!--") {
            self.in_comment = true;
            return (None, 4);
        }
        let bytes = s.as_bytes();
        match bytes.get(1) {
            Some(b'!' | b'?') => (None, s.find('>').map_or(s.len(), |e| e + 1)),
            Some(b'/') if bytes.get(2).is_some_and(u8::is_ascii_alphabetic) => close_tag(s),
            Some(b) if b.is_ascii_alphabetic() => {
                open_tag(s).map_or((Some(Token::Text("<")), 1), |(t, n)| (Some(t), n))
            }
            _ => (Some(Token::Text("<")), 1),
        }
    }
}

fn close_tag(s: &str) -> (Option<Token<'_>>, usize) {
    let end = name_end(s.as_bytes(), 2);
    let name = s[2..end].to_ascii_lowercase();
    match s[end..].find('>') {
        Some(gt) => (Some(Token::Close(name)), end + gt + 1),
        None => (Some(Token::Text("<")), 1),
    }
}

/// A start tag at the beginning of `s`, and its length; `None` when it never closes.
fn open_tag(s: &str) -> Option<(Token<'static>, usize)> {
    let bytes = s.as_bytes();
    let mut i = name_end(bytes, 1);
    let name = s[1..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    loop {
        i = skip(bytes, i, |b| b.is_ascii_whitespace() || b == b'/');
        if *bytes.get(i)? == b'>' {
            return Some((Token::Open { name, attrs }, i + 1));
        }
        let key_end = skip(bytes, i, |b| {
            !b.is_ascii_whitespace() && !matches!(b, b'=' | b'>' | b'/')
        });
        if key_end == i {
            i += 1;
            continue;
        }
        let key = s[i..key_end].to_ascii_lowercase();
        i = skip(bytes, key_end, |b| b.is_ascii_whitespace());
        let mut value = String::new();
        if bytes.get(i) == Some(&b'=') {
            let (v, next) = attr_value(s, skip(bytes, i + 1, |b| b.is_ascii_whitespace()))?;
            value = v.to_owned();
            i = next;
        }
        attrs.push((key, value));
    }
}

/// An attribute value starting at `i`, quoted or not, and the index after it.
fn attr_value(s: &str, i: usize) -> Option<(&str, usize)> {
    let bytes = s.as_bytes();
    match bytes.get(i) {
        Some(&q @ (b'"' | b'\'')) => {
            let len = s.get(i + 1..)?.find(char::from(q))?;
            Some((&s[i + 1..i + 1 + len], i + len + 2))
        }
        _ => {
            let end = skip(bytes, i, |b| !b.is_ascii_whitespace() && b != b'>');
            Some((&s[i..end], end))
        }
    }
}

/// The end of a tag name starting at `i`: letters, digits and `-`.
fn name_end(bytes: &[u8], i: usize) -> usize {
    skip(bytes, i, |b| b.is_ascii_alphanumeric() || b == b'-')
}

/// The first index from `i` whose byte does not satisfy `keep`.
fn skip(bytes: &[u8], mut i: usize, keep: impl Fn(u8) -> bool) -> usize {
    while bytes.get(i).is_some_and(|b| keep(*b)) {
        i += 1;
    }
    i
}

/// `text` with its entities decoded (`&amp;`, `&#x27;`, `&nbsp;`...) and
/// control characters removed (tabs and newlines become spaces).
pub(super) fn decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match entity(rest) {
            Some((decoded, len)) => {
                out.push_str(&decoded);
                rest = rest.get(len..).unwrap_or_default();
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    clean(&out).into_owned()
}

/// The entity at the start of `s` (which starts with `&`), decoded, and its length.
fn entity(s: &str) -> Option<(String, usize)> {
    let semi = s.bytes().skip(1).take(33).position(|b| b == b';')? + 1;
    let body = &s[1..semi];
    let plausible = !body.is_empty()
        && body.len() <= 32
        && body.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'#');
    if !plausible {
        return None;
    }
    let candidate = &s[..=semi];
    // CommonMark decodes entities exactly as HTML5 does: let it.
    let decoded: String = Parser::new(candidate)
        .filter_map(|event| match event {
            Event::Text(text) => Some(text.into_string()),
            _ => None,
        })
        .collect();
    (decoded != candidate).then_some((decoded, semi + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(name: &str, attrs: &[(&str, &str)]) -> Token<'static> {
        Token::Open {
            name: name.into(),
            attrs: attrs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        }
    }

    #[test]
    fn tags_text_and_comments() {
        let mut reader = Reader::default();
        let tokens = reader.tokens("a<B class=x id='y' hidden>b</b><!-- c --> d<br/>");
        assert_eq!(
            tokens,
            [
                Token::Text("a"),
                open("b", &[("class", "x"), ("id", "y"), ("hidden", "")]),
                Token::Text("b"),
                Token::Close("b".into()),
                Token::Text(" d"),
                open("br", &[]),
            ]
        );
    }

    #[test]
    fn comments_span_pieces_and_stray_brackets_are_text() {
        let mut reader = Reader::default();
        assert_eq!(reader.tokens("x <!-- open"), [Token::Text("x ")]);
        assert!(reader.in_comment);
        assert_eq!(reader.tokens("still --> y"), [Token::Text(" y")]);
        assert_eq!(
            reader.tokens("1 < 2 <a href=\"unclosed"),
            [
                Token::Text("1 "),
                Token::Text("<"),
                Token::Text(" 2 "),
                Token::Text("<"),
                Token::Text("a href=\"unclosed"),
            ]
        );
        assert_eq!(reader.tokens("<!DOCTYPE html>ok"), [Token::Text("ok")]);
    }

    #[test]
    fn entities_decode_and_controls_never_come_out() {
        assert_eq!(decode("a &amp; b &lt;c&gt; &#x27;q&#39;"), "a & b <c> 'q'");
        assert_eq!(
            decode("x&nbsp;y &copy; &unknown; & ;"),
            "x\u{a0}y © &unknown; & ;"
        );
        assert_eq!(decode("bell&#7;esc&#27;[2J&#x9b;c1"), "bellesc[2Jc1");
        assert_eq!(decode("tab&#9;nl&#10;"), "tab nl ");
    }
}
