//! An exercise.

pub mod scaling;
pub mod verdict;
pub mod view;
