//! Every outcome, from the real binary, against the fixture course: one
//! exercise per outcome.

mod common;

use common::{Lab, live_processes_of, text};

fn check(lab: &Lab, id: &str) -> (i32, serde_json::Value) {
    lab.json(&["check", id])
}

#[test]
fn a_correct_program_passes_with_exit_0() {
    let lab = Lab::fixture();
    let (code, report) = check(&lab, "fixture/passes");
    assert_eq!(report["outcome"], "passed", "{report:#}");
    assert_eq!(report["passed"], true);
    assert_eq!(code, 0);
    assert_eq!(report["id"], "fixture/passes");
    assert!(report["workers"].as_u64().unwrap() >= 1);
    assert!(report["cores"].as_u64().unwrap() >= 1);
}

#[test]
fn a_wrong_answer_is_wrong_output() {
    let lab = Lab::fixture();
    let (code, report) = check(&lab, "fixture/wrong");
    assert_eq!(report["outcome"], "wrong_output", "{report:#}");
    assert_eq!(code, 1);
    let message = report["message"].as_str().unwrap();
    assert!(
        message.contains("42") && message.contains("500500"),
        "{message}"
    );
}

#[test]
fn a_result_that_moves_with_the_workers_is_a_race() {
    let lab = Lab::fixture();
    let (code, report) = check(&lab, "fixture/race");
    assert_eq!(report["outcome"], "race", "{report:#}");
    assert_eq!(code, 1);
}

#[test]
fn a_compile_error_shows_the_compiler_messages() {
    let lab = Lab::fixture();
    let (code, report) = check(&lab, "fixture/compile_error");
    assert_eq!(report["outcome"], "compile_error", "{report:#}");
    assert_eq!(code, 1);
    let diagnostics = report["diagnostics"].as_str().unwrap();
    assert!(diagnostics.contains("mismatched types"), "{diagnostics}");
    assert!(diagnostics.contains("compile_error.rs"), "{diagnostics}");
}

#[test]
fn a_panic_is_a_crash_with_its_message() {
    let lab = Lab::fixture();
    let (code, report) = check(&lab, "fixture/panics");
    assert_eq!(report["outcome"], "crashed", "{report:#}");
    assert_eq!(code, 1);
    let message = report["message"].as_str().unwrap();
    assert!(
        message.contains("split the work among the workers"),
        "{message}"
    );
}

#[test]
fn a_deadlock_is_stopped_at_its_limit_and_leaves_no_process() {
    let lab = Lab::fixture();
    let started = std::time::Instant::now();
    let (code, report) = check(&lab, "fixture/deadlock");
    assert_eq!(report["outcome"], "timed_out", "{report:#}");
    assert_eq!(code, 1);
    let message = report["message"].as_str().unwrap();
    assert!(message.contains("possible deadlock"), "{message}");
    assert!(
        message.contains("taking the locks"),
        "the last output is shown: {message}"
    );
    // The build may take a while; the run itself stops at its 2 s limit.
    assert!(started.elapsed().as_secs() < 120);
    let exe = lab.state.path().join("bin/learner/fixture-deadlock");
    assert!(exe.exists(), "the binary that ran is at {}", exe.display());
    let left = live_processes_of(&exe);
    assert!(
        left.is_empty(),
        "processes of the deadlocked program are still alive: {left:?}"
    );
}

#[test]
fn a_crash_that_leaves_children_in_other_groups_leaves_no_process() {
    let lab = Lab::fixture();
    let (code, report) = check(&lab, "fixture/escape");
    assert_eq!(report["outcome"], "crashed", "{report:#}");
    assert_eq!(code, 1);
    let exe = lab.state.path().join("bin/learner/fixture-escape");
    assert!(exe.exists(), "the binary that ran is at {}", exe.display());
    let left = live_processes_of(&exe);
    assert!(
        left.is_empty(),
        "children of the crashed program are alive: {left:?}"
    );
}

#[test]
fn a_flood_of_output_is_stopped_with_memory_bounded() {
    let lab = Lab::fixture();
    let (code, report) = check(&lab, "fixture/flood");
    assert_eq!(report["outcome"], "output_limit", "{report:#}");
    assert_eq!(code, 1);
    let rss = report["workbench_peak_rss_bytes"].as_u64().unwrap();
    assert!(rss < 64 << 20, "parlab's peak memory was {rss} bytes");
    let exe = lab.state.path().join("bin/learner/fixture-flood");
    assert!(live_processes_of(&exe).is_empty());
}

#[test]
fn the_reference_of_a_fixture_passes() {
    let lab = Lab::fixture();
    let (code, report) = lab.json(&["check", "fixture/wrong", "--reference"]);
    assert_eq!(report["outcome"], "passed", "{report:#}");
    assert_eq!(report["variant"], "reference");
    assert_eq!(code, 0);
}

#[test]
fn human_output_names_the_outcome_and_the_next_step() {
    let lab = Lab::fixture();
    let out = lab.run(&["check", "fixture/wrong"]);
    let stdout = text(&out.stdout);
    assert!(stdout.contains("fixture/wrong: wrong_output"), "{stdout}");
    assert!(stdout.contains("parlab hint fixture/wrong"), "{stdout}");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn scaling_reports_every_worker_count_and_a_serial_fraction() {
    let lab = Lab::fixture();
    let (code, report) = lab.json(&["check", "fixture/passes", "--scaling", "--counts", "1,2,3"]);
    assert_eq!(code, 0, "{report:#}");
    let workers: Vec<u64> = report["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["workers"].as_u64().unwrap())
        .collect();
    assert_eq!(workers, [1, 2, 3]);
    let f = report["serial_fraction"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&f), "{f}");
    let fit = &report["fit"];
    let (low, high) = (fit["fraction_low"].as_f64(), fit["fraction_high"].as_f64());
    assert!(low <= Some(f) && Some(f) <= high, "{report:#}");
    assert!(fit["rms_error"].as_f64().is_some(), "{report:#}");
}

#[test]
fn scaling_at_two_worker_counts_fits_nothing_and_says_so() {
    let lab = Lab::fixture();
    let (code, report) = lab.json(&["check", "fixture/passes", "--scaling", "--counts", "1,2"]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["points"].as_array().unwrap().len(), 2);
    assert!(report.get("serial_fraction").is_none(), "{report:#}");
    assert!(report.get("fit").is_none(), "{report:#}");
    let out = lab.run(&["check", "fixture/passes", "--scaling", "--counts", "1,2"]);
    let shown = text(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(shown.contains("Measured at 1 and 2 workers"), "{shown}");
    assert!(shown.contains("no serial fraction or limit"), "{shown}");
    assert!(!shown.contains("fits a serial fraction"), "{shown}");
}

#[test]
fn scaling_refuses_a_program_that_is_not_correct() {
    let lab = Lab::fixture();
    let out = lab.run(&["check", "fixture/wrong", "--scaling", "--counts", "1,2"]);
    assert_ne!(out.status.code(), Some(0));
    assert!(
        text(&out.stderr).contains("not correct"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_speed_graded_check_reports_its_figures_in_json() {
    let lab = Lab::new(common::bundled());
    let (_, report) = lab.json(&["check", "threads/pi", "--reference", "--rounds", "1"]);
    for key in [
        "speedup",
        "speedup_low",
        "speedup_high",
        "target_speedup",
        "cpu_parallelism",
        "peak_rss_bytes",
        "load_average",
    ] {
        assert!(report[key].as_f64().is_some(), "{key} missing in {report}");
    }
    for key in ["workers", "cores"] {
        assert!(report[key].as_u64().unwrap() >= 1, "{key} in {report}");
    }
    let (low, high) = (
        report["speedup_low"].as_f64().unwrap(),
        report["speedup_high"].as_f64().unwrap(),
    );
    assert!(low <= high, "{report}");
}
