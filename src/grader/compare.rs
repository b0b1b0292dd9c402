//! Comparing one result with what the manifest expects, and two results with
//! each other (for the race check). Floats are compared with the manifest's
//! tolerance, everything else exactly; `sorted_lines` compares the program's
//! output lines as a multiset, so any order of lines from threads passes.

use serde_json::Value;

use super::counted;
use crate::course::Check;

/// The value a run produced for a check: the reported result, or for
/// `sorted_lines` the sorted output lines.
pub fn observed(check: &Check, result: &Value, output_lines: &[&str]) -> Value {
    match check {
        Check::SortedLines(_) => {
            let mut lines: Vec<&str> = output_lines.to_vec();
            lines.sort_unstable();
            Value::from(lines)
        }
        _ => result.clone(),
    }
}

/// `Ok` when `observed` is correct; otherwise a sentence saying how it differs.
pub fn compare(check: &Check, observed: &Value) -> Result<(), String> {
    match check {
        Check::Exact(expected) if observed == expected => Ok(()),
        Check::Exact(expected) => Err(format!(
            "the result was {}, expected {}",
            short(observed),
            short(expected)
        )),
        Check::Tolerance {
            expected,
            scalar,
            abs,
            rel,
        } => {
            let got = numbers(observed, *scalar).ok_or_else(|| {
                format!(
                    "the result was {}, expected a number or a list of numbers",
                    short(observed)
                )
            })?;
            if got.len() != expected.len() {
                return Err(format!(
                    "the result has {}, expected {}",
                    counted(got.len(), "number", "numbers"),
                    expected.len()
                ));
            }
            let bad = got
                .iter()
                .zip(expected)
                .position(|(g, e)| !close(*g, *e, *abs, *rel));
            match bad {
                None => Ok(()),
                Some(i) => {
                    let at = if *scalar {
                        String::new()
                    } else {
                        format!(" at index {i}")
                    };
                    Err(format!(
                        "the result{at} was {}, expected {} (allowed error {:e})",
                        got[i],
                        expected[i],
                        abs + rel * expected[i].abs()
                    ))
                }
            }
        }
        Check::SortedLines(expected) => {
            let mut expected: Vec<&str> = expected.iter().map(String::as_str).collect();
            expected.sort_unstable();
            let got: Vec<&str> = observed
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            if got == expected {
                return Ok(());
            }
            Err(line_difference(&got, &expected))
        }
    }
}

/// Whether two runs gave the same answer, within the check's tolerance.
pub fn agree(check: &Check, a: &Value, b: &Value) -> bool {
    match check {
        Check::Tolerance {
            expected,
            scalar,
            abs,
            rel,
        } => match (numbers(a, *scalar), numbers(b, *scalar)) {
            (Some(x), Some(y)) => {
                x.len() == y.len()
                    && x.iter()
                        .zip(&y)
                        .zip(expected.iter().chain(std::iter::repeat(&0.0)))
                        .all(|((p, q), e)| (p - q).abs() <= abs + rel * e.abs())
            }
            _ => a == b,
        },
        _ => a == b,
    }
}

fn close(got: f64, expected: f64, abs: f64, rel: f64) -> bool {
    (got - expected).abs() <= abs + rel * expected.abs()
}

fn numbers(value: &Value, scalar: bool) -> Option<Vec<f64>> {
    match value {
        Value::Number(n) if scalar => Some(vec![n.as_f64()?]),
        Value::Array(items) if !scalar => items.iter().map(Value::as_f64).collect(),
        _ => None,
    }
}

/// The first line that is missing or extra, as a learner would want to see it.
fn line_difference(got: &[&str], expected: &[&str]) -> String {
    if let Some(missing) = expected.iter().find(|l| !got.contains(l)) {
        return format!(
            "the output ({}) lacks the line {missing:?} ({} expected, compared in any order)",
            counted(got.len(), "line", "lines"),
            counted(expected.len(), "line", "lines")
        );
    }
    if let Some(extra) = got.iter().find(|l| !expected.contains(l)) {
        return format!("the output has an unexpected line {extra:?}");
    }
    format!(
        "the output has {}, expected {} (some lines appear too often or too rarely)",
        counted(got.len(), "line", "lines"),
        expected.len()
    )
}

/// A value shortened for a message: long lists and strings are cut.
pub fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() <= 80 {
        return text;
    }
    let cut: String = text.chars().take(77).collect();
    format!("{cut}...")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn tol(expected: f64, abs: f64) -> Check {
        Check::Tolerance {
            expected: vec![expected],
            scalar: true,
            abs,
            rel: 0.0,
        }
    }

    #[test]
    fn exact_needs_equality() {
        let check = Check::Exact(json!(42));
        assert!(compare(&check, &json!(42)).is_ok());
        let err = compare(&check, &json!(41)).unwrap_err();
        assert_eq!(err, "the result was 41, expected 42");
    }

    #[test]
    fn tolerance_allows_small_errors_only() {
        let check = tol(std::f64::consts::PI, 1e-10);
        assert!(compare(&check, &json!(3.141592653589102)).is_ok());
        assert!(compare(&check, &json!(3.2)).is_err());
        assert!(compare(&check, &json!("pi")).is_err());
    }

    #[test]
    fn tolerance_lists_name_the_index() {
        let check = Check::Tolerance {
            expected: vec![1.0, 2.0],
            scalar: false,
            abs: 0.0,
            rel: 1e-9,
        };
        assert!(compare(&check, &json!([1.0, 2.0])).is_ok());
        let err = compare(&check, &json!([1.0, 2.5])).unwrap_err();
        assert!(err.contains("at index 1"), "{err}");
        let err = compare(&check, &json!([1.0])).unwrap_err();
        assert_eq!(err, "the result has 1 number, expected 2");
    }

    #[test]
    fn line_counts_take_the_singular_for_one() {
        let check = Check::SortedLines(vec!["a".into()]);
        let seen = observed(&check, &Value::Null, &["b"]);
        assert_eq!(
            compare(&check, &seen).unwrap_err(),
            "the output (1 line) lacks the line \"a\" (1 line expected, compared in any order)"
        );
        let check = Check::SortedLines(vec!["a".into(), "a".into()]);
        let seen = observed(&check, &Value::Null, &["a"]);
        assert_eq!(
            compare(&check, &seen).unwrap_err(),
            "the output has 1 line, expected 2 (some lines appear too often or too rarely)"
        );
    }

    #[test]
    fn sorted_lines_accept_any_order() {
        let check = Check::SortedLines(vec!["a".into(), "b".into()]);
        let seen = observed(&check, &Value::Null, &["b", "a"]);
        assert!(compare(&check, &seen).is_ok());
        let seen = observed(&check, &Value::Null, &["b"]);
        assert!(
            compare(&check, &seen)
                .unwrap_err()
                .contains("lacks the line \"a\"")
        );
    }

    #[test]
    fn agreement_uses_the_tolerance() {
        let check = tol(1.0, 1e-9);
        assert!(agree(&check, &json!(1.0), &json!(1.0 + 1e-12)));
        assert!(!agree(&check, &json!(1.0), &json!(1.1)));
        assert!(!agree(&Check::Exact(json!(1)), &json!(1), &json!(2)));
    }
}
