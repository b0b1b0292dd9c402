//! A course from nothing: `parlab init` in an empty temporary folder, then
//! `parlab new` (run in that folder, which parlab finds as its course) adds a
//! threads, a rayon and an MPI exercise, and `parlab validate` passes on the
//! whole course, with real cargo builds. The MPI part needs an MPI launcher:
//! where none is installed it is left out, except under CI=true, where it
//! must run (as in mpi.rs). The Python MPI scaffold needs the course's
//! Python too; it is checked with `validate --quick` (correctness only),
//! the Rust course with the full validation, speed included.

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use common::{Lab, text};

/// The tests that build and run exercises take turns: a validation times
/// its references and baselines, which another test's runs would disturb.
fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    static TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());
    TURN.lock().unwrap_or_else(|e| e.into_inner())
}

fn mpi_here() -> bool {
    let installed = ["mpirun", "mpiexec"].iter().any(|l| {
        Command::new(l)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if !installed {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true, and no MPI launcher is installed: .ci/run must install OpenMPI"
        );
        eprintln!("no MPI launcher on this machine: the MPI exercise is left out");
    }
    installed
}

/// `parlab ARGS` run in `dir`, with no --course and no PARLAB_COURSE: the
/// course is found from the current folder.
fn parlab_in(dir: &Path, lab: &Lab, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parlab"))
        .args(args)
        .current_dir(dir)
        .env("PARLAB_STATE_DIR", lab.state.path())
        .env_remove("PARLAB_COURSE")
        .output()
        .expect("parlab runs")
}

fn succeeds(out: &Output) -> String {
    let stdout = text(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\nstderr: {}",
        text(&out.stderr)
    );
    stdout
}

/// Each exercise's variants' outcomes, by id. A `race` counts as
/// `wrong_output`: an MPI starter that loses the leftover numbers gives a
/// wrong total that differs between two rank counts (a race) or not,
/// depending on how many cores choose the counts.
fn outcomes(validation: &serde_json::Value) -> Vec<(String, Vec<String>)> {
    validation["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let variants = e["variants"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| match v["outcome"].as_str().unwrap_or("none") {
                    "race" => "wrong_output".to_owned(),
                    other => other.to_owned(),
                })
                .collect();
            (e["id"].as_str().unwrap().to_owned(), variants)
        })
        .collect()
}

#[test]
fn a_course_from_nothing_validates_with_threads_rayon_and_mpi_exercises() {
    let _turn = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("course");
    let lab = Lab::new(root.clone());

    let made = parlab_in(
        dir.path(),
        &lab,
        &["init", "course", "--title", "From nothing"],
    );
    let said = succeeds(&made);
    assert!(said.contains("intro/collatz"), "{said}");
    assert!(root.join("exercises/support/src/lib.rs").is_file());
    assert!(root.join("exercises/python/parlab_support.py").is_file());
    let again = parlab_in(dir.path(), &lab, &["init", "course"]);
    assert_eq!(again.status.code(), Some(2), "init never overwrites");

    succeeds(&parlab_in(&root, &lab, &["new", "threads/sum"]));
    succeeds(&parlab_in(
        &root.join("exercises"),
        &lab,
        &["new", "threads/rayon-sum", "--rayon"],
    ));
    let mpi = mpi_here();
    if mpi {
        let said = succeeds(&parlab_in(&root, &lab, &["new", "ranks/sum", "--mpi"]));
        assert!(said.contains("MPI"), "{said}");
        let cargo = fs::read_to_string(root.join("exercises/Cargo.toml")).unwrap();
        assert!(
            cargo.contains(
                "name = \"ranks-sum\"\npath = \"course/ranks/sum/harness.rs\"\nrequired-features = [\"mpi\"]\n"
            ),
            "{cargo}"
        );
    }
    let rayon =
        fs::read_to_string(root.join("exercises/course/threads/rayon-sum/reference.rs")).unwrap();
    assert!(rayon.contains("into_par_iter"), "{rayon}");

    let (code, validation) = lab.json(&["validate"]);
    let got = outcomes(&validation);
    assert!(
        code == 0 && validation["ok"] == true,
        "the new course did not validate: {got:?}\n{validation:#}"
    );
    let mut want = vec![
        ("intro/collatz", ["crashed", "passed", "too_slow"]),
        ("threads/sum", ["crashed", "passed", "too_slow"]),
        ("threads/rayon-sum", ["crashed", "passed", "too_slow"]),
    ];
    if mpi {
        want.push(("ranks/sum", ["wrong_output", "passed", "too_slow"]));
    }
    let want: Vec<(String, Vec<String>)> = want
        .into_iter()
        .map(|(id, o)| (id.to_owned(), o.map(str::to_owned).to_vec()))
        .collect();
    assert_eq!(got, want, "{validation:#}");

    if mpi {
        // Without `mpi = true`, cargo refuses the bin that requires the
        // feature; parlab says what to change.
        let manifest = root.join("exercises/course/ranks/sum/exercise.toml");
        let src = fs::read_to_string(&manifest).unwrap();
        fs::write(&manifest, src.replace("\nmpi = true\n", "\n")).unwrap();
        let (_, report) = lab.json(&["check", "ranks/sum", "--reference"]);
        let shown = report.to_string();
        assert!(
            shown.contains("set mpi = true in ") && shown.contains("ranks/sum/exercise.toml"),
            "{report:#}"
        );
    }
}

#[test]
fn unknown_ids_get_the_nearest_ones() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("c");
    let lab = Lab::new(root.clone());
    succeeds(&parlab_in(dir.path(), &lab, &["init", "c"]));
    for args in [
        ["show", "intro/colatz"],
        ["hint", "intro/colatz"],
        ["reset", "intro/colatz"],
        ["check", "intro/colatz"],
    ] {
        let out = parlab_in(&root, &lab, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = text(&out.stderr);
        assert!(
            err.contains("did you mean \"intro/collatz\""),
            "{args:?}: {err}"
        );
    }
    let out = parlab_in(&root, &lab, &["show", "intro/01-welcome.md"]);
    assert!(
        text(&out.stderr).contains("did you mean \"intro/welcome\"?"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn schema_prints_both_schemas() {
    let dir = tempfile::tempdir().unwrap();
    let lab = Lab::new(dir.path().to_path_buf());
    for name in ["course", "exercise"] {
        let out = parlab_in(dir.path(), &lab, &["schema", name]);
        let schema: serde_json::Value = serde_json::from_str(&succeeds(&out)).unwrap();
        assert_eq!(schema["type"], "object", "{name}");
        assert!(schema["properties"]["title"].is_object(), "{name}");
    }
    let out = parlab_in(dir.path(), &lab, &["schema", "lesson"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_python_mpi_exercise_from_new_validates() {
    let _turn = one_at_a_time();
    if !mpi_here() {
        return;
    }
    let Some(python) = common::python() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("c");
    let lab = Lab::new(root.clone());
    succeeds(&parlab_in(dir.path(), &lab, &["init", "c"]));
    succeeds(&parlab_in(
        &root,
        &lab,
        &["new", "ranks/py-sum", "--language", "python", "--mpi"],
    ));
    let harness =
        fs::read_to_string(root.join("exercises/course/ranks/py-sum/harness.py")).unwrap();
    assert!(harness.contains("from mpi4py import MPI"), "{harness}");
    let out = lab
        .command(&["validate", "--quick", "ranks/py-sum", "--json"])
        .env("PARLAB_PYTHON", python)
        .output()
        .unwrap();
    let validation: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let got = outcomes(&validation);
    assert!(validation["ok"] == true, "{got:?}\n{validation:#}");
    let want = vec![(
        "ranks/py-sum".to_owned(),
        ["wrong_output", "passed", "passed"]
            .map(str::to_owned)
            .to_vec(),
    )];
    assert_eq!(
        got, want,
        "the starter fails, the reference and the baseline are correct"
    );
}
