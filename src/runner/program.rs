//! A program to run, whatever its language: what a build hands back.
//!
//! A Rust exercise is a binary; a Python exercise is an interpreter, the
//! course's harness and the file it loads, with the environment that binds
//! them. Everything past the build (check, scaling, demos, validate, grade,
//! the MPI launcher, the sandbox) takes a [`Program`] and never asks which
//! language it came from.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::process::RunSpec;

#[derive(Clone, Debug, PartialEq)]
pub struct Program {
    pub path: PathBuf,
    pub args: Vec<OsString>,
    pub env: Vec<(OsString, OsString)>,
    /// Folders outside the system's that the program reads (an
    /// interpreter's prefix, the course's harness and support module): a
    /// sandbox must show them, read-only.
    pub reads: Vec<PathBuf>,
}

impl Program {
    /// A compiled binary, run as it is.
    pub fn native(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        let reads = path.parent().map(Path::to_path_buf).into_iter().collect();
        Self {
            path,
            args: Vec::new(),
            env: Vec::new(),
            reads,
        }
    }

    /// The same program with one more argument.
    pub fn with_arg(mut self, arg: impl Into<OsString>) -> Self {
        self.args.push(arg.into());
        self
    }

    /// A run of this program with nothing else set.
    pub fn spec(&self, time_limit: Duration) -> RunSpec {
        let mut spec = RunSpec::new(&self.path, time_limit);
        spec.args = self.args.clone();
        spec.env = self.env.clone();
        spec
    }

    /// Appends the program, its arguments and its environment to a
    /// launcher's spec (mpirun's): the variables are set for the launcher,
    /// which hands its environment to the ranks it starts here; `export`
    /// names them for launchers that must be told (Open MPI's `-x`), so
    /// ranks on other hosts get them too.
    pub fn launched_by(&self, mut spec: RunSpec, export: Option<&str>) -> RunSpec {
        if let Some(flag) = export {
            for (key, _) in &self.env {
                spec = spec.arg(flag).arg(key);
            }
        }
        spec.env.extend(self.env.iter().cloned());
        spec = spec.arg(&self.path);
        spec.args.extend(self.args.iter().cloned());
        spec
    }
}
