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
//! python = "gil.py"             # a script in this folder, run with python3;
//!                               # `python = true` is the folder's <id>.py
//! args = ["threads", "{cores}"]
//!
//! [[run]]
//! label = "Rust, {cores} threads"
//! group = "rust"
//! bin = "demo-gil"              # a [[bin]] of the exercises package;
//!                               # `bin = true` is demo-<id>
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
use super::conventions;
use super::problem::line_of_key;

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
    python: Option<Named>,
    bin: Option<Named>,
    #[serde(default)]
    args: Vec<String>,
    ranks: Option<usize>,
    #[serde(default)]
    needs: Vec<String>,
}

/// A run's `python` or `bin`: a name, or `true` for the demo folder's own
/// (see `conventions::demo_script` and `conventions::demo_bin`).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Named {
    Name(String),
    Own(bool),
}

impl Named {
    /// The name, with `true` read by `own`; `false` is no name.
    fn resolve(self, own: impl FnOnce() -> String) -> Option<String> {
        match self {
            Named::Name(name) => Some(name),
            Named::Own(true) => Some(own()),
            Named::Own(false) => None,
        }
    }
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
    let place = Place {
        id: &id,
        dir,
        manifest: &manifest,
        src: &src,
        bins,
    };
    let runs = file
        .runs
        .into_iter()
        .filter_map(|run| place.load_run(run, problems))
        .collect();
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

/// A demo's folder and manifest, for loading its runs.
struct Place<'a> {
    id: &'a str,
    dir: &'a Path,
    manifest: &'a Path,
    src: &'a str,
    bins: &'a BTreeSet<String>,
}

impl Place<'_> {
    /// One `[[run]]`, or `None` (with the problem recorded) when its
    /// program cannot be found.
    fn load_run(&self, run: RunFile, problems: &mut Vec<Problem>) -> Option<DemoRun> {
        let python = run
            .python
            .and_then(|p| p.resolve(|| conventions::demo_script(self.id)));
        let bin = run
            .bin
            .and_then(|b| b.resolve(|| conventions::demo_bin(self.id)));
        let program = match (python, bin) {
            (Some(script), None) if self.dir.join(&script).is_file() => {
                DemoProgram::Python(self.dir.join(script))
            }
            (Some(script), None) => {
                problems.push(Problem::at_key(
                    self.manifest,
                    self.src,
                    "python",
                    format!(
                        "run {:?}: script {script:?} is not in {}",
                        run.label,
                        self.dir.display()
                    ),
                ));
                return None;
            }
            (None, Some(bin)) if self.bins.contains(&bin) => DemoProgram::Bin(bin),
            (None, Some(bin)) => {
                let line = super::problem::line_of_value(self.src, &bin)
                    .or_else(|| line_of_key(self.src, "bin"));
                problems.push(Problem::new(
                    self.manifest,
                    line,
                    format!(
                        "run {:?}: bin {bin:?} is not a [[bin]] of exercises/Cargo.toml",
                        run.label
                    ),
                ));
                return None;
            }
            _ => {
                problems.push(Problem::at_key(
                    self.manifest,
                    self.src,
                    "label",
                    format!(
                        "run {:?} needs exactly one of `python = \"script.py\"` or `bin = \"name\"` (`true` for the folder's own: {} or {})",
                        run.label,
                        conventions::demo_script(self.id),
                        conventions::demo_bin(self.id)
                    ),
                ));
                return None;
            }
        };
        let needs = self.needs(&run.label, &run.needs, problems);
        Some(DemoRun {
            label: run.label,
            group: run.group,
            program,
            args: run.args,
            ranks: run.ranks,
            needs,
        })
    }

    fn needs(&self, label: &str, names: &[String], problems: &mut Vec<Problem>) -> Vec<Need> {
        let mut needs = Vec::new();
        for name in names {
            match Need::parse(name) {
                Some(need) => needs.push(need),
                None => problems.push(Problem::new(
                    self.manifest,
                    super::problem::line_of_value(self.src, name),
                    format!(
                        "run {label:?}: unknown need {name:?}; parlab knows {}",
                        Need::ALL.map(Need::name).join(", ")
                    ),
                )),
            }
        }
        needs
    }
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
    fn true_names_the_folders_own_script_and_bin() {
        let dir = tempfile::tempdir().unwrap();
        let demo = dir.path().join("exercises/course/demos/gil");
        fs::create_dir_all(&demo).unwrap();
        fs::write(demo.join("gil.py"), "print(1)\n").unwrap();
        fs::write(
            demo.join("demo.toml"),
            "title = \"D\"\n\n[[run]]\nlabel = \"py\"\npython = true\n\n[[run]]\nlabel = \"rs\"\nbin = true\n",
        )
        .unwrap();
        let mut problems = Vec::new();
        let bins = BTreeSet::from(["demo-gil".to_owned()]);
        let demos = load_demos(dir.path(), &bins, &mut problems);
        assert_eq!(problems, []);
        let programs: Vec<&DemoProgram> = demos[0].runs.iter().map(|r| &r.program).collect();
        assert_eq!(
            programs,
            [
                &DemoProgram::Python(demo.join("gil.py")),
                &DemoProgram::Bin("demo-gil".into())
            ]
        );
    }

    #[test]
    fn cores_are_filled_in() {
        assert_eq!(expand("Python, {cores} threads", 16), "Python, 16 threads");
    }
}
