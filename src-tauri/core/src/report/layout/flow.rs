//! Filling pages from top to bottom: headings kept with what follows,
//! paragraphs split with at least two lines on each page.

use super::super::fonts::Fonts;
use super::super::tags::{LineTag, NodeId, Role, StructTree, ROOT};
use super::{wrap, Colour, Draw, Line, OutlineEntry, Page, PageGeometry, Para, TextStyle};

#[derive(Clone, Copy)]
pub(super) enum Tagging<'a> {
    Artifact,
    All(LineTag),
    PerLine(&'a [LineTag]),
}

/// The element for a paragraph under `parent`: a leaf of `role`, or for a
/// bulleted paragraph a list item (in the list `list` holds open, or a new
/// one), with the bullet as its label.
pub(super) fn para_tag(
    tree: &mut StructTree,
    parent: NodeId,
    list: &mut Option<NodeId>,
    para: &Para,
    role: Role,
) -> LineTag {
    if para.bullet.is_some() {
        let l = *list.get_or_insert_with(|| tree.add(parent, Role::L));
        let li = tree.add(l, Role::LI);
        let label = tree.add(li, Role::Lbl);
        let body = tree.add(li, Role::LBody);
        LineTag::Item { label, body }
    } else {
        *list = None;
        LineTag::Leaf(tree.add(parent, role))
    }
}

/// The fewest lines of a split paragraph or row left on either page.
pub(super) const MIN_LINES_EACH_SIDE: usize = 2;

/// Where to split `n` lines when only `avail` fit: the largest k ≤ avail that
/// leaves at least two lines on each side, or `None`.
pub fn split_point(n: usize, avail: usize) -> Option<usize> {
    let k = avail.min(n.checked_sub(MIN_LINES_EACH_SIDE)?);
    (k >= MIN_LINES_EACH_SIDE && k < n).then_some(k)
}

pub(super) struct PendingHeading {
    node: NodeId,
    lines: Vec<Line>,
    style: TextStyle,
    space_before: f32,
    space_after: f32,
    bookmark: Option<String>,
}

/// Fills pages from top to bottom.
pub struct Flow<'f> {
    pub(super) fonts: &'f Fonts,
    pub geometry: PageGeometry,
    pub(super) pages: Vec<Page>,
    pub(super) y: f32,
    pub(super) pending: Vec<PendingHeading>,
    pub(super) outline: Vec<OutlineEntry>,
    pub(super) tree: StructTree,
    /// The list the last body paragraphs (bulleted) belong to, if still open.
    pub(super) list: Option<NodeId>,
}

impl<'f> Flow<'f> {
    pub fn new(fonts: &'f Fonts, geometry: PageGeometry) -> Flow<'f> {
        Flow {
            fonts,
            geometry,
            pages: Vec::new(),
            y: geometry.margin_top,
            pending: Vec::new(),
            outline: Vec::new(),
            tree: StructTree::default(),
            list: None,
        }
    }

    pub fn fonts(&self) -> &'f Fonts {
        self.fonts
    }

    pub(super) fn bottom(&self) -> f32 {
        self.geometry.body_bottom()
    }

    pub(super) fn left(&self) -> f32 {
        self.geometry.margin_left
    }

    /// Nothing has been placed on the current page yet (or there is no page).
    pub(super) fn at_page_top(&self) -> bool {
        self.pages.is_empty() || self.y <= self.geometry.margin_top + 0.01
    }

    pub fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = self.geometry.margin_top;
    }

    pub(super) fn ensure_page(&mut self) {
        if self.pages.is_empty() {
            self.new_page();
        }
    }

    /// Starts a new page unless `h` points are left on this one: a section
    /// that fits its start on the page goes on, rather than leaving most of
    /// the page empty.
    pub fn need(&mut self, h: f32) {
        self.ensure_page();
        if !self.at_page_top() && self.y + h > self.bottom() {
            self.new_page();
        }
    }

    /// Starts a new page unless the current one is still empty.
    pub fn page_break(&mut self) {
        if !self.at_page_top() {
            self.new_page();
        }
    }

    pub(super) fn draw(&mut self, d: Draw) {
        self.ensure_page();
        if let Some(page) = self.pages.last_mut() {
            page.draws.push(d);
        }
    }

    pub(super) fn draw_tagged(&mut self, d: Draw, node: NodeId) {
        self.ensure_page();
        if let Some(page) = self.pages.last_mut() {
            page.tags.push((page.draws.len(), node));
            page.draws.push(d);
        }
    }

    pub fn fill(&mut self, x: f32, y: f32, w: f32, h: f32, colour: Colour) {
        self.draw(Draw::Fill { x, y, w, h, colour });
    }

    pub fn rule(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32, colour: Colour) {
        self.draw(Draw::Line {
            x1,
            y1,
            x2,
            y2,
            width,
            colour,
        });
    }

    /// Wraps and draws a paragraph at a fixed place (the title page), outside
    /// the flow; returns the height it took.
    pub fn text_block_at(
        &mut self,
        para: &Para,
        role: Role,
        style: TextStyle,
        x: f32,
        top: f32,
        width: f32,
    ) -> f32 {
        self.list = None;
        let tag = LineTag::Leaf(self.tree.add(ROOT, role));
        let lines = wrap(self.fonts, para, style.size, width);
        self.draw_lines(&lines, x, top, style, Tagging::All(tag));
        lines.len() as f32 * style.leading
    }

    /// Moves the flow's position down to `y` on the current page (after a
    /// block drawn with [`Flow::text_block_at`]).
    pub fn move_to(&mut self, y: f32) {
        self.ensure_page();
        self.y = self.y.max(y);
    }

    /// Vertical space, dropped at the top of a page.
    pub fn space(&mut self, h: f32) {
        if !self.at_page_top() {
            self.y = (self.y + h).min(self.bottom());
        }
    }

    /// Bookmarks a place without a visible heading (the title page).
    pub fn bookmark_here(&mut self, title: &str) {
        self.ensure_page();
        self.outline.push(OutlineEntry {
            title: title.to_string(),
            page: self.pages.len() - 1,
        });
    }

    pub(super) fn draw_lines(
        &mut self,
        lines: &[Line],
        x: f32,
        top: f32,
        style: TextStyle,
        tagging: Tagging<'_>,
    ) {
        for (i, line) in lines.iter().enumerate() {
            let tag = match tagging {
                Tagging::Artifact => None,
                Tagging::All(t) => Some(t),
                Tagging::PerLine(tags) => tags.get(i).copied(),
            };
            for run in &line.runs {
                let baseline = top
                    + i as f32 * style.leading
                    + self
                        .fonts
                        .metrics(run.font)
                        .baseline_offset(style.size, style.leading);
                let d = Draw::Text {
                    x: x + run.x,
                    y: baseline,
                    text: run.text.clone(),
                    font: run.font,
                    size: style.size,
                    colour: run.colour,
                };
                match tag {
                    Some(t) => self.draw_tagged(d, t.node_for(run.bullet)),
                    None => self.draw(d),
                }
            }
        }
    }

    /// A heading: held back until what follows it is placed, so that the two
    /// start on the same page.
    #[allow(clippy::too_many_arguments)]
    pub fn heading(
        &mut self,
        para: &Para,
        role: Role,
        style: TextStyle,
        space_before: f32,
        space_after: f32,
        bookmark: Option<&str>,
    ) {
        self.list = None;
        let node = self.tree.add(ROOT, role);
        let lines = wrap(self.fonts, para, style.size, self.geometry.body_width());
        self.pending.push(PendingHeading {
            node,
            lines,
            style,
            space_before,
            space_after,
            bookmark: bookmark.map(str::to_string),
        });
    }

    /// Places held headings, first moving to a new page unless they and
    /// `next_min` points of what follows fit on this one.
    pub(super) fn place_pending(&mut self, next_min: f32) {
        self.ensure_page();
        if self.pending.is_empty() {
            return;
        }
        let pending = std::mem::take(&mut self.pending);
        let mut need = next_min;
        for (i, h) in pending.iter().enumerate() {
            let before = if i == 0 && self.at_page_top() {
                0.0
            } else {
                h.space_before
            };
            need += before + h.lines.len() as f32 * h.style.leading + h.space_after;
        }
        if self.y + need > self.bottom() && !self.at_page_top() {
            self.new_page();
        }
        for h in pending {
            self.space(h.space_before);
            if let Some(title) = &h.bookmark {
                self.outline.push(OutlineEntry {
                    title: title.clone(),
                    page: self.pages.len() - 1,
                });
            }
            let x = self.left();
            let y = self.y;
            self.draw_lines(&h.lines, x, y, h.style, Tagging::All(LineTag::Leaf(h.node)));
            self.y += h.lines.len() as f32 * h.style.leading + h.space_after;
        }
    }

    /// A paragraph in the body, `indent` points in from the left margin.
    /// Paragraphs of three lines or fewer are never split; longer ones split
    /// leaving at least two lines on each page.
    pub fn paragraph(&mut self, para: &Para, style: TextStyle, indent: f32, space_after: f32) {
        let width = self.geometry.body_width() - indent;
        let tag = para_tag(&mut self.tree, ROOT, &mut self.list, para, Role::P);
        let lines = wrap(self.fonts, para, style.size, width);
        let keep_whole = lines.len() <= 3;
        let first_chunk = if keep_whole {
            lines.len()
        } else {
            MIN_LINES_EACH_SIDE
        };
        self.place_pending(first_chunk as f32 * style.leading);
        let mut rest: &[Line] = &lines;
        while !rest.is_empty() {
            let avail = ((self.bottom() - self.y) / style.leading + 0.001)
                .floor()
                .max(0.0) as usize;
            let take = if rest.len() <= avail {
                rest.len()
            } else if let Some(k) = (!keep_whole)
                .then(|| split_point(rest.len(), avail))
                .flatten()
            {
                k
            } else if self.at_page_top() {
                avail.max(1) // taller than a page and no better split: fill it
            } else {
                self.new_page();
                continue;
            };
            let x = self.left() + indent;
            let y = self.y;
            self.draw_lines(&rest[..take], x, y, style, Tagging::All(tag));
            self.y += take as f32 * style.leading;
            rest = &rest[take..];
            if !rest.is_empty() {
                self.new_page();
            }
        }
        self.space(space_after);
    }

    /// Places anything still held back and hands over the pages and bookmarks.
    #[cfg(test)]
    pub fn finish(self) -> (Vec<Page>, Vec<OutlineEntry>) {
        let (pages, outline, _) = self.finish_tagged();
        (pages, outline)
    }

    /// As [`Flow::finish`], with the structure the pages' tags refer to.
    pub fn finish_tagged(mut self) -> (Vec<Page>, Vec<OutlineEntry>, StructTree) {
        self.place_pending(0.0);
        (self.pages, self.outline, self.tree)
    }
}
