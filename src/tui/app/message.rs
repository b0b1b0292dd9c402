//! What crosses between `update` and the runtime. [`Message`]s come in: keys,
//! the terminal's size, a job's events and its end, saves of a watched file,
//! and what the runtime read or saved for an effect. [`Effect`]s go out, each
//! carrying all the runtime needs to do it (the exercise, the ranks, the
//! cluster, the track), so the runtime never reads the model.

use ratatui::crossterm::event::KeyEvent;

use crate::check::{Event, Report, ScalingReport};
use crate::course::Language;
use crate::demo::{DemoEvent, DemoReport};
use crate::progress::Progress;
use crate::tui::screen::exercise::WatchMode;

pub enum Message {
    Key(KeyEvent),
    /// Mouse wheel: lines, negative upwards.
    Scroll(i32),
    Resize(u16, u16),
    /// A running check or scaling measurement's progress.
    Check(Event),
    CheckDone(Result<Box<Report>, String>),
    ScalingDone(Result<Box<ScalingReport>, String>),
    Demo(DemoEvent),
    DemoDone(Result<Box<DemoReport>, String>),
    /// The watched exercise file was saved.
    FileChanged,
    /// A lesson's Markdown as the runtime read it for [`Effect::ReadLesson`],
    /// or why it could not.
    LessonText {
        id: String,
        text: Result<String, String>,
    },
    /// Progress as saved by the runtime.
    Progress(Progress),
    /// An exercise's reference solution as the runtime read it for
    /// [`Effect::ReadSolution`], or why it could not.
    Solution {
        id: String,
        text: Result<String, String>,
    },
    Notice(String),
    /// What the runtime learned of this machine after the first frame:
    /// modules it cannot run, tracks it cannot run, each with why.
    Machine(Machine),
}

/// What this machine lacks, found by asking its tools (`mpirun --version`,
/// `python3 --version`), which takes from tens of milliseconds to a second:
/// the runtime asks on a thread of its own so the first frame does not wait.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Machine {
    /// Modules whose requirement is missing, with the install line.
    pub unavailable: std::collections::BTreeMap<String, String>,
    /// Tracks that cannot run here, with why.
    pub track_notes: std::collections::BTreeMap<Language, String>,
}

#[derive(Debug, PartialEq)]
pub enum Effect {
    StartCheck(CheckRun),
    /// Measure speedup at 1, 2, 4, ... workers up to the cores (the runtime
    /// asks the runner for them).
    StartScaling(String),
    StartDemo(DemoRun),
    /// Cancel the running check, scaling measurement or demo.
    CancelCheck,
    Edit(String),
    RevealHint(String),
    /// Read this exercise's reference solution (the learner passed it) and
    /// send it back as [`Message::Solution`].
    ReadSolution(String),
    Reset(String),
    /// Watch this exercise's file in this mode (`Off` stops watching).
    Watch(String, WatchMode),
    /// The learner opened this lesson or exercise.
    Opened(String),
    /// Read this lesson's file (it is being opened, or it may have changed
    /// since it was read) and send it back as [`Message::LessonText`].
    ReadLesson(String),
    /// The learner chose this track.
    SetTrack(Language),
    /// Dask exercises run on the cluster at this address (`None`: local).
    SetDaskScheduler(Option<String>),
    Quit,
}

/// A learner's check of one exercise.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckRun {
    pub id: String,
    /// For an MPI exercise: the ranks the learner chose.
    pub ranks: Option<usize>,
    /// For a Dask exercise: the learner's cluster (`None`: a local one).
    pub dask_scheduler: Option<String>,
}

/// A lesson's live demo, for the learner's track.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoRun {
    pub id: String,
    pub track: Language,
}
