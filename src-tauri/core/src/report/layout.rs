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

use super::fonts::{FontKind, Fonts};
use super::tags::{LineTag, NodeId, Role, Scope, StructTree, ROOT};

/// An RGB colour, components 0..=1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Colour(pub f32, pub f32, pub f32);

pub const TEXT: Colour = Colour(0.10, 0.10, 0.12);
pub const MUTED: Colour = Colour(0.38, 0.38, 0.42);
pub const ACCENT: Colour = Colour(0.09, 0.22, 0.40);
pub const RULE: Colour = Colour(0.55, 0.58, 0.63);
pub const HEADER_FILL: Colour = Colour(0.86, 0.90, 0.95);
pub const NOTE_FILL: Colour = Colour(0.96, 0.95, 0.90);

/// A run of text in one face and colour.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub text: String,
    pub font: FontKind,
    pub colour: Colour,
}

impl Span {
    pub fn regular(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            font: FontKind::Regular,
            colour: TEXT,
        }
    }
    pub fn bold(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            font: FontKind::Bold,
            colour: TEXT,
        }
    }
    pub fn coloured(mut self, colour: Colour) -> Span {
        self.colour = colour;
        self
    }
}

/// A paragraph: spans wrapped together, with an optional bullet hanging
/// to the left of every line. A "\n" inside a span is a line break.
#[derive(Debug, Clone, PartialEq)]
pub struct Para {
    pub spans: Vec<Span>,
    pub bullet: Option<Span>,
}

impl Para {
    pub fn new(spans: Vec<Span>) -> Para {
        Para {
            spans,
            bullet: None,
        }
    }
    pub fn plain(text: impl Into<String>) -> Para {
        Para::new(vec![Span::regular(text)])
    }
    pub fn bold(text: impl Into<String>) -> Para {
        Para::new(vec![Span::bold(text)])
    }
    pub fn with_bullet(mut self, bullet: Span) -> Para {
        self.bullet = Some(bullet);
        self
    }
}

/// Type size and the distance between baselines, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStyle {
    pub size: f32,
    pub leading: f32,
}

/// A piece of a wrapped line: `x` is from the start of the line.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub x: f32,
    pub text: String,
    pub font: FontKind,
    pub colour: Colour,
    /// The bullet hanging before a list item: its label in the structure.
    pub bullet: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    pub runs: Vec<Run>,
    /// The width the runs take, for tests and right alignment.
    pub width: f32,
}

impl Line {
    #[cfg(test)]
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

enum Token {
    Word(String, FontKind, Colour),
    Space,
    Break,
}

fn tokens(fonts: &Fonts, spans: &[Span]) -> Vec<Token> {
    let mut out = Vec::new();
    for span in spans {
        let text = fonts.printable(&span.text);
        for (i, hard_line) in text.split('\n').enumerate() {
            if i > 0 {
                out.push(Token::Break);
            }
            let mut word = String::new();
            for c in hard_line.chars() {
                if c == ' ' {
                    if !word.is_empty() {
                        out.push(Token::Word(
                            std::mem::take(&mut word),
                            span.font,
                            span.colour,
                        ));
                    }
                    out.push(Token::Space);
                } else {
                    word.push(c);
                }
            }
            if !word.is_empty() {
                out.push(Token::Word(word, span.font, span.colour));
            }
        }
    }
    out
}

/// Builds one line, merging neighbouring text of the same face and colour
/// into one run so that each line is drawn with as few text operations as
/// its styling allows (and pdftotext reads it back as one string).
struct LineBuilder<'f> {
    fonts: &'f Fonts,
    size: f32,
    line: Line,
    pending_space: bool,
}

impl<'f> LineBuilder<'f> {
    fn new(fonts: &'f Fonts, size: f32) -> Self {
        LineBuilder {
            fonts,
            size,
            line: Line::default(),
            pending_space: false,
        }
    }

    fn is_empty(&self) -> bool {
        self.line.runs.is_empty()
    }

    /// Width the line would have with `word` appended after any pending space.
    fn width_with(&self, word: &str, font: FontKind) -> f32 {
        let m = self.fonts.metrics(font);
        let space = if self.pending_space && !self.is_empty() {
            m.width(" ", self.size)
        } else {
            0.0
        };
        self.line.width + space + m.width(word, self.size)
    }

    fn push(&mut self, word: &str, font: FontKind, colour: Colour) {
        let m = self.fonts.metrics(font);
        let mut text = String::new();
        if self.pending_space && !self.is_empty() {
            text.push(' ');
        }
        text.push_str(word);
        let w = m.width(&text, self.size);
        match self.line.runs.last_mut() {
            Some(last) if last.font == font && last.colour == colour => last.text.push_str(&text),
            _ => self.line.runs.push(Run {
                x: self.line.width,
                text,
                font,
                colour,
                bullet: false,
            }),
        }
        self.line.width += w;
        self.pending_space = false;
    }

    fn take(&mut self) -> Line {
        self.pending_space = false;
        std::mem::take(&mut self.line)
    }
}

/// Where a long unbroken string (a web address, a file name) may break
/// without a hyphen being added, after the Chicago Manual of Style: after a
/// slash, colon, equals sign or ampersand; before a hyphen, full stop or
/// underscore, so that a line never ends in a hyphen a reader (or
/// pdftotext) would take for a word break.
const BREAK_AFTER: &[char] = &['/', ':', '=', '&', '?', '#', ',', ';', '@', '\\'];
const BREAK_BEFORE: &[char] = &['-', '.', '_', '~'];

/// Splits a word wider than `width` into pieces that fit: at the last break
/// opportunity that fits, else after the last character that fits (at least
/// one character, so the loop always advances).
fn split_long_word(
    fonts: &Fonts,
    word: &str,
    font: FontKind,
    size: f32,
    width: f32,
) -> Vec<String> {
    let m = fonts.metrics(font);
    let mut pieces = Vec::new();
    let mut rest: &str = word;
    while m.width(rest, size) > width {
        let mut fit_end = 0; // byte index after the last char that fits
        let mut break_end = 0; // byte index of the last break opportunity that fits
        let mut w = 0.0;
        for (i, c) in rest.char_indices() {
            if BREAK_BEFORE.contains(&c) && i > 0 {
                break_end = i;
            }
            let cw = m.width(c.encode_utf8(&mut [0; 4]), size);
            if w + cw > width && fit_end > 0 {
                break;
            }
            w += cw;
            fit_end = i + c.len_utf8();
            if BREAK_AFTER.contains(&c) && fit_end < rest.len() {
                break_end = fit_end;
            }
        }
        // Prefer a natural break unless it would leave the line mostly empty.
        let end = if break_end > 0 && break_end * 3 >= fit_end {
            break_end
        } else {
            fit_end
        };
        pieces.push(rest[..end].to_string());
        rest = &rest[end..];
    }
    if !rest.is_empty() {
        pieces.push(rest.to_string());
    }
    pieces
}

/// Wraps a paragraph into lines no wider than `width` points. A bullet hangs
/// in the first `bullet_indent(size)` points of the first line; every line's
/// text starts after it.
pub fn wrap(fonts: &Fonts, para: &Para, size: f32, width: f32) -> Vec<Line> {
    let indent = if para.bullet.is_some() {
        bullet_indent(size)
    } else {
        0.0
    };
    let avail = (width - indent).max(size); // never zero: a word always advances
    let mut lines = Vec::new();
    let mut b = LineBuilder::new(fonts, size);
    for token in tokens(fonts, &para.spans) {
        match token {
            Token::Space => b.pending_space = true,
            Token::Break => lines.push(b.take()),
            Token::Word(word, font, colour) => {
                if b.width_with(&word, font) <= avail {
                    b.push(&word, font, colour);
                    continue;
                }
                if !b.is_empty() {
                    lines.push(b.take());
                }
                if fonts.metrics(font).width(&word, size) <= avail {
                    b.push(&word, font, colour);
                } else {
                    let pieces = split_long_word(fonts, &word, font, size, avail);
                    let last = pieces.len().saturating_sub(1);
                    for (i, piece) in pieces.iter().enumerate() {
                        b.push(piece, font, colour);
                        if i < last {
                            lines.push(b.take());
                        }
                    }
                }
            }
        }
    }
    if !b.is_empty() || lines.is_empty() {
        lines.push(b.take());
    }
    // Trailing empty lines from a final "\n" print nothing; drop them so that
    // they do not make a cell taller than its text.
    while lines.len() > 1 && lines.last().is_some_and(|l| l.runs.is_empty()) {
        lines.pop();
    }
    if indent > 0.0 {
        for line in &mut lines {
            for run in &mut line.runs {
                run.x += indent;
            }
        }
        if let (Some(first), Some(bullet)) = (lines.first_mut(), &para.bullet) {
            first.runs.insert(
                0,
                Run {
                    x: 0.0,
                    text: bullet.text.clone(),
                    font: bullet.font,
                    colour: bullet.colour,
                    bullet: true,
                },
            );
        }
    }
    lines
}

pub fn bullet_indent(size: f32) -> f32 {
    size * 1.6
}

/// Wraps several paragraphs into one column of lines (a table cell).
pub fn wrap_all(fonts: &Fonts, paras: &[Para], size: f32, width: f32) -> Vec<Line> {
    paras
        .iter()
        .flat_map(|p| wrap(fonts, p, size, width))
        .collect()
}

/// Something drawn on a page. `y` is from the top of the page; for text it is
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

/// One row of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub cells: Cells,
    /// What the first column shows when the row (or the rest of it) starts a
    /// page and its own first cell has nothing left to show: "Theme (continued)".
    pub continued: Vec<Para>,
    /// A new group (theme) starts here: the first column gets a rule above.
    pub group_start: bool,
    /// The first cell heads the row (a group's title in the
    /// recommendations table): tagged TH with row scope.
    pub row_header: bool,
    /// Never the last row on a page: a group heading, or a question whose
    /// recommendation row follows. (A tall row may still split; its end
    /// then goes over with the next row.)
    pub keep_with_next: bool,
    pub fill: Option<Colour>,
    /// At least this many lines tall (the blank template's space to write in).
    pub min_lines: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Cells {
    /// One cell per column.
    Columns(Vec<Vec<Para>>),
    /// One cell from column `from` to the right edge; the columns before it are
    /// empty (the theme column stays visible beside a recommendation).
    Span { from: usize, paras: Vec<Para> },
}

impl Row {
    pub fn columns(cells: Vec<Vec<Para>>) -> Row {
        Row {
            cells: Cells::Columns(cells),
            continued: Vec::new(),
            group_start: false,
            row_header: false,
            keep_with_next: false,
            fill: None,
            min_lines: 0,
        }
    }
    pub fn spanning(from: usize, paras: Vec<Para>) -> Row {
        Row {
            cells: Cells::Span { from, paras },
            continued: Vec::new(),
            group_start: false,
            row_header: false,
            keep_with_next: false,
            fill: None,
            min_lines: 0,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Column widths in points; they should add up to the body width.
    pub widths: Vec<f32>,
    pub header: Vec<Para>,
    pub rows: Vec<Row>,
    pub style: TextStyle,
    pub padding: f32,
    /// The first column reads as one merged cell per group: rules across it
    /// only where a group starts.
    pub merge_first_column: bool,
}

/// A row laid out: each cell's lines and where the cell starts and ends.
struct LaidRow {
    cells: Vec<LaidCell>,
    continued: Vec<Line>,
}

struct LaidCell {
    x: f32,
    lines: Vec<Line>,
    /// The element of each line (empty for untagged cells).
    tags: Vec<LineTag>,
    /// Whether each line starts a paragraph after the first: a small gap
    /// ([`CELL_PARA_GAP`]) goes above it, as the seed's cells have.
    gaps: Vec<bool>,
}

/// The space between paragraphs in a table cell, in points.
pub const CELL_PARA_GAP: f32 = 3.0;

impl LaidCell {
    /// Gaps above lines `offset+1 .. offset+count` (none above the first
    /// line of a part: it starts the cell or a page).
    fn gaps_in(&self, offset: usize, count: usize) -> usize {
        let end = (offset + count).min(self.gaps.len());
        (offset + 1..end).filter(|&j| self.gaps[j]).count()
    }
}

/// How drawn lines are tagged.
#[derive(Clone, Copy)]
enum Tagging<'a> {
    Artifact,
    All(LineTag),
    PerLine(&'a [LineTag]),
}

/// The element for a paragraph under `parent`: a leaf of `role`, or for a
/// bulleted paragraph a list item (in the list `list` holds open, or a new
/// one), with the bullet as its label.
fn para_tag(
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

/// A row that would fit on a fresh page is moved there whole unless it is
/// at least this many lines: splitting short rows reads worse than the gap
/// left by moving them.
const SPLIT_ROWS_FROM: usize = 12;

/// The fewest lines of a split paragraph or row left on either page.
const MIN_LINES_EACH_SIDE: usize = 2;

/// Where to split `n` lines when only `avail` fit: the largest k ≤ avail that
/// leaves at least two lines on each side, or `None`.
pub fn split_point(n: usize, avail: usize) -> Option<usize> {
    let k = avail.min(n.checked_sub(MIN_LINES_EACH_SIDE)?);
    (k >= MIN_LINES_EACH_SIDE && k < n).then_some(k)
}

struct PendingHeading {
    node: NodeId,
    lines: Vec<Line>,
    style: TextStyle,
    space_before: f32,
    space_after: f32,
    bookmark: Option<String>,
}

/// Fills pages from top to bottom.
pub struct Flow<'f> {
    fonts: &'f Fonts,
    pub geometry: PageGeometry,
    pages: Vec<Page>,
    y: f32,
    pending: Vec<PendingHeading>,
    outline: Vec<OutlineEntry>,
    tree: StructTree,
    /// The list the last body paragraphs (bulleted) belong to, if still open.
    list: Option<NodeId>,
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

    fn bottom(&self) -> f32 {
        self.geometry.body_bottom()
    }

    fn left(&self) -> f32 {
        self.geometry.margin_left
    }

    /// Nothing has been placed on the current page yet (or there is no page).
    fn at_page_top(&self) -> bool {
        self.pages.is_empty() || self.y <= self.geometry.margin_top + 0.01
    }

    pub fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = self.geometry.margin_top;
    }

    fn ensure_page(&mut self) {
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

    fn draw(&mut self, d: Draw) {
        self.ensure_page();
        if let Some(page) = self.pages.last_mut() {
            page.draws.push(d);
        }
    }

    fn draw_tagged(&mut self, d: Draw, node: NodeId) {
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

    fn draw_lines(
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
    fn place_pending(&mut self, next_min: f32) {
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

    /// Wraps a cell's paragraphs, and adds its element (of `role`, under
    /// the row `tr`) with an element for each paragraph; a cell of one plain
    /// paragraph holds its text itself.
    #[allow(clippy::too_many_arguments)]
    fn lay_cell(
        &mut self,
        paras: &[Para],
        x: f32,
        width: f32,
        size: f32,
        tr: Option<NodeId>,
        role: Role,
        col_span: usize,
    ) -> LaidCell {
        let Some(tr) = tr else {
            let mut lines = Vec::new();
            let mut gaps = Vec::new();
            for para in paras {
                let wrapped = wrap(self.fonts, para, size, width);
                gaps.extend((0..wrapped.len()).map(|i| i == 0 && !lines.is_empty()));
                lines.extend(wrapped);
            }
            return LaidCell {
                x,
                lines,
                tags: Vec::new(),
                gaps,
            };
        };
        let cell = self.tree.add(tr, role);
        if let Some(n) = self.tree.nodes.get_mut(cell) {
            n.col_span = u16::try_from(col_span).unwrap_or(1);
        }
        if let [only] = paras {
            if only.bullet.is_none() {
                let lines = wrap(self.fonts, only, size, width);
                let tags = vec![LineTag::Leaf(cell); lines.len()];
                let gaps = vec![false; lines.len()];
                return LaidCell {
                    x,
                    lines,
                    tags,
                    gaps,
                };
            }
        }
        let mut lines = Vec::new();
        let mut tags = Vec::new();
        let mut gaps = Vec::new();
        let mut list = None;
        for para in paras {
            let tag = para_tag(&mut self.tree, cell, &mut list, para, Role::P);
            let wrapped = wrap(self.fonts, para, size, width);
            tags.extend(std::iter::repeat_n(tag, wrapped.len()));
            gaps.extend((0..wrapped.len()).map(|i| i == 0 && !lines.is_empty()));
            lines.extend(wrapped);
        }
        LaidCell {
            x,
            lines,
            tags,
            gaps,
        }
    }

    /// Lays out a row; with `table` given (its element), also adds the row's
    /// element and its cells' to the structure.
    ///
    /// `first_rows`: the rows the first cell spans, or `None` when the row's
    /// first column belongs to the merged cell of a row above (a theme's
    /// later questions), which then has no element of its own.
    fn lay_row(
        &mut self,
        table: &Table,
        row: &Row,
        table_node: Option<NodeId>,
        header: bool,
        first_rows: Option<usize>,
    ) -> LaidRow {
        let pad = table.padding;
        let size = table.style.size;
        let mut xs = Vec::with_capacity(table.widths.len());
        let mut x = self.left();
        for w in &table.widths {
            xs.push(x);
            x += w;
        }
        let right = x;
        let tr = table_node.map(|t| self.tree.add(t, Role::TR));
        let role_of = |column: usize| {
            if header {
                Role::TH(Scope::Column)
            } else if column == 0 && row.row_header {
                Role::TH(Scope::Row)
            } else {
                Role::TD
            }
        };
        let merged = first_rows.is_none();
        let cells = match &row.cells {
            Cells::Columns(cols) => {
                let mut cells = Vec::with_capacity(cols.len());
                for (i, (paras, (&x, &w))) in
                    cols.iter().zip(xs.iter().zip(&table.widths)).enumerate()
                {
                    let own = i > 0 || !merged || !paras.is_empty();
                    let cell_tr = if own { tr } else { None };
                    let cell = self.lay_cell(paras, x, w - 2.0 * pad, size, cell_tr, role_of(i), 1);
                    if i == 0 && own {
                        self.set_row_span(cell_tr, first_rows);
                    }
                    cells.push(cell);
                }
                cells
            }
            Cells::Span { from, paras } => {
                // The empty columns before the span are cells too, so that
                // every row has a cell under each header.
                if let Some(tr) = tr {
                    for i in 0..*from {
                        if i == 0 && merged {
                            continue;
                        }
                        self.tree.add(tr, role_of(i));
                        if i == 0 {
                            self.set_row_span(Some(tr), first_rows);
                        }
                    }
                }
                let x = xs.get(*from).copied().unwrap_or(self.left());
                let w = right - x;
                let span = table.widths.len().saturating_sub(*from).max(1);
                vec![self.lay_cell(paras, x, w - 2.0 * pad, size, tr, role_of(*from), span)]
            }
        };
        let first_w = table.widths.first().copied().unwrap_or(0.0);
        let continued = wrap_all(self.fonts, &row.continued, size, first_w - 2.0 * pad);
        LaidRow { cells, continued }
    }

    /// Gives the row's last-added cell (its first) a row span.
    fn set_row_span(&mut self, tr: Option<NodeId>, rows: Option<usize>) {
        let (Some(tr), Some(rows)) = (tr, rows) else {
            return;
        };
        let cell = self.tree.nodes.get(tr).and_then(|n| n.kids.last().copied());
        if let Some(n) = cell.and_then(|c| self.tree.nodes.get_mut(c)) {
            n.row_span = u16::try_from(rows).unwrap_or(u16::MAX);
        }
    }

    fn header_height(&self, table: &Table, header: &LaidRow) -> f32 {
        let lines = header
            .cells
            .iter()
            .map(|c| c.lines.len())
            .max()
            .unwrap_or(1);
        lines as f32 * table.style.leading + 2.0 * table.padding
    }

    /// Whether the first column, at this point of the row, would show the
    /// "continued" text: the part starts a page and the row's own first cell
    /// has nothing left from `offset` on.
    fn shows_continued(row: &Row, laid: &LaidRow, offset: usize, at_top: bool) -> bool {
        at_top
            && !laid.continued.is_empty()
            && match &row.cells {
                Cells::Columns(_) => laid.cells.first().is_none_or(|c| c.lines.len() <= offset),
                Cells::Span { from, .. } => *from > 0,
            }
    }

    /// The height of `count` lines of a row from `offset`, with the gaps
    /// between the cells' paragraphs and the padding.
    fn part_height(table: &Table, laid: &LaidRow, offset: usize, count: usize) -> f32 {
        let leading = table.style.leading;
        let cells = laid
            .cells
            .iter()
            .map(|c| {
                let n = c.lines.len().saturating_sub(offset).min(count);
                n as f32 * leading + c.gaps_in(offset, count) as f32 * CELL_PARA_GAP
            })
            .fold(0.0_f32, f32::max);
        (count as f32 * leading).max(cells) + 2.0 * table.padding
    }

    /// Lines the part of a row from `offset` takes if it all goes on one page.
    fn part_lines(row: &Row, laid: &LaidRow, offset: usize, at_top: bool) -> usize {
        let content = laid
            .cells
            .iter()
            .map(|c| c.lines.len().saturating_sub(offset))
            .max()
            .unwrap_or(0);
        let label = if Self::shows_continued(row, laid, offset, at_top) {
            laid.continued.len()
        } else {
            0
        };
        let min_rest = row.min_lines.saturating_sub(offset);
        content.max(label).max(min_rest).max(1)
    }

    /// The largest number of lines (≤ `avail`) of the row from `offset` that
    /// can end this page with every split cell keeping two lines each side.
    fn row_split(
        row: &Row,
        laid: &LaidRow,
        offset: usize,
        avail: usize,
        at_top: bool,
    ) -> Option<usize> {
        let label = if Self::shows_continued(row, laid, offset, at_top) {
            laid.continued.len()
        } else {
            0
        };
        (MIN_LINES_EACH_SIDE.max(label)..=avail).rev().find(|&k| {
            laid.cells.iter().all(|c| {
                let rem = c.lines.len().saturating_sub(offset);
                rem <= k || (k >= MIN_LINES_EACH_SIDE && rem - k >= MIN_LINES_EACH_SIDE)
            }) && laid
                .cells
                .iter()
                .any(|c| c.lines.len().saturating_sub(offset) > k)
        })
    }

    /// A drawn figure `height` points tall, kept whole on one page: its
    /// text and fills are one Figure element read out as `alt` (lines are
    /// artifacts). `draws` are placed with y measured from the figure's top.
    pub fn figure(&mut self, alt: &str, height: f32, draws: Vec<Draw>) {
        self.list = None;
        self.place_pending(height);
        self.need(height);
        let node = self.tree.add(ROOT, Role::Figure);
        if let Some(n) = self.tree.nodes.get_mut(node) {
            n.alt = Some(alt.to_string());
        }
        let top = self.y;
        for d in draws {
            match d {
                Draw::Text {
                    x,
                    y,
                    text,
                    font,
                    size,
                    colour,
                } => self.draw_tagged(
                    Draw::Text {
                        x,
                        y: y + top,
                        text,
                        font,
                        size,
                        colour,
                    },
                    node,
                ),
                Draw::Fill { x, y, w, h, colour } => self.draw_tagged(
                    Draw::Fill {
                        x,
                        y: y + top,
                        w,
                        h,
                        colour,
                    },
                    node,
                ),
                Draw::Line {
                    x1,
                    y1,
                    x2,
                    y2,
                    width,
                    colour,
                } => self.draw(Draw::Line {
                    x1,
                    y1: y1 + top,
                    x2,
                    y2: y2 + top,
                    width,
                    colour,
                }),
            }
        }
        self.y = (top + height).min(self.bottom());
    }

    /// A table whose header row repeats on every page it reaches.
    pub fn table(&mut self, table: &Table) {
        let pad = table.padding;
        let leading = table.style.leading;
        let header_row = Row {
            fill: Some(HEADER_FILL),
            ..Row::columns(table.header.iter().map(|p| vec![p.clone()]).collect())
        };
        self.list = None;
        let table_node = self.tree.add(ROOT, Role::Table);
        let header = self.lay_row(table, &header_row, Some(table_node), true, Some(1));
        let header_h = self.header_height(table, &header);
        // With a merged first column, a group's first cell spans its rows.
        let first_rows: Vec<Option<usize>> = (0..table.rows.len())
            .map(|i| {
                if !table.merge_first_column {
                    return Some(1);
                }
                if i > 0 && !table.rows[i].group_start {
                    return None;
                }
                let next = table.rows[i + 1..]
                    .iter()
                    .position(|r| r.group_start)
                    .map_or(table.rows.len(), |p| i + 1 + p);
                Some(next - i)
            })
            .collect();
        let laid: Vec<LaidRow> = table
            .rows
            .iter()
            .zip(first_rows)
            .map(|(r, first)| self.lay_row(table, r, Some(table_node), false, first))
            .collect();

        // The header and the start of the first row go together.
        let first_min = match (table.rows.first(), laid.first()) {
            (Some(r), Some(l)) => {
                Self::part_lines(r, l, 0, true).min(MIN_LINES_EACH_SIDE.max(3)) as f32 * leading
                    + 2.0 * pad
            }
            _ => 0.0,
        };
        self.place_pending(header_h + first_min);
        if self.y + header_h + first_min > self.bottom() && !self.at_page_top() {
            self.new_page();
        }
        self.draw_row_part(
            table,
            &header_row,
            &header,
            0,
            header
                .cells
                .iter()
                .map(|c| c.lines.len())
                .max()
                .unwrap_or(1),
            true,
            false,
            true,
        );
        let mut rows_on_page = 0;

        for (i, (row, lr)) in table.rows.iter().zip(&laid).enumerate() {
            let mut offset = 0;
            loop {
                let at_top = rows_on_page == 0;
                let lines = Self::part_lines(row, lr, offset, at_top);
                let h = Self::part_height(table, lr, offset, lines);
                // A row that must stay with the next needs room for the
                // next row's first two lines as well.
                let keep = match (row.keep_with_next, table.rows.get(i + 1), laid.get(i + 1)) {
                    (true, Some(nr), Some(nl)) => {
                        Self::part_lines(nr, nl, 0, false).min(MIN_LINES_EACH_SIDE) as f32 * leading
                            + 2.0 * pad
                    }
                    _ => 0.0,
                };
                if self.y + h + keep <= self.bottom() {
                    self.draw_row_part(table, row, lr, offset, lines, at_top, true, true);
                    self.y += h;
                    rows_on_page += 1;
                    break;
                }
                let avail = ((self.bottom() - self.y - 2.0 * pad) / leading + 0.001)
                    .floor()
                    .max(0.0) as usize;
                let fits_fresh_page = h + header_h + keep <= self.geometry.body_height();
                let room = self.bottom() - self.y;
                // The largest clean split whose lines and paragraph gaps fit.
                let mut split = None;
                let mut most = avail;
                while let Some(k) = Self::row_split(row, lr, offset, most, at_top) {
                    if Self::part_height(table, lr, offset, k) <= room + 0.01 {
                        split = Some(k);
                        break;
                    }
                    most = k - 1;
                }
                let split =
                    split.filter(|&k| !fits_fresh_page || (lines >= SPLIT_ROWS_FROM && k >= 4));
                match split {
                    Some(k) => {
                        self.draw_row_part(table, row, lr, offset, k, at_top, true, true);
                        self.y += Self::part_height(table, lr, offset, k);
                        offset += k;
                    }
                    None if at_top => {
                        // Taller than a page with no clean split: fill the page.
                        let mut k = avail.max(1);
                        while k > 1 && Self::part_height(table, lr, offset, k) > room + 0.01 {
                            k -= 1;
                        }
                        self.draw_row_part(table, row, lr, offset, k, at_top, true, true);
                        self.y += Self::part_height(table, lr, offset, k);
                        offset += k;
                    }
                    None => {}
                }
                self.close_table_page(table);
                self.new_page();
                self.draw_row_part(
                    table,
                    &header_row,
                    &header,
                    0,
                    header
                        .cells
                        .iter()
                        .map(|c| c.lines.len())
                        .max()
                        .unwrap_or(1),
                    true,
                    false,
                    // Read once: the copy at the head of a later page is
                    // repeated for the eye, an artifact.
                    false,
                );
                rows_on_page = 0;
                if lr.cells.iter().all(|c| c.lines.len() <= offset)
                    && offset >= row.min_lines
                    && offset > 0
                {
                    break;
                }
            }
        }
        self.close_table_page(table);
    }

    /// The rule under the last row on a page.
    fn close_table_page(&mut self, table: &Table) {
        let x1 = self.left();
        let x2 = x1 + table.widths.iter().sum::<f32>();
        let y = self.y;
        self.rule(x1, y, x2, y, 0.6, RULE);
    }

    /// Draws `count` lines of a row from line `offset`, with its fill and rules.
    #[allow(clippy::too_many_arguments)]
    fn draw_row_part(
        &mut self,
        table: &Table,
        row: &Row,
        laid: &LaidRow,
        offset: usize,
        count: usize,
        at_top: bool,
        body: bool,
        tagged: bool,
    ) {
        let pad = table.padding;
        let style = table.style;
        let top = self.y;
        let h = Self::part_height(table, laid, offset, count);
        let left = self.left();
        let right = left + table.widths.iter().sum::<f32>();
        if !body {
            // The header is drawn at the current position and moves it on.
            if let Some(fill) = row.fill {
                self.fill(left, top, right - left, h, fill);
            }
        } else if let Some(fill) = row.fill {
            let x = laid.cells.first().map_or(left, |c| c.x);
            self.fill(x, top, right - x, h, fill);
        }
        if Self::shows_continued(row, laid, offset, at_top) {
            let lines = laid.continued.clone();
            self.draw_lines(&lines, left + pad, top + pad, style, Tagging::Artifact);
        }
        for cell in &laid.cells {
            let end = (offset + count).min(cell.lines.len());
            if offset < end {
                let lines = cell.lines[offset..end].to_vec();
                let tags = if tagged {
                    cell.tags.get(offset..end).map(<[LineTag]>::to_vec)
                } else {
                    None
                };
                let mut y = top + pad;
                for (j, line) in lines.iter().enumerate() {
                    if j > 0 && cell.gaps.get(offset + j) == Some(&true) {
                        y += CELL_PARA_GAP;
                    }
                    let tagging = match &tags {
                        Some(t) => Tagging::PerLine(&t[j..=j]),
                        None => Tagging::Artifact,
                    };
                    self.draw_lines(std::slice::from_ref(line), cell.x + pad, y, style, tagging);
                    y += style.leading;
                }
            }
        }
        // Rules: every column boundary down the part; across the top, all
        // columns except a merged first column that continues its group.
        let first_w = table.widths.first().copied().unwrap_or(0.0);
        let top_from = if table.merge_first_column && body && !at_top && !row.group_start {
            left + first_w
        } else {
            left
        };
        self.rule(
            top_from,
            top,
            right,
            top,
            if body { 0.4 } else { 0.6 },
            RULE,
        );
        let mut xs = vec![left];
        match &row.cells {
            Cells::Columns(_) => {
                let mut x = left;
                for w in &table.widths {
                    x += w;
                    xs.push(x);
                }
            }
            Cells::Span { from, .. } => {
                let mut x = left;
                for w in table.widths.iter().take(*from) {
                    x += w;
                    xs.push(x);
                }
                xs.push(right);
            }
        }
        for x in xs {
            self.rule(x, top, x, top + h, 0.4, RULE);
        }
        if !body {
            self.y += h;
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: TextStyle = TextStyle {
        size: 10.0,
        leading: 14.0,
    };
    const CELL: TextStyle = TextStyle {
        size: 9.0,
        leading: 12.0,
    };

    fn fonts() -> Fonts {
        Fonts::load().expect("embedded fonts")
    }

    fn texts(lines: &[Line]) -> Vec<String> {
        lines.iter().map(Line::text).collect()
    }

    #[test]
    fn wraps_at_spaces_within_the_width() {
        let f = fonts();
        let p = Para::plain("The representatives were clearly very well prepared for the review and had considered their responses.");
        let lines = wrap(&f, &p, 10.0, 200.0);
        assert!(lines.len() >= 2, "{:?}", texts(&lines));
        for l in &lines {
            assert!(l.width <= 200.0, "“{}” is {} wide", l.text(), l.width);
            assert!(
                !l.text().starts_with(' ') && !l.text().ends_with(' '),
                "no spaces at the ends of “{}”",
                l.text()
            );
        }
        assert_eq!(texts(&lines).join(" "), "The representatives were clearly very well prepared for the review and had considered their responses.");
    }

    #[test]
    fn a_newline_is_a_line_break_in_the_same_cell() {
        let f = fonts();
        let lines = wrap(&f, &Para::plain("First line\nSecond line\n"), 9.0, 300.0);
        assert_eq!(texts(&lines), ["First line", "Second line"]);
    }

    #[test]
    fn a_web_address_wraps_inside_its_column() {
        let f = fonts();
        let url = "https://sites.southglos.gov.uk/safeguarding/wp-content/uploads/sites/221/2021/11/Thematic-Regional-Peer-on-Peer-and-CCE-CSPR-Practitioner-Briefing.pdf";
        let p = Para::plain(format!("The full CSPR is at {url} for all staff"));
        let width = 150.0;
        let lines = wrap(&f, &p, 9.0, width);
        for l in &lines {
            assert!(
                l.width <= width + 0.01,
                "“{}” overflows: {} > {width}",
                l.text(),
                l.width
            );
        }
        let joined: String = texts(&lines).concat();
        assert!(
            joined.replace(' ', "").contains(&url.replace(' ', "")),
            "every character of the address is kept in order"
        );
        assert!(
            lines.iter().any(|l| l.text().ends_with('/')),
            "breaks after a slash where it can: {:?}",
            texts(&lines)
        );
        assert!(
            !lines.iter().any(|l| l.text().ends_with('-')),
            "never ends a line on a hyphen of the address: {:?}",
            texts(&lines)
        );
    }

    #[test]
    fn bold_and_regular_runs_share_a_line() {
        let f = fonts();
        let p = Para::new(vec![
            Span::bold("Recommendation 1:"),
            Span::regular(" Circulate the offer"),
        ]);
        let lines = wrap(&f, &p, 9.0, 400.0);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].runs.len(), 2);
        assert_eq!(lines[0].text(), "Recommendation 1: Circulate the offer");
        assert!(lines[0].runs[1].x > 0.0);
    }

    #[test]
    fn a_bullet_hangs_left_of_every_line() {
        let f = fonts();
        let p = Para::plain("A clear line of accountability for the commissioning and provision of services designed to safeguard children").with_bullet(Span::regular("✓"));
        let lines = wrap(&f, &p, 10.0, 200.0);
        assert!(lines.len() > 1);
        assert_eq!(lines[0].runs[0].text, "✓");
        let indent = bullet_indent(10.0);
        assert!(
            lines
                .iter()
                .all(|l| l.runs.iter().any(|r| (r.x - indent).abs() < 0.01)),
            "text lines start at the same indent"
        );
    }

    #[test]
    fn split_point_leaves_two_lines_each_side() {
        assert_eq!(split_point(10, 5), Some(5));
        assert_eq!(split_point(10, 9), Some(8), "two lines must go over");
        assert_eq!(
            split_point(10, 1),
            None,
            "one line alone at the foot is a widow"
        );
        assert_eq!(
            split_point(3, 2),
            None,
            "three lines cannot split two and two"
        );
        assert_eq!(split_point(4, 2), Some(2));
    }

    fn three_columns(f: &Fonts) -> Table {
        let w = PageGeometry::a4().body_width();
        let _ = f;
        Table {
            widths: vec![w * 0.16, w * 0.31, w * 0.53],
            header: vec![
                Para::bold("Theme"),
                Para::bold("Questions to Explore"),
                Para::bold("Responses"),
            ],
            rows: Vec::new(),
            style: CELL,
            padding: 4.0,
            merge_first_column: true,
        }
    }

    fn response_row(theme: &str, question: &str, response: &str, first: bool) -> Row {
        let mut row = Row::columns(vec![
            if first {
                vec![Para::bold(theme)]
            } else {
                Vec::new()
            },
            vec![Para::plain(question)],
            vec![Para::plain(response)],
        ]);
        row.continued = vec![Para::plain(format!("{theme} (continued)"))];
        row.group_start = first;
        row
    }

    fn numbered_lines(n: usize) -> String {
        (1..=n)
            .map(|i| format!("Response line {i:03}"))
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn header_repeats_on_every_page_and_a_long_response_splits_between_lines() {
        let f = fonts();
        let mut t = three_columns(&f);
        // About 160 lines: longer than two pages of table.
        t.rows.push(response_row(
            "Learning & Development",
            "Tell us about supervision",
            &numbered_lines(160),
            true,
        ));
        t.rows.push(response_row(
            "Learning & Development",
            "How is learning embedded?",
            "Reports are written.",
            false,
        ));
        let mut flow = Flow::new(&f, PageGeometry::a4());
        flow.table(&t);
        let (pages, _) = flow.finish();
        assert!(
            pages.len() >= 3,
            "160 lines need at least three pages, got {}",
            pages.len()
        );
        for (i, p) in pages.iter().enumerate() {
            let texts = p.texts();
            assert_eq!(
                texts.iter().filter(|t| **t == "Responses").count(),
                1,
                "page {} repeats the header once",
                i + 1
            );
            if i > 0 {
                let joined = texts.join(" ");
                assert!(
                    joined.contains("Learning & Development (continued)"),
                    "page {} names the theme as continued: {:?}",
                    i + 1,
                    &texts[..6.min(texts.len())]
                );
            }
            let lines: Vec<&&str> = texts
                .iter()
                .filter(|t| t.starts_with("Response line"))
                .collect();
            if !lines.is_empty() {
                assert!(
                    lines.len() >= 2,
                    "page {} has a single stranded line of the response",
                    i + 1
                );
            }
        }
        // Every line once, in order.
        let all: Vec<String> = pages
            .iter()
            .flat_map(|p| {
                p.texts()
                    .into_iter()
                    .filter(|t| t.starts_with("Response line"))
                    .map(str::to_string)
            })
            .collect();
        let expected: Vec<String> = (1..=160).map(|i| format!("Response line {i:03}")).collect();
        assert_eq!(all, expected);
        // The text of each page stays inside the body.
        let g = PageGeometry::a4();
        for p in &pages {
            for d in &p.draws {
                if let Draw::Text { y, .. } = d {
                    assert!(
                        *y > g.margin_top && *y < g.body_bottom(),
                        "text at y={y} lies outside the body"
                    );
                }
            }
        }
    }

    #[test]
    fn paragraphs_in_a_cell_keep_a_small_gap_between_them() {
        let f = fonts();
        let mut t = three_columns(&f);
        t.rows.push(Row::columns(vec![
            vec![Para::bold("Theme")],
            vec![Para::plain("Question")],
            vec![
                Para::plain("First paragraph."),
                Para::plain("Second paragraph."),
            ],
        ]));
        let mut flow = Flow::new(&f, PageGeometry::a4());
        flow.table(&t);
        let (pages, _) = flow.finish();
        let y = |needle: &str| {
            pages[0].draws.iter().find_map(|d| match d {
                Draw::Text { y, text, .. } if text == needle => Some(*y),
                _ => None,
            })
        };
        let (Some(a), Some(b)) = (y("First paragraph."), y("Second paragraph.")) else {
            panic!("both paragraphs are drawn");
        };
        assert!(
            (b - a - CELL.leading - CELL_PARA_GAP).abs() < 0.01,
            "a line and a gap apart: {a} {b}"
        );
    }

    #[test]
    fn no_row_leaves_one_line_at_the_foot_of_a_page() {
        let f = fonts();
        // Fill most of a page with body text, then a table whose second row
        // would have one line left at the foot if split naively.
        for filler in 40..56 {
            let mut flow = Flow::new(&f, PageGeometry::a4());
            for _ in 0..filler {
                flow.paragraph(&Para::plain("Filler."), BODY, 0.0, 0.0);
            }
            let mut t = three_columns(&f);
            t.rows
                .push(response_row("Theme", "Q1", &numbered_lines(9), true));
            t.rows
                .push(response_row("Theme", "Q2", &numbered_lines(9), false));
            flow.table(&t);
            let (pages, _) = flow.finish();
            for (i, p) in pages.iter().enumerate() {
                let n = p
                    .texts()
                    .iter()
                    .filter(|t| t.starts_with("Response line"))
                    .count();
                // Count per row: lines of Q1 and Q2 on this page.
                assert!(
                    n != 1,
                    "filler {filler}: page {} shows one stranded line",
                    i + 1
                );
            }
        }
    }

    #[test]
    fn a_heading_is_never_the_last_thing_on_a_page() {
        let f = fonts();
        for filler in 45..58 {
            let mut flow = Flow::new(&f, PageGeometry::a4());
            for _ in 0..filler {
                flow.paragraph(&Para::plain("Filler."), BODY, 0.0, 0.0);
            }
            flow.heading(
                &Para::bold("Peer Review BNSSG CCG"),
                Role::H2,
                TextStyle {
                    size: 14.0,
                    leading: 18.0,
                },
                12.0,
                6.0,
                Some("Peer Review BNSSG CCG"),
            );
            flow.paragraph(&Para::plain("This review took place on 10 February 2022. The peer review panel was Sarah Taylor, Matthew Garnham and Hilary Smith."), BODY, 0.0, 6.0);
            let (pages, outline) = flow.finish();
            let page_of = |needle: &str| {
                pages
                    .iter()
                    .position(|p| p.texts().iter().any(|t| t.contains(needle)))
            };
            assert_eq!(
                page_of("Peer Review BNSSG"),
                page_of("This review took place"),
                "filler {filler}: the heading went without its paragraph"
            );
            assert_eq!(
                outline.last().map(|o| o.page),
                page_of("Peer Review BNSSG"),
                "the bookmark points at the heading's page"
            );
        }
    }

    #[test]
    fn a_group_heading_row_stays_with_the_next_row() {
        let f = fonts();
        for filler in 48..58 {
            let mut flow = Flow::new(&f, PageGeometry::a4());
            for _ in 0..filler {
                flow.paragraph(&Para::plain("Filler."), BODY, 0.0, 0.0);
            }
            let w = PageGeometry::a4().body_width();
            let mut group = Row::spanning(0, vec![Para::bold("Recommendations: LPW")]);
            group.keep_with_next = true;
            let t = Table {
                widths: vec![w * 0.1, w * 0.9],
                header: vec![Para::bold("Number"), Para::bold("Recommendation")],
                rows: vec![
                    group,
                    Row::columns(vec![
                        vec![Para::plain("6")],
                        vec![Para::plain("LPW to review the policies")],
                    ]),
                ],
                style: CELL,
                padding: 4.0,
                merge_first_column: false,
            };
            flow.table(&t);
            let (pages, _) = flow.finish();
            let page_of = |needle: &str| {
                pages
                    .iter()
                    .position(|p| p.texts().iter().any(|t| t.contains(needle)))
            };
            assert_eq!(
                page_of("Recommendations: LPW"),
                page_of("LPW to review"),
                "filler {filler}"
            );
        }
    }

    #[test]
    fn a_long_paragraph_splits_with_two_lines_each_side() {
        let f = fonts();
        for filler in 50..58 {
            let mut flow = Flow::new(&f, PageGeometry::a4());
            for _ in 0..filler {
                flow.paragraph(&Para::plain("Filler."), BODY, 0.0, 0.0);
            }
            flow.paragraph(
                &Para::plain(numbered_lines(6).replace('\n', " ")),
                TextStyle {
                    size: 10.0,
                    leading: 14.0,
                },
                0.0,
                0.0,
            );
            let (pages, _) = flow.finish();
            for p in &pages {
                let n = p
                    .texts()
                    .iter()
                    .filter(|t| t.contains("Response line"))
                    .count();
                assert!(
                    n != 1,
                    "filler {filler}: a single line of the paragraph is stranded"
                );
            }
        }
    }
}
