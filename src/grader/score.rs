//! Scoring one exercise from its check report and the course's grading
//! table: pure functions, so every rule is tested without running anything.
//!
//! An exercise's points split in two. The correctness part is given when the
//! result was right at every worker count (outcomes `passed`, `too_slow` and
//! `inconclusive`). The speed part is given in tiers: a tier's `at` is the
//! fraction of the way from 1x to the target speedup that the measured
//! speedup reached, so a serial program earns nothing whatever the core
//! count, and the target earns everything. An `inconclusive` measurement is
//! scored from its median speedup and flagged for a regrade.
//!
//! Visibility is scored here too: what a student may see of a check that is
//! hidden from them (its outcome, never its expected values). Both the
//! class's grading (`crate::classroom`) and `parlab check --all` score with
//! these functions. Nothing here reads a file or the clock: the caller says
//! whether the due date has passed.

use serde::Serialize;

use crate::course::Grading;
use crate::course::manifest::Visibility;
use crate::grader::Outcome;

/// The points of one exercise: the correctness part and the speed part.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Points {
    pub correctness: f64,
    pub speedup: f64,
    pub total: f64,
    pub max: f64,
}

/// The points of one exercise.
pub fn points(
    grading: &Grading,
    outcome: Option<Outcome>,
    speedup: Option<f64>,
    target: Option<f64>,
) -> Points {
    let max = grading.points;
    let correct = correct(outcome);
    let correctness = if correct {
        max - grading.speedup_points
    } else {
        0.0
    };
    let speed_share = match (outcome, speedup, target) {
        _ if !correct || grading.speedup_points == 0.0 => 0.0,
        (Some(Outcome::Passed), _, _) => 1.0,
        (_, Some(s), Some(t)) => tier_share(grading, s, t),
        _ => 0.0,
    };
    let speedup = round(grading.speedup_points * speed_share);
    let correctness = round(correctness);
    Points {
        correctness,
        speedup,
        total: round(correctness + speedup),
        max,
    }
}

/// The share of the speed points that `speedup` earns against `target`.
pub fn tier_share(grading: &Grading, speedup: f64, target: f64) -> f64 {
    let gain = if target > 1.0 {
        (speedup - 1.0) / (target - 1.0)
    } else if speedup >= target {
        1.0
    } else {
        0.0
    };
    grading
        .tiers
        .iter()
        .find(|t| gain >= t.at - 1e-9)
        .map_or(0.0, |t| t.share)
}

/// The points of an exercise whose speed this machine could not grade
/// (a target a serial program reaches): the correctness part alone.
pub fn without_speed(points: Points) -> Points {
    Points {
        speedup: 0.0,
        total: points.correctness,
        ..points
    }
}

/// A student's total and maximum over their exercises' points, the total
/// rounded to hundredths.
pub fn sum(points: impl IntoIterator<Item = Points>) -> (f64, f64) {
    let (total, max) = points
        .into_iter()
        .fold((0.0, 0.0), |(total, max), p| (total + p.total, max + p.max));
    (round(total), max)
}

/// Whether the result was right at every worker count: the outcomes that
/// earn the correctness part.
pub fn correct(outcome: Option<Outcome>) -> bool {
    matches!(
        outcome,
        Some(Outcome::Passed | Outcome::TooSlow | Outcome::Inconclusive)
    )
}

fn round(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Whether a check with `visibility` is shown to the student now.
pub fn shown(visibility: Visibility, after_due: bool) -> bool {
    match visibility {
        Visibility::Visible => true,
        Visibility::Hidden => false,
        Visibility::AfterDueDate => after_due,
    }
}

/// The message a student may see for a check that is not shown: the outcome
/// alone, never the expected values.
pub fn hidden_message(outcome: Option<Outcome>) -> String {
    match outcome {
        _ if correct(outcome) => "Hidden check: correct.".to_owned(),
        Some(o) => format!(
            "Hidden check: not passed ({}). Its details are not shown.",
            o.name()
        ),
        None => "Hidden check: not run.".to_owned(),
    }
}

/// The message a student sees for a check: `message` itself where the
/// check is shown, else its hidden form.
pub fn student_message(
    visibility: Visibility,
    after_due: bool,
    outcome: Option<Outcome>,
    message: &str,
) -> String {
    if shown(visibility, after_due) {
        message.to_owned()
    } else {
        hidden_message(outcome)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::DEFAULT_TIERS;

    fn grading(points: f64, share: f64) -> Grading {
        Grading {
            points,
            speedup_points: points * share,
            tiers: DEFAULT_TIERS.to_vec(),
            visibility: Visibility::Visible,
            speedup_visibility: Visibility::Visible,
        }
    }

    #[test]
    fn passed_earns_everything() {
        let p = points(
            &grading(10.0, 0.5),
            Some(Outcome::Passed),
            Some(1.9),
            Some(1.4),
        );
        assert_eq!(
            (p.correctness, p.speedup, p.total, p.max),
            (5.0, 5.0, 10.0, 10.0)
        );
    }

    #[test]
    fn a_serial_solution_earns_the_correctness_part_only() {
        let p = points(
            &grading(10.0, 0.5),
            Some(Outcome::TooSlow),
            Some(1.02),
            Some(1.4),
        );
        assert_eq!((p.correctness, p.speedup), (5.0, 0.0));
    }

    #[test]
    fn half_way_to_the_target_earns_the_half_tier() {
        let g = grading(10.0, 0.4);
        let p = points(&g, Some(Outcome::TooSlow), Some(1.25), Some(1.4));
        assert_eq!((p.correctness, p.speedup), (6.0, 2.0));
        let p = points(&g, Some(Outcome::TooSlow), Some(1.15), Some(1.4));
        assert_eq!(p.speedup, 0.0);
    }

    #[test]
    fn wrong_results_earn_nothing_however_fast() {
        for outcome in [
            Outcome::WrongOutput,
            Outcome::Race,
            Outcome::Crashed,
            Outcome::TimedOut,
        ] {
            let p = points(&grading(10.0, 0.5), Some(outcome), Some(1.9), Some(1.4));
            assert_eq!(p.total, 0.0, "{outcome:?}");
        }
        assert_eq!(points(&grading(10.0, 0.5), None, None, None).total, 0.0);
    }

    #[test]
    fn untimed_exercises_give_all_points_for_correctness() {
        let p = points(&grading(4.0, 0.0), Some(Outcome::Passed), None, None);
        assert_eq!((p.correctness, p.speedup, p.total), (4.0, 0.0, 4.0));
    }

    #[test]
    fn hidden_messages_name_the_outcome_only() {
        let m = hidden_message(Some(Outcome::WrongOutput));
        assert!(m.contains("wrong_output") && !m.contains("expected"));
        assert!(!shown(Visibility::Hidden, true));
        assert!(shown(Visibility::AfterDueDate, true));
        assert!(!shown(Visibility::AfterDueDate, false));
    }

    #[test]
    fn speed_not_graded_keeps_the_correctness_part() {
        let p = points(
            &grading(10.0, 0.5),
            Some(Outcome::Passed),
            Some(1.9),
            Some(1.4),
        );
        let p = without_speed(p);
        assert_eq!(
            (p.correctness, p.speedup, p.total, p.max),
            (5.0, 0.0, 5.0, 10.0)
        );
    }

    #[test]
    fn a_total_is_rounded_and_the_maximum_is_not() {
        let p = |total, max| Points {
            correctness: total,
            speedup: 0.0,
            total,
            max,
        };
        assert_eq!(sum([p(0.1, 1.0), p(0.2, 2.0), p(3.333, 3.0)]), (3.63, 6.0));
        assert_eq!(sum([]), (0.0, 0.0));
    }

    #[test]
    fn no_tiers_and_odd_targets_earn_no_speed_points_without_failing() {
        let mut g = grading(10.0, 0.5);
        g.tiers.clear();
        assert_eq!(tier_share(&g, 3.0, 1.4), 0.0);
        let g = grading(10.0, 0.5);
        assert_eq!(tier_share(&g, 1.0, 1.0), 1.0);
        assert_eq!(tier_share(&g, 0.5, 0.9), 0.0);
        assert_eq!(tier_share(&g, f64::NAN, 1.4), 0.0);
    }

    #[test]
    fn a_student_sees_a_shown_message_and_the_outcome_of_a_hidden_one() {
        let m = "Wrong: expected 7, got 8.";
        let wrong = Some(Outcome::WrongOutput);
        assert_eq!(student_message(Visibility::Visible, false, wrong, m), m);
        assert_eq!(
            student_message(Visibility::AfterDueDate, false, wrong, m),
            hidden_message(wrong)
        );
        assert_eq!(student_message(Visibility::AfterDueDate, true, wrong, m), m);
        assert_eq!(
            student_message(Visibility::Hidden, true, Some(Outcome::TooSlow), m),
            "Hidden check: correct."
        );
        assert_eq!(hidden_message(None), "Hidden check: not run.");
    }
}
