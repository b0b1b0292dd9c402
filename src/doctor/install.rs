//! The exact command that installs a missing part on this machine: the
//! package manager's family (Debian, Fedora, Arch, macOS) from
//! `/etc/os-release`, and each part's package names in that family. The
//! lines are only shown; parlab never installs anything itself.

use std::fs;

/// Which family of package manager the install lines are written for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Family {
    Debian,
    Fedora,
    Arch,
    MacOs,
    Unknown,
}

/// `/etc/os-release`, or nothing where there is none (macOS).
pub(super) fn os_release() -> String {
    fs::read_to_string("/etc/os-release").unwrap_or_default()
}

impl Family {
    /// This machine's family.
    pub(super) fn here() -> Family {
        Family::detect(&os_release())
    }

    /// The family an `os-release` text names (its `ID` and `ID_LIKE`).
    pub(super) fn detect(os_release: &str) -> Family {
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

    /// The command that installs `what` in this family.
    pub(super) fn install(self, what: Need) -> String {
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

/// A part of the machine that has an install line.
#[derive(Clone, Copy)]
pub(super) enum Need {
    Mpi,
    Libclang,
    Python,
    Bubblewrap,
    Java,
}

/// The command that installs MPI and libclang on this machine, for the
/// message an MPI exercise gives where they are missing.
pub fn mpi_install_line() -> String {
    let family = Family::here();
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
    Family::here().install(Need::Python)
}

/// The command that installs a Java runtime here, for PySpark (optional:
/// parlab itself never needs Java).
pub fn java_install_line() -> String {
    Family::here().install(Need::Java)
}

/// How PySpark gets into the course's Python environment.
pub const SPARK_INSTALL: &str =
    "run `parlab setup --spark` (the pinned PySpark, into the course's Python environment)";

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
}
