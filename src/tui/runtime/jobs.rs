//! Background work: a check, a scaling measurement or a live demo runs on a
//! thread of its own, one at a time, through [`Runtime::spawn`]: it streams
//! its events to the loop as messages and ends with one done message; Esc
//! sets its cancel flag and the runner kills the whole process group.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::thread::{self, JoinHandle};

use anyhow::{Context, Result};

use super::Runtime;
use crate::check::{self, CheckOptions};
use crate::runner::{self, Variant};
use crate::tui::app::{CheckRun, DemoRun, Message};

/// The job in flight: its thread and its cancel flag.
pub struct Job {
    pub handle: JoinHandle<()>,
    pub cancel: Arc<AtomicBool>,
}

/// A job's result as its done message carries it.
type Done<R> = Result<Box<R>, String>;

impl Runtime {
    /// Runs `work` on a thread named `name`: each event it reports goes to
    /// the loop as `event(e)`, its result as `done(result)`. `what` names the
    /// job in the error when the thread cannot start.
    fn spawn<E, R, W>(
        &mut self,
        (name, what): (&str, &str),
        work: W,
        event: fn(E) -> Message,
        done: fn(Done<R>) -> Message,
    ) -> Result<()>
    where
        W: FnOnce(&Arc<AtomicBool>, &mut dyn FnMut(E)) -> Result<R> + Send + 'static,
        E: 'static,
        R: Send + 'static,
    {
        let cancel = Arc::new(AtomicBool::new(false));
        let (tx, flag) = (self.tx.clone(), cancel.clone());
        let handle = thread::Builder::new()
            .name(name.into())
            .spawn(move || {
                let events = tx.clone();
                let result = work(&flag, &mut |e| {
                    let _ = events.send(event(e));
                });
                let _ = tx.send(done(result.map(Box::new).map_err(|e| format!("{e:#}"))));
            })
            .with_context(|| format!("failed to start {what}"))?;
        self.job = Some(Job { handle, cancel });
        Ok(())
    }

    /// Checks the learner's solution; a result is recorded in the progress
    /// (on the worker, so it is saved even if the learner quits first).
    pub(super) fn start_check(&mut self, run: CheckRun) -> Result<()> {
        let exercise = self
            .course
            .exercise(&run.id)
            .context("unknown exercise")?
            .clone();
        let (course, store, tx) = (self.course.clone(), self.store.clone(), self.tx.clone());
        let work = move |cancel: &Arc<AtomicBool>, on_event: &mut dyn FnMut(check::Event)| {
            let options = CheckOptions {
                variant: Variant::Learner,
                cancel: cancel.clone(),
                workers: run.ranks,
                dask_scheduler: run.dask_scheduler,
                ..CheckOptions::default()
            };
            let report = check::check(&course, &exercise, &options, on_event)?;
            let saved =
                store.update(|p| p.record_check(&exercise.id, report.outcome, report.speedup));
            if let Ok((_, progress, _)) = saved {
                let _ = tx.send(Message::Progress(progress));
            }
            Ok(report)
        };
        self.spawn(
            ("check", "the check"),
            work,
            Message::Check,
            Message::CheckDone,
        )
    }

    /// Runs the learner's solution at 1, 2, 4, ... workers up to the cores.
    pub(super) fn start_scaling(&mut self, id: &str) -> Result<()> {
        let exercise = self
            .course
            .exercise(id)
            .context("unknown exercise")?
            .clone();
        let course = self.course.clone();
        let counts = crate::grader::scaling::default_counts(runner::cores());
        let work = move |cancel: &Arc<AtomicBool>, on_event: &mut dyn FnMut(check::Event)| {
            let options = CheckOptions {
                variant: Variant::Learner,
                cancel: cancel.clone(),
                ..CheckOptions::default()
            };
            check::scaling(&course, &exercise, &options, &counts, on_event)
        };
        self.spawn(
            ("scaling", "the scaling measurement"),
            work,
            Message::Check,
            Message::ScalingDone,
        )
    }

    /// Runs a lesson's live demo for the learner's track.
    pub(super) fn start_demo(&mut self, run: DemoRun) -> Result<()> {
        let demo = self.course.demo(&run.id).context("unknown demo")?.clone();
        let course = self.course.clone();
        let work = move |cancel: &Arc<AtomicBool>, on_event: &mut dyn FnMut(_)| {
            crate::demo::run_demo(&course, &demo, Some(run.track), cancel, on_event)
        };
        self.spawn(("demo", "the demo"), work, Message::Demo, Message::DemoDone)
    }
}
