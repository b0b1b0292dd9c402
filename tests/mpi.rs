//! The MPI module under a real launcher. Where MPI is not installed these
//! tests say so and pass, except under CI=true, where they must run.
//! (The bundled course's validation, in validate_course.rs, checks that every
//! MPI reference passes and every starter fails.)

mod common;

use common::{Lab, bundled, text};

/// The tests here look at the process table for MPI processes, so they take
/// turns: another test's mpirun is not a leftover.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn mpi_here() -> bool {
    let installed = ["mpirun", "mpiexec"].iter().any(|l| {
        std::process::Command::new(l)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if !installed {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true, and no MPI launcher is installed: .ci/run must install OpenMPI"
        );
        eprintln!("skipped: no MPI launcher on this machine");
    }
    installed
}

/// Pids of live processes whose command name is one of `names`.
fn live(names: &[&str]) -> Vec<(u32, String)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        let Some((head, rest)) = stat.split_once(") ") else {
            continue;
        };
        let comm = head.split_once(" (").map_or("", |(_, c)| c);
        let zombie = rest.starts_with('Z');
        if !zombie && names.iter().any(|n| comm.starts_with(n)) {
            found.push((pid, comm.to_owned()));
        }
    }
    found
}

#[test]
fn a_deadlocked_exchange_is_stopped_and_no_rank_survives() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    if !mpi_here() {
        return;
    }
    let names = [
        "mpirun",
        "orted",
        "prterun",
        "hydra_pmi_proxy",
        "mpiexec",
        "mpi-exchange",
    ];
    let before = live(&names);
    let lab = Lab::new(bundled());
    let started = std::time::Instant::now();
    let (code, report) = lab.json(&["check", "mpi/exchange", "--starter", "--np", "2"]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(report["outcome"], "timed_out", "{report}");
    assert!(
        report["message"].as_str().unwrap().contains("deadlock"),
        "{report}"
    );
    assert!(started.elapsed().as_secs() < 120);
    std::thread::sleep(std::time::Duration::from_millis(300));
    let left: Vec<_> = live(&names)
        .into_iter()
        .filter(|p| !before.contains(p))
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn references_give_correct_output_on_more_ranks_than_cores() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    if !mpi_here() {
        return;
    }
    let lab = Lab::new(bundled());
    for id in [
        "mpi/hello",
        "mpi/exchange",
        "mpi/chain",
        "mpi/collectives",
        "mpi/pi",
        "mpi/heat",
    ] {
        let (_, report) = lab.json(&["check", id, "--reference", "--np", "4", "--rounds", "1"]);
        let outcome = report["outcome"].as_str().unwrap();
        // Four ranks on two cores may be slow; they must not be wrong.
        assert!(
            ["passed", "too_slow", "inconclusive"].contains(&outcome),
            "{id} at 4 ranks: {report}"
        );
        let runs = report["samples"].as_array().unwrap();
        assert!(runs.iter().any(|s| s["workers"] == 4), "{report}");
    }
}

#[test]
fn the_mpi_module_is_listed_with_its_exercises() {
    let lab = Lab::new(bundled());
    let out = lab.run(&["list"]);
    let stdout = text(&out.stdout);
    assert!(stdout.contains("mpi/heat"), "{stdout}");
    if !mpi_here() {
        assert!(
            stdout.contains("unavailable here until you install"),
            "{stdout}"
        );
    }
}

/// A PATH with every program of /usr/bin and /bin but MPI's.
fn path_without_mpi() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for bin in ["/usr/bin", "/bin"] {
        let Ok(entries) = std::fs::read_dir(bin) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let mpi = ["mpi", "orte", "ompi", "prte", "oshrun", "hydra"]
                .iter()
                .any(|p| name.starts_with(p));
            let link = dir.path().join(&name);
            if !mpi && !link.exists() {
                let _ = std::os::unix::fs::symlink(entry.path(), link);
            }
        }
    }
    dir
}

#[test]
fn without_mpi_the_module_is_unavailable_and_a_check_says_what_to_install() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let path = path_without_mpi();
    let lab = Lab::new(bundled());
    let run = |args: &[&str]| lab.command(args).env("PATH", path.path()).output().unwrap();
    let list = text(&run(&["list"]).stdout);
    assert!(
        list.contains("unavailable here until you install"),
        "{list}"
    );
    assert!(list.contains("threads/pi"), "{list}");
    let out = run(&["check", "mpi/hello"]);
    let stderr = text(&out.stderr);
    assert_ne!(out.status.code(), Some(0));
    assert!(stderr.contains("no MPI launcher"), "{stderr}");
    assert!(
        stderr.contains("openmpi") || stderr.contains("MPI"),
        "{stderr}"
    );
    let doctor = text(&run(&["doctor"]).stdout);
    assert!(doctor.contains("mpi"), "{doctor}");
}
