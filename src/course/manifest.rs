//! The on-disk format: `course.toml` at the course root and one
//! `exercise.toml` per exercise, read with serde. Unknown keys are errors, so
//! a misspelt key is reported instead of silently ignored.

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
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModuleEntry {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    /// Lesson files, relative to `lessons/`, in reading order.
    #[serde(default)]
    pub lessons: Vec<String>,
    /// Exercise ids; each has `exercises/course/<id>/exercise.toml`.
    #[serde(default)]
    pub exercises: Vec<String>,
    /// Set by later modules (MPI) that need something beyond Rust.
    #[serde(default)]
    pub requires: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExerciseFile {
    pub id: String,
    pub title: String,
    pub module: String,
    pub lesson: Option<String>,
    pub file: String,
    pub bin: String,
    pub starter: String,
    pub reference: String,
    pub baseline: String,
    #[serde(default = "default_time_limit")]
    pub time_limit_secs: f64,
    pub efficiency: Option<f64>,
    /// An MPI program: built with the exercises package's `mpi` feature and
    /// run under the MPI launcher, one rank per worker.
    #[serde(default)]
    pub mpi: bool,
    pub task: String,
    pub hints: Vec<String>,
    pub check: CheckSpec,
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
