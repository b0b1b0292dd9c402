//! Footnotes: `[^label]` references and their definitions.
//!
//! Before rendering, [`arrange`] numbers the footnotes in the order of their
//! first reference (definitions nobody references come after, in document
//! order) and moves every definition's events to the end of the event list,
//! sorted by number. The renderer then needs no look-ahead: a reference
//! becomes `[n]`, and the first definition it meets opens the notes section
//! (a rule and a small "Footnotes" title), where each definition is a
//! container whose marker is its number, like a list item. Labels match
//! case-insensitively, as on GitHub; a reference without a definition keeps
//! its source text.

use std::collections::HashMap;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::Renderer;
use super::container::Container;
use super::inline::clean;
use super::wrap::{Piece, RLine, wrap};

/// Footnote numbers by label.
#[derive(Clone, Debug, Default)]
pub(super) struct Notes {
    numbers: HashMap<String, usize>,
    /// Columns of the widest marker, `[n] ` included.
    width: usize,
    /// Whether the section at the end has begun.
    pub started: bool,
}

impl Notes {
    pub fn number(&self, label: &str) -> Option<usize> {
        self.numbers.get(&label.to_lowercase()).copied()
    }

    /// The marker before a definition, padded to the widest.
    fn marker(&self, label: &str) -> String {
        let shown = self
            .number(label)
            .map_or_else(|| format!("[{}]", clean(label)), |n| format!("[{n}]"));
        format!("{shown:<w$}", w = self.width.saturating_sub(1)) + " "
    }
}

/// Numbers the footnotes and moves their definitions to the end.
pub(super) fn arrange(events: Vec<Event<'_>>) -> (Vec<Event<'_>>, Notes) {
    let defined: Vec<String> = events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::FootnoteDefinition(label)) => Some(label.to_lowercase()),
            _ => None,
        })
        .collect();
    if defined.is_empty() {
        return (events, Notes::default());
    }
    let mut numbers = HashMap::new();
    let referenced: Vec<String> = events
        .iter()
        .filter_map(|e| match e {
            Event::FootnoteReference(label) => Some(label.to_lowercase()),
            _ => None,
        })
        .filter(|label| defined.contains(label))
        .collect();
    for label in referenced.into_iter().chain(defined) {
        let next = numbers.len() + 1;
        numbers.entry(label).or_insert(next);
    }
    let width = format!("[{}] ", numbers.len()).len();
    let notes = Notes {
        numbers,
        width,
        started: false,
    };
    (move_definitions(events, &notes), notes)
}

/// `events` with every footnote definition moved to the end, by number.
fn move_definitions<'a>(events: Vec<Event<'a>>, notes: &Notes) -> Vec<Event<'a>> {
    let mut body = Vec::with_capacity(events.len());
    let mut definitions: Vec<(usize, Vec<Event>)> = Vec::new();
    let mut depth = 0usize;
    for event in events {
        match &event {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                if depth == 0 {
                    let number = notes.number(label).unwrap_or(usize::MAX);
                    definitions.push((number, Vec::new()));
                }
                depth += 1;
            }
            Event::End(TagEnd::FootnoteDefinition) => depth = depth.saturating_sub(1),
            _ => {}
        }
        match definitions.last_mut() {
            Some((_, definition)) if depth > 0 || is_definition_end(&event) => {
                definition.push(event);
            }
            _ => body.push(event),
        }
    }
    definitions.sort_by_key(|(number, _)| *number);
    body.extend(definitions.into_iter().flat_map(|(_, d)| d));
    body
}

fn is_definition_end(event: &Event) -> bool {
    matches!(event, Event::End(TagEnd::FootnoteDefinition))
}

impl Renderer {
    /// `[^label]` in the text.
    pub(super) fn footnote_reference(&mut self, label: &str) {
        let marker = match self.notes.number(label) {
            Some(n) => format!("[{n}]"),
            None => format!("[^{label}]"),
        };
        self.inline.footnote(&marker, &self.styles);
    }

    pub(super) fn footnote_start(&mut self, label: &str) {
        if !self.notes.started {
            self.notes.started = true;
            self.notes_title();
        }
        self.begin_block();
        let marker = self.notes.marker(label);
        self.stack
            .push(Container::item(marker, self.styles.footnote()));
    }

    pub(super) fn footnote_end(&mut self) {
        self.item_end();
        self.need_blank = true;
    }

    /// The rule and title that open the notes at the end of the lesson.
    fn notes_title(&mut self) {
        self.stack.clear();
        self.need_blank = true;
        self.rule();
        let title = Piece {
            text: "Footnotes".into(),
            style: self.styles.heading(4),
            link: None,
        };
        let lines: Vec<RLine> = wrap(&[title], self.avail());
        self.emit_all(lines);
        self.need_blank = true;
    }
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::{Options, Parser};

    use super::*;

    fn labels(events: &[Event]) -> Vec<String> {
        events
            .iter()
            .filter_map(|e| match e {
                Event::Start(Tag::FootnoteDefinition(l)) => Some(l.to_string()),
                Event::FootnoteReference(l) => Some(format!("^{l}")),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn numbered_by_first_reference_and_moved_to_the_end() {
        let text = "[^b]: B.\n\nText[^a] and[^B] again[^a].\n\n[^a]: A.\n\n[^c]: C.\n\nEnd.\n";
        let events: Vec<Event> = Parser::new_ext(text, Options::ENABLE_FOOTNOTES).collect();
        let (events, notes) = arrange(events);
        assert_eq!(labels(&events), ["^a", "^B", "^a", "a", "b", "c"]);
        assert_eq!(
            [notes.number("a"), notes.number("B"), notes.number("c")],
            [Some(1), Some(2), Some(3)]
        );
        let last_text = events.iter().rev().find_map(|e| match e {
            Event::Text(t) => Some(t.to_string()),
            _ => None,
        });
        assert_eq!(last_text.as_deref(), Some("C."));
        assert_eq!(notes.marker("a"), "[1] ");
    }
}
