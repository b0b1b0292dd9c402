//! `parlab export gradescope`: an autograder for Gradescope. Gradescope
//! unpacks a zip into `/autograder/source`, runs its `setup.sh` once to
//! build the image, and then `run_autograder` for each submission, which it
//! places in `/autograder/submission`; the grade is read from
//! `/autograder/results/results.json`.
//!
//! The bundle holds the two scripts, this parlab binary (`bin/parlab`) and
//! a copy of the course (its manifest, lessons and exercises package). The
//! script grades the submission as a class of one with `parlab grade`, so a
//! student is graded exactly as a class is, and copies the student's
//! `results.json` out. `PARLAB_AUTOGRADER_ROOT` moves `/autograder` (to try
//! the bundle in a folder) and `PARLAB_BIN` names the parlab to run.

mod zip;

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::course::{Course, Language};

/// What `export gradescope` wrote.
#[derive(Debug)]
pub struct Bundle {
    pub dir: PathBuf,
    pub zip: PathBuf,
    pub files: usize,
}

/// Writes the bundle for `course`, with the binary `parlab`, into `out`:
/// the files unpacked, and `autograder.zip`, the one to upload.
pub fn write_gradescope(course: &Course, parlab: &Path, out: &Path) -> Result<Bundle> {
    let parlab_bytes =
        fs::read(parlab).with_context(|| format!("failed to read {}", parlab.display()))?;
    let mut entries = vec![
        zip::Entry {
            name: "setup.sh".into(),
            bytes: setup_script(course).into_bytes(),
            executable: true,
        },
        zip::Entry {
            name: "run_autograder".into(),
            bytes: run_script(course).into_bytes(),
            executable: true,
        },
        zip::Entry {
            name: "bin/parlab".into(),
            bytes: parlab_bytes,
            executable: true,
        },
    ];
    let out_abs = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
    let manifest = course.root.join(crate::course::COURSE_FILE);
    entries.push(entry("course/course.toml".into(), &manifest)?);
    for part in ["lessons", "exercises"] {
        let dir = course.root.join(part);
        if dir.is_dir() {
            copy_entries(&dir, &format!("course/{part}"), &out_abs, &mut entries)?;
        }
    }
    for stale in ["course", "bin"] {
        let dir = out.join(stale);
        if dir.exists() {
            fs::remove_dir_all(&dir)
                .with_context(|| format!("failed to remove {}", dir.display()))?;
        }
    }
    for e in &entries {
        write_entry(out, e)?;
    }
    let zip = out.join("autograder.zip");
    crate::progress::write_atomically(&zip, &zip::archive(&entries)?)?;
    Ok(Bundle {
        dir: out.to_path_buf(),
        zip,
        files: entries.len(),
    })
}

fn entry(name: String, path: &Path) -> Result<zip::Entry> {
    let bytes = fs::read(path).with_context(|| format!("failed to read {}", path.display()))?;
    let executable = {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o111 != 0)
    };
    Ok(zip::Entry {
        name,
        bytes,
        executable,
    })
}

/// The files under `dir`, named `prefix/...`, without build output, hidden
/// files, Python's caches, and the bundle's own folder.
fn copy_entries(dir: &Path, prefix: &str, out: &Path, entries: &mut Vec<zip::Entry>) -> Result<()> {
    let mut children: Vec<_> = fs::read_dir(dir)
        .with_context(|| format!("failed to read {}", dir.display()))?
        .collect::<std::io::Result<_>>()
        .with_context(|| format!("failed to read {}", dir.display()))?;
    children.sort_by_key(|e| e.file_name());
    for child in children {
        let name = child.file_name().to_string_lossy().into_owned();
        let path = child.path();
        let skipped = name.starts_with('.')
            || matches!(name.as_str(), "target" | "__pycache__")
            || name.ends_with(".pyc")
            || path == out;
        if skipped {
            continue;
        }
        let kind =
            fs::metadata(&path).with_context(|| format!("failed to read {}", path.display()))?;
        if kind.is_dir() {
            copy_entries(&path, &format!("{prefix}/{name}"), out, entries)?;
        } else if kind.is_file() {
            entries.push(entry(format!("{prefix}/{name}"), &path)?);
        }
    }
    Ok(())
}

fn write_entry(out: &Path, e: &zip::Entry) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    if e.name
        .split('/')
        .any(|part| part == ".." || part.is_empty())
    {
        bail!("a bundle path leaves its folder: {}", e.name);
    }
    let path = out.join(&e.name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .with_context(|| format!("failed to create {}", parent.display()))?;
    }
    fs::write(&path, &e.bytes).with_context(|| format!("failed to write {}", path.display()))?;
    let mode = if e.executable { 0o755 } else { 0o644 };
    fs::set_permissions(&path, fs::Permissions::from_mode(mode))
        .with_context(|| format!("failed to set the mode of {}", path.display()))
}

/// `setup.sh`: what the course needs on Gradescope's Ubuntu image, the
/// Rust toolchain, parlab on the path, and the course's crates fetched.
pub fn setup_script(course: &Course) -> String {
    let mpi = course.exercises.iter().any(|e| e.mpi);
    let python = course
        .exercises
        .iter()
        .any(|e| e.language == Language::Python);
    let mut packages = vec![
        "build-essential",
        "ca-certificates",
        "curl",
        "pkg-config",
        "bubblewrap",
    ];
    if mpi {
        packages.extend(["openmpi-bin", "libopenmpi-dev", "libclang-dev"]);
    }
    if python {
        packages.extend(["python3", "python3-venv", "python3-dev"]);
    }
    let python_setup = if python {
        "\n# The course's pinned Python packages, in the course's own environment.\nparlab --course course setup\n"
    } else {
        ""
    };
    format!(
        r#"#!/usr/bin/env bash
# Gradescope runs this once, as root, in /autograder/source, when it builds
# the autograder's image. Written by `parlab export gradescope`.
set -euo pipefail
cd "$(dirname "$0")"
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends {packages}
if ! command -v cargo >/dev/null 2>&1; then
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
fi
# shellcheck disable=SC1091
. "$HOME/.cargo/env"
install -m 755 bin/parlab /usr/local/bin/parlab
# The course's crates, fetched now; grading needs no network for them.
cargo fetch --manifest-path course/exercises/Cargo.toml
{python_setup}"#,
        packages = packages.join(" "),
    )
}

/// `run_autograder`: the submission graded as a class of one, its
/// `results.json` copied out. A learner's file uploaded alone (not in its
/// `exercises/<module>/` folder) is put in place when its name is the name
/// of one exercise file only.
pub fn run_script(course: &Course) -> String {
    let files: Vec<String> = course
        .exercises
        .iter()
        .map(|e| e.file_rel.to_string_lossy().into_owned())
        .filter(|f| !f.contains(['\'', '"', '\\', '$', '`', ' ', '\n']))
        .collect();
    format!(
        r#"#!/usr/bin/env bash
# Gradescope runs this for each submission: /autograder/submission in,
# /autograder/results/results.json out. Written by `parlab export gradescope`.
# PARLAB_AUTOGRADER_ROOT stands for /autograder (to try it in a folder);
# PARLAB_BIN names the parlab to run (setup.sh installs one on the path).
set -uo pipefail
root="${{PARLAB_AUTOGRADER_ROOT:-/autograder}}"
source_dir="$root/source"
if [ -n "${{PARLAB_BIN:-}}" ]; then
    parlab="$PARLAB_BIN"
elif command -v parlab >/dev/null 2>&1; then
    parlab="$(command -v parlab)"
else
    parlab="$source_dir/bin/parlab"
fi
if [ -f "$HOME/.cargo/env" ]; then
    # shellcheck disable=SC1091
    . "$HOME/.cargo/env"
fi
work="$root/parlab-work"
student="$work/class/student"
rm -rf "$work"
mkdir -p "$student" "$root/results"
cp -R "$root/submission/." "$student/"

# An exercise file uploaded on its own goes where the course expects it.
files=({files})
for rel in "${{files[@]}}"; do
    base="${{rel##*/}}"
    same=0
    for other in "${{files[@]}}"; do
        [ "${{other##*/}}" = "$base" ] && same=$((same + 1))
    done
    if [ "$same" = 1 ] && [ ! -e "$student/$rel" ] && [ ! -e "$student/exercises/$rel" ] \
        && [ -f "$student/$base" ]; then
        mkdir -p "$(dirname "$student/exercises/$rel")"
        cp "$student/$base" "$student/exercises/$rel"
    fi
done

"$parlab" --course "$source_dir/course" grade "$work/class" --out "$work/out"
status=$?
if [ -f "$work/out/students/student/results.json" ]; then
    cp "$work/out/students/student/results.json" "$root/results/results.json"
else
    echo "parlab grade ended with status $status and no results" >&2
    cat > "$root/results/results.json" <<'JSON'
{{"score": 0, "output": "The autograder could not grade this submission; the instructor can read why in the autograder's output.", "visibility": "visible", "stdout_visibility": "hidden"}}
JSON
fi
"#,
        files = files
            .iter()
            .map(|f| format!("'{f}'"))
            .collect::<Vec<_>>()
            .join(" "),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classroom::testing;

    #[test]
    fn the_scripts_name_the_course_files_and_what_the_course_needs() {
        let course = testing::course();
        let run = run_script(&course);
        assert!(run.starts_with("#!/usr/bin/env bash\n"));
        assert!(run.contains("files=('class/sum.rs' 'class/secret.rs' 'class/seeded.rs')"));
        assert!(run.contains("${PARLAB_AUTOGRADER_ROOT:-/autograder}"));
        let setup = setup_script(&course);
        assert!(setup.contains("bubblewrap") && !setup.contains("openmpi"));
        assert!(!setup.contains("parlab --course course setup"));
    }

    #[test]
    fn the_bundle_holds_the_scripts_the_binary_and_the_course_and_its_zip() {
        let dir = tempfile::tempdir().unwrap();
        let course_dir = dir.path().join("course");
        testing::copy_tree(&testing::fixtures().join("graded"), &course_dir);
        fs::create_dir_all(course_dir.join("exercises/target/debug")).unwrap();
        fs::write(course_dir.join("exercises/target/debug/x"), "built").unwrap();
        let course = Course::load(&course_dir).unwrap();
        let parlab = dir.path().join("parlab");
        fs::write(&parlab, "binary").unwrap();
        let out = dir.path().join("bundle");
        let bundle = write_gradescope(&course, &parlab, &out).unwrap();
        for file in ["setup.sh", "run_autograder", "bin/parlab"] {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(out.join(file)).unwrap().permissions().mode();
            assert_eq!(mode & 0o111, 0o111, "{file} runs");
        }
        assert!(out.join("course/course.toml").is_file());
        assert!(
            out.join("course/exercises/course/class/sum/harness.rs")
                .is_file()
        );
        assert!(!out.join("course/exercises/target").exists());
        let zip = fs::read(&bundle.zip).unwrap();
        assert_eq!(&zip[..4], b"PK\x03\x04");
        assert!(bundle.files > 10);
    }
}
