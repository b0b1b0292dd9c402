//! How a run is judged, as the course states it: the check of an exercise's
//! result ([`Check`]) and how its points are given ([`Grading`]), converted
//! from their manifest form and checked. A wrong value is an error naming the
//! key it is about; nothing here panics on what a manifest holds.

use super::manifest::{self, CheckSpec};

/// How an exercise is scored when an instructor grades it.
#[derive(Clone, Debug, PartialEq)]
pub struct Grading {
    pub points: f64,
    /// Of `points`, the part given for speed (0 where speed is not graded).
    pub speedup_points: f64,
    /// Best first; see `manifest::TierSpec`.
    pub tiers: Vec<manifest::TierSpec>,
    pub visibility: manifest::Visibility,
    pub speedup_visibility: manifest::Visibility,
}

/// The course's late policy (`[grading]` in course.toml): a share of the
/// points earned taken off per day late, up to a cap, after the grace days
/// each student may use. The arithmetic is `grader::score::late`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LatePolicy {
    pub penalty_per_day: f64,
    pub max_penalty: f64,
    pub grace_days: u32,
    pub grace_days_for: std::collections::BTreeMap<String, u32>,
}

impl LatePolicy {
    /// Whether the course has a late policy at all.
    pub fn is_set(&self) -> bool {
        self.penalty_per_day > 0.0 || self.grace_days > 0 || !self.grace_days_for.is_empty()
    }

    /// The grace days of `student`.
    pub fn grace_days_of(&self, student: &str) -> u32 {
        self.grace_days_for
            .get(student)
            .copied()
            .unwrap_or(self.grace_days)
    }
}

/// Full speed points at the target, half at half the way from 1x to it.
pub const DEFAULT_TIERS: [manifest::TierSpec; 2] = [
    manifest::TierSpec {
        at: 1.0,
        share: 1.0,
    },
    manifest::TierSpec {
        at: 0.5,
        share: 0.5,
    },
];

/// How a result is compared with the expected one (see the grader).
#[derive(Clone, Debug, PartialEq)]
pub enum Check {
    Exact(serde_json::Value),
    Tolerance {
        expected: Vec<f64>,
        /// The expected value was one number rather than a list.
        scalar: bool,
        abs: f64,
        rel: f64,
    },
    SortedLines(Vec<String>),
}

impl Check {
    /// The same check against another expected value: the serial
    /// baseline's result on the check's own seed. Tolerances stay the
    /// manifest's; `sorted_lines` does not depend on the input and stays.
    pub fn with_expected(&self, value: &serde_json::Value) -> Option<Check> {
        match self {
            Check::Exact(_) => Some(Check::Exact(value.clone())),
            Check::Tolerance { abs, rel, .. } => {
                let (expected, scalar) = match value {
                    serde_json::Value::Array(items) => (
                        items
                            .iter()
                            .map(serde_json::Value::as_f64)
                            .collect::<Option<Vec<f64>>>()?,
                        false,
                    ),
                    v => (vec![v.as_f64()?], true),
                };
                Some(Check::Tolerance {
                    expected,
                    scalar,
                    abs: *abs,
                    rel: *rel,
                })
            }
            Check::SortedLines(_) => Some(self.clone()),
        }
    }

    /// The check for a run with `workers` workers (ranks, for MPI): in
    /// `sorted_lines`, a line with `{rank}` stands for one line per rank, 0 to
    /// workers - 1, and `{size}` is the worker count. Other checks are as
    /// they are.
    pub fn for_workers(&self, workers: usize) -> std::borrow::Cow<'_, Check> {
        use std::borrow::Cow;
        let Check::SortedLines(lines) = self else {
            return Cow::Borrowed(self);
        };
        if !lines
            .iter()
            .any(|l| l.contains("{rank}") || l.contains("{size}"))
        {
            return Cow::Borrowed(self);
        }
        let size = workers.to_string();
        let expanded = lines
            .iter()
            .flat_map(|line| {
                let line = line.replace("{size}", &size);
                if line.contains("{rank}") {
                    (0..workers)
                        .map(|r| line.replace("{rank}", &r.to_string()))
                        .collect()
                } else {
                    vec![line]
                }
            })
            .collect();
        Cow::Owned(Check::SortedLines(expanded))
    }
}

pub(super) fn convert_check(spec: CheckSpec) -> Result<Check, String> {
    match spec {
        CheckSpec::Exact { expected } => serde_json::to_value(expected)
            .map(Check::Exact)
            .map_err(|e| format!("check: expected value cannot be compared: {e}")),
        CheckSpec::Tolerance { expected, abs, rel } => {
            let (numbers, scalar) = match &expected {
                toml::Value::Array(items) => (items.iter().map(as_number).collect(), false),
                other => (vec![as_number(other)], true),
            };
            let expected: Option<Vec<f64>> = numbers.into_iter().collect();
            let expected =
                expected.ok_or("check: a tolerance check expects a number or a list of numbers")?;
            if !(abs >= 0.0 && rel >= 0.0) || abs + rel == 0.0 {
                return Err("check: a tolerance check needs abs or rel above 0".into());
            }
            Ok(Check::Tolerance {
                expected,
                scalar,
                abs,
                rel,
            })
        }
        CheckSpec::SortedLines { expected } => Ok(Check::SortedLines(expected)),
    }
}

fn as_number(value: &toml::Value) -> Option<f64> {
    match value {
        toml::Value::Float(x) => Some(*x),
        toml::Value::Integer(n) => Some(*n as f64),
        _ => None,
    }
}

/// The grading table of an exercise, checked; `Err((key, message))` names
/// the key that is wrong.
pub(super) fn convert_grading(
    spec: &manifest::GradingSpec,
    timed: bool,
) -> Result<Grading, (&'static str, String)> {
    if !(spec.points.is_finite() && spec.points >= 0.0) {
        return Err((
            "points",
            format!("points must be 0 or more, not {}", spec.points),
        ));
    }
    let share = spec.speedup_share.unwrap_or(if timed { 0.5 } else { 0.0 });
    if !(0.0..=1.0).contains(&share) {
        return Err((
            "speedup_share",
            format!("speedup_share must be between 0 and 1, not {share}"),
        ));
    }
    if share > 0.0 && !timed {
        return Err((
            "speedup_share",
            "speedup_share needs an `efficiency`: this exercise's speed is not measured".into(),
        ));
    }
    let tiers = spec.tiers.clone().unwrap_or_else(|| DEFAULT_TIERS.to_vec());
    let ordered = tiers
        .iter()
        .zip(tiers.iter().skip(1))
        .all(|(a, b)| a.at > b.at);
    let in_range = tiers
        .iter()
        .all(|t| t.at > 0.0 && t.at <= 1.0 && (0.0..=1.0).contains(&t.share));
    if tiers.is_empty() || !ordered || !in_range {
        return Err((
            "tiers",
            "tiers must be a list, best first, of { at, share } with at in (0, 1], decreasing, and share in [0, 1]".into(),
        ));
    }
    Ok(Grading {
        points: spec.points,
        speedup_points: spec.points * share,
        tiers,
        visibility: spec.visibility,
        speedup_visibility: spec.speedup_visibility,
    })
}

impl Grading {
    /// The grading of an exercise whose `[grading]` table is wrong (the
    /// problem is reported): the default points, none of them for speed.
    pub(super) fn fallback() -> Grading {
        Grading {
            points: manifest::GradingSpec::default().points,
            speedup_points: 0.0,
            tiers: DEFAULT_TIERS.to_vec(),
            visibility: manifest::Visibility::Visible,
            speedup_visibility: manifest::Visibility::Visible,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Check;

    #[test]
    fn rank_lines_expand_for_each_run() {
        let check = Check::SortedLines(vec![
            "hello from rank {rank} of {size}".into(),
            "world has {size} ranks".into(),
        ]);
        let Check::SortedLines(lines) = check.for_workers(3).into_owned() else {
            panic!()
        };
        assert_eq!(
            lines,
            [
                "hello from rank 0 of 3",
                "hello from rank 1 of 3",
                "hello from rank 2 of 3",
                "world has 3 ranks"
            ]
        );
        let plain = Check::SortedLines(vec!["a".into()]);
        assert!(matches!(
            plain.for_workers(5),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
