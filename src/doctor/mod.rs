//! `parlab doctor`: what this machine has for the course, and the exact
//! command that installs what it lacks. It only asks (through the runner's
//! probe) and looks at files; it never installs anything itself.

use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::runner::{cores, probe};

#[derive(Clone, Debug, Serialize)]
pub struct Doctor {
    pub cores: usize,
    pub os: String,
    pub items: Vec<Item>,
}

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

/// Which family of package manager the install lines are written for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    Debian,
    Fedora,
    Arch,
    MacOs,
    Unknown,
}

impl Family {
    fn detect(os_release: &str) -> Family {
        let ids: Vec<String> = os_release
            .lines()
            .filter_map(|l| l.strip_prefix("ID=").or_else(|| l.strip_prefix("ID_LIKE=")))
            .flat_map(|v| {
                v.trim_matches('"')
                    .split_whitespace()
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .collect();
        let has = |names: &[&str]| ids.iter().any(|i| names.contains(&i.as_str()));
        if cfg!(target_os = "macos") {
            Family::MacOs
        } else if has(&["debian", "ubuntu"]) {
            Family::Debian
        } else if has(&["fedora", "rhel", "centos"]) {
            Family::Fedora
        } else if has(&["arch"]) {
            Family::Arch
        } else {
            Family::Unknown
        }
    }

    fn install(self, what: Need) -> String {
        let (debian, fedora, arch, brew) = match what {
            Need::Mpi => (
                "openmpi-bin libopenmpi-dev",
                "openmpi openmpi-devel",
                "openmpi",
                "open-mpi",
            ),
            Need::Libclang => ("libclang-dev", "clang-devel", "clang", "llvm"),
            Need::Python => (
                "python3 python3-venv python3-dev",
                "python3 python3-devel",
                "python",
                "python",
            ),
            Need::Bubblewrap => ("bubblewrap", "bubblewrap", "bubblewrap", "bubblewrap"),
            Need::Java => (
                "default-jre-headless",
                "java-21-openjdk-headless",
                "jre-openjdk-headless",
                "openjdk",
            ),
        };
        match self {
            Family::Debian => format!("sudo apt-get install -y {debian}"),
            Family::Fedora => format!("sudo dnf install -y {fedora}"),
            Family::Arch => format!("sudo pacman -S --needed {arch}"),
            Family::MacOs => format!("brew install {brew}"),
            Family::Unknown => {
                format!("install your system's packages for {debian} (Debian names)")
            }
        }
    }
}

#[derive(Clone, Copy)]
enum Need {
    Mpi,
    Libclang,
    Python,
    Bubblewrap,
    Java,
}

/// The command that installs MPI and libclang on this machine, for the
/// message an MPI exercise gives where they are missing.
pub fn mpi_install_line() -> String {
    let family = Family::detect(&fs::read_to_string("/etc/os-release").unwrap_or_default());
    let mpi = family.install(Need::Mpi);
    let clang = family.install(Need::Libclang);
    // One line: the second command's package names join the first's.
    match clang.rsplit_once(' ') {
        Some((_, package)) if mpi.starts_with("sudo apt-get") || mpi.starts_with("sudo dnf") => {
            format!("{mpi} {package}")
        }
        _ => format!("{mpi} && {clang}"),
    }
}

/// The command that installs python3 with its venv module and headers
/// (mpi4py compiles against them) on this machine.
pub fn python_install_line() -> String {
    Family::detect(&fs::read_to_string("/etc/os-release").unwrap_or_default()).install(Need::Python)
}

/// The command that installs a Java runtime here, for PySpark (optional:
/// parlab itself never needs Java).
pub fn java_install_line() -> String {
    Family::detect(&fs::read_to_string("/etc/os-release").unwrap_or_default()).install(Need::Java)
}

/// How PySpark gets into the course's Python environment.
pub const SPARK_INSTALL: &str =
    "run `parlab setup --spark` (the pinned PySpark, into the course's Python environment)";

/// What a module's requirement (`requires = ["mpi"]` in course.toml) lacks
/// on this machine: `None` when it is met, else the install line.
pub fn missing(requirement: &str) -> Option<String> {
    match requirement {
        "mpi" => {
            let launcher =
                crate::runner::mpi::detect(&crate::runner::mpi::LaunchOptions::default());
            let compiler = probe("mpicc", &["-show"]);
            let clang = find_libclang(&libclang_candidates());
            (launcher.is_none() || compiler.is_none() || clang.is_none()).then(mpi_install_line)
        }
        "python3" => probe("python3", &["--version"]).is_none().then(|| {
            Family::detect(&fs::read_to_string("/etc/os-release").unwrap_or_default())
                .install(Need::Python)
        }),
        _ => None,
    }
}

/// Looks at the machine, and at `course`'s Python environment.
pub fn diagnose_course(course: Option<&crate::course::Course>) -> Doctor {
    let mut doctor = diagnose();
    let python = |c: &&crate::course::Course| {
        c.exercises
            .iter()
            .any(|e| e.language == crate::course::Language::Python)
    };
    if let Some(course) = course.filter(python) {
        let family = Family::detect(&fs::read_to_string("/etc/os-release").unwrap_or_default());
        let at = doctor
            .items
            .iter()
            .position(|i| i.name == "python3")
            .map_or(doctor.items.len(), |i| i + 1);
        let mut items = python_environment(course, family);
        items.extend(demo_needs(course, family));
        for (i, item) in items.into_iter().enumerate() {
            doctor.items.insert(at + i, item);
        }
    }
    doctor
}

/// The optional parts the course's demos need (Java and PySpark for the
/// Spark rows): never required, shown so a learner knows what a row lacks.
fn demo_needs(course: &crate::course::Course, family: Family) -> Vec<Item> {
    use crate::course::Need as DemoNeed;
    let needed = |need: DemoNeed| {
        course
            .demos
            .iter()
            .flat_map(|d| &d.runs)
            .any(|r| r.needs.contains(&need))
    };
    let mut items = Vec::new();
    if needed(DemoNeed::Java) {
        let version = probe("java", &["-version"]);
        items.push(Item {
            name: "java (optional)",
            found: version.is_some(),
            version: version.as_deref().map(first_line),
            detail: None,
            needed_for: "the Spark rows of the word-count demo (parlab never needs Java itself)",
            install: None,
        }
        .with_install_if_missing(family.install(Need::Java)));
    }
    if needed(DemoNeed::PySpark) {
        use crate::runner::python;
        let interpreter = python::interpreter_path(course);
        let version = interpreter
            .is_file()
            .then(|| {
                probe(
                    &interpreter.to_string_lossy(),
                    &["-s", "-c", "import pyspark; print(pyspark.__version__)"],
                )
            })
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

/// Looks at the machine.
pub fn diagnose() -> Doctor {
    let os_release = fs::read_to_string("/etc/os-release").unwrap_or_default();
    let family = Family::detect(&os_release);
    let os = os_release
        .lines()
        .find_map(|l| l.strip_prefix("PRETTY_NAME="))
        .map(|v| v.trim_matches('"').to_owned())
        .unwrap_or_else(|| std::env::consts::OS.to_owned());
    let items = vec![
        cargo(),
        mpi(family),
        libclang(family),
        python(family),
        bubblewrap(family),
        containment(),
    ];
    Doctor {
        cores: cores(),
        os,
        items,
    }
}

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
    fn with_install_if_missing(mut self, install: impl Into<String>) -> Self {
        self.install = (!self.found).then(|| install.into());
        self
    }
}

fn mpi(family: Family) -> Item {
    let launcher = crate::runner::mpi::detect(&crate::runner::mpi::LaunchOptions::default());
    let compiler = probe("mpicc", &["-show"]).map(|s| first_line(&s));
    let (found, version, detail) = match &launcher {
        Some(l) => {
            let (implementation, version, name) = (&l.name, l.version.clone(), &l.program);
            let detail = match &compiler {
                Some(show) => format!("{implementation}, launcher {name}, mpicc: {show}"),
                None => format!(
                    "{implementation}, launcher {name}; mpicc is missing, so the MPI exercises cannot build"
                ),
            };
            (compiler.is_some(), version, Some(detail))
        }
        None => (false, None, None),
    };
    Item {
        name: "mpi",
        found,
        version,
        detail,
        needed_for: "the MPI module (everything else works without it)",
        install: None,
    }
    .with_install_if_missing(family.install(Need::Mpi))
}

/// Where bindgen (used by the MPI bindings) looks for libclang.
fn libclang_candidates() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("LIBCLANG_PATH")
        .map(PathBuf::from)
        .into_iter()
        .collect();
    for parent in [
        "/usr/lib",
        "/usr/local/lib",
        "/usr/lib64",
        "/opt/homebrew/opt/llvm/lib",
        "/usr/local/opt/llvm/lib",
    ] {
        dirs.push(PathBuf::from(parent));
        let Ok(entries) = fs::read_dir(parent) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with("llvm") {
                dirs.push(entry.path().join("lib"));
            } else if name.ends_with("-linux-gnu") {
                dirs.push(entry.path());
            }
        }
    }
    dirs
}

fn find_libclang(dirs: &[PathBuf]) -> Option<PathBuf> {
    dirs.iter().find_map(|dir| {
        fs::read_dir(dir)
            .ok()?
            .flatten()
            .map(|e| e.path())
            .find(|p| is_libclang(p))
    })
}

fn is_libclang(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    name.starts_with("libclang")
        && (name.contains(".so") || name.ends_with(".dylib"))
        && !name.starts_with("libclang-cpp")
        && !name.starts_with("libclang_rt")
}

fn libclang(family: Family) -> Item {
    let found = find_libclang(&libclang_candidates());
    Item {
        name: "libclang",
        found: found.is_some(),
        version: None,
        detail: found.map(|p| p.display().to_string()),
        needed_for: "building the MPI bindings (rsmpi generates them with bindgen)",
        install: None,
    }
    .with_install_if_missing(family.install(Need::Libclang))
}

fn python(family: Family) -> Item {
    let version = probe("python3", &["--version"]).map(|v| first_line(&v));
    let venv = version.is_some() && probe("python3", &["-c", "import venv, ensurepip"]).is_some();
    let detail = match (&version, venv) {
        (Some(_), false) => Some("its venv module (with ensurepip) is missing".to_owned()),
        _ => crate::runner::python::system_python().map(|p| p.display().to_string()),
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
fn python_environment(course: &crate::course::Course, family: Family) -> Vec<Item> {
    use crate::runner::python;
    let from_env = std::env::var_os(python::PYTHON_ENV).filter(|v| !v.is_empty());
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
        let detail = match &from_env {
            Some(_) => format!("PARLAB_PYTHON={} does not run", interpreter.display()),
            None => format!(
                "not made yet: the first Python check makes it in {}, or run `parlab setup` now",
                python::venv_dir(course).display()
            ),
        };
        return vec![Item {
            name: "python environment",
            found: false,
            version: None,
            detail: Some(detail),
            needed_for: "the Python track's exercises",
            install: Some("parlab setup".into()),
        }];
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
        needed_for: "the Python track's exercises",
        install: None,
    }];
    for (requirement, (name, version)) in wanted.iter().zip(&facts.packages) {
        let pinned = requirement.split("==").nth(1).map(str::trim);
        let matches = version.is_some() && (pinned.is_none() || version.as_deref() == pinned);
        let mpi4py = name == "mpi4py";
        let mut item = Item {
            name: match name.as_str() {
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
                "the Python track's exercises"
            },
            install: None,
        };
        if !matches {
            item.install = Some(if mpi4py && probe("mpicc", &["-show"]).is_none() {
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
        items.push(item);
    }
    items
}

/// Whether mpi4py's MPI library is the launcher's.
fn mpi4py_match(library: Option<&str>) -> Option<String> {
    let library = library?.split(',').next().unwrap_or_default().trim();
    let launcher = crate::runner::mpi::detect(&crate::runner::mpi::LaunchOptions::default());
    let Some(launcher) = launcher else {
        return Some(format!("uses {library}; no launcher found to run it"));
    };
    let lib = library.to_ascii_lowercase();
    let same_family = match launcher.implementation {
        crate::runner::mpi::Implementation::OpenMpi => lib.contains("open mpi"),
        crate::runner::mpi::Implementation::Mpich => lib.contains("mpich"),
        crate::runner::mpi::Implementation::Other => true,
    };
    let version_ok = launcher
        .version
        .as_deref()
        .is_none_or(|v| lib.contains(&v.to_ascii_lowercase()));
    Some(if same_family && version_ok {
        format!("uses {library}, the library of {}", launcher.program)
    } else {
        format!(
            "mismatch: uses {library}, but the launcher is {} {}",
            launcher.name,
            launcher.version.as_deref().unwrap_or("")
        )
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn install_lines_follow_the_distribution() {
        let debian = Family::detect("PRETTY_NAME=\"Debian GNU/Linux 12\"\nID=debian\n");
        assert_eq!(
            debian.install(Need::Mpi),
            "sudo apt-get install -y openmpi-bin libopenmpi-dev"
        );
        let ubuntu = Family::detect("ID=ubuntu\nID_LIKE=debian\n");
        assert_eq!(
            ubuntu.install(Need::Libclang),
            "sudo apt-get install -y libclang-dev"
        );
        let fedora = Family::detect("ID=fedora\n");
        assert_eq!(
            fedora.install(Need::Mpi),
            "sudo dnf install -y openmpi openmpi-devel"
        );
    }

    #[test]
    fn libclang_is_not_libclang_cpp() {
        assert!(is_libclang(Path::new(
            "/usr/lib/llvm-14/lib/libclang-14.so.1"
        )));
        assert!(is_libclang(Path::new("/usr/lib/libclang.so")));
        assert!(!is_libclang(Path::new("/usr/lib/libclang-cpp.so.14")));
    }
}
