use anyhow::anyhow;

use super::*;
use crate::classroom::testing::{self, report};

fn gradescope_json(grade: &StudentGrade, course: &Course) -> String {
    serde_json::to_string_pretty(&gradescope(grade, course)).unwrap()
}

/// The stored results were written with the course as `testing::cy`
/// leaves it: `class/secret` shown after the due date.
#[test]
fn gradescope_results_are_written_as_they_always_were() {
    let mut course = testing::course();
    let (ada, bob) = (testing::ada(&course), testing::bob(&course));
    let before = testing::cy(&mut course, "cy-before", false);
    assert_eq!(
        gradescope_json(&ada, &course),
        testing::record("ada.results.json")
    );
    assert_eq!(
        gradescope_json(&bob, &course),
        testing::record("bob.results.json")
    );
    assert_eq!(
        gradescope_json(&before, &course),
        testing::record("cy-before.results.json")
    );
}

#[test]
fn the_gradebook_is_written_as_it_always_was() {
    let mut course = testing::course();
    let mut grades = vec![testing::ada(&course), testing::bob(&course)];
    grades.push(testing::cy(&mut course, "cy", true));
    grades.push(testing::cy(&mut course, "cy-before", false));
    let stored: Vec<StoredGrade> = grades
        .iter()
        .map(|g| serde_json::from_value(serde_json::to_value(g.record()).unwrap()).unwrap())
        .collect();
    assert_eq!(
        gradebook(&course, &stored),
        testing::record("gradebook.csv")
    );
}

#[test]
fn a_student_without_a_stored_exercise_is_noted_not_graded() {
    let course = testing::course();
    let mut stored: StoredGrade =
        serde_json::from_value(serde_json::to_value(testing::ada(&course).record()).unwrap())
            .unwrap();
    stored.exercises.retain(|e| e.id != "class/sum");
    let csv = gradebook(&course, &[stored]);
    assert!(csv.starts_with("student,class/sum,class/secret,class/seeded,total,max,notes\n"));
    assert!(
        csv.ends_with("\nada,0,0,0,10,20,class/sum: not graded\n"),
        "{csv}"
    );
}

#[test]
fn csv_fields_are_quoted_and_defused() {
    assert_eq!(field("plain"), "plain");
    assert_eq!(field("a,b"), "\"a,b\"");
    assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_eq!(field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
    assert_eq!(field(""), "");
}

#[test]
fn numbers_lose_trailing_zeros() {
    assert_eq!(number(10.0), "10");
    assert_eq!(number(7.5), "7.5");
    assert_eq!(number(3.333), "3.33");
    assert_eq!(number(0.0), "0");
}

#[test]
fn base64_matches_the_standard() {
    assert_eq!(base64(b""), "");
    assert_eq!(base64(b"f"), "Zg==");
    assert_eq!(base64(b"fo"), "Zm8=");
    assert_eq!(base64(b"foo"), "Zm9v");
    assert_eq!(base64(b"{\"a\":1}"), "eyJhIjoxfQ==");
    assert_eq!(base64(&[0xff, 0xfe, 0xfd, 0x00]), "//79AA==");
}

#[test]
fn classroom_tests_are_scored_and_a_hidden_one_says_its_outcome_alone() {
    let course = testing::course();
    let [sum, secret, seeded] = &course.exercises[..] else {
        panic!("three exercises");
    };
    let mut passed = report("class/sum", Outcome::Passed, "Fast.");
    passed.speedup = Some(2.0);
    passed.target_speedup = Some(1.4);
    let test = classroom_test(sum, &Ok(passed), 1200);
    assert_eq!(
        (test.status, test.score, test.max_score),
        ("pass", 10.0, 10.0)
    );
    assert_eq!(test.test_code, "parlab check class/sum");
    assert_eq!(test.filename, "exercises/class/sum.rs");
    assert_eq!(test.duration, 1200);

    let wrong = report("class/secret", Outcome::WrongOutput, "expected 7777777");
    let test = classroom_test(secret, &Ok(wrong), 5);
    assert_eq!((test.status, test.score), ("fail", 0.0));
    assert!(!test.message.contains("7777777"), "{}", test.message);

    let test = classroom_test(seeded, &Err(anyhow!("cargo is missing")), 0);
    assert_eq!((test.status, test.max_score), ("error", 5.0));
    assert_eq!(test.message, "cargo is missing");
}

#[test]
fn the_classroom_status_is_error_then_fail_then_pass() {
    let course = testing::course();
    let sum = &course.exercises[0];
    let pass = || classroom_test(sum, &Ok(report("class/sum", Outcome::Passed, "")), 0);
    let fail = || classroom_test(sum, &Ok(report("class/sum", Outcome::Race, "")), 0);
    let error = || classroom_test(sum, &Err(anyhow!("no")), 0);
    let results = ClassroomResults::new(vec![pass(), pass()]);
    assert_eq!((results.status, results.max_score), ("pass", 20.0));
    assert!(results.all_passed());
    let results = ClassroomResults::new(vec![pass(), fail()]);
    assert_eq!(results.status, "fail");
    assert!(!results.all_passed());
    assert_eq!(ClassroomResults::new(vec![fail(), error()]).status, "error");
    let empty = ClassroomResults::new(Vec::new());
    assert_eq!((empty.status, empty.max_score), ("pass", 0.0));
    let encoded = ClassroomResults::new(vec![error()]).encoded().unwrap();
    assert!(encoded.starts_with("eyJ2ZXJzaW9uIjox"), "{encoded}");
}

fn stored(grade: &StudentGrade) -> StoredGrade {
    serde_json::from_value(serde_json::to_value(grade.record()).unwrap()).unwrap()
}

#[test]
fn the_notes_name_what_an_instructor_must_look_at_and_nothing_else() {
    let course = testing::course();
    let ex = &course.exercises;
    let checked = |i: usize, outcome| {
        let mut g = ExerciseGrade::new(&ex[i], super::super::records::Reached::Built);
        g.take(report(&ex[i].id, outcome, "message"));
        g
    };
    let grade = testing::student(
        &course,
        "dan",
        false,
        vec![
            checked(0, Outcome::Inconclusive),
            checked(1, Outcome::Rejected),
            checked(2, Outcome::WrongOutput),
        ],
    );
    let csv = gradebook(&course, &[stored(&grade)]);
    let notes = csv.lines().nth(1).unwrap();
    assert!(
        notes.ends_with(
            ",\"class/sum: inconclusive timing, regrade on a quiet machine; \
             class/secret: rejected by the integrity checks, read its message\""
        ),
        "{notes}"
    );
    assert!(!notes.contains("wrong_output"), "{notes}");
}

#[test]
fn a_late_policy_adds_the_lateness_columns_and_the_penalty_is_explained() {
    let mut course = testing::course();
    course.late.penalty_per_day = 0.1;
    course.late.grace_days = 1;
    let mut ada = testing::ada(&course);
    let penalty = score::late_penalty(&course.late, 3, 1, ada.total);
    ada.total = score::after_penalty(ada.total, &penalty);
    ada.late = Some(Lateness {
        submitted_at: "2025-01-03T10:00:00Z".into(),
        grace_days: 1,
        penalty,
    });
    let bob = testing::bob(&course);
    let csv = gradebook(&course, &[stored(&ada), stored(&bob)]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "student,class/sum,class/secret,class/seeded,days_late,grace_days_used,late_penalty,total,max,notes"
        )
    );
    assert_eq!(lines.next(), Some("ada,10,0,0,3,1,2,8,20,"));
    let bob_row = lines.next().unwrap();
    assert!(
        bob_row.starts_with("\"'=bob,x\",0,0,5,,,,5,20,")
            && bob_row.ends_with("submission time unknown: no late penalty applied"),
        "{bob_row}"
    );
    let results = gradescope(&ada, &course);
    assert_eq!(results.score, 8.0);
    assert!(
        results.output.ends_with(
            "Submitted 3 days late (2025-01-03T10:00:00Z); grace days used: 1 of 1; \
             late penalty: 20% of the points, 2 taken off."
        ),
        "{}",
        results.output
    );
}
