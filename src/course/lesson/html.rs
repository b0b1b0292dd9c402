//! The HTML a lesson's title search must know: where CommonMark's HTML blocks
//! start and end, and the text of an `<h1>`..`<h6>` element inside one, tags
//! stripped and entities decoded. Nothing here renders HTML.

/// How an HTML block that starts on a line ends.
#[derive(Debug, PartialEq)]
pub enum Start {
    /// On a line containing this lowercase text (`-->`, `</pre>`, ...).
    Until(&'static str),
    /// At a blank line.
    Blank,
}

/// Elements whose block ends at their closing tag, blank lines or not.
const RAW: [(&str, &str); 4] = [
    ("pre", "</pre>"),
    ("script", "</script>"),
    ("style", "</style>"),
    ("textarea", "</textarea>"),
];

/// CommonMark's block-level tag names.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "base",
    "basefont",
    "blockquote",
    "body",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "menuitem",
    "nav",
    "noframes",
    "ol",
    "optgroup",
    "option",
    "p",
    "param",
    "search",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
];

/// The HTML block a line (without its indentation) starts, if any. A block
/// of a lone tag that is not a block-level element cannot interrupt a
/// paragraph (`in_para`).
pub fn block_start(rest: &str, in_para: bool) -> Option<Start> {
    if !rest.starts_with('<') {
        return None;
    }
    let lower = rest.to_ascii_lowercase();
    let name_after = |prefix: &str| -> String {
        let after = lower.get(prefix.len()..).unwrap_or_default();
        after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect()
    };
    let ends_name = |at: usize| {
        matches!(lower.as_bytes().get(at), None | Some(b' ' | b'\t' | b'>'))
            || lower.get(at..).is_some_and(|s| s.starts_with("/>"))
    };
    let open = name_after("<");
    if let Some((_, end)) = RAW.iter().find(|(tag, _)| *tag == open) {
        return ends_name(1 + open.len()).then_some(Start::Until(end));
    }
    for (opener, end) in [("<!--", "-->"), ("<?", "?>"), ("<![cdata[", "]]>")] {
        if lower.starts_with(opener) {
            return Some(Start::Until(end));
        }
    }
    if lower.starts_with("<!") && lower.as_bytes().get(2).is_some_and(u8::is_ascii_alphabetic) {
        return Some(Start::Until(">"));
    }
    let (prefix, name) = if lower.starts_with("</") {
        ("</", name_after("</"))
    } else {
        ("<", open)
    };
    if BLOCK_TAGS.contains(&name.as_str()) && ends_name(prefix.len() + name.len()) {
        return Some(Start::Blank);
    }
    let lone_tag = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && tag_end(rest).is_some_and(|end| rest[end..].trim().is_empty());
    (lone_tag && !in_para).then_some(Start::Blank)
}

/// The end of the tag `s` starts with: the index after its `>`, quotes
/// respected; `None` when it does not close.
pub fn tag_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// The text of the first `<h1>`..`<h6>` element with text in `html`,
/// comments skipped; `None` while none is complete.
pub fn heading(html: &str) -> Option<String> {
    let html = without_comments(html);
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower.get(from..)?.find("<h") {
        let start = from + i;
        from = start + 2;
        let level = match lower.as_bytes().get(start + 2) {
            Some(&b) if (b'1'..=b'6').contains(&b) => b as char,
            _ => continue,
        };
        if !matches!(
            lower.as_bytes().get(start + 3),
            Some(b' ' | b'\t' | b'\n' | b'>' | b'/')
        ) {
            continue;
        }
        let open = start + tag_end(&html[start..])?;
        let close = lower[open..].find(&format!("</h{level}"))?;
        if let Some(title) = super::title::tidy(&text_of(&html[open..open + close])) {
            return Some(title);
        }
        from = open + close;
    }
    None
}

/// `html` without its `<!-- ... -->` comments (an open one runs to the end).
fn without_comments(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find("<!--") {
        out.push_str(&rest[..i]);
        match rest[i + 4..].find("-->") {
            Some(j) => rest = &rest[i + 4 + j + 3..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

/// The text inside HTML: tags dropped, entities decoded.
pub fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let is_tag = rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/');
        match tag_end(rest).filter(|_| is_tag) {
            Some(end) => {
                out.push(' ');
                rest = &rest[end..];
            }
            None => {
                out.push('<');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    decode_entities(&out)
}

const ENTITIES: [(&str, &str); 16] = [
    ("amp", "&"),
    ("lt", "<"),
    ("gt", ">"),
    ("quot", "\""),
    ("apos", "'"),
    ("nbsp", "\u{a0}"),
    ("ndash", "–"),
    ("mdash", "—"),
    ("hellip", "…"),
    ("laquo", "«"),
    ("raquo", "»"),
    ("lsquo", "‘"),
    ("rsquo", "’"),
    ("ldquo", "“"),
    ("rdquo", "”"),
    ("copy", "©"),
];

/// Numeric character references and the common named entities decoded;
/// anything else kept as written.
pub fn decode_entities(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let name = rest[1..]
            .split(';')
            .next()
            .filter(|n| n.len() <= 32 && rest[1..].len() > n.len());
        let decoded = name.and_then(|n| match n.strip_prefix('#') {
            Some(num) => {
                let code = match num.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => num.parse().ok(),
                };
                Some(
                    char::from_u32(code?)
                        .filter(|&c| c != '\0')
                        .unwrap_or('\u{fffd}')
                        .to_string(),
                )
            }
            None => ENTITIES
                .iter()
                .find(|(k, _)| *k == n)
                .map(|(_, v)| (*v).to_owned()),
        });
        match (name, decoded) {
            (Some(n), Some(d)) => {
                out.push_str(&d);
                rest = &rest[n.len() + 2..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}
