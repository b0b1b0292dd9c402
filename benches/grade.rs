//! Time to grade the fixture class of tests/grade.rs (nine students, two
//! exercises each, the hostile ones included), split into the one-time work
//! (the course's baselines and the class's dependencies), the builds, and
//! the checks, against the sum of the submissions' own run times.
//!
//! `cargo bench --bench grade`. The class is graded into a fresh folder, so
//! the dependency build is a cold one; then graded again to show the
//! resume (nothing changed, nothing rebuilt).

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "target" || name == ".parlab" {
            continue;
        }
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to.join(&name));
        } else {
            fs::copy(entry.path(), to.join(&name)).unwrap();
        }
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let course = dir.path().join("course");
    copy_dir(&root.join("tests/fixtures/graded"), &course);
    copy_dir(
        &root.join("tests/fixtures/class"),
        &dir.path().join("class"),
    );
    let manifest = course.join("exercises/Cargo.toml");
    let support = root.join("exercises/support");
    let text = fs::read_to_string(&manifest)
        .unwrap()
        .replace("../../../../exercises/support", &support.to_string_lossy());
    fs::write(&manifest, text).unwrap();

    let grade = || {
        let started = Instant::now();
        let out = Command::new(env!("CARGO_BIN_EXE_parlab"))
            .arg("--course")
            .arg(&course)
            .arg("grade")
            .arg(dir.path().join("class"))
            .arg("--out")
            .arg(dir.path().join("out"))
            .args(["--memory-mib", "1024", "--json"])
            .env("PARLAB_STATE_DIR", dir.path().join("state"))
            .output()
            .expect("parlab runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        (summary, started.elapsed().as_secs_f64())
    };

    let (summary, wall) = grade();
    let t = &summary["timings"];
    let secs = |key: &str| t[key].as_f64().unwrap_or(0.0);
    println!(
        "fixture class: {} students, 2 exercises each; isolation: {}",
        summary["students"], summary["isolation"]["sandbox"]
    );
    println!("{:<44} {:>8}", "", "seconds");
    println!(
        "{:<44} {:>8.1}",
        "total (wall, as the command saw it)", wall
    );
    println!(
        "{:<44} {:>8.1}",
        "  one-time: baselines and dependencies",
        secs("one_time_seconds")
    );
    println!(
        "{:<44} {:>8.1}",
        "  building the submissions",
        secs("build_seconds")
    );
    println!(
        "{:<44} {:>8.1}",
        "  checking them (correctness, then speed)",
        secs("check_seconds")
    );
    println!(
        "{:<44} {:>8.1}",
        "the submissions' own runs, summed",
        secs("run_seconds")
    );
    let overhead = secs("check_seconds") / secs("run_seconds").max(1e-9);
    println!(
        "checking took {overhead:.1} times the runs' own time (baselines interleaved, timeouts, process start, sandbox)"
    );
    let (again, wall_again) = grade();
    println!(
        "graded again unchanged: {:.1} s, {} regraded, {} kept",
        wall_again,
        again["graded"].as_array().map_or(0, Vec::len),
        again["unchanged"].as_array().map_or(0, Vec::len)
    );
}
