//! MPI on this machine, for `parlab doctor`: the launcher and `mpicc`,
//! libclang (bindgen generates the MPI bindings with it), and whether the
//! course's mpi4py was built for the launcher's MPI library.

use std::fs;
use std::path::{Path, PathBuf};

use super::install::{Family, Need};
use super::{Item, first_line};
use crate::runner::mpi::{Implementation, LaunchOptions, Launcher};
use crate::runner::probe;

/// The MPI launcher parlab would use here.
fn launcher() -> Option<Launcher> {
    crate::runner::mpi::detect(&LaunchOptions::default())
}

/// What `mpicc -show` says (the compile line it wraps), or `None` where
/// there is no `mpicc`.
pub(super) fn mpicc() -> Option<String> {
    probe("mpicc", &["-show"])
}

/// Whether everything an MPI exercise needs to build and run is here: a
/// launcher, `mpicc` and libclang.
pub(super) fn complete() -> bool {
    launcher().is_some() && mpicc().is_some() && find_libclang(&libclang_candidates()).is_some()
}

/// The MPI item: the launcher, its implementation and version, and `mpicc`.
pub(super) fn mpi(family: Family) -> Item {
    let launcher = launcher();
    let compiler = mpicc().map(|s| first_line(&s));
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

/// The first libclang in `dirs`.
fn find_libclang(dirs: &[PathBuf]) -> Option<PathBuf> {
    dirs.iter().find_map(|dir| {
        fs::read_dir(dir)
            .ok()?
            .flatten()
            .map(|e| e.path())
            .find(|p| is_libclang(p))
    })
}

/// Whether `path` is libclang itself (not libclang-cpp or a runtime).
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

/// The libclang item: where bindgen would find it.
pub(super) fn libclang(family: Family) -> Item {
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

/// Whether mpi4py's MPI library is the launcher's.
pub(super) fn mpi4py_match(library: Option<&str>) -> Option<String> {
    let library = library?.split(',').next().unwrap_or_default().trim();
    let Some(launcher) = launcher() else {
        return Some(format!("uses {library}; no launcher found to run it"));
    };
    let lib = library.to_ascii_lowercase();
    let same_family = match launcher.implementation {
        Implementation::OpenMpi => lib.contains("open mpi"),
        Implementation::Mpich => lib.contains("mpich"),
        Implementation::Slurm | Implementation::Other => true,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn libclang_is_not_libclang_cpp() {
        assert!(is_libclang(Path::new(
            "/usr/lib/llvm-14/lib/libclang-14.so.1"
        )));
        assert!(is_libclang(Path::new("/usr/lib/libclang.so")));
        assert!(!is_libclang(Path::new("/usr/lib/libclang-cpp.so.14")));
    }
}
