//! The screens, one folder each: the course map, a lesson (with its live
//! demo), an exercise (with its verdict, scaling chart and cluster prompt).
//! Each keeps its state, its update and its view together.

pub mod exercise;
pub mod lesson;
pub mod map;
