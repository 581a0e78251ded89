//! Measuring, wrapping and paginating: the report's own small typesetter.
//!
//! Text is wrapped greedily over glyph advances measured with ttf-parser (see
//! `fonts.rs`). Pages are filled top to bottom by a [`Flow`] that keeps
//! headings with what follows them, never leaves a single line of a paragraph
//! or of a table row alone at the foot or head of a page, repeats a table's
//! header row on every page and splits a row longer than the space left
//! between lines, showing the theme as continued.
//!
//! Coordinates are points from the top-left corner of the page, y downwards;
//! `pdf.rs` turns them into PDF's bottom-left, y-upwards space.
//!
//! The parts: `runs` (spans, paragraphs and greedy wrapping into lines),
//! `page` (what is drawn, the page and its geometry), `flow` (filling pages
//! with headings and paragraphs) and `table` (tables that split across
//! pages). Everything public is re-exported here, so callers name
//! `layout::X` whatever part it lives in.

mod flow;
mod page;
mod runs;
mod table;

pub use flow::*;
pub use page::*;
pub use runs::*;
pub use table::*;

#[cfg(test)]
mod tests;
