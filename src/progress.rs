//! The learner's progress in one course: a versioned JSON file in the
//! course's state folder.
//!
//! Every change is a locked read-modify-write ([`ProgressStore::update`]), so a
//! CLI check and a TUI open on the same course never lose each other's
//! updates. Writes are atomic (temp file, fsync, rename, fsync of the folder):
//! a crash or `kill -9` mid-save leaves the previous file whole. A file that
//! cannot be read is moved aside under another name and reported; progress is
//! never silently reset.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::grader::Outcome;

/// The layout version this parlab writes and reads.
pub const VERSION: u32 = 1;
const FILE: &str = "progress.json";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub version: u32,
    #[serde(default)]
    pub exercises: BTreeMap<String, ExerciseProgress>,
    #[serde(default)]
    pub lessons_read: BTreeSet<String>,
    /// The lesson or exercise the learner had open last.
    #[serde(default)]
    pub last_opened: Option<String>,
    /// The language track the learner follows; `None` until they choose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub track: Option<crate::course::Language>,
    /// The existing Dask cluster Dask exercises run on (a scheduler's
    /// address); `None` for a local cluster of the learner's cores.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dask_scheduler: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ExerciseProgress {
    pub status: Status,
    #[serde(default)]
    pub last_outcome: Option<Outcome>,
    #[serde(default)]
    pub hints_shown: usize,
    #[serde(default)]
    pub attempts: u32,
    #[serde(default)]
    pub best_speedup: Option<f64>,
    #[serde(default)]
    pub updated_at: u64,
    /// The exercise has passed at least once (its reference solution can
    /// be read from then on, even after a later check fails).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub solved: bool,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Pending,
    Failed,
    Passed,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Failed => "failed",
            Status::Passed => "passed",
        }
    }
}

impl Progress {
    pub fn status(&self, id: &str) -> Status {
        self.exercises.get(id).map_or(Status::Pending, |e| e.status)
    }

    /// Whether exercise `id` has ever passed (a file written before
    /// `solved` was recorded counts its passed status).
    pub fn solved(&self, id: &str) -> bool {
        self.exercises
            .get(id)
            .is_some_and(|e| e.solved || e.status == Status::Passed)
    }

    /// Shows one more of the `total` hints of exercise `id` (never past the
    /// last) and returns how many are shown now.
    pub fn reveal_hint(&mut self, id: &str, total: usize) -> usize {
        let entry = self.exercises.entry(id.to_owned()).or_default();
        entry.hints_shown = (entry.hints_shown + 1).min(total);
        self.last_opened = Some(id.to_owned());
        entry.hints_shown
    }

    /// The learner opened lesson or exercise `id`; a lesson counts as read.
    pub fn opened(&mut self, id: &str, is_lesson: bool) {
        if is_lesson {
            self.lessons_read.insert(id.to_owned());
        }
        self.last_opened = Some(id.to_owned());
    }

    /// Records a learner's check of `id`. A cancelled check says nothing
    /// about the solution and is not recorded.
    pub fn record_check(&mut self, id: &str, outcome: Outcome, speedup: Option<f64>) {
        if outcome == Outcome::Cancelled {
            return;
        }
        let entry = self.exercises.entry(id.to_owned()).or_default();
        entry.attempts += 1;
        entry.last_outcome = Some(outcome);
        entry.status = if outcome == Outcome::Passed {
            Status::Passed
        } else {
            Status::Failed
        };
        if outcome == Outcome::Passed {
            entry.solved = true;
            entry.best_speedup = match (entry.best_speedup, speedup) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            };
        }
        entry.updated_at = now();
        self.last_opened = Some(id.to_owned());
    }
}

/// Where a course's progress lives, and the only code that touches it.
#[derive(Clone, Debug)]
pub struct ProgressStore {
    dir: PathBuf,
}

/// What loading found, besides the progress itself.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// The file could not be read; it was kept under this name.
    MovedAside { path: PathBuf, reason: String },
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Notice::MovedAside { path, reason } => write!(
                f,
                "your progress file could not be read ({reason}); it was kept as {} and progress starts afresh. Nothing was deleted.",
                path.display()
            ),
        }
    }
}

impl ProgressStore {
    pub fn new(state_dir: &Path) -> Self {
        Self {
            dir: state_dir.to_path_buf(),
        }
    }

    pub fn path(&self) -> PathBuf {
        self.dir.join(FILE)
    }

    /// Reads the progress; an unreadable file is moved aside and noticed.
    pub fn load(&self) -> Result<(Progress, Option<Notice>)> {
        let path = self.path();
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((fresh(), None)),
            Err(e) => return Err(e).with_context(|| format!("failed to read {}", path.display())),
        };
        let reason = match serde_json::from_slice::<Progress>(&bytes) {
            Ok(p) if p.version == VERSION => return Ok((p, None)),
            Ok(p) => format!(
                "it has version {}, this parlab reads version {VERSION}",
                p.version
            ),
            Err(e) => format!("it is not valid progress JSON: {e}"),
        };
        let aside = self.dir.join(format!("{FILE}.unreadable-{}", now()));
        fs::rename(&path, &aside)
            .with_context(|| format!("failed to move the unreadable {} aside", path.display()))?;
        Ok((
            fresh(),
            Some(Notice::MovedAside {
                path: aside,
                reason,
            }),
        ))
    }

    /// Loads, applies `change`, and saves, holding the store's lock
    /// throughout. Returns the saved progress and any notice from loading.
    pub fn update<T>(
        &self,
        change: impl FnOnce(&mut Progress) -> T,
    ) -> Result<(T, Progress, Option<Notice>)> {
        fs::create_dir_all(&self.dir)
            .with_context(|| format!("failed to create {}", self.dir.display()))?;
        let lock_path = self.dir.join("progress.lock");
        let lock = File::create(&lock_path)
            .with_context(|| format!("failed to open {}", lock_path.display()))?;
        lock.lock()
            .with_context(|| format!("failed to lock {}", lock_path.display()))?;
        let (mut progress, notice) = self.load()?;
        let value = change(&mut progress);
        self.save(&progress)?;
        Ok((value, progress, notice))
    }

    fn save(&self, progress: &Progress) -> Result<()> {
        let bytes = serde_json::to_vec_pretty(progress).context("failed to encode progress")?;
        write_atomically(&self.path(), &bytes)
    }
}

/// Writes `bytes` to `path` atomically: a new file beside it
/// (`<name>.tmp-<pid>`), synced, renamed over the old one, and the folder
/// synced. A crash leaves either the old file or the new one.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let tmp = dir.join(format!("{name}.tmp-{}", std::process::id()));
    write_synced(&tmp, bytes).with_context(|| format!("failed to write {}", tmp.display()))?;
    fs::rename(&tmp, path).with_context(|| format!("failed to replace {}", path.display()))?;
    File::open(dir)
        .and_then(|d| d.sync_all())
        .with_context(|| format!("failed to sync {}", dir.display()))
}

/// Writes and fsyncs a new file. `PARLAB_FAULT_SAVE_PAUSE_MS` pauses halfway
/// through the write, so tests can kill parlab in the middle of a save.
fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(path)?;
    let half = bytes.len() / 2;
    file.write_all(&bytes[..half])?;
    if let Some(ms) = std::env::var("PARLAB_FAULT_SAVE_PAUSE_MS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        file.flush()?;
        std::thread::sleep(Duration::from_millis(ms));
    }
    file.write_all(&bytes[half..])?;
    file.sync_all()
}

fn fresh() -> Progress {
    Progress {
        version: VERSION,
        ..Progress::default()
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_file_is_fresh_progress() {
        let dir = tempfile::tempdir().unwrap();
        let (p, notice) = ProgressStore::new(dir.path()).load().unwrap();
        assert_eq!(p, fresh());
        assert_eq!(notice, None);
    }

    #[test]
    fn updates_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let store = ProgressStore::new(dir.path());
        store
            .update(|p| p.record_check("threads/pi", Outcome::Passed, Some(1.9)))
            .unwrap();
        store
            .update(|p| p.record_check("threads/pi", Outcome::TooSlow, None))
            .unwrap();
        let (p, _) = store.load().unwrap();
        let e = &p.exercises["threads/pi"];
        assert_eq!(
            (e.status, e.attempts, e.best_speedup),
            (Status::Failed, 2, Some(1.9))
        );
        assert_eq!(p.status("threads/other"), Status::Pending);
        assert!(
            p.solved("threads/pi"),
            "a pass is remembered after a failure"
        );
        assert!(!p.solved("threads/other"));
    }

    #[test]
    fn solved_is_read_from_older_files_and_left_out_until_true() {
        let older = r#"{"version": 1, "exercises": {"a/b": {"status": "passed"}, "a/c": {"status": "failed"}}}"#;
        let p: Progress = serde_json::from_str(older).unwrap();
        assert!(p.solved("a/b"));
        assert!(!p.solved("a/c"));
        let text = serde_json::to_string(&p).unwrap();
        assert!(!text.contains("solved"), "{text}");
    }

    #[test]
    fn unreadable_file_is_moved_aside_and_reported() {
        let dir = tempfile::tempdir().unwrap();
        let store = ProgressStore::new(dir.path());
        fs::write(store.path(), b"{ not json").unwrap();
        let (p, notice) = store.load().unwrap();
        assert_eq!(p, fresh());
        let Some(Notice::MovedAside { path, .. }) = notice else {
            panic!("expected a notice");
        };
        assert_eq!(fs::read(path).unwrap(), b"{ not json");
        assert!(!store.path().exists());
    }

    #[test]
    fn a_newer_version_is_not_misread() {
        let dir = tempfile::tempdir().unwrap();
        let store = ProgressStore::new(dir.path());
        fs::write(store.path(), br#"{"version": 99}"#).unwrap();
        let (_, notice) = store.load().unwrap();
        assert!(notice.unwrap().to_string().contains("version 99"));
    }
}
