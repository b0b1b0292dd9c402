//! MPI exercises under a real Slurm cluster (`--launcher srun`): the
//! references pass, Rust and Python, outside an allocation and inside one
//! (salloc); a deadlock is stopped and Slurm is left with nothing of it; a
//! launcher that cannot start the ranks is explained. The cluster is the
//! one `assets/slurm/local-cluster.sh` starts (`.ci/run` does). Where no
//! Slurm answers these tests say so and pass, except under CI=true, where
//! they must run.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::process::Command;
use std::time::{Duration, Instant};

use common::{Lab, bundled, text};

/// The tests share the cluster's one node and look at its queue, so they
/// take turns.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Whether a Slurm cluster with a usable node answers here (and MPI is
/// installed, which the ranks need).
fn slurm_here() -> bool {
    let state = Command::new("sinfo")
        .args(["-h", "-o", "%T"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| text(&o.stdout))
        .unwrap_or_default();
    let up = state.lines().any(|s| {
        ["idle", "mixed", "allocated"]
            .iter()
            .any(|u| s.starts_with(u))
    });
    let mpi = Command::new("mpirun")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !(up && mpi) {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true, and no Slurm node is up here (sinfo: {state:?}) or MPI is missing: .ci/run starts the cluster with assets/slurm/local-cluster.sh"
        );
        eprintln!(
            "skipped: no Slurm cluster with an idle node here (assets/slurm/local-cluster.sh starts one)"
        );
    }
    up && mpi
}

/// Jobs and steps Slurm lists whose name starts with `prefix`.
fn queued(prefix: &str) -> Vec<String> {
    let out = Command::new("squeue")
        .args(["-h", "-s", "-o", "%i %j"])
        .output()
        .expect("squeue runs");
    let mut found: Vec<String> = text(&out.stdout)
        .lines()
        .filter(|l| {
            l.split_once(' ')
                .is_some_and(|(_, n)| n.starts_with(prefix))
        })
        .map(str::to_owned)
        .collect();
    let jobs = Command::new("squeue")
        .args(["-h", "-o", "%i %j"])
        .output()
        .expect("squeue runs");
    found.extend(
        text(&jobs.stdout)
            .lines()
            .filter(|l| {
                l.split_once(' ')
                    .is_some_and(|(_, n)| n.starts_with(prefix))
            })
            .map(str::to_owned),
    );
    found
}

fn outcome(report: &serde_json::Value) -> &str {
    report["outcome"].as_str().unwrap_or_default()
}

#[test]
fn references_pass_through_srun_in_rust_and_python() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    if !slurm_here() {
        return;
    }
    let lab = Lab::new(bundled());
    let args = |id: &'static str| -> Vec<&'static str> {
        vec![
            "check",
            id,
            "--reference",
            "--np",
            "2",
            "--rounds",
            "1",
            "--launcher",
            "srun",
        ]
    };
    for id in ["mpi/hello", "mpi/pi"] {
        let (code, report) = lab.json(&args(id));
        let ok: &[&str] = if id == "mpi/hello" {
            &["passed"]
        } else {
            // Timed on a shared two-core machine: it must not be wrong.
            &["passed", "too_slow", "inconclusive"]
        };
        assert!(
            ok.contains(&outcome(&report)),
            "{id} (exit {code}): {report}"
        );
        let samples = report["samples"].as_array().unwrap();
        assert!(samples.iter().any(|s| s["workers"] == 2), "{report}");
        assert!(samples.iter().any(|s| s["workers"] == 3), "{report}");
        // The report names the machine its measurements are from.
        let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap();
        assert_eq!(report["host"], host.trim(), "{report}");
    }
    for id in ["mpi4py/hello", "mpi4py/collectives"] {
        let mut with_json = args(id);
        with_json.push("--json");
        let Some(mut cmd) = lab.python_command(&with_json) else {
            return;
        };
        let out = cmd.output().unwrap();
        let report: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{id}: {e}: {}", text(&out.stderr)));
        assert_eq!(outcome(&report), "passed", "{id}: {report}");
    }
    assert!(queued("parlab-").is_empty(), "{:?}", queued("parlab-"));
}

/// `parlab check ID --reference --launcher srun --json` inside a
/// `salloc -n 2` allocation (no --np: the allocation's tasks are the ranks),
/// with the course's Python for a Python exercise.
fn check_in_allocation(lab: &Lab, id: &str, python: bool) -> Option<serde_json::Value> {
    let args = ["check", id, "--reference", "--launcher", "srun", "--json"];
    let parlab = if python {
        lab.python_command(&args)?
    } else {
        lab.command(&args)
    };
    let mut cmd = Command::new("salloc");
    cmd.args(["-n", "2", "--time=10", "--job-name=parlab-test-allocation"])
        .arg(parlab.get_program())
        .args(parlab.get_args());
    for (key, value) in parlab.get_envs() {
        match value {
            Some(v) => cmd.env(key, v),
            None => cmd.env_remove(key),
        };
    }
    let out = cmd.output().unwrap();
    Some(
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{id}: {e}: {}", text(&out.stderr))),
    )
}

/// Every MPI reference of the course, Rust and Python, passes at the
/// allocation's 2 ranks with Slurm starting the ranks. The three timed ones
/// may come out inconclusive on a busy machine, never wrong or too slow.
#[test]
fn inside_an_allocation_every_mpi_reference_passes() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    if !slurm_here() {
        return;
    }
    let lab = Lab::new(bundled());
    let rust = ["hello", "pi", "chain", "collectives", "exchange", "heat"];
    let python = [
        "hello",
        "collectives",
        "chain",
        "exchange",
        "heat",
        "nonblocking",
    ];
    let ids = rust
        .iter()
        .map(|n| (format!("mpi/{n}"), false))
        .chain(python.iter().map(|n| (format!("mpi4py/{n}"), true)));
    let mut checked = 0;
    for (id, is_python) in ids {
        let Some(report) = check_in_allocation(&lab, &id, is_python) else {
            continue;
        };
        let timed = ["mpi/pi", "mpi/heat", "mpi4py/heat"].contains(&id.as_str());
        let ok: &[&str] = if timed {
            &["passed", "inconclusive"]
        } else {
            &["passed"]
        };
        assert!(ok.contains(&outcome(&report)), "{id}: {report}");
        assert_eq!(
            report["workers"], 2,
            "{id}: the allocation's tasks: {report}"
        );
        checked += 1;
    }
    assert!(checked >= rust.len(), "checked {checked}");
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        assert_eq!(
            checked,
            rust.len() + python.len(),
            "CI checks the Python track too"
        );
    }
    assert!(queued("parlab-").is_empty(), "{:?}", queued("parlab-"));
}

#[test]
fn a_deadlock_under_srun_is_cancelled_and_leaves_nothing() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    if !slurm_here() {
        return;
    }
    let lab = Lab::new(bundled());
    let before = live_named("mpi-exchange");
    let started = Instant::now();
    let (code, report) = lab.json(&[
        "check",
        "mpi/exchange",
        "--starter",
        "--np",
        "2",
        "--launcher",
        "srun",
    ]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(outcome(&report), "timed_out", "{report}");
    assert!(started.elapsed() < Duration::from_secs(90));
    // Slurm has nothing of it, and no rank lives on.
    assert!(
        queued("parlab-mpi-exchange").is_empty(),
        "{:?}",
        queued("parlab-mpi-exchange")
    );
    std::thread::sleep(Duration::from_millis(300));
    let left: Vec<u32> = live_named("mpi-exchange")
        .into_iter()
        .filter(|p| !before.contains(p))
        .collect();
    assert!(left.is_empty(), "ranks left behind: {left:?}");
}

/// Whether Slurm can start the course's Python as nobody, as it starts a
/// graded rank when the grader is root. An interpreter or a checkout in
/// root's home (0700) cannot be: the test then says so and passes, CI or
/// not, since where CI clones the repository is not the test's to choose.
fn nobody_runs(python: &std::path::Path) -> bool {
    let root = text(&Command::new("id").arg("-u").output().unwrap().stdout).trim() == "0";
    if !root {
        return true;
    }
    let out = Command::new("setpriv")
        .args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "srun",
            "-n",
            "1",
        ])
        .arg(python)
        .args(["-c", "import mpi4py"])
        .current_dir("/")
        .output();
    let runs = out.as_ref().is_ok_and(|o| o.status.success());
    if !runs {
        eprintln!(
            "skipped: Slurm cannot start {} as nobody, as it starts graded ranks: {}",
            python.display(),
            out.map(|o| text(&o.stderr)).unwrap_or_default()
        );
    }
    runs
}

/// [`nobody_runs`] without its message.
fn nobody_runs_quietly(python: &std::path::Path) -> bool {
    Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .args(["srun", "-n", "1"])
        .arg(python)
        .args(["-c", "import mpi4py"])
        .current_dir("/")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A copy of the virtual environment of `python` (its `bin/python`) in
/// `dir`, readable by all; its interpreter, found through the copy's own
/// `pyvenv.cfg`, reads the copied site-packages.
fn readable_copy_of_venv(python: &std::path::Path, dir: &std::path::Path) -> std::path::PathBuf {
    let Some(venv) = python.parent().and_then(|bin| bin.parent()) else {
        return python.to_path_buf();
    };
    let copy = dir.join("venv");
    let status = Command::new("cp")
        .arg("-a")
        .arg(venv)
        .arg(&copy)
        .status()
        .unwrap();
    assert!(status.success(), "copying {}", venv.display());
    let status = Command::new("chmod")
        .args(["-R", "a+rX"])
        .arg(&copy)
        .status()
        .unwrap();
    assert!(status.success());
    copy.join("bin")
        .join(python.file_name().unwrap_or_default())
}

/// Live (not zombie) processes whose command name starts with `name`.
fn live_named(name: &str) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|s| {
                let comm = s.split_once(" (").and_then(|(_, r)| r.split_once(") "));
                comm.is_some_and(|(c, rest)| c.starts_with(name) && !rest.starts_with('Z'))
            })
        })
        .collect()
}

#[test]
fn a_pmi_slurm_does_not_have_is_explained() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    if !slurm_here() {
        return;
    }
    let lab = Lab::new(bundled());
    let out = lab.run(&[
        "check",
        "mpi/hello",
        "--reference",
        "--np",
        "2",
        "--launcher",
        "srun",
        "--launcher-arg=--mpi=nosuch",
    ]);
    let stderr = text(&out.stderr);
    assert_ne!(out.status.code(), Some(0));
    assert!(
        stderr.contains("could not be run through Slurm"),
        "{stderr}"
    );
    assert!(stderr.contains("srun --mpi=list"), "{stderr}");
    assert!(stderr.contains("mpirun inside an allocation"), "{stderr}");
}

/// `parlab grade --launcher srun`: an mpi4py exercise of a class runs its
/// ranks as Slurm job steps; a deadlocking student's step is cancelled;
/// every grade.json names the node, and the MPI exercise's isolation says
/// its ranks ran outside the sandbox.
#[test]
fn a_class_is_graded_with_its_mpi_ranks_under_srun() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    if !slurm_here() {
        return;
    }
    let Some(python) = common::python() else {
        return;
    };
    let (dir, course) = common::python_course("graded-python");
    // Slurm starts the ranks outside the sandbox, as nobody where the
    // grader is root: the course, its Python and the output must be
    // readable by all, as on a cluster's shared file system. A checkout in
    // a closed folder (root's home, a private temporary folder) keeps its
    // environment from nobody, so the test uses a copy in its own folder.
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let python = if nobody_runs_quietly(&python) {
        python
    } else {
        readable_copy_of_venv(&python, dir.path())
    };
    if !nobody_runs(&python) {
        assert!(
            std::env::var("CI").is_err(),
            "CI must grade MPI ranks under srun as nobody"
        );
        return;
    }
    let class = dir.path().join("class");
    for student in ["pia", "dot"] {
        // The MPI exercise only (the other one is timed, and long).
        let file = "exercises/py/ring.py";
        let to = class.join(student).join(file);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(common::fixture("class-python").join(student).join(file), to).unwrap();
    }
    let lab = Lab::new(course);
    let out = dir.path().join("out");
    let before = live_named("python");
    let output = lab
        .command(&[
            "grade",
            class.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--launcher",
            "srun",
            "--launcher-arg=--time=5",
            "--json",
        ])
        .env("PARLAB_PYTHON", &python)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap();
    let student = |name: &str| -> serde_json::Value {
        let path = out.join("students").join(name).join("grade.json");
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    };
    let ring = |grade: &serde_json::Value| -> serde_json::Value {
        grade["exercises"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["id"] == "py/ring")
            .cloned()
            .unwrap()
    };
    let pia = student("pia");
    assert_eq!(ring(&pia)["outcome"], "passed", "{pia}");
    assert_eq!(pia["replay"]["hardware"]["host"], host.trim(), "{pia}");
    assert!(
        pia["replay"]["command"]
            .as_str()
            .unwrap()
            .contains("--launcher srun"),
        "{pia}"
    );
    let note = ring(&pia)["isolation"]["note"].as_str().unwrap().to_owned();
    assert!(note.contains("Slurm job step"), "{note}");
    let dot = student("dot");
    assert_eq!(ring(&dot)["outcome"], "timed_out", "{dot}");
    assert!(queued("parlab-").is_empty(), "{:?}", queued("parlab-"));
    std::thread::sleep(Duration::from_millis(300));
    let ranks: Vec<u32> = live_named("python")
        .into_iter()
        .filter(|p| !before.contains(p))
        .filter(|p| {
            std::fs::read(format!("/proc/{p}/cmdline"))
                .is_ok_and(|c| String::from_utf8_lossy(&c).contains("ring.py"))
        })
        .collect();
    assert!(ranks.is_empty(), "ranks left behind: {ranks:?}");
}

/// The sbatch template runs `parlab check --launcher srun` as a batch job
/// of two tasks, and leaves the report beside its log.
#[test]
fn the_sbatch_template_checks_an_exercise_in_a_batch_job() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    if !slurm_here() {
        return;
    }
    let lab = Lab::new(bundled());
    let work = tempfile::tempdir().unwrap();
    std::fs::set_permissions(work.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let parlab = lab.command(&[]);
    let mut export = format!("ALL,PARLAB={}", env!("CARGO_BIN_EXE_parlab"));
    export.push_str(&format!(",PARLAB_COURSE={}", bundled().display()));
    for (key, value) in parlab.get_envs() {
        if let Some(value) = value {
            export.push_str(&format!(
                ",{}={}",
                key.to_string_lossy(),
                value.to_string_lossy()
            ));
        }
    }
    let out = Command::new("sbatch")
        .args(["--wait", "--parsable"])
        .arg(format!("--chdir={}", work.path().display()))
        .arg(format!("--export={export}"))
        .arg(bundled().join("assets/slurm/check.sbatch"))
        .args(["mpi/hello", "--reference"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let job = text(&out.stdout).trim().to_owned();
    let read = |ext: &str| {
        std::fs::read_to_string(work.path().join(format!("parlab-check-{job}.{ext}")))
            .unwrap_or_default()
    };
    let report: serde_json::Value =
        serde_json::from_str(&read("json")).unwrap_or_else(|e| panic!("{e}: {}", read("out")));
    assert_eq!(outcome(&report), "passed", "{report}");
    assert_eq!(report["workers"], 2, "the job's two tasks: {report}");
    assert!(read("out").contains("exited with 0"), "{}", read("out"));
    assert!(queued("parlab-").is_empty(), "{:?}", queued("parlab-"));
}

/// Should srun itself die without ending its step (killed outright), the
/// step's ranks live on under slurmstepd: ending the run's step through
/// Slurm stops them and waits until squeue has nothing of it.
#[test]
fn a_step_whose_srun_was_killed_is_ended_through_slurm() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    if !slurm_here() {
        return;
    }
    let step = parlab::runner::slurm::Step::new("orphan-sleep");
    let mut srun = Command::new("srun")
        .args(["-n", "2", "--job-name", &step.name, "sleep", "417"])
        .stdin(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let until = Instant::now() + Duration::from_secs(20);
    while live_sleeps().len() < 2 && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(50));
    }
    let started = live_sleeps().len();
    srun.kill().unwrap();
    srun.wait().unwrap();
    if started != 2 {
        step.end();
        panic!("the step did not start: {started} rank(s)");
    }
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        !queued(&step.name).is_empty(),
        "the job should outlive srun"
    );
    assert!(step.end(), "Slurm still lists {:?}", queued(&step.name));
    assert!(queued(&step.name).is_empty());
    std::thread::sleep(Duration::from_millis(300));
    assert!(live_sleeps().is_empty(), "ranks left: {:?}", live_sleeps());
}

/// The test's own `sleep 417` ranks.
fn live_sleeps() -> Vec<u32> {
    live_named("sleep")
        .into_iter()
        .filter(|p| {
            std::fs::read(format!("/proc/{p}/cmdline"))
                .is_ok_and(|c| c.ends_with(b"sleep\x00417\x00"))
        })
        .collect()
}
