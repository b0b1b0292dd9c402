//! Julia as a light grammar: `#` comments and nested `#= =#` block
//! comments, strings (single-line `"..."` and triple-quoted `"""` blocks,
//! both with `$name` and `$(...)` interpolation), characters (told from the
//! `'` of a transpose), backtick commands, numbers (`1_000`, `1e-3`, `1f0`,
//! `0x1F`, `2im`), `end`-terminated block keywords, macros (`@threads`,
//! `Threads.@spawn`), symbols, types and calls (names may end in `!`).

use super::{ESCAPE, Grammar, Rule, cap, pop, push, tok};

/// `$name` and `$(...)` inside a string (the parenthesis is not balanced).
const INTERPOLATION: Rule = tok(
    r"\$(?:[A-Za-z_][A-Za-z0-9_]*|\([^)\n]*\)?)",
    "variable.other.interpolation",
);

/// A whole Julia identifier, unscoped (see [`super::IDENT`]).
const IDENT: Rule = tok(r"[A-Za-z_][A-Za-z0-9_!]*", "");

pub(super) const JULIA: Grammar = Grammar {
    name: "Julia",
    tokens: &["julia", "jl"],
    scope: "source.julia",
    contexts: &[
        (
            "__start",
            "",
            &[
                push(r"#=", "comment.block", "block_comment"),
                tok(r"#.*", "comment.line.number-sign"),
                push(r#"""""#, "string.quoted.double.block", "triple_double"),
                tok(r#""(?:[^"\\\n]|\\.)*"?"#, "string.quoted.double"),
                tok(r"'(?:[^'\\\n]|\\[^'\n]{1,9})'", "string.quoted.single"),
                tok(r"`[^`\n]*`?", "string.interpolated"),
                tok(
                    r"(?:0x[0-9A-Fa-f_]+|0b[01_]+|0o[0-7_]+|(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)(?:[eEf][+-]?[0-9]+)?)(?:im)?",
                    "constant.numeric",
                ),
                tok(r"@[A-Za-z_][A-Za-z0-9_!.]*", "support.function.macro"),
                cap(
                    r"(^|[\s(\[{,=])(:[A-Za-z_][A-Za-z0-9_!]*)",
                    &[(2, "constant.other.symbol")],
                ),
                cap(
                    r"((?:abstract|baremodule|begin|break|catch|const|continue|do|else|elseif|end|export|finally|for|function|global|if|import|in|isa|let|local|macro|module|mutable|primitive|quote|return|struct|try|type|using|where|while))(?:[^A-Za-z0-9_!]|$)",
                    &[(1, "keyword.other")],
                ),
                cap(
                    r"((?:true|false|nothing|missing|Inf|NaN|Inf32|NaN32|pi))(?:[^A-Za-z0-9_!]|$)",
                    &[(1, "constant.language")],
                ),
                cap(
                    r"([A-Za-z_][A-Za-z0-9_]*!?)(\()",
                    &[(1, "entity.name.function")],
                ),
                tok(r"[A-Z][A-Za-z0-9_]*", "entity.name.type.class"),
                IDENT,
            ],
        ),
        (
            "block_comment",
            "comment.block",
            &[
                push(r"#=", "comment.block", "block_comment"),
                pop(r"=#", ""),
            ],
        ),
        (
            "triple_double",
            "string.quoted.double.block",
            &[ESCAPE, INTERPOLATION, pop(r#"""""#, "")],
        ),
    ],
};

#[cfg(test)]
mod tests {
    use super::super::tests::{scope_of, scoped};

    fn julia(code: &str) -> Vec<(String, String)> {
        scoped("julia", code)
    }

    #[test]
    fn keywords_are_whole_words_and_blocks_end() {
        let p = julia("function f!(x)\n    for i in 1:n\n        ending = x'\n    end;\nend");
        assert_eq!(scope_of(&p, "function"), "keyword.other");
        assert_eq!(scope_of(&p, "f!"), "entity.name.function");
        assert_eq!(scope_of(&p, "for"), "keyword.other");
        assert_eq!(scope_of(&p, "in"), "keyword.other");
        assert_eq!(scope_of(&p, "end"), "keyword.other");
        assert!(
            p.iter().all(|(t, s)| !t.contains("ending") || s.is_empty()),
            "{p:?}"
        );
        assert!(p.iter().all(|(_, s)| s != "string.quoted.single"), "{p:?}");
    }

    #[test]
    fn comments_strings_numbers_and_macros() {
        let p = julia(
            "x = 1_000 + 1.5e-3 + 2im + 0x1F # done\n\
             s = \"n = $n\"; c = 'a'\n\
             Threads.@threads for i in 1:10 end\n\
             y = :sym",
        );
        for number in ["1_000", "1.5e-3", "2im", "0x1F", "10"] {
            assert_eq!(scope_of(&p, number), "constant.numeric", "{number}");
        }
        assert_eq!(scope_of(&p, "# done"), "comment.line.number-sign");
        assert_eq!(scope_of(&p, "\"n = $n\""), "string.quoted.double");
        assert_eq!(scope_of(&p, "'a'"), "string.quoted.single");
        assert_eq!(scope_of(&p, "@threads"), "support.function.macro");
        assert_eq!(scope_of(&p, ":sym"), "constant.other.symbol");
    }

    #[test]
    fn nested_block_comments_and_triple_strings_carry_over() {
        let p = julia("#= a\n#= b =#\nc =# x\n\"\"\"\nd $(e)\n\"\"\" end");
        assert_eq!(scope_of(&p, "c"), "comment.block");
        assert_eq!(scope_of(&p, "d "), "string.quoted.double.block");
        assert_eq!(scope_of(&p, "$(e)"), "variable.other.interpolation");
        assert_eq!(scope_of(&p, "end"), "keyword.other");
    }
}
