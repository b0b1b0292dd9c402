//! Plain-text views for the terminal: pure functions from data to strings
//! (progress events aside, which go straight to standard error).

use std::fmt::Write;

use crate::check::{Event, Report};
use crate::course::{Course, Exercise, Module};
use crate::doctor::Doctor;
use crate::grader::{RunVerdict, Worker, counted};
use crate::progress::{Progress, Status};
use crate::validate::Validation;

fn mark(status: Status) -> &'static str {
    match status {
        Status::Pending => "[ ]",
        Status::Failed => "[x]",
        Status::Passed => "[✓]",
    }
}

pub fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    for paragraph in text.split("\n\n") {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                let _ = writeln!(out, "{line}");
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        let _ = writeln!(out, "{line}\n");
    }
    out.trim_end().to_owned()
}

fn passed_count(progress: &Progress, ids: &[String]) -> usize {
    ids.iter()
        .filter(|id| progress.status(id) == Status::Passed)
        .count()
}

/// The next thing to do: the first exercise not yet passed.
fn next_step(course: &Course, progress: &Progress) -> Option<String> {
    let exercise = course
        .exercises
        .iter()
        .find(|e| progress.status(&e.id) != Status::Passed)?;
    let lesson = exercise
        .lesson
        .as_deref()
        .filter(|l| !progress.lessons_read.contains(*l));
    Some(match lesson {
        Some(lesson) => format!("parlab show {lesson}"),
        None => format!("parlab show {}", exercise.id),
    })
}

pub fn overview(course: &Course, progress: &Progress) -> String {
    let mut out = format!("{}\n{}\n\n", course.title, wrap(&course.summary, 78));
    let track = progress.track.unwrap_or_default();
    let other = crate::course::Language::ALL
        .into_iter()
        .find(|l| *l != track)
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "Track: {}{} (switch with `parlab track {}`)\n",
        track.title(),
        if progress.track.is_none() {
            ", the default"
        } else {
            ""
        },
        other.name()
    );
    for module in &course.modules {
        let _ = writeln!(
            out,
            "{:<12} {:<28} {}/{} passed, {}",
            module.id,
            module.title,
            passed_count(progress, &module.exercises),
            counted(module.exercises.len(), "exercise", "exercises"),
            counted(module.lessons.len(), "lesson", "lessons")
        );
    }
    let _ = writeln!(
        out,
        "\nparlab list        every lesson and exercise\nparlab show ID     read a lesson or an exercise\nparlab check ID    grade your solution\nparlab doctor      what this machine has for the course"
    );
    if let Some(next) = next_step(course, progress) {
        let _ = writeln!(out, "\nNext: {next}");
    }
    out
}

pub fn list(course: &Course, progress: &Progress) -> String {
    let mut out = String::new();
    for module in &course.modules {
        let _ = writeln!(out, "{} ({})", module.title, module.id);
        if let Some(install) = module
            .requires
            .iter()
            .find_map(|r| crate::doctor::missing(r))
        {
            let _ = writeln!(out, "  unavailable here until you install: {install}");
        }
        for lesson in &module.lessons {
            let read = if progress.lessons_read.contains(&lesson.id) {
                "read"
            } else {
                ""
            };
            let _ = writeln!(out, "  lesson    {:<26} {} {read}", lesson.id, lesson.title);
        }
        for id in &module.exercises {
            let Some(e) = course.exercise(id) else {
                continue;
            };
            let status = progress.status(id);
            let _ = writeln!(
                out,
                "  exercise  {:<26} {} {} ({})",
                e.id,
                e.title,
                mark(status),
                status.name()
            );
        }
        out.push('\n');
    }
    out
}

pub fn module(course: &Course, module: &Module, progress: &Progress) -> String {
    let mut out = format!("# {}\n\n{}\n\n", module.title, wrap(&module.summary, 78));
    for lesson in &module.lessons {
        let _ = writeln!(out, "lesson    {}  {}", lesson.id, lesson.title);
    }
    for id in &module.exercises {
        if let Some(e) = course.exercise(id) {
            let _ = writeln!(
                out,
                "exercise  {}  {} {}",
                e.id,
                e.title,
                mark(progress.status(id))
            );
        }
    }
    out
}

/// An exercise's task as Markdown, for `parlab show` to render: what to
/// edit, the task, how it is graded, and the commands that go with it.
pub fn exercise(e: &Exercise) -> String {
    let mut out = format!("# {}\n\n", e.title);
    let _ = writeln!(
        out,
        "Exercise `{}`, module `{}`. Edit `exercises/{}`.\n",
        e.id,
        e.module,
        e.file_rel.display()
    );
    let _ = writeln!(out, "{}\n", e.task.trim());
    if let Some(eff) = e.efficiency {
        let _ = writeln!(
            out,
            "Graded on output and speedup: target {:.0}% parallel efficiency (speedup >= {eff} x min(workers, cores)).",
            eff * 100.0
        );
    } else {
        let _ = writeln!(out, "Graded on output.");
    }
    let _ = writeln!(
        out,
        "Time limit per run: {} s.\n",
        crate::grader::fmt_secs(e.time_limit.as_secs_f64())
    );
    let _ = writeln!(
        out,
        "- Check: `parlab check {}`\n- Hint: `parlab hint {}` ({})",
        e.id,
        e.id,
        counted(e.hints.len(), "hint", "hints")
    );
    if let Some(lesson) = &e.lesson {
        let _ = writeln!(out, "- Lesson: `parlab show {lesson}`");
    }
    out
}

pub fn progress_event(event: &Event) {
    match event {
        Event::Building { variant } => eprintln!("  building ({})...", variant.name()),
        Event::Preparing { line } => eprintln!("  {line}"),
        Event::Running {
            variant,
            workers,
            purpose,
        } => {
            eprint!(
                "  running {} with {} ({purpose})...",
                variant.name(),
                counted(*workers, "worker", "workers")
            );
        }
        Event::Output { .. } => {}
        Event::Finished { seconds, .. } => match seconds {
            Some(s) => eprintln!(" {s:.3} s"),
            None => eprintln!(" stopped"),
        },
    }
}

pub fn report(e: &Exercise, r: &Report) -> String {
    let mut out = format!(
        "\n{}: {}\n\n{}\n",
        r.id,
        r.outcome.name(),
        wrap_keep_lines(&r.message)
    );
    if let Some(d) = &r.diagnostics {
        let _ = writeln!(out, "\n{d}");
    }
    if let Some(cluster) = &r.cluster {
        let _ = writeln!(out, "\nDask cluster: {cluster}");
    }
    if let Some(t) = r.timing.as_ref().filter(|t| !t.solution_seconds.is_empty()) {
        let best = |xs: &[f64]| xs.iter().copied().fold(f64::INFINITY, f64::min);
        let _ = writeln!(
            out,
            "\nSpeedup {:.2}x (target {:.2}x): serial baseline best {:.3} s, yours best {:.3} s with {}, {} interleaved.",
            r.speedup.unwrap_or(0.0),
            r.target_speedup.unwrap_or(0.0),
            best(&t.baseline_seconds),
            best(&t.solution_seconds),
            Worker::of(e).count(t.workers),
            counted(t.baseline_seconds.len(), "round", "rounds")
        );
    }
    let worker = Worker::of(e);
    let runs: Vec<String> = r
        .samples
        .iter()
        .map(|s| {
            let workers = worker.count(s.workers);
            match &s.verdict {
                RunVerdict::Correct { seconds, .. } => {
                    format!("{workers}: correct in {seconds:.3} s")
                }
                RunVerdict::Wrong { seconds, .. } => format!("{workers}: wrong in {seconds:.3} s"),
                other => format!("{workers}: {}", verdict_word(other)),
            }
        })
        .collect();
    if !runs.is_empty() {
        let _ = writeln!(out, "Runs: {}.", runs.join("; "));
    }
    let _ = writeln!(out, "\n{}", wrap(r.outcome.advice(worker), 78));
    if !r.passed && r.variant == crate::runner::Variant::Learner {
        let _ = writeln!(out, "\nStuck? parlab hint {}", e.id);
    }
    out
}

fn verdict_word(v: &RunVerdict) -> &'static str {
    match v {
        RunVerdict::Correct { .. } => "correct",
        RunVerdict::Wrong { .. } => "wrong",
        RunVerdict::NoResult => "no result",
        RunVerdict::Crashed { .. } => "crashed",
        RunVerdict::TimedOut => "timed out",
        RunVerdict::OutputLimit => "output limit",
        RunVerdict::Cancelled => "cancelled",
        RunVerdict::Rejected { .. } => "rejected",
    }
}

/// Wraps the message's first paragraph; keeps quoted program output as is.
fn wrap_keep_lines(message: &str) -> String {
    match message.split_once('\n') {
        Some((head, rest)) => format!("{}\n{rest}", wrap(head, 78)),
        None => wrap(message, 78),
    }
}

pub fn progress(course: &Course, progress: &Progress) -> String {
    let total = course.exercises.len();
    let passed = course
        .exercises
        .iter()
        .filter(|e| progress.status(&e.id) == Status::Passed)
        .count();
    let mut out = format!(
        "{}: {passed} of {} passed, {} read\n\n",
        course.title,
        counted(total, "exercise", "exercises"),
        counted(progress.lessons_read.len(), "lesson", "lessons")
    );
    for module in &course.modules {
        let _ = writeln!(
            out,
            "{:<12} {}/{}",
            module.id,
            passed_count(progress, &module.exercises),
            module.exercises.len()
        );
        for id in &module.exercises {
            let entry = progress.exercises.get(id);
            let detail = entry
                .map(|e| {
                    let outcome = e.last_outcome.map_or("", |o| o.name());
                    let speed = e
                        .best_speedup
                        .map(|s| format!(", best speedup {s:.2}x"))
                        .unwrap_or_default();
                    format!(
                        "{outcome} after {}, {}{speed}",
                        counted(e.attempts as usize, "check", "checks"),
                        counted(e.hints_shown, "hint", "hints")
                    )
                })
                .unwrap_or_default();
            let _ = writeln!(out, "  {} {:<24} {detail}", mark(progress.status(id)), id);
        }
    }
    out
}

pub fn doctor(d: &Doctor) -> String {
    let mut out = format!("{}, {}\n\n", d.os, counted(d.cores, "core", "cores"));
    for item in &d.items {
        let state = if item.found { "ok     " } else { "MISSING" };
        let what = [item.version.as_deref(), item.detail.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(out, "{state} {:<10} {what}", item.name);
        if let Some(install) = &item.install {
            let _ = writeln!(
                out,
                "        needed for {}\n        install: {install}",
                item.needed_for
            );
        }
    }
    out
}

pub fn validation(v: &Validation) -> String {
    let mut out = String::new();
    for p in &v.problems {
        let _ = writeln!(out, "problem: {p}");
    }
    for w in &v.warnings {
        let _ = writeln!(out, "warning: {w}");
    }
    for e in &v.exercises {
        if let Some(why) = &e.skipped {
            let _ = writeln!(out, "skip {}: {why}", e.id);
            continue;
        }
        let _ = writeln!(out, "{} {}", if e.ok { "ok  " } else { "FAIL" }, e.id);
        for r in &e.variants {
            let speed = r
                .speedup
                .map(|s| format!(", speedup {s:.2}x"))
                .unwrap_or_default();
            let outcome = r.outcome.map_or("error", |o| o.name());
            // `--quick` measures no speed: a correct starter is only slow.
            let speed = if v.mode == crate::validate::Mode::Quick
                && r.variant == crate::runner::Variant::Starter
                && r.ok
                && r.outcome == Some(crate::grader::Outcome::Passed)
            {
                " (its speed is not measured by --quick)".to_owned()
            } else {
                speed
            };
            let _ = writeln!(
                out,
                "     {:<9} must {:<23} got {outcome}{speed}",
                r.variant.name(),
                r.expected
            );
            if !r.ok {
                let _ = writeln!(out, "       {}", r.message.replace('\n', "\n       "));
            }
        }
    }
    for d in &v.demos {
        let _ = writeln!(
            out,
            "{} demo {}: {}",
            if d.ok { "ok  " } else { "FAIL" },
            d.id,
            d.message
        );
    }
    let failed = v.exercises.iter().filter(|e| !e.ok).count();
    let _ = writeln!(
        out,
        "\n{}, {}, {} of {} sound: {}",
        counted(v.problems.len(), "problem", "problems"),
        counted(v.warnings.len(), "warning", "warnings"),
        v.exercises.len() - failed,
        counted(v.exercises.len(), "exercise", "exercises"),
        match (v.ok, v.mode) {
            (false, _) => "fix the above",
            (true, crate::validate::Mode::Full) => "the course is sound",
            (true, crate::validate::Mode::Quick) => {
                "correct as far as --quick looks; a full `parlab validate` also measures speed"
            }
        }
    );
    out
}

pub fn scaling(r: &crate::check::ScalingReport) -> String {
    use crate::grader::scaling::amdahl_speedup;
    let mut out = format!(
        "\n{}: scaling on {}; serial baseline best {:.3} s\n\n",
        r.id,
        counted(r.cores, "core", "cores"),
        r.baseline_seconds
    );
    let _ = writeln!(
        out,
        "{:>8} {:>10} {:>9} {:>11} {:>9}",
        "workers", "seconds", "speedup", "efficiency", "Amdahl"
    );
    for p in &r.points {
        let fit = r
            .serial_fraction
            .map(|f| format!("{:.2}x", amdahl_speedup(f, p.workers)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{:>8} {:>10.3} {:>8.2}x {:>10.0}% {:>9}",
            p.workers,
            p.seconds,
            p.speedup,
            p.efficiency * 100.0,
            fit
        );
    }
    let summary = crate::grader::scaling::fit_summary(&r.points, r.fit.as_ref());
    let _ = writeln!(out, "\n{}", wrap(&summary, 78));
    out
}

pub fn demo_event(event: &crate::demo::DemoEvent) {
    match event {
        crate::demo::DemoEvent::Building => eprintln!("  building the demo's Rust program..."),
        crate::demo::DemoEvent::Preparing(line) => eprintln!("  {line}"),
        crate::demo::DemoEvent::Running { label } => eprintln!("  running: {label}"),
    }
}

pub fn demo(r: &crate::demo::DemoReport) -> String {
    let mut out = format!("\n{}\n\n{}\n\n", r.title, r.about.trim());
    for row in crate::demo::table(r) {
        let _ = writeln!(out, "{row}");
    }
    if !r.notes.is_empty() {
        let _ = writeln!(out);
    }
    for note in &r.notes {
        let _ = writeln!(out, "{note}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::Variant;
    use crate::validate::{ExerciseValidation, Mode, VariantResult};

    fn validation(exercises: usize, problems: usize, mode: Mode) -> Validation {
        let problem = crate::course::Problem::new(std::path::Path::new("course.toml"), None, "x");
        let variant = |variant, expected| VariantResult {
            variant,
            expected,
            ok: true,
            outcome: Some(crate::grader::Outcome::Passed),
            speedup: None,
            message: String::new(),
        };
        Validation {
            ok: problems == 0,
            mode,
            problems: vec![problem; problems],
            warnings: Vec::new(),
            exercises: (0..exercises)
                .map(|n| ExerciseValidation {
                    id: format!("m/e{n}"),
                    ok: true,
                    variants: vec![
                        variant(Variant::Reference, "pass"),
                        variant(Variant::Baseline, "be correct and too slow"),
                    ],
                    skipped: None,
                })
                .collect(),
            demos: Vec::new(),
        }
    }

    #[test]
    fn the_validation_summary_counts_in_words() {
        let one = validation(1, 1, Mode::Full);
        let text = super::validation(&one);
        assert!(
            text.contains("1 problem, 0 warnings, 1 of 1 exercise sound: fix the above"),
            "{text}"
        );
        assert!(
            text.contains("baseline  must be correct and too slow got passed"),
            "{text}"
        );
        let two = super::validation(&validation(2, 0, Mode::Quick));
        assert!(
            two.contains(
                "0 problems, 0 warnings, 2 of 2 exercises sound: correct as far as --quick looks"
            ),
            "{two}"
        );
    }
}
