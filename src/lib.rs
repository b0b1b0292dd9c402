//! parlab: a terminal workbench for a self-paced course on parallel
//! programming.
//!
//! Data flows one way: [`course`] loads the course files; a front end (the
//! [`cli`]) asks [`check`] to grade an exercise; the [`runner`] builds and runs
//! it (the only module that starts processes); the [`grader`] turns captured
//! runs into a verdict with pure functions; [`progress`] remembers it.

pub mod check;
pub mod classroom;
pub mod cli;
pub mod course;
pub mod demo;
pub mod doctor;
pub mod grader;
pub mod hex;
pub mod progress;
pub mod reset;
pub mod runner;
pub mod scaffold;
pub mod tui;
pub mod validate;
