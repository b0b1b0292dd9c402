//! The command-line front end: parses arguments, opens the course, and
//! dispatches. Every command has a human form and, where a script would use
//! it, `--json`. Exit codes: 0 done or passed, 1 not passed (or validation
//! failed), 2 a usage or course error.

mod author;
mod instructor;
mod learner;
mod render;
mod solutions;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};

use crate::course::{Course, Language};

fn parse_track(text: &str) -> Result<Language, String> {
    Language::parse(text).ok_or_else(|| format!("no track {text:?}: choose rust or python"))
}

#[derive(Debug, Parser)]
#[command(
    name = "parlab",
    version,
    about = "A terminal workbench for a course on parallel programming."
)]
pub struct Cli {
    /// Open the course in DIR. Default: the current folder's course (the
    /// nearest folder, here or above, with a course.toml), else the bundled one.
    #[arg(long, global = true, value_name = "DIR", env = "PARLAB_COURSE")]
    course: Option<PathBuf>,
    /// Follow this language track (rust or python); the choice is saved.
    #[arg(long, global = true, value_name = "TRACK", value_parser = parse_track)]
    track: Option<Language>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List the exercises and lessons with their status.
    List(JsonFlag),
    /// Show a lesson or an exercise's task, rendered as in the TUI (plain
    /// text when piped); --raw prints the lesson's Markdown source.
    Show {
        id: String,
        /// Print the Markdown source as it is, unrendered.
        #[arg(long)]
        raw: bool,
        /// An exercise's reference solution: readable once the exercise
        /// has passed.
        #[arg(long)]
        solution: bool,
    },
    /// Build and grade an exercise: output, races, speedup.
    Check(CheckArgs),
    /// Show the next hint for an exercise.
    Hint {
        id: String,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Restore an exercise's starter file (asks first; keeps a backup).
    Reset {
        /// The exercise (or --all for every one).
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        id: Option<String>,
        /// Restore every exercise's starter (one question for all; each
        /// changed file is kept as a backup; progress stays).
        #[arg(long)]
        all: bool,
        /// Do not ask for confirmation.
        #[arg(long, short)]
        yes: bool,
    },
    /// Summarize progress through the course.
    Progress(JsonFlag),
    /// Run a lesson's live demo on this machine (no id: list the demos).
    Demo {
        id: Option<String>,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Check this machine for what the course needs.
    Doctor(JsonFlag),
    /// Make the course's Python environment now (pinned packages in a
    /// course-local virtual environment); a Python check otherwise makes
    /// it the first time.
    Setup {
        /// Also install the pinned PySpark (python/requirements-spark.txt),
        /// for the word-count demo's Spark rows; they need a Java runtime too.
        #[arg(long)]
        spark: bool,
    },
    /// Show the Dask cluster that Dask exercises run on, or choose one: the
    /// address of an existing cluster's scheduler (tcp://host:8786), or
    /// --local for a local cluster of this machine's cores (the default).
    Cluster {
        #[arg(value_name = "ADDRESS", conflicts_with = "local")]
        address: Option<String>,
        #[arg(long)]
        local: bool,
    },
    /// Show the track you follow, or switch to another (rust or python).
    Track {
        #[arg(value_parser = parse_track)]
        track: Option<Language>,
    },
    /// Prove the course sound: starters fail, references pass, baselines are too slow.
    Validate {
        /// Only exercises whose id starts with this (a module, say).
        #[arg(default_value = "")]
        filter: String,
        /// Correctness only, in seconds per exercise: loading, starters,
        /// references and baselines, with no timing (and no demos).
        #[arg(long)]
        quick: bool,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Grade a class: one folder (or git checkout) per student in
    /// SUBMISSIONS, sandboxed, into a gradebook in --out.
    Grade(GradeArgs),
    /// Write what another tool takes from an instructor: `classroom`, the
    /// hashes of the course's own files (course.sha256, which `check --all
    /// --classroom` verifies), or `gradescope`, an autograder (setup.sh,
    /// run_autograder, parlab and the course, zipped).
    Export {
        #[arg(value_enum)]
        what: ExportKind,
        /// gradescope: the folder to write (default: gradescope-autograder).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Scaffold a new exercise, MODULE/NAME: a working template whose starter
    /// fails, reference passes and baseline is too slow, added to course.toml
    /// and exercises/Cargo.toml.
    New {
        id: String,
        /// The exercise's title (default: from its name).
        #[arg(long)]
        title: Option<String>,
        /// The exercise's language: rust (the default) or python.
        #[arg(long, default_value = "rust", value_parser = parse_track)]
        language: Language,
        /// An MPI exercise (rsmpi, or mpi4py with --language python): a rank
        /// per worker, `mpi = true` and a [[bin]] that requires the mpi feature.
        #[arg(long, conflicts_with = "rayon")]
        mpi: bool,
        /// A Rust exercise on a rayon thread pool instead of scoped threads.
        #[arg(long)]
        rayon: bool,
    },
    /// Write a new course into DIR (empty or new): course.toml, a lesson, the
    /// exercises package with its own copy of the support library, and one
    /// exercise that validates as it is.
    Init {
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// The course's title (default: from the folder's name).
        #[arg(long)]
        title: Option<String>,
    },
    /// Print the JSON Schema of course.toml or exercise.toml, for editors
    /// (taplo, Even Better TOML).
    Schema {
        #[arg(value_parser = ["course", "exercise"])]
        name: String,
    },
}

impl Command {
    fn wants_json(&self) -> bool {
        match self {
            Command::List(f) | Command::Progress(f) | Command::Doctor(f) => f.json,
            Command::Hint { json, .. }
            | Command::Validate { json, .. }
            | Command::Demo { json, .. } => json.json,
            Command::Check(args) => args.json.json,
            Command::Show { .. } | Command::Reset { .. } => false,
            Command::New { .. }
            | Command::Init { .. }
            | Command::Schema { .. }
            | Command::Setup { .. }
            | Command::Track { .. }
            | Command::Cluster { .. } => false,
            Command::Grade(args) => args.json.json,
            Command::Export { .. } => false,
        }
    }
}

/// What `parlab export` writes.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum ExportKind {
    /// The hashes of the course's own files, in course.sha256.
    Classroom,
    /// An autograder for Gradescope, and its zip.
    Gradescope,
}

#[derive(Debug, Args)]
struct JsonFlag {
    /// Print JSON for scripts.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct GradeArgs {
    /// The class: a folder per student, each a copy of the course (or just
    /// its exercise files).
    submissions: PathBuf,
    /// Where the gradebook, the students' results and the build folders go.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Grade this student only, even if their files are unchanged.
    #[arg(long, value_name = "NAME")]
    student: Option<String>,
    /// Correctness runs at once (speed is always measured one at a time).
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u16).range(1..=256))]
    jobs: u16,
    /// Workers for the timed runs (default: the number of cores).
    #[arg(long, short, value_parser = clap::value_parser!(u16).range(1..=4096))]
    workers: Option<u16>,
    /// Address space allowed to each process of a submission, in MiB.
    #[arg(long, default_value_t = 4096, value_parser = clap::value_parser!(u64).range(64..))]
    memory_mib: u64,
    /// Do not use bubblewrap: resource limits only (recorded in every result).
    #[arg(long)]
    no_sandbox: bool,
    /// Instead of grading, compare the students' exercise files pair by
    /// pair (the starter's code removed) and write the most similar pairs,
    /// with their matching lines, to similarity.txt and .json in --out.
    #[arg(long)]
    similarity: bool,
    /// Grade only shard K of N of the class (students split by a hash of
    /// their folder's name), as one task of a job array; the tasks share
    /// --out, and `--merge` writes the gradebook at the end.
    #[arg(long, value_name = "K/N", value_parser = parse_shard, conflicts_with_all = ["student", "merge", "similarity"])]
    shard: Option<crate::classroom::Shard>,
    /// Grade nothing: write the gradebook and the exports from the grades
    /// stored in --out (after the shards of a class were graded).
    #[arg(long, conflicts_with_all = ["student", "similarity"])]
    merge: bool,
    #[command(flatten)]
    launch: LaunchArgs,
    #[command(flatten)]
    json: JsonFlag,
}

fn parse_shard(text: &str) -> Result<crate::classroom::Shard, String> {
    crate::classroom::Shard::parse(text).map_err(|e| e.to_string())
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// The exercise (or use --all).
    #[arg(required_unless_present = "all", default_value = "")]
    id: String,
    /// Check every exercise of the course, one after another; with
    /// --classroom, print the result GitHub Classroom's reporter reads.
    #[arg(long, conflicts_with_all = ["scaling", "reference", "baseline", "starter"])]
    all: bool,
    /// With --all: print the results as GitHub Classroom's autograding
    /// reporter reads them (base64 of its JSON).
    #[arg(long, requires = "all")]
    classroom: bool,
    /// Workers for the timed runs (default: the number of cores).
    #[arg(long, short, visible_alias = "np", value_parser = clap::value_parser!(u16).range(1..=4096))]
    workers: Option<u16>,
    #[command(flatten)]
    launch: LaunchArgs,
    /// Dask exercises: run on the existing Dask cluster whose scheduler is at
    /// ADDRESS (tcp://host:8786) instead of a local cluster.
    #[arg(long, value_name = "ADDRESS")]
    dask_scheduler: Option<String>,
    /// Grade the course's reference solution instead of your file.
    #[arg(long, group = "variant")]
    reference: bool,
    /// Grade the course's serial baseline instead of your file.
    #[arg(long, group = "variant")]
    baseline: bool,
    /// Grade the pristine starter instead of your file.
    #[arg(long, group = "variant")]
    starter: bool,
    /// Interleaved baseline/solution timing pairs, at least.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u16).range(1..=100))]
    rounds: u16,
    /// Take more pairs, with a larger time budget (for instructors).
    #[arg(long)]
    thorough: bool,
    /// Measure speedup at 1, 2, 4, ... workers up to the cores, and (with
    /// three worker counts or more) fit Amdahl's law to find the serial
    /// fraction, with how far the fit can be trusted.
    #[arg(long)]
    scaling: bool,
    /// Worker counts for --scaling, such as 1,2,3,4.
    #[arg(long, value_delimiter = ',', requires = "scaling")]
    counts: Vec<usize>,
    #[command(flatten)]
    json: JsonFlag,
}

impl CheckArgs {
    fn launch(&self) -> crate::runner::mpi::LaunchOptions {
        self.launch.options()
    }
}

/// How MPI exercises are launched, for `check` and `grade` alike.
#[derive(Debug, Args)]
struct LaunchArgs {
    /// MPI exercises: a hostfile for the launcher, to run ranks on other machines.
    #[arg(long, value_name = "FILE")]
    hostfile: Option<PathBuf>,
    /// MPI exercises: an argument for the launcher, before the program (repeatable).
    #[arg(long = "launcher-arg", value_name = "ARG", allow_hyphen_values = true)]
    launcher_args: Vec<String>,
    /// MPI exercises: the launcher to use instead of mpirun, such as srun.
    #[arg(long, value_name = "CMD")]
    launcher: Option<String>,
}

impl LaunchArgs {
    /// The one place `--launcher`, `--hostfile` and `--launcher-arg`
    /// become launch options.
    fn options(&self) -> crate::runner::mpi::LaunchOptions {
        crate::runner::mpi::LaunchOptions {
            launcher: self.launcher.clone(),
            hostfile: self.hostfile.clone(),
            launcher_args: self.launcher_args.clone(),
        }
    }
}

/// What a command asks `main` to exit with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    Ok,
    NotPassed,
    UsageOrCourse,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        match exit {
            Exit::Ok => ExitCode::SUCCESS,
            Exit::NotPassed => ExitCode::from(1),
            Exit::UsageOrCourse => ExitCode::from(2),
        }
    }
}

/// A usage or course error: reported, exit code 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Parses the arguments, runs the command, and turns errors into messages.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let long_running = matches!(
        cli.command,
        Some(
            Command::Check(_)
                | Command::Validate { .. }
                | Command::Demo { .. }
                | Command::Grade(_)
                | Command::Setup { .. }
        )
    );
    if long_running && let Err(e) = crate::runner::install_signal_handlers() {
        eprintln!("parlab: warning: cannot handle Ctrl-C cleanly: {e}");
    }
    match run(cli) {
        Ok(exit) => exit.into(),
        Err(e) => {
            eprintln!("parlab: {e:#}");
            let usage = e.downcast_ref::<UsageError>().is_some();
            ExitCode::from(if usage { 2 } else { 1 })
        }
    }
}

fn run(cli: Cli) -> Result<Exit> {
    match &cli.command {
        Some(Command::Init { dir, title }) => return author::init(dir, title.as_deref()),
        Some(Command::Schema { name }) => return author::schema(name),
        _ => {}
    }
    let root = cli
        .course
        .clone()
        .or_else(course_here)
        .unwrap_or_else(bundled_course);
    if let Some(Command::Doctor(flag)) = &cli.command {
        // The machine first; the course's Python too where the course opens.
        let course = Course::load(&root).ok();
        return author::doctor(course.as_ref(), flag.json);
    }
    let mut course = open_course(&root)?;
    // `validate` lists the problems itself, once.
    let lists_problems = matches!(cli.command, Some(Command::Validate { .. }));
    if !lists_problems && !cli.command.as_ref().is_some_and(Command::wants_json) {
        warn_problems(&course);
    }
    let track = learner::track(&course, cli.track)?;
    let interactive = std::io::stdout().is_terminal() && std::io::stdin().is_terminal();
    if matches!(
        cli.command,
        None | Some(Command::List(_) | Command::Progress(_))
    ) && !(cli.command.is_none() && interactive)
    {
        course.retain_track(track.unwrap_or_default());
    }
    dispatch(course, cli.command, track, interactive)
}

/// Runs `command` on the opened course.
fn dispatch(
    course: Course,
    command: Option<Command>,
    track: Option<Language>,
    interactive: bool,
) -> Result<Exit> {
    match command {
        None if interactive => {
            crate::tui::run(course)?;
            Ok(Exit::Ok)
        }
        None => learner::overview(&course),
        Some(Command::Setup { spark }) => author::setup(&course, spark),
        Some(Command::Track { track: choice }) => learner::switch_track(&course, choice),
        Some(Command::Cluster { address, local }) => {
            learner::cluster(&course, address.as_deref(), local)
        }
        Some(Command::List(flag)) => learner::list(&course, flag.json),
        Some(Command::Show {
            id,
            raw,
            solution: true,
        }) => solutions::show_solution(&course, &id, raw),
        Some(Command::Show { id, raw, .. }) => learner::show(&course, &id, raw),
        Some(Command::Check(args)) => learner::check(&course, &args),
        Some(Command::Hint { id, json }) => learner::hint(&course, &id, json.json),
        Some(Command::Reset {
            id: Some(id), yes, ..
        }) => learner::reset(&course, &id, yes),
        Some(Command::Reset { id: None, yes, .. }) => solutions::reset_all(&course, yes),
        Some(Command::Progress(flag)) => learner::progress(&course, flag.json),
        Some(Command::Demo { id, json }) => learner::demo(&course, id.as_deref(), track, json.json),
        Some(Command::Validate {
            filter,
            quick,
            json,
        }) => author::validate(&course, &filter, quick, json.json),
        Some(Command::Grade(args)) => instructor::grade(&course, &args),
        Some(Command::Export { what, out }) => instructor::export(&course, what, out.as_deref()),
        Some(Command::New {
            id,
            title,
            language,
            mpi,
            rayon,
        }) => {
            let template = match (mpi, rayon) {
                (true, _) => crate::scaffold::Template::Mpi,
                (false, true) => crate::scaffold::Template::Rayon,
                (false, false) => crate::scaffold::Template::Plain,
            };
            author::new_exercise(&course, &id, title.as_deref(), language, template)
        }
        Some(Command::Doctor(_) | Command::Init { .. } | Command::Schema { .. }) => {
            anyhow::bail!("this command does not open a course")
        }
    }
}

/// The course in the current folder or the nearest folder above it that
/// holds a `course.toml`, where no `--course` (or `PARLAB_COURSE`) names one.
fn course_here() -> Option<PathBuf> {
    let here = std::env::current_dir().ok()?;
    here.ancestors()
        .find(|dir| dir.join(crate::course::COURSE_FILE).is_file())
        .map(std::path::Path::to_path_buf)
}

/// The course that ships with parlab: the folder it was built from.
fn bundled_course() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn open_course(root: &std::path::Path) -> Result<Course> {
    let course = Course::load(root)
        .map_err(|p| anyhow::Error::new(UsageError(format!("the course cannot be opened: {p}"))))?;
    Ok(course)
}

/// Prints the course's load problems once, on standard error.
fn warn_problems(course: &Course) {
    if course.problems.is_empty() {
        return;
    }
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "parlab: the course has {}; `parlab validate` lists them all:",
        crate::grader::counted(course.problems.len(), "problem", "problems")
    );
    for p in course.problems.iter().take(5) {
        let _ = writeln!(err, "  {p}");
    }
}

/// Asks a yes/no question on the terminal; `None` when there is no terminal.
fn confirm(question: &str) -> Result<Option<bool>> {
    if !std::io::stdin().is_terminal() {
        return Ok(None);
    }
    eprint!("{question} [y/N] ");
    std::io::stderr().flush().ok();
    let mut answer = String::new();
    std::io::stdin()
        .read_line(&mut answer)
        .context("failed to read the answer")?;
    Ok(Some(matches!(answer.trim(), "y" | "Y" | "yes" | "Yes")))
}

/// Asks `question` before a command that changes the learner's files:
/// `Ok(true)` to go on; `Ok(false)` when the answer is no (said on
/// standard output); a usage error naming `command` when there is no
/// terminal to ask on.
fn go_ahead(question: &str, command: &str) -> Result<bool> {
    match confirm(question)? {
        Some(true) => Ok(true),
        Some(false) => {
            println!("Nothing changed.");
            Ok(false)
        }
        None => Err(UsageError(format!(
            "{command} asks for confirmation on a terminal; pass --yes to reset without asking"
        ))
        .into()),
    }
}

fn print_json(value: &impl serde::Serialize) -> Result<()> {
    let text = serde_json::to_string_pretty(value).context("failed to encode JSON")?;
    println!("{text}");
    Ok(())
}
