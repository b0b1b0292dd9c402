//! The terminal UI: `parlab` with no arguments. Every action here is also a
//! CLI command.
//!
//! Elm-style, in four parts:
//! - [`app`]: the model ([`app::App`]: what the screens share, and the
//!   screen in front), the [`app::Message`]s that come in, the
//!   [`app::Effect`]s that go out, and a pure `update` that routes each
//!   message to the screen it concerns;
//! - [`screen`]: one folder per screen (map, lesson, exercise), each with
//!   its state, its update and its view;
//! - [`view`]: the frame around the screen (title and status bars, help);
//! - `runtime`: the terminal, the event loop, and every effect: files, the
//!   progress store, the editor, the file watcher and the worker threads.
//!
//! How a message flows, for example `c` on an exercise:
//! 1. the runtime reads the key from the terminal and sends
//!    `Message::Key` through `update`;
//! 2. `update` gives it to the exercise screen, which marks a check as
//!    running and returns `Effect::StartCheck` with the exercise, the ranks
//!    and the cluster;
//! 3. the runtime starts the check on a worker thread, whose events come
//!    back on a channel as `Message::Check` (the phase, the output) and end
//!    with `Message::CheckDone` (the report), each through `update` again;
//! 4. after each message the runtime draws the model with `view::draw`.
//!
//! `update` reads no file and asks the machine nothing: what it needs is
//! given before the loop starts ([`app::Facts`]: the cores) or comes back
//! from the runtime as a message (a lesson, read when it is opened,
//! progress as saved, a notice).

pub mod app;
mod keys;
pub mod markdown;
mod runtime;
pub mod screen;
pub mod view;

pub use runtime::run;
