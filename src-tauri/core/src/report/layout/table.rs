//! Tables: rows laid out cell by cell, split across pages with the header
//! row repeated and the theme shown as continued.

use super::super::tags::{LineTag, NodeId, Role, Scope, ROOT};
use super::flow::{para_tag, Tagging, MIN_LINES_EACH_SIDE};
use super::{wrap, wrap_all, Colour, Draw, Flow, Line, Para, TextStyle, HEADER_FILL, RULE};

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

/// A row that would fit on a fresh page is moved there whole unless it is
/// at least this many lines: splitting short rows reads worse than the gap
/// left by moving them.
const SPLIT_ROWS_FROM: usize = 12;

impl<'f> Flow<'f> {
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
}
