//! The grader graded: for every speedup-graded exercise of the bundled
//! course, N quick checks of the reference (each must pass) and N of the
//! serial baseline (none may pass), with the spread of the reference's
//! measured speedup (max / min over the N checks), how many of the
//! reference's timed runs the cross-checks of the harness's clock and work
//! set aside (`grader::trust`; it must stay 0), and the seconds a check
//! takes. The reference's inputs come from a fresh seed every check.
//!
//! Run with `cargo bench --bench grader` on an otherwise quiet machine;
//! `PARLAB_BENCH_N` sets N (default 10), `PARLAB_BENCH_FILTER` picks
//! exercises by id prefix (several, separated by commas), `PARLAB_BENCH_TRACK` by track (`rust` or
//! `python`). Builds and a warm-up check of each variant come
//! before the timed checks.

use std::path::PathBuf;
use std::time::Instant;

use parlab::check::{CheckOptions, check};
use parlab::course::Course;
use parlab::grader::Outcome;
use parlab::runner::Variant;

fn main() {
    let n: usize = std::env::var("PARLAB_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);
    let filter = std::env::var("PARLAB_BENCH_FILTER").unwrap_or_default();
    let track = std::env::var("PARLAB_BENCH_TRACK")
        .ok()
        .and_then(|t| parlab::course::Language::parse(&t));
    // Checks run one after another, never side by side, so none disturbs
    // another's timing. Builds and state go to the course's `.parlab`.
    let course = Course::load(&PathBuf::from(env!("CARGO_MANIFEST_DIR"))).expect("bundled course");
    println!(
        "{:<22} {:>10} {:>10} {:>12} {:>9} {:>9} {:>10}",
        "exercise", "reference", "baseline", "speedups", "spread", "set aside", "s/check"
    );
    for exercise in course
        .exercises
        .iter()
        .filter(|e| e.efficiency.is_some() && filter.split(',').any(|f| e.id.starts_with(f)))
        .filter(|e| track.is_none_or(|t| e.language == t))
    {
        let mut quiet = |_| {};
        for variant in [Variant::Reference, Variant::Baseline] {
            let warm = CheckOptions {
                variant,
                rounds: 1,
                ..CheckOptions::default()
            };
            check(&course, exercise, &warm, &mut quiet).expect("warm-up check");
        }
        let mut speedups = Vec::new();
        let mut passed = [0usize; 2];
        let mut set_aside = 0usize;
        let started = Instant::now();
        for _ in 0..n {
            for (i, variant) in [Variant::Reference, Variant::Baseline]
                .into_iter()
                .enumerate()
            {
                let options = CheckOptions {
                    variant,
                    ..CheckOptions::default()
                };
                let report = check(&course, exercise, &options, &mut quiet).expect("check runs");
                passed[i] += usize::from(report.outcome == Outcome::Passed);
                if variant == Variant::Reference {
                    speedups.extend(report.speedup);
                    set_aside += report.timing.as_ref().map_or(0, |t| t.doubts.len());
                    if report.outcome != Outcome::Passed {
                        eprintln!("{}: {}", exercise.id, report.message);
                    }
                }
            }
        }
        let per_check = started.elapsed().as_secs_f64() / (2 * n) as f64;
        let lo = speedups.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = speedups.iter().copied().fold(0.0, f64::max);
        println!(
            "{:<22} {:>7}/{n:<2} {:>7}/{n:<2} {:>5.2}-{:<5.2} {:>9.3} {:>9} {:>10.1}",
            exercise.id,
            passed[0],
            passed[1],
            lo,
            hi,
            hi / lo,
            set_aside,
            per_check
        );
    }
}
