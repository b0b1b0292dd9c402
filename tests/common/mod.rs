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

    /// The same command with the course's Python (see [`python`]).
    pub fn python_command(&self, args: &[&str]) -> Option<Command> {
        let python = python()?;
        let mut cmd = self.command(args);
        cmd.env("PARLAB_PYTHON", python);
        Some(cmd)
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

/// The Python track's interpreter, with the bundled course's pinned
/// packages: its environment, made once by `parlab setup` for every test
/// (the first time takes minutes: mpi4py compiles). `None` where it cannot
/// be made; with CI=true that is a failure, as CI installs python3.
pub fn python() -> Option<PathBuf> {
    static PYTHON: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    PYTHON
        .get_or_init(|| {
            // A developer's own interpreter with the packages, to skip the set-up.
            if let Some(given) = std::env::var_os("PARLAB_PYTHON").filter(|p| !p.is_empty()) {
                return Some(PathBuf::from(given));
            }
            let out = Command::new(env!("CARGO_BIN_EXE_parlab"))
                .arg("--course")
                .arg(bundled())
                .arg("setup")
                .env_remove("PARLAB_PYTHON")
                .env_remove("PARLAB_COURSE")
                .output()
                .expect("parlab runs");
            if !out.status.success() {
                let why = text(&out.stderr);
                assert!(
                    std::env::var("CI").as_deref() != Ok("true"),
                    "CI=true, and the course's Python could not be set up:\n{why}"
                );
                eprintln!("skipping the Python part: {why}");
                return None;
            }
            Some(PathBuf::from(text(&out.stdout).trim()))
        })
        .clone()
}

/// A copy of a Python fixture course in a temporary folder, with the
/// course's Python support module (a course carries its own).
pub fn python_course(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let course = dir.path().join(name);
    copy_tree(&fixture(name), &course);
    copy_tree(
        &bundled().join("exercises/python"),
        &course.join("exercises/python"),
    );
    (dir, course)
}

pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "target" || name == ".parlab" || name == "__pycache__" {
            continue;
        }
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &to.join(&name));
        } else {
            std::fs::copy(entry.path(), to.join(&name)).unwrap();
        }
    }
}

/// Standard base64 (with padding) decoded: what GitHub Classroom's
/// reporter reads from `check --all --classroom`.
pub fn decode_base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {c}"),
    };
    let mut out = Vec::new();
    for chunk in text.as_bytes().chunks(4) {
        let digits: Vec<u8> = chunk
            .iter()
            .filter(|&&c| c != b'=')
            .map(|&c| value(c))
            .collect();
        let n = digits
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, d)| n | (u32::from(*d) << (18 - 6 * i)));
        for i in 0..digits.len().saturating_sub(1) {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    out
}

/// A copy of fixture course `name` in `to`, its support crate found at
/// parlab's own by an absolute path (the fixture's relative path reaches it
/// only from `tests/fixtures`).
pub fn fixture_course(name: &str, to: &Path) {
    copy_tree(&fixture(name), to);
    let cargo = to.join("exercises/Cargo.toml");
    let support = Path::new(env!("CARGO_MANIFEST_DIR")).join("exercises/support");
    let src = std::fs::read_to_string(&cargo).unwrap();
    let relative = "\"../../../../exercises/support\"";
    assert!(src.contains(relative), "the fixture's support path moved");
    let absolute = format!("{:?}", support.display().to_string());
    std::fs::write(&cargo, src.replace(relative, &absolute)).unwrap();
}
