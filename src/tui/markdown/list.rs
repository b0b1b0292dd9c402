//! Ordered and unordered lists.
//!
//! A list hands each item a marker (`• `, `◦ `, `▪ ` by depth, or a number).
//! All markers of one list have the same width, numbers right-aligned to the
//! widest, so the text of every item starts in the same column; the
//! renderer puts that width of spaces before each continuation line (the
//! hanging indent, see [`super::container`]). The widest number needs the
//! item count, which [`count_items`] reads ahead in the event list.

use pulldown_cmark::{Event, Tag, TagEnd};

const BULLETS: [&str; 3] = ["•", "◦", "▪"];

pub(super) struct List {
    /// The next item's number; `None` for unordered lists.
    next: Option<u64>,
    /// Columns of every marker, trailing space included.
    width: usize,
    depth: usize,
}

impl List {
    /// A list at nesting `depth` (0 for the outermost) with `items` items.
    pub fn new(start: Option<u64>, items: usize, depth: usize) -> Self {
        let width = match start {
            None => 2,
            Some(start) => digits(start.saturating_add(items.saturating_sub(1) as u64)) + 2,
        };
        List {
            next: start,
            width,
            depth,
        }
    }

    /// The next item's marker, padded to the list's marker width.
    pub fn marker(&mut self) -> String {
        match self.next {
            None => format!("{} ", BULLETS[self.depth % BULLETS.len()]),
            Some(n) => {
                self.next = Some(n.saturating_add(1));
                format!("{:>w$}. ", n, w = self.width - 2)
            }
        }
    }
}

fn digits(n: u64) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

/// Counts the items of the list whose `Start(List)` is at `events[start]`.
pub(super) fn count_items(events: &[Event], start: usize) -> usize {
    let mut depth = 0usize;
    let mut items = 0;
    for event in events.iter().skip(start + 1) {
        match event {
            Event::Start(Tag::List(_)) => depth += 1,
            Event::End(TagEnd::List(_)) if depth == 0 => break,
            Event::End(TagEnd::List(_)) => depth -= 1,
            Event::Start(Tag::Item) if depth == 0 => items += 1,
            _ => {}
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_align_to_the_widest() {
        let mut list = List::new(Some(9), 2, 0);
        assert_eq!(list.marker(), " 9. ");
        assert_eq!(list.marker(), "10. ");
        assert_eq!(List::new(Some(u64::MAX), 3, 0).marker().len(), 22);
    }

    #[test]
    fn bullets_change_with_depth() {
        assert_eq!(List::new(None, 1, 0).marker(), "• ");
        assert_eq!(List::new(None, 1, 4).marker(), "◦ ");
    }
}
