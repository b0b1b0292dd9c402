//! The class's grades in the CSV forms learning management systems import:
//! Canvas's gradebook import and Moodle's CSV grade import. Each holds one
//! grade column, the course's total (after any late penalty), titled with
//! the course's title, and identifies students by their folder name, so
//! the folders should be named by what the LMS knows them by (a login ID,
//! an email address).

use super::{field, number};
use crate::classroom::records::StoredGrade;
use crate::course::Course;

/// Canvas's gradebook CSV: `Student`, `ID`, `SIS User ID`, `SIS Login ID`,
/// `Section`, then the grade column, with the `Points Possible` row Canvas
/// itself writes. The folder name stands as the SIS Login ID (Canvas
/// matches a row by ID, SIS User ID or SIS Login ID).
pub fn canvas(course: &Course, grades: &[StoredGrade]) -> String {
    let max = grades.first().map_or_else(|| course_max(course), |g| g.max);
    let mut csv = format!(
        "Student,ID,SIS User ID,SIS Login ID,Section,{}\n",
        field(&column(course))
    );
    csv.push_str(&format!("    Points Possible,,,,,{}\n", number(max)));
    for g in grades {
        let name = field(&g.student);
        csv.push_str(&format!("{name},,,{name},,{}\n", number(g.total)));
    }
    csv
}

/// Moodle's CSV grade import: `Username` and `Email address` (the folder
/// name, where it is an address) to map the student from, then the grade
/// column, which Moodle maps to a grade item (or a new one) on import.
pub fn moodle(course: &Course, grades: &[StoredGrade]) -> String {
    let mut csv = format!("Username,Email address,{}\n", field(&column(course)));
    for g in grades {
        let email = if g.student.contains('@') {
            field(&g.student)
        } else {
            String::new()
        };
        csv.push_str(&format!(
            "{},{email},{}\n",
            field(&g.student),
            number(g.total)
        ));
    }
    csv
}

/// The grade column's title: the course's title, marked as parlab's.
fn column(course: &Course) -> String {
    format!("{} (parlab)", course.title)
}

fn course_max(course: &Course) -> f64 {
    course.exercises.iter().map(|e| e.grading.points).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classroom::testing;

    fn stored() -> (Course, Vec<StoredGrade>) {
        let mut course = testing::course();
        let mut grades = vec![testing::ada(&course), testing::bob(&course)];
        grades.push(testing::cy(&mut course, "x@uni.edu", true));
        let stored = grades
            .iter()
            .map(|g| serde_json::from_value(serde_json::to_value(g.record()).unwrap()).unwrap())
            .collect();
        (course, stored)
    }

    #[test]
    fn canvas_gets_its_own_columns_and_the_points_possible() {
        let (course, grades) = stored();
        assert_eq!(
            canvas(&course, &grades),
            "Student,ID,SIS User ID,SIS Login ID,Section,Graded fixture course (parlab)\n\
             \x20   Points Possible,,,,,20\n\
             ada,,,ada,,10\n\
             \"'=bob,x\",,,\"'=bob,x\",,5\n\
             x@uni.edu,,,x@uni.edu,,7.5\n"
        );
        let empty = canvas(&course, &[]);
        assert!(empty.ends_with("    Points Possible,,,,,20\n"), "{empty}");
    }

    #[test]
    fn moodle_gets_a_username_an_address_where_there_is_one_and_the_grade() {
        let (course, grades) = stored();
        assert_eq!(
            moodle(&course, &grades),
            "Username,Email address,Graded fixture course (parlab)\n\
             ada,,10\n\
             \"'=bob,x\",,5\n\
             x@uni.edu,x@uni.edu,7.5\n"
        );
    }
}
