//! Block quotes and GitHub alerts (`> [!NOTE]` and its kin).
//!
//! A quote is a container that puts a `│ ` gutter before every line inside
//! it, blank lines included (as a bare `│`), so nested quotes nest gutters.
//! An alert is a quote whose gutter takes the alert's color and whose first
//! line is its title ("Note", "Warning", ...) in that color, in bold; under
//! `color: false` the bold title alone tells it apart.

use pulldown_cmark::BlockQuoteKind;

use super::style::Styles;
use super::wrap::RLine;

pub(super) const GUTTER: &str = "│ ";

/// The title line of an alert, without the gutter.
pub(super) fn alert_title(kind: BlockQuoteKind, styles: &Styles) -> RLine {
    RLine::styled(alert_name(kind), styles.alert_title(kind))
}

fn alert_name(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "Note",
        BlockQuoteKind::Tip => "Tip",
        BlockQuoteKind::Important => "Important",
        BlockQuoteKind::Warning => "Warning",
        BlockQuoteKind::Caution => "Caution",
    }
}
