//! Dask exercises on the real engine: a `dask scheduler` and two `dask
//! worker` processes on localhost, from the course's Python environment; a
//! Dask exercise's reference checked on that cluster through
//! `--dask-scheduler`, and on a local cluster of its own, after which no
//! process of that cluster is left. With CI=true it must run.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{Lab, bundled, text};

/// A scheduler and its workers, stopped when dropped.
struct Cluster {
    processes: Vec<Child>,
    address: String,
}

impl Cluster {
    fn start(bin: &Path, workers: usize) -> Cluster {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("scheduler.json");
        let quiet = || Stdio::null();
        let scheduler = Command::new(bin.join("dask"))
            .args(["scheduler", "--host", "127.0.0.1", "--port", "0"])
            .args(["--dashboard-address", ":0", "--scheduler-file"])
            .arg(&file)
            .stdout(quiet())
            .stderr(quiet())
            .spawn()
            .expect("dask scheduler starts");
        let mut cluster = Cluster {
            processes: vec![scheduler],
            address: String::new(),
        };
        let start = Instant::now();
        while cluster.address.is_empty() {
            assert!(start.elapsed() < Duration::from_secs(60), "no scheduler");
            std::thread::sleep(Duration::from_millis(200));
            let Ok(json) = std::fs::read_to_string(&file) else {
                continue;
            };
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(&json) {
                cluster.address = v["address"].as_str().unwrap_or_default().to_owned();
            }
        }
        for _ in 0..workers {
            let worker = Command::new(bin.join("dask"))
                .args([
                    "worker",
                    &cluster.address,
                    "--nthreads",
                    "1",
                    "--no-dashboard",
                ])
                .stdout(quiet())
                .stderr(quiet())
                .spawn()
                .expect("dask worker starts");
            cluster.processes.push(worker);
        }
        std::mem::forget(dir);
        cluster
    }
}

impl Drop for Cluster {
    /// SIGTERM, so each worker's nanny ends the worker process it started.
    fn drop(&mut self) {
        for child in self.processes.iter_mut().rev() {
            let _ = Command::new("kill")
                .args(["-TERM", &child.id().to_string()])
                .status();
            let _ = child.wait();
        }
    }
}

/// Live processes whose command line mentions `needle`.
fn processes_mentioning(needle: &str) -> Vec<u32> {
    let mine = std::process::id();
    std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| *pid != mine)
        .filter(|pid| {
            let cmd = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            let zombie = stat
                .rsplit(')')
                .next()
                .is_some_and(|r| r.trim_start().starts_with('Z'));
            !zombie && String::from_utf8_lossy(&cmd).contains(needle)
        })
        .collect()
}

#[test]
fn a_dask_exercise_runs_on_a_real_cluster_and_on_its_own() {
    let Some(python) = common::python() else {
        return;
    };
    let bin: PathBuf = python.parent().unwrap().to_path_buf();
    if !bin.join("dask").is_file() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true, and the course's Python has no dask: {}",
            bin.display()
        );
        return;
    }
    // A course exercise's reference: the mean and standard deviation of
    // 60 million numbers, made and reduced chunk by chunk on the workers.
    let lab = Lab::new(bundled());
    let check = |extra: &[&str]| -> serde_json::Value {
        let mut args = vec!["check", "dask/moments", "--reference", "--json"];
        args.extend_from_slice(extra);
        let out = lab
            .command(&args)
            .env("PARLAB_PYTHON", &python)
            .output()
            .unwrap();
        serde_json::from_str(&text(&out.stdout))
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", text(&out.stderr)))
    };

    let spawned_before = processes_mentioning("multiprocessing");
    {
        let cluster = Cluster::start(&bin, 2);
        let report = check(&["--dask-scheduler", &cluster.address]);
        assert_eq!(report["outcome"], "passed", "{report:#}");
        let named = report["cluster"].as_str().unwrap_or_default();
        assert!(
            named.starts_with(&cluster.address) && named.contains("2 workers"),
            "{report:#}"
        );
    }
    // The scheduler, the workers, and the processes the workers' nannies
    // started are all gone.
    let left = || -> Vec<String> {
        let mut left = processes_mentioning("bin/dask");
        left.extend(
            processes_mentioning("multiprocessing")
                .into_iter()
                .filter(|p| !spawned_before.contains(p)),
        );
        left.iter()
            .map(|p| {
                let cmd = std::fs::read(format!("/proc/{p}/cmdline")).unwrap_or_default();
                format!("{p}: {}", String::from_utf8_lossy(&cmd).replace('\0', " "))
            })
            .collect()
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while !left().is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(200));
    }
    let left = left();
    assert!(left.is_empty(), "the cluster outlived the test: {left:?}");

    // On a local cluster of its own: its worker processes end with the run.
    let before = processes_mentioning("multiprocessing");
    let report = check(&[]);
    assert_eq!(report["outcome"], "passed", "{report:#}");
    assert!(
        report["cluster"]
            .as_str()
            .unwrap_or_default()
            .starts_with("local: ")
    );
    let after = processes_mentioning("multiprocessing");
    let left: Vec<&u32> = after.iter().filter(|p| !before.contains(p)).collect();
    assert!(
        left.is_empty(),
        "the local cluster's processes outlived the check: {left:?}"
    );
}
