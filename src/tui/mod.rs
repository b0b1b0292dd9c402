//! The terminal UI.

pub mod markdown;
