//! Large lessons render in pieces, one thread a piece.
//!
//! A lesson of a megabyte takes tens of milliseconds to lay out on one core.
//! Its top-level headings are natural seams: the renderer's state there is
//! empty (no open container, list, code block, table or HTML element), so the
//! text after a seam renders the same from a fresh [`Renderer`] as it does
//! after everything before it. [`render`] cuts the events at up to one seam
//! per core, renders the pieces at once and joins them, moving each piece's
//! line numbers (headings, links, demos) past the lines before it. A piece
//! after the first starts as the renderer stands after a block: a blank line
//! asked for, text before it.
//!
//! A seam is only trusted when the piece before it ends in that empty state;
//! when one does not (an HTML comment left open across a heading, say), the
//! whole lesson renders again in one piece, so the result is always exactly
//! that of rendering in one go.

use std::thread;

use super::footnote::Notes;
use super::{Options, Rendered, Renderer};
use pulldown_cmark::{Event, Tag};

/// Below this many bytes of source a lesson renders in one piece: threads
/// would cost more than they save.
const SPLIT_FROM_BYTES: usize = 128 * 1024;

/// Renders `events` (of a source `bytes` long), in pieces where that pays.
pub(super) fn render(
    events: &[Event],
    notes: Notes,
    options: &Options,
    bytes: usize,
    lazy: bool,
) -> Rendered {
    let pieces = if bytes < SPLIT_FROM_BYTES { 1 } else { cores() };
    render_in(events, notes, options, pieces, lazy)
}

/// The cores to render on (at most 8), asked once: the standard library
/// reads the cgroup's CPU quota from files each time it is asked.
fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| {
        thread::available_parallelism()
            .map_or(1, usize::from)
            .min(8)
    })
}

/// Renders `events` in up to `pieces` pieces.
fn render_in(
    events: &[Event],
    notes: Notes,
    options: &Options,
    pieces: usize,
    lazy: bool,
) -> Rendered {
    match in_pieces(events, &notes, options, pieces, lazy) {
        Some(rendered) => rendered,
        None => whole(events, notes, options, lazy),
    }
}

/// `events` rendered in pieces, or `None` where there is no seam or one
/// cannot be trusted.
fn in_pieces(
    events: &[Event],
    notes: &Notes,
    options: &Options,
    pieces: usize,
    lazy: bool,
) -> Option<Rendered> {
    let seams = if pieces < 2 {
        Vec::new()
    } else {
        seams(events, pieces)
    };
    if seams.is_empty() {
        return None;
    }
    let mut bounds = vec![0];
    bounds.extend(&seams);
    bounds.push(events.len());
    let pieces: Vec<(Renderer, bool)> = thread::scope(|scope| {
        let handles: Vec<_> = bounds
            .windows(2)
            .map(|w| {
                let (start, end) = (w[0], w[1]);
                let notes = notes.clone();
                scope.spawn(move || {
                    let mut renderer = if start == 0 {
                        Renderer::new(options, notes, lazy)
                    } else {
                        Renderer::after_piece(options, notes, lazy)
                    };
                    for (i, event) in events.iter().enumerate().take(end).skip(start) {
                        renderer.event(event, events, i);
                    }
                    let settled = renderer.settled() && renderer.need_blank;
                    (renderer, settled)
                })
            })
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    });
    // Each piece but the last must end settled, with a blank line asked
    // for, and after some text: what its successor was started with.
    let all_settled = pieces.len() == bounds.len() - 1
        && pieces.iter().rev().skip(1).all(|(_, settled)| *settled)
        && pieces.first().is_some_and(|(r, _)| !r.out.lines.is_empty());
    all_settled.then(|| join(pieces.into_iter().map(|(r, _)| r)))
}

fn whole(events: &[Event], notes: Notes, options: &Options, lazy: bool) -> Rendered {
    let mut renderer = Renderer::new(options, notes, lazy);
    for (i, event) in events.iter().enumerate() {
        renderer.event(event, events, i);
    }
    renderer.finish()
}

/// Indices of top-level headings that cut `events` into about `pieces`
/// pieces of similar length (fewer when headings are scarce).
fn seams(events: &[Event], pieces: usize) -> Vec<usize> {
    let mut depth = 0usize;
    let mut headings = Vec::new();
    for (i, event) in events.iter().enumerate() {
        match event {
            Event::Start(tag) => {
                if depth == 0 && i > 0 && matches!(tag, Tag::Heading { .. }) {
                    headings.push(i);
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    let mut out: Vec<usize> = Vec::new();
    for k in 1..pieces {
        let target = events.len() * k / pieces;
        let nearest = headings.iter().copied().min_by_key(|&h| h.abs_diff(target));
        if let Some(h) = nearest
            && out.last().is_none_or(|&last| h > last)
        {
            out.push(h);
        }
    }
    out
}

/// Joins rendered pieces in order: the later pieces' line numbers move past
/// the lines before them.
fn join(pieces: impl Iterator<Item = Renderer>) -> Rendered {
    let mut out = Rendered::default();
    for piece in pieces {
        let part = piece.finish();
        let shift = out.lines.len();
        out.lines.extend(part.lines);
        out.headings.extend(part.headings.into_iter().map(|mut h| {
            h.line += shift;
            h
        }));
        out.links.extend(part.links.into_iter().map(|mut l| {
            l.line += shift;
            l
        }));
        out.demos
            .extend(part.demos.into_iter().map(|(id, line)| (id, line + shift)));
        out.code.extend(part.code.into_iter().map(|mut block| {
            block.shift(shift);
            block
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::wrap;
    use super::*;
    use proptest::prelude::*;

    fn both(markdown: &str, width: u16, pieces: usize) -> (Rendered, Rendered) {
        let options = Options {
            width,
            color: true,
            hyperlinks: true,
        };
        let source = wrap::source(markdown);
        let (events, notes) = super::super::parse(&source);
        let split = render_in(&events, notes.clone(), &options, pieces, true);
        (split, whole(&events, notes, &options, true))
    }

    #[test]
    fn pieces_join_to_the_whole() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/markdown");
        let mut text = String::new();
        for entry in std::fs::read_dir(dir).expect("fixtures").flatten() {
            if entry.path().extension().is_some_and(|e| e == "md") {
                text += &std::fs::read_to_string(entry.path()).expect("fixture");
                text += "\n";
            }
        }
        let text = text.repeat(3);
        for width in [1, 40, 80, 120] {
            for pieces in [2, 3, 7] {
                let (split, whole) = both(&text, width, pieces);
                assert!(whole.headings.len() > 10);
                let source = wrap::source(&text);
                let (events, notes) = super::super::parse(&source);
                let options = Options {
                    width,
                    color: false,
                    hyperlinks: false,
                };
                assert!(
                    in_pieces(&events, &notes, &options, pieces, false).is_some(),
                    "it was cut"
                );
                assert_eq!(split, whole, "width {width}, {pieces} pieces");
            }
        }
    }

    #[test]
    fn comments_and_html_blocks_before_a_seam() {
        let text = "# One\n\ntext\n\n<div>\n<!-- open\n\n# Two\n\nhidden -->\n\n# Three\n";
        for pieces in [2, 3] {
            let (split, whole) = both(text, 60, pieces);
            assert_eq!(split, whole);
        }
    }

    #[test]
    fn a_piece_after_nothing_is_not_cut() {
        // The first heading shows nothing: no blank line goes before the
        // second, which a piece of its own would put there.
        let text = "# \n# Two\n";
        let (split, whole) = both(text, 60, 2);
        assert_eq!(split, whole);
        let (events, notes) = super::super::parse(text);
        let options = Options {
            width: 60,
            color: true,
            hyperlinks: false,
        };
        assert!(
            in_pieces(&events, &notes, &options, 2, false).is_none(),
            "not cut"
        );
    }

    fn block() -> impl Strategy<Value = String> {
        prop_oneof![
            "# [a-z ]{0,12}\n".prop_map(String::from),
            "## [a-z]{1,6} \\{#x\\}\n".prop_map(String::from),
            "[a-z ]{1,30}\n".prop_map(String::from),
            Just("- a\n  - b\n\n  c\n".to_owned()),
            Just("> quote\n> # inner\n".to_owned()),
            Just("```rust\nfn main() {}\n```\n".to_owned()),
            Just("| a | b |\n|---|---|\n| 1 | 2 |\n".to_owned()),
            Just("<!-- a comment\n".to_owned()),
            Just("-->\n".to_owned()),
            Just("<div>\n<b>bold\n".to_owned()),
            Just("</div>\n".to_owned()),
            Just("<script>\n".to_owned()),
            Just("</script>\n".to_owned()),
            Just("text[^n] and $$x\\,y$$\n".to_owned()),
            Just("[^n]: a note\n".to_owned()),
            Just("term\n: definition\n".to_owned()),
            Just("```demo\ngil\n```\n".to_owned()),
            Just("[link](https://e.org) ![img](i.png)\n".to_owned()),
            Just("\n".to_owned()),
        ]
    }

    proptest! {
        #[test]
        fn any_cut_renders_as_one_piece(blocks in prop::collection::vec(block(), 1..40), width in 1u16..100, pieces in 2usize..6) {
            let text: String = blocks.concat();
            let (split, whole) = both(&text, width, pieces);
            prop_assert_eq!(split, whole);
        }
    }
}
