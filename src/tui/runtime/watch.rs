//! Watch mode: saves of the exercise file become [`Message::FileChanged`].
//! With events, the folder is watched and only saves of the file itself
//! count, so editor swap and backup files never trigger a check. Polling
//! compares modification times on the loop's ticks, for file systems whose
//! events never arrive.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use anyhow::{Context, Result};
use notify_debouncer_mini::notify::RecursiveMode;
use notify_debouncer_mini::{DebounceEventResult, new_debouncer};

use super::Runtime;
use crate::tui::app::{Message, WatchMode};

/// How often polling watch mode looks at the file.
const POLL: Duration = Duration::from_millis(500);

fn modified(file: &Path) -> Option<SystemTime> {
    std::fs::metadata(file).and_then(|m| m.modified()).ok()
}

impl Runtime {
    /// Watches the exercise's file in `mode` (`Off` stops watching).
    pub(super) fn watch(&mut self, id: &str, mode: WatchMode) -> Result<()> {
        self.watcher = None;
        self.polled = None;
        let file = self
            .course
            .exercise(id)
            .context("unknown exercise")?
            .file
            .clone();
        match mode {
            WatchMode::Off => Ok(()),
            WatchMode::Polling => {
                self.polled = Some((file.clone(), modified(&file), Instant::now()));
                Ok(())
            }
            WatchMode::Events => self.watch_events(file),
        }
    }

    fn watch_events(&mut self, file: PathBuf) -> Result<()> {
        let dir = file
            .parent()
            .context("the exercise file has no folder")?
            .to_path_buf();
        let tx = self.tx.clone();
        let target = file.canonicalize().unwrap_or(file);
        let mut debouncer = new_debouncer(
            Duration::from_millis(300),
            move |result: DebounceEventResult| {
                let saved = result.is_ok_and(|events| {
                    events
                        .iter()
                        .any(|e| e.path.canonicalize().is_ok_and(|p| p == target))
                });
                if saved {
                    let _ = tx.send(Message::FileChanged);
                }
            },
        )
        .context("watch mode is not available here; press w again to poll instead")?;
        debouncer
            .watcher()
            .watch(&dir, RecursiveMode::NonRecursive)
            .with_context(|| {
                format!(
                    "cannot watch {}; press w again to poll instead",
                    dir.display()
                )
            })?;
        self.watcher = Some(debouncer);
        Ok(())
    }

    /// In polling mode: a changed modification time is a save.
    pub(super) fn poll_file(&mut self) {
        let Some((file, seen, last)) = &mut self.polled else {
            return;
        };
        if last.elapsed() < POLL {
            return;
        }
        *last = Instant::now();
        let now = modified(file);
        if now != *seen {
            *seen = now;
            let _ = self.tx.send(Message::FileChanged);
        }
    }
}
