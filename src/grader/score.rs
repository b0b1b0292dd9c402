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
//! whether the due date has passed, and when a submission was made.
//!
//! Lateness is scored here too: whole days late (a part of a day counts as
//! one), the student's grace days absorbing the first of them, and a share
//! of the points earned taken off for each day left, up to the course's
//! cap.

use serde::{Deserialize, Serialize};

use crate::course::manifest::Visibility;
use crate::course::{Grading, LatePolicy};
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

/// What lateness cost one student: the days late, the grace days that
/// absorbed some of them, and the share and points taken off.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Penalty {
    pub days_late: u32,
    pub grace_days_used: u32,
    /// Of the points earned, the share taken off.
    pub share: f64,
    pub points: f64,
}

/// Days late of a submission made at `submitted` (seconds since 1970) for a
/// due time of `due_end`: a part of a day counts as a whole one.
pub fn days_late(due_end: i64, submitted: i64) -> u32 {
    let seconds = submitted.saturating_sub(due_end);
    if seconds <= 0 {
        return 0;
    }
    u32::try_from(seconds.div_euclid(86_400) + i64::from(seconds % 86_400 != 0)).unwrap_or(u32::MAX)
}

/// The penalty of a submission `days_late` days late by a student with
/// `grace_days`, on `earned` points.
pub fn late_penalty(policy: &LatePolicy, days_late: u32, grace_days: u32, earned: f64) -> Penalty {
    let grace_days_used = days_late.min(grace_days);
    let charged = days_late - grace_days_used;
    let share = (policy.penalty_per_day * f64::from(charged))
        .min(policy.max_penalty)
        .clamp(0.0, 1.0);
    let share = (share * 10_000.0).round() / 10_000.0;
    Penalty {
        days_late,
        grace_days_used,
        share,
        points: round(earned.max(0.0) * share),
    }
}

/// A total less a late penalty, rounded to hundredths.
pub fn after_penalty(total: f64, penalty: &Penalty) -> f64 {
    round(total - penalty.points)
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

    fn policy(per_day: f64, max: f64) -> LatePolicy {
        LatePolicy {
            penalty_per_day: per_day,
            max_penalty: max,
            ..LatePolicy::default()
        }
    }

    #[test]
    fn a_part_of_a_day_late_counts_as_a_day() {
        let due = 1_000_000;
        assert_eq!(days_late(due, due - 5), 0);
        assert_eq!(days_late(due, due), 0);
        assert_eq!(days_late(due, due + 1), 1);
        assert_eq!(days_late(due, due + 86_400), 1);
        assert_eq!(days_late(due, due + 86_401), 2);
        assert_eq!(days_late(0, i64::MAX), u32::MAX);
        assert_eq!(days_late(due, i64::MIN), 0);
    }

    #[test]
    fn each_day_late_takes_a_share_of_the_points_earned() {
        let p = late_penalty(&policy(0.1, 1.0), 3, 0, 15.0);
        assert_eq!(
            (p.days_late, p.grace_days_used, p.share, p.points),
            (3, 0, 0.3, 4.5)
        );
        assert_eq!(after_penalty(15.0, &p), 10.5);
        let on_time = late_penalty(&policy(0.1, 1.0), 0, 2, 15.0);
        assert_eq!(
            (on_time.share, on_time.points, on_time.grace_days_used),
            (0.0, 0.0, 0)
        );
    }

    #[test]
    fn grace_days_absorb_the_first_days_late() {
        let p = late_penalty(&policy(0.1, 1.0), 3, 2, 10.0);
        assert_eq!((p.grace_days_used, p.share, p.points), (2, 0.1, 1.0));
        let p = late_penalty(&policy(0.1, 1.0), 1, 2, 10.0);
        assert_eq!((p.grace_days_used, p.share, p.points), (1, 0.0, 0.0));
    }

    #[test]
    fn the_penalty_stops_at_its_cap_and_never_passes_the_points() {
        let p = late_penalty(&policy(0.1, 0.25), 30, 0, 8.0);
        assert_eq!((p.share, p.points), (0.25, 2.0));
        let p = late_penalty(&policy(0.5, 1.0), 9, 0, 8.0);
        assert_eq!((p.share, p.points), (1.0, 8.0));
        assert_eq!(after_penalty(8.0, &p), 0.0);
        let p = late_penalty(&policy(0.5, 1.0), 2, 0, -1.0);
        assert_eq!(p.points, 0.0, "nothing earned, nothing taken");
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
