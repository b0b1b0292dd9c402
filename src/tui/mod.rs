//! The terminal UI: `parlab` with no arguments.
//!
//! Elm-style: [`app`] holds the model and a pure `update`; `view` draws it
//! without I/O; `runtime` owns the terminal, the event loop, the check worker
//! thread, the editor and the file watcher. Every action here is also a CLI
//! command.

pub mod app;
mod keys;
pub mod markdown;
mod runtime;
pub mod screen;
pub mod view;

pub use runtime::run;
