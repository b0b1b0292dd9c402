//! Shared helpers for the integration tests: run the real `parlab` binary
//! against a fixture course, with its state in a fresh temporary folder.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn bundled() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One test's view of a course: its own progress and binaries, and a cargo
/// target folder shared by all tests so the support crate compiles once.
pub struct Lab {
    pub course: PathBuf,
    pub state: tempfile::TempDir,
}

impl Lab {
    pub fn new(course: PathBuf) -> Self {
        Self {
            course,
            state: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn fixture() -> Self {
        Self::new(fixture("course"))
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_parlab"));
        cmd.arg("--course")
            .arg(&self.course)
            .args(args)
            .env("PARLAB_STATE_DIR", self.state.path())
            .env("PARLAB_TARGET_DIR", shared_target())
            .env_remove("PARLAB_COURSE");
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("parlab runs")
    }

    /// Runs with `--json` appended and parses standard output.
    pub fn json(&self, args: &[&str]) -> (i32, serde_json::Value) {
        let mut all = args.to_vec();
        all.push("--json");
        let out = self.run(&all);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {stdout}\nstderr: {}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
        (out.status.code().unwrap_or(-1), value)
    }
}

fn shared_target() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("fixture-target")
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Pids of live (not zombie) processes whose executable is `exe`.
pub fn live_processes_of(exe: &Path) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            let running = std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .map(|s| {
                    s.rsplit(')')
                        .next()
                        .is_some_and(|rest| !rest.trim_start().starts_with('Z'))
                })
                .unwrap_or(false);
            let same = std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|p| p == exe);
            running && same
        })
        .collect()
}
