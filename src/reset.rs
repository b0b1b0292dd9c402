//! Restoring a learner's exercise file to its starter. The learner's version
//! is first copied into the course's state folder, so a reset loses nothing.

use std::fs;
use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result};

use crate::course::{Course, Exercise};

/// Restores the starter; returns where the learner's version was kept, if
/// there was one.
pub fn reset(course: &Course, exercise: &Exercise) -> Result<Option<PathBuf>> {
    let backup = backup(course, exercise)?;
    let starter = fs::read(&exercise.starter)
        .with_context(|| format!("failed to read {}", exercise.starter.display()))?;
    fs::write(&exercise.file, starter)
        .with_context(|| format!("failed to write {}", exercise.file.display()))?;
    Ok(backup)
}

fn backup(course: &Course, exercise: &Exercise) -> Result<Option<PathBuf>> {
    let Ok(current) = fs::read(&exercise.file) else {
        return Ok(None);
    };
    let dir = course.state_dir().join("backups");
    fs::create_dir_all(&dir).with_context(|| format!("failed to create {}", dir.display()))?;
    let stamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let path = dir.join(format!("{}-{stamp}.rs", exercise.bin));
    fs::write(&path, current).with_context(|| format!("failed to write {}", path.display()))?;
    Ok(Some(path))
}
