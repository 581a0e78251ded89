//! The report's typeface: DejaVu Sans, regular and bold, embedded in the
//! binary (Bitstream Vera licence, see `fonts/LICENSE`). It covers the
//! accents UK names need, curly quotes, dashes and the tick mark (✓) the
//! seed's Background uses; Liberation Sans lacks the tick. Emoji and the
//! symbols DejaVu lacks fall back to Noto Emoji (monochrome, OFL); CJK and
//! other scripts neither covers print as a placeholder, and the export says
//! which (a CJK font would add some 20 MB to the app).
//!
//! Widths are measured here with ttf-parser on the same bytes printpdf
//! embeds, so what the layout measures is what the page shows: printpdf does
//! no kerning or shaping, and neither do we.

use std::cell::RefCell;

use ttf_parser::{Face, GlyphId};

use super::ReportError;

pub(crate) const REGULAR_TTF: &[u8] = include_bytes!("../../fonts/DejaVuSans.ttf");
pub(crate) const BOLD_TTF: &[u8] = include_bytes!("../../fonts/DejaVuSans-Bold.ttf");
/// The fallback for emoji and the symbols DejaVu lacks: Noto Emoji
/// (monochrome, SIL Open Font License 1.1, `fonts/NotoEmoji-OFL.txt`),
/// 0.9 MB, embedded in a PDF only as the subset a report uses.
pub(crate) const EMOJI_TTF: &[u8] = include_bytes!("../../fonts/NotoEmoji-Regular.ttf");

/// Which face a run of text is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FontKind {
    Regular,
    Bold,
}

/// One face with its advance widths cached per character: a 60-page report
/// measures hundreds of thousands of characters, from a few hundred distinct ones.
pub(crate) struct Metrics {
    face: Face<'static>,
    units_per_em: f32,
    /// Advances of the characters below [`CACHED`], filled as they are first
    /// measured: `UNKNOWN` not yet looked up, `MISSING` no glyph.
    advances: RefCell<Vec<u32>>,
    /// Advances of ASCII, looked up when the face is loaded: most of what a
    /// report measures, read without the cache's borrow (issue 22).
    ascii: [u32; 128],
    /// Where characters this face lacks are looked for (Noto Emoji).
    fallback: Option<Box<Metrics>>,
}

const CACHED: usize = 0x3000;
const UNKNOWN: u32 = u32::MAX;
const MISSING: u32 = u32::MAX - 1;

impl Metrics {
    fn parse(bytes: &'static [u8], name: &str) -> Result<Metrics, ReportError> {
        let face = Face::parse(bytes, 0).map_err(|_| ReportError::Font(name.to_string()))?;
        let units_per_em = f32::from(face.units_per_em());
        let mut ascii = [MISSING; 128];
        for (c, a) in (0u8..128).map(char::from).zip(ascii.iter_mut()) {
            if let Some(advance) = face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g)) {
                *a = u32::from(advance);
            }
        }
        Ok(Metrics {
            face,
            units_per_em,
            ascii,
            advances: RefCell::new(vec![UNKNOWN; CACHED]),
            fallback: None,
        })
    }

    fn with_fallback(mut self, fallback: Metrics) -> Metrics {
        self.fallback = Some(Box::new(fallback));
        self
    }

    /// Whether the fallback face prints `c` (this face does not).
    pub(crate) fn fallback_has(&self, c: char) -> bool {
        !self.has_glyph(c) && self.fallback.as_ref().is_some_and(|f| f.has_glyph(c))
    }

    /// The advance in font units, or `None` when the face has no glyph for it.
    fn advance(&self, c: char) -> Option<u16> {
        let lookup = || {
            self.face
                .glyph_index(c)
                .and_then(|g| self.face.glyph_hor_advance(g))
        };
        let i = c as usize;
        if let Some(&a) = self.ascii.get(i) {
            return if a == MISSING {
                None
            } else {
                u16::try_from(a).ok()
            };
        }
        if i >= CACHED {
            return lookup();
        }
        let cached = self.advances.borrow()[i];
        match cached {
            UNKNOWN => {
                let a = lookup();
                self.advances.borrow_mut()[i] = a.map_or(MISSING, u32::from);
                a
            }
            MISSING => None,
            a => u16::try_from(a).ok(),
        }
    }

    pub(crate) fn has_glyph(&self, c: char) -> bool {
        self.advance(c).is_some()
    }

    /// Width of `text` at `size` points. Characters without a glyph count as
    /// the replacement character they will be printed as (see [`Fonts::printable`]).
    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        self.width_of(text.chars(), size)
    }

    fn width_of(&self, chars: impl Iterator<Item = char>, size: f32) -> f32 {
        let mut fallback_points = 0.0;
        let units: u32 = chars
            .map(|c| match self.advance(c) {
                Some(a) => u32::from(a),
                // Drawn as part of the emoji or placeholder before it.
                None if joins_placeholder(c) => 0,
                None => match self
                    .fallback
                    .as_ref()
                    .and_then(|f| f.advance(c).map(|a| (f, a)))
                {
                    Some((f, a)) => {
                        fallback_points += f32::from(a) * size / f.units_per_em;
                        0
                    }
                    None => u32::from(self.advance(REPLACEMENT).unwrap_or(0)),
                },
            })
            .sum();
        units as f32 * size / self.units_per_em + fallback_points
    }

    /// The width of a space followed by `text`, exactly as [`Self::width`]
    /// of the two together, without making the string.
    pub(crate) fn width_after_space(&self, text: &str, size: f32) -> f32 {
        self.width_of(std::iter::once(' ').chain(text.chars()), size)
    }

    /// Distance from the top of a line box to the baseline for text of `size`
    /// points set on lines `leading` apart: the glyphs' own height centred in the line.
    pub(crate) fn baseline_offset(&self, size: f32, leading: f32) -> f32 {
        let ascent = f32::from(self.face.ascender()) / self.units_per_em * size;
        let descent = -f32::from(self.face.descender()) / self.units_per_em * size;
        (leading - ascent - descent) / 2.0 + ascent
    }

    /// The outline of `text` as closed paths in points, origin at the start of
    /// the baseline, y upwards. Used for the DRAFT watermark, which is drawn as
    /// shapes rather than text so that it never mixes into the text a reader
    /// copies or a screen reader speaks.
    pub(crate) fn outline(&self, text: &str, size: f32) -> Vec<Vec<PathPoint>> {
        let scale = size / self.units_per_em;
        let mut pen = 0.0_f32;
        let mut contours = Vec::new();
        for c in text.chars() {
            let Some(glyph) = self.face.glyph_index(c) else {
                continue;
            };
            let mut builder = OutlineCollector {
                scale,
                dx: pen,
                contours: Vec::new(),
                current: Vec::new(),
                last: (0.0, 0.0),
            };
            self.face.outline_glyph(glyph, &mut builder);
            contours.extend(builder.contours);
            pen += f32::from(self.face.glyph_hor_advance(glyph).unwrap_or(0)) * scale;
        }
        contours
    }

    #[cfg(test)]
    pub(crate) fn glyph_count(&self) -> u16 {
        self.face.number_of_glyphs()
    }

    /// The glyph this face draws `c` with, if it has one.
    pub(crate) fn glyph(&self, c: char) -> Option<GlyphId> {
        self.face.glyph_index(c)
    }
}

/// A point on a watermark path; `control` marks a cubic Bézier control point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PathPoint {
    pub x: f32,
    pub y: f32,
    pub control: bool,
}

struct OutlineCollector {
    scale: f32,
    dx: f32,
    contours: Vec<Vec<PathPoint>>,
    current: Vec<PathPoint>,
    last: (f32, f32),
}

impl OutlineCollector {
    fn point(&self, x: f32, y: f32, control: bool) -> PathPoint {
        PathPoint {
            x: self.dx + x * self.scale,
            y: y * self.scale,
            control,
        }
    }
}

impl ttf_parser::OutlineBuilder for OutlineCollector {
    fn move_to(&mut self, x: f32, y: f32) {
        if !self.current.is_empty() {
            self.contours.push(std::mem::take(&mut self.current));
        }
        self.current.push(self.point(x, y, false));
        self.last = (x, y);
    }

    fn line_to(&mut self, x: f32, y: f32) {
        self.current.push(self.point(x, y, false));
        self.last = (x, y);
    }

    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        // A quadratic segment as the cubic PDF draws: controls two thirds of
        // the way from each end towards the quadratic's single control.
        let (x0, y0) = self.last;
        let c1 = (x0 + 2.0 / 3.0 * (x1 - x0), y0 + 2.0 / 3.0 * (y1 - y0));
        let c2 = (x + 2.0 / 3.0 * (x1 - x), y + 2.0 / 3.0 * (y1 - y));
        self.curve_to(c1.0, c1.1, c2.0, c2.1, x, y);
    }

    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.current.push(self.point(x1, y1, true));
        self.current.push(self.point(x2, y2, true));
        self.current.push(self.point(x, y, false));
        self.last = (x, y);
    }

    fn close(&mut self) {
        if !self.current.is_empty() {
            self.contours.push(std::mem::take(&mut self.current));
        }
    }
}

/// What a character the face lacks is printed as, so that a name in a script
/// DejaVu does not cover shows a visible mark rather than vanishing. The
/// character itself stays in the PDF's text (as /ActualText), so it is
/// copied, searched and read aloud as typed.
pub(crate) const REPLACEMENT: char = '\u{FFFD}';

/// Characters that modify the one before them (variation selectors, emoji
/// skin tones, combining marks): without a glyph they join the
/// placeholder before them rather than print one of their own.
pub(crate) fn joins_placeholder(c: char) -> bool {
    matches!(c,
        '\u{FE00}'..='\u{FE0F}'
        | '\u{1F3FB}'..='\u{1F3FF}'
        | '\u{E0100}'..='\u{E01EF}'
        | '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

pub(crate) struct Fonts {
    pub(crate) regular: Metrics,
    pub(crate) bold: Metrics,
}

impl Fonts {
    pub(crate) fn load() -> Result<Fonts, ReportError> {
        Ok(Fonts {
            regular: Metrics::parse(REGULAR_TTF, "DejaVu Sans")?
                .with_fallback(Metrics::parse(EMOJI_TTF, "Noto Emoji")?),
            bold: Metrics::parse(BOLD_TTF, "DejaVu Sans Bold")?
                .with_fallback(Metrics::parse(EMOJI_TTF, "Noto Emoji")?),
        })
    }

    pub(crate) fn metrics(&self, kind: FontKind) -> &Metrics {
        match kind {
            FontKind::Regular => &self.regular,
            FontKind::Bold => &self.bold,
        }
    }

    /// `text` as it can be printed: tabs become spaces, other control
    /// characters go. Characters without a glyph stay: `pdf.rs` prints a
    /// placeholder for them and keeps them in the text layer.
    pub(crate) fn printable(&self, text: &str) -> String {
        text.chars()
            .filter_map(|c| match c {
                '\t' => Some(' '),
                '\n' => Some('\n'),
                c if c.is_control() => None,
                // Zero-width and soft hyphen characters: nothing to print.
                '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' => None,
                // Bidirectional controls (marks, embeddings, overrides,
                // isolates): the report draws text in the order it was typed
                // and these would only let a viewer or text extractor reorder
                // the words around them. The stored minute keeps them.
                '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}' => None,
                c => Some(c),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_faces_have_what_uk_names_and_the_seed_need() {
        let fonts = Fonts::load().expect("embedded fonts parse");
        let needed = "✓‘’“”–—…£€éèêëàâäáçñöóôòüúûïíîÿýžšřčćłńśźżåøæœßÉÈÀÂÇÖÜŁŚŻĆŃÆØÅẞŵŷẁẃẅÂ·•¹²³";
        for c in needed.chars() {
            assert!(fonts.regular.glyph(c).is_some(), "DejaVu Sans lacks {c}");
            assert!(fonts.bold.glyph(c).is_some(), "DejaVu Sans Bold lacks {c}");
        }
        assert!(fonts.regular.glyph_count() > 1000);
    }

    #[test]
    fn bidi_controls_and_zero_width_characters_are_not_printed() {
        let fonts = Fonts::load().expect("fonts");
        assert_eq!(
            fonts.printable("pay \u{202E}0013\u{202C} now\u{200B}!\u{2067}x\u{2069}"),
            "pay 0013 now!x"
        );
    }

    #[test]
    fn bold_is_wider_and_width_scales_with_size() {
        let fonts = Fonts::load().expect("fonts");
        let r = fonts.regular.width("Safeguarding", 10.0);
        assert!(r > 40.0 && r < 90.0, "about 0.6 em per letter: {r}");
        assert!(fonts.bold.width("Safeguarding", 10.0) > r);
        assert!((fonts.regular.width("Safeguarding", 20.0) - 2.0 * r).abs() < 0.01);
    }

    #[test]
    fn unprintable_characters_are_replaced_not_dropped_silently() {
        let fonts = Fonts::load().expect("fonts");
        assert_eq!(fonts.printable("a\tb\u{7}c"), "a bc");
        assert_eq!(
            fonts.printable("名"),
            "名",
            "kept for the text layer; pdf.rs prints a placeholder"
        );
        assert!(!fonts.regular.has_glyph('名'), "CJK is outside DejaVu Sans");
        assert_eq!(
            fonts.regular.width("名", 10.0),
            fonts.regular.width("\u{FFFD}", 10.0),
            "measured as the placeholder it is printed as"
        );
        assert_eq!(
            fonts.regular.width("名\u{FE0F}", 10.0),
            fonts.regular.width("名", 10.0),
            "a variation selector adds no width"
        );
        assert_eq!(fonts.printable("Siân O’Brien ✓"), "Siân O’Brien ✓");
    }
}
