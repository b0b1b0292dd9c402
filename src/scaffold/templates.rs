//! The templates `parlab new` fills in: one working exercise per language
//! and kind (scoped threads or a process pool, rayon, MPI), each a
//! compute-bound Collatz sum whose starter fails, whose reference passes and
//! whose serial baseline is correct and too slow. Placeholders are
//! `@ID@`, `@TITLE@`, `@TITLE_TOML@`, `@MODULE@`, `@FILE@` and `@BIN@`.

use crate::course::Language;

/// Which working exercise `parlab new` writes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Template {
    /// Rust: scoped threads. Python: a multiprocessing pool.
    #[default]
    Plain,
    /// Rust only: a rayon parallel iterator in a pool of `workers` threads.
    Rayon,
    /// An MPI program, a rank per worker: rsmpi (Rust) or mpi4py (Python).
    Mpi,
}

impl Template {
    /// What the template's kernel runs on, in a few words.
    pub fn runs_on(self, language: Language) -> &'static str {
        match (self, language) {
            (Template::Plain, Language::Rust) => "scoped threads",
            (Template::Plain, Language::Python) => "a process pool",
            (Template::Rayon, _) => "a rayon thread pool",
            (Template::Mpi, Language::Rust) => "MPI ranks (rsmpi)",
            (Template::Mpi, Language::Python) => "MPI ranks (mpi4py)",
        }
    }

    /// The cargo features its `[[bin]]` requires.
    pub fn features(self) -> &'static [&'static str] {
        match self {
            Template::Mpi => &["mpi"],
            _ => &[],
        }
    }
}

/// The manifest, harness, starter, reference and baseline templates, or why
/// there is no such exercise.
pub fn sources(language: Language, template: Template) -> Result<[&'static str; 5], String> {
    Ok(match (language, template) {
        (Language::Rust, Template::Plain) => [
            include_str!("exercise.toml.in"),
            include_str!("harness.rs.in"),
            include_str!("starter.rs.in"),
            include_str!("reference.rs.in"),
            include_str!("baseline.rs.in"),
        ],
        (Language::Rust, Template::Rayon) => [
            include_str!("rayon/exercise.toml.in"),
            include_str!("harness.rs.in"),
            include_str!("rayon/starter.rs.in"),
            include_str!("rayon/reference.rs.in"),
            include_str!("baseline.rs.in"),
        ],
        (Language::Rust, Template::Mpi) => [
            include_str!("mpi/exercise.toml.in"),
            include_str!("mpi/harness.rs.in"),
            include_str!("mpi/starter.rs.in"),
            include_str!("mpi/reference.rs.in"),
            include_str!("mpi/baseline.rs.in"),
        ],
        (Language::Python, Template::Plain) => [
            include_str!("exercise.py.toml.in"),
            include_str!("harness.py.in"),
            include_str!("starter.py.in"),
            include_str!("reference.py.in"),
            include_str!("baseline.py.in"),
        ],
        (Language::Python, Template::Mpi) => [
            include_str!("mpi/exercise.py.toml.in"),
            include_str!("mpi/harness.py.in"),
            include_str!("mpi/starter.py.in"),
            include_str!("mpi/reference.py.in"),
            include_str!("mpi/baseline.py.in"),
        ],
        (Language::Python, Template::Rayon) => {
            return Err(
                "--rayon makes a Rust exercise; a Python exercise takes --mpi or neither".into(),
            );
        }
    })
}
