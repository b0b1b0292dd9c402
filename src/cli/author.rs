//! The author's and the installer's commands: doctor and validate.

use anyhow::Result;

use super::{Exit, print_json, render};
use crate::course::Course;

pub fn doctor(json: bool) -> Result<Exit> {
    let doctor = crate::doctor::diagnose();
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

pub fn validate(course: &Course, filter: &str, json: bool) -> Result<Exit> {
    let validation = crate::validate::validate(course, filter, &mut |exercise, event| {
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
