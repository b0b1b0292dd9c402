//! Light syntect grammars for the languages of the course's field: Rust,
//! Python, shell and TOML here; C and C++ ([`c`]), Fortran ([`fortran`]) and
//! Julia ([`julia`]) in files of their own.
//!
//! Why not syntect's bundled grammars: they are faithful but slow with the
//! pure-Rust regex engine (about 100-170 µs a line, so 10-20 ms for a lesson,
//! where the budget is 5 ms), the bundle takes about 100 ms to load, and it
//! has no TOML, Fortran or Julia. These grammars are token-level (keywords,
//! strings, comments, numbers, calls, macros, types) with plain regexes that
//! need no backtracking engine, so syntect runs them at a few µs a line.
//! They are built in code into a syntect `SyntaxSet` and go through syntect's
//! parser, highlighter and theme like any other grammar. Other languages
//! still use the bundled set.
//!
//! A grammar is a few named contexts of [`Rule`]s; `__start` is where
//! syntect begins. Multi-line constructs (Rust strings, C, Rust and Julia
//! block comments, Python, TOML and Julia triple-quoted strings, C++ raw
//! strings) push a context that pops at the closing delimiter (Julia's
//! block comments nest). syntect's `ContextReference` cannot be built
//! outside the crate, so pushes are made through its serde form.

mod c;
mod fortran;
mod julia;

use std::collections::HashMap;

use syntect::parsing::syntax_definition::{
    Context, ContextReference, MatchOperation, MatchPattern, Pattern, SyntaxDefinition,
};
use syntect::parsing::{Scope, SyntaxSet, SyntaxSetBuilder};

/// What a rule does besides scoping its match.
#[derive(Clone, Copy)]
enum Op {
    None,
    Push(&'static str),
    Pop,
}

/// A regex, the scope of the whole match, scopes of capture groups, an operation.
struct Rule(
    &'static str,
    &'static str,
    &'static [(usize, &'static str)],
    Op,
);

const fn tok(regex: &'static str, scope: &'static str) -> Rule {
    Rule(regex, scope, &[], Op::None)
}

const fn cap(regex: &'static str, captures: &'static [(usize, &'static str)]) -> Rule {
    Rule(regex, "", captures, Op::None)
}

const fn push(regex: &'static str, scope: &'static str, context: &'static str) -> Rule {
    Rule(regex, scope, &[], Op::Push(context))
}

const fn pop(regex: &'static str, scope: &'static str) -> Rule {
    Rule(regex, scope, &[], Op::Pop)
}

/// A named context: its meta scope and rules.
type Ctx = (&'static str, &'static str, &'static [Rule]);

struct Grammar {
    name: &'static str,
    tokens: &'static [&'static str],
    scope: &'static str,
    contexts: &'static [Ctx],
}

const ESCAPE: Rule = tok(r"\\.", "constant.character.escape");

/// A whole identifier, unscoped. Listed last, it makes every other rule
/// match at word starts only: syntect takes the leftmost match, so inside a
/// word this one, which started earlier, wins. (No `\b`: word boundaries send
/// fancy-regex to its slow backtracking engine.)
const IDENT: Rule = tok(r"[A-Za-z_][A-Za-z0-9_]*", "");

const RUST: Grammar = Grammar {
    name: "Rust",
    tokens: &["rs", "rust"],
    scope: "source.rust",
    contexts: &[
        (
            "__start",
            "",
            &[
                tok(r"//.*", "comment.line.double-slash"),
                push(r"/\*", "comment.block", "block_comment"),
                push(r#"b?r#""#, "string.quoted.raw", "raw_hash_string"),
                push(r#"b?r""#, "string.quoted.raw", "raw_string"),
                push(r#"b?""#, "string.quoted.double", "string"),
                tok(r"b?'(?:[^'\\]|\\[^']*)'", "string.quoted.single"),
                tok(r"'[A-Za-z_][A-Za-z0-9_]*", "storage.modifier.lifetime"),
                tok(r"#!?\[[^\]]*\]", "entity.other.attribute-name"),
                tok(
                    r"(?:0x[0-9A-Fa-f_]+|0o[0-7_]+|0b[01_]+|[0-9][0-9_]*(?:\.[0-9][0-9_]*)?(?:[eE][+-]?[0-9_]+)?)(?:[iuf](?:8|16|32|64|128|size))?",
                    "constant.numeric",
                ),
                cap(
                    r"((?:as|async|await|break|const|continue|crate|dyn|else|extern|for|if|impl|in|let|loop|match|mod|move|mut|pub|ref|return|static|super|unsafe|use|where|while))(?:[^A-Za-z0-9_]|$)",
                    &[(1, "keyword.other")],
                ),
                cap(
                    r"((?:enum|fn|struct|trait|type|union|u8|u16|u32|u64|u128|usize|i8|i16|i32|i64|i128|isize|f32|f64|bool|char|str))(?:[^A-Za-z0-9_]|$)",
                    &[(1, "storage.type")],
                ),
                cap(
                    r"((?:self|Self))(?:[^A-Za-z0-9_]|$)",
                    &[(1, "variable.language")],
                ),
                cap(
                    r"((?:true|false|None|Some|Ok|Err))(?:[^A-Za-z0-9_]|$)",
                    &[(1, "constant.language")],
                ),
                cap(
                    r"((?:[A-Z][A-Z0-9_]+))(?:[^A-Za-z0-9_]|$)",
                    &[(1, "constant.other")],
                ),
                tok(r"[A-Z][A-Za-z0-9_]*", "entity.name.type.class"),
                cap(
                    r"([a-z_][A-Za-z0-9_]*!)(?:[^=]|$)",
                    &[(1, "support.function.macro")],
                ),
                cap(r"([a-z_][A-Za-z0-9_]*)(\()", &[(1, "entity.name.function")]),
                IDENT,
            ],
        ),
        ("block_comment", "comment.block", &[pop(r"\*/", "")]),
        ("raw_string", "string.quoted.raw", &[pop(r#"""#, "")]),
        (
            "raw_hash_string",
            "string.quoted.raw",
            &[pop(r##""#"##, "")],
        ),
        ("string", "string.quoted.double", &[ESCAPE, pop(r#"""#, "")]),
    ],
};

const PYTHON: Grammar = Grammar {
    name: "Python",
    tokens: &["py", "python", "python3"],
    scope: "source.python",
    contexts: &[
        (
            "__start",
            "",
            &[
                tok(r"#.*", "comment.line.number-sign"),
                push(
                    r#"(?i:[rbfu]{0,2})""""#,
                    "string.quoted.double.block",
                    "triple_double",
                ),
                push(
                    r"(?i:[rbfu]{0,2})'''",
                    "string.quoted.single.block",
                    "triple_single",
                ),
                tok(
                    r#"(?i:[rbfu]{0,2})"(?:[^"\\\n]|\\.)*"?"#,
                    "string.quoted.double",
                ),
                tok(
                    r"(?i:[rbfu]{0,2})'(?:[^'\\\n]|\\.)*'?",
                    "string.quoted.single",
                ),
                tok(
                    r"@[A-Za-z_][A-Za-z0-9_.]*",
                    "entity.name.function.decorator",
                ),
                tok(
                    r"(?:0[xX][0-9A-Fa-f_]+|[0-9][0-9_]*(?:\.[0-9_]+)?(?:[eE][+-]?[0-9_]+)?j?)",
                    "constant.numeric",
                ),
                cap(
                    r"((?:and|as|assert|async|await|break|class|continue|def|del|elif|else|except|finally|for|from|global|if|import|in|is|lambda|nonlocal|not|or|pass|raise|return|try|while|with|yield))(?:[^A-Za-z0-9_]|$)",
                    &[(1, "keyword.other")],
                ),
                cap(
                    r"((?:True|False|None))(?:[^A-Za-z0-9_]|$)",
                    &[(1, "constant.language")],
                ),
                cap(
                    r"((?:self|cls))(?:[^A-Za-z0-9_]|$)",
                    &[(1, "variable.language")],
                ),
                cap(
                    r"(abs|all|any|dict|enumerate|float|int|isinstance|len|list|map|max|min|open|print|range|round|set|sorted|str|sum|tuple|zip)(\()",
                    &[(1, "support.function.builtin")],
                ),
                cap(
                    r"([A-Za-z_][A-Za-z0-9_]*)(\()",
                    &[(1, "entity.name.function")],
                ),
                IDENT,
            ],
        ),
        (
            "triple_double",
            "string.quoted.double.block",
            &[ESCAPE, pop(r#"""""#, "")],
        ),
        (
            "triple_single",
            "string.quoted.single.block",
            &[ESCAPE, pop(r"'''", "")],
        ),
    ],
};

const SHELL: Grammar = Grammar {
    name: "Shell",
    tokens: &["sh", "bash", "shell", "zsh"],
    scope: "source.shell",
    contexts: &[(
        "__start",
        "",
        &[
            cap(r"(^|\s)(#.*)", &[(2, "comment.line.number-sign")]),
            tok(r#""(?:[^"\\]|\\.)*"?"#, "string.quoted.double"),
            tok(r"'[^']*'?", "string.quoted.single"),
            tok(
                r"\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|\$[0-9@#?*$!-]",
                "variable.other",
            ),
            cap(
                r"((?:^|[|;&])\s*)?((?:if|then|else|elif|fi|for|while|until|do|done|case|esac|in|function|return|export|local))(?:[\s;]|$)",
                &[(2, "keyword.other")],
            ),
            cap(
                r"(^|\s)(--?[A-Za-z0-9][A-Za-z0-9_-]*)",
                &[(2, "constant.other.option")],
            ),
            cap(
                r"(^\s*|[|;&]\s*|\$\(\s*)([A-Za-z0-9_./][A-Za-z0-9_./-]*)",
                &[(2, "entity.name.function")],
            ),
            tok(r"[A-Za-z0-9_./:=@%+,-]+", ""),
        ],
    )],
};

const TOML: Grammar = Grammar {
    name: "TOML",
    tokens: &["toml"],
    scope: "source.toml",
    contexts: &[
        (
            "__start",
            "",
            &[
                tok(r"#.*", "comment.line.number-sign"),
                cap(r"^\s*(\[\[?[^\]]*\]\]?)", &[(1, "entity.name.section")]),
                cap(
                    r#"(^\s*|[{,]\s*)([A-Za-z0-9_.-]+|"[^"]*")(\s*=)"#,
                    &[(2, "variable.other.key")],
                ),
                push(r#"""""#, "string.quoted.double.block", "triple_double"),
                push(r"'''", "string.quoted.single.block", "triple_single"),
                tok(r#""(?:[^"\\\n]|\\.)*"?"#, "string.quoted.double"),
                tok(r"'[^'\n]*'?", "string.quoted.single"),
                cap(
                    r"((?:true|false))(?:[^A-Za-z0-9_-]|$)",
                    &[(1, "constant.language")],
                ),
                tok(r"[+-]?[0-9][0-9_:.TZ+-]*", "constant.numeric"),
                tok(r"[A-Za-z_][A-Za-z0-9_-]*", ""),
            ],
        ),
        (
            "triple_double",
            "string.quoted.double.block",
            &[ESCAPE, pop(r#"""""#, "")],
        ),
        (
            "triple_single",
            "string.quoted.single.block",
            &[pop(r"'''", "")],
        ),
    ],
};

const GRAMMARS: [&Grammar; 8] = [
    &RUST,
    &PYTHON,
    &SHELL,
    &TOML,
    &c::C,
    &fortran::FORTRAN,
    &fortran::FORTRAN_FIXED,
    &julia::JULIA,
];

/// The light grammars as a syntect syntax set.
pub(super) fn syntax_set() -> SyntaxSet {
    let mut builder = SyntaxSetBuilder::new();
    for grammar in GRAMMARS {
        builder.add(definition(grammar));
    }
    builder.build()
}

fn definition(grammar: &Grammar) -> SyntaxDefinition {
    SyntaxDefinition {
        name: grammar.name.to_owned(),
        file_extensions: grammar.tokens.iter().map(|t| (*t).to_owned()).collect(),
        scope: scope(grammar.scope).unwrap_or_default(),
        first_line_match: None,
        hidden: false,
        variables: HashMap::new(),
        contexts: grammar
            .contexts
            .iter()
            .map(|c| (c.0.to_owned(), context(c)))
            .collect(),
    }
}

fn context((_, meta, rules): &Ctx) -> Context {
    let mut context = Context::new(false);
    context.meta_scope = scope(meta).into_iter().collect();
    context.patterns = rules.iter().map(pattern).collect();
    // A pop that refers back to the push's groups (`\1`) needs them kept.
    context.uses_backrefs = rules.iter().any(backref);
    context
}

/// Whether a rule pops at a text that the push captured (`\1`..`\9`).
fn backref(Rule(regex, _, _, op): &Rule) -> bool {
    matches!(op, Op::Pop)
        && regex
            .as_bytes()
            .windows(2)
            .any(|w| w[0] == b'\\' && (b'1'..=b'9').contains(&w[1]))
}

fn pattern(Rule(regex, whole, captures, op): &Rule) -> Pattern {
    let mapping: Vec<(usize, Vec<Scope>)> = captures
        .iter()
        .map(|(group, name)| (*group, scope(name).into_iter().collect()))
        .collect();
    let operation = match op {
        Op::None => MatchOperation::None,
        Op::Pop => MatchOperation::Pop,
        Op::Push(name) => {
            named(name).map_or(MatchOperation::None, |r| MatchOperation::Push(vec![r]))
        }
    };
    let rule = Rule(regex, whole, captures, *op);
    Pattern::Match(MatchPattern::new(
        backref(&rule),
        (*regex).to_owned(),
        scope(whole).into_iter().collect(),
        (!mapping.is_empty()).then_some(mapping),
        operation,
        None,
    ))
}

fn scope(name: &str) -> Option<Scope> {
    if name.is_empty() {
        None
    } else {
        Scope::new(name).ok()
    }
}

/// `ContextReference::Named(name)`, through serde (the variant is non-exhaustive).
fn named(name: &str) -> Option<ContextReference> {
    serde_json::from_value(serde_json::json!({ "Named": name })).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;
    use syntect::easy::ScopeRangeIterator;
    use syntect::parsing::Regex;
    use syntect::parsing::{ParseState, ScopeStack};
    use syntect::util::LinesWithEndings;

    /// `code` parsed with the light grammar for `token`: each run of text
    /// (newlines dropped) with its innermost scope, or "" outside any;
    /// neighbours in the same scope are joined.
    pub(super) fn scoped(token: &str, code: &str) -> Vec<(String, String)> {
        static SET: OnceLock<SyntaxSet> = OnceLock::new();
        let set = SET.get_or_init(syntax_set);
        let syntax = set.find_syntax_by_token(token).expect("a light grammar");
        let mut state = ParseState::new(syntax);
        let mut stack = ScopeStack::new();
        let mut out: Vec<(String, String)> = Vec::new();
        for line in LinesWithEndings::from(code) {
            let ops = state.parse_line(line, set).expect("the line parses");
            for (range, op) in ScopeRangeIterator::new(&ops, line) {
                stack.apply(op).expect("the scopes nest");
                let text = line[range].trim_end_matches('\n');
                let scope = stack.as_slice().last().map(|s| s.build_string());
                let scope = scope.unwrap_or_default();
                match out.last_mut() {
                    _ if text.is_empty() => {}
                    Some((last, s)) if *s == scope => last.push_str(text),
                    _ => out.push((text.to_owned(), scope)),
                }
            }
        }
        out
    }

    /// The scope of the run that is `text`, else of the first that holds it.
    pub(super) fn scope_of(runs: &[(String, String)], text: &str) -> String {
        let exact = runs.iter().find(|(t, _)| t == text);
        let within = || runs.iter().find(|(t, _)| t.contains(text));
        match exact.or_else(within) {
            Some((_, scope)) => scope.clone(),
            None => panic!("no run holds {text:?} in {runs:?}"),
        }
    }

    #[test]
    fn every_regex_and_scope_is_valid() {
        for grammar in GRAMMARS {
            assert!(Scope::new(grammar.scope).is_ok());
            for (name, meta, rules) in grammar.contexts {
                assert!(meta.is_empty() || Scope::new(meta).is_ok(), "{name}");
                for rule @ Rule(regex, whole, captures, op) in rules.iter() {
                    // A pop's back-reference becomes the pushed text (here
                    // `end`) before it is compiled: no backtracking engine.
                    let compiled = if backref(rule) {
                        regex.replace(r"\1", "end")
                    } else {
                        (*regex).to_owned()
                    };
                    assert!(Regex::try_compile(&compiled).is_none(), "{regex}");
                    let slow = [r"\b", r"\B", "(?=", "(?!", "(?<", r"\1"];
                    assert!(!slow.iter().any(|s| compiled.contains(s)), "{regex}");
                    assert!(whole.is_empty() || Scope::new(whole).is_ok(), "{whole}");
                    assert!(captures.iter().all(|(_, s)| Scope::new(s).is_ok()));
                    if let Op::Push(target) = op {
                        assert!(named(target).is_some());
                        assert!(grammar.contexts.iter().any(|c| c.0 == *target), "{target}");
                    }
                }
            }
        }
    }

    #[test]
    fn the_set_links_and_finds_every_language() {
        let set = syntax_set();
        let tokens = [
            "rust", "rs", "python", "py", "sh", "bash", "toml", "c", "cpp", "fortran", "f90",
            "julia", "jl",
        ];
        for token in tokens {
            assert!(set.find_syntax_by_token(token).is_some(), "{token}");
        }
    }
}
