//! The instructor's commands: `grade` (a class into a gradebook) and
//! `check --all` (every exercise of one checkout, for GitHub Classroom).
//! The work is the classroom wing's (`crate::classroom`); here are only the
//! command lines, the progress bar and what is printed.

use std::io::{IsTerminal, Write};
use std::time::Instant;

use anyhow::{Context, Result};

use super::{CheckArgs, Exit, ExportKind, GradeArgs, print_json};
use crate::check::{self, CheckOptions};
use crate::classroom::exports::{self, ClassroomResults};
use crate::classroom::owned;
use crate::classroom::{self, GradeOptions, Progress};
use crate::course::Course;
use crate::grader::fmt_secs;

pub fn grade(course: &Course, args: &GradeArgs) -> Result<Exit> {
    if args.similarity {
        return similarity(course, args);
    }
    if args.merge {
        return merge(course, args);
    }
    let options = GradeOptions {
        submissions: args.submissions.clone(),
        out: args.out.clone(),
        student: args.student.clone(),
        jobs: usize::from(args.jobs),
        sandbox: !args.no_sandbox,
        workers: args.workers.map(usize::from),
        memory_bytes: args.memory_mib << 20,
        launch: args.launch.options(),
        cancel: crate::runner::cancel_flag(),
        command: std::env::args().collect::<Vec<_>>().join(" "),
        shard: args.shard,
    };
    let mut bar = Bar::new(!args.json.json);
    let summary = classroom::grade(course, &options, &mut |p| bar.show(&p))?;
    bar.clear();
    if args.json.json {
        print_json(&summary)?;
        return Ok(Exit::Ok);
    }
    let t = &summary.timings;
    println!(
        "Graded {}, {} unchanged since their last grade.",
        crate::grader::counted(summary.graded.len(), "student", "students"),
        summary.unchanged.len()
    );
    println!("Isolation: {}.", summary.isolation.note);
    println!(
        "Time: {} in all: {} once (baselines, dependencies), {} building, {} checking; the submissions' own runs took {}.",
        fmt_secs(t.total_seconds),
        fmt_secs(t.one_time_seconds),
        fmt_secs(t.build_seconds),
        fmt_secs(t.check_seconds),
        fmt_secs(t.run_seconds)
    );
    if let Some(shard) = &summary.shard {
        println!(
            "Shard {shard}: {} of the class's students. When every shard is done: parlab grade {} --out {} --merge",
            summary.students,
            args.submissions.display(),
            args.out.display()
        );
    }
    println!("Gradebook: {}", summary.gradebook.display());
    println!("For Canvas and Moodle: gradebook-canvas.csv and gradebook-moodle.csv beside it.");
    Ok(Exit::Ok)
}

/// `parlab grade --similarity`: the report, written and printed.
fn similarity(course: &Course, args: &GradeArgs) -> Result<Exit> {
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("failed to create {}", args.out.display()))?;
    let (report, path) = classroom::similarity::write_report(course, &args.submissions, &args.out)?;
    if args.json.json {
        print_json(&report)?;
    } else {
        print!("{}", classroom::similarity::text(&report));
        println!("\nWritten to {}.", path.display());
    }
    Ok(Exit::Ok)
}

/// `parlab export`: course.sha256 in the course, or Gradescope's
/// autograder in `out`.
pub fn export(course: &Course, what: ExportKind, out: Option<&std::path::Path>) -> Result<Exit> {
    match what {
        ExportKind::Classroom => {
            let text = owned::hash_file(course)?;
            let path = course.root.join(owned::HASH_FILE);
            std::fs::write(&path, &text)
                .with_context(|| format!("failed to write {}", path.display()))?;
            println!(
                "Wrote {} ({} course files). Commit it with the template repository.",
                path.display(),
                text.lines().count()
            );
            println!(
                "Its digest, for {} (an organization's Actions variable the students cannot edit):",
                owned::DIGEST_VARIABLE
            );
            println!("{}", owned::digest(text.as_bytes()));
        }
        ExportKind::Gradescope => {
            let out = out.unwrap_or(std::path::Path::new("gradescope-autograder"));
            let parlab = std::env::current_exe().context("failed to find parlab's own binary")?;
            let bundle = classroom::bundle::write_gradescope(course, &parlab, out)?;
            println!(
                "Wrote the Gradescope autograder in {} ({} files): upload {}.",
                bundle.dir.display(),
                bundle.files,
                bundle.zip.display()
            );
            println!(
                "Its bin/parlab is this binary: build it for the Ubuntu release of Gradescope's image."
            );
        }
    }
    Ok(Exit::Ok)
}

/// The progress bar on standard error: one line redrawn on a terminal, a
/// line per student elsewhere.
struct Bar {
    on: bool,
    terminal: bool,
    started: Instant,
}

impl Bar {
    fn new(on: bool) -> Self {
        Self {
            on,
            terminal: std::io::stderr().is_terminal(),
            started: Instant::now(),
        }
    }

    fn show(&mut self, progress: &Progress) {
        if !self.on {
            return;
        }
        let mut err = std::io::stderr().lock();
        let line = match progress {
            Progress::Preparing { what } => format!("preparing: {what}"),
            Progress::Unchanged { name } => {
                format!("{name}: unchanged since its last grade, kept")
            }
            Progress::Student {
                name,
                done,
                total,
                doing,
                eta_seconds,
            } => {
                let eta = eta_seconds.map_or_else(
                    || "ETA after the first student".to_owned(),
                    |s| format!("ETA {}", fmt_secs(s)),
                );
                format!(
                    "{} {done}/{total} {eta}  {name}: {doing}",
                    bar(*done, *total)
                )
            }
            Progress::Finished {
                name,
                done,
                total,
                points,
                max,
            } => format!(
                "{} {done}/{total} {name}: {points} of {max} points ({} so far)",
                bar(*done, *total),
                fmt_secs(self.started.elapsed().as_secs_f64())
            ),
        };
        let finished = matches!(
            progress,
            Progress::Finished { .. } | Progress::Unchanged { .. }
        );
        if self.terminal && !finished {
            let width = 100;
            let shown: String = line.chars().take(width).collect();
            let _ = write!(err, "\r\x1b[2K{shown}");
        } else if self.terminal {
            let _ = writeln!(err, "\r\x1b[2K{line}");
        } else if finished || matches!(progress, Progress::Preparing { .. }) {
            let _ = writeln!(err, "{line}");
        }
        let _ = err.flush();
    }

    fn clear(&self) {
        if self.on && self.terminal {
            let _ = write!(std::io::stderr(), "\r\x1b[2K");
        }
    }
}

fn bar(done: usize, total: usize) -> String {
    let width = 20;
    let filled = (done * width)
        .checked_div(total)
        .unwrap_or(width)
        .min(width);
    format!("[{}{}]", "#".repeat(filled), ".".repeat(width - filled))
}

/// `parlab check --all`: every exercise, one after another, scored with the
/// course's points. With `--classroom`, prints what GitHub Classroom's
/// reporter reads: base64 of `{version, status, max_score, tests}`.
pub fn check_all(course: &Course, args: &CheckArgs) -> Result<Exit> {
    if args.classroom {
        let digest = std::env::var(owned::DIGEST_VARIABLE).ok();
        let problems = owned::verify(course, digest.as_deref())?;
        if !problems.is_empty() {
            let results =
                ClassroomResults::new(vec![exports::classroom_tampered(course, &problems)]);
            eprintln!("parlab: the course's own files changed:");
            for p in &problems {
                eprintln!("  {p}");
            }
            println!("{}", results.encoded()?);
            return Ok(Exit::NotPassed);
        }
    }
    let quiet = args.json.json || args.classroom;
    let mut tests = Vec::new();
    for exercise in &course.exercises {
        if !quiet {
            eprintln!("checking {}", exercise.id);
        }
        let options = CheckOptions {
            workers: args.workers.map(usize::from),
            rounds: usize::from(args.rounds),
            thorough: args.thorough,
            launch: args.launch(),
            ..CheckOptions::default()
        };
        let started = Instant::now();
        let result = check::check(course, exercise, &options, &mut |_| {});
        let duration = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        tests.push(exports::classroom_test(exercise, &result, duration));
    }
    let results = ClassroomResults::new(tests);
    if args.classroom {
        println!("{}", results.encoded()?);
    } else if args.json.json {
        print_json(&results)?;
    } else {
        print_classroom_table(&results);
    }
    Ok(if results.all_passed() {
        Exit::Ok
    } else {
        Exit::NotPassed
    })
}

/// `check --all` for a person: a line per exercise, and the total.
fn print_classroom_table(results: &ClassroomResults) {
    for t in &results.tests {
        println!(
            "{:<4} {:<28} {:>5} / {:<5} {}",
            t.status,
            t.name,
            t.score,
            t.max_score,
            first_line(&t.message)
        );
    }
    let score: f64 = results.tests.iter().map(|t| t.score).sum();
    println!("total {score} of {} points", results.max_score);
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}

/// `grade --merge`: the gradebook of the whole class from the stored grades.
fn merge(course: &Course, args: &GradeArgs) -> Result<Exit> {
    let (gradebook, missing) = classroom::merge(course, &args.submissions, &args.out)?;
    if args.json.json {
        print_json(&serde_json::json!({ "gradebook": gradebook, "missing": missing }))?;
    } else {
        println!("Gradebook: {}", gradebook.display());
        if !missing.is_empty() {
            println!(
                "Not graded yet ({}): {}. Their shard has not run or not finished; run it and merge again.",
                missing.len(),
                missing.join(", ")
            );
        }
    }
    Ok(if missing.is_empty() {
        Exit::Ok
    } else {
        Exit::NotPassed
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_fills_in_proportion() {
        assert_eq!(bar(0, 4), format!("[{}]", ".".repeat(20)));
        assert_eq!(bar(2, 4), format!("[{}{}]", "#".repeat(10), ".".repeat(10)));
        assert_eq!(bar(0, 0), format!("[{}]", "#".repeat(20)));
    }
}
