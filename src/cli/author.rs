//! The author's and the installer's commands: doctor, validate and new.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::Result;

use super::{Exit, UsageError, print_json, render};
use crate::course::Course;
use crate::scaffold::{Scaffold, ScaffoldError, Template};

pub fn doctor(course: Option<&Course>, json: bool) -> Result<Exit> {
    let doctor = crate::doctor::diagnose_course(course);
    if json {
        print_json(&doctor)?;
    } else {
        print!("{}", render::doctor(&doctor));
    }
    Ok(if doctor.core_ok() {
        Exit::Ok
    } else {
        Exit::NotPassed
    })
}

pub fn validate(course: &Course, filter: &str, quick: bool, json: bool) -> Result<Exit> {
    let mode = if quick {
        crate::validate::Mode::Quick
    } else {
        crate::validate::Mode::Full
    };
    let validation = crate::validate::validate(course, filter, mode, &mut |exercise, event| {
        if let (false, crate::check::Event::Building { variant }) = (json, event) {
            eprintln!("{}: {}", exercise.id, variant.name());
        }
    });
    if json {
        print_json(&validation)?;
    } else {
        print!("{}", render::validation(&validation));
    }
    Ok(if validation.ok {
        Exit::Ok
    } else {
        Exit::NotPassed
    })
}

/// `parlab new`: a refusal (bad id, an existing file, not a course) is a
/// usage error, exit 2; nothing is written then.
pub fn new_exercise(
    course: &Course,
    id: &str,
    title: Option<&str>,
    language: crate::course::Language,
    template: Template,
) -> Result<Exit> {
    let scaffold =
        crate::scaffold::create_from(&course.root, id, title, language, template).map_err(usage)?;
    print!("{}", scaffold_summary(&course.root, &scaffold));
    Ok(Exit::Ok)
}

fn usage(e: ScaffoldError) -> anyhow::Error {
    match e {
        ScaffoldError::Refused(message) => anyhow::Error::new(UsageError(message)),
        ScaffoldError::Failed(e) => e,
    }
}

/// `parlab init DIR`: a refusal (a folder that is not empty) is a usage
/// error, exit 2; nothing is written then.
pub fn init(dir: &Path, title: Option<&str>) -> Result<Exit> {
    let made = crate::scaffold::init::init(dir, title).map_err(usage)?;
    let root = made.root.display();
    println!("Created a parlab course in {root}:");
    for path in &made.written {
        if !path.starts_with("exercises/support") && !path.starts_with("exercises/python") {
            println!("  {}", path.display());
        }
    }
    println!("  exercises/support/, exercises/python/  the course's copy of the support library");
    print!("{}", scaffold_summary(&made.root, &made.exercise));
    println!(
        "\nparlab finds the course in the current folder (or one above it), so in\n\
         {root}, `parlab validate` and `parlab new MODULE/NAME` work as they are;\n\
         elsewhere, name it with --course {root} or PARLAB_COURSE."
    );
    Ok(Exit::Ok)
}

/// `parlab schema NAME`: the JSON Schema of course.toml or exercise.toml.
pub fn schema(name: &str) -> Result<Exit> {
    let schema = crate::course::schema::named(name)
        .ok_or_else(|| UsageError(format!("no schema {name:?}: choose course or exercise")))?;
    print_json(&schema)?;
    Ok(Exit::Ok)
}

fn scaffold_summary(root: &Path, s: &Scaffold) -> String {
    let mut out = format!(
        "Created exercise {} ({:?}) in {}:\n",
        s.id,
        s.title,
        root.display()
    );
    let width = s.created.iter().map(|f| f.path.as_os_str().len()).max();
    for file in &s.created {
        let path = file.path.display().to_string();
        let _ = writeln!(out, "  {path:<w$}  {}", file.role, w = width.unwrap_or(0));
    }
    out.push_str(&manifest_changes(s));
    let id = &s.id;
    let ext = s.language.extension();
    let steps = [
        format!(
            "Replace the kernel in starter.{ext}, reference.{ext} and baseline.{ext}, the\n     \
             input in harness.{ext}, and the task, hints and check in exercise.toml."
        ),
        format!("`parlab check {id} --reference` shows the result for [check]."),
        format!(
            "Keep `efficiency` above {:.3}: below it the target on two cores is\n     \
             {:.2}x or less, which a serial program reaches, and speed goes ungraded there.",
            crate::grader::MIN_TARGET / 2.0,
            crate::grader::MIN_TARGET
        ),
        format!("`parlab reset {id} --yes` copies the starter to the learner's file."),
        format!(
            "`parlab validate {id}`: the starter must fail, the reference\n     \
             pass, the baseline be correct and too slow."
        ),
    ];
    let how = s.template.runs_on(s.language);
    let _ = write!(
        out,
        "\nIt is a working exercise (Collatz steps, summed on {how}) that\n\
         `parlab validate` accepts as it is. Next:\n"
    );
    for (n, step) in steps.iter().enumerate() {
        let _ = writeln!(out, "  {}. {step}", n + 1);
    }
    if s.template == Template::Mpi {
        out.push_str(
            "It runs under the MPI launcher: `parlab doctor` says whether MPI is installed.\n",
        );
    }
    if s.new_module {
        out.push_str(
            "The new module has no lessons yet: give it lessons, a title and a summary\n\
             in course.toml.\n",
        );
    }
    out
}

/// What `parlab new` changed in course.toml and exercises/Cargo.toml.
fn manifest_changes(s: &Scaffold) -> String {
    let mut out = String::new();
    let module = if s.new_module { "new module" } else { "module" };
    if !s.listed {
        let _ = writeln!(
            out,
            "The module {:?} lists no exercises in course.toml, so it has every exercise\n\
             folder, {} included.",
            s.module, s.id
        );
        if !s.bin.is_empty() {
            let _ = writeln!(
                out,
                "Added the [[bin]] {:?} to exercises/Cargo.toml.",
                s.bin
            );
        }
    } else if s.bin.is_empty() {
        let _ = writeln!(
            out,
            "Added {} to the {module} {:?} in course.toml.",
            s.id, s.module
        );
    } else {
        let _ = writeln!(
            out,
            "Added the [[bin]] {:?} to exercises/Cargo.toml,\n\
             and {} to the {module} {:?} in course.toml.",
            s.bin, s.id, s.module
        );
    }
    out
}

/// `parlab setup`: the course's Python environment, made now; with
/// `spark`, PySpark in it too.
pub fn setup(course: &Course, spark: bool) -> Result<Exit> {
    let cancel = crate::runner::cancel_flag();
    let mut progress = |line: &str| eprintln!("  {line}");
    let python = crate::runner::python::prepare(course, &mut progress, &cancel)?;
    if spark {
        crate::runner::python::install_extra(course, &python, "spark", &mut progress, &cancel)?;
        if crate::runner::java_version().is_none() {
            eprintln!(
                "  PySpark also needs a Java runtime, which is not here: {}",
                crate::doctor::java_install_line()
            );
        }
    }
    println!("{}", python.interpreter.display());
    Ok(Exit::Ok)
}
