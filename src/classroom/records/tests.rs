use super::*;
use crate::classroom::testing::{self, correct, report};

fn written(grade: &StudentGrade) -> String {
    serde_json::to_string_pretty(&grade.record()).unwrap()
}

#[test]
fn grade_json_is_written_as_it_always_was() {
    let mut course = testing::course();
    assert_eq!(
        written(&testing::ada(&course)),
        testing::record("ada.grade.json")
    );
    assert_eq!(
        written(&testing::bob(&course)),
        testing::record("bob.grade.json")
    );
    let cy = testing::cy(&mut course, "cy", true);
    assert_eq!(written(&cy), testing::record("cy.grade.json"));
    let before = testing::cy(&mut course, "cy-before", false);
    assert_eq!(written(&before), testing::record("cy-before.grade.json"));
}

#[test]
fn a_stored_grade_reads_back_what_resuming_needs() {
    let course = testing::course();
    let text = written(&testing::bob(&course));
    let stored: StoredGrade = serde_json::from_str(&text).unwrap();
    assert_eq!(stored.format, RECORD_FORMAT);
    assert_eq!((stored.total, stored.max), (5.0, 20.0));
    let ids: Vec<&str> = stored.exercises.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["class/sum", "class/secret", "class/seeded"]);
    assert_eq!(stored.exercises[0].outcome, Some(Outcome::CompileError));
    assert!(stored.exercises[2].speed_not_graded.is_some());
    assert_eq!(stored.replay.submission_sha256, "ab".repeat(32));
}

#[test]
fn a_later_report_keeps_the_memory_and_diagnostics_of_an_earlier_one() {
    let course = testing::course();
    let mut grade = ExerciseGrade::new(&course.exercises[0], Reached::Built);
    let mut first = report("class/sum", Outcome::Passed, "Correct.");
    first.peak_rss_bytes = Some(100);
    first.diagnostics = Some("warning".into());
    first.samples = vec![correct(2, 0.5)];
    grade.take(first);
    let earlier = grade.take_samples();
    let mut second = report("class/sum", Outcome::TooSlow, "Too slow.");
    second.samples = vec![correct(2, 0.25)];
    grade.take(second);
    grade.put_back_samples(earlier);
    let report = grade.report().unwrap();
    assert_eq!(report.peak_rss_bytes, Some(100));
    assert_eq!(grade.diagnostics(), Some("warning"));
    assert_eq!(grade.full_message(), "Too slow.");
    let seconds: Vec<_> = grade
        .samples()
        .iter()
        .filter_map(|s| s.verdict.seconds())
        .collect();
    assert_eq!(seconds, [0.5, 0.25], "correctness first, then speed");
    assert_eq!(grade.run_seconds(), 0.75);
}

#[test]
fn a_hidden_check_keeps_its_expected_value_out_of_the_record() {
    let course = testing::course();
    let ada = testing::ada(&course);
    let secret = &ada.exercises[1];
    assert!(!secret.shown);
    assert!(secret.full_message().contains("7777777"));
    let text = serde_json::to_string(&secret.record(2)).unwrap();
    assert!(!text.contains("7777777"), "{text}");
    assert!(text.contains("\"why\":\"hidden check\""), "{text}");
}

#[test]
fn exercises_that_never_ran_say_why_and_ran_in_no_sandbox() {
    let course = testing::course();
    let bob = testing::bob(&course);
    let [sum, secret, seeded] = &bob.exercises[..] else {
        panic!("three exercises");
    };
    assert_eq!(sum.outcome(), Some(Outcome::CompileError));
    assert_eq!(sum.diagnostics(), Some("error[E0308]: mismatched types"));
    assert!(sum.isolation.is_none(), "a compile error never ran");
    assert_eq!(secret.outcome(), None);
    assert_eq!(secret.full_message(), "Not graded.");
    assert!(secret.isolation.is_some());
    assert_eq!(seeded.points.total, 5.0);
    let ada = testing::ada(&course);
    let missing = &ada.exercises[2];
    assert!(!missing.submitted());
    assert!(missing.isolation.is_none());
    assert_eq!(missing.record(7).cores, 7, "the grading machine's cores");
    assert_eq!(missing.record(7).workers, 0);
}

#[test]
fn a_course_with_no_hints_and_odd_grading_still_records() {
    let mut course = testing::course();
    let exercise = &mut course.exercises[0];
    exercise.hints.clear();
    exercise.grading.tiers.clear();
    exercise.grading.points = 0.0;
    exercise.grading.speedup_points = 0.0;
    let mut grade = ExerciseGrade::new(exercise, Reached::Built);
    let mut r = report("class/sum", Outcome::TooSlow, "Too slow.");
    r.speedup = Some(f64::NAN);
    r.target_speedup = Some(0.0);
    grade.take(r);
    grade.finish(exercise, false, testing::isolation());
    assert_eq!(grade.points.total, 0.0);
    assert!(serde_json::to_string(&grade.record(2)).is_ok());
}

#[test]
fn the_replay_record_names_the_node_and_older_records_still_read() {
    let course = testing::course();
    let mut grade = testing::bob(&course);
    grade.replay.hardware.host = Some("node07".into());
    let text = written(&grade);
    assert!(text.contains("\"host\": \"node07\""), "{text}");
    let stored: StoredGrade = serde_json::from_str(&text).unwrap();
    assert_eq!(stored.replay.hardware.host.as_deref(), Some("node07"));
    let old: StoredGrade = serde_json::from_str(&testing::record("bob.grade.json")).unwrap();
    assert_eq!(old.replay.hardware.host, None);
}
