//! The course map.

pub mod view;
