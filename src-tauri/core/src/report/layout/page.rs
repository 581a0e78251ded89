//! What is drawn on a page, the page itself and its geometry.

use super::super::fonts::FontKind;
use super::super::tags::NodeId;
use super::Colour;

/// the baseline.
#[derive(Debug, Clone, PartialEq)]
pub enum Draw {
    Text {
        x: f32,
        y: f32,
        text: String,
        font: FontKind,
        size: f32,
        colour: Colour,
    },
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        colour: Colour,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        colour: Colour,
    },
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    pub draws: Vec<Draw>,
    /// Which structure element each tagged text draw belongs to, as (index
    /// in `draws`, element), in drawing order. A draw not listed here is an
    /// artifact: anything added after layout (footers, the DRAFT line) is.
    pub tags: Vec<(usize, NodeId)>,
}

impl Page {
    /// The page's text in drawing order, one string per text operation.
    pub fn texts(&self) -> Vec<&str> {
        self.draws
            .iter()
            .filter_map(|d| match d {
                Draw::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }
}

/// A4 portrait with the report's margins, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageGeometry {
    pub width: f32,
    pub height: f32,
    pub margin_left: f32,
    pub margin_right: f32,
    pub margin_top: f32,
    pub margin_bottom: f32,
}

pub const MM: f32 = 72.0 / 25.4;

impl PageGeometry {
    /// A4 with 20 mm sides, room above for the draft line and below for the footer.
    pub fn a4() -> PageGeometry {
        PageGeometry {
            width: 210.0 * MM,
            height: 297.0 * MM,
            margin_left: 20.0 * MM,
            margin_right: 20.0 * MM,
            margin_top: 22.0 * MM,
            margin_bottom: 22.0 * MM,
        }
    }
    pub fn body_width(&self) -> f32 {
        self.width - self.margin_left - self.margin_right
    }
    pub fn body_bottom(&self) -> f32 {
        self.height - self.margin_bottom
    }
    pub fn body_height(&self) -> f32 {
        self.body_bottom() - self.margin_top
    }
}

/// A bookmark: a section or review and the page (0-based) it starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    pub title: String,
    pub page: usize,
}
