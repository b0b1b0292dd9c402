//! The TUI end to end, in a real terminal: tmux runs a shell, the shell runs
//! parlab on the fixture course; keys go in with `send-keys` and the screen
//! comes back with `capture-pane`. Open the course, read a lesson and scroll,
//! open an exercise, run a check that fails, quit, and use the shell again.
//!
//! Needs tmux. Without it the test is skipped, except under CI=true, where
//! it fails: CI installs tmux and must run this.

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

struct Tmux {
    session: String,
}

impl Tmux {
    fn start(width: u16, height: u16) -> Tmux {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let session = format!("parlab-e2e-{}-{n}", std::process::id());
        // A plain shell with just what cargo needs: no rc files, no prompt tricks.
        let mut env = vec!["TERM=xterm-256color".to_owned()];
        for key in [
            "PATH",
            "HOME",
            "CARGO_HOME",
            "RUSTUP_HOME",
            "RUSTUP_TOOLCHAIN",
        ] {
            if let Ok(value) = std::env::var(key) {
                env.push(format!("{key}={value}"));
            }
        }
        let size = [width.to_string(), height.to_string()];
        let status = Command::new("tmux")
            .args([
                "new-session",
                "-d",
                "-s",
                &session,
                "-x",
                &size[0],
                "-y",
                &size[1],
            ])
            .args(["env", "-i"])
            .args(&env)
            .args(["bash", "--norc", "--noprofile"])
            .status()
            .expect("tmux starts");
        assert!(status.success());
        Tmux { session }
    }

    fn keys(&self, keys: &[&str]) {
        let status = Command::new("tmux")
            .args(["send-keys", "-t", &self.session])
            .args(keys)
            .status()
            .unwrap();
        assert!(status.success());
    }

    fn type_line(&self, line: &str) {
        let status = Command::new("tmux")
            .args(["send-keys", "-t", &self.session, "-l", line])
            .status()
            .unwrap();
        assert!(status.success());
        self.keys(&["Enter"]);
    }

    fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["capture-pane", "-p", "-t", &self.session])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until the screen shows `text`; panics with the screen if not.
    fn wait_for(&self, text: &str, limit: Duration) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < limit,
                "waited {limit:?} for {text:?}; the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Tmux {
    /// The pid of the program the pane's shell is running now.
    fn foreground_child(&self) -> Option<u32> {
        let out = Command::new("tmux")
            .args(["list-panes", "-t", &self.session, "-F", "#{pane_pid}"])
            .output()
            .ok()?;
        let shell = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        let children =
            std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children")).ok()?;
        children.split_whitespace().next()?.parse().ok()
    }
}

fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|s| {
        s.rsplit(')')
            .next()
            .is_some_and(|r| !r.trim_start().starts_with('Z'))
    })
}

fn wait_gone(pid: u32) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(5) {
        if !alive(pid) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

fn start_parlab(tmux: &Tmux, state: &std::path::Path) {
    tmux.type_line(&format!(
        "PARLAB_STATE_DIR={} {} --course {}; echo parlab-exited-$?",
        state.display(),
        env!("CARGO_BIN_EXE_parlab"),
        common::fixture("course").display()
    ));
    tmux.wait_for("course map", Duration::from_secs(20));
}

#[test]
fn sigterm_restores_the_terminal_and_a_closed_window_ends_the_tui() {
    if !have_tmux() {
        assert!(
            std::env::var("CI").is_err(),
            "CI must have tmux (.ci/run installs it)"
        );
        return;
    }
    let state = tempfile::tempdir().unwrap();
    let tmux = Tmux::start(80, 24);
    start_parlab(&tmux, state.path());
    let pid = tmux
        .foreground_child()
        .expect("parlab runs under the shell");
    let status = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    tmux.wait_for("parlab-exited-0", Duration::from_secs(10));
    tmux.type_line("echo shell-$((6*7))");
    tmux.wait_for("shell-42", Duration::from_secs(10));

    // Close the pane under a running TUI: it must end, not spin on a dead terminal.
    start_parlab(&tmux, state.path());
    let pid = tmux
        .foreground_child()
        .expect("parlab runs under the shell");
    drop(tmux);
    assert!(wait_gone(pid), "parlab {pid} outlived its terminal");
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.session])
            .status();
    }
}

/// Marks the file as saved without changing it.
fn touch(file: &std::path::Path) {
    let f = std::fs::File::options().append(true).open(file).unwrap();
    f.set_modified(std::time::SystemTime::now()).unwrap();
}

fn have_tmux() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn a_learner_session_in_a_real_terminal() {
    if !have_tmux() {
        assert!(
            std::env::var("CI").is_err(),
            "CI must have tmux (.ci/run installs it)"
        );
        eprintln!("skipped: tmux is not installed");
        return;
    }
    let state = tempfile::tempdir().unwrap();
    let target = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("fixture-target");
    let tmux = Tmux::start(100, 30);
    tmux.type_line(&format!(
        "EDITOR=true PARLAB_STATE_DIR={} PARLAB_TARGET_DIR={} {} --course {}; echo parlab-exited-$?",
        state.path().display(),
        target.display(),
        env!("CARGO_BIN_EXE_parlab"),
        common::fixture("course").display()
    ));
    let long = Duration::from_secs(20);
    tmux.wait_for("course map", long);

    // Read the lesson, scroll it, come back.
    tmux.keys(&["g", "j", "Enter"]);
    let lesson = tmux.wait_for("lesson fixture/only", long);
    assert!(lesson.contains("The only lesson"), "{lesson}");
    tmux.keys(&["j", "j", "G", "Escape"]);
    tmux.wait_for("course map", long);

    // Open the exercise that gives a wrong answer and check it.
    tmux.keys(&["g", "j", "j", "j", "Enter"]);
    tmux.wait_for("exercise fixture/wrong", long);
    tmux.keys(&["c"]);
    let verdict = tmux.wait_for("Wrong output", Duration::from_secs(40));
    assert!(verdict.contains("500500"), "{verdict}");
    tmux.keys(&["h"]);
    tmux.wait_for("Hint 1 of 2", long);

    // The editor gets the terminal and gives it back ($EDITOR is `true` here).
    tmux.keys(&["e"]);
    tmux.wait_for("Back from the editor", long);

    // Watch mode, by file events and then by polling: a save starts a check.
    let file = common::fixture("course").join("exercises/fixture/wrong.rs");
    for (key_note, mode) in [("watch: on", "events"), ("watch: polling", "polling")] {
        tmux.keys(&["w"]);
        tmux.wait_for(key_note, long);
        std::thread::sleep(Duration::from_millis(700));
        touch(&file);
        let screen = tmux.wait_for("Saved: checking", long);
        assert!(screen.contains(key_note), "{mode}: {screen}");
        tmux.wait_for("Wrong output", Duration::from_secs(60));
        tmux.keys(&["j"]);
    }

    // Quit; the shell is usable again.
    tmux.keys(&["q"]);
    tmux.wait_for("parlab-exited-0", long);
    tmux.type_line("echo shell-$((6*7))");
    tmux.wait_for("shell-42", long);
}

/// A first start on a course with two tracks: the TUI asks which, the
/// learner picks Python, opens a Python exercise, checks it and sees the
/// verdict; the choice is saved.
#[test]
fn a_learner_picks_the_python_track_and_checks_a_python_exercise() {
    if !have_tmux() {
        assert!(
            std::env::var("CI").is_err(),
            "CI must have tmux (.ci/run installs it)"
        );
        eprintln!("skipped: tmux is not installed");
        return;
    }
    let Some(python) = common::python() else {
        return;
    };
    let (_dir, course) = common::python_course("tracks");
    let state = tempfile::tempdir().unwrap();
    let tmux = Tmux::start(100, 30);
    tmux.type_line(&format!(
        "PARLAB_PYTHON={} PARLAB_STATE_DIR={} {} --course {}; echo parlab-exited-$?",
        python.display(),
        state.path().display(),
        env!("CARGO_BIN_EXE_parlab"),
        course.display()
    ));
    let long = Duration::from_secs(20);
    let picker = tmux.wait_for("Choose your track", long);
    assert!(
        picker.contains("Rust") && picker.contains("Python"),
        "{picker}"
    );
    tmux.keys(&["p"]);
    let map = tmux.wait_for("Python track", long);
    assert!(map.contains("Sum of a costly function"), "{map}");
    assert!(!map.contains("Add two numbers in Rust"), "{map}");
    assert!(map.contains("A lesson for both tracks"), "{map}");

    // The module's lesson first, then its exercise.
    tmux.keys(&["G", "Enter"]);
    tmux.wait_for("exercise py/sum", long);
    tmux.keys(&["c"]);
    let verdict = tmux.wait_for("Wrong output", Duration::from_secs(90));
    assert!(verdict.contains("expected"), "{verdict}");
    tmux.keys(&["Escape"]);
    tmux.wait_for("course map", long);
    tmux.keys(&["q"]);
    tmux.wait_for("parlab-exited-0", long);
    let saved = std::fs::read_to_string(state.path().join("progress.json")).unwrap();
    assert!(saved.contains("\"track\": \"python\""), "{saved}");
}

/// `parlab show` in a real terminal: the lesson comes out styled (bold
/// headings, coloured code), rendered rather than raw, and escape sequences
/// written in the lesson neither retitle the terminal nor clear it.
#[test]
fn show_styles_a_lesson_in_a_terminal_and_passes_no_escape_through() {
    if !have_tmux() {
        assert!(
            std::env::var("CI").is_err(),
            "CI must have tmux (.ci/run installs it)"
        );
        eprintln!("skipped: tmux is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let course = dir.path().join("course");
    common::copy_tree(&common::fixture("course"), &course);
    std::fs::write(
        course.join("lessons/fixture/01-only.md"),
        "# Hostile lesson\n\nSome **bold** prose. \x1b]2;owned-title\x07 \x1b[2J\n\n\
         ```rust\nfn main() { let answer = 42; }\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    )
    .unwrap();
    let tmux = Tmux::start(80, 30);
    tmux.type_line("echo before-show");
    tmux.wait_for("before-show", Duration::from_secs(10));
    tmux.type_line(&format!(
        "PARLAB_STATE_DIR={} {} --course {} show fixture/only; echo show-exited-$?",
        dir.path().join("state").display(),
        env!("CARGO_BIN_EXE_parlab"),
        course.display()
    ));
    let screen = tmux.wait_for("show-exited-0", Duration::from_secs(20));
    // Rendered: no Markdown markers, a table drawn with borders.
    assert!(screen.contains("Hostile lesson"), "{screen}");
    assert!(!screen.contains("# Hostile"), "{screen}");
    assert!(!screen.contains("**bold**"), "{screen}");
    assert!(!screen.contains("```"), "{screen}");
    assert!(screen.contains('┌'), "{screen}");
    // Nothing cleared the screen, and the escapes show as visible stand-ins.
    assert!(screen.contains("before-show"), "{screen}");
    assert!(screen.contains('␛'), "{screen}");
    // The title did not change.
    let title = Command::new("tmux")
        .args([
            "display-message",
            "-p",
            "-t",
            &tmux.session,
            "#{pane_title}",
        ])
        .output()
        .unwrap();
    let title = String::from_utf8_lossy(&title.stdout);
    assert!(!title.contains("owned-title"), "pane title: {title}");
    // Styled: the pane holds SGR sequences (bold, colours) around the text.
    let styled = Command::new("tmux")
        .args(["capture-pane", "-e", "-p", "-t", &tmux.session])
        .output()
        .unwrap();
    let styled = String::from_utf8_lossy(&styled.stdout);
    assert!(styled.contains("\x1b[1m"), "bold: {styled:?}");
    assert!(styled.contains("\x1b[38;"), "coloured code: {styled:?}");
    tmux.keys(&["C-d"]);
}
