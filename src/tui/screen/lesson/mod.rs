//! A lesson.

pub mod view;
