//! What a Python program's own error output says, in the learner's terms:
//! the line of a syntax error, and the line of the learner's file where an
//! exception was raised. Pure functions over text.

/// `file:line:col: SyntaxError: message` as the runner's compile step
/// prints it: `(line, column, "SyntaxError: message")`.
pub fn python_syntax_error(diagnostics: &str) -> Option<(u32, u32, String)> {
    let first = diagnostics.lines().next()?;
    let (head, message) = first.split_once(": ")?;
    let mut parts = head.rsplitn(3, ':');
    let col = parts.next()?.parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    parts.next()?;
    Some((line, col, message.trim().to_owned()))
}

/// Where in the learner's file (`file_rel`, such as
/// `multiprocessing/centre.py`) a traceback last passed, and the exception
/// it ended with: `(line, "ValueError: ...")`. A traceback that never
/// passed the learner's file (the harness's own error) gives `None`.
pub fn python_exception(stderr: &str, file_rel: &str) -> Option<(u32, String)> {
    let start = stderr.rfind("Traceback (most recent call last):")?;
    let traceback = &stderr[start..];
    let suffix = format!("/{}\"", file_rel.trim_start_matches('/'));
    let line = traceback
        .lines()
        .filter_map(|l| {
            let l = l.trim_start();
            let rest = l.strip_prefix("File \"")?;
            let (path, tail) = rest.split_once(", line ")?;
            let path_q = format!("/{path}");
            path_q.ends_with(&suffix).then_some(())?;
            tail.split(|c: char| !c.is_ascii_digit())
                .next()?
                .parse()
                .ok()
        })
        .next_back()?;
    let exception = traceback
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty() && !l.starts_with(' ') && !l.starts_with('\t'))?
        .trim()
        .to_owned();
    Some((line, exception))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_syntax_error_names_its_line() {
        let d = "/c/exercises/mp/a.py:7:12: SyntaxError: invalid syntax\n    def f(:";
        assert_eq!(
            python_syntax_error(d),
            Some((7, 12, "SyntaxError: invalid syntax".into()))
        );
        assert_eq!(python_syntax_error("error[E0308]: mismatched types"), None);
    }

    #[test]
    fn an_exception_names_the_learners_line() {
        let err = "Traceback (most recent call last):\n  File \"/c/exercises/course/mp/sq/harness.py\", line 30, in <module>\n    main()\n  File \"/tmp/x/exercises/mp/squares.py\", line 12, in square\n    return 1 / 0\n           ~~^~~\nZeroDivisionError: division by zero\n";
        assert_eq!(
            python_exception(err, "mp/squares.py"),
            Some((12, "ZeroDivisionError: division by zero".into()))
        );
        assert_eq!(python_exception(err, "mp/other.py"), None);
    }
}
