//! Staged copies of the exercises package, in which one or more learner files
//! are replaced by the course's reference, baseline or starter. All variants
//! then share one harness, one input and one clock.
//!
//! Files are written only when their content changed, so cargo's mtime-based
//! fingerprints see an unchanged stage as unchanged and do not rebuild it.
//!
//! A stage's package is renamed after its own folder. Cargo names artifacts
//! by package name, version and the source path relative to the workspace
//! root, so without the rename a stage and the learner's package would share
//! artifacts in the shared build folder, and a fresh-looking learner build
//! could hand back the stage's binary.

use std::fs;
use std::io;
use std::path::Path;

/// Mirrors `src` (the exercises package, without `target` and hidden
/// folders) into `dest`, then writes each replacement over its learner file.
pub fn stage(src: &Path, dest: &Path, replacements: &[(&Path, &Path)]) -> io::Result<()> {
    mirror(src, dest)?;
    let manifest = fs::read_to_string(src.join("Cargo.toml")).unwrap_or_default();
    if let Some(rewritten) = stage_manifest(src, dest, &manifest) {
        write_if_changed(&dest.join("Cargo.toml"), rewritten.as_bytes())?;
    }
    for (rel, from) in replacements {
        let content = fs::read(from)?;
        write_if_changed(&dest.join(rel), &content)?;
    }
    Ok(())
}

/// The stage's Cargo.toml: the package renamed after the stage folder, and
/// path dependencies that leave the package (`../shared/support`), which would
/// not resolve from the stage, made absolute.
fn stage_manifest(src: &Path, dest: &Path, manifest: &str) -> Option<String> {
    let mut table: toml::Table = toml::from_str(manifest).ok()?;
    if let Some(name) = table.get_mut("package").and_then(|p| p.get_mut("name")) {
        let renamed = format!("{}-stage-{}", name.as_str()?, path_tag(dest));
        *name = toml::Value::String(renamed);
    }
    anchor_external_paths(src, &mut table)?;
    toml::to_string(&table).ok()
}

/// A short, stable tag for a folder path (FNV-1a of its bytes).
fn path_tag(path: &Path) -> String {
    let hash = path
        .as_os_str()
        .as_encoded_bytes()
        .iter()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
        });
    format!("{:08x}", hash as u32)
}

fn anchor_external_paths(src: &Path, table: &mut toml::Table) -> Option<()> {
    for section in ["dependencies", "dev-dependencies", "build-dependencies"] {
        let Some(deps) = table.get_mut(section).and_then(|d| d.as_table_mut()) else {
            continue;
        };
        for (_, dep) in deps.iter_mut() {
            let Some(path) = dep.get_mut("path") else {
                continue;
            };
            let Some(rel) = path.as_str().filter(|p| Path::new(p).is_relative()) else {
                continue;
            };
            let leaves = Path::new(rel)
                .components()
                .any(|c| c == std::path::Component::ParentDir);
            if leaves {
                let absolute = fs::canonicalize(src.join(rel)).ok()?;
                *path = toml::Value::String(absolute.to_string_lossy().into_owned());
            }
        }
    }
    Some(())
}

fn mirror(src: &Path, dest: &Path) -> io::Result<()> {
    fs::create_dir_all(dest)?;
    for entry in fs::read_dir(src)? {
        let entry = entry?;
        let name = entry.file_name();
        let skip = name == "target" || name.to_string_lossy().starts_with('.');
        if skip {
            continue;
        }
        let kind = entry.file_type()?;
        if kind.is_dir() {
            mirror(&entry.path(), &dest.join(&name))?;
        } else if kind.is_file() {
            write_if_changed(&dest.join(&name), &fs::read(entry.path())?)?;
        }
    }
    Ok(())
}

fn write_if_changed(path: &Path, content: &[u8]) -> io::Result<()> {
    if fs::read(path).is_ok_and(|old| old == content) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, content)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_learner_files_and_skips_target() {
        let src = tempfile::tempdir().unwrap();
        let dest = tempfile::tempdir().unwrap();
        fs::create_dir_all(src.path().join("m")).unwrap();
        fs::create_dir_all(src.path().join("target/release")).unwrap();
        fs::write(src.path().join("m/x.rs"), "learner").unwrap();
        fs::write(src.path().join("ref.rs"), "reference").unwrap();
        fs::write(src.path().join("target/release/big"), "binary").unwrap();
        stage(
            src.path(),
            dest.path(),
            &[(Path::new("m/x.rs"), &src.path().join("ref.rs"))],
        )
        .unwrap();
        assert_eq!(
            fs::read_to_string(dest.path().join("m/x.rs")).unwrap(),
            "reference"
        );
        assert!(!dest.path().join("target").exists());
    }

    #[test]
    fn paths_that_leave_the_package_become_absolute() {
        let root = tempfile::tempdir().unwrap();
        let pkg = root.path().join("pkg");
        fs::create_dir_all(root.path().join("support")).unwrap();
        fs::create_dir_all(pkg.join("inner")).unwrap();
        let manifest = "[package]\nname = \"p\"\n\n[dependencies]\na = { path = \"../support\" }\nb = { path = \"inner\" }\n";
        let out = stage_manifest(&pkg, Path::new("/state/stage/reference"), manifest).unwrap();
        let table: toml::Table = toml::from_str(&out).unwrap();
        let a = table["dependencies"]["a"]["path"].as_str().unwrap();
        let support = fs::canonicalize(root.path().join("support")).unwrap();
        assert_eq!(Path::new(a), support);
        assert_eq!(table["dependencies"]["b"]["path"].as_str(), Some("inner"));
    }

    #[test]
    fn each_stage_gets_a_package_name_of_its_own() {
        let name = |dest: &str| {
            let out = stage_manifest(
                Path::new("/src"),
                Path::new(dest),
                "[package]\nname = \"p\"\n",
            );
            let table: toml::Table = toml::from_str(&out.unwrap()).unwrap();
            table["package"]["name"].as_str().unwrap().to_owned()
        };
        assert!(name("/a/stage/reference").starts_with("p-stage-"));
        assert_ne!(name("/a/stage/reference"), name("/a/stage/baseline"));
        assert_eq!(name("/a/stage/reference"), name("/a/stage/reference"));
    }

    #[test]
    fn unchanged_files_keep_their_mtime() {
        let src = tempfile::tempdir().unwrap();
        let dest = tempfile::tempdir().unwrap();
        fs::write(src.path().join("a.rs"), "same").unwrap();
        stage(src.path(), dest.path(), &[]).unwrap();
        let before = fs::metadata(dest.path().join("a.rs"))
            .unwrap()
            .modified()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        stage(src.path(), dest.path(), &[]).unwrap();
        let after = fs::metadata(dest.path().join("a.rs"))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(before, after);
    }
}
