//! The timed part of a check: the serial baseline and the solution
//! interleaved until the speedup's verdict is clear, and the scaling
//! measurement over several worker counts.

use anyhow::{Context, Result, bail};

use super::session::cancelled;
use super::{Report, ScalingReport, Session, load_average};
use crate::course::Course;
use crate::grader::scaling::{self, Point};
use crate::grader::{self, RunVerdict, Sample, Timing};
use crate::runner::{Program, Variant};

impl Session<'_> {
    /// Baseline and solution interleaved (A B A B ...) after a warm-up run
    /// of the baseline, until the verdict is clear or the budget is spent.
    pub(super) fn time(
        &mut self,
        course: &Course,
        binary: &Program,
        mut samples: Vec<Sample>,
        efficiency: f64,
    ) -> Result<Report> {
        let baseline = if self.options.variant == Variant::Baseline && self.baseline.is_none() {
            binary.clone()
        } else {
            match self.baseline_binary(course)? {
                Ok(binary) => binary,
                Err(report) => return Ok(*report),
            }
        };
        let workers = self.workers();
        let mut timing = Timing::new(workers, self.cores, efficiency);
        timing.load_average = load_average();
        timing.ranks = if self.exercise.mpi { workers } else { 0 };
        timing.worker = self.worker();
        timing.overlaps_waits = self.exercise.overlaps_waits;
        let (min_rounds, max_rounds, budget) = self.options.budget();
        let started = std::time::Instant::now();
        if !self.warmed
            && self
                .baseline_run(&baseline, workers, "timing", true)?
                .is_none()
        {
            return Ok(self.report(cancelled()));
        }
        for round in 1..=max_rounds {
            let Some(b) = self.baseline_run(&baseline, workers, "timing", true)? else {
                return Ok(self.report(cancelled()));
            };
            timing.record_baseline(&b);
            let (sample, output) = self.run(binary, self.options.variant, workers, "timing")?;
            let stop = self.stopped(&sample.verdict, &output);
            timing.record(&sample);
            samples.push(sample);
            if let Some(stop) =
                stop.or_else(|| grader::correctness(&self.check, &samples, self.worker()))
            {
                return Ok(self.report_with(stop, samples));
            }
            let enough = round >= min_rounds && (timing.decided() || started.elapsed() >= budget);
            if enough {
                break;
            }
        }
        let solution_workers: Vec<usize> = samples.iter().map(|s| s.workers).collect();
        let mut report = self.report_with(timing.verdict(&solution_workers), samples);
        report.speedup = timing.speedup();
        report.target_speedup = Some(timing.target());
        (report.speedup_low, report.speedup_high) = timing.spread().unzip();
        report.cpu_parallelism = timing.cpu_parallelism();
        report.peak_rss_bytes = timing.peak_rss_bytes;
        report.load_average = timing.load_average;
        report.timing = Some(timing);
        Ok(report)
    }

    pub(super) fn scale(&mut self, course: &Course, counts: &[usize]) -> Result<ScalingReport> {
        let variant = self.options.variant;
        let binary = self.built(course, variant)?;
        let baseline = self.built(course, Variant::Baseline)?;
        self.baseline = Some(baseline.clone());
        if let Some(report) = self.expect(course)? {
            bail!("{}", report.message);
        }
        let load_average = load_average();
        let mut best_baseline = f64::INFINITY;
        let mut best = Vec::new();
        if !self.warmed {
            self.baseline_run(&baseline, 1, "timing", true)?;
        }
        for &workers in counts {
            let mut fastest = f64::INFINITY;
            for _ in 0..3 {
                let b = self
                    .baseline_run(&baseline, workers, "timing", true)?
                    .and_then(|s| s.verdict.seconds())
                    .context("cancelled")?;
                best_baseline = best_baseline.min(b);
                let (sample, output) = self.run(&binary, variant, workers, "scaling")?;
                match sample.verdict {
                    RunVerdict::Correct { seconds, .. } => fastest = fastest.min(seconds),
                    RunVerdict::Cancelled => bail!("cancelled"),
                    other => {
                        let why = self
                            .stopped(&other, &output)
                            .map(|v| v.message)
                            .or_else(|| match &other {
                                RunVerdict::Wrong { why, .. } => Some(why.clone()),
                                _ => None,
                            })
                            .unwrap_or_default();
                        bail!(
                            "with {} the program was not correct, so its speed means nothing yet; check it first. {why}",
                            self.worker().count(workers)
                        );
                    }
                }
            }
            best.push((workers, fastest));
        }
        let points: Vec<Point> = best
            .into_iter()
            .map(|(w, s)| Point::new(w, s, best_baseline))
            .collect();
        let fit = scaling::amdahl_fit(&points);
        Ok(ScalingReport {
            id: self.exercise.id.clone(),
            variant,
            cores: self.cores,
            baseline_seconds: best_baseline,
            serial_fraction: fit.as_ref().map(|f| f.serial_fraction),
            fit,
            points,
            load_average,
        })
    }
}
