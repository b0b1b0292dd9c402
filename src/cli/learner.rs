//! The learner's commands: overview, list, show, check, hint, reset, progress.

use std::io::{IsTerminal, Write};

use anyhow::{Context, Result};
use serde::Serialize;

use super::{CheckArgs, Exit, UsageError, go_ahead, print_json, render};
use crate::check::{self, CheckOptions};
use crate::course::{Course, Exercise, Language};
use crate::grader::Worker;
use crate::progress::{Notice, Progress, ProgressStore, Status};
use crate::runner::Variant;
use crate::tui::markdown;

pub(super) fn store(course: &Course) -> ProgressStore {
    ProgressStore::new(&course.state_dir())
}

/// Reads progress, telling the learner if an unreadable file was kept aside.
pub(super) fn load_progress(course: &Course) -> Result<Progress> {
    let (progress, notice) = store(course).load()?;
    report_notice(notice);
    Ok(progress)
}

fn report_notice(notice: Option<Notice>) {
    if let Some(notice) = notice {
        eprintln!("parlab: warning: {notice}");
    }
}

pub(super) fn find_exercise<'a>(course: &'a Course, id: &str) -> Result<&'a Exercise> {
    course
        .exercise(id)
        .ok_or_else(|| unknown(course, id, "exercise"))
}

fn unknown(course: &Course, id: &str, what: &str) -> anyhow::Error {
    let exercises = course.exercises.iter().map(|e| e.id.as_str());
    let near = if what == "exercise" {
        crate::course::suggest::nearest(id, exercises)
    } else {
        let lessons = course.lessons().map(|l| l.id.as_str());
        let modules = course.modules.iter().map(|m| m.id.as_str());
        crate::course::suggest::nearest(id, exercises.chain(lessons).chain(modules))
    };
    let hint = crate::course::suggest::did_you_mean(&near)
        .unwrap_or_else(|| "`parlab list` shows them all".to_owned());
    UsageError(format!(
        "there is no {what} {id:?} in {}; {hint}",
        course.title
    ))
    .into()
}

pub fn overview(course: &Course) -> Result<Exit> {
    let progress = load_progress(course)?;
    print!("{}", render::overview(course, &progress));
    Ok(Exit::Ok)
}

#[derive(Serialize)]
struct ListEntry<'a> {
    id: &'a str,
    module: &'a str,
    title: &'a str,
    status: &'static str,
    file: String,
    language: &'static str,
    track: &'static str,
}

/// The learner's track: `chosen` (from `--track`, then saved), else the
/// saved one. `None` when nothing was ever chosen (the CLI then shows the
/// Rust track; the TUI asks).
pub fn track(course: &Course, chosen: Option<Language>) -> Result<Option<Language>> {
    match chosen {
        Some(track) => {
            if load_progress(course)?.track != Some(track) {
                store(course).update(|p| p.track = Some(track))?;
            }
            Ok(Some(track))
        }
        None => Ok(load_progress(course)?.track),
    }
}

/// `parlab track [TRACK]`: shows the track, or switches to another.
pub fn switch_track(course: &Course, choice: Option<Language>) -> Result<Exit> {
    let current = load_progress(course)?.track;
    let offered: Vec<&str> = course.tracks().iter().map(|l| l.name()).collect();
    match choice {
        Some(track) => {
            store(course).update(|p| p.track = Some(track))?;
            println!(
                "You follow the {} track now; `parlab list` shows its exercises.",
                track.title()
            );
            if track == Language::Python {
                println!("{}", python_note());
            }
        }
        None => println!(
            "You follow the {} track{}. This course offers: {}. Switch with `parlab track python` or `parlab track rust`.",
            current.unwrap_or_default().title(),
            if current.is_none() {
                " (not chosen yet: the default)"
            } else {
                ""
            },
            offered.join(", ")
        ),
    }
    Ok(Exit::Ok)
}

/// The Dask cluster a check of `exercise` runs on: `--dask-scheduler`,
/// else the saved setting (`parlab cluster`), for a Dask exercise only.
fn dask_scheduler(
    course: &Course,
    exercise: &Exercise,
    flag: Option<&str>,
) -> Result<Option<String>> {
    if !exercise.dask {
        if flag.is_some() {
            eprintln!(
                "parlab: {} is not a Dask exercise; --dask-scheduler is ignored",
                exercise.id
            );
        }
        return Ok(None);
    }
    Ok(match flag {
        Some(address) => {
            if let Some(why) = crate::check::bad_scheduler_address(address) {
                return Err(UsageError(why).into());
            }
            Some(address.to_owned())
        }
        None => load_progress(course)?.dask_scheduler,
    })
}

/// `parlab cluster [ADDRESS | --local]`: shows the Dask cluster that Dask
/// exercises run on, or saves another.
pub fn cluster(course: &Course, address: Option<&str>, local: bool) -> Result<Exit> {
    let address = address.map(str::trim).filter(|a| !a.is_empty());
    if let Some(address) = address {
        if let Some(why) = crate::check::bad_scheduler_address(address) {
            return Err(UsageError(why).into());
        }
        store(course).update(|p| p.dask_scheduler = Some(address.to_owned()))?;
        println!(
            "Dask exercises run on the cluster at {address} now: its scheduler and workers must be running (`dask scheduler`, then `dask worker {address}` on each machine). Their speed is shown, not graded. `parlab cluster --local` goes back to a local cluster."
        );
    } else if local {
        store(course).update(|p| p.dask_scheduler = None)?;
        println!("Dask exercises run on a local cluster of this machine's cores now.");
    } else {
        match load_progress(course)?.dask_scheduler {
            Some(address) => println!(
                "Dask exercises run on the cluster at {address}. `parlab cluster --local` goes back to a local cluster."
            ),
            None => println!(
                "Dask exercises run on a local cluster of this machine's cores. `parlab cluster tcp://HOST:8786` runs them on an existing Dask cluster instead."
            ),
        }
    }
    Ok(Exit::Ok)
}

/// Where the Python track stands on this machine.
fn python_note() -> String {
    match crate::runner::python::system_python() {
        Some(_) => "Your first Python check sets up the course's Python packages (or run `parlab setup` now).".into(),
        None => format!(
            "The Python track needs python3, which is not installed here. Install it with:\n  {}",
            crate::doctor::python_install_line()
        ),
    }
}

pub fn list(course: &Course, json: bool) -> Result<Exit> {
    let progress = load_progress(course)?;
    if json {
        let entries: Vec<ListEntry> = course
            .exercises
            .iter()
            .map(|e| ListEntry {
                id: &e.id,
                module: &e.module,
                title: &e.title,
                status: progress.status(&e.id).name(),
                file: format!("exercises/{}", e.file_rel.display()),
                language: e.language.name(),
                // An exercise belongs to the track of its language.
                track: e.language.name(),
            })
            .collect();
        print_json(&entries)?;
    } else {
        print!("{}", render::list(course, &progress));
    }
    Ok(Exit::Ok)
}

/// `parlab show ID`: a lesson, or an exercise's task, rendered by the TUI's
/// renderer: styled for a terminal (at its width, 100 columns at most),
/// plain text at 80 columns when piped. `--raw` prints the Markdown source
/// instead. A module shows its overview, which is plain text either way.
pub fn show(course: &Course, id: &str, raw: bool) -> Result<Exit> {
    let terminal = std::io::stdout().is_terminal();
    let shown = if let Some(lesson) = course.lesson(id) {
        let read = || format!("failed to read {}", lesson.path.display());
        let shown = if raw {
            Shown::Source(std::fs::read(&lesson.path).with_context(read)?)
        } else {
            Shown::Rendered(rendered(&lesson.text().with_context(read)?, terminal))
        };
        store(course).update(|p| p.opened(&lesson.id, true))?;
        shown
    } else if let Some(exercise) = course.exercise(id) {
        let task = render::exercise(exercise);
        if raw {
            Shown::Source(task.into_bytes())
        } else {
            Shown::Rendered(rendered(&task, terminal))
        }
    } else if let Some(module) = course.module(id) {
        let text = render::module(course, module, &load_progress(course)?);
        Shown::Source(format!("{}\n", text.trim_end()).into_bytes())
    } else {
        return Err(unknown(course, id, "lesson, exercise or module"));
    };
    shown.print(terminal)?;
    Ok(Exit::Ok)
}

/// What `show` prints.
pub(super) enum Shown {
    /// Rendered lines, ready for the terminal or the pipe: the only escape
    /// sequences in them are the SGR ones the renderer's styles made.
    Rendered(String),
    /// Text as it is (a lesson's source): its control characters are shown
    /// as pictures on a terminal, so it cannot retitle or clear it.
    Source(Vec<u8>),
}

impl Shown {
    pub(super) fn print(self, terminal: bool) -> Result<()> {
        let bytes = match self {
            Shown::Rendered(text) => text.into_bytes(),
            Shown::Source(bytes) if terminal => {
                let text = String::from_utf8_lossy(&bytes);
                markdown::ansi::visible_controls(&text)
                    .into_owned()
                    .into_bytes()
            }
            Shown::Source(bytes) => bytes,
        };
        let mut out = std::io::stdout().lock();
        match out.write_all(&bytes).and_then(|()| out.flush()) {
            // `parlab show ... | head` closes the pipe early: not an error.
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                Err(e).context("failed to write to standard output")
            }
            _ => Ok(()),
        }
    }
}

/// Markdown `source` rendered as the TUI renders it, as text for a terminal or a pipe.
pub(super) fn rendered(source: &str, terminal: bool) -> String {
    let plain = !terminal || std::env::var("TERM").is_ok_and(|t| t == "dumb");
    let options = markdown::Options {
        width: if plain { 80 } else { reading_width() },
        color: !plain && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        hyperlinks: false,
    };
    let lines = markdown::render(source, &options).lines;
    let mut text = if plain {
        markdown::ansi::plain(&lines)
    } else {
        markdown::ansi::styled(&lines)
    };
    let kept = text.trim_end().len();
    text.truncate(kept);
    text.push('\n');
    text
}

/// The terminal's width for reading: at most 100 columns (80 if unknown).
fn reading_width() -> u16 {
    crossterm::terminal::size().map_or(80, |(columns, _)| columns.clamp(20, 100))
}

pub fn check(course: &Course, args: &CheckArgs) -> Result<Exit> {
    if args.all {
        return super::instructor::check_all(course, args);
    }
    let exercise = find_exercise(course, &args.id)?;
    let variant = if args.reference {
        Variant::Reference
    } else if args.baseline {
        Variant::Baseline
    } else if args.starter {
        Variant::Starter
    } else {
        Variant::Learner
    };
    let options = CheckOptions {
        variant,
        cancel: crate::runner::cancel_flag(),
        workers: args.workers.map(usize::from),
        rounds: usize::from(args.rounds),
        thorough: args.thorough,
        launch: args.launch(),
        dask_scheduler: dask_scheduler(course, exercise, args.dask_scheduler.as_deref())?,
        ..CheckOptions::default()
    };
    let quiet = args.json.json;
    if args.scaling {
        return scaling(course, exercise, &options, args, quiet);
    }
    let report = check::check(course, exercise, &options, &mut |event| {
        if !quiet {
            render::progress_event(&event);
        }
    })?;
    if variant == Variant::Learner {
        let (_, _, notice) = store(course)
            .update(|p| p.record_check(&exercise.id, report.outcome, report.speedup))?;
        report_notice(notice);
    }
    if args.json.json {
        print_json(&report.explained(Worker::of(exercise)))?;
    } else {
        print!("{}", render::report(exercise, &report));
    }
    Ok(if report.passed {
        Exit::Ok
    } else {
        Exit::NotPassed
    })
}

fn scaling(
    course: &Course,
    exercise: &Exercise,
    options: &CheckOptions,
    args: &CheckArgs,
    quiet: bool,
) -> Result<Exit> {
    let counts = if args.counts.is_empty() {
        crate::grader::scaling::default_counts(crate::runner::cores())
    } else {
        args.counts.iter().map(|&c| c.max(1)).collect()
    };
    let report = check::scaling(course, exercise, options, &counts, &mut |event| {
        if !quiet {
            render::progress_event(&event);
        }
    })?;
    if quiet {
        print_json(&report)?;
    } else {
        print!("{}", render::scaling(&report));
    }
    Ok(Exit::Ok)
}

#[derive(Serialize)]
struct HintOut<'a> {
    id: &'a str,
    number: usize,
    of: usize,
    hint: &'a str,
}

pub fn hint(course: &Course, id: &str, json: bool) -> Result<Exit> {
    let exercise = find_exercise(course, id)?;
    let total = exercise.hints.len();
    if total == 0 {
        let lesson = exercise.lesson.as_deref().unwrap_or(&exercise.module);
        return Err(UsageError(format!(
            "{} has no hints; its lesson may help: parlab show {lesson}",
            exercise.id
        ))
        .into());
    }
    let (number, _, notice) = store(course).update(|p| p.reveal_hint(&exercise.id, total))?;
    report_notice(notice);
    // `reveal_hint` keeps the count between 1 and `total` here.
    let Some(hint) = exercise.hints.get(number.max(1) - 1) else {
        anyhow::bail!("{}: hint {number} of {total} is missing", exercise.id);
    };
    if json {
        print_json(&HintOut {
            id: &exercise.id,
            number,
            of: total,
            hint,
        })?;
    } else {
        println!(
            "Hint {number} of {total} for {}:\n\n{}",
            exercise.id,
            render::wrap(hint, 78)
        );
        if number == total {
            println!(
                "\nThat was the last hint. The lesson may help too: parlab show {}",
                exercise.lesson.as_deref().unwrap_or(&exercise.module)
            );
        }
    }
    Ok(Exit::Ok)
}

pub fn reset(course: &Course, id: &str, yes: bool) -> Result<Exit> {
    let exercise = find_exercise(course, id)?;
    let shown = format!("exercises/{}", exercise.file_rel.display());
    if !yes {
        let question = format!(
            "Restore the starter of {}? Your version of {shown} is kept as a backup.",
            exercise.id
        );
        if !go_ahead(&question, "reset")? {
            return Ok(Exit::Ok);
        }
    }
    let backup = crate::reset::reset(course, exercise)?;
    match backup {
        Some(path) => println!(
            "Restored {shown}. Your previous version is in {}.",
            path.display()
        ),
        None => println!("Restored {shown}."),
    }
    Ok(Exit::Ok)
}

#[derive(Serialize)]
struct ProgressOut<'a> {
    course: &'a str,
    passed: usize,
    total: usize,
    modules: Vec<ModuleProgress<'a>>,
    exercises: &'a std::collections::BTreeMap<String, crate::progress::ExerciseProgress>,
    lessons_read: usize,
}

#[derive(Serialize)]
struct ModuleProgress<'a> {
    id: &'a str,
    passed: usize,
    total: usize,
}

pub fn progress(course: &Course, json: bool) -> Result<Exit> {
    let progress = load_progress(course)?;
    if json {
        let modules: Vec<ModuleProgress> = course
            .modules
            .iter()
            .map(|m| ModuleProgress {
                id: &m.id,
                passed: m
                    .exercises
                    .iter()
                    .filter(|id| progress.status(id) == Status::Passed)
                    .count(),
                total: m.exercises.len(),
            })
            .collect();
        print_json(&ProgressOut {
            course: &course.title,
            passed: modules.iter().map(|m| m.passed).sum(),
            total: course.exercises.len(),
            modules,
            exercises: &progress.exercises,
            lessons_read: progress.lessons_read.len(),
        })?;
    } else {
        print!("{}", render::progress(course, &progress));
    }
    Ok(Exit::Ok)
}

/// `parlab demo [ID]`: runs a live demo, or lists them.
pub fn demo(
    course: &Course,
    id: Option<&str>,
    track: Option<Language>,
    json: bool,
) -> Result<Exit> {
    let Some(id) = id else {
        if json {
            #[derive(Serialize)]
            struct DemoOut<'a> {
                id: &'a str,
                title: &'a str,
            }
            let list: Vec<DemoOut> = course
                .demos
                .iter()
                .map(|d| DemoOut {
                    id: &d.id,
                    title: &d.title,
                })
                .collect();
            print_json(&list)?;
        } else {
            for d in &course.demos {
                println!("{:<12} {}", d.id, d.title);
            }
        }
        return Ok(Exit::Ok);
    };
    let demo = course.demo(id).ok_or_else(|| {
        let known: Vec<&str> = course.demos.iter().map(|d| d.id.as_str()).collect();
        let near = crate::course::suggest::nearest(id, known.iter().copied());
        match crate::course::suggest::did_you_mean(&near) {
            Some(hint) => UsageError(format!("no demo {id:?} in this course; {hint}")),
            None => UsageError(format!(
                "no demo {id:?} in this course; demos: {}",
                known.join(", ")
            )),
        }
    })?;
    let cancel = crate::runner::cancel_flag();
    let report = crate::demo::run_demo(course, demo, track, &cancel, &mut |event| {
        if !json {
            render::demo_event(&event);
        }
    })?;
    if json {
        print_json(&report)?;
    } else {
        print!("{}", render::demo(&report));
    }
    Ok(Exit::Ok)
}
