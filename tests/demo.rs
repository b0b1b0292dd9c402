//! `parlab demo`: the bundled GIL demo runs Python threads, Python processes
//! and Rust threads for real, and without python3 the Rust rows still run.

mod common;

use common::{Lab, bundled, text};

fn python_here() -> bool {
    std::process::Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn the_gil_demo_measures_every_row() {
    let lab = Lab::new(bundled());
    let (code, report) = lab.json(&["demo", "gil"]);
    assert_eq!(code, 0, "{report}");
    let rows = report["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 5, "{report}");
    let must_have_python = std::env::var("CI").is_ok_and(|v| v == "true") || python_here();
    for row in rows {
        let label = row["label"].as_str().unwrap();
        if label.starts_with("Python") && !must_have_python {
            assert!(
                row["error"].as_str().unwrap().contains("not found"),
                "{row}"
            );
            continue;
        }
        assert!(row["seconds"].as_f64().unwrap() > 0.0, "{row}");
        assert!(row["speedup"].as_f64().unwrap() > 0.0, "{row}");
        assert!(row.get("error").is_none(), "{row}");
    }
    let notes = report["notes"].to_string();
    if must_have_python && notes.contains("lock is on") {
        // Two Python threads under the GIL keep one core busy, not two.
        let threads = &rows[1];
        let busy = threads["cpu_parallelism"].as_f64().unwrap();
        assert!(busy < 1.5, "two GIL-bound threads kept {busy} cores busy");
    }
}

#[test]
fn without_python_the_rust_rows_still_run_and_the_install_line_is_shown() {
    let lab = Lab::new(bundled());
    let out = lab
        .command(&["demo", "gil"])
        .env("PARLAB_PYTHON", "/nonexistent/python3")
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(
        stdout.contains("/nonexistent/python3 not found"),
        "{stdout}"
    );
    assert!(stdout.contains("apt-get install python3"), "{stdout}");
    let rust: Vec<&str> = stdout.lines().filter(|l| l.starts_with("Rust")).collect();
    assert_eq!(rust.len(), 2, "{stdout}");
    assert!(rust.iter().all(|l| l.contains('x')), "{stdout}");
}

#[test]
fn an_unknown_demo_is_a_usage_error_that_lists_the_demos() {
    let lab = Lab::new(bundled());
    let out = lab.run(&["demo", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("gil"), "{}", text(&out.stderr));
}

#[test]
fn the_word_count_demo_runs_on_dask_and_says_what_spark_needs() {
    let Some(python) = common::python() else {
        return;
    };
    let lab = Lab::new(bundled());
    let out = lab
        .command(&["demo", "wordcount", "--json"])
        .env("PARLAB_PYTHON", &python)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    let rows = report["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 6, "{report:#}");
    for row in rows {
        let label = row["label"].as_str().unwrap();
        match row["error"].as_str() {
            None => assert!(row["seconds"].as_f64().unwrap() > 0.0, "{row}"),
            // Spark is optional: where it is missing, the row says how to
            // install what it lacks; plain Python and Dask always run.
            Some(e) if label.starts_with("PySpark") => assert!(
                e.contains("parlab setup --spark") || e.contains("Java runtime"),
                "{row}"
            ),
            Some(e) => panic!("{label}: {e}"),
        }
    }
    // Every engine counted the same words.
    let notes = report["notes"].to_string();
    assert!(notes.contains("Dask"), "{notes}");
}
