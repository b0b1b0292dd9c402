//! Speed: the interleaved timings of the serial baseline and the solution,
//! and the verdict they support (passed, too slow, inconclusive, or
//! rejected when the timing cannot be believed).

use serde::Serialize;

use super::{Outcome, Sample, Verdict, Worker, counted, target, trust};

/// Timings of the interleaved baseline and solution runs, pair by pair.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Timing {
    pub baseline_seconds: Vec<f64>,
    pub solution_seconds: Vec<f64>,
    pub workers: usize,
    pub cores: usize,
    pub efficiency: f64,
    /// Kernel CPU time / kernel wall time of each timed solution run.
    pub cpu_parallelism: Vec<f64>,
    pub peak_rss_bytes: Option<u64>,
    pub load_average: Option<f64>,
    /// Cores other programs kept busy during each timed solution run.
    #[serde(default)]
    pub busy_elsewhere: Vec<f64>,
    /// The baseline runs as measured, for the cross-checks of `trust`.
    #[serde(skip)]
    pub baseline_runs: Vec<trust::Measured>,
    /// Timed runs set aside because their timing could not be believed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub doubts: Vec<String>,
    /// MPI ranks (0 outside MPI): the launcher's share of the clock check.
    #[serde(skip)]
    pub ranks: usize,
    /// What the messages call a worker.
    #[serde(skip)]
    pub worker: Worker,
    /// The exercise is about overlapping waits, so a run that keeps one
    /// core busy may still earn its speedup.
    #[serde(skip)]
    pub overlaps_waits: bool,
}

impl Timing {
    pub fn new(workers: usize, cores: usize, efficiency: f64) -> Self {
        Self {
            baseline_seconds: Vec::new(),
            solution_seconds: Vec::new(),
            workers,
            cores,
            efficiency,
            cpu_parallelism: Vec::new(),
            peak_rss_bytes: None,
            load_average: None,
            busy_elsewhere: Vec::new(),
            baseline_runs: Vec::new(),
            doubts: Vec::new(),
            ranks: 0,
            worker: Worker::Worker,
            overlaps_waits: false,
        }
    }

    /// Adds a timed baseline run: the partner of the solution run after it.
    pub fn record_baseline(&mut self, sample: &Sample) {
        if let Some(seconds) = sample.verdict.seconds() {
            self.baseline_seconds.push(seconds);
        }
        self.baseline_runs.extend(sample.measured());
    }

    /// Why this solution run's timing cannot be believed, if it cannot.
    fn doubt(&self, sample: &Sample) -> Option<String> {
        let run = sample.measured()?;
        let outside = self
            .baseline_runs
            .iter()
            .filter_map(trust::Measured::outside)
            .reduce(f64::min);
        trust::clock_doubt(&run, outside, self.ranks)
            .or_else(|| trust::work_doubt(&run, &self.baseline_runs))
    }

    /// Adds a timed solution run (its baseline partner is recorded before
    /// it). A run whose timing cannot be believed is set aside with its
    /// partner, and the reason kept.
    pub fn record(&mut self, sample: &Sample) {
        if let Some(why) = self.doubt(sample) {
            self.doubts.push(why);
            if self.baseline_seconds.len() > self.solution_seconds.len() {
                self.baseline_seconds.pop();
            }
            return;
        }
        if let Some(seconds) = sample.verdict.seconds() {
            self.solution_seconds.push(seconds);
        }
        self.cpu_parallelism.extend(sample.cpu_parallelism());
        self.busy_elsewhere.extend(sample.busy_elsewhere);
        if let Some(rss) = sample.peak_rss_bytes {
            self.peak_rss_bytes = Some(self.peak_rss_bytes.map_or(rss, |p| p.max(rss)));
        }
    }

    /// The best of each side: the least disturbed run of each. A busy
    /// machine only ever slows a run down, so minima estimate the quiet
    /// machine's times.
    pub fn speedup(&self) -> Option<f64> {
        let b = min(&self.baseline_seconds)?;
        let s = min(&self.solution_seconds)?;
        (s > 0.0).then(|| b / s)
    }

    /// The speedup of each interleaved pair: a baseline run and the solution
    /// run right after it saw nearly the same machine.
    pub fn ratios(&self) -> Vec<f64> {
        self.baseline_seconds
            .iter()
            .zip(&self.solution_seconds)
            .filter(|(_, s)| **s > 0.0)
            .map(|(b, s)| b / s)
            .collect()
    }

    /// The range the speedup moved in, with the single most extreme pair on
    /// each side set aside once there are four pairs or more.
    pub fn spread(&self) -> Option<(f64, f64)> {
        let mut r = self.ratios();
        r.sort_by(f64::total_cmp);
        let trim = usize::from(r.len() >= 4);
        let low = *r.get(trim)?;
        let high = *r.get(r.len().checked_sub(1 + trim)?)?;
        Some((low.min(self.speedup()?), high.max(self.speedup()?)))
    }

    /// Whether the pairs back up a speedup that reaches the target: their
    /// middle ratio must be near it too. The best runs alone are not enough
    /// where a program's own speed changes from process to process (a
    /// memory layout the machine favours one run and not the next): then
    /// the fastest runs of two identical programs can differ by 40%.
    pub fn pairs_agree(&self) -> bool {
        median(&self.ratios()).is_some_and(|m| m >= PAIRS_AGREE * self.target())
    }

    /// True once more pairs cannot change the verdict's side: passed, or
    /// below the target even in the most favourable pairs.
    pub fn decided(&self) -> bool {
        let target = self.target();
        match (self.speedup(), self.spread()) {
            (Some(s), _) if s >= target && self.pairs_agree() => true,
            (_, Some((_, high))) => high < target,
            _ => false,
        }
    }

    /// Median cores the kernel kept busy.
    pub fn cpu_parallelism(&self) -> Option<f64> {
        let mut c = self.cpu_parallelism.clone();
        c.sort_by(f64::total_cmp);
        c.get(c.len() / 2).copied()
    }

    /// efficiency x min(workers, cores).
    pub fn target(&self) -> f64 {
        target(self.efficiency, self.workers, self.cores)
    }

    /// True when most timed runs were set aside: the timing is not the
    /// program's, and the check is rejected.
    fn mostly_doubted(&self) -> bool {
        !self.doubts.is_empty() && self.doubts.len() >= self.solution_seconds.len()
    }

    pub fn verdict(&self, solution_workers: &[usize]) -> Verdict {
        let (speedup, low, high) = match self.believed() {
            Ok(measured) => measured,
            Err(verdict) => return verdict,
        };
        let context = format!(
            "with {} on {} (target {:.2}x, {:.0}% parallel efficiency)",
            self.worker.count(self.workers),
            counted(self.cores, "core", "cores"),
            self.target(),
            self.efficiency * 100.0
        );
        let runs = format!(
            "{} ranged {low:.2}x to {high:.2}x",
            counted(self.ratios().len(), "pair", "pairs")
        );
        if speedup >= self.target() {
            self.fast(speedup, solution_workers, &context, &runs)
        } else {
            self.slow(speedup, high, &context, &runs)
        }
    }

    /// The speedup and its spread, or the verdict for a timing that cannot
    /// be believed or was never taken.
    fn believed(&self) -> Result<(f64, f64, f64), Verdict> {
        if self.mostly_doubted() {
            return Err(Verdict::new(
                Outcome::Rejected,
                format!(
                    "Rejected: {}. {} of {} could not be believed, so no speedup was measured.",
                    self.doubts[0],
                    self.doubts.len(),
                    counted(
                        self.doubts.len() + self.solution_seconds.len(),
                        "timed run",
                        "timed runs"
                    )
                ),
            ));
        }
        let (Some(speedup), Some((low, high))) = (self.speedup(), self.spread()) else {
            return Err(Verdict::new(
                Outcome::Inconclusive,
                "No timing could be taken.",
            ));
        };
        let p = self.workers.min(self.cores).max(1);
        // Overlapped waits are not bounded by the cores: a hundred requests
        // in flight wait at once on one core.
        if !self.overlaps_waits
            && let Some(why) = trust::speedup_doubt(speedup, p, self.worker)
        {
            return Err(Verdict::new(Outcome::Rejected, format!("Rejected: {why}.")));
        }
        Ok((speedup, low, high))
    }

    /// The verdict for a best speedup at the target or above: a pass, unless
    /// the pairs do not back it or the work ran on one core.
    fn fast(&self, speedup: f64, solution_workers: &[usize], context: &str, runs: &str) -> Verdict {
        let cores_used = self.cores_used_note();
        if !self.pairs_agree() {
            let middle = median(&self.ratios()).unwrap_or(speedup);
            return Verdict::new(
                Outcome::Inconclusive,
                format!(
                    "Inconclusive: the runs disagree. The best runs gave {speedup:.2}x {context}, but the middle pair only {middle:.2}x; {runs}. The machine's speed changed from run to run. Check again, or use --thorough."
                ),
            );
        }
        let one_core = self
            .cpu_parallelism()
            .is_some_and(|c| c < ONE_CORE && self.workers > 1 && !self.overlaps_waits);
        if one_core {
            return Verdict::new(
                Outcome::TooSlow,
                format!(
                    "Too slow: {speedup:.2}x faster than the serial baseline {context}, but on one core:{cores_used} A faster serial program is not a parallel speedup; split the work so that every {} computes.",
                    self.worker.one()
                ),
            );
        }
        Verdict::new(
            Outcome::Passed,
            format!(
                "Passed: correct with {}, and {speedup:.2}x faster than the serial baseline {context}; {runs}.{cores_used}",
                self.worker.list(solution_workers)
            ),
        )
    }

    /// The verdict for a best speedup below the target: too slow, unless
    /// some pairs reached it or other programs kept the cores busy.
    fn slow(&self, speedup: f64, high: f64, context: &str, runs: &str) -> Verdict {
        if high >= self.target() {
            let load = self
                .load_average
                .map(|l| {
                    format!(
                        " (load average {l:.1} on {})",
                        counted(self.cores, "core", "cores")
                    )
                })
                .unwrap_or_default();
            return Verdict::new(
                Outcome::Inconclusive,
                format!(
                    "Inconclusive: the machine is too busy to tell{load}. The best runs gave {speedup:.2}x {context}, but {runs}, on both sides of the target. Close other programs and check again, or use --thorough."
                ),
            );
        }
        // A verdict of too slow needs a machine that let the solution have
        // its cores: when other programs kept a good part of one busy during
        // most timed runs, the slowness may be theirs.
        // A program that mostly waits is not slowed by other programs' use
        // of the cores, so for waits the verdict stands.
        let elsewhere = median(&self.busy_elsewhere).filter(|_| !self.overlaps_waits);
        if let Some(others) = elsewhere.filter(|o| *o >= BUSY_ELSEWHERE) {
            return Verdict::new(
                Outcome::Inconclusive,
                format!(
                    "Inconclusive: the machine is too busy to tell. Other programs kept {others:.1} core{} busy while yours ran, and the best runs gave {speedup:.2}x {context}; {runs}. Close other programs and check again, or use --thorough.",
                    if (others - 1.0).abs() < 0.05 { "" } else { "s" }
                ),
            );
        }
        let how = if speedup < 0.95 {
            format!("slower than the serial baseline (speedup {speedup:.2}x)")
        } else {
            format!("only {speedup:.2}x faster than the serial baseline")
        };
        Verdict::new(
            Outcome::TooSlow,
            format!(
                "Too slow: correct, but {how} {context}; {runs}.{} {}",
                self.cores_used_note(),
                self.slow_cause(speedup)
            ),
        )
    }

    fn slow_cause(&self, speedup: f64) -> &'static str {
        if speedup < 0.9 {
            self.worker.contention_causes()
        } else if speedup < 1.15 {
            self.worker.unsplit_causes()
        } else {
            self.worker.imbalance_causes()
        }
    }

    /// " It kept 1.02 cores busy: ..." when the kernel used about one core.
    fn cores_used_note(&self) -> String {
        let set_aside = match self.doubts.first() {
            Some(why) => format!(
                " {} timed run{} set aside: {why}.",
                self.doubts.len(),
                if self.doubts.len() == 1 {
                    " was"
                } else {
                    "s were"
                }
            ),
            None => String::new(),
        };
        let cores = match self.cpu_parallelism() {
            Some(c) if self.overlaps_waits => format!(
                " It kept {c:.2} cores busy (CPU time / wall time): the time went to waiting, which is what overlapping saves."
            ),
            Some(c) if c < ONE_CORE && self.workers > 1 => format!(
                " Your program ran on one core: it kept {c:.2} cores busy (CPU time / wall time)."
            ),
            Some(c) => format!(" It kept {c:.2} cores busy (CPU time / wall time)."),
            None => String::new(),
        };
        cores + &set_aside
    }
}

/// Cores busy below which a run counts as running on one core.
const ONE_CORE: f64 = 1.25;

/// Cores busy elsewhere, as a median over the timed runs, from which a slow
/// verdict is not trusted.
const BUSY_ELSEWHERE: f64 = 0.35;

/// A pass needs the middle pair at this fraction of the target or more.
const PAIRS_AGREE: f64 = 0.9;

fn median(xs: &[f64]) -> Option<f64> {
    let mut v: Vec<f64> = xs.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    Some(v[v.len() / 2])
}

fn min(xs: &[f64]) -> Option<f64> {
    xs.iter()
        .copied()
        .filter(|x| x.is_finite())
        .reduce(f64::min)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timing(baseline: f64, solution: f64, workers: usize, cores: usize) -> Timing {
        Timing {
            baseline_seconds: vec![baseline, baseline * 1.1],
            solution_seconds: vec![solution * 1.2, solution],
            ..Timing::new(workers, cores, 0.7)
        }
    }

    fn pairs(baseline: &[f64], solution: &[f64]) -> Timing {
        Timing {
            baseline_seconds: baseline.to_vec(),
            solution_seconds: solution.to_vec(),
            ..Timing::new(2, 2, 0.7)
        }
    }

    #[test]
    fn overlapped_waits_are_not_bounded_by_the_cores() {
        // Thirty requests in flight on two cores: 12x is believed, where
        // compute would be rejected, and other programs' load does not
        // excuse a slow run that only waits.
        let mut t = timing(1.2, 0.1, 2, 2);
        assert_eq!(t.verdict(&[2]).outcome, Outcome::Rejected);
        t.overlaps_waits = true;
        let v = t.verdict(&[2]);
        assert_eq!(v.outcome, Outcome::Passed, "{}", v.message);
        let mut slow = timing(1.0, 0.98, 2, 2);
        slow.overlaps_waits = true;
        slow.busy_elsewhere = vec![1.0, 1.0];
        assert_eq!(slow.verdict(&[2]).outcome, Outcome::TooSlow);
    }

    #[test]
    fn counts_of_one_take_the_singular() {
        // One pair, on a machine of one core with four workers: the target
        // is not reached, and every count in the message agrees with it.
        let t = Timing {
            baseline_seconds: vec![1.0],
            solution_seconds: vec![0.99],
            ..Timing::new(4, 1, 0.7)
        };
        let message = t.verdict(&[4, 5]).message;
        assert!(
            message.contains("with 4 workers on 1 core (target"),
            "{message}"
        );
        assert!(message.contains("1 pair ranged"), "{message}");
        let two = timing(2.0, 1.0, 2, 2).verdict(&[2, 3]).message;
        assert!(two.contains("correct with 2 and 3 workers"), "{two}");
        assert!(two.contains("on 2 cores"), "{two}");
        assert!(two.contains("2 pairs ranged"), "{two}");
    }

    #[test]
    fn speedup_uses_the_best_of_each_side() {
        let t = timing(2.0, 1.0, 2, 2);
        assert_eq!(t.speedup(), Some(2.0));
        assert_eq!(t.verdict(&[2, 3]).outcome, Outcome::Passed);
    }

    #[test]
    fn target_scales_with_the_cores_not_the_request() {
        assert!((timing(1.0, 1.0, 8, 2).target() - 1.4).abs() < 1e-12);
        assert!((timing(1.0, 1.0, 2, 64).target() - 1.4).abs() < 1e-12);
        assert!((timing(1.0, 1.0, 4, 1).target() - 0.7).abs() < 1e-12);
    }

    #[test]
    fn serial_code_is_too_slow_and_told_why() {
        let v = timing(1.0, 1.0, 2, 2).verdict(&[2]);
        assert_eq!(v.outcome, Outcome::TooSlow);
        assert!(v.message.contains("1.00x"), "{}", v.message);
        assert!(v.message.contains("not really split"), "{}", v.message);
    }

    #[test]
    fn a_busy_machine_is_inconclusive_not_too_slow() {
        // The best runs give 1.33x, but one pair reached 1.6x: noise straddles 1.4x.
        let t = pairs(&[1.0, 1.6, 1.1], &[0.75, 1.0, 0.8]);
        assert_eq!(t.verdict(&[2]).outcome, Outcome::Inconclusive);
        assert!(!t.decided());
        assert!(t.verdict(&[2]).message.contains("too busy"));
    }

    #[test]
    fn a_best_run_the_pairs_do_not_back_is_not_a_pass() {
        // The same program on both sides: one lucky fast run gives 1.45x,
        // the pairs say 1.07x to 1.45x with the middle at 1.12x.
        let t = pairs(&[1.1, 1.0, 1.05], &[1.03, 0.69, 0.94]);
        assert!(t.speedup().unwrap() >= 1.4);
        assert!(!t.pairs_agree());
        assert!(!t.decided());
        let v = t.verdict(&[2]);
        assert_eq!(v.outcome, Outcome::Inconclusive, "{}", v.message);
        assert!(v.message.contains("runs disagree"), "{}", v.message);
    }

    #[test]
    fn clear_verdicts_are_decided_early() {
        assert!(pairs(&[1.0, 1.0, 1.0], &[0.5, 0.52, 0.51]).decided());
        let serial = pairs(&[1.0, 1.02, 1.01], &[1.0, 0.99, 1.03]);
        assert!(serial.decided());
        assert_eq!(serial.verdict(&[2]).outcome, Outcome::TooSlow);
    }

    #[test]
    fn the_spread_sets_aside_one_extreme_pair_each_side() {
        let t = pairs(&[1.0, 1.0, 1.0, 1.0, 1.0], &[0.5, 0.5, 0.25, 0.5, 1.0]);
        let (low, high) = t.spread().unwrap();
        assert_eq!(
            (low, high),
            (2.0, 4.0),
            "the pair at 1.0x is set aside; high reaches the point estimate"
        );
        assert_eq!(t.speedup(), Some(4.0));
    }

    #[test]
    fn one_busy_core_is_named() {
        let mut t = pairs(&[1.0, 1.0, 1.0], &[1.0, 1.0, 1.0]);
        t.cpu_parallelism = vec![1.01, 0.99, 1.0];
        let v = t.verdict(&[2]);
        assert!(v.message.contains("ran on one core"), "{}", v.message);
    }

    #[test]
    fn slower_than_serial_is_said_plainly() {
        let v = timing(1.0, 2.0, 2, 2).verdict(&[2]);
        assert!(
            v.message
                .contains("slower than the serial baseline (speedup 0.50x)"),
            "{}",
            v.message
        );
        assert!(v.message.contains("contention"), "{}", v.message);
    }

    #[test]
    fn slow_runs_on_a_machine_busy_elsewhere_are_inconclusive_not_too_slow() {
        let mut t = timing(1.0, 0.95, 2, 2);
        t.busy_elsewhere = vec![0.9, 1.0, 0.8];
        let v = t.verdict(&[2]);
        assert_eq!(v.outcome, Outcome::Inconclusive, "{}", v.message);
        assert!(
            v.message.contains("Other programs kept 0.9 cores busy"),
            "{}",
            v.message
        );
        t.busy_elsewhere = vec![0.05, 0.4, 0.02];
        assert_eq!(t.verdict(&[2]).outcome, Outcome::TooSlow);
        // A pass stays a pass, however busy the machine.
        let mut fast = timing(2.0, 1.0, 2, 2);
        fast.busy_elsewhere = vec![1.0];
        assert_eq!(fast.verdict(&[2]).outcome, Outcome::Passed);
    }
}
