//! TrueType subsetting that keeps every glyph's id (issue 22).
//!
//! printpdf subsets through allsorts, which renumbers the glyphs, and then
//! parses the subset again to learn its metrics: 9.6 of the 20 ms the whole
//! `s11 export-pdf` of the example took. Here the font keeps its glyph ids
//! (so the content streams, /W and /ToUnicode printpdf wrote for the full
//! font stay right) and only the outlines of glyphs not used are left out:
//! the `glyf` table holds the used glyphs (with the parts of composite
//! ones), `loca` points every other glyph at nothing, and only the tables a
//! PDF reader draws with are kept. That is a copy of a few kilobytes, not a
//! parse of the whole font.
//!
//! Invariants: the result has the same number of glyphs, the same advance
//! widths (`hmtx` is kept whole, so /W matches the font program) and the
//! same hinting programs; glyph 0 (.notdef) is always kept.

use std::collections::BTreeSet;

/// The tables a PDF reader uses to draw a CIDFontType2 font with an
/// identity CIDToGIDMap (ISO 32000 9.9: `cmap`, `name` and `post` are not
/// needed there). `glyf`, `head` and `loca` are written new.
const KEPT: [&[u8; 4]; 10] = [
    b"OS/2", b"cvt ", b"fpgm", b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp", b"prep",
];

/// Why a font could not be subset (the caller then embeds it whole).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SubsetError {
    #[error("the font's table directory is damaged")]
    Directory,
    #[error("the font has no {0} table")]
    Missing(&'static str),
    #[error("the font's glyph table is damaged")]
    Glyphs,
}

fn u16_at(d: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(d.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(d: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(d.get(at..at + 4)?.try_into().ok()?))
}

/// A table's tag and its bytes.
type Table<'a> = ([u8; 4], &'a [u8]);

/// The font's tables by tag, as slices of `font`.
fn tables(font: &[u8]) -> Result<Vec<Table<'_>>, SubsetError> {
    let count = usize::from(u16_at(font, 4).ok_or(SubsetError::Directory)?);
    (0..count)
        .map(|i| {
            let rec = 12 + 16 * i;
            let tag: [u8; 4] = font
                .get(rec..rec + 4)
                .and_then(|t| t.try_into().ok())
                .ok_or(SubsetError::Directory)?;
            let offset = u32_at(font, rec + 8).ok_or(SubsetError::Directory)? as usize;
            let len = u32_at(font, rec + 12).ok_or(SubsetError::Directory)? as usize;
            let data = font
                .get(offset..offset.checked_add(len).ok_or(SubsetError::Directory)?)
                .ok_or(SubsetError::Directory)?;
            Ok((tag, data))
        })
        .collect()
}

/// The font with only the outlines of `used` glyphs (and .notdef, and the
/// parts of composite glyphs), every glyph keeping its id.
pub fn subset_keeping_ids(font: &[u8], used: &BTreeSet<u16>) -> Result<Vec<u8>, SubsetError> {
    let (tables, glyf, loca, head) = cut(font, used)?;
    Ok(assemble(font, &tables, (&glyf, &loca, &head), &[]))
}

/// Two subsets of the same glyphs: the font printpdf is given to draw with,
/// which also keeps the character map and the names (it looks characters up
/// and names the font from them), so that it parses and copies a few
/// kilobytes of outlines rather than the whole font (issue 22); and the
/// smaller [`subset_keeping_ids`] embedded in its place.
pub fn subset_to_draw_and_embed(
    font: &[u8],
    used: &BTreeSet<u16>,
) -> Result<(Vec<u8>, Vec<u8>), SubsetError> {
    let (tables, glyf, loca, head) = cut(font, used)?;
    let cut = (&glyf[..], &loca[..], &head[..]);
    Ok((
        assemble(font, &tables, cut, &[b"cmap", b"name"]),
        assemble(font, &tables, cut, &[]),
    ))
}

/// The font's tables, and its new `glyf`, `loca` and `head`: the outlines
/// of the glyphs kept, every glyph keeping its id.
#[allow(clippy::type_complexity)]
fn cut<'f>(
    font: &'f [u8],
    used: &BTreeSet<u16>,
) -> Result<(Vec<Table<'f>>, Vec<u8>, Vec<u8>, Vec<u8>), SubsetError> {
    let tables = tables(font)?;
    let find = |tag: &[u8; 4], name: &'static str| {
        tables
            .iter()
            .find(|(t, _)| t == tag)
            .map(|(_, d)| *d)
            .ok_or(SubsetError::Missing(name))
    };
    let head = find(b"head", "head")?;
    let maxp = find(b"maxp", "maxp")?;
    let loca = find(b"loca", "loca")?;
    let glyf = find(b"glyf", "glyf")?;
    let glyphs = usize::from(u16_at(maxp, 4).ok_or(SubsetError::Missing("maxp"))?);
    let long = u16_at(head, 50).ok_or(SubsetError::Missing("head"))? == 1;
    let offset = |gid: usize| -> Option<usize> {
        if long {
            u32_at(loca, gid * 4).map(|o| o as usize)
        } else {
            u16_at(loca, gid * 2).map(|o| usize::from(o) * 2)
        }
    };
    let outline = |gid: usize| -> Result<&[u8], SubsetError> {
        let (a, b) = (offset(gid), offset(gid + 1));
        match (a, b) {
            (Some(a), Some(b)) if a <= b => glyf.get(a..b).ok_or(SubsetError::Glyphs),
            _ => Err(SubsetError::Glyphs),
        }
    };

    // The glyphs to keep: those used, .notdef, and every part of a
    // composite glyph kept (parts may themselves be composite).
    let mut keep = vec![false; glyphs];
    let mut todo: Vec<usize> = std::iter::once(0)
        .chain(used.iter().map(|&g| usize::from(g)))
        .filter(|&g| g < glyphs)
        .collect();
    while let Some(gid) = todo.pop() {
        if std::mem::replace(&mut keep[gid], true) {
            continue;
        }
        let data = outline(gid)?;
        if data.len() >= 10 && (u16_at(data, 0).ok_or(SubsetError::Glyphs)? as i16) < 0 {
            let mut at = 10;
            loop {
                let flags = u16_at(data, at).ok_or(SubsetError::Glyphs)?;
                let part = usize::from(u16_at(data, at + 2).ok_or(SubsetError::Glyphs)?);
                if part < glyphs && !keep[part] {
                    todo.push(part);
                }
                at += 4 + if flags & 0x0001 != 0 { 4 } else { 2 };
                at += if flags & 0x0008 != 0 {
                    2
                } else if flags & 0x0040 != 0 {
                    4
                } else if flags & 0x0080 != 0 {
                    8
                } else {
                    0
                };
                if flags & 0x0020 == 0 {
                    break;
                }
            }
        }
    }

    let mut new_glyf = Vec::new();
    let mut new_loca = Vec::with_capacity((glyphs + 1) * 4);
    for (gid, &kept) in keep.iter().enumerate() {
        new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
        if kept {
            new_glyf.extend_from_slice(outline(gid)?);
            while new_glyf.len() % 4 != 0 {
                new_glyf.push(0);
            }
        }
    }
    new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
    let mut new_head = head.to_vec();
    new_head[8..12].fill(0); // checksumAdjustment, set below
    new_head[50..52].copy_from_slice(&1u16.to_be_bytes()); // long loca offsets

    Ok((tables, new_glyf, new_loca, new_head))
}

/// The font file of the tables kept (and those in `also`), with the new
/// `glyf`, `loca` and `head` from [`cut`].
fn assemble(
    font: &[u8],
    tables: &[Table<'_>],
    (glyf, loca, head): (&[u8], &[u8], &[u8]),
    also: &[&[u8; 4]],
) -> Vec<u8> {
    let mut out_tables: Vec<Table<'_>> = Vec::new();
    // Sorted by tag, as the table directory must be.
    let mut kept: Vec<&[u8; 4]> = KEPT.iter().chain(also).copied().collect();
    kept.sort();
    for tag in kept {
        let data: &[u8] = match tag {
            b"glyf" => glyf,
            b"loca" => loca,
            b"head" => head,
            _ => match tables.iter().find(|(t, _)| t == tag) {
                Some((_, d)) => d,
                None => continue,
            },
        };
        out_tables.push((*tag, data));
    }
    write_font(u32_at(font, 0).unwrap_or(0x0001_0000), &out_tables)
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, c| {
        let mut word = [0u8; 4];
        word[..c.len()].copy_from_slice(c);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// An sfnt file of `tables` (sorted by tag, as the format asks), with the
/// directory's checksums and head's checksumAdjustment.
fn write_font(version: u32, tables: &[Table<'_>]) -> Vec<u8> {
    let n = tables.len() as u16;
    let mut pow = 1u16;
    let mut log = 0u16;
    while pow * 2 <= n {
        pow *= 2;
        log += 1;
    }
    let mut out = Vec::new();
    out.extend_from_slice(&version.to_be_bytes());
    out.extend_from_slice(&n.to_be_bytes());
    out.extend_from_slice(&(pow * 16).to_be_bytes());
    out.extend_from_slice(&log.to_be_bytes());
    out.extend_from_slice(&(n * 16 - pow * 16).to_be_bytes());
    let mut at = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in tables {
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(at as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        if tag == b"head" {
            head_at = Some(at);
        }
        at += data.len().div_ceil(4) * 4;
    }
    for (_, data) in tables {
        out.extend_from_slice(data);
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }
    if let Some(h) = head_at {
        let adjust = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[h + 8..h + 12].copy_from_slice(&adjust.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fonts::{BOLD_TTF, REGULAR_TTF};

    fn gid(font: &[u8], c: char) -> u16 {
        ttf_parser::Face::parse(font, 0)
            .expect("font")
            .glyph_index(c)
            .expect("glyph")
            .0
    }

    #[test]
    fn keeps_used_outlines_and_every_glyph_id_and_width() {
        for font in [REGULAR_TTF, BOLD_TTF] {
            // "é" is a composite glyph in DejaVu: its parts come along.
            let used: BTreeSet<u16> = "Safeguarding é ✓".chars().map(|c| gid(font, c)).collect();
            let sub = subset_keeping_ids(font, &used).expect("subset");
            assert!(
                sub.len() * 5 < font.len(),
                "{} of {} bytes",
                sub.len(),
                font.len()
            );
            let full = ttf_parser::Face::parse(font, 0).expect("full");
            let face = ttf_parser::Face::parse(&sub, 0).expect("the subset is a font");
            assert_eq!(face.number_of_glyphs(), full.number_of_glyphs());
            for &g in &used {
                let g = ttf_parser::GlyphId(g);
                assert_eq!(face.glyph_hor_advance(g), full.glyph_hor_advance(g));
                assert_eq!(
                    face.glyph_bounding_box(g),
                    full.glyph_bounding_box(g),
                    "{g:?}"
                );
            }
            let unused = ttf_parser::GlyphId(gid(font, 'Z'));
            assert!(full.glyph_bounding_box(unused).is_some());
            assert_eq!(face.glyph_bounding_box(unused), None, "Z is not used");
            assert_eq!(
                face.glyph_hor_advance(unused),
                full.glyph_hor_advance(unused)
            );
        }
    }

    #[test]
    fn a_damaged_font_is_refused_not_read_out_of_bounds() {
        let used = BTreeSet::from([3u16]);
        assert!(subset_keeping_ids(&REGULAR_TTF[..200], &used).is_err());
        assert!(subset_keeping_ids(b"", &used).is_err());
    }
}
