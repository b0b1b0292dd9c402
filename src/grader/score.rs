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

use serde::Serialize;

use crate::course::Grading;
use crate::course::manifest::Visibility;
use crate::grader::Outcome;

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
    let correct = matches!(
        outcome,
        Some(Outcome::Passed | Outcome::TooSlow | Outcome::Inconclusive)
    );
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
        Some(Outcome::Passed | Outcome::TooSlow | Outcome::Inconclusive) => {
            "Hidden check: correct.".to_owned()
        }
        Some(o) => format!(
            "Hidden check: not passed ({}). Its details are not shown.",
            o.name()
        ),
        None => "Hidden check: not run.".to_owned(),
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
}
