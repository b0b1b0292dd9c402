//! The terminal's side of the runtime: its events as messages, whether it
//! has hung up, whether it takes OSC 8 hyperlinks (and writing them), and
//! warming up the code highlighter at start-up.

use std::io::stdout;
use std::thread;

use ratatui::crossterm::event::{Event, KeyEventKind, MouseEventKind};

use crate::tui::app::{App, Message, Screen};
use crate::tui::markdown;
use crate::tui::screen::lesson::view::placed_links;
use crate::tui::view;

/// Highlighting code the first time costs tens of milliseconds (grammars
/// built, the theme loaded, regexes compiled, all kept for later). Rendering
/// a little code in the languages of the course's lessons on a background
/// thread at start-up pays that before the first lesson opens, without
/// reading any lesson: each is read when it is opened.
pub fn warm_up_highlighting(app: &App) {
    let width = app.options().width;
    let _ = thread::Builder::new()
        .name("warm-up".into())
        .spawn(move || {
            let options = markdown::Options {
                width,
                color: true,
                hyperlinks: false,
            };
            markdown::render(WARM_UP, &options);
        });
}

/// Code in the languages the bundled lessons use.
const WARM_UP: &str = "```rust\nfn main() { let x = 1; }\n```\n\n```python\nimport os\nx = [1]\n```\n\n```sh\nls -l\n```\n\n```console\n$ cargo run\n```\n\n```json\n{\"a\": 1}\n```\n";

/// Writes the visible links again over themselves, wrapped in OSC 8, so a
/// terminal that supports it makes them clickable. ratatui's buffer never
/// holds the escape sequences, so its width bookkeeping stays right.
pub fn write_hyperlinks(app: &App) {
    use ratatui::crossterm::cursor::MoveTo;
    use ratatui::crossterm::queue;
    use ratatui::crossterm::style::{Attribute, Print, SetAttribute};
    use std::io::Write;
    let Screen::Lesson(lesson) = &app.screen else {
        return;
    };
    let area = ratatui::layout::Rect::new(0, 0, app.size.0, app.size.1);
    let mut out = stdout();
    for link in placed_links(lesson, view::body(area)) {
        let text = format!("\x1b]8;;{}\x1b\\{}\x1b]8;;\x1b\\", link.url, link.text);
        let _ = queue!(
            out,
            MoveTo(link.x, link.y),
            SetAttribute(Attribute::Underlined),
            Print(text),
            SetAttribute(Attribute::Reset)
        );
    }
    let _ = out.flush();
}

/// Whether to emit OSC 8 hyperlinks: `PARLAB_HYPERLINKS=1` or `0` decides;
/// otherwise terminals known to support them, outside tmux and screen
/// (which pass them on only when configured to).
pub fn hyperlinks_supported() -> bool {
    let var = |k: &str| std::env::var(k).unwrap_or_default();
    match var("PARLAB_HYPERLINKS").as_str() {
        "1" => return true,
        "0" => return false,
        _ => {}
    }
    if !var("TMUX").is_empty() || var("TERM").starts_with("screen") {
        return false;
    }
    let program = var("TERM_PROGRAM");
    ["iTerm.app", "WezTerm", "vscode", "ghostty", "Hyper"].contains(&program.as_str())
        || var("VTE_VERSION").parse::<u32>().is_ok_and(|v| v >= 5000)
        || !var("KITTY_WINDOW_ID").is_empty()
        || !var("WT_SESSION").is_empty()
        || ["kitty", "foot", "alacritty"]
            .iter()
            .any(|t| var("TERM").contains(t))
}

/// True once the terminal has hung up (its window or tmux pane closed).
/// crossterm would then read end-of-file from standard input forever, so
/// the loop asks before every read and quits instead.
pub fn gone() -> bool {
    use rustix::event::{PollFd, PollFlags, poll};
    let stdin = std::io::stdin();
    let mut fds = [PollFd::new(&stdin, PollFlags::IN)];
    let zero = rustix::event::Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    match poll(&mut fds, Some(&zero)) {
        Ok(_) => fds[0]
            .revents()
            .intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL),
        Err(_) => true,
    }
}

pub fn to_message(event: Event) -> Option<Message> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => Some(Message::Key(key)),
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::ScrollDown => Some(Message::Scroll(3)),
            MouseEventKind::ScrollUp => Some(Message::Scroll(-3)),
            _ => None,
        },
        Event::Resize(w, h) => Some(Message::Resize(w, h)),
        _ => None,
    }
}
