//! The bundled course is sound: every manifest and lesson loads, every
//! starter fails, every reference passes with its speedup, every serial
//! baseline is correct and too slow. This is the slowest test; it runs as a
//! test binary of its own, so no other test competes with its timings.

mod common;

use common::Lab;

#[test]
fn the_bundled_course_validates() {
    let lab = Lab::new(common::bundled());
    let (code, validation) = lab.json(&["validate"]);
    assert!(
        validation["ok"] == true && code == 0,
        "parlab validate failed:\n{validation:#}"
    );
    let exercises = validation["exercises"].as_array().unwrap();
    assert!(exercises.len() >= 12, "{validation:#}");
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        // In CI, MPI is installed: the MPI exercises must really run.
        let skipped: Vec<&serde_json::Value> = exercises
            .iter()
            .filter(|e| e.get("skipped").is_some())
            .collect();
        assert!(skipped.is_empty(), "skipped in CI: {skipped:?}");
        // Both tracks: the Python track's modules validate too.
        for module in ["multiprocessing/", "mpi4py/"] {
            let python = exercises
                .iter()
                .filter(|e| e["id"].as_str().is_some_and(|id| id.starts_with(module)))
                .count();
            assert!(
                python >= 3,
                "too few {module} exercises validated: {validation:#}"
            );
        }
        let demos = validation["demos"].to_string();
        assert!(
            !demos.contains("not installed"),
            "demos skipped in CI: {demos}"
        );
    }
}
