//! `kill -9` in the middle of saving progress never leaves an unreadable
//! progress file: the save writes a temp file and renames it.

mod common;

use std::time::Duration;

use common::Lab;

#[test]
fn kill_9_mid_save_keeps_the_previous_progress() {
    let lab = Lab::fixture();
    let (_, first) = lab.json(&["hint", "fixture/passes"]);
    assert_eq!(first["number"], 1);
    let path = lab.state.path().join("progress.json");
    let before = std::fs::read(&path).unwrap();

    // The next save pauses halfway through writing; kill it there.
    let mut child = lab
        .command(&["hint", "fixture/passes"])
        .env("PARLAB_FAULT_SAVE_PAUSE_MS", "5000")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let tmp = lab
        .state
        .path()
        .join(format!("progress.json.tmp-{}", child.id()));
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while !tmp.exists() && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(tmp.exists(), "the save never started");
    std::thread::sleep(Duration::from_millis(100));
    child.kill().unwrap();
    child.wait().unwrap();

    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the progress file is untouched"
    );
    let (_, progress) = lab.json(&["progress"]);
    assert_eq!(progress["exercises"]["fixture/passes"]["hints_shown"], 1);
    // And the next save works as usual.
    let (_, next) = lab.json(&["hint", "fixture/passes"]);
    assert_eq!(next["number"], 2);
}

#[test]
fn a_corrupt_progress_file_is_kept_aside_and_reported() {
    let lab = Lab::fixture();
    std::fs::write(
        lab.state.path().join("progress.json"),
        b"{\"version\": 1, \"exerc",
    )
    .unwrap();
    let out = lab.run(&["progress"]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = common::text(&out.stderr);
    assert!(
        stderr.contains("could not be read") && stderr.contains("unreadable"),
        "{stderr}"
    );
    let kept: Vec<_> = std::fs::read_dir(lab.state.path())
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("progress.json.unreadable-")
        })
        .collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(
        std::fs::read(kept[0].path()).unwrap(),
        b"{\"version\": 1, \"exerc"
    );
}
