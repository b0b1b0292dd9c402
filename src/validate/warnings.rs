//! What `validate` warns about: a course that is sound but proves less than
//! its author thinks. Pure functions of the manifests and the runs.
//!
//! - A speed target a serial program reaches on two cores (the grader then
//!   grades only correctness there; see `grader::MIN_TARGET`).
//! - An efficiency below one half: a program that keeps fewer than half of
//!   its workers busy meets it on any machine.
//! - A speed tier that pays points at a speedup a serial program reaches on
//!   two cores.
//! - A machine with one core, which cannot tell serial from parallel work.
//! - A serial baseline whose result changes with the worker (rank) count
//!   beyond the check's tolerance: the expected value of a learner's check
//!   then depends on the count.

use crate::course::{Check, Exercise};
use crate::grader::{self, MIN_TARGET, Sample, Worker, counted};

/// The least efficiency that asks for more than half the workers' time.
pub const WEAK_EFFICIENCY: f64 = 0.5;

/// A warning for a machine too small to tell serial from parallel work.
pub fn machine_warning(cores: usize) -> Option<String> {
    (cores < 2).then(|| {
        format!(
            "this machine has {}: a serial program and a parallel one run equally fast here, so speed was not graded and starters and baselines were judged on correctness only. Validate on two cores or more.",
            counted(cores, "core", "cores")
        )
    })
}

/// The warnings for `exercise`'s speed target and tiers.
pub fn target_warnings(exercise: &Exercise) -> Vec<String> {
    let Some(efficiency) = exercise.efficiency else {
        return Vec::new();
    };
    let id = &exercise.id;
    let mut out = Vec::new();
    if let Some(why) = grader::speed_not_graded(efficiency, 2, 2, Worker::of(exercise)) {
        let cores = (MIN_TARGET / efficiency).floor() as usize + 1;
        out.push(format!(
            "{id}: efficiency = {efficiency} cannot tell serial from parallel work on two cores; speed is graded only with {} or more. {why}",
            counted(cores, "core", "cores")
        ));
    }
    if efficiency < WEAK_EFFICIENCY {
        out.push(format!(
            "{id}: efficiency = {efficiency} is met by a program that keeps fewer than half of its {} busy, on any machine, so it shows little about how the work is split. An efficiency of {WEAK_EFFICIENCY} or more asks for real parallel work.",
            Worker::of(exercise).many()
        ));
    }
    let target = grader::target(efficiency, 2, 2);
    if exercise.grading.speedup_points > 0.0 && target > MIN_TARGET {
        out.extend(weak_tier(exercise, target));
    }
    out
}

/// The first tier that pays for a speedup a serial program reaches on two
/// cores (target `target`), if one does.
fn weak_tier(exercise: &Exercise, target: f64) -> Option<String> {
    let tier = exercise
        .grading
        .tiers
        .iter()
        .filter(|t| t.share > 0.0)
        .find(|t| 1.0 + t.at * (target - 1.0) <= MIN_TARGET)?;
    let speedup = 1.0 + tier.at * (target - 1.0);
    Some(format!(
        "{}: the speed tier at = {} gives {:.0}% of the speed points from {speedup:.2}x on two cores, which a serial program can reach ({MIN_TARGET:.2}x or less). Raise the tier's `at`, or the efficiency.",
        exercise.id,
        tier.at,
        tier.share * 100.0
    ))
}

/// A warning when the serial baseline's result changed with the worker
/// count (beyond the check's tolerance): the expected value of a learner's
/// check is the baseline's result on the check's seed, so the same input
/// must give the same result at every count. `samples` are the baseline's
/// runs of one check. Sorted lines are left alone: their expected lines
/// are the manifest's, often written for the count (`{rank} of {size}`).
pub fn baseline_depends_on_workers(exercise: &Exercise, samples: &[Sample]) -> Option<String> {
    if matches!(exercise.check, Check::SortedLines(_)) {
        return None;
    }
    let results: Vec<(usize, &serde_json::Value)> = samples
        .iter()
        .filter_map(|s| Some((s.workers, s.verdict.value()?)))
        .collect();
    let (first_workers, first) = results.first()?;
    let (other_workers, other) = results
        .iter()
        .find(|(w, v)| w != first_workers && !grader::agree(&exercise.check, first, v))?;
    let worker = Worker::of(exercise);
    Some(format!(
        "{}: the serial baseline's result changed with the {} count: {} with {}, {} with {}. The expected value of a learner's check comes from the baseline, so it must not depend on the count.",
        exercise.id,
        worker.one(),
        grader::short(first),
        worker.count(*first_workers),
        grader::short(other),
        worker.count(*other_workers),
    ))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::json;

    use super::*;
    use crate::course::{Course, manifest::TierSpec};
    use crate::grader::RunVerdict;

    fn exercise(efficiency: Option<f64>) -> Exercise {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/course");
        let course = Course::load(&root).expect("the fixture course loads");
        let mut exercise = course.exercises[0].clone();
        exercise.efficiency = efficiency;
        exercise.grading.speedup_points = 5.0;
        exercise.grading.tiers = vec![TierSpec {
            at: 1.0,
            share: 1.0,
        }];
        exercise
    }

    #[test]
    fn a_sound_target_gets_no_warning() {
        assert!(target_warnings(&exercise(Some(0.75))).is_empty());
        assert!(target_warnings(&exercise(None)).is_empty());
        assert_eq!(machine_warning(2), None);
    }

    #[test]
    fn a_target_a_serial_program_reaches_is_named() {
        let warnings = target_warnings(&exercise(Some(0.55)));
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].contains("cannot tell serial from parallel work on two cores"),
            "{warnings:?}"
        );
        assert!(warnings[0].contains("with 3 cores or more"), "{warnings:?}");
    }

    #[test]
    fn a_low_efficiency_proves_little() {
        let warnings = target_warnings(&exercise(Some(0.3)));
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("fewer than half of its workers busy")),
            "{warnings:?}"
        );
    }

    #[test]
    fn a_tier_that_pays_a_serial_speedup_is_named() {
        let mut e = exercise(Some(0.7));
        e.grading.tiers = vec![
            TierSpec {
                at: 1.0,
                share: 1.0,
            },
            TierSpec {
                at: 0.25,
                share: 0.5,
            },
        ];
        let warnings = target_warnings(&e);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].contains("tier at = 0.25 gives 50% of the speed points from 1.10x"),
            "{warnings:?}"
        );
    }

    #[test]
    fn one_core_cannot_tell() {
        let warning = machine_warning(1).expect("a warning");
        assert!(warning.starts_with("this machine has 1 core:"), "{warning}");
    }

    fn run(workers: usize, value: serde_json::Value) -> Sample {
        Sample::new(
            workers,
            RunVerdict::Correct {
                result: value,
                seconds: 1.0,
            },
        )
    }

    #[test]
    fn a_baseline_whose_result_follows_the_worker_count_is_named() {
        let mut e = exercise(Some(0.75));
        e.check = Check::Exact(json!(10));
        let same = [run(2, json!(10)), run(3, json!(10)), run(2, json!(10))];
        assert_eq!(baseline_depends_on_workers(&e, &same), None);
        let changed = [run(2, json!(10)), run(3, json!(11))];
        let warning = baseline_depends_on_workers(&e, &changed).expect("a warning");
        assert!(
            warning.contains("10 with 2 workers, 11 with 3 workers"),
            "{warning}"
        );
        let mut mpi = e.clone();
        mpi.mpi = true;
        mpi.check = Check::Exact(json!(10));
        let warning = baseline_depends_on_workers(&mpi, &changed).expect("a warning");
        assert!(warning.contains("changed with the rank count"), "{warning}");
        assert!(warning.contains("with 2 ranks"), "{warning}");
        // Within the check's tolerance, or lines written for the count:
        // no warning.
        let mut close = e.clone();
        close.check = Check::Tolerance {
            expected: vec![10.0],
            scalar: true,
            abs: 0.0,
            rel: 1e-6,
        };
        let nearly = [run(2, json!(10.0)), run(3, json!(10.000001))];
        assert_eq!(baseline_depends_on_workers(&close, &nearly), None);
        let mut lines = e.clone();
        lines.check = Check::SortedLines(vec!["hello from rank {rank} of {size}".into()]);
        let hello = [run(2, json!(["of 2", "of 2"])), run(3, json!(["of 3"]))];
        assert_eq!(baseline_depends_on_workers(&lines, &hello), None);
    }
}
