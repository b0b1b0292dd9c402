//! The records of a grading run: what one exercise of one student came to
//! (`ExerciseGrade`, which holds the check's own `check::Report`), a
//! student's whole grade with its replay record, and the part of a stored
//! grade that resuming and the gradebook read back.
//!
//! A grade is kept as it happened; what a student may see is decided when
//! its record is written (`StudentGrade::record`): a hidden check's message
//! and its wrong values are left out there. The written form of
//! `grade.json` is fixed (`RECORD_FORMAT`): a field added to `check::Report`
//! does not reach it unless it is added to `ExerciseRecord` too.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::check::Report;
use crate::course::Exercise;
use crate::course::manifest::Visibility;
use crate::grader::score::{self, Penalty, Points};
use crate::grader::{Outcome, RunVerdict, Sample, Timing};
use crate::runner::sandbox::Isolation;

#[cfg(test)]
mod tests;

/// The format of `grade.json`; a record of another format is graded again.
pub const RECORD_FORMAT: u32 = 1;

/// How far one exercise of a submission got.
#[derive(Clone, Debug)]
pub enum Reached {
    /// Its file is missing from the submission, or is not a plain file.
    NotSubmitted { message: String },
    /// Submitted, and not built on this machine (the course's Python could
    /// not be set up here). Its record says "Not graded.", as it always has;
    /// `why` is for whoever reads the grade in code.
    NotBuilt { why: String },
    /// Built, and not checked yet.
    Built,
    CompileError {
        message: String,
        diagnostics: String,
    },
    /// The check's report: the correctness check's, or the last speed
    /// measurement's where speed was measured (then its samples are those of
    /// both, and the peak memory and diagnostics of an earlier report are
    /// kept where the later one has none).
    Checked(Box<Report>),
}

/// One exercise of one student.
#[derive(Clone, Debug)]
pub struct ExerciseGrade {
    pub id: String,
    pub title: String,
    pub reached: Reached,
    pub points: Points,
    pub correctness_visibility: Visibility,
    pub speedup_visibility: Visibility,
    /// Whether the student may see the check's details (its visibility and
    /// the due date); set by `finish`.
    pub shown: bool,
    /// Speed measurements taken (more than one when a busy machine made one
    /// inconclusive).
    pub attempts: usize,
    pub isolation: Option<Isolation>,
    pub build_seconds: f64,
    pub check_seconds: f64,
}

impl ExerciseGrade {
    /// A grade of `exercise` before anything was done to it.
    pub fn new(exercise: &Exercise, reached: Reached) -> Self {
        Self {
            id: exercise.id.clone(),
            title: exercise.title.clone(),
            reached,
            points: score::points(&exercise.grading, None, None, None),
            correctness_visibility: exercise.grading.visibility,
            speedup_visibility: exercise.grading.speedup_visibility,
            shown: true,
            attempts: 0,
            isolation: None,
            build_seconds: 0.0,
            check_seconds: 0.0,
        }
    }

    pub fn report(&self) -> Option<&Report> {
        match &self.reached {
            Reached::Checked(report) => Some(report),
            _ => None,
        }
    }

    pub fn submitted(&self) -> bool {
        !matches!(self.reached, Reached::NotSubmitted { .. })
    }

    /// `None` when no check ran.
    pub fn outcome(&self) -> Option<Outcome> {
        match &self.reached {
            Reached::Checked(report) => Some(report.outcome),
            Reached::CompileError { .. } => Some(Outcome::CompileError),
            _ => None,
        }
    }

    /// The message before hidden checks are redacted: for the instructor,
    /// and for Gradescope's after-due-date tests.
    pub fn full_message(&self) -> &str {
        match &self.reached {
            Reached::NotSubmitted { message } | Reached::CompileError { message, .. } => message,
            Reached::NotBuilt { .. } | Reached::Built => "Not graded.",
            Reached::Checked(report) => &report.message,
        }
    }

    pub fn diagnostics(&self) -> Option<&str> {
        match &self.reached {
            Reached::CompileError { diagnostics, .. } => Some(diagnostics),
            Reached::Checked(report) => report.diagnostics.as_deref(),
            _ => None,
        }
    }

    /// Workers of the last check (0 when none ran).
    pub fn workers(&self) -> usize {
        self.report().map_or(0, |r| r.workers)
    }

    pub fn speedup(&self) -> Option<f64> {
        self.report()?.speedup
    }

    pub fn target_speedup(&self) -> Option<f64> {
        self.report()?.target_speedup
    }

    pub fn samples(&self) -> &[Sample] {
        self.report().map_or(&[], |r| &r.samples)
    }

    /// The submission's own run times (the harness's clock), summed.
    pub fn run_seconds(&self) -> f64 {
        self.samples()
            .iter()
            .filter_map(|s| s.verdict.seconds())
            .sum()
    }

    /// Takes a check's report; see `Reached::Checked` for what is kept of
    /// the one before.
    pub fn take(&mut self, mut report: Report) {
        if let Reached::Checked(before) = &mut self.reached {
            report.peak_rss_bytes = report.peak_rss_bytes.or(before.peak_rss_bytes);
            if report.diagnostics.is_none() {
                report.diagnostics = before.diagnostics.take();
            }
        }
        self.reached = Reached::Checked(Box::new(report));
    }

    /// The samples of the report so far, taken out (for the speed stage,
    /// which puts them back before its own with `put_back_samples`).
    pub fn take_samples(&mut self) -> Vec<Sample> {
        match &mut self.reached {
            Reached::Checked(report) => std::mem::take(&mut report.samples),
            _ => Vec::new(),
        }
    }

    /// Puts `earlier` samples back before the report's own.
    pub fn put_back_samples(&mut self, mut earlier: Vec<Sample>) {
        if let Reached::Checked(report) = &mut self.reached {
            earlier.append(&mut report.samples);
            report.samples = earlier;
        }
    }

    /// Scores the exercise, and records whether the student may see its
    /// details and, for a submission that ran, the isolation it ran in.
    pub fn finish(&mut self, exercise: &Exercise, after_due: bool, isolation: Isolation) {
        let points = score::points(
            &exercise.grading,
            self.outcome(),
            self.speedup(),
            self.target_speedup(),
        );
        let speed_not_graded = self.report().is_some_and(|r| r.speed_not_graded.is_some());
        self.points = points;
        if speed_not_graded {
            // Correct, but this machine could not tell serial from parallel
            // work: no speed points are earned here, and the notes say so.
            self.points = score::without_speed(self.points);
        }
        let ran = self.submitted() && self.outcome() != Some(Outcome::CompileError);
        self.isolation = ran.then_some(isolation);
        self.shown = score::shown(exercise.grading.visibility, after_due);
    }

    /// What `grade.json` says of this exercise. `cores` stands where no
    /// check ran (the grading machine's).
    pub fn record(&self, cores: usize) -> ExerciseRecord<'_> {
        let report = self.report();
        ExerciseRecord {
            id: &self.id,
            title: &self.title,
            submitted: self.submitted(),
            speed_not_graded: report.and_then(|r| r.speed_not_graded.as_deref()),
            outcome: self.outcome(),
            message: if self.shown {
                Cow::Borrowed(self.full_message())
            } else {
                Cow::Owned(score::hidden_message(self.outcome()))
            },
            points: self.points,
            correctness_visibility: self.correctness_visibility,
            speedup_visibility: self.speedup_visibility,
            speedup: report.and_then(|r| r.speedup),
            target_speedup: report.and_then(|r| r.target_speedup),
            speedup_low: report.and_then(|r| r.speedup_low),
            speedup_high: report.and_then(|r| r.speedup_high),
            cpu_parallelism: report.and_then(|r| r.cpu_parallelism),
            peak_rss_bytes: report.and_then(|r| r.peak_rss_bytes),
            workers: self.workers(),
            cores: report.map_or(cores, |r| r.cores),
            attempts: self.attempts,
            samples: self.shown_samples(),
            timing: report.and_then(|r| r.timing.as_ref()),
            diagnostics: self.diagnostics(),
            isolation: self.isolation.as_ref(),
            build_seconds: self.build_seconds,
            check_seconds: self.check_seconds,
            run_seconds: self.run_seconds(),
        }
    }

    /// The samples, with a hidden check's reasons for a wrong value (which
    /// name the expected one) left out.
    fn shown_samples(&self) -> Cow<'_, [Sample]> {
        if self.shown {
            return Cow::Borrowed(self.samples());
        }
        let mut samples = self.samples().to_vec();
        for sample in &mut samples {
            if let RunVerdict::Wrong { why, .. } = &mut sample.verdict {
                *why = "hidden check".into();
            }
        }
        Cow::Owned(samples)
    }
}

/// One exercise in `grade.json`, in the order and with the names it has
/// always had.
#[derive(Debug, Serialize)]
pub struct ExerciseRecord<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub submitted: bool,
    /// Why speed was not graded on the grading machine, when it was not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speed_not_graded: Option<&'a str>,
    /// `None` when nothing was submitted.
    pub outcome: Option<Outcome>,
    pub message: Cow<'a, str>,
    pub points: Points,
    pub correctness_visibility: Visibility,
    pub speedup_visibility: Visibility,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speedup: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_speedup: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speedup_low: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speedup_high: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpu_parallelism: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub peak_rss_bytes: Option<u64>,
    pub workers: usize,
    pub cores: usize,
    pub attempts: usize,
    pub samples: Cow<'a, [Sample]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timing: Option<&'a Timing>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diagnostics: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub isolation: Option<&'a Isolation>,
    pub build_seconds: f64,
    pub check_seconds: f64,
    pub run_seconds: f64,
}

/// How to replay a grade: what was graded, with what, on what.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Replay {
    pub submission_sha256: String,
    /// Each exercise file taken from the submission, by its path.
    pub files: BTreeMap<String, String>,
    pub course_sha256: String,
    pub parlab_version: String,
    pub toolchain: Option<String>,
    pub hardware: Hardware,
    pub load_average: Option<f64>,
    pub graded_at: String,
    pub command: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Hardware {
    /// The machine (cluster node) the grade was measured on; records
    /// written before it was kept have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    pub cores: usize,
    pub cpu_model: Option<String>,
    pub memory_bytes: Option<u64>,
    pub os: String,
}

/// When a submission was made, and what lateness cost it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Lateness {
    /// RFC 3339, UTC: the last commit's time in a git checkout, else the
    /// newest exercise file's modification time.
    pub submitted_at: String,
    /// The student's grace days.
    pub grace_days: u32,
    #[serde(flatten)]
    pub penalty: Penalty,
}

/// Everything about one student.
#[derive(Clone, Debug)]
pub struct StudentGrade {
    pub student: String,
    /// After the late penalty, where there is one.
    pub total: f64,
    pub max: f64,
    /// Where the course has a late policy.
    pub late: Option<Lateness>,
    pub exercises: Vec<ExerciseGrade>,
    pub isolation: Isolation,
    pub replay: Replay,
}

impl StudentGrade {
    /// What `OUT/students/<name>/grade.json` holds.
    pub fn record(&self) -> StudentRecord<'_> {
        StudentRecord {
            format: RECORD_FORMAT,
            student: &self.student,
            total: self.total,
            max: self.max,
            late: self.late.as_ref(),
            exercises: self
                .exercises
                .iter()
                .map(|e| e.record(self.replay.hardware.cores))
                .collect(),
            isolation: &self.isolation,
            replay: &self.replay,
        }
    }
}

/// `OUT/students/<name>/grade.json`.
#[derive(Debug, Serialize)]
pub struct StudentRecord<'a> {
    pub format: u32,
    pub student: &'a str,
    pub total: f64,
    pub max: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub late: Option<&'a Lateness>,
    pub exercises: Vec<ExerciseRecord<'a>>,
    pub isolation: &'a Isolation,
    pub replay: &'a Replay,
}

/// The part of a stored grade that resuming and the gradebook read back.
#[derive(Clone, Debug, Deserialize)]
pub struct StoredGrade {
    pub format: u32,
    pub student: String,
    pub total: f64,
    pub max: f64,
    #[serde(default)]
    pub late: Option<Lateness>,
    pub exercises: Vec<StoredExercise>,
    pub replay: Replay,
}

#[derive(Clone, Debug, Deserialize)]
pub struct StoredExercise {
    pub id: String,
    pub submitted: bool,
    pub outcome: Option<Outcome>,
    pub points: StoredPoints,
    #[serde(default)]
    pub speed_not_graded: Option<String>,
}

#[derive(Clone, Copy, Debug, Deserialize)]
pub struct StoredPoints {
    pub total: f64,
}
