//! Grading a class on a real Slurm cluster: the class is split into two
//! shards that run as a job array (one exclusive node per task), and a merge
//! writes the gradebook. The outcomes and points are those of the same class
//! graded on one machine without Slurm, and nothing of the jobs is left in
//! `squeue` or the process table.
//!
//! Needs a Slurm controller with an idle node (`bash
//! assets/slurm/local-cluster.sh` starts one on this machine). Without one
//! the test is skipped, except under CI=true, where it fails: CI starts it.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::{Lab, fixture, text};
use serde_json::Value;

/// The two tests grade and time submissions: they take turns, so that one
/// does not disturb the other's measurements.
fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    static TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());
    TURN.lock().unwrap_or_else(|e| e.into_inner())
}

fn slurm_is_up() -> bool {
    Command::new("sinfo")
        .args(["-h", "-o", "%T"])
        .output()
        .is_ok_and(|o| {
            o.status.success()
                && text(&o.stdout)
                    .lines()
                    .any(|s| s.starts_with("idle") || s.starts_with("mixed"))
        })
}

fn require_slurm() -> bool {
    if slurm_is_up() {
        return true;
    }
    assert!(
        std::env::var("CI").is_err(),
        "CI must run Slurm (.ci/run starts assets/slurm/local-cluster.sh)"
    );
    eprintln!("skipped: no Slurm cluster answers (bash assets/slurm/local-cluster.sh starts one)");
    false
}

/// The graded course and four students of the fixture class, in `dir`.
fn class_in(dir: &Path) -> Lab {
    let course = dir.join("course");
    common::fixture_course("graded", &course);
    for name in ["ada", "bob", "cy", "fay"] {
        common::copy_tree(&fixture("class").join(name), &dir.join("class").join(name));
    }
    Lab::new(course)
}

fn grades(out: &Path) -> Vec<(String, Value)> {
    let mut all: Vec<(String, Value)> = fs::read_dir(out.join("students"))
        .unwrap()
        .flatten()
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let json = fs::read_to_string(e.path().join("grade.json")).unwrap();
            (name, serde_json::from_str(&json).unwrap())
        })
        .collect();
    all.sort_by(|a, b| a.0.cmp(&b.0));
    all
}

/// Each exercise's outcome and points.
fn scores(grade: &Value) -> Vec<(String, String, f64)> {
    grade["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["id"].as_str().unwrap_or_default().to_owned(),
                e["outcome"].as_str().unwrap_or_default().to_owned(),
                e["points"].as_f64().unwrap_or(-1.0),
            )
        })
        .collect()
}

fn our_jobs() -> String {
    let out = Command::new("squeue")
        .args(["-h", "-n", "parlab-grade,parlab-merge", "-o", "%i %j %T"])
        .output()
        .unwrap();
    text(&out.stdout)
}

#[test]
fn a_class_graded_as_a_job_array_matches_one_machine() {
    let _turn = one_at_a_time();
    if !require_slurm() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let lab = class_in(dir.path());
    let class = dir.path().join("class");
    let args = |out: &Path| {
        vec![
            "grade".to_owned(),
            class.display().to_string(),
            "--out".to_owned(),
            out.display().to_string(),
            "--memory-mib".to_owned(),
            "1024".to_owned(),
        ]
    };

    // One machine, no Slurm.
    let single = dir.path().join("single");
    let argv = args(&single);
    let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
    let out = lab.run(&argv);
    assert!(out.status.success(), "{}", text(&out.stderr));

    // Two shards as a job array, then the merge.
    let sharded = dir.path().join("sharded");
    fs::create_dir_all(&sharded).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/slurm/grade-array.sbatch");
    let started = Instant::now();
    let mut sbatch = Command::new("sbatch");
    sbatch
        .args(["--wait", "--array=1-2", "--time=15"])
        .arg(format!("--output={}/slurm-%A_%a.out", sharded.display()))
        .arg(&script)
        .arg(&class)
        .arg(&sharded)
        .args(["--memory-mib", "1024"])
        .env("PARLAB", env!("CARGO_BIN_EXE_parlab"))
        .env("PARLAB_COURSE", &lab.course)
        .env("PARLAB_STATE_DIR", lab.state.path());
    let done = sbatch.output().unwrap();
    let logs: String = fs::read_dir(&sharded)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("slurm-"))
        .map(|e| fs::read_to_string(e.path()).unwrap_or_default())
        .collect();
    assert!(
        done.status.success(),
        "sbatch: {}\n{}\nthe tasks' logs:\n{logs}",
        text(&done.stdout),
        text(&done.stderr)
    );
    eprintln!(
        "the job array took {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert!(
        logs.contains("shard 1/2") && logs.contains("shard 2/2"),
        "{logs}"
    );
    let merged = lab.run(&[
        "grade",
        &class.display().to_string(),
        "--out",
        &sharded.display().to_string(),
        "--merge",
        "--json",
    ]);
    assert!(merged.status.success(), "{}", text(&merged.stderr));
    let merge: Value = serde_json::from_slice(&merged.stdout).unwrap();
    assert_eq!(merge["missing"], serde_json::json!([]));

    // The same students, the same outcomes and points.
    let (one, split) = (grades(&single), grades(&sharded));
    let names = |g: &[(String, Value)]| g.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&one), ["ada", "bob", "cy", "fay"]);
    assert_eq!(names(&one), names(&split));
    for ((name, a), (_, b)) in one.iter().zip(&split) {
        assert_eq!(scores(a), scores(b), "{name}: one machine {a}\nsharded {b}");
        assert_eq!(a["total"], b["total"], "{name}");
        assert!(
            b["replay"]["hardware"]["host"].is_string(),
            "{name}: the replay record names the node"
        );
    }
    let book = |dir: &Path| fs::read_to_string(dir.join("gradebook.csv")).unwrap();
    let rows = |text: String| text.lines().count();
    assert_eq!(rows(book(&single)), rows(book(&sharded)));
    for shard in ["shard-1-of-2", "shard-2-of-2"] {
        assert!(
            sharded.join(format!("summary-{shard}.json")).is_file(),
            "{shard}"
        );
    }

    // Nothing of the jobs remains.
    let deadline = Instant::now() + Duration::from_secs(30);
    while !our_jobs().trim().is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(500));
    }
    assert_eq!(our_jobs().trim(), "", "jobs left in squeue");
    let left = common::live_processes_of(Path::new(env!("CARGO_BIN_EXE_parlab")));
    assert!(left.is_empty(), "parlab processes left: {left:?}");
}

#[test]
fn merge_names_the_students_not_graded_yet() {
    let _turn = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    let lab = class_in(dir.path());
    let class = dir.path().join("class").display().to_string();
    let out = dir.path().join("out");
    let out_text = out.display().to_string();
    // Nothing graded: merge says where to start.
    let none = lab.run(&["grade", &class, "--out", &out_text, "--merge"]);
    assert!(!none.status.success());
    assert!(
        text(&none.stderr).contains("--shard K/N"),
        "{}",
        text(&none.stderr)
    );
    // Shard 1 of 2 only: the others are named as not graded yet.
    let first = lab.run(&[
        "grade",
        &class,
        "--out",
        &out_text,
        "--shard",
        "1/2",
        "--memory-mib",
        "1024",
        "--json",
    ]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    let summary: Value = serde_json::from_slice(&first.stdout).unwrap();
    assert_eq!(summary["shard"], "1/2");
    let graded: Vec<String> = summary["graded"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    let missing: Vec<String> = summary["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(graded.len() + missing.len(), 4, "{summary}");
    let merged = lab.run(&["grade", &class, "--out", &out_text, "--merge"]);
    let said = text(&merged.stdout);
    if missing.is_empty() {
        assert!(merged.status.success(), "{said}");
    } else {
        assert!(!merged.status.success(), "{said}");
        for name in &missing {
            assert!(said.contains(name.as_str()), "{name}: {said}");
        }
    }
    assert!(out.join("gradebook.csv").is_file());
    assert!(
        out.join("work/shard-1-of-2").is_dir(),
        "the shard's own build folder"
    );
}
