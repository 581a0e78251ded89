//! Spans, paragraphs and the greedy wrapping of them into lines of runs.

use super::super::fonts::{FontKind, Fonts};

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

/// A piece of a paragraph: a word borrows its text from the paragraph's
/// printable spans (no string per word: issue 22, wrapping the large audit's
/// table cells was a tenth of an export).
enum Token<'t> {
    Word(&'t str, FontKind, Colour),
    Space,
    Break,
}

/// The spans' text as it can be printed ([`Fonts::printable`]), one string
/// per span, for [`tokens`] to borrow from.
fn printable_spans(fonts: &Fonts, spans: &[Span]) -> Vec<String> {
    spans.iter().map(|s| fonts.printable(&s.text)).collect()
}

fn tokens<'t>(spans: &[Span], printable: &'t [String]) -> Vec<Token<'t>> {
    let mut out = Vec::new();
    for (span, text) in spans.iter().zip(printable) {
        for (i, hard_line) in text.split('\n').enumerate() {
            if i > 0 {
                out.push(Token::Break);
            }
            for (j, word) in hard_line.split(' ').enumerate() {
                if j > 0 {
                    out.push(Token::Space);
                }
                if !word.is_empty() {
                    out.push(Token::Word(word, span.font, span.colour));
                }
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

    /// The width `word` adds to the line: its own and any pending space's.
    fn added_width(&self, word: &str, font: FontKind) -> f32 {
        let m = self.fonts.metrics(font);
        if self.pending_space && !self.is_empty() {
            m.width_after_space(word, self.size)
        } else {
            m.width(word, self.size)
        }
    }

    /// Appends `word` (after any pending space), which adds `added` to the
    /// line's width (from [`Self::added_width`], measured once).
    fn push_measured(&mut self, word: &str, font: FontKind, colour: Colour, added: f32) {
        let space = self.pending_space && !self.is_empty();
        match self.line.runs.last_mut() {
            Some(last) if last.font == font && last.colour == colour => {
                if space {
                    last.text.push(' ');
                }
                last.text.push_str(word);
            }
            _ => {
                let mut text = String::with_capacity(word.len() + 1);
                if space {
                    text.push(' ');
                }
                text.push_str(word);
                self.line.runs.push(Run {
                    x: self.line.width,
                    text,
                    font,
                    colour,
                    bullet: false,
                });
            }
        }
        self.line.width += added;
        self.pending_space = false;
    }

    fn push(&mut self, word: &str, font: FontKind, colour: Colour) {
        let added = self.added_width(word, font);
        self.push_measured(word, font, colour, added);
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
    let printable = printable_spans(fonts, &para.spans);
    for token in tokens(&para.spans, &printable) {
        match token {
            Token::Space => b.pending_space = true,
            Token::Break => lines.push(b.take()),
            Token::Word(word, font, colour) => {
                let added = b.added_width(word, font);
                if b.line.width + added <= avail {
                    b.push_measured(word, font, colour, added);
                    continue;
                }
                if !b.is_empty() {
                    lines.push(b.take());
                }
                if fonts.metrics(font).width(word, size) <= avail {
                    b.push(word, font, colour);
                } else {
                    let pieces = split_long_word(fonts, word, font, size, avail);
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
