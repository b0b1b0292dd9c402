//! `parlab doctor`: what this machine has for the course, and the exact
//! command that installs what it lacks. It only asks (through the runner's
//! probe) and looks at files; it never installs anything itself.
//!
//! One file a part of the machine: `install.rs` writes the install lines
//! for this system's package manager, `mpi.rs` looks at MPI and libclang,
//! `python.rs` at python3, the course's environment and the demos' optional
//! parts; this file puts the report together.

mod install;
mod mpi;
mod python;

use serde::Serialize;

pub use install::{SPARK_INSTALL, java_install_line, mpi_install_line, python_install_line};

use crate::course::{Course, Language};
use crate::runner::{cores, probe};
use install::{Family, Need};

/// What `parlab doctor` found: the machine, and one item per part.
#[derive(Clone, Debug, Serialize)]
pub struct Doctor {
    pub cores: usize,
    pub os: String,
    pub items: Vec<Item>,
}

/// One part of the machine: whether it is here, and how to get it.
#[derive(Clone, Debug, Serialize)]
pub struct Item {
    pub name: &'static str,
    pub found: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// What the course loses without it.
    pub needed_for: &'static str,
    /// The command that installs it here, when it is missing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub install: Option<String>,
}

impl Doctor {
    /// True when everything but the optional parts is present.
    pub fn core_ok(&self) -> bool {
        self.items
            .iter()
            .filter(|i| i.name == "cargo")
            .all(|i| i.found)
    }

    pub fn item(&self, name: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.name == name)
    }
}

/// What a module's requirement (`requires = ["mpi"]` in course.toml) lacks
/// on this machine: `None` when it is met, else the install line.
pub fn missing(requirement: &str) -> Option<String> {
    match requirement {
        "mpi" => (!mpi::complete()).then(mpi_install_line),
        "python3" => probe("python3", &["--version"])
            .is_none()
            .then(python_install_line),
        _ => None,
    }
}

/// Looks at the machine, and at `course`'s Python environment.
pub fn diagnose_course(course: Option<&Course>) -> Doctor {
    let mut doctor = diagnose();
    let python = |c: &&Course| c.exercises.iter().any(|e| e.language == Language::Python);
    if let Some(course) = course.filter(python) {
        let family = Family::here();
        let at = doctor
            .items
            .iter()
            .position(|i| i.name == "python3")
            .map_or(doctor.items.len(), |i| i + 1);
        let mut items = python::environment(course, family);
        items.extend(python::demo_needs(course, family));
        for (i, item) in items.into_iter().enumerate() {
            doctor.items.insert(at + i, item);
        }
    }
    doctor
}

/// Looks at the machine.
pub fn diagnose() -> Doctor {
    let os_release = install::os_release();
    let family = Family::detect(&os_release);
    let os = os_release
        .lines()
        .find_map(|l| l.strip_prefix("PRETTY_NAME="))
        .map(|v| v.trim_matches('"').to_owned())
        .unwrap_or_else(|| std::env::consts::OS.to_owned());
    let items = vec![
        cargo(),
        mpi::mpi(family),
        mpi::libclang(family),
        python::python3(family),
        bubblewrap(family),
        containment(),
    ];
    Doctor {
        cores: cores(),
        os,
        items,
    }
}

/// The first line of a tool's answer that is not blank, trimmed.
fn first_line(text: &str) -> String {
    text.lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default()
        .trim()
        .to_owned()
}

fn cargo() -> Item {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let version = probe(&cargo, &["--version"]).map(|v| first_line(&v));
    Item {
        name: "cargo",
        found: version.is_some(),
        version,
        detail: None,
        needed_for: "building every exercise",
        install: None,
    }
    .with_install_if_missing("install Rust with rustup (https://rustup.rs), then open a new shell")
}

impl Item {
    /// The item, with `install` as what to run where it was not found.
    fn with_install_if_missing(mut self, install: impl Into<String>) -> Self {
        self.install = (!self.found).then(|| install.into());
        self
    }
}

fn bubblewrap(family: Family) -> Item {
    let version = probe("bwrap", &["--version"]).map(|v| first_line(&v));
    let mut item = Item {
        name: "bubblewrap",
        found: version.is_some(),
        version,
        detail: None,
        needed_for: "instructors: `parlab grade` runs each submission in its sandbox (without it, limits only)",
        install: None,
    };
    if item.found && !crate::runner::sandbox::Sandbox::detect(true).uses_bwrap() {
        item.found = false;
        item.detail = Some("installed, but it cannot create namespaces here".into());
    }
    if cfg!(target_os = "macos") {
        item.detail = Some("Linux only; grading on macOS uses limits alone".into());
        return item;
    }
    item.with_install_if_missing(family.install(Need::Bubblewrap))
}

/// How the processes of a run are kept from outliving it here.
fn containment() -> Item {
    use crate::runner::contain::{Mechanism, mechanism};
    let mechanism = mechanism();
    Item {
        name: "containment",
        found: true,
        version: Some(
            match mechanism {
                Mechanism::Cgroup { .. } => "cgroup v2 per run",
                Mechanism::Orphans { .. } => "adopted orphans",
            }
            .into(),
        ),
        detail: Some(mechanism.describe()),
        needed_for: "every run: no process a learner's program starts outlives its check",
        install: None,
    }
}
