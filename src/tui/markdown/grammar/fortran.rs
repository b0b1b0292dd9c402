//! Free-form Fortran (90 and later) as a light grammar: keywords are
//! case-insensitive (`END DO`, `end do` and `EndDo` alike), `!` starts a
//! comment except in a string, `!$omp` and `!$acc` lines are directives,
//! strings take either quote (a doubled quote stands for itself), numbers
//! take exponents (`1.0d0`) and kinds (`1.0_dp`), and the dotted operators
//! and logicals (`.and.`, `.true.`) are scoped as such. Fixed form is read
//! the same way (its column-1 `C` comments are not recognised).

use super::{Grammar, IDENT, cap, tok};

pub(super) const FORTRAN: Grammar = Grammar {
    name: "Fortran",
    tokens: &["fortran", "f90", "f95", "f03", "f08", "f"],
    scope: "source.fortran",
    contexts: &[(
        "__start",
        "",
        &[
            tok(r"(?i:!\$(?:omp|acc))", "keyword.control.directive"),
            tok(r"!.*", "comment.line.exclamation"),
            cap(r"^\s*(#\s*[A-Za-z_]+)", &[(1, "keyword.control.directive")]),
            tok(r#""(?:[^"\n]|"")*"?"#, "string.quoted.double"),
            tok(r"'(?:[^'\n]|'')*'?", "string.quoted.single"),
            tok(
                r"(?i:\.(?:true|false)\.(?:_[A-Za-z0-9_]+)?)",
                "constant.language",
            ),
            tok(
                r"(?i:\.(?:and|or|not|eqv|neqv|eq|ne|lt|le|gt|ge)\.)",
                "keyword.operator",
            ),
            tok(
                r"(?i:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[ed][+-]?[0-9]+)?(?:_[A-Za-z0-9_]+)?)",
                "constant.numeric",
            ),
            cap(
                r"(?i:(abstract|allocate|associate|backspace|bind|call|case|class|close|common|concurrent|contains|contiguous|continue|critical|cycle|deallocate|default|do|elemental|else|elseif|elsewhere|end|enddo|endif|enum|equivalence|exit|extends|external|forall|format|function|go|goto|if|implicit|import|in|include|inout|inquire|intent|interface|intrinsic|module|namelist|none|nullify|only|open|optional|out|parameter|pointer|print|private|procedure|program|protected|public|pure|read|recursive|return|rewind|save|select|stop|submodule|subroutine|then|type|use|volatile|where|while|write|allocatable|dimension|asynchronous))(?:[^A-Za-z0-9_]|$)",
                &[(1, "keyword.other")],
            ),
            cap(
                r"(?i:(integer|real|double|precision|complex|character|logical))(?:[^A-Za-z0-9_]|$)",
                &[(1, "storage.type")],
            ),
            cap(
                r"([A-Za-z][A-Za-z0-9_]*)(\s*\()",
                &[(1, "entity.name.function")],
            ),
            IDENT,
        ],
    )],
};

#[cfg(test)]
mod tests {
    use super::super::tests::{scope_of, scoped};

    fn fortran(code: &str) -> Vec<(String, String)> {
        scoped("fortran", code)
    }

    #[test]
    fn keywords_are_whole_words_in_any_case() {
        let p = fortran("PROGRAM hello\n  Integer :: ending, doit\n  END DO\nend program");
        assert_eq!(scope_of(&p, "PROGRAM"), "keyword.other");
        assert_eq!(scope_of(&p, "Integer"), "storage.type");
        assert_eq!(scope_of(&p, "END"), "keyword.other");
        assert_eq!(scope_of(&p, "DO"), "keyword.other");
        assert_eq!(scope_of(&p, "program"), "keyword.other");
        for word in ["ending", "doit", "hello"] {
            assert!(
                p.iter().all(|(t, s)| !t.contains(word) || s.is_empty()),
                "{word} {p:?}"
            );
        }
    }

    #[test]
    fn comments_strings_numbers_and_directives() {
        let p = fortran(
            "print *, 'it''s ! not a comment' ! a comment\n\
             x = 1.0d0 + 2.5e-3_dp + 42\n\
             if (x .gt. 0 .and. .TRUE.) call mpi_init(ierr)\n\
             !$omp parallel do",
        );
        assert_eq!(
            scope_of(&p, "'it''s ! not a comment'"),
            "string.quoted.single"
        );
        assert_eq!(scope_of(&p, "! a comment"), "comment.line.exclamation");
        for number in ["1.0d0", "2.5e-3_dp", "42", "0"] {
            assert_eq!(scope_of(&p, number), "constant.numeric", "{number}");
        }
        assert_eq!(scope_of(&p, ".gt."), "keyword.operator");
        assert_eq!(scope_of(&p, ".TRUE."), "constant.language");
        assert_eq!(scope_of(&p, "call"), "keyword.other");
        assert_eq!(scope_of(&p, "mpi_init"), "entity.name.function");
        assert_eq!(scope_of(&p, "!$omp"), "keyword.control.directive");
    }
}
