//! Python exercises: the course's interpreter, its "build", and the program
//! that runs a harness.
//!
//! The interpreter is `PARLAB_PYTHON` where it is set, else a virtual
//! environment of the course's own (`.parlab/venv` in the course folder),
//! made from the system's `python3` the first time a Python exercise needs
//! it, with the packages pinned in `exercises/python/requirements.txt`. It
//! is made again whenever that file changes, or when MPI has appeared since
//! (mpi4py loads the machine's MPI library, so without one it is left out,
//! and `parlab doctor` says so). A lock keeps two parlabs
//! (or two tests) from making it at once.
//!
//! "Building" a Python exercise byte-compiles the one file in memory: a
//! syntax error is a compile error with file, line and column, and nothing
//! is written beside the file. The program then runs the course's harness
//! with the file to load in `PARLAB_SOLUTION`, without writing bytecode and
//! without the user's site packages. Its output is line-buffered (the support
//! module sets it when the harness imports it), not unbuffered: `-u` makes
//! `print` write a line and its newline in two writes, and under an MPI
//! launcher two ranks' lines then interleave into one; a line buffer writes
//! each line whole, as soon as it ends. BLAS and OpenMP pools get
//! one thread per process: the parallelism of every Python exercise is the
//! learner's own processes or ranks, and a threaded BLAS under a pool of P
//! processes would start P times as many threads as cores, and make the
//! serial baseline parallel.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};

use super::build::BuildOutcome;
use super::process::{Ending, Limits, RunSpec, run};
use super::program::Program;
use super::sandbox::which;
use crate::course::{Course, Exercise};

/// Overrides the interpreter: a python with the course's packages.
pub const PYTHON_ENV: &str = "PARLAB_PYTHON";
/// How long pip gets to install the pinned packages (mpi4py compiles).
const INSTALL_LIMIT: Duration = Duration::from_secs(30 * 60);
/// The environment's stamp: the requirements it was made from.
const STAMP: &str = ".parlab-requirements";
/// One thread per process for the numeric libraries' pools.
const ONE_THREAD: [&str; 6] = [
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "BLIS_NUM_THREADS",
];
/// Compiles the file named by the first argument in memory; a syntax error
/// prints `file:line:col: message` and the offending line.
const COMPILE: &str = "import sys\n\
p = sys.argv[1]\n\
try:\n    src = open(p, 'rb').read()\n    compile(src, p, 'exec', dont_inherit=True)\n\
except SyntaxError as e:\n    print(f'{p}:{e.lineno or 0}:{e.offset or 0}: {type(e).__name__}: {e.msg}')\n    print((e.text or '').rstrip())\n    sys.exit(1)\n\
except (OSError, ValueError) as e:\n    print(f'{p}:0:0: {e}')\n    sys.exit(1)\n";

/// The interpreter the course's Python exercises run on.
#[derive(Clone, Debug, PartialEq)]
pub struct Python {
    pub interpreter: PathBuf,
    /// Folders the interpreter reads: the environment and its base prefix.
    pub reads: Vec<PathBuf>,
}

/// The pinned requirements of a course.
pub fn requirements(course: &Course) -> PathBuf {
    support_dir(&course.exercises_dir()).join("requirements.txt")
}

/// Where `parlab_support.py` lives in an exercises folder.
pub fn support_dir(exercises: &Path) -> PathBuf {
    exercises.join("python")
}

/// The course's own virtual environment.
pub fn venv_dir(course: &Course) -> PathBuf {
    course.root.join(".parlab").join("venv")
}

/// The interpreter the course's Python runs on, without making anything:
/// `PARLAB_PYTHON`, else the course environment's (which may not exist yet).
pub fn interpreter_path(course: &Course) -> PathBuf {
    std::env::var_os(PYTHON_ENV)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| venv_dir(course).join("bin").join("python"))
}

/// PySpark's version in `interpreter`'s environment, or `None` where it
/// does not import there (`parlab setup --spark` puts it in the course's).
pub fn pyspark_version(interpreter: &Path) -> Option<String> {
    super::probe(
        &interpreter.to_string_lossy(),
        &["-s", "-c", "import pyspark; print(pyspark.__version__)"],
    )
}

/// The system's `python3`, the base of the course's environment.
pub fn system_python() -> Option<PathBuf> {
    which("python3")
}

/// The interpreter, ready: `PARLAB_PYTHON`, or the course's environment,
/// made or brought up to date now (with a line through `progress` for each
/// step, as a first install takes minutes).
pub fn prepare(
    course: &Course,
    progress: &mut dyn FnMut(&str),
    cancel: &Arc<AtomicBool>,
) -> Result<Python> {
    if let Some(given) = std::env::var_os(PYTHON_ENV).filter(|v| !v.is_empty()) {
        let interpreter = PathBuf::from(given);
        let reads = prefixes(&interpreter).with_context(|| {
            format!(
                "{PYTHON_ENV}={} does not run; point it at a python3 with the course's packages, or unset it",
                interpreter.display()
            )
        })?;
        return Ok(Python { interpreter, reads });
    }
    let venv = venv_dir(course);
    let parent = venv.parent().unwrap_or(&course.root);
    fs::create_dir_all(parent).with_context(|| format!("failed to create {}", parent.display()))?;
    let lock_path = parent.join("venv.lock");
    let lock = File::create(&lock_path)
        .with_context(|| format!("failed to open {}", lock_path.display()))?;
    lock.lock()
        .with_context(|| format!("failed to lock {}", lock_path.display()))?;
    let interpreter = venv.join("bin").join("python");
    let wanted = stamp(course)?;
    let current = fs::read_to_string(venv.join(STAMP)).ok();
    if !interpreter.is_file() || current.as_deref() != Some(wanted.text.as_str()) {
        make_venv(course, &venv, &wanted, progress, cancel)?;
    }
    let reads = prefixes(&interpreter)
        .with_context(|| format!("the environment in {} does not run", venv.display()))?;
    Ok(Python { interpreter, reads })
}

/// What the environment is made from: the requirements' hash, and whether
/// mpi4py could be built here.
struct Stamp {
    text: String,
    lines: Vec<String>,
    without_mpi4py: bool,
}

fn stamp(course: &Course) -> Result<Stamp> {
    let path = requirements(course);
    let src = fs::read_to_string(&path).with_context(|| {
        format!(
            "failed to read {}, the course's pinned Python packages",
            path.display()
        )
    })?;
    // mpi4py needs an MPI library to load (its wheels) or mpicc (a build).
    let without_mpi4py = which("mpicc").is_none()
        && super::mpi::detect(&super::mpi::LaunchOptions::default()).is_none();
    let lines: Vec<String> = requirement_lines(&src)
        .into_iter()
        .filter(|l| !(without_mpi4py && package_name(l) == "mpi4py"))
        .collect();
    let hash = Sha256::digest(src.as_bytes());
    let hex = crate::hex::encode(&hash[..8]);
    let text = format!(
        "{hex}{}\n",
        if without_mpi4py {
            " without-mpi4py"
        } else {
            ""
        }
    );
    Ok(Stamp {
        text,
        lines,
        without_mpi4py,
    })
}

/// The requirements of a requirements file: its lines without comments
/// and blank lines.
pub fn requirement_lines(src: &str) -> Vec<String> {
    src.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect()
}

/// `dask[distributed]==1.0` is `dask`.
pub fn package_name(requirement: &str) -> &str {
    let end = requirement
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'))
        .unwrap_or(requirement.len());
    &requirement[..end]
}

fn make_venv(
    course: &Course,
    venv: &Path,
    wanted: &Stamp,
    progress: &mut dyn FnMut(&str),
    cancel: &Arc<AtomicBool>,
) -> Result<()> {
    let base = system_python().with_context(|| {
        format!(
            "the Python track needs python3, which is not on PATH. Install it with:\n  {}",
            crate::doctor::python_install_line()
        )
    })?;
    if !venv.join("bin").join("python").is_file() {
        progress(&format!(
            "creating the course's Python environment in {}",
            venv.display()
        ));
        let mut spec = RunSpec::new(&base, Duration::from_secs(300))
            .arg("-m")
            .arg("venv")
            .arg(venv);
        spec.limits = Limits::none();
        spec.cancel = cancel.clone();
        let out = run(&spec).context("failed to start python3")?;
        if out.ending != (Ending::Exited { code: 0 }) {
            let _ = fs::remove_dir_all(venv);
            bail!(
                "python3 could not create a virtual environment in {}:\n{}\nInstall the venv module with:\n  {}",
                venv.display(),
                out.tail(8),
                crate::doctor::python_install_line()
            );
        }
    }
    let list = wanted.lines.join(" ");
    progress(&format!(
        "installing the course's Python packages: {list}{}",
        if wanted.without_mpi4py {
            " (mpi4py is left out: no MPI here)"
        } else {
            " (a first install downloads about 60 MB)"
        }
    ));
    pip_install(
        &venv.join("bin").join("python"),
        &wanted.lines,
        &requirements(course),
        cancel,
    )?;
    fs::write(venv.join(STAMP), &wanted.text)
        .with_context(|| format!("failed to write the stamp in {}", venv.display()))?;
    progress("the course's Python environment is ready");
    Ok(())
}

/// Installs `lines` (pinned requirements, from `file`) with `interpreter`'s
/// pip.
fn pip_install(
    interpreter: &Path,
    lines: &[String],
    file: &Path,
    cancel: &Arc<AtomicBool>,
) -> Result<()> {
    let mut spec = RunSpec::new(interpreter, INSTALL_LIMIT)
        .arg("-m")
        .arg("pip")
        .arg("install")
        .arg("--disable-pip-version-check")
        .arg("--no-input")
        .arg("--quiet")
        .env("PIP_NO_WARN_SCRIPT_LOCATION", "1")
        // mpi4py is one large generated C file: without debug information
        // and at -O1 it compiles in a fraction of the time, and its calls
        // are not where an exercise spends its time.
        .env("CFLAGS", "-O1 -g0");
    spec.args.extend(lines.iter().map(Into::into));
    spec.limits = Limits::none();
    spec.output_cap = 8 << 20;
    spec.cancel = cancel.clone();
    let out = run(&spec).context("failed to start pip")?;
    match out.ending {
        Ending::Exited { code: 0 } => Ok(()),
        Ending::Cancelled => bail!("cancelled while installing Python packages"),
        _ => bail!(
            "pip could not install the packages of {}:\n{}\nparlab doctor shows what this machine lacks.",
            file.display(),
            out.tail(15)
        ),
    }
}

/// Installs an optional set of packages, `python/requirements-NAME.txt`
/// (`parlab setup --spark`), into the interpreter the course runs. They are
/// not part of the environment's stamp, so bringing it up to date later
/// keeps them.
pub fn install_extra(
    course: &Course,
    python: &Python,
    name: &str,
    progress: &mut dyn FnMut(&str),
    cancel: &Arc<AtomicBool>,
) -> Result<()> {
    let file = support_dir(&course.exercises_dir()).join(format!("requirements-{name}.txt"));
    let src = fs::read_to_string(&file).with_context(|| {
        format!(
            "failed to read {}, the course's optional {name} packages",
            file.display()
        )
    })?;
    let lines = requirement_lines(&src);
    progress(&format!("installing {}", lines.join(" ")));
    pip_install(&python.interpreter, &lines, &file, cancel)?;
    progress(&format!("{} installed", lines.join(" ")));
    Ok(())
}

/// The folders an interpreter reads: its environment's and its base's
/// prefixes (where they are not the system's `/usr`).
fn prefixes(interpreter: &Path) -> Option<Vec<PathBuf>> {
    let out = probe(
        interpreter,
        "import sys; print(sys.prefix); print(sys.base_prefix)",
    )?;
    let mut reads: Vec<PathBuf> = Vec::new();
    for line in out.lines() {
        let dir = PathBuf::from(line.trim());
        let dir = fs::canonicalize(&dir).unwrap_or(dir);
        if !line.trim().is_empty() && !dir.starts_with("/usr") && !reads.contains(&dir) {
            reads.push(dir);
        }
    }
    // A venv's interpreter is a link into its base: the sandbox shows both.
    if let Ok(real) = fs::canonicalize(interpreter)
        && let Some(dir) = real.parent().and_then(Path::parent)
        && !dir.starts_with("/usr")
        && !reads.iter().any(|r| dir.starts_with(r))
    {
        reads.push(dir.to_path_buf());
    }
    Some(reads)
}

fn probe(interpreter: &Path, code: &str) -> Option<String> {
    let mut spec = RunSpec::new(interpreter, Duration::from_secs(60))
        .arg("-s")
        .arg("-c")
        .arg(code);
    spec.limits = Limits::none();
    spec.cancel = Arc::new(AtomicBool::new(false));
    let out = run(&spec).ok()?;
    (out.ending == Ending::Exited { code: 0 }).then_some(out.stdout)
}

/// Byte-compiles `file` in memory, through `wrap` (the grading sandbox):
/// built, or the syntax error.
pub fn compile(
    python: &Python,
    file: &Path,
    program: Program,
    cancel: &Arc<AtomicBool>,
    wrap: &dyn Fn(RunSpec) -> RunSpec,
) -> Result<BuildOutcome> {
    let mut spec = RunSpec::new(&python.interpreter, Duration::from_secs(60))
        .arg("-B")
        .arg("-s")
        .arg("-c")
        .arg(COMPILE)
        .arg(file);
    spec.limits = Limits::none();
    spec.cancel = cancel.clone();
    let out = run(&wrap(spec)).context("failed to start the Python interpreter")?;
    match out.ending {
        Ending::Exited { code: 0 } => Ok(BuildOutcome::Built { program }),
        Ending::Exited { code: 1 } if out.stdout.contains(": ") => Ok(BuildOutcome::CompileError {
            diagnostics: out.stdout.trim_end().to_owned(),
        }),
        Ending::Cancelled => Ok(BuildOutcome::Cancelled),
        _ => bail!(
            "the Python interpreter {} failed to read {}:\n{}",
            python.interpreter.display(),
            file.display(),
            out.tail(10)
        ),
    }
}

/// The program that runs `exercise`'s harness on `solution` (the learner's
/// file, or a course variant), with the support module of `exercises`.
pub fn program(python: &Python, exercises: &Path, exercise: &Exercise, solution: &Path) -> Program {
    let harness = exercise.harness_in(exercises);
    let support = support_dir(exercises);
    let mut reads = python.reads.clone();
    reads.push(exercises.to_path_buf());
    if let Some(dir) = solution.parent().filter(|d| !d.starts_with(exercises)) {
        reads.push(dir.to_path_buf());
    }
    let mut env: Vec<(std::ffi::OsString, std::ffi::OsString)> = vec![
        ("PARLAB_SOLUTION".into(), solution.into()),
        ("PYTHONPATH".into(), support.into()),
        // Empty is unset to Python: line buffers, not an inherited `-u`.
        ("PYTHONUNBUFFERED".into(), "".into()),
        ("PYTHONDONTWRITEBYTECODE".into(), "1".into()),
        ("PYTHONNOUSERSITE".into(), "1".into()),
        ("PYTHONHASHSEED".into(), "0".into()),
    ];
    env.extend(ONE_THREAD.iter().map(|k| ((*k).into(), "1".into())));
    Program {
        path: python.interpreter.clone(),
        args: vec!["-B".into(), "-s".into(), harness.into()],
        env,
        reads,
    }
}

/// The build of a Python exercise in the course itself: the interpreter,
/// then the variant's file compiled.
pub fn build(
    course: &Course,
    exercise: &Exercise,
    solution: &Path,
    progress: &mut dyn FnMut(&str),
    cancel: &Arc<AtomicBool>,
) -> Result<BuildOutcome> {
    let python = prepare(course, progress, cancel)?;
    let program = program(&python, &course.exercises_dir(), exercise, solution);
    compile(&python, solution, program, cancel, &|s| s)
}

/// What `parlab doctor` reports of an interpreter.
#[derive(Clone, Debug, serde::Deserialize)]
pub struct Facts {
    pub version: String,
    /// False on a free-threaded build running without the GIL.
    pub gil: bool,
    /// Each pinned package's installed version, `None` where missing.
    pub packages: Vec<(String, Option<String>)>,
    /// mpi4py's MPI library, as it names itself.
    pub mpi_library: Option<String>,
}

/// Asks `interpreter` about itself and the `packages` (names).
pub fn facts(interpreter: &Path, packages: &[String]) -> Option<Facts> {
    let names = serde_json::to_string(packages).ok()?;
    let code = format!(
        "import sys, json\n\
from importlib import metadata\n\
pk = []\n\
for n in {names}:\n    \
try: pk.append((n, metadata.version(n)))\n    \
except Exception: pk.append((n, None))\n\
lib = None\n\
if any(n == 'mpi4py' and v for n, v in pk):\n    \
try:\n        \
import mpi4py\n        \
mpi4py.rc.initialize = False\n        \
from mpi4py import MPI\n        \
lib = MPI.Get_library_version().strip().splitlines()[0]\n    \
except Exception as e: lib = 'mpi4py does not load: ' + str(e)\n\
gil = getattr(sys, '_is_gil_enabled', lambda: True)()\n\
print(json.dumps(dict(version=sys.version.split()[0], gil=gil, packages=pk, mpi_library=lib)))\n"
    );
    let out = probe(interpreter, &code)?;
    serde_json::from_str(out.lines().last()?).ok()
}

#[cfg(test)]
mod tests {
    use super::package_name;

    #[test]
    fn package_names_drop_extras_and_versions() {
        assert_eq!(package_name("dask[distributed]==2024.12.1"), "dask");
        assert_eq!(package_name("numpy==2.2.6"), "numpy");
        assert_eq!(package_name("mpi4py"), "mpi4py");
    }
}
