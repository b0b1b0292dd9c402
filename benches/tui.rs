//! Figures for the TUI's goals, printed: time to first frame on the bundled
//! course (goal: 100 ms or less), render time of the longest lesson (goal:
//! 5 ms or less), opening and re-wrapping a 1 MB lesson (goal: 50 ms or
//! less each), resident memory of an idle TUI (goal: 30 MB or less).
//!
//! Run with `cargo bench --bench tui`. The in-process figures need nothing;
//! the real-terminal figures (first frame and memory of the real binary) need
//! tmux and are skipped without it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use parlab::course::Course;
use parlab::progress::ProgressStore;
use parlab::tui::app::App;
use parlab::tui::markdown::{self, Options};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn bundled() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// Loading the course and progress, building the model, drawing 80x24.
fn first_frame_in_process(state: &Path) -> f64 {
    let start = Instant::now();
    let course = Course::load(&bundled()).expect("bundled course");
    let (progress, _) = ProgressStore::new(state).load().expect("progress");
    let app = App::new(Arc::new(course), progress, (80, 24), true);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("backend");
    terminal
        .draw(|f| parlab::tui::view::draw(f, &app))
        .expect("draw");
    start.elapsed().as_secs_f64() * 1e3
}

fn longest_lesson(course: &Course) -> (String, String) {
    course
        .lessons()
        .filter_map(|l| Some((l.id.clone(), l.text().ok()?)))
        .max_by_key(|(_, text)| text.len())
        .expect("the course has lessons")
}

/// The real binary on a pseudo-terminal (util-linux `script`), 80x24:
/// milliseconds from spawning until the course map's bytes arrive.
fn first_frame_on_a_pty(binary: &Path, state: &Path) -> Option<f64> {
    use std::io::Read;
    let inner = format!("stty cols 80 rows 24; exec {}", binary.display());
    let start = Instant::now();
    let mut child = Command::new("script")
        .args(["-qfec", &inner, "/dev/null"])
        .env("PARLAB_STATE_DIR", state)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    let mut out = child.stdout.take()?;
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    let found = loop {
        match out.read(&mut buf) {
            Ok(0) | Err(_) => break None,
            Ok(n) => seen.extend_from_slice(&buf[..n]),
        }
        if String::from_utf8_lossy(&seen).contains("map") {
            break Some(start.elapsed().as_secs_f64() * 1e3);
        }
    };
    let _ = child.kill();
    let _ = child.wait();
    found
}

fn tmux(args: &[&str]) -> Option<String> {
    let out = Command::new("tmux").args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The real binary in tmux: milliseconds until the course map is on screen,
/// and its resident memory after a second of idling.
fn real_terminal(binary: &Path, state: &Path) -> Option<(f64, u64)> {
    let command = format!(
        "PARLAB_STATE_DIR={} exec {}",
        state.display(),
        binary.display()
    );
    on_screen(&command)
}

/// How long tmux takes to show "course map" from a program that only
/// prints it: tmux's own share of the figure above.
fn tmux_alone() -> Option<f64> {
    on_screen("printf 'course map'; exec sleep 5").map(|(ms, _)| ms)
}

fn on_screen(command: &str) -> Option<(f64, u64)> {
    tmux(&["-V"])?;
    let session = format!("parlab-bench-{}", std::process::id());
    let start = Instant::now();
    tmux(&[
        "new-session",
        "-d",
        "-s",
        &session,
        "-x",
        "80",
        "-y",
        "24",
        command,
    ])?;
    let mut first_frame = None;
    while start.elapsed() < Duration::from_secs(10) {
        if tmux(&["capture-pane", "-p", "-t", &session]).is_some_and(|s| s.contains("course map")) {
            first_frame = Some(start.elapsed().as_secs_f64() * 1e3);
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    std::thread::sleep(Duration::from_secs(1));
    let pid = tmux(&["list-panes", "-t", &session, "-F", "#{pane_pid}"])?;
    let status = std::fs::read_to_string(format!("/proc/{}/status", pid.trim())).ok()?;
    let rss_kib: u64 = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    tmux(&["kill-session", "-t", &session]);
    Some((first_frame?, rss_kib * 1024))
}

/// One section of a real-world-shaped lesson: prose, a list, a table, code
/// in Rust and Python, a console transcript, a long line and some CJK.
/// `k` makes every section's code differ, so nothing is memoized.
fn section(k: usize, run: usize) -> String {
    format!(
        r#"## Section {k}: sharing work between threads

Rayon's `par_iter` splits a slice into pieces that idle threads **steal** from
busy ones, so a loop whose iterations cost the same balances itself; see the
[rayon README](https://github.com/rayon-rs/rayon/blob/main/README.md) and
[the book](https://doc.rust-lang.org/book/ch16-00-concurrency.html) for more.
When the work per item varies widely (a Mandelbrot row, a graph traversal),
*work stealing* matters more than the number of threads: measure before you
tune. The speedup `S(p) = T(1) / T(p)` levels off where Amdahl's law says.

- Split the data, not the code: one task per chunk of about 10 000 items.
- Keep shared state read-only; reduce with `sum`, `reduce` or `fold`.
  - Nested point: `Mutex<Vec<T>>` serialises every push, so collect instead.
  - Another: false sharing costs more than it seems on a 64-byte line.
- Measure with `--release`; debug builds are ten times slower.

| Backend | Launch | Speedup at 4 workers | Notes |
|:--------|:------:|---------------------:|:------|
| rayon | `cargo run --release` | 3.7x | work stealing, no setup |
| MPI (rsmpi) | `mpirun -n 4 target/release/ex` | 3.5x | explicit messages |
| Python multiprocessing | `python -m ex` | 2.9x | pickling costs per task |

```rust
use rayon::prelude::*;

fn histogram(data: &[u32], bins: usize) -> Vec<u64> {{
    // run {run}, section {k}
    data.par_iter()
        .fold(|| vec![0u64; bins], |mut h, &x| {{ h[x as usize % bins] += 1; h }})
        .reduce(|| vec![0u64; bins], |a, b| a.iter().zip(&b).map(|(x, y)| x + y).collect())
}}
```

```python
from multiprocessing import Pool

def work(chunk):  # run {run}, section {k}
    return sum(x * x for x in chunk)

if __name__ == "__main__":
    with Pool(4) as pool:
        print(sum(pool.map(work, [range(i, i + 10_000) for i in range(0, 1_000_000, 10_000)])))
```

```console
$ cargo build --release --features mpi && mpirun -n 4 --bind-to core --map-by socket target/release/histogram --bins 64 --input data/section-{k}.bin --repeat 10
histogram: 64 bins, 1000000 items, 0.021 s
```

> **Note:** the long line that follows is one paragraph without a break, as converted pages often have: {long}

並列計算では、作業を複数のスレッドに分けて同時に実行します。「ワークスティーリング」は、暇なスレッドが忙しいスレッドから仕事を盗む仕組みです。中文段落：并行编程需要注意数据竞争和负载均衡。

"#,
        long = "the quick brown fox jumps over the lazy dog, again and again; ".repeat(12)
    )
}

/// A lesson of about 1 MB made of such sections.
fn big_lesson(run: usize) -> String {
    let mut text = String::from("# A lesson of a megabyte\n\n");
    let mut k = 0;
    while text.len() < 1_000_000 {
        text.push_str(&section(k, run));
        k += 1;
    }
    text
}

fn time_ms(f: impl FnOnce()) -> f64 {
    let t = Instant::now();
    f();
    t.elapsed().as_secs_f64() * 1e3
}

/// What the lesson screen does to show a 1 MB lesson at `width`: lay it
/// out (code left plain) and colour the 50 rows on screen from `top`.
fn show(text: &str, width: u16, top: usize) {
    let options = Options {
        width,
        color: true,
        hyperlinks: false,
    };
    let rendered = markdown::render_lazy(text, &options);
    let top = top.min(rendered.lines.len());
    std::hint::black_box(rendered.lines_in(top..top + 50));
}

/// Opening a 1 MB lesson (this text never seen, grammars loaded) and
/// re-wrapping it on a resize, as the lesson screen does; then the stages
/// apart, and the eager render that colours every block (`parlab show`).
fn megabyte() {
    let at = |width| Options {
        width,
        color: true,
        hyperlinks: false,
    };
    markdown::render(&big_lesson(0), &at(80));
    let open: Vec<f64> = (1..=5)
        .map(|run| {
            let text = big_lesson(run);
            time_ms(|| show(&text, 80, 0))
        })
        .collect();
    let text = big_lesson(6);
    show(&text, 80, 12_000);
    let rewrap: Vec<f64> = (0..10)
        .map(|i| {
            let width = if i % 2 == 0 { 100 } else { 80 };
            time_ms(|| show(&text, width, 12_000))
        })
        .collect();
    let parse: Vec<f64> = (0..5)
        .map(|_| {
            time_ms(|| {
                let parser = pulldown_cmark::Parser::new_ext(&text, pulldown_cmark::Options::all());
                std::hint::black_box(parser.count());
            })
        })
        .collect();
    let plain = Options {
        color: false,
        ..at(80)
    };
    let no_color: Vec<f64> = (0..5)
        .map(|_| time_ms(|| drop(std::hint::black_box(markdown::render(&text, &plain)))))
        .collect();
    let eager: Vec<f64> = (7..=9)
        .map(|run| {
            let text = big_lesson(run);
            time_ms(|| drop(std::hint::black_box(markdown::render(&text, &at(80)))))
        })
        .collect();
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    println!(
        "1 MB lesson ({} bytes, {cores} cores): open (new text, laid out at 80 columns, first screen coloured) median {:.1} ms, re-wrap on resize median {:.1} ms  (goal <= 50 ms each); of which parsing alone {:.1} ms; without color {:.1} ms; every code block coloured at once (parlab show, new text) {:.1} ms",
        text.len(),
        median(open),
        median(rewrap),
        median(parse),
        median(no_color),
        median(eager),
    );
}

fn main() {
    let state = tempfile::tempdir().expect("temp dir");
    let runs: Vec<f64> = (0..20)
        .map(|_| first_frame_in_process(state.path()))
        .collect();
    println!(
        "first frame, in process (load course + progress, draw 80x24): median {:.2} ms, min {:.2} ms  (goal <= 100 ms)",
        median(runs.clone()),
        runs.iter().copied().fold(f64::INFINITY, f64::min)
    );

    let course = Course::load(&bundled()).expect("bundled course");
    let (id, text) = longest_lesson(&course);
    let options = Options {
        width: 76,
        color: true,
        hyperlinks: false,
    };
    let cold = Instant::now();
    let lines = markdown::render(&text, &options).lines.len();
    let cold = cold.elapsed().as_secs_f64() * 1e3;
    // Every other lesson once, then the longest at another width: what a
    // learner who opened the lesson before and resized the terminal waits.
    for lesson in course.lessons() {
        markdown::render(&lesson.text().unwrap_or_default(), &options);
    }
    let t = Instant::now();
    markdown::render(
        &text,
        &Options {
            width: 100,
            ..options
        },
    );
    let resized = t.elapsed().as_secs_f64() * 1e3;
    // The first render of a lesson in a running TUI, grammars loaded: a
    // lesson of the same size with its code changed, so nothing is memoized.
    let fresh_text = text.replace("let ", "let  ");
    let t = Instant::now();
    markdown::render(&fresh_text, &options);
    let first_open = t.elapsed().as_secs_f64() * 1e3;
    let warm: Vec<f64> = (0..200)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(markdown::render(&text, &options));
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    let plain = Options {
        width: 76,
        color: false,
        hyperlinks: false,
    };
    let no_color: Vec<f64> = (0..50)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(markdown::render(&text, &plain));
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    println!(
        "  (the same without color, so without highlighting: median {:.2} ms)",
        median(no_color)
    );
    println!(
        "render of the longest lesson ({id}, {} bytes, {lines} lines at 76 columns): median {:.2} ms; after a resize {resized:.2} ms; first open in a running TUI {first_open:.2} ms; very first call, grammars loading {cold:.2} ms  (goal <= 5 ms)",
        text.len(),
        median(warm),
    );
    megabyte();

    let binary = bundled().join("target/release/parlab");
    if !binary.exists() {
        println!("real terminal: skipped, build it first with `cargo build --release`");
        return;
    }
    let pty: Vec<f64> = (0..10)
        .filter_map(|_| first_frame_on_a_pty(&binary, state.path()))
        .collect();
    if pty.is_empty() {
        println!(
            "first frame, real binary on a pty: skipped, util-linux `script` is not available"
        );
    } else {
        println!(
            "first frame, real binary on a pty 80x24 (spawn to the course map's bytes): median {:.1} ms, min {:.1} ms over {} runs  (goal <= 100 ms)",
            median(pty.clone()),
            pty.iter().copied().fold(f64::INFINITY, f64::min),
            pty.len()
        );
    }
    match real_terminal(&binary, state.path()) {
        Some((ms, rss)) => {
            let alone = tmux_alone().unwrap_or(0.0);
            println!(
                "first frame, real binary in tmux 80x24: {ms:.1} ms, of which tmux itself {alone:.1} ms (a program that only prints), so parlab {:.1} ms  (goal <= 100 ms)",
                ms - alone
            );
            println!(
                "resident memory of the idle TUI: {:.1} MB  (goal <= 30 MB)",
                rss as f64 / 1e6
            );
        }
        None => println!("real terminal: skipped, tmux is not available"),
    }
}
