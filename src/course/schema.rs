//! JSON Schemas of `course.toml` and `exercise.toml`, for editors: taplo and
//! the Even Better TOML extension read them for completion, hover text and
//! errors as an author types. `parlab schema` prints them, and `parlab init`
//! writes them into a new course with a taplo configuration.
//!
//! The schemas describe what `manifest` deserializes; the tests hold them to
//! it (the property names are the loader's own, and every bundled manifest
//! validates). The loader stays the judge: it also checks what a schema
//! cannot say (files that exist, ids that match their folders).

use serde_json::{Value, json};

/// The schema draft both schemas are written in; taplo reads it.
const DRAFT: &str = "http://json-schema.org/draft-07/schema#";

/// The schema of `course.toml`.
pub fn course() -> Value {
    json!({
        "$schema": DRAFT,
        "title": "parlab course.toml",
        "description": "A parlab course: its modules, their lessons (Markdown under lessons/) and exercises (under exercises/course/).",
        "type": "object",
        "required": ["format", "title"],
        "additionalProperties": false,
        "properties": {
            "format": {
                "description": "The version of this file's layout. parlab refuses a format it does not know.",
                "type": "integer",
                "const": super::FORMAT
            },
            "title": { "description": "The course's title.", "type": "string" },
            "summary": { "description": "One or two sentences about the course.", "type": "string" },
            "module": {
                "description": "The modules, in the order a learner meets them.",
                "type": "array",
                "items": module()
            },
            "grading": {
                "description": "Instructors' settings for `parlab grade`.",
                "type": "object",
                "additionalProperties": false,
                "properties": {
                    "due": {
                        "description": "The due date, YYYY-MM-DD: checks marked after_due_date are shown from that day on, and a submission made after that day (UTC) is late.",
                        "type": "string",
                        "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
                    },
                    "late_penalty_per_day": {
                        "description": "Of the points a late submission earned, the share taken off for each day late past its grace days (0.1: a tenth a day). Default 0.",
                        "type": "number",
                        "minimum": 0,
                        "maximum": 1
                    },
                    "late_penalty_max": {
                        "description": "The most taken off for lateness, as a share of the points earned. Default 1.",
                        "type": "number",
                        "minimum": 0,
                        "maximum": 1
                    },
                    "grace_days": {
                        "description": "Days late each student may use without a penalty. Default 0.",
                        "type": "integer",
                        "minimum": 0
                    },
                    "grace_days_for": {
                        "description": "Grace days of named students (by folder name), instead of grace_days: an extension.",
                        "type": "object",
                        "additionalProperties": { "type": "integer", "minimum": 0 }
                    }
                }
            }
        }
    })
}

fn module() -> Value {
    json!({
        "type": "object",
        "required": ["id", "title"],
        "additionalProperties": false,
        "properties": {
            "id": {
                "description": "The module's id: lowercase letters, digits, `_` and `-`. Its exercises live in exercises/course/<id>/.",
                "type": "string"
            },
            "title": { "type": "string" },
            "summary": { "type": "string" },
            "lessons": {
                "description": "Lesson files relative to lessons/, in reading order. A lesson's id is the module's id, a slash, and the file's name without its leading number and its extension: threads/01-why-threads.md in the module threads is threads/why-threads.",
                "type": "array",
                "items": { "type": "string" }
            },
            "exercises": {
                "description": "Exercise ids (<module>/<name>), in the order a learner meets them. Left out: every folder under exercises/course/<module>/ that holds an exercise.toml, in name order.",
                "type": "array",
                "items": { "type": "string" }
            },
            "requires": {
                "description": "What the module needs beyond Rust, such as \"mpi\".",
                "type": "array",
                "items": { "type": "string" }
            },
            "tracks": {
                "description": "The tracks that show this module; by default the languages of its exercises (every track for lessons alone).",
                "type": "array",
                "items": language()
            }
        }
    })
}

fn language() -> Value {
    json!({ "type": "string", "enum": ["rust", "python"] })
}

fn visibility() -> Value {
    json!({
        "description": "Who sees the check's result: Gradescope's names.",
        "type": "string",
        "enum": ["visible", "hidden", "after_due_date"]
    })
}

/// The schema of an exercise's `exercise.toml`.
pub fn exercise() -> Value {
    let by_convention = |what: &str| json!({ "description": format!("By convention: {what}. State it only to differ."), "type": "string" });
    json!({
        "$schema": DRAFT,
        "title": "parlab exercise.toml",
        "description": "One exercise, in exercises/course/<module>/<name>/. The folder says the id, the module, the files and the bin; state them only to differ.",
        "type": "object",
        "required": ["title", "task", "hints", "check"],
        "additionalProperties": false,
        "properties": {
            "id": by_convention("<module>/<name>, the folder"),
            "title": { "type": "string" },
            "module": by_convention("the module whose exercises list names it, <module>"),
            "lesson": {
                "description": "The id of the lesson to read first, such as \"threads/why-threads\".",
                "type": "string"
            },
            "file": by_convention("<module>/<name>.rs (.py), the learner's file, relative to exercises/"),
            "language": {
                "description": "By convention: python when the folder has starter.py and no starter.rs, else rust.",
                "type": "string",
                "enum": ["rust", "python"]
            },
            "bin": by_convention("<module>-<name>, the [[bin]] of exercises/Cargo.toml (Rust)"),
            "harness": by_convention("harness.py (Python)"),
            "starter": by_convention("starter.rs (.py), beside this file"),
            "reference": by_convention("reference.rs (.py), beside this file"),
            "baseline": by_convention("baseline.rs (.py), beside this file"),
            "time_limit_secs": {
                "description": "Seconds per run; past it the run is stopped as a possible deadlock. Default 10.",
                "type": "number",
                "exclusiveMinimum": 0,
                "maximum": 3600
            },
            "efficiency": {
                "description": "The speedup target is efficiency x min(workers, cores). Left out: only correctness is graded.",
                "type": "number",
                "exclusiveMinimum": 0,
                "maximum": 1
            },
            "overlaps_waits": {
                "description": "The exercise is about overlapping waits (I/O): a run that keeps one core busy may still earn its speedup.",
                "type": "boolean"
            },
            "mpi": {
                "description": "An MPI program: built with the exercises package's mpi feature and run under the MPI launcher, a rank per worker.",
                "type": "boolean"
            },
            "dask": {
                "description": "A Dask exercise: its harness asks parlab_support.dask_client() for a cluster.",
                "type": "boolean"
            },
            "task": { "description": "Markdown: what to do, and what is checked.", "type": "string" },
            "hints": {
                "description": "Hints in the order they are shown, from a nudge to nearly the answer.",
                "type": "array",
                "items": { "type": "string" }
            },
            "check": check(),
            "grading": grading()
        }
    })
}

fn check() -> Value {
    let numbers = json!({
        "oneOf": [
            { "type": "number" },
            { "type": "array", "items": { "type": "number" } }
        ]
    });
    json!({
        "description": "How the reported result is compared with the expected one.",
        "type": "object",
        "required": ["kind", "expected"],
        "oneOf": [
            {
                "description": "The result equals `expected`: an integer, a string (a fingerprint) or a list.",
                "type": "object",
                "additionalProperties": false,
                "properties": {
                    "kind": { "const": "exact" },
                    "expected": {}
                }
            },
            {
                "description": "A float, or a list of floats, each within abs + rel * |expected|.",
                "type": "object",
                "additionalProperties": false,
                "properties": {
                    "kind": { "const": "tolerance" },
                    "expected": numbers,
                    "abs": { "type": "number", "minimum": 0 },
                    "rel": { "type": "number", "minimum": 0 }
                }
            },
            {
                "description": "The program's output lines, sorted, equal these, sorted. {rank} stands for one line per rank, {size} for the worker count.",
                "type": "object",
                "additionalProperties": false,
                "properties": {
                    "kind": { "const": "sorted_lines" },
                    "expected": { "type": "array", "items": { "type": "string" } }
                }
            }
        ]
    })
}

fn grading() -> Value {
    json!({
        "description": "What the exercise is worth when an instructor runs `parlab grade`.",
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "points": { "description": "Default 10.", "type": "number", "minimum": 0 },
            "speedup_share": {
                "description": "The part of the points for speed: 0.5 with an efficiency, else 0.",
                "type": "number",
                "minimum": 0,
                "maximum": 1
            },
            "tiers": {
                "description": "Speed tiers, best first: `at` is how far the speedup got from 1x to the target, `share` the part of the speed points given.",
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["at", "share"],
                    "additionalProperties": false,
                    "properties": {
                        "at": { "type": "number" },
                        "share": { "type": "number" }
                    }
                }
            },
            "visibility": visibility(),
            "speedup_visibility": visibility()
        }
    })
}

/// Both schemas, by the name `parlab schema` takes.
pub fn named(name: &str) -> Option<Value> {
    match name {
        "course" => Some(course()),
        "exercise" => Some(exercise()),
        _ => None,
    }
}

/// The names `parlab schema` takes, with the file each schema describes.
pub const NAMES: [(&str, &str); 2] = [("course", "course.toml"), ("exercise", "exercise.toml")];

#[cfg(test)]
mod tests;
