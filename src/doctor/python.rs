//! Python on this machine, for `parlab doctor`: the system's `python3`
//! with its venv module, the course's own environment (its interpreter,
//! whether the GIL is on, each pinned package), and the optional parts the
//! course's demos use (Java and PySpark).

use std::fs;
use std::path::Path;

use super::install::{Family, Need};
use super::mpi::{mpi4py_match, mpicc};
use super::{Item, first_line};
use crate::course::{Course, Need as DemoNeed};
use crate::runner::python::{self, Facts};
use crate::runner::{self, probe};

/// What the Python track's exercises need, for the environment's items.
const PYTHON_TRACK: &str = "the Python track's exercises";

/// The system's `python3`, with the venv module the course's environment
/// is made with.
pub(super) fn python3(family: Family) -> Item {
    let version = probe("python3", &["--version"]).map(|v| first_line(&v));
    let venv = version.is_some() && probe("python3", &["-c", "import venv, ensurepip"]).is_some();
    let detail = match (&version, venv) {
        (Some(_), false) => Some("its venv module (with ensurepip) is missing".to_owned()),
        _ => python::system_python().map(|p| p.display().to_string()),
    };
    Item {
        name: "python3",
        found: version.is_some() && venv,
        version,
        detail,
        needed_for: "the Python track, and the live demos that compare Python with Rust",
        install: None,
    }
    .with_install_if_missing(family.install(Need::Python))
}

/// The course's Python: the interpreter, whether the GIL is on, every
/// pinned package, and whether mpi4py was built for the launcher's MPI.
pub(super) fn environment(course: &Course, family: Family) -> Vec<Item> {
    let interpreter = python::interpreter_path(course);
    let wanted = python::requirement_lines(
        &fs::read_to_string(python::requirements(course)).unwrap_or_default(),
    );
    let names: Vec<String> = wanted
        .iter()
        .map(|w| python::package_name(w).to_owned())
        .collect();
    let facts = interpreter
        .is_file()
        .then(|| python::facts(&interpreter, &names))
        .flatten();
    let Some(facts) = facts else {
        return vec![not_running(course, &interpreter)];
    };
    let mut items = vec![Item {
        name: "python environment",
        found: true,
        version: Some(facts.version.clone()),
        detail: Some(format!(
            "{}; the GIL is {}",
            interpreter.display(),
            if facts.gil {
                "on (threads run Python code one at a time)"
            } else {
                "off (a free-threaded build)"
            }
        )),
        needed_for: PYTHON_TRACK,
        install: None,
    }];
    for (requirement, (name, version)) in wanted.iter().zip(&facts.packages) {
        items.push(package(course, family, &facts, requirement, name, version));
    }
    items
}

/// The environment's item where its interpreter does not run: not made
/// yet, or a `PARLAB_PYTHON` that is not a working python.
fn not_running(course: &Course, interpreter: &Path) -> Item {
    let from_env = std::env::var_os(python::PYTHON_ENV).is_some_and(|v| !v.is_empty());
    let detail = if from_env {
        format!(
            "{}={} does not run",
            python::PYTHON_ENV,
            interpreter.display()
        )
    } else {
        format!(
            "not made yet: the first Python check makes it in {}, or run `parlab setup` now",
            python::venv_dir(course).display()
        )
    };
    Item {
        name: "python environment",
        found: false,
        version: None,
        detail: Some(detail),
        needed_for: PYTHON_TRACK,
        install: Some("parlab setup".into()),
    }
}

/// One pinned package (`requirement`, named `name`): whether the installed
/// `version` is the pinned one, and for mpi4py whether it loads the
/// launcher's MPI library.
fn package(
    course: &Course,
    family: Family,
    facts: &Facts,
    requirement: &str,
    name: &str,
    version: &Option<String>,
) -> Item {
    let pinned = requirement.split("==").nth(1).map(str::trim);
    let matches = version.is_some() && (pinned.is_none() || version.as_deref() == pinned);
    let mpi4py = name == "mpi4py";
    let mut item = Item {
        name: match name {
            "numpy" => "numpy",
            "mpi4py" => "mpi4py",
            "dask" => "dask",
            _ => "python package",
        },
        found: matches,
        version: version.clone(),
        detail: (!matches).then(|| match version {
            Some(v) => format!("{name} {v} is installed, the course pins {requirement}"),
            None => format!("{name} is missing (the course pins {requirement})"),
        }),
        needed_for: if mpi4py {
            "the mpi4py module"
        } else {
            PYTHON_TRACK
        },
        install: None,
    };
    if !matches {
        item.install = Some(if mpi4py && mpicc().is_none() {
            format!("{} && parlab setup", family.install(Need::Mpi))
        } else {
            "parlab setup".into()
        });
    }
    if mpi4py && matches {
        item.detail = mpi4py_match(facts.mpi_library.as_deref());
        if item
            .detail
            .as_deref()
            .is_some_and(|d| d.starts_with("mismatch"))
        {
            item.found = false;
            item.install = Some(format!(
                "rm -rf {} && parlab setup",
                python::venv_dir(course).display()
            ));
        }
    }
    item
}

/// The optional parts the course's demos need (Java and PySpark for the
/// Spark rows): never required, shown so a learner knows what a row lacks.
pub(super) fn demo_needs(course: &Course, family: Family) -> Vec<Item> {
    let needed = |need: DemoNeed| {
        course
            .demos
            .iter()
            .flat_map(|d| &d.runs)
            .any(|r| r.needs.contains(&need))
    };
    let mut items = Vec::new();
    if needed(DemoNeed::Java) {
        let version = runner::java_version();
        items.push(
            Item {
                name: "java (optional)",
                found: version.is_some(),
                version: version.as_deref().map(first_line),
                detail: None,
                needed_for: "the Spark rows of the word-count demo (parlab never needs Java itself)",
                install: None,
            }
            .with_install_if_missing(family.install(Need::Java)),
        );
    }
    if needed(DemoNeed::PySpark) {
        let interpreter = python::interpreter_path(course);
        let version = interpreter
            .is_file()
            .then(|| python::pyspark_version(&interpreter))
            .flatten();
        items.push(
            Item {
                name: "pyspark (optional)",
                found: version.is_some(),
                version: version.as_deref().map(first_line),
                detail: None,
                needed_for: "the Spark rows of the word-count demo",
                install: None,
            }
            .with_install_if_missing("parlab setup --spark"),
        );
    }
    items
}
