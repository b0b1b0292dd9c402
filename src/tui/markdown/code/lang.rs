//! A code block's language, from its info string.
//!
//! Authors write the language many ways: `python`, `py`, `Python`,
//! `python title="x.py"`, `rust,ignore`, `{.python .numberLines}` (pandoc),
//! `{r, echo=FALSE}` (knitr), `language-python`. The first word (or the
//! first class of an attribute block) names it; the aliases of the course's
//! languages map to the light grammars' names, the console transcripts and
//! plain text are recognised, and any other word is passed on as it is (the
//! caller looks it up, and shows the block plain when nothing has it).

/// What to do with a block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Lang {
    Plain,
    /// A shell transcript: `$ ` lines are commands, the rest output.
    Console,
    /// A grammar to look up by this token.
    Token(String),
}

pub(super) fn lang(info: Option<&str>) -> Lang {
    let word = first_word(info.unwrap_or_default()).to_lowercase();
    let word = word.strip_prefix("language-").unwrap_or(&word);
    let canonical = match word {
        "" | "text" | "txt" | "plain" | "plaintext" | "output" | "none" | "nohighlight" => {
            return Lang::Plain;
        }
        "console" | "shell-session" | "shellsession" | "terminal" => return Lang::Console,
        "sh" | "bash" | "shell" | "zsh" | "ksh" => "bash",
        "c" | "h" | "cpp" | "c++" | "cxx" | "hpp" | "cc" | "hh" | "hxx" | "h++" => "cpp",
        "fortran" | "f90" | "f95" | "f03" | "f08" | "f" | "f77" | "for" => "fortran",
        "julia" | "jl" => "julia",
        "py" | "python" | "python3" | "py3" => "python",
        "rs" | "rust" => "rust",
        other => other,
    };
    Lang::Token(canonical.to_owned())
}

/// The word that names the language: the first of the info string, or the
/// first class (else the first word) of a `{...}` attribute block.
fn first_word(info: &str) -> &str {
    let info = info.trim();
    let separators = |c: char| c.is_whitespace() || c == ',';
    match info.strip_prefix('{') {
        Some(inner) => {
            let inner = inner.split('}').next().unwrap_or_default();
            let words = inner.split(separators).filter(|w| !w.is_empty());
            let words: Vec<&str> = words.filter(|w| !w.contains('=')).collect();
            let class = words.iter().copied().find_map(|w| w.strip_prefix('.'));
            let first = words.first().filter(|w| !w.starts_with('#')).copied();
            class.or(first).unwrap_or_default()
        }
        None => info
            .split(|c: char| separators(c) || c == '{')
            .next()
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(info: &str) -> Lang {
        lang(Some(info))
    }

    fn named(name: &str) -> Lang {
        Lang::Token(name.to_owned())
    }

    #[test]
    fn aliases_name_the_light_grammars() {
        for (aliases, name) in [
            (
                &["c", "h", "cpp", "c++", "cxx", "hpp", "C", "CPP"][..],
                "cpp",
            ),
            (&["fortran", "f90", "f95", "f", "Fortran"], "fortran"),
            (&["julia", "jl"], "julia"),
            (&["sh", "bash", "shell", "zsh"], "bash"),
            (&["py", "python", "python3", "Python"], "python"),
            (&["rs", "rust"], "rust"),
            (&["toml"], "toml"),
        ] {
            for alias in aliases {
                assert_eq!(token(alias), named(name), "{alias}");
            }
        }
        assert_eq!(token("console"), Lang::Console);
        assert_eq!(token("shell-session"), Lang::Console);
    }

    #[test]
    fn info_strings_in_the_wild() {
        assert_eq!(token("text"), Lang::Plain);
        assert_eq!(token(""), Lang::Plain);
        assert_eq!(lang(None), Lang::Plain);
        assert_eq!(token("{.python}"), named("python"));
        assert_eq!(
            token("{.python .numberLines startFrom=\"3\"}"),
            named("python")
        );
        assert_eq!(token("{#listing .rust}"), named("rust"));
        assert_eq!(token("{r, echo=FALSE}"), named("r"));
        assert_eq!(token("python title=\"x.py\""), named("python"));
        assert_eq!(token("rust,ignore"), named("rust"));
        assert_eq!(token("rust{.numberLines}"), named("rust"));
        assert_eq!(token("  language-julia  "), named("julia"));
        assert_eq!(token("{}"), Lang::Plain);
        assert_eq!(token("{"), Lang::Plain);
        assert_eq!(token("no-such-language"), named("no-such-language"));
    }
}
