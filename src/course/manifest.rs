//! The on-disk format: `course.toml` at the course root and one
//! `exercise.toml` per exercise, read with serde. Unknown keys are errors, so
//! a misspelt key is reported instead of silently ignored. What an exercise's
//! folder already says may be left out of its manifest (`conventions`).

use serde::Deserialize;

/// The only course format this version reads.
pub const FORMAT: u32 = 1;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CourseFile {
    pub format: u32,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default, rename = "module")]
    pub modules: Vec<ModuleEntry>,
    /// Instructors' settings for `parlab grade`.
    #[serde(default)]
    pub grading: CourseGrading,
}

/// `[grading]` in course.toml.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CourseGrading {
    /// The due date, `YYYY-MM-DD`: checks marked `after_due_date` are shown
    /// in a student's feedback from that day on, and a submission made
    /// after that day (UTC) is late.
    pub due: Option<String>,
    /// Of the points a late submission earned, the share taken off for each
    /// day late past its grace days (0.1: a tenth a day).
    #[serde(default)]
    pub late_penalty_per_day: f64,
    /// The most taken off for lateness, as a share of the points earned
    /// (default 1: all of them).
    pub late_penalty_max: Option<f64>,
    /// Days late each student may use without a penalty.
    #[serde(default)]
    pub grace_days: u32,
    /// Grace days of named students (by folder name), instead of
    /// `grace_days`: an extension.
    #[serde(default)]
    pub grace_days_for: std::collections::BTreeMap<String, u32>,
}

/// `[grading]` in exercise.toml: how many points the exercise is worth and
/// who sees which check.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradingSpec {
    #[serde(default = "default_points")]
    pub points: f64,
    /// The share of the points for speed; the rest is for a correct result.
    /// Defaults to one half where speedup is graded, else 0.
    pub speedup_share: Option<f64>,
    /// Speed tiers, best first: `at` is the fraction of the way from 1x to
    /// the target speedup, `share` the fraction of the speed points given.
    pub tiers: Option<Vec<TierSpec>>,
    #[serde(default)]
    pub visibility: Visibility,
    #[serde(default)]
    pub speedup_visibility: Visibility,
}

impl Default for GradingSpec {
    fn default() -> Self {
        Self {
            points: default_points(),
            speedup_share: None,
            tiers: None,
            visibility: Visibility::Visible,
            speedup_visibility: Visibility::Visible,
        }
    }
}

fn default_points() -> f64 {
    10.0
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct TierSpec {
    pub at: f64,
    pub share: f64,
}

/// Who sees a check's result and message: Gradescope's names.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    #[default]
    Visible,
    /// Never shown to the student: only its points count.
    Hidden,
    /// Shown from the course's due date on.
    AfterDueDate,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModuleEntry {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    /// Lesson files, relative to `lessons/`, in reading order, with where
    /// each is written (for problems on its line).
    #[serde(default)]
    pub lessons: Vec<toml::Spanned<String>>,
    /// Exercise ids, in the order a learner meets them; each has
    /// `exercises/course/<id>/exercise.toml`. Left out: every folder with an
    /// `exercise.toml` under `exercises/course/<module id>/`, in name order.
    pub exercises: Option<Vec<String>>,
    /// Set by later modules (MPI) that need something beyond Rust.
    #[serde(default)]
    pub requires: Vec<String>,
    /// The tracks that show this module; by default, the languages of its
    /// exercises (every track for a module of lessons alone).
    pub tracks: Option<Vec<Language>>,
}

/// The language of an exercise, and the name of a track.
#[derive(
    Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    #[default]
    Rust,
    Python,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::Rust, Language::Python];

    pub fn name(self) -> &'static str {
        match self {
            Language::Rust => "rust",
            Language::Python => "python",
        }
    }

    /// As a learner reads it.
    pub fn title(self) -> &'static str {
        match self {
            Language::Rust => "Rust",
            Language::Python => "Python",
        }
    }

    pub fn parse(text: &str) -> Option<Language> {
        Language::ALL
            .into_iter()
            .find(|l| l.name().eq_ignore_ascii_case(text.trim()))
    }

    /// The file extension of its sources.
    pub fn extension(self) -> &'static str {
        match self {
            Language::Rust => "rs",
            Language::Python => "py",
        }
    }
}

/// One `exercise.toml`. Every key that the exercise's folder already says
/// may be left out (see `conventions`): `id`, `module`, `language`, `file`,
/// `bin`, `harness`, `starter`, `reference` and `baseline`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExerciseFile {
    pub id: Option<String>,
    pub title: String,
    pub module: Option<String>,
    pub lesson: Option<String>,
    pub file: Option<String>,
    /// Rust or Python; by default, the language of the starter.
    pub language: Option<Language>,
    /// Rust: the `[[bin]]` of the exercises package that is the harness.
    pub bin: Option<String>,
    /// Python: the harness beside the manifest (`harness.py` by default).
    pub harness: Option<String>,
    pub starter: Option<String>,
    pub reference: Option<String>,
    pub baseline: Option<String>,
    #[serde(default = "default_time_limit")]
    pub time_limit_secs: f64,
    pub efficiency: Option<f64>,
    /// The exercise is about overlapping waits (I/O, latency), where a run
    /// that keeps one core busy may still earn its speedup.
    #[serde(default)]
    pub overlaps_waits: bool,
    /// An MPI program: built with the exercises package's `mpi` feature and
    /// run under the MPI launcher, one rank per worker.
    #[serde(default)]
    pub mpi: bool,
    /// A Dask exercise: its harness asks `parlab_support.dask_client()` for
    /// a cluster, local or the one the learner names.
    #[serde(default)]
    pub dask: bool,
    pub task: String,
    pub hints: Vec<String>,
    pub check: CheckSpec,
    #[serde(default)]
    pub grading: GradingSpec,
}

fn default_time_limit() -> f64 {
    10.0
}

/// How a run's result is compared with the expected one.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum CheckSpec {
    /// The reported result equals `expected` exactly.
    Exact { expected: toml::Value },
    /// Floats within `abs + rel * |expected|`, element-wise for lists.
    Tolerance {
        expected: toml::Value,
        #[serde(default)]
        abs: f64,
        #[serde(default)]
        rel: f64,
    },
    /// The program's output lines, sorted, equal these lines, sorted.
    SortedLines { expected: Vec<String> },
}
