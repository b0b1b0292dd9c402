//! The bundled course is sound: every manifest and lesson loads, every
//! starter fails, every reference passes with its speedup, every serial
//! baseline is correct and too slow. This is the slowest test; it runs as a
//! test binary of its own, so no other test competes with its timings.

mod common;

use common::Lab;

#[test]
fn the_bundled_course_validates() {
    let lab = Lab::new(common::bundled());
    let (code, validation) = lab.json(&["validate"]);
    assert!(
        validation["ok"] == true && code == 0,
        "parlab validate failed:\n{validation:#}"
    );
    assert!(validation["exercises"].as_array().unwrap().len() >= 4);
}
