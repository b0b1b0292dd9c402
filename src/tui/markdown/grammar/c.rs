//! C and C++ in one light grammar (C++ keywords in C code are rare enough
//! as names not to matter): `//` and `/* */` comments, preprocessor lines
//! (`#include <mpi.h>`, `#pragma omp parallel for`), strings and characters
//! with their prefixes, C++ raw strings (`R"(...)"` and with a delimiter,
//! `R"end(...)end"`, across lines), numbers with
//! digit separators and suffixes, keywords, types, ALL_CAPS constants
//! (`MPI_COMM_WORLD`), calls.

use super::{Grammar, IDENT, cap, pop, push, tok};

pub(super) const C: Grammar = Grammar {
    name: "C and C++",
    tokens: &["cpp", "c", "h", "c++", "cxx", "hpp", "cc", "hh"],
    scope: "source.c++",
    contexts: &[
        (
            "__start",
            "",
            &[
                tok(r"//.*", "comment.line.double-slash"),
                push(r"/\*", "comment.block", "block_comment"),
                cap(
                    r#"^\s*(#\s*include)\s*(<[^>\n]*>?|"[^"\n]*"?)"#,
                    &[(1, "keyword.control.import"), (2, "string.quoted.other")],
                ),
                cap(r"^\s*(#\s*[A-Za-z_]+)", &[(1, "keyword.control.directive")]),
                push(
                    r#"(?:u8|[uUL])?R"([^()\\ \t\n"]{0,16})\("#,
                    "string.quoted.raw",
                    "raw_string",
                ),
                tok(
                    r#"(?:u8|[uUL])?"(?:[^"\\\n]|\\.)*"?"#,
                    "string.quoted.double",
                ),
                tok(
                    r"(?:u8|[uUL])?'(?:[^'\\\n]|\\[^\n]{1,9}?)'",
                    "string.quoted.single",
                ),
                tok(
                    r"(?:0[xX][0-9A-Fa-f']+(?:\.[0-9A-Fa-f']*)?(?:[pP][+-]?[0-9]+)?|0[bB][01']+|(?:[0-9][0-9']*(?:\.[0-9']*)?|\.[0-9][0-9']*)(?:[eE][+-]?[0-9]+)?)[uUlLfFzZ]*",
                    "constant.numeric",
                ),
                cap(
                    r"((?:alignas|alignof|asm|break|case|catch|class|co_await|co_return|co_yield|concept|const|const_cast|consteval|constexpr|constinit|continue|decltype|default|delete|do|dynamic_cast|else|enum|explicit|export|extern|final|for|friend|goto|if|inline|mutable|namespace|new|noexcept|operator|override|private|protected|public|register|reinterpret_cast|requires|restrict|return|sizeof|static|static_assert|static_cast|struct|switch|template|thread_local|throw|try|typedef|typeid|typename|union|using|virtual|volatile|while|_Atomic|_Thread_local))(?:[^A-Za-z0-9_]|$)",
                    &[(1, "keyword.other")],
                ),
                cap(
                    r"((?:auto|bool|char|char8_t|char16_t|char32_t|double|float|int|long|short|signed|unsigned|void|wchar_t|_Bool|size_t|ssize_t|ptrdiff_t|u?int(?:8|16|32|64)_t))(?:[^A-Za-z0-9_]|$)",
                    &[(1, "storage.type")],
                ),
                cap(
                    r"((?:true|false|nullptr|NULL))(?:[^A-Za-z0-9_]|$)",
                    &[(1, "constant.language")],
                ),
                cap(
                    r"((?:this))(?:[^A-Za-z0-9_]|$)",
                    &[(1, "variable.language")],
                ),
                cap(
                    r"((?:[A-Z][A-Z0-9_]+))(?:[^A-Za-z0-9_]|$)",
                    &[(1, "constant.other")],
                ),
                cap(
                    r"([A-Za-z_][A-Za-z0-9_]*)(\s*\()",
                    &[(1, "entity.name.function")],
                ),
                tok(r"[A-Z][A-Za-z0-9_]*", "entity.name.type.class"),
                IDENT,
            ],
        ),
        ("block_comment", "comment.block", &[pop(r"\*/", "")]),
        ("raw_string", "string.quoted.raw", &[pop(r#"\)\1""#, "")]),
    ],
};

#[cfg(test)]
mod tests {
    use super::super::tests::{scope_of, scoped};

    fn c(code: &str) -> Vec<(String, String)> {
        scoped("c", code)
    }

    #[test]
    fn keywords_and_types_are_whole_words() {
        let p = c("int iffy = diff(x); if (y) return dint;");
        assert_eq!(scope_of(&p, "int"), "storage.type");
        assert_eq!(scope_of(&p, "if"), "keyword.other");
        assert_eq!(scope_of(&p, "return"), "keyword.other");
        assert_eq!(scope_of(&p, "diff"), "entity.name.function");
        assert!(
            p.iter().all(|(t, s)| !t.contains("iffy") || s.is_empty()),
            "{p:?}"
        );
        assert!(
            p.iter().all(|(t, s)| !t.contains("dint") || s.is_empty()),
            "{p:?}"
        );
    }

    #[test]
    fn comments_strings_numbers_and_directives() {
        let p = c(
            "#include <mpi.h>\n#pragma omp parallel for\nx = 1'000'000UL + 0x1F + 1.5e-3f; // done\nputs(\"a\\\"b\"); c = '\\n';",
        );
        assert_eq!(scope_of(&p, "#include"), "keyword.control.import");
        assert_eq!(scope_of(&p, "<mpi.h>"), "string.quoted.other");
        assert_eq!(scope_of(&p, "#pragma"), "keyword.control.directive");
        for number in ["1'000'000UL", "0x1F", "1.5e-3f"] {
            assert_eq!(scope_of(&p, number), "constant.numeric", "{number}");
        }
        assert_eq!(scope_of(&p, "// done"), "comment.line.double-slash");
        assert_eq!(scope_of(&p, "\"a"), "string.quoted.double");
        assert_eq!(scope_of(&p, "'\\n'"), "string.quoted.single");
    }

    #[test]
    fn block_comments_and_raw_strings_carry_over() {
        let p = c("/* a\nint b */ MPI_Init(&argc, &argv);\nauto s = R\"(x\ny)\";");
        assert_eq!(scope_of(&p, "/* a"), "comment.block");
        assert_eq!(scope_of(&p, "int b */"), "comment.block");
        assert_eq!(scope_of(&p, "MPI_Init"), "entity.name.function");
        assert_eq!(scope_of(&p, "y)\""), "string.quoted.raw");
    }

    #[test]
    fn a_raw_string_ends_only_at_its_own_delimiter() {
        let p = c("auto s = R\"sql(a )\" b\n)\" c)sql\"; int x;");
        assert_eq!(scope_of(&p, "R\"sql(a )\" b"), "string.quoted.raw");
        assert_eq!(scope_of(&p, ")\" c)sql\""), "string.quoted.raw");
        assert_eq!(scope_of(&p, "int"), "storage.type");
    }
}
