//! Live demos: small course-owned programs that a lesson names and parlab runs
//! on the learner's own machine, so a lesson's claim ("Python threads do not
//! speed up CPU-bound work") comes with the learner's own figures.
//!
//! A demo is a folder `exercises/course/demos/<id>/` with a `demo.toml`:
//!
//! ```toml
//! title = "One CPU-bound loop, three ways"
//! about = "Markdown shown above the figures."
//! time_limit_secs = 60          # per run
//!
//! [[run]]
//! label = "Python, {cores} threads"   # {cores}: the core count here
//! group = "python"              # speedup is against the group's first run
//! python = "gil.py"             # a script in this folder, run with python3
//! args = ["threads", "{cores}"]
//!
//! [[run]]
//! label = "Rust, {cores} threads"
//! group = "rust"
//! bin = "demo-gil"              # a [[bin]] of the exercises package
//! args = ["{cores}"]
//! # ranks = 2                   # an MPI bin: built with the `mpi` feature,
//!                               # run under the MPI launcher on 2 ranks
//! # needs = ["java", "pyspark"] # optional parts this run needs; where one
//!                               # is missing the row says how to install it
//! ```
//!
//! `about_python` (optional) replaces `about` for a learner on the Python
//! track, where a demo's point reads differently.
//!
//! Every run reports its time with the result line of `parlab-support` (or
//! the same JSON line printed by the script). A lesson names a demo with a
//! fenced block whose info string is `demo` and whose body is the id.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use super::Problem;

#[derive(Clone, Debug)]
pub struct Demo {
    pub id: String,
    pub title: String,
    pub about: String,
    /// The text for the Python track, where it differs.
    pub about_python: Option<String>,
    pub dir: PathBuf,
    pub manifest: PathBuf,
    pub time_limit: Duration,
    pub runs: Vec<DemoRun>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DemoRun {
    pub label: String,
    pub group: String,
    pub program: DemoProgram,
    pub args: Vec<String>,
    /// An MPI program (a `bin` built with the `mpi` feature), run under the
    /// MPI launcher on this many ranks.
    pub ranks: Option<usize>,
    /// Optional parts of the machine the run needs.
    pub needs: Vec<Need>,
}

/// An optional part a demo run may need, which parlab itself never does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    /// A Java runtime (`java` on PATH), for Spark.
    Java,
    /// PySpark in the course's Python environment (`parlab setup --spark`).
    PySpark,
}

impl Need {
    pub const ALL: [Need; 2] = [Need::Java, Need::PySpark];

    pub fn name(self) -> &'static str {
        match self {
            Need::Java => "java",
            Need::PySpark => "pyspark",
        }
    }

    fn parse(name: &str) -> Option<Need> {
        Need::ALL.into_iter().find(|n| n.name() == name)
    }
}

impl Demo {
    /// The text above the figures for a learner on `track`.
    pub fn about_for(&self, track: Option<super::Language>) -> &str {
        match (track, &self.about_python) {
            (Some(super::Language::Python), Some(text)) => text,
            _ => &self.about,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum DemoProgram {
    /// A script in the demo's folder, run with python3.
    Python(PathBuf),
    /// A binary of the exercises package.
    Bin(String),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoFile {
    title: String,
    #[serde(default)]
    about: String,
    about_python: Option<String>,
    #[serde(default = "default_limit")]
    time_limit_secs: f64,
    #[serde(rename = "run")]
    runs: Vec<RunFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RunFile {
    label: String,
    #[serde(default)]
    group: String,
    python: Option<String>,
    bin: Option<String>,
    #[serde(default)]
    args: Vec<String>,
    ranks: Option<usize>,
    #[serde(default)]
    needs: Vec<String>,
}

fn default_limit() -> f64 {
    60.0
}

/// Where the demos of the course in `root` live.
pub fn demos_dir(root: &Path) -> PathBuf {
    root.join("exercises/course/demos")
}

/// Loads every demo folder, recording what is wrong with each.
pub fn load_demos(root: &Path, bins: &BTreeSet<String>, problems: &mut Vec<Problem>) -> Vec<Demo> {
    let Ok(entries) = fs::read_dir(demos_dir(root)) else {
        return Vec::new();
    };
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.iter()
        .filter_map(|dir| load_demo(dir, bins, problems))
        .collect()
}

fn load_demo(dir: &Path, bins: &BTreeSet<String>, problems: &mut Vec<Problem>) -> Option<Demo> {
    let id = dir.file_name()?.to_str()?.to_owned();
    let manifest = dir.join("demo.toml");
    let src = match fs::read_to_string(&manifest) {
        Ok(src) => src,
        Err(e) => {
            problems.push(Problem::new(&manifest, None, format!("cannot read: {e}")));
            return None;
        }
    };
    let file: DemoFile = match toml::from_str(&src) {
        Ok(file) => file,
        Err(e) => {
            problems.push(Problem::from_toml(&manifest, &src, &e));
            return None;
        }
    };
    let mut runs = Vec::new();
    for run in file.runs {
        let at = |message: String| Problem::at_key(&manifest, &src, "label", message);
        let program = match (run.python, run.bin) {
            (Some(script), None) => {
                if !dir.join(&script).is_file() {
                    problems.push(Problem::at_key(
                        &manifest,
                        &src,
                        "python",
                        format!(
                            "run {:?}: script {script:?} is not in {}",
                            run.label,
                            dir.display()
                        ),
                    ));
                    continue;
                }
                DemoProgram::Python(dir.join(script))
            }
            (None, Some(bin)) => {
                if !bins.contains(&bin) {
                    problems.push(Problem::new(
                        &manifest,
                        super::problem::line_of_value(&src, &bin),
                        format!(
                            "run {:?}: bin {bin:?} is not a [[bin]] of exercises/Cargo.toml",
                            run.label
                        ),
                    ));
                    continue;
                }
                DemoProgram::Bin(bin)
            }
            _ => {
                problems.push(at(format!(
                    "run {:?} needs exactly one of `python = \"script.py\"` or `bin = \"name\"`",
                    run.label
                )));
                continue;
            }
        };
        let mut needs = Vec::new();
        for name in &run.needs {
            match Need::parse(name) {
                Some(need) => needs.push(need),
                None => problems.push(Problem::new(
                    &manifest,
                    super::problem::line_of_value(&src, name),
                    format!(
                        "run {:?}: unknown need {name:?}; parlab knows {}",
                        run.label,
                        Need::ALL.map(Need::name).join(", ")
                    ),
                )),
            }
        }
        runs.push(DemoRun {
            label: run.label,
            group: run.group,
            program,
            args: run.args,
            ranks: run.ranks,
            needs,
        });
    }
    if !(file.time_limit_secs > 0.0 && file.time_limit_secs.is_finite()) {
        problems.push(Problem::at_key(
            &manifest,
            &src,
            "time_limit_secs",
            "time_limit_secs must be a positive number of seconds",
        ));
        return None;
    }
    Some(Demo {
        id,
        title: file.title,
        about: file.about,
        about_python: file.about_python,
        dir: dir.to_path_buf(),
        manifest,
        time_limit: Duration::from_secs_f64(file.time_limit_secs),
        runs,
    })
}

/// The demos a lesson's Markdown names, with the line of each: fenced
/// blocks whose info string is `demo`, holding the id.
pub fn named_demos(markdown: &str) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    let mut lines = markdown.lines().enumerate();
    while let Some((i, line)) = lines.next() {
        let trimmed = line.trim();
        let Some(fence) = ["```", "~~~"].into_iter().find(|f| trimmed.starts_with(f)) else {
            continue;
        };
        let info = trimmed.trim_start_matches(fence.chars().next().unwrap_or('`'));
        let is_demo = info.trim() == "demo";
        let mut body = String::new();
        for (_, inner) in lines.by_ref() {
            if inner.trim() == fence {
                break;
            }
            body.push_str(inner.trim());
        }
        if is_demo {
            found.push((body, i + 1));
        }
    }
    found
}

/// `{cores}` in a label or argument, replaced.
pub fn expand(text: &str, cores: usize) -> String {
    text.replace("{cores}", &cores.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_demo_blocks_and_their_lines() {
        let md = "# T\n\n```rust\nlet x = 1;\n```\n\n```demo\ngil\n```\n";
        assert_eq!(named_demos(md), vec![("gil".to_owned(), 7)]);
    }

    #[test]
    fn loads_a_demo_and_reports_bad_runs() {
        let dir = tempfile::tempdir().unwrap();
        let demo = dir.path().join("exercises/course/demos/d");
        fs::create_dir_all(&demo).unwrap();
        fs::write(demo.join("s.py"), "print(1)\n").unwrap();
        fs::write(
            demo.join("demo.toml"),
            "title = \"D\"\n\n[[run]]\nlabel = \"py\"\npython = \"s.py\"\n\n[[run]]\nlabel = \"rs\"\nbin = \"nope\"\n",
        )
        .unwrap();
        let mut problems = Vec::new();
        let demos = load_demos(dir.path(), &BTreeSet::new(), &mut problems);
        assert_eq!(demos.len(), 1);
        assert_eq!(demos[0].runs.len(), 1);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(9));
        assert!(problems[0].message.contains("nope"), "{}", problems[0]);
    }

    #[test]
    fn cores_are_filled_in() {
        assert_eq!(expand("Python, {cores} threads", 16), "Python, 16 threads");
    }
}
