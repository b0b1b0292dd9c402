//! Free-form Fortran (90 and later) as a light grammar: keywords are
//! case-insensitive (`END DO`, `end do` and `EndDo` alike), `!` starts a
//! comment except in a string, `!$omp` and `!$acc` lines are directives,
//! strings take either quote (a doubled quote stands for itself), numbers
//! take exponents (`1.0d0`) and kinds (`1.0_dp`), and the dotted operators
//! and logicals (`.and.`, `.true.`) are scoped as such. Fixed form (FORTRAN
//! 77, blocks marked `f77`, `fortran77`, `for` or `ftn`) is read the same way
//! and also takes a `C`, `c` or `*` in column 1 as a comment line and
//! `C$OMP`/`*$OMP` as directives.

use super::{Grammar, IDENT, cap, tok};

/// The rules of free form, after any given first.
macro_rules! fortran_rules {
    ($($first:expr),* $(,)?) => {
        &[
            $($first,)*
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
        ]
    };
}

pub(super) const FORTRAN: Grammar = Grammar {
    name: "Fortran",
    tokens: &["fortran", "f90", "f95", "f03", "f08", "f"],
    scope: "source.fortran",
    contexts: &[("__start", "", fortran_rules!())],
};

/// Fixed form: a `C`, `c` or `*` in column 1 makes the line a comment
/// (`C$OMP` a directive); the rest reads as free form.
pub(super) const FORTRAN_FIXED: Grammar = Grammar {
    name: "Fortran (fixed form)",
    tokens: &["f77", "fortran77", "for", "ftn"],
    scope: "source.fortran.fixed",
    contexts: &[(
        "__start",
        "",
        fortran_rules!(
            tok(r"^[Cc*!]\$(?i:omp|acc).*", "keyword.control.directive"),
            tok(r"^[Cc*].*", "comment.line.fixed"),
        ),
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

    #[test]
    fn fixed_form_comments_sit_in_column_one() {
        let p = scoped(
            "f77",
            "C     Sum the series\n      PROGRAM SUM\n*     another comment\n\
             C$OMP PARALLEL DO\n      CALL WORK(N)\n      END",
        );
        assert_eq!(scope_of(&p, "C     Sum the series"), "comment.line.fixed");
        assert_eq!(scope_of(&p, "*     another comment"), "comment.line.fixed");
        assert_eq!(
            scope_of(&p, "C$OMP PARALLEL DO"),
            "keyword.control.directive"
        );
        assert_eq!(scope_of(&p, "PROGRAM"), "keyword.other");
        assert_eq!(scope_of(&p, "CALL"), "keyword.other");
        // Free form keeps a C in column 1 as code.
        let free = fortran("call work(n)\nCALL work(n)");
        assert_eq!(scope_of(&free, "CALL"), "keyword.other");
    }
}
