//! Reference solution for processes/centre: one child per worker, each sent
//! the seed and an index range of atoms on one line; each child regenerates
//! its atoms from the seed and answers with its partial sums on one line. The
//! parent adds the partial sums in worker order and divides once at the end.

use std::env;
use std::io::{self, Write};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

/// The molecule's elements, by how often they occur: hydrogen, carbon,
/// nitrogen, oxygen, sulfur (masses in daltons).
const MASSES: [f64; 8] = [1.008, 1.008, 1.008, 12.011, 12.011, 14.007, 15.999, 32.06];

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn unit(z: u64) -> f64 {
    (z >> 11) as f64 / (1u64 << 53) as f64
}

/// Atom `i` of the molecule made from `seed`: a long coiled chain.
fn atom(seed: u64, i: u64) -> ([f64; 3], f64) {
    let h = mix(seed ^ i.wrapping_mul(0x9e37_79b9_7f4a_7c15));
    let t = i as f64 * 0.01;
    let r = 10.0 + unit(mix(h ^ 1));
    let position = [
        3.0 + r * t.cos(),
        -2.0 + r * t.sin(),
        0.05 * t + unit(mix(h ^ 2)),
    ];
    (position, MASSES[(h >> 61) as usize])
}

/// Mass-weighted coordinate sums and the total mass of some atoms.
#[derive(Clone, Copy, Default)]
struct Sums {
    weighted: [f64; 3],
    mass: f64,
}

fn sums(seed: u64, start: u64, end: u64) -> Sums {
    let mut s = Sums::default();
    for i in start..end {
        let (p, m) = atom(seed, i);
        for (w, x) in s.weighted.iter_mut().zip(p) {
            *w += m * x;
        }
        s.mass += m;
    }
    s
}

pub fn centre(seed: u64, atoms: u64, workers: usize) -> io::Result<[f64; 3]> {
    let exe = env::current_exe()?;
    let workers = workers.max(1) as u64;
    let chunk = atoms.div_ceil(workers);
    let mut children = Vec::new();
    let mut failure = None;
    for w in 0..workers {
        let start = (w * chunk).min(atoms);
        let end = ((w + 1) * chunk).min(atoms);
        match ask(&exe, &format!("{seed} {start} {end}")) {
            Ok(child) => children.push(child),
            Err(e) => {
                failure = Some(e);
                break;
            }
        }
    }
    // Wait for every child that started, even after a failure.
    let outputs: Vec<io::Result<Output>> =
        children.into_iter().map(Child::wait_with_output).collect();
    if let Some(e) = failure {
        return Err(e);
    }
    let mut total = Sums::default();
    for output in outputs {
        let part = parse_sums(&output?)?;
        for (w, x) in total.weighted.iter_mut().zip(part.weighted) {
            *w += x;
        }
        total.mass += part.mass;
    }
    Ok(total.weighted.map(|w| w / total.mass))
}

/// Starts a worker and sends it one line; its stdin is closed on return.
fn ask(exe: &Path, line: &str) -> io::Result<Child> {
    let mut child = Command::new(exe)
        .arg("--worker")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()?;
    let mut stdin = child.stdin.take().expect("stdin was piped");
    if let Err(e) = writeln!(stdin, "{line}") {
        drop(stdin);
        child.wait()?;
        return Err(e);
    }
    Ok(child)
}

fn parse_sums(output: &Output) -> io::Result<Sums> {
    if !output.status.success() {
        return Err(io::Error::other(format!(
            "a worker failed: {}",
            output.status
        )));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let numbers: Vec<f64> = text
        .split_whitespace()
        .map(str::parse)
        .collect::<Result<_, _>>()
        .map_err(|e| io::Error::other(format!("a worker answered {text:?}: {e}")))?;
    let [x, y, z, mass] = numbers[..] else {
        return Err(io::Error::other(format!(
            "a worker answered {text:?}, not four numbers"
        )));
    };
    Ok(Sums {
        weighted: [x, y, z],
        mass,
    })
}

pub fn worker() -> io::Result<()> {
    let mut line = String::new();
    io::stdin().read_line(&mut line)?;
    let numbers: Vec<u64> = line
        .split_whitespace()
        .map(str::parse)
        .collect::<Result<_, _>>()
        .map_err(|e| io::Error::other(format!("bad request {line:?}: {e}")))?;
    let [seed, start, end] = numbers[..] else {
        return Err(io::Error::other(format!(
            "bad request {line:?}: expected seed, start and end"
        )));
    };
    let s = sums(seed, start, end);
    // `{}` prints the shortest text that parses back to the same f64.
    let [x, y, z] = s.weighted;
    writeln!(io::stdout(), "{x} {y} {z} {}", s.mass)
}
